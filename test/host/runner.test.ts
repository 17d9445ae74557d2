import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE, type FromWorker, type Port, type ToWorker } from '../../src/host/protocol';
import { MAX_CATCH_UP_TICKS, runGameWorker, TICK_MS, type GameRunner } from '../../src/host/runner';
import { SessionStopped } from '../../src/host/session';
import { visitDrawList } from '../../src/host/drawlist';
import { compileWat, fixture } from '../fixtures/compile';
import { TEST_OPTIONS } from './engines';
import { FakeTime } from '../support/fake-time';

function setup() {
  const time = new FakeTime();
  const posted: { message: FromWorker; transfer?: ArrayBuffer[] }[] = [];
  let handler: (m: ToWorker) => void = () => {};
  const port: Port<ToWorker, FromWorker> = {
    post: (message, transfer) => posted.push({ message, transfer }),
    onMessage: (h) => {
      handler = h;
    },
  };
  const runner = runGameWorker(port, time.env, TEST_OPTIONS);
  const send = (m: ToWorker) => handler(m);
  const frames = () => posted.filter((p) => p.message.type === 'frame').map((p) => p.message as Extract<FromWorker, { type: 'frame' }>);
  const of = <T extends FromWorker['type']>(type: T) => posted.filter((p) => p.message.type === type).map((p) => p.message as Extract<FromWorker, { type: T }>);
  return { time, posted, runner, send, frames, of };
}

/** Loads a game and waits for the (async) load to finish. */
async function load(ctx: ReturnType<typeof setup>, wasm: Uint8Array, seed = 1) {
  ctx.send({ type: 'load', wasm: wasm.slice().buffer, seed });
  await waitFor(() => ctx.posted.some((p) => p.message.type === 'loaded' || p.message.type === 'stopped'));
}

