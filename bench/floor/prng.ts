// The i64 kernel of `npm run bench:floor` (bench/floor.ts): prng64's `run(n)`
// (bench/programs/prng64/src/lib.rs) written by hand in JavaScript, exactly:
// xoshiro256** draws, the high word of a 64×64 product (Lemire), an i64
// remainder by a divisor known only at run time, a 64×64→128 multiply folded
// to 64 bits, a rotation by a variable count and a division, then an FNV-style
// fold of the 4096-bucket histogram. JavaScript has no 64-bit integers, so
// each u64 is two int32 words; the variants differ only in how.
//
//   int32 pairs  the best we could write: every value in local variables
//                (no memory, no bounds checks, no interrupt poll), the
//                histogram an Int32Array, each 32×32→64 product as the
//                double product for its high word corrected by Math.imul's
//                exact low word, divisions by a divisor below 2^21 one
//                32-bit limb at a time (the high limb as uint32 integer
//                division, the low one as a double division), the variable
//                rotation branch-free (the count is random: a branch on it
//                is mispredicted half the time).
//   BigInt       the language's own 64-bit arithmetic: BigInt.asUintN(64, …)
//                after each operation.
//
// Both must return native's u64 bit for bit (checked by bench/floor.ts and
// test/bench-floor.test.ts).

const TWO32 = 4294967296;
const INV32 = 2.3283064365386963e-10; // 2^-32

/** Xoshiro::new: four splitmix64 steps from the seed, once per run (BigInt: not the loop measured), as int32 words. */
function seedWords(n: number): Int32Array {
  const st = new Int32Array(8);
  let z = 0x5eed000000000001n ^ BigInt(n >>> 0);
  for (let k = 0; k < 4; k++) {
    z = BigInt.asUintN(64, z + 0x9e3779b97f4a7c15n);
    let x = z;
    x = BigInt.asUintN(64, (x ^ (x >> 33n)) * 0xff51afd7ed558ccdn);
    x = BigInt.asUintN(64, (x ^ (x >> 33n)) * 0xc4ceb9fe1a85ec53n);
    x ^= x >> 33n;
    st[2 * k] = Number(x & 0xffffffffn);
    st[2 * k + 1] = Number(x >> 32n);
  }
  return st;
}

