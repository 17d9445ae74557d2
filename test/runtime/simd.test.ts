// 128-bit SIMD on both engines: the JS API's rules for v128 (not JS-visible),
// the raw value access the spec runner uses, the JIT translating SIMD itself,
// NaN results identical on both engines, and a C program of SIMD kernels
// (test/fixtures/simd/kernels.c) agreeing with V8. The instructions' semantics
// are checked by the spec suite's 58 simd_* files (test/spec.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getGlobalRaw, Global, Instance, invokeRaw, Module, type RawValue } from '../../src/runtime/index';
import { decodeModule } from '../../src/runtime/binary/decode';
import { validateModule } from '../../src/runtime/validate/module';
import { compileModule } from '../../src/runtime/jit/compile';
import { wat } from './wat';

const ENGINES = ['interp', 'jit'] as const;
const kernels = new Uint8Array(readFileSync(new URL('../fixtures/simd/kernels.wasm', import.meta.url)));

const bytesOf = (words: number[]): Uint8Array => new Uint8Array(new Int32Array(words).buffer);
const wordsOf = (v: RawValue): number[] => {
  if (v.type !== 'v128') throw new Error(`expected a v128, got ${v.type}`);
  return [...new Int32Array(v.bytes.slice().buffer)];
};

describe.each(ENGINES)('SIMD on %s', (engine) => {
  const inst = (src: string, imports = {}): Record<string, unknown> => new Instance(new Module(wat(src), { engine }), imports).exports;

  it('v128 is not JS-visible: exported functions with a v128 param or result throw a TypeError when called', () => {
    const e = inst(`(module
      (func (export "p") (param v128))
      (func (export "r") (result v128) v128.const i32x4 1 2 3 4)
      (func (export "ok") (result i32) (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4))))`);
    expect(() => (e.p as () => unknown)()).toThrow(TypeError);
    expect(() => (e.r as () => unknown)()).toThrow(TypeError);
    expect((e.ok as () => unknown)()).toBe(3);
  });

  it('a JS function imported with a v128 in its signature links, and calling it from wasm is a TypeError without calling it', () => {
    let called = 0;
    const e = inst(`(module
      (import "m" "f" (func $f (param v128)))
      (func (export "go") (call $f (v128.const i64x2 0 0))))`, { m: { f: () => { called++; } } });
    expect(() => (e.go as () => unknown)()).toThrow(TypeError);
    expect(called).toBe(0);
  });

  it('v128 globals: value is a TypeError from JS, a v128 Global cannot be made from JS, the raw value is exact', () => {
    const e = inst(`(module (global (export "g") v128 (v128.const i32x4 -1 2 -3 4))
      (global $m (mut v128) (v128.const i64x2 0 0))
      (func (export "set") (global.set $m (global.get 0)))
      (func (export "get") (param i32) (result i32) (i32x4.extract_lane 1 (global.get $m))))`);
    expect(() => (e.g as Global).value).toThrow(TypeError);
    expect(() => new Global({ value: 'v128' }, 0)).toThrow(TypeError);
    expect(wordsOf(getGlobalRaw(e.g as Global))).toEqual([-1, 2, -3, 4]);
    (e.set as () => void)();
    expect((e.get as (x: number) => number)(0)).toBe(2);
  });

  it('invokeRaw passes and returns v128 values bit for bit, and v128 locals start at zero', () => {
    const e = inst(`(module
      (func (export "swap") (param v128 v128) (result v128 v128) local.get 1 local.get 0)
      (func (export "zero") (result v128) (local v128) local.get 0))`);
    const a = bytesOf([1, -2, 0x7fc00001, -1]), b = bytesOf([5, 6, 7, 8]);
    const [x, y] = invokeRaw(e.swap as () => unknown, [{ type: 'v128', bytes: a }, { type: 'v128', bytes: b }]);
    expect(wordsOf(x!)).toEqual([5, 6, 7, 8]);
    expect(wordsOf(y!)).toEqual([1, -2, 0x7fc00001, -1]);
    expect(wordsOf(invokeRaw(e.zero as () => unknown, [])[0]!)).toEqual([0, 0, 0, 0]);
  });

  it('NaN results: float arithmetic gives the canonical NaN, abs/neg/pmin keep the operand\'s bits', () => {
    const e = inst(`(module (memory (export "mem") 1)
      (func (export "run")
        (v128.store (i32.const 0) (f32x4.add (v128.load (i32.const 64)) (v128.load (i32.const 80))))
        (v128.store (i32.const 16) (f32x4.neg (v128.load (i32.const 64))))
        (v128.store (i32.const 32) (f32x4.pmin (v128.load (i32.const 64)) (v128.load (i32.const 80))))
        (v128.store (i32.const 48) (f64x2.sqrt (v128.load (i32.const 80))))))`);
    const m = new Int32Array((e.mem as { buffer: ArrayBuffer }).buffer);
    // a: a signalling NaN, a negative quiet NaN with a payload, 1.0, -0; b: 1.0, 2.0, 0/0-ish NaN, -1 (f64: NaN, -1)
    m.set([0x7f800001, -0x3fffff, 0x3f800000, -0x80000000], 16);
    m.set([0x3f800000, 0x40000000, 0x7fc12345, -0x40800000], 20);
    (e.run as () => void)();
    expect([...m.subarray(0, 4)].map((x) => x >>> 0)).toEqual([0x7fc00000, 0x7fc00000, 0x7fc00000, 0xbf800000]);
    expect([...m.subarray(4, 8)].map((x) => x >>> 0)).toEqual([0xff800001, 0x7fc00001, 0xbf800000, 0]);
    expect([...m.subarray(8, 12)].map((x) => x >>> 0)).toEqual([0x7f800001, 0xffc00001, 0x3f800000, 0xbf800000]);
    // sqrt of the f64 lanes (0x400000003f800000: positive, and 0xbf8000007fc12345: negative → NaN)
    expect([...m.subarray(12, 16)].map((x) => x >>> 0)).toEqual([...new Uint32Array(new Float64Array([Math.sqrt(new Float64Array(new Int32Array([0x3f800000, 0x40000000]).buffer)[0]!)]).buffer), 0, 0x7ff80000]);
  });

  it('an out-of-bounds v128 store traps and writes nothing; lane loads and stores check their own width', () => {
    const e = inst(`(module (memory (export "mem") 1)
      (func (export "st") (param i32) (v128.store (local.get 0) (v128.const i32x4 -1 -1 -1 -1)))
      (func (export "st8") (param i32) (v128.store8_lane 15 (local.get 0) (v128.const i32x4 0 0 0 0x7f000000))))`);
    const u8 = new Uint8Array((e.mem as { buffer: ArrayBuffer }).buffer);
    expect(() => (e.st as (a: number) => void)(65536 - 8)).toThrow(/out of bounds memory access/);
    expect(u8.subarray(65536 - 8).every((b) => b === 0)).toBe(true);
    (e.st8 as (a: number) => void)(65535);
    expect(u8[65535]).toBe(0x7f);
    expect(() => (e.st8 as (a: number) => void)(65536)).toThrow(/out of bounds memory access/);
  });
});

