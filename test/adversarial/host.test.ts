// The standing adversarial suite, host side: every hostile game in this folder
// (small WAT files) runs on both engines under the session watchdog and must
// stop with the stop its header names, within a generous multiple of its
// budget — never a crash, an out-of-memory or a "host error". Header lines:
//   ;; expect: <stop kind>        the StopInfo kind (limit, watchdog, trap, contract…)
//   ;; message: <text>            a part of the stop message
//   ;; budget-ms: <N>             the session's frame budget (watchdog) for this game
//   ;; frame: <N>                 the frame that must stop (default: any)
//   ;; max-log-bytes: <N>         bound on the log text passed on before the stop
// plus the `;; arcade.game:` lines of test/fixtures/compile.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GameSession, SessionStopped } from '../../src/host/session';
import type { EngineName, StopInfo } from '../../src/host/protocol';
import { compileWat } from '../fixtures/compile';

const DIR = fileURLToPath(new URL('.', import.meta.url));

export interface AdversarialCase {
  readonly file: string;
  readonly wat: string;
  readonly expect: string;
  readonly message?: string;
  readonly budgetMs: number;
  readonly frame?: number;
  readonly maxLogBytes?: number;
}

export function readCase(file: string): AdversarialCase | undefined {
  const wat = readFileSync(join(DIR, file), 'utf8');
  const header = (key: string): string | undefined => new RegExp(`^;; ${key}: ?(.*)$`, 'm').exec(wat)?.[1].trim();
  const expectKind = header('expect');
  if (expectKind === undefined) return undefined;
  const number = (key: string): number | undefined => {
    const v = header(key);
    return v === undefined ? undefined : Number(v);
  };
  return { file, wat, expect: expectKind, message: header('message'), budgetMs: number('budget-ms') ?? 1000, frame: number('frame'), maxLogBytes: number('max-log-bytes') };
}

/** Files this runner owns: the host-side hostile games (the ones whose stop comes from the host). */
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.wat'))
  .map(readCase)
  .filter((c): c is AdversarialCase => c !== undefined && ['draw-flood', 'text-flood', 'host-time', 'log-flood', 'clear-flood', 'raised-budget'].some((n) => c.file === `${n}.wat`));

async function run(c: AdversarialCase, engine: EngineName): Promise<{ info: StopInfo; ms: number; logBytes: number }> {
  let logBytes = 0;
  const started = performance.now();
  try {
    const session = await GameSession.create(compileWat(c.wat), {
      seed: 1,
      engine,
      frameBudgetMs: c.budgetMs,
      now: () => performance.now(),
      onLog: (_frame, message) => (logBytes += message.length),
    });
    for (let i = 0; i < 10; i++) session.step();
  } catch (error) {
    if (!(error instanceof SessionStopped)) throw error;
    return { info: error.info, ms: performance.now() - started, logBytes };
  }
  throw new Error(`${c.file} did not stop within 10 frames`);
}

describe('adversarial games (host limits)', () => {
  it('finds its games', () => expect(cases.length).toBe(6));
  for (const c of cases) {
    for (const engine of ['interp', 'jit'] as const) {
      it(`${c.file} on the ${engine}: a ${c.expect} stop`, { timeout: 60_000 }, async () => {
        const { info, ms, logBytes } = await run(c, engine);
        expect(info.kind, info.message).toBe(c.expect);
        expect(info.message).not.toMatch(/host error/);
        if (c.message) expect(info.message).toContain(c.message);
        if (c.frame !== undefined) expect(info.frame).toBe(c.frame);
        if (c.maxLogBytes !== undefined) expect(logBytes).toBeLessThanOrEqual(c.maxLogBytes);
        // Generous: the machine is shared, and a stop may take a frame or two of normal work before it.
        expect(ms).toBeLessThan(c.budgetMs * 4 + 3000);
      });
    }
  }
});
