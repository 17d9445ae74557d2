// One cold start in Chromium: a new dedicated module worker (a new V8 isolate,
// as the app's game worker is: src/renderer/game-host/, src/renderer/web/)
// loads the runtime and the game session (one dynamic import, timed), warms
// the engine as the app's game worker does when its name is 'warm' (timed,
// before it asks for the module), then instantiates the module it is sent in
// lazy tiering (a session's mode) and
// makes the first call — programs: new Module + new Instance, run(1); games:
// GameSession.create (load, instantiate, init), the first step; a game then
// plays on, paced at 60 Hz, for the plan's frames. Its create, first step and
// every step longer than a frame are performance.measure spans (for --trace).
import type { FromColdWorker } from './protocol';

const post = (m: FromColdWorker): void => postMessage(m);
// (an absolute time: the page compares it with its own, taken before new Worker)
const at = performance.timeOrigin + performance.now();
const t = performance.now();
const { GameSession, Instance, Module, warmEngine } = await import('./runtime');
const load = performance.now() - t;
// (the app's game worker warms the engine as soon as it starts: src/runtime/warm.ts)
let warm = -1;
if (self.name === 'warm') {
  const w = performance.now();
  warmEngine();
  warm = performance.now() - w;
}
post({ type: 'ready', at, load, warm });

onmessage = async (event: MessageEvent<{ bytes: Uint8Array; game: boolean; frames: number }>) => {
  const { bytes, game, frames } = event.data;
  try {
    const t0 = performance.now();
    let first: () => void;
    if (game) {
      // (with a clock, as the app's game worker: lazy tiering under its compile budget)
      const session = await GameSession.create(bytes, { seed: 1, engine: 'jit', now: () => performance.now() });
      first = () => session.step();
    } else {
      const m = new Module(bytes, { engine: 'jit', tiering: 'lazy' });
      const run = new Instance(m).exports.run as (n: number) => unknown;
      first = () => run(1);
    }
    const t1 = performance.now();
    first();
    const t2 = performance.now();
    // (spans a trace reads: --trace, trace.ts)
    performance.measure('create', { start: t0, end: t1 });
    performance.measure('step 0', { start: t1, end: t2 });
    // a game plays on, paced at 60 Hz as the app paces it (bench/lib/cold-child.ts): its slowest step
    // and the steps longer than a frame (the tier-up's stalls, dropped frames)
    let worst = 0, dropped = 0;
    if (game) {
      // (the page is not cross-origin isolated: no SharedArrayBuffer to Atomics.wait on)
      for (let f = 1; f < frames; f++) {
        const wait = t2 + (f * 1000) / 60 - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const s0 = performance.now();
        first();
        const s = performance.now() - s0;
        if (s > worst) worst = s;
        if (s > 1000 / 60) {
          dropped++;
          performance.measure(`step ${f}`, { start: s0, end: s0 + s });
        }
      }
    }
    post({ type: 'done', inst: t1 - t0, first: t2 - t1, worst, dropped });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
