import { describe, expect, it } from 'vitest';
import { hashDrawList } from '../../src/host/drawlist';
import { DEFAULT_ENGINE } from '../../src/host/protocol';
import { GameSession, SessionStopped, type FrameResult } from '../../src/host/session';
import { compileWat, fixture } from '../fixtures/compile';
import { TEST_OPTIONS } from './engines';
import { drawCommands, stepUntilStopped, type Cmd } from './helpers';

const commands = (result: FrameResult): Cmd[] => drawCommands(result.drawList);
/** The probe game draws its key-event hash as the rect's colour. */
const keyHash = (result: FrameResult) => commands(result)[1][5] as number;
const keyStep = (h: number, code: number, down: boolean) => (Math.imul(h, 31) + code * 2 + (down ? 1 : 0)) >>> 0;

const probe = fixture('probe');

function create(seed: number, extra: Partial<Parameters<typeof GameSession.create>[1]> = {}) {
  return GameSession.create(probe, { seed, ...TEST_OPTIONS, ...extra });
}

describe('GameSession', () => {
  it('loads, calls init(width, height, seed) and runs frames numbered from 1', async () => {
    const logs: [number, string][] = [];
    const session = await create(1234, { onLog: (frame, message) => logs.push([frame, message]) });
    expect(session.meta).toEqual({ abi: 1, title: 'Probe', width: 320, height: 240, author: 'host tests' });
    expect(session.seed).toBe(1234);
    expect(session.engine).toBe(DEFAULT_ENGINE);
    expect(session.frame).toBe(0);
    expect(logs).toEqual([[0, 'init']]);

    const first = session.step();
    expect(first.frame).toBe(1);
    expect(session.frame).toBe(1);
    expect(first.input).toEqual([]);
    expect(first.hash).toMatch(/^[0-9a-f]{16}$/);
    const x1 = Math.fround(Math.fround(1 / 60) * 60);
    expect(commands(first)).toEqual([
      ['clear', 0x102030ff],
      ['rect', x1, 34, 10, 10, 0],
      ['circle', 320, 240, 1, 0x00ff00ff],
      ['line', 0, 0, 1.5, 2.5, 1, 0xffffffff],
      ['text', 'hello', 4, 4, 8, 0xffffffff],
      ['text', 'héllo ✓', 4, 20, 8, 0xffffffff],
    ]);
    const second = session.step();
    expect(second.frame).toBe(2);
    expect(commands(second)[2]).toEqual(['circle', 320, 240, 2, 0x00ff00ff]);
    expect(commands(second)[1][1]).toBe(Math.fround(x1 + x1));
  });

  it('accepts the game as an ArrayBuffer or any Uint8Array, including a Node Buffer view', async () => {
    const pooled = Buffer.concat([Buffer.from('padding'), Buffer.from(probe)]).subarray(7);
    for (const wasm of [probe.slice().buffer, pooled]) {
      const session = await GameSession.create(wasm, { seed: 1234, ...TEST_OPTIONS });
      expect(session.meta.title).toBe('Probe');
      expect(session.step().hash).toBe((await create(1234)).step().hash);
    }
  });

  it('passes dt as exactly FIXED_DT in f32', async () => {
    const session = await create(1);
    let x = 0;
    for (let i = 0; i < 120; i++) {
      x = Math.fround(x + Math.fround(Math.fround(1 / 60) * 60));
      expect(commands(session.step())[1][1]).toBe(x);
    }
  });

  it('applies queued keys at the start of the next frame, in order', async () => {
    const session = await create(1);
    session.step();
    session.queueKey(65, true);
    session.queueKey(66, true);
    session.queueKey(65, false);
    expect(session.frame).toBe(1); // nothing ran yet
    const result = session.step();
    expect(result.input).toEqual([
      { code: 65, down: true },
      { code: 66, down: true },
      { code: 65, down: false },
    ]);
    let h = 0;
    h = keyStep(h, 65, true);
    h = keyStep(h, 66, true);
    h = keyStep(h, 65, false);
    expect(keyHash(result)).toBe(h);
    const next = session.step();
    expect(next.input).toEqual([]);
    expect(keyHash(next)).toBe(h);
  });

  it('drops repeated presses of a held key and releases of keys that are not down', async () => {
    const session = await create(1);
    session.queueKey(37, true);
    session.queueKey(37, true);
    session.queueKey(38, false);
    expect(session.step().input).toEqual([{ code: 37, down: true }]);
    session.queueKey(37, true); // still held from the previous frame
    expect(session.step().input).toEqual([]);
    session.queueKey(37, false);
    session.queueKey(37, false);
    session.queueKey(37, true);
    expect(session.step().input).toEqual([
      { code: 37, down: false },
      { code: 37, down: true },
    ]);
  });

  it('rejects key codes that are not u32', async () => {
    const session = await create(1);
    expect(() => session.queueKey(-1, true)).toThrow(RangeError);
    expect(() => session.queueKey(1.5, true)).toThrow(RangeError);
  });

  it('delivers log lines with the frame they were written in', async () => {
    const logs: [number, string][] = [];
    const session = await create(1, { onLog: (frame, message) => logs.push([frame, message]) });
    session.step();
    session.step();
    session.queueKey(32, true);
    session.step();
    expect(logs).toEqual([
      [0, 'init'],
      [3, 'space down'],
    ]);
  });

  it('gives each frame the hash of its own draw list, however late it is read', async () => {
    // (a frame's hash is worked out when first read: the runner posts frames without one)
    const session = await create(7);
    const frames = [session.step(), session.step(), session.step()];
    session.queueKey(32, true);
    frames.push(session.step());
    const hashes = frames.map((f) => f.hash);
    expect(frames.map((f) => hashDrawList(f.drawList))).toEqual(hashes);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(frames.map((f) => f.hash)).toEqual(hashes);
  });

  it('is deterministic: same seed and input give identical hashes', async () => {
    const script = (session: GameSession) => {
      const hashes: string[] = [];
      for (let frame = 1; frame <= 200; frame++) {
        if (frame % 7 === 0) session.queueKey(65 + (frame % 5), true);
        if (frame % 11 === 0) session.queueKey(65 + (frame % 5), false);
        if (frame % 13 === 0) session.queueKey(32, frame % 2 === 0);
        hashes.push(session.step().hash);
        if (frame % 50 === 0) hashes.push(session.memoryHash());
      }
      return hashes;
    };
    const a = script(await create(42));
    const b = script(await create(42));
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(100);
    const c = script(await create(43));
    expect(c).not.toEqual(a);
  });

  it('hashes the whole linear memory', async () => {
    const session = await create(1);
    expect(session.memoryHash()).toMatch(/^[0-9a-f]{16}$/);
    expect(session.memorySize).toBe(65536);
    expect(session.memoryHash()).toBe((await create(2)).memoryHash());
  });

  it('stops a frame that runs too long (watchdog), naming the function', async () => {
    let clock = 0;
    const session = await GameSession.create(fixture('spin'), { seed: 1, frameBudgetMs: 50, now: () => (clock += 1), ...TEST_OPTIONS });
    const info = stepUntilStopped(session);
    expect(info.kind).toBe('watchdog');
    expect(info.frame).toBe(3);
    expect(info.message).toBe('frame 3 ran longer than 50 ms (infinite loop?) in spin_forever');
    expect(info.wasmStack?.[0]).toMatch(/^spin_forever \(func \d+\)$/);
    expect(session.frame).toBe(2);
    expect(() => session.step()).toThrow('frame 3 ran longer than 50 ms');
  });

  it('does not interrupt frames that finish within the budget', async () => {
    let clock = 0;
    const session = await create(1, { frameBudgetMs: 1_000_000, now: () => (clock += 1) });
    for (let i = 0; i < 50; i++) session.step();
    expect(session.frame).toBe(50);
  });

  it('reports a trap with the wasm stack, innermost first', async () => {
    const session = await GameSession.create(fixture('trap'), { seed: 1, ...TEST_OPTIONS });
    const info = stepUntilStopped(session);
    expect(info.kind).toBe('trap');
    expect(info.frame).toBe(2);
    expect(info.message).toBe('the game trapped in frame 2: unreachable in explode');
    expect(info.wasmStack?.map((f) => f.replace(/ \(func \d+\)$/, ''))).toEqual(['explode', 'step_ball', 'update']);
    expect(() => session.step()).toThrow(SessionStopped);
  });

  const SMALL_META = 'abi=1\ntitle=Init\nwidth=64\nheight=64\n';
  const withInit = (body: string) =>
    compileWat(
      `(module (memory (export "memory") 1)
         (func $setup ${body})
         (func (export "init") (param i32 i32 i32) (call $setup))
         (func (export "update") (param f32)) (func (export "draw"))
         (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      SMALL_META,
    );

  it('stops a game whose init loops forever', async () => {
    let clock = 0;
    const error = await GameSession.create(withInit('(loop $l (br $l))'), { seed: 1, frameBudgetMs: 20, now: () => (clock += 1), ...TEST_OPTIONS }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionStopped);
    expect(error.info).toMatchObject({ kind: 'watchdog', frame: 0, message: 'init ran longer than 20 ms (infinite loop?) in setup' });
  });

  it('gives start-up (init and frame 1) a longer default budget than later frames: cold code is slower', async () => {
    let clock = 0;
    const error = await GameSession.create(withInit('(loop $l (br $l))'), { seed: 1, now: () => (clock += 1), ...TEST_OPTIONS }).catch((e) => e);
    expect(error.info).toMatchObject({ kind: 'watchdog', frame: 0, message: 'init ran longer than 2500 ms (infinite loop?) in setup' });
    const spinFrom = (frame: number) =>
      compileWat(
        `(module (memory (export "memory") 1) (global $f (mut i32) (i32.const 0))
           (func $spin (loop $l (br $l)))
           (func (export "update") (param f32)
             (global.set $f (i32.add (global.get $f) (i32.const 1)))
             (if (i32.eq (global.get $f) (i32.const ${frame})) (then (call $spin))))
           (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
        SMALL_META,
      );
    for (const [frame, budget] of [[1, 2500], [2, 2000]]) {
      const session = await GameSession.create(spinFrom(frame), { seed: 1, now: () => (clock += 1), ...TEST_OPTIONS });
      expect(stepUntilStopped(session)).toMatchObject({ kind: 'watchdog', frame, message: `frame ${frame} ran longer than ${budget} ms (infinite loop?) in spin` });
    }
    const own = await GameSession.create(withInit('(loop $l (br $l))'), { seed: 1, frameBudgetMs: 50, startBudgetMs: 70, now: () => (clock += 1), ...TEST_OPTIONS }).catch((e) => e);
    expect(own.info.message).toBe('init ran longer than 70 ms (infinite loop?) in setup');
  });

  it('stops a game whose start function loops forever', async () => {
    let clock = 0;
    const wasm = compileWat(
      `(module (memory (export "memory") 1)
         (func $forever (loop $l (br $l))) (start $forever)
         (func (export "update") (param f32)) (func (export "draw"))
         (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      SMALL_META,
    );
    const error = await GameSession.create(wasm, { seed: 1, frameBudgetMs: 20, now: () => (clock += 1), ...TEST_OPTIONS }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionStopped);
    expect(error.info).toMatchObject({ kind: 'watchdog', frame: 0, message: 'init ran longer than 20 ms (infinite loop?) in forever' });
  });

  it('stops a game that traps in init', async () => {
    const error = await GameSession.create(withInit('(drop (i32.div_s (i32.const 1) (i32.const 0)))'), { seed: 1, ...TEST_OPTIONS }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionStopped);
    expect(error.info).toMatchObject({ kind: 'trap', frame: 0, message: 'the game trapped in init: integer divide by zero in setup' });
    expect(error.info.wasmStack.map((f: string) => f.replace(/ \(func \d+\)$/, ''))).toEqual(['setup', 'init']);
  });

  it('names Rust functions by their demangled path', async () => {
    const wasm = compileWat(
      `(module (memory (export "memory") 1)
         (func $_ZN8breakout4Ball4step17h0123456789abcdefE (unreachable))
         (func (export "update") (param f32) (call $_ZN8breakout4Ball4step17h0123456789abcdefE))
         (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      SMALL_META,
    );
    const session = await GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS });
    const info = stepUntilStopped(session, 1);
    expect(info.message).toBe('the game trapped in frame 1: unreachable in breakout::Ball::step');
    expect(info.wasmStack?.[0]).toMatch(/^breakout::Ball::step \(func 0\)$/);
  });

  it.each([
    ['out-of-bounds memory access', '(drop (i32.load (i32.const 70000)))', /^the game trapped in frame 1: (memory access out of bounds|out of bounds memory access) in boom$/],
    ['stack overflow', '(call $boom)', /^the game overflowed its stack in frame 1 \(deep recursion in boom\): call stack exhausted$/],
  ])('reports %s as a trap naming the function', async (_name, body, message) => {
    const wasm = compileWat(
      `(module (memory (export "memory") 1)
         (func $boom ${body})
         (func (export "update") (param f32) (call $boom))
         (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      SMALL_META,
    );
    const session = await GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS });
    const info = stepUntilStopped(session, 1);
    expect(info.kind).toBe('trap');
    expect(info.message).toMatch(message);
  });
});

describe.each(['interp', 'jit'] as const)('stops on the %s engine', (engine) => {
  it('watchdog', async () => {
    let clock = 0;
    const session = await GameSession.create(fixture('spin'), { seed: 1, engine, frameBudgetMs: 50, now: () => (clock += 1), ...TEST_OPTIONS });
    expect(session.engine).toBe(engine);
    expect(stepUntilStopped(session)).toMatchObject({ kind: 'watchdog', frame: 3, message: 'frame 3 ran longer than 50 ms (infinite loop?) in spin_forever' });
  });

  it('trap with stack', async () => {
    const session = await GameSession.create(fixture('trap'), { seed: 1, engine, ...TEST_OPTIONS });
    const info = stepUntilStopped(session);
    expect(info).toMatchObject({ kind: 'trap', frame: 2, message: 'the game trapped in frame 2: unreachable in explode' });
    const names = info.wasmStack?.map((f) => f.replace(/ \(func \d+\)$/, ''));
    expect(names).toEqual(['explode', 'step_ball', 'update']);
  });

  it.each([
    ['uninitialized', 1, 'uninitialized element 1'],
    ['undefined', 9, 'undefined element 9'],
  ])('an indirect call to an %s table slot names the slot, with one trap kind on both engines', async (_what, slot, text) => {
    const wasm = compileWat(
      `(module (memory (export "memory") 1)
         (table 4 funcref) (elem (i32.const 0) $noop)
         (func $noop)
         (func $dispatch (call_indirect (i32.const ${slot})))
         (func (export "update") (param f32) (call $dispatch))
         (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      'abi=1\ntitle=Slots\nwidth=64\nheight=64\n',
    );
    const session = await GameSession.create(wasm, { seed: 1, engine, ...TEST_OPTIONS });
    expect(stepUntilStopped(session, 1)).toMatchObject({ kind: 'trap', frame: 1, message: `the game trapped in frame 1: ${text} in dispatch` });
  });

  it('contract breach in draw_text', async () => {
    const session = await GameSession.create(fixture('badtext'), { seed: 1, engine, ...TEST_OPTIONS });
    session.queueKey(65, true);
    expect(stepUntilStopped(session)).toMatchObject({ kind: 'contract', frame: 1 });
  });
});

describe('GameSession and the engine limits', () => {
  it('is never declined whole by the JIT: it tiers lazily, function by function', async () => {
    // (a whole-module refusal, EngineRefused, is the eager JIT's: test/runtime/limits.test.ts)
    const { jitDebug, clearCompileCache } = await import('../../src/runtime/jit/compile');
    const saved = jitDebug.maxSource;
    jitDebug.maxSource = 100;
    clearCompileCache();
    try {
      const logs: string[] = [];
      const s = await GameSession.create(probe, { ...TEST_OPTIONS, seed: 1, engine: 'jit', onLog: (_, m) => logs.push(m) });
      expect(logs.filter((m) => m.startsWith('[engine]'))).toEqual([]);
      expect(s.step().frame).toBe(1);
    } finally {
      jitDebug.maxSource = saved;
      clearCompileCache();
    }
  });

  it('stops a compile that runs past its budget with "compiling took too long"', async () => {
    let t = 0;
    const e = await GameSession.create(probe, { ...TEST_OPTIONS, seed: 1, compileBudgetMs: 5, now: () => (t += 10) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SessionStopped);
    expect((e as SessionStopped).info.kind).toBe('watchdog');
    expect((e as SessionStopped).info.message).toMatch(/^compiling took too long: more than 5 ms for \d+ bytes on the jit engine$/);
  });
});
