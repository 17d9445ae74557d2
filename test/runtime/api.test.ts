import { describe, expect, it } from 'vitest';
import * as Runtime from '../../src/runtime/index.ts';
import {
  CompileError, Global, Instance, LinkError, Memory, Module, RuntimeError, Table, WasmArcade,
  compile, getGlobalRaw, instantiate, invokeRaw, validate,
} from '../../src/runtime/index.ts';
import { wat } from './wat.ts';

type Fn = (...args: unknown[]) => unknown;

describe('API shape', () => {
  it('exports a namespace object and named exports', () => {
    expect(WasmArcade.Module).toBe(Module);
    expect(Runtime.default).toBe(WasmArcade);
    expect(new CompileError('x')).toBeInstanceOf(Error);
    expect(new LinkError('x')).toBeInstanceOf(Error);
    expect(new RuntimeError('unreachable')).toBeInstanceOf(Error);
  });

  it('compile and instantiate return promises shaped like the standard', async () => {
    const bytes = wat('(module (func (export "f") (result i32) i32.const 7))');
    const m = await compile(bytes);
    expect(m).toBeInstanceOf(Module);
    const inst = await instantiate(m);
    expect(inst).toBeInstanceOf(Instance);
    const both = await instantiate(bytes);
    expect(both.module).toBeInstanceOf(Module);
    expect((both.instance.exports.f as Fn)()).toBe(7);
    await expect(compile(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(CompileError);
    expect(validate(bytes)).toBe(true);
    expect(validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1]))).toBe(false);
  });

  it('selects the engine by name and rejects unknown engines clearly', () => {
    const bytes = wat('(module)');
    expect(new Module(bytes, { engine: 'interp' })).toBeInstanceOf(Module);
    expect(() => new Module(bytes, { engine: 'turbo' as never })).toThrow(/Unknown engine 'turbo'/);
  });
});

describe('values at the boundary', () => {
  const e = new Instance(new Module(wat(`(module
    (func (export "i64") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
    (func (export "i32") (param i32) (result i32) (local.get 0))
    (func (export "f32") (param f32) (result f32) (local.get 0))
    (func (export "multi") (param i32) (result i32 i64 f64) (local.get 0) (i64.const -5) (f64.const 0.5))
    (func (export "ext") (param externref) (result externref) (local.get 0))
    (func (export "nullfunc") (result funcref) (ref.null func))
  )`))).exports as Record<string, Fn>;

  it('maps i64 to BigInt and i32/f32 with ToInt32/fround', () => {
    expect(e.i64!(41n)).toBe(42n);
    expect(e.i64!(2n ** 63n - 1n)).toBe(-(2n ** 63n));
    expect(() => e.i64!(1)).toThrow(TypeError);
    expect(e.i32!(2 ** 32 + 5)).toBe(5);
    expect(e.i32!('12')).toBe(12);
    expect(() => e.i32!(1n)).toThrow(TypeError);
    expect(e.f32!(0.1)).toBe(Math.fround(0.1));
  });

  it('returns multiple results as an array', () => {
    expect(e.multi!(3)).toEqual([3, -5n, 0.5]);
  });

  it('passes externref values through and null funcrefs as null', () => {
    const o = { a: 1 };
    expect(e.ext!(o)).toBe(o);
    expect(e.ext!(undefined)).toBe(undefined);
    expect(e.nullfunc!()).toBe(null);
  });

  it('gives bit-exact raw access', () => {
    expect(invokeRaw(e.i64!, [{ type: 'i64', value: 0xffffffffffffffffn }])).toEqual([{ type: 'i64', value: 0n }]);
    expect(invokeRaw(e.multi!, [{ type: 'i32', value: -1 }])).toEqual([
      { type: 'i32', value: -1 },
      { type: 'i64', value: -5n },
      { type: 'f64', bits: 0x3fe0000000000000n },
    ]);
    const g = new Global({ value: 'f32', mutable: false }, 1.5);
    expect(getGlobalRaw(g)).toEqual({ type: 'f32', bits: 0x3fc00000 });
  });
});

