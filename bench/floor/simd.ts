// The SIMD kernel of `npm run bench:floor` (bench/floor.ts): simd-intrinsics'
// whole `run(n)` (bench/programs/simd-intrinsics/simd-intrinsics.c, five
// wasm_simd128.h kernels) written by hand in JavaScript, exactly. JavaScript
// has no vectors and no 64-bit integers, so each lane is a scalar (an i64 lane
// two int32 words), and the hand-written code is free in how it keeps them:
//
//   - every value in local variables (no memory for the vectors, no bounds
//     checks, no interrupt poll — what no translation can drop); the C arrays
//     as typed arrays on one buffer, read and written at their natural
//     alignment (Uint8Array, Uint16Array, Int32Array, Float32Array,
//     Float64Array: the indices are aligned by the C code's own masks; the
//     words of a byte vector in little-endian order, as on every machine the
//     app runs on);
//   - byte and halfword vectors as four int32 words with SWAR arithmetic
//     (popcnt, i8x16 add/sub, extadd), as the JIT keeps them (byte lanes one
//     at a time in typed arrays, tried, were 2–3× slower); extmul and
//     add_sat lane by lane on the words; swizzle through 256-byte tables (the
//     constant hex table prebuilt, hh's written per vector), an index of 16
//     or more reading a zero;
//   - i64 lanes as (lo, hi) pairs, 64×64 products as three Math.imul and the
//     double product for the high word of lo×lo (as prng.ts);
//   - the gather kernel's vectors as four int32 words each, its lane
//     rotations (i8x16/i16x8 shuffles by one lane) as word shifts, the
//     i64x2 swap as a swap of variables (a ring with a moving origin, tried,
//     was 1.4× slower);
//   - f64 lanes as doubles: nearest ties to even, pmin/pmax as the spec's
//     `b < a ? b : a`, trunc_sat saturating (NaN → 0), f32 lanes Math.fround.
//
// It must return native's u64 bit for bit (checked by bench/floor.ts and
// test/bench-floor.test.ts, on the run(n) it times). `kernels` is a bit mask
// of the five kernels (1 swizzle, 2 i64, 4 extmul, 8 f64, 16 lanes), all by
// default: the same C with only some kernels called from `run` is how the
// workload is split per kernel (docs/performance.md, "The floor under SIMD").

const NB = 4096;
const ND = 1024;
const INV32 = 2.3283064365386963e-10; // 2^-32

/** The C program's static arrays, laid out on one buffer. */
interface Memory {
  bytes: Uint8Array;
  bytes16: Uint16Array;
  bytes32: Int32Array;
  ints: Int32Array;
  dbl: Float64Array;
  flt: Float32Array;
  /** table64[i] as (lo, hi) at [2i], [2i + 1]. */
  table64: Int32Array;
  table32: Int32Array;
  scatter: Uint8Array;
  scatter16: Uint16Array;
  scatter32: Int32Array;
}

export function simdMemory(): Memory {
  const buffer = new ArrayBuffer(NB * 2 + ND * (4 + 8 + 4) + 256 * 12);
  let at = 0;
  const take = (bytes: number): number => ((at += bytes), at - bytes);
  const b = take(NB), i = take(ND * 4), d = take(ND * 8), f = take(ND * 4), t64 = take(256 * 8), t32 = take(256 * 4), s = take(NB);
  return {
    bytes: new Uint8Array(buffer, b, NB),
    bytes16: new Uint16Array(buffer, b, NB / 2),
    bytes32: new Int32Array(buffer, b, NB / 4),
    ints: new Int32Array(buffer, i, ND),
    dbl: new Float64Array(buffer, d, ND),
    flt: new Float32Array(buffer, f, ND),
    table64: new Int32Array(buffer, t64, 512),
    table32: new Int32Array(buffer, t32, 256),
    scatter: new Uint8Array(buffer, s, NB),
    scatter16: new Uint16Array(buffer, s, NB / 2),
    scatter32: new Int32Array(buffer, s, NB / 4),
  };
}

/** The high word of the unsigned 32×32 product (the double product is off by < 2^12; the low word is exact). */
export function mulhu(a: number, b: number): number {
  return (((a >>> 0) * (b >>> 0) - (Math.imul(a, b) >>> 0)) * INV32 + 0.5) | 0;
}

