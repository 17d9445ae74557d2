// Counted loops (src/runtime/jit/counted.ts): the JIT runs an innermost loop
// whose passes are bounded on entry without a poll per pass and charges the
// fuel once. Checked here: the bound against a step-by-step simulation, the
// inline form of the bound against the helper, which loops the matcher takes
// and which it refuses, random loops of every shape run by the interpreter
// (the bound must be their exact number of passes), by the JIT and by the
// platform's WebAssembly (same results), random loop bodies (whenever the
// matcher takes one, it must make no more passes than the bound), and that
// interrupts still come on time.
import { describe, expect, it } from 'vitest';
import { Instance, Module, moduleIRof } from '../../src/runtime/index.ts';
import { decodeModule } from '../../src/runtime/binary/decode.ts';
import { Reader } from '../../src/runtime/binary/reader.ts';
import { COUNTED_MAX_PASSES, countedPasses, countedPassesCall, matchCountedLoop, type CountedLoop, type Linear } from '../../src/runtime/jit/counted.ts';
import { jitModules, WARM_POLLS } from '../../src/runtime/jit/instance.ts';
import { FUEL_INTERVAL } from '../../src/runtime/interp/stack.ts';
import { I32, bodyLocals } from '../../src/runtime/module.ts';
import { wat } from '../runtime/wat.ts';
import { trapOf } from '../support/trap.ts';

const CMPS = {
  eq: 0x46, ne: 0x47, lt_s: 0x48, lt_u: 0x49, gt_s: 0x4a, gt_u: 0x4b, le_s: 0x4c, le_u: 0x4d, ge_s: 0x4e, ge_u: 0x4f,
} as const;
type CmpName = keyof typeof CMPS;
const NAMES = Object.keys(CMPS) as CmpName[];

function holds(cmp: number, a: number, b: number): boolean {
  const ua = a >>> 0, ub = b >>> 0;
  switch (cmp) {
    case 0x46: return a === b;
    case 0x47: return a !== b;
    case 0x48: return a < b;
    case 0x49: return ua < ub;
    case 0x4a: return a > b;
    case 0x4b: return ua > ub;
    case 0x4c: return a <= b;
    case 0x4d: return ua <= ub;
    case 0x4e: return a >= b;
    default: return ua >= ub;
  }
}

/** Passes of a loop that goes round while cmp(u + (t−1)·s, v), i32 arithmetic; Infinity past `limit`. */
function simulate(cmp: number, u: number, v: number, s: number, limit: number): number {
  let x = u | 0;
  for (let t = 1; t <= limit; t++) {
    if (!holds(cmp, x, v | 0)) return t;
    x = (x + s) | 0;
  }
  return Infinity;
}

