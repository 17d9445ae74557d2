// Resource limits (docs/abi.md, "Resource limits"): defaults, the game's own
// (arcade.game keys) and the user's (which win), and the `limit` stop.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { RESOURCE_LIMITS } from '../../src/host/abi';
import { ContractError, parseMeta as parseMetaBytes } from '../../src/host/game';
import { parseLimitOverride, resolveLimits } from '../../src/host/limits';
import { GameSession } from '../../src/host/session';
import { fixture } from '../fixtures/compile';
import { stepUntilStopped } from './helpers';

const META = 'abi=1\ntitle=X\nwidth=320\nheight=240\n';
const parseMeta = (text: string) => parseMetaBytes(new TextEncoder().encode(text));

describe('resource limits', () => {
  it('uses the defaults, then the game\'s values, then the user\'s', () => {
    const plain = resolveLimits(parseMeta(META));
    for (const l of RESOURCE_LIMITS) expect(plain[l.key as keyof typeof plain]).toMatchObject({ value: l.default, source: 'the default' });
    const game = parseMeta(`${META}max-draw-commands=5000\n`);
    expect(game.limits).toEqual({ 'max-draw-commands': 5000 });
    expect(resolveLimits(game)['max-draw-commands']).toMatchObject({ value: 5000, source: 'set by the game' });
    expect(resolveLimits(game, { 'max-draw-commands': 7 })['max-draw-commands']).toMatchObject({ value: 7, source: 'set by the user' });
    expect(resolveLimits(game)['max-text-bytes'].value).toBe(262_144);
  });

  it('rejects values out of range in the game and from the user, naming the key', () => {
    expect(() => parseMeta(`${META}max-text-bytes=0\n`)).toThrow(ContractError);
    expect(() => parseMeta(`${META}max-draw-commands=1000001\n`)).toThrow('`max-draw-commands` must be a whole number from 1 to 1000000, got `1000001`');
    expect(() => resolveLimits(parseMeta(META), { 'max-sprites': 3 })).toThrow("unknown limit 'max-sprites'");
    expect(() => parseLimitOverride('max-text-bytes=99999999')).toThrow('limit max-text-bytes must be a whole number from 1 to 16777216, got 99999999');
    expect(() => parseLimitOverride('max-text-bytes')).toThrow('--limit wants KEY=N');
    expect(parseLimitOverride('max-draw-commands=500000')).toEqual(['max-draw-commands', 500000]);
  });

  it('stops the game with a limit stop naming the resource, the value, the limit and where it came from', async () => {
    // The probe game draws clear, rect, circle, line and two texts ("hello", "héllo ✓": 5 + 10 bytes).
    const few = await GameSession.create(fixture('probe'), { seed: 1, limits: { 'max-draw-commands': 4 } });
    const info = stepUntilStopped(few);
    expect(info).toMatchObject({ kind: 'limit', frame: 1 });
    expect(info.message).toBe(
      'limit in frame 1: draw commands 5 per frame exceeds 4 (set by the user; a game may set max-draw-commands=N in its arcade.game section, up to 1000000)',
    );
    const text = await GameSession.create(fixture('probe'), { seed: 1, limits: { 'max-text-bytes': 14 } });
    expect(stepUntilStopped(text).message).toMatch(/^limit in frame 1: text bytes 15 per frame exceeds 14 \(set by the user;/);
    const enough = await GameSession.create(fixture('probe'), { seed: 1, limits: { 'max-text-bytes': 15, 'max-draw-commands': 6 } });
    expect(enough.step().frame).toBe(1);
  });
});

describe('arcade run --limit', () => {
  it('overrides a limit for one run and rejects a bad one as a usage error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arcade-limit-')), 'probe.wasm');
    writeFileSync(file, fixture('probe'));
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      expect(await main(['run', file, '--frames', '3', '--limit', 'max-draw-commands=4'])).toBe(1);
      expect(err.join('\n')).toContain('stopped (limit) in frame 1: limit in frame 1: draw commands 5 per frame exceeds 4 (set by the user;');
      err.length = 0;
      expect(await main(['run', file, '--frames', '3', '--limit=max-text-bytes=15'])).toBe(0);
      expect(await main(['run', file, '--limit', 'max-pixels=3'])).toBe(2);
      expect(err.join('\n')).toContain("arcade run: unknown limit 'max-pixels' (known: max-draw-commands, max-text-bytes)");
    } finally {
      vi.restoreAllMocks();
    }
  });
});