describe('imports, exports and linking', () => {
  it('calls host functions and propagates their exceptions unchanged', () => {
    const calls: unknown[][] = [];
    class Stop extends Error {}
    const stop = new Stop('game over');
    const m = new Module(wat(`(module
      (import "env" "log" (func $log (param i32 f32 i64)))
      (import "env" "boom" (func $boom))
      (func (export "run") (call $log (i32.const 1) (f32.const 2.5) (i64.const 3)))
      (func $inner (call $boom))
      (func (export "explode") (call $inner))
      (func (export "after") (result i32) i32.const 9))`));
    const e = new Instance(m, { env: { log: (...a: unknown[]) => calls.push(a), boom: () => { throw stop; } } }).exports as Record<string, Fn>;
    e.run!();
    expect(calls).toEqual([[1, 2.5, 3n]]);
    let caught: unknown;
    try {
      e.explode!();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(stop);
    expect(e.after!()).toBe(9);
  });

  it('names the import in LinkErrors', () => {
    const m = new Module(wat('(module (import "env" "draw_rect" (func (param f32 f32 f32 f32 i32))))'));
    expect(() => new Instance(m, { env: { draw_rect: 5 } })).toThrow(LinkError);
    expect(() => new Instance(m, { env: { draw_rect: 5 } })).toThrow(/^import env.draw_rect: expected function \(param f32 f32 f32 f32 i32\), got number$/);
    const other = new Instance(new Module(wat('(module (func (export "f") (param i32)))'))).exports.f;
    expect(() => new Instance(m, { env: { draw_rect: other } })).toThrow(/incompatible import type/);
    expect(() => new Instance(m, {})).toThrow(TypeError);
  });

  it('shares memories, tables and globals between instances, and re-imported functions keep their identity', () => {
    const a = new Instance(new Module(wat(`(module
      (memory (export "mem") 1 4)
      (table (export "tab") 2 funcref)
      (global (export "g") (mut i32) (i32.const 5))
      (func $get (export "get") (result i32) (global.get 0))
      (elem (i32.const 0) $get)
      (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`))).exports as Record<string, unknown>;
    const b = new Instance(new Module(wat(`(module
      (import "a" "mem" (memory 1))
      (import "a" "tab" (table 2 funcref))
      (import "a" "g" (global (mut i32)))
      (import "a" "get" (func $get (result i32)))
      (export "get2" (func $get))
      (type $t (func (result i32)))
      (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
      (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1))))
      (func (export "viaTable") (result i32) (call_indirect (type $t) (i32.const 0)))
      (func (export "grow") (result i32) (memory.grow (i32.const 1))))`)), { a }).exports as Record<string, Fn>;
    b.poke!(100, 77);
    expect((a.peek as Fn)(100)).toBe(77);
    expect(new Uint8Array((a.mem as Memory).buffer)[100]).toBe(77);
    b.bump!();
    expect((a.g as Global).value).toBe(6);
    expect(b.viaTable!()).toBe(6);
    expect(b.get2).toBe(a.get);
    expect((a.tab as Table).get(0)).toBe(a.get);
    expect(b.grow!()).toBe(1);
    expect((a.mem as Memory).buffer.byteLength).toBe(2 * 65536);
    expect((a.peek as Fn)(100)).toBe(77);
  });

  it('Memory, Table and Global objects behave like the standard ones', () => {
    const mem = new Memory({ initial: 1, maximum: 2 });
    expect(mem.grow(1)).toBe(1);
    expect(() => mem.grow(1)).toThrow(RangeError);
    const t = new Table({ element: 'externref', initial: 2 });
    expect(t.get(0)).toBe(undefined);
    t.set(1, 'x');
    expect(t.get(1)).toBe('x');
    expect(t.grow(3, null)).toBe(2);
    expect(t.length).toBe(5);
    const g = new Global({ value: 'i64', mutable: true }, 5n);
    g.value = 7n;
    expect(g.value).toBe(7n);
    expect(g.valueOf()).toBe(7n);
    expect(() => { new Global({ value: 'i32', mutable: false }, 1).value = 2; }).toThrow(TypeError);
  });

  it('runs the start function and traps in segment initialisation as RuntimeError', () => {
    let started = 0;
    new Instance(new Module(wat('(module (import "env" "s" (func $s)) (start $s))')), { env: { s: () => started++ } });
    expect(started).toBe(1);
    expect(() => new Instance(new Module(wat('(module (memory 1) (data (i32.const 65535) "ab"))')))).toThrow(RuntimeError);
  });
});

describe('re-entrancy', () => {
  it('lets host functions call back into wasm, recursively, and recover from nested traps', () => {
    let e: Record<string, Fn> = {};
    const m = new Module(wat(`(module
      (import "env" "viaHost" (func $viaHost (param i32) (result i32)))
      (import "env" "tryTrap" (func $tryTrap (result i32)))
      (func (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $viaHost (i32.sub (local.get 0) (i32.const 1)))
                         (call $viaHost (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "boom") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
      (func (export "outer") (param i32) (result i32) (local i32)
        (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
        (i32.add (call $tryTrap) (local.get 1))))`));
    e = new Instance(m, {
      env: {
        viaHost: (n: unknown) => e.fib!(n),
        tryTrap: () => {
          try {
            e.boom!();
          } catch (err) {
            expect(err).toBeInstanceOf(RuntimeError);
            return 1000;
          }
          return 0;
        },
      },
    }).exports as Record<string, Fn>;
    expect(e.fib!(15)).toBe(610);
    expect(e.outer!(7)).toBe(1021);
    expect(e.fib!(10)).toBe(55);
  });

  it('turns unbounded recursion through the host into call stack exhausted', () => {
    let e: Record<string, Fn> = {};
    const m = new Module(wat(`(module
      (import "env" "again" (func $again (param i32) (result i32)))
      (func (export "down") (param i32) (result i32) (call $again (i32.add (local.get 0) (i32.const 1)))))`));
    e = new Instance(m, { env: { again: (n: unknown) => e.down!(n) } }).exports as Record<string, Fn>;
    let caught: unknown;
    try {
      e.down!(0);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RuntimeError);
    expect((caught as RuntimeError).trap).toBe('call stack exhausted');
  });
});

describe('stack trace names', () => {
  // The wat helper keeps $names in a name section; unnamed functions get none.
  const bytes = wat(`(module
    (func (export "explode") unreachable)
    (func $step (export "update") call 0)
    (func call 1)
    (start 2))`);

  for (const engine of ['interp', 'jit'] as const) {
    it(`prefers the name section, else the export name (${engine})`, () => {
      let error: unknown;
      try {
        new Instance(new Module(bytes, { engine }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RuntimeError);
      const frames = (error as RuntimeError).wasmStack;
      expect(frames.map((f) => f.name)).toEqual(['explode', 'step', undefined]);
      expect((error as Error).message).toContain('at explode (func 0)');
    });
  }

  it('copies its input, even from a Node Buffer view whose slice() is a view', () => {
    const bytes = withCustom(wat('(module (func (export "f") (result i32) i32.const 7))'), 'meta', [1, 2, 3]);
    const buf = Buffer.concat([Buffer.from('padding'), Buffer.from(bytes)]).subarray(7);
    const m = new Module(buf);
    buf.fill(0);
    expect(((new Instance(m)).exports.f as Fn)()).toBe(7);
    const sections = Module.customSections(m, 'meta');
    expect(sections.map((b) => [...new Uint8Array(b)])).toEqual([[1, 2, 3]]);
  });
});

/** Appends a custom section (name, payload) to a module. */
function withCustom(module: Uint8Array, name: string, payload: number[]): Uint8Array {
  const n = new TextEncoder().encode(name);
  return new Uint8Array([...module, 0, n.length + 1 + payload.length, n.length, ...n, ...payload]);
}

describe.each(['interp', 'jit'] as const)('memory.grow and interrupts on the %s engine', (engine) => {
  it('a loop of grows is interrupted after a bounded amount of growing, not after the usual count of passes', () => {
    // A grow adds a page (and now and then copies the memory to a bigger
    // buffer); the engines' usual polls come every ~20k loop passes, by which
    // time this loop would have grown the memory by more than a gigabyte.
    const src = `(module (memory (export "mem") 1)
      (func (export "hog") (loop $l (drop (memory.grow (i32.const 1))) (br $l))))`;
    // The host wants out as soon as memory passes 30 pages; with a grow
    // counting what it adds and copies, the engines ask within GROW_ASK_BYTES
    // of that (256 one-page grows, fewer with the copies).
    const box: { mem?: Memory } = {};
    const inst = new Instance(new Module(wat(src), { engine }), {}, { shouldInterrupt: () => Runtime.memoryBytes(box.mem!).length > 30 * 65536 });
    const mem = (box.mem = inst.exports.mem as Memory);
    expect(() => (inst.exports.hog as () => void)()).toThrow(expect.objectContaining({ trap: 'interrupted' }));
    const pages = mem.buffer.byteLength / 65536;
    expect(pages).toBeGreaterThan(30);
    expect(pages).toBeLessThanOrEqual(1 + 256 + 1);
  });
});

describe.each(['interp', 'jit'] as const)("a memory's room to grow into on the %s engine", (engine) => {
  const src = `(module (memory (export "mem") 2 40)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "size") (result i32) (memory.size)))`;
  const make = (options: Record<string, unknown> = {}) => {
    const e = new Instance(new Module(wat(src), { engine }), {}, options).exports;
    return { mem: e.mem as Memory, grow: e.grow as (n: number) => number, load: e.load as (a: number) => number, store: e.store as (a: number, v: number) => void, size: e.size as () => number };
  };
  const PAGE = 65536;

  it('traps past the memory\'s size although its buffer has room past it; a grow makes that room memory, zeroed', () => {
    const g = make();
    const bytes = Runtime.memoryBytes(g.mem);
    expect(bytes.length).toBe(2 * PAGE);
    expect(bytes.buffer.byteLength).toBeGreaterThan(2 * PAGE); // the room
    expect(g.load(2 * PAGE - 4)).toBe(0);
    expect(() => g.load(2 * PAGE - 3)).toThrow(expect.objectContaining({ trap: 'out of bounds memory access' }));
    expect(() => g.store(2 * PAGE, 1)).toThrow(expect.objectContaining({ trap: 'out of bounds memory access' }));
    g.store(2 * PAGE - 4, 0x01020304);
    expect(g.grow(1)).toBe(2);
    expect(Runtime.memoryBytes(g.mem).buffer).toBe(bytes.buffer); // grown in place, nothing copied
    expect(g.size()).toBe(3);
    expect(g.load(2 * PAGE - 4)).toBe(0x01020304);
    expect(g.load(2 * PAGE)).toBe(0);
    expect(g.load(3 * PAGE - 4)).toBe(0);
    expect(() => g.load(3 * PAGE - 3)).toThrow(expect.objectContaining({ trap: 'out of bounds memory access' }));
  });

  it('growing a page at a time moves the memory a few times, not at every grow, and never past its maximum', () => {
    const g = make();
    const buffers = new Set<ArrayBufferLike>();
    for (let p = 3; p <= 40; p++) {
      g.store((p - 1) * PAGE - 4, p);
      expect(g.grow(1)).toBe(p - 1);
      const bytes = Runtime.memoryBytes(g.mem);
      buffers.add(bytes.buffer);
      expect(bytes.length).toBe(p * PAGE);
      expect(bytes.buffer.byteLength).toBeLessThanOrEqual(40 * PAGE);
    }
    expect(g.grow(1)).toBe(-1);
    expect(buffers.size).toBeLessThanOrEqual(3);
    for (let p = 3; p <= 40; p++) expect(g.load((p - 1) * PAGE - 4)).toBe(p);
  });

  it('keeps no room past the embedder\'s memory limit', () => {
    const g = make({ limits: { memoryBytes: 5 * PAGE } });
    expect(Runtime.memoryBytes(g.mem).buffer.byteLength).toBeLessThanOrEqual(5 * PAGE);
    expect(g.grow(3)).toBe(2);
    expect(g.grow(1)).toBe(-1);
  });

  it("Memory.buffer is one ArrayBuffer of the memory's size that aliases it, the same until a grow", () => {
    const g = make();
    g.store(8, 42);
    const buf = g.mem.buffer;
    expect(buf.byteLength).toBe(2 * PAGE);
    expect(g.mem.buffer).toBe(buf);
    expect(new Int32Array(buf)[2]).toBe(42);
    new Int32Array(buf)[3] = 7;
    expect(g.load(12)).toBe(7);
    g.store(16, 9);
    expect(new Int32Array(buf)[4]).toBe(9);
    expect(g.grow(2)).toBe(2);
    const grown = g.mem.buffer;
    expect(grown).not.toBe(buf);
    expect(grown.byteLength).toBe(4 * PAGE);
    expect(new Int32Array(grown).slice(2, 5)).toEqual(new Int32Array([42, 7, 9]));
    expect(Runtime.memoryBytes(g.mem).buffer).toBe(grown);
    expect(g.load(4 * PAGE - 4)).toBe(0);
    expect(() => g.load(4 * PAGE)).toThrow(expect.objectContaining({ trap: 'out of bounds memory access' }));
  });
});
