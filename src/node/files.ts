// Reading and writing the files the CLI and the vitest helper work with, with
// errors a person can act on ("no such file", "is a folder") instead of raw
// ENOENT/EISDIR, and recordings gzip-compressed when their name ends in .gz
// (read back transparently whatever their name: gzip is recognised by its magic).
import { closeSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/** A file could not be read or written; the message names the file and says why. */
export class FileError extends Error {
  override name = 'FileError';
}

function explain(path: string, what: string, err: unknown): FileError {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new FileError(`${path}: no such ${what}`);
    case 'EISDIR':
      return new FileError(`${path} is a folder, not a ${what}`);
    case 'ENOTDIR':
      return new FileError(`${path}: a part of this path is a file, not a folder`);
    case 'EACCES':
    case 'EPERM':
      return new FileError(`${path}: permission denied`);
    default:
      return new FileError(`${path}: ${(err as Error).message}`);
  }
}

/** Largest game file read: far above any real game, far below what would exhaust memory. */
export const MAX_GAME_BYTES = 256 * 1024 * 1024;
/** Largest text file read (a recording, a script), also after gunzip: V8 cannot hold a longer string (~512 MiB). */
export const MAX_TEXT_BYTES = 500 * 1024 * 1024;
const MIB = 1024 * 1024;

/** The bytes of a file of at most `max` bytes; `what` names it in errors ("game file", "recording"). */
export function readBytes(path: string, what = 'file', max = MAX_TEXT_BYTES): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw explain(path, what, err);
  }
  if (size > max) throw new FileError(`${path} is ${(size / MIB).toFixed(1)} MiB; a ${what} may be at most ${max / MIB} MiB`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw explain(path, what, err);
  }
}

/** A game's .wasm bytes. */
export function readGame(path: string): Uint8Array {
  const bytes = readBytes(path, 'game file (.wasm)', MAX_GAME_BYTES);
  if (bytes.length >= 4 && bytes[0] === 0x1f && bytes[1] === 0x8b) throw new FileError(`${path} is gzip-compressed, not a .wasm file`);
  return bytes;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A text file, gunzipped if it is gzip-compressed (`.rec.gz`). */
export function readText(path: string, what = 'file'): string {
  const bytes = readBytes(path, what);
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  try {
    return new TextDecoder().decode(gunzipSync(bytes, { maxOutputLength: MAX_TEXT_BYTES }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new FileError(`${path}: unpacks to more than ${MAX_TEXT_BYTES / MIB} MiB; a ${what} may be at most that`);
    throw new FileError(`${path}: not a valid gzip file (${(err as Error).message.split('\n', 1)[0]})`);
  }
}

/** Whether a file name asks for gzip compression. */
export function wantsGzip(path: string): boolean {
  return path.endsWith('.gz');
}

/**
 * Writes a file through `<path>.partial` and a rename, so a reader never sees
 * half of it; gzip-compressed when the name ends in .gz.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = `${path}.partial`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, wantsGzip(path) ? gzipSync(bytes, { level: 9 }) : bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    throw explain(path, 'file', err);
  }
}

/**
 * A file written piece by piece as it is made (a recording, frame by frame,
 * so a crash keeps what was written in `<path>.partial`). With a .gz name the
 * pieces are kept in memory and compressed once at the end.
 */
export class IncrementalFile {
  private readonly fd: number;
  private readonly pieces: string[] | undefined;
  bytes = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(`${path}.partial`, 'w');
    } catch (err) {
      throw explain(path, 'file', err);
    }
    this.pieces = wantsGzip(path) ? [] : undefined;
  }

  write(chunk: string): number {
    const n = Buffer.byteLength(chunk);
    this.bytes += n;
    if (this.pieces) this.pieces.push(chunk);
    else writeSync(this.fd, chunk);
    return n;
  }

  /** Closes and moves the file into place; returns the size on disk. */
  finish(): number {
    let size = this.bytes;
    if (this.pieces) {
      const gz = gzipSync(this.pieces.join(''), { level: 9 });
      writeSync(this.fd, gz);
      size = gz.length;
    }
    closeSync(this.fd);
    renameSync(`${this.path}.partial`, this.path);
    return size;
  }

  /** Closes after a failure, keeping what was written (uncompressed) in `<path>.partial`. */
  abandon(): void {
    if (this.pieces) writeSync(this.fd, this.pieces.join(''));
    closeSync(this.fd);
  }
}
