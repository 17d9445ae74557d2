// Resource limits (docs/abi.md, "Resource limits"): the defaults, the game's
// own (arcade.game keys) and the user's (which win); the `limit` stop for
// every host profile; `arcade run --limit`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError, parseMeta as parseMetaBytes } from '../../src/host/game';
import { GAME_LIMITS, LIMIT_KEYS, limitsFromKeys, parseLimitOverride } from '../../src/host/limits';
import { GameSession } from '../../src/host/session';
import { compileWat, fixture } from '../fixtures/compile';
import { arcade } from '../support/cli';
import { stepUntilStopped } from './helpers';

const META = 'abi=1\ntitle=X\nwidth=320\nheight=240\n';
const parseMeta = (text: string) => parseMetaBytes(new TextEncoder().encode(text));

describe('resource limits', () => {
  it('reads the game\'s own limits from arcade.game and turns keys into limits', () => {
    const game = parseMeta(`${META}max-draw-commands=5000\nmemory_mib=64\n`);
    expect(game.limits).toEqual({ 'max-draw-commands': 5000, memory_mib: 64 });
    expect(limitsFromKeys(game.limits!)).toEqual({ drawCommands: 5000, memoryBytes: 64 * 1024 * 1024 });
    expect(parseMeta(META).limits).toBeUndefined();
    for (const k of LIMIT_KEYS) expect(GAME_LIMITS[k.field] / k.scale).toBeGreaterThanOrEqual(k.min);
  });

  it('rejects values out of range in the game and from the user, naming the key', () => {
    expect(() => parseMeta(`${META}max-text-bytes=0\n`)).toThrow(ContractError);
    expect(() => parseMeta(`${META}max-draw-commands=1000001\n`)).toThrow('`max-draw-commands` must be a whole number from 1 to 1000000, got `1000001`');
    expect(() => parseMeta(`${META}max-image-bytes=5\n`)).toThrow('key `max-image-bytes` needs abi=2 or later');
    expect(() => limitsFromKeys({ 'max-sprites': 3 })).toThrow("unknown limit 'max-sprites'");
    expect(() => parseLimitOverride('max-text-bytes=99999999')).toThrow('limit max-text-bytes must be a whole number from 1 to 16777216, got 99999999');
    expect(() => parseLimitOverride('max-text-bytes')).toThrow('--limit wants KEY=N');
    expect(parseLimitOverride('max-draw-commands=500000')).toEqual(['max-draw-commands', 500000]);
  });

  it('stops a native game with a limit stop naming the resource, the value, the limit and how to raise it', async () => {
    // The probe game draws clear, rect, circle, line and two texts ("hello", "héllo ✓": 5 + 10 bytes).
    const few = await GameSession.create(fixture('probe'), { seed: 1, limits: { drawCommands: 4 } });
    const info = stepUntilStopped(few);
    expect(info).toMatchObject({ kind: 'limit', frame: 1 });
    expect(info.message).toBe('limit: draw commands 5 per frame exceeds 4 (in frame 1; a game raises it with max-draw-commands=N in its arcade.game section, up to 1000000)');
    const text = await GameSession.create(fixture('probe'), { seed: 1, limits: { textBytes: 14 } });
    expect(stepUntilStopped(text).message).toMatch(/^limit: text bytes 15 per frame exceeds 14 \(in frame 1;/);
    const enough = await GameSession.create(fixture('probe'), { seed: 1, limits: { textBytes: 15, drawCommands: 6 } });
    expect(enough.step().frame).toBe(1);
  });

  it('applies to the demo-2018 profile', async () => {
    const rocket = new Uint8Array(readFileSync('test/fixtures/profiles/rocket2018.wasm'));
    const s = await GameSession.create(rocket, { seed: 1, limits: { drawCommands: 1 } });
    expect(stepUntilStopped(s)).toMatchObject({ kind: 'limit', message: expect.stringMatching(/^limit: draw commands 2 per frame exceeds 1 \(in frame 1;/) });
  });

  it('applies to the wasm4 profile (a million tones a frame)', async () => {
    const cart = compileWat(
      `(module (import "env" "memory" (memory 1)) (import "env" "tone" (func $tone (param i32 i32 i32 i32)))
        (func (export "update") (local $i i32)
          (loop $l (call $tone (i32.const 440) (i32.const 10) (i32.const 50) (i32.const 0))
            (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))))`,
      null,
    );
    const s = await GameSession.create(cart, { seed: 1 });
    expect(stepUntilStopped(s)).toMatchObject({ kind: 'limit', message: expect.stringMatching(/^limit: draw commands 100001 per frame exceeds 100000 \(in frame 1;/) });
  });
});

describe('arcade run --limit', () => {
  it('overrides a limit for one run and rejects a bad one as a usage error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arcade-limit-')), 'probe.wasm');
    writeFileSync(file, fixture('probe'));
    const low = await arcade('run', file, '--frames', '3', '--limit', 'max-draw-commands=4');
    expect(low.code).toBe(1);
    expect(low.err).toContain('stopped (limit) in frame 1: limit: draw commands 5 per frame exceeds 4 (in frame 1;');
    expect((await arcade('run', file, '--frames', '3', '--limit=max-text-bytes=15')).code).toBe(0);
    const bad = await arcade('run', file, '--limit', 'max-pixels=3');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown limit 'max-pixels' (known: memory_mib, max-draw-commands, max-text-bytes, max-image-bytes, max-audio-bytes)");
  });
});
