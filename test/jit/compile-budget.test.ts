// Lazy tiering's compile budget (src/runtime/jit/compile-budget.ts): hot
// functions are translated only while the budget has time left, the rest
// later, and the results never depend on when a function changed tier.
import { describe, expect, it } from 'vitest';
import { Instance, Module, moduleIRof } from '../../src/runtime/index.ts';
import { groupChars, lazyModules } from '../../src/runtime/jit/tiering.ts';
import { CompileBudget, FULL_TURN } from '../../src/runtime/jit/compile-budget.ts';
import { wat } from '../runtime/wat.ts';
import { analyseModule } from '../../src/runtime/jit/analyses.ts';
import { compileFunction, compileSteps, ConstPool, STEP_INSTRUCTIONS } from '../../src/runtime/jit/codegen.ts';

type Fn = (...a: unknown[]) => unknown;

// $run calls six functions through the table: each becomes hot on its own
// (through an exported table, which the JIT cannot take for static: never in its caller's group), so each is one translation.
const SRC = `(module
  (type $t (func (param i32) (result i32)))
  (table (export "tab") 6 funcref)
  (elem (i32.const 0) $a $b $c $d $e $f)
  (func $a (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $b (type $t) (i32.mul (local.get 0) (i32.const 3)))
  (func $c (type $t) (i32.xor (local.get 0) (i32.const 0x55)))
  (func $d (type $t) (i32.sub (local.get 0) (i32.const 7)))
  (func $e (type $t) (i32.rotl (local.get 0) (i32.const 5)))
  (func $f (type $t) (i32.shr_u (local.get 0) (i32.const 1)))
  (func (export "run") (param $x i32) (result i32) (local $i i32)
    (loop $l
      (local.set $x (call_indirect (type $t) (local.get $x) (i32.rem_u (local.get $i) (i32.const 6))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 60))))
    (local.get $x)))`;

/** A clock that moves `step` ms every time it is read: every translation costs `step`. */
function steppingClock(step: number) {
  let t = 0;
  return () => (t += step);
}

function lazy(compileBudget?: { now: () => number; burstMs?: number; share?: number }) {
  const m = new Module(wat(SRC), { engine: 'jit', tiering: 'lazy', hotness: 1, compileBudget });
  const inst = new Instance(m, {});
  return { run: (inst.exports as Record<string, Fn>).run!, lm: lazyModules.get(moduleIRof(m))! };
}

describe('lazy tiering under a compile budget', () => {
  const expected = (() => {
    const { run } = lazy();
    return [1, 2, 3, 4].map((x) => run(x));
  })();

  it('translates everything at once without a budget', () => {
    const { run, lm } = lazy();
    run(1);
    run(1);
    expect(lm.compiled).toBe(7);
  });

  it('translates only while the budget lasts and gives the same results', () => {
    // 10 ms a clock read, a burst of 25 ms that never refills: the first group is translated
    // (10 ms) and parsed (10 ms more) in the first turn; the second turn starts with 5 ms, its
    // translation uses them up, so V8 would parse it at a later turn, which never comes
    const { run, lm } = lazy({ now: steppingClock(10), burstMs: 25, share: 0 });
    expect([1, 2, 3, 4].map((x) => run(x))).toEqual(expected);
    expect(lm.compiled).toBe(1);
    expect(lm.budget!.deferred).toBeGreaterThan(0);
  });

  it('translates the rest later, as time passes', () => {
    // the clock moves 10 ms a read; a share of 1 refills what each translation cost by the next attempt
    const { run, lm } = lazy({ now: steppingClock(10), burstMs: 5, share: 1 });
    const results: unknown[] = [];
    for (let k = 0; k < 4; k++) results.push(...[1, 2, 3, 4].map((x) => run(x)));
    expect(results).toEqual([...expected, ...expected, ...expected, ...expected]);
    expect(lm.compiled).toBe(7);
  });
});

