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
  if (bhu === 0) {
    // A divisor below 2^32: long division by 16-bit digits of the dividend.
    // Each partial dividend r * 2^16 + digit is below b * 2^16 <= 2^48, so
    // its double quotient floors exactly, and each quotient digit is < 2^16.
    let r = 0;
    const n3 = ahu >>> 16;
    const q3 = Math.floor(n3 / blu);
    r = n3 - q3 * blu;
    const n2 = r * 65536 + (ahu & 0xffff);
    const q2 = Math.floor(n2 / blu);
    r = n2 - q2 * blu;
    const n1 = r * 65536 + (alu >>> 16);
    const q1 = Math.floor(n1 / blu);
    r = n1 - q1 * blu;
    const n0 = r * 65536 + (alu & 0xffff);
    const q0 = Math.floor(n0 / blu);
    r = n0 - q0 * blu;
    out[0] = (q1 << 16) | q0; out[1] = (q3 << 16) | q2;
    out[2] = r | 0; out[3] = 0;
    return;
  }
  // Long division, one bit at a time (a divisor of 2^32 or more: rare). The
  // quotient is below 2^32, so the dividend's high word goes into the
  // remainder at once and only its low word's 32 bits need a step each.
  let qlo = 0, rlo = ahu | 0, rhi = 0;
  for (let i = 31; i >= 0; i--) {
    rhi = (rhi << 1) | (rlo >>> 31);
    rlo = (rlo << 1) | ((alu >>> i) & 1);
    const rh = rhi >>> 0, rl = rlo >>> 0;
    if (rh > bhu || (rh === bhu && rl >= blu)) {
      const nl = (rl - blu) | 0;
      rhi = (rh - bhu - (rl < blu ? 1 : 0)) | 0;
      rlo = nl;
      qlo |= 1 << i;
    }
  }
  out[0] = qlo; out[1] = 0;
  out[2] = rlo; out[3] = rhi;
}

