// `npm run bench:floor`: how close can *any* exact JavaScript come to native
// WebAssembly on f32 arithmetic? The JIT's target (issue #4: no workload above
// 2× native) fails on f32sim, whose time is mostly a 32×32 f32 matrix product;
// this measures that kernel (bench/floor/matmul.wat) natively and as the best
// JavaScript we can write by hand, so the JIT's f32 ratio can be read against
// the floor no translation to JavaScript gets under:
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
//   our JIT           the same wasm on our JIT
//
//   npm run bench:floor                  # in this Node process
//   npm run bench:floor -- --browser     # in headless Chromium (the app's V8)
//   npm run bench:floor -- --reps 1000   # fewer products per run
//
// It prints ratios; it is never a timed test. Results: docs/performance.md,
// "The floor under f32".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CHROMIUM, launchChromium } from '../scripts/lib/chromium';
import { measure, ourJit, type Row } from './floor/measure';
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

function report(header: string, rows: Row[]): boolean {
  const native = rows[0];
  console.log(header);
  console.log(`f32 32×32 matrix product, ${reps} per run, median of ${runs} runs after 2 warm-up runs\n`);
  console.log(`${'variant'.padEnd(22)}${'ms'.padStart(9)}${'×native'.padStart(10)}   result`);
  for (const r of rows) {
    const same = r.checksum === native.checksum ? 'same bits as native' : 'differs from native';
    console.log(`${r.name.padEnd(22)}${r.ms.toFixed(1).padStart(9)}${`${(r.ms / native.ms).toFixed(2)}×`.padStart(10)}   ${same}`);
  }
  // Every exact variant must match native bit for bit, or the floor means nothing.
  return rows.every((r) => r.name.includes('inexact') || r.checksum === native.checksum);
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const reps = Number(flag('--reps') ?? 3000);
const runs = Number(flag('--runs') ?? 7);
if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('npm run bench:floor: --reps and --runs take positive integers');
  process.exit(2);
}
const wasm = assemble();

if (args.includes('--browser')) {
  const script = await bundlePage();
  const browser = await launchChromium().catch((e: Error) => {
    console.error(`npm run bench:floor -- --browser: cannot start ${CHROMIUM} (apt-get install -y chromium): ${e.message}`);
    process.exit(2);
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: script });
    const rows = await page.evaluate(({ bytes, n, k }) => globalThis.benchFloor(bytes, n, k), { bytes: [...wasm], n: reps, k: runs });
    if (!report(`Chromium ${browser.version()} (headless), ${machine()}`, rows)) process.exitCode = 1;
  } finally {
    await browser.close();
  }
} else {
  const rows = measure(wasm, reps, runs, [ourJit(wasm)]);
  if (!report(`Node ${process.version} (V8 ${process.versions.v8}), ${machine()}`, rows)) process.exitCode = 1;
}