/** The high word of the signed 32×32 product. */
export function mulhs(a: number, b: number): number {
  return (mulhu(a, b) - (b & (a >> 31)) - (a & (b >> 31))) | 0;
}

/** The high word of a (lo, hi) result; every pair function returns the low word. */
let H = 0;

/** (al, ah) · 31 + (bl, bh): the C's lanes64 of a vector whose i64 lanes are a and b. */
function lanes64(al: number, ah: number, bl: number, bh: number): number {
  const lo = Math.imul(al, 31);
  const hi = (((al >>> 0) * 31 * INV32) | 0) + Math.imul(ah, 31);
  const r = (lo + bl) | 0;
  H = (hi + bh + ((r >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
  return r;
}

/** The C's init(seed): xorshift64 draws into the arrays. */
function init(m: Memory, seed: number): void {
  // rng = seed * 0x9E3779B97F4A7C15 + 1
  let lo = Math.imul(seed, 0x7f4a7c15);
  let hi = (mulhu(seed, 0x7f4a7c15) + Math.imul(seed, 0x9e3779b9 | 0)) | 0;
  lo = (lo + 1) | 0;
  if (lo === 0) hi = (hi + 1) | 0;
  const next = (): void => {
    // rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
    hi ^= (hi << 13) | (lo >>> 19);
    lo ^= lo << 13;
    lo ^= (lo >>> 7) | (hi << 25);
    hi ^= hi >>> 7;
    hi ^= (hi << 17) | (lo >>> 15);
    lo ^= lo << 17;
  };
  for (let i = 0; i < NB; i++) {
    next();
    m.bytes[i] = lo >>> 24;
  }
  for (let i = 0; i < ND; i++) {
    next();
    m.ints[i] = (lo >>> 16) | (hi << 16);
    m.dbl[i] = hi / 65536;
    m.flt[i] = Math.fround((hi >>> 8) / 4096);
  }
  for (let i = 0; i < 256; i++) {
    next();
    m.table64[2 * i] = lo;
    m.table64[2 * i + 1] = hi;
    next();
    m.table32[i] = hi;
  }
}

/** i8x16.swizzle's table for a constant operand: the 16 lanes, then 240 zeros (an index of 16 or more gives 0). */
const HEX = new Uint8Array(256);
for (let j = 0; j < 16; j++) HEX[j] = '0123456789abcdef'.charCodeAt(j);

/**
 * k_swizzle: hex digits by swizzle, byte popcounts, widening sums; mix through
 * swizzle(hh, b). Words, as the JIT keeps them (byte lanes one at a time, tried,
 * were 2.5× slower), written out in place (V8 did not inline small helpers for
 * them here: a call per word op); the constant table needs no stores, hh's does.
 */
function kSwizzle(m: Memory): number {
  const { bytes32 } = m;
  const tab = new Uint8Array(256); // swizzle(hh, …)'s table: hh, then zeros
  const tab32 = new Int32Array(tab.buffer, 0, 4);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // acc
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0; // mix
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0; // hh
  let b = 0, x = 0, y = 0;
  for (let i = 0; i < NB / 4; i += 4) {
    b = bytes32[i + 0]!;
    x = (b >>> 4) & 0x0f0f0f0f;
    h0 = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24);
    b = bytes32[i + 1]!;
    x = (b >>> 4) & 0x0f0f0f0f;
    h1 = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24);
    b = bytes32[i + 2]!;
    x = (b >>> 4) & 0x0f0f0f0f;
    h2 = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24);
    b = bytes32[i + 3]!;
    x = (b >>> 4) & 0x0f0f0f0f;
    h3 = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24);
    tab32[0] = h0;
    tab32[1] = h1;
    tab32[2] = h2;
    tab32[3] = h3;
    b = bytes32[i + 0]!;
    m0 = (tab[b & 255]! | (tab[(b >>> 8) & 255]! << 8) | (tab[(b >>> 16) & 255]! << 16) | (tab[b >>> 24]! << 24)) ^ ((m0 << 1) & 0xfefefefe);
    x = b & 0x0f0f0f0f;
    x = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24); // hl
    y = (b - ((b >>> 1) & 0x55555555)) | 0; // popcnt
    y = ((y & 0x33333333) + ((y >>> 2) & 0x33333333)) | 0;
    y = (y + (y >>> 4)) & 0x0f0f0f0f;
    x = ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080); // i8x16.add
    x = ((x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff)) | 0; // extadd_pairwise_u8
    y = ((h0 & 0x00ff00ff) + ((h0 >>> 8) & 0x00ff00ff)) | 0;
    x = (((x & 0xffff) + (y & 0xffff)) & 0xffff) | ((x & -65536) + (y & -65536)); // i16x8.add
    a0 = (a0 + (x & 0xffff) + (x >>> 16)) | 0; // extadd_pairwise_u16, i32x4.add
    b = bytes32[i + 1]!;
    m1 = (tab[b & 255]! | (tab[(b >>> 8) & 255]! << 8) | (tab[(b >>> 16) & 255]! << 16) | (tab[b >>> 24]! << 24)) ^ ((m1 << 1) & 0xfefefefe);
    x = b & 0x0f0f0f0f;
    x = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24); // hl
    y = (b - ((b >>> 1) & 0x55555555)) | 0; // popcnt
    y = ((y & 0x33333333) + ((y >>> 2) & 0x33333333)) | 0;
    y = (y + (y >>> 4)) & 0x0f0f0f0f;
    x = ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080); // i8x16.add
    x = ((x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff)) | 0; // extadd_pairwise_u8
    y = ((h1 & 0x00ff00ff) + ((h1 >>> 8) & 0x00ff00ff)) | 0;
    x = (((x & 0xffff) + (y & 0xffff)) & 0xffff) | ((x & -65536) + (y & -65536)); // i16x8.add
    a1 = (a1 + (x & 0xffff) + (x >>> 16)) | 0; // extadd_pairwise_u16, i32x4.add
    b = bytes32[i + 2]!;
    m2 = (tab[b & 255]! | (tab[(b >>> 8) & 255]! << 8) | (tab[(b >>> 16) & 255]! << 16) | (tab[b >>> 24]! << 24)) ^ ((m2 << 1) & 0xfefefefe);
    x = b & 0x0f0f0f0f;
    x = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24); // hl
    y = (b - ((b >>> 1) & 0x55555555)) | 0; // popcnt
    y = ((y & 0x33333333) + ((y >>> 2) & 0x33333333)) | 0;
    y = (y + (y >>> 4)) & 0x0f0f0f0f;
    x = ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080); // i8x16.add
    x = ((x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff)) | 0; // extadd_pairwise_u8
    y = ((h2 & 0x00ff00ff) + ((h2 >>> 8) & 0x00ff00ff)) | 0;
    x = (((x & 0xffff) + (y & 0xffff)) & 0xffff) | ((x & -65536) + (y & -65536)); // i16x8.add
    a2 = (a2 + (x & 0xffff) + (x >>> 16)) | 0; // extadd_pairwise_u16, i32x4.add
    b = bytes32[i + 3]!;
    m3 = (tab[b & 255]! | (tab[(b >>> 8) & 255]! << 8) | (tab[(b >>> 16) & 255]! << 16) | (tab[b >>> 24]! << 24)) ^ ((m3 << 1) & 0xfefefefe);
    x = b & 0x0f0f0f0f;
    x = HEX[x & 255]! | (HEX[(x >>> 8) & 255]! << 8) | (HEX[(x >>> 16) & 255]! << 16) | (HEX[x >>> 24]! << 24); // hl
    y = (b - ((b >>> 1) & 0x55555555)) | 0; // popcnt
    y = ((y & 0x33333333) + ((y >>> 2) & 0x33333333)) | 0;
    y = (y + (y >>> 4)) & 0x0f0f0f0f;
    x = ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080); // i8x16.add
    x = ((x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff)) | 0; // extadd_pairwise_u8
    y = ((h3 & 0x00ff00ff) + ((h3 >>> 8) & 0x00ff00ff)) | 0;
    x = (((x & 0xffff) + (y & 0xffff)) & 0xffff) | ((x & -65536) + (y & -65536)); // i16x8.add
    a3 = (a3 + (x & 0xffff) + (x >>> 16)) | 0; // extadd_pairwise_u16, i32x4.add
  }
  const lo = lanes64(a0, a1, a2, a3), hi = H;
  const ml = lanes64(m0, m1, m2, m3);
  H ^= hi;
  return ml ^ lo;
}

