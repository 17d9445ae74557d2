// Warming the engine before the first game (docs/performance.md, "Cold start:
// warming the engine while the worker waits"). A game's worker is a fresh V8
// isolate: the first module it is given is decoded, validated, lowered,
// interpreted and translated by our engine's code while V8 is still
// compiling that code and running it in its interpreter. warmEngine() runs
// the whole path once on a tiny module of its own (warm.wat: a loop, memory,
// calls, a br_table, i64 and float arithmetic), on the JIT (translated at its
// first call) and on the interpreter, so that V8 has compiled our code and
// gathered type feedback before a game arrives. The app's game workers call it
// as soon as they start, while the player is still choosing a game.
//
// It leaves nothing behind but V8's warm code: its modules and instances are
// garbage once it returns.
import { Instance, Module } from './api.ts';

/** warm.wat assembled by wat2wasm (test/runtime/warm.test.ts checks it). */
export const WARM_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 18, 3, 96, 1, 127, 1, 127, 96, 2, 126, 126, 1, 126, 96, 2,
  125, 124, 1, 124, 3, 6, 5, 0, 0, 1, 2, 0, 4, 4, 1, 112, 0, 4, 5, 3, 1, 0, 1, 6,
  11, 2, 127, 1, 65, 7, 11, 126, 1, 66, 3, 11, 7, 7, 1, 3, 114, 117, 110, 0, 4, 9, 10, 1,
  0, 65, 0, 11, 4, 0, 1, 0, 1, 10, 222, 1, 5, 7, 0, 32, 0, 35, 0, 106, 11, 42, 1, 1,
  127, 32, 0, 65, 3, 108, 33, 1, 3, 64, 32, 1, 32, 1, 65, 255, 1, 113, 45, 0, 3, 106, 33, 1,
  32, 0, 65, 1, 106, 34, 0, 65, 20, 73, 13, 0, 11, 32, 1, 11, 22, 0, 32, 0, 66, 149, 248, 169,
  250, 151, 183, 222, 155, 158, 127, 126, 32, 1, 66, 13, 137, 133, 11, 16, 0, 32, 0, 67, 0, 0, 192, 63,
  148, 187, 32, 1, 153, 159, 160, 11, 128, 1, 3, 2, 127, 1, 126, 1, 124, 3, 64, 32, 1, 65, 63, 113,
  65, 2, 116, 32, 2, 54, 2, 0, 32, 2, 32, 1, 32, 1, 65, 3, 113, 17, 0, 0, 106, 33, 2, 32,
  2, 173, 32, 3, 16, 2, 33, 3, 32, 1, 178, 32, 4, 16, 3, 33, 4, 2, 64, 2, 64, 2, 64, 32,
  1, 65, 3, 112, 14, 2, 0, 1, 2, 11, 32, 2, 65, 213, 0, 115, 33, 2, 12, 1, 11, 32, 2, 65,
  1, 32, 2, 65, 0, 74, 27, 33, 2, 11, 35, 1, 32, 3, 124, 36, 1, 32, 1, 65, 1, 106, 34, 1,
  32, 0, 72, 13, 0, 11, 32, 2, 35, 1, 167, 32, 4, 252, 2, 106, 106, 11,
]);

/** Iterations of warm.wat's loop per call. */
const PASSES = 40;
/** A hotness no function of warm.wat reaches: it stays on the interpreter. */
const NEVER_HOT = 1 << 30;

/**
 * Runs warm.wat on the lazily tiered JIT (every function translated at its
 * first call) three times, on the interpreter once, and twice interpreted
 * under lazy tiering (never hot), as a game starts. Throws if the engines
 * disagree: like a trap in the interpreter's own warm-up, a wrong result here
 * is an engine bug.
 */
export function warmEngine(): void {
  const run = (options: ConstructorParameters<typeof Module>[1]) =>
    new Instance(new Module(WARM_MODULE, options)).exports.run as (passes: number) => number;
  const jit = run({ engine: 'jit', tiering: 'lazy', hotness: 0, osr: 'off' });
  const interp = run({ engine: 'interp' });
  // the interpreter as a game starts on it: lazily tiered, its functions the JIT's
  // (another class of function instance than the interpreter engine's), never hot here
  const tiered = run({ engine: 'jit', tiering: 'lazy', hotness: NEVER_HOT });
  const expected = interp(PASSES);
  const got = [jit(PASSES), tiered(PASSES)];
  jit(PASSES);
  jit(PASSES);
  tiered(PASSES);
  if (got[0] !== expected) throw new Error(`engine warm-up: the JIT gave ${got[0]}, the interpreter ${expected}`);
  if (got[1] !== expected) throw new Error(`engine warm-up: the lazily tiered interpreter gave ${got[1]}, the interpreter ${expected}`);
}
