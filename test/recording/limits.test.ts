// A recording stores the user's resource-limit overrides (`limits:` header,
// docs/recording.md) and a replay runs under them; `--limit` on `arcade
// replay` overrides the stored ones and says so; the app's worker records the
// overrides its session ran with and replays a recording under its limits.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FromWorker, Port, ToWorker } from '../../src/host/protocol';
import { runGameWorker, TICK_MS } from '../../src/host/runner';
import { parseRecording, RecordingWriter } from '../../src/host/recording';
import { newHeader } from '../../src/host/recording/writer';
import { compileWat } from '../fixtures/compile';
import { TEST_OPTIONS } from '../host/engines';
import { FakeTime } from '../support/fake-time';
import { arcade } from '../support/cli';

const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'arcade-rec-limits-'));
const wasm = compileWat(readFileSync(join(here, 'games/grower.wat'), 'utf8'));
const game = join(dir, 'grower.wasm');
writeFileSync(game, wasm);
const script = join(dir, 'sixty.script');
writeFileSync(script, 'wait 60\n');

describe('the limits: header', () => {
  it('round-trips through the writer and the parser, in LIMIT_KEYS order; absent means none', () => {
    const header = newHeader({
      title: 'T', gameSha256: 'a'.repeat(64), gameSize: 1, abi: 1, seed: 1, dt: { num: 1, den: 60 }, width: 320, height: 240,
      memoryEvery: 300, draws: 'delta', checksum: 'xx4x32', limits: { 'max-text-bytes': 1024, memory_mib: 64 },
    });
    let text = '';
    const w = new RecordingWriter(header, (c) => (text += c));
    w.finish('00000000');
    expect(text).toContain('\nlimits: memory_mib=64 max-text-bytes=1024\n');
    expect(parseRecording(text).header.limits).toEqual({ memory_mib: 64, 'max-text-bytes': 1024 });
    const without = text.replace(/^limits: .*\n/m, '');
    expect(parseRecording(without).header.limits).toBeUndefined();
  });
});

describe('arcade record / replay --limit', () => {
  const stopped = join(dir, 'stopped.rec');
  it('records under a lowered limit: the header keeps it, and the recording ends with the limit stop', async () => {
    const r = await arcade('record', game, script, '-o', stopped, '--limit', 'max-draw-commands=40');
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain('limit: draw commands 41 per frame exceeds 40 (in frame 41');
    const text = readFileSync(stopped, 'utf8');
    expect(text).toMatch(/^limits: max-draw-commands=40$/m);
    const rec = parseRecording(text);
    expect(rec.frames).toHaveLength(40);
    expect(rec.stop).toMatchObject({ frame: 41, kind: 'limit' });
  });

  it('replays it under the stored limit, saying so (the stop happens again)', async () => {
    const r = await arcade('replay', game, stopped);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('note: replaying under the limits the recording was made with: max-draw-commands=40');
    expect(r.out).toContain('frame 41 stops again as recorded, with a limit: limit: draw commands 41 per frame exceeds 40');
  });

  it('without the stored limit the same recording would not replay: the header is what makes it reproducible', async () => {
    const bare = join(dir, 'bare.rec');
    writeFileSync(bare, readFileSync(stopped, 'utf8').replace(/^limits: .*\n/m, ''));
    const r = await arcade('replay', game, bare);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/recording ends with a limit at frame 41; this build ran frame 41 without stopping/);
  });

  it('--limit on replay overrides the stored limit and says so', async () => {
    const r = await arcade('replay', game, stopped, '--limit', 'max-draw-commands=1000');
    expect(r.code).toBe(1);
    expect(r.err).toContain("note: --limit max-draw-commands=1000 overrides the recording's max-draw-commands=40: frames that depend on it may differ");
    expect(r.err).toMatch(/this build ran frame 41 without stopping/);
  });

  it('a raised limit is stored too; a lower --limit on replay stops the game where the recording goes on', async () => {
    const raised = join(dir, 'raised.rec');
    const r = await arcade('record', game, script, '-o', raised, '--limit=max-draw-commands=100', '--limit', 'max-text-bytes=64');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(raised, 'utf8')).toMatch(/^limits: max-draw-commands=100 max-text-bytes=64$/m);
    expect((await arcade('replay', game, raised)).code).toBe(0);
    const low = await arcade('replay', game, raised, '--limit', 'max-draw-commands=50', '--limit', 'memory_mib=16');
    expect(low.code).toBe(1);
    expect(low.err).toContain("note: replaying under the limits the recording was made with: max-text-bytes=64");
    expect(low.err).toContain("note: --limit max-draw-commands=50 overrides the recording's max-draw-commands=100");
    expect(low.err).toContain("note: --limit memory_mib=16 overrides the recording's (it was made under the game's own memory_mib)");
    expect(low.err).toMatch(/the game stopped at frame 51 while the recording goes on to frame 60: limit: draw commands 51 per frame exceeds 50/);
  });

  it('--update keeps the limits the run had: the stored ones, or what --limit set over them', async () => {
    const copy = join(dir, 'update.rec');
    writeFileSync(copy, readFileSync(stopped, 'utf8'));
    const r = await arcade('replay', game, copy, '--update', '--limit', 'max-draw-commands=45');
    expect(r.code, r.err).toBe(0);
    const rec = parseRecording(readFileSync(copy, 'utf8'));
    expect(rec.header.limits).toEqual({ 'max-draw-commands': 45 });
    // frame 41 no longer stops: --update writes it as an ordinary frame and ends the recording there
    expect(rec.frames).toHaveLength(41);
    expect(rec.stop).toBeUndefined();
    expect((await arcade('replay', game, copy)).code).toBe(0);
  });

  it('rejects a bad --limit as a usage error, and a malformed stored one naming the line and field', async () => {
    const bad = await arcade('replay', game, stopped, '--limit', 'max-draw-commands=0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('limit max-draw-commands must be a whole number from 1 to 1000000, got 0');
    const broken = join(dir, 'broken-limits.rec');
    const text = readFileSync(stopped, 'utf8').replace(/^limits: .*$/m, 'limits: max-draw-commands=40 max-sprites=3');
    writeFileSync(broken, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('limits:')) + 1;
    const r = await arcade('replay', game, broken);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`arcade replay: ${broken}:${line}:30: header field 'limits' should be resource-limit overrides 'KEY=N ...' (docs/abi.md, "Resource limits"): 'max-sprites=3': unknown limit 'max-sprites' (known: memory_mib, max-draw-commands, max-text-bytes, max-image-bytes, max-audio-bytes)`);
  });
});

