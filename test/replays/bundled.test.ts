// Every bundled game ships a golden recording that reaches game over and a
// restart, so npm test covers a whole play-through of each.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFile } from '../../src/cli/recording-io';
import { parseRecording } from '../../src/host/recording';
import { findRecordings } from '../../src/testing/replays';
import { TEST_OPTIONS } from '../host/engines';

const games = readdirSync('games')
  .map((name) => join('games', name, `${name}.wasm`))
  .filter((p) => existsSync(p));
const recordings = findRecordings('test/replays').map((file) => ({ file, rec: parseRecording(readFileSync(file, 'utf8'), { source: file }) }));

describe('bundled games have golden recordings', () => {
  it('finds the bundled games', () => expect(games.length).toBeGreaterThan(0));
  for (const game of games) {
    it(`${game}: a recording plays through game over and a restart`, async () => {
      const mine = recordings.filter((r) => r.rec.header.gamePath === game);
      expect(mine.map((r) => r.file), `no recording in test/replays has game-path: ${game}`).not.toEqual([]);
      const covered: string[] = [];
      for (const { file, rec } of mine) {
        const logs: string[] = [];
        await replayFile({ game, recording: file, parsed: rec, anyBuild: true, extras: TEST_OPTIONS, onLog: (_f, m) => logs.push(m) });
        const text = logs.join('\n');
        if (/new game[\s\S]*(game over|crashed)[\s\S]*new game/i.test(text)) covered.push(file);
      }
      expect(covered, `none of ${mine.map((r) => r.file).join(', ')} logs 'new game', then game over, then 'new game' again`).not.toEqual([]);
    });
  }
});
