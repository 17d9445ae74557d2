// The replayer over a fake session (no engine needed): pinpointing, memory
// checkpoints, stops, --update output; and the app's live record/replay control.
import { describe, expect, it } from 'vitest';
import { visitDrawList } from '../../src/host/drawlist';
import { formatReplayReport, LiveRecordingControl, parseRecording, RecordingWriter, replayRecording } from '../../src/host/recording';
import type { LiveSession } from '../../src/host/recording';
import type { FromWorker } from '../../src/host/protocol';
import { FakeSession, recordFake } from './fake-session';

const SCRIPT = 'wait 5\nhold ArrowRight 20\nwait 3\ntap ArrowLeft\nuntil 40\n';

describe('replayRecording', () => {
  it('passes on the same game', () => {
    const rec = parseRecording(recordFake(SCRIPT));
    const r = replayRecording(rec, new FakeSession(7), { decode: visitDrawList });
    expect(r.ok).toBe(true);
    expect(r.framesRun).toBe(40);
    expect(formatReplayReport(r, { source: 'x.rec' })).toBe('x.rec: 40 frames replayed, every draw list and memory checkpoint matches');
  });

  it('names the first divergent frame, the differing call and the input before it', () => {
    const rec = parseRecording(recordFake(SCRIPT), { source: 'x.rec' });
    const r = replayRecording(rec, new FakeSession(7, 1), { decode: visitDrawList });
    expect(r.ok).toBe(false);
    expect(r.draw?.frame).toBe(6); // the first frame the paddle moves
    expect(r.framesRun).toBe(6);
    expect(r.draw?.calls).toEqual([{ index: 5, expected: 'rect 102 220 40 8 #ffffffff', actual: 'rect 102.166664 220 40 8 #ffffffff' }]);
    const report = formatReplayReport(r, { source: 'x.rec' });
    expect(report).toContain(`x.rec:${rec.frames[5].line}: frame 6 is the first frame whose draw list differs`);
    expect(report).toContain('frame 6, call 5: expected draw_rect(102, 220, 40, 8, #ffffffff)');
    expect(report).toContain('got draw_rect(102.166664, 220, 40, 8, #ffffffff)');
    expect(report).toContain('input up to frame 6 (1 event): 6:+ArrowRight');
  });

  it('brackets a memory divergence between checkpoints when run to the end', () => {
    const rec = parseRecording(recordFake(SCRIPT));
    const r = replayRecording(rec, new FakeSession(7, 1), { decode: visitDrawList, runToEnd: true });
    expect(r.framesRun).toBe(40);
    expect(r.memory).toMatchObject({ frame: 10, lastGood: 0 });
    expect(formatReplayReport(r)).toMatch(/linear memory first differs at checkpoint frame 10 .*still matched after init/);
  });

  it('reports a difference only in memory, after looking on for one that is drawn', () => {
    const rec = parseRecording(recordFake(SCRIPT));
    const r = replayRecording(rec, new FakeSession(7, 2), { decode: visitDrawList });
    expect(r.ok).toBe(false);
    expect(r.draw).toBeUndefined();
    expect(r.framesRun).toBe(40);
    expect(r.memory).toMatchObject({ frame: 10, lastGood: 0 });
    expect(formatReplayReport(r, { source: 'x.rec' })).toMatch(/^x.rec: linear memory first differs at checkpoint frame 10 \(line \d+\); it still matched after init\(\)/);
  });

  it('reports a game that stops mid-replay', () => {
    const rec = parseRecording(recordFake(SCRIPT));
    const r = replayRecording(rec, new FakeSession(7, 0, 17), { decode: visitDrawList });
    expect(r.stopped).toEqual({ frame: 17, kind: 'trap', message: 'unreachable executed in update (frame 17)' });
    expect(formatReplayReport(r, { source: 'x.rec' })).toMatch(/x.rec: the game stopped at frame 17 while the recording goes on to frame 40: unreachable/);
  });

  it('writes an updated recording with the same input', () => {
    const before = recordFake(SCRIPT);
    const rec = parseRecording(before);
    let out = '';
    const writer = new RecordingWriter(rec.header, (c) => (out += c));
    const r = replayRecording(rec, new FakeSession(7, 1), { decode: visitDrawList, update: writer });
    expect(r.ok).toBe(false);
    expect(out).toBe(recordFake(SCRIPT, { variant: 1 }));
    expect(replayRecording(parseRecording(out), new FakeSession(7, 1), { decode: visitDrawList }).ok).toBe(true);
  });
});

