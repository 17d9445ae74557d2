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
//   strings  the byte table: UTF-8 bytes of every text command, the pixels of
//            every framebuffer command, then the bytes of the frame's new
//            images, sounds and save (ABI v2), zero-padded to a multiple of 4
//
// Besides drawing, a frame's list carries sound commands (`tone`, `note`) and
// ABI v2's events: the list is the frame's whole output, so the frame hash
// covers what it sounds like too. ABI v2's events (image and sound creation,
// notes, saves) come first in the command area, before any drawing, and a
// `clear` does not drop them: they are outputs of the frame, not pictures. A
// v1 game never makes one, so its lists are byte for byte what they were.

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
/** An indexed-colour image (2 bits per pixel, 4-colour palette) scaled into a rectangle: the WASM-4 framebuffer. */
export const OP_FRAMEBUFFER = 6;
/** A sound command: one note on one channel (docs/drawlist.md, "Sound"). Draws nothing. */
export const OP_TONE = 7;
/** A filled triangle (the demo-2018 profile's rotated player ship). */
export const OP_TRIANGLE = 8;

// ABI v2 drawing
export const OP_TRANSFORM = 9;
/** Variable length: count, rgba, then count (x, y) f32 pairs. */
export const OP_POLYGON = 10;
export const OP_RING = 11;
export const OP_IMAGE = 12;
// ABI v2 events (first in the command area; survive `clear`)
export const OP_IMAGE_CREATE = 13;
export const OP_IMAGE_FREE = 14;
/** ABI v2's tone (continuous duty, pan and seconds); `tone` (OP_TONE) is the WASM-4 profile's. */
export const OP_NOTE = 15;
export const OP_SOUND_CREATE = 16;
export const OP_SOUND_PLAY = 17;
export const OP_SOUND_STOP = 18;
export const OP_SAVE = 19;
const LAST_OP = OP_SAVE;

/** Words per command, opcode word included, indexed by opcode (OP_POLYGON: the fixed part, 3, plus 2 per point). */
export const OP_WORDS: readonly number[] = [0, 2, 6, 5, 7, 7, 13, 12, 8, 7, 3, 6, 15, 6, 2, 13, 6, 6, 2, 3];
const OP_NAMES = [
  '?', 'clear', 'rect', 'circle', 'line', 'text', 'framebuffer', 'tone', 'triangle',
  'transform', 'polygon', 'ring', 'image', 'image-create', 'image-free', 'note', 'sound-create', 'sound-play', 'sound-stop', 'save',
];
/** Byte-table ranges: [offset word, length word] within a command, by opcode. */
const BLOB_FIELDS: Readonly<Record<number, readonly [number, number]>> = {
  [OP_TEXT]: [1, 2],
  [OP_FRAMEBUFFER]: [1, 2],
  [OP_IMAGE_CREATE]: [4, 5],
  [OP_SOUND_CREATE]: [4, 5],
  [OP_SAVE]: [1, 2],
};

/** Bytes of a width×height image at 2 bits per pixel (4 pixels per byte, rows not padded). */
export function framebufferBytes(width: number, height: number): number {
  return Math.ceil((width * height) / 4);
}

/** Tone waveforms (`mode` of a tone command): pulse waves with four duty cycles, a triangle, noise. */
export const TONE_WAVES = ['pulse12.5', 'pulse25', 'pulse50', 'pulse75', 'triangle', 'noise'] as const;
/** Tone panning (`pan` of a tone command). */
export const TONE_PANS = ['center', 'left', 'right'] as const;

