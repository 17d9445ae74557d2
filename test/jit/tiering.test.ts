// Lazy tiering (src/runtime/jit/tiering.ts): functions start on the
// interpreter, are translated when hot, and nothing a program can see
// changes with the tier: results, traps, wasm stacks across tiers, the
// interrupt.
import { describe, expect, it } from 'vitest';
import { CALL_DEPTH_LIMIT, Instance, Module, moduleIRof } from '../../src/runtime/index.ts';
import { lazyModules } from '../../src/runtime/jit/tiering.ts';
import { JitFunc, WARM_POLLS } from '../../src/runtime/jit/instance.ts';
import { FUEL_INTERVAL, state } from '../../src/runtime/interp/stack.ts';
import { funcOfWrapper } from '../../src/runtime/values.ts';
import { funcAt, NOT_MADE } from '../../src/runtime/store.ts';
import { jitDebug } from '../../src/runtime/jit/compile.ts';
import { wat } from '../runtime/wat.ts';
import { trapOf } from '../support/trap.ts';

type Fn = (...a: unknown[]) => unknown;

const SRC = `(module (memory 1)
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $leaf (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $mid (export "mid") (param i32) (result i32) (call $div (i32.const 100) (local.get 0)))
  (func $top (export "top") (param i32) (result i32) (i32.add (call $mid (local.get 0)) (i32.const 1)))
  (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "spin") (loop $l (br $l))))`;

function lazy(hotness: number, options?: { shouldInterrupt?: () => boolean }) {
  const m = new Module(wat(SRC), { engine: 'jit', tiering: 'lazy', hotness });
  const inst = new Instance(m, {}, options);
  const lm = lazyModules.get(moduleIRof(m))!;
  return { e: inst.exports as Record<string, Fn>, lm };
}

/**
 * Runs `fn` with the JIT's inlining off: the tests that watch a small leaf
 * ($leaf, $div, $step) tier up on its own need it to be a function of its
 * own, not code inlined into its caller (codegen.ts inlineCall;
 * test/jit/inline.test.ts covers inlining on the tiered engine).
 */
function noInline(fn: () => void): () => void {
  return () => {
    jitDebug.inline = false;
    try {
      fn();
    } finally {
      jitDebug.inline = true;
    }
  };
}

/** Functions translated so far. */
const compiledCount = (lm: { compiled: number }): number => lm.compiled;

