// `npm run bench:app-start` (bench/app-start.ts): a game started in the web
// build in Chromium, from its library card, from a `?game=` link, restarted,
// and picked again after a reload, timed by
// the app itself (window.__arcade.startup). Nothing here is timed: only that
// each row is a measurement, and that bad arguments are named.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../scripts/lib/chromium';

const ROOT = resolve(import.meta.dirname, '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/app-start.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

describe.skipIf(!existsSync(CHROMIUM))('bench:app-start', () => {
  it('times a game from the library, from a link, restarted and picked again after a reload: bytes, post, loaded, first picture, the worker\'s own start, kept, save known', () => {
    const p = run('--runs', '1', '--games', 'snake', '--idle', '300');
    expect(p.status, p.stderr).toBe(0);
    const rows = p.stdout.split('\n').filter((l) => l.startsWith('snake'));
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual(['library', 'direct', 'restart', 'return']);
    // five medians (a restart reads no bytes: —), how many starts were on a kept module and had their save with them, each run's first picture
    for (const r of rows) expect(r).toMatch(/^snake\s+\w+(\s+(\d+\.\d|—)){5}\s+[01]\/1\s+[01]\/1\s+\d+$/);
    const column = (i: number) => Object.fromEntries(rows.map((r) => [r.split(/\s+/)[1], r.split(/\s+/)[i]]));
    const kept = column(7);
    const saveKnown = column(8);
    // a link into a game starts a new worker; a restart is on the module the worker kept
    expect(kept['direct']).toBe('0/1');
    expect(kept['restart']).toBe('1/1');
    // a link's page has read no save yet; a restart's has (at its first start)
    expect(saveKnown['direct']).toBe('0/1');
    expect(saveKnown['restart']).toBe('1/1');
  }, 300_000);

  it('names a bad argument before building anything', () => {
    const p = run('--runs', '0');
    expect(p.status).not.toBe(0);
    expect(p.stderr).toMatch(/--runs must be a whole number ≥ 1, got 0/);
    const w = run('--way', 'sideways');
    expect(w.status).not.toBe(0);
    expect(w.stderr).toMatch(/--way: unknown "sideways" \(known: library, direct, restart, return\)/);
  });
});