/** A deterministic generator (xorshift32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return x >>> 0;
  };
}

function pick<T>(next: () => number, xs: readonly T[]): T {
  return xs[next() % xs.length]!;
}

const EDGES = [0, 1, 2, -1, -2, 3, 100, -100, 2 ** 31 - 1, 2 ** 31 - 2, -(2 ** 31), -(2 ** 31) + 1, 2 ** 30, 16383, 16384, 65535, 65536];
const STEPS = [1, -1, 2, -2, 3, -3, 4, -4, 7, 8, -8, 16, 32, -32, 1000, 2 ** 20, -(2 ** 20), 2 ** 30, -(2 ** 31), 0];

function values(next: () => number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const u of EDGES) for (const v of EDGES) for (const s of [1, -1, 4, -4, 3]) out.push([u, v, s]);
  for (let i = 0; i < 6000; i++) {
    const u = next() | 0;
    const d = next() % 3 === 0 ? next() | 0 : (next() % 2001) - 1000;
    out.push([u, (u + d) | 0, STEPS[next() % STEPS.length]!]);
  }
  return out;
}

describe('countedPasses', () => {
  const cases = values(rng(20261121));

  it.each(NAMES)('%s: a bound is the exact number of passes, and never above COUNTED_MAX_PASSES', (name) => {
    const cmp = CMPS[name];
    let bounded = 0;
    for (const [u, v, s] of cases) {
      const p = countedPasses(cmp, u, v, s);
      expect(p === -1 || (p >= 1 && p <= COUNTED_MAX_PASSES && Number.isInteger(p)), `${name} ${u} ${v} ${s} → ${p}`).toBe(true);
      if (p > 0) {
        bounded++;
        expect(simulate(cmp, u, v, s, p + 1), `${name} u=${u} v=${v} s=${s}`).toBe(p);
      }
    }
    // Not a vacuous test: many short loops get a bound.
    expect(bounded).toBeGreaterThan(cases.length / 20);
  });

  it('refuses a step of 0, loops that could wrap round, and long loops', () => {
    expect(countedPasses(CMPS.ne, 0, 10, 0)).toBe(-1);
    expect(countedPasses(CMPS.eq, 0, 0, 0)).toBe(-1);
    // i + 1 != i: 2^32 passes
    expect(countedPasses(CMPS.ne, 5, 5 - 1, 1)).toBe(-1);
    // counting up to the top of the range: the value after the last would wrap
    expect(countedPasses(CMPS.lt_u, -2, -1, 4)).toBe(-1);
    expect(countedPasses(CMPS.le_u, 0, -1, 1)).toBe(-1);
    expect(countedPasses(CMPS.le_s, 0, 2 ** 31 - 1, 1)).toBe(-1);
    // counting in the wrong direction
    expect(countedPasses(CMPS.lt_u, 0, 10, -1)).toBe(-1);
    expect(countedPasses(CMPS.gt_s, 10, 0, 1)).toBe(-1);
    // in range, but longer than COUNTED_MAX_PASSES
    expect(countedPasses(CMPS.lt_u, 0, COUNTED_MAX_PASSES, 1)).toBe(-1);
    expect(countedPasses(CMPS.lt_u, 0, COUNTED_MAX_PASSES - 1, 1)).toBe(COUNTED_MAX_PASSES);
    // stay below the fuel interval, so one charge never exceeds it
    expect(COUNTED_MAX_PASSES).toBeLessThan(FUEL_INTERVAL);
  });
});

describe('countedPassesCall', () => {
  const lin = (terms: [number, number][], off: number): Linear => ({ terms: new Map(terms), off });
  it.each(NAMES)('%s: the generated expression agrees with countedPasses', (name) => {
    const cmp = CMPS[name];
    const next = rng(7 + cmp);
    for (const s of STEPS.filter((x) => x !== 0)) {
      for (const [a, vt, vc] of [[0, true, 0], [5, true, -3], [-64, false, 100], [2 ** 31 - 1, false, -(2 ** 31)]] as const) {
        const c: CountedLoop = { cmp, u: lin([[0, 1]], a), v: lin(vt ? [[1, 1]] : [], vc), s: lin([], s) };
        const f = new Function('l0', 'l1', '$cl', `let Qu=0,Qv=0;return ${countedPassesCall(c)};`) as (l0: number, l1: number, cl: typeof countedPasses) => number;
        // Random pairs, and distances at the limit: (COUNTED_MAX_PASSES − 1 or 2) steps, ± 2.
        const limit = [-2, -1, 0, 1, 2].flatMap((e) => [1, 2].flatMap((k) => [(COUNTED_MAX_PASSES - k) * s + e, -(COUNTED_MAX_PASSES - k) * s + e]));
        const pairs = [...values(next).slice(-400).map(([u, v]) => [u, v]), [0, 0], [-1, 0], [0, -1], ...limit.map((d) => [-a, (d - vc) | 0])];
        for (const [l0, l1] of pairs) {
          const want = countedPasses(cmp, (l0! + a) | 0, vt ? (l1! + vc) | 0 : vc, s);
          expect(f(l0!, l1!, countedPasses), `${name} s=${s} a=${a} l0=${l0} l1=${l1}`).toBe(want);
        }
      }
    }
  });
});

/** The loop in each function of a module, matched. */
function matchAll(bytes: Uint8Array): (CountedLoop | null)[] {
  const ir = decodeModule(bytes);
  return Array.from(ir.bodies.codeStart, (start, di) => {
    const t = ir.types[ir.funcs[di + ir.numImportedFuncs]!]!;
    const types = [...t.params, ...bodyLocals(ir.bodies, di)];
    const end = ir.bodies.codeEnd[di]!;
    for (let p = start; p < end - 1; p++) {
      if (ir.bytes[p] === 0x03 && ir.bytes[p + 1] === 0x40) {
        return matchCountedLoop(ir.bytes, new Reader(ir.bytes, p + 2, end), (i) => types[i] === I32);
      }
    }
    throw new Error('no loop');
  });
}
const show = (x: Linear): string => [...x.terms].map(([l, c]) => `${c > 0 ? '+' : '-'}l${l}`).join('') + (x.off ? `${x.off > 0 ? '+' : ''}${x.off}` : '');
const describeLoop = (c: CountedLoop | null): string | null => c && `${NAMES.find((n) => CMPS[n] === c.cmp)} u=${show(c.u)} v=${show(c.v) || 0} s=${show(c.s)}`;

