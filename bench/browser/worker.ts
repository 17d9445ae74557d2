// The browser benchmark's Web Worker: the browser environment for the shared
// harness (bench/lib/harness.ts) — performance.now() as the timer, fetch for
// the .wasm bytes, and every line posted back to the page, which relays it to
// Node. It runs the same engines (src/runtime, bundled) as the Node run.
// With --cpu the timer is this thread's CPU time, which Node reads from /proc
// (bench/browser/thread-cpu.ts) while this thread waits on a shared cell.
import { runBench, toJson, type BenchEnv } from '../lib/harness';
import type { Report, WorkerStart } from './protocol';

const post = (report: Report): void => postMessage(report);

/** The smallest step performance.now() takes here (coarsened by the browser unless cross-origin isolated). */
function timerStep(): number {
  let step = Infinity;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    step = Math.min(step, t1 - t0);
  }
  return step;
}

/** --cpu: this thread's CPU time, ms, asked of Node through the page (see WorkerStart). */
function cpuClock(cell: SharedArrayBuffer): () => number {
  const flag = new Int32Array(cell);
  const value = new Float64Array(cell);
  return () => {
    Atomics.store(flag, 0, 0);
    post({ type: 'cpu' });
    // Blocks this thread (no CPU time) until the page has the answer.
    Atomics.wait(flag, 0, 0);
    const ms = value[1]!;
    if (Number.isNaN(ms)) throw new Error('--cpu: the CPU time of the worker thread could not be read (see the error above)');
    return ms;
  };
}

const env: BenchEnv = {
  now: () => performance.now(),
  loadWasm: async (name) => {
    const url = new URL(`programs/${name}/${name}.wasm`, self.location.origin + '/');
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  },
  log: (line) => post({ type: 'log', line }),
  progress: (line) => post({ type: 'progress', line }),
};

addEventListener('message', (event: MessageEvent<WorkerStart>) => {
  const { opts, header, clock } = event.data;
  const isolated = self.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
  let timer = `timer: performance.now() in a dedicated Web Worker, ${isolated}, steps of ${(timerStep() * 1000).toFixed(1)} µs`;
  if (clock) {
    env.now = cpuClock(clock);
    timer = "clock: CPU time of the benchmark's Web Worker thread (Linux schedstat, ns), not wall time; V8's background compile and GC threads are not counted";
  }
  runBench(opts, env, [...header, timer]).then(
    (outcome) => post({ type: 'done', outcome: toJson(outcome) }),
    (e: unknown) => post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
