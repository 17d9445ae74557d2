// The benchmark workloads: Rust programs (and one C program, one generated) in bench/programs/<name>/, built to
// bench/programs/<name>/<name>.wasm by `npm run build:bench`. Each exports
// `run(n: u32) -> u64` (a checksum, so engines can be compared) and imports
// nothing. `n` is tuned so one call takes roughly 100–150 ms natively on the
// reference machine (docs/performance.md).

export interface Workload {
  readonly name: string;
  /** What it stresses, for the table and the docs. */
  readonly covers: string;
  /** Argument to run() for a full measurement. */
  readonly n: number;
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'nbody', covers: 'f64 maths (n-body)', n: 2_500_000 },
  { name: 'f32sim', covers: 'f32 maths (particles + 32×32 matmul)', n: 8_000 },
  { name: 'hash64', covers: 'i64 hashing (XXH64, FNV-1a)', n: 16_000 },
  { name: 'intarray', covers: 'integer arrays (sieve, heapsort, mergesort)', n: 350 },
  { name: 'dispatch', covers: 'dyn dispatch + Box/Vec/String churn', n: 12_000 },
  { name: 'strfmt', covers: 'string formatting (write! ints, floats)', n: 180_000 },
  // written for issue 15, independently of the six above
  { name: 'prng64', covers: 'i64 PRNG: xoshiro256**, 128-bit multiply, i64 rem/div', n: 3000 },
  { name: 'bytecode', covers: 'bytecode interpreter: match dispatch, Vec stack', n: 8_000 },
  { name: 'sortkeys', covers: 'quicksort of u32, radix sort of pairs', n: 400 },
  { name: 'particles', covers: 'f32 struct physics: grid collisions, sqrt', n: 200 },
  // C (clang -O2), written for issue 15 as a stand-in for CoreMark: NOT CoreMark (docs/performance.md)
  { name: 'ckernels', covers: 'C: linked-list find/sort/reverse, int matrices, number-scanning state machine, CRC-16', n: 400 },
  // the same C source built with -msimd128: clang's auto-vectorised loops (v128 lane arithmetic)
  { name: 'ckernels-simd', covers: 'C: ckernels built with -msimd128 (auto-vectorised: v128 loads, lane arithmetic, shuffles)', n: 400 },
  // hand-vectorised C (wasm_simd128.h): the instructions the auto-vectoriser rarely makes
  { name: 'simd-intrinsics', covers: 'C intrinsics: swizzle, popcnt, i64x2 mul/shifts/compares, extmul, f64x2 nearest/pmin/pmax/conversions, lane loads/stores', n: 8_000 },
  // generated (bench/programs/bigfuncs/gen.mjs), not Rust: code too big for V8 to optimise
  { name: 'bigfuncs', covers: '200 locals, 256-way br_table, 6000-op straight line', n: 1_000 },
];