describe('matchCountedLoop', () => {
  it('takes the shapes rustc emits', () => {
    const loops = matchAll(wat(`(module (memory 1)
      ;; countdown: n -= 1 while n != 0
      (func (param $n i32) (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
      ;; XXH64's stripes: while i + 64 <= end, i += 32 through a second local
      (func (param $i i32) (param $end i32) (local $a i32) (local $b i32)
        (loop $l
          (local.set $a (i32.add (local.get $i) (i32.const 64)))
          (local.set $i (local.tee $b (i32.add (local.get $i) (i32.const 32))))
          (br_if $l (i32.le_u (local.get $a) (local.get $end)))))
      ;; the test up front, as a branch out: while i != 16, store; i += 1
      (func (param $i i32)
        (block $out (loop $l
          (br_if $out (i32.eq (local.get $i) (i32.const 16)))
          (i32.store8 (local.get $i) (i32.const 48))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l))))
      ;; a sieve: i += p while i <= n, p a local the loop never writes
      (func (param $i i32) (param $p i32) (param $n i32)
        (loop $l
          (i32.store8 (local.get $i) (i32.const 0))
          (br_if $l (i32.le_u (local.tee $i (i32.add (local.get $i) (local.get $p))) (local.get $n)))))
      ;; the bound first, calls and nested blocks in the body, an exit after the back edge
      (func (param $i i32) (param $n i32)
        (block $out (loop $l
          (block (br_if 0 (i32.load (local.get $i))) (call 0 (local.get $n)))
          (br_if $l (i32.gt_s (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const 4)))))
          (br $out))))
    )`));
    expect(loops.map(describeLoop)).toEqual([
      'ne u=+l0-1 v=0 s=-1',
      'le_u u=+l0+64 v=+l1 s=+32',
      'ne u=+l0 v=+16 s=+1',
      'le_u u=+l0+l1 v=+l2 s=+l1',
      'lt_s u=+l0+4 v=+l1 s=+4',
    ]);
  });

  it('refuses loops whose passes it cannot bound', () => {
    const loops = matchAll(wat(`(module (memory 1) (table 1 funcref)
      ;; the counter stepped on some paths only
      (func (param $i i32) (param $n i32)
        (loop $l
          (if (i32.load (local.get $i)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
          (br_if $l (i32.ne (local.get $i) (local.get $n)))))
      ;; stepped twice
      (func (param $i i32) (param $n i32)
        (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.ne (local.get $i) (local.get $n)))))
      ;; the bound changes in the loop
      (func (param $i i32) (param $n i32)
        (loop $l
          (local.set $n (i32.load (local.get $i)))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
      ;; the bound moves with the counter: n += 1 each pass (linear, but not unchanged)
      (func (param $i i32) (param $n i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
      ;; the step moves: s += 1 each pass, then i += s (compared before the step)
      (func (param $i i32) (param $n i32) (param $s i32) (local $t i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (local.set $t (local.get $i))
          (local.set $i (i32.add (local.get $i) (local.get $s)))
          (br_if $l (i32.lt_u (local.get $t) (local.get $n)))))
      ;; the compared value adds a local that moves too: i + t, t += 1
      (func (param $i i32) (param $n i32) (local $t i32)
        (loop $l
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (i32.add (local.get $i) (local.get $t)) (local.get $n)))))
      ;; the step changes in the loop
      (func (param $i i32) (param $n i32) (param $s i32)
        (loop $l
          (local.set $s (i32.load (local.get $i)))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (local.get $s))) (local.get $n)))))
      ;; a second way back, from inside a block
      (func (param $i i32) (param $n i32)
        (loop $l
          (block (br_if 0 (i32.load (local.get $i))) (br $l))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
      ;; a br_table that can go back
      (func (param $i i32) (param $n i32)
        (block $out (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $out (i32.eq (local.get $i) (local.get $n)))
          (br_table $l $out (i32.load (local.get $i))))))
      ;; the back edge inside an if
      (func (param $i i32) (param $n i32)
        (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.ne (local.get $i) (local.get $n)) (then (br $l)))))
      ;; not innermost
      (func (param $i i32) (param $n i32)
        (loop $l
          (loop $m (br_if $m (i32.load (local.get $i))))
          (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
      ;; an i64 counter
      (func (param $i i64) (param $n i64)
        (loop $l (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 1))) (local.get $n)))))
      ;; a step of 0
      (func (param $i i32) (param $n i32)
        (loop $l (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 0))) (local.get $n)))))
      ;; a condition that is not a comparison of the counter: i * 2
      (func (param $i i32) (param $n i32)
        (loop $l (br_if $l (i32.lt_u (i32.shl (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1)) (local.get $n)))))
      ;; the counter compared with itself plus the bound
      (func (param $i i32) (param $n i32)
        (loop $l (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.add (local.get $i) (local.get $n))))))
      ;; a branch out that is skipped on some paths
      (func (param $i i32) (param $n i32)
        (block $out (loop $l
          (if (i32.load (local.get $i)) (then (br_if $out (i32.eq (local.get $i) (local.get $n)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l))))
    )`));
    expect(loops.map(describeLoop)).toEqual(loops.map(() => null));
  });
});

