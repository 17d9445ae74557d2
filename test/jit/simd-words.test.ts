// The JIT keeps a v128 as four int32 words inside a translated function
// (jit/simd.ts, codegen.ts): every SIMD instruction is checked here against
// the interpreter (which runs simd/ops.ts on V128 objects) bit for bit, on
// lanes with NaNs (quiet, signalling, negative), -0, infinities, saturating
// and sign edges, in the shapes that exercise the word machinery: operands
// straight from memory, through locals with the result written back into an
// operand's own local (a word read after it is written would show), nested
// (pending words feeding another op), shifts by constant and variable counts,
// every lane, shuffles, loads and stores partly out of bounds; and a v128
// crossing calls, returns, globals, select, br with values, loops and blocks.
// All of it twice: with every word form, and compact (the short forms only, the
// rest through helpers, as a function too big for V8 in full is translated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Instance, Module, type Memory } from '../../src/runtime/index';
import { OPS, SIMD_BASE, SIMD_COUNT, type OpInfo } from '../../src/runtime/opcodes';
import { F32, F64, I32, I64, V128, type ValType } from '../../src/runtime/module';
import { compileModule, jitDebug } from '../../src/runtime/jit/compile';
import { decodeModule } from '../../src/runtime/binary/decode';
import { validateModule } from '../../src/runtime/validate/module';
import { wat } from '../runtime/wat';

// ---- inputs: 24 vectors of edge words and random ones, at 0, 16, … ----
const EDGE_WORDS = [
  0, -1, 1, 0x7fffffff, -0x80000000, 0x7fc00000, -0x400000 /* ffc00000 */, 0x7f800001, 0x7fa00000, 0x7f800000,
  -0x800000 /* ff800000 */, 0x00ff00ff, -0x7f7f7f80 /* 80808080 */, 0x7f7f7f7f, -0x7fff8001 /* 80007fff */, -0x10000,
  0x3f800000, 0x4b800000, -0x31000000 /* cf000000 */, 0x4f800000, 0x4f000000, 0x3effffff, 0x7ff80000, 0x7ff00000,
  0x0000ffff, 0x00007fff, 0x00008000, 0x01000100, 0x7f007f00, 0x807f80ff, 0x3fc00000, -0x40800000 /* bf800000 */,
];
let seed = 0x5eed;
const rnd = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) | 0;
  return (seed >>> 16) | (Math.imul(seed, 0x9e3779b1) & -0x10000);
};
const VECTORS: number[][] = [];
for (let i = 0; i < 24; i++) {
  VECTORS.push(i < 16
    ? [0, 1, 2, 3].map((j) => EDGE_WORDS[(i * 4 + j * 7) % EDGE_WORDS.length]!)
    : [rnd(), rnd(), rnd(), rnd()]);
}
// f64 lanes: quiet, signalling and negative NaNs, -0, infinity
VECTORS[3] = [0, 0x7ff80000, 1, 0x7ff00000];
VECTORS[5] = [0, -0x80000000, 0, -0x100000 /* fff00000 */];
VECTORS[7] = [0, -0x80000 /* fff80000 */, -1, 0x41dfffff];
const N = VECTORS.length;
const OUT = 4096; // results
const PAGE = 65536;

type Exports = Record<string, unknown>;
function instantiate(bytes: Uint8Array, engine: 'interp' | 'jit'): Exports {
  return new Instance(new Module(bytes, { engine }), {}).exports;
}
function fill(mem: Memory, vectors: number[][]): void {
  const w = new Int32Array(mem.buffer);
  w.fill(0);
  vectors.forEach((v, i) => v.forEach((x, j) => { w[i * 4 + j] = x; }));
}
/** Calls each export on both engines over the given argument lists; the results, traps and memory must agree. */
function agree(src: string, calls: (names: string[]) => [string, number[]][], vectors = VECTORS): void {
  const bytes = wat(src);
  // the JIT must translate every function itself
  const ir = decodeModule(bytes);
  validateModule(ir);
  expect(compileModule(ir).interpreted.size).toBe(0);
  const run = (engine: 'interp' | 'jit'): unknown[] => {
    const e = instantiate(bytes, engine);
    const mem = e.mem as Memory;
    fill(mem, vectors);
    const names = Object.keys(e).filter((k) => k !== 'mem');
    const log: unknown[] = [];
    for (const [name, args] of calls(names)) {
      try {
        const r = (e[name] as (...a: number[]) => unknown)(...args);
        log.push(r);
      } catch (err) {
        log.push(`${name}(${args.join(',')}) trap: ${(err as Error).message}`);
      }
      log.push(name, [...new Int32Array(mem.buffer, OUT, 16)]);
    }
    log.push([...new Int32Array(mem.buffer)]);
    return log;
  };
  const interp = run('interp'), jit = run('jit');
  expect(jit.length).toBe(interp.length);
  for (let i = 0; i < interp.length; i++) if (JSON.stringify(jit[i]) !== JSON.stringify(interp[i])) expect([i, jit[i - 1], jit[i]]).toEqual([i, interp[i - 1], interp[i]]);
}
const pairs = (names: string[], extra: (x: number, y: number) => number[] = () => []): [string, number[]][] => {
  const out: [string, number[]][] = [];
  for (const name of names) for (let x = 0; x < N; x++) for (let y = 0; y < N; y += 3) out.push([name, [x * 16, ((x + y) % N) * 16, ((x + 2 * y + 1) % N) * 16, ...extra(x, y)]]);
  return out;
};

const TYPE: Record<number, string> = { [I32]: 'i32', [I64]: 'i64', [F32]: 'f32', [F64]: 'f64', [V128]: 'v128' };
/** An operand of type t read from memory at local $p<i>. */
const operand = (t: ValType, i: number): string => `(${TYPE[t]!}.load (local.get $p${i}))`;
/** Stores the result on top of the stack at OUT (floats as their bits). */
const storeResult = (t: ValType): string => {
  switch (t) {
    case V128: return `(local.set $r) (v128.store (i32.const ${OUT}) (local.get $r))`;
    case I32: return `(local.set $i) (i32.store (i32.const ${OUT}) (local.get $i))`;
    case I64: return `(local.set $j) (i64.store (i32.const ${OUT}) (local.get $j))`;
    case F32: return `(i32.reinterpret_f32) (local.set $i) (i32.store (i32.const ${OUT}) (local.get $i))`;
    default: return `(i64.reinterpret_f64) (local.set $j) (i64.store (i32.const ${OUT}) (local.get $j))`;
  }
};
const HEAD = '(param $p0 i32) (param $p1 i32) (param $p2 i32) (local $a v128) (local $b v128) (local $c v128) (local $r v128) (local $i i32) (local $j i64)';

