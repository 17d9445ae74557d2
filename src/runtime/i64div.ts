// Unsigned 64-bit division on int32 word pairs, for both engines (the JIT's
// i64 helpers, the interpreter's i64 div/rem): no BigInt, which allocates and
// made i64-heavy code with large operands two orders of magnitude slower.

const TWO32 = 4294967296;

/**
 * a / b and a % b for unsigned 64-bit a = (al, ah), b = (bl, bh) != 0:
 * out = [quotient lo, quotient hi, remainder lo, remainder hi].
 */
export function udivmod64(al: number, ah: number, bl: number, bh: number, out: Int32Array): void {
  const ahu = ah >>> 0, alu = al >>> 0, bhu = bh >>> 0, blu = bl >>> 0;
  if (ahu < 0x200000 && bhu < 0x200000) {
    // Both below 2^53: the correctly rounded double quotient floors exactly.
    const a = ahu * TWO32 + alu, b = bhu * TWO32 + blu;
    const q = Math.floor(a / b);
    const r = a - q * b;
    out[0] = q | 0; out[1] = (q / TWO32) | 0;
    out[2] = r | 0; out[3] = (r / TWO32) | 0;
    return;
  }
  if (bhu === 0 && blu <= 0x200000) {
    // Short division by a divisor below 2^21, one 32-bit limb at a time.
    const qh = Math.floor(ahu / blu);
    const r1 = ahu - qh * blu;
    const n = r1 * TWO32 + alu;
    const ql = Math.floor(n / blu);
    out[0] = ql | 0; out[1] = qh | 0;
    out[2] = (n - ql * blu) | 0; out[3] = 0;
    return;
  }
  // Long division, one bit at a time (rare: huge operands).
  let qlo = 0, qhi = 0, rlo = 0, rhi = 0;
  for (let i = 63; i >= 0; i--) {
    const bit = i >= 32 ? (ahu >>> (i - 32)) & 1 : (alu >>> i) & 1;
    rhi = (rhi << 1) | (rlo >>> 31);
    rlo = (rlo << 1) | bit;
    const rh = rhi >>> 0, rl = rlo >>> 0;
    if (rh > bhu || (rh === bhu && rl >= blu)) {
      const nl = (rl - blu) | 0;
      rhi = (rh - bhu - (rl < blu ? 1 : 0)) | 0;
      rlo = nl;
      if (i >= 32) qhi |= 1 << (i - 32); else qlo |= 1 << i;
    }
  }
  out[0] = qlo; out[1] = qhi;
  out[2] = rlo; out[3] = rhi;
}

