// Vitest helper: every recording in a folder becomes a test case, run on
// every engine that exists. Game developers use it in their own repos:
//
//   // test/replays.test.ts
//   import { defineReplayTests } from 'wasm-arcade/testing';
//   defineReplayTests({ dir: 'test/replays', game: 'target/wasm32-unknown-unknown/release/my_game.wasm' });
//
// A failing case prints the replay report: the first divergent frame, the
// draw calls that differ (expected vs got) and the input that led there.
// Node-only (it reads files); the logic is in src/host/recording.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'vitest';
import type { EngineName } from '../host/protocol';
import { parseRecording } from '../host/recording';
import { replayFile } from '../node/recording-io';
import type { SessionExtras } from '../node/recording-io';
import { readText } from '../node/files';
import { failureDir } from '../node/pictures';

export interface ReplayTestOptions {
  /** Folder searched (recursively) for `*.rec` and `*.rec.gz` files. */
  readonly dir: string;
  /**
   * The game to replay against: a path, or a function choosing one per
   * recording. Default: the recording's `game-path` header, resolved against `root`.
   */
  readonly game?: string | ((file: string, gamePath: string | undefined) => string);
  /** Base for relative paths (default: the current directory). */
  readonly root?: string;
  /** Engines to run every recording on (default: interp and jit). */
  readonly engines?: readonly EngineName[];
  /**
   * Require the exact game build the recording was made with (default false:
   * a regression test checks behaviour, so a rebuilt game is expected).
   */
  readonly exactBuild?: boolean;
  /**
   * Where a failing case writes expected.png, actual.png, diff.png and
   * report.txt of the first divergent frame: true (default) for
   * `<recording>.failure/` beside the recording, a folder, or false for none.
   */
  readonly pictures?: boolean | string;
  /** Session options for tests that run on a reference engine. */
  readonly extras?: SessionExtras;
}

/** All `*.rec` and `*.rec.gz` files under `dir`, sorted. */
export function findRecordings(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.rec') || name.endsWith('.rec.gz')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Replays one recording file on one engine as a test case would: resolves
 * when every frame matches, and rejects with an Error whose message is the
 * replay report (first divergent frame, differing calls, input) otherwise.
 */
export async function runReplayCase(file: string, engine: EngineName, options: Omit<ReplayTestOptions, 'dir' | 'engines'> = {}): Promise<void> {
  const root = resolve(options.root ?? '.');
  const source = relative(root, resolve(root, file));
  const rec = parseRecording(readText(resolve(root, file), 'recording'), { source });
  const game = typeof options.game === 'function' ? options.game(file, rec.header.gamePath) : (options.game ?? rec.header.gamePath);
  if (game === undefined) throw new Error(`${source}: no game given and the recording has no game-path header (pass game: to defineReplayTests)`);
  if (!existsSync(resolve(root, game)))
    throw new Error(`${source}: the game ${game} does not exist${options.game === undefined ? " (taken from the recording's game-path header; pass game: to defineReplayTests)" : ''}`);
  const pictures = options.pictures === false ? undefined : typeof options.pictures === 'string' ? resolve(root, options.pictures) : failureDir(resolve(root, file));
  const r = await replayFile({
    game: resolve(root, game),
    recording: source,
    parsed: rec,
    engine,
    anyBuild: !options.exactBuild,
    otherBuildHint: 'exactBuild: true requires the build the recording was made with',
    extras: options.extras,
    pictures,
  });
  if (!r.result.ok) {
    const notes = r.notes.map((n) => `note: ${n}\n`).join('');
    const shown = r.pictures ? `\npictures of frame ${r.result.draw?.frame}: ${r.pictures.files.map((f) => relative(root, f)).join(', ')}` : '';
    throw new Error(`${notes}${r.report}${shown}\n(replayed on ${engine}; if the change is intended: arcade replay ${game} ${source} --update)`);
  }
}

export function defineReplayTests(options: ReplayTestOptions): void {
  const root = resolve(options.root ?? '.');
  const dir = resolve(root, options.dir);
  const files = findRecordings(dir);
  const engines = options.engines ?? ['interp', 'jit'];
  describe(`recordings in ${relative(root, dir) || '.'}`, () => {
    if (files.length === 0)
      it('has recordings', () => {
        throw new Error(`no *.rec or *.rec.gz files under ${dir} (make one with arcade record, or the app's Record button)`);
      });
    for (const file of files) {
      const name = relative(dir, file);
      for (const engine of engines) {
        it(`${name} [${engine}]`, () => runReplayCase(file, engine, options));
      }
    }
  });
}
