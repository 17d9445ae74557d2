// On-stack replacement (src/runtime/jit/tiering.ts osrHook, codegen.ts
// osrEntry): a call running on the interpreter changes to JIT code at a loop
// head once its function is translated ('hot'), or at the first loop head it
// reaches ('every-loop', the test mode). Nothing a program sees may change at
// that point: results, NaN bits, traps and their stacks, memory, the depth
// limit, the watchdog.
import { describe, expect, it } from 'vitest';
import { CALL_DEPTH_LIMIT, Instance, Module, moduleIRof, type EngineOptions } from '../../src/runtime/index.ts';
import { lazyModules } from '../../src/runtime/jit/tiering.ts';
import { wat } from '../runtime/wat.ts';
import { trapOf } from '../support/trap.ts';

type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;

const EVERY: EngineOptions = { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' };

function instance(src: string, options: EngineOptions, inst?: { shouldInterrupt?: () => boolean }) {
  const m = new Module(wat(src), options);
  const e = new Instance(m, {}, inst).exports as Exports;
  return { e, lm: lazyModules.get(moduleIRof(m)) };
}

const interp = (src: string, inst?: { shouldInterrupt?: () => boolean }): Exports => instance(src, { engine: 'interp' }, inst).e;

// One long call: a loop that runs n passes, called once.
const SUM = `(module
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.xor (local.get $i) (i32.const 0x55))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))`;

describe('on-stack replacement', () => {
  // First in this file (a fresh module state): under lazy tiering the interpreter's one-time
  // warm-up runs in the middle of the first call that does OP_FUEL transfers, and that call
  // must go on where it was.
  it('goes on where it was after the interpreter warm-up ran in the middle of a call', () => {
    const { e, lm } = instance(SUM, { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30 });
    expect(e.sum!(300_000)).toBe(interp(SUM).sum!(300_000));
    expect(lm!.compiled).toBe(0);
  });

  it('moves a single long call into JIT code once its function is hot', () => {
    const ref = interp(SUM).sum!(3_000_000);
    const { e, lm } = instance(SUM, { engine: 'jit', tiering: 'lazy' });
    expect(e.sum!(3_000_000)).toBe(ref);
    // the call was entered interpreted, sampled hot, translated, and finished in JIT code
    expect(lm!.compiled).toBe(1);
    expect(lm!.osrEntries).toBe(1);
    // a short call finishes interpreted before it is hot: no entry
    const short = instance(SUM, { engine: 'jit', tiering: 'lazy' });
    expect(short.e.sum!(1000)).toBe(interp(SUM).sum!(1000));
    expect(short.lm!.osrEntries).toBe(0);
    // and with OSR off the long call stays interpreted to its end
    const off = instance(SUM, { engine: 'jit', tiering: 'lazy', osr: 'off' });
    expect(off.e.sum!(3_000_000)).toBe(ref);
    expect(off.lm!.osrEntries).toBe(0);
  });

  // Loops at several depths, inside a block, an if's then and else branches and an
  // outer loop, with values of every type on the operand stack below the loop and
  // loop parameters, several results: entered at every loop.
  const SHAPES = `(module (memory 1)
    (func $id (param f64) (result f64) (local.get 0))
    (func (export "nest") (param $n i32) (param $x i64) (result i64 f32 i32) (local $i i32) (local $j i32) (local $f f32) (local $acc i64)
      (local.set $f (f32.reinterpret_i32 (i32.const 0x7fa00001)))
      (i64.const 5) (f32.const nan:0x200003) (f64.const -0.0)
      (block $b (param i64 f32 f64) (result i64 f32 i32)
        (drop)
        (if (param i64 f32) (result i64 f32 i32) (i32.and (local.get $n) (i32.const 1))
          (then
            (loop $o (param i64 f32) (result i64 f32)
              (local.set $j (i32.const 0))
              (loop $in
                (i32.store (i32.const 8) (local.get $j))
                (local.set $acc (i64.add (local.get $acc) (i64.mul (local.get $x) (i64.extend_i32_u (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $in (i32.lt_u (local.get $j) (i32.const 7))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $o (i32.lt_u (local.get $i) (local.get $n))))
            (i32.const 1))
          (else
            (loop $e (param i64 f32) (result i64 f32)
              (f32.add (local.get $f))
              (local.set $acc (i64.rotl (i64.add (local.get $acc) (local.get $x)) (i64.const 13)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $e (i32.lt_u (local.get $i) (local.get $n))))
            (i32.const 2))))
      (local.set $i)
      (local.set $f)
      (i64.add (local.get $acc))
      (local.get $f)
      (i32.add (local.get $i) (i32.trunc_f64_s (call $id (f64.const 3.5))))))`;

  it('runs a long call on at full speed while the compile budget has no time for its entry', () => {
    // $sum's only transfer is its back edge: every stop of the countdown is at its loop head.
    // The budget (a clock that moves 10 ms a read, no refill) has time to translate the
    // function but none left for the variant entered at the loop: the call runs on
    // interpreted, asking the budget once a sample of the countdown, never stepping the
    // loop one transfer at a time (which read the clock at every pass: ~300,000 reads).
    const n = 300_000;
    const ref = interp(SUM).sum!(n);
    let t = 0, reads = 0;
    const spent = instance(SUM, { engine: 'jit', tiering: 'lazy', compileBudget: { now: () => (reads++, t += 10), burstMs: 25, share: 0 } });
    expect(spent.e.sum!(n)).toBe(ref);
    expect(spent.lm!.compiled).toBe(1);
    expect(spent.lm!.osrEntries).toBe(0);
    expect(reads).toBeLessThan(n / 100);
    // a budget that refills as time passes: the call enters JIT code once it has the time
    t = 0;
    const refilled = instance(SUM, { engine: 'jit', tiering: 'lazy', compileBudget: { now: () => (t += 1), burstMs: 3, share: 0.5 } });
    expect(refilled.e.sum!(n)).toBe(ref);
    expect(refilled.lm!.osrEntries).toBe(1);
  });

  it('enters at every loop, whatever encloses it, with the same results and NaN bits as the interpreter and V8', () => {
    const native = new WebAssembly.Instance(new WebAssembly.Module(wat(SHAPES))).exports as Exports;
    const ref = interp(SHAPES);
    const { e, lm } = instance(SHAPES, EVERY);
    const f32bits = (v: number): number => new Int32Array(new Float32Array([v]).buffer)[0]!;
    for (const n of [1, 2, 3, 10, 11, 500]) {
      for (const x of [0n, 3n, -7n, 0x123456789abcdefn]) {
        const want = ref.nest!(n, x) as [bigint, number, number];
        const got = e.nest!(n, x) as [bigint, number, number];
        expect(got[0], `nest(${n}, ${x})`).toBe(want[0]);
        expect(got[2]).toBe(want[2]);
        expect(Number.isNaN(got[1])).toBe(Number.isNaN(want[1]));
        if (!Number.isNaN(want[1])) expect(f32bits(got[1])).toBe(f32bits(want[1]));
        const nat = native.nest!(n, x) as [bigint, number, number];
        expect([got[0], got[2]]).toEqual([nat[0], nat[2]]);
      }
    }
    // entries at the inner loop of the then branch (its first back edge comes first; the
    // outer loop's later passes then run the statements the entry skipped) and at the else
    // branch's loop
    expect(lm!.osrFactories.size).toBe(2);
    expect([...lm!.osrFactories.values()].every((f) => typeof f === 'function')).toBe(true);
    expect(lm!.osrEntries).toBeGreaterThan(0);
  });

  // v128 values live at the entry: a parameter, a local, and a value on the operand stack
  // below the loop (the interpreter's frame holds V128 objects; the JIT, four words each).
  const VECS = `(module (memory (export "mem") 1)
    (func $k (param $p v128) (param $n i32) (result v128) (local $a v128) (local $i i32)
      (local.set $a (v128.const i32x4 0x7fc00001 -1 0x80000000 7))
      (i32x4.mul (local.get $p) (v128.const i32x4 3 3 3 3))
      (loop $l (param v128) (result v128)
        (local.set $a (i16x8.add (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $a) (local.get $a)) (local.get $p)))
        (local.set $p (i32x4.add (local.get $p) (v128.const i32x4 1 -1 2 -2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i8x16.sub (local.get $a)) (i32.lt_u (local.get $i) (local.get $n))))
      (v128.xor (local.get $a)))
    (func (export "go") (param $n i32)
      (v128.store (i32.const 0) (call $k (v128.load (i32.const 16)) (local.get $n)))))`;

  it('enters with v128 parameters, locals and stack values, as the interpreter computes them', () => {
    const run = (e: Exports, n: number): number[] => {
      const mem = e.mem as unknown as { buffer: ArrayBuffer };
      const w = new Int32Array(mem.buffer, 0, 8);
      w.set([0, 0, 0, 0, 0x12345678, -0x7f000001, 0x7fff8000, 5]);
      e.go!(n);
      return [...w.slice(0, 4)];
    };
    const ref = interp(VECS);
    const { e, lm } = instance(VECS, EVERY);
    for (const n of [1, 2, 3, 17, 300]) expect(run(e, n), `go(${n})`).toEqual(run(ref, n));
    expect(lm!.osrFactories.size).toBe(1);
    expect([...lm!.osrFactories.values()].every((f) => typeof f === 'function')).toBe(true);
    expect(lm!.osrEntries).toBeGreaterThan(0);
  });

  // A loop that writes memory every pass, grows the memory at pass 1000 and divides by
  // zero at pass `at`, three calls deep.
  const TRAPS = `(module (memory (export "mem") 1)
    (func $div (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func $loop (param $n i32) (param $at i32) (result i32) (local $i i32) (local $s i32)
      (loop $l
        (i32.store (i32.const 0) (local.get $i))
        (if (i32.eq (local.get $i) (i32.const 1000)) (then (drop (memory.grow (i32.const 1)))))
        (if (i32.ge_u (local.get $i) (i32.const 1000)) (then (i32.store (i32.const 70000) (local.get $i))))
        (local.set $s (i32.add (local.get $s) (call $div (i32.const 1000) (i32.sub (local.get $at) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $s))
    (func $mid (export "mid") (param i32 i32) (result i32) (call $loop (local.get 0) (local.get 1)))
    (func (export "top") (param i32 i32) (result i32) (i32.add (call $mid (local.get 0) (local.get 1)) (i32.const 1))))`;

  it('traps at the same pass with the same wasm stack and memory, and sees memory grown before and after the entry', () => {
    const word = (e: Exports, at: number): number => new Int32Array((e.mem as unknown as { buffer: ArrayBuffer }).buffer)[at / 4]!;
    const ref = interp(TRAPS);
    const refErr = trapOf(() => ref.top!(400_000, 300_000));
    for (const options of [EVERY, { engine: 'jit', tiering: 'lazy' } as const, { engine: 'jit', tiering: 'lazy', hotness: 1 } as const]) {
      const { e, lm } = instance(TRAPS, options);
      const err = trapOf(() => e.top!(400_000, 300_000));
      expect(err.trap).toBe(refErr.trap);
      expect(err.wasmStack.map((f) => f.funcIndex), JSON.stringify(options)).toEqual(refErr.wasmStack.map((f) => f.funcIndex));
      expect(word(e, 0)).toBe(300_000);
      expect(word(e, 70000)).toBe(300_000);
      expect(lm!.osrEntries, JSON.stringify(options)).toBe(0); // it trapped: never ran to its end
      expect(e.top!(2000, 5000)).toBe(ref.top!(2000, 5000));
    }
  });

  // An endless loop; shouldInterrupt says yes at its 30th poll, long after the call moved to JIT code.
  const SPIN = `(module (memory (export "mem") 1)
    (func (export "spin") (local $k i32)
      (loop $l
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (i32.store (i32.const 0) (local.get $k))
        (br $l))))`;

  it('is stopped by the watchdog after the entry as before it', () => {
    for (const options of [EVERY, { engine: 'jit', tiering: 'lazy' } as const]) {
      let polls = 0;
      const { e, lm } = instance(SPIN, options, { shouldInterrupt: () => ++polls >= 30 });
      expect(trapOf(() => e.spin!()).trap).toBe('interrupted');
      expect(lm!.osrFactories.size).toBe(1);
      expect(new Int32Array((e.mem as unknown as { buffer: ArrayBuffer }).buffer)[0]).toBeGreaterThan(100_000);
    }
  });

  // $rec spins a loop in every frame on the way down: entries at every depth.
  const DEPTH = `(module
    (func $rec (export "rec") (param i32) (result i32) (local $w i32)
      (loop $l (br_if $l (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 1))) (i32.const 4))))
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;

  it('keeps the call-depth limit at the same frame when calls enter JIT code at every depth', () => {
    const { e, lm } = instance(DEPTH, EVERY);
    expect(e.rec!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
    const err = trapOf(() => e.rec!(CALL_DEPTH_LIMIT));
    expect(err.trap).toBe('call stack exhausted');
    expect(err.wasmStack[0]!.name).toBe('rec');
    expect(lm!.osrEntries).toBeGreaterThan(0);
    expect(e.rec!(100)).toBe(100);
  });
});
