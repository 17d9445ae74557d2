// The real games in games/*/*.wasm, run through the whole host path: contract
// check, our engine, input, draw lists. Each gets a few hundred frames of
// scripted play, twice, and both runs must agree frame by frame.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateDrawList } from '../../src/host/drawlist';
import { GameSession } from '../../src/host/session';
import type { EngineName } from '../../src/host/protocol';
import { TEST_OPTIONS } from './engines';

const GAMES = fileURLToPath(new URL('../../games', import.meta.url));
const wasmFiles = existsSync(GAMES)
  ? readdirSync(GAMES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(GAMES, d.name)).filter((f) => f.endsWith('.wasm')).map((f) => join(GAMES, d.name, f)))
  : [];

const FRAMES = 400;
// Start from the title screen, then steer back and forth and press the action keys.
const SCRIPT: Record<number, [number, boolean][]> = {
  5: [[13, true]],
  8: [[13, false]],
  20: [[32, true]],
  24: [[32, false]],
  40: [[37, true]],
  90: [[37, false], [39, true]],
  160: [[39, false], [38, true]],
  170: [[38, false], [40, true]],
  200: [[40, false], [37, true]],
  260: [[37, false], [32, true]],
  262: [[32, false]],
};

async function play(wasm: Uint8Array, seed: number, engine: EngineName = 'interp') {
  const logs: string[] = [];
  const session = await GameSession.create(wasm, { seed, engine, ...TEST_OPTIONS, onLog: (f, m) => logs.push(`${f}: ${m}`) });
  const hashes: string[] = [];
  for (let f = 1; f <= FRAMES; f++) {
    for (const [code, down] of SCRIPT[f] ?? []) session.queueKey(code, down);
    const r = session.step();
    validateDrawList(r.drawList);
    hashes.push(r.hash);
    if (f % 100 === 0) hashes.push(session.memoryHash());
  }
  return { session, hashes, logs };
}

describe.skipIf(wasmFiles.length === 0)('real games', () => {
  it.each(wasmFiles.map((f) => [f.slice(GAMES.length + 1), f]))('%s runs deterministically', async (_name, file) => {
    const wasm = new Uint8Array(readFileSync(file));
    const a = await play(wasm, 7);
    expect(a.session.frame).toBe(FRAMES);
    expect([1, 2]).toContain(a.session.meta.abi); // Rocks is the ABI v2 demo
    // it draws something, and the picture changes over time
    expect(new Set(a.hashes).size).toBeGreaterThan(10);
    const b = await play(wasm, 7);
    expect(b.hashes).toEqual(a.hashes);
    expect(b.logs).toEqual(a.logs);
  });

  it.for(wasmFiles.map((f) => [f.slice(GAMES.length + 1), f]))('%s gives the same frames on the JIT as on the interpreter', async ([, file]) => {
    const wasm = new Uint8Array(readFileSync(file));
    const jit = await play(wasm, 11, 'jit');
    const interp = await play(wasm, 11, 'interp');
    expect(jit.hashes).toEqual(interp.hashes);
    expect(jit.logs).toEqual(interp.logs);
  });
});
