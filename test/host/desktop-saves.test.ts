// The desktop's save files (src/main/saves.ts): written new and renamed over
// the old one, so a crash mid-write never loses the previous save; a damaged
// or oversized file is reported and not used.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSave, saveFile, writeSave } from '../../src/main/saves';

describe('desktop save files', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'arcade-saves-'));

  it('round-trips, replaces and deletes a save; keys are any text', () => {
    const d = dir();
    const key = 'title:Rocks / "the game"';
    expect(readSave(d, key)).toEqual({});
    writeSave(d, key, new Uint8Array([1, 2, 3]));
    expect(readSave(d, key).data).toEqual(new Uint8Array([1, 2, 3]));
    writeSave(d, key, new Uint8Array([9]));
    expect(readSave(d, key).data).toEqual(new Uint8Array([9]));
    expect(readdirSync(d)).toEqual([saveFile(d, key).slice(d.length + 1)]); // no .new left behind
    writeSave(d, key, new Uint8Array(0));
    expect(existsSync(saveFile(d, key))).toBe(false);
  });

  it('keeps the previous save when a write died before its rename', () => {
    const d = dir();
    writeSave(d, 'k', new Uint8Array([5, 5]));
    writeFileSync(`${saveFile(d, 'k')}.new`, 'arcade-save 1 4 00'); // a crash mid-write
    expect(readSave(d, 'k').data).toEqual(new Uint8Array([5, 5]));
  });

  it('reports a damaged or oversized file and does not use it', () => {
    const d = dir();
    writeSave(d, 'k', new Uint8Array([1, 2, 3, 4]));
    const file = saveFile(d, 'k');
    writeFileSync(file, 'arcade-save 1 4 0000000000000000\n\x01\x02\x03\x04');
    expect(readSave(d, 'k')).toEqual({ problem: expect.stringMatching(/is corrupt \(its length or checksum does not match\): the game starts without a save$/) });
    writeFileSync(file, 'garbage');
    expect(readSave(d, 'k').problem).toMatch(/is corrupt/);
    expect(() => writeSave(d, 'k', new Uint8Array(70_000))).toThrow('a save is at most 65536 bytes, got 70000');
  });
});
