// The browser benchmark's page: starts the measurement in a dedicated Web
// Worker (as the app runs games: src/renderer/web/game-worker.ts) and relays
// between it and Node, which exposes `benchStart` and `benchReport` on the
// window (bench/browser/launch.ts). Nothing is measured on this thread.
import type { BenchBindings, Report } from './protocol';

const bindings = window as unknown as Window & BenchBindings;

const start = await bindings.benchStart();
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (event: MessageEvent<Report>) => void bindings.benchReport(event.data);
worker.onerror = (event) => {
  event.preventDefault();
  void bindings.benchReport({ type: 'error', message: `worker: ${event.message || 'failed to load (see the console)'}` });
};
worker.postMessage(start);