/** Random loops of every shape the matcher takes, each a function returning its number of passes (capped). */
function randomLoops(seed: number, count: number): string {
  const next = rng(seed);
  const cap = COUNTED_MAX_PASSES + 10;
  const funcs: string[] = [];
  for (let f = 0; f < count; f++) {
    const cmp = pick(next, NAMES);
    const useLocal = next() % 4 === 0;
    const step = useLocal ? '(local.get $s)' : `(i32.const ${pick(next, STEPS.filter((x) => x !== 0))})`;
    const bound = next() % 3 === 0 ? `(i32.const ${pick(next, EDGES)})` : '(local.get $n)';
    const a = pick(next, [0, 0, 1, -1, 64, -64]);
    const swap = next() % 2 === 0;
    const test = (x: string): string => (swap ? `(i32.${cmp} ${bound} ${x})` : `(i32.${cmp} ${x} ${bound})`);
    const plusA = (x: string): string => (a === 0 ? x : `(i32.add ${x} (i32.const ${a}))`);
    let body: string;
    switch (next() % 3) {
      case 0: // compare the stepped value: br_if $l (cmp (tee i (i + s)) v)
        body = `(br_if $l ${test(plusA(`(local.tee $i (i32.add (local.get $i) ${step}))`))})`;
        break;
      case 1: // compare a copy taken before the step
        body = `(local.set $t ${plusA('(local.get $i)')})
          (local.set $i (i32.add (local.get $i) ${step}))
          (br_if $l ${test('(local.get $t)')})`;
        break;
      default: // a branch out first, the step, then back
        body = `(br_if $out ${test(plusA('(local.get $i)'))})
          (local.set $i (i32.add (local.get $i) ${step}))
          (br $l)`;
    }
    funcs.push(`(func (export "f${f}") (param $i i32) (param $n i32) (param $s i32) (result i64) (local $c i64) (local $t i32)
      (block $out (loop $l
        (local.set $c (i64.add (local.get $c) (i64.const 1)))
        (br_if $out (i64.gt_u (local.get $c) (i64.const ${cap})))
        ${body}))
      (local.get $c))`);
  }
  return `(module ${funcs.join('\n')})`;
}

