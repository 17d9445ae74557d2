/*
 * ckernels-simd: the ckernels workload (../ckernels/ckernels.c, included whole,
 * unchanged) built with -msimd128, so clang's auto-vectoriser turns its loops
 * into wasm SIMD (v128 loads/stores, splats, i32x4/i16x8/i8x16 lane arithmetic,
 * shuffles, extract_lane): what any C, C++ or Rust program built with SIMD
 * enabled hands the engine. Same checksum as ckernels for the same n.
 * Built by bench/build.mjs (C_EXTRA_ARGS).
 */
#include "../ckernels/ckernels.c"
