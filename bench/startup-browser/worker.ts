// One cold start in Chromium: a new dedicated module worker (a new V8 isolate,
// as the app's game worker is: src/renderer/game-host/, src/renderer/web/)
// loads the runtime and the game session (one dynamic import, timed), warms
// the engine as the app's game worker does when its name is 'warm' (timed,
// before it asks for the module), then instantiates the module it is sent in
// lazy tiering (a session's mode) and
// makes the first call — programs: new Module + new Instance, run(1); games:
// GameSession.create (load, instantiate, init), the first step.
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

onmessage = async (event: MessageEvent<{ bytes: Uint8Array; game: boolean }>) => {
  const { bytes, game } = event.data;
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
    post({ type: 'done', inst: t1 - t0, first: performance.now() - t1 });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
