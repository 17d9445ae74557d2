import { describe, expect, it } from 'vitest';
import { Instance, Module, invokeRaw, type RawValue } from '../../src/runtime/index.ts';
import { wat } from './wat.ts';
import { trapOf, trapText } from '../support/trap.ts';
import { install, store, storeUsed } from '../../src/runtime/interp/codestore.ts';
import { OP_BITS, packSlotCode } from '../../src/runtime/interp/pack.ts';

function instantiate(src: string, imports?: Record<string, Record<string, unknown>>, options?: { shouldInterrupt?: () => boolean }) {
  return new Instance(new Module(wat(src)), imports, options).exports as Record<string, (...args: unknown[]) => unknown>;
}

describe('interpreter traps', () => {
  const e = instantiate(`(module
    (memory 1)
    (table 2 funcref)
    (type $v (func))
    (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func $outer (export "outer") (param i32) (result i32) (call $div (i32.const 1) (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "unreachable") unreachable)
    (func (export "indirect") (param i32) (call_indirect (type $v) (local.get 0)))
    (func $rec (export "rec") (param i32) (result i32) (i32.add (i32.const 1) (call $rec (local.get 0))))
  )`);

  it('reports the trap kind and the wasm stack with names, innermost first', () => {
    const err = trapOf(() => e.outer!(0));
    expect(err.trap).toBe('integer divide by zero');
    expect(err.wasmStack).toEqual([
      { funcIndex: 0, name: 'div' },
      { funcIndex: 1, name: 'outer' },
    ]);
    expect(err.message).toBe('integer divide by zero\n    at div (func 0)\n    at outer (func 1)');
    expect(trapOf(() => e.div!(-2147483648, -1)).trap).toBe('integer overflow');
  });

  it('traps on out-of-bounds memory, bad conversions and unreachable', () => {
    expect(e.load!(65528)).toBe(0);
    expect(trapOf(() => e.load!(65529)).trap).toBe('out of bounds memory access');
    expect(trapOf(() => e.load!(-1)).trap).toBe('out of bounds memory access'); // 0xffffffff + 4 does not wrap
    expect(trapOf(() => e.trunc!(NaN)).trap).toBe('invalid conversion to integer');
    expect(trapOf(() => e.trunc!(2147483648)).trap).toBe('integer overflow');
    expect(e.trunc!(-2147483648.9)).toBe(-2147483648);
    expect(trapOf(() => e.unreachable!()).trap).toBe('unreachable');
  });

  it('traps on call_indirect errors', () => {
    expect(trapOf(() => e.indirect!(0)).trap).toBe('uninitialized element');
    expect(trapOf(() => e.indirect!(5)).trap).toBe('undefined element');
  });

  it('reports infinite recursion as call stack exhausted, and keeps working afterwards', () => {
    const err = trapOf(() => e.rec!(0));
    expect(err.trap).toBe('call stack exhausted');
    expect(e.div!(7, 2)).toBe(3);
  });
});

