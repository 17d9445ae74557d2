// `npm run bench:floor` (bench/floor.ts) claims that its hand-written
// JavaScript kernels are exact: they must give native WebAssembly's bits for
// the f32 matrix product, or the floor they measure means nothing. Checked
// here on a couple of products, with our JIT beside them, and the same for the
// i64 kernel (prng64 by hand) on a few run(n); nothing is timed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure, measureI64, measureSimd, ourJit, ourJitI64 } from '../bench/floor/measure';
import { prngBigInt, prngPairs } from '../bench/floor/prng';
import { mulhs, mulhu, nearest, satS, satU, simdHand, simdMemory } from '../bench/floor/simd';
import { wat } from './runtime/wat';

const kernel = wat(readFileSync(new URL('../bench/floor/matmul.wat', import.meta.url), 'utf8'));

describe('bench:floor kernels', () => {
  const rows = measure(kernel, 2, 1, [ourJit(kernel)]);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const native = rows[0]!;

  it('measures native first, then every variant', () => {
    expect(rows.map((r) => r.name)).toEqual(['native WebAssembly', 'f64 JS (inexact)', 'exact JS', 'exact JS, 4 chains', 'our JIT']);
    for (const r of rows) expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it('the exact kernels and our JIT give native bits', () => {
    for (const name of ['exact JS', 'exact JS, 4 chains', 'our JIT']) expect(byName.get(name)!.checksum, name).toBe(native.checksum);
  });

  it('the data makes rounding matter: skipping it changes the bits', () => {
    // Data on which rounding never mattered would let a kernel that skips some
    // of it pass the test above (dropping the product's Math.fround fails it).
    expect(byName.get('f64 JS (inexact)')!.checksum).not.toBe(native.checksum);
  });
});

describe('bench:floor i64 kernel (prng64 by hand)', () => {
  const prng64 = new Uint8Array(readFileSync(new URL('../bench/programs/prng64/prng64.wasm', import.meta.url)));
  const native = (new WebAssembly.Instance(new WebAssembly.Module(prng64)).exports as { run: (n: number) => bigint }).run;
  const u64 = ([lo, hi]: [number, number]): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

  it('gives native run(n) bit for bit on int32 pairs and in BigInt', () => {
    const hist = new Int32Array(4096);
    for (const n of [0, 1, 2, 7]) {
      const want = BigInt.asUintN(64, native(n));
      expect(u64(prngPairs(n, hist)), `pairs, run(${n})`).toBe(want);
      expect(u64(prngBigInt(n)), `BigInt, run(${n})`).toBe(want);
    }
  });

  it('measures native first, then every variant, all with native bits', () => {
    const rows = measureI64(prng64, 2, 1, [ourJitI64(prng64)]);
    expect(rows.map((r) => r.name)).toEqual(['native WebAssembly', 'exact JS, int32 pairs', 'exact JS, BigInt', 'our JIT']);
    for (const r of rows) {
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.checksum, r.name).toBe(rows[0]!.checksum);
    }
  });
});

describe('bench:floor SIMD kernel (simd-intrinsics by hand)', () => {
  const wasm = new Uint8Array(readFileSync(new URL('../bench/programs/simd-intrinsics/simd-intrinsics.wasm', import.meta.url)));
  const native = (new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports as { run: (n: number) => bigint }).run;
  const u64 = ([lo, hi]: [number, number]): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

  it('gives native run(n) bit for bit, and each kernel alone changes the result', () => {
    const memory = simdMemory();
    for (const n of [0, 1, 2, 5]) expect(u64(simdHand(n, memory)), `run(${n})`).toBe(BigInt.asUintN(64, native(n)));
    // every kernel contributes: leaving one out changes run(2) (so a wrong op in it would show)
    const all = u64(simdHand(2, memory));
    for (const bit of [1, 2, 4, 8, 16]) expect(u64(simdHand(2, memory, 31 & ~bit)), `without kernel ${bit}`).not.toBe(all);
  });

  it('its scalar helpers agree with wasm on the edges the data may not reach', () => {
    // ties to even, -0, saturation, NaN, the 32×32 products' high words
    const ops = new WebAssembly.Instance(
      new WebAssembly.Module(
        wat(`(module
          (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
          (func (export "satS") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
          (func (export "satU") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
          (func (export "mulhu") (param i32 i32) (result i32)
            (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))) (i64.const 32))))
          (func (export "mulhs") (param i32 i32) (result i32)
            (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_s (local.get 0)) (i64.extend_i32_s (local.get 1))) (i64.const 32)))))`),
      ),
    ).exports as Record<string, (...a: number[]) => number>;
    const floats = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
      2 ** 52, 2 ** 53 + 2, 2147483647, 2147483647.9, 2147483648, -2147483648, -2147483648.9, -2147483649, 4294967295, 4294967295.5, 4294967296,
      -1, -0.9, 1e300, -1e300, Infinity, -Infinity, NaN, 5e-324, -5e-324];
    for (const x of floats) {
      expect(Object.is(nearest(x), ops.nearest!(x)), `nearest(${x})`).toBe(true);
      expect(satS(x), `satS(${x})`).toBe(ops.satS!(x));
      expect(satU(x), `satU(${x})`).toBe(ops.satU!(x));
    }
    const ints = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678, 0xffff, 0x10000, 0x9e3779b9 | 0, 0x1ce4e5b9];
    for (const a of ints) {
      for (const b of ints) {
        expect(mulhu(a, b), `mulhu(${a}, ${b})`).toBe(ops.mulhu!(a, b));
        expect(mulhs(a, b), `mulhs(${a}, ${b})`).toBe(ops.mulhs!(a, b));
      }
    }
  });

  it('measures native first, then every variant, all with native bits', () => {
    const rows = measureSimd(wasm, 2, 1, [ourJitI64(wasm)]);
    expect(rows.map((r) => r.name)).toEqual(['native WebAssembly', 'exact JS, lanes as words', 'our JIT']);
    for (const r of rows) {
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.checksum, r.name).toBe(rows[0]!.checksum);
    }
  });
});
