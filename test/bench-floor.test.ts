// `npm run bench:floor` (bench/floor.ts) claims that its hand-written
// JavaScript kernels are exact: they must give native WebAssembly's bits for
// the f32 matrix product, or the floor they measure means nothing. Checked
// here on a couple of products, with our JIT beside them; nothing is timed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure, ourJit } from '../bench/floor/measure';
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
