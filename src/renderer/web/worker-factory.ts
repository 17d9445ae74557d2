// Creates the web build's game worker from its own file (dist-web/assets/…).
// The single-file player replaces this module with worker-factory-inline.ts
// (vite.player.config.ts), whose worker code is inlined in the page.
export function createGameWorker(): Worker {
  return new Worker(new URL('./game-worker.ts', import.meta.url), { type: 'module', name: 'game' });
}