describe('NaN bits and float semantics', () => {
  const e = instantiate(`(module
    (func (export "f32id") (param f32) (result f32) (local.get 0))
    (func (export "f32neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "f32abs") (param f32) (result f32) (f32.abs (local.get 0)))
    (func (export "f32copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
    (func (export "f32bits") (param i32) (result i32) (i32.reinterpret_f32 (f32.reinterpret_i32 (local.get 0))))
    (func (export "f64neg") (param f64) (result f64) (f64.neg (local.get 0)))
    (func (export "f32add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "f32mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
    (func (export "f64add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
    (func (export "f64mul") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
    (func (export "f64addc") (param f64) (result f64) (f64.add (local.get 0) (f64.const -nan:0xfffffffffc732)))
    (func (export "f64madd") (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
    (func (export "f32min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
    (memory 1)
    (func (export "storeload") (param f32) (result f32) (f32.store (i32.const 8) (local.get 0)) (f32.load (i32.const 8)))
  )`);
  const f32 = (bits: number): RawValue => ({ type: 'f32', bits });
  const raw = (name: string, ...args: RawValue[]) => invokeRaw(e[name]!, args);

  it('keeps signalling f32 NaN payloads through locals, memory, neg, abs and copysign', () => {
    const snan = 0x7fa00001;
    expect(raw('f32id', f32(snan))).toEqual([f32(snan)]);
    expect(raw('storeload', f32(snan))).toEqual([f32(snan)]);
    expect(raw('f32neg', f32(snan))).toEqual([f32((snan | 0x80000000) >>> 0)]);
    expect(raw('f32abs', f32(0xffa00001))).toEqual([f32(snan)]);
    expect(raw('f32copysign', f32(snan), f32(0x80000000))).toEqual([f32(0xffa00001)]);
    expect(raw('f32bits', { type: 'i32', value: 0x7f800001 })).toEqual([{ type: 'i32', value: 0x7f800001 }]);
  });

  it('keeps f64 NaN payloads through neg', () => {
    const bits = 0x7ff0000000000001n;
    expect(raw('f64neg', { type: 'f64', bits })).toEqual([{ type: 'f64', bits: bits | 0x8000000000000000n }]);
  });

  it('produces arithmetic NaNs (quiet bit set) from arithmetic on NaNs', () => {
    const [r] = raw('f32add', f32(0x7fa00001), f32(0x3f800000)) as unknown as [{ bits: number }];
    expect((r.bits & 0x7fc00000) >>> 0).toBe(0x7fc00000);
  });

  it('gives the second operand\'s NaN (quieted) when both operands of an add or mul are NaN', () => {
    // x86 returns the first operand's NaN and V8 may swap a commutative op's
    // operands; the interpreter fixes the choice (as the JIT's code gives it)
    const f64 = (bits: bigint): RawValue => ({ type: 'f64', bits });
    for (let i = 0; i < 3; i++) {
      expect(raw('f32add', f32(0x7fc00123), f32(0xffa00456))).toEqual([f32(0xffe00456)]);
      expect(raw('f32mul', f32(0xffa00456), f32(0x7fc00123))).toEqual([f32(0x7fc00123)]);
      expect(raw('f64add', f64(0x7ff8000000000123n), f64(0xfff0000000000456n))).toEqual([f64(0xfff8000000000456n)]);
      expect(raw('f64mul', f64(0xfff0000000000456n), f64(0x7ff8000000000123n))).toEqual([f64(0x7ff8000000000123n)]);
      expect(raw('f64addc', f64(0x7ff8000000000123n))).toEqual([f64(0xffffffffffffc732n)]);
      expect(raw('f64madd', f64(0x7ff8000000000001n), f64(0x7ff8000000000002n), f64(0x7ff8000000000003n))).toEqual([f64(0x7ff8000000000002n)]);
    }
  });

  it('rounds half to even and keeps the sign of zero', () => {
    expect(e.nearest!(2.5)).toBe(2);
    expect(e.nearest!(3.5)).toBe(4);
    expect(Object.is(e.nearest!(-0.5), -0)).toBe(true);
    expect(Object.is(e.f32min!(0, -0), -0)).toBe(true);
  });
});