const SIMD: OpInfo[] = [];
for (let n = 0; n < SIMD_COUNT; n++) {
  const info = OPS[SIMD_BASE + n];
  if (info && (info.imm === 'none' || info.imm === 'lane')) SIMD.push(info);
}
/** The lane immediates to try: every lane. */
const lanesOf = (info: OpInfo): string[] => (info.imm === 'lane' ? Array.from({ length: info.lanes }, (_, l) => ` ${l}`) : ['']);
const ident = (s: string): string => s.replace(/\./g, '_');

describe.each([false, true])('SIMD in words (compact: %s): every instruction on the JIT agrees with the interpreter bit for bit', (compact) => {
  // (compact: only the short word forms, the rest through helpers, as a function too big
  // for V8 in full is translated: compile.ts translateSteps)
  beforeAll(() => { jitDebug.compactSimd = compact; });
  afterAll(() => { jitDebug.compactSimd = false; });

  it('operands straight from memory', () => {
    let src = '(module (memory (export "mem") 1)';
    for (const info of SIMD) {
      for (const lane of lanesOf(info)) {
        const ops = info.params.map((t, i) => operand(t, i)).join(' ');
        src += `(func (export "${ident(info.name)}${lane.trim()}") ${HEAD} (${info.name}${lane} ${ops}) ${storeResult(info.results[0]!)})`;
      }
    }
    agree(`${src})`, (names) => pairs(names));
  });

  it('through locals, the result written back into its first operand\'s local, and nested', () => {
    let src = '(module (memory (export "mem") 1)';
    for (const info of SIMD) {
      const ps = info.params;
      if (ps[0] !== V128 || info.results[0] !== V128) continue;
      for (const lane of lanesOf(info)) {
        const locals = ['$a', '$b', '$c'];
        const sets = ps.map((t, i) => (t === V128 ? `(local.set ${locals[i]!} ${operand(t, i)})` : '')).join(' ');
        const args = ps.map((t, i) => (t === V128 ? `(local.get ${locals[i]!})` : operand(t, i))).join(' ');
        // $a = op($a, …): then op(op($a, …), …) with the pending result as the first operand
        const inner = `(${info.name}${lane} ${args})`;
        const nested = `(${info.name}${lane} ${inner} ${args.split(' (').slice(1).map((a) => `(${a}`).join(' ')})`;
        src += `(func (export "${ident(info.name)}${lane.trim()}") ${HEAD} ${sets} (local.set $a ${inner}) (local.set $a ${nested})
          (v128.store (i32.const ${OUT}) (local.get $a)))`;
      }
    }
    agree(`${src})`, (names) => pairs(names));
  });

  it('shifts by constant counts (0, in range, at and past the lane width, negative) and by variable ones', () => {
    const shifts = SIMD.filter((i) => /\.(shl|shr_s|shr_u)$/.test(i.name));
    expect(shifts.length).toBe(12);
    let src = '(module (memory (export "mem") 1)';
    for (const info of shifts) {
      for (const c of [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, -1]) {
        src += `(func (export "${ident(info.name)}_c${c < 0 ? 'm' : ''}${Math.abs(c)}") ${HEAD}
          (local.set $a (${info.name} (v128.load (local.get $p0)) (i32.const ${c}))) (v128.store (i32.const ${OUT}) (local.get $a)))`;
      }
      src += `(func (export "${ident(info.name)}_v") ${HEAD.replace("(local $a", "(param $n i32) (local $a")}
        (local.set $a (v128.load (local.get $p0))) (local.set $a (${info.name} (local.get $a) (local.get $n)))
        (v128.store (i32.const ${OUT}) (local.get $a)))`;
    }
    agree(`${src})`, (names) => pairs(names, (x, y) => [(x * 7 + y) % 70 - 3]));
  });

  it('shuffles: whole words, bytes, both operands, a value shuffled with itself into its own local', () => {
    const patterns = [
      '0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15', '4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11', '16 17 18 19 0 1 2 3 20 21 22 23 4 5 6 7',
      '15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0', '0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23', '3 3 3 3 31 31 31 31 1 2 3 4 5 6 7 8',
      '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16', '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31',
      // runs of bytes within a source word moved as one field (fourteenth session): rotations, runs of 2 and 3, swaps
      '2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17', '5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 4', '1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 24',
      '0 1 2 20 4 5 6 24 8 9 10 28 12 13 14 31', '2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13', '3 0 1 2 19 16 17 18 30 31 28 29 13 14 15 12',
      '1 2 0 0 17 18 19 19 9 10 11 8 26 27 24 25', '15 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14',
      ...Array.from({ length: 8 }, () => Array.from({ length: 16 }, () => rnd() >>> 27).join(' ')),
    ];
    let src = '(module (memory (export "mem") 1)';
    patterns.forEach((p, k) => {
      src += `(func (export "s${k}") ${HEAD} (local.set $a (v128.load (local.get $p0))) (local.set $b (v128.load (local.get $p1)))
        (local.set $a (i8x16.shuffle ${p} (local.get $a) (local.get $b)))
        (local.set $a (i8x16.shuffle ${p} (local.get $a) (local.get $a)))
        (v128.store (i32.const ${OUT}) (i8x16.shuffle ${p} (local.get $a) (v128.load (local.get $p2)))))`;
    });
    agree(`${src})`, (names) => pairs(names));
  });

  it('loads and stores of every kind, in bounds and partly out of bounds (a trap, nothing written)', () => {
    const mems = Array.from({ length: SIMD_COUNT }, (_, n) => OPS[SIMD_BASE + n]).filter((i): i is OpInfo => !!i && (i.imm === 'mem' || i.imm === 'memlane'));
    let src = '(module (memory (export "mem") 1)';
    for (const info of mems) {
      for (const lane of info.imm === 'memlane' ? ['0', String(info.lanes - 1)] : ['']) {
        const name = `${ident(info.name)}${lane}`;
        if (info.results.length) {
          const extra = info.imm === 'memlane' ? ` ${lane} (v128.load (local.get $p1))` : '';
          const ops = info.imm === 'memlane' ? `(local.get $p0)${extra.replace(` ${lane} `, ' ')}` : '(local.get $p0)';
          src += `(func (export "${name}") ${HEAD} (local.set $a (${info.name} offset=3${info.imm === 'memlane' ? ` ${lane}` : ''} ${ops}))
            (v128.store (i32.const ${OUT}) (local.get $a)))`;
        } else {
          src += `(func (export "${name}") ${HEAD} (${info.name} offset=1${info.imm === 'memlane' ? ` ${lane}` : ''} (local.get $p0)
            (i32x4.add (v128.load (local.get $p1)) (v128.load (local.get $p2)))))`;
        }
      }
    }
    agree(`${src})`, (names) => {
      const calls: [string, number[]][] = [];
      for (const name of names) {
        for (const at of [0, 5, 17, 100, OUT - 40, PAGE - 20, PAGE - 17, PAGE - 16, PAGE - 12, PAGE - 9, PAGE - 8, PAGE - 4, PAGE - 2, PAGE, -1]) {
          calls.push([name, [at, 32, 48]]);
        }
      }
      return calls;
    });
  });

  it('a v128 crossing calls, returns, globals, select, br with values, loops, blocks and if with v128 results', () => {
    const src = `(module (memory (export "mem") 1)
      (global $g (mut v128) (v128.const i32x4 1 2 3 4))
      (func $swap (param v128 v128) (result v128 v128) (local.get 1) (local.get 0))
      (func $mix (param $x v128) (param $k i32) (param $y v128) (result v128)
        (i32x4.add (local.get $x) (i32x4.mul (local.get $y) (i32x4.splat (local.get $k)))))
      (func (export "calls") ${HEAD}
        (local.set $a (v128.load (local.get $p0))) (local.set $b (v128.load (local.get $p1)))
        (call $swap (local.get $a) (i8x16.add (local.get $b) (local.get $a)))
        (local.set $c) (local.set $r)
        (v128.store (i32.const ${OUT}) (call $mix (local.get $r) (i32.load (local.get $p2)) (local.get $c))))
      (func (export "globals") ${HEAD}
        (global.set $g (i16x8.sub (global.get $g) (v128.load (local.get $p0))))
        (v128.store (i32.const ${OUT}) (i8x16.shuffle 0 1 2 3 20 21 22 23 8 9 10 11 28 29 30 31 (global.get $g) (v128.load (local.get $p1)))))
      (func (export "select") ${HEAD}
        (local.set $a (v128.load (local.get $p0)))
        (local.set $b (v128.load (local.get $p1)))
        (v128.store (i32.const ${OUT}) (select (local.get $a) (i32x4.add (local.get $b) (local.get $a)) (i32.and (i32.load (local.get $p2)) (i32.const 1))))
        (v128.store (i32.const ${OUT + 16}) (select (local.get $b) (local.get $a) (i32.load (local.get $p2)))))
      (func (export "blocks") ${HEAD}
        (local.set $a (v128.load (local.get $p0)))
        (local.set $i (i32.const 0))
        ;; a loop accumulating into $a, its value leaving through br_if with a v128
        (local.set $a (block $done (result v128)
          (loop $top
            (local.set $a (i32x4.add (i16x8.mul (local.get $a) (v128.load (local.get $p1))) (local.get $a)))
            (br_if $done (local.get $a) (i32.ge_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 5)))
            (drop (br_if $done (v128.xor (local.get $a) (v128.load (local.get $p2))) (i32.eq (local.get $i) (i32.load (local.get $p2)))))
            (br $top))
          (unreachable)))
        (v128.store (i32.const ${OUT})
          (if (result v128) (i32.and (i32.load (local.get $p2)) (i32.const 2))
            (then (i8x16.sub (local.get $a) (v128.load (local.get $p1))))
            (else (block (result v128) (v128.load (local.get $p0)))))))
      (func (export "extract") ${HEAD}
        (local.set $a (v128.load (local.get $p0)))
        ;; a lane read whose slot is then reused by a v128 stored at an address made from it
        (v128.store (i32.and (i32.add (i32x4.extract_lane 2 (local.get $a)) (i32x4.extract_lane 1 (i32x4.add (local.get $a) (local.get $a)))) (i32.const 1008))
          (i32x4.mul (local.get $a) (v128.load (local.get $p1))))
        (i32.store (i32.const ${OUT}) (i32.add (i8x16.extract_lane_s 5 (local.get $a)) (v128.any_true (local.get $a)))))
    )`;
    agree(src, (names) => pairs(names));
  });

  it('the instructions written out in the thirteenth session, on the edges of each (every operand pair)', () => {
    // i64 lanes, f64 lanes (NaN payloads, -0, ties, the saturation and f32 rounding edges),
    // f32 lanes, i8 lanes and swizzle indices (in range, 16, 31, 32, 127, 128, 255)
    const f64 = (...xs: number[]): number[] => [...new Int32Array(new Float64Array(xs).buffer)];
    const edges = [
      [1, 0x7ff00000, 0x12345678, 0xfff8abcd], f64(-0, 0), f64(0, -0), f64(0.5, -0.5), f64(1.5, -2.5), f64(2147483647.5, -2147483648.9),
      f64(2147483648, -2147483649), f64(4294967295.5, 4294967296), f64(-0.9, Infinity), f64(-Infinity, 4503599627370497),
      f64(1 + 2 ** -24, 1 + 2 ** -24 + 2 ** -52), f64(3.4028235677973366e38, 5e-324), f64(-(2 ** 31), 2 ** 32 - 1),
      [0x7f800001, 0xffc01234, 0x80000000, 0x3f000000], [0xbf000000, 0x3fc00000, 0x40200000, 0x4affffff],
      [0, 0x80000000, -1, -1], [1, 0, -1, 0x7fffffff], [-1, 0, 0, -1], [0x80000000, 0, 0x7fffffff, 0x80000000],
      [0x11100f00, 0x80807f20, 0x0e0180ff, 0x90010203], [0x01ff7f80, 0x80808080, 0x7f7f7f7f, 0xffffffff],
      [0x80000000, -1, 0x7fffffff, 0], [0x00010000, 0xffff8000, 0x7fff0001, 0x8000ffff],
    ].map((v) => v.map((x) => x | 0));
    const NEW = new Set(['i8x16.swizzle', 'i8x16.popcnt', 'f32x4.nearest', 'f64x2.nearest', 'f64x2.pmin', 'f64x2.pmax',
      'f32x4.demote_f64x2_zero', 'f64x2.promote_low_f32x4', 'f64x2.convert_low_i32x4_s', 'f64x2.convert_low_i32x4_u',
      'i32x4.trunc_sat_f64x2_s_zero', 'i32x4.trunc_sat_f64x2_u_zero', 'i64x2.abs', 'i64x2.neg', 'i64x2.bitmask', 'i64x2.mul',
      'i64x2.eq', 'i64x2.ne', 'i64x2.lt_s', 'i64x2.gt_s', 'i64x2.le_s', 'i64x2.ge_s', 'i64x2.shl', 'i64x2.shr_s', 'i64x2.shr_u',
      'i16x8.shl', 'i16x8.shr_s', 'i16x8.shr_u', 'i16x8.extadd_pairwise_i8x16_s', 'i16x8.extadd_pairwise_i8x16_u']);
    for (const k of ['i16x8.extmul_low_i8x16', 'i16x8.extmul_high_i8x16', 'i64x2.extmul_low_i32x4', 'i64x2.extmul_high_i32x4']) {
      NEW.add(`${k}_s`);
      NEW.add(`${k}_u`);
    }
    const infos = SIMD.filter((i) => NEW.has(i.name));
    expect(infos.length).toBe(NEW.size);
    let src = '(module (memory (export "mem") 1)';
    for (const info of infos) {
      const count = info.params[1] === I32;
      const ops = count ? `${operand(V128, 0)} (local.get $n)` : info.params.map((t, i) => operand(t, i)).join(' ');
      const head = count ? HEAD.replace('(local $a', '(param $n i32) (local $a') : HEAD;
      src += `(func (export "${ident(info.name)}") ${head} (${info.name} ${ops}) ${storeResult(info.results[0]!)})`;
      // a result written back into its operand's local
      const args = info.params.map((t, i) => (t === V128 ? `(local.get ${['$a', '$b'][i]!})` : '(local.get $n)')).join(' ');
      if (info.results[0] === V128) {
        src += `(func (export "${ident(info.name)}_local") ${head} (local.set $a ${operand(V128, 0)}) (local.set $b ${operand(V128, 1)})
          (local.set $a (${info.name} ${args})) (v128.store (i32.const ${OUT}) (local.get $a)))`;
      }
    }
    agree(`${src})`, (names) => {
      const calls: [string, number[]][] = [];
      for (const name of names) {
        for (let x = 0; x < edges.length; x++) {
          for (let y = 0; y < edges.length; y++) {
            calls.push([name, [x * 16, y * 16, 0, [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, -1, -64][(x + y) % 13]!]]);
          }
        }
      }
      return calls;
    }, edges);
  });

  it('float results kept as lane values: every float producer into every float consumer and into the word forms, bit for bit', () => {
    // (fourteenth session: f32x4/f64x2 results are held as JS numbers until their words are needed, a NaN
    // lane canonical then; NaN payloads read from memory must survive where an instruction keeps them)
    const f64 = (...xs: number[]): number[] => [...new Int32Array(new Float64Array(xs).buffer)];
    const edges = [
      [0, 0x7ff80000, 1, 0x7ff00000] /* quiet NaN, signalling NaN */, [0x12345678, 0xfff8abcd, 0, 0xfff80000] /* negative NaNs */,
      f64(-0, 0), f64(0.5, -2.5), f64(5e-324, -2.2250738585072014e-308) /* subnormals */, f64(Infinity, -Infinity),
      f64(2147483648.5, -1e300), f64(1 + 2 ** -52, 3.4028235677973366e38), f64(4294967295.5, -0.75), f64(1e-310, 20000.5),
      [0x7f800001, 0xffc01234, 0x80000000, 0x00000001] /* f32: sNaN, negative NaN, -0, subnormal */, [0x7fc00000, 0x7f800000, 0xff800000, 0x80400000],
      [0x3f800001, 0x4b800001, 0xcf000000, 0x3effffff], [0x00800000, 0x807fffff, 0x4f800000, 0x3fc00000],
    ].map((v) => v.map((x) => x | 0));
    const isFloat = (i: OpInfo): boolean => /^f(32x4|64x2)\./.test(i.name) || /trunc_sat_f|demote|promote/.test(i.name);
    // producers: float instructions with a v128 result and only v128 operands
    const producers = SIMD.filter((i) => isFloat(i) && i.imm === 'none' && i.results[0] === V128 && i.params.every((t) => t === V128));
    // consumers: every float instruction (and lane reads and writes), and some that need the words
    const consumers = SIMD.filter((i) => (isFloat(i) || ['i32x4.add', 'v128.xor', 'i64x2.extract_lane', 'i8x16.extract_lane_u', 'v128.any_true',
      'i32x4.bitmask', 'i64x2.eq', 'v128.bitselect', 'i8x16.popcnt'].includes(i.name)) && i.params[0] === V128 && i.params.every((t) => t === V128 || i.imm === 'lane'));
    expect(producers.length).toBeGreaterThan(30);
    const load = (i: number): string => operand(V128, i % 3);
    const produce = (p: OpInfo, i: number): string => `(${p.name} ${p.params.map((_, j) => load(i + j)).join(' ')})`;
    let src = '(module (memory (export "mem") 1)';
    let fn = 0;
    for (const c of consumers) {
      for (const lane of c.imm === 'lane' ? [` ${c.lanes - 1}`] : ['']) {
        for (let k = 0; k < producers.length; k++) {
          // each v128 operand another producer's result; a scalar lane operand from memory
          const args = c.params.map((t, j) => (t === V128 ? produce(producers[(k + 7 * j) % producers.length]!, j) : `(${TYPE[t]!}.load (local.get $p2))`)).join(' ');
          src += `(func (export "f${fn++}") ${HEAD} (${c.name}${lane} ${args}) ${storeResult(c.results[0]!)})`;
        }
      }
    }
    // the producers' results stored as they are, through a local (tee), and with a store between producer and consumer
    for (const p of producers) {
      src += `(func (export "f${fn++}") ${HEAD} (local.set $r ${produce(p, 0)}) (i32.store (i32.const ${OUT + 32}) (i32.const 7))
        (v128.store (i32.const ${OUT}) (f64x2.add (local.tee $a (local.get $r)) ${produce(p, 1)})) (v128.store (i32.const ${OUT + 16}) (local.get $a)))`;
    }
    const calls: [string, number[]][] = [];
    for (let f = 0; f < fn; f++) {
      for (let x = 0; x < edges.length; x++) calls.push([`f${f}`, [x * 16, ((x * 5 + f) % edges.length) * 16, ((x * 3 + 1) % edges.length) * 16]]);
    }
    agree(`${src})`, () => calls, edges);
  });

  it('float lanes across blocks, loops, br with values, select, if, calls, globals and pmin/pmax with constants', () => {
    const src = `(module (memory (export "mem") 1)
      (global $g (mut v128) (v128.const i32x4 1 2 3 4))
      (func $id (param v128) (result v128) (local.get 0))
      (func (export "chains") ${HEAD}
        (local.set $a (v128.load (local.get $p0)))
        (local.set $b (v128.load (local.get $p1)))
        ;; a chain of f64 ops, one operand a value kept below a statement, and pmin/pmax with constants (one with a NaN lane)
        (v128.store (i32.const ${OUT})
          (f64x2.pmax (f64x2.pmin (f64x2.mul (local.get $a) (local.get $b)) (v128.const f64x2 20000 -0))
            (f64x2.add (local.get $b) (v128.const f64x2 -1 nan:0x4))))
        (v128.store (i32.const ${OUT + 16})
          (f64x2.pmin (v128.const i32x4 0x1 0x7ff00000 0 0x7ff80001) (f64x2.sqrt (local.get $a))))
        (v128.store (i32.const ${OUT + 32})
          (f32x4.pmax (f32x4.add (local.get $a) (local.get $b)) (v128.const f32x4 nan:0x200000 -0 1 -inf)))
        (v128.store (i32.const ${OUT + 48})
          (f64x2.neg (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $a) (local.get $b)))))))
      (func (export "locals") ${HEAD}
        ;; a local written from float lanes, read by float ops and word ops, then written otherwise
        (local.set $a (f64x2.mul (v128.load (local.get $p0)) (v128.load (local.get $p1))))
        (local.set $b (f64x2.add (local.get $a) (local.tee $c (f32x4.sqrt (local.get $a)))))
        (v128.store (i32.const ${OUT}) (f64x2.sub (local.get $b) (local.get $c)))
        (local.set $c (v128.load (local.get $p2)))
        (local.set $a (i32x4.add (local.get $a) (local.get $c)))
        (v128.store (i32.const ${OUT + 16}) (f64x2.min (local.get $a) (f32x4.add (local.get $c) (local.get $b))))
        ;; written from lanes before a loop, otherwise in it: the loop's head forgets the lanes
        (local.set $a (f64x2.div (local.get $b) (v128.load (local.get $p0))))
        (local.set $i (i32.const 0))
        (loop $top
          (local.set $r (v128.xor (local.get $r) (f64x2.pmin (local.get $a) (local.get $b))))
          (local.set $a (v128.load (local.get $p1)))
          (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
        (v128.store (i32.const ${OUT + 32}) (local.get $r))
        ;; written in one arm of an if, read after it; written in a block a branch may skip
        (local.set $a (f64x2.floor (local.get $b)))
        (if (i32.and (i32.load (local.get $p2)) (i32.const 1)) (then (local.set $a (v128.load (local.get $p0)))))
        (local.set $c (v128.load (local.get $p1)))
        (block $skip
          (br_if $skip (i32.and (i32.load (local.get $p2)) (i32.const 4)))
          (local.set $c (f64x2.trunc (local.get $b))))
        (v128.store (i32.const ${OUT + 48}) (f64x2.sub (f64x2.ceil (local.get $a)) (local.get $c))))
      (func (export "flow") ${HEAD}
        (local.set $a (v128.load (local.get $p0)))
        (local.set $i (i32.const 0))
        (local.set $a (block $done (result v128)
          (loop $top
            (local.set $a (f64x2.add (f64x2.mul (local.get $a) (v128.load (local.get $p1))) (local.get $a)))
            (br_if $done (f64x2.sub (local.get $a) (local.get $a)) (i32.ge_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3)))
            (drop (br_if $done (f32x4.mul (local.get $a) (v128.load (local.get $p2))) (i32.eq (local.get $i) (i32.load (local.get $p2)))))
            (br $top))
          (unreachable)))
        (v128.store (i32.const ${OUT})
          (if (result v128) (i32.and (i32.load (local.get $p2)) (i32.const 2))
            (then (f64x2.floor (local.get $a)))
            (else (f32x4.ceil (v128.load (local.get $p1))))))
        (v128.store (i32.const ${OUT + 16})
          (select (f64x2.nearest (local.get $a)) (f32x4.sqrt (v128.load (local.get $p1))) (i32.and (i32.load (local.get $p2)) (i32.const 1))))
        (global.set $g (f32x4.min (local.get $a) (v128.load (local.get $p2))))
        (v128.store (i32.const ${OUT + 32}) (call $id (f64x2.max (global.get $g) (local.get $a))))
        (f64.store (i32.const ${OUT + 48}) (f64x2.extract_lane 1 (f64x2.sub (v128.load (local.get $p1)) (local.get $a))))
        (f32.store (i32.const ${OUT + 56}) (f32x4.extract_lane 2 (f32x4.convert_i32x4_u (v128.load (local.get $p1))))))
    )`;
    agree(src, (names) => pairs(names));
  });

  it('loads read as float lanes, and a local\'s float lanes read once: NaN payloads kept where the bits are, stale lanes never read', () => {
    // (fifteenth session: a load followed by a float instruction, or stored in a local that float
    // instructions read, reads its lanes as floats too; a local's lanes are computed once per
    // straight-line stretch; both inexact, i.e. never where a NaN's bits are kept: stores, pmin/pmax)
    const f64 = (...xs: number[]): number[] => [...new Int32Array(new Float64Array(xs).buffer)];
    const edges = [
      [0, 0x7ff80000, 1, 0x7ff00000], [0x12345678, 0xfff8abcd, 0, 0xfff80000], f64(-0, 0), f64(0.5, -2.5),
      f64(5e-324, -2.2250738585072014e-308), f64(Infinity, -Infinity), f64(2147483648.5, -1e300), f64(4294967295.5, -0.75),
      [0x7f800001, 0xffc01234, 0x80000000, 0x00000001], [0x7fc00000, 0x7f800000, 0xff800000, 0x80400000],
      [0x3f800001, 0x4b800001, 0xcf000000, 0x3effffff], [0x00800000, 0x807fffff, 0x4f800000, 0x3fc00000],
    ].map((v) => v.map((x) => x | 0));
    const consumers = ['f64x2.add', 'f64x2.nearest', 'f64x2.lt', 'f64x2.pmin', 'f64x2.pmax', 'f32x4.mul', 'f32x4.sqrt', 'f32x4.ge', 'f32x4.pmin',
      'f64x2.promote_low_f32x4', 'f32x4.demote_f64x2_zero', 'i32x4.trunc_sat_f64x2_s_zero', 'i32x4.trunc_sat_f32x4_u', 'i32x4.add', 'v128.xor'];
    const loads = ['v128.load', 'v128.load64_zero', 'v128.load32_zero'];
    const unary = (c: string): boolean => OPS.find((i) => i?.name === c)!.params.length === 1;
    let src = '(module (memory (export "mem") 1)';
    let fn = 0;
    for (const c of consumers) {
      for (const l of loads) {
        const ld = (i: number): string => `(${l} (local.get $p${i}))`;
        // straight into the consumer, each operand; then through a local (set, tee) read again by float and word ops
        src += `(func (export "f${fn++}") ${HEAD} (v128.store (i32.const ${OUT}) (${c} ${ld(0)} ${unary(c) ? '' : ld(1)})))`;
        if (!unary(c)) src += `(func (export "f${fn++}") ${HEAD} (v128.store (i32.const ${OUT}) (${c} (local.get $b) ${ld(1)})))`;
        src += `(func (export "f${fn++}") ${HEAD} (local.set $a ${ld(0)})
          (v128.store (i32.const ${OUT}) (${c} (local.get $a) ${unary(c) ? '' : '(local.get $a)'}))
          (v128.store (i32.const ${OUT + 16}) (f64x2.mul (local.tee $b ${ld(1)}) (local.get $a)))
          (v128.store (i32.const ${OUT + 32}) (local.get $b))
          (v128.store (i32.const ${OUT + 48}) (${c} (local.get $b) ${unary(c) ? '' : '(local.get $a)'})))`;
      }
    }
    // a local's lanes after it is written otherwise, after a store over the bytes it was loaded from, and in a loop writing it
    src += `(func (export "f${fn++}") ${HEAD}
      (local.set $a (v128.load (local.get $p0)))
      (v128.store (i32.const ${OUT}) (f64x2.sqrt (local.get $a)))
      (local.set $a (i32x4.add (local.get $a) (v128.const i32x4 1 0 0 0x100000)))
      (v128.store (i32.const ${OUT + 16}) (f64x2.sqrt (local.get $a)))
      (local.set $b (v128.load (local.get $p1)))
      (v128.store (local.get $p1) (v128.const i32x4 1 2 3 4))
      (v128.store (i32.const ${OUT + 32}) (f32x4.add (local.get $b) (local.get $b)))
      (v128.store (local.get $p1) (local.get $b))
      (local.set $a (v128.load (local.get $p0)))
      (local.set $c (f64x2.mul (local.get $a) (local.get $a)))
      (local.set $i (i32.const 0))
      (loop $top
        (local.set $c (f64x2.add (local.get $c) (f64x2.mul (local.get $a) (local.get $a))))
        (local.set $a (i32x4.add (local.get $a) (v128.const i32x4 0 0x10000 0 0x10000)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
      (v128.store (i32.const ${OUT + 48}) (local.get $c)))
      (func (export "f${fn++}") ${HEAD}
      ;; pmin/pmax of a local's lanes (read from memory) and a float result: the local's bits where it is chosen
      (local.set $a (v128.load (local.get $p0)))
      (local.set $b (v128.load (local.get $p1)))
      (v128.store (i32.const ${OUT}) (f64x2.pmin (local.get $a) (f64x2.sqrt (local.get $a))))
      (v128.store (i32.const ${OUT + 16}) (f64x2.pmax (local.get $a) (f64x2.floor (local.get $b))))
      (v128.store (i32.const ${OUT + 32}) (f32x4.pmin (local.get $b) (f32x4.sqrt (local.get $b))))
      (v128.store (i32.const ${OUT + 48}) (f32x4.pmax (local.get $b) (f32x4.trunc (local.get $a)))))
      (func (export "f${fn++}") ${HEAD}
      (local.set $a (v128.load (local.get $p2)))
      (drop (f32x4.ceil (local.get $a)))
      (if (i32.and (i32.load (local.get $p2)) (i32.const 1)) (then (local.set $a (v128.load (local.get $p0)))))
      (v128.store (i32.const ${OUT}) (f32x4.floor (local.get $a))))`;
    const calls: [string, number[]][] = [];
    for (let f = 0; f < fn; f++) {
      for (let x = 0; x < edges.length; x++) calls.push([`f${f}`, [x * 16, ((x * 5 + f) % edges.length) * 16, ((x * 3 + 1) % edges.length) * 16]]);
    }
    agree(`${src})`, () => calls, edges);
  });

  it('lane loads and stores at every lane, at the memory\'s last bytes and one past them (a trap, nothing written)', () => {
    const mems = Array.from({ length: SIMD_COUNT }, (_, n) => OPS[SIMD_BASE + n]).filter((i): i is OpInfo => !!i && i.imm === 'memlane');
    expect(mems.length).toBe(8);
    let src = '(module (memory (export "mem") 1)';
    const ats: number[] = [];
    for (const info of mems) {
      const bytes = 16 / info.lanes;
      ats.push(PAGE - 5 - bytes, PAGE - 4 - bytes, PAGE - 3 - bytes, PAGE - 2 - bytes);
      for (let lane = 0; lane < info.lanes; lane++) {
        if (info.results.length) {
          src += `(func (export "${ident(info.name)}${lane}") ${HEAD} (local.set $a (v128.load (local.get $p1)))
            (local.set $a (${info.name} offset=3 ${lane} (local.get $p0) (local.get $a))) (v128.store (i32.const ${OUT}) (local.get $a)))`;
        } else {
          src += `(func (export "${ident(info.name)}${lane}") ${HEAD} (${info.name} offset=3 ${lane} (local.get $p0) (v128.load (local.get $p1))))`;
        }
      }
    }
    agree(`${src})`, (names) => names.flatMap((name) => [...ats, 0, 16, -3].map((at): [string, number[]] => [name, [at, 32 + 16 * (at & 7), 0]])));
  });
});

describe('SIMD loads read as float lanes', () => {
  // (fifteenth session: a load whose value float instructions read next, directly or through a
  // local, reads its lanes with getFloat64/getFloat32 too; a local's lanes are read once)
  const body = (src: string): string => {
    const ir = decodeModule(wat(src));
    validateModule(ir);
    const { source } = compileModule(ir);
    return source.slice(source.indexOf('function f0'));
  };
  const HEAD2 = '(param $p i32) (local $d v128) (local $e v128)';
  it('reads a loaded f64x2/f32x4 operand\'s lanes from memory, not from its words', () => {
    const b = body(`(module (memory 1) (func ${HEAD2}
      (v128.store (i32.const 64) (f64x2.mul (v128.load (local.get $p)) (v128.const f64x2 2 3)))
      (v128.store (i32.const 80) (f32x4.add (v128.const f32x4 1 2 3 4) (v128.load offset=16 (local.get $p))))
      (v128.store (i32.const 96) (f64x2.promote_low_f32x4 (v128.load64_zero offset=32 (local.get $p))))
      ;; the first operand's lanes too, its address and the second load between them and the consumer
      (v128.store (i32.const 112) (f32x4.mul (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (i32.const 48)))))))`);
    expect(b.match(/dv\.getFloat64\(/g)?.length).toBe(2);
    expect(b.match(/dv\.getFloat32\(/g)?.length).toBe(14);
    expect(b).not.toContain('$VE[');
    expect(b).not.toContain('$VF[0])');
  });
  it('reads a local\'s lanes once per straight-line stretch: from the load stored in it, or from its words at the first float read', () => {
    const b = body(`(module (memory 1) (func ${HEAD2}
      (local.set $d (v128.load (local.get $p)))
      (v128.store (i32.const 64) (f64x2.add (f64x2.nearest (local.get $d)) (f64x2.mul (local.get $d) (local.get $d))))
      (local.set $e (i32x4.add (local.get $d) (local.get $d)))
      (v128.store (i32.const 80) (f64x2.sub (f64x2.sqrt (local.get $e)) (f64x2.mul (local.get $e) (local.get $e))))))`);
    // $d: two lanes from memory, no f64v; $e: its two lanes from its words, once
    expect(b.match(/dv\.getFloat64\(/g)?.length).toBe(2);
    expect(b.match(/\$VE\[/g)?.length).toBe(2);
  });
});

/**
 * Calls export `name`(x·16, y·16, n) for every vector x (y another) and count
 * n, on the interpreter, the JIT and by OSR at every loop: the results and
 * the `words` words at 4096 after each call must agree bit for bit. The
 * vectors: NaN payloads (quiet, signalling, negative), -0, subnormals,
 * infinities, f32 rounding edges.
 */
function agreeInLoops(src: string, name: string, counts: number[], words: number): void {
  const f64 = (...xs: number[]): number[] => [...new Int32Array(new Float64Array(xs).buffer)];
  const vectors = [
    [0, 0x7ff80000, 1, 0x7ff00000], [0x12345678, 0xfff8abcd, 0, 0x80000000], f64(-0, 5e-324), f64(Infinity, -2.5),
    f64(1e-310, 3), [0x7f800001, 0xffc01234, 0x80000000, 0x00000001], [0x7fc00000, 0x00800000, 0xff800000, 0x80400000],
    f64(1.5, -1e300), f64(0.1, 1e308), [0x3f800001, 0x4b800001, 0xcf000000, 0x3effffff], f64(-0.75, 2 ** 52), f64(7, -0),
    [1, 2, 3, 4], f64(NaN, 1), [0, 0, 0, 0], f64(-3, 4),
  ].map((v) => v.map((x) => x | 0));
  const bytes = wat(src);
  const run = (opts: Record<string, unknown>): unknown[] => {
    const e = new Instance(new Module(bytes, opts), {}).exports;
    const mem = e.mem as Memory;
    const log: unknown[] = [];
    for (let x = 0; x < vectors.length; x++) {
      for (const n of counts) {
        fill(mem, vectors);
        log.push((e[name] as (...a: number[]) => unknown)(x * 16, ((x * 7 + 3) % vectors.length) * 16, n), [...new Int32Array(mem.buffer, 4096, words)]);
      }
    }
    return log;
  };
  const interp = run({ engine: 'interp' });
  expect(run({ engine: 'jit' })).toEqual(interp);
  expect(run({ engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' })).toEqual(interp);
}

describe('SIMD loop float locals: a local\'s lanes read at the loop\'s entry and kept by its writes in the loop', () => {
  // (fifteenth session: codegen.ts tracked; simd.ts loopFloatLocals) $a holds words from memory before the
  // first loop, float results in it, other words after it; $b is read by float ops only; $c holds f32x4
  // results in one loop and f64x2 ones in the next, so no local here is a float local
  const src = `(module (memory (export "mem") 1)
    (func (export "loops") (param $p0 i32) (param $p1 i32) (param $n i32)
      (local $a v128) (local $b v128) (local $c v128) (local $i i32)
      (local.set $a (v128.load (local.get $p0)))
      (local.set $b (v128.load (local.get $p1)))
      ;; (skipped when $n is even: OSR then enters the second loop first)
      (if (i32.and (local.get $n) (i32.const 1)) (then (loop $top
        (local.set $a (f64x2.add (local.get $a) (f64x2.mul (local.get $b) (v128.const f64x2 0.5 2))))
        (local.set $c (f32x4.sub (local.get $c) (f32x4.mul (local.get $b) (local.get $b))))
        (block $skip
          (br_if $skip (i32.and (local.get $i) (i32.const 1)))
          (local.set $a (f64x2.min (local.get $a) (local.get $b))))
        (v128.store offset=4096 (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 4)) (local.get $a))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))))
      ;; after the loop: $a written otherwise, then read as floats in another loop (OSR may enter there)
      (local.set $a (i32x4.add (local.get $a) (v128.const i32x4 1 0 0 0x100000)))
      (local.set $i (i32.const 0))
      (loop $two
        (local.set $c (f64x2.add (local.get $c) (f64x2.sqrt (local.get $a))))
        (local.set $b (f32x4.ceil (local.get $b)))
        (br_if $two (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (v128.store (i32.const 4160) (local.get $a))
      (v128.store (i32.const 4176) (local.get $b))
      (v128.store (i32.const 4192) (local.get $c))))`;
  it('agrees bit for bit with the interpreter on NaN payloads, -0, subnormals and infinities, in the JIT and entered by OSR', () => {
    agreeInLoops(src, 'loops', [1, 2, 5, 6], 28);
  });
  it('reads $a, $b and $c as lanes from their words only where each loop is entered', () => {
    const ir = decodeModule(wat(src));
    validateModule(ir);
    const { source } = compileModule(ir);
    const body = source.slice(source.indexOf('function f0'));
    // f64 lanes: $a (l3) and $b (l4) before the first loop, $a and $c (l5) before the second; f32 lanes:
    // $c before the first, $b before the second; none in the loops
    expect(body.match(/\$VE\[/g)?.length).toBe(4 * 2);
    expect(body.match(/l4n0=\(\$VI\[0\]=l4,\$VF\[0\]\)/g)?.length).toBe(1);
    expect(body.match(/l5n0=\(\$VI\[0\]=l5,\$VF\[0\]\)/g)?.length).toBe(1);
    // (and $b's f32 lanes in the first loop, where it is kept as f64 lanes: from its words at each of the two reads)
    expect(body.match(/\(\$VI\[0\]=l[0-9]+(_[123])?,\$VF\[0\]\)/g)?.length).toBe(8 + 8);
  });
});

describe('SIMD float locals: a v128 local that only ever holds float results is kept as lane values', () => {
  // (fourteenth session: codegen.ts floatLocals; simd.ts heldLocals)
  const src = `(module (memory (export "mem") 1)
    (func (export "acc") (param $p0 i32) (param $p1 i32) (param $n i32) (result i32)
      (local $f v128) (local $g v128) (local $h v128) (local $w v128) (local $i i32) (local $k v128)
      ;; a constant with no NaN lane keeps a float local one; a constant with a NaN payload does not
      (local.set $g (v128.const f32x4 0 -0 1e-45 -inf))
      (local.set $k (v128.const i32x4 0x7fc00001 0 0xfff00000 0x7ff00001))
      (v128.store (i32.const 4208) (local.get $k))
      (loop $top
        (local.set $k (f32x4.max (local.get $k) (local.get $g)))
        ;; f64 and f32 accumulators, a float local also read by word ops, one written from memory too (not a float local)
        (local.set $f (f64x2.add (local.get $f) (f64x2.mul (v128.load (local.get $p0)) (v128.load (local.get $p1)))))
        (local.set $g (f32x4.sub (f32x4.mul (local.get $g) (v128.const f32x4 0.5 -1.5 3 1e-40)) (v128.load (local.get $p1))))
        (local.set $h (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $f))))
        (local.set $w (f64x2.min (local.get $w) (local.get $h)))
        (if (i32.and (i32.load (local.get $p0)) (i32.const 3)) (then (local.set $w (v128.load (local.get $p0)))))
        (v128.store offset=4096 (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 4))
          (v128.xor (local.get $h) (i32x4.add (local.get $g) (local.tee $h (f64x2.sqrt (local.get $f))))))
        (local.set $p0 (i32.and (i32.add (local.get $p0) (i32.const 16)) (i32.const 255)))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (v128.store (i32.const 4160) (local.get $f))
      (v128.store (i32.const 4176) (local.get $g))
      (v128.store (i32.const 4192) (local.get $w))
      (i32x4.bitmask (f64x2.lt (local.get $f) (local.get $h)))))`;
  it('agrees bit for bit with the interpreter on NaN payloads, -0, subnormals and infinities, in the JIT and entered by OSR', () => {
    agreeInLoops(src, 'acc', [1, 2, 5, 17], 32);
  });
  it('keeps $f, $g and $h as lanes only (no words written for them in the loop) and $w as words', () => {
    const ir = decodeModule(wat(src));
    validateModule(ir);
    const { source } = compileModule(ir);
    const body = source.slice(source.indexOf('function f0'));
    // locals 3 ($f), 4 ($g), 5 ($h) held as lanes; 6 ($w) written from memory too
    for (const i of [3, 4, 5]) {
      expect(body).toContain(`l${i}f0=`);
      // (a statement writing one of its words; the declarations list them with `,`)
      expect(body).not.toMatch(new RegExp(`[;{}]l${i}(_[123])?=`));
    }
    expect(body).toMatch(/[;{}]l6=/);
    expect(body).toMatch(/[;{}]l8=/);
  });
});

describe('SIMD in words: a full translation', () => {
  it('calls no helper of simd/ops.ts for any SIMD instruction (each alone in a function)', () => {
    const imm: Record<string, string> = { mem: '', memlane: ' 0', lane: ' 0', v128: ' i32x4 1 2 3 4', shuffle: ' 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31', none: '' };
    const calling: string[] = [];
    let count = 0;
    for (let n = 0; n < SIMD_COUNT; n++) {
      const info = OPS[SIMD_BASE + n];
      if (!info) continue;
      count++;
      const params = info.params.map((t, i) => `(param $p${i} ${TYPE[t]!})`).join(' ');
      const results = info.results.map((t) => `(result ${TYPE[t]!})`).join(' ');
      const args = info.params.map((_, i) => `(local.get $p${i})`).join(' ');
      const ir = decodeModule(wat(`(module (memory 1) (func (export "f") ${params} ${results} (${info.name}${imm[info.imm]!} ${args})))`));
      validateModule(ir);
      const { source } = compileModule(ir);
      if (/\$V\./.test(source.slice(source.indexOf('function')))) calling.push(info.name);
    }
    expect(count).toBeGreaterThan(230);
    expect(calling).toEqual([]);
  });
});

describe('i8x16.swizzle of a constant table (helper simdfloor)', () => {
  // (a table known at translation — a v128.const, or a local last set to one in the same
  // straight-line stretch — is read from the constant pool, $CB, with no table written)
  const HEX = 'i8x16 0x30 0x31 0x32 0x33 0x34 0x35 0x36 0x37 0x38 0x39 0x61 0x62 0x63 0x64 0x65 0x66';
  const NEG = 'i32x4 -1 0x80ff7f01 -0x7f7f7f80 0x0f0e0d0c'; // bytes ≥ 0x80: the words are negative literals
  const src = `(module (memory (export "mem") 1)
    (func (export "direct") ${HEAD} (i8x16.swizzle (v128.const ${HEX}) (v128.load (local.get $p0))) ${storeResult(V128)})
    (func (export "tee") ${HEAD}
      (i8x16.swizzle (local.tee $a (v128.const ${NEG})) (v128.load (local.get $p0)))
      (i8x16.swizzle (local.get $a) (v128.load (local.get $p1))) (v128.xor) ${storeResult(V128)})
    (func (export "reset") ${HEAD}
      ;; the same local set to another constant, then to a loaded value: each read sees its own
      (local.set $a (v128.const ${HEX}))
      (local.set $b (i8x16.swizzle (local.get $a) (v128.load (local.get $p0))))
      (local.set $a (v128.const ${NEG}))
      (local.set $b (v128.xor (local.get $b) (i8x16.swizzle (local.get $a) (v128.load (local.get $p1)))))
      (local.set $a (v128.load (local.get $p2)))
      (i8x16.swizzle (local.get $a) (v128.load (local.get $p0))) (local.get $b) (v128.xor) ${storeResult(V128)})
    (func (export "branch") ${HEAD}
      ;; a constant written only on one path: after the if the table is not known
      (local.set $a (v128.load (local.get $p1)))
      (if (i32.and (local.get $p2) (i32.const 32)) (then (local.set $a (v128.const ${HEX}))))
      (i8x16.swizzle (local.get $a) (v128.load (local.get $p0))) ${storeResult(V128)})
    (func (export "loop") ${HEAD}
      ;; set before a loop, overwritten in it after the read: the read at the second pass is not the constant
      (local.set $a (v128.const ${NEG}))
      (local.set $i (i32.const 2))
      (loop $l
        (local.set $b (v128.xor (local.get $b) (i8x16.swizzle (local.get $a) (v128.load (local.get $p0)))))
        (local.set $a (v128.load (local.get $p1)))
        (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
      (local.get $b) ${storeResult(V128)})
  )`;
  // index bytes: in range, 16, 31, 32, 127, 128, 255, besides the edge vectors
  const vectors = VECTORS.map((v) => [...v]);
  vectors[16] = [0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c];
  vectors[17] = [0x1f10200f, 0x7f80ff0e, 0x00010f10, -0x7f7f7f80];
  vectors[18] = [0x0f000f00, 0x05fe0a81, 0x0e0d1011, 0x20ff0102];

  it('agrees with the interpreter: direct, through local.tee/get, reset, after a branch and in a loop', () => {
    agree(src, (names) => pairs(names), vectors);
  });

  it('reads a constant table from the pool and writes no table; a variable table still goes through $VS', () => {
    const body = (s: string): string => {
      const ir = decodeModule(wat(s));
      validateModule(ir);
      const { source } = compileModule(ir);
      return source.slice(source.indexOf('function f0'));
    };
    const direct = body(`(module (memory 1) (func (param i32) (result v128) (i8x16.swizzle (v128.const ${HEX}) (v128.load (local.get 0)))))`);
    expect(direct).toMatch(/\$CB\[\d+\+\(/);
    expect(direct).not.toContain('$VS[');
    const local = body(`(module (memory 1) (func (param i32) (result v128) (local v128) (local.set 1 (v128.const ${HEX}))
      (i8x16.swizzle (local.get 1) (v128.load (local.get 0)))))`);
    expect(local).toMatch(/\$CB\[\d+\+\(/);
    expect(local).not.toContain('$VS[');
    const variable = body('(module (memory 1) (func (param i32) (result v128) (i8x16.swizzle (v128.load offset=16 (local.get 0)) (v128.load (local.get 0)))))');
    expect(variable).toContain('$VS[');
    expect(variable).not.toContain('$CB[');
  });
});
