// The standing adversarial suite: every test/adversarial/*.wat is a hostile
// game that must end with a named stop, within a generous time bound, on
// every engine. Each file says what it expects in header comments:
//
//   ;; expect: watchdog            the StopInfo kind (trap, limit, watchdog, contract, load)
//   ;; message: some text          (optional) a substring of the stop's message
//   ;; budget-ms: 1000             (optional) the session's frame budget (default 1000)
//   ;; within-ms: 15000            the most the whole run may take, load included
//   ;; frames: 5                   (optional) frames to run before giving up (default 5)
//   ;; engines: interp jit         (optional) the engines to run it on (default both)
//   ;; frame: 3                    (optional) the frame that must stop
//   ;; max-log-bytes: 500000       (optional) most log text passed on before the stop
//
// plus the usual `;; arcade.game:` lines (test/fixtures/compile.ts). A file
// that runs all its frames without stopping fails, as does one that stops
// otherwise or too late. Host-side and engine-side hostile games share it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GameSession, SessionStopped } from '../src/host/session';
import type { EngineName, StopInfo } from '../src/host/protocol';
import { compileWat } from './fixtures/compile';

const DIR = fileURLToPath(new URL('./adversarial/', import.meta.url));

interface Case {
  readonly file: string;
  readonly source: string;
  readonly expect: string;
  readonly message?: string;
  readonly budgetMs: number;
  readonly withinMs: number;
  readonly frames: number;
  readonly engines: EngineName[];
  readonly frame?: number;
  readonly maxLogBytes?: number;
}

function header(source: string, key: string): string | undefined {
  return new RegExp(`^;; ${key}: *(.*)$`, 'm').exec(source)?.[1]?.trim();
}

function number(file: string, source: string, key: string, fallback?: number): number {
  const v = header(source, key);
  if (v === undefined) {
    if (fallback === undefined) throw new Error(`${file}: missing header ';; ${key}: N'`);
    return fallback;
  }
  if (!/^[0-9]+$/.test(v)) throw new Error(`${file}: ';; ${key}:' must be a whole number, got '${v}'`);
  return Number(v);
}

function parse(file: string): Case {
  const source = readFileSync(join(DIR, file), 'utf8');
  const expectKind = header(source, 'expect');
  if (!expectKind) throw new Error(`${file}: missing header ';; expect: <stop kind>'`);
  const engines = (header(source, 'engines') ?? 'interp jit').split(/\s+/) as EngineName[];
  for (const e of engines) if (e !== 'interp' && e !== 'jit') throw new Error(`${file}: unknown engine '${e}' in ';; engines:'`);
  return {
    file, source, expect: expectKind, message: header(source, 'message'), engines,
    budgetMs: number(file, source, 'budget-ms', 1000),
    withinMs: number(file, source, 'within-ms'),
    frames: number(file, source, 'frames', 5),
    frame: header(source, 'frame') === undefined ? undefined : number(file, source, 'frame'),
    maxLogBytes: header(source, 'max-log-bytes') === undefined ? undefined : number(file, source, 'max-log-bytes'),
  };
}

/** Loads and runs the game until it stops; the stop, or undefined if it ran all its frames. */
async function play(c: Case, wasm: Uint8Array, engine: EngineName): Promise<{ stop: StopInfo | undefined; logBytes: number }> {
  let logBytes = 0;
  const onLog = (_frame: number, message: string) => void (logBytes += message.length);
  try {
    const session = await GameSession.create(wasm, { seed: 1, engine, frameBudgetMs: c.budgetMs, now: () => performance.now(), onLog });
    for (let f = 0; f < c.frames; f++) session.step();
    return { stop: undefined, logBytes };
  } catch (e) {
    if (e instanceof SessionStopped) return { stop: e.info, logBytes };
    throw e;
  }
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.wat')).sort().map(parse);

describe('adversarial games end with their named stop in time', () => {
  it('has its files', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    for (const engine of c.engines) {
      it(`${c.file} on ${engine}: ${c.expect}`, async () => {
        const wasm = compileWat(c.source);
        const start = performance.now();
        const { stop, logBytes } = await play(c, wasm, engine);
        const took = performance.now() - start;
        expect(stop, `${c.file} ran ${c.frames} frames without stopping`).toBeDefined();
        expect(stop!.kind, `${c.file}: ${stop!.message}`).toBe(c.expect);
        expect(stop!.message).not.toMatch(/host error/);
        if (c.message !== undefined) expect(stop!.message).toContain(c.message);
        if (c.frame !== undefined) expect(stop!.frame).toBe(c.frame);
        if (c.maxLogBytes !== undefined) expect(logBytes).toBeLessThanOrEqual(c.maxLogBytes);
        expect(took, `${c.file} took ${Math.round(took)} ms`).toBeLessThan(c.withinMs);
      }, Math.max(60_000, 4 * c.withinMs));
    }
  }
});