async function waitFor(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('runGameWorker', () => {
  it('loads a game, posts loaded then the init logs, and ticks at 60 Hz', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    expect(ctx.posted[0].message).toEqual({ type: 'loaded', meta: { abi: 1, title: 'Probe', width: 320, height: 240, author: 'host tests' }, engine: DEFAULT_ENGINE, profile: 'native', createMs: expect.any(Number), kept: false });
    expect(ctx.posted[1].message).toEqual({ type: 'log', frame: 0, message: 'init' });
    // the first frame is due at once (the first picture waits for no tick), then one every TICK_MS
    ctx.time.advance(0);
    expect(ctx.frames().map((f) => f.frame)).toEqual([1]);
    ctx.time.advance(1000);
    const frames = ctx.frames();
    expect(frames.length).toBeGreaterThanOrEqual(60);
    expect(frames.length).toBeLessThanOrEqual(61);
    expect(frames.map((f) => f.frame)).toEqual(frames.map((_, i) => i + 1));
    // draw lists are copied, never transferred: a transfer detaches a buffer,
    // which slows V8's DataView access (the JIT's memory) in the whole worker
    const first = ctx.posted.find((p) => p.message.type === 'frame')!;
    expect(first.transfer ?? []).toEqual([]);
  });

  it('does not drift: ticks are scheduled against absolute times', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    for (let i = 0; i < 600; i++) ctx.time.advance(1000 / 60 + 0.01 * (i % 3)); // jittery calls
    expect(ctx.frames().length).toBeGreaterThanOrEqual(600);
    expect(ctx.frames().length).toBeLessThanOrEqual(602);
  });

  it('catches up at most a few ticks after a stall, never spiralling', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.time.advance(TICK_MS * 1.5);
    const before = ctx.frames().length;
    // The event loop was blocked for 2 s: the next timer fires late.
    ctx.time.t += 2000;
    ctx.time.advance(0);
    expect(ctx.frames().length - before).toBe(MAX_CATCH_UP_TICKS);
    const after = ctx.frames().length;
    ctx.time.advance(1000);
    expect(ctx.frames().length - after).toBeLessThanOrEqual(61);
  });

  it('queues keys for the next frame', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.send({ type: 'key', code: 32, down: true });
    ctx.time.advance(TICK_MS);
    expect(ctx.of('log').map((l) => [l.frame, l.message])).toEqual([
      [0, 'init'],
      [1, 'space down'],
    ]);
  });

  it('pauses, steps single frames, resumes and changes speed', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.send({ type: 'pause' });
    expect(ctx.time.pending).toBe(0);
    ctx.time.advance(1000);
    expect(ctx.frames()).toHaveLength(0);
    ctx.send({ type: 'step' });
    ctx.send({ type: 'step' });
    expect(ctx.frames().map((f) => f.frame)).toEqual([1, 2]);
    ctx.send({ type: 'resume' });
    ctx.send({ type: 'speed', factor: 4 });
    ctx.time.advance(TICK_MS * 10 + 0.01);
    expect(ctx.frames()).toHaveLength(2 + 40);
    ctx.send({ type: 'speed', factor: 0.5 });
    ctx.time.advance(TICK_MS * 10 + 0.01);
    expect(ctx.frames()).toHaveLength(2 + 40 + 5);
  });

  it('yields after MAX_TICK_WORK_MS of frames even at top speed', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.send({ type: 'speed', factor: 64 });
    ctx.time.tickPerCall = 1; // every clock read costs 1 ms: a frame takes a few ms
    ctx.time.advance(TICK_MS + 0.01);
    const n = ctx.frames().length;
    expect(n).toBeGreaterThan(5);
    expect(n).toBeLessThan(64);
    expect(ctx.time.pending).toBe(1); // and it keeps going
  });

  it('restarts with a new seed', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'), 1);
    ctx.time.advance(TICK_MS * 3);
    const runner: GameRunner<number> = ctx.runner;
    const first = runner.current!;
    ctx.send({ type: 'restart', seed: 99 });
    await waitFor(() => ctx.of('loaded').length === 2);
    expect(runner.current).not.toBe(first);
    expect(runner.current!.seed).toBe(99);
    const n = ctx.frames().length;
    ctx.time.advance(TICK_MS);
    expect(ctx.frames()[n].frame).toBe(1);
  });

  it('runs a game restarted or loaded while paused (the pause belonged to the old game)', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.send({ type: 'pause' });
    ctx.send({ type: 'restart', seed: 7 });
    await waitFor(() => ctx.of('loaded').length === 2);
    expect(ctx.runner.isPaused).toBe(false);
    ctx.time.advance(TICK_MS * 2 + 0.01);
    expect(ctx.frames().map((f) => f.frame)).toEqual([1, 2, 3]);
  });

  it('posts stopped for a load failure and for a contract breach', async () => {
    const ctx = setup();
    await load(ctx, new TextEncoder().encode('nope'));
    expect(ctx.of('stopped')[0].info.kind).toBe('load');

    const ctx2 = setup();
    await load(ctx2, compileWat('(module (memory (export "memory") 1))', 'abi=1\ntitle=X\nwidth=64\nheight=64\n'));
    expect(ctx2.of('stopped')[0].info).toEqual({ kind: 'contract', message: expect.stringMatching(/^the game breaks the ABI in 4 ways:\n {2}- game does not export `update`/) });
  });

  it('posts stopped with the stack when the game traps, and stops ticking', async () => {
    const ctx = setup();
    await load(ctx, fixture('trap'));
    ctx.time.advance(1000);
    expect(ctx.frames()).toHaveLength(1);
    const [stopped] = ctx.of('stopped');
    expect(stopped.info.kind).toBe('trap');
    expect(stopped.info.frame).toBe(2);
    expect(stopped.info.wasmStack?.[0]).toMatch(/^explode/);
    expect(ctx.time.pending).toBe(0);
    expect(() => ctx.runner.current!.step()).toThrow(SessionStopped);
  });
});

describe('runGameWorker recording and replay', () => {
  it('records from a restart and replays the recording to the end, then pauses', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.time.advance(TICK_MS * 5);
    ctx.send({ type: 'record-start', seed: 77 });
    await waitFor(() => ctx.of('record-started').length === 1);
    expect(ctx.runner.current!.seed).toBe(77);
    ctx.send({ type: 'key', code: 65, down: true });
    ctx.time.advance(TICK_MS * 10 + 0.01);
    ctx.send({ type: 'key', code: 32, down: true });
    ctx.time.advance(TICK_MS * 10 + 0.01);
    ctx.send({ type: 'record-stop' });
    const stopped = ctx.of('record-stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0].frames).toBeGreaterThanOrEqual(19);
    const text = ctx.of('record-chunk').map((c) => c.text).join('');

    const replay = setup();
    await load(replay, fixture('probe'));
    replay.send({ type: 'replay', recording: text, name: 'probe.rec' });
    await waitFor(() => replay.of('replay-started').length === 1);
    replay.send({ type: 'key', code: 66, down: true }); // ignored while replaying
    replay.send({ type: 'speed', factor: 8 });
    replay.time.advance(1000);
    const [ended] = replay.of('replay-ended');
    expect(ended).toMatchObject({ ok: true, complete: true, frames: stopped[0].frames });
    expect(replay.of('replay-diverged')).toEqual([]);
    expect(replay.runner.isPaused).toBe(true);
    expect(replay.runner.current!.frame).toBe(stopped[0].frames);
  });
});

