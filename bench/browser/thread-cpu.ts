// `npm run bench -- --browser --cpu`: the CPU time of the benchmark's Web
// Worker thread, read by Node from Linux's /proc. A page has no CPU clock,
// and on a shared, loaded machine the wall clock also counts the time the
// worker waited for a core. The thread is found by its name ("DedicatedWorker",
// Chromium's name for a dedicated worker's thread) among the descendants of
// the Chromium process we launched, which carries a marker switch on its
// command line (Chromium ignores switches it does not know).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The thread name Chromium gives a dedicated Web Worker (Linux truncates names to 15 bytes). */
export const WORKER_THREAD = 'DedicatedWorker';

/** The parent pid from the text of /proc/<pid>/stat (the name in parentheses may hold spaces and parentheses). */
export function parentPid(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  if (!Number.isInteger(ppid)) throw new Error(`unreadable /proc stat line: ${stat.slice(0, 80)}`);
  return ppid;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process or thread ended while we looked
  }
}

const pids = (dir: string): number[] => readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number);

/**
 * Where the benchmark worker's CPU time is: `/proc/<pid>/task/<tid>/schedstat`
 * of the one thread named WORKER_THREAD in a process descending from the
 * process whose command line contains `marker`. Throws, saying why, if there
 * is not exactly one.
 */
export function findWorkerThread(marker: string, proc = '/proc'): string {
  const parent = new Map<number, number>();
  const roots: number[] = [];
  for (const pid of pids(proc)) {
    const stat = read(join(proc, String(pid), 'stat'));
    if (stat === undefined) continue;
    parent.set(pid, parentPid(stat));
    if (read(join(proc, String(pid), 'cmdline'))?.split('\0').includes(marker)) roots.push(pid);
  }
  if (roots.length !== 1) throw new Error(`--cpu: expected one Chromium process with ${marker} on its command line in ${proc}, found ${roots.length}`);
  const descends = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) if (p === roots[0]) return true;
    return false;
  };
  const found: string[] = [];
  for (const pid of parent.keys()) {
    if (!descends(pid)) continue;
    const tasks = join(proc, String(pid), 'task');
    let tids: number[];
    try {
      tids = pids(tasks);
    } catch {
      continue;
    }
    for (const tid of tids) if (read(join(tasks, String(tid), 'comm'))?.trim() === WORKER_THREAD) found.push(join(tasks, String(tid), 'schedstat'));
  }
  if (found.length !== 1) throw new Error(`--cpu: expected one '${WORKER_THREAD}' thread under Chromium (pid ${roots[0]}), found ${found.length}`);
  return found[0]!;
}

/** Time the thread has spent on a CPU, in ms, from its schedstat file (first field: nanoseconds). */
export function threadCpuMs(schedstat: string): number {
  const text = read(schedstat);
  const ns = text === undefined ? NaN : Number(text.split(' ')[0]);
  if (!Number.isFinite(ns)) throw new Error(`--cpu: cannot read ${schedstat} (did the worker thread end?)`);
  return ns / 1e6;
}
