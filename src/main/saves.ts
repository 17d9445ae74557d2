// ABI v2 save data on the desktop: one file per game (named by the SHA-256 of
// its save key, so any id or title is a safe file name) in the app's user-data
// folder. A write goes to `<file>.new`, is flushed to disk, then renamed over
// the old file: a crash mid-write leaves the previous save whole. Each file
// starts with a header line carrying the data's length and checksum, so a
// damaged file is recognised and not used.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { MAX_SAVE_BYTES } from '../host/abi';
import { hashBytes } from '../host/drawlist';

const MAGIC = 'arcade-save 1';

export interface SaveRead {
  readonly data?: Uint8Array;
  /** Why a stored save was not used. */
  readonly problem?: string;
}

export function saveFile(dir: string, key: string): string {
  return join(dir, `${createHash('sha256').update(key).digest('hex')}.sav`);
}

export function readSave(dir: string, key: string): SaveRead {
  const file = saveFile(dir, key);
  if (!existsSync(file)) return {};
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    return { problem: `the save for ${key} cannot be read (${(error as Error).message}): the game starts without a save` };
  }
  const nl = bytes.indexOf(10);
  const header = nl > 0 ? new TextDecoder().decode(bytes.subarray(0, nl)) : '';
  const m = /^arcade-save 1 ([0-9]{1,9}) ([0-9a-f]{16})$/.exec(header);
  const data = bytes.subarray(nl + 1);
  if (!m || Number(m[1]) !== data.length || hashBytes(data) !== m[2]) {
    return { problem: `the save for ${key} (${file}) is corrupt (its length or checksum does not match): the game starts without a save` };
  }
  if (data.length > MAX_SAVE_BYTES) return { problem: `the save for ${key} is ${data.length} bytes, over the ${MAX_SAVE_BYTES}-byte limit: the game starts without a save` };
  return { data: data.slice() };
}

/** Replaces the save atomically (empty data deletes it). */
export function writeSave(dir: string, key: string, data: Uint8Array): void {
  if (data.length > MAX_SAVE_BYTES) throw new RangeError(`a save is at most ${MAX_SAVE_BYTES} bytes, got ${data.length}`);
  mkdirSync(dir, { recursive: true });
  const file = saveFile(dir, key);
  if (data.length === 0) {
    rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.new`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${MAGIC} ${data.length} ${hashBytes(data)}\n`);
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