// $run calls $a, $b and $c directly: one group, [run, a, b, c] in that order
// (each has a loop, so the JIT does not inline it into $run).
const GROUP = `(module
  (func $a (export "a") (param i32) (result i32) (loop) (i32.add (local.get 0) (i32.const 1)))
  (func $b (export "b") (param i32) (result i32) (loop) (i32.mul (local.get 0) (i32.const 3)))
  (func $c (param i32) (result i32) (loop) (i32.xor (local.get 0) (i32.const 0x55)))
  (func (export "run") (param $x i32) (result i32)
    (call $c (call $b (call $a (local.get $x))))))`;

describe('a group translated over several turns of the budget', () => {
  it('stops between functions when its time is up, goes on at later calls, and leaves out what another group took meanwhile', () => {
    let t = 0, step = 1;
    const now = () => (t += step);
    const m = new Module(wat(GROUP), { engine: 'jit', tiering: 'lazy', hotness: 1, compileBudget: { now, burstMs: 2, share: 1 } });
    const exports = new Instance(m, {}).exports as Record<string, Fn>;
    const lm = lazyModules.get(moduleIRof(m))!;
    const run = (x: number) => exports.run!(x);
    const expected = (x: number) => (((x + 1) * 3) ^ 0x55);
    // the first turn: 2 ms, one clock read a translation: run and a, then the time is up
    expect(run(4)).toBe(expected(4));
    expect(lm.compiled).toBe(0);
    expect(lm.groups.size).toBe(1);
    expect(lm.factories[3]).toBeUndefined();
    // meanwhile b, called from outside, becomes hot and makes a group of its own
    step = 0;
    t += 100;
    expect(exports.b!(5)).toBe(15);
    expect(lm.factories[1]!.members).toEqual([1]);
    // later calls, a frame apart, finish run's group without b, which is called through $F
    step = 1;
    for (let x = 0; x < 10; x++) {
      t += 16;
      expect(run(x)).toBe(expected(x));
    }
    expect(lm.groups.size).toBe(0);
    expect(lm.factories[3]!.members).toEqual([3, 0, 2]);
    expect(lm.compiled).toBe(4);
  });

  it('is made in one turn without a budget', () => {
    const m = new Module(wat(GROUP), { engine: 'jit', tiering: 'lazy', hotness: 1 });
    const exports = new Instance(m, {}).exports as Record<string, Fn>;
    const lm = lazyModules.get(moduleIRof(m))!;
    expect(exports.run!(4)).toBe(((5 * 3) ^ 0x55));
    expect(lm.factories[3]!.members).toEqual([3, 0, 1, 2]);
  });
});