describe('lazy tiering', () => {
  it('validates without translating anything, then translates a function once it is hot', noInline(() => {
    const { e, lm } = lazy(3);
    expect(compiledCount(lm)).toBe(0);
    expect(e.top!(5)).toBe(21);
    expect(e.top!(5)).toBe(21);
    expect(compiledCount(lm)).toBe(0); // two ticks of $top so far
    expect(e.top!(5)).toBe(21); // third: $top is translated (this call still ran interpreted) ...
    // ... in one group with the functions it calls, $mid and $div (calls among them direct)
    expect(compiledCount(lm)).toBe(3);
    expect(lm.factories[4]!.members).toEqual([4, 3, 2]);
    expect(e.top!(4)).toBe(26); // on the JIT
    expect(lm.factories.filter((f) => f !== undefined && f !== null).length).toBe(3);
    // the other functions stay interpreted until they are hot themselves
    expect(lm.factories[0]).toBeUndefined();
  }));

  it('takes into a group only the callees that ran on the interpreter, when its function became hot there', noInline(() => {
    const src = `(module
      (func $a (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $b (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func $c (param i32) (result i32) (i32.xor (local.get 0) (i32.const 0x55)))
      (func (export "run") (param $x i32) (param $flag i32) (result i32)
        (local.set $x (call $a (local.get $x)))
        (if (local.get $flag) (then (local.set $x (call $b (local.get $x)))))
        (call $c (local.get $x))))`;
    const expected = (x: number, flag: number): number => (flag ? (x + 1) * 3 : x + 1) ^ 0x55;
    const make = (hotness: number) => {
      const m = new Module(wat(src), { engine: 'jit', tiering: 'lazy', hotness });
      return { e: new Instance(m, {}).exports as Record<string, Fn>, lm: lazyModules.get(moduleIRof(m))! };
    };
    // hot at its third call: the first two ran interpreted, calling $a and $c, never $b
    const { e, lm } = make(3);
    for (let k = 0; k < 3; k++) expect(e.run!(k, 0)).toBe(expected(k, 0));
    expect(lm.factories[3]!.members).toEqual([3, 0, 2]);
    expect(lm.factories[1]).toBeUndefined();
    // $b, first called from JIT code, is translated then, in a group of its own
    expect(e.run!(5, 1)).toBe(expected(5, 1));
    expect(lm.factories[1]!.members).toEqual([1]);
    expect(e.run!(6, 1)).toBe(expected(6, 1));
    // made hot at its first call, before it ran: nothing is known, so every callee, as before
    const first = make(1);
    expect(first.e.run!(1, 0)).toBe(expected(1, 0));
    expect(first.lm.factories[3]!.members).toEqual([3, 0, 1, 2]);
  }));

  it('gives the same results as the eager JIT and V8 whatever the threshold', () => {
    const native = new WebAssembly.Instance(new WebAssembly.Module(wat(SRC))).exports as Record<string, Fn>;
    for (const hotness of [0, 1, 2, 50]) {
      const { e } = lazy(hotness);
      for (let k = 0; k < 5; k++) for (const n of [0, 1, 7, 1000]) expect(e.sum!(n), `hotness ${hotness}, sum(${n})`).toBe(native.sum!(n));
    }
  });

  it('tiers up a function while its caller runs interpreted (the countdown samples it)', noInline(() => {
    const { e, lm } = lazy(1);
    // one long call: $sum stays interpreted, $leaf is sampled hot and the interpreter then calls its translation
    expect(e.sum!(400_000)).toBe((400_000 * 400_001) / 2 | 0);
    expect(lm.factories[0]).toBeTypeOf('function'); // $leaf
  }));

  it('reports a trap with the same wasm stack on every mix of tiers', () => {
    const expected = ['div', 'mid', 'top'];
    for (const hotness of [0, 1, 2, 3, 1000]) {
      const { e } = lazy(hotness);
      for (let k = 0; k < 6; k++) {
        const err = trapOf(() => e.top!(0));
        expect(err.trap).toBe('integer divide by zero');
        expect(err.wasmStack.map((f) => f.name), `hotness ${hotness}, call ${k}`).toEqual(expected);
        expect(e.top!(10)).toBe(11);
      }
      for (let k = 0; k < 4; k++) expect(trapOf(() => e.load!(65535)).trap).toBe('out of bounds memory access');
    }
  });

  it('interrupts an endless loop on the interpreter and after tier-up', () => {
    let polls = 0;
    const { e, lm } = lazy(1, { shouldInterrupt: () => ++polls % 3 === 0 });
    for (let k = 0; k < 3; k++) {
      const err = trapOf(() => e.spin!());
      expect(err.trap).toBe('interrupted');
    }
    expect(compiledCount(lm)).toBe(1);
  });

  it('leaves a function the JIT does not translate on the interpreter for good', () => {
    const body = Array.from({ length: 4000 }, (_, k) => `(i32.store offset=${(k * 12) % 4000} (local.get 0) (i32.add (i32.load offset=${(k * 28) % 4000} (local.get 0)) (local.get 1)))`).join('\n');
    const src = `(module (memory 1) (func $big (export "big") (param i32 i32) (result i32) ${body} (i32.load offset=8 (local.get 0))))`;
    const m = new Module(wat(src), { engine: 'jit', tiering: 'lazy', hotness: 0 });
    const inst = new Instance(m, {});
    const lm = lazyModules.get(moduleIRof(m))!;
    const big = inst.exports.big as Fn;
    for (let k = 0; k < 3; k++) big(0, 1);
    expect(lm.factories[0]).toBeNull();
    expect(lm.compiled).toBe(0);
  });

  it('switches the function instance itself, so tables and re-exports see the new tier', () => {
    const src = `(module (table 1 funcref) (elem (i32.const 0) $f) (type $t (func (param i32) (result i32)))
      (func $f (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "via") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))
      (export "tab" (table 0)))`;
    const m = new Module(wat(src), { engine: 'jit', tiering: 'lazy', hotness: 0 });
    const inst = new Instance(m, {});
    const via = inst.exports.via as Fn;
    for (let k = 0; k < 4; k++) expect(via(k)).toBe(3 * k);
    const tab = inst.exports.tab as { get(i: number): Fn };
    expect(tab.get(0)(7)).toBe(21);
    const lm = lazyModules.get(moduleIRof(m))!;
    expect(lm.compiled).toBe(2);
  });

  it('makes a function\'s JIT entry when JIT code first calls it, and its invokeSlots when it is translated', noInline(() => {
    // $a calls $b directly and $c through the table (exported: not a static
    // table, so $c is called through the table at run time); $d is never called from JIT code
    const src = `(module (table (export "tab") 1 funcref) (elem (i32.const 0) $c) (type $t (func (param i32) (result i32)))
      (func $a (export "a") (param i32) (result i32)
        (i32.add (call $b (local.get 0)) (call_indirect (type $t) (local.get 0) (i32.const 0))))
      (func $b (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func $c (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
      (func $d (export "d") (param i32) (result i32) (i32.add (local.get 0) (i32.const 7))))`;
    const m = new Module(wat(src), { engine: 'jit', tiering: 'lazy', hotness: 2 });
    const inst = new Instance(m, {});
    const st = funcOfWrapper(inst.exports.a)!.inst!;
    // $b is made at its first call (store.ts NOT_MADE); the exported and the table's are made
    expect(st.funcs[1]).toBe(NOT_MADE);
    const funcs = [0, 1, 2, 3].map((i) => funcAt(st, i) as JitFunc);
    // nothing per function yet: no entry, no invokeSlots (the interpreter needs neither)
    for (const f of funcs) {
      expect(f.jit).toBeUndefined();
      expect(f.invokeSlots).toBeNull();
    }
    const a = inst.exports.a as Fn, d = inst.exports.d as Fn;
    expect(d(1)).toBe(8);
    for (let k = 0; k < 4; k++) expect(a(k)).toBe(3 * k + k - 1);
    const lm = lazyModules.get(moduleIRof(m))!;
    // $a translated with $b in its group, and both switched: JIT entries and invokeSlots
    expect(lm.factories[0]!.members).toEqual([0, 1]);
    for (const f of funcs.slice(0, 2)) {
      expect(f.jit).toBeTypeOf('function');
      expect(f.invokeSlots).toBeTypeOf('function');
    }
    // $c: called through the table from JIT code, so it has an entry (calling it made it hot: translated)
    expect(funcs[2]!.jit).toBeTypeOf('function');
    // $d: only ever interpreted, so still nothing
    expect(funcs[3]!.jit).toBeUndefined();
    expect(funcs[3]!.invokeSlots).toBeNull();
    expect(d(2)).toBe(9);
  }));

  it('gives a translation first run calls after it was made a poll warm-up of its own, asking the host as often', () => {
    // One long call makes `long` hot: its translation is made, and the call
    // ends in the on-stack-replacement variant, which spends the poll
    // warm-up (WARM_POLLS). The translation itself first runs in the next
    // call: entering it starts the warm-up again (tiering.ts firstEntry:
    // every poll calls the helper, the fuel stays at 0), so its poll sites
    // have call feedback before V8 optimises it. Without that, V8 compiled
    // each never-polled site as a deoptimisation point, and ckernels' `run`
    // was thrown away at one after another in every later call
    // (docs/performance.md, "Lazy tiering: a poll warm-up for new code").
    // The loop has more passes than a counted loop's copy without polls takes.
    const fuel: number[] = [];
    let asks = 0;
    const m = new Module(wat(`(module (import "h" "fuel" (func $fuel))
      (func (export "long") (param $n i32)
        (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (call $fuel)))`), { engine: 'jit', tiering: 'lazy' });
    const inst = new Instance(m, { h: { fuel: () => fuel.push(state.fuel) } }, { shouldInterrupt: () => { asks++; return false; } });
    const lm = lazyModules.get(moduleIRof(m))!;
    const long = inst.exports.long as Fn;
    long(WARM_POLLS + 20 * FUEL_INTERVAL);
    expect(lm.osrEntries).toBe(1);
    expect(fuel[0]).toBeGreaterThan(0); // the warm-up is over
    asks = 0;
    const n = 40 * FUEL_INTERVAL;
    long(n);
    expect(fuel[1]).toBe(0); // warming up again
    expect(asks).toBeGreaterThanOrEqual(Math.floor(n / FUEL_INTERVAL) - 1);
    expect(asks).toBeLessThanOrEqual(Math.ceil(n / FUEL_INTERVAL) + 1);
    // once: the same translation's later calls are not warmed up again
    long(WARM_POLLS);
    asks = 0;
    long(n);
    expect(fuel[3]).toBeGreaterThan(0);
    expect(asks).toBeGreaterThanOrEqual(Math.floor(n / FUEL_INTERVAL) - 1);
    expect(asks).toBeLessThanOrEqual(Math.ceil(n / FUEL_INTERVAL) + 1);
  });
});

