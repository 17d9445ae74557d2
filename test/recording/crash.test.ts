// A recording of a crash reproduces the crash: when the game stops (trap,
// contract breach, watchdog) while recording, the stopped frame's input and
// the stop end the recording, and a replay re-runs up to that frame and
// checks that the same stop happens there — headless (arcade record/replay,
// the vitest helper) and in the app's game worker.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFromScript, replayFile } from '../../src/node/recording-io';
import { parseRecording } from '../../src/host/recording';
import type { FromWorker, Port, ToWorker } from '../../src/host/protocol';
import { runGameWorker, TICK_MS } from '../../src/host/runner';
import { runReplayCase } from '../../src/testing/replays';
import { compileWat, FIXTURES } from '../fixtures/compile';
import { TEST_OPTIONS } from '../host/engines';
import { FakeTime } from '../support/fake-time';

const source = readFileSync(join(FIXTURES, 'keytrap.wat'), 'utf8');
const crashing = compileWat(source);
const fixed = compileWat(source.replace(';; CRASH\n    (unreachable)', '(nop)'));
const hanging = compileWat(source.replace(';; CRASH\n    (unreachable)', '(loop $hang (br $hang))'));
const engines = ['interp', 'jit'] as const;

const dir = mkdtempSync(join(tmpdir(), 'arcade-crash-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const game = file('keytrap.wasm', crashing);
const script = file('crash.script', 'wait 41\npress Space\nwait 20\n'); // Space goes down at the start of frame 42

describe('a recording of a crash', () => {
  it('ends with the stopped frame, its input and the stop, and replays to the same stop', async () => {
    const out = join(dir, 'crash.rec');
    const s = await recordFromScript({ game, script, out, extras: TEST_OPTIONS });
    expect(s.frames).toBe(41);
    expect(s.stop?.info).toMatchObject({ kind: 'trap', frame: 42 });
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^f 41 d=[0-9a-f]{16}\n {2}set 1 rect 41 = = = =\nstop 42 \+Space kind=trap "the game trapped in frame 42: unreachable in explode"\nend frames=41 m=[0-9a-f]{16}\n$/m);
    const rec = parseRecording(text);
    expect(rec.truncation).toBeUndefined();
    expect(rec.stop).toMatchObject({ frame: 42, kind: 'trap', input: [{ code: 32, down: true }] });

    for (const engine of engines) {
      const r = await replayFile({ game, recording: out, engine, extras: TEST_OPTIONS });
      expect(r.result.ok, r.report).toBe(true);
      expect(r.result.stopReproduced).toBe(true);
      expect(r.result.finalMemory).toBeUndefined(); // memory as the trap left it (marker written) matches too
      expect(r.report).toMatch(/41 frames replayed, every draw list and memory checkpoint matches, and frame 42 stops again as recorded, with a trap: the game trapped in frame 42: unreachable in explode/);
      // the vitest helper passes it too
      await expect(runReplayCase(out, engine, { game, extras: TEST_OPTIONS })).resolves.toBeUndefined();
    }
  });

  it('reports a fixed build as a divergence: the frame ran without stopping', async () => {
    const out = join(dir, 'fixed-check.rec');
    await recordFromScript({ game, script, out, extras: TEST_OPTIONS });
    const fixedGame = file('keytrap-fixed.wasm', fixed);
    const r = await replayFile({ game: fixedGame, recording: out, anyBuild: true, extras: TEST_OPTIONS });
    expect(r.result.ok).toBe(false);
    expect(r.result.missedStop).toBe(42);
    expect(r.report).toMatch(/fixed-check\.rec:\d+: recording ends with a trap at frame 42; this build ran frame 42 without stopping \(recorded: the game trapped in frame 42: unreachable in explode\)/);
    expect(r.report).toMatch(/last input: frame 42, press Space \(in this very frame\)/);
    await expect(runReplayCase(out, 'interp', { game: fixedGame, extras: TEST_OPTIONS })).rejects.toThrow(/recording ends with a trap at frame 42; this build ran frame 42 without stopping/);

    // --update re-blesses the fixed behaviour: the recording then ends normally after frame 42
    const u = await replayFile({ game: fixedGame, recording: out, update: true, extras: TEST_OPTIONS });
    expect(u.updated).toBe(true);
    const updated = parseRecording(readFileSync(out, 'utf8'));
    expect(updated.stop).toBeUndefined();
    expect(updated.frames.length).toBe(42);
    expect(updated.frames[41].input).toEqual([{ code: 32, down: true }]);
    expect((await replayFile({ game: fixedGame, recording: out, extras: TEST_OPTIONS })).result.ok).toBe(true);
  });

  it('reports another kind of stop at that frame, and a stop that comes early', async () => {
    const out = join(dir, 'other-stop.rec');
    await recordFromScript({ game, script, out, extras: TEST_OPTIONS });
    const hangs = file('keytrap-hangs.wasm', hanging);
    const r = await replayFile({ game: hangs, recording: out, anyBuild: true, extras: { ...TEST_OPTIONS, frameBudgetMs: 200 } });
    expect(r.result.ok).toBe(false);
    expect(r.report).toMatch(/recording ends with a trap at frame 42 \(the game trapped in frame 42: unreachable in explode\); this build stopped there with a watchdog: frame 42 ran longer than 200 ms/);

    // a recording whose Space comes at frame 42 replayed on a build that crashes without a key at frame 10
    const early = file('keytrap-early.wasm', compileWat(source.replace('(if (i32.load (i32.const 4))', '(if (i32.eq (i32.load (i32.const 0)) (i32.const 10))')));
    const e = await replayFile({ game: early, recording: out, anyBuild: true, extras: TEST_OPTIONS });
    expect(e.result.ok).toBe(false);
    expect(e.report).toMatch(/the game stopped at frame 10 while the recording goes on to frame 41, then ends with a trap at frame 42: the game trapped in frame 10/);
  });

  it('is made in the app: the live recording of a crash replays with arcade replay', async () => {
    const time = new FakeTime();
    const env = time.env;
    const advance = (ms: number): void => time.advance(ms);
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
    };
    const posted: FromWorker[] = [];
    let handler: (m: ToWorker) => void = () => {};
    const port: Port<ToWorker, FromWorker> = { post: (m) => void posted.push(m), onMessage: (h) => void (handler = h) };
    runGameWorker(port, env, TEST_OPTIONS);
    handler({ type: 'load', wasm: crashing.slice().buffer, seed: 5 });
    await settle();
    handler({ type: 'record-start', seed: 9, gamePath: 'keytrap.wasm' });
    await settle();
    advance(20 * TICK_MS + 0.01);
    handler({ type: 'key', code: 32, down: true });
    advance(5 * TICK_MS);
    const stopped = posted.find((m) => m.type === 'stopped');
    expect(stopped).toMatchObject({ info: { kind: 'trap' } });
    const frames = posted.filter((m) => m.type === 'record-stopped');
    expect(frames).toHaveLength(1);
    const text = posted.flatMap((m) => (m.type === 'record-chunk' ? [m.text] : [])).join('');
    const rec = parseRecording(text);
    expect(rec.trailer).toBeDefined();
    expect(rec.stop).toMatchObject({ kind: 'trap', frame: rec.frames.length + 1, input: [{ code: 32, down: true }] });

    // attached to a bug report: arcade replay reproduces it
    const out = file('app-crash.rec', text);
    for (const engine of engines) {
      const r = await replayFile({ game, recording: out, engine, extras: TEST_OPTIONS });
      expect(r.result.ok, r.report).toBe(true);
      expect(r.result.stopReproduced).toBe(true);
    }

    // and the app's own replay of it ends reporting the reproduced stop
    posted.length = 0;
    handler({ type: 'replay', recording: text, name: 'app-crash.rec' });
    await settle();
    advance((rec.frames.length + 5) * TICK_MS);
    const ended = posted.find((m) => m.type === 'replay-ended');
    expect(ended).toMatchObject({ ok: true, complete: true });
    expect(ended && 'report' in ended ? ended.report : '').toMatch(/stops again as recorded, with a trap/);
  });
});
