// `npm run bench:startup -- --browser` (bench/startup-browser/): cold starts in
// Chromium, each in a new worker, a row per module — a program and a game —
// and a module that cannot start reported by name, with the engine's error,
// while the others still run. Nothing here is timed: only that every cell is
// a measurement.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startupInBrowser } from '../bench/startup-browser/launch';

const ROOT = resolve(import.meta.dirname, '..');

describe('bench:startup --browser', () => {
  it('times each module in new workers and names the one that fails', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'startup-browser-')), 'bad.wasm');
    writeFileSync(bad, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 10, 3, 1, 1, 0]));
    const lines: string[] = [];
    const ok = await startupInBrowser([
      { name: 'nbody', file: join(ROOT, 'bench/programs/nbody/nbody.wasm'), game: false, kb: 2.6 },
      { name: 'broken', file: bad, game: false, kb: 0.1 },
      { name: 'game snake', file: join(ROOT, 'games/snake/snake.wasm'), game: true, kb: 34.4 },
    ], 2, (line) => lines.push(line), true, 20);
    expect(ok).toBe(false);
    const row = (name: string): string => lines.find((l) => l.startsWith(name.padEnd(24)))!;
    // code KB, spawn, load, the engine's warm-up, then "inst (per KB) +first" for the median and the first worker
    // (games: 20 frames each, to keep this short)
    const cells = String.raw`^\S+(?: \S+)?\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+ \([\d.]+\) \+[\d.]+\s+[\d.]+ \([\d.]+\) \+[\d.]+`;
    expect(row('nbody')).toMatch(new RegExp(`${cells}$`));
    // a game also plays paced frames in each worker: the slowest step and the steps over 16.7 ms,
    // their medians, then each of the two workers'
    expect(row('game snake')).toMatch(new RegExp(String.raw`${cells}  [\d.]+ \([\d.]+\): [\d.]+ \(\d+\), [\d.]+ \(\d+\)$`));
    expect(row('broken')).toMatch(/failed: .*code/i);
  }, 180_000);
});