// A function becoming hot halfway through a run: the interpreter's countdown
// samples it while its caller (one long call from outside, which cannot
// change tier) keeps running interpreted, so later calls of it run the
// translation. What the program sees must not change at that point.
describe('a function tiering up in the middle of a run', () => {
  const interpOf = (src: string, options?: { shouldInterrupt?: () => boolean }) =>
    new Instance(new Module(wat(src), { engine: 'interp' }), {}, options).exports as Record<string, Fn>;
  const lazyOf = (src: string, hotness: number, options?: { shouldInterrupt?: () => boolean }) => {
    const m = new Module(wat(src), { engine: 'jit', tiering: 'lazy', hotness });
    return { e: new Instance(m, {}, options).exports as Record<string, Fn>, lm: lazyModules.get(moduleIRof(m))! };
  };

  // $step is called 400,000 times by one call of "run"; at i = 300,000 it divides by zero.
  // Every pass first writes i to memory, so the memory at the trap tells where it happened.
  const STEPS = `(module (memory (export "mem") 1)
    (func $step (param $i i32) (result i32)
      (i32.store (i32.const 0) (local.get $i))
      (i32.div_u (i32.const 1000) (i32.sub (i32.const 300000) (local.get $i))))
    (func $loop (param $n i32) (result i32) (local $i i32) (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s) (call $step (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $s))
    (func (export "run") (param i32) (result i32) (call $loop (local.get 0))))`;

  it('traps at the same pass, with the same stack and memory, as the interpreter', () => {
    const ref = interpOf(STEPS);
    const refErr = trapOf(() => ref.run!(400_000));
    const refAt = new Int32Array((ref.mem as unknown as { buffer: ArrayBuffer }).buffer)[0];
    expect(refAt).toBe(300_000);
    // (inlined, $step is code in $loop's translation: the trap's stack gets its frame from trap.ts inlinedAt)
    for (const inline of [false, true]) {
      jitDebug.inline = inline;
      try {
        for (const hotness of [2, 3, 5]) {
          const { e, lm } = lazyOf(STEPS, hotness);
          const err = trapOf(() => e.run!(400_000));
          // $step (function 0; inlined: $loop, function 1) was translated during that one call of run
          expect(lm.factories[inline ? 1 : 0], `hotness ${hotness}`).toBeTypeOf('function');
          expect(err.trap).toBe(refErr.trap);
          expect(err.wasmStack.map((f) => f.funcIndex), `hotness ${hotness}`).toEqual(refErr.wasmStack.map((f) => f.funcIndex));
          expect(new Int32Array((e.mem as unknown as { buffer: ArrayBuffer }).buffer)[0]).toBe(refAt);
          expect(e.run!(1000)).toBe(ref.run!(1000));
        }
      } finally {
        jitDebug.inline = true;
      }
    }
  });

  // $rec recurses, spinning a short loop in every frame (so the countdown samples it on the
  // way down); the depth limit must fall at the same frame whether $rec is interpreted,
  // translated, or translated somewhere down the recursion.
  const DEPTH = `(module
    (func $rec (export "rec") (param i32) (result i32) (local $w i32)
      (loop $l (br_if $l (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 1))) (i32.const 4))))
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;

  it('keeps the call-depth limit at the same frame when the recursing function tiers up partway down', () => {
    for (const hotness of [0, 1, 2, 3]) {
      const { e, lm } = lazyOf(DEPTH, hotness);
      // the first deep call: entered interpreted (one tick), sampled hot on the way down (hotness > 1)
      expect(e.rec!(CALL_DEPTH_LIMIT - 1), `hotness ${hotness}`).toBe(CALL_DEPTH_LIMIT - 1);
      expect(lm.compiled, `hotness ${hotness}: translated during the first call`).toBe(1);
      const err = trapOf(() => e.rec!(CALL_DEPTH_LIMIT));
      expect(err.trap).toBe('call stack exhausted');
      expect(err.wasmStack[0]!.name).toBe('rec');
      expect(e.rec!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
    }
  });

  it('a fresh instance traps one frame past the limit even when the tier changes inside that very call', () => {
    for (const hotness of [1, 2, 3]) {
      const { e, lm } = lazyOf(DEPTH, hotness);
      expect(trapOf(() => e.rec!(CALL_DEPTH_LIMIT)).trap, `hotness ${hotness}`).toBe('call stack exhausted');
      expect(lm.compiled, `hotness ${hotness}`).toBe(1);
      expect(e.rec!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
    }
  });

  // The watchdog: an endless loop calling $work; shouldInterrupt says yes at its 40th poll,
  // long after $work has been sampled hot and translated.
  const SPIN = `(module (memory (export "mem") 1)
    (func $work (param i32) (result i32) (local $k i32)
      (loop $l
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $k) (i32.const 50))))
      (i32.add (local.get 0) (local.get $k)))
    (func (export "spin") (local $x i32)
      (loop $l
        (local.set $x (call $work (local.get $x)))
        (i32.store (i32.const 0) (local.get $x))
        (br $l)))
    (func (export "ok") (param i32) (result i32) (call $work (local.get 0))))`;

  it('is stopped by the watchdog on both sides of the tier-up, and runs on afterwards', () => {
    let polls = 0;
    const ask = { shouldInterrupt: () => ++polls % 40 === 0 };
    const ref = interpOf(SPIN, ask);
    expect(trapOf(() => ref.spin!()).wasmStack.at(-1)!.funcIndex).toBe(1);
    for (const hotness of [1, 2, 3, 5]) {
      const { e, lm } = lazyOf(SPIN, hotness, ask);
      for (let k = 0; k < 3; k++) {
        const err = trapOf(() => e.spin!());
        expect(err.trap).toBe('interrupted');
        // innermost first: $work (0) under spin (1), or spin itself; spin is always the outermost
        const idx = err.wasmStack.map((f) => f.funcIndex);
        expect(idx.at(-1), `hotness ${hotness}`).toBe(1);
        expect(idx.length === 1 || (idx.length === 2 && idx[0] === 0), `hotness ${hotness}: ${JSON.stringify(idx)}`).toBe(true);
        // the loop made progress, in whole steps of 50, before it stopped
        const after = new Int32Array((e.mem as unknown as { buffer: ArrayBuffer }).buffer)[0]!;
        expect(after).toBeGreaterThan(0);
        expect(after % 50).toBe(0);
      }
      expect(lm.factories[0], `hotness ${hotness}: $work translated`).toBeTypeOf('function');
      expect(e.ok!(7)).toBe(57);
    }
  });
});
