// The vitest helper game developers use: a recording passes on the build it
// was made with, and on a build with broken logic the case fails with the
// report (first divergent frame, expected vs got draw call, input).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFromScript } from '../../src/node/recording-io';
import { findRecordings, runReplayCase } from '../../src/testing/replays';
import { compileWat } from '../fixtures/compile';

const here = new URL('.', import.meta.url).pathname;
const source = readFileSync(join(here, 'games/mover.wat'), 'utf8');

describe('defineReplayTests / runReplayCase', () => {
  it('passes on the recorded build and fails with a readable diff on a broken one', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'arcade-dev-'));
    mkdirSync(join(repo, 'test/replays/level1'), { recursive: true });
    writeFileSync(join(repo, 'game.wasm'), compileWat(source));
    await recordFromScript({ game: join(repo, 'game.wasm'), script: join(here, 'games/mover.script'), out: join(repo, 'test/replays/level1/run.rec'), seed: 3 });
    expect(findRecordings(join(repo, 'test/replays'))).toEqual([join(repo, 'test/replays/level1/run.rec')]);

    await expect(runReplayCase('test/replays/level1/run.rec', 'interp', { root: repo, game: 'game.wasm' })).resolves.toBeUndefined();

    // the developer breaks the game's logic and rebuilds
    writeFileSync(join(repo, 'game.wasm'), compileWat(source.replace('(f32.const 120)', '(f32.const 119)')));
    const failure = await runReplayCase('test/replays/level1/run.rec', 'interp', { root: repo, game: 'game.wasm' }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^note: recording was made with another build of 'Mover'/);
    expect(failure).toMatch(/test\/replays\/level1\/run\.rec:\d+: frame 31 is the first frame whose draw list differs/);
    expect(failure).toMatch(/frame 31, call 2: expected draw_rect\(142, 220, 40, 8, #ffffffff\)\n +got draw_rect\(141\.98334, 220, 40, 8, #ffffffff\)/);
    expect(failure).toMatch(/input up to frame 31 \(1 event\): 31:\+ArrowRight/);
    expect(failure).toMatch(/arcade replay game.wasm test\/replays\/level1\/run.rec --update/);

    await expect(runReplayCase('test/replays/level1/run.rec', 'interp', { root: repo, game: 'nope.wasm' })).rejects.toThrow(/run\.rec: the game nope\.wasm does not exist$/);

    // exactBuild makes the build itself the failure
    await expect(runReplayCase('test/replays/level1/run.rec', 'interp', { root: repo, game: 'game.wasm', exactBuild: true })).rejects.toThrow(/another build.*exactBuild: true requires/);
  });

});