/** One note, as a tone command carries it (all durations in 60 Hz frames). */
export interface Tone {
  /** Channel 0–3; a new tone on a channel replaces the one playing there. */
  readonly channel: number;
  /** Index into TONE_WAVES. */
  readonly wave: number;
  /** Index into TONE_PANS. */
  readonly pan: number;
  /** Start and end frequency in Hz (a linear slide from one to the other over the note). */
  readonly freqStart: number;
  readonly freqEnd: number;
  readonly attack: number;
  readonly decay: number;
  readonly sustain: number;
  readonly release: number;
  /** Volume at the end of the attack, 0–1. */
  readonly peak: number;
  /** Volume during the sustain, 0–1. */
  readonly volume: number;
}

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
 * What a builder enforces while commands are appended (GameSession sets one
 * from the game's limits; tools and tests build without). Both callbacks throw
 * to end the frame.
 */
export interface DrawBudget {
  /** Most commands a frame may hold. */
  readonly commands: number;
  /** Most bytes of text a frame may hold. */
  readonly textBytes: number;
  /** Called before a command or text would go over its limit, with the count it would reach. */
  over(resource: 'commands' | 'text', value: number): never;
  /** Called every TICK_EVERY commands and before any text is copied: the watchdog's look at the clock (`what`: the host function or command, if known). */
  tick(what?: string): void;
}

/** Commands between two DrawBudget.tick calls. */
export const TICK_EVERY = 256;

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
  private tones = 0;
  /** ABI v2 events of this frame (kept by clear): words, and their blobs. */
  private events: number[] = [];
  private eventBlobs: Uint8Array[] = [];
  private eventCount = 0;
  /** The current transform (ABI v2), re-emitted after a clear that drops it. */
  private readonly matrix = new Float32Array([1, 0, 0, 1, 0, 0]);
  /** Limits checked as commands are appended (none: unbounded). */
  budget: DrawBudget | undefined;
  private appended = 0;

  constructor(initialWords = 1024, initialStringBytes = 1024) {
    if (!LITTLE_ENDIAN) throw new Error('draw lists need a little-endian platform');
    this.words = new Uint32Array(Math.max(16, initialWords));
    this.floats = new Float32Array(this.words.buffer);
    this.strings = new Uint8Array(Math.max(16, initialStringBytes));
  }

  /**
   * Checks (with the budget, if any) that `length` more bytes of text fit in
   * this frame, and looks at the clock: a host import calls it before it even
   * reads the game's bytes, so no call checks or copies more than the limit.
   */
  admitText(length: number, fn?: string): void {
    const budget = this.budget;
    if (!budget) return;
    budget.tick(fn && `host function ${fn}`);
    if (this.stringCount + length > budget.textBytes) budget.over('text', this.stringCount + length);
  }

  /** Counts one more command (`op`) against the budget (before it is appended). */
  private admit(op: number): void {
    const budget = this.budget;
    if (!budget) return;
    const n = this.commands + this.eventCount;
    if (n >= budget.commands) budget.over('commands', n + 1);
    if (++this.appended % TICK_EVERY === 0) budget.tick(`a ${OP_NAMES[op]} command`);
  }

  /** Number of commands appended since the last reset. */
  get commandCount(): number {
    return this.commands + this.eventCount;
  }

  /**
   * Starts a new, empty frame (keeps the storage; the transform is the
   * identity again). `keepEvents`: ABI v2's events so far stay (what init
   * made — images, samples, a save — belongs to the first frame's output).
   */
  reset(keepEvents = false): void {
    this.wordCount = 0;
    this.stringCount = 0;
    this.commands = 0;
    this.tones = 0;
    if (!keepEvents) {
      this.events = [];
      this.eventBlobs = [];
      this.eventCount = 0;
    }
    this.matrix.set(IDENTITY);
  }

  /** Keeps only the (WASM-4) tone commands, in order; the byte table is emptied (tones use none). */
  private dropDrawing(): void {
    const words = this.words;
    let read = 0;
    let write = 0;
    while (read < this.wordCount) {
      const size = commandWords(words, read);
      if (words[read] === OP_TONE) {
        words.copyWithin(write, read, read + size);
        write += size;
      }
      read += size;
    }
    this.wordCount = write;
    this.commands = this.tones;
    this.stringCount = 0;
  }

  /**
   * Fills the screen. Every drawing command appended before it in this frame
   * is dropped (it could never be seen); sound commands, ABI v2's events
   * (new images and sounds, notes, saves) and the current transform stay.
   */
  clear(rgba: number): void {
    this.dropDrawing();
    const i = this.begin(OP_CLEAR, 2);
    this.words[i + 1] = rgba >>> 0;
    if (!isIdentity(this.matrix)) this.emitTransform();
  }

  // ---- ABI v2 drawing

  /** Sets the current transform (x' = a·x + c·y + e, y' = b·x + d·y + f). Equal to the current one: nothing is written. */
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    const m = this.matrix;
    const next = [a, b, c, d, e, f].map(Math.fround);
    if (next.every((v, k) => Object.is(v, m[k]))) return;
    m.set(next);
    this.emitTransform();
  }

  private emitTransform(): void {
    const i = this.begin(OP_TRANSFORM, 7);
    for (let k = 0; k < 6; k++) this.f(i + 1 + k, this.matrix[k]);
  }

  /** A filled convex polygon: `points` holds x0, y0, x1, y1, … (the caller checked count and convexity). */
  polygon(points: ArrayLike<number>, count: number, rgba: number): void {
    const i = this.begin(OP_POLYGON, 3 + 2 * count);
    this.words[i + 1] = count;
    this.words[i + 2] = rgba >>> 0;
    for (let k = 0; k < 2 * count; k++) this.f(i + 3 + k, points[k]);
  }

  ring(cx: number, cy: number, radius: number, thickness: number, rgba: number): void {
    const i = this.begin(OP_RING, 6);
    this.f(i + 1, cx);
    this.f(i + 2, cy);
    this.f(i + 3, radius);
    this.f(i + 4, thickness);
    this.words[i + 5] = rgba >>> 0;
  }

  image(id: number, sx: number, sy: number, sw: number, sh: number, x: number, y: number, w: number, h: number, angle: number, ox: number, oy: number, flags: number, rgba: number): void {
    const i = this.begin(OP_IMAGE, 15);
    this.words[i + 1] = id >>> 0;
    this.f(i + 2, sx);
    this.f(i + 3, sy);
    this.f(i + 4, sw);
    this.f(i + 5, sh);
    this.f(i + 6, x);
    this.f(i + 7, y);
    this.f(i + 8, w);
    this.f(i + 9, h);
    this.f(i + 10, angle);
    this.f(i + 11, ox);
    this.f(i + 12, oy);
    this.words[i + 13] = flags >>> 0;
    this.words[i + 14] = rgba >>> 0;
  }

  // ---- ABI v2 events (kept by clear, written before the drawing)

  /** A new image: `rgba` is width × height × 4 bytes, R first (copied). */
  imageCreate(id: number, width: number, height: number, rgba: Uint8Array): void {
    this.event([OP_IMAGE_CREATE, id >>> 0, width >>> 0, height >>> 0, 0, rgba.length], rgba);
  }

  imageFree(id: number): void {
    this.event([OP_IMAGE_FREE, id >>> 0]);
  }

  /** ABI v2's tone (seconds, continuous duty and pan); see `tone` for the WASM-4 profile's. */
  note(channel: number, wave: number, freq: number, freqEnd: number, duration: number, volume: number, pan: number, attack: number, decay: number, sustain: number, release: number, duty: number): void {
    this.event([OP_NOTE, channel >>> 0, wave >>> 0, ...[freq, freqEnd, duration, volume, pan, attack, decay, sustain, release, duty].map(f32Bits)]);
  }

  /** A new PCM sample: `pcm` is the little-endian i16 bytes (copied). */
  soundCreate(id: number, samples: number, sampleRate: number, pcm: Uint8Array): void {
    this.event([OP_SOUND_CREATE, id >>> 0, samples >>> 0, sampleRate >>> 0, 0, pcm.length], pcm);
  }

  soundPlay(id: number, channel: number, volume: number, pan: number, rate: number): void {
    this.event([OP_SOUND_PLAY, id >>> 0, channel >>> 0, f32Bits(volume), f32Bits(pan), f32Bits(rate)]);
  }

  soundStop(channel: number): void {
    this.event([OP_SOUND_STOP, channel >>> 0]);
  }

  /** The game's new save data (copied; empty = deleted). */
  save(bytes: Uint8Array): void {
    this.event([OP_SAVE, 0, bytes.length], bytes);
  }

  private event(words: number[], blob?: Uint8Array): void {
    this.admit(words[0]);
    if (blob) {
      // offset placeholder: the blob's index until finish() lays the byte table out
      words[BLOB_FIELDS[words[0]][0]] = this.eventBlobs.length;
      this.eventBlobs.push(blob.slice());
    }
    for (const w of words) this.events.push(w);
    this.eventCount++;
  }

  /**
   * A width×height image at 2 bits per pixel, `length` bytes from
   * `bytes[start..]` (pixel n in bits 2·(n mod 4) of byte n/4, rows not
   * padded: WASM-4's framebuffer layout), shown through `palette` (4 colours,
   * 0xRRGGBBAA) scaled into the rectangle x, y, w, h. The bytes are copied.
   */
  framebuffer(bytes: Uint8Array, start: number, width: number, height: number, x: number, y: number, w: number, h: number, palette: ArrayLike<number>): void {
    const length = framebufferBytes(width, height); // a profile's fixed-size screen: not text
    this.budget?.tick();
    const offset = this.stringCount;
    if (offset + length > this.strings.length) this.growStrings(offset + length);
    this.strings.set(bytes.subarray(start, start + length), offset);
    this.stringCount = offset + length;
    const i = this.begin(OP_FRAMEBUFFER, 13);
    this.words[i + 1] = offset;
    this.words[i + 2] = length;
    this.words[i + 3] = width >>> 0;
    this.words[i + 4] = height >>> 0;
    this.f(i + 5, x);
    this.f(i + 6, y);
    this.f(i + 7, w);
    this.f(i + 8, h);
    for (let k = 0; k < 4; k++) this.words[i + 9 + k] = palette[k] >>> 0;
  }

  /** A sound command (see Tone). */
  tone(t: Tone): void {
    const i = this.begin(OP_TONE, 12);
    this.words[i + 1] = t.channel >>> 0;
    this.words[i + 2] = t.wave >>> 0;
    this.words[i + 3] = t.pan >>> 0;
    this.f(i + 4, t.freqStart);
    this.f(i + 5, t.freqEnd);
    this.words[i + 6] = t.attack >>> 0;
    this.words[i + 7] = t.decay >>> 0;
    this.words[i + 8] = t.sustain >>> 0;
    this.words[i + 9] = t.release >>> 0;
    this.f(i + 10, t.peak);
    this.f(i + 11, t.volume);
    this.tones++;
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

  triangle(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    const i = this.begin(OP_TRIANGLE, 8);
    this.f(i + 1, x1);
    this.f(i + 2, y1);
    this.f(i + 3, x2);
    this.f(i + 4, y2);
    this.f(i + 5, x3);
    this.f(i + 6, y3);
    this.words[i + 7] = rgba >>> 0;
  }

  /**
   * Text whose UTF-8 bytes are `bytes[start .. start+length)`. The caller has
   * checked they are valid UTF-8 (see isValidUtf8); they are copied, so
   * `bytes` may be the game's memory.
   */
  text(bytes: Uint8Array, start: number, length: number, x: number, y: number, size: number, rgba: number): void {
    this.admitText(length);
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
    const eventWords = this.events.length;
    let blobBytes = 0;
    for (const b of this.eventBlobs) blobBytes += b.length;
    const words = eventWords + this.wordCount;
    const tableBytes = this.stringCount + blobBytes;
    const buffer = new ArrayBuffer(DRAWLIST_HEADER_BYTES + words * 4 + ((tableBytes + 3) & ~3));
    const header = new Uint32Array(buffer, 0, 4);
    header[0] = DRAWLIST_MAGIC;
    header[1] = this.commands + this.eventCount;
    header[2] = words;
    header[3] = tableBytes;
    const out = new Uint32Array(buffer, DRAWLIST_HEADER_BYTES, words);
    const table = new Uint8Array(buffer, DRAWLIST_HEADER_BYTES + words * 4, tableBytes);
    if (eventWords > 0) {
      // Events first; their blobs go after the text strings, in event order.
      const offsets: number[] = [];
      let at = this.stringCount;
      for (const b of this.eventBlobs) {
        offsets.push(at);
        table.set(b, at);
        at += b.length;
      }
      for (let i = 0; i < eventWords; ) {
        const op = this.events[i];
        const size = OP_WORDS[op];
        for (let k = 0; k < size; k++) out[i + k] = this.events[i + k];
        const blob = BLOB_FIELDS[op];
        if (blob) out[i + blob[0]] = offsets[this.events[i + blob[0]]];
        i += size;
      }
    }
    out.set(this.words.subarray(0, this.wordCount), eventWords);
    table.set(this.strings.subarray(0, this.stringCount));
    return buffer;
  }

  private begin(op: number, size: number): number {
    this.admit(op);
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

const IDENTITY = [1, 0, 0, 1, 0, 0];
const isIdentity = (m: Float32Array) => m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0;
const bitsView = new Float32Array(1);
const bitsWord = new Uint32Array(bitsView.buffer);
/** The f32 bits of a number as a u32 word (NaN canonical). */
function f32Bits(value: number): number {
  if (value !== value) return CANONICAL_NAN;
  bitsView[0] = value;
  return bitsWord[0];
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
      case OP_FRAMEBUFFER: {
        const start = stringStart + words[i + 1];
        visitor.framebuffer(bytes.subarray(start, start + words[i + 2]), words[i + 3], words[i + 4], floats[i + 5], floats[i + 6], floats[i + 7], floats[i + 8], words.subarray(i + 9, i + 13));
        i += 13;
        break;
      }
      case OP_TRIANGLE:
        visitor.triangle(floats[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], floats[i + 5], floats[i + 6], words[i + 7]);
        i += 8;
        break;
      case OP_TONE:
        visitor.tone({
          channel: words[i + 1],
          wave: words[i + 2],
          pan: words[i + 3],
          freqStart: floats[i + 4],
          freqEnd: floats[i + 5],
          attack: words[i + 6],
          decay: words[i + 7],
          sustain: words[i + 8],
          release: words[i + 9],
          peak: floats[i + 10],
          volume: floats[i + 11],
        });
        i += 12;
        break;
      case OP_TRANSFORM:
        visitor.transform?.(floats[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], floats[i + 5], floats[i + 6]);
        i += 7;
        break;
      case OP_POLYGON: {
        const count = words[i + 1];
        visitor.polygon?.(floats.subarray(i + 3, i + 3 + 2 * count), words[i + 2]);
        i += 3 + 2 * count;
        break;
      }
      case OP_RING:
        visitor.ring?.(floats[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], words[i + 5]);
        i += 6;
        break;
      case OP_IMAGE:
        visitor.image?.(words[i + 1], floats[i + 2], floats[i + 3], floats[i + 4], floats[i + 5], floats[i + 6], floats[i + 7], floats[i + 8], floats[i + 9], floats[i + 10], floats[i + 11], floats[i + 12], words[i + 13], words[i + 14]);
        i += 15;
        break;
      case OP_IMAGE_CREATE: {
        const start = stringStart + words[i + 4];
        visitor.imageCreate?.(words[i + 1], words[i + 2], words[i + 3], bytes.subarray(start, start + words[i + 5]));
        i += 6;
        break;
      }
      case OP_IMAGE_FREE:
        visitor.imageFree?.(words[i + 1]);
        i += 2;
        break;
      case OP_NOTE:
        visitor.note?.(words[i + 1], words[i + 2], floats[i + 3], floats[i + 4], floats[i + 5], floats[i + 6], floats[i + 7], floats[i + 8], floats[i + 9], floats[i + 10], floats[i + 11], floats[i + 12]);
        i += 13;
        break;
      case OP_SOUND_CREATE: {
        const start = stringStart + words[i + 4];
        visitor.soundCreate?.(words[i + 1], words[i + 2], words[i + 3], bytes.subarray(start, start + words[i + 5]));
        i += 6;
        break;
      }
      case OP_SOUND_PLAY:
        visitor.soundPlay?.(words[i + 1], words[i + 2], floats[i + 3], floats[i + 4], floats[i + 5]);
        i += 6;
        break;
      case OP_SOUND_STOP:
        visitor.soundStop?.(words[i + 1]);
        i += 2;
        break;
      case OP_SAVE: {
        const start = stringStart + words[i + 1];
        visitor.save?.(bytes.subarray(start, start + words[i + 2]));
        i += 3;
        break;
      }
    }
  }
}

