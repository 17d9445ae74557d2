// `npm run bench:floor`: how close can *any* exact JavaScript come to native
// WebAssembly on f32 arithmetic? The JIT's target (issue #4: no workload above
// 2× native) meets f32sim, whose time is a 32×32 f32 matrix product; this
// measures that kernel (bench/floor/matmul.wat) natively and as the best
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
//   our JIT           (Node only) the same wasm on our JIT
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
import { Instance, Memory, Module } from '../src/runtime/index';
import { CHROMIUM, launchChromium } from '../scripts/lib/chromium';
import { machine } from './lib/node-env';

const here = dirname(fileURLToPath(import.meta.url));

interface Row {
  name: string;
  ms: number;
  /** FNV-1a of c's bits after one product; equal to native's when exact. */
  checksum: number;
}

/** Runs the kernel on one wasm engine: its exports are `matmul(reps)` and `mem`. */
type Kernel = (reps: number) => void;

/**
 * The measurement. Self-contained (it is sent to Chromium as source): native
 * WebAssembly from `wasm`, the hand-written kernels, and `ours` (Node only).
 * Our engines run before native, as in bench/run.ts.
 */
function measure(
  wasm: number[],
  reps: number,
  runs: number,
  ours: { name: string; load: () => { run: Kernel; memory: ArrayBuffer } }[] = [],
): Row[] {
  // a, b and c are the f32 elements 0, 1024 and 2048 on; literal offsets and
  // Math.fround spelt out, so V8 reads no closure variable in the kernels.
  const fill = (f: Float32Array | Float64Array): void => {
    for (let i = 0; i < 2048; i++) f[i] = Math.fround(((i * 2654435761) >>> 8) / 16777216 - 0.5);
  };
  const checksum = (f: Float32Array | Float64Array): number => {
    const bits = new Uint32Array(new Float32Array(f.subarray(2048, 3072)).buffer);
    let h = 0x811c9dc5;
    for (const w of bits) h = Math.imul(h ^ w, 0x01000193);
    return h >>> 0;
  };
  const exact = (f: Float32Array, n: number): void => {
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < 32; i++) {
        for (let j = 0; j < 32; j++) {
          let s = 0;
          for (let k = 0; k < 32; k++) s = Math.fround(s + Math.fround(f[i * 32 + k] * f[1024 + k * 32 + j]));
          f[2048 + i * 32 + j] = s;
        }
      }
    }
  };
  const exact4 = (f: Float32Array, n: number): void => {
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < 32; i++) {
        for (let j = 0; j < 32; j += 4) {
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let k = 0; k < 32; k++) {
            const a = f[i * 32 + k], o = 1024 + k * 32 + j;
            s0 = Math.fround(s0 + Math.fround(a * f[o]));
            s1 = Math.fround(s1 + Math.fround(a * f[o + 1]));
            s2 = Math.fround(s2 + Math.fround(a * f[o + 2]));
            s3 = Math.fround(s3 + Math.fround(a * f[o + 3]));
          }
          const c = 2048 + i * 32 + j;
          f[c] = s0; f[c + 1] = s1; f[c + 2] = s2; f[c + 3] = s3;
        }
      }
    }
  };
  const inexact = (f: Float64Array, n: number): void => {
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < 32; i++) {
        for (let j = 0; j < 32; j++) {
          let s = 0;
          for (let k = 0; k < 32; k++) s += f[i * 32 + k] * f[1024 + k * 32 + j];
          f[2048 + i * 32 + j] = s;
        }
      }
    }
  };
  /** Median time of `runs` calls after two warm-up calls; the checksum after one product. */
  const time = (name: string, data: Float32Array | Float64Array, run: (n: number) => void): Row => {
    fill(data);
    run(1);
    const sum = checksum(data);
    run(reps);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      run(reps);
      ms.push(performance.now() - t);
    }
    ms.sort((x, y) => x - y);
    return { name, ms: ms[runs >> 1], checksum: sum };
  };

  const rows: Row[] = [];
  const f32 = new Float32Array(3072);
  const f64 = new Float64Array(3072);
  rows.push(time('f64 JS (inexact)', f64, (n) => inexact(f64, n)));
  rows.push(time('exact JS', f32, (n) => exact(f32, n)));
  rows.push(time('exact JS, 4 chains', f32, (n) => exact4(f32, n)));
  for (const engine of ours) {
    const { run, memory } = engine.load();
    rows.push(time(engine.name, new Float32Array(memory, 0, 3072), run));
  }
  const native = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(wasm)));
  const { matmul, mem } = native.exports as { matmul: Kernel; mem: WebAssembly.Memory };
  rows.unshift(time('native WebAssembly', new Float32Array(mem.buffer, 0, 3072), matmul));
  return rows;
}

function assemble(): Uint8Array {
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

function ourJit(wasm: Uint8Array) {
  return {
    name: 'our JIT',
    load: () => {
      const exports = new Instance(new Module(wasm, { engine: 'jit' })).exports as { matmul: Kernel; mem: Memory };
      return { run: exports.matmul, memory: exports.mem.buffer };
    },
  };
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
  const browser = await launchChromium().catch((e: Error) => {
    console.error(`npm run bench:floor -- --browser: cannot start ${CHROMIUM} (apt-get install -y chromium): ${e.message}`);
    process.exit(2);
  });
  try {
    const page = await browser.newPage();
    // tsx keeps function names by wrapping them in __name(); the page has none.
    await page.evaluate('globalThis.__name = (f) => f');
    const rows = await page.evaluate(
      ({ src, bytes, n, k }) => (0, eval)(`(${src})`)(bytes, n, k) as Row[],
      { src: measure.toString(), bytes: [...wasm], n: reps, k: runs },
    );
    if (!report(`Chromium ${browser.version()} (headless), ${machine()}`, rows)) process.exitCode = 1;
  } finally {
    await browser.close();
  }
} else {
  const rows = measure([...wasm], reps, runs, [ourJit(wasm)]);
  if (!report(`Node ${process.version} (V8 ${process.versions.v8}), ${machine()}`, rows)) process.exitCode = 1;
}
