// 64-bit integer arithmetic on pairs of int32 words (lo, hi), for code the JIT
// generates. No BigInt: BigInt arithmetic allocates and makes i64-heavy code
// two orders of magnitude slower than native.
//
// Convention: a function producing an i64 returns the low word and leaves the
// high word in HI[0]. An Int32Array is used (not a variable) so a large high
// word never has to be boxed into a HeapNumber.

import { trap } from './trap.ts';
import { udivmod64 } from '../i64div.ts';

export const HI = new Int32Array(1);

const TWO32 = 4294967296;

export function clz(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

export function ctz(lo: number, hi: number): number {
  return lo !== 0 ? 31 - Math.clz32(lo & -lo) : 32 + ctz32(hi);
}

export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function popcnt(lo: number, hi: number): number {
  return popcnt32(lo) + popcnt32(hi);
}

// Unsigned division core (shared with the interpreter: ../i64div.ts).
// Leaves the quotient in (qlo, HI[0]) and the remainder in REM[0..1]. b must
// be non-zero.
const REM = new Int32Array(2);
const QR = new Int32Array(4);

function udivmod(al: number, ah: number, bl: number, bh: number): number {
  udivmod64(al, ah, bl, bh, QR);
  HI[0] = QR[1]!;
  REM[0] = QR[2]!; REM[1] = QR[3]!;
  return QR[0]!;
}

export function divU(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) trap('integer divide by zero');
  return udivmod(al, ah, bl, bh);
}

export function remU(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) trap('integer divide by zero');
  udivmod(al, ah, bl, bh);
  HI[0] = REM[1]!;
  return REM[0]!;
}

export function divS(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) trap('integer divide by zero');
  if (ah === -0x80000000 && al === 0 && bl === -1 && bh === -1) trap('integer overflow');
  const an = ah < 0, bn = bh < 0;
  if (an) { al = -al | 0; ah = (~ah + (al === 0 ? 1 : 0)) | 0; }
  if (bn) { bl = -bl | 0; bh = (~bh + (bl === 0 ? 1 : 0)) | 0; }
  let ql = udivmod(al, ah, bl, bh);
  if (an !== bn) {
    let qh = HI[0]!;
    ql = -ql | 0; qh = (~qh + (ql === 0 ? 1 : 0)) | 0;
    HI[0] = qh;
  }
  return ql;
}

export function remS(al: number, ah: number, bl: number, bh: number): number {
  if ((bl | bh) === 0) trap('integer divide by zero');
  const an = ah < 0;
  if (an) { al = -al | 0; ah = (~ah + (al === 0 ? 1 : 0)) | 0; }
  if (bh < 0) { bl = -bl | 0; bh = (~bh + (bl === 0 ? 1 : 0)) | 0; }
  udivmod(al, ah, bl, bh);
  let rl = REM[0]!, rh = REM[1]!;
  if (an) { rl = -rl | 0; rh = (~rh + (rl === 0 ? 1 : 0)) | 0; }
  HI[0] = rh;
  return rl;
}

// ---- conversions -------------------------------------------------------

export function f64FromS(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0); // hi*2^32 is exact: one rounding in total
}

export function f64FromU(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

function f32FromMagnitude(lo: number, hu: number): number {
  // Values ≥ 2^53: fold bits below 2^11 into a sticky bit (round to odd) so
  // the double is exact and the single float rounding is the only one.
  if (hu >= 0x200000 && (lo & 0x7ff) !== 0) lo = (lo & ~0x7ff) | 0x800;
  return Math.fround(hu * TWO32 + (lo >>> 0));
}

export function f32FromU(lo: number, hi: number): number {
  return f32FromMagnitude(lo, hi >>> 0);
}

export function f32FromS(lo: number, hi: number): number {
  if (hi >= 0) return f32FromMagnitude(lo, hi);
  lo = -lo | 0; hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  return -f32FromMagnitude(lo, hi >>> 0);
}

/** Splits an integral double in [-2^63, 2^64) into words. */
function split(t: number): number {
  const h = Math.floor(t / TWO32);
  HI[0] = h | 0;
  return (t - h * TWO32) | 0;
}

export function truncS(x: number): number {
  if (x !== x) trap('invalid conversion to integer');
  if (!(x >= -9223372036854775808 && x < 9223372036854775808)) trap('integer overflow');
  return split(Math.trunc(x));
}

export function truncU(x: number): number {
  if (x !== x) trap('invalid conversion to integer');
  if (!(x > -1 && x < 18446744073709551616)) trap('integer overflow');
  return split(Math.trunc(x));
}

export function truncSatS(x: number): number {
  if (x !== x) { HI[0] = 0; return 0; }
  if (x < -9223372036854775808) { HI[0] = -0x80000000; return 0; }
  if (x >= 9223372036854775808) { HI[0] = 0x7fffffff; return -1; }
  return split(Math.trunc(x));
}

export function truncSatU(x: number): number {
  if (!(x > -1)) { HI[0] = 0; return 0; } // NaN and negatives
  if (x >= 18446744073709551616) { HI[0] = -1; return -1; }
  return split(Math.trunc(x));
}
