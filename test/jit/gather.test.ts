// Words gathered byte by byte (src/runtime/jit/gather.ts): the JIT reads them
// as one word. Every shape is checked against the platform's WebAssembly and
// our interpreter: values at every kind of address, traps at the end of
// memory, and bases whose `local + k` wraps past 2^32 (into low memory, and
// in a 4 GiB memory, where every address is in bounds).
import { describe, expect, it } from 'vitest';
import { Instance, Module, moduleIRof } from '../../src/runtime/index.ts';
import { jitModules } from '../../src/runtime/jit/instance.ts';
import { wat } from '../runtime/wat.ts';
import { trapText } from '../support/trap.ts';

type Fn = (...args: number[]) => unknown;

/** Byte k of a gather from local $p: `local.get $p [i32.const j i32.add] load8_u offset=o [shift]`. */
function byte(k: number, j: number, o: number, t: 'i64' | 'i32', get = 'local.get $p'): string {
  const addr = j === 0 ? `(${get})` : `(i32.add (${get}) (i32.const ${j}))`;
  const load = `(${t}.load8_u offset=${o} ${addr})`;
  return k === 0 ? load : `(${t}.shl ${load} (${t}.const ${8 * k}))`;
}
/** Terms or-ed left to right in the given order of byte indices. */
function gather(t: 'i64' | 'i32', order: number[], term: (k: number, i: number) => string): string {
  let e = term(order[0]!, 0);
  for (let i = 1; i < order.length; i++) e = `(${t}.or ${e} ${term(order[i]!, i)})`;
  return e;
}
const LLVM_ORDER = [1, 0, 2, 3, 4, 5, 6, 7];
const FUNCS: Record<string, string> = {
  // rustc/LLVM's shape: (b1 << 8 | b0) | b2 << 16 | …, addresses by i32.add
  llvm64: `(func (export "llvm64") (param $p i32) (result i64) ${gather('i64', LLVM_ORDER, (k) => byte(k, k, 0, 'i64'))})`,
  // the base computed and tee'd by the first term
  tee64: `(func (export "tee64") (param $a i32) (param $b i32) (result i64) (local $p i32)
    ${gather('i64', LLVM_ORDER, (k, i) => byte(k, k + 3, 0, 'i64', i === 0 ? 'local.tee $p (i32.add (local.get $a) (local.get $b))' : 'local.get $p'))})`,
  // memarg offsets, most significant byte first, a constant part of the base
  offset64: `(func (export "offset64") (param $p i32) (result i64) ${gather('i64', [7, 6, 5, 4, 3, 2, 1, 0], (k) => byte(k, 0, 100 + k, 'i64'))})`,
  mixed64: `(func (export "mixed64") (param $p i32) (result i64) ${gather('i64', [0, 1, 2, 3, 4, 5, 6, 7], (k) => byte(k, k % 2 === 0 ? k : 0, k % 2 === 0 ? 0 : k, 'i64'))})`,
  llvm32: `(func (export "llvm32") (param $p i32) (result i32) ${gather('i32', [1, 0, 2, 3], (k) => byte(k, k, 0, 'i32'))})`,
  // the base's value written back into the local it came from
  self32: `(func (export "self32") (param $p i32) (result i32) (local.set $p ${gather('i32', [0, 1, 2, 3], (k) => byte(k, k, 0, 'i32'))}) (local.get $p))`,
  self64: `(func (export "self64") (param $p i32) (result i64) (local $q i64)
    (local.set $q ${gather('i64', LLVM_ORDER, (k) => byte(k, k, 0, 'i64'))}) (local.get $q))`,
  // near misses, left to the byte-wise code: a gap, a byte out of place, one twice
  gap64: `(func (export "gap64") (param $p i32) (result i64) ${gather('i64', LLVM_ORDER, (k) => byte(k, k === 7 ? 8 : k, 0, 'i64'))})`,
  swap64: `(func (export "swap64") (param $p i32) (result i64) ${gather('i64', LLVM_ORDER, (k) => byte(k, k === 2 ? 3 : k === 3 ? 2 : k, 0, 'i64'))})`,
  twice32: `(func (export "twice32") (param $p i32) (result i32) ${gather('i32', [0, 1, 1, 3], (k) => byte(k, k, 0, 'i32'))})`,
};
const ONE_ARG = Object.keys(FUNCS).filter((f) => f !== 'tee64');
const SRC = (pages: number): string => `(module (memory (export "mem") ${pages}) ${Object.values(FUNCS).join('\n')})`;

function fill(mem: ArrayBuffer, at: number[]): void {
  const u8 = new Uint8Array(mem);
  for (const a of at) for (let i = 0; i < 256; i++) u8[a + i] = (i * 73 + 41 + a) & 255;
}
function call(f: Fn, args: number[]): unknown {
  try {
    return f(...args);
  } catch (e) {
    return trapText(e);
  }
}

interface Engines {
  names: string[];
  exports: Record<string, Fn>[];
}
function instantiate(pages: number, fillAt: number[]): Engines & { source: string } {
  const bytes = wat(SRC(pages));
  const jit = new Module(bytes, { engine: 'jit' });
  const all = [
    new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports,
    new Instance(new Module(bytes, { engine: 'interp' })).exports,
    new Instance(jit).exports,
  ] as unknown as Record<string, Fn>[];
  for (const e of all) fill((e.mem as unknown as WebAssembly.Memory).buffer, fillAt);
  return { names: ['native', 'interp', 'jit'], exports: all, source: jitModules.get(moduleIRof(jit))!.source };
}
function expectAgree(eng: Engines, f: string, args: number[]): void {
  const want = call(eng.exports[0]![f]!, args);
  for (let i = 1; i < eng.exports.length; i++) expect(call(eng.exports[i]![f]!, args), `${eng.names[i]} ${f}(${args})`).toEqual(want);
}

describe('byte-gathered words', () => {
  it('read as one word: the same values and traps as V8 and the interpreter', () => {
    const P = 65536;
    const eng = instantiate(1, [0, P - 256]);
    // the six matching shapes read words; the near misses stay byte-wise
    expect(eng.source.match(/getInt32\(A\+4,true\)/g)).toHaveLength(5);
    expect(eng.source.match(/\?dv\.getInt32\(A,true\):/g)).toHaveLength(2);
    const addrs = [0, 1, 3, 100, 201, P - 108, P - 107, P - 12, P - 9, P - 8, P - 7, P - 5, P - 4, P - 3, P - 1, P, P + 3, -1, -4, -8, -100, 0x7fffffff];
    for (const f of ONE_ARG) for (const a of addrs) expectAgree(eng, f, [a]);
    for (const [a, b] of [[0, 0], [5, 6], [P - 20, 9], [P - 11, 0], [P - 10, 0], [-3, 0], [-1, -2], [P, -P]]) expectAgree(eng, 'tee64', [a!, b!]);
  });

  it('in a 4 GiB memory, a base whose bytes wrap past 2^32 reads each byte where it wrapped to', () => {
    const eng = instantiate(65536, [0, 2 ** 32 - 256]);
    for (const f of ONE_ARG) for (const a of [-1, -2, -3, -4, -5, -7, -8, -9, -108, -107, -100]) expectAgree(eng, f, [a]);
    for (const [a, b] of [[-5, 0], [-10, 0], [-11, 0], [-3, -2]]) expectAgree(eng, 'tee64', [a!, b!]);
  });
});