/** Words of the command at `i` (opcode included); for a polygon, with its points. */
function commandWords(words: Uint32Array, i: number): number {
  const op = words[i];
  return op === OP_POLYGON ? OP_WORDS[op] + 2 * words[i + 1] : OP_WORDS[op];
}

/**
 * A draw list of only the frame's events and sound commands (ABI v2 image and
 * sound creation, notes, saves; WASM-4 tones), in order: what must reach the
 * page even when the frame's picture is dropped (see src/host/runner.ts).
 */
export function eventsOnly(buffer: ArrayBuffer): ArrayBuffer {
  const b = new DrawListBuilder(64, 16);
  const none = (): void => {};
  visitDrawList(buffer, {
    clear: none,
    rect: none,
    circle: none,
    line: none,
    text: none,
    triangle: none,
    framebuffer: none,
    tone: (t) => b.tone(t),
    imageCreate: (id, w, h, rgba) => b.imageCreate(id, w, h, rgba),
    imageFree: (id) => b.imageFree(id),
    note: (...args) => b.note(...args),
    soundCreate: (id, samples, rate, pcm) => b.soundCreate(id, samples, rate, pcm),
    soundPlay: (...args) => b.soundPlay(...args),
    soundStop: (ch) => b.soundStop(ch),
    save: (bytes) => b.save(bytes),
  });
  return b.finish();
}

