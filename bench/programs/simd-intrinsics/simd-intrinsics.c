/*
 * simd-intrinsics: a C workload for `npm run bench` (issue 15, thirteenth
 * session) written with wasm_simd128.h intrinsics, as hand-vectorised C, C++
 * and Rust (std::arch) code is: the instructions clang's auto-vectoriser rarely
 * makes (ckernels-simd has none of them) — i8x16.swizzle table lookups and
 * popcnt, i64x2 mul/shifts/compares (a SplitMix64 per lane), i16x8/i32x4/i64x2
 * extmul and extadd_pairwise (int8 and int32 dot products), f64x2 nearest,
 * pmin/pmax, conversions, demote/promote, and lane loads/stores (table gathers
 * and scatters).
 *
 * Built by bench/build.mjs: clang --target=wasm32 -O2 -msimd128 -nostdlib, no
 * imports, exports run(n) -> u64 (a checksum) like the other workloads.
 */
#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#define NB 4096
#define ND 1024
static u8 bytes[NB] __attribute__((aligned(16)));
static i32 ints[ND] __attribute__((aligned(16)));
static double dbl[ND] __attribute__((aligned(16)));
static float flt[ND] __attribute__((aligned(16)));
static u64 table64[256];
static u32 table32[256];
static u8 scatter[NB] __attribute__((aligned(16)));

static u64 rng;
static u64 next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void init(u32 seed) {
  rng = seed * 0x9E3779B97F4A7C15ull + 1;
  for (int i = 0; i < NB; i++) bytes[i] = (u8)(next() >> 24);
  for (int i = 0; i < ND; i++) {
    u64 x = next();
    ints[i] = (i32)(x >> 16);
    dbl[i] = (double)(i32)(x >> 32) / 65536.0;
    flt[i] = (float)(i32)(x >> 40) / 4096.0f;
  }
  for (int i = 0; i < 256; i++) {
    table64[i] = next();
    table32[i] = (u32)(next() >> 32);
  }
}

static u64 lanes64(v128_t v) { return (u64)wasm_i64x2_extract_lane(v, 0) * 31 + (u64)wasm_i64x2_extract_lane(v, 1); }

/* bytes to hex digits through a swizzle table, byte popcounts, widening sums */
static u64 k_swizzle(void) {
  const v128_t hex = wasm_i8x16_const('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
  const v128_t low = wasm_i8x16_splat(0x0f);
  v128_t acc = wasm_i32x4_splat(0), mix = acc;
  for (int i = 0; i < NB; i += 16) {
    v128_t b = wasm_v128_load(bytes + i);
    v128_t hl = wasm_i8x16_swizzle(hex, wasm_v128_and(b, low));
    v128_t hh = wasm_i8x16_swizzle(hex, wasm_u8x16_shr(b, 4));
    v128_t s = wasm_u16x8_extadd_pairwise_u8x16(wasm_i8x16_add(hl, wasm_i8x16_popcnt(b)));
    s = wasm_i16x8_add(s, wasm_u16x8_extadd_pairwise_u8x16(hh));
    acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(s));
    /* the bytes themselves as indices: most are out of range (zero) */
    mix = wasm_v128_xor(wasm_i8x16_swizzle(hh, b), wasm_i8x16_shl(mix, 1));
  }
  return lanes64(acc) ^ lanes64(mix);
}

/* SplitMix64 in both lanes: i64x2 add, mul, shifts, compares */
static u64 k_i64(u32 rounds) {
  v128_t s = wasm_i64x2_make((i64)table64[1], (i64)table64[2]);
  const v128_t gamma = wasm_i64x2_splat((i64)0x9E3779B97F4A7C15ull);
  const v128_t m1 = wasm_i64x2_splat((i64)0xbf58476d1ce4e5b9ull), m2 = wasm_i64x2_splat((i64)0x94d049bb133111ebull);
  v128_t pos = wasm_i64x2_splat(0), acc = pos;
  for (u32 i = 0; i < rounds; i++) {
    s = wasm_i64x2_add(s, gamma);
    v128_t z = s;
    z = wasm_i64x2_mul(wasm_v128_xor(z, wasm_u64x2_shr(z, 30)), m1);
    z = wasm_i64x2_mul(wasm_v128_xor(z, wasm_u64x2_shr(z, 27)), m2);
    z = wasm_v128_xor(z, wasm_u64x2_shr(z, 31));
    pos = wasm_i64x2_sub(pos, wasm_i64x2_gt(z, acc));
    acc = wasm_v128_xor(wasm_i64x2_shl(acc, i & 63), wasm_i64x2_shr(z, (i * 7) & 63));
  }
  return lanes64(acc) + lanes64(pos) + (u64)wasm_i64x2_bitmask(acc);
}