function worker() {
  const time = new FakeTime();
  const posted: FromWorker[] = [];
  let handler: (m: ToWorker) => void = () => {};
  const port: Port<ToWorker, FromWorker> = { post: (m) => void posted.push(m), onMessage: (h) => void (handler = h) };
  const runner = runGameWorker(port, time.env, TEST_OPTIONS);
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const of = <T extends FromWorker['type']>(type: T) => posted.filter((m) => m.type === type) as Extract<FromWorker, { type: T }>[];
  return { send: (m: ToWorker) => handler(m), advance: (ms: number) => time.advance(ms), settle, of, runner };
}

describe('in the app (the game worker)', () => {
  it('replays a recording under its stored limits, and a recording made afterwards stores the overrides its session ran with', async () => {
    const text = readFileSync(join(dir, 'stopped.rec'), 'utf8');
    const w = worker();
    w.send({ type: 'load', wasm: wasm.slice().buffer, seed: 1 });
    await w.settle();
    w.send({ type: 'replay', recording: text, name: 'stopped.rec' });
    await w.settle();
    w.advance(45 * TICK_MS + 0.01);
    expect(w.of('replay-ended')).toEqual([expect.objectContaining({ ok: true, complete: true, frames: 41 })]);
    expect(w.of('stopped').at(-1)?.info).toMatchObject({ kind: 'limit', frame: 41 });

    // A recording started now restarts the game without the replay's limits: the app sets none of its own.
    w.send({ type: 'record-start', seed: 5 });
    await w.settle();
    w.advance(45 * TICK_MS + 0.01);
    w.send({ type: 'record-stop' });
    const recorded = parseRecording(w.of('record-chunk').map((m) => m.text).join(''));
    expect(recorded.header.limits).toBeUndefined();
    expect(recorded.stop).toBeUndefined();
    expect(recorded.frames.length).toBeGreaterThan(41);
  });
});

describe('draws: none recordings made under limits', () => {
  it('re-run the recorded build under the recording\'s limits to show the expected calls', async () => {
    const source = readFileSync(join(here, 'games/memgrow.wat'), 'utf8');
    const recorded = join(dir, 'memgrow.wasm');
    writeFileSync(recorded, compileWat(source));
    const changed = join(dir, 'memgrow-changed.wasm');
    const changedSource = source.replace('(i32.const 0x00ff00ff)', '(i32.const 0xff0000ff)');
    expect(changedSource).not.toBe(source);
    writeFileSync(changed, compileWat(changedSource));
    const rec = join(dir, 'memgrow.rec');
    const twenty = join(dir, 'twenty.script');
    writeFileSync(twenty, 'wait 20\n');
    const r = await arcade('record', recorded, twenty, '-o', rec, '--draws', 'none', '--limit', 'memory_mib=16');
    expect(r.code, r.err).toBe(0);
    const replay = await arcade('replay', changed, rec, '--pictures', join(dir, 'memgrow-pictures'));
    expect(replay.code).toBe(1);
    expect(replay.err).toContain('frame 10 is the first frame whose draw list differs');
    expect(replay.err).toContain(`(expected calls from the recorded build, ${recorded})`);
    // Under the recording's 16 MiB the recorded build's memory.grow is refused by frame 10 (a rect -1 wide), as in
    // this run: only the marker's colour differs. Under the default limit it would show a second, false difference.
    expect(replay.err).toContain('1 differing call (expected 2 calls, got 2):');
    expect(replay.err).toMatch(/frame 10, call 1: expected draw_rect\(0, 10, 4, 4, #00ff00ff\)\n +got draw_rect\(0, 10, 4, 4, #ff0000ff\)/);
  });
});
