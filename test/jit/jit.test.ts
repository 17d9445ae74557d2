// The JIT through the public API: traps with wasm stacks, NaN bits, f32
// rounding, i64 at the boundary, interrupts, host exceptions, memory growth
// seen after calls, and the safety rule that no module-provided string is ever
// spliced into generated code.
import { describe, expect, it } from 'vitest';
import { Instance, Memory, Module, invokeRaw, moduleIRof, type RawValue } from '../../src/runtime/index.ts';
import { jitModules, WARM_POLLS } from '../../src/runtime/jit/instance.ts';
import { compileFunction, ConstPool } from '../../src/runtime/jit/codegen.ts';
import { analyseModule } from '../../src/runtime/jit/analyses.ts';
import { CACHE_ENTRIES, clearCompileCache, compileCacheSize, estimatedBytecode, V8_MAX_OPTIMIZED_BYTECODE } from '../../src/runtime/jit/compile.ts';
import { FUEL_INTERVAL } from '../../src/runtime/interp/stack.ts';
import { wat } from '../runtime/wat.ts';
import { trapOf } from '../support/trap.ts';

type Exports = Record<string, (...args: unknown[]) => unknown>;

/** i64.mul constants on both sides of the JIT's small-multiplier path (low word below 2^21). */
const SMALL_MULTIPLIERS = [2, 3, 10, 255, 0x7fff, 0x8000, 0x12345, 0x1fffff, 0x200000, 0x7fffffff];

function jit(bytes: Uint8Array, imports?: Record<string, Record<string, unknown>>, options?: { shouldInterrupt?: () => boolean }) {
  const m = new Module(bytes, { engine: 'jit' });
  const inst = new Instance(m, imports, options);
  return { m, exports: inst.exports as Exports, source: jitModules.get(moduleIRof(m))!.source };
}

/** Appends a `name` custom section naming functions (index → name). */
function withFuncNames(bytes: Uint8Array, names: [number, string][]): Uint8Array {
  const enc = new TextEncoder();
  const uleb = (v: number): number[] => {
    const out: number[] = [];
    do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v);
    return out;
  };
  const str = (s: string): number[] => { const b = [...enc.encode(s)]; return [...uleb(b.length), ...b]; };
  const map = [...uleb(names.length), ...names.flatMap(([i, n]) => [...uleb(i), ...str(n)])];
  const sub = [1, ...uleb(map.length), ...map];
  const content = [...str('name'), ...sub];
  return new Uint8Array([...bytes, 0, ...uleb(content.length), ...content]);
}

const HOSTILE = [
  '"); process.exit(1); ("',
  '*/ globalThis.pwned=1 /*',
  "'; globalThis.pwned=1; '",
  '`${globalThis.pwned=1}`',
  '\u2028globalThis.pwned=1//',
  '}); globalThis.pwned=1; (function(){',
  '$T',
  'f0',
];

