// The engine's resource limits (src/runtime/limits.ts), the same on both
// engines: memory and table sizes, bulk work counted for shouldInterrupt, one
// call-depth limit, compile budgets and the JIT's whole-module fallback.
import { describe, expect, it } from 'vitest';
import {
  CALL_DEPTH_LIMIT, CompileInterrupted, Instance, LimitError, Module, RuntimeError, moduleEngine,
} from '../../src/runtime/index';
import { clearCompileCache, jitDebug } from '../../src/runtime/jit/compile';
import { BULK_ASK_UNITS } from '../../src/runtime/limits';
import { R, SLOTS } from '../../src/runtime/interp/stack';
import { constsCallsDrops, emptyFunctions } from '../../bench/lib/gen-modules';
import { wat } from './wat';

/** 'tiered': lazy tiering at hotness 1, so functions change tier in the middle of a deep recursion. */
const ENGINES = ['interp', 'jit', 'tiered'] as const;
type Exports = Record<string, (...args: number[]) => number>;

function instance(src: string | Uint8Array, engine: (typeof ENGINES)[number], options = {}): Exports {
  const bytes = typeof src === 'string' ? wat(src) : src;
  const m = new Module(bytes, engine === 'tiered' ? { engine: 'jit', tiering: 'lazy', hotness: 1 } : { engine });
  return new Instance(m, {}, options).exports as Exports;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** A depth probe: `probe` recurses without end, counting its frames in `max`. */
const PROBE = `(module
  (global $d (mut i32) (i32.const 0))
  (global $max (mut i32) (i32.const 0))
  (func $p (export "probe") (local i32 i32 f64)
    (global.set $d (i32.add (global.get $d) (i32.const 1)))
    (if (i32.gt_u (global.get $d) (global.get $max)) (then (global.set $max (global.get $d))))
    (call $p)
    (global.set $d (i32.sub (global.get $d) (i32.const 1))))
  (func $leaf (result i32) (global.get $d))
  (func $q (export "probeLeaf")
    (global.set $d (i32.add (global.get $d) (i32.const 1)))
    (global.set $max (call $leaf))
    (call $q))
  (func (export "max") (result i32) (global.get $max))
  (func (export "reset") (global.set $d (i32.const 0)) (global.set $max (i32.const 0)))
  (func $r (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))`;

describe('memory and table limits', () => {
  it.each(ENGINES)('a memory whose minimum is over the limit fails instantiation naming it (%s)', (engine) => {
    const e = thrown(() => instance('(module (memory 4))', engine, { limits: { memoryBytes: 3 * 65536 } }));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).message).toBe('limit: memory 262144 bytes exceeds 196608');
    expect((e as LimitError).resource).toBe('memory');
  });

  it.each(ENGINES)('memory.grow past the limit returns -1 and grows nothing (%s)', (engine) => {
    const ex = instance(`(module (memory (export "m") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size)))`, engine, { limits: { memoryBytes: 4 * 65536 } });
    expect(ex.grow!(3)).toBe(1);
    expect(ex.grow!(1)).toBe(-1);
    expect(ex.size!()).toBe(4);
  });

  it.each(ENGINES)('a table of a billion entries is refused before anything is allocated (%s)', (engine) => {
    const e = thrown(() => instance('(module (table 1000000000 funcref))', engine));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as Error).message).toBe('limit: table 0 1000000000 entries exceeds 10000000');
  });

  it.each(ENGINES)('table.grow past the table limit returns -1 (%s)', (engine) => {
    const ex = instance(`(module (table $t 1 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0))))`, engine, { limits: { tableEntries: 100 } });
    expect(ex.grow!(99)).toBe(1);
    expect(ex.grow!(1)).toBe(-1);
  });
});

describe('bulk work is counted for the watchdog', () => {
  it.each(ENGINES)('one memory.fill larger than the piece size is interrupted between pieces (%s)', (engine) => {
    const pages = (3 * BULK_ASK_UNITS) / 65536;
    let asks = 0;
    const ex = instance(`(module (memory (export "m") ${pages})
      (func (export "fill") (memory.fill (i32.const 0) (i32.const 9) (i32.const ${3 * BULK_ASK_UNITS})))
      (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))`, engine, { shouldInterrupt: () => ++asks > 0 });
    const e = thrown(() => ex.fill!());
    expect((e as RuntimeError).trap).toBe('interrupted');
    // pieces in order: the first is done, the last never started
    expect(ex.at!(3 * BULK_ASK_UNITS - 1)).toBe(0);
  });

  it.each(ENGINES)('a loop of memory.copy asks shouldInterrupt every BULK_ASK_UNITS bytes (%s)', (engine) => {
    let asks = 0;
    const ex = instance(`(module (memory 17)
      (func (export "copy") (param i32) (loop $l
        (memory.copy (i32.const 1) (i32.const 0) (i32.const 0x100000))
        (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))`, engine, { shouldInterrupt: () => { asks++; return false; } });
    ex.copy!(64); // 64 MiB in 1 MiB copies: 4 asks from the bulk work (the loop's own polls are rarer)
    expect(asks).toBeGreaterThanOrEqual(3);
  });
});

