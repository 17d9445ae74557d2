// The engine warm-up (src/runtime/warm.ts): its module is warm.wat as
// assembled, it runs on both engines with V8's answers, and it can run again.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/runtime/index.ts';
import { WARM_IMPORTS, WARM_MODULE, warmEngine, warmEngineInTasks, warmEngineParts } from '../../src/runtime/warm.ts';

const source = join(__dirname, '..', '..', 'src', 'runtime', 'warm.wat');

describe('warmEngine', () => {
  it('runs warm.wat as wat2wasm assembles it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'warm-')), 'warm.wasm');
    execFileSync('wat2wasm', [source, '-o', out], { stdio: 'pipe' });
    expect([...WARM_MODULE]).toEqual([...readFileSync(out)]);
  });

  it('gives V8\'s results on the JIT and the interpreter, call after call', () => {
    for (const options of [{ engine: 'jit', tiering: 'lazy', hotness: 0 }, { engine: 'jit', tiering: 'eager' }, { engine: 'interp' }] as const) {
      const ours = new Instance(new Module(WARM_MODULE, options), WARM_IMPORTS).exports.run as (n: number) => number;
      const native = new WebAssembly.Instance(new WebAssembly.Module(WARM_MODULE), WARM_IMPORTS).exports.run as (n: number) => number;
      // (state carries over from call to call: memory and the i64 global)
      for (const n of [40, 40, 7, 1000]) expect(ours(n), `${JSON.stringify(options)} run(${n})`).toBe(native(n));
    }
  });

  it('runs, and runs again', () => {
    expect(() => warmEngine()).not.toThrow();
    expect(() => warmEngine()).not.toThrow();
  });

  it('runs a part per task in a worker, and no more parts once the page has spoken', () => {
    const parts = warmEngineParts().length;
    expect(parts).toBeGreaterThan(1);
    const tasks: (() => void)[] = [];
    const schedule = (task: () => void) => tasks.push(task);
    // nobody speaks: every part, each in a task of its own
    let ran = 0;
    warmEngineInTasks(schedule, () => false);
    while (tasks.length > 0) {
      tasks.shift()!();
      ran++;
    }
    expect(ran).toBe(parts);
    // a game arrives after the first part: the next task does nothing and schedules none
    let spoken = false;
    warmEngineInTasks(schedule, () => spoken);
    tasks.shift()!();
    expect(tasks).toHaveLength(1);
    spoken = true;
    tasks.shift()!();
    expect(tasks).toHaveLength(0);
  });
});
