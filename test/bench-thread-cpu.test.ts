// bench/browser/thread-cpu.ts: finding the benchmark worker's thread in a
// /proc tree (a fake one here) and reading its CPU time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkerThread, parentPid, threadCpuMs } from '../bench/browser/thread-cpu';

const MARKER = '--wasm-arcade-bench=1-2';
let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A fake /proc: processes as [pid, ppid, argv, threads: [tid, name, cpu ns]]. */
function fakeProc(procs: [number, number, string[], [number, string, number][]][]): string {
  root = mkdtempSync(join(tmpdir(), 'fake-proc-'));
  for (const [pid, ppid, argv, threads] of procs) {
    const dir = join(root, String(pid));
    mkdirSync(join(dir, 'task'), { recursive: true });
    writeFileSync(join(dir, 'stat'), `${pid} (chro me) (x)) S ${ppid} ${pid} 0 0 -1`);
    writeFileSync(join(dir, 'cmdline'), argv.join('\0') + '\0');
    for (const [tid, name, ns] of threads) {
      mkdirSync(join(dir, 'task', String(tid)));
      writeFileSync(join(dir, 'task', String(tid), 'comm'), `${name}\n`);
      writeFileSync(join(dir, 'task', String(tid), 'schedstat'), `${ns} 1234 56\n`);
    }
  }
  mkdirSync(join(root, 'self')); // not a pid: ignored
  return root;
}

describe('the benchmark worker thread CPU clock (--browser --cpu)', () => {
  it('parses the parent pid after a process name with spaces and parentheses', () => {
    expect(parentPid('42 (a) b)) S 7 42 0')).toBe(7);
    expect(() => parentPid('garbage')).toThrow(/unreadable/);
  });

  it("finds the one DedicatedWorker under our Chromium, not another Chromium's", () => {
    const proc = fakeProc([
      [1, 0, ['init'], []],
      [100, 1, ['/usr/bin/chromium', '--headless', MARKER], [[100, 'chromium', 5]]],
      [101, 100, ['/usr/lib/chromium/chromium', '--type=zygote'], []],
      [102, 101, ['/usr/lib/chromium/chromium', '--type=renderer'], [[102, 'chromium', 9], [110, 'DedicatedWorker', 2_500_000]]],
      // another helper's Chromium with a game worker
      [200, 1, ['/usr/bin/chromium', '--headless'], []],
      [201, 200, ['/usr/lib/chromium/chromium', '--type=renderer'], [[210, 'DedicatedWorker', 7]]],
    ]);
    const schedstat = findWorkerThread(MARKER, proc);
    expect(schedstat).toBe(join(proc, '102', 'task', '110', 'schedstat'));
    expect(threadCpuMs(schedstat)).toBe(2.5);
  });

  it('says why when there is no worker, two workers or no marked Chromium', () => {
    const none = fakeProc([[100, 1, ['chromium', MARKER], [[100, 'chromium', 1]]]]);
    expect(() => findWorkerThread(MARKER, none)).toThrow(/expected one 'DedicatedWorker' thread under Chromium \(pid 100\), found 0/);
    expect(() => findWorkerThread('--other-marker', none)).toThrow(/expected one Chromium process with --other-marker/);
    rmSync(none, { recursive: true });
    const two = fakeProc([[100, 1, ['chromium', MARKER], [[100, 'DedicatedWorker', 1], [101, 'DedicatedWorker', 2]]]]);
    expect(() => findWorkerThread(MARKER, two)).toThrow(/found 2/);
    expect(() => threadCpuMs(join(two, '100', 'task', '999', 'schedstat'))).toThrow(/cannot read/);
  });
});
