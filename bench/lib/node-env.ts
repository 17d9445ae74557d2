// Node-side facts about a benchmark run, for its header and --json: the
// engine's revision and the machine. Used by bench/run.ts and by the browser
// launcher (bench/browser/launch.ts), which runs in Node too.
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { toJson, type Outcome } from './harness';

const here = dirname(fileURLToPath(import.meta.url));

/** The engine's revision: HEAD, and whether src/runtime has uncommitted changes. */
export function engineRevision(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', '../../src/runtime') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/runtime' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export const cpuModel = (): string => os.cpus()[0]?.model ?? 'unknown CPU';

/** CPU, core count and load average. */
export const machine = (): string => `${cpuModel()}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;

/**
 * The --json record of a run: the engine's revision, where it ran (Node's or
 * Chromium's version) and its V8, the CPU, and the measured results.
 */
export function writeJsonRecord(
  path: string,
  revision: string,
  runtime: { node: string } | { browser: string },
  v8: string | undefined,
  { quick, unavailable, results }: Pick<Outcome, 'quick' | 'unavailable' | 'results'>,
): void {
  writeFileSync(path, toJson({ revision, ...runtime, v8, cpu: cpuModel(), quick, unavailable, results }));
}
