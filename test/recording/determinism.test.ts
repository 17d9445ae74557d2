// Same input, same recording: on every run, and on every engine we have.
// A missing engine is a printed skip, never a silent pass.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFromScript } from '../../src/node/recording-io';
import type { EngineName } from '../../src/host/protocol';
import { compileWat } from '../fixtures/compile';
import { TEST_OPTIONS } from '../host/engines';

const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'arcade-det-'));
const game = join(dir, 'mover.wasm');
writeFileSync(game, compileWat(readFileSync(join(here, 'games/mover.wat'), 'utf8')));
const script = join(here, 'games/mover.script');

/** The recording minus the header line naming the engine. */
async function record(engine: EngineName, out: string): Promise<string> {
  await recordFromScript({ game, script, out, seed: 5, engine, memoryEvery: 30, extras: TEST_OPTIONS });
  return readFileSync(out, 'utf8').replace(/^engine: .*\n/m, '');
}

describe('determinism', () => {
  it('gives byte-identical recordings on every run', async () => {
    const a = await record('interp', join(dir, 'a.rec'));
    const b = await record('interp', join(dir, 'b.rec'));
    expect(b).toBe(a);
  });
  it('gives identical checksums on the interpreter and the JIT', async () => {
    const interp = await record('interp', join(dir, 'i.rec'));
    const jit = await record('jit', join(dir, 'j.rec'));
    expect(jit).toBe(interp);
  });
});
