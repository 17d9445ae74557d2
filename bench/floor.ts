// `npm run bench:floor`: how close can *any* exact JavaScript come to native
// WebAssembly? Issue 15 allows a workload above 2.5× native on the JIT only
// where this shows exact JavaScript itself is slower (then within 1.1× of it).
// Two kernels, each natively, as the best JavaScript we can write by hand
// that gives the same bits, and on our JIT:
//
// f32: f32sim's time is mostly a 32×32 f32 matrix product
// (bench/floor/matmul.wat):
//
//   exact JS          the wasm's loops and order, Float32Array reads (no
//                     DataView, no bounds checks of ours), Math.fround after
//                     every f32 operation, which exactness needs: JS has only
//                     double arithmetic, and V8 rounds with cvtsd2ss+cvtss2sd
//   exact JS, 4 chains
//                     also exact, but four of the independent s += a·b chains
//                     interleaved, a reordering a translator could only make
//                     after proving the stores to c never alias the loads
//   f64 JS (inexact)  no rounding at all: wrong results, shown for what the
//                     rounding costs
//
// i64: prng64's whole `run(n)` (bench/programs/prng64/prng64.wasm, the
// workload itself), by hand on int32 pairs and in BigInt
// (bench/floor/prng.ts says how).
//
// simd: simd-intrinsics' whole `run(n)` (bench/programs/simd-intrinsics, five
// wasm_simd128.h kernels), by hand with each vector as scalars and int32 words
// (bench/floor/simd.ts says how).
//
//   npm run bench:floor                  # both kernels, in this Node process
//   npm run bench:floor -- --browser     # in headless Chromium (the app's V8)
//   npm run bench:floor -- --kernel i64  # one kernel: f32, i64 or simd
//   npm run bench:floor -- --reps 1000   # f32: fewer products per run
//   npm run bench:floor -- --n 1000      # i64: run(n), 1,024 draws per n; simd: run(n)
//
// It prints ratios; it is never a timed test. Results: docs/performance.md,
// "The floor under f32", "The floor under i64" and "The floor under SIMD".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/cli';
import { build } from 'vite';
import { CHROMIUM, launchChromium } from '../scripts/lib/chromium';
import { measure, measureI64, measureSimd, ourJit, ourJitI64, type Row } from './floor/measure';
import { machine } from './lib/node-env';

const here = dirname(fileURLToPath(import.meta.url));

function assemble(): Uint8Array<ArrayBuffer> {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-arcade-floor-'));
  try {
    const out = join(dir, 'matmul.wasm');
    execFileSync('wat2wasm', [join(here, 'floor', 'matmul.wat'), '-o', out], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(out));
  } catch (e) {
    throw new Error(`bench/floor/matmul.wat: wat2wasm failed (Debian package wabt): ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** bench/floor/page.ts and our engine as one classic script, for a page. */
async function bundlePage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-arcade-floor-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: dir,
        target: 'esnext',
        minify: false,
        reportCompressedSize: false,
        lib: { entry: join(here, 'floor', 'page.ts'), formats: ['iife'], name: 'floorPage', fileName: () => 'floor.js' },
      },
    });
    return readFileSync(join(dir, 'floor.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(header: string, what: string, rows: Row[]): boolean {
  const native = rows[0]!;
  console.log(header);
  console.log(`${what}, median of ${runs} runs after 2 warm-up runs\n`);
  console.log(`${'variant'.padEnd(24)}${'ms'.padStart(9)}${'×native'.padStart(10)}   result`);
  for (const r of rows) {
    const same = r.checksum === native.checksum ? 'same bits as native' : 'differs from native';
    console.log(`${r.name.padEnd(24)}${r.ms.toFixed(1).padStart(9)}${`${(r.ms / native.ms).toFixed(2)}×`.padStart(10)}   ${same}`);
  }
  console.log('');
  // Every exact variant must match native bit for bit, or the floor means nothing.
  return rows.every((r) => r.name.includes('inexact') || r.checksum === native.checksum);
}

const { values: opts } = benchArgs('bench:floor', 'usage: npm run bench:floor -- [--kernel f32,i64,simd] [--n N] [--reps N] [--runs N] [--browser]', {
  options: { browser: { type: 'boolean' }, kernel: { type: 'string', default: 'f32,i64,simd' }, reps: { type: 'string', default: '3000' }, n: { type: 'string', default: '3000' }, runs: { type: 'string', default: '7' } },
});
const positive = (name: string, text: string): number => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`npm run bench:floor: --${name} takes a positive integer, not "${text}"`);
    process.exit(2);
  }
  return v;
};
const reps = positive('reps', opts.reps);
const n = positive('n', opts.n);
const runs = positive('runs', opts.runs);
const kernels = opts.kernel.split(',');
for (const k of kernels) {
  if (k !== 'f32' && k !== 'i64' && k !== 'simd') {
    console.error(`npm run bench:floor: --kernel: "${k}" is not a kernel (f32, i64, simd)`);
    process.exit(2);
  }
}
const f32 = kernels.includes('f32') ? assemble() : undefined;
const i64 = kernels.includes('i64') ? new Uint8Array(readFileSync(join(here, 'programs', 'prng64', 'prng64.wasm'))) : undefined;
const simd = kernels.includes('simd') ? new Uint8Array(readFileSync(join(here, 'programs', 'simd-intrinsics', 'simd-intrinsics.wasm'))) : undefined;
const F32_WHAT = `f32 32×32 matrix product, ${reps} per run`;
const I64_WHAT = `i64: prng64's run(${n}), ${n * 1024} draws per run`;
const SIMD_WHAT = `simd: simd-intrinsics' run(${n}), five kernels ${n} times per run`;

if (opts.browser) {
  const script = await bundlePage();
  const browser = await launchChromium().catch((e: Error) => {
    console.error(`npm run bench:floor -- --browser: cannot start ${CHROMIUM} (apt-get install -y chromium): ${e.message}`);
    process.exit(2);
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: script });
    const header = `Chromium ${browser.version()} (headless), ${machine()}`;
    if (f32) {
      const rows = await page.evaluate(({ bytes, n, k }) => globalThis.benchFloor(bytes, n, k), { bytes: [...f32], n: reps, k: runs });
      if (!report(header, F32_WHAT, rows)) process.exitCode = 1;
    }
    if (i64) {
      const rows = await page.evaluate(({ bytes, n, k }) => globalThis.benchFloorI64(bytes, n, k), { bytes: [...i64], n, k: runs });
      if (!report(header, I64_WHAT, rows)) process.exitCode = 1;
    }
    if (simd) {
      const rows = await page.evaluate(({ bytes, n, k }) => globalThis.benchFloorSimd(bytes, n, k), { bytes: [...simd], n, k: runs });
      if (!report(header, SIMD_WHAT, rows)) process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
} else {
  const header = `Node ${process.version} (V8 ${process.versions.v8}), ${machine()}`;
  if (f32 && !report(header, F32_WHAT, measure(f32, reps, runs, [ourJit(f32)]))) process.exitCode = 1;
  if (i64 && !report(header, I64_WHAT, measureI64(i64, n, runs, [ourJitI64(i64)]))) process.exitCode = 1;
  if (simd && !report(header, SIMD_WHAT, measureSimd(simd, n, runs, [ourJitI64(simd)]))) process.exitCode = 1;
}
