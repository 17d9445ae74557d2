// One cold start, in a fresh process (bench/startup.ts --cold spawns it, bundled
// with esbuild as the app's worker is bundled): loads the runtime bundle, then
// instantiates one module and makes its first call, and prints the times as
// JSON on stdout: wall-clock ms, and the process's CPU ms (user + system, all
// its threads: V8 compiles and collects garbage on helper threads), which a
// loaded machine inflates far less than wall-clock time. A game then plays on
// for `frames` frames in all, paced at 60 Hz as the app paces them (each step
// starts at its frame's time; the idle time between refills the compile
// budget), and the slowest steps are reported: a tier-up stall is a dropped
// frame. argv: <runtime bundle> <wasm file> <mode: interp|jit|tiered|game-interp|game-jit> [frames]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, file, mode, framesArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const frames = Number(framesArg ?? 1);
const bytes = new Uint8Array(readFileSync(file));
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const t0 = performance.now();
const rt = (await import(pathToFileURL(bundle).href)) as typeof import('./cold-runtime.ts');
const t1 = performance.now();
const c1 = cpu();
let inst: number;
let first: number;
let c2: number;
let c3: number;
/** A game's step times after the first, in ms, paced at 60 Hz. */
const steps: number[] = [];
if (mode.startsWith('game-')) {
  // (with a clock, as the app's game worker: lazy tiering under its compile budget)
  const session = await rt.GameSession.create(bytes, { seed: 1, engine: mode === 'game-interp' ? 'interp' : 'jit', now: () => performance.now() });
  const t2 = performance.now();
  c2 = cpu();
  session.step();
  inst = t2 - t1;
  first = performance.now() - t2;
  c3 = cpu();
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const start = t2 + first;
  for (let f = 1; f < frames; f++) {
    const wait = start + (f * 1000) / 60 - performance.now();
    if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
    const s0 = performance.now();
    session.step();
    steps.push(performance.now() - s0);
  }
} else {
  const m = new rt.Module(bytes, mode === 'tiered' ? { engine: 'jit', tiering: 'lazy' } : { engine: mode as 'interp' | 'jit', tiering: 'eager' });
  const run = new rt.Instance(m).exports.run as (n: number) => unknown;
  const t2 = performance.now();
  c2 = cpu();
  run(1);
  inst = t2 - t1;
  first = performance.now() - t2;
  c3 = cpu();
}
steps.sort((a, b) => b - a);
process.stdout.write(JSON.stringify({
  load: t1 - t0, inst, first, cpuLoad: c1 - c0, cpuInst: c2 - c1, cpuFirst: c3 - c2,
  worst: steps[0] ?? 0, dropped: steps.filter((s) => s > 1000 / 60).length,
}));
