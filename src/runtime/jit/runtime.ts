// Static helpers that generated code calls (bound once per factory as `$name`
// constants, so V8 sees monomorphic call targets it can inline).

import * as i64 from './i64.ts';
import { f32BitsToValue, f32ValueToBits } from './values.ts';
import { trap } from './trap.ts';
import { state } from '../interp/stack.ts';
import { countedPasses } from './counted.ts';
import { SIMD_STATIC } from './simd.ts';

/** Trap kinds by number, so generated code never contains strings. */
export const TRAP_KINDS = [
  'unreachable',
  'out of bounds memory access',
  'integer divide by zero',
  'integer overflow',
  'invalid conversion to integer',
  'indirect call type mismatch',
  'undefined element',
  'uninitialized element',
  'out of bounds table access',
] as const;

export const TRAP = {
  unreachable: 0,
  mem: 1,
  div0: 2,
  ovf: 3,
  conv: 4,
  sig: 5,
  undef: 6,
  uninit: 7,
  table: 8,
} as const;

export function T(kind: number): never {
  trap(TRAP_KINDS[kind] ?? 'unreachable');
}

const f64 = new Float64Array(1);
const w = new Int32Array(f64.buffer);

/** Bits of an f64 as (lo, HI[0]). */
export function f64lo(x: number): number {
  f64[0] = x;
  i64.HI[0] = w[1]!;
  return w[0]!;
}

export function f64v(lo: number, hi: number): number {
  w[0] = lo;
  w[1] = hi;
  return f64[0]!;
}

export function copysign(x: number, y: number): number {
  f64[0] = y;
  return w[1]! < 0 ? -Math.abs(x) : Math.abs(x);
}

/** Round half to even. */
export function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Quiets a NaN (arithmetic results must never be signalling). */
export function q(x: number): number {
  return x === x ? x : NaN;
}

export function fmin(x: number, y: number): number {
  return x !== x || y !== y ? NaN : Math.min(x, y);
}

export function fmax(x: number, y: number): number {
  return x !== x || y !== y ? NaN : Math.max(x, y);
}

/** f64.promote_f32: exact for numbers; a NaN becomes a quiet f64 NaN with the same payload. */
export function promote(x: number): number {
  if (x === x) return x;
  f64[0] = x;
  w[0] = w[0]! & ~1; // drop the f32 "signalling" flag: the result is a quiet NaN
  return f64[0]!;
}

export function i32TruncS(x: number): number {
  if (x !== x) T(4);
  if (!(x > -2147483649 && x < 2147483648)) T(3);
  return x | 0;
}

export function i32TruncU(x: number): number {
  if (x !== x) T(4);
  if (!(x > -1 && x < 4294967296)) T(3);
  return (x >>> 0) | 0;
}

export function i32SatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0;
}

export function i32SatU(x: number): number {
  if (!(x > 0)) return 0;
  if (x >= 4294967295) return -1;
  return (x >>> 0) | 0;
}

export { f32BitsToValue as f32v, f32ValueToBits as f32b };

export const W = i64.HI;
/** Extra results of multi-value calls. */
export const RI = new Int32Array(4096); // up to 2000 i64 results (wasm allows 1000 results)
export const RF = new Float64Array(2048);
export const RR: unknown[] = [];

/** The `$name` → helper bindings every factory starts with. */
export const STATIC_HELPERS: Record<string, unknown> = {
  T, W, RI, RF, RR, S: state, cl: countedPasses,
  f64lo, f64v, copysign, nearest, q, fmin, fmax, promote,
  i32TruncS, i32TruncU, i32SatS, i32SatU,
  f32v: f32BitsToValue, f32b: f32ValueToBits,
  ctz32: i64.ctz32, popcnt32: i64.popcnt32,
  clz64: i64.clz, ctz64: i64.ctz, popcnt64: i64.popcnt,
  divS: i64.divS, divU: i64.divU, remS: i64.remS, remU: i64.remU,
  truncS: i64.truncS, truncU: i64.truncU, truncSatS: i64.truncSatS, truncSatU: i64.truncSatU,
  f64FromS: i64.f64FromS, f64FromU: i64.f64FromU, f32FromS: i64.f32FromS, f32FromU: i64.f32FromU,
  ...SIMD_STATIC,
};