/* int8 and int32 dot products: extmul and extadd_pairwise */
static u64 k_extmul(void) {
  v128_t w = wasm_v128_load(bytes + 100);
  v128_t acc32 = wasm_i32x4_splat(0), acc64 = wasm_i64x2_splat(0), accu = acc64;
  for (int i = 0; i < NB; i += 16) {
    v128_t a = wasm_v128_load(bytes + i);
    v128_t lo = wasm_i16x8_extmul_low_i8x16(a, w), hi = wasm_i16x8_extmul_high_i8x16(a, w);
    v128_t ulo = wasm_u16x8_extmul_low_u8x16(a, w);
    acc32 = wasm_i32x4_add(acc32, wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_add_sat(lo, hi)));
    acc32 = wasm_i32x4_add(acc32, wasm_i32x4_extmul_high_i16x8(ulo, hi));
    w = wasm_i8x16_sub(w, a);
  }
  for (int i = 0; i + 4 < ND; i += 4) {
    v128_t x = wasm_v128_load(ints + i), y = wasm_v128_load(ints + i + 4);
    acc64 = wasm_i64x2_add(acc64, wasm_i64x2_extmul_low_i32x4(x, y));
    acc64 = wasm_i64x2_sub(acc64, wasm_i64x2_extmul_high_i32x4(x, y));
    accu = wasm_i64x2_add(accu, wasm_u64x2_extmul_low_u32x4(x, y));
    accu = wasm_v128_xor(accu, wasm_u64x2_extmul_high_u32x4(x, y));
  }
  return lanes64(acc64) ^ lanes64(accu) ^ (u64)(u32)wasm_i32x4_extract_lane(acc32, 2);
}

/* f64x2: nearest, clamps by pmin/pmax, conversions to and from i32, f32 rounding */
static u64 k_f64(void) {
  const v128_t hi = wasm_f64x2_splat(20000.0), lo = wasm_f64x2_splat(-20000.0), scale = wasm_f64x2_splat(65536.0);
  v128_t accd = wasm_f64x2_splat(0), acci = wasm_i32x4_splat(0), accf = wasm_f32x4_splat(0);
  for (int i = 0; i < ND; i += 2) {
    v128_t d = wasm_v128_load(dbl + i);
    v128_t r = wasm_f64x2_pmax(wasm_f64x2_pmin(wasm_f64x2_nearest(d), hi), lo);
    acci = wasm_i32x4_add(acci, wasm_i32x4_trunc_sat_f64x2_zero(wasm_f64x2_mul(d, scale)));
    acci = wasm_i32x4_sub(acci, wasm_u32x4_trunc_sat_f64x2_zero(wasm_f64x2_mul(d, d)));
    v128_t back = wasm_f64x2_convert_low_i32x4(wasm_v128_load64_zero(ints + i));
    v128_t backu = wasm_f64x2_convert_low_u32x4(wasm_v128_load64_zero(ints + (i ^ 64)));
    accf = wasm_f32x4_add(accf, wasm_f32x4_demote_f64x2_zero(wasm_f64x2_sub(wasm_f64x2_mul(d, scale), back)));
    accd = wasm_f64x2_add(accd, wasm_f64x2_add(r, wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(flt + i))));
    accd = wasm_f64x2_sub(accd, wasm_f64x2_mul(backu, wasm_f64x2_splat(0x1p-32)));
  }
  return lanes64(accd) ^ lanes64(acci) ^ lanes64(accf);
}

/* gathers through tables and scatters: lane loads and stores */
static u64 k_lanes(void) {
  v128_t g = wasm_i32x4_splat(0), g64 = wasm_i64x2_splat(0), g8 = g, g16 = g;
  for (int i = 0; i + 4 < NB; i += 4) {
    g = wasm_v128_load32_lane(&table32[bytes[i]], g, 0);
    g = wasm_v128_load32_lane(&table32[bytes[i + 1]], g, 1);
    g = wasm_v128_load32_lane(&table32[bytes[i + 2]], g, 2);
    g = wasm_v128_load32_lane(&table32[bytes[i + 3]], g, 3);
    g64 = wasm_v128_load64_lane(&table64[bytes[i] ^ bytes[i + 4]], g64, 1);
    g8 = wasm_v128_load8_lane(&bytes[(i * 13 + bytes[i]) & (NB - 1)], g8, 9);
    g16 = wasm_v128_load16_lane(&bytes[(i * 7) & (NB - 2)], g16, 6);
    g8 = wasm_i8x16_shuffle(g8, g8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0);
    g16 = wasm_i16x8_shuffle(g16, g16, 1, 2, 3, 4, 5, 6, 7, 0);
    g64 = wasm_i64x2_shuffle(g64, g64, 1, 0);
    g = wasm_i32x4_add(g, g16);
    wasm_v128_store8_lane(&scatter[(i * 5 + 1) & (NB - 1)], g8, 5);
    wasm_v128_store16_lane(&scatter[(i * 3) & (NB - 2)], g, 3);
    wasm_v128_store32_lane(&scatter[i & (NB - 4)], g, 1);
    wasm_v128_store64_lane(&scatter[(i * 2) & (NB - 8)], g64, 1);
  }
  u64 sum = lanes64(g) ^ lanes64(g64) ^ lanes64(g8);
  for (int i = 0; i < NB; i += 8) sum = sum * 31 + *(u64 *)&scatter[i];
  return sum;
}

__attribute__((export_name("run"))) u64 run(u32 n) {
  init(n);
  u64 sum = 0;
  for (u32 k = 0; k < n; k++) {
    sum = sum * 3 + k_swizzle();
    sum = sum * 3 + k_i64(1024);
    sum = sum * 3 + k_extmul();
    sum = sum * 3 + k_f64();
    sum = sum * 3 + k_lanes();
    bytes[k & (NB - 1)] ^= (u8)sum;
    dbl[k & (ND - 1)] += (double)(sum & 0xff) * 0.25;
  }
  return sum;
}