/**
 * Recursions through functions that count their frame around their calls
 * (jit/codegen.ts depthPrologue: $a, $b, $once) and at entry ($c: a call in a
 * loop; "many": the same), with a leaf at the bottom. a(n) nests 2n + 1
 * frames (a, b, a, ..., a) and returns n + 1, b(n) one more; c(n) nests
 * n + 1; many(n, k) calls $once(n) → a(n) k times, 2n + 3 frames.
 */
const AROUND_CALLS = `(module
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $a (export "a") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (call $leaf (i32.const 0)))
      (else (i32.add (call $b (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $b (export "b") (param i32) (result i32)
    (if (i32.lt_s (local.get 0) (i32.const 0)) (then (drop (call $a (i32.const 0))) unreachable))
    (call $a (local.get 0)))
  (func $c (export "c") (param i32) (result i32) (local i32)
    (if (i32.eqz (local.get 0)) (then (return (i32.const 0))))
    (loop $l
      (local.set 1 (call $c (i32.sub (local.get 0) (i32.const 1))))
      (br_if $l (i32.lt_s (local.get 1) (i32.const 0))))
    (i32.add (local.get 1) (i32.const 1)))
  (func $once (param i32) (result i32) (call $a (local.get 0)))
  (func (export "many") (param i32 i32) (result i32) (local i32)
    (loop $l
      (local.set 2 (call $once (local.get 0)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2)))`;

