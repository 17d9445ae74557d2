// Writes a recording incrementally: the header at once, then exactly one
// chunk per frame (its line plus its draw-call edits), then the trailer. A
// sink that appends each chunk to a file loses at most the frame being
// written when the process dies, and the parser reports that cut precisely.

import { applyOps, compactSet, diffCalls } from './drawtext';
import { FORMAT_MAGIC, FORMAT_VERSION, formatInputEvent } from './format';
import { formatLimitValues } from '../limits';
import type { DrawOp, InputEvent, RecordingHeader, StopKindName } from './format';

/**
 * A header value as written: verbatim when it reads back the same, else as a
 * JSON string — it holds a control character (a CR in a game's title), starts
 * or ends with white space, or starts with `"` — so identity fields survive a
 * round trip byte for byte (docs/recording.md, "Header").
 */
export function headerValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be quoted
  return /[\u0000-\u001f\u007f\u0085\u2028\u2029]|^["\s]|\s$/.test(v) ? JSON.stringify(v) : v;
}
const one = headerValue;

export function formatHeader(h: RecordingHeader): string {
  const lines = [
    `${FORMAT_MAGIC} ${h.version}`,
    '# Wasm Arcade input recording; format: docs/recording.md',
    `title: ${one(h.title)}`,
    `game-sha256: ${h.gameSha256}`,
    `game-size: ${h.gameSize}`,
  ];
  if (h.gamePath !== undefined) lines.push(`game-path: ${one(h.gamePath)}`);
  lines.push(`abi: ${h.abi}`);
  if (h.profile !== undefined && h.profile !== 'native') lines.push(`profile: ${h.profile}`);
  lines.push(
    `seed: ${h.seed}`,
    `dt: ${h.dt.num}/${h.dt.den}`,
    `screen: ${h.width}x${h.height}`,
    `memory-every: ${h.memoryEvery}`,
    `draws: ${h.draws}`,
  );
  if (h.engine !== undefined) lines.push(`engine: ${h.engine}`);
  if (h.createdBy !== undefined) lines.push(`created-by: ${one(h.createdBy)}`);
  lines.push(`checksum: ${h.checksum}`);
  if (h.initMemory !== undefined) lines.push(`init-memory: ${h.initMemory}`);
  if (h.save !== undefined) lines.push(`save: ${toBase64(h.save)}`);
  if (h.limits !== undefined && Object.keys(h.limits).length > 0) lines.push(`limits: ${formatLimitValues(h.limits)}`);
  for (const [k, v] of Object.entries(h.extra ?? {})) lines.push(`${k}: ${one(v)}`);
  lines.push('---', '');
  return lines.join('\n');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no Buffer or btoa: this layer is environment-free). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

/** Inverse of toBase64; undefined if `text` is not canonical padded base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (B64.indexOf(text[i]) << 18) | (B64.indexOf(text[i + 1]) << 12) | (Math.max(0, B64.indexOf(text[i + 2])) << 6) | Math.max(0, B64.indexOf(text[i + 3]));
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return toBase64(out) === text ? out : undefined;
}

export function formatOp(o: DrawOp): string {
  if (o.op === 'del') return `  del ${o.index} ${o.count}`;
  return `  ${o.op} ${o.index} ${o.call}`;
}

/** Header values for a new recording; version and defaults filled in. */
export function newHeader(h: Omit<RecordingHeader, 'version'> & { version?: number }): RecordingHeader {
  return { ...h, version: h.version ?? FORMAT_VERSION };
}

export interface FrameInput {
  readonly frame: number;
  readonly input: readonly InputEvent[];
  readonly drawHash: string;
  /** Canonical draw-call lines of this frame (needed when header.draws is 'delta'). */
  readonly calls?: readonly string[];
  /** Required on checkpoint frames (see RecordingWriter.isCheckpoint). */
  readonly memoryHash?: string;
}

export class RecordingWriter {
  private prevCalls: readonly string[] = [];
  private lastFrame = 0;
  private finished = false;
  private notes: { frame: number; text: string }[] = [];
  /** Bytes handed to the sink so far. */
  bytes = 0;

  constructor(
    readonly header: RecordingHeader,
    private readonly sink: (chunk: string) => void,
  ) {
    this.emit(formatHeader(header));
  }

  get frames(): number {
    return this.lastFrame;
  }

  /**
   * A comment (e.g. the game's log line) written with the next frame, after
   * its line and edits; readers ignore it. Notes made before the first frame
   * (init) go right before it.
   */
  note(frame: number, text: string): void {
    this.notes.push({ frame, text: text.replace(/[\r\n]+/g, ' ') });
  }

  private takeNotes(upTo: number): string {
    let out = '';
    const keep: { frame: number; text: string }[] = [];
    for (const n of this.notes) {
      if (n.frame <= upTo) out += `# ${n.frame === 0 ? 'init' : 'log'}: ${n.text}\n`;
      else keep.push(n);
    }
    this.notes = keep;
    return out;
  }

  /** Whether frame `frame` must carry a memory hash. */
  isCheckpoint(frame: number): boolean {
    return frame % this.header.memoryEvery === 0;
  }

  frame(f: FrameInput): void {
    if (this.finished) throw new Error('recording already finished');
    if (f.frame !== this.lastFrame + 1) throw new Error(`frame ${f.frame} written after frame ${this.lastFrame}`);
    if (this.isCheckpoint(f.frame) && f.memoryHash === undefined) throw new Error(`frame ${f.frame} is a checkpoint and needs a memory hash`);
    let line = this.lastFrame === 0 ? this.takeNotes(0) : '';
    line += `f ${f.frame}`;
    for (const e of f.input) line += ' ' + formatInputEvent(e);
    line += ` d=${f.drawHash}`;
    if (f.memoryHash !== undefined) line += ` m=${f.memoryHash}`;
    line += '\n';
    if (this.header.draws === 'delta') {
      if (!f.calls) throw new Error(`frame ${f.frame}: draw calls are needed for 'delta' storage`);
      const cur = this.prevCalls.slice();
      for (const o of diffCalls(this.prevCalls, f.calls)) {
        line += formatOp(o.op === 'set' ? { ...o, call: compactSet(cur[o.index], o.call) } : o) + '\n';
        applyOps(cur, [o]);
      }
      this.prevCalls = f.calls;
    }
    line += this.takeNotes(f.frame);
    this.lastFrame = f.frame;
    this.emit(line);
  }

  /**
   * Writes the trailer; a recording without one reads back as truncated.
   * `stop`: the game stopped in the next frame (its input, kind, message):
   * written as a `stop` line right before the trailer, in the same chunk.
   */
  finish(memoryHash: string, stop?: { readonly input: readonly InputEvent[]; readonly kind: StopKindName; readonly message: string }): void {
    if (this.finished) return;
    this.finished = true;
    let chunk = '';
    if (stop) {
      chunk += this.takeNotes(this.lastFrame + 1);
      chunk += `stop ${this.lastFrame + 1}`;
      for (const e of stop.input) chunk += ' ' + formatInputEvent(e);
      chunk += ` kind=${stop.kind} ${JSON.stringify(stop.message.replace(/[\r\n]+/g, ' '))}\n`;
    }
    this.emit(`${chunk}end frames=${this.lastFrame} m=${memoryHash}\n`);
  }

  private emit(chunk: string): void {
    this.bytes += chunk.length;
    this.sink(chunk);
  }
}
