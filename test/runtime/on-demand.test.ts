// Function instances made on first use (store.ts NOT_MADE, funcAt): an
// instance on the interpreter or the lazily tiered JIT makes a defined
// function's instance only when it is first needed — called, exported, put
// in a table or a global, taken by ref.func, called from JIT code — and
// nothing a program or the JS API sees changes: results, identities, traps
// and the functions they name.
import { describe, expect, it } from 'vitest';
import { Instance, Module, moduleIRof, type Table } from '../../src/runtime/index.ts';
import { funcAt, FuncKind, NOT_MADE, type InstanceState } from '../../src/runtime/store.ts';
import { funcOfWrapper } from '../../src/runtime/values.ts';
import { JitFunc } from '../../src/runtime/jit/instance.ts';
import { lazyModules } from '../../src/runtime/jit/tiering.ts';
import { jitDebug } from '../../src/runtime/jit/compile.ts';
import type { EngineOptions } from '../../src/runtime/engine.ts';
import { wat } from './wat.ts';
import { trapOf } from '../support/trap.ts';

type Fn = (...a: unknown[]) => unknown;

// function indices: 0 entry, 1 direct, 2 viaTable, 3 viaRef, 4 getRef, 5 put,
// 6 never, 7 trapper, 8 callsTrapper, 9 inGlobal, 10 loopy, 11 loopCallee
const SRC = `(module
  (type $t (func (param i32) (result i32)))
  (table (export "tab") 4 funcref)
  (elem (i32.const 0) $viaTable)
  (elem declare func $viaRef)
  (func $entry (export "entry") (param i32) (result i32)
    (i32.add (call $direct (local.get 0)) (call_indirect (type $t) (local.get 0) (i32.const 0))))
  (func $direct (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $viaTable (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
  (func $viaRef (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
  (func $getRef (export "getRef") (result funcref) (ref.func $viaRef))
  (func $put (export "put") (table.set 0 (i32.const 1) (ref.func $viaRef)))
  (func $never (param i32) (result i32) (local.get 0))
  (func $trapper (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $callsTrapper (export "callsTrapper") (param i32) (result i32) (call $trapper (local.get 0)))
  (func $inGlobal (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
  (func $loopy (export "loopy") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $loopCallee (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func $loopCallee (param i32) (result i32) (i32.and (local.get 0) (i32.const 3)))
  (global (export "g") funcref (ref.func $inGlobal)))`;

const ENGINES: [string, EngineOptions][] = [
  ['the interpreter', { engine: 'interp' }],
  ['the lazily tiered JIT, never hot', { engine: 'jit', tiering: 'lazy', hotness: 1_000_000 }],
  ['the lazily tiered JIT, hot at once', { engine: 'jit', tiering: 'lazy', hotness: 0 }],
  ['the lazily tiered JIT, entered at every loop', { engine: 'jit', tiering: 'lazy', hotness: 1_000_000, osr: 'every-loop' }],
];

function instantiate(options: EngineOptions, bytes = wat(SRC)) {
  const inst = new Instance(new Module(bytes, options), {});
  const e = inst.exports as Record<string, Fn> & { tab: Table; g: { value: unknown } };
  return { e, st: funcOfWrapper(Object.values(e).find((v) => typeof v === 'function'))!.inst! };
}

/** Indices of the functions not made yet. */
const notMade = (st: InstanceState): number[] => st.funcs.flatMap((f, i) => (f === NOT_MADE ? [i] : []));

