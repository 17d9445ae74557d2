// `npm run bench:floor` (bench/floor.ts) claims that its hand-written
// JavaScript kernels are exact: they must give native WebAssembly's bits for
// the f32 matrix product, or the floor they measure means nothing. Checked
// here on a couple of products, with our JIT beside them, and the same for the
// i64 kernel (prng64 by hand) on a few run(n); nothing is timed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure, measureI64, ourJit, ourJitI64 } from '../bench/floor/measure';
import { prngBigInt, prngPairs } from '../bench/floor/prng';
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
