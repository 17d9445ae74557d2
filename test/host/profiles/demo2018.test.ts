// The demo-2018 profile: the 2018 talk's rocket ABI, with our own test game
// (test/fixtures/profiles/rocket2018, Rust) and small WAT modules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_CODES } from '../../../src/host/abi';
import { GameSession, SessionStopped, type FrameResult } from '../../../src/host/session';
import { compileWat } from '../../fixtures/compile';
import { TEST_OPTIONS } from '../engines';
import { drawCommands, type Cmd } from '../helpers';

const rocket = new Uint8Array(readFileSync('test/fixtures/profiles/rocket2018.wasm'));
const cmds = (r: FrameResult): Cmd[] => drawCommands(r.drawList);
const f32 = Math.fround;

const IMPORTS = `
  (import "env" "clear_screen" (func $clear))
  (import "env" "draw_player" (func $player (param f64 f64 f64)))
  (import "env" "draw_enemy" (func $enemy (param f64 f64)))
  (import "env" "draw_bullet" (func $bullet (param f64 f64)))
  (import "env" "draw_particle" (func $particle (param f64 f64 f64)))
  (import "env" "draw_score" (func $score (param f64)))
  (import "env" "sin" (func $sin (param f64) (result f64)))
  (import "env" "cos" (func $cos (param f64) (result f64)))
  (import "env" "Math_atan" (func $atan (param f64) (result f64)))`;

/** A module with exactly the ABI: it records resize/update/toggle calls in globals and draws one of everything. */
function demoWat(extra = '', omit: string[] = []): string {
  const exp = (name: string, body: string) => (omit.includes(name) ? '' : body);
  return `(module ${IMPORTS}
    (memory (export "memory") 1)
    (global $w (mut f64) (f64.const 0)) (global $h (mut f64) (f64.const 0))
    (global $t (mut f64) (f64.const 0)) (global $toggles (mut i32) (i32.const 0))
    ${exp('resize', '(func (export "resize") (param f64 f64) (global.set $w (local.get 0)) (global.set $h (local.get 1)))')}
    ${exp('update', '(func (export "update") (param f64) (global.set $t (f64.add (global.get $t) (local.get 0))))')}
    ${exp(
      'draw',
      `(func (export "draw")
        (call $clear)
        (call $player (f64.div (global.get $w) (f64.const 2)) (f64.div (global.get $h) (f64.const 2)) (call $atan (f64.const 1)))
        (call $enemy (f64.const 10) (f64.const 20))
        (call $bullet (call $sin (f64.const 0)) (call $cos (f64.const 0)))
        (call $particle (f64.const 5) (f64.const 6) (f64.const -2.5))
        (call $score (f64.convert_i32_u (global.get $toggles))))`,
    )}
    ${['toggle_shoot', 'toggle_boost', 'toggle_turn_left', 'toggle_turn_right']
      .map((name, i) => exp(name, `(func (export "${name}") (param i32) (global.set $toggles (i32.xor (global.get $toggles) (i32.shl (i32.add (local.get 0) (i32.const 1)) (i32.const ${2 * i})))))`))
      .join('\n')}
    ${extra})`;
}

async function contractError(wat: string): Promise<string> {
  try {
    await GameSession.create(compileWat(wat, null), { seed: 1, ...TEST_OPTIONS });
  } catch (error) {
    expect(error).toBeInstanceOf(SessionStopped);
    expect((error as SessionStopped).info.kind).toBe('contract');
    return (error as SessionStopped).info.message;
  }
  throw new Error('expected a contract error');
}