describe('SIMD kernels (C, clang -msimd128)', () => {
  const run = (make: () => { exports: Record<string, unknown> }): { value: unknown; memory: Uint8Array } => {
    const i = make();
    const value = (i.exports.run as (n: number) => unknown)(3);
    return { value, memory: new Uint8Array((i.exports.memory as { buffer: ArrayBuffer }).buffer).slice() };
  };

  it('both engines agree with V8 on the result and on every byte of memory', () => {
    const native = run(() => new WebAssembly.Instance(new WebAssembly.Module(kernels)) as never);
    for (const engine of ENGINES) {
      const ours = run(() => new Instance(new Module(kernels, { engine }), {}));
      expect(ours.value, engine).toBe(native.value);
      expect(Buffer.from(ours.memory).equals(Buffer.from(native.memory)), `${engine} memory`).toBe(true);
    }
  });

  it('the JIT translates every function itself (none is left to the interpreter)', () => {
    const ir = decodeModule(kernels);
    validateModule(ir);
    const jm = compileModule(ir);
    expect(jm.interpreted.size).toBe(0);
    expect(jm.source).toMatch(/V\d+_3=dv\.getInt32\(A\+12,true\);/); // v128.load straight into a slot's four words
    // the kernels' one big function written out in full would be too big for V8 to optimise:
    // translated again with only the short word forms, the rest through helpers
    expect(jm.source).toMatch(/\$V\.f64x2_add\(\(\$Va\.w0=/);
  });
});
