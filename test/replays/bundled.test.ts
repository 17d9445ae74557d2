// Every bundled game ships a golden recording that reaches game over (a
// puzzle: its completion) and a restart, so npm test covers a whole play-through of each. The game's log
// lines are stored in recordings as `# log:` comments; replays.test.ts checks
// that the recordings still replay exactly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/host/recording';
import { findRecordings } from '../../src/testing/replays';

const games = readdirSync('games')
  .map((name) => join('games', name, `${name}.wasm`))
  .filter((p) => existsSync(p));
const recordings = findRecordings('test/replays').map((file) => {
  const text = readFileSync(file, 'utf8');
  return { file, text, rec: parseRecording(text, { source: file }) };
});

describe('bundled games have golden recordings', () => {
  it('finds the bundled games', () => expect(games.length).toBeGreaterThan(0));
  for (const game of games) {
    it(`${game}: a recording plays through game over and a restart`, () => {
      const mine = recordings.filter((r) => r.rec.header.gamePath === game);
      expect(mine.map((r) => r.file), `no recording in test/replays has game-path: ${game}`).not.toEqual([]);
      const covered = mine.filter((r) => {
        const logs = [...r.text.matchAll(/^# log: (.*)$/gm)].map((m) => m[1]).join('\n');
        return /new game[\s\S]*(game over|crashed|game complete)[\s\S]*new game/i.test(logs) && r.rec.trailer !== undefined;
      });
      expect(covered, `none of ${mine.map((r) => r.file).join(', ')} logs 'new game', then game over (or 'game complete'), then 'new game' again`).not.toEqual([]);
    });
  }
});