describe('i64 arithmetic matches the platform engine', () => {
  const ops = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
  const cmps = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
  const unary = ['clz', 'ctz', 'popcnt'];
  const src = `(module
    ${ops.map((o) => `(func (export "${o}") (param i64 i64) (result i64) (i64.${o} (local.get 0) (local.get 1)))`).join('\n')}
    ${cmps.map((o) => `(func (export "${o}") (param i64 i64) (result i32) (i64.${o} (local.get 0) (local.get 1)))`).join('\n')}
    ${unary.map((o) => `(func (export "${o}") (param i64) (result i64) (i64.${o} (local.get 0)))`).join('\n')}
    (func (export "f32u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
    (func (export "f32s") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
    (func (export "f64u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
    (func (export "trunc_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
    (func (export "trunc_s") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
  )`;
  const bytes = wat(src);
  const ours = new Instance(new Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;
  const ref = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;

  let seed = 12345;
  const rnd32 = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return seed >>> 0;
  };
  const specials = [0n, 1n, -1n, 2n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n];
  const values: bigint[] = [...specials];
  for (let i = 0; i < 60; i++) {
    const v = BigInt.asIntN(64, (BigInt(rnd32()) << 32n) | BigInt(rnd32()));
    values.push(v, v >> BigInt(rnd32() % 64));
  }
  const call = (f: (...a: unknown[]) => unknown, ...a: unknown[]) => {
    try {
      return f(...a);
    } catch (e) {
      return `trap ${(e as Error).message.split('\n')[0]}`;
    }
  };

  it('binary ops and comparisons', () => {
    for (const op of [...ops, ...cmps]) {
      for (let i = 0; i < values.length; i++) {
        const a = values[i]!;
        const b = values[(i * 7 + 3) % values.length]!;
        const want = call(ref[op]!, a, b);
        const got = call(ours[op]!, a, b);
        if (typeof want === 'string') expect(typeof got, `${op}(${a}, ${b})`).toBe('string');
        else expect(got, `${op}(${a}, ${b})`).toBe(want);
      }
    }
  });

  it('unary ops and conversions', () => {
    for (const op of [...unary, 'f32u', 'f32s', 'f64u']) {
      for (const a of values) expect(ours[op]!(a), `${op}(${a})`).toBe(ref[op]!(a));
    }
    // rounding of u64 -> f32 needs more than double precision
    for (const a of [0x7fffff4000000001n, 0x8000008000000001n, 0xfffffe8000000001n, -0x7fffff4000000001n]) {
      expect(ours.f32s!(BigInt.asIntN(64, a))).toBe(ref.f32s!(BigInt.asIntN(64, a)));
      expect(ours.f32u!(BigInt.asIntN(64, a))).toBe(ref.f32u!(BigInt.asIntN(64, a)));
    }
    for (const x of [0, -0.9, 1.5, 2 ** 63, 2 ** 64, -(2 ** 63), 1e300, -1e300, NaN, 123456789012345.6, -987654321.5]) {
      expect(ours.trunc_u!(x), `trunc_u(${x})`).toBe(ref.trunc_u!(x));
      expect(ours.trunc_s!(x), `trunc_s(${x})`).toBe(ref.trunc_s!(x));
    }
  });
});

describe('shouldInterrupt', () => {
  const src = `(module
    (func (export "spin") (loop $l (br $l)))
    (func $f (export "recurse_forever_slowly") (param i32)
      (if (i32.lt_u (local.get 0) (i32.const 100)) (then (call $f (i32.add (local.get 0) (i32.const 1))) (call $f (i32.add (local.get 0) (i32.const 1))))))
    (func (export "ok") (result i32) (local i32) (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if $l (i32.lt_u (local.get 0) (i32.const 1000000)))) (local.get 0)))`;

  it('stops an infinite loop with trap kind interrupted', () => {
    let polls = 0;
    const e = instantiate(src, undefined, { shouldInterrupt: () => ++polls > 3 });
    const err = trapOf(() => e.spin!());
    expect(err.trap).toBe('interrupted');
    expect(polls).toBe(4);
  });

  it('also polls on calls (recursion without loops)', () => {
    let polls = 0;
    const e = instantiate(src, undefined, { shouldInterrupt: () => ++polls > 2 });
    expect(trapOf(() => e.recurse_forever_slowly!(0)).trap).toBe('interrupted');
  });

  it('does not interrupt when the callback says no', () => {
    let polls = 0;
    const e = instantiate(src, undefined, { shouldInterrupt: () => (polls++, false) });
    // 10^6 iterations: more instructions than one countdown (OP_FUEL) even at one per iteration
    expect(e.ok!()).toBe(1000000);
    expect(polls).toBeGreaterThan(0);
  });
});

