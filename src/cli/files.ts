// Reading the files a command is given. Every problem (missing, a directory,
// too large, unreadable, not UTF-8 where text is wanted) becomes a FileError
// with one line naming the file, which the commands print as
// `arcade <command>: <message>` — never a Node stack trace.
import { readFileSync, statSync } from 'node:fs';
import { escapeControl } from '../host/escape';

/** Largest game file read (bytes): far above any real game, far below what would exhaust memory. */
export const MAX_GAME_BYTES = 256 * 1024 * 1024;
/** Largest recording or script read (bytes): V8 cannot hold a longer string (~512 MiB). */
export const MAX_TEXT_BYTES = 500 * 1024 * 1024;

export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

const MIB = 1024 * 1024;

/** `what` names the file's role in messages: 'game', 'recording', 'script'. */
function checkedSize(path: string, what: string, max: number): void {
  const name = `${what} '${escapeControl(path)}'`;
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FileError(`${name} is a directory, not a file`);
    if (!st.isFile()) throw new FileError(`${name} is not a regular file`);
    size = st.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`cannot read ${name}: ${reason(error)}`);
  }
  if (size > max) throw new FileError(`${name} is ${(size / MIB).toFixed(1)} MiB; a ${what} may be at most ${max / MIB} MiB`);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ELOOP') return 'too many symbolic links';
  return (error as Error).message.split('\n', 1)[0];
}

/** The bytes of a binary file (a game). */
export function readBinaryFile(path: string, what = 'game', max = MAX_GAME_BYTES): Uint8Array {
  checkedSize(path, what, max);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new FileError(`cannot read ${what} '${escapeControl(path)}': ${reason(error)}`);
  }
}

/** A UTF-8 text file (a recording, an input script). */
export function readTextFile(path: string, what: string, max = MAX_TEXT_BYTES): string {
  checkedSize(path, what, max);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new FileError(`cannot read ${what} '${escapeControl(path)}': ${reason(error)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileError(`${what} '${escapeControl(path)}' is not UTF-8 text`);
  }
}
