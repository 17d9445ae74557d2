// SIMD in the JIT. Inside a translated function a v128 is four int32 JS
// variables (its words, w0 = bytes 0..3, as in simd/ops.ts): a local l<i> is
// l<i>, l<i>_1, l<i>_2, l<i>_3, a stack slot V<k>, V<k>_1, …, and a pending
// value is four word expressions (codegen.ts). Only where a v128 leaves the
// function (a call's argument or result, a return, a global) is it an
// immutable V128 object (simd/ops.ts), so the JIT ABI and the value-stack
// glue of instance.ts are unchanged.
//
// Every instruction is written out on the words here, with the arithmetic
// of simd/ops.ts: word-wise i32x4 and bitwise ops, i16x8/i8x16 add/sub/mul
// as SWAR words, i8x16/i16x8 lane by lane, i64x2 as (lo, hi) pairs
// (pairs.ts), loads and stores as DataView accesses, splats, lane reads and
// writes, shuffles, swizzle through a table, extends, and f32x4/f64x2
// arithmetic on the lanes' values, a float result kept as those values (JS
// doubles, the slot's D variables) until something needs its words, which
// are then written with a NaN lane canonical, as ops.ts does (floatLanes). Only a compact
// translation (a function too big for V8 in full) leaves the longer forms
// to their shared semantics in simd/ops.ts, called through the frozen `$V`
// object (`$V.i16x8_q15mulr_sat_s`), their v128 operands in reused scratch
// V128s and their v128 result unpacked into words.
//
// SAFETY: the helper names come from our own opcode table, never from the
// module.
import { F32, F64, I32, I64, V128 } from '../module.ts';
import { OPS, SIMD_BASE, SIMD_COUNT, type OpInfo } from '../opcodes.ts';
import { HI, SIMD_FNS, V128 as VC } from '../simd/ops.ts';
import { immediatesEnd, lebEnd, u32At } from './immediates.ts';
import type { Reader } from '../binary/reader.ts';
import { mulPair, shiftPairConst, shiftPairVar } from './pairs.ts';

/** `$V`'s property name for a SIMD instruction: its name with `_` for `.`. */
export function simdHelperName(info: OpInfo): string {
  return info.name.replace(/\./g, '_');
}

/** The `$V` object of generated code: the semantics of each SIMD instruction, by helper name. */
export const SIMD_HELPERS: Readonly<Record<string, unknown>> = (() => {
  const o: Record<string, unknown> = {};
  for (let n = 0; n < SIMD_COUNT; n++) {
    const info = OPS[SIMD_BASE + n];
    if (info) o[simdHelperName(info)] = SIMD_FNS[n];
  }
  return Object.freeze(o);
})();

const scratch = new ArrayBuffer(16);
// An f64 lane's value from its words (f64v), by its sign and biased exponent se = hi>>>20 (0..4095):
/** ±2^(e-1075) (2^-1074 for e = 0, subnormals), the sign's. */
const F64_SCALE = Float64Array.from({ length: 4096 }, (_, se) => (se & 2048 ? -1 : 1) * 2 ** (Math.max(se & 2047, 1) - 1075));
/** The hidden bit: 2^52, 0 for e = 0. */
const F64_HIDDEN = Float64Array.from({ length: 4096 }, (_, se) => ((se & 2047) === 0 ? 0 : 4503599627370496));
/** ±1e20 for e = 2047 (a significand ≥ 1 times 1e292 and this is ±Infinity: a NaN from Infinity - Infinity), else 0. */
const F64_NAN = Float64Array.from({ length: 4096 }, (_, se) => ((se & 2047) === 2047 ? (se & 2048 ? -1e20 : 1e20) : 0));
/** i8x16.swizzle's table: the operand's 16 bytes, then 240 zero bytes never written (any index byte reads in bounds). */
const swizzleTable = new ArrayBuffer(256);
/**
 * Bound in every factory: `$V` (SIMD_HELPERS), `$VH` (an i64 result's high
 * word), `$VC` (the V128 class: a v128 crossing a call, a return or a
 * global), `$VI`/`$VF`/`$VD` (one scratch as int32, f32 and f64 lanes, for
 * inline float lanes), `$Va`/`$Vb`/`$Vc` (a helper's v128 operands: reused V128 objects
 * whose words are written just before the call, so calling a helper makes
 * no operand object; no helper keeps its operands), `$VS`/`$VB` (i8x16.swizzle's
 * table as words and bytes), `$VQ`/`$VE`/`$VW` (an f64 lane's value from its words: f64v).
 */
export const SIMD_STATIC = {
  V: SIMD_HELPERS, VH: HI, VC, VI: new Int32Array(scratch), VF: new Float32Array(scratch), VD: new Float64Array(scratch),
  Va: new VC(0, 0, 0, 0), Vb: new VC(0, 0, 0, 0), Vc: new VC(0, 0, 0, 0),
  VS: new Int32Array(swizzleTable, 0, 4), VB: new Uint8Array(swizzleTable),
  VQ: F64_SCALE, VE: F64_HIDDEN, VW: F64_NAN,
};

/** Moves `r` past the immediates of the SIMD instruction 0xFD sub (already read). */
export function skipSimdImmediates(r: Reader, sub: number): void {
  const info = OPS[SIMD_BASE + sub];
  switch (info?.imm) {
    case 'mem': r.u32(); r.u32(); return;
    case 'memlane': r.u32(); r.u32(); r.u8(); return;
    case 'lane': r.u8(); return;
    case 'v128': case 'shuffle': r.pos += 16; return;
    default:
  }
}

/** An operand popped off the code generator's stack. */
export interface SimdOperand {
  t: number;
  trap: boolean;
  /** Known i32 constant. */
  c?: number;
}

/** What simdOp needs from the code generator (codegen.ts compileFunction). */
export interface SimdGen<P extends SimdOperand> {
  readonly r: Reader;
  pop(): P;
  /** A scalar operand as an expression (evaluated in order with the others). */
  val(p: P): string;
  /** A scalar operand as a simple token (for use more than once). */
  simple(p: P): string;
  /** An i64 operand's high word (after simple()). */
  hi(p: P): string;
  /** The address expression of a memory access (marks the function as using memory). */
  addr(p: P, offset: number): string;
  /** `cond`: the boolean form of an i32 0/1 result `((cond)|0)`, for a branch. */
  pushExpr(t: number, e: string, trap: boolean, cond?: string): void;
  /** An i64 result computed by a statement into (lo, hi). */
  pushDeferred(s: (lo: string, hi: string) => string, trap: boolean): void;
  stmt(s: string): void;
  /** Declares a temporary of the generated function. */
  declare(name: string, init: string): void;
  /** A v128 operand's four words as expressions, each to be used exactly once. */
  words(p: P): string[];
  /** A v128 operand's four words as tokens usable more than once (evaluated into its slot's words if need be). */
  vsimple(p: P): string[];
  /** Pushes a v128 result given as four word expressions. */
  pushWords(w: string[], trap: boolean): void;
  /**
   * Pushes a v128 result computed by the statement `s(dst)` into the four
   * variables dst; with `nums`, the statement `nums.s(ndst)` also puts its n
   * float lanes' values into the double variables ndst (a load read again as
   * f64 or f32 lanes: a NaN's payload may be lost, so these serve only where
   * a NaN result is canonical: SimdGen.nums).
   */
  pushWordsStmt(s: (dst: readonly string[]) => string, nums?: { n: 2 | 4; s: (ndst: readonly string[]) => string }): void;
  /**
   * A v128 operand's n float lanes' values as tokens when they are known
   * apart from its words — a load's lanes read as floats (pushWordsStmt's
   * nums), or a pending read of a local whose lanes were read before in this
   * straight-line stretch (computed from its words once, then reused) — else
   * undefined. A NaN's payload may be lost (`exact` false in floatIn).
   */
  nums(p: P, n: 2 | 4): string[] | undefined;
  /**
   * A v128 operand's four words as int32 literals when its value is known at
   * translation (a v128.const, or a pending read of a local last set to one
   * in this straight-line stretch), else undefined. Nothing is evaluated.
   */
  constWords(p: P): string[] | undefined;
  /** The byte offset in `$CB` of i8x16.swizzle's table for a constant with these words (ConstPool.swizzleTable). */
  swizzleTable(w: readonly number[]): number;
  /** The lane count as which this function's own v128 local i is read by float instructions (floatReadLocals), if any. */
  floatRead(i: number): number | undefined;
  /**
   * A v128 operand held as n float lanes (2: f64x2, 4: f32x4; a float op's
   * result, pushLanesStmt): the lanes' values as tokens; else undefined.
   */
  lanes(p: P, n: 2 | 4): string[] | undefined;
  /**
   * Pushes a v128 result computed by the statement `s(dst)` as n float lanes'
   * values into the double variables dst; its words are written from them
   * only where needed (lanesToWords: a NaN lane canonical), so only a result
   * whose NaN lanes are canonical anyway may be pushed so.
   */
  pushLanesStmt(n: 2 | 4, s: (dst: readonly string[]) => string): void;
  /**
   * Only the short word forms (a function whose full translation V8 would not
   * optimise: compile.ts translateSteps); the longer ones call their helper.
   */
  readonly compact: boolean;
}

/** The word forms kept in a compact translation: no longer than a helper call with its scratch operands. */
const COMPACT = new Set(['i32x4.splat', 'i32x4.extract_lane', 'i32x4.replace_lane', 'f32x4.extract_lane', 'i64x2.extract_lane',
  'i32x4.shl', 'i32x4.shr_s', 'i32x4.shr_u', 'v128.any_true', 'i32x4.all_true', 'i32x4.bitmask', 'i64x2.bitmask']);