describe('fused slot-code forms match the platform engine', () => {
  // each function's shape is one the validator fuses (opcodes.ts: ADDJ_BASE, ...)
  const cmps = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
  const br = (cond: string) => `(block (br_if 0 ${cond}) (return (i32.const 0))) (i32.const 1)`;
  const src = `(module
    ${cmps.map((o) => `
    (func (export "addj_${o}") (param i32 i32) (result i32) ${br(`(i32.${o} (i32.add (local.get 0) (i32.const 7)) (local.get 1))`)})
    (func (export "addj_swap_${o}") (param i32 i32) (result i32) ${br(`(i32.${o} (local.get 1) (i32.add (local.get 0) (i32.const -7)))`)})
    (func (export "addji_${o}") (param i32 i32) (result i32) ${br(`(i32.${o} (i32.sub (local.get 0) (i32.const 1)) (i32.const 5))`)})
    (func (export "addj_if_${o}") (param i32 i32) (result i32)
      (if (result i32) (i32.${o} (i32.add (local.get 0) (i32.const 0x7fffffff)) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
    (func (export "addj_tee_${o}") (param i32 i32) (result i32) (local i32)
      (block $x (loop $l
        (br_if $x (i32.gt_u (local.get 2) (local.get 0)))
        (br_if $l (i32.${o} (local.tee 2 (i32.add (local.get 2) (i32.const 3))) (local.get 1)))))
      (local.get 2))`).join('')}
    (func (export "f64_add_mul") (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "f64_sub_mul") (param f64 f64 f64) (result f64) (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "f64_mul_add") (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "f64_add_add") (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.add (local.get 0) (local.get 1))))
    (func (export "f64_sq_sub") (param f64 f64 f64) (result f64) (local f64)
      (f64.add (f64.mul (local.tee 3 (f64.sub (local.get 0) (local.get 1))) (local.get 3)) (f64.mul (local.get 3) (local.get 2))))
    (func (export "f32_add_mul") (param f32 f32 f32) (result f32) (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
    (func (export "f32_add_mul_same") (param f32 f32 f32) (result f32) (local.set 2 (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 2)))) (local.get 2))
    (func (export "f32_dot") (param i32 f32 f32) (result f32)
      (f32.add (f32.add (local.get 2) (f32.mul (local.get 1) (f32.load (i32.add (local.get 0) (i32.const 4)))))
               (f32.mul (local.get 1) (f32.load (i32.add (local.get 0) (i32.const 1))))))
    (func (export "gather_run") (param i32 i64) (result i64)
      (i64.or (i64.or (i64.or (i64.or (local.get 1) (i64.shl (i64.load8_u (i32.add (local.get 0) (i32.const 1))) (i64.const 0)))
        (i64.shl (i64.load8_u (i32.add (local.get 0) (i32.const 2))) (i64.const 13)))
        (i64.shl (i64.load8_u (i32.add (local.get 0) (i32.const 3))) (i64.const 32)))
        (i64.shl (i64.load8_u (i32.add (local.get 0) (i32.const 9))) (i64.const 60))))
    (func (export "countdown") (param i32 i32) (result i32) (local i32)
      (loop $l (local.set 2 (i32.add (local.get 2) (i32.const 1))) (br_if $l (local.tee 1 (i32.add (local.get 1) (i32.const -4)))))
      (if (result i32) (i32.add (local.get 0) (i32.const 7)) (then (local.get 2)) (else (i32.sub (i32.const 0) (local.get 2)))))
    (func (export "add_extu") (param i64 i32) (result i64) (i64.add (local.get 0) (i64.extend_i32_u (local.get 1))))
    (func (export "extu_add") (param i64 i32) (result i64) (i64.add (i64.extend_i32_u (local.get 1)) (local.get 0)))
    (func (export "checks") (param i32 i32) (result i32)
      (block $a (block $b (block $c
        (br_if $a (i32.ge_u (i32.add (local.get 0) (i32.const 1)) (local.get 1)))
        (br_if $b (i32.ge_u (i32.add (local.get 0) (i32.const 2)) (local.get 1)))
        (br_if $c (i32.ge_u (i32.add (local.get 0) (i32.const -3)) (local.get 1)))
        (br_if $b (i32.ge_u (i32.add (local.get 0) (i32.const 0x7fffffff)) (local.get 1)))
        (return (i32.const 0)))
        (return (i32.const 3)))
        (return (i32.const 2)))
      (i32.const 1))
    (func (export "add_shl") (param i32 i32) (result i32) (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))))
    (func (export "shl_add") (param i32 i32) (result i32) (i32.add (i32.shl (local.get 1) (i32.const 31)) (local.get 0)))
    (func (export "load_scaled") (param i32 i32) (result i32) (i32.load offset=2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "xor_mul") (param i64 i64) (result i64) (i64.mul (i64.xor (local.get 0) (local.get 1)) (i64.const 0x100000001b3)))
    ${[0, 1, 31, 32, 33, 63, 64, 100].map((k) => `
    (func (export "rotl_mul_${k}") (param i64) (result i64) (i64.mul (i64.rotl (local.get 0) (i64.const ${k})) (i64.const 0x9e3779b185ebca87)))`).join('')}
    (func (export "mul_add") (param i64 i64) (result i64) (i64.add (local.get 0) (i64.mul (local.get 1) (i64.const 0xc2b2ae3d27d4eb4f))))
    (func (export "mul_add_swap") (param i64 i64) (result i64) (i64.add (i64.mul (local.get 1) (i64.const -3)) (local.get 0)))
    (func (export "xxh_round") (param i64 i64) (result i64)
      (local.set 0 (i64.mul (i64.rotl (i64.add (local.get 0) (i64.mul (local.get 1) (i64.const 0xc2b2ae3d27d4eb4f))) (i64.const 31)) (i64.const 0x9e3779b185ebca87)))
      (local.get 0))
    (func (export "fnv") (param i32 i32) (result i64) (local i64)
      (local.set 2 (i64.const 0xcbf29ce484222325))
      (block $x (loop $l
        (br_if $x (i32.eqz (local.get 1)))
        (local.set 2 (i64.mul (i64.xor (local.get 2) (i64.load8_u (i32.add (local.get 0) (i32.const 1)))) (i64.const 0x100000001b3)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
        (br $l)))
      (local.get 2))
    (memory 1)
    (data (i32.const 0) "\\ff\\80\\7f\\01\\fe\\00\\c3\\5a\\99\\ff\\10")
    (func (export "gather") (param i32) (result i64) (local i64)
      ${[0, 3, 8, 24, 31, 32, 33, 56, 63].map((k, i) => `(local.set 1 (i64.or (local.get 1) (i64.shl (i64.load8_u (i32.add (local.get 0) (i32.const ${i}))) (i64.const ${k}))))`).join(' ')}
      (local.get 1))
  )`;
  const bytes = wat(src);
  const ours = new Instance(new Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;
  const ref = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;
  const values = [0, 1, -1, 5, 6, 7, -7, 12, 0x7fffffff, -0x80000000, 0x7ffffff9, -0x7ffffffa, 100, -100];
  const call = (f: (...a: unknown[]) => unknown, ...a: unknown[]) => {
    try {
      return f(...a);
    } catch (e) {
      return `trap ${trapText(e)}`; // (V8 words its traps differently)
    }
  };

  it('float op pairs', () => {
    const fs = [0, -0, 1, -1.5, 0.1, 3.4e38, 1e-45, 1e308, 2 ** -1074, Infinity, -Infinity, NaN, 16777217, 0.3333333333333333];
    for (const f of ['f64_add_mul', 'f64_sub_mul', 'f64_mul_add', 'f64_add_add', 'f64_sq_sub', 'f32_add_mul', 'f32_add_mul_same']) {
      for (const x of fs) for (const y of fs) for (const z of [0, -0, 1.25, -7e300, NaN, 3e-39]) expect(ours[f]!(x, y, z), `${f}(${x}, ${y}, ${z})`).toBe(ref[f]!(x, y, z));
    }
  });

  it('hash rounds: i64.mul by a constant of an i64.rotl by a constant, i64.add of an i64.mul by a constant', () => {
    const vs = [0n, 1n, -1n, 0xcbf29ce484222325n, 0x7fffffffn, 0x80000000n, -(2n ** 63n), 0x123456789abcdefn];
    for (const a of vs) {
      for (const k of [0, 1, 31, 32, 33, 63, 64, 100]) expect(ours[`rotl_mul_${k}`]!(a), `rotl_mul_${k}(${a})`).toBe(ref[`rotl_mul_${k}`]!(a));
      for (const b of vs) {
        for (const f of ['mul_add', 'mul_add_swap', 'xxh_round']) expect(ours[f]!(a, b), `${f}(${a}, ${b})`).toBe(ref[f]!(a, b));
      }
    }
  });

  it('FNV-1a steps', () => {
    const vs = [0n, 1n, -1n, 0xcbf29ce484222325n, 0x7fffffffn, 0x80000000n, -(2n ** 63n), 0x123456789abcdefn];
    for (const a of vs) for (const b of vs) expect(ours.xor_mul!(a, b), `xor_mul(${a}, ${b})`).toBe(ref.xor_mul!(a, b));
    for (const [p, n] of [[0, 11], [3, 5], [65530, 5], [65530, 6], [-2, 1]]) expect(call(ours.fnv!, p, n), `fnv(${p}, ${n})`).toBe(call(ref.fnv!, p, n));
  });

  it('f32 multiply-add of a load', () => {
    for (const p of [0, 1, 2, 3, 5, 7, 65530, 65531, 65532, -4]) {
      for (const [x, z] of [[1.5, 0.25], [-3, 1e30], [NaN, 0], [0, -0], [3.4e38, 3.4e38]]) {
        expect(call(ours.f32_dot!, p, x, z), `f32_dot(${p}, ${x}, ${z})`).toBe(call(ref.f32_dot!, p, x, z));
      }
    }
  });

  it('runs of byte loads gathered into an i64', () => {
    for (const p of [0, 1, 2, 65526, 65527, 65532, -1, -2]) {
      for (const acc of [0n, -1n, 0x123456789n]) expect(call(ours.gather_run!, p, acc), `gather_run(${p}, ${acc})`).toBe(call(ref.gather_run!, p, acc));
    }
  });

  it('br_if / if on an i32.add of a constant; i64.add of an i64.extend_i32_u', () => {
    for (const a of values) for (const b of [4, 40, 400]) expect(ours.countdown!(a, b), `countdown(${a}, ${b})`).toBe(ref.countdown!(a, b));
    const vs = [0n, 1n, -1n, 0xffffffffn, 0x7fffffffn, -(2n ** 63n), 2n ** 63n - 1n, 0x1ffffffffn];
    for (const a of vs) for (const b of [0, 1, -1, 0x7fffffff, -0x80000000]) {
      expect(ours.add_extu!(a, b), `add_extu(${a}, ${b})`).toBe(ref.add_extu!(a, b));
      expect(ours.extu_add!(a, b), `extu_add(${a}, ${b})`).toBe(ref.extu_add!(a, b));
    }
  });

  it('runs of bounds checks', () => {
    for (const a of values) for (const b of values) expect(ours.checks!(a, b), `checks(${a}, ${b})`).toBe(ref.checks!(a, b));
  });

  it('scaled indices', () => {
    for (const a of values) for (const b of values) {
      for (const f of ['add_shl', 'shl_add']) expect(ours[f]!(a, b), `${f}(${a}, ${b})`).toBe(ref[f]!(a, b));
    }
    for (const [a, b] of [[0, 0], [1, 2], [65520, 3], [65528, 1], [-4, 1], [-8, 1], [8, -1], [0, 0x40000000], [4, -0x40000000]]) {
      expect(call(ours.load_scaled!, a, b), `load_scaled(${a}, ${b})`).toBe(call(ref.load_scaled!, a, b));
    }
  });

  it('i64.load8_u gathered with i64.or / i64.shl', () => {
    for (const p of [0, 1, 2, 3, 65527, 65528, -1]) expect(call(ours.gather!, p), `gather(${p})`).toBe(call(ref.gather!, p));
  });

  it('i32.add of a constant + compare-and-branch', () => {
    for (const o of cmps) {
      for (const f of ['addj', 'addj_swap', 'addji', 'addj_if']) {
        for (const a of values) for (const b of values) expect(ours[`${f}_${o}`]!(a, b), `${f}_${o}(${a}, ${b})`).toBe(ref[`${f}_${o}`]!(a, b));
      }
      // a loop counter (local.tee of the add), at most 21 iterations
      for (const b of [0, 1, 9, 30, -1]) expect(ours[`addj_tee_${o}`]!(60, b), `addj_tee_${o}(60, ${b})`).toBe(ref[`addj_tee_${o}`]!(60, b));
    }
  });
});

describe('code store (interp/codestore.ts)', () => {
  // Fills the store to its end with code of a dummy function, so that the
  // next function to be installed (or this filler, if `over`) makes it grow.
  const fill = (over: number): void => {
    const n = store.code.length - storeUsed() + over;
    install({ code: new Int32Array(n), maxSlots: 0, numLocals: 0, refLocals: [], base: -1, leaf: true, loopHeads: new Int32Array(0), lower: null, module: null, defIndex: -1 });
  };

  it('keeps running when the store grows in a host call or when a callee is installed', () => {
    const src = `(module
      (import "env" "h" (func $h (param i32)))
      (func $g (param i32) (result i32) (local i32) (local.set 1 (i32.mul (local.get 0) (i32.const 3))) (i32.add (local.get 1) (i32.const 1)))
      (func $k (param i32) (result i32) (i32.sub (local.get 0) (i32.const 5)))
      (func (export "run") (param i32) (result i32) (local i32)
        (local.set 1 (i32.add (local.get 0) (i32.const 10)))
        (call $h (i32.const 0))
        (local.set 1 (call $g (local.get 1)))
        (call $h (i32.const 1))
        (call $k (local.get 1))))`;
    // 0: grow the store inside the host call; 1: fill it up so that installing $k grows it
    const e = instantiate(src, { env: { h: (mode: number) => fill(mode === 0 ? 1 : 0) } });
    const before = store.code;
    expect(e.run!(4)).toBe(38); // (4 + 10) * 3 + 1 - 5
    expect(store.code.length).toBe(4 * before.length); // grew twice (to 64 MB: once is enough here)
  });
});

describe('calls and memory', () => {
  it('sees memory grown by a callee after it returns (same instance) and by another instance', () => {
    const a = new Instance(new Module(wat(`(module
      (memory (export "mem") 1)
      (func $grow (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "run") (result i32)
        (drop (call $grow))
        (i32.store (i32.const 70000) (i32.const 42))
        (i32.load (i32.const 70000)))
    )`))).exports as Record<string, (...a: unknown[]) => unknown>;
    expect(a.run!()).toBe(42);
    const b = instantiate(`(module
      (import "a" "grow" (func $grow (result i32)))
      (import "a" "mem" (memory 1))
      (func (export "run") (result i32)
        (drop (call $grow))
        (i32.store (i32.const 140000) (i32.const 7))
        (i32.load (i32.const 140000)))
    )`, { a: { grow: a.grow, mem: a.mem } });
    expect(b.run!()).toBe(7);
  });
});

describe('i64 division with large operands (../i64div.ts, shared by both engines)', () => {
  const src = `(module
    (func (export "div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
    (func (export "div_u") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
    (func (export "rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
    (func (export "rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1))))`;
  const bytes = wat(src);
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (a: bigint, b: bigint) => bigint>;
  it.each(['interp', 'jit'] as const)('%s agrees with V8 on every path: small, below 2^53, short divisors, 32-bit divisors, long division, signs', (engine) => {
    const e = new Instance(new Module(bytes, { engine })).exports as Record<string, (a: bigint, b: bigint) => bigint>;
    let s = 0x9e3779b97f4a7c15n;
    const next = (): bigint => {
      s = BigInt.asUintN(64, s * 6364136223846793005n + 1442695040888963407n);
      const bits = [8n, 31n, 32n, 33n, 40n, 53n, 60n, 64n][Number(s >> 61n)]!;
      return BigInt.asIntN(64, (s ^ (s >> 29n)) & ((1n << bits) - 1n));
    };
    const edge = [1n, -1n, 2n, 3n, 0x1fffffn, 0x200001n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, 0xffffffffn, 0x100000000n, 0x7fffffffn, -0x100000001n];
    const ne = edge.length;
    for (let k = 0; k < 6000; k++) {
      const a = k < ne * ne ? edge[k % ne]! : next();
      const b = k < ne * ne ? edge[Math.floor(k / ne)]! : next() || 7n;
      for (const op of ['div_s', 'div_u', 'rem_s', 'rem_u']) {
        if (op === 'div_s' && a === -(2n ** 63n) && b === -1n) continue;
        expect(e[op]!(a, b), `${op}(${a}, ${b})`).toBe(native[op]!(a, b));
      }
    }
  });
});

describe('operands in the op word (interp/pack.ts)', () => {
  it('packs word 1 of the ops loop() reads it for into the op word, and nothing else', () => {
    // i32.add d=5 a=6 b=7; i32.const d=3 imm; JUMP 0; RETURN from=0 n=1
    const code = packSlotCode(Int32Array.from([0x6a, 5, 6, 7, 0x41, 3, -9, 0x05, 0, 0x0f, 0, 1]));
    expect(Array.from(code)).toEqual([0x6a | (5 << OP_BITS), 5, 6, 7, 0x41 | (3 << OP_BITS), 3, -9, 0x05, 0, 0x0f, 0, 1]);
  });

  it('refuses code that does not walk as whole instructions', () => {
    expect(() => packSlotCode(Int32Array.from([0x6a, 5, 6]))).toThrow(/opcode 106 at 0/);
    expect(() => packSlotCode(Int32Array.from([0x41, 1, 2, 0x3ff, 0]))).toThrow(/opcode 1023 at 3/);
  });

  it('runs instructions whose slots are far beyond 2^11 (results, addresses, conditions, moves)', () => {
    // 40,000 locals: the last ones are slots above 2^15, written, read as
    // addresses, tested by br_if and copied, on the interpreter and natively
    const n = 40000;
    const src = `(module (memory 1)
      (func (export "run") (param i32) (result i32) (local ${'i32 '.repeat(n)})
        (local.set ${n - 1} (i32.add (local.get 0) (i32.const 7)))
        (local.set ${n - 2} (i32.mul (local.get ${n - 1}) (local.get 0)))
        (i32.store offset=4 (local.get ${n - 1}) (local.get ${n - 2}))
        (local.set ${n - 3} (i32.load offset=4 (local.get ${n - 1})))
        (local.set ${n} (local.get ${n - 3}))
        (block $b (br_if $b (i32.eqz (local.get ${n})))
          (local.set ${n - 4} (i32.sub (local.get ${n}) (i32.const 1))))
        (i32.add (local.get ${n - 4}) (local.get ${n - 1}))))`;
    const ours = instantiate(src);
    const native = new WebAssembly.Instance(new WebAssembly.Module(wat(src) as Uint8Array<ArrayBuffer>)).exports as Record<string, (x: number) => number>;
    for (const x of [0, 3, -7, 1000]) expect(ours.run!(x)).toBe(native.run!(x));
    expect(ours.run!(3)).toBe(39); // (3 + 7) * 3 - 1 + 10
  });
});
