// The measurements of `npm run bench:floor` (bench/floor.ts explains what and
// why): the f32 kernel (`measure`), the i64 one (`measureI64`) and the SIMD
// one (`measureSimd`).
// Environment-free, so the same code runs in Node and, bundled by
// bench/floor.ts, in a Chromium page: timer `performance.now()`, which both have.
import { Instance, Module, type Memory } from '../../src/runtime/index';
import { prngBigInt, prngPairs } from './prng';
import { simdHand, simdMemory } from './simd';

export interface Row {
  name: string;
  ms: number;
  /** FNV-1a of c's bits after one product; equal to native's when exact. */
  checksum: number;
}

/** Runs the kernel on one wasm engine: its exports are `matmul(reps)` and `mem`. */
export type Kernel = (reps: number) => void;

/** One of our engines running the kernel. */
export interface OurKernel {
  name: string;
  load: () => { run: Kernel; memory: ArrayBuffer };
}

/**
 * The measurement: the hand-written kernels, then `ours`, then native
 * WebAssembly from `wasm` (last, as in bench/run.ts). Rows in that order with
 * native first.
 */
export function measure(wasm: Uint8Array<ArrayBuffer>, reps: number, runs: number, ours: readonly OurKernel[]): Row[] {
  // a, b and c start at f32 elements 0, 1024 and 2048; the offsets are
  // literals and Math.fround is spelt out, so the kernels read no closure
  // variable.
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
  /** Median time of `runs` calls after two warm-up calls (`medianMs`); the checksum after one product. */
  const time = (name: string, data: Float32Array | Float64Array, run: (n: number) => void): Row => {
    fill(data);
    run(1);
    const sum = checksum(data);
    return { name, ms: medianMs(runs, () => run(reps)), checksum: sum };
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
  const native = new WebAssembly.Instance(new WebAssembly.Module(wasm));
  const { matmul, mem } = native.exports as { matmul: Kernel; mem: WebAssembly.Memory };
  rows.unshift(time('native WebAssembly', new Float32Array(mem.buffer, 0, 3072), matmul));
  return rows;
}

export function ourJit(wasm: Uint8Array<ArrayBuffer>): OurKernel {
  return {
    name: 'our JIT',
    load: () => {
      const exports = new Instance(new Module(wasm, { engine: 'jit' })).exports as { matmul: Kernel; mem: Memory };
      return { run: exports.matmul, memory: exports.mem.buffer };
    },
  };
}

/** Median ms of `runs` calls of `call`, after one more call as a warm-up (the caller made the first). */
function medianMs(runs: number, call: () => void): number {
  call();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    call();
    ms.push(performance.now() - t);
  }
  ms.sort((x, y) => x - y);
  return ms[runs >> 1]!;
}

/** A u64 as a checksum: FNV-1a over its two words. */
function u64Checksum(lo: number, hi: number): number {
  return Math.imul(Math.imul(0x811c9dc5 ^ lo, 0x01000193) ^ hi, 0x01000193) >>> 0;
}

/** prng64's `run(n)` on one wasm engine (bench/programs/prng64/prng64.wasm): the u64 result. */
export type I64Kernel = (n: number) => bigint;

/** One of our engines running prng64. */
export interface OurI64Kernel {
  name: string;
  load: () => I64Kernel;
}

/**
 * The i64 measurement: prng64's `run(n)` (bench/floor/prng.ts) by hand on
 * int32 pairs and in BigInt, then `ours`, then native WebAssembly from
 * `wasm` (prng64.wasm) last. Rows with native first; the checksum is of the
 * u64 `run(n)` returns.
 */
export function measureI64(wasm: Uint8Array<ArrayBuffer>, n: number, runs: number, ours: readonly OurI64Kernel[]): Row[] {
  /** Timed at `reps` rounds (`scale`d to n); the checksum is of run(2) (2,048 draws), as the f32 kernel's is of one product. */
  const time = (name: string, run: (reps: number) => [number, number], reps = n): Row => {
    const [lo, hi] = run(2);
    run(reps);
    return { name, ms: (medianMs(runs, () => run(reps)) * n) / reps, checksum: u64Checksum(lo, hi) };
  };
  const hist = new Int32Array(4096);
  const rows: Row[] = [];
  rows.push(time('exact JS, int32 pairs', (k) => prngPairs(k, hist)));
  // BigInt allocates per operation: timed on a hundredth of the rounds, scaled to n
  rows.push(time('exact JS, BigInt', prngBigInt, Math.max(1, Math.round(n / 100))));
  return oursThenNative(wasm, ours, rows, time);
}

/** A u64 as (lo, hi) int32 words. */
function u64Words(x: bigint): [number, number] {
  return [Number(x & 0xffffffffn) | 0, Number((x >> 32n) & 0xffffffffn) | 0];
}

/** After the hand-written `rows`: a row for each of `ours` running `run(n)`, then native's, put first. */
function oursThenNative(wasm: Uint8Array<ArrayBuffer>, ours: readonly OurI64Kernel[], rows: Row[], time: (name: string, run: (n: number) => [number, number]) => Row): Row[] {
  for (const engine of ours) {
    const run = engine.load();
    rows.push(time(engine.name, (k) => u64Words(run(k))));
  }
  const native = new WebAssembly.Instance(new WebAssembly.Module(wasm));
  const run = (native.exports as { run: I64Kernel }).run;
  rows.unshift(time('native WebAssembly', (k) => u64Words(run(k))));
  return rows;
}

export function ourJitI64(wasm: Uint8Array<ArrayBuffer>): OurI64Kernel {
  return {
    name: 'our JIT',
    load: () => (new Instance(new Module(wasm, { engine: 'jit' })).exports as { run: I64Kernel }).run,
  };
}

/**
 * The SIMD measurement: simd-intrinsics' `run(n)` (bench/floor/simd.ts) by
 * hand, then `ours`, then native WebAssembly from `wasm`
 * (simd-intrinsics.wasm) last. Rows with native first; the checksum is of
 * the u64s run(2) and the timed run(n) return, so a variant that differs on
 * either differs from native.
 */
export function measureSimd(wasm: Uint8Array<ArrayBuffer>, n: number, runs: number, ours: readonly OurI64Kernel[]): Row[] {
  const time = (name: string, run: (n: number) => [number, number]): Row => {
    const [lo2, hi2] = run(2);
    const [lo, hi] = run(n);
    return { name, ms: medianMs(runs, () => run(n)), checksum: u64Checksum(u64Checksum(lo2, hi2) ^ lo, hi) };
  };
  const memory = simdMemory();
  return oursThenNative(wasm, ours, [time('exact JS, lanes as words', (k) => simdHand(k, memory))], time);
}
