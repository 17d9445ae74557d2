import { describe, expect, it } from 'vitest';
import * as I from '../../src/runtime/jit/i64.ts';
import { RuntimeError } from '../../src/runtime/errors.ts';

const M64 = (1n << 64n) - 1n;
const u = (v: bigint): bigint => v & M64;
const s = (v: bigint): bigint => BigInt.asIntN(64, v);
const lo = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const pair = (l: number): bigint => u((BigInt(I.HI[0]!) << 32n) | BigInt(l >>> 0));

const edges = [0n, 1n, 2n, 3n, 7n, 10n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x1fffffffffffffn,
  0x20000000000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xfffffffffffffffen, M64, 12345678901234567n,
  0xdeadbeefcafebaben, 10000n, 0x200000n, 0x200001n, 1n << 53n, (1n << 53n) + 1n, (1n << 63n) + 12345n];
let seed = 12345;
function rnd(): bigint {
  seed = (Math.imul(seed, 1103515245) + 12345) | 0;
  const a = BigInt(seed >>> 0);
  seed = (Math.imul(seed, 1103515245) + 12345) | 0;
  const b = BigInt(seed >>> 0);
  const shift = BigInt(seed & 63);
  return u(((a << 32n) | b) >> shift);
}
const values = [...edges, ...edges.map((v) => u(-v)), ...Array.from({ length: 200 }, rnd)];

function each(fn: (a: bigint, b: bigint) => void): void {
  for (const a of values) for (const b of values.slice(0, 80)) fn(a, b);
}

describe('i64 pair helpers match BigInt', () => {
  it('div/rem unsigned', () => each((a, b) => {
    if (b === 0n) return;
    expect(pair(I.divU(lo(a), hi(a), lo(b), hi(b)))).toBe(a / b);
    expect(pair(I.remU(lo(a), hi(a), lo(b), hi(b)))).toBe(a % b);
  }));
  it('div/rem signed', () => each((a, b) => {
    if (b === 0n) return;
    const sa = s(a), sb = s(b);
    if (!(sa === -(1n << 63n) && sb === -1n)) expect(pair(I.divS(lo(a), hi(a), lo(b), hi(b)))).toBe(u(sa / sb));
    expect(pair(I.remS(lo(a), hi(a), lo(b), hi(b)))).toBe(u(sa % sb));
  }));
  it('div traps', () => {
    expect(() => I.divU(1, 0, 0, 0)).toThrow(RuntimeError);
    expect(() => I.divS(0, -0x80000000, -1, -1)).toThrow(/integer overflow/);
    expect(pair(I.remS(0, -0x80000000, -1, -1))).toBe(0n);
  });
  it('clz/ctz/popcnt', () => {
    for (const a of values) {
      const bin = a.toString(2).padStart(64, '0');
      expect(I.clz(lo(a), hi(a))).toBe(a === 0n ? 64 : bin.indexOf('1'));
      expect(I.ctz(lo(a), hi(a))).toBe(a === 0n ? 64 : 63 - bin.lastIndexOf('1'));
      expect(I.popcnt(lo(a), hi(a))).toBe([...bin].filter((c) => c === '1').length);
    }
  });
  it('conversions to float round once', () => {
    for (const a of values) {
      expect(I.f64FromU(lo(a), hi(a))).toBe(Number(a));
      expect(I.f64FromS(lo(a), hi(a))).toBe(Number(s(a)));
      expect(I.f32FromU(lo(a), hi(a))).toBe(f32Of(a));
      expect(I.f32FromS(lo(a), hi(a))).toBe(s(a) < 0n ? -f32Of(-s(a)) : f32Of(s(a)));
    }
    // A double rounding case: 2^63 + 2^39 + 1 rounds up in f32 only when done exactly.
    const v = (1n << 60n) + (1n << 36n) + 1n;
    expect(I.f32FromU(lo(v), hi(v))).toBe(f32Of(v));
  });
  it('truncations', () => {
    for (const x of [0, -0, 1.9, -1.9, 4294967296.5, -4294967297.5, 2 ** 62, -(2 ** 63), 2 ** 63 - 1024, 2 ** 64 - 2048, 123456789012345.6]) {
      if (x >= -(2 ** 63) && x < 2 ** 63) expect(pair(I.truncS(x))).toBe(u(BigInt(Math.trunc(x))));
      if (x > -1 && x < 2 ** 64) expect(pair(I.truncU(x))).toBe(BigInt(Math.trunc(x)));
    }
    expect(() => I.truncS(2 ** 63)).toThrow(/integer overflow/);
    expect(() => I.truncU(-1)).toThrow(/integer overflow/);
    expect(() => I.truncS(NaN)).toThrow(/invalid conversion/);
    expect(pair(I.truncSatS(1e30))).toBe(0x7fffffffffffffffn);
    expect(pair(I.truncSatS(-1e30))).toBe(0x8000000000000000n);
    expect(pair(I.truncSatU(1e30))).toBe(M64);
    expect(pair(I.truncSatU(-5))).toBe(0n);
    expect(pair(I.truncSatS(NaN))).toBe(0n);
  });
});

/** Correctly rounded u64 → f32 by exact reasoning (BigInt). */
function f32Of(a: bigint): number {
  if (a === 0n) return 0;
  const bits = a.toString(2).length;
  if (bits <= 24) return Number(a);
  const sh = BigInt(bits - 24);
  let m = a >> sh;
  const rem = a & ((1n << sh) - 1n);
  const half = 1n << (sh - 1n);
  if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
  return Math.fround(Number(m << sh));
}
