// One cold start, in a fresh process (bench/startup.ts --cold spawns it, bundled
// with esbuild as the app's worker is bundled): loads the runtime bundle, then
// instantiates one module and makes its first call, and prints the times as
// JSON on stdout: wall-clock ms, and the process's CPU ms (user + system, all
// its threads: V8 compiles and collects garbage on helper threads), which a
// loaded machine inflates far less than wall-clock time. argv: <runtime bundle> <wasm file> <mode: interp|jit|tiered|game-interp|game-jit>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, file, mode] = process.argv.slice(2) as [string, string, string];
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
if (mode.startsWith('game-')) {
  // (with a clock, as the app's game worker: lazy tiering under its compile budget)
  const session = await rt.GameSession.create(bytes, { seed: 1, engine: mode === 'game-interp' ? 'interp' : 'jit', now: () => performance.now() });
  const t2 = performance.now();
  c2 = cpu();
  session.step();
  inst = t2 - t1;
  first = performance.now() - t2;
} else {
  const m = new rt.Module(bytes, mode === 'tiered' ? { engine: 'jit', tiering: 'lazy' } : { engine: mode as 'interp' | 'jit', tiering: 'eager' });
  const run = new rt.Instance(m).exports.run as (n: number) => unknown;
  const t2 = performance.now();
  c2 = cpu();
  run(1);
  inst = t2 - t1;
  first = performance.now() - t2;
}
const c3 = cpu();
process.stdout.write(JSON.stringify({ load: t1 - t0, inst, first, cpuLoad: c1 - c0, cpuInst: c2 - c1, cpuFirst: c3 - c2 }));