describe('CompileBudget', () => {
  it('charges each translation with the time it took, never cuts one short, and refills by its share', () => {
    let t = 0;
    const budget = new CompileBudget({ now: () => t, burstMs: 8, share: 0.5 });
    const take = (ms: number) => budget.spend(() => (t += ms));
    expect(take(20)).toBe(true); // 8 → -12: a long one runs to its end
    expect(take(1)).toBe(false);
    t += 20; // +10
    expect(take(1)).toBe(false); // -2
    t += 6; // +3
    expect(take(1)).toBe(true); // 1 → 0
    t += 100; // refills to the burst, not beyond
    expect(take(8)).toBe(true); // 8 → 0
    expect(take(1)).toBe(false);
    expect(budget.deferred).toBe(3);
  });

  it('tells whether a translation asked for now would run, refilling as spend does and spending nothing', () => {
    let t = 0;
    const budget = new CompileBudget({ now: () => t, burstMs: 8, share: 0.5 });
    expect(budget.ready()).toBe(true);
    expect(budget.spend(() => (t += 10))).toBe(true); // 8 → -2
    expect(budget.ready()).toBe(false);
    t += 4; // +2: 0
    expect(budget.ready()).toBe(false);
    t += 2; // +1: 1
    expect(budget.ready()).toBe(true);
    expect(budget.ready()).toBe(true);
    expect(budget.deferred).toBe(0);
    expect(budget.spend(() => (t += 1))).toBe(true); // 1 → 0
    expect(budget.ready()).toBe(false);
  });

  it('tells a translation when the time it was given is up', () => {
    let t = 0;
    const budget = new CompileBudget({ now: () => t, burstMs: 8, share: 0.5 });
    const seen: boolean[] = [];
    budget.spend((within) => {
      for (const at of [0, 5, 7.9, 8, 12]) {
        t = at;
        seen.push(within());
      }
    });
    expect(seen).toEqual([true, true, true, false, false]);
  });

  it('tells whether a need is left, asking at most a full turn\'s share of the burst, and takes charges', () => {
    let t = 0;
    const budget = new CompileBudget({ now: () => t, burstMs: 8, share: 0.5 });
    const seen: boolean[] = [];
    budget.spend((within) => {
      seen.push(within(7), within(100), within(8 * FULL_TURN + 0.01));
      t = 2;
      seen.push(within(5.9), within(6), within(100));
    });
    // a full bucket has a full turn's share for any need; 6 ms left do not hold 6 or more
    expect(seen).toEqual([true, true, true, true, false, false]);
    budget.charge(10); // 8 - 2 - 10
    t += 4; // +2
    expect(budget.spend(() => {})).toBe(false);
    t += 12; // +6: 4
    expect(budget.spend((within) => seen.push(within(3.5), within(4)))).toBe(true);
    expect(seen.slice(6)).toEqual([true, false]);
  });

  it('ends the time it gives at the embedder\'s frame end', () => {
    let t = 0, end = 3;
    const budget = new CompileBudget({ now: () => t, burstMs: 8, share: 0.5, frameEnd: () => end });
    const seen: boolean[] = [];
    budget.spend((within) => {
      seen.push(within(), within(3));
      t = 3;
      seen.push(within());
    });
    t = 100;
    end = Infinity;
    budget.spend((within) => {
      t = 107;
      seen.push(within());
    });
    expect(seen).toEqual([true, false, false, true]);
  });
});

// one function of ~2,000 instructions: 16 steps of the code generator
const BIG = `(module (memory 1)
  (func (export "big") (param $x i32) (result i32)
    ${Array.from({ length: 500 }, (_, k) => `(local.set $x (i32.add (i32.load (i32.const ${k * 4})) (local.get $x)))`).join('\n')}
    (local.get $x)))`;

describe('one function translated over several turns', () => {
  it('gives the same source in steps, interleaved with another translation, as in one go', () => {
    const ir = moduleIRof(new Module(wat(BIG), { engine: 'jit' }));
    const other = moduleIRof(new Module(wat(GROUP), { engine: 'jit' }));
    const { grows, tables } = analyseModule(ir);
    const whole = compileFunction(ir, 0, new ConstPool(), grows, tables);
    const steps = compileSteps(ir, 0, new ConstPool(), grows, tables);
    let pauses = 0;
    let s = steps.next();
    while (!s.done) {
      pauses++;
      // (another function translated while this one is paused)
      const o = analyseModule(other);
      compileFunction(other, 3, new ConstPool(), o.grows, o.tables);
      s = steps.next();
    }
    expect(s.value).toBe(whole);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(2000 / STEP_INSTRUCTIONS) - 1);
  });

  it('stays interpreted until its translation is complete, turn by turn, then runs as JIT code', () => {
    // every clock read 1 ms, a 3 ms burst refilled at the share of 1: a few steps a call
    let t = 0;
    const m = new Module(wat(BIG), { engine: 'jit', tiering: 'lazy', hotness: 1, compileBudget: { now: () => ++t, burstMs: 3, share: 1 } });
    const exports = new Instance(m, {}).exports as Record<string, Fn>;
    const lm = lazyModules.get(moduleIRof(m))!;
    const expected = exports.big!(5);
    let calls = 1;
    while (lm.compiled === 0) {
      expect(lm.groups.size).toBe(1);
      expect(exports.big!(5)).toBe(expected);
      if (++calls > 1000) throw new Error('never translated');
    }
    // (more than one turn: the translation paused and went on)
    expect(calls).toBeGreaterThan(3);
    expect(lm.groups.size).toBe(0);
    expect(lm.factories[0]!.members).toEqual([0]);
    expect(exports.big!(5)).toBe(expected);
  });

  it('stops a turn at the embedder\'s frame end after one step, and still gets there', () => {
    // a large burst, but every frame is already over: one step a call
    let t = 0;
    const calls = (frameEnd?: () => number): number => {
      const m = new Module(wat(BIG), { engine: 'jit', tiering: 'lazy', hotness: 1, compileBudget: { now: () => (t += 0.01), burstMs: 1000, share: 1, frameEnd } });
      const exports = new Instance(m, {}).exports as Record<string, Fn>;
      const lm = lazyModules.get(moduleIRof(m))!;
      const expected = exports.big!(5);
      let n = 1;
      while (lm.compiled === 0) {
        expect(exports.big!(5)).toBe(expected);
        if (++n > 100) throw new Error('never translated');
      }
      return n;
    };
    expect(calls()).toBe(1);
    // 2,000 instructions: 16 steps, then V8's parse in a turn of its own
    expect(calls(() => t - 1)).toBeGreaterThanOrEqual(Math.floor(2000 / STEP_INSTRUCTIONS));
  });
});

