// Draw lists: what a game drew in one frame, as one compact binary buffer.
//
// The host imports (clear, draw_rect, ...) append to a DrawListBuilder; at the
// end of the frame `finish()` copies the commands into one ArrayBuffer that is
// hashed (for recordings) and posted to the renderer, which walks it with
// visitDrawList(). The byte layout is documented in docs/drawlist.md; keep the
// two in step.
//
// Layout (all little-endian, 4-byte words):
//   header   16 bytes: magic "ADL1", command count, command words, string bytes
//   commands one opcode word followed by the operand words of that opcode
//   strings  UTF-8 bytes of every text command, zero-padded to a multiple of 4

import type { DrawListVisitor } from './protocol';

/** "ADL1" read as a little-endian u32. */
export const DRAWLIST_MAGIC = 0x314c4441;
export const DRAWLIST_HEADER_BYTES = 16;

/** Command opcodes (the first word of each command). */
export const OP_CLEAR = 1;
export const OP_RECT = 2;
export const OP_CIRCLE = 3;
export const OP_LINE = 4;
export const OP_TEXT = 5;

/** Words per command, opcode word included, indexed by opcode. */
export const OP_WORDS: readonly number[] = [0, 2, 6, 5, 7, 7];
const OP_NAMES = ['?', 'clear', 'rect', 'circle', 'line', 'text'];

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const CANONICAL_NAN = 0x7fc00000;

/** Error for a draw list that is truncated or corrupt; `offset` is the byte at fault. */
export class DrawListError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`corrupt draw list at byte ${offset}: ${message}`);
    this.name = 'DrawListError';
  }
}

/**
 * Collects one frame's commands. Its arrays grow as needed and are reused for
 * every frame: appending a command allocates nothing.
 */
export class DrawListBuilder {
  private words: Uint32Array;
  private floats: Float32Array;
  private wordCount = 0;
  private strings: Uint8Array;
  private stringCount = 0;
  private commands = 0;

  constructor(initialWords = 1024, initialStringBytes = 1024) {
    if (!LITTLE_ENDIAN) throw new Error('draw lists need a little-endian platform');
    this.words = new Uint32Array(Math.max(16, initialWords));
    this.floats = new Float32Array(this.words.buffer);
    this.strings = new Uint8Array(Math.max(16, initialStringBytes));
  }

  /** Number of commands appended since the last reset. */
  get commandCount(): number {
    return this.commands;
  }

  /** Bytes of text appended since the last reset (the string table's size). */
  get stringBytes(): number {
    return this.stringCount;
  }

  /** Starts a new, empty frame (keeps the storage). */
  reset(): void {
    this.wordCount = 0;
    this.stringCount = 0;
    this.commands = 0;
  }