const M7 = 2139062143; // 0x7f7f7f7f
const H8 = -2139062144; // 0x80808080
/** An i32 that is -1 when the boolean `b` holds, else 0 (shifts: no branch, never -0). */
const mask = (b: string): string => `((${b})<<31>>31)`;
/** Word-wise binary ops whose operands' words are each read once: word j of the result from word j of each. */
const ONCE2: Record<string, (x: string, y: string) => string> = {
  'i32x4.add': (x, y) => `(${x}+${y}|0)`,
  'i32x4.sub': (x, y) => `(${x}-${y}|0)`,
  'i32x4.mul': (x, y) => `Math.imul(${x},${y})`,
  'v128.and': (x, y) => `(${x}&${y})`,
  'v128.andnot': (x, y) => `(${x}&~${y})`,
  'v128.or': (x, y) => `(${x}|${y})`,
  'v128.xor': (x, y) => `(${x}^${y})`,
  'i32x4.eq': (x, y) => mask(`${x}===${y}`),
  'i32x4.ne': (x, y) => mask(`${x}!==${y}`),
  'i32x4.lt_s': (x, y) => mask(`${x}<${y}`),
  'i32x4.gt_s': (x, y) => mask(`${x}>${y}`),
  'i32x4.le_s': (x, y) => mask(`${x}<=${y}`),
  'i32x4.ge_s': (x, y) => mask(`${x}>=${y}`),
  'i32x4.lt_u': (x, y) => mask(`(${x}>>>0)<(${y}>>>0)`),
  'i32x4.gt_u': (x, y) => mask(`(${x}>>>0)>(${y}>>>0)`),
  'i32x4.le_u': (x, y) => mask(`(${x}>>>0)<=(${y}>>>0)`),
  'i32x4.ge_u': (x, y) => mask(`(${x}>>>0)>=(${y}>>>0)`),
};
/** Word-wise unary ops reading their operand's word once. */
const ONCE1: Record<string, (x: string) => string> = {
  'v128.not': (x) => `~${x}`,
  'i32x4.neg': (x) => `(-${x}|0)`,
  'i32x4.abs': (x) => `(Math.abs(${x})|0)`,
  'f32x4.abs': (x) => `(${x}&2147483647)`,
  'f32x4.neg': (x) => `(${x}^-2147483648)`,
  'i32x4.trunc_sat_f32x4_s': (x) => `($VI[0]=${x},$i32SatS($VF[0]))`,
  'i32x4.trunc_sat_f32x4_u': (x) => `($VI[0]=${x},$i32SatU($VF[0]))`,
};
/** Word-wise binary ops that read an operand's word more than once (operands as tokens). */
const TWICE2: Record<string, (x: string, y: string) => string> = {
  // i16 / i8 lanes within a word (SWAR): no carry crosses a lane
  'i16x8.add': (x, y) => `((${x}&65535)+(${y}&65535)&65535|(${x}&-65536)+(${y}&-65536))`,
  'i16x8.sub': (x, y) => `((${x}&65535)-(${y}&65535)&65535|(${x}&-65536)-(${y}&-65536))`,
  'i16x8.mul': (x, y) => `(Math.imul(${x},${y})&65535|Math.imul(${x}>>>16,${y}>>>16)<<16)`,
  'i8x16.add': (x, y) => `(((${x}&${M7})+(${y}&${M7}))^((${x}^${y})&${H8}))`,
  'i8x16.sub': (x, y) => `(((${x}|${H8})-(${y}&${M7}))^((${x}^~${y})&${H8}))`,
  'i32x4.min_s': (x, y) => `(${x}<${y}?${x}:${y})`,
  'i32x4.max_s': (x, y) => `(${x}>${y}?${x}:${y})`,
  'i32x4.min_u': (x, y) => `((${x}>>>0)<(${y}>>>0)?${x}:${y})`,
  'i32x4.max_u': (x, y) => `((${x}>>>0)>(${y}>>>0)?${x}:${y})`,
  'i32x4.dot_i16x8_s': (x, y) => `(Math.imul(${x}<<16>>16,${y}<<16>>16)+Math.imul(${x}>>16,${y}>>16)|0)`,
  // pmin/pmax: one operand's lane bits, as simd/ops.ts selects them
  'f32x4.pmin': (x, y) => `($VI[0]=${x},$VI[1]=${y},$VF[1]<$VF[0]?${y}:${x})`,
  'f32x4.pmax': (x, y) => `($VI[0]=${x},$VI[1]=${y},$VF[0]<$VF[1]?${y}:${x})`,
};
/** Ops whose result words mix the operands' words: result words from the operands' tokens. */
const MIXED: Record<string, (x: readonly string[], y: readonly string[], z: readonly string[]) => string[]> = {
  'v128.bitselect': (x, y, c) => x.map((xw, j) => `(${y[j]!}^((${xw}^${y[j]!})&${c[j]!}))`),
  'i32x4.extend_low_i16x8_s': (x) => [`(${x[0]}<<16>>16)`, `(${x[0]}>>16)`, `(${x[1]}<<16>>16)`, `(${x[1]}>>16)`],
  'i32x4.extend_high_i16x8_s': (x) => [`(${x[2]}<<16>>16)`, `(${x[2]}>>16)`, `(${x[3]}<<16>>16)`, `(${x[3]}>>16)`],
  'i32x4.extend_low_i16x8_u': (x) => [`(${x[0]}&65535)`, `(${x[0]}>>>16)`, `(${x[1]}&65535)`, `(${x[1]}>>>16)`],
  'i32x4.extend_high_i16x8_u': (x) => [`(${x[2]}&65535)`, `(${x[2]}>>>16)`, `(${x[3]}&65535)`, `(${x[3]}>>>16)`],
  'i64x2.extend_low_i32x4_s': (x) => [x[0]!, `(${x[0]}>>31)`, x[1]!, `(${x[1]}>>31)`],
  'i64x2.extend_high_i32x4_s': (x) => [x[2]!, `(${x[2]}>>31)`, x[3]!, `(${x[3]}>>31)`],
  'i64x2.extend_low_i32x4_u': (x) => [x[0]!, '0', x[1]!, '0'],
  'i64x2.extend_high_i32x4_u': (x) => [x[2]!, '0', x[3]!, '0'],
  'i16x8.extend_low_i8x16_s': (x) => ext8(x[0]!, x[1]!, true),
  'i16x8.extend_high_i8x16_s': (x) => ext8(x[2]!, x[3]!, true),
  'i16x8.extend_low_i8x16_u': (x) => ext8(x[0]!, x[1]!, false),
  'i16x8.extend_high_i8x16_u': (x) => ext8(x[2]!, x[3]!, false),
  'i32x4.extmul_low_i16x8_s': (x, y) => extmul16(x[0]!, y[0]!, x[1]!, y[1]!, true),
  'i32x4.extmul_high_i16x8_s': (x, y) => extmul16(x[2]!, y[2]!, x[3]!, y[3]!, true),
  'i32x4.extmul_low_i16x8_u': (x, y) => extmul16(x[0]!, y[0]!, x[1]!, y[1]!, false),
  'i32x4.extmul_high_i16x8_u': (x, y) => extmul16(x[2]!, y[2]!, x[3]!, y[3]!, false),
  'i32x4.extadd_pairwise_i16x8_s': (x) => x.map((w) => `((${w}<<16>>16)+(${w}>>16)|0)`),
  'i32x4.extadd_pairwise_i16x8_u': (x) => x.map((w) => `((${w}&65535)+(${w}>>>16)|0)`),
  'i64x2.add': (x, y) => [...add64(x[0]!, x[1]!, y[0]!, y[1]!, '+'), ...add64(x[2]!, x[3]!, y[2]!, y[3]!, '+')],
  'i64x2.sub': (x, y) => [...add64(x[0]!, x[1]!, y[0]!, y[1]!, '-'), ...add64(x[2]!, x[3]!, y[2]!, y[3]!, '-')],
  // f64 sign bits in the high words, the operand's bits otherwise (simd/ops.ts)
  'f64x2.abs': (x) => [x[0]!, `(${x[1]}&2147483647)`, x[2]!, `(${x[3]}&2147483647)`],
  'f64x2.neg': (x) => [x[0]!, `(${x[1]}^-2147483648)`, x[2]!, `(${x[3]}^-2147483648)`],
  'i16x8.extadd_pairwise_i8x16_s': (x) => x.map((w) => wordOf([0, 2].map((l) => `${laneOf(w, 8, l, true)}+${laneOf(w, 8, l + 1, true)}`), 16)),
  // (SWAR: each i16 lane's sum of two bytes is at most 510, no carry crosses a lane)
  'i16x8.extadd_pairwise_i8x16_u': (x) => x.map((w) => `((${w}&16711935)+(${w}>>>8&16711935)|0)`),
  'i16x8.extmul_low_i8x16_s': (x, y) => extmul8(x, y, 0, true),
  'i16x8.extmul_high_i8x16_s': (x, y) => extmul8(x, y, 2, true),
  'i16x8.extmul_low_i8x16_u': (x, y) => extmul8(x, y, 0, false),
  'i16x8.extmul_high_i8x16_u': (x, y) => extmul8(x, y, 2, false),
  // i64 lanes as (lo, hi) word pairs
  'i64x2.neg': (x) => [...neg64(x[0]!, x[1]!), ...neg64(x[2]!, x[3]!)],
  'i64x2.abs': (x) => [...abs64(x[0]!, x[1]!), ...abs64(x[2]!, x[3]!)],
  'i64x2.eq': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => `(${xl}^${yl}|${xh}^${yh})===0`),
  'i64x2.ne': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => `(${xl}^${yl}|${xh}^${yh})!==0`),
  'i64x2.lt_s': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => ltS64(xl, xh, yl, yh)),
  'i64x2.gt_s': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => ltS64(yl, yh, xl, xh)),
  'i64x2.le_s': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => `(${ltS64(yl, yh, xl, xh)})^1`),
  'i64x2.ge_s': (x, y) => cmp64(x, y, (xl, xh, yl, yh) => `(${ltS64(xl, xh, yl, yh)})^1`),
  'i8x16.narrow_i16x8_s': (x, y) => narrowWords(x, y, 16, -128, 127),
  'i8x16.narrow_i16x8_u': (x, y) => narrowWords(x, y, 16, 0, 255),
  'i16x8.narrow_i32x4_s': (x, y) => narrowWords(x, y, 32, -32768, 32767),
  'i16x8.narrow_i32x4_u': (x, y) => narrowWords(x, y, 32, 0, 65535),
};
/**
 * i8x16/i16x8 lane-wise ops written lane by lane on the words: the lane width,
 * whether the lanes are read signed, and the lane's value (wrapped to the lane
 * by the caller), as simd/ops.ts computes it on its typed-array views.
 */