describe('runGameWorker: save data', () => {
  // A WASM-4 cart that counts its runs on its 1 KiB disk and traces the count.
  const counter = compileWat(
    `(module (import "env" "memory" (memory 1 1))
      (import "env" "diskr" (func $diskr (param i32 i32) (result i32)))
      (import "env" "diskw" (func $diskw (param i32 i32) (result i32)))
      (import "env" "tracef" (func $tracef (param i32 i32)))
      (data (i32.const 0x4000) "run %d\\00")
      (func (export "start")
        (drop (call $diskr (i32.const 0x5000) (i32.const 4)))
        (i32.store (i32.const 0x5000) (i32.add (i32.load (i32.const 0x5000)) (i32.const 1)))
        (drop (call $diskw (i32.const 0x5000) (i32.const 4)))
        (call $tracef (i32.const 0x4000) (i32.const 0x5000))))`,
    null,
  );

  it('sends the save data as a frame event when the game writes it, keeps it across restarts and takes it back with load', async () => {
    const ctx = setup();
    await load(ctx, counter);
    ctx.time.advance(50);
    ctx.send({ type: 'restart', seed: 2 });
    await waitFor(() => ctx.of('loaded').length === 2);
    ctx.time.advance(50);
    expect(ctx.of('log').map((l) => l.message)).toEqual(['run 1', 'run 2']);
    const saves: number[][] = [];
    const noop = () => {};
    for (const f of ctx.of('frame')) {
      visitDrawList(f.drawList, { clear: noop, rect: noop, circle: noop, line: noop, text: noop, triangle: noop, framebuffer: noop, tone: noop, save: (b) => saves.push([...b]) });
    }
    expect(saves).toEqual([
      [1, 0, 0, 0],
      [2, 0, 0, 0],
    ]);
    // the app hands the stored save back with the next load
    const again = setup();
    again.send({ type: 'load', wasm: counter.slice().buffer, seed: 1, save: new Uint8Array([7, 0, 0, 0]).buffer });
    await waitFor(() => again.of('loaded').length === 1);
    again.time.advance(50);
    expect(again.of('log').map((l) => l.message)).toEqual(['run 8']);
  });

  it('with saveFollows, runs none of the game before its save comes, then starts with it', async () => {
    const ctx = setup();
    ctx.send({ type: 'load', wasm: counter.slice().buffer, seed: 1, epoch: 4, saveFollows: true });
    // (had the game started, it would have said so: loaded, then its log at its first frame)
    await new Promise((r) => setTimeout(r, 200));
    ctx.time.advance(50);
    expect(ctx.posted.map((p) => p.message.type)).toEqual([]);
    ctx.send({ type: 'save', epoch: 3, save: new Uint8Array([40, 0, 0, 0]).buffer }); // an earlier load's: ignored
    ctx.send({ type: 'save', epoch: 4, save: new Uint8Array([7, 0, 0, 0]).buffer });
    await waitFor(() => ctx.of('loaded').length === 1);
    ctx.time.advance(50);
    expect(ctx.of('log').map((l) => l.message)).toEqual(['run 8']);
    // a restart keeps what the game saved since
    ctx.send({ type: 'restart', seed: 2 });
    await waitFor(() => ctx.of('loaded').length === 2);
    ctx.time.advance(50);
    expect(ctx.of('log').map((l) => l.message)).toEqual(['run 8', 'run 9']);
  });

  it('with saveFollows and no stored save, the game starts without one; a load replaced before its save never runs', async () => {
    const ctx = setup();
    ctx.send({ type: 'load', wasm: counter.slice().buffer, seed: 1, epoch: 1, save: new Uint8Array([50, 0, 0, 0]).buffer });
    await waitFor(() => ctx.of('loaded').length === 1);
    ctx.time.advance(50);
    // the next game's load is replaced (another click) before its save came
    ctx.send({ type: 'load', wasm: counter.slice().buffer, seed: 1, epoch: 2, saveFollows: true });
    ctx.send({ type: 'load', wasm: counter.slice().buffer, seed: 1, epoch: 3, saveFollows: true });
    ctx.send({ type: 'save', epoch: 3 });
    await waitFor(() => ctx.of('loaded').length === 2);
    await new Promise((r) => setTimeout(r, 100));
    ctx.time.advance(50);
    // run 51 from the first load; the second never ran; the third had no save: run 1, not the first game's 52
    expect(ctx.of('log').map((l) => l.message)).toEqual(['run 51', 'run 1']);
    expect(ctx.of('loaded').map((m) => m.epoch)).toEqual([1, 3]);
  });
});

