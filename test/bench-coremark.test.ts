// bench:coremark's runner (bench/coremark/): a CoreMark-shaped module (run() ->
// f32, env.clock_ms() -> i64) on every engine with a made-up clock, CoreMark's
// error result told apart from a score, and the command refusing files that
// are not shaped like CoreMark's minimal build. Nothing here is timed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coremarkScore } from '../bench/coremark/score';
import { wat } from './runtime/wat';

const ROOT = resolve(import.meta.dirname, '..');

/** run() = 1000 / (second clock reading - first) + offset, as a score of iterations per second would be. */
const shaped = (offset: number) => wat(`(module
  (import "env" "clock_ms" (func $clock (result i64)))
  (func (export "run") (result f32) (local $t0 i64)
    (local.set $t0 (call $clock))
    (f32.add (f32.div (f32.const 1000) (f32.convert_i64_s (i64.sub (call $clock) (local.get $t0)))) (f32.const ${offset}))))`);

describe('bench:coremark', () => {
  for (const engine of ['native', 'interp', 'jit', 'tiered'] as const) {
    it(`scores on ${engine} from the clock it is given`, async () => {
      let t = 1000;
      expect(await coremarkScore(engine, shaped(0), () => (t += 250))).toBe(4);
    });
  }

  it('a result of at most 1 is CoreMark reporting an error, not a score', async () => {
    let t = 0;
    const got = await coremarkScore('jit', shaped(-3), () => (t += 250));
    expect(got).toMatch(/^returned 1 in 3 runs after a warm-up: CoreMark reports an error/);
  });

  it('refuses a file that is not shaped like CoreMark, naming it and what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coremark-'));
    const game = join(ROOT, 'games/snake/snake.wasm');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/coremark/run.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    let r = run(game);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${game}: it imports env.`);
    const noRun = join(dir, 'norun.wasm');
    writeFileSync(noRun, wat('(module (import "env" "clock_ms" (func (result i64))) (func (export "go")))'));
    r = run(noRun);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${noRun}: it exports no function "run"`);
    r = run(join(dir, 'missing.wasm'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing.wasm: ENOENT');
  });
});