describe.each(ENGINES)('function instances on first use, on %s', (_, options) => {
  it('makes at `new Instance` only what is exported, in a table or in a global', () => {
    const { st } = instantiate(options);
    // (entry, viaTable, getRef, put, callsTrapper, inGlobal and loopy are made; viaRef,
    // declared for ref.func by a declarative segment, is not)
    expect(notMade(st)).toEqual([1, 3, 6, 7, 11]);
  });

  it('makes a function at its first call, and the same one is called from then on', () => {
    const { e, st } = instantiate(options);
    expect(e.entry(5)).toBe(15 + 4);
    const direct = st.funcs[1]!;
    expect(direct).not.toBe(NOT_MADE);
    expect(direct.index).toBe(1);
    expect(direct.inst).toBe(st);
    expect(e.entry(6)).toBe(18 + 5);
    expect(st.funcs[1]).toBe(direct);
    expect(e.loopy(10)).toBe(13);
    expect(notMade(st)).toEqual([3, 6, 7]);
  });

  it('keeps the JS API\'s identities: ref.func, the table and the exports give one function object each', () => {
    const { e, st } = instantiate(options);
    const f = e.getRef() as Fn;
    expect(typeof f).toBe('function');
    expect(e.getRef()).toBe(f);
    expect(notMade(st)).toEqual([1, 6, 7, 11]);
    e.put();
    expect(e.tab.get(1)).toBe(f);
    expect(f(1)).toBe(101);
    expect(e.tab.get(0)).toBe(e.tab.get(0));
    expect((e.tab.get(0) as Fn)(10)).toBe(9);
    expect((e.g.value as Fn)(1)).toBe(8);
    expect(e.g.value).toBe(e.g.value);
    // made through the API, as through funcAt: one function instance
    expect(funcOfWrapper(f)).toBe(funcAt(st, 3));
    // an export is the same function object each time, and the table holds it too
    e.tab.set(2, e.entry);
    expect(e.tab.get(2)).toBe(e.entry);
  });

  it('names the function made on first use in a trap\'s wasm stack', () => {
    const { e } = instantiate(options);
    expect(e.callsTrapper(1)).toBe(1);
    const err = trapOf(() => e.callsTrapper(0));
    expect(err.trap).toBe('integer divide by zero');
    expect(err.wasmStack.map((f) => f.name)).toEqual(['trapper', 'callsTrapper']);
    expect(err.wasmStack.map((f) => f.funcIndex)).toEqual([7, 8]);
  });

  it('makes a function first reached by a call that traps before it runs at the same place as before', () => {
    // (a call as deep as the stack allows: the callee is made, then the call traps)
    const src = `(module (func $r (export "r") (param i32) (result i32)
      (if (result i32) (local.get 0) (then (call $s (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))
      (func $s (param i32) (result i32) (call $r (local.get 0))))`;
    const { e } = instantiate(options, wat(src));
    expect(e.r(100)).toBe(0);
    const err = trapOf(() => e.r(1_000_000));
    expect(err.trap).toBe('call stack exhausted');
  });
});

describe('function instances on first use, and JIT code', () => {
  it('makes a function JIT code calls through $F when its caller\'s code is made, in every instance', () => {
    jitDebug.inline = false;
    try {
      // $b's group takes $x; $a's, made after it, calls $x through $F
      const src = `(module
        (func $a (export "a") (param i32) (result i32) (i32.add (call $x (local.get 0)) (i32.const 1)))
        (func $b (export "b") (param i32) (result i32) (i32.mul (call $x (local.get 0)) (i32.const 2)))
        (func $x (param i32) (result i32) (i32.xor (local.get 0) (i32.const 5))))`;
      const bytes = wat(src);
      const m = new Module(bytes, { engine: 'jit', tiering: 'lazy', hotness: 0 });
      const first = new Instance(m, {}).exports as Record<string, Fn>;
      expect(first.b(1)).toBe(8);
      expect(first.a(1)).toBe(5);
      const lm = lazyModules.get(moduleIRof(m))!;
      expect(lm.factories[1]!.members).toEqual([1, 2]);
      expect(lm.factories[0]!.members).toEqual([0]);
      // a second instance: $a's factory exists; its $F[2] is linked to this instance's $x, made then
      const second = new Instance(m, {}).exports as Record<string, Fn>;
      const st = funcOfWrapper(second.a)!.inst!;
      expect(st.funcs[2]).toBe(NOT_MADE);
      expect(second.a(2)).toBe(8);
      const x = st.funcs[2]!;
      expect(x).toBeInstanceOf(JitFunc);
      expect(x.inst).toBe(st);
      // $x is called on the interpreter from $a's JIT code, which made it hot: translated in its own group
      expect(second.a(3)).toBe(7);
      expect(second.b(3)).toBe(12);
      expect(x.kind).toBe(FuncKind.Engine);
      // the first instance's functions were not touched
      expect(funcOfWrapper(first.a)!.inst).not.toBe(st);
    } finally {
      jitDebug.inline = true;
    }
  });

  it('makes every member of a group when the group changes tier', () => {
    jitDebug.inline = false;
    try {
      const { e, st } = instantiate({ engine: 'jit', tiering: 'lazy', hotness: 0 });
      expect(st.funcs[1]).toBe(NOT_MADE);
      expect(e.entry(2)).toBe(6 + 1);
      // entry's group: entry and direct (called directly), made and translated together
      const direct = st.funcs[1]!;
      expect(direct).toBeInstanceOf(JitFunc);
      expect(direct.kind).toBe(FuncKind.Engine);
      expect(notMade(st)).toEqual([3, 6, 7, 11]);
    } finally {
      jitDebug.inline = true;
    }
  });

  it('makes every function at `new Instance` on the eager JIT (it links them all at the first call)', () => {
    const { e, st } = instantiate({ engine: 'jit', tiering: 'eager' });
    expect(notMade(st)).toEqual([]);
    expect(e.entry(5)).toBe(19);
  });
});
