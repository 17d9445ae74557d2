// `npm run bench:startup` (bench/startup.ts) in Node: one row per module with
// each engine's instantiate + first call, a game's start on a kept module
// (the app's restart and warmed card), and the cold start in a fresh process.
// Nothing here is timed: only that each cell is a measurement.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/startup.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

/** "A (A per KB) +B": a measurement. */
const MEASURED = /^\d+\.\d \(\d+\.\d\d\) \+\d+\.\d$/;

describe('bench:startup', () => {
  it('times a game on every engine, started again on its kept module, and cold; a program has no kept start', () => {
    const p = run('--runs', '1', '--frames', '1', '--filter', 'snake');
    expect(p.status, p.stderr).toBe(0);
    const head = p.stdout.split('\n').find((l) => l.startsWith('module'))!;
    const columns = head.trim().split(/\s{2,}/);
    expect(columns).toEqual(['module', 'file KB code KB', 'native', 'interp', 'jit', 'tiered', 'kept', 'cold', 'cold cpu', 'cold frames']);
    const row = p.stdout.split('\n').find((l) => l.startsWith('game snake'))!;
    const cells = row.slice(24 + 16).match(/.{26}/g)!.map((c) => c.trim());
    // native: —, interp, jit (= tiered), tiered, kept, cold
    expect(cells[0]).toBe('—');
    expect(cells[1]).toMatch(MEASURED);
    expect(cells[2]).toBe('(= tiered)');
    for (const c of [cells[3], cells[4], cells[5]]) expect(c).toMatch(MEASURED);
    expect(p.stdout).not.toMatch(/kept: /); // (a failed kept start is logged as "<module> kept: why")
    const program = run('--runs', '1', '--frames', '1', '--filter', 'nbody');
    expect(program.status, program.stderr).toBe(0);
    const prow = program.stdout.split('\n').find((l) => l.startsWith('nbody'))!;
    expect(prow.slice(24 + 16).match(/.{26}/g)!.map((c) => c.trim())[4]).toBe('—');
  }, 300_000);
});