/** prng64's run(n) on int32 word pairs; returns the u64 result as [lo, hi]. */
export function prngPairs(n: number, hist: Int32Array): [number, number] {
  // The state as the wasm keeps it: LLVM merged the two draws' state steps, so these are
  // the wasm's locals 6, 5, 8, 9 (s[0..3] at the start), and each line below is one of its
  // i64 operations on (lo, hi) words.
  const st = seedWords(n);
  let a6l = st[0]!, a6h = st[1]!, a5l = st[2]!, a5h = st[3]!, a8l = st[4]!, a8h = st[5]!, a9l = st[6]!, a9h = st[7]!;
  let fl = 0x78bd642f | 0, fh = 0xa0761d64 | 0; // fold = 0xA076_1D64_78BD_642F
  hist.fill(0);
  let T = 0, U = 0, V = 0;
  for (let round = 0; round < n; round++) {
    for (let i = 0; i < 1024; i++) {
      // x = rotl(a5 * 5, 7) * 9; Lemire's bucket: its high 12 bits
      T = (a5l >>> 0) * 5;
      U = Math.imul(a5l, 5);
      V = ((T * INV32) | 0) + Math.imul(a5h, 5) | 0;
      T = U << 7 | V >>> 25;
      V = V << 7 | U >>> 25;
      U = (T >>> 0) * 9;
      const xl = Math.imul(T, 9);
      const xh = ((U * INV32) | 0) + Math.imul(V, 9) | 0;
      hist[xh >>> 20]++;
      // a16 = a6 ^ a8; a4 = a16 ^ a5; y = rotl(a4 * 5, 7) * 9
      const a16l = a6l ^ a8l, a16h = a6h ^ a8h;
      const a4l = a16l ^ a5l, a4h = a16h ^ a5h;
      T = (a4l >>> 0) * 5;
      U = Math.imul(a4l, 5);
      V = ((T * INV32) | 0) + Math.imul(a4h, 5) | 0;
      T = U << 7 | V >>> 25;
      V = V << 7 | U >>> 25;
      U = (T >>> 0) * 9;
      const yl = Math.imul(T, 9);
      const yh = ((U * INV32) | 0) + Math.imul(V, 9) | 0;
      // m = y % (1 + (round * 1024 + i) % 1_000_003): the index is below 2^42 (exact as a double), the
      // divisor below 2^20, so y's high word's remainder times 2^32 plus its low word stays below 2^52
      // (JS's % is a call to fmod when V8 computes it in doubles; with both operands and the
      // result as uint32 (>>> 0) it divides as integers)
      const idx = round * 1024 + i;
      const d = (1 + idx - Math.floor(idx / 1000003) * 1000003) >>> 0;
      const y1 = (((yh >>> 0) % d) >>> 0) * TWO32 + (yl >>> 0);
      const m = y1 - Math.floor(y1 / d) * d;
      // the 128-bit product (fold ^ x) * (0xE703_7ED1_A0B4_28DB ^ m), its halves xored (mum)
      const al = fl ^ xl, ah = fh ^ xh;
      const bl = 0xa0b428db ^ m, bh = 0xe7037ed1 | 0;
      // four 32×32→64 partial products: high words from the double product, corrected by the exact low word
      const p0l = Math.imul(al, bl);
      const p0h = ((al >>> 0) * (bl >>> 0) - (p0l >>> 0)) * INV32 + 0.5 | 0;
      const p1l = Math.imul(al, bh);
      const p1h = ((al >>> 0) * (bh >>> 0) - (p1l >>> 0)) * INV32 + 0.5 | 0;
      const p2l = Math.imul(ah, bl);
      const p2h = ((ah >>> 0) * (bl >>> 0) - (p2l >>> 0)) * INV32 + 0.5 | 0;
      const p3l = Math.imul(ah, bh);
      const p3h = ((ah >>> 0) * (bh >>> 0) - (p3l >>> 0)) * INV32 + 0.5 | 0;
      // words 1..3 with their carries (sums below 2^34: exact as doubles)
      const mid = (p0h >>> 0) + (p1l >>> 0) + (p2l >>> 0);
      const top = (p3l >>> 0) + (p1h >>> 0) + (p2h >>> 0) + ((mid * INV32) | 0);
      fl = p0l ^ top; // word 0 ^ word 2
      fh = mid ^ ((p3h + ((top * INV32) | 0)) | 0); // word 1 ^ word 3
      // a2 = a5 ^ a9; a15 = a4 ^ rotl(a2, 45); a6 ^= a2; a5 = a16 ^ (a5 << 17) ^ a6; a8 = a4 << 17
      const a2l = a5l ^ a9l, a2h = a5h ^ a9h;
      const a15l = a4l ^ (a2h << 13 | a2l >>> 19), a15h = a4h ^ (a2l << 13 | a2h >>> 19);
      a6l ^= a2l; a6h ^= a2h;
      T = a16l ^ (a5l << 17) ^ a6l;
      a5h = a16h ^ (a5h << 17 | a5l >>> 15) ^ a6h;
      a5l = T;
      a8l = a4l << 17; a8h = a4h << 17 | a4l >>> 15;
      if (fh < 0) {
        // fold = fold.rotate_right(y & 63) / ((i | 1) * 3), the rotation branch-free
        const c = yl & 31, swap = yl << 26 >> 31;
        const a = fl ^ ((fl ^ fh) & swap), b = fh ^ ((fl ^ fh) & swap);
        const rl = a >>> c | (b << 1) << (31 - c), rh = b >>> c | (a << 1) << (31 - c);
        const q = ((i | 1) * 3) >>> 0; // below 2^12: limb by limb, each partial dividend below 2^44
        fh = ((rh >>> 0) / q) | 0;
        fl = Math.floor(((((rh >>> 0) % q) >>> 0) * TWO32 + (rl >>> 0)) / q) | 0;
      }
      // a9 = rotl(a15, 45); a8 ^= a5; a6 = a15 ^ a6; a5 ^= a4
      a9l = a15h << 13 | a15l >>> 19; a9h = a15l << 13 | a15h >>> 19;
      a8l ^= a5l; a8h ^= a5h;
      a6l ^= a15l; a6h ^= a15h;
      a5l ^= a4l; a5h ^= a4h;
    }
  }
  // acc = acc * 0x100_0000_01B3 ^ h ^ (k << 32), per bucket
  let al = fl, ah = fh;
  for (let k = 0; k < 4096; k++) {
    T = (al >>> 0) * 0x1b3;
    const lo = Math.imul(al, 0x1b3);
    ah = ((T * INV32) | 0) + Math.imul(al, 0x100) + Math.imul(ah, 0x1b3) | 0;
    al = lo ^ hist[k]!;
    ah ^= k;
  }
  return [al, ah];
}

const M64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** prng64's run(n) in BigInt; returns the u64 result as [lo, hi]. */
export function prngBigInt(n: number): [number, number] {
  const s = [0n, 0n, 0n, 0n];
  let z = 0x5eed000000000001n ^ BigInt(n >>> 0);
  for (let k = 0; k < 4; k++) {
    z = M64(z + 0x9e3779b97f4a7c15n);
    let x = z;
    x = M64((x ^ (x >> 33n)) * 0xff51afd7ed558ccdn);
    x = M64((x ^ (x >> 33n)) * 0xc4ceb9fe1a85ec53n);
    s[k] = x ^ (x >> 33n);
  }
  let [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint];
  const rotl = (x: bigint, r: bigint): bigint => M64((x << r) | (x >> (64n - r)));
  const hist = new Uint32Array(4096);
  let fold = 0xa0761d6478bd642fn;
  const bn = BigInt(n >>> 0);
  for (let round = 0n; round < bn; round++) {
    for (let i = 0n; i < 1024n; i++) {
      let r = M64(rotl(M64(s1 * 5n), 7n) * 9n);
      let t = M64(s1 << 17n);
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45n);
      const x = r;
      hist[Number((x * 4096n) >> 64n)]++;
      r = M64(rotl(M64(s1 * 5n), 7n) * 9n);
      t = M64(s1 << 17n);
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45n);
      const y = r;
      const m = y % (1n + ((round * 1024n + i) % 1000003n));
      const p = (fold ^ x) * (0xe7037ed1a0b428dbn ^ m);
      fold = M64(p) ^ (p >> 64n);
      if (fold >= 0x8000000000000000n) {
        const c = y & 63n;
        fold = M64((fold >> c) | (fold << ((64n - c) & 63n))) / ((i | 1n) * 3n);
      }
    }
  }
  let acc = fold;
  for (let k = 0; k < 4096; k++) acc = M64(acc * 0x100000001b3n) ^ BigInt(hist[k]!) ^ (BigInt(k) << 32n);
  return [Number(acc & 0xffffffffn) | 0, Number(acc >> 32n) | 0];
}
