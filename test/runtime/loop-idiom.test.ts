// Copy and fill loops (src/runtime/loop-idiom.ts): both engines run the
// loops of compiler-builtins' memcpy/memset shape in bulk where that is
// exactly what the loop does, and as a loop otherwise. Each case is checked
// against the platform's WebAssembly: the results (the final locals), the
// trap, and every byte of memory afterwards.
import { describe, expect, it } from 'vitest';
import { Instance, Module, moduleIRof } from '../../src/runtime/index.ts';
import { jitModules } from '../../src/runtime/jit/instance.ts';
import { wat } from './wat.ts';
import { trapText } from '../support/trap.ts';

type Exports = Record<string, (...args: number[]) => unknown>;

const copy = (name: string, k: number, ld: string, st: string): string => `
  (func (export "${name}") (param $d i32) (param $s i32) (param $e i32) (result i32 i32)
    (loop
      (${st} (local.get $d) (${ld} (local.get $s)))
      (local.set $s (i32.add (local.get $s) (i32.const ${k})))
      (br_if 0 (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const ${k}))) (local.get $e))))
    (local.get $d) (local.get $s))`;
const fill = (name: string, k: number, st: string): string => `
  (func (export "${name}") (param $d i32) (param $v i32) (param $e i32) (result i32 i32)
    (loop
      (${st} (local.get $d) (local.get $v))
      (br_if 0 (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const ${k}))) (local.get $e))))
    (local.get $d) (local.get $v))`;
const SRC = `(module (memory (export "mem") 1)
  (func (export "init") (local $i i32)
    (loop (i32.store8 (local.get $i) (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 3)))
      (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536)))))
  ${copy('copy8', 1, 'i32.load8_u', 'i32.store8')} ${copy('copy32', 4, 'i32.load', 'i32.store')}
  ${fill('fill8', 1, 'i32.store8')} ${fill('fill32', 4, 'i32.store')})`;

const P = 65536;
const COPIES: number[][] = [
  [1000, 5000, 1400], [1000, 5003, 1402], [5000, 1000, 5400], // apart; aligned and not
  [1000, 900, 1400], [1000, 1100, 1400], // overlapping: dest above the source (the loop propagates), below (bulk)
  [1000, 999, 1200], [2000, 1990, 2300], // overlapping by less than an element
  [1000, 5000, 1003], [1000, 5000, 1010], [1000, 5000, 1001], [1000, 5000, 1020], [1000, 5000, 1016], // odd ends; short
  [1000, 5000, 1000], [1000, 5000, 900], // no element left: the loop still copies one
  [P - 100, 5000, P + 100], [5000, P - 100, 5200], // out of bounds part way: trap after a partial copy
  [P - 64, 0, P], [0, P - 128, 128], // up to the last byte
  [-8, 100, 200], [100, 200, -4], // addresses and ends past 2^31
  // short runs (the JIT's loop without an interrupt poll): trap part way,
  // overlap that propagates, the last bytes of memory, ends near 2^32
  [P - 5, 5000, P + 9], [5000, P - 3, 5012], [1001, 1000, 1040], [1003, 1000, 1030], [P - 20, 0, P],
  [P - 8, 0, P + 60], [-40, 100, -8], [-60, 100, -1], [3, 0, 66], [0, 3, 63],
  // copies onto their own source longer than the interpreter's element loop takes
  [2001, 2000, 6098], [2001, 2000, 6099], [2001, 2000, 9000],
];
const FILLS: number[][] = [
  [1000, 0, 1400], [1000, 0x5a5a5a5a, 1400], [1000, 0x12345678, 1400], [1000, -1, 1400], [1001, 0x101, 1401],
  [1000, 7, 1003], [1000, 7, 1020], [1000, 7, 900], [P - 100, 9, P + 100], [P - 64, 0x7f7f7f7f, P], [-8, 1, 200],
  [P - 6, 0x01020304, P + 10], [P - 12, 0x7f7f7f7f, P], [-40, 5, -8], [1000, 0x12345678, 1063],
  [1000, 0x12345678, 5100], [1000, 0x12345678, 5104], [1000, 0x12345678, 9000],
];

function run(e: Exports, f: string, args: number[]): unknown {
  e.init!();
  let out: unknown;
  try {
    out = e[f]!(...args);
  } catch (err) {
    out = trapText(err);
  }
  const mem = new Uint8Array((e.mem as unknown as { buffer: ArrayBuffer }).buffer);
  let h = 0;
  for (let i = 0; i < mem.length; i++) h = Math.imul(h ^ mem[i]!, 16777619);
  return { out, h };
}

describe('copy and fill loops', () => {
  const native = new WebAssembly.Instance(new WebAssembly.Module(wat(SRC) as Uint8Array<ArrayBuffer>)).exports as unknown as Exports;

  for (const engine of ['interp', 'jit'] as const) {
    it(`${engine}: bulk only where that is the same as the loop; the same memory, results and traps as V8`, () => {
      const m = new Module(wat(SRC), { engine });
      const e = new Instance(m).exports as unknown as Exports;
      if (engine === 'jit') {
        const source = jitModules.get(moduleIRof(m))!.source;
        expect(source).toMatch(/copyWithin\(.*\.fill\(|\.fill\(.*copyWithin\(/s);
        // Short runs loop without polling for interrupts; that loop is bounded
        // only while its end stays clear of 2^32 (else d could wrap to 0 and
        // go round a 4 GiB memory for ever).
        const shorts = [...source.matchAll(/else if\(Zn>=0&&Zn<64&&Ze<(\d+)\)\{do\{([^}]*)\}while/g)];
        expect(shorts).toHaveLength(4);
        for (const [, limit, body] of shorts) {
          expect(Number(limit)).toBeLessThanOrEqual(2 ** 32 - 64);
          expect(body).not.toContain('$I');
        }
      }
      for (const f of ['copy8', 'copy32']) {
        for (const a of COPIES) expect(run(e, f, a), `${f}(${a})`).toEqual(run(native, f, a));
      }
      for (const f of ['fill8', 'fill32']) {
        for (const a of FILLS) expect(run(e, f, a), `${f}(${a})`).toEqual(run(native, f, a));
      }
    });
  }
});
