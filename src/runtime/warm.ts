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
  125, 124, 1, 124, 2, 12, 1, 3, 101, 110, 118, 4, 104, 111, 115, 116, 0, 0, 3, 6, 5, 0, 0, 1,
  2, 0, 4, 4, 1, 112, 0, 4, 5, 3, 1, 0, 1, 6, 11, 2, 127, 1, 65, 7, 11, 126, 1, 66,
  3, 11, 7, 7, 1, 3, 114, 117, 110, 0, 5, 9, 10, 1, 0, 65, 0, 11, 4, 1, 2, 1, 2, 10,
  131, 2, 5, 7, 0, 32, 0, 35, 0, 106, 11, 42, 1, 1, 127, 32, 0, 65, 3, 108, 33, 1, 3, 64,
  32, 1, 32, 1, 65, 255, 1, 113, 45, 0, 3, 106, 33, 1, 32, 0, 65, 1, 106, 34, 0, 65, 20, 73,
  13, 0, 11, 32, 1, 11, 22, 0, 32, 0, 66, 149, 248, 169, 250, 151, 183, 222, 155, 158, 127, 126, 32, 1,
  66, 13, 137, 133, 11, 16, 0, 32, 0, 67, 0, 0, 192, 63, 148, 187, 32, 1, 153, 159, 160, 11, 165, 1,
  3, 2, 127, 1, 126, 1, 124, 3, 64, 32, 1, 65, 63, 113, 65, 2, 116, 32, 2, 54, 2, 0, 32, 2,
  32, 1, 32, 1, 65, 3, 113, 17, 0, 0, 106, 33, 2, 32, 2, 16, 0, 32, 2, 65, 128, 254, 0, 113,
  32, 1, 65, 15, 113, 65, 2, 116, 106, 40, 2, 0, 106, 33, 2, 32, 2, 65, 212, 125, 113, 33, 2, 32,
  2, 173, 32, 3, 16, 3, 33, 3, 32, 1, 178, 32, 4, 16, 4, 33, 4, 2, 64, 2, 64, 2, 64, 32,
  1, 65, 4, 112, 65, 1, 107, 14, 2, 0, 1, 2, 11, 32, 2, 65, 213, 0, 115, 33, 2, 12, 1, 11,
  32, 2, 65, 1, 32, 2, 65, 0, 74, 27, 33, 2, 11, 35, 1, 32, 3, 124, 36, 1, 32, 1, 65, 1,
  106, 34, 1, 32, 0, 72, 13, 0, 11, 32, 2, 35, 1, 167, 32, 4, 252, 2, 106, 106, 11,
]);

/** What warm.wat imports: a host function, as every game calls the host's. */
export const WARM_IMPORTS = { env: { host: (x: number): number => (x ^ 0x5a5a) | 0 } };

/** Iterations of warm.wat's loop per call. */
const PASSES = 40;
/** A hotness no function of warm.wat reaches: it stays on the interpreter. */
const NEVER_HOT = 1 << 30;

/**
 * The warm-up in parts, each a task of its own for a worker that must stay
 * free for a game (warmEngineInTasks): warm.wat on the interpreter; on the
 * lazily tiered JIT with every function translated at its first call, three
 * times; twice interpreted under lazy tiering (never hot), as a game starts.
 * Each part throws if its engine disagrees with the interpreter: like a trap
 * in the interpreter's own warm-up, a wrong result here is an engine bug.
 */
export function warmEngineParts(): (() => void)[] {
  const run = (options: ConstructorParameters<typeof Module>[1]) =>
    new Instance(new Module(WARM_MODULE, options), WARM_IMPORTS).exports.run as (passes: number) => number;
  let expected = 0;
  const check = (what: string, got: number): void => {
    if (got !== expected) throw new Error(`engine warm-up: ${what} gave ${got}, the interpreter ${expected}`);
  };
  return [
    () => {
      expected = run({ engine: 'interp' })(PASSES);
    },
    () => {
      const jit = run({ engine: 'jit', tiering: 'lazy', hotness: 0, osr: 'off' });
      check('the JIT', jit(PASSES));
      jit(PASSES);
      jit(PASSES);
    },
    () => {
      // the interpreter as a game starts on it: lazily tiered, its functions the JIT's
      // (another class of function instance than the interpreter engine's), never hot here
      const tiered = run({ engine: 'jit', tiering: 'lazy', hotness: NEVER_HOT });
      check('the lazily tiered interpreter', tiered(PASSES));
      tiered(PASSES);
    },
  ];
}

/** The whole warm-up at once (warmEngineParts). */
export function warmEngine(): void {
  for (const part of warmEngineParts()) part();
}

/**
 * The warm-up as a worker runs it: each part in a task of its own
 * (`schedule`), skipping the rest once `stop()` is true — a game (or a
 * thumbnail) has arrived and warms the engine better than warm.wat, and a
 * game opened through a link should wait for one part at most, not the whole
 * warm-up (~50–130 ms on a cold engine).
 */
export function warmEngineInTasks(schedule: (task: () => void) => void, stop: () => boolean): void {
  const parts = warmEngineParts();
  const next = (): void => {
    if (stop()) return;
    parts.shift()!();
    if (parts.length > 0) schedule(next);
  };
  schedule(next);
}
