// The generated module of many small functions (bench/lib/many-small.ts) that
// `npm run bench:startup` measures: deterministic, of the shape it claims
// (thousands of 10–60-byte bodies, ~100 KB of code, every feature it lists),
// valid, and run alike by V8 and by our engines in every mode, tier changes
// included.
import { describe, expect, it } from 'vitest';
import { manySmallFunctions } from '../bench/lib/many-small';
import { decodeModule } from '../src/runtime/binary/decode';
import { CompileError, Instance, Module, moduleIRof, type EngineOptions } from '../src/runtime/index';
import { bodyLocals } from '../src/runtime/module';
import { NOT_MADE } from '../src/runtime/store';
import { funcOfWrapper } from '../src/runtime/values';

const bytes = manySmallFunctions(4000);

/** What a run leaves behind: run(1), run(2), the global `acc` and a hash of memory. */
function outcome(exports: Record<string, unknown>): number[] {
  const run = exports.run as (n: number) => number;
  const r1 = run(1), r2 = run(2);
  const acc = (exports.acc as { value: number }).value;
  const mem = new Uint8Array((exports.memory as { buffer: ArrayBuffer }).buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < mem.length; i++) h = Math.imul(h ^ mem[i]!, 0x01000193);
  return [r1, r2, acc, h];
}

describe('bench/lib/many-small.ts', () => {
  it('is deterministic, and the seed changes it', () => {
    const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
    expect(same(manySmallFunctions(4000), bytes)).toBe(true);
    expect(same(manySmallFunctions(4000, 2), bytes)).toBe(false);
  });

  it('has the shape it claims: 4,001 bodies of mostly 10-60 bytes, ~100 KB of code, every feature', () => {
    const ir = decodeModule(bytes);
    expect(ir.bodies.count).toBe(4001);
    const sizes = Array.from(ir.bodies.codeEnd, (end, i) => end - ir.bodies.codeStart[i]!).sort((a, b) => a - b);
    const within = sizes.filter((s) => s >= 8 && s <= 60).length;
    expect(within / sizes.length).toBeGreaterThan(0.9);
    const kb = sizes.reduce((a, b) => a + b, 0) / 1024;
    expect(kb).toBeGreaterThan(85);
    expect(kb).toBeLessThan(120);
    expect(Array.from({ length: 4001 }, (_, i) => bodyLocals(ir.bodies, i)).filter((l) => l.length > 0).length).toBeGreaterThan(300);
    expect(ir.types.length).toBe(3);
    expect(ir.tables.length).toBe(1);
    expect(ir.elems[0]!.items.length).toBe(16);
    expect(ir.globals.map((g) => g.mutable)).toEqual([true, true, false]);
    expect(ir.datas.length).toBe(1);
    // every opcode the generator promises, somewhere
    const code = bytes.subarray(ir.bodies.codeStart[0]!);
    for (const op of [0x04, 0x03, 0x10, 0x11, 0x28, 0x36, 0x23, 0x24, 0xad]) expect(code.includes(op), `opcode 0x${op.toString(16)}`).toBe(true);
    // Rust-mangled names, demangled for traces
    expect(ir.funcNames.get(4000)).toBe('game::main::run');
    expect(ir.funcNames.get(0)).toMatch(/^\w+::\w+::(<.+>::)?\w+$/);
  });

  it('runs alike on V8 and on our engines, eager and lazily tiered (OSR at every loop too)', () => {
    const native = outcome(new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, unknown>);
    const modes: EngineOptions[] = [
      { engine: 'interp' },
      { engine: 'jit', tiering: 'eager' },
      { engine: 'jit', tiering: 'lazy' },
      { engine: 'jit', tiering: 'lazy', hotness: 1 },
      { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' },
    ];
    for (const options of modes) {
      expect(outcome(new Instance(new Module(bytes, options)).exports), JSON.stringify(options)).toEqual(native);
    }
  });

  it('makes only the function instances and CompiledFuncs a run uses (the interpreter, lazily tiered)', () => {
    for (const options of [{ engine: 'interp' }, { engine: 'jit', tiering: 'lazy' }] as EngineOptions[]) {
      const m = new Module(bytes, options);
      const ir = moduleIRof(m);
      const e = new Instance(m).exports;
      const st = funcOfWrapper(e.run)!.inst!;
      const made = (): number => st.funcs.filter((f) => f !== NOT_MADE).length;
      const compiled = (): number => ir.bodies.compiled.filter((c) => c !== undefined).length;
      // the exports and the table's 16 entries
      expect(made(), JSON.stringify(options)).toBeLessThan(20);
      expect(compiled()).toBe(made());
      (e.run as (n: number) => number)(1);
      expect(made()).toBeLessThan(100);
      expect(compiled()).toBe(made());
    }
  });

  it('an invalid body among thousands is reported as it was: function, message and offset', () => {
    const ir = decodeModule(bytes);
    for (const def of [0, 2345, 3999]) {
      const bad = bytes.slice();
      const at = ir.bodies.codeStart[def]!;
      bad[at] = 0xff; // the body's first instruction: an illegal opcode
      let message = '';
      try {
        new Module(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(CompileError);
        message = (e as Error).message;
      }
      expect(message).toBe(`section 10 (code) at byte 0x${at.toString(16)}: function ${def}: illegal opcode 0xff`);
    }
  });
});