/**
 * True if the draw list holds events or sound (new images or samples, notes,
 * tones, a save): a renderer that skips drawing this frame must still apply
 * those (see GameView.applyEvents). Expects a list that validates.
 */
export function hasEvents(buffer: ArrayBuffer): boolean {
  if (buffer.byteLength < DRAWLIST_HEADER_BYTES + 4) return false;
  const head = new Uint32Array(buffer, 0, 4);
  const words = new Uint32Array(buffer, DRAWLIST_HEADER_BYTES, head[2]);
  if (words.length === 0) return false;
  if (words[0] >= OP_IMAGE_CREATE && words[0] <= OP_SAVE) return true;
  for (let i = 0; i < words.length; i += commandWords(words, i)) {
    if (words[i] === OP_TONE) return true;
    if (words[i] > LAST_OP || words[i] === 0) return false;
  }
  return false;
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
    if (op < OP_CLEAR || op > LAST_OP) throw new DrawListError(`unknown opcode ${op} (command #${n})`, at);
    let length = OP_WORDS[op];
    if (op === OP_POLYGON && i + 1 < commandWords) {
      const count = words[i + 1];
      if (count < 3 || count > 0xffff) throw new DrawListError(`polygon command #${n} has ${count} points (at least 3)`, at + 4);
      length += 2 * count;
    }
    if (i + length > commandWords) throw new DrawListError(`${OP_NAMES[op]} command #${n} runs past the end of the command area (${stringStart} bytes)`, at);
    const blob = BLOB_FIELDS[op];
    if (blob) {
      const start = words[i + blob[0]];
      const len = words[i + blob[1]];
      if (start > stringBytes || len > stringBytes - start) {
        throw new DrawListError(`${OP_NAMES[op]} command #${n} names string bytes ${start}..${start + len} outside the ${stringBytes}-byte string table`, at + 4 * blob[0]);
      }
      if (op === OP_TEXT) {
        const bad = firstInvalidUtf8(bytes, stringStart + start, len);
        if (bad >= 0) throw new DrawListError(`text command #${n} is not valid UTF-8`, bad);
      } else if (op === OP_IMAGE_CREATE && len !== words[i + 2] * words[i + 3] * 4) {
        throw new DrawListError(`image-create command #${n} has ${len} pixel bytes for ${words[i + 2]}×${words[i + 3]} RGBA pixels`, at + 20);
      } else if (op === OP_SOUND_CREATE && len !== words[i + 2] * 2) {
        throw new DrawListError(`sound-create command #${n} has ${len} bytes for ${words[i + 2]} 16-bit samples`, at + 20);
      } else if (op === OP_FRAMEBUFFER) {
        const width = words[i + 3];
        const height = words[i + 4];
        if (width < 1 || height < 1 || width > 4096 || height > 4096 || len !== framebufferBytes(width, height)) {
          throw new DrawListError(`framebuffer command #${n} is ${width}×${height} at 2 bits per pixel, which takes ${framebufferBytes(width, height)} bytes, but it has ${len}`, at + 8);
        }
      }
    } else if (op === OP_TONE) {
      if (words[i + 1] > 3) throw new DrawListError(`tone command #${n} is on channel ${words[i + 1]} (channels are 0–3)`, at + 4);
      if (words[i + 2] >= TONE_WAVES.length) throw new DrawListError(`tone command #${n} has wave ${words[i + 2]} (0–${TONE_WAVES.length - 1}: ${TONE_WAVES.join(', ')})`, at + 8);
      if (words[i + 3] >= TONE_PANS.length) throw new DrawListError(`tone command #${n} has pan ${words[i + 3]} (0–${TONE_PANS.length - 1}: ${TONE_PANS.join(', ')})`, at + 12);
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
