// Mutant games: the bundled games with one or two bytes of their code section
// changed in their low seven bits (as test/mutants.test.ts does to the
// benchmark programs), played through the whole host path — contract check,
// imports, input, draw lists — on the JIT and on the interpreter, which must
// give the same frames, logs, memory and stop. The mutants reach the import
// adapters and the session's stop reporting with values and traps no real
// game produces.
//
//   GAME_MUTANT_COUNT=1000 npx vitest run test/host/game-mutants.test.ts
//
// Mutant 799 (Breakout's dlmalloc with a block turned into a loop) grows
// memory without end; it stops on the watchdog since memory.grow counts what
// it adds and copies (store.ts GROW_ASK_BYTES), or at the memory limit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GameSession, SessionStopped } from '../../src/host/session';
import type { EngineName } from '../../src/host/protocol';
import { mutant, source } from '../support/mutate';
import { TEST_OPTIONS } from './engines';

const COUNT = Number(process.env.GAME_MUTANT_COUNT ?? 150);
const FIRST_SEED = Number(process.env.GAME_MUTANT_SEED ?? 1);
const FRAMES = 120;
/** Start, steer both ways, act (the codes of Enter, Space and the arrows). */
const SCRIPT: Record<number, [number, boolean][]> = {
  3: [[13, true]], 5: [[13, false]], 10: [[32, true]], 12: [[32, false]],
  20: [[37, true]], 50: [[37, false], [39, true]], 80: [[39, false], [38, true]], 90: [[38, false], [40, true]], 100: [[40, false]],
};

const games = ['breakout', 'snake'].map((name) =>
  source(name, new Uint8Array(readFileSync(new URL(`../../games/${name}/${name}.wasm`, import.meta.url)))));

/** What one engine made of a mutant: per-frame draw-list hashes and memory hashes, logs, and how it stopped. */
async function play(bytes: Uint8Array, engine: EngineName): Promise<{ trace: string[]; stop?: string; watchdog: boolean }> {
  const trace: string[] = [];
  let clock = 0;
  let session: GameSession;
  try {
    // A clock that ticks per reading makes the watchdog count polls, not
    // milliseconds: a mutant that loops forever stops without wall time.
    session = await GameSession.create(bytes, {
      seed: 5, engine, ...TEST_OPTIONS, frameBudgetMs: 50, now: () => (clock += 1),
      onLog: (frame, message) => trace.push(`log ${frame}: ${message}`),
    });
  } catch (e) {
    return { trace, stop: `create: ${e instanceof SessionStopped ? `${e.info.kind}: ${e.info.message}` : (e as Error).message}`, watchdog: false };
  }
  for (let f = 1; f <= FRAMES; f++) {
    for (const [code, down] of SCRIPT[f] ?? []) session.queueKey(code, down);
    try {
      trace.push(`frame ${f}: ${session.step().hash}`);
    } catch (e) {
      if (!(e instanceof SessionStopped)) throw e;
      const { kind, frame, message, wasmStack } = e.info;
      return { trace, stop: `${kind} at ${frame}: ${message} [${wasmStack?.join(' < ') ?? ''}]`, watchdog: kind === 'watchdog' };
    }
    if (f % 40 === 0) trace.push(`memory ${f}: ${session.memoryHash()}`);
  }
  return { trace, watchdog: false };
}

describe('mutated games play the same on the JIT and the interpreter', () => {
  const seeds = Array.from({ length: COUNT }, (_, i) => FIRST_SEED + i);
  it.each(seeds)('game mutant %i', async (seed) => {
    const { source: game, bytes, changed } = mutant(seed, games);
    const where = `game mutant ${seed} (${game}, bytes ${changed.join(', ')})`;
    const interp = await play(bytes, 'interp');
    const jit = await play(bytes, 'jit');
    // (counted before the watchdog's exception: with this clock, which frame the JIT's
    // polls and tier-up push past the watchdog moves with the compile budget's steps)
    if (interp.trace.some((t) => t.startsWith('frame '))) played++;
    // The watchdog counts polls, and the engines poll at different places.
    if (interp.watchdog || jit.watchdog) return;
    expect(jit.stop, `${where}: how it stopped`).toBe(interp.stop);
    expect(jit.trace, `${where}: frames, logs, memory`).toEqual(interp.trace);
  });

  let played = 0;
  it('played a fair share of the mutants', () => {
    // About a quarter of these mutants still validate and draw frames (the
    // games are built for size, so most changed bytes break validation); if
    // almost none did, the mutator (or the session) has stopped doing its job.
    if (COUNT >= 40) expect(played).toBeGreaterThan(COUNT / 10);
  });
});