describe('demo-2018 profile', () => {
  it('is detected from the imports and exports, calls resize(1024, 600) and draws as the talk\'s host did', async () => {
    const s = await GameSession.create(compileWat(demoWat(), null), { seed: 1, ...TEST_OPTIONS });
    expect(s.profile).toBe('demo-2018');
    expect(s.meta).toMatchObject({ width: 1024, height: 600 });
    const a = Math.PI / 4; // atan(1)
    const [x, y] = [512, 300];
    expect(cmds(s.step())).toEqual([
      ['clear', 0x000000ff],
      // red triangle: tip 20 ahead along the angle, base 16 wide through (x, y)
      ['triangle', f32(x + Math.cos(a) * 20), f32(y + Math.sin(a) * 20), f32(x + Math.sin(a) * 8), f32(y - Math.cos(a) * 8), f32(x - Math.sin(a) * 8), f32(y + Math.cos(a) * 8), 0xff0000ff],
      ['circle', 10, 20, 10, 0xffff00ff], // enemy: yellow, radius 10
      ['circle', 0, 1, 3, 0x0000ffff], // bullet: blue, radius 3 (sin 0, cos 0 from the host)
      ['circle', 5, 6, 2.5, 0x9400d3ff], // particle: dark violet, |radius|
      ['text', 'Score: 0    Best: 0', 10, 10, 20, 0xffa500ff],
    ]);
  });

  it('maps Space, ↑, ←, → to the toggles (1 on press, 0 on release) before update', async () => {
    const s = await GameSession.create(compileWat(demoWat(), null), { seed: 1, ...TEST_OPTIONS });
    const score = (r: FrameResult) => cmds(r).find((c) => c[0] === 'text')![1];
    s.queueKey(KEY_CODES.Space, true); // toggle_shoot(1): xor 2 << 0
    s.queueKey(KEY_CODES.ArrowRight, true); // toggle_turn_right(1): xor 2 << 6
    s.queueKey(KEY_CODES.KeyA, true); // not a toggle key: ignored
    expect(score(s.step())).toBe(`Score: ${2 + 128}    Best: ${2 + 128}`);
    s.queueKey(KEY_CODES.Space, false); // toggle_shoot(0): xor 1
    s.queueKey(KEY_CODES.ArrowUp, true); // toggle_boost(1): xor 2 << 2
    s.queueKey(KEY_CODES.ArrowLeft, true); // toggle_turn_left(1): xor 2 << 4
    expect(score(s.step())).toBe(`Score: ${2 ^ 1 ^ 8 ^ 32 ^ 128}    Best: 171`);
  });

  it('keeps the best score in the save data, across sessions', async () => {
    const saves: Uint8Array[] = [];
    const wasm = compileWat(demoWat(), null);
    const s = await GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS, onSave: (d) => saves.push(d) });
    s.queueKey(KEY_CODES.Space, true);
    s.step();
    expect(saves.length).toBe(1);
    const again = await GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS, saveData: saves[0] });
    expect(cmds(again.step()).at(-1)![1]).toBe('Score: 0    Best: 2');
  });

  it('names what breaks the ABI', async () => {
    expect(await contractError(demoWat('', ['toggle_boost']))).toBe(
      "game does not export `toggle_boost`; the 2018 demo's ABI requires a function (func (param i32)) named `toggle_boost`",
    );
    expect(await contractError(demoWat('', ['draw']).replace('"draw_player" (func $player (param f64 f64 f64))', '"draw_player" (func $player (param f32 f32 f32))'))).toBe(
      "game import `env.draw_player` must be (func (param f64 f64 f64)) in the 2018 demo's ABI, but the game declares it as (func (param f32 f32 f32))",
    );
    expect(await contractError(demoWat().replace('(memory', '(import "env" "draw_ufo" (func (param f64))) (memory'))).toMatch(/^game imports `env.draw_ufo`, which the 2018 demo's ABI does not provide; it provides env.clear_screen, /);
  });

  it('plays our Rust rocket-ABI game identically on both engines', async () => {
    const run = async (engine: 'interp' | 'jit') => {
      const s = await GameSession.create(rocket, { seed: 1, engine });
      const hashes: string[] = [];
      const texts = new Set<string>();
      for (let f = 1; f <= 900; f++) {
        if (f === 2) s.queueKey(KEY_CODES.Space, true);
        if (f % 200 === 10) s.queueKey(KEY_CODES.ArrowRight, true);
        if (f % 200 === 60) s.queueKey(KEY_CODES.ArrowRight, false);
        const r = s.step();
        hashes.push(r.hash);
        for (const c of cmds(r)) if (c[0] === 'text') texts.add(c[1] as string);
      }
      return { hashes, texts, memory: s.memoryHash() };
    };
    const interp = await run('interp');
    const jit = await run('jit');
    expect(jit.hashes).toEqual(interp.hashes);
    expect(jit.memory).toBe(interp.memory);
    // it really plays: enemies get shot
    expect([...interp.texts].some((t) => /^Score: [1-9]/.test(t))).toBe(true);
  });
});

describe('recordings of profile games', () => {
  it('store the profile and the save data the game started from; replays start from it', async () => {
    const { recordingHeader, formatHeader, parseRecording, SessionRecorder, replayRecording } = await import('../../../src/host/recording');
    const { visitDrawList } = await import('../../../src/host/drawlist');
    const wasm = compileWat(demoWat(), null);
    const save = new Float64Array([42]);
    const saveData = new Uint8Array(save.buffer);
    const s = await GameSession.create(wasm, { seed: 3, ...TEST_OPTIONS, saveData });
    const header = recordingHeader(wasm, s.meta, { seed: 3, profile: s.profile, save: s.initialSave, initMemory: s.memoryHash() });
    expect(formatHeader(header)).toMatch(/\nprofile: demo-2018\n[\s\S]*\nsave: AAAAAAAARUA=\n/);
    let text = '';
    const recorder = new SessionRecorder(s, header, (chunk) => (text += chunk), visitDrawList);
    for (let f = 0; f < 5; f++) recorder.frame(s.step());
    recorder.finish();
    expect(text).toContain('Best: 42');
    const rec = parseRecording(text);
    expect(rec.header.profile).toBe('demo-2018');
    expect([...rec.header.save!]).toEqual([...saveData]);
    const replay = await GameSession.create(wasm, { seed: 3, ...TEST_OPTIONS, profile: 'demo-2018', saveData: rec.header.save });
    expect(replayRecording(rec, replay, { decode: visitDrawList }).ok).toBe(true);
  });
});