/** k_i64(rounds): SplitMix64 in both i64 lanes; add, mul, shifts by constants and variable counts, gt_s. */
function kI64(m: Memory, rounds: number): number {
  // s = (table64[1], table64[2]); both lanes step alike
  let s0l = m.table64[2]!, s0h = m.table64[3]!, s1l = m.table64[4]!, s1h = m.table64[5]!;
  let p0l = 0, p0h = 0, p1l = 0, p1h = 0; // pos
  let c0l = 0, c0h = 0, c1l = 0, c1h = 0; // acc
  let zl = 0, zh = 0, t = 0, u = 0, v = 0, m1 = 0;
  for (let i = 0; i < rounds; i++) {
    const sh = i & 63, sr = (i * 7) & 63;
    // lane 0 ---------------------------------------------------------------
    t = (s0l + 0x7f4a7c15) | 0;
    s0h = (s0h + (0x9e3779b9 | 0) + ((t >>> 0) < (s0l >>> 0) ? 1 : 0)) | 0;
    s0l = t;
    zl = s0l ^ ((s0l >>> 30) | (s0h << 2));
    zh = s0h ^ (s0h >>> 30);
    // z *= 0xbf58476d1ce4e5b9
    t = Math.imul(zl, 0x1ce4e5b9);
    zh = (mulhu(zl, 0x1ce4e5b9) + Math.imul(zl, 0xbf58476d | 0) + Math.imul(zh, 0x1ce4e5b9)) | 0;
    zl = t ^ ((t >>> 27) | (zh << 5));
    zh ^= zh >>> 27;
    // z *= 0x94d049bb133111eb
    t = Math.imul(zl, 0x133111eb);
    zh = (mulhu(zl, 0x133111eb) + Math.imul(zl, 0x94d049bb | 0) + Math.imul(zh, 0x133111eb)) | 0;
    zl = t ^ ((t >>> 31) | (zh << 1));
    zh ^= zh >>> 31;
    // pos -= (z > acc, signed: a mask of -1 or 0); random, so no branch
    t = (zh > c0h ? 1 : 0) | (zh === c0h ? 1 : 0) & (zl >>> 0 > c0l >>> 0 ? 1 : 0);
    u = (p0l + t) | 0;
    p0h = (p0h + ((u >>> 0) < (p0l >>> 0) ? 1 : 0)) | 0;
    p0l = u;
    // acc = (acc << (i & 63)) ^ (z >> ((i * 7) & 63), signed), branch-free (as jit/pairs.ts):
    // JS masks a shift count by 31, and (count << 26 >> 31) is -1 for a count of 32 or more
    m1 = sh << 26 >> 31;
    t = c0l << sh;
    u = (c0h << sh) | ((c0l >>> 1) >>> (31 - sh));
    v = u ^ ((u ^ t) & m1);
    t &= ~m1;
    m1 = sr << 26 >> 31;
    u = zh >> sr;
    c0l = t ^ ((((zl >>> sr) | ((zh << 1) << (31 - sr))) & ~m1) | (u & m1));
    c0h = v ^ (u ^ ((u ^ (zh >> 31)) & m1));
    // lane 1 ---------------------------------------------------------------
    t = (s1l + 0x7f4a7c15) | 0;
    s1h = (s1h + (0x9e3779b9 | 0) + ((t >>> 0) < (s1l >>> 0) ? 1 : 0)) | 0;
    s1l = t;
    zl = s1l ^ ((s1l >>> 30) | (s1h << 2));
    zh = s1h ^ (s1h >>> 30);
    t = Math.imul(zl, 0x1ce4e5b9);
    zh = (mulhu(zl, 0x1ce4e5b9) + Math.imul(zl, 0xbf58476d | 0) + Math.imul(zh, 0x1ce4e5b9)) | 0;
    zl = t ^ ((t >>> 27) | (zh << 5));
    zh ^= zh >>> 27;
    t = Math.imul(zl, 0x133111eb);
    zh = (mulhu(zl, 0x133111eb) + Math.imul(zl, 0x94d049bb | 0) + Math.imul(zh, 0x133111eb)) | 0;
    zl = t ^ ((t >>> 31) | (zh << 1));
    zh ^= zh >>> 31;
    // pos -= (z > acc, signed: a mask of -1 or 0); random, so no branch
    t = (zh > c1h ? 1 : 0) | (zh === c1h ? 1 : 0) & (zl >>> 0 > c1l >>> 0 ? 1 : 0);
    u = (p1l + t) | 0;
    p1h = (p1h + ((u >>> 0) < (p1l >>> 0) ? 1 : 0)) | 0;
    p1l = u;
    // acc = (acc << (i & 63)) ^ (z >> ((i * 7) & 63), signed), branch-free (as jit/pairs.ts):
    // JS masks a shift count by 31, and (count << 26 >> 31) is -1 for a count of 32 or more
    m1 = sh << 26 >> 31;
    t = c1l << sh;
    u = (c1h << sh) | ((c1l >>> 1) >>> (31 - sh));
    v = u ^ ((u ^ t) & m1);
    t &= ~m1;
    m1 = sr << 26 >> 31;
    u = zh >> sr;
    c1l = t ^ ((((zl >>> sr) | ((zh << 1) << (31 - sr))) & ~m1) | (u & m1));
    c1h = v ^ (u ^ ((u ^ (zh >> 31)) & m1));
  }
  // lanes64(acc) + lanes64(pos) + bitmask(acc)
  let lo = lanes64(c0l, c0h, c1l, c1h), hi = H;
  const pl = lanes64(p0l, p0h, p1l, p1h);
  let r = (lo + pl) | 0;
  hi = (hi + H + ((r >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
  lo = r;
  r = (lo + ((c0h >>> 31) | ((c1h >>> 31) << 1))) | 0;
  H = (hi + ((r >>> 0) < (lo >>> 0) ? 1 : 0)) | 0;
  return r;
}

/** k_extmul: int8 dot products (i16x8 extmul, add_sat, extadd) and int32 ones (i64x2 extmul). */
function kExtmul(m: Memory): number {
  const { bytes32, ints } = m;
  // w's four words; lo/hi lane k: (i8)a[k] · (i8)w[k] for bytes k and 8 + k; ulo lane k: a[k] · w[k] unsigned
  let w0 = bytes32[25]!, w1 = bytes32[26]!, w2 = bytes32[27]!, w3 = bytes32[28]!; // bytes 100..115
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // acc32
  let x = 0, y = 0;
  for (let i = 0; i < NB / 4; i += 4) {
    const x0 = bytes32[i]!, x1 = bytes32[i + 1]!, x2 = bytes32[i + 2]!, x3 = bytes32[i + 3]!;
    // acc32 lane j += extadd(add_sat(lo, hi)) lanes 2j, 2j+1 (bytes 2j, 2j+1 and 8+2j, 9+2j)
    x = Math.imul(((x0 << 24) >> 24), ((w0 << 24) >> 24)) + Math.imul(((x2 << 24) >> 24), ((w2 << 24) >> 24));
    y = Math.imul(((x0 << 16) >> 24), ((w0 << 16) >> 24)) + Math.imul(((x2 << 16) >> 24), ((w2 << 16) >> 24));
    a0 = (a0 + (x > 32767 ? 32767 : x < -32768 ? -32768 : x) + (y > 32767 ? 32767 : y < -32768 ? -32768 : y)) | 0;
    x = Math.imul(((x0 << 8) >> 24), ((w0 << 8) >> 24)) + Math.imul(((x2 << 8) >> 24), ((w2 << 8) >> 24));
    y = Math.imul((x0 >> 24), (w0 >> 24)) + Math.imul((x2 >> 24), (w2 >> 24));
    a1 = (a1 + (x > 32767 ? 32767 : x < -32768 ? -32768 : x) + (y > 32767 ? 32767 : y < -32768 ? -32768 : y)) | 0;
    x = Math.imul(((x1 << 24) >> 24), ((w1 << 24) >> 24)) + Math.imul(((x3 << 24) >> 24), ((w3 << 24) >> 24));
    y = Math.imul(((x1 << 16) >> 24), ((w1 << 16) >> 24)) + Math.imul(((x3 << 16) >> 24), ((w3 << 16) >> 24));
    a2 = (a2 + (x > 32767 ? 32767 : x < -32768 ? -32768 : x) + (y > 32767 ? 32767 : y < -32768 ? -32768 : y)) | 0;
    x = Math.imul(((x1 << 8) >> 24), ((w1 << 8) >> 24)) + Math.imul(((x3 << 8) >> 24), ((w3 << 8) >> 24));
    y = Math.imul((x1 >> 24), (w1 >> 24)) + Math.imul((x3 >> 24), (w3 >> 24));
    a3 = (a3 + (x > 32767 ? 32767 : x < -32768 ? -32768 : x) + (y > 32767 ? 32767 : y < -32768 ? -32768 : y)) | 0;
    // acc32 lane j += i32x4.extmul_high_i16x8(ulo, hi) lane j: ulo lane 4+j (byte 4+j, read as i16) · hi lane 4+j (byte 12+j)
    a0 = (a0 + Math.imul((Math.imul(x1 & 255, w1 & 255) << 16) >> 16, Math.imul(((x3 << 24) >> 24), ((w3 << 24) >> 24)))) | 0;
    a1 = (a1 + Math.imul((Math.imul((x1 >>> 8) & 255, (w1 >>> 8) & 255) << 16) >> 16, Math.imul(((x3 << 16) >> 24), ((w3 << 16) >> 24)))) | 0;
    a2 = (a2 + Math.imul((Math.imul((x1 >>> 16) & 255, (w1 >>> 16) & 255) << 16) >> 16, Math.imul(((x3 << 8) >> 24), ((w3 << 8) >> 24)))) | 0;
    a3 = (a3 + Math.imul((Math.imul(x1 >>> 24, w1 >>> 24) << 16) >> 16, Math.imul((x3 >> 24), (w3 >> 24)))) | 0;
    // w = i8x16.sub(w, a)
    w0 = ((w0 | 0x80808080) - (x0 & 0x7f7f7f7f)) ^ ((w0 ^ ~x0) & 0x80808080);
    w1 = ((w1 | 0x80808080) - (x1 & 0x7f7f7f7f)) ^ ((w1 ^ ~x1) & 0x80808080);
    w2 = ((w2 | 0x80808080) - (x2 & 0x7f7f7f7f)) ^ ((w2 ^ ~x2) & 0x80808080);
    w3 = ((w3 | 0x80808080) - (x3 & 0x7f7f7f7f)) ^ ((w3 ^ ~x3) & 0x80808080);
  }
  let s0l = 0, s0h = 0, s1l = 0, s1h = 0; // acc64
  let u0l = 0, u0h = 0, u1l = 0, u1h = 0; // accu
  let t = 0;
  for (let i = 0; i + 4 < ND; i += 4) {
    const x0 = ints[i]!, x1 = ints[i + 1]!, x2 = ints[i + 2]!, x3 = ints[i + 3]!;
    const y0 = ints[i + 4]!, y1 = ints[i + 5]!, y2 = ints[i + 6]!, y3 = ints[i + 7]!;
    // acc64 += (x0·y0, x1·y1) signed; acc64 -= (x2·y2, x3·y3) signed
    t = (s0l + Math.imul(x0, y0)) | 0;
    s0h = (s0h + mulhs(x0, y0) + ((t >>> 0) < (s0l >>> 0) ? 1 : 0)) | 0;
    s0l = t;
    t = (s1l + Math.imul(x1, y1)) | 0;
    s1h = (s1h + mulhs(x1, y1) + ((t >>> 0) < (s1l >>> 0) ? 1 : 0)) | 0;
    s1l = t;
    t = Math.imul(x2, y2);
    s0h = (s0h - mulhs(x2, y2) - ((s0l >>> 0) < (t >>> 0) ? 1 : 0)) | 0;
    s0l = (s0l - t) | 0;
    t = Math.imul(x3, y3);
    s1h = (s1h - mulhs(x3, y3) - ((s1l >>> 0) < (t >>> 0) ? 1 : 0)) | 0;
    s1l = (s1l - t) | 0;
    // accu += (x0·y0, x1·y1) unsigned; accu ^= (x2·y2, x3·y3) unsigned
    t = (u0l + Math.imul(x0, y0)) | 0;
    u0h = (u0h + mulhu(x0, y0) + ((t >>> 0) < (u0l >>> 0) ? 1 : 0)) | 0;
    u0l = t;
    t = (u1l + Math.imul(x1, y1)) | 0;
    u1h = (u1h + mulhu(x1, y1) + ((t >>> 0) < (u1l >>> 0) ? 1 : 0)) | 0;
    u1l = t;
    u0l ^= Math.imul(x2, y2);
    u0h ^= mulhu(x2, y2);
    u1l ^= Math.imul(x3, y3);
    u1h ^= mulhu(x3, y3);
  }
  const lo = lanes64(s0l, s0h, s1l, s1h), hi = H;
  const r = lanes64(u0l, u0h, u1l, u1h) ^ lo ^ a2;
  H ^= hi;
  return r;
}

/** f64x2.nearest: ties to even, -0 kept (Math.round gives -0 for -0.5 ≤ x < 0). */
export function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** i32.trunc_sat_f64_s */
export function satS(x: number): number {
  return x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0;
}

/** i32.trunc_sat_f64_u (as an int32) */
export function satU(x: number): number {
  return x >= 4294967295 ? -1 : x > 0 ? (x >>> 0) | 0 : 0;
}

const F64 = new Float64Array(2);
const F64W = new Int32Array(F64.buffer);
const F32 = new Float32Array(4);
const F32W = new Int32Array(F32.buffer);

/** k_f64: nearest, pmin/pmax clamps, trunc_sat and convert_low both ways, demote/promote. */
function kF64(m: Memory): number {
  const { dbl, ints, flt } = m;
  let d0 = 0, d1 = 0; // accd
  let i0 = 0, i1 = 0; // acci (lanes 2 and 3 stay 0)
  let f0 = 0, f1 = 0; // accf (lanes 2 and 3 stay +0)
  for (let i = 0; i < ND; i += 2) {
    const x0 = dbl[i]!, x1 = dbl[i + 1]!;
    // r = pmax(pmin(nearest(d), 20000), -20000): pmin(a, b) = b < a ? b : a, pmax(a, b) = a < b ? b : a
    let r0 = nearest(x0), r1 = nearest(x1);
    r0 = 20000 < r0 ? 20000 : r0;
    r1 = 20000 < r1 ? 20000 : r1;
    r0 = r0 < -20000 ? -20000 : r0;
    r1 = r1 < -20000 ? -20000 : r1;
    const s0 = x0 * 65536, s1 = x1 * 65536;
    i0 = (i0 + satS(s0) - satU(x0 * x0)) | 0;
    i1 = (i1 + satS(s1) - satU(x1 * x1)) | 0;
    const j = i ^ 64;
    f0 = Math.fround(f0 + Math.fround(s0 - ints[i]!));
    f1 = Math.fround(f1 + Math.fround(s1 - ints[i + 1]!));
    d0 = d0 + (r0 + flt[i]!);
    d1 = d1 + (r1 + flt[i + 1]!);
    d0 = d0 - (ints[j]! >>> 0) * INV32;
    d1 = d1 - (ints[j + 1]! >>> 0) * INV32;
  }
  // lanes64 of each accumulator's bits (no lane here can be NaN: the data are finite)
  F64[0] = d0;
  F64[1] = d1;
  let lo = lanes64(F64W[0]!, F64W[1]!, F64W[2]!, F64W[3]!), hi = H;
  lo ^= lanes64(i0, i1, 0, 0);
  hi ^= H;
  F32[0] = f0;
  F32[1] = f1;
  F32[2] = 0;
  F32[3] = 0;
  lo ^= lanes64(F32W[0]!, F32W[1]!, F32W[2]!, F32W[3]!);
  H ^= hi;
  return lo;
}

/** k_lanes: gathers through tables and scatters, every lane load and store width. */
function kLanes(m: Memory): number {
  const { bytes, bytes16, table32, table64, scatter, scatter16, scatter32 } = m;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0; // g
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0; // g8 as four words
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0; // g16 as four words
  let q0l = 0, q0h = 0, q1l = 0, q1h = 0, t = 0; // g64
  for (let i = 0; i + 4 < NB; i += 4) {
    g0 = table32[bytes[i]!]!;
    g1 = table32[bytes[i + 1]!]!;
    g2 = table32[bytes[i + 2]!]!;
    g3 = table32[bytes[i + 3]!]!;
    const e = 2 * (bytes[i]! ^ bytes[i + 4]!);
    q1l = table64[e]!;
    q1h = table64[e + 1]!;
    b2 = (b2 & ~0xff00) | (bytes[(i * 13 + bytes[i]!) & (NB - 1)]! << 8); // lane 9
    h3 = (h3 & ~0xffff) | bytes16[((i * 7) & (NB - 2)) >> 1]!; // lane 6
    // the shuffles by one lane: bytes, 16-bit lanes, the two i64 lanes
    t = b0;
    b0 = (b0 >>> 8) | (b1 << 24);
    b1 = (b1 >>> 8) | (b2 << 24);
    b2 = (b2 >>> 8) | (b3 << 24);
    b3 = (b3 >>> 8) | (t << 24);
    t = h0;
    h0 = (h0 >>> 16) | (h1 << 16);
    h1 = (h1 >>> 16) | (h2 << 16);
    h2 = (h2 >>> 16) | (h3 << 16);
    h3 = (h3 >>> 16) | (t << 16);
    t = q0l; q0l = q1l; q1l = t;
    t = q0h; q0h = q1h; q1h = t;
    g0 = (g0 + h0) | 0;
    g1 = (g1 + h1) | 0;
    g2 = (g2 + h2) | 0;
    g3 = (g3 + h3) | 0;
    scatter[(i * 5 + 1) & (NB - 1)] = b1 >>> 8; // lane 5
    scatter16[((i * 3) & (NB - 2)) >> 1] = g1 >>> 16; // i16 lane 3
    scatter32[(i & (NB - 4)) >> 2] = g1;
    const s = ((i * 2) & (NB - 8)) >> 2;
    scatter32[s] = q1l;
    scatter32[s + 1] = q1h;
  }
  let lo = lanes64(g0, g1, g2, g3), hi = H;
  lo ^= lanes64(q0l, q0h, q1l, q1h);
  hi ^= H;
  lo ^= lanes64(b0, b1, b2, b3);
  hi ^= H;
  // sum = sum * 31 + the u64 at scatter[i], every 8 bytes
  for (let i = 0; i < NB / 4; i += 2) {
    const l = Math.imul(lo, 31);
    const h = (((lo >>> 0) * 31 * INV32) | 0) + Math.imul(hi, 31);
    lo = (l + scatter32[i]!) | 0;
    hi = (h + scatter32[i + 1]! + ((lo >>> 0) < (l >>> 0) ? 1 : 0)) | 0;
  }
  H = hi;
  return lo;
}

/** simd-intrinsics' run(n) on int32 words and doubles; the u64 result as [lo, hi]. `kernels`: a bit mask (above). */
export function simdHand(n: number, m: Memory, kernels = 31): [number, number] {
  init(m, n);
  let lo = 0, hi = 0, k = 0, l = 0;
  for (let r = 0; r < n; r++) {
    for (let bit = 1; bit <= 16; bit <<= 1) {
      if (!(kernels & bit)) continue;
      k = bit === 1 ? kSwizzle(m) : bit === 2 ? kI64(m, 1024) : bit === 4 ? kExtmul(m) : bit === 8 ? kF64(m) : kLanes(m);
      // sum = sum * 3 + k
      l = Math.imul(lo, 3);
      hi = ((((lo >>> 0) * 3 * INV32) | 0) + Math.imul(hi, 3) + H) | 0;
      lo = (l + k) | 0;
      if ((lo >>> 0) < (l >>> 0)) hi = (hi + 1) | 0;
    }
    m.bytes[r & (NB - 1)] ^= lo;
    m.dbl[r & (ND - 1)] += (lo & 0xff) * 0.25;
  }
  return [lo, hi];
}
