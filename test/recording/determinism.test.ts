// Same input, same recording: on every run, and on every engine we have.
// A missing engine is a printed skip, never a silent pass.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFromScript } from '../../src/cli/recording-io';
import { engineMissingReason } from '../../src/testing/replays';
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
  it('gives identical checksums on the interpreter and the JIT', async (ctx) => {
    if (TEST_OPTIONS.wasmApi) ctx.skip('running on the reference WebAssembly: one engine only');
    const interp = await record('interp', join(dir, 'i.rec'));
    let jit: string;
    try {
      jit = await record('jit', join(dir, 'j.rec'));
    } catch (error) {
      const missing = engineMissingReason('jit', error);
      if (!missing) throw error;
      console.warn(`SKIPPED interp-vs-jit recording check: ${missing}`);
      ctx.skip(missing);
      return;
    }
    expect(jit).toBe(interp);
  });
});