describe('JIT safety: module strings never reach generated code', () => {
  it('compiles and runs modules with hostile export, import and function names', () => {
    const exportsWat = HOSTILE.map((n, i) => `(func (export ${JSON.stringify(n)}) (result i32) (call $imp${i % 2}) (i32.const ${i}))`).join('\n');
    const src = `(module
      (import ${JSON.stringify(HOSTILE[0])} ${JSON.stringify(HOSTILE[1])} (func $imp0))
      (import ${JSON.stringify(HOSTILE[2])} ${JSON.stringify(HOSTILE[3])} (func $imp1))
      ${exportsWat}
      (func (export "boom") unreachable))`;
    const bytes = withFuncNames(wat(src), HOSTILE.map((n, i) => [i + 2, n] as [number, string]).concat([[HOSTILE.length + 2, HOSTILE[1]!]]));
    let calls = 0;
    const imports = { [HOSTILE[0]!]: { [HOSTILE[1]!]: () => { calls++; } }, [HOSTILE[2]!]: { [HOSTILE[3]!]: () => { calls++; } } };
    const { exports, source } = jit(bytes, imports);
    HOSTILE.forEach((n, i) => expect(exports[n]!()).toBe(i));
    expect(calls).toBe(HOSTILE.length);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    for (const n of HOSTILE.slice(0, 6)) expect(source).not.toContain(n);
    expect(source).not.toContain('process');
    expect(source).not.toContain('pwned');
    // Names still reach stack traces, through the side table.
    const err = trapOf(() => exports.boom!());
    expect(err.trap).toBe('unreachable');
    expect(err.wasmStack[0]).toEqual({ funcIndex: HOSTILE.length + 2, name: HOSTILE[1] });
  });

  it('generated source contains only our identifiers, numbers and fixed text', () => {
    const { source } = jit(wat(`(module (memory 1) (data (i32.const 0) "\\"); process.exit(1); (\\"")
      (func (export "f") (param i32) (result i32) (i32.load8_u (local.get 0))))`));
    expect(source).not.toContain('process');
    expect(source).not.toMatch(/["`]/);
  });
});

describe('JIT traps', () => {
  const src = `(module
    (type $t (func (result i32)))
    (memory 1)
    (table 2 funcref)
    (elem (i32.const 0) $load)
    (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func $outer (export "outer") (param i32) (result i32) (call $load (local.get 0)))
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "ci") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
    (func $rec (export "rec") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1)))
    (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "peek") (param i32) (result i64) (i64.load (local.get 0))))`;
  const { exports: e } = jit(wat(src));

  it('out of bounds memory access, with the wasm stack', () => {
    const err = trapOf(() => e.outer!(65536 - 3));
    expect(err.trap).toBe('out of bounds memory access');
    expect(err.wasmStack.slice(0, 2)).toEqual([{ funcIndex: 0, name: 'load' }, { funcIndex: 1, name: 'outer' }]);
    expect(trapOf(() => e.load!(-1)).trap).toBe('out of bounds memory access');
    expect(e.load!(65532)).toBe(0);
  });

  it('a partly out-of-bounds store writes nothing', () => {
    e.store64!(65528, -1n);
    expect(trapOf(() => e.store64!(65532, 0n)).trap).toBe('out of bounds memory access');
    expect(e.peek!(65528)).toBe(-1n);
  });

  it('division, conversion, indirect calls, exhaustion', () => {
    expect(trapOf(() => e.div!(1, 0)).trap).toBe('integer divide by zero');
    expect(trapOf(() => e.div!(-2147483648, -1)).trap).toBe('integer overflow');
    expect(trapOf(() => e.trunc!(NaN)).trap).toBe('invalid conversion to integer');
    expect(trapOf(() => e.trunc!(2147483648)).trap).toBe('integer overflow');
    expect(trapOf(() => e.ci!(0)).trap).toBe('indirect call type mismatch');
    // The kind is stable (the interpreter's); the slot is named in the message only.
    expect(trapOf(() => e.ci!(1))).toMatchObject({ trap: 'uninitialized element', message: expect.stringMatching(/^uninitialized element 1(\n|$)/) });
    expect(trapOf(() => e.ci!(2))).toMatchObject({ trap: 'undefined element', message: expect.stringMatching(/^undefined element 2(\n|$)/) });
    expect(trapOf(() => e.rec!(0)).trap).toBe('call stack exhausted');
  });

  it('indirect calls through a static table: direct calls per slot, the same results and traps as the interpreter', () => {
    // Slots: 0 $one, 1 null, 2 $two, 3 $neg (another signature), 4 $two again,
    // 5 an import, 6 $wide (i64 + a second result); 8 slots in all.
    const src = `(module
      (type $i (func (param i32) (result i32)))
      (type $w (func (param i32) (result i64 i32)))
      (import "h" "id" (func $id (param i32) (result i32)))
      (table 8 funcref)
      (elem (i32.const 0) $one)
      (elem (i32.const 2) $two $neg $two $id $wide)
      (func $one (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $two (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func $neg (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
      (func $wide (param i32) (result i64 i32) (i64.extend_i32_s (local.get 0)) (i32.const 7))
      (func (export "ci") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 1) (local.get 0)))
      (func (export "cw") (param i32 i32) (result i64) (call_indirect (type $w) (local.get 1) (local.get 0)) (drop)))`;
    const imports = { h: { id: (x: number) => x } };
    const { exports: x, source } = jit(wat(src), imports);
    expect(source).toContain('switch(');
    const interp = new Instance(new Module(wat(src), { engine: 'interp' }), imports).exports as Exports;
    const outcome = (fn: () => unknown): unknown => {
      try {
        return { value: fn() };
      } catch (e) {
        return { trap: (e as { trap?: string }).trap ?? String(e), message: (e as Error).message.split('\n')[0] };
      }
    };
    let traps = 0;
    for (const [f, arg] of [['ci', 20], ['cw', -3]] as const) {
      for (const slot of [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 0x7fffffff]) {
        const want = outcome(() => interp[f]!(slot, arg));
        expect(outcome(() => x[f]!(slot, arg)), `${f}(${slot})`).toEqual(want);
        if ('trap' in (want as object)) traps++;
      }
    }
    // ci: null slots 1 and 7, slots 3 and 6 of other types, 8, -1, 2^31-1 out of
    // range; cw: every slot but 6.
    expect(traps).toBe(17);
    expect(x.ci!(0, 20)).toBe(21);
    expect(x.ci!(4, 20)).toBe(40);
    expect(x.ci!(5, 20)).toBe(20);
    expect(x.cw!(6, -3)).toBe(-3n);
  });

  it('tables the host or the module can change keep the dynamic indirect call', () => {
    const body = `
      (type $i (func (param i32) (result i32)))
      (func $one (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $two (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "ci") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 1) (local.get 0)))`;
    const ir = (s: string) => moduleIRof(new Module(wat(s), { engine: 'jit' }));
    const cases: [string, boolean][] = [
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) ${body})`, true],
      [`(module (table (export "t") 2 funcref) (elem (i32.const 0) $one $two) ${body})`, false],
      [`(module (import "h" "t" (table 2 funcref)) (elem (i32.const 0) $one $two) ${body})`, false],
      [`(module (global $g (import "h" "g") i32) (table 2 funcref) (elem (global.get $g) $one $two) ${body})`, false],
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) ${body}
        (func (export "set") (table.set 0 (i32.const 0) (ref.func $two))))`, false],
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) ${body}
        (func (export "cp") (table.copy 0 0 (i32.const 0) (i32.const 1) (i32.const 1))))`, false],
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) (elem $p func $two) ${body}
        (func (export "init") (table.init $p (i32.const 0) (i32.const 0) (i32.const 1))))`, false],
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) ${body}
        (func (export "grow") (result i32) (table.grow 0 (ref.null func) (i32.const 1))))`, false],
      [`(module (table 2 funcref) (elem (i32.const 0) $one $two) ${body}
        (func (export "fill") (table.fill 0 (i32.const 0) (ref.func $two) (i32.const 1))))`, false],
    ];
    for (const [s, isStatic] of cases) {
      expect(analyseModule(ir(s)).tables[0] !== null, s).toBe(isStatic);
    }
    // More functions of the callee's type than a switch takes: the dynamic call.
    const many = Array.from({ length: 30 }, (_, i) => `(func $g${i} (param i32) (result i32) (i32.add (local.get 0) (i32.const ${i})))`);
    const { exports: w, source: wide } = jit(wat(`(module (type $i (func (param i32) (result i32))) ${many.join('')}
      (table 30 funcref) (elem (i32.const 0) ${many.map((_, i) => `$g${i}`).join(' ')})
      (func (export "ci") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 1) (local.get 0))))`));
    expect(wide).not.toContain('switch(');
    expect(w.ci!(29, 1)).toBe(30);
    // Changed by the module: the call sees the new entry.
    const { exports: m, source } = jit(wat(cases[4]![0]));
    expect(source).not.toContain('switch(');
    expect(m.ci!(0, 5)).toBe(6);
    m.set!();
    expect(m.ci!(0, 5)).toBe(10);
    // Changed by the host through an exported table.
    const { exports: h } = jit(wat(cases[1]![0]));
    const t = h.t as unknown as { set(i: number, v: unknown): void; get(i: number): unknown };
    t.set(0, t.get(1));
    expect(h.ci!(0, 5)).toBe(10);
  });

  it('out-of-bounds traps keep a deep wasm stack', () => {
    const { exports: d } = jit(wat(`(module (memory 1)
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (local.get 0) (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
          (else (i32.load (i32.const 65536))))))`));
    const err = trapOf(() => d.down!(30));
    expect(err.trap).toBe('out of bounds memory access');
    expect(err.wasmStack.length).toBe(31);
    expect(err.wasmStack.every((f) => f.name === 'down')).toBe(true);
  });
});

describe('JIT numerics', () => {
  const src = `(module
    (memory 1)
    (func (export "f32neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "f32id") (param f32) (result f32) (local f32) (local.set 1 (local.get 0)) (local.get 1))
    (func (export "f32mem") (param i32) (result i32)
      (i32.store (i32.const 0) (local.get 0))
      (f32.store (i32.const 4) (f32.load (i32.const 0)))
      (i32.load (i32.const 4)))
    (func (export "f32add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "f64copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
    (func (export "i64mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
    (func (export "i64divu") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
    (func (export "i64rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
    (func (export "f32conv") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
    (func (export "fnv") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 0x100000001b3)))
    (func (export "mulk") (param i64) (result i64) (i64.mul (local.get 0) (i64.const -7)))
    ${SMALL_MULTIPLIERS.map((c) => `
    (func (export "mul${c}") (param i64) (result i64) (i64.mul (local.get 0) (i64.const ${c})))`).join('')}
    ${[1, 3, 10, 10000, 1000000000, 0xffffffff].map((c) => `
    (func (export "divu${c}") (param i64) (result i64) (i64.div_u (local.get 0) (i64.const ${c})))
    (func (export "remu${c}") (param i64) (result i64) (i64.rem_u (local.get 0) (i64.const ${c})))`).join('')}
    (func (export "subext") (result i64) (i64.sub (i64.const -1) (i64.extend_i32_s (i32.const -5))))
    (func (export "f64min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
    (func (export "f64max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1))))`;
  const { exports: e } = jit(wat(src));
  const raw = (f: string, args: RawValue[]): RawValue[] => invokeRaw(e[f] as never, args);

  it('keeps f32 signalling-NaN payloads through neg, locals and memory', () => {
    expect(raw('f32neg', [{ type: 'f32', bits: 0x7fa00000 }])).toEqual([{ type: 'f32', bits: 0xffa00000 }]);
    expect(raw('f32id', [{ type: 'f32', bits: 0x7f800001 }])).toEqual([{ type: 'f32', bits: 0x7f800001 }]);
    expect(e.f32mem!(0x7fa00001)).toBe(0x7fa00001);
    expect(e.f32mem!(0xffc12345 | 0)).toBe(0xffc12345 | 0);
  });

  it('an f32 loaded for arithmetic gives the interpreter\'s bits; loaded for bit operations it keeps its payload', () => {
    const src2 = `(module (memory 1)
      (func (export "add") (param i32 f32) (result f32) (i32.store (i32.const 0) (local.get 0)) (f32.add (f32.load (i32.const 0)) (local.get 1)))
      (func (export "sqrt") (param i32) (result f32) (i32.store (i32.const 0) (local.get 0)) (f32.sqrt (f32.load (i32.const 0))))
      (func (export "lt") (param i32 f32) (result i32) (i32.store (i32.const 0) (local.get 0)) (f32.lt (f32.load (i32.const 0)) (local.get 1)))
      (func (export "trunc") (param i32) (result i32) (i32.store (i32.const 0) (local.get 0)) (i32.trunc_f32_s (f32.load (i32.const 0))))
      (func (export "copysign") (param i32 f32) (result f32) (i32.store (i32.const 0) (local.get 0)) (f32.copysign (f32.load (i32.const 0)) (local.get 1)))
      (func (export "abs") (param i32) (result i32) (i32.store (i32.const 0) (local.get 0)) (i32.reinterpret_f32 (f32.abs (f32.load (i32.const 0))))))`;
    const j = jit(wat(src2)).exports as Exports;
    const i = new Instance(new Module(wat(src2), { engine: 'interp' })).exports as Exports;
    const f32 = (bits: number): RawValue => ({ type: 'f32', bits } as RawValue);
    const i32 = (v: number): RawValue => ({ type: 'i32', value: v } as RawValue);
    for (const bits of [0x7fa00001, 0xffc12345 | 0, 0x7f800000, 0x3fc00000, 0x80000001 | 0]) {
      for (const [f, args] of [['add', [i32(bits), f32(0x3f800000)]], ['sqrt', [i32(bits)]], ['lt', [i32(bits), f32(0x3f800000)]],
        ['copysign', [i32(bits), f32(0x80000000 | 0)]]] as [string, RawValue[]][]) {
        expect(invokeRaw(j[f] as never, args)).toEqual(invokeRaw(i[f] as never, args));
      }
      expect(j.abs!(bits)).toBe(bits & 0x7fffffff);
    }
    expect(trapOf(() => j.trunc!(0x7fa00001)).trap).toBe('invalid conversion to integer');
    expect(j.trunc!(0x40490fdb)).toBe(3);
  });

  it('f32 arithmetic NaNs are quiet; rounding is single', () => {
    const [r] = raw('f32add', [{ type: 'f32', bits: 0x7fa00000 }, { type: 'f32', bits: 0x3f800000 }]) as unknown as [{ bits: number }];
    expect(r.bits & 0x7fc00000).toBe(0x7fc00000);
    expect(e.f32add!(16777216, 1)).toBe(16777216);
    expect(e.f32add!(Math.fround(0.1), Math.fround(0.2))).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });

  it('f64 NaN payloads survive copysign', () => {
    expect(raw('f64copysign', [{ type: 'f64', bits: 0x7ff0000000000001n }, { type: 'f64', bits: 0x8000000000000000n }]))
      .toEqual([{ type: 'f64', bits: 0xfff0000000000001n }]);
  });

  it('a negative constant high word is parenthesised (differential seed 2597: "(-1)--1")', () => {
    expect(e.subext!()).toBe(4n);
  });

  it('f64.min/max NaN bits are the interpreter\'s (differential seeds 1038, 1865)', () => {
    const interp = new Instance(new Module(wat(src), { engine: 'interp' })).exports as Exports;
    const nan = { type: 'f64', bits: 0x7ff8000000000001n } as RawValue;
    const one = { type: 'f64', bits: 0x3ff0000000000000n } as RawValue;
    for (const f of ['f64min', 'f64max']) {
      for (const args of [[nan, one], [one, nan]]) {
        expect(raw(f, args)).toEqual(invokeRaw(interp[f] as never, args));
      }
    }
    expect(Object.is(e.f64min!(0, -0), -0)).toBe(true);
    expect(Object.is(e.f64max!(-0, 0), 0)).toBe(true);
  });

  it('i64 at the boundary and inside', () => {
    expect(e.i64mul!(0x123456789abcdefn, 0xfedcba987654321n)).toBe(BigInt.asIntN(64, 0x123456789abcdefn * 0xfedcba987654321n));
    expect(e.i64divu!(-1n, 10n)).toBe(BigInt.asIntN(64, (2n ** 64n - 1n) / 10n));
    expect(e.i64rotl!(0x8000000000000001n, 65n)).toBe(3n);
    expect(e.f32conv!(BigInt.asIntN(64, (1n << 60n) + (1n << 36n) + 1n))).toBe(Math.fround(2 ** 60 + 2 ** 37));
    for (const x of [0n, 1n, -1n, 0xcbf29ce484222325n, 0x7fffffffffffffffn, 0xffffffffn, 0x123456789n]) {
      expect(e.fnv!(BigInt.asIntN(64, x))).toBe(BigInt.asIntN(64, x * 0x100000001b3n));
      expect(e.mulk!(BigInt.asIntN(64, x))).toBe(BigInt.asIntN(64, x * -7n));
    }
  });

  it('a narrow i64 store of a global evaluates its address first (differential SIMD seed 1247)', () => {
    // The address reads the i64 slot variables of the block result it compares; the stored value
    // (global.get, an i64 computed by a statement) goes into that same slot.
    const src = `(module (memory (export "mem") 1) (global $g (mut i64) (i64.const -2))
      ${['store8', 'store16', 'store32', 'store'].map((op) => `(func (export "${op}") (param i64)
        (i64.${op} offset=8 (i32.and (i64.gt_u (i64.const -5) (block (result i64) (i64.rotr (local.get 0) (i64.const 1)))) (i32.const 3)) (global.get $g)))`).join('')})`;
    const run = (engine: 'jit' | 'interp'): number[] => {
      const e = new Instance(new Module(wat(src), { engine })).exports as Exports;
      const out: number[] = [];
      for (const op of ['store8', 'store16', 'store32', 'store']) {
        for (const x of [0n, 2n, -2n, -10n]) {
          new Uint8Array((e.mem as unknown as Memory).buffer).fill(0);
          e[op]!(x);
          out.push(...new Int32Array((e.mem as unknown as Memory).buffer, 0, 6));
        }
      }
      return out;
    };
    expect(run('jit')).toEqual(run('interp'));
  });

  it('unsigned i64 division by a constant: inline below 2^53, the helper above', () => {
    const xs = [0n, 1n, 9n, 10n, 0xffffffffn, 0x100000000n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
      (2n ** 21n << 32n) - 1n, 2n ** 21n << 32n, 12345678901234567890n, 2n ** 64n - 1n, 2n ** 63n, 999999999999999999n];
    let seed = 0x9e3779b9; // fixed, so a failure reproduces
    const rand53 = (): bigint => {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const hi = seed >>> 11; // 21 bits
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      return (BigInt(hi) << 32n) | BigInt(seed >>> 0);
    };
    for (let i = 0; i < 200; i++) xs.push(rand53() * BigInt(1 + (i % 3) * 1000));
    for (const c of [1n, 3n, 10n, 10000n, 1000000000n, 0xffffffffn]) {
      for (const x of xs) {
        const u = BigInt.asUintN(64, x);
        expect(e[`divu${c}`]!(BigInt.asIntN(64, u))).toBe(BigInt.asIntN(64, u / c));
        expect(e[`remu${c}`]!(BigInt.asIntN(64, u))).toBe(BigInt.asIntN(64, u % c));
      }
    }
  });

  it('i64 division by a run-time divisor: inline below 2^21 (signed: non-negative dividends), the helper otherwise', () => {
    const ops = ['div_u', 'rem_u', 'div_s', 'rem_s'];
    // each op also with its result written over an operand, which the inline form must read first
    const m = new Module(wat(`(module ${ops.map((op) => `
      (func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))
      (func (export "${op}_x") (param i64 i64) (result i64) (local.set 0 (i64.${op} (local.get 0) (local.get 1))) (local.get 0))
      (func (export "${op}_y") (param i64 i64) (result i64) (local.set 1 (i64.${op} (local.get 0) (local.get 1))) (local.get 1))`).join('')})`), { engine: 'jit' });
    const x = new Instance(m).exports as Record<string, (a: bigint, b: bigint) => bigint>;
    expect(jitModules.get(moduleIRof(m))!.source.match(/<2097152/g)).toHaveLength(12);
    const divisors = [1n, 2n, 3n, 7n, 10n, 1000003n, 2n ** 21n - 1n, 2n ** 21n, 2n ** 21n + 1n, 0xffffffffn, 2n ** 32n, 2n ** 32n + 5n,
      2n ** 63n, 2n ** 64n - 1n, 2n ** 64n - 3n, 2n ** 64n - 2n ** 21n, 2n ** 64n - 2n ** 32n];
    const dividends = [0n, 1n, 5n, 2n ** 21n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 63n + 1n,
      2n ** 64n - 1n, 0xfedcba9876543210n, 0x123456789abcdef0n, 2n ** 64n - 2n ** 32n];
    const S = (v: bigint): bigint => BigInt.asIntN(64, v);
    for (const a of dividends) {
      for (const b of divisors) {
        const ua = BigInt.asUintN(64, a), ub = BigInt.asUintN(64, b), sa = S(a), sb = S(b);
        const want: Record<string, bigint | 'trap'> = {
          div_u: S(ua / ub), rem_u: S(ua % ub),
          div_s: sa === -(2n ** 63n) && sb === -1n ? 'trap' : S(sa / sb), rem_s: S(sa % sb),
        };
        for (const op of ops) {
          for (const f of [op, `${op}_x`, `${op}_y`]) {
            const w = want[op]!;
            if (w === 'trap') expect(trapOf(() => x[f]!(sa, sb)).trap).toBe('integer overflow');
            else expect([f, a, b, x[f]!(sa, sb)]).toEqual([f, a, b, w]);
          }
        }
      }
      for (const op of ops) expect(trapOf(() => x[op]!(S(a), 0n)).trap).toBe('integer divide by zero');
    }
  });

  it('i64 shifts and rotates by a variable count, also in place, for every count, without a branch on the count', () => {
    const ops = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
    const { exports: x, source } = jit(wat(`(module ${ops.map((op) => `
      (func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))
      (func (export "${op}_self") (param i64 i64) (result i64) (local.set 0 (i64.${op} (local.get 0) (local.get 1))) (local.get 0))`).join('')})`));
    const M64 = (1n << 64n) - 1n;
    const ref = (op: string, a: bigint, c: bigint): bigint => {
      const u = a & M64, k = c & 63n;
      const r = op === 'shl' ? u << k : op === 'shr_u' ? u >> k : op === 'shr_s' ? BigInt.asIntN(64, u) >> k
        : op === 'rotl' ? (u << k) | (u >> ((64n - k) & 63n)) : (u >> k) | (u << ((64n - k) & 63n));
      return BigInt.asIntN(64, r);
    };
    // a random count (PCG's rotation) would mispredict a branch on it half the time
    expect(source).toContain('Y<<26>>31');
    expect(source).not.toMatch(/if\(Y/);
    const values = [0n, 1n, -1n, 1n << 63n, (1n << 63n) - 1n, 0x123456789abcdef0n, -0x123456789abcdefn, 0xffffffffn, 1n << 32n, 0x80000001n];
    for (const op of ops) {
      for (const a of values) {
        for (let c = -65n; c < 130n; c++) {
          const want = ref(op, a, c);
          expect(x[op]!(BigInt.asIntN(64, a), c)).toBe(want);
          expect(x[`${op}_self`]!(BigInt.asIntN(64, a), c)).toBe(want);
        }
      }
    }
  });

  it('select, carries and comparisons as values are branch-free and exact', () => {
    // V8 compiles a JS conditional (`c?a:b`, `c?1:0`) to a branch; these forms
    // must compile without one (a mispredicted carry or sort comparison is what
    // made hash64 and intarray slow), and give the same values.
    const { exports: x, source } = jit(wat(`(module
      (func (export "selcmp") (param i32 i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.lt_u (local.get 2) (local.get 3))))
      (func (export "selval") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (local.get 2)))
      (func (export "sel64") (param i64 i64 i32) (result i64)
        (select (local.get 0) (local.get 1) (local.get 2)))
      (func (export "sel64cmp") (param i64 i64 i64 i64) (result i64)
        (select (local.get 0) (local.get 1) (i64.gt_s (local.get 2) (local.get 3))))
      (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
      (func (export "sub64") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
      (func (export "ltu") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1)))
      (func (export "lt64") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1)))
      (func (export "eqz") (param i32) (result i32) (i32.eqz (local.get 0))))`));
    expect(source.replace(/^[^]*?function f0/, '')).not.toContain('?');
    const i32s = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x12345678];
    for (const a of i32s) {
      expect(x.eqz!(a)).toBe(a === 0 ? 1 : 0);
      expect(x.selval!(11, 22, a)).toBe(a !== 0 ? 11 : 22);
      expect(x.sel64!(-5n, 0x123456789n, a)).toBe(a !== 0 ? -5n : 0x123456789n);
      for (const b of i32s) {
        expect(x.ltu!(a, b)).toBe((a >>> 0) < (b >>> 0) ? 1 : 0);
        expect(x.selcmp!(a, b, b, a)).toBe((b >>> 0) < (a >>> 0) ? a : b);
      }
    }
    const i64s = [0n, 1n, -1n, 0xffffffffn, 0x100000000n, -0x100000000n, (1n << 63n) - 1n, -(1n << 63n), 0x80000000n, -0x80000001n];
    for (const a of i64s) {
      for (const b of i64s) {
        expect(x.add64!(a, b)).toBe(BigInt.asIntN(64, a + b));
        expect(x.sub64!(a, b)).toBe(BigInt.asIntN(64, a - b));
        expect(x.lt64!(a, b)).toBe(BigInt.asUintN(64, a) < BigInt.asUintN(64, b) ? 1 : 0);
        expect(x.sel64cmp!(a, b, b, a)).toBe(b > a ? a : b);
      }
    }
  });

  it('a select on a 0/1 value (x&1, x>>>31) negates it for the mask; on any other value it tests !==0', () => {
    // crc16's bit loop selects on (crc^data)&1: the mask is -(v), not -((v)!==0|0).
    const { exports: x, source } = jit(wat(`(module
      (func (export "and1") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.and (local.get 2) (i32.const 1))))
      (func (export "oneand") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.and (i32.const 1) (local.get 2))))
      (func (export "sign") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.shr_u (local.get 2) (i32.const 31))))
      (func (export "sign63") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.shr_u (local.get 2) (i32.const 63))))
      (func (export "and1local") (param i32 i32 i32) (result i32) (local i32)
        (local.set 3 (i32.and (local.get 2) (i32.const 1)))
        (select (local.get 0) (local.get 1) (local.get 3)))
      (func (export "and3") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.and (local.get 2) (i32.const 3))))
      (func (export "shr30") (param i32 i32 i32) (result i32)
        (select (local.get 0) (local.get 1) (i32.shr_u (local.get 2) (i32.const 30)))))`));
    const bodies = source.split(/\nfunction f/).slice(1);
    expect(bodies.length).toBe(7);
    for (const b of bodies.slice(0, 4)) expect(b).not.toContain('!==0');
    for (const b of bodies.slice(4)) expect(b).toContain('!==0');
    const vals = [0, 1, 2, 3, -1, -2, 0x7fffffff, -0x80000000, 0x40000000, 0xc0000000 | 0];
    for (const v of vals) {
      expect(x.and1!(11, 22, v)).toBe(v & 1 ? 11 : 22);
      expect(x.oneand!(11, 22, v)).toBe(v & 1 ? 11 : 22);
      expect(x.sign!(11, 22, v)).toBe(v < 0 ? 11 : 22);
      expect(x.sign63!(11, 22, v)).toBe(v < 0 ? 11 : 22);
      expect(x.and1local!(11, 22, v)).toBe(v & 1 ? 11 : 22);
      expect(x.and3!(11, 22, v)).toBe(v & 3 ? 11 : 22);
      expect(x.shr30!(11, 22, v)).toBe(v >>> 30 ? 11 : 22);
    }
  });

  it('i64 comparisons kept as values have no short-circuit branches and are exact; as conditions they branch', () => {
    // A comparison consumed as a number (a carry out of __multi3's additions,
    // a select's mask, an eqz of it) is `|`/`&` on the word comparisons: V8
    // compiles `||`/`&&` to branches, mispredicted half the time on such data.
    // A comparison that only decides a branch keeps `||`/`&&`.
    const names = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
    const fns = names.map((n) => `
      (func (export "${n}") (param i64 i64) (result i32) (i64.${n} (local.get 0) (local.get 1)))
      (func (export "not_${n}") (param i64 i64) (result i32) (i32.eqz (i64.${n} (local.get 0) (local.get 1))))
      (func (export "sel_${n}") (param i32 i32 i64 i64) (result i32)
        (select (local.get 0) (local.get 1) (i64.${n} (local.get 2) (local.get 3))))
      (func (export "if_${n}") (param i64 i64) (result i32)
        (if (result i32) (i64.${n} (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))`).join('');
    const { exports: x, source } = jit(wat(`(module ${fns})`));
    const bodies = source.split(/\nfunction f/).slice(1);
    expect(bodies.length).toBe(names.length * 4);
    bodies.forEach((b, i) => {
      // entry and exit code aside (no || or && there), only the if_ forms may branch
      if (i % 4 === 3) expect(b).toMatch(/\|\||&&/);
      else expect(b).not.toMatch(/\|\||&&|\?/);
    });
    const U = (v: bigint): bigint => BigInt.asUintN(64, v);
    const ref: Record<string, (a: bigint, b: bigint) => boolean> = {
      eq: (a, b) => a === b, ne: (a, b) => a !== b,
      lt_s: (a, b) => a < b, lt_u: (a, b) => U(a) < U(b), gt_s: (a, b) => a > b, gt_u: (a, b) => U(a) > U(b),
      le_s: (a, b) => a <= b, le_u: (a, b) => U(a) <= U(b), ge_s: (a, b) => a >= b, ge_u: (a, b) => U(a) >= U(b),
    };
    // equal and unequal high words, low words on both sides of 2^31, signs
    const i64s = [0n, 1n, -1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x17fffffffn, 0x180000000n,
      -0x100000000n, -0x80000000n, -0x80000001n, (1n << 63n) - 1n, -(1n << 63n), -(1n << 63n) + 0x80000000n];
    for (const n of names) {
      for (const a of i64s) {
        for (const b of i64s) {
          const want = ref[n]!(a, b);
          expect(x[n]!(a, b), `${n}(${a}, ${b})`).toBe(want ? 1 : 0);
          expect(x[`not_${n}`]!(a, b), `not_${n}(${a}, ${b})`).toBe(want ? 0 : 1);
          expect(x[`sel_${n}`]!(11, 22, a, b), `sel_${n}(${a}, ${b})`).toBe(want ? 11 : 22);
          expect(x[`if_${n}`]!(a, b), `if_${n}(${a}, ${b})`).toBe(want ? 7 : 9);
        }
      }
    }
  });

  it('i64.mul by a constant below 2^21 is exact, around and past that limit', () => {
    // The high word of lo×c comes from one exact double product up to 2^21,
    // from the general formula above it; FNV's prime adds a high-word term.
    let s = 0x6c8e9cf5;
    const words = [0, 1, 2, 0x7fff, 0x8000, 0xffff, 0x0fffffff, 0x10000000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];
    for (let i = 0; i < 40; i++) words.push((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0);
    for (const c of [...SMALL_MULTIPLIERS, 0x100000001b3]) {
      const f = c === 0x100000001b3 ? e.fnv! : e[`mul${c}`]!;
      for (const lo of words) {
        for (const hi of [0, 1, 0x7fffffff, 0xffffffff, words[(lo + c) % words.length]!]) {
          const x = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
          expect(f(x), `${x} × ${c}`).toBe(BigInt.asIntN(64, x * BigInt(c)));
        }
      }
    }
  });

  it('i64.mul is exact where the double product of the low words rounds', () => {
    // The high word of lo×lo comes from a rounded double product corrected by
    // the exact low word; products within a few units of a multiple of 2^32
    // are where the rounding crosses into the next high word.
    let s = 0x2545f491;
    const next = (): bigint => BigInt((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0);
    const M = 1n << 32n;
    const inverse = (b: bigint): bigint => { // b odd: b·x ≡ 1 (mod 2^32), Newton's iteration
      let x = b;
      for (let i = 0; i < 5; i++) x = (x * (2n - b * x)) % M;
      return (x + M) % M;
    };
    const cases: [bigint, bigint][] = [[0xffffffffn, 0xffffffffn], [0xffffffffn, 1n], [0x80000000n, 0x80000000n]];
    for (let i = 0; i < 300; i++) {
      const b = next() | 0x80000001n;
      const d = BigInt(i % 600) - 300n; // a·b ≡ d (mod 2^32)
      const a = (((d % M) + M) * inverse(b)) % M;
      cases.push([a, b], [(next() << 32n) | a, (next() << 32n) | b], [(next() << 32n) | next(), (next() << 32n) | next()]);
    }
    for (const [a, b] of cases) {
      expect(e.i64mul!(BigInt.asIntN(64, a), BigInt.asIntN(64, b))).toBe(BigInt.asIntN(64, a * b));
    }
  });
});

describe('JIT and its host', () => {
  it('honours shouldInterrupt in loops', () => {
    let polls = 0;
    const { exports: e } = jit(wat('(module (func (export "spin") (loop $l (br $l))))'), undefined, { shouldInterrupt: () => ++polls > 3 });
    expect(trapOf(() => e.spin!()).trap).toBe('interrupted');
    expect(polls).toBe(4);
  });

  it('asks shouldInterrupt every FUEL_INTERVAL polls, during and after the warm-up', () => {
    // During the first WARM_POLLS polls every poll site calls the interrupt
    // helper (so V8 has call feedback for it), yet the host is asked no more often.
    let asks = 0;
    const { exports: e } = jit(
      wat('(module (func (export "count") (param $n i32) (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))'),
      undefined, { shouldInterrupt: () => { asks++; return false; } });
    const n = WARM_POLLS + 20 * FUEL_INTERVAL;
    e.count!(n);
    // One poll at entry and one per iteration: n + 1 polls.
    expect(asks).toBeGreaterThanOrEqual(Math.floor(n / FUEL_INTERVAL) - 1);
    expect(asks).toBeLessThanOrEqual(Math.ceil(n / FUEL_INTERVAL) + 1);
  });

  it('a countdown kept in a register is given back around calls and at returns: the host is asked as often', () => {
    // $inner and "outer" keep the countdown in Zf (codegen.ts ZF_SYNC): outer's
    // call is not on the path every pass takes. Polls: k passes of outer,
    // m of inner per odd k; and "count" called from JS many times.
    let asks = 0;
    const { exports: e, source } = jit(wat(`(module
      (func $inner (param $n i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (local.get $n)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s))
      (func (export "outer") (param $k i32) (param $m i32) (result i32) (local $s i32)
        (loop $l
          (if (i32.and (local.get $k) (i32.const 1))
            (then (local.set $s (i32.add (local.get $s) (call $inner (local.get $m))))))
          (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
        (local.get $s))
      (func (export "count") (param $n i32) (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`),
    undefined, { shouldInterrupt: () => { asks++; return false; } });
    // (declared with the other variables, read from $S.fuel inside the wrapper: codegen.ts wrapperEntry)
    expect(source.match(/[ ,]Zf=0[,;]/g)).toHaveLength(3);
    const within = (polls: number): void => {
      expect(asks).toBeGreaterThanOrEqual(Math.floor(polls / FUEL_INTERVAL) - 1);
      expect(asks).toBeLessThanOrEqual(Math.ceil(polls / FUEL_INTERVAL) + 1);
    };
    // (past the warm-up first: WARM_POLLS)
    e.count!(WARM_POLLS);
    asks = 0;
    const k = 200_000, m = 20;
    expect(e.outer!(k, m)).toBe((k / 2) * (m * (m + 1) / 2));
    within(k + (k / 2) * m);
    asks = 0;
    for (let i = 0; i < 3000; i++) e.count!(1000);
    within(3000 * 1000);
  });

  it('asks shouldInterrupt during recursion without loops (direct, through a table, through the host); small helpers have no entry poll', () => {
    // ~2^n calls and not a loop among them: only the entry polls of the
    // functions on the cycle (analyses.ts quietFunctions) reach the host.
    const src = `(module
      (import "h" "up" (func $up (param i32) (result i32)))
      (type $t (func (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $viaTable)
      (func $one (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $helper (param i32) (result i32) (call $one (call $one (local.get 0))))
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (call $helper (local.get 0)))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func $viaTable (export "table") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (call $helper (local.get 0)))
          (else (i32.add (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))
                         (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 2)) (i32.const 0))))))
      (func $viaHost (export "host") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (call $helper (local.get 0)))
          (else (i32.add (call $up (i32.sub (local.get 0) (i32.const 1))) (call $up (i32.sub (local.get 0) (i32.const 2))))))))`;
    let asks = 0;
    let host: (n: number) => number = () => 0;
    const { exports: e, source } = jit(wat(src), { h: { up: (n: number) => host(n) } }, { shouldInterrupt: () => { asks++; return false; } });
    host = (n) => e.host!(n) as number;
    const want = e.fib!(24);
    // each makes 150,049 calls of the recursive function (3 * FUEL_INTERVAL
    // would be 60,000); a recursion that never polled would ask 0 times
    for (const name of ['fib', 'table', 'host']) {
      asks = 0;
      expect(e[name]!(24), name).toBe(want);
      expect(asks, name).toBeGreaterThanOrEqual(3);
    }
    // $one and $helper (defined functions 0 and 1: f1, f2) make no call that can come back: no entry poll
    const body = (i: number): string => source.slice(source.indexOf(`function f${i}(`), source.indexOf('\nfunction', source.indexOf(`function f${i}(`)));
    expect(body(2)).not.toContain('$I()');
    expect(body(3)).toContain('$I()');
    expect(body(4)).toContain('$I()');
    expect(body(5)).toContain('$I()');
  });

  it('calls i32/f32/f64 host imports directly with the interpreter\'s conversions (NaN bits, this, result coercion)', () => {
    const src = `(module
      (import "h" "f" (func $f (param i32 f32 f64) (result f32)))
      (import "h" "g" (func $g (param f32) (result i32)))
      (import "h" "d" (func $d (param f64) (result f64)))
      (func (export "f") (param i32 f32 f64) (result f32) (call $f (local.get 0) (local.get 1) (local.get 2)))
      (func (export "g") (param i32) (result i32) (call $g (f32.reinterpret_i32 (local.get 0))))
      (func (export "d") (param f64) (result f64) (call $d (local.get 0))))`;
    const run = (engine: 'jit' | 'interp') => {
      const seen: unknown[] = [];
      const bits = new Float32Array(1);
      const imports = {
        h: {
          f(this: unknown, a: number, b: number, c: number) { seen.push(typeof this, a, b, c); return { valueOf: () => 1.1 }; },
          g(x: number) { bits[0] = x; seen.push(new Int32Array(bits.buffer)[0]); return 2 ** 32 + 7.9; },
          d(x: number) { return x * 2; },
        },
      };
      const e = new Instance(new Module(wat(src), { engine }), imports).exports as Exports;
      const out = [
        invokeRaw(e.f as never, [{ type: 'i32', value: -5 }, { type: 'f32', bits: 0x7fa00001 }, { type: 'f64', bits: 0x7ff0000000000123n }] as RawValue[]),
        e.g!(0x7f800001), e.g!(0x3f800000), e.d!(1.5),
      ];
      return { seen, out };
    };
    const interp = run('interp');
    expect(run('jit')).toEqual(interp);
    // the JS API calls a host function with undefined as `this`
    expect(interp.seen[0]).toBe('undefined');
  });

  it('passes NaN payloads to hosts of 2 and of 6 parameters after many calls with other numbers', () => {
    // (the interpreter gathered a host's arguments in an array; with the engine warm-up of
    // src/runtime/warm.ts the test above then saw the canonical NaN there, not the JIT's
    // payload; up to 4 arguments are passed one by one now, more in an array of tagged values)
    const src = `(module
      (import "h" "two" (func $two (param i32 f32)))
      (import "h" "six" (func $six (param i32 f32 f32 f32 f32 f32)))
      (func (export "two") (param i32 i32) (call $two (local.get 0) (f32.reinterpret_i32 (local.get 1))))
      (func (export "six") (param i32 i32)
        (call $six (local.get 0) (f32.const 1) (f32.const 2) (f32.const 3) (f32.const 4) (f32.reinterpret_i32 (local.get 1)))))`;
    const run = (engine: 'jit' | 'interp') => {
      const bits = new Float32Array(1);
      const seen: number[] = [];
      const keep = (x: number) => { bits[0] = x; seen.push(new Int32Array(bits.buffer)[0]!); };
      const e = new Instance(new Module(wat(src), { engine }), {
        h: { two: (_: number, x: number) => keep(x), six: (...a: number[]) => keep(a[5]!) },
      }).exports as Record<string, (a: number, b: number) => void>;
      // numbers that are not small integers first, then a signalling NaN with a payload
      for (let i = 0; i < 200; i++) {
        e.two!(0x7ffffff0 + i, 0x3fc00000);
        e.six!(0x7ffffff0 + i, 0x3fc00000);
      }
      seen.length = 0;
      e.two!(1, 0x7f800001);
      e.six!(1, 0x7f800001);
      return seen;
    };
    // quieted, the payload kept (a Float32Array store of the number the slot round trip gave)
    expect(run('interp')).toEqual([0x7fc00001, 0x7fc00001]);
    expect(run('jit')).toEqual([0x7fc00001, 0x7fc00001]);
  });

  it('passes host exceptions through untouched, RangeErrors included', () => {
    const thrown = new RangeError('host says no');
    const { exports: e } = jit(wat('(module (import "h" "f" (func $f)) (memory 1) (func (export "g") (call $f) (drop (i32.load (i32.const 0)))))'),
      { h: { f: () => { throw thrown; } } });
    expect(() => e.g!()).toThrow(thrown);
  });

  it('sees memory grown by a host call', () => {
    const mem = new Memory({ initial: 1, maximum: 4 });
    const { exports: e } = jit(wat(`(module (import "h" "grow" (func $grow)) (import "h" "mem" (memory 1 4))
      (func (export "f") (result i32) (call $grow) (i32.store (i32.const 100000) (i32.const 7)) (i32.load (i32.const 100000))))`),
      { h: { grow: () => { mem.grow(1); }, mem } });
    expect(e.f!()).toBe(7);
  });
});

describe('JIT compile cache', () => {
  const src = (k: number) => `(module (memory (export "mem") 1)
    (func $bump (export "bump") (param i32) (result i32)
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get 0))) (i32.load (i32.const 0)))
    (func (export "k") (result i32) (i32.const ${k}))
    (func $fail (export "fail") (unreachable)))`;
  const jmOf = (m: Module) => jitModules.get(moduleIRof(m))!;

  it('modules with the same bytes share one translation; their instances keep their own state', () => {
    clearCompileCache();
    const bytes = wat(src(7));
    const a = new Module(bytes.slice(), { engine: 'jit' }), b = new Module(bytes.slice(), { engine: 'jit' });
    expect(jmOf(b)).toBe(jmOf(a));
    const ea = new Instance(a).exports as Exports, eb = new Instance(b).exports as Exports;
    expect(ea.bump!(5)).toBe(5);
    expect(ea.bump!(5)).toBe(10);
    expect(eb.bump!(1)).toBe(1);
    expect(trapOf(() => eb.fail!()).wasmStack[0]!.name).toBe('fail');
    const c = new Module(wat(src(8)), { engine: 'jit' });
    expect(jmOf(c)).not.toBe(jmOf(a));
    expect((new Instance(c).exports as Exports).k!()).toBe(8);
    clearCompileCache();
    expect(jmOf(new Module(bytes, { engine: 'jit' }))).not.toBe(jmOf(a));
  });

  it('keeps the most recently used modules, at most CACHE_ENTRIES', () => {
    clearCompileCache();
    const bytes = Array.from({ length: CACHE_ENTRIES + 2 }, (_, k) => wat(src(k)));
    const jms = bytes.slice(0, CACHE_ENTRIES).map((b) => jmOf(new Module(b, { engine: 'jit' })));
    expect(compileCacheSize()).toBe(CACHE_ENTRIES);
    // used again, the first becomes the most recent: the next module evicts the second
    expect(jmOf(new Module(bytes[0]!, { engine: 'jit' }))).toBe(jms[0]);
    new Module(bytes[CACHE_ENTRIES]!, { engine: 'jit' });
    expect(compileCacheSize()).toBe(CACHE_ENTRIES);
    expect(jmOf(new Module(bytes[0]!, { engine: 'jit' }))).toBe(jms[0]);
    expect(jmOf(new Module(bytes[1]!, { engine: 'jit' }))).not.toBe(jms[1]);
    clearCompileCache();
  });
});

describe('JIT code shapes for V8', () => {
  it('a looping function declares only constants before its do{…}while(O) wrapper: its entry reads are inside it', () => {
    // codegen.ts wrapperEntry; docs/performance.md, "Two speed modes". V8 runs
    // a long first call's entry before the function has a feedback vector; a
    // deopt there outside the wrapper kept the loop's OSR code in use for good.
    const bytes = wat(`(module (memory 1)
      (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $mid (param i32) (result i32) (call $leaf (local.get 0)))
      (func (export "sum") (param $n i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (i32.load (i32.and (local.get $n) (i32.const 0xfc)))))
          (local.set $s (i32.add (call $mid (local.get $s)) (call $mid (local.get $n))))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s))
      (func $lanes (param $v v128) (param $n i32) (result i32)
        (loop $l
          (local.set $v (i32x4.add (local.get $v) (local.get $v)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i32x4.extract_lane 1 (local.get $v)))
      (func (export "lanes") (param $n i32) (result i32) (call $lanes (v128.const i32x4 1 3 5 7) (local.get $n))))`);
    const { m, exports: x, source } = jit(bytes);
    const fns = source.split('\n').filter((l) => l.startsWith('function f'));
    const looping = fns.filter((f) => f.includes('while(O)'));
    expect(looping).toHaveLength(2);
    const checkShape = (f: string): void => {
      const head = /^function f\d+\([^)]*\)\{let ([^;]*);do\{/.exec(f);
      expect(head, f.slice(0, 200)).not.toBeNull();
      for (const d of head![1]!.split(',')) expect(d, f.slice(0, 200)).toMatch(/^[\w$]+=(?:0|null)$/);
    };
    for (const f of looping) checkShape(f);
    // (what moved: the depth check, the memory's view, the countdown, a v128 parameter's words)
    expect(looping[0]).toMatch(/do\{const Kd=\$S\.fsp;if\(Kd>=\d+\)return \$DP\[\d+\]\([^)]*\);\$S\.fsp=Kd\+1;dv=\$M\.dv;/);
    expect(looping[1]).toMatch(/do\{l0=p0\.w0;l0_1=p0\.w1;l0_2=p0\.w2;l0_3=p0\.w3;Zf=\$S\.fuel;/);
    // the variant entered at a loop from the interpreter (tiering.ts): its loads from the frame inside too
    const ir = moduleIRof(m);
    const { grows, tables } = analyseModule(ir);
    const fi = 2; // "sum"
    const defIndex = fi - ir.numImportedFuncs;
    let osr: string | undefined;
    for (let at = ir.bodies.codeStart[defIndex]!; at < ir.bodies.codeEnd[defIndex]! && osr === undefined; at++) {
      try { osr = compileFunction(ir, fi, new ConstPool(), grows, tables, undefined, at); } catch { /* not a loop's offset */ }
    }
    expect(osr).toBeDefined();
    checkShape(osr!);
    expect(osr!).toMatch(/do\{const Kd=\$S\.fsp;if\(Kd>=\d+\)return \$NO;[^]*?l0=\$SI\[/);
    // and it runs as before
    let s = 0, n = 5;
    const mid = (v: number): number => (v + 1) | 0;
    do { s = (s + 0) | 0; s = (mid(s) + mid(n)) | 0; n--; } while (n !== 0);
    expect(x.sum!(5)).toBe(s);
    expect(x.lanes!(4)).toBe(48);
  });
});

describe('JIT limits', () => {
  it('counts a frame around its calls when at most one call that counts can run per call, at entry otherwise', () => {
    // (test/runtime/limits.test.ts checks that the depth limit falls on the same frame either way)
    const { exports: x, source } = jit(wat(`(module
      (import "env" "h" (func $h (param i32)))
      (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $mid (param i32) (result i32) (call $leaf (local.get 0)))
      (func $panics (param i32) (result i32)
        (if (i32.lt_s (local.get 0) (i32.const 0)) (then (drop (call $mid (i32.const 0))) unreachable))
        (if (i32.eq (local.get 0) (i32.const 7)) (then (call $h (i32.const 0)) unreachable))
        (call $leaf (local.get 0)))
      (func $one (param i32) (result i32) (i32.add (call $mid (local.get 0)) (call $leaf (local.get 0))))
      (func $two (param i32) (result i32) (i32.add (call $mid (local.get 0)) (call $mid (local.get 0))))
      (func $looped (param i32) (result i32) (local i32)
        (loop $l (local.set 1 (call $mid (local.get 1))) (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1))
      (func $viaImport (param i32) (call $h (local.get 0)))
      (export "panics" (func $panics)) (export "one" (func $one)) (export "two" (func $two))
      (export "looped" (func $looped)) (export "viaImport" (func $viaImport)))`), { env: { h: () => {} } });
    const fn = (i: number): string => source.slice(source.indexOf(`function f${i}(`)).split('\nfunction ')[0]!;
    const atEntry = (i: number): boolean => /^function f\d+\([^)]*\)\{(?:let [^;]*;do\{)?const Kd=\$S\.fsp;if\(Kd>=\d+\)return \$DP\[\d+\]\([^)]*\);\$S\.fsp=Kd\+1;/.test(fn(i));
    // (function indices: the import is 0, $leaf 1, $mid 2, ...)
    expect(fn(1)).not.toContain('$S.fsp'); // a leaf
    expect(fn(2)).toContain('const Kd=$S.fsp;'); // calls only a leaf: a check, no store
    expect(fn(2)).not.toContain('$S.fsp=');
    // only cold calls: counted just before them, and nothing put back after them
    expect(atEntry(3)).toBe(false);
    expect(fn(3).match(/\$S\.fsp=Kd\+1;/g)).toHaveLength(2);
    expect(fn(3)).not.toContain('$S.fsp=Kd;');
    // one call that counts (and one of a leaf, which does not): around it
    expect(atEntry(4)).toBe(false);
    expect(fn(4)).toMatch(/\$S\.fsp=Kd\+1;I\d+=f2\([^)]*\);\$S\.fsp=Kd;/);
    expect(atEntry(5)).toBe(true); // two
    expect(atEntry(6)).toBe(true); // in a loop
    expect(atEntry(7)).toBe(false); // an import counts too
    expect(fn(7)).toMatch(/\$S\.fsp=Kd\+1;[^;]*;\$S\.fsp=Kd;/);
    expect(x.panics!(3)).toBe(4);
    expect(trapOf(() => x.panics!(-1)).trap).toBe('unreachable');
    expect(trapOf(() => x.panics!(7)).trap).toBe('unreachable');
    expect([x.one!(1), x.two!(1), x.looped!(5)]).toEqual([4, 4, 5]);
  });

  it('runs functions nested too deeply for V8 on the interpreter, called from JIT code both ways', () => {
    const n = 3000;
    const src = `(module
      (func $deep (param i32) (result i32) ${'(block '.repeat(n)} (br_table 0 1 2 3 (local.get 0)) ${')'.repeat(n)} (call $leaf (local.get 0)))
      (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
      (func (export "f") (param i32) (result i32) (call $deep (local.get 0))))`;
    const { m, exports: e } = jit(wat(src));
    expect(jitModules.get(moduleIRof(m))!.interpreted.has(0)).toBe(true);
    expect(e.f!(2)).toBe(102);
  });

  it('runs functions too large for V8 to optimise on the interpreter, with the same results and trap stacks', () => {
    // 4000 memory updates in one function: ~300 KB of JS, far past V8's 60 KB bytecode limit
    const body = Array.from({ length: 4000 }, (_, k) =>
      `(i32.store offset=${(k * 12) % 4000} (local.get 0) (i32.add (i32.load offset=${(k * 28) % 4000} (local.get 0)) (local.get 1)))`).join('\n');
    const src = `(module (memory 1)
      (func $big (param i32 i32) (result i32) ${body} (i32.load offset=8 (local.get 0)))
      (func $small (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "f") (param i32 i32) (result i32) (call $small (call $big (local.get 0) (local.get 1)))))`;
    const bytes = wat(src);
    const { m, exports: e } = jit(bytes);
    const jm = jitModules.get(moduleIRof(m))!;
    expect(jm.interpreted.has(0)).toBe(true);
    expect(jm.interpreted.has(1)).toBe(false);
    expect(estimatedBytecode(compileFunction(moduleIRof(m), 0, new ConstPool(), [false, false, false], []))).toBeGreaterThan(V8_MAX_OPTIMIZED_BYTECODE);
    const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (...a: number[]) => number>;
    for (const [a, b] of [[0, 3], [100, -7], [60000, 1]]) expect(e.f!(a, b), `f(${a}, ${b})`).toBe(native.f!(a, b));
    const err = trapOf(() => e.f!(65530, 1));
    expect(err.trap).toBe('out of bounds memory access');
    expect(err.wasmStack.map((s) => s.name)).toEqual(['big', 'f']);
  });

  it('returns many results (beyond any small fixed register file)', () => {
    const n = 100;
    const src = `(module
      (func $many (result ${'i64 f64 '.repeat(n)}) ${Array.from({ length: n }, (_, i) => `(i64.const ${i}) (f64.const ${i}.5)`).join(' ')})
      (func (export "sum") (result f64) (local $acc f64)
        (call $many)
        ${'local.get $acc f64.add local.set $acc f64.convert_i64_s local.get $acc f64.add local.set $acc '.repeat(n)}
        (local.get $acc)))`;
    const { exports: e } = jit(wat(src));
    let expected = 0;
    for (let i = n - 1; i >= 0; i--) { expected += i + 0.5; expected += i; }
    expect(e.sum!()).toBe(expected);
  });
});