describe('one call-depth limit for every engine', () => {
  it.each(ENGINES)('frames counted around their calls or at entry: the limit falls on the same frame, and the depth is put back after each call (%s)', (engine) => {
    const ex = instance(AROUND_CALLS, engine);
    const half = CALL_DEPTH_LIMIT / 2;
    expect(ex.a!(half - 1)).toBe(half);
    expect((thrown(() => ex.a!(half)) as RuntimeError).trap).toBe('call stack exhausted');
    expect(ex.c!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
    expect((thrown(() => ex.c!(CALL_DEPTH_LIMIT)) as RuntimeError).trap).toBe('call stack exhausted');
    // $once puts the depth back after each of its calls, or the later ones would trap
    expect(ex.many!(half - 2, 5)).toBe(half - 1);
    expect((thrown(() => ex.many!(half - 1, 1)) as RuntimeError).trap).toBe('call stack exhausted');
    // a cold call (followed by unreachable) counts the frame too
    expect((thrown(() => ex.b!(-1)) as RuntimeError).trap).toBe('unreachable');
    expect(ex.b!(half - 1)).toBe(half);
    expect((thrown(() => ex.b!(half)) as RuntimeError).trap).toBe('call stack exhausted');
    expect(ex.a!(half - 1)).toBe(half);
  });

  it.each(ENGINES)('the depth probe reaches CALL_DEPTH_LIMIT frames, a leaf one more (%s)', (engine) => {
    const ex = instance(PROBE, engine);
    expect((thrown(() => ex.probe!()) as RuntimeError).trap).toBe('call stack exhausted');
    expect(ex.max!()).toBe(CALL_DEPTH_LIMIT);
    ex.reset!();
    expect((thrown(() => ex.probeLeaf!()) as RuntimeError).trap).toBe('call stack exhausted');
    // the leaf ran at depth CALL_DEPTH_LIMIT + 1, seeing CALL_DEPTH_LIMIT frames counted below it
    expect(ex.max!()).toBe(CALL_DEPTH_LIMIT);
  });

  it.each(ENGINES)('a recursion 10,000 deep works, and one frame past the limit traps (%s)', (engine) => {
    const ex = instance(PROBE, engine);
    expect(ex.rec!(10_000)).toBe(10_000);
    expect(ex.rec!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
    expect((thrown(() => ex.rec!(CALL_DEPTH_LIMIT)) as RuntimeError).trap).toBe('call stack exhausted');
    // and the engine is usable afterwards, at full depth again
    expect(ex.rec!(CALL_DEPTH_LIMIT - 1)).toBe(CALL_DEPTH_LIMIT - 1);
  });

  it.each(ENGINES)('references in every frame survive a recursion that grows the reference slots, which stay dense (%s)', (engine) => {
    // 40 slots a frame, 20,000 frames: far past the 16,384 reference slots made at load
    const locals = Array.from({ length: 36 }, () => 'i64').join(' ');
    const ex = instance(`(module
      (func $r (export "r") (param $x externref) (param $n i32) (result externref) (local $keep externref) (local ${locals})
        (local.set $keep (local.get $x))
        (if (i32.eqz (local.get $n)) (then (return (local.get $x))))
        (drop (call $r (ref.null extern) (i32.sub (local.get $n) (i32.const 1))))
        (local.get $keep)))`, engine) as unknown as Record<string, (x: unknown, n: number) => unknown>;
    const mark = { mark: 1 };
    expect(ex.r!(mark, CALL_DEPTH_LIMIT - 2)).toBe(mark);
    // (the JIT runs this recursion on the JS stack, the interpreter in slots)
    if (engine === 'interp') expect(R.length).toBeGreaterThan((CALL_DEPTH_LIMIT - 2) * 40);
    expect(R.length).toBeLessThanOrEqual(SLOTS + 1);
    // grown in place, filled: no hole (a read of one is undefined, and a far write makes the array sparse)
    expect(R.findIndex((v) => v === undefined)).toBe(-1);
  });

  it('frames of both engines count together: a JIT module calling an interpreted one', () => {
    const callee = new Instance(new Module(wat(PROBE), { engine: 'interp' }), {});
    const mixed = new Instance(new Module(wat(`(module (import "m" "rec" (func $rec (param i32) (result i32)))
      (func $down (export "down") (param i32 i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (call $rec (local.get 1)))
          (else (call $down (i32.sub (local.get 0) (i32.const 1)) (local.get 1))))))`), { engine: 'jit' }),
    { m: { rec: callee.exports.rec } }).exports as Exports;
    // 5,000 JIT frames (down 4,999..0), then rec's n + 1 interpreted frames
    expect(mixed.down!(4999, CALL_DEPTH_LIMIT - 5000 - 1)).toBe(CALL_DEPTH_LIMIT - 5000 - 1);
    expect((thrown(() => mixed.down!(4999, CALL_DEPTH_LIMIT - 5000)) as RuntimeError).trap).toBe('call stack exhausted');
  });
});

describe('compile time and the JIT fallback', () => {
  it('N constants, N calls, N drops compile on the JIT (quadratic before: 137 s at N = 60,000)', () => {
    clearCompileCache();
    const start = performance.now();
    new Module(constsCallsDrops(60_000), { engine: 'jit' });
    // a generous bound: the point is minutes against seconds (bench/compile.ts measures it)
    expect(performance.now() - start).toBeLessThan(60_000);
  }, 120_000);

  it('200,000 empty functions instantiate and run on the JIT', () => {
    clearCompileCache();
    const ex = instance(emptyFunctions(200_000), 'jit');
    expect(ex.run!()).toBeUndefined();
  }, 180_000);

  it('a compile past its budget stops with "compiling took too long"', () => {
    let polls = 0;
    const e = thrown(() => new Module(constsCallsDrops(1000), { engine: 'jit', interruptCompile: () => ++polls > 1 }));
    expect(e).toBeInstanceOf(CompileInterrupted);
    expect((e as Error).message).toBe('compiling took too long');
  });

  it('a module the JIT refuses runs on the interpreter, which says why', () => {
    clearCompileCache();
    const saved = jitDebug.maxSource;
    jitDebug.maxSource = 100;
    try {
      const m = new Module(wat(PROBE), { engine: 'jit' });
      const used = moduleEngine(m);
      expect(used.engine).toBe('interp');
      expect(used.refused).toMatch(/^the module is too large for the JIT \(\d+ characters of JavaScript, at most 100\)$/);
      const ex = new Instance(m, {}).exports as Exports;
      expect(ex.rec!(100)).toBe(100);
    } finally {
      jitDebug.maxSource = saved;
      clearCompileCache();
    }
    expect(moduleEngine(new Module(wat(PROBE), { engine: 'jit' }))).toEqual({ engine: 'jit' });
  });
});
