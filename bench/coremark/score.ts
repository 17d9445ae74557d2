// One CoreMark run on one engine (bench/coremark/run.ts): in Node, and bundled
// into a Chromium page for --browser (page.ts). CoreMark's clock is
// `env.clock_ms() -> i64`; `clock` is what feeds it (ms).
import { describeError, getEngine, isUnavailable, type EngineName } from '../lib/engines';

/**
 * The score (iterations per second of `clock`) of the last of `runs` runs on
 * one instance, or why there is none. The
 * minimal build returns 0 (at most 1, by wasm3's own runner) when CoreMark
 * reports an error: its results' CRCs did not match the known ones (an engine
 * computing wrongly), or its timed run lasted under 10 s of its clock (its
 * calibration run was slowed down: a loaded machine, on the wall clock).
 */
export async function coremarkScore(name: EngineName, bytes: Uint8Array, clock: () => number, runs = 2): Promise<number | string> {
  const engine = await getEngine(name);
  if (isUnavailable(engine)) return engine.reason;
  const imports = { env: { clock_ms: () => BigInt(Math.round(clock())) } };
  let score = 0;
  try {
    const run = engine.instantiate(engine.compile(bytes), imports).exports.run as () => number;
    // The first run warms V8 up (our interpreter's loop, the JIT's code) and
    // is not scored: CoreMark calibrates its iteration count on a short run,
    // and a run that got faster after it lasts under 10 s — an error result.
    for (let i = 0; i < runs; i++) score = run();
  } catch (e) {
    return `failed: ${describeError(e)}`;
  }
  return score > 1 ? score : `returned ${score}: CoreMark reports an error (its results' CRCs did not match, or its timed run lasted under 10 s of its clock — on a loaded machine's wall clock, run it again)`;
}