describe('matchCountedLoop on long bodies', () => {
  it('follows a value only so far: a counter stepped through 20,000 adds compiles (no stack overflow) and runs', () => {
    const chain = 'i32.const 1 i32.add '.repeat(20_000);
    // And 40 doublings of a second local the test adds in: each value is
    // worked out once, not 2^40 times.
    const doublings = 'local.get $a local.get $a i32.add local.set $a '.repeat(40);
    const bytes = wat(`(module (func (export "f") (param $i i32) (param $n i32) (result i32) (local $a i32)
      (local.set $a (i32.const 1))
      (loop $l
        ${doublings}
        local.get $i ${chain} local.set $i
        (br_if $l (i32.lt_u (i32.add (local.get $i) (local.get $a)) (local.get $n))))
      (i32.add (local.get $a) (local.get $i))))`);
    expect(matchAll(bytes)).toEqual([null]);
    const run = (engine: 'jit' | 'interp') => (new Instance(new Module(bytes, { engine }), {}).exports as Record<string, (i: number, n: number) => number>).f!(0, 50_000);
    expect(run('jit')).toBe(run('interp'));
  });

  it('matches a loop longer than the columns it keeps between calls, and short loops after it', () => {
    // (the matcher's instruction columns grow past KEPT_COLUMNS for this body and are dropped after)
    const counted = (pad: string) => `(func (param $i i32) (param $n i32) (loop $l ${pad}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_s (local.get $i) (local.get $n)))))`;
    const long = counted('(nop) '.repeat(70_000)), short = counted('(nop)');
    const loops = matchAll(wat(`(module ${short} ${long} ${short} ${long} ${short})`));
    expect(loops.map(describeLoop)).toEqual(Array(5).fill('lt_s u=+l0+1 v=+l1 s=+1'));
  });
});

/**
 * Random loop bodies: counter steps (some inside blocks or ifs), other writes,
 * tees, branches out and back at any depth, bounds made of any locals. Most
 * are not counted loops; the point is that whenever the matcher takes one,
 * its bound holds.
 */