class FakeLive extends FakeSession implements LiveSession {
  readonly meta = { abi: 1, title: 'Fake', width: 320, height: 240 };
  readonly engine = 'interp';
  readonly profile = 'native';
}

/** A minimal stand-in for the runner: one session, restart on request. */
function harness(variant = 0) {
  const posted: FromWorker[] = [];
  let session = new FakeLive(1, variant);
  let paused = false;
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).buffer;
  const control: LiveRecordingControl = new LiveRecordingControl({
    post: (m) => posted.push(m),
    restart: (seed) => {
      session = new FakeLive(seed, variant);
      control.onSession(session, wasm);
    },
    pause: () => (paused = true),
  });
  const run = (frames: number, keys: [number, number, boolean][] = []): void => {
    for (let i = 0; i < frames && !paused; i++) {
      for (const [at, code, down] of keys) if (at === session.frame + 1 && control.acceptsKeys) session.queueKey(code, down);
      control.beforeStep();
      control.afterStep(session.step());
    }
  };
  return { posted, control, run, resume: () => void (paused = false), get paused() { return paused; } };
}

describe('live recording control (app)', () => {
  it('records from a restart, streams one chunk per frame, and the text replays', () => {
    const h = harness();
    h.run(10);
    h.control.handle({ type: 'record-start', seed: 9 }, true);
    h.run(30, [[5, 39, true], [20, 39, false]]);
    h.control.handle({ type: 'record-stop' }, true);
    const started = h.posted.findIndex((m) => m.type === 'record-started');
    expect(started).toBeLessThan(h.posted.findIndex((m) => m.type === 'record-chunk'));
    const chunks = h.posted.filter((m) => m.type === 'record-chunk');
    expect(chunks.length).toBe(1 + 30 + 1); // header, frames, trailer
    expect(h.posted.at(-1)).toEqual({ type: 'record-stopped', frames: 30 });
    const text = chunks.map((m) => (m.type === 'record-chunk' ? m.text : '')).join('');
    const rec = parseRecording(text);
    expect(rec.header.seed).toBe(9);
    expect(rec.frames[4].input).toEqual([{ code: 39, down: true }]);

    // replay it in the app: keys are ignored, it pauses at the end and reports success
    const r = harness();
    r.control.handle({ type: 'replay', recording: text }, true);
    expect(r.posted[0]).toMatchObject({ type: 'replay-started', total: 30, title: 'Fake' });
    r.run(100, [[3, 37, true]]);
    expect(r.paused).toBe(true);
    expect(r.posted.at(-1)).toMatchObject({ type: 'replay-ended', ok: true, complete: true, frames: 30 });

    // on a changed game the first divergence is posted as it happens
    const d = harness(1);
    d.control.handle({ type: 'replay', recording: text, anyBuild: true }, true);
    d.run(100);
    const diverged = d.posted.find((m) => m.type === 'replay-diverged');
    expect(diverged).toMatchObject({ type: 'replay-diverged', frame: 5 });
    expect(d.paused).toBe(true); // stopped on the divergent frame
    expect(d.posted.at(-1)).toBe(diverged);
    d.resume();
    d.run(100);
    expect(d.posted.at(-1)).toMatchObject({ type: 'replay-ended', ok: false, complete: true });
  });

  it('explains a recording it cannot replay', () => {
    const h = harness();
    h.control.handle({ type: 'replay', recording: 'hello\n', name: 'x.rec' }, true);
    expect(h.posted).toEqual([{ type: 'replay-error', message: expect.stringMatching(/^x.rec:1:1: not a Wasm Arcade recording/) }]);
  });
});