  /** Fills the screen. Everything appended before it in this frame is dropped: it could never be seen. */
  clear(rgba: number): void {
    this.reset();
    const i = this.begin(OP_CLEAR, 2);
    this.words[i + 1] = rgba >>> 0;
  }

  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    const i = this.begin(OP_RECT, 6);
    this.f(i + 1, x);
    this.f(i + 2, y);
    this.f(i + 3, w);
    this.f(i + 4, h);
    this.words[i + 5] = rgba >>> 0;
  }

  circle(cx: number, cy: number, radius: number, rgba: number): void {
    const i = this.begin(OP_CIRCLE, 5);
    this.f(i + 1, cx);
    this.f(i + 2, cy);
    this.f(i + 3, radius);
    this.words[i + 4] = rgba >>> 0;
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void {
    const i = this.begin(OP_LINE, 7);
    this.f(i + 1, x1);
    this.f(i + 2, y1);
    this.f(i + 3, x2);
    this.f(i + 4, y2);
    this.f(i + 5, thickness);
    this.words[i + 6] = rgba >>> 0;
  }

  /**
   * Text whose UTF-8 bytes are `bytes[start .. start+length)`. The caller has
   * checked they are valid UTF-8 (see isValidUtf8); they are copied, so
   * `bytes` may be the game's memory.
   */
  text(bytes: Uint8Array, start: number, length: number, x: number, y: number, size: number, rgba: number): void {
    const offset = this.stringCount;
    if (offset + length > this.strings.length) this.growStrings(offset + length);
    const strings = this.strings;
    for (let k = 0; k < length; k++) strings[offset + k] = bytes[start + k];
    this.stringCount = offset + length;
    const i = this.begin(OP_TEXT, 7);
    this.words[i + 1] = offset;
    this.words[i + 2] = length;
    this.f(i + 3, x);
    this.f(i + 4, y);
    this.f(i + 5, size);
    this.words[i + 6] = rgba >>> 0;
  }

  /** Convenience for tests and tools: text from a JS string. */
  textString(text: string, x: number, y: number, size: number, rgba: number): void {
    const bytes = new TextEncoder().encode(text);
    this.text(bytes, 0, bytes.length, x, y, size, rgba);
  }

  /**
   * The frame's draw list as a new ArrayBuffer of exactly the encoded size
   * (the receiver's to keep). The builder keeps its contents until reset()/clear().
   */
  finish(): ArrayBuffer {
    const commandBytes = this.wordCount * 4;
    const paddedStrings = (this.stringCount + 3) & ~3;
    const buffer = new ArrayBuffer(DRAWLIST_HEADER_BYTES + commandBytes + paddedStrings);
    const header = new Uint32Array(buffer, 0, 4);
    header[0] = DRAWLIST_MAGIC;
    header[1] = this.commands;
    header[2] = this.wordCount;
    header[3] = this.stringCount;
    new Uint32Array(buffer, DRAWLIST_HEADER_BYTES, this.wordCount).set(this.words.subarray(0, this.wordCount));
    new Uint8Array(buffer, DRAWLIST_HEADER_BYTES + commandBytes, this.stringCount).set(this.strings.subarray(0, this.stringCount));
    return buffer;
  }

  private begin(op: number, size: number): number {
    const i = this.wordCount;
    if (i + size > this.words.length) this.growWords(i + size);
    this.words[i] = op;
    this.wordCount = i + size;
    this.commands++;
    return i;
  }

  /** Stores an f32, with every NaN written as the one canonical quiet NaN (hashes must not depend on NaN bits). */
  private f(i: number, value: number): void {
    if (value !== value) this.words[i] = CANONICAL_NAN;
    else this.floats[i] = value;
  }

  private growWords(needed: number): void {
    let size = this.words.length * 2;
    while (size < needed) size *= 2;
    const words = new Uint32Array(size);
    words.set(this.words.subarray(0, this.wordCount));
    this.words = words;
    this.floats = new Float32Array(words.buffer);
  }

  private growStrings(needed: number): void {
    let size = this.strings.length * 2;
    while (size < needed) size *= 2;
    const strings = new Uint8Array(size);
    strings.set(this.strings.subarray(0, this.stringCount));
    this.strings = strings;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Calls the visitor once per command, in order. Allocates nothing per command
 * except the string of each text command. Throws DrawListError (with the byte
 * offset) before visiting anything if the buffer is truncated or corrupt, so a
 * renderer never draws half a frame.
 */
export function visitDrawList(buffer: ArrayBuffer, visitor: DrawListVisitor): void {
  const { words, floats, bytes, commandCount, stringStart } = validateDrawList(buffer);
  let i = 0;
  for (let n = 0; n < commandCount; n++) {
    switch (words[i]) {
      case OP_CLEAR:
        visitor.clear(words[i + 1]);
        i += 2;
        break;
      case OP_RECT:
        visitor.rect(floats[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], words[i + 5]);
        i += 6;
        break;
      case OP_CIRCLE:
        visitor.circle(floats[i + 1], floats[i + 2], floats[i + 3], words[i + 4]);
        i += 5;
        break;
      case OP_LINE:
        visitor.line(floats[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], floats[i + 5], words[i + 6]);
        i += 7;
        break;
      case OP_TEXT: {
        const start = stringStart + words[i + 1];
        const text = utf8.decode(bytes.subarray(start, start + words[i + 2]));
        visitor.text(text, floats[i + 3], floats[i + 4], floats[i + 5], words[i + 6]);
        i += 7;
        break;
      }
    }
  }
}

interface ValidDrawList {
  words: Uint32Array;
  floats: Float32Array;
  bytes: Uint8Array;
  commandCount: number;
  commandWords: number;
  stringStart: number;
  stringBytes: number;
}

/** Checks the whole buffer; throws DrawListError naming the first bad byte offset. */
export function validateDrawList(buffer: ArrayBuffer): ValidDrawList {
  if (!(buffer instanceof ArrayBuffer)) throw new DrawListError('expected an ArrayBuffer', 0);
  const size = buffer.byteLength;
  if (size < DRAWLIST_HEADER_BYTES) throw new DrawListError(`truncated: ${size} bytes is shorter than the ${DRAWLIST_HEADER_BYTES}-byte header`, size);
  if (size % 4 !== 0) throw new DrawListError(`length ${size} is not a multiple of 4`, size);
  const all = new Uint32Array(buffer);
  if (all[0] !== DRAWLIST_MAGIC) throw new DrawListError(`bad magic 0x${all[0].toString(16).padStart(8, '0')} (expected "ADL1")`, 0);
  const commandCount = all[1];
  const commandWords = all[2];
  const stringBytes = all[3];
  const stringStart = DRAWLIST_HEADER_BYTES + commandWords * 4;
  const expected = stringStart + ((stringBytes + 3) & ~3);
  if (expected > size) throw new DrawListError(`truncated: header describes ${expected} bytes but the buffer has ${size}`, size);
  if (expected < size) throw new DrawListError(`${size - expected} unexpected bytes after the string table`, expected);
  const words = new Uint32Array(buffer, DRAWLIST_HEADER_BYTES, commandWords);
  const bytes = new Uint8Array(buffer);
  let i = 0;
  let n = 0;
  while (i < commandWords) {
    const at = DRAWLIST_HEADER_BYTES + i * 4;
    const op = words[i];
    if (op < OP_CLEAR || op > OP_TEXT) throw new DrawListError(`unknown opcode ${op} (command #${n})`, at);
    const length = OP_WORDS[op];
    if (i + length > commandWords) throw new DrawListError(`${OP_NAMES[op]} command #${n} runs past the end of the command area (${stringStart} bytes)`, at);
    if (op === OP_TEXT) {
      const start = words[i + 1];
      const len = words[i + 2];
      if (start > stringBytes || len > stringBytes - start) {
        throw new DrawListError(`text command #${n} names string bytes ${start}..${start + len} outside the ${stringBytes}-byte string table`, at + 4);
      }
      const bad = firstInvalidUtf8(bytes, stringStart + start, len);
      if (bad >= 0) throw new DrawListError(`text command #${n} is not valid UTF-8`, bad);
    }
    i += length;
    n++;
  }
  if (n !== commandCount) throw new DrawListError(`header says ${commandCount} commands but the command area holds ${n}`, 4);
  return { words, floats: new Float32Array(buffer, DRAWLIST_HEADER_BYTES, commandWords), bytes, commandCount, commandWords, stringStart, stringBytes };
}

/**
 * Index of the first byte of `bytes[start .. start+length)` that makes it
 * invalid UTF-8 (overlong forms, surrogates and code points above U+10FFFF are
 * invalid, as for a fatal TextDecoder), or -1 if it is valid. Allocates nothing.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, length: number): number {
  const end = start + length;
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else {
      return i;
    }
    if (i + need >= end) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** True if `bytes[start .. start+length)` is valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array, start: number, length: number): boolean {
  return firstInvalidUtf8(bytes, start, length) < 0;
}

// ---------------------------------------------------------------------------
// Checksums: xx4x32, a 64-bit checksum for change detection (not security),
// defined exactly in docs/drawlist.md. XXH32's round on four 32-bit lanes,
// one little-endian word at a time, in 32-bit integer arithmetic (Math.imul,
// shifts): no BigInt, no allocation per byte or word, the same result on every
// engine and platform. Used for draw lists (every frame) and linear memory
// (checkpoints) in recordings.

/** Name of the checksum algorithm, as recordings state it (`checksum:` header). */
export const CHECKSUM_ALGORITHM = 'xx4x32';

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  return h ^ (h >>> 16);
}

/**
 * The checksum of `bytes` (xx4x32, docs/drawlist.md), as 16 hex digits.
 * Word i of the zero-padded input (little-endian u32) goes to lane i mod 4:
 * lane = rotl(lane + word·P2, 13)·P1; then the lanes, the length and two
 * fmix32 steps give 64 bits.
 */
export function hashBytes(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n >>> 2; // whole words
  let v1 = (P1 + P2) | 0;
  let v2 = P2;
  let v3 = 0;
  let v4 = -P1 | 0;
  let i = 0;
  const stripes = full & ~3;
  if (LITTLE_ENDIAN && (bytes.byteOffset & 3) === 0) {
    const w = new Int32Array(bytes.buffer, bytes.byteOffset, full);
    for (; i < stripes; i += 4) {
      v1 = (v1 + Math.imul(w[i], P2)) | 0;
      v1 = Math.imul((v1 << 13) | (v1 >>> 19), P1);
      v2 = (v2 + Math.imul(w[i + 1], P2)) | 0;
      v2 = Math.imul((v2 << 13) | (v2 >>> 19), P1);
      v3 = (v3 + Math.imul(w[i + 2], P2)) | 0;
      v3 = Math.imul((v3 << 13) | (v3 >>> 19), P1);
      v4 = (v4 + Math.imul(w[i + 3], P2)) | 0;
      v4 = Math.imul((v4 << 13) | (v4 >>> 19), P1);
    }
  } else {
    for (; i < stripes; i += 4) {
      const p = i << 2;
      v1 = (v1 + Math.imul(bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24), P2)) | 0;
      v1 = Math.imul((v1 << 13) | (v1 >>> 19), P1);
      v2 = (v2 + Math.imul(bytes[p + 4] | (bytes[p + 5] << 8) | (bytes[p + 6] << 16) | (bytes[p + 7] << 24), P2)) | 0;
      v2 = Math.imul((v2 << 13) | (v2 >>> 19), P1);
      v3 = (v3 + Math.imul(bytes[p + 8] | (bytes[p + 9] << 8) | (bytes[p + 10] << 16) | (bytes[p + 11] << 24), P2)) | 0;
      v3 = Math.imul((v3 << 13) | (v3 >>> 19), P1);
      v4 = (v4 + Math.imul(bytes[p + 12] | (bytes[p + 13] << 8) | (bytes[p + 14] << 16) | (bytes[p + 15] << 24), P2)) | 0;
      v4 = Math.imul((v4 << 13) | (v4 >>> 19), P1);
    }
  }
  // The last 0–3 whole words and the zero-padded tail word (up to 4 words) continue the lane order.
  const words = (n + 3) >>> 2;
  for (; i < words; i++) {
    const p = i << 2;
    const word = (p < n ? bytes[p] : 0) | (p + 1 < n ? bytes[p + 1] << 8 : 0) | (p + 2 < n ? bytes[p + 2] << 16 : 0) | (p + 3 < n ? bytes[p + 3] << 24 : 0);
    const lane = i & 3;
    let v = lane === 0 ? v1 : lane === 1 ? v2 : lane === 2 ? v3 : v4;
    v = (v + Math.imul(word, P2)) | 0;
    v = Math.imul((v << 13) | (v >>> 19), P1);
    if (lane === 0) v1 = v;
    else if (lane === 1) v2 = v;
    else if (lane === 2) v3 = v;
    else v4 = v;
  }
  const lenLo = n | 0;
  const lenHi = Math.floor(n / 0x100000000) | 0;
  const h1 = (((v1 << 1) | (v1 >>> 31)) + ((v2 << 7) | (v2 >>> 25)) + ((v3 << 12) | (v3 >>> 20)) + ((v4 << 18) | (v4 >>> 14)) + lenLo) | 0;
  const h2 = (Math.imul(v1, P3) + Math.imul(v2, P4) + Math.imul(v3, P5) + Math.imul(v4, P2) + lenHi) | 0;
  const a = fmix32(h1);
  const b = fmix32(h2 ^ a);
  return hex8(a) + hex8(b);
}

/** The recorded checksum of a draw list: hashBytes of all its bytes (header included). */
export function hashDrawList(buffer: ArrayBuffer): string {
  return hashBytes(new Uint8Array(buffer));
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

// Run every path of hashBytes once on tiny inputs when this module loads, so
// V8 has type feedback for all of it before the first big input (a memory
// checksum, ~1 MB) gets its loop compiled on-stack. Without this the code
// after the loop had no feedback in that compiled loop, and every later call
// re-entered it and deoptimised there (1128 deopts in one Breakout replay,
// hashBytes ~10% of a cold replay).
{
  const scratch = new Uint8Array(24);
  for (let n = 0; n <= 20; n++) {
    hashBytes(scratch.subarray(0, n));
    hashBytes(scratch.subarray(1, 1 + n));
  }
}
