// One CoreMark run on one engine (bench/coremark/run.ts): in Node, and bundled
// into a Chromium page for --browser (page.ts). CoreMark's clock is
// `env.clock_ms() -> i64`; `clock` is what feeds it (ms).
import { describeError, getEngine, isUnavailable, type EngineName } from '../lib/engines';

/**
 * The score (iterations per second of `clock`) of the first run after a
 * warm-up run, on one instance, or why there is none. The minimal build
 * returns 0 (at most 1, by wasm3's own runner) when CoreMark reports an
 * error: its results' CRCs did not match the known ones (an engine computing
 * wrongly), or its timed run lasted under 10 s of its clock. The second
 * happens when an engine gets faster in the middle of a run: CoreMark sizes
 * its timed run from a calibration run of whole seconds, and if V8 was still
 * optimising our interpreter's loop during that one, the timed run ends early
 * (seen in Chromium on the first run and once on the second). So the first
 * run only warms up, and a run with the error result is tried again, up to
 * `tries` times.
 */
export async function coremarkScore(name: EngineName, bytes: Uint8Array, clock: () => number, tries = 3): Promise<number | string> {
  const engine = await getEngine(name);
  if (isUnavailable(engine)) return engine.reason;
  const imports = { env: { clock_ms: () => BigInt(Math.round(clock())) } };
  let score = 0;
  try {
    const run = engine.instantiate(engine.compile(bytes), imports).exports.run as () => number;
    run();
    for (let i = 0; i < tries && !(score > 1); i++) score = run();
  } catch (e) {
    return `failed: ${describeError(e)}`;
  }
  return score > 1 ? score : `returned ${score} in ${tries} runs after a warm-up: CoreMark reports an error (its results' CRCs did not match, or its timed run lasted under 10 s of its clock)`;
}