function randomBodies(seed: number, count: number): string {
  const next = rng(seed);
  const cap = COUNTED_MAX_PASSES + 10;
  const I32S = ['$i', '$n', '$s', '$t', '$u'];
  const konst = (): string => `(i32.const ${pick(next, [0, 1, -1, 2, 4, -4, 16, 64, 1000, pick(next, EDGES)])})`;
  const operand = (): string => {
    switch (next() % 4) {
      case 0: return konst();
      case 1: return `(i32.add (local.get ${pick(next, I32S)}) ${konst()})`;
      default: return `(local.get ${pick(next, I32S)})`;
    }
  };
  const test = (): string => (next() % 6 === 0 ? `(local.tee ${target()} ${operand()})` : `(i32.${pick(next, NAMES)} ${operand()} ${operand()})`);
  const step = (): string => `(local.set $i (i32.add (local.get $i) ${next() % 4 === 0 ? '(local.get $s)' : `(i32.const ${pick(next, STEPS)})`}))`;
  // Writes go mostly to the scratch locals $t and $u, so that a fair share
  // of the loops keep one counter and an unchanged bound.
  const target = (): string => (next() % 5 === 0 ? pick(next, I32S) : pick(next, ['$t', '$u']));
  const statement = (depth: number): string => {
    switch (next() % 13) {
      case 0: return step();
      case 1: case 2: return `(local.set ${target()} ${operand()})`;
      case 3: return `(drop (local.tee ${target()} ${operand()}))`;
      case 4: case 5: return `(br_if $out ${test()})`;
      case 6: return next() % 3 === 0 ? `(br_if $l ${test()})` : `(br_if $out ${test()})`;
      case 7: case 8: return depth < 2 ? `(if ${test()} (then ${statements(depth + 1)}))` : `(local.set $u ${operand()})`;
      case 9: case 10: return depth < 2 ? `(block ${statements(depth + 1)} (br_if 0 ${test()}) ${statements(depth + 1)})` : `(local.set $t ${operand()})`;
      case 11: return `(local.set ${pick(next, ['$n', '$s'])} (i32.add (local.get ${pick(next, ['$n', '$s'])}) ${konst()}))`;
      default: return `(i32.store8 (i32.const 0) (local.get ${pick(next, I32S)}))`;
    }
  };
  const statements = (depth: number): string => Array.from({ length: 1 + (next() % 3) }, () => statement(depth)).join(' ');
  const funcs: string[] = [];
  for (let f = 0; f < count; f++) {
    // Half the loops test the counter against a bound: the shape the matcher looks for.
    const counter = pick(next, ['(local.get $i)', '(i32.add (local.get $i) (i32.const 64))', '(local.get $t)']);
    const bound = pick(next, ['(local.get $n)', '(local.get $s)', konst()]);
    const tested = next() % 2 === 0 ? `(i32.${pick(next, NAMES)} ${counter} ${bound})` : test();
    const end = next() % 3 === 0 ? `(br_if $out ${tested}) ${statements(0)} (br $l)` : `(br_if $l ${tested})`;
    funcs.push(`(func (export "g${f}") (param $i i32) (param $n i32) (param $s i32) (result i64) (local $c i64) (local $t i32) (local $u i32)
      (block $out (loop $l
        (local.set $c (i64.add (local.get $c) (i64.const 1)))
        (br_if $out (i64.gt_u (local.get $c) (i64.const ${cap})))
        ${statements(0)} ${next() % 3 === 0 ? '' : step()} ${statements(0)}
        ${end}))
      (local.get $c))`);
  }
  return `(module (memory 1) ${funcs.join('\n')})`;
}

const evalLinear = (x: Linear, locals: readonly number[]): number => {
  let v = x.off;
  for (const [l, c] of x.terms) v += c * locals[l]!;
  return v | 0;
};

/**
 * Calls `<prefix><f>(i, n, s)` for f < count, `runs` times each with
 * arguments from `args`, on the interpreter and the JIT (and V8's own
 * WebAssembly if `native`): all must return the same pass count. Where the
 * matcher took the loop and its bound holds on entry, the interpreter's count
 * must equal the bound (`exact`) or not exceed it.
 */
function runLoops(bytes: Uint8Array<ArrayBuffer>, prefix: string, count: number, runs: number, args: () => [number, number, number], opts: { exact: boolean; native: boolean }) {
  const loops = matchAll(bytes);
  type Fns = Record<string, (...a: number[]) => bigint>;
  const interp = new Instance(new Module(bytes, { engine: 'interp' }), {}).exports as Fns;
  const m = new Module(bytes, { engine: 'jit' });
  const jit = new Instance(m, {}).exports as Fns;
  const native = opts.native ? new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Fns : null;
  let bounded = 0;
  for (let f = 0; f < count; f++) {
    const loop = loops[f];
    for (let k = 0; k < runs; k++) {
      const [i, n, s] = args();
      const call = `${prefix}${f}(${i}, ${n}, ${s})`;
      const passes = interp[`${prefix}${f}`]!(i, n, s);
      if (loop) {
        const locals = [i, n, s, 0, 0, 0]; // params, then $c (i64), $t, $u: 0 on entry
        const p = countedPasses(loop.cmp, evalLinear(loop.u, locals), evalLinear(loop.v, locals), evalLinear(loop.s, locals));
        if (p > 0) {
          bounded++;
          if (opts.exact) expect(Number(passes), `${call}: ${describeLoop(loop)}`).toBe(p);
          else expect(Number(passes), `${call}: ${describeLoop(loop)}`).toBeLessThanOrEqual(p);
        }
      }
      if (native) expect(native[`${prefix}${f}`]!(i, n, s), `${call} natively`).toBe(passes);
      expect(jit[`${prefix}${f}`]!(i, n, s), call).toBe(passes);
    }
  }
  return { loops, bounded, source: jitModules.get(moduleIRof(m))!.source };
}