// $run calls four functions directly, each with a loop (not inlined) and ~40
// operations: a group of five, ~800 characters of source a member.
const WIDE = (() => {
  const body = (k: number) => {
    let e = '(local.get 0)';
    for (let j = 0; j < 40; j++) e = `(i32.xor (i32.mul ${e} (i32.const ${k * 97 + j * 13 + 3})) (i32.const ${j + k}))`;
    return `(func $c${k} (param i32) (result i32) (loop) ${e})`;
  };
  return `(module ${[0, 1, 2, 3].map(body).join('\n')}
    (func (export "run") (param $x i32) (result i32)
      (call $c3 (call $c2 (call $c1 (call $c0 (local.get $x)))))))`;
})();

describe('a group under a compile budget', () => {
  const make = (compileBudget?: { now: () => number; burstMs: number; share: number }) => {
    const m = new Module(wat(WIDE), { engine: 'jit', tiering: 'lazy', hotness: 1, compileBudget });
    return { run: (new Instance(m, {}).exports as Record<string, Fn>).run!, lm: lazyModules.get(moduleIRof(m))! };
  };
  const expected = [1, 2, 3].map((x) => make().run(x));

  it('takes in only as much source as V8 is estimated to compile in a full turn; the rest make groups of their own', () => {
    let t = 0;
    // a clock that moves only between calls (frames): every turn has its whole time; a 0.5 ms burst holds ~1,700 characters
    const { run, lm } = make({ now: () => t, burstMs: 0.5, share: 1 });
    expect(groupChars(lm.budget)).toBe(Math.floor((0.5 * FULL_TURN) / 0.25e-3));
    for (let k = 0; k < 6; k++) {
      expect([1, 2, 3].map((x) => run(x))).toEqual(expected);
      t += 16;
    }
    const members = lm.factories[4]!.members;
    expect(members[0]).toBe(4);
    expect(members.length).toBeGreaterThan(1);
    expect(members.length).toBeLessThan(5);
    // the callees left out were made hot by their first call from JIT code: groups of their own
    for (let k = 0; k < 4; k++) expect(lm.factories[k]).toBeTruthy();
    expect(lm.compiled).toBe(5);
  });

  it('takes in every callee with a burst that holds them, and without a budget', () => {
    const big = make({ now: () => 0, burstMs: 1000, share: 1 });
    expect([1, 2, 3].map((x) => big.run(x))).toEqual(expected);
    expect(big.lm.factories[4]!.members).toEqual([4, 0, 1, 2, 3]);
    const none = make();
    none.run(1);
    expect(groupChars(none.lm.budget)).toBe(Infinity);
    expect(none.lm.factories[4]!.members).toEqual([4, 0, 1, 2, 3]);
  });
});
