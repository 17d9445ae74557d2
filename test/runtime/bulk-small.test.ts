// Short memory.copy / memory.fill (store.ts copySmall / fillSmall: words
// through the DataView instead of copyWithin / fill, up to SMALL_BULK_BYTES):
// every length to the limit, at every alignment, overlapping either way, as
// copyWithin and fill do it; and through both engines against V8.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/runtime/index.ts';
import { SMALL_BULK_BYTES, copySmall, fillSmall } from '../../src/runtime/store.ts';
import { wat } from './wat.ts';

const SIZE = 256;
const pattern = (): Uint8Array => Uint8Array.from({ length: SIZE }, (_, i) => (i * 37 + 11) & 255);

describe('copySmall and fillSmall', () => {
  it('copy every length 0..SMALL_BULK_BYTES, every alignment, overlapping forwards and backwards, as copyWithin', () => {
    for (let n = 0; n <= SMALL_BULK_BYTES; n++) {
      for (let s = 70; s < 78; s++) {
        for (let d = s - n - 1; d <= s + n + 1; d++) {
          const want = pattern();
          want.copyWithin(d, s, s + n);
          const got = pattern();
          copySmall(new DataView(got.buffer), d, s, n);
          if (got.some((b, i) => b !== want[i])) expect({ n, s, d, got: [...got] }).toEqual({ n, s, d, got: [...want] });
        }
      }
    }
  });

  it('fill every length 0..SMALL_BULK_BYTES at every alignment with the low byte of the value, as fill', () => {
    for (let n = 0; n <= SMALL_BULK_BYTES; n++) {
      for (let d = 60; d < 68; d++) {
        for (const v of [0, 0x7f, 0x80, 0xff, 0x1234_5680, -1, -129]) {
          const want = pattern();
          want.fill(v & 255, d, d + n);
          const got = pattern();
          fillSmall(new DataView(got.buffer), d, v, n);
          if (got.some((b, i) => b !== want[i])) expect({ n, d, v, got: [...got] }).toEqual({ n, d, v, got: [...want] });
        }
      }
    }
  });
});

describe.each(['interp', 'jit'] as const)('short memory.copy and memory.fill on the %s engine', (engine) => {
  const src = `(module (memory (export "mem") 1)
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))`;
  const run = (make: () => { exports: Record<string, unknown> }) => {
    const { exports: e } = make();
    const mem = new Uint8Array((e.mem as { buffer: ArrayBuffer }).buffer);
    const out: (number[] | string)[] = [];
    const call = (name: string, ...args: number[]) => {
      mem.set(pattern());
      try {
        (e[name] as (...a: number[]) => void)(...args);
        out.push([...mem.subarray(0, SIZE)]);
      } catch (error) {
        out.push(String((error as Error).message).split('\n')[0]!);
      }
    };
    for (const n of [0, 1, 3, 4, 5, 8, 15, 16, 17, 31, 63, 64, 65]) {
      for (const [d, s] of [[70, 64], [64, 70], [66, 64], [64, 66], [64, 64], [65, 130]]) call('copy', d!, s!, n);
      call('fill', 65, 0x1ab, n);
      call('copy', 65536 - n + 1, 0, n); // past the end: traps, writes nothing
      call('fill', 65536 - n + 1, 7, n);
    }
    return out;
  };
  it('match V8 byte for byte, traps included', () => {
    const bytes = wat(src);
    const ours = run(() => new Instance(new Module(bytes, { engine })));
    const v8 = run(() => new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)));
    expect(ours.map((o) => (typeof o === 'string' ? 'trap' : o))).toEqual(v8.map((o) => (typeof o === 'string' ? 'trap' : o)));
    expect(ours.filter((o) => typeof o === 'string').every((o) => /out of bounds memory access/.test(o as string))).toBe(true);
  });
});