describe('counted loops, run', () => {
  it('random loops: the bound is the interpreter\'s number of passes, and the JIT and the platform\'s WebAssembly agree', () => {
    const count = 120, runs = 12;
    const next = rng(99);
    const { loops, bounded, source } = runLoops(wat(randomLoops(20261121, count)), 'f', count, runs, () => {
      const i = next() % 2 === 0 ? pick(next, EDGES) : next() | 0;
      const n = next() % 2 === 0 ? (i + (next() % 301) - 150) | 0 : pick(next, EDGES);
      return [i, n, pick(next, STEPS)];
    }, { exact: true, native: true });
    expect(source).toContain('Qp=');
    loops.forEach((loop, f) => expect(loop, `f${f} is not matched`).not.toBeNull());
    expect(bounded).toBeGreaterThan((count * runs) / 5);
  });

  // COUNTED_SEED=… picks other bodies (as DIFF_SEED does for the differential test).
  const seeds = process.env.COUNTED_SEED ? [Number(process.env.COUNTED_SEED)] : [1, 2];
  it.each(seeds)('random bodies (seed %i): whenever the matcher takes a loop, it never makes more passes than its bound', (seed) => {
    const count = 400;
    const next = rng(seed + 5);
    const { loops, bounded } = runLoops(wat(randomBodies(seed, count)), 'g', count, 6, () => {
      const i = next() % 2 === 0 ? pick(next, EDGES) : (next() % 200) - 100;
      return [i, (i + (next() % 101) - 50) | 0, pick(next, STEPS)];
    }, { exact: false, native: false });
    // Not vacuous: the generator makes loops the matcher takes, with bounds.
    expect(loops.filter((l) => l !== null).length).toBeGreaterThan(count / 20);
    expect(bounded).toBeGreaterThan(30);
  });

  it('a long counted loop is still interrupted', () => {
    let asks = 0;
    const m = new Module(wat(`(module (func (export "count") (param $n i32)
      (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`), { engine: 'jit' });
    expect(jitModules.get(moduleIRof(m))!.source).toContain('Qp=');
    const e = new Instance(m, {}, { shouldInterrupt: () => ++asks > 3 }).exports as Record<string, (n: number) => void>;
    // 0 - 1 != 0 for 2^32 passes: no bound, the loop with polls runs
    expect(trapOf(() => e.count!(0)).trap).toBe('interrupted');
    expect(asks).toBe(4);
  });

  it('short counted loops charge their passes: shouldInterrupt is asked every FUEL_INTERVAL passes, during and after the warm-up', () => {
    let asks = 0;
    const m = new Module(wat(`(module (func (export "nest") (param $outer i32) (local $i i32)
      (loop $o
        (local.set $i (i32.const 100))
        (loop $l (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (br_if $o (local.tee $outer (i32.sub (local.get $outer) (i32.const 1)))))))`), { engine: 'jit' });
    expect(jitModules.get(moduleIRof(m))!.source).toContain('Qp=');
    const e = new Instance(m, {}, { shouldInterrupt: () => { asks++; return false; } }).exports as Record<string, (n: number) => void>;
    // Two calls to the interrupt helper per outer pass during the warm-up
    // (the outer loop's poll, the inner loop's charge): run well past it.
    const outer = WARM_POLLS;
    e.nest!(outer);
    // One poll at entry, one per outer pass, 100 passes charged per inner loop.
    const polls = 1 + outer * 101;
    expect(asks).toBeGreaterThanOrEqual(Math.floor(polls / FUEL_INTERVAL) - 2);
    expect(asks).toBeLessThanOrEqual(Math.ceil(polls / FUEL_INTERVAL) + 2);
  });
});
