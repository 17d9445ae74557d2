// CoreMark, the field's standard CPU benchmark, on every engine:
//   npm run bench:coremark -- <coremark.wasm> [--engine jit,tiered,interp,native] [--wall] [--browser]
//
// CoreMark's licence does not let us ship it, so it is not in bench/programs;
// bring a build that imports only a millisecond clock, as wasm3's "minimal"
// build does (wasm3/wasm3, test/wasi/coremark/coremark-minimal.wasm, or build
// one from eembc/coremark: `run() -> f32` returns the score, `env.clock_ms()
// -> i64` is its clock). CoreMark times itself: it grows its iteration count
// until a run lasts 10 s of its clock, then reports iterations per second. In
// Node that clock is this process's CPU time (user + system, all threads)
// unless --wall, so a loaded machine changes the scores far less. --browser
// runs it in Debian's headless Chromium (the app's V8), each engine in a fresh
// page, on the wall clock (a page has none other). Each engine runs CoreMark
// on one instance: a warm-up run, then the scored run (tried again if CoreMark
// reports an error: score.ts). The ratio is the native score over the
// engine's (×native, as in `npm run bench`).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from '../lib/cli';
import { build } from 'esbuild';
import { Module } from '../../src/runtime/index';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { describeError, ENGINE_NAMES, type EngineName } from '../lib/engines';
import { coremarkScore } from './score';

const USAGE = 'usage: npm run bench:coremark -- <coremark.wasm> [--engine jit,tiered,interp,native] [--wall] [--browser]';

function fail(message: string): never {
  console.error(`bench:coremark: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = benchArgs('bench:coremark', USAGE, {
  allowPositionals: true,
  options: { engine: { type: 'string' }, wall: { type: 'boolean' }, browser: { type: 'boolean' } },
});
if (positionals.length !== 1) fail(positionals.length ? `one CoreMark file, not ${positionals.length}` : 'which CoreMark .wasm file?');
const file = positionals[0]!;
let bytes: Uint8Array;
try {
  bytes = new Uint8Array(readFileSync(file));
} catch (e) {
  fail(`${file}: ${(e as Error).message}`);
}
// native last, as in `npm run bench`: a native memory.grow detaches an
// ArrayBuffer, which turns V8's fast DataView and typed-array access off for
// the whole isolate (wasm3's minimal build never grows its memory; a build
// that does would slow every engine run after native)
const engines = (values.engine ?? 'jit,tiered,interp,native').split(',').sort((a, b) => Number(a === 'native') - Number(b === 'native')) as EngineName[];
for (const e of engines) if (!ENGINE_NAMES.includes(e)) fail(`--engine: unknown engine '${e}' (one of ${ENGINE_NAMES.join(', ')})`);
if (!engines.includes('native')) fail('--engine: native is needed (the ratios are to it)');
if (values.browser && values.wall) fail('--wall: a page has only the wall clock; --browser uses it anyway');

// The shape CoreMark's minimal build has; anything else is named, not run.
let shape: string | undefined;
try {
  const m = new Module(bytes);
  const odd = Module.imports(m).filter((i) => !(i.module === 'env' && i.name === 'clock_ms' && i.kind === 'function'));
  if (odd.length) shape = `it imports ${odd.map((i) => `${i.module}.${i.name} (${i.kind})`).join(', ')}; a CoreMark build for this may import only env.clock_ms`;
  else if (!Module.exports(m).some((e) => e.name === 'run' && e.kind === 'function')) shape = 'it exports no function "run"';
} catch (e) {
  shape = `it is not a module our engine accepts: ${describeError(e)}`;
}
if (shape) fail(`${file}: ${shape}`);

/** Runs one engine; the score or why there is none. */
let runOne: (name: EngineName) => Promise<number | string>;
let done = async (): Promise<void> => {};
let where: string;
if (values.browser) {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundle = await build({ entryPoints: [join(here, 'page.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'esnext', write: false, logLevel: 'error' });
  const script = bundle.outputFiles[0]!.text;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  try {
    browser = await launchChromium();
  } catch (e) {
    fail(`--browser: Chromium (${CHROMIUM}) did not start: ${describeError(e)} (apt-get install -y chromium)`);
  }
  const list = Array.from(bytes);
  runOne = async (name) => {
    const page = await browser.newPage();
    try {
      await page.addScriptTag({ content: script });
      return await page.evaluate(([n, b]) => (globalThis as unknown as { coremarkScore: (n: string, b: number[]) => Promise<number | string> }).coremarkScore(n, b), [name, list] as const);
    } finally {
      await page.close();
    }
  };
  done = () => browser.close();
  where = `Chromium ${browser.version()}, wall clock`;
} else {
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const clock = values.wall ? () => performance.now() : cpuMs;
  runOne = (name) => coremarkScore(name, bytes, clock);
  where = `Node ${process.version}, ${values.wall ? 'wall clock' : 'process CPU time'}`;
}

console.log(`CoreMark (${file}, ${bytes.length} bytes) in ${where}; each engine: a warm-up run, then the scored run (CoreMark runs for 10 s of its clock).`);
const scores = new Map<EngineName, number>();
try {
  for (const name of engines) {
    const t0 = performance.now();
    const score = await runOne(name);
    if (typeof score === 'string') {
      console.log(`${name.padEnd(8)} ${score}`);
      continue;
    }
    scores.set(name, score);
    console.log(`${name.padEnd(8)} ${score.toFixed(1).padStart(10)} iterations/s  (${((performance.now() - t0) / 1000).toFixed(1)} s wall)`);
  }
} finally {
  await done();
}
const native = scores.get('native');
if (native) for (const [name, score] of scores) if (name !== 'native') console.log(`${name.padEnd(8)} ${(native / score).toFixed(2)}× native`);
