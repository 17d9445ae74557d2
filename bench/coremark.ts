// CoreMark, the field's standard CPU benchmark, on every engine:
//   npm run bench:coremark -- <coremark.wasm> [--engine native,jit,tiered,interp] [--wall]
//
// CoreMark's licence does not let us ship it, so it is not in bench/programs;
// bring a build that imports only a millisecond clock, as wasm3's "minimal"
// build does (wasm3/wasm3, test/wasi/coremark/coremark-minimal.wasm, or build
// one from eembc/coremark: `run() -> f32` returns the score, `env.clock_ms()
// -> i64` is its clock). CoreMark times itself: it grows its iteration count
// until a run lasts 10 s of its clock, then reports iterations per second. By
// default that clock is this process's CPU time (user + system, all threads),
// so a loaded machine changes the scores far less; --wall gives it the wall
// clock, as CoreMark on a quiet machine would use. The ratio is the native
// score over the engine's (×native, as in `npm run bench`).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Module } from '../src/runtime/index';
import { describeError, ENGINE_NAMES, getEngine, isUnavailable, type EngineName } from './lib/engines';

const USAGE = 'usage: npm run bench:coremark -- <coremark.wasm> [--engine native,jit,tiered,interp] [--wall]';

function fail(message: string): never {
  console.error(`bench:coremark: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { engine: { type: 'string' }, wall: { type: 'boolean' } } });
if (positionals.length !== 1) fail(positionals.length ? `one CoreMark file, not ${positionals.length}` : 'which CoreMark .wasm file?');
const file = positionals[0]!;
let bytes: Uint8Array;
try {
  bytes = new Uint8Array(readFileSync(file));
} catch (e) {
  fail(`${file}: ${(e as Error).message}`);
}
// native first: the ratios are to its score
const engines = (values.engine ?? 'native,jit,tiered,interp').split(',').sort((a, b) => Number(b === 'native') - Number(a === 'native')) as EngineName[];
for (const e of engines) if (!ENGINE_NAMES.includes(e)) fail(`--engine: unknown engine '${e}' (one of ${ENGINE_NAMES.join(', ')})`);
if (!engines.includes('native')) fail('--engine: native is needed (the ratios are to it)');

// The shape CoreMark's minimal build has; anything else is named, not run.
let shape: string | undefined;
try {
  const m = new Module(bytes);
  const imports = Module.imports(m);
  const exports = Module.exports(m);
  const odd = imports.filter((i) => !(i.module === 'env' && i.name === 'clock_ms' && i.kind === 'function'));
  if (odd.length) shape = `it imports ${odd.map((i) => `${i.module}.${i.name} (${i.kind})`).join(', ')}; a CoreMark build for this may import only env.clock_ms`;
  else if (!exports.some((e) => e.name === 'run' && e.kind === 'function')) shape = 'it exports no function "run"';
} catch (e) {
  shape = `it is not a module our engine accepts: ${describeError(e)}`;
}
if (shape) fail(`${file}: ${shape}`);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clock = values.wall ? () => performance.now() : cpuMs;
const imports = { env: { clock_ms: () => BigInt(Math.round(clock())) } };

console.log(`CoreMark (${file}, ${bytes.length} bytes), its clock: ${values.wall ? 'wall time' : 'process CPU time'}; each engine runs it once (CoreMark runs for 10 s of its clock).`);
const scores = new Map<EngineName, number>();
for (const name of engines) {
  const engine = await getEngine(name);
  if (isUnavailable(engine)) {
    console.log(`${name.padEnd(8)} ${engine.reason}`);
    continue;
  }
  const t0 = performance.now();
  let score: number;
  try {
    const run = engine.instantiate(engine.compile(bytes), imports).exports.run as () => number;
    score = run();
  } catch (e) {
    console.log(`${name.padEnd(8)} failed: ${describeError(e)}`);
    continue;
  }
  if (!(score > 0)) {
    console.log(`${name.padEnd(8)} returned ${score}, not a score`);
    continue;
  }
  scores.set(name, score);
  const native = scores.get('native');
  const ratio = name !== 'native' && native ? `  ${(native / score).toFixed(2)}× native` : '';
  console.log(`${name.padEnd(8)} ${score.toFixed(1).padStart(10)} iterations/s  (${((performance.now() - t0) / 1000).toFixed(1)} s wall)${ratio}`);
}