interface LaneOp { bits: 8 | 16; signed: boolean; f: (x: string, y: string) => string }
const LANE_OPS: Record<string, LaneOp> = {};
for (const bits of [8, 16] as const) {
  const sh = `i${bits}x${128 / bits}`;
  const [lo, hi] = bits === 8 ? [-128, 127] : [-32768, 32767];
  const umax = bits === 8 ? 255 : 65535;
  const add = (name: string, signed: boolean, f: (x: string, y: string) => string): void => { LANE_OPS[`${sh}.${name}`] = { bits, signed, f }; };
  add('eq', false, (x, y) => `-(${x}===${y})`);
  add('ne', false, (x, y) => `-(${x}!==${y})`);
  for (const [op, c] of [['lt', '<'], ['gt', '>'], ['le', '<='], ['ge', '>=']] as const) {
    add(`${op}_s`, true, (x, y) => `-(${x}${c}${y})`);
    add(`${op}_u`, false, (x, y) => `-(${x}${c}${y})`);
  }
  add('min_s', true, (x, y) => `Math.min(${x},${y})`);
  add('min_u', false, (x, y) => `Math.min(${x},${y})`);
  add('max_s', true, (x, y) => `Math.max(${x},${y})`);
  add('max_u', false, (x, y) => `Math.max(${x},${y})`);
  add('add_sat_s', true, (x, y) => `Math.max(${lo},Math.min(${hi},${x}+${y}))`);
  add('sub_sat_s', true, (x, y) => `Math.max(${lo},Math.min(${hi},${x}-${y}))`);
  add('add_sat_u', false, (x, y) => `Math.min(${umax},${x}+${y})`);
  add('sub_sat_u', false, (x, y) => `Math.max(0,${x}-${y})`);
  add('avgr_u', false, (x, y) => `(${x}+${y}+1>>>1)`);
  add('abs', true, (x) => `Math.abs(${x})`);
  add('neg', true, (x) => `-${x}`);
}
LANE_OPS['i16x8.q15mulr_sat_s'] = { bits: 16, signed: true, f: (x, y) => `Math.max(-32768,Math.min(32767,${x}*${y}+16384>>15))` };
/** Lane l (of `bits` bits) of the word w as a number, signed or not. */
function laneOf(w: string, bits: number, l: number, signed: boolean): string {
  const at = l * bits;
  if (signed) return at + bits === 32 ? `(${w}>>${at})` : `(${w}<<${32 - bits - at}>>${32 - bits})`;
  return at + bits === 32 ? `(${w}>>>${at})` : `(${w}>>>${at}&${(1 << bits) - 1})`;
}
/** A word from its lanes' values (each wrapped to `bits` bits). */
function wordOf(lanes: readonly string[], bits: number): string {
  const mask = (1 << bits) - 1;
  return `(${lanes.map((v, l) => (l === lanes.length - 1 ? `${v}<<${l * bits}` : l === 0 ? `${v}&${mask}` : `(${v}&${mask})<<${l * bits}`)).join('|')})`;
}
/** The i8x16/i16x8 narrow of x (lanes 0..) and y (the rest), each source lane saturated to [lo, hi]. */
function narrowWords(x: readonly string[], y: readonly string[], from: 16 | 32, lo: number, hi: number): string[] {
  const to = from / 2, per = 32 / to, src = [...x, ...y];
  return [0, 1, 2, 3].map((j) => wordOf(Array.from({ length: per }, (_, l) => {
    const k = j * per + l, perSrc = 32 / from;
    const v = laneOf(src[Math.floor(k / perSrc)]!, from, k % perSrc, true);
    return `Math.max(${lo},Math.min(${hi},${v}))`;
  }), to));
}

/** The i16 lanes of i8 lanes 0..3 (word a) and 4..7 (word b), sign- or zero-extended. */
function ext8(a: string, b: string, signed: boolean): string[] {
  return [a, a, b, b].map((w, j) => {
    const h = (j & 1) * 16; // the word's bytes h/8 and h/8+1
    return signed
      ? `(${w}<<${24 - h}>>24&65535|${w}<<${16 - h}>>24<<16)`
      : `(${w}>>>${h}&255|(${w}>>>${h + 8}&255)<<16)`;
  });
}
/** i32 lanes: the products of the i16 lanes of (x0,y0), then of (x1,y1). */
function extmul16(x0: string, y0: string, x1: string, y1: string, signed: boolean): string[] {
  const lo = (w: string): string => (signed ? `${w}<<16>>16` : `${w}&65535`);
  const hi = (w: string): string => (signed ? `${w}>>16` : `${w}>>>16`);
  return [`Math.imul(${lo(x0)},${lo(y0)})`, `Math.imul(${hi(x0)},${hi(y0)})`, `Math.imul(${lo(x1)},${lo(y1)})`, `Math.imul(${hi(x1)},${hi(y1)})`];
}
/** i16 lanes: the products of the i8 lanes of x and y from word `from` (0: low half, 2: high half). */
function extmul8(x: readonly string[], y: readonly string[], from: number, signed: boolean): string[] {
  // result word j: i8 lanes 2j, 2j+1 of the half, i.e. bytes 2(j&1), 2(j&1)+1 of its word j>>1
  return [0, 1, 2, 3].map((j) => {
    const xw = x[from + (j >> 1)]!, yw = y[from + (j >> 1)]!, l = 2 * (j & 1);
    return wordOf([l, l + 1].map((b) => `Math.imul(${laneOf(xw, 8, b, signed)},${laneOf(yw, 8, b, signed)})`), 16);
  });
}
/** One i64 lane's (lo, hi) negated: the borrow into the high word when the low one is 0. */
function neg64(l: string, h: string): string[] {
  return [`(-${l}|0)`, `(~${h}+(${l}===0)|0)`];
}
/** One i64 lane's (lo, hi) absolute value: (x^m)-m with m its sign (all ones or 0), the carry as in neg64. */
function abs64(l: string, h: string): string[] {
  return [`((${l}^${h}>>31)-(${h}>>31)|0)`, `((${h}^${h}>>31)+(${h}>>>31&(${l}===0))|0)`];
}
/** x < y on signed i64 (lo, hi) pairs, a 0/1 number (no branch: `|`/`&` on the booleans, as codegen.ts's i64 comparisons for a value). */
function ltS64(xl: string, xh: string, yl: string, yh: string): string {
  return `${xh}<${yh}|${xh}===${yh}&(${xl}>>>0)<(${yl}>>>0)`;
}
/** An i64x2 comparison: each lane's mask (both its words) from the condition c on the lanes' words. */
function cmp64(x: readonly string[], y: readonly string[], c: (xl: string, xh: string, yl: string, yh: string) => string): string[] {
  const m0 = mask(c(x[0]!, x[1]!, y[0]!, y[1]!)), m1 = mask(c(x[2]!, x[3]!, y[2]!, y[3]!));
  return [m0, m0, m1, m1];
}
/**
 * The value of the f64 lane with words (l, h), tokens: its significand (with
 * the hidden bit when the exponent is not 0) times ±2^(exponent-1075), both
 * exact doubles, so the product is exactly the lane's value (-0 and
 * subnormals included); infinities overflow to themselves; a NaN (exponent
 * 2047, significand not 0) is Infinity minus Infinity, its payload lost — only
 * for instructions whose result does not depend on it (arithmetic with a
 * canonical NaN result, comparisons, conversions). Branch-free: the sign,
 * the hidden bit and the NaN term come from tables by sign and exponent (the
 * NaN term is 0, or Infinity when the significand is not 0; subtracted, so
 * -0 stays -0).
 * Writing the two words into $VI and reading $VD would be a 64-bit load from
 * two 32-bit stores, which the CPU cannot forward: ~3x slower per lane.
 * The temporaries Vx/Ve are set and read within the expression.
 */
function f64v(l: string, h: string): string {
  return `(Vx=(${h}&1048575)*4294967296+(${l}>>>0),Ve=${h}>>>20,(Vx+$VE[Ve])*$VQ[Ve]-Vx*1e292*$VW[Ve])`;
}
/** One i64 lane's (lo, hi) of x ± y: the carry or borrow out of the low words. */
function add64(xl: string, xh: string, yl: string, yh: string, op: '+' | '-'): string[] {
  return op === '+'
    ? [`(${xl}+${yl}|0)`, `(${xh}+${yh}+((${xl}+${yl}>>>0)<(${xl}>>>0))|0)`]
    : [`(${xl}-${yl}|0)`, `(${xh}-${yh}-((${xl}>>>0)<(${yl}>>>0))|0)`];
}

/**
 * f64x2 lane arithmetic and comparisons on the lanes' values (floatLanes), as
 * simd/ops.ts computes on its Float64Array (a NaN result 0x7ff8000000000000
 * when made words: lanesToWords).
 */
