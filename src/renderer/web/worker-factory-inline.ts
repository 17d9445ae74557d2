// The single-file player's game worker: its code is inlined into the page (no
// file beside a lone HTML file to load it from). See worker-factory.ts.
import InlineWorker from './game-worker.ts?worker&inline';

export function createGameWorker(): Worker {
  return new InlineWorker({ name: 'game' });
}
