// The browser benchmark's page: starts the measurement in a dedicated Web
// Worker (as the app runs games: src/renderer/web/game-worker.ts) and relays
// between it and Node, which exposes `benchStart`, `benchReport` and
// `benchCpu` on the window (bench/browser/launch.ts). Nothing is measured on
// this thread.
import type { BenchBindings, Report, WorkerStart } from './protocol';

const bindings = window as unknown as Window & BenchBindings;

const start = await bindings.benchStart();
// --cpu: the cell the worker waits on while Node reads its thread's CPU time.
const clock = start.opts.cpu ? new SharedArrayBuffer(16) : undefined;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (event: MessageEvent<Report>) => {
  if (event.data.type !== 'cpu') {
    void bindings.benchReport(event.data);
    return;
  }
  const cell = clock!;
  const answer = (ms: number): void => {
    new Float64Array(cell)[1] = ms;
    const flag = new Int32Array(cell);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  bindings.benchCpu().then(answer, (e: unknown) => {
    // NaN wakes the worker, which then reports the error itself.
    answer(NaN);
    void bindings.benchReport({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
};
worker.onerror = (event) => {
  event.preventDefault();
  void bindings.benchReport({ type: 'error', message: `worker: ${event.message || 'failed to load (see the console)'}` });
};
const message: WorkerStart = { ...start, clock };
worker.postMessage(message);