describe('back-pressure (ackFrames)', () => {
  // A v2 game that draws a rect and plays a note every frame: every frame has events.
  const noisy = compileWat(
    `(module
      (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
      (import "env" "tone" (func $tone (param i32 i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32)))
      (memory (export "memory") 1)
      (func (export "update") (param f32)
        (call $tone (i32.const 0) (i32.const 0) (f32.const 440) (f32.const 440) (f32.const 0.1) (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const 0) (f32.const 0.5)))
      (func (export "draw") (call $rect (f32.const 1) (f32.const 2) (f32.const 3) (f32.const 4) (i32.const -1)))
      (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
    'abi=2\ntitle=T\nwidth=64\nheight=64\n',
  );

  it('sends at most one unacknowledged frame while the game ticks on at 60 Hz, and the newest one on `drawn`', async () => {
    const ctx = setup();
    ctx.send({ type: 'load', wasm: noisy.slice().buffer, seed: 1, ackFrames: true });
    await waitFor(() => ctx.posted.some((p) => p.message.type === 'loaded'));
    ctx.time.advance(1000);
    expect(ctx.runner.frameStats.run).toBeGreaterThanOrEqual(59);
    expect(ctx.frames().map((f) => f.frame)).toEqual([1]);
    // Every kept frame's note reached the page at once, as an events-only list (no drawing in it).
    const events = ctx.of('events');
    expect(events.map((e) => e.frame)).toEqual(Array.from({ length: ctx.runner.frameStats.run - 1 }, (_, i) => i + 2));
    const kinds: string[] = [];
    visitDrawList(events[0].drawList, {
      clear: () => kinds.push('clear'), rect: () => kinds.push('rect'), circle: () => {}, line: () => {}, text: () => {}, triangle: () => {}, framebuffer: () => {}, tone: () => {},
      note: () => kinds.push('note'),
    });
    expect(kinds).toEqual(['note']);
    ctx.send({ type: 'drawn' });
    const latest = ctx.frames().at(-1)!;
    expect(latest.frame).toBe(ctx.runner.frameStats.run);
    expect(latest.eventsSent).toBe(true);
    expect(ctx.runner.frameStats.posted).toBe(2);
    // Without acknowledgements nothing more is sent; with them, one frame per `drawn`.
    ctx.time.advance(500);
    expect(ctx.frames()).toHaveLength(2);
    ctx.send({ type: 'drawn' });
    expect(ctx.frames()).toHaveLength(3);
  });

  it('a page that does not ask for acks gets every frame', async () => {
    const ctx = setup();
    await load(ctx, noisy);
    ctx.time.advance(1000);
    expect(ctx.frames().length).toBe(ctx.runner.frameStats.run);
    expect(ctx.of('events')).toEqual([]);
  });
});

describe('epochs: one worker for thumbnails and the game the player picks', () => {
  it('stamps every message with the epoch of the last load, ignores a late `drawn` of an earlier one, and starts each load at real time', async () => {
    const ctx = setup();
    // a thumbnail: epoch 1, fast-forwarded
    ctx.send({ type: 'load', wasm: fixture('probe').slice().buffer, seed: 1, epoch: 1 });
    await waitFor(() => ctx.posted.some((p) => p.message.type === 'loaded'));
    ctx.send({ type: 'speed', factor: 16 });
    ctx.time.advance(TICK_MS * 2 + 0.01);
    expect(ctx.frames().length).toBeGreaterThanOrEqual(32);
    expect(ctx.posted.every((p) => p.message.epoch === 1)).toBe(true);
    // the player's game: epoch 2, with acknowledgements
    const before = ctx.posted.length;
    ctx.send({ type: 'load', wasm: fixture('probe').slice().buffer, seed: 2, epoch: 2, ackFrames: true });
    await waitFor(() => ctx.posted.slice(before).some((p) => p.message.type === 'loaded'));
    const mine = () => ctx.posted.slice(before).map((p) => p.message);
    expect(mine().every((m) => m.epoch === 2)).toBe(true);
    ctx.time.advance(1000);
    // real time again: ~60 frames run (not 16×), one of them sent and waiting for its `drawn`
    const run = ctx.runner.frameStats.run;
    expect(run).toBeGreaterThanOrEqual(59);
    expect(run).toBeLessThanOrEqual(61);
    expect(mine().filter((m) => m.type === 'frame')).toHaveLength(1);
    // the page's answer to a thumbnail frame, arriving late, frees nothing
    ctx.send({ type: 'drawn', epoch: 1 });
    expect(mine().filter((m) => m.type === 'frame')).toHaveLength(1);
    ctx.send({ type: 'drawn', epoch: 2 });
    expect(mine().filter((m) => m.type === 'frame')).toHaveLength(2);
    expect(mine().every((m) => m.epoch === 2)).toBe(true);
  });

  it('posts no epoch for a load without one (the CLI and tests)', async () => {
    const ctx = setup();
    await load(ctx, fixture('probe'));
    ctx.time.advance(100);
    expect(ctx.posted.length).toBeGreaterThan(2);
    expect(ctx.posted.every((p) => !('epoch' in p.message))).toBe(true);
  });
});
