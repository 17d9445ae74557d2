// Numeric helpers for the interpreter: exact i64 arithmetic on (lo, hi)
// int32 pairs in the value stack, and the float operations JS lacks.
import * as stack from './stack.ts';
import { udivmod64 } from '../i64div.ts';

// a module-local copy (see exec.ts)
const I = stack.I;

export function popcnt32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Round half to even, keeping the sign of zero. */
export function nearest(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  let r: number;
  if (d < 0.5) r = f;
  else if (d > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  if (r === 0 && (v < 0 || Object.is(v, -0))) return -0;
  return r;
}

/** I[d..d+1] = I[a..a+1] * I[b..b+1] (mod 2^64); indices are int32 word indices. */
export function i64Mul(d: number, a: number, b: number): void {
  i64MulV(d, I[a]!, I[a + 1]!, I[b]!, I[b + 1]!);
}

/**
 * I[d..d+1] = (ah:al) * (bh:bl) (mod 2^64). The low word is Math.imul's; the
 * high word of the unsigned 32x32 product of the low words comes from the
 * double product P (within 2^11 of the exact value T < 2^64) minus the exact
 * low word: (P - lo) / 2^32 is within 2^-21 of the integer hi, so adding 0.5
 * and truncating gives hi exactly (| 0 also reduces it mod 2^32). Branch-free,
 * so the loop's inlined copy never meets a path without type feedback.
 */
export function i64MulV(d: number, al: number, ah: number, bl: number, bh: number): void {
  const lo = Math.imul(al, bl);
  const p = (al >>> 0) * (bl >>> 0);
  I[d] = lo;
  // | 0 on the sum: int32 adds speculated by V8 deoptimise loop() (where this is inlined) on overflow
  I[d + 1] = ((((p - (lo >>> 0)) * 2.3283064365386963e-10 + 0.5) | 0) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
}

/** div_s 0x7f, div_u 0x80, rem_s 0x81, rem_u 0x82. Returns a trap kind or null. */
export function i64DivRem(d: number, x: number, y: number, op: number): string | null {
  const bl = I[y]!, bh = I[y + 1]!;
  if ((bl | bh) === 0) return 'integer divide by zero';
  const al = I[x]!, ah = I[x + 1]!;
  const signed = op === 0x7f || op === 0x81;
  // fast path: both operands are small non-negative numbers
  if (ah === 0 && bh === 0 && al >= 0 && bl > 0) {
    I[d] = op === 0x7f || op === 0x80 ? Math.trunc(al / bl) : al % bl;
    I[d + 1] = 0;
    return null;
  }
  if (signed && op === 0x7f && ah === -0x80000000 && al === 0 && bl === -1 && bh === -1) return 'integer overflow';
  // magnitudes, divided as unsigned (../i64div.ts), then the signs: a quotient
  // is negative when the operands' signs differ, a remainder takes the dividend's
  let ul = al, uh = ah, vl = bl, vh = bh;
  const an = signed && ah < 0, bn = signed && bh < 0;
  if (an) { ul = -al | 0; uh = (~ah + (ul === 0 ? 1 : 0)) | 0; }
  if (bn) { vl = -bl | 0; vh = (~bh + (vl === 0 ? 1 : 0)) | 0; }
  udivmod64(ul, uh, vl, vh, QR);
  const div = op === 0x7f || op === 0x80;
  let lo = div ? QR[0]! : QR[2]!, hi = div ? QR[1]! : QR[3]!;
  if (div ? an !== bn : an) { lo = -lo | 0; hi = (~hi + (lo === 0 ? 1 : 0)) | 0; }
  I[d] = lo;
  I[d + 1] = hi;
  return null;
}
const QR = new Int32Array(4);

/** Stores integral |t| < 2^64 (as a double) into I[x..x+1] as two's complement. */
export function i64TruncSet(x: number, t: number): void {
  const hi = Math.floor(t / 4294967296);
  const lo = t - hi * 4294967296;
  I[x] = lo;
  I[x + 1] = hi;
}

/** Correctly rounded i64/u64 -> f32 (round to odd to 53 bits, then to f32). */
export function i64ToF32(lo: number, hi: number, signed: boolean): number {
  let neg = false;
  if (signed && hi < 0) {
    neg = true;
    lo = (~lo + 1) | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  let hu = hi >>> 0;
  let lu = lo >>> 0;
  let v: number;
  if (hu >= 0x200000) {
    const bits = 64 - Math.clz32(hu);
    const s = bits - 53;
    const sticky = (lu & ((1 << s) - 1)) !== 0 ? 1 : 0;
    lu = ((lu >>> s) | (hu << (32 - s))) >>> 0;
    hu = hu >>> s;
    lu = (lu | sticky) >>> 0;
    v = (hu * 4294967296 + lu) * 2 ** s;
  } else {
    v = hu * 4294967296 + lu;
  }
  return Math.fround(neg ? -v : v);
}
