// In-app recording and replay through the real game worker loop
// (runGameWorker) on the Mover test game, driven by a fake clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FromWorker, Port, ToWorker } from '../../src/host/protocol';
import { runGameWorker, TICK_MS } from '../../src/host/runner';
import { parseRecording } from '../../src/host/recording';
import { compileWat } from '../fixtures/compile';
import { TEST_OPTIONS } from '../host/engines';
import { FakeTime } from '../support/fake-time';

const here = new URL('.', import.meta.url).pathname;
const source = readFileSync(join(here, 'games/mover.wat'), 'utf8');
const game = compileWat(source);
const changed = compileWat(source.replace('(f32.const 120)', '(f32.const 126)'));

function worker() {
  const time = new FakeTime();
  const env = time.env;
  const advance = (ms: number): void => time.advance(ms);
  const posted: FromWorker[] = [];
  let handler: (m: ToWorker) => void = () => {};
  const port: Port<ToWorker, FromWorker> = { post: (m) => void posted.push(m), onMessage: (h) => void (handler = h) };
  const runner = runGameWorker(port, env, TEST_OPTIONS);
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const of = <T extends FromWorker['type']>(type: T) => posted.filter((m) => m.type === type) as Extract<FromWorker, { type: T }>[];
  return { send: (m: ToWorker) => handler(m), advance, settle, posted, of, runner };
}

const frames = (n: number): number => n * TICK_MS + 0.01;

describe('recording and replay in the game worker', () => {
  it('records from a restart, then replays the recording with pause, single-step and fast-forward', async () => {
    const w = worker();
    w.send({ type: 'load', wasm: game.slice().buffer, seed: 3 });
    await w.settle();
    w.advance(frames(20)); // some live play first: not recorded
    w.send({ type: 'record-start', seed: 77 });
    await w.settle();
    expect(w.of('record-started')).toEqual([{ type: 'record-started', seed: 77 }]);
    w.advance(frames(10));
    w.send({ type: 'key', code: 39, down: true });
    w.advance(frames(15));
    w.send({ type: 'key', code: 39, down: false });
    w.advance(frames(10));
    w.send({ type: 'record-stop' });
    const text = w.of('record-chunk').map((m) => m.text).join('');
    const rec = parseRecording(text);
    expect(rec.trailer).toBeDefined();
    expect(rec.header.seed).toBe(77);
    expect(rec.frames.length).toBe(w.of('record-stopped')[0].frames);
    expect(rec.frames.length).toBeGreaterThanOrEqual(34);
    expect(rec.frames.some((f) => f.input.length > 0)).toBe(true);

    const r = worker();
    r.send({ type: 'load', wasm: game.slice().buffer, seed: 3 });
    await r.settle();
    r.send({ type: 'replay', recording: text, name: 'mover.rec' });
    await r.settle();
    expect(r.of('replay-started')[0]).toMatchObject({ total: rec.frames.length, title: 'Mover' });
    r.send({ type: 'pause' });
    r.send({ type: 'step' });
    r.send({ type: 'step' });
    expect(r.of('frame').at(-1)?.frame).toBe(2);
    r.send({ type: 'key', code: 37, down: true }); // ignored while replaying
    r.send({ type: 'speed', factor: 8 });
    r.send({ type: 'resume' });
    r.advance(frames(10));
    const ended = r.of('replay-ended');
    expect(ended).toEqual([expect.objectContaining({ ok: true, complete: true, frames: rec.frames.length })]);
    expect(r.runner.isPaused).toBe(true);
    expect(r.of('replay-diverged')).toEqual([]);
  });

  it('shows where a changed game diverges, and refuses another build unless asked', async () => {
    const w = worker();
    w.send({ type: 'load', wasm: game.slice().buffer, seed: 3 });
    await w.settle();
    w.send({ type: 'record-start', seed: 5 });
    await w.settle();
    w.advance(frames(5));
    w.send({ type: 'key', code: 39, down: true });
    w.advance(frames(20));
    w.send({ type: 'record-stop' });
    const text = w.of('record-chunk').map((m) => m.text).join('');

    const r = worker();
    r.send({ type: 'load', wasm: changed.slice().buffer, seed: 3 });
    await r.settle();
    r.send({ type: 'replay', recording: text });
    await r.settle();
    expect(r.of('replay-error')[0].message).toMatch(/another build of 'Mover'.*"replay anyway"/);
    r.send({ type: 'replay', recording: text, anyBuild: true });
    await r.settle();
    r.advance(frames(40));
    const d = r.of('replay-diverged');
    expect(d.length).toBe(1);
    // paused on the divergent frame: it is the last one drawn
    expect(r.runner.isPaused).toBe(true);
    expect(r.of('frame').at(-1)?.frame).toBe(d[0].frame);
    r.send({ type: 'resume' });
    r.advance(frames(40));
    expect(d[0].report).toMatch(/frame \d+ is the first frame whose draw list differs/);
    expect(d[0].report).toMatch(/expected draw_rect\(.*\n\s+got draw_rect\(/);
    expect(r.of('replay-ended')[0]).toMatchObject({ ok: false, complete: true });
  });
});
