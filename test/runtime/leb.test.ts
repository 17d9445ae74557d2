import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/runtime/binary/reader.ts';
import { CompileError } from '../../src/runtime/errors.ts';

const r = (...bytes: number[]) => new Reader(new Uint8Array(bytes));

function sleb64(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

describe('LEB128 reader', () => {
  it('reads u32 values including the 5-byte maximum and overlong zero padding', () => {
    expect(r(0x00).u32()).toBe(0);
    expect(r(0xe5, 0x8e, 0x26).u32()).toBe(624485);
    expect(r(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).toBe(0xffffffff);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x00).u32()).toBe(0); // overlong but within 5 bytes: allowed
  });

  it('rejects u32 encodings longer than 5 bytes or with unused bits set', () => {
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32()).toThrow(/integer representation too long/);
    expect(() => r(0xff, 0xff, 0xff, 0xff, 0x1f).u32()).toThrow(/integer too large/);
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x70).u32()).toThrow(CompileError);
    expect(() => r(0x80, 0x80).u32()).toThrow(/unexpected end/);
  });

  it('reads s32 sign extension and checks the unused bits of the 5th byte', () => {
    expect(r(0x7f).s32()).toBe(-1);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x78).s32()).toBe(-2147483648);
    expect(r(0xff, 0xff, 0xff, 0xff, 0x07).s32()).toBe(2147483647);
    expect(r(0xff, 0xff, 0xff, 0xff, 0x7f).s32()).toBe(-1); // overlong -1, sign bits consistent
    expect(() => r(0xff, 0xff, 0xff, 0xff, 0x4f).s32()).toThrow(/integer too large/);
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x08).s32()).toThrow(/integer too large/);
    expect(() => r(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s32()).toThrow(/too long/);
  });

  it('reads s33 block type indices', () => {
    expect(r(0x40).s33()).toBe(-64);
    expect(r(0x05).s33()).toBe(5);
    expect(r(0xff, 0xff, 0xff, 0xff, 0x0f).s33()).toBe(0xffffffff);
    expect(r(0x80, 0x80, 0x80, 0x80, 0x70).s33()).toBe(-(2 ** 32));
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x20).s33()).toThrow(/integer too large/);
  });

  it('reads s64 as exact (lo, hi) halves', () => {
    const cases = [0n, 1n, -1n, 63n, -64n, 64n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n + 5n, 2n ** 63n - 1n, -(2n ** 63n), 0x123456789abcdefn, -0x123456789abcdefn];
    for (let i = 0; i < 200; i++) cases.push(BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 32)) << BigInt(i % 40)) ^ BigInt(i));
    for (const v of cases) {
      const [lo, hi] = r(...sleb64(v)).s64();
      expect(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)), `value ${v}`).toBe(v);
    }
  });

  it('rejects s64 encodings with inconsistent unused bits in the 10th byte', () => {
    const ok = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    expect(r(...ok).s64()).toEqual([-1, -1]);
    expect(() => r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).s64()).toThrow(/integer too large/);
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e).s64()).toThrow(/integer too large/);
    expect(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64()).toThrow(/too long/);
  });

  it('reports the byte offset of the integer in the error', () => {
    const reader = r(0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    reader.pos = 2;
    reader.where = 'section 1 (type)';
    expect(() => reader.u32()).toThrow('section 1 (type) at byte 0x2: integer representation too long');
  });
});