const F64_LANES: Record<string, (x: string, y: string) => string> = {
  'f64x2.add': (x, y) => `${x}+${y}`,
  'f64x2.sub': (x, y) => `${x}-${y}`,
  'f64x2.mul': (x, y) => `${x}*${y}`,
  'f64x2.div': (x, y) => `${x}/${y}`,
  'f64x2.min': (x, y) => `Math.min(${x},${y})`,
  'f64x2.max': (x, y) => `Math.max(${x},${y})`,
  'f64x2.sqrt': (x) => `Math.sqrt(${x})`,
  'f64x2.ceil': (x) => `Math.ceil(${x})`,
  'f64x2.floor': (x) => `Math.floor(${x})`,
  'f64x2.trunc': (x) => `Math.trunc(${x})`,
  'f64x2.nearest': (x) => `$nearest(${x})`,
};
const F64_CMPS: Record<string, string> = { 'f64x2.eq': '===', 'f64x2.ne': '!==', 'f64x2.lt': '<', 'f64x2.gt': '>', 'f64x2.le': '<=', 'f64x2.ge': '>=' };
/** A word of swizzle results: the table's bytes `${at}index]` at the four index bytes of word y (`at` a name and `[`, or `[` and an offset and `+`). */
function swizzleBytes(at: string, y: string): string {
  const i = at.endsWith('+') ? (e: string): string => `(${e})` : (e: string): string => e;
  return `${at}${i(`${y}&255`)}]|${at}${i(`${y}>>>8&255`)}]<<8|${at}${i(`${y}>>>16&255`)}]<<16|${at}${i(`${y}>>>24`)}]<<24`;
}

/**
 * Ops written out as a statement filling the four words d from the operands'
 * tokens x (and y), for those needing temporaries (T, U, Vp). The statement may
 * write d's words before it has read all of x's (d may be x's slot): each
 * writes a lane's words only after reading that lane's, or reads all first.
 */
const STMTS: Record<string, (d: readonly string[], x: readonly string[], y: readonly string[]) => string> = {
  // each result byte: the table's byte at the index byte (16..255 read zeros)
  'i8x16.swizzle': (d, x, y) => x.map((w, j) => `$VS[${j}]=${w};`).join('')
    + d.map((w, j) => `${w}=${swizzleBytes('$VB[', y[j]!)};`).join(''),
  // per byte: the bit counts of pairs, nibbles, then bytes (SWAR, no carry crosses a byte)
  'i8x16.popcnt': (d, x) => d.map((w, j) => `Vp=${x[j]!}-(${x[j]!}>>>1&1431655765)|0;Vp=(Vp&858993459)+(Vp>>>2&858993459)|0;${w}=Vp+(Vp>>>4)&252645135;`).join(''),
  'i64x2.mul': (d, x, y) => mulPair(x[0]!, x[1]!, y[0]!, y[1]!, d[0]!, d[1]!) + mulPair(x[2]!, x[3]!, y[2]!, y[3]!, d[2]!, d[3]!),
  // the i64 products of i32 lanes: a multiply of the lanes extended to (lo, hi)
  'i64x2.extmul_low_i32x4_s': (d, x, y) => extmul32(d, x[0]!, y[0]!, x[1]!, y[1]!, true),
  'i64x2.extmul_high_i32x4_s': (d, x, y) => extmul32(d, x[2]!, y[2]!, x[3]!, y[3]!, true),
  'i64x2.extmul_low_i32x4_u': (d, x, y) => extmul32(d, x[0]!, y[0]!, x[1]!, y[1]!, false),
  'i64x2.extmul_high_i32x4_u': (d, x, y) => extmul32(d, x[2]!, y[2]!, x[3]!, y[3]!, false),
  // pmin/pmax: one operand's lane bits, chosen by a mask (no branch), as simd/ops.ts selects them
  'f64x2.pmin': (d, x, y) => pminmax64(d, x, y, true),
  'f64x2.pmax': (d, x, y) => pminmax64(d, x, y, false),
};
/** Two i64 lanes (into d) of i32 lanes a0·b0 and a1·b1, signed or not. */
function extmul32(d: readonly string[], a0: string, b0: string, a1: string, b1: string, signed: boolean): string {
  const h = (w: string): string => (signed ? `(${w}>>31)` : '0');
  // (both lanes' operands read before d is written: d may be a's slot)
  return `Vp=${a1};Vq=${b1};${mulPair(a0, h(a0), b0, h(b0), d[0]!, d[1]!)}${mulPair('Vp', h('Vp'), 'Vq', h('Vq'), d[2]!, d[3]!)}`;
}
/** f64x2.pmin/pmax: each lane y's words where y < x (pmin) or x < y (pmax) on the lanes' values, else x's. */
function pminmax64(d: readonly string[], x: readonly string[], y: readonly string[], min: boolean): string {
  return [0, 1].map((i) => {
    const [xl, xh, yl, yh] = [x[2 * i]!, x[2 * i + 1]!, y[2 * i]!, y[2 * i + 1]!];
    const [xv, yv] = [f64v(xl, xh), f64v(yl, yh)];
    return `Vm=(${min ? `${yv}<${xv}` : `${xv}<${yv}`})<<31>>31;${d[2 * i + 1]!}=${xh}^((${xh}^${yh})&Vm);${d[2 * i]!}=${xl}^((${xl}^${yl})&Vm);`;
  }).join('');
}

/** v128 loads written out: `A` holds the address; the statement fills the four words d. */
const LOADS: Record<string, (d: readonly string[]) => string> = {
  'v128.load': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=dv.getInt32(A+4,true);${d[2]}=dv.getInt32(A+8,true);${d[3]}=dv.getInt32(A+12,true);`,
  'v128.load8x8_s': (d) => d.map((w, j) => `${w}=dv.getInt8(A+${2 * j})&65535|dv.getInt8(A+${2 * j + 1})<<16;`).join(''),
  'v128.load8x8_u': (d) => d.map((w, j) => `${w}=dv.getUint8(A+${2 * j})|dv.getUint8(A+${2 * j + 1})<<16;`).join(''),
  'v128.load16x4_s': (d) => d.map((w, j) => `${w}=dv.getInt16(A+${2 * j},true);`).join(''),
  'v128.load16x4_u': (d) => d.map((w, j) => `${w}=dv.getUint16(A+${2 * j},true);`).join(''),
  'v128.load32x2_s': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=${d[0]}>>31;${d[2]}=dv.getInt32(A+4,true);${d[3]}=${d[2]}>>31;`,
  'v128.load32x2_u': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=0;${d[2]}=dv.getInt32(A+4,true);${d[3]}=0;`,
  'v128.load8_splat': (d) => `${d[0]}=dv.getUint8(A)*16843009|0;${d[1]}=${d[2]}=${d[3]}=${d[0]};`,
  'v128.load16_splat': (d) => `${d[0]}=dv.getUint16(A,true)*65537|0;${d[1]}=${d[2]}=${d[3]}=${d[0]};`,
  'v128.load32_splat': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=${d[2]}=${d[3]}=${d[0]};`,
  'v128.load64_splat': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=dv.getInt32(A+4,true);${d[2]}=${d[0]};${d[3]}=${d[1]};`,
  'v128.load32_zero': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=${d[2]}=${d[3]}=0;`,
  'v128.load64_zero': (d) => `${d[0]}=dv.getInt32(A,true);${d[1]}=dv.getInt32(A+4,true);${d[2]}=${d[3]}=0;`,
};

/**
 * The float lanes' values of a load's bytes at `A`, read as f64 (n = 2) or f32
 * (n = 4) lanes — after its words, so in bounds — for the loads whose lanes
 * are whole floats of the bytes read, or zeros.
 */
const LOAD_LANES: Record<string, (n: 2 | 4) => string[] | undefined> = {
  'v128.load': (n) => (n === 2 ? ['dv.getFloat64(A,true)', 'dv.getFloat64(A+8,true)'] : [0, 4, 8, 12].map((o) => `dv.getFloat32(A${o ? `+${o}` : ''},true)`)),
  'v128.load64_zero': (n) => (n === 2 ? ['dv.getFloat64(A,true)', '0'] : ['dv.getFloat32(A,true)', 'dv.getFloat32(A+4,true)', '0', '0']),
  'v128.load32_zero': (n) => (n === 4 ? ['dv.getFloat32(A,true)', '0', '0', '0'] : undefined),
};

/** The statement putting a helper's V128 result `call` into the four words d. */
const unpack = (d: readonly string[], call: string): string => `Vt=${call};${d.map((w, j) => `${w}=Vt.w${j};`).join('')}`;
/** A helper's v128 operand: the scratch V128 `$Va`/`$Vb`/`$Vc` (by position) with its words written in. */
const scratchArg = (w: readonly string[], i: number): string => {
  const s = `$V${'abc'[i]!}`;
  return `(${w.map((x, j) => `${s}.w${j}=${x}`).join(',')},${s})`;
};

