// Generated-source templates for 64-bit integer arithmetic on (lo, hi) pairs
// of int32 words, shared by scalar i64 (codegen.ts) and the i64x2 lanes of
// SIMD (simd.ts). Each returns a statement writing the result into (dl, dh);
// the destination may be the source's own words (each template reads what it
// needs before it overwrites it). The caller declares the temporaries T, U
// (and Y for a variable shift) of the generated function.

/**
 * 64-bit multiply. The high word of lo×lo (an unsigned 32×32→64 product)
 * comes from the double product T, which is off by at most 2^11, and the
 * exact low word U = Math.imul: (T-U)/2^32 is within 2^-20 of the integer
 * high word, so +0.5 and truncation give it exactly. The cross products only
 * affect the high word.
 */
export function mulPair(xl: string, xh: string, yl: string, yh: string, dl: string, dh: string): string {
  return `T=(${xl}>>>0)*(${yl}>>>0);U=Math.imul(${xl},${yl});`
    + `${dh}=((T-(U>>>0))*2.3283064365386963e-10+0.5|0)+Math.imul(${xl},${yh})+Math.imul(${xh},${yl})|0;`
    + `${dl}=U;`;
}

/** The i64 shift or rotate `op` (0x86 shl … 0x8a rotr) of (l, h) by the constant c (0..63). */
export function shiftPairConst(op: number, l: string, h: string, dl: string, dh: string, c: number): string {
  const copy = `${dl}=${l};${dh}=${h};`;
  if (c === 0) return copy;
  switch (op) {
    case 0x86: // shl
      if (c < 32) return `${dh}=${h}<<${c}|${l}>>>${32 - c};${dl}=${l}<<${c};`;
      return `${dh}=${l}<<${c - 32};${dl}=0;`;
    case 0x87: // shr_s
      if (c < 32) return `${dl}=${l}>>>${c}|${h}<<${32 - c};${dh}=${h}>>${c};`;
      return `${dl}=${h}>>${c - 32};${dh}=${h}>>31;`;
    case 0x88: // shr_u
      if (c < 32) return `${dl}=${l}>>>${c}|${h}<<${32 - c};${dh}=${h}>>>${c}|0;`;
      return `${dl}=${h}>>>${c - 32}|0;${dh}=0;`;
    default: { // rotl / rotr (the destination may be the source: read both words first)
      let n = op === 0x89 ? c : (64 - c) & 63;
      let lo = l, hi2 = h;
      if (n >= 32) { lo = h; hi2 = l; n -= 32; }
      if (n === 0) return `T=${lo};U=${hi2};${dl}=T;${dh}=U;`;
      return `T=${lo};U=${hi2};${dl}=T<<${n}|U>>>${32 - n};${dh}=U<<${n}|T>>>${32 - n};`;
    }
  }
}

/**
 * The i64 shift or rotate `op` (0x86 shl … 0x8a rotr) of (xl, xh) by the
 * count word yl, inline (big functions exhaust V8's inlining budget, and a
 * helper call there is a real call). JS masks shift counts to 5 bits, so
 * with Y in 0..63: `x<<Y` is x<<(Y mod 32), and `(x>>>1)>>>(31-Y)` is
 * x>>>(32-Y mod 32) — 0, not x, when Y mod 32 is 0. Both words' results for
 * Y below 32 and for Y from 32 are computed into T/U (the destination may be
 * the source), then chosen by the mask Y<<26>>31 (all ones when Y has bit
 * 5): branch-free, as native's shld/cmov — a branch on Y&32 is mispredicted
 * half the time when counts vary (PCG's random rotation; 3x slower in a
 * micro-benchmark, 5-15% faster only when the count never changes).
 */
export function shiftPairVar(op: number, xl: string, xh: string, yl: string, dl: string, dh: string): string {
  const y = op === 0x8a ? `Y=-${yl}&63;` : `Y=${yl}&63;`;
  switch (op) {
    case 0x86: return `${y}T=${xl}<<Y;U=${xh}<<Y|(${xl}>>>1)>>>(31-Y);Y=Y<<26>>31;${dh}=U^((U^T)&Y);${dl}=T&~Y;`;
    case 0x87: return `${y}T=${xh}>>Y;U=${xl}>>>Y|(${xh}<<1)<<(31-Y);Y=Y<<26>>31;${dl}=U^((U^T)&Y);${dh}=T^((T^(${xh}>>31))&Y);`;
    case 0x88: return `${y}T=${xh}>>>Y|0;U=${xl}>>>Y|(${xh}<<1)<<(31-Y);Y=Y<<26>>31;${dl}=U^((U^T)&Y);${dh}=T&~Y;`;
    default:
      return `${y}U=(${xl}^${xh})&(Y<<26>>31);T=${xl}^U;U=${xh}^U;`
        + `${dl}=T<<Y|(U>>>1)>>>(31-Y);${dh}=U<<Y|(T>>>1)>>>(31-Y);`;
  }
}
