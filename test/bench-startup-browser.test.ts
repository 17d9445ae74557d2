// `npm run bench:startup -- --browser` (bench/startup-browser/): cold starts in
// Chromium, each in a new worker, a row per module — a program and a game —
// and a module that cannot start reported by name, with the engine's error,
// while the others still run. Nothing here is timed: only that every cell is
// a measurement.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startupInBrowser } from '../bench/startup-browser/launch';
import { formatSpan, summarizeTrace, type TraceEvent } from '../bench/startup-browser/trace';

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

  it('--trace writes Chromium\'s trace and lists what ran in each worker\'s create and first step', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'startup-trace-')), 'trace.json');
    const lines: string[] = [];
    const ok = await startupInBrowser([{ name: 'game snake', file: join(ROOT, 'games/snake/snake.wasm'), game: true, kb: 34.4 }], 1, (line) => lines.push(line), true, 5, file);
    expect(ok).toBe(true);
    const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    expect(events.some((e) => e.name === 'ProfileChunk')).toBe(true);
    const at = lines.indexOf('worker 1:');
    expect(at).toBeGreaterThan(0);
    // the create runs our engine's code: the profiler names it (the bundle is not minified when tracing)
    expect(lines[at + 1]).toMatch(/^ {2}create: [\d.]+ ms\. V8: .*\. JS: .*\b(loop|lowerFunction|tieredDrive|validateModule|checkFunctions)\b.*\. Neither: [\d.]+$/);
    expect(lines[at + 2]).toMatch(/^ {2}step 0: [\d.]+ ms\. /);
  }, 180_000);
});

describe('bench:startup --trace: a span\'s summary', () => {
  // one worker thread (1:2): a measured step from 1,000 to 11,000 µs, V8 events nested in it, samples
  const thread = { pid: 1, tid: 2 };
  const events: TraceEvent[] = [
    { ...thread, name: 'step 7', cat: 'blink.user_timing', ph: 'b', ts: 1_000, id2: { local: '0x1' } },
    { ...thread, name: 'step 7', cat: 'blink.user_timing', ph: 'e', ts: 11_000, id2: { local: '0x1' } },
    // a task running JS (a wrapper: not listed), inside it a collection whose safepoint wait is its own event
    { ...thread, name: 'RunTask', ph: 'X', ts: 1_000, dur: 9_000 },
    { ...thread, name: 'MinorGC', ph: 'X', ts: 2_000, dur: 3_000 },
    { ...thread, name: 'V8.GC_TIME_TO_SAFEPOINT', ph: 'X', ts: 2_000, dur: 2_000 },
    // half of this compile lies after the span
    { ...thread, name: 'V8.CompileCode', ph: 'X', ts: 10_000, dur: 2_000 },
    // another thread's event in the same time: not this span's
    { pid: 1, tid: 3, name: 'V8.CompileCode', ph: 'X', ts: 3_000, dur: 5_000 },
    // the profile: 'run' sampled at 6,000 and 7,000 µs, 'loop' at 8,000 (its weight: up to the next sample, 9,500)
    { ...thread, name: 'Profile', ph: 'P', ts: 0, id: '0x9', args: { data: { startTime: 0 } } },
    { ...thread, name: 'ProfileChunk', ph: 'P', ts: 0, id: '0x9', args: { data: {
      cpuProfile: { nodes: [
        { id: 1, callFrame: { functionName: '(root)' } },
        { id: 2, parent: 1, callFrame: { functionName: 'run', url: 'http://x/assets/runtime-1.js', lineNumber: 9 } },
        { id: 3, parent: 2, callFrame: { functionName: 'loop', url: 'http://x/assets/runtime-1.js', lineNumber: 99 } },
      ], samples: [2, 2, 3, 3] },
      timeDeltas: [6_000, 1_000, 1_000, 1_500],
    } } },
  ];

  it('sums V8\'s self times and the samples inside the span only', () => {
    const [s, ...more] = summarizeTrace(events);
    expect(more).toEqual([]);
    expect(s!.thread).toBe('1:2');
    expect(s!.name).toBe('step 7');
    expect(s!.ms).toBe(10);
    // MinorGC's self time is its 3 ms less the 2 ms safepoint wait inside it; half the compile is in the span
    expect(Object.fromEntries(s!.v8)).toEqual({ 'V8.GC_TIME_TO_SAFEPOINT': 2, MinorGC: 1, 'V8.CompileCode': 1 });
    expect(s!.js).toEqual([['run (runtime-1.js:10)', 2], ['loop (runtime-1.js:100)', 1.5]]);
    // the last sample (9,500 µs) has no next one: it stands for nothing; 10 ms less 4 of V8's and 3.5 of JS
    expect(s!.rest).toBeCloseTo(2.5, 6);
    expect(formatSpan(s!, 2)).toBe('step 7: 10.0 ms. V8: V8.GC_TIME_TO_SAFEPOINT 2.0, MinorGC 1.0. JS: run (runtime-1.js:10) 2.0, loop (runtime-1.js:100) 1.5. Neither: 2.5');
  });
});