/** Translates the SIMD instruction `info` (its 0xFD sub-opcode already read). */
export function simdOp<P extends SimdOperand>(g: SimdGen<P>, info: OpInfo): void {
  const f = `$V.${simdHelperName(info)}`;
  const r = g.r;
  const name = info.name;
  switch (info.imm) {
    case 'mem': {
      r.u32();
      const offset = r.u32();
      if (info.results.length) {
        const A = g.addr(g.pop(), offset);
        const load = LOADS[name];
        // (a value read next as float lanes: those read from memory too, no f64v)
        const n = load !== undefined && !g.compact ? feedsFloat(r.bytes, r.pos, g) : undefined;
        const lanes = n !== undefined ? LOAD_LANES[name]?.(n) : undefined;
        if (load !== undefined) {
          g.pushWordsStmt((d) => `A=${A};${load(d)}`, lanes && { n: n!, s: (nd) => nd.map((x, j) => `${x}=${lanes[j]!};`).join('') });
        }
        else {
          g.declare('Vt', 'null');
          g.pushWordsStmt((d) => unpack(d, `${f}(dv,${A})`));
        }
      } else {
        // v128.store: the value's words as tokens first (the address operand is
        // below the value: nothing the value's evaluation writes can change it),
        // the highest word first, so a partly out-of-bounds store writes nothing
        const v = g.pop();
        const a = g.pop();
        const w = g.vsimple(addressFirst(g, a, v));
        g.stmt(`A=${g.addr(a, offset)};dv.setInt32(A+12,${w[3]!},true);dv.setInt32(A+8,${w[2]!},true);dv.setInt32(A+4,${w[1]!},true);dv.setInt32(A,${w[0]!},true);`);
      }
      return;
    }
    case 'memlane': {
      r.u32();
      const offset = r.u32();
      const lane = r.u8();
      const v = g.pop();
      const a = g.pop();
      const w = g.vsimple(addressFirst(g, a, v));
      // (shorter than the helper call: in a compact translation too)
      const A = g.addr(a, offset);
      const bytes = Number(/\d+/.exec(name.slice(9))![0]) / 8;
      if (info.results.length) {
        // the operand's words with the lane's replaced by the bytes read
        const x = [...w];
        if (bytes === 8) {
          x[2 * lane] = 'dv.getInt32(A,true)';
          x[2 * lane + 1] = 'dv.getInt32(A+4,true)';
        } else if (bytes === 4) x[lane] = 'dv.getInt32(A,true)';
        else {
          const per = 4 / bytes, j = Math.floor(lane / per), o = (lane % per) * 8 * bytes;
          x[j] = `(${w[j]!}&${lit(~(((1 << (8 * bytes)) - 1) << o))}|dv.${bytes === 1 ? 'getUint8(A)' : 'getUint16(A,true)'}<<${o})`;
        }
        g.pushWordsStmt((d) => `A=${A};${d.map((dw, j) => (x[j] === dw ? '' : `${dw}=${x[j]!};`)).join('')}`);
      } else {
        // a store of the lane's bytes; an i64 lane's high word first (a partly out-of-bounds store writes nothing)
        let st: string;
        if (bytes === 8) st = `dv.setInt32(A+4,${w[2 * lane + 1]!},true);dv.setInt32(A,${w[2 * lane]!},true);`;
        else if (bytes === 4) st = `dv.setInt32(A,${w[lane]!},true);`;
        else {
          const per = 4 / bytes, o = (lane % per) * 8 * bytes;
          const x = w[Math.floor(lane / per)]!;
          st = `dv.${bytes === 1 ? 'setUint8(A' : 'setUint16(A'},${o === 0 ? x : `${x}>>>${o}`}${bytes === 2 ? ',true' : ''});`;
        }
        g.stmt(`A=${A};${st}`);
      }
      return;
    }
    case 'v128': {
      const w = [r.i32le(), r.i32le(), r.i32le(), r.i32le()];
      g.pushWords(w.map(lit), false);
      return;
    }
    case 'shuffle': {
      if (g.compact) break;
      const idx: number[] = [];
      for (let i = 0; i < 16; i++) idx.push(r.u8());
      const y = g.pop();
      const x = g.pop();
      const src = [...g.vsimple(x), ...g.vsimple(y)];
      g.pushWords([0, 1, 2, 3].map((j) => shuffleWord(src, idx.slice(4 * j, 4 * j + 4))), false);
      return;
    }
    default:
  }
  const lane = info.imm === 'lane' ? r.u8() : -1;
  // (the shuffle's 16 lane indices, for its helper in a compact translation)
  const shuffle = info.imm === 'shuffle' ? [r.i32le(), r.i32le(), r.i32le(), r.i32le()] : [];
  const ps = info.params;
  const ops: P[] = [];
  for (let i = ps.length - 1; i >= 0; i--) ops.unshift(g.pop());
  const trap = ops.some((p) => p.trap);
  const full = !g.compact;
  // (f32 lanes through the scratch are longer than their helper call)
  const short = full || !name.startsWith('f');
  // float arithmetic on the lanes' values, its result kept as values (floatLanes)
  if (full && floatLanes(g, name, ops)) return;
  const once2 = short ? ONCE2[name] : undefined, once1 = short ? ONCE1[name] : undefined, twice2 = full ? TWICE2[name] : undefined, mixed = full ? MIXED[name] : undefined;
  if (once2 !== undefined) {
    const x = g.words(ops[0]!), y = g.words(ops[1]!);
    g.pushWords(x.map((xw, j) => once2(xw, y[j]!)), trap);
    return;
  }
  if (once1 !== undefined) {
    g.pushWords(g.words(ops[0]!).map(once1), trap);
    return;
  }
  if (twice2 !== undefined) {
    const x = g.vsimple(ops[0]!), y = g.vsimple(ops[1]!);
    g.pushWords(x.map((xw, j) => twice2(xw, y[j]!)), false);
    return;
  }
  const lanes = full ? LANE_OPS[name] : undefined;
  if (lanes !== undefined) {
    const { bits, signed, f: lf } = lanes;
    const x = g.vsimple(ops[0]!), y = ops.length > 1 ? g.vsimple(ops[1]!) : x;
    g.pushWords(x.map((xw, j) => wordOf(Array.from({ length: 32 / bits }, (_, l) =>
      lf(laneOf(xw, bits, l, signed), laneOf(y[j]!, bits, l, signed))), bits)), false);
    return;
  }
  if (mixed !== undefined) {
    // (every operand a v128, evaluated in order)
    const w = ops.map((p) => g.vsimple(p));
    g.pushWords(mixed(w[0]!, w[1] ?? [], w[2] ?? []), false);
    return;
  }
  // i8x16.swizzle of a constant table: each result byte read from the table
  // kept in the constant pool (`$CB`), no table written at run time
  if (full && name === 'i8x16.swizzle') {
    const c = g.constWords(ops[0]!);
    if (c !== undefined) {
      const o = g.swizzleTable(c.map((w) => litWord(w)!));
      const y = g.vsimple(ops[1]!);
      g.pushWordsStmt((d) => d.map((w, j) => `${w}=${swizzleBytes(`$CB[${o}+`, y[j]!)};`).join(''));
      return;
    }
  }
  const stmt = full ? STMTS[name] : undefined;
  if (stmt !== undefined) {
    const w = ops.map((p) => g.vsimple(p));
    for (const t of ['T', 'U', 'Vp', 'Vq', 'Vm', 'Vx', 'Ve']) g.declare(t, '0');
    g.pushWordsStmt((d) => stmt(d, w[0]!, w[1] ?? []));
    return;
  }
  if ((full || COMPACT.has(name)) && inlineOther(g, name, ops, lane, trap)) return;

  // Everything else: its helper in simd/ops.ts, v128 operands through the scratch
  // V128s. An i64 operand needs a statement (simple), so then every operand is
  // evaluated in order first.
  const args: string[] = [];
  // (or an operand that calls a helper or fills a scratch itself: it would overwrite those filled before it)
  const needsStmt = ps.includes(I64) || ops.some((p, i) => (ps[i] === V128 ? g.words(p) : [g.val(p)]).some((w) => SCRATCH.test(w)));
  let vi = 0;
  for (let i = 0; i < ops.length; i++) {
    const p = ops[i]!;
    if (ps[i] === V128) args.push(scratchArg(needsStmt ? g.vsimple(p) : g.words(p), vi++));
    else if (ps[i] === I64) {
      const lo = g.simple(p);
      args.push(lo, g.hi(p));
    } else if (ps[i] === F32) args.push(`$f32b(${needsStmt ? g.simple(p) : g.val(p)})`);
    else args.push(needsStmt ? g.simple(p) : g.val(p));
  }
  if (lane >= 0) args.push(String(lane));
  for (const w of shuffle) args.push(lit(w));
  const call = `${f}(${args.join(',')})`;
  const rt = info.results[0]!;
  if (rt === V128) {
    g.declare('Vt', 'null');
    g.pushWordsStmt((d) => unpack(d, call));
  } else if (rt === I64) g.pushDeferred((lo, hi) => `${lo}=${call};${hi}=$VH[0];`, trap);
  else if (rt === F32) g.pushExpr(F32, `$f32v(${call})`, trap);
  else g.pushExpr(rt, call, trap);
}

/**
 * Word j of a shuffle: its bytes idx (0..31) out of the 8 source words. Runs
 * of result bytes that are consecutive bytes of one source word move as one
 * shifted field (a whole word as it is; a byte rotation is two fields per
 * word), masked only where bits of other bytes would remain.
 */
function shuffleWord(src: readonly string[], idx: readonly number[]): string {
  const terms: string[] = [];
  for (let k = 0; k < 4;) {
    const b = idx[k]!;
    let r = 1;
    while (k + r < 4 && idx[k + r] === b + r && ((b + r) & 3) !== 0) r++;
    const w = src[b >> 2]!, o = (b & 3) * 8, at = 8 * k, bits = 8 * r;
    let t = o === 0 ? w : `${w}>>>${o}`;
    // (bits above the field: none when it ends at the source word's top or the result's)
    if (o + bits < 32 && at + bits < 32) t = `${t}&${(2 ** bits - 1) | 0}`;
    terms.push(at === 0 ? (terms.length === 0 && r === 4 ? t : `(${t})`) : `(${t})<<${at}`);
    k += r;
  }
  return terms.length === 1 && !terms[0]!.startsWith('(') ? terms[0]! : `(${terms.join('|')})`;
}

/** Splats, lane reads and writes, shifts, any_true/all_true/bitmask written out; false for the rest. */
function inlineOther<P extends SimdOperand>(g: SimdGen<P>, name: string, ops: P[], lane: number, trap: boolean): boolean {
  const a = ops[0]!, b = ops[1];
  switch (name) {
    case 'i32x4.splat': case 'i16x8.splat': case 'i8x16.splat': case 'f32x4.splat': {
      const v = name === 'f32x4.splat' ? `$f32b(${g.val(a)})` : g.val(a);
      const e = name === 'i16x8.splat' ? `(${v}&65535)*65537|0` : name === 'i8x16.splat' ? `(${v}&255)*16843009|0` : v;
      if (QUIET_TOKEN.test(e)) g.pushWords([e, e, e, e], false);
      else g.pushWordsStmt((d) => `${d[0]!}=${e};${d[1]!}=${d[2]!}=${d[3]!}=${d[0]!};`);
      return true;
    }
    case 'f64x2.splat': {
      const v = g.val(a);
      g.pushWordsStmt((d) => `$VD[0]=${v};${d[0]!}=${d[2]!}=$VI[0];${d[1]!}=${d[3]!}=$VI[1];`);
      return true;
    }
    case 'f64x2.extract_lane': {
      // (NaN bits kept: a Float64Array read keeps them, as simd/ops.ts's does)
      const w = g.vsimple(a);
      g.pushExpr(F64, `($VI[0]=${w[2 * lane]!},$VI[1]=${w[2 * lane + 1]!},$VD[0])`, false);
      return true;
    }
    case 'f64x2.replace_lane': {
      const w = g.vsimple(a);
      const v = g.val(b!);
      g.pushWordsStmt((d) => `$VD[0]=${v};${d.map((x, j) => (j >> 1 === lane ? `${x}=$VI[${j & 1}];` : x === w[j] ? '' : `${x}=${w[j]!};`)).join('')}`);
      return true;
    }
    case 'i64x2.splat': {
      const lo = g.simple(a), hi = g.hi(a);
      g.pushWordsStmt((d) => `${d[0]!}=${lo};${d[1]!}=${hi};${d[2]!}=${lo};${d[3]!}=${hi};`);
      return true;
    }
    case 'i32x4.extract_lane': case 'i8x16.extract_lane_s': case 'i8x16.extract_lane_u':
    case 'i16x8.extract_lane_s': case 'i16x8.extract_lane_u': case 'f32x4.extract_lane': {
      // (a trapping operand has all its words evaluated: only one is used here)
      const w = trap ? g.vsimple(a) : g.words(a);
      let e: string;
      if (name === 'i32x4.extract_lane') e = w[lane]!;
      else if (name === 'f32x4.extract_lane') e = `$f32v(${w[lane]!})`;
      else if (name.startsWith('i8x16')) {
        const x = w[lane >> 2]!, o = (lane & 3) * 8;
        e = name.endsWith('_s') ? `(${x}<<${24 - o}>>24)` : `(${x}>>>${o}&255)`;
      } else {
        const x = w[lane >> 1]!, o = (lane & 1) * 16;
        e = name.endsWith('_s') ? `(${x}<<${16 - o}>>16)` : `(${x}>>>${o}&65535)`;
      }
      g.pushExpr(name === 'f32x4.extract_lane' ? F32 : I32, e, false);
      return true;
    }
    case 'i64x2.extract_lane': {
      const w = g.vsimple(a);
      g.pushDeferred((lo, hi) => `${lo}=${w[2 * lane]!};${hi}=${w[2 * lane + 1]!};`, false);
      return true;
    }
    case 'i32x4.replace_lane': case 'i16x8.replace_lane': case 'i8x16.replace_lane': case 'f32x4.replace_lane': {
      const w = [...g.vsimple(a)];
      const y = g.val(b!);
      if (name === 'i32x4.replace_lane') w[lane] = y;
      else if (name === 'f32x4.replace_lane') w[lane] = `$f32b(${y})`;
      else if (name === 'i16x8.replace_lane') {
        const o = (lane & 1) * 16, j = lane >> 1;
        w[j] = `(${w[j]!}&${lit(~(65535 << o))}|(${y}&65535)<<${o})`;
      } else {
        const o = (lane & 3) * 8, j = lane >> 2;
        w[j] = `(${w[j]!}&${lit(~(255 << o))}|(${y}&255)<<${o})`;
      }
      g.pushWords(w, b!.trap);
      return true;
    }
    case 'i64x2.replace_lane': {
      const w = [...g.vsimple(a)];
      w[2 * lane] = g.simple(b!);
      w[2 * lane + 1] = g.hi(b!);
      g.pushWords(w, false);
      return true;
    }
    case 'i32x4.shl': case 'i32x4.shr_s': case 'i32x4.shr_u': {
      const op = name === 'i32x4.shl' ? '<<' : name === 'i32x4.shr_s' ? '>>' : '>>>';
      const shift = (x: string, n: string): string => (op === '>>>' ? `(${x}>>>${n}|0)` : `(${x}${op}${n})`);
      if (b!.c !== undefined) {
        const c = b!.c & 31;
        g.pushWords(g.words(a).map((x) => (c === 0 ? x : shift(x, String(c)))), a.trap);
      } else {
        // (JS shifts count mod 32, as wasm's i32x4 shifts do)
        const x = g.vsimple(a), n = g.simple(b!);
        g.pushWords(x.map((w) => shift(w, n)), false);
      }
      return true;
    }
    case 'i16x8.shl': case 'i16x8.shr_u': case 'i16x8.shr_s': {
      if (b!.c === undefined) {
        // each i16 lane shifted by the count mod 16, as simd/ops.ts does
        const x = g.vsimple(a), n = `(${g.simple(b!)}&15)`;
        const signed = name === 'i16x8.shr_s', op = name === 'i16x8.shl' ? '<<' : signed ? '>>' : '>>>';
        g.pushWords(x.map((w) => wordOf([0, 1].map((l) => `${laneOf(w, 16, l, signed)}${op}${n}`), 16)), false);
        return true;
      }
      const c = b!.c & 15;
      if (name === 'i16x8.shr_s') {
        g.pushWords(g.vsimple(a).map((x) => `(${x}<<16>>${16 + c}&65535|${x}>>${16 + c}<<16)`), false);
      } else {
        const m = name === 'i16x8.shl' ? ((65535 << c) & 65535) * 65537 | 0 : (65535 >>> c) * 65537 | 0;
        const op = name === 'i16x8.shl' ? '<<' : '>>>';
        g.pushWords(g.words(a).map((x) => `(${x}${op}${c}&${lit(m)})`), a.trap);
      }
      return true;
    }
    case 'i8x16.shl': case 'i8x16.shr_s': case 'i8x16.shr_u': {
      // each byte lane shifted by the count mod 8, as simd/ops.ts does
      if (b!.c !== undefined && name !== 'i8x16.shr_s') {
        // by a constant: the whole word shifted, the bits crossing into a neighbouring byte masked off
        const c = b!.c & 7, shl = name === 'i8x16.shl';
        const m = (shl ? (255 << c) & 255 : 255 >>> c) * 16843009 | 0;
        g.pushWords(g.words(a).map((x) => (c === 0 ? x : `(${x}${shl ? '<<' : '>>>'}${c}&${lit(m)})`)), a.trap);
        return true;
      }
      const x = g.vsimple(a);
      const n = b!.c !== undefined ? String(b!.c & 7) : `(${g.simple(b!)}&7)`;
      const signed = name === 'i8x16.shr_s';
      const op = name === 'i8x16.shl' ? '<<' : name === 'i8x16.shr_s' ? '>>' : '>>>';
      g.pushWords(x.map((w) => wordOf([0, 1, 2, 3].map((l) => `${laneOf(w, 8, l, signed)}${op}${n}`), 8)), false);
      return true;
    }
    case 'i64x2.shl': case 'i64x2.shr_s': case 'i64x2.shr_u': {
      // each (lo, hi) lane as a scalar i64 shift by the count mod 64 (pairs.ts)
      const op = name === 'i64x2.shl' ? 0x86 : name === 'i64x2.shr_s' ? 0x87 : 0x88;
      const x = g.vsimple(a);
      g.declare('T', '0'); g.declare('U', '0'); g.declare('Y', '0');
      const c = b!.c, n = c === undefined ? g.simple(b!) : '';
      const lane64 = (d: readonly string[], i: number): string => (c !== undefined
        ? shiftPairConst(op, x[2 * i]!, x[2 * i + 1]!, d[2 * i]!, d[2 * i + 1]!, c & 63)
        : shiftPairVar(op, x[2 * i]!, x[2 * i + 1]!, n, d[2 * i]!, d[2 * i + 1]!));
      g.pushWordsStmt((d) => lane64(d, 0) + lane64(d, 1));
      return true;
    }
    case 'i64x2.bitmask': {
      // (a trapping operand has all its words evaluated: two are used here)
      const w = trap ? g.vsimple(a) : g.words(a);
      g.pushExpr(I32, `(${w[1]!}>>>31|${w[3]!}>>>31<<1)`, trap);
      return true;
    }
    case 'i8x16.bitmask': case 'i16x8.bitmask': {
      // (each word is read once per lane: as tokens)
      const bits = name === 'i8x16.bitmask' ? 8 : 16, per = 32 / bits;
      const terms = g.vsimple(a).flatMap((x, j) => Array.from({ length: per }, (_, l) => `(${x}>>>${l * bits + bits - 1}&1)<<${j * per + l}`));
      g.pushExpr(I32, `(${terms.join('|')})`, false);
      return true;
    }
    case 'v128.any_true': {
      const c = `(${g.words(a).join('|')})!==0`;
      g.pushExpr(I32, `((${c})|0)`, trap, c);
      return true;
    }
    case 'i32x4.all_true': case 'i64x2.all_true': case 'i16x8.all_true': case 'i8x16.all_true': {
      let c: string;
      if (name === 'i32x4.all_true') c = g.words(a).map((w) => `${w}!==0`).join('&');
      else if (name === 'i64x2.all_true') {
        const w = g.words(a);
        c = `(${w[0]!}|${w[1]!})!==0&(${w[2]!}|${w[3]!})!==0`;
      } else {
        // no zero lane in any word: the has-a-zero-byte (halfword) test of each word
        const [one, high] = name === 'i8x16.all_true' ? [16843009, H8] : [65537, -2147450880];
        c = g.vsimple(a).map((w) => `((${w}-${one})&~${w}&${high})===0`).join('&');
      }
      g.pushExpr(I32, `((${c})|0)`, trap, c);
      return true;
    }
    case 'i32x4.bitmask': {
      const w = g.words(a);
      g.pushExpr(I32, `(${w[0]!}>>>31|${w[1]!}>>>31<<1|${w[2]!}>>>31<<2|${w[3]!}>>>31<<3)`, trap);
      return true;
    }
    default: return false;
  }
}

/**
 * A memory access's operands: the address first when the value needs
 * evaluating into its slot (a pending address may read slot variables above
 * its own: an extract_lane of the value's slot). Returns the value.
 */
function addressFirst<P extends SimdOperand>(g: SimdGen<P>, a: P, v: P): P {
  if (!g.words(v).every((w) => QUIET_TOKEN.test(w))) g.simple(a);
  return v;
}

/** Generated code that uses a scratch ($VI/$VF/$VD, $Va/$Vb/$Vc) or calls a helper ($V.). */
const SCRATCH = /\$V[IFDabc.]/;

/** A constant or a local's word: used four times as it is. */
const QUIET_TOKEN = /^(?:-?[0-9]+|\(-[0-9]+\)|l[0-9]+(?:_[123])?)$/;

function lit(x: number): string {
  return x < 0 ? `(${x})` : String(x);
}

/**
 * The words d of a v128 held as float lanes v (2: f64 values, 4: f32 values):
 * each lane's bits through the scratch (a 64-bit or 32-bit store read back as
 * 32-bit words, which the CPU forwards), a NaN lane canonical
 * (0x7ff8000000000000 / 0x7fc00000), as simd/ops.ts writes a float result.
 */
export function lanesToWords(d: readonly string[], v: readonly string[]): string {
  if (v.length === 2) {
    return v.map((x, i) => `$VD[0]=${x};if(${x}===${x}){${d[2 * i]!}=$VI[0];${d[2 * i + 1]!}=$VI[1];}else{${d[2 * i]!}=0;${d[2 * i + 1]!}=2146959360;}`).join('');
  }
  return v.map((x, j) => `$VF[0]=${x};${d[j]!}=${x}===${x}?$VI[0]:2143289344;`).join('');
}

const litBuf = new ArrayBuffer(8);
const litI = new Int32Array(litBuf), litF = new Float32Array(litBuf), litD = new Float64Array(litBuf);
/** A numeric literal word (`5`, `(-5)`), or undefined. */
function litWord(w: string): number | undefined {
  const m = /^\(?(-?[0-9]+)\)?$/.exec(w);
  return m ? Number(m[1]) | 0 : undefined;
}
/** A double as a JS literal: exact (shortest round trip), -0 and infinities written out. */
function numLit(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return '(1/0)';
  if (x === -Infinity) return '(-1/0)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${x})` : String(x);
}
/**
 * A v128 operand's n float lanes' values as tokens: its float lanes (a float
 * op's result), a constant's values folded here, or else read from its words
 * (f64: f64v; f32: through $VI/$VF). `exact` is false when a lane's NaN payload
 * is lost (a NaN read from words or a NaN constant): fine for arithmetic, whose
 * NaN result is canonical, not for a select of one operand's bits (pmin/pmax).
 */
function floatIn<P extends SimdOperand>(g: SimdGen<P>, p: P, n: 2 | 4): { v: string[]; exact: boolean } {
  const l = g.lanes(p, n);
  if (l !== undefined) return { v: l, exact: true };
  const nl = g.nums(p, n);
  if (nl !== undefined) return { v: nl, exact: false };
  const w = g.vsimple(p);
  const c = w.map(litWord);
  if (c.every((x) => x !== undefined)) {
    const v = Array.from({ length: n }, (_, i) => {
      if (n === 4) { litI[0] = c[i]!; return litF[0]!; }
      litI[0] = c[2 * i]!; litI[1] = c[2 * i + 1]!;
      return litD[0]!;
    });
    return { v: v.map(numLit), exact: v.every((x) => x === x) };
  }
  if (n === 2) {
    g.declare('Vx', '0'); g.declare('Ve', '0');
    return { v: [f64v(w[0]!, w[1]!), f64v(w[2]!, w[3]!)], exact: false };
  }
  return { v: w.map((x) => `($VI[0]=${x},$VF[0])`), exact: false };
}

/** f32x4 lane arithmetic on the lanes' values, each rounded to f32 (a NaN result canonical when made words). */
const F32_VALUES: Record<string, (x: string, y: string) => string> = {
  'f32x4.add': (x, y) => `Math.fround(${x}+${y})`,
  'f32x4.sub': (x, y) => `Math.fround(${x}-${y})`,
  'f32x4.mul': (x, y) => `Math.fround(${x}*${y})`,
  'f32x4.div': (x, y) => `Math.fround(${x}/${y})`,
  // (an f32 operand's, or NaN; integers of an f32 are f32s)
  'f32x4.min': (x, y) => `Math.min(${x},${y})`,
  'f32x4.max': (x, y) => `Math.max(${x},${y})`,
  'f32x4.sqrt': (x) => `Math.fround(Math.sqrt(${x}))`,
  'f32x4.ceil': (x) => `Math.ceil(${x})`,
  'f32x4.floor': (x) => `Math.floor(${x})`,
  'f32x4.trunc': (x) => `Math.trunc(${x})`,
  'f32x4.nearest': (x) => `$nearest(${x})`,
};
const F32_CMPS: Record<string, string> = { 'f32x4.eq': '===', 'f32x4.ne': '!==', 'f32x4.lt': '<', 'f32x4.gt': '>', 'f32x4.le': '<=', 'f32x4.ge': '>=' };

/**
 * f32x4/f64x2 arithmetic, comparisons, pmin/pmax, conversions, promote and
 * demote on the lanes' values (floatIn), a float result held as float lanes
 * (pushLanesStmt) so a chain of float ops converts words to values and back
 * only at its ends. False for any other instruction.
 */
function floatLanes<P extends SimdOperand>(g: SimdGen<P>, name: string, ops: P[]): boolean {
  const n = name.startsWith('f64x2') ? 2 : 4;
  const arith = n === 2 ? F64_LANES[name] : F32_VALUES[name];
  const cmp = n === 2 ? F64_CMPS[name] : F32_CMPS[name];
  if (arith !== undefined) {
    const x = floatIn(g, ops[0]!, n).v, y = ops.length > 1 ? floatIn(g, ops[1]!, n).v : [];
    g.pushLanesStmt(n, (d) => d.map((dv, i) => `${dv}=${arith(x[i]!, y[i] ?? '')};`).join(''));
    return true;
  }
  if (cmp !== undefined) {
    const x = floatIn(g, ops[0]!, n).v, y = floatIn(g, ops[1]!, n).v;
    const m = x.map((xv, i) => `(${xv}${cmp}${y[i]!})<<31>>31`);
    g.pushWordsStmt((d) => (n === 4 ? d.map((w, j) => `${w}=${m[j]!};`).join('')
      : m.map((e, i) => `${d[2 * i]!}=${d[2 * i + 1]!}=${e};`).join('')));
    return true;
  }
  switch (name) {
    case 'f64x2.pmin': case 'f64x2.pmax': case 'f32x4.pmin': case 'f32x4.pmax': {
      // a select of one operand's lane: as values only when both are exact (a NaN's bits kept otherwise: the words' forms)
      if (g.lanes(ops[0]!, n) === undefined && g.lanes(ops[1]!, n) === undefined) return false;
      const a = floatIn(g, ops[0]!, n), b = floatIn(g, ops[1]!, n);
      if (!a.exact || !b.exact) return false;
      const min = name.endsWith('pmin');
      g.pushLanesStmt(n, (d) => d.map((dv, i) => {
        const x = a.v[i]!, y = b.v[i]!;
        return `${dv}=${min ? `${y}<${x}` : `${x}<${y}`}?${y}:${x};`;
      }).join(''));
      return true;
    }
    case 'f64x2.promote_low_f32x4': {
      const x = floatIn(g, ops[0]!, 4).v;
      g.pushLanesStmt(2, (d) => (d[0] === x[0] ? '' : `${d[0]!}=${x[0]!};`) + (d[1] === x[1] ? '' : `${d[1]!}=${x[1]!};`));
      return true;
    }
    case 'f32x4.demote_f64x2_zero': {
      const x = floatIn(g, ops[0]!, 2).v;
      g.pushLanesStmt(4, (d) => `${d[0]!}=Math.fround(${x[0]!});${d[1]!}=Math.fround(${x[1]!});${d[2]!}=0;${d[3]!}=0;`);
      return true;
    }
    case 'f64x2.convert_low_i32x4_s': case 'f64x2.convert_low_i32x4_u': {
      const w = g.vsimple(ops[0]!), u = name.endsWith('_u') ? '>>>0' : '';
      g.pushLanesStmt(2, (d) => `${d[0]!}=${w[0]!}${u};${d[1]!}=${w[1]!}${u};`);
      return true;
    }
    case 'f32x4.convert_i32x4_s': case 'f32x4.convert_i32x4_u': {
      const w = g.vsimple(ops[0]!), u = name.endsWith('_u') ? '>>>0' : '';
      g.pushLanesStmt(4, (d) => d.map((dv, j) => `${dv}=Math.fround(${w[j]!}${u});`).join(''));
      return true;
    }
    case 'i32x4.trunc_sat_f64x2_s_zero': case 'i32x4.trunc_sat_f64x2_u_zero': case 'i32x4.trunc_sat_f32x4_s': case 'i32x4.trunc_sat_f32x4_u': {
      const from = name.includes('f64x2') ? 2 : 4;
      const x = floatIn(g, ops[0]!, from).v, sat = name.includes('_u') ? '$i32SatU' : '$i32SatS';
      g.pushWordsStmt((d) => d.map((w, j) => `${w}=${j < from ? `${sat}(${x[j]!})` : '0'};`).join(''));
      return true;
    }
    default: return false;
  }
}

/** A full translation's float instructions whose v128 result is always held as lanes (floatLanes): their lane count, by 0xFD sub-opcode. */
const HELD: Map<number, 2 | 4> = (() => {
  const m = new Map<number, 2 | 4>();
  const always = ['f64x2.promote_low_f32x4', 'f32x4.demote_f64x2_zero', 'f64x2.convert_low_i32x4_s', 'f64x2.convert_low_i32x4_u',
    'f32x4.convert_i32x4_s', 'f32x4.convert_i32x4_u', ...Object.keys(F64_LANES), ...Object.keys(F32_VALUES)];
  for (let n = 0; n < SIMD_COUNT; n++) {
    const name = OPS[SIMD_BASE + n]?.name;
    if (name !== undefined && always.includes(name)) m.set(n, name.startsWith('f64x2') ? 2 : 4);
  }
  return m;
})();

/**
 * The v128 locals (not parameters) of a body every write of which is the
 * result of the instruction just before it, a float instruction held as
 * lanes (HELD), all of one lane count: by local index, that count. Such a
 * local only ever holds float results, whose NaN lanes are canonical, so it
 * can be kept as its lanes' values alone (codegen.ts floatLocals), its words
 * made where they are read. A syntactic scan of the body's instructions
 * (code between codeStart and codeEnd, after the local declarations).
 */
export function heldLocals(bytes: Uint8Array, codeStart: number, codeEnd: number, isV128Local: (i: number) => boolean): Map<number, number> {
  const held = new Map<number, number>(), bad = new Set<number>();
  scanBody(bytes, codeStart, codeEnd, (op, _at, p, _next, prev) => {
    if (op !== 0x21 && op !== 0x22) return;
    const i = u32At(bytes, p);
    if (!isV128Local(i)) return;
    if (prev === 0 || (prev > 0 && held.has(i) && held.get(i) !== prev)) bad.add(i);
    else if (prev > 0) held.set(i, prev);
  });
  for (const i of bad) held.delete(i);
  return held;
}

/**
 * Visits each instruction of a body (code between codeStart and codeEnd,
 * after the local declarations): its opcode, its position, where its
 * immediates start and where the next instruction starts, and heldKind of
 * the instruction before it (0 if not a SIMD one).
 */
function scanBody(bytes: Uint8Array, codeStart: number, codeEnd: number, visit: (op: number, at: number, p: number, next: number, prev: number) => void): void {
  let prev = 0;
  for (let p = codeStart; p < codeEnd;) {
    const at = p, op = bytes[p++]!;
    // (a block type: one LEB)
    const next = op >= 0x02 && op <= 0x04 ? lebEnd(bytes, p) : immediatesEnd(bytes, p, op);
    visit(op, at, p, next, prev);
    prev = op === 0xfd ? heldKind(bytes, p) : 0;
    p = next;
  }
}

/**
 * What the 0xFD instruction whose sub-opcode is at p leaves for a local.set
 * after it (heldLocals, loopFloatLocals): the lane count of a float result
 * always held as lanes (HELD), -1 for a v128.const with no NaN lane (exact as
 * lanes of either count), else 0.
 */
function heldKind(bytes: Uint8Array, p: number): number {
  const sub = u32At(bytes, p);
  if (sub === 12) return hasNaN(bytes, immediatesEnd(bytes, p, 0xfd) - 16) ? 0 : -1;
  return HELD.get(sub) ?? 0;
}

/** Whether the 16 bytes at p hold a NaN read as f32 lanes or as f64 lanes. */
function hasNaN(bytes: Uint8Array, p: number): boolean {
  const w = new DataView(bytes.buffer, bytes.byteOffset + p, 16);
  for (let j = 0; j < 4; j++) if ((w.getUint32(4 * j, true) & 0x7fffffff) > 0x7f800000) return true;
  for (let j = 0; j < 2; j++) if ((w.getUint32(8 * j + 4, true) & 0x7fffffff) >= 0x7ff00000 && (w.getUint32(8 * j + 4, true) & 0xfffff || w.getUint32(8 * j, true))) return true;
  return false;
}

/** The n float lanes' values of a v128 with the words w (tokens; constants folded): a NaN's payload lost (for a value whose NaNs are canonical). */
export function lanesFromWords(w: readonly string[], n: number): string[] {
  const c = w.map(litWord);
  if (c.every((x) => x !== undefined)) {
    return Array.from({ length: n }, (_, i) => {
      if (n === 4) { litI[0] = c[i]!; return numLit(litF[0]!); }
      litI[0] = c[2 * i]!; litI[1] = c[2 * i + 1]!;
      return numLit(litD[0]!);
    });
  }
  return n === 2 ? [f64v(w[0]!, w[1]!), f64v(w[2]!, w[3]!)] : w.map((x) => `($VI[0]=${x},$VF[0])`);
}

/**
 * Float instructions reading their v128 operands as lanes' values (floatIn)
 * whatever those are, by 0xFD sub-opcode: their operands' lane count.
 * (pmin/pmax need exact operands; the conversions from i32 lanes read words.)
 */
const FLOAT_IN: Map<number, 2 | 4> = (() => {
  const m = new Map<number, 2 | 4>();
  const names = [...Object.keys(F64_LANES), ...Object.keys(F64_CMPS), ...Object.keys(F32_VALUES), ...Object.keys(F32_CMPS),
    'i32x4.trunc_sat_f64x2_s_zero', 'i32x4.trunc_sat_f64x2_u_zero', 'i32x4.trunc_sat_f32x4_s', 'i32x4.trunc_sat_f32x4_u', 'f32x4.demote_f64x2_zero', 'f64x2.promote_low_f32x4'];
  for (let n = 0; n < SIMD_COUNT; n++) {
    const name = OPS[SIMD_BASE + n]?.name;
    if (name !== undefined && names.includes(name)) m.set(n, name !== 'f64x2.promote_low_f32x4' && name.includes('f64x2') ? 2 : 4);
  }
  return m;
})();

/**
 * The lane count of the float instruction (FLOAT_IN) that reads the value
 * just before p as lanes — the next instruction, or one after a few that
 * push its other operand (local.get, global.get, constants, i32 arithmetic
 * on them, a v128 load of such an address: `local.get $b; v128.load;
 * f32x4.mul`) — or, at a local.set/tee, of the float reads of that local
 * (SimdGen.floatRead); else undefined. A guess from the next instructions:
 * what it decides is only whether a load also reads its lanes as floats.
 */
function feedsFloat(bytes: Uint8Array, p: number, g: { floatRead(i: number): number | undefined }): 2 | 4 | undefined {
  if (p + 1 >= bytes.length) return undefined;
  const op0 = bytes[p]!;
  if (op0 === 0x21 || op0 === 0x22) return g.floatRead(u32At(bytes, p + 1)) as 2 | 4 | undefined;
  // (values pushed above it, up to six instructions)
  let above = 0;
  for (let k = 0; k < 6 && p + 1 < bytes.length; k++) {
    const op = bytes[p]!;
    if (op === 0xfd) {
      const sub = u32At(bytes, p + 1);
      const n = FLOAT_IN.get(sub);
      if (n !== undefined) return above < OPS[SIMD_BASE + sub]!.params.length ? n : undefined;
      if (sub === 12) above++; // v128.const
      else if (sub > 10) return undefined; // (0..10: the loads, an address in, a v128 out)
    } else if (op === 0x20 || op === 0x23 || (op >= 0x41 && op <= 0x44)) above++; // local.get, global.get, constants
    else if (op >= 0x6a && op <= 0x78 && above >= 2) above--; // i32 binary arithmetic on values above it
    else return undefined;
    p = immediatesEnd(bytes, p + 1, op);
  }
  return undefined;
}

/**
 * The locals of a body read by a float instruction (FLOAT_IN) straight after
 * their local.get, or after one more operand (a local.get or v128.const): by
 * local index, the lane count read. A syntactic scan like heldLocals; it
 * decides only where a load also reads its lanes as floats (feedsFloat).
 */
export function floatReadLocals(bytes: Uint8Array, codeStart: number, codeEnd: number): Map<number, number> {
  const reads = new Map<number, number>();
  const self = { floatRead: () => undefined };
  scanBody(bytes, codeStart, codeEnd, (op, _at, p, next) => {
    if (op !== 0x20 || next >= codeEnd) return;
    const n = feedsFloat(bytes, next, self);
    if (n !== undefined && !reads.has(u32At(bytes, p))) reads.set(u32At(bytes, p), n);
  });
  return reads;
}

/**
 * For each loop of a body (by the position of its `loop` opcode), the v128
 * locals (isCandidate) that float instructions read inside it (feedsFloat),
 * or that are written there by a float result held as lanes, and that are
 * written inside it only by such results (HELD, or a v128.const with no NaN
 * lane), all of one lane count: by local index, that count. Such a local's lanes' values can be read from its words once,
 * where the loop is entered, and kept beside them by its writes in the loop
 * (codegen.ts `tracked`). A syntactic scan like heldLocals; what it decides
 * is only where that is done (every write in the loop keeps the lanes, from
 * the words if need be).
 */
export function loopFloatLocals(bytes: Uint8Array, codeStart: number, codeEnd: number, isCandidate: (i: number) => boolean): Map<number, Map<number, number>> {
  type Loop = { at: number; reads: Map<number, number>; writes: Map<number, number> };
  const out = new Map<number, Map<number, number>>();
  const open: (Loop | null)[] = [];
  const self = { floatRead: () => undefined };
  scanBody(bytes, codeStart, codeEnd, (op, at, p, next, prev) => {
    if (op >= 0x02 && op <= 0x04) open.push(op === 0x03 ? { at, reads: new Map(), writes: new Map() } : null);
    else if (op === 0x0b) {
      const l = open.pop();
      if (!l) return;
      const keep = new Map<number, number>();
      // (writes: none, only constants (-1), held results of the count read; -2: any other)
      for (const [i, n] of l.reads) {
        const w = l.writes.get(i);
        if (w === undefined || w === -1 || w === n) keep.set(i, n);
      }
      // (a local written only by held results is read by float instructions too, as a rule: an accumulator)
      for (const [i, w] of l.writes) if (w > 0 && !l.reads.has(i)) keep.set(i, w);
      if (keep.size > 0) out.set(l.at, keep);
    } else if (op >= 0x20 && op <= 0x22 && isCandidate(u32At(bytes, p))) {
      const i = u32At(bytes, p);
      for (const l of open) {
        if (l === null) continue;
        if (op === 0x20) {
          const n = next < codeEnd ? feedsFloat(bytes, next, self) : undefined;
          if (n !== undefined && !l.reads.has(i)) l.reads.set(i, n);
        } else {
          const w = l.writes.get(i);
          l.writes.set(i, prev === 0 ? -2 : prev === -1 ? w ?? -1 : w === undefined || w === -1 || w === prev ? prev : -2);
        }
      }
    }
  });
  return out;
}
