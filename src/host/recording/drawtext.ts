// Draw calls as text: one canonical line per call (what recordings store and
// what diffs show), and the delta between two frames' call lists.
//
//   clear #000000ff
//   rect 100 200 40 8 #ffffffff
//   circle 160 120 4 #ffffffff
//   line 0 0 10 10 1 #ff0000ff
//   text "SCORE 10" 4 4 8 #ffffffff
//   framebuffer 160 160 0 0 160 160 #071821ff #306850ff #86c06cff #e0f8cfff 5f1c0e2a7d3b9a01
//   tone 0 pulse50 center 440 440 0 0 10 5 1 0.5
//   triangle 10 20 30 20 10 40 #ff0000ff
//
// ABI v2 adds (docs/recording.md):
//   transform 1 0 0 1 10 20
//   polygon 0 0 10 0 5 8 #ff0000ff                 points, then the colour
//   ring 160 120 20 2 #ffffffff
//   image 1 0 0 16 16 100 80 32 32 0 0 0 0 #ffffffff
//   image-create 1 16 16 8c1f0e4a9b2d3c5e          id, size, xx4x32 of the RGBA bytes
//   image-free 1
//   note 0 0 440 440 0.1 0.5 0 0.01 0.05 0.7 0.1 0.5  (ABI v2's tone)
//   sound-create 1 4410 44100 0f1e2d3c4b5a6978      id, samples, rate, xx4x32 of the PCM bytes
//   sound-play 1 2 1 0 1
//   sound-stop 2
//   save 12 77ab83bf85486178                       length, xx4x32 of the bytes
//
// Numbers are the shortest decimals that read back as the same f32. A
// framebuffer's pixels are stored as their checksum (hashBytes) to keep
// recordings small; its size, rectangle and palette are spelled out.

import type { DrawListVisitor } from '../protocol';
import { DrawListBuilder, hashBytes, hashDrawList, TONE_PANS, TONE_WAVES, type Tone } from '../drawlist';
import { formatColour, formatF32 } from './format';
import type { DrawOp } from './format';

const n = formatF32;
const c = formatColour;

/** A DrawListVisitor that collects canonical text lines. Reset `calls` between frames. */
export class DrawCallText implements DrawListVisitor {
  calls: string[] = [];
  clear(rgba: number): void {
    this.calls.push(`clear ${c(rgba)}`);
  }
  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    this.calls.push(`rect ${n(x)} ${n(y)} ${n(w)} ${n(h)} ${c(rgba)}`);
  }
  circle(cx: number, cy: number, radius: number, rgba: number): void {
    this.calls.push(`circle ${n(cx)} ${n(cy)} ${n(radius)} ${c(rgba)}`);
  }
  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void {
    this.calls.push(`line ${n(x1)} ${n(y1)} ${n(x2)} ${n(y2)} ${n(thickness)} ${c(rgba)}`);
  }
  text(text: string, x: number, y: number, size: number, rgba: number): void {
    this.calls.push(`text ${JSON.stringify(text)} ${n(x)} ${n(y)} ${n(size)} ${c(rgba)}`);
  }
  framebuffer(pixels: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number, palette: Uint32Array): void {
    const colours = Array.from(palette, c).join(' ');
    this.calls.push(`framebuffer ${width} ${height} ${n(x)} ${n(y)} ${n(w)} ${n(h)} ${colours} ${hashBytes(pixels)}`);
  }
  triangle(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    this.calls.push(`triangle ${n(x1)} ${n(y1)} ${n(x2)} ${n(y2)} ${n(x3)} ${n(y3)} ${c(rgba)}`);
  }
  tone(t: Tone): void {
    this.calls.push(
      `tone ${t.channel} ${TONE_WAVES[t.wave]} ${TONE_PANS[t.pan]} ${n(t.freqStart)} ${n(t.freqEnd)} ${t.attack} ${t.decay} ${t.sustain} ${t.release} ${n(t.peak)} ${n(t.volume)}`,
    );
  }
  transform(a: number, b: number, cc: number, d: number, e: number, f: number): void {
    this.calls.push(`transform ${n(a)} ${n(b)} ${n(cc)} ${n(d)} ${n(e)} ${n(f)}`);
  }
  polygon(points: Float32Array, rgba: number): void {
    this.calls.push(`polygon ${Array.from(points, n).join(' ')} ${c(rgba)}`);
  }
  ring(cx: number, cy: number, radius: number, thickness: number, rgba: number): void {
    this.calls.push(`ring ${n(cx)} ${n(cy)} ${n(radius)} ${n(thickness)} ${c(rgba)}`);
  }
  image(id: number, sx: number, sy: number, sw: number, sh: number, x: number, y: number, w: number, h: number, angle: number, ox: number, oy: number, flags: number, rgba: number): void {
    this.calls.push(`image ${id} ${[sx, sy, sw, sh, x, y, w, h, angle, ox, oy].map(n).join(' ')} ${flags} ${c(rgba)}`);
  }
  imageCreate(id: number, width: number, height: number, rgba: Uint8Array): void {
    this.calls.push(`image-create ${id} ${width} ${height} ${hashBytes(rgba)}`);
  }
  imageFree(id: number): void {
    this.calls.push(`image-free ${id}`);
  }
  note(channel: number, wave: number, ...values: number[]): void {
    this.calls.push(`note ${channel} ${wave} ${values.map(n).join(' ')}`);
  }
  soundCreate(id: number, samples: number, sampleRate: number, pcm: Uint8Array): void {
    this.calls.push(`sound-create ${id} ${samples} ${sampleRate} ${hashBytes(pcm)}`);
  }
  soundPlay(id: number, channel: number, volume: number, pan: number, rate: number): void {
    this.calls.push(`sound-play ${id} ${channel} ${n(volume)} ${n(pan)} ${n(rate)}`);
  }
  soundStop(channel: number): void {
    this.calls.push(`sound-stop ${channel}`);
  }
  save(bytes: Uint8Array): void {
    this.calls.push(`save ${bytes.length} ${hashBytes(bytes)}`);
  }
}

/** A stored call taken apart for re-encoding: its kind, its arguments as numbers, its colour, and a text's UTF-8. */
interface ParsedCall {
  readonly kind: string;
  readonly n: readonly number[];
  readonly rgba: number;
  readonly text?: Uint8Array;
  readonly args: readonly string[];
}

/** Kinds whose bytes recordings keep only as a checksum: a frame holding one cannot be re-encoded. */
const HASHED_KINDS = new Set(['framebuffer', 'image-create', 'sound-create', 'save']);

/** The kinds among `calls` that keep their bytes only as a checksum (so the calls cannot be re-encoded), each once. */
export function hashedKinds(calls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const call of calls) {
    const sp = call.indexOf(' ');
    const kind = sp < 0 ? call : call.slice(0, sp);
    if (HASHED_KINDS.has(kind)) out.add(kind);
  }
  return [...out];
}
const utf8Encoder = new TextEncoder();

/**
 * Turns stored call lines back into the draw list they came from (the inverse
 * of DrawCallText: every number is the shortest decimal of an f32, so it reads
 * back exactly) and hashes it, so a replay can check the calls a recording
 * stores against each frame's d= checksum. Parsed lines are cached: a frame
 * mostly repeats the lines of the one before.
 */
export class StoredCallHasher {
  private readonly builder = new DrawListBuilder();
  private cache = new Map<string, ParsedCall | null>();

  /**
   * hashDrawList of the calls' draw list; undefined if a line is malformed or
   * of a kind stored only as a checksum of its bytes (framebuffer, image-create,
   * sound-create, save), which cannot be re-encoded.
   */
  hash(calls: readonly string[]): string | undefined {
    const b = this.builder;
    b.reset();
    for (const call of calls) {
      let p = this.cache.get(call);
      if (p === undefined) {
        p = parseStoredCall(call);
        if (this.cache.size > 100_000) this.cache = new Map();
        this.cache.set(call, p);
      }
      if (p === null) return undefined;
      const { n: v, rgba } = p;
      switch (p.kind) {
        case 'clear': b.clear(rgba); break;
        case 'rect': b.rect(v[0], v[1], v[2], v[3], rgba); break;
        case 'circle': b.circle(v[0], v[1], v[2], rgba); break;
        case 'line': b.line(v[0], v[1], v[2], v[3], v[4], rgba); break;
        case 'text': b.text(p.text!, 0, p.text!.length, v[1], v[2], v[3], rgba); break;
        case 'triangle': b.triangle(v[0], v[1], v[2], v[3], v[4], v[5], rgba); break;
        case 'tone': {
          const a = p.args;
          b.tone({
            channel: v[0], wave: (TONE_WAVES as readonly string[]).indexOf(a[1]), pan: (TONE_PANS as readonly string[]).indexOf(a[2]),
            freqStart: v[3], freqEnd: v[4], attack: v[5], decay: v[6], sustain: v[7], release: v[8], peak: v[9], volume: v[10],
          });
          break;
        }
        case 'transform': b.transform(v[0], v[1], v[2], v[3], v[4], v[5]); break;
        case 'polygon': b.polygon(v.slice(0, -1), (v.length - 1) / 2, rgba); break;
        case 'ring': b.ring(v[0], v[1], v[2], v[3], rgba); break;
        case 'image': b.image(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], rgba); break;
        case 'image-free': b.imageFree(v[0]); break;
        case 'note': b.note(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]); break;
        case 'sound-play': b.soundPlay(v[0], v[1], v[2], v[3], v[4]); break;
        case 'sound-stop': b.soundStop(v[0]); break;
        default: return undefined;
      }
    }
    return hashDrawList(b.finish());
  }
}

function parseStoredCall(call: string): ParsedCall | null {
  if (checkCallText(call) !== undefined) return null;
  const sp = call.indexOf(' ');
  const kind = sp < 0 ? call : call.slice(0, sp);
  if (HASHED_KINDS.has(kind)) return null;
  const args = sp < 0 ? [] : splitArgs(call.slice(sp + 1))!;
  const last = args[args.length - 1] ?? '';
  const rgba = last.startsWith('#') ? parseInt(last.slice(1), 16) >>> 0 : 0;
  const n = args.map((a) => (a.startsWith('#') || a.startsWith('"') ? 0 : Number(a)));
  return kind === 'text' ? { kind, n, rgba, args, text: utf8Encoder.encode(JSON.parse(args[0]) as string) } : { kind, n, rgba, args };
}

/**
 * The arguments of each call kind: n a number, u a whole number, c a colour,
 * s a JSON string, h a checksum, w a tone wave, p a tone pan. A polygon has
 * 3 or more x y pairs, then a colour (checked apart).
 */
const ARGS: Record<string, string> = {
  clear: 'c',
  rect: 'nnnnc',
  circle: 'nnnc',
  line: 'nnnnnc',
  text: 'snnnc',
  framebuffer: 'uunnnncccch',
  tone: 'uwpnnuuuunn',
  triangle: 'nnnnnnc',
  transform: 'nnnnnn',
  polygon: 'nnnnnnc',
  ring: 'nnnnc',
  image: 'unnnnnnnnnnnuc',
  'image-create': 'uuuh',
  'image-free': 'u',
  note: 'uunnnnnnnnnn',
  'sound-create': 'uuuh',
  'sound-play': 'uunnn',
  'sound-stop': 'u',
  save: 'uh',
};
const CALL_KINDS = Object.keys(ARGS);
/** The import behind each call kind, for diffs (kinds not here are shown as they are). */
const IMPORT_OF: Record<string, string> = {
  rect: 'draw_rect',
  circle: 'draw_circle',
  line: 'draw_line',
  text: 'draw_text',
  transform: 'set_transform',
  polygon: 'draw_polygon',
  ring: 'draw_circle_outline',
  image: 'draw_image',
  'image-create': 'image_create',
  'image-free': 'image_free',
  note: 'tone',
  'sound-create': 'sound_create',
  'sound-play': 'sound_play',
  'sound-stop': 'sound_stop',
  save: 'save_write',
};

function badArg(spec: string, a: string): string | undefined {
  switch (spec) {
    case 'c':
      return /^#[0-9a-f]{8}$/.test(a) ? undefined : `colour '${a}' should be #rrggbbaa`;
    case 'u':
      return /^[0-9]{1,10}$/.test(a) ? undefined : `'${a}' is not a whole number`;
    case 'h':
      return /^[0-9a-f]{16}$/.test(a) ? undefined : `'${a}' is not a 16-digit checksum`;
    case 'w':
      return (TONE_WAVES as readonly string[]).includes(a) ? undefined : `'${a}' is not a tone wave (${TONE_WAVES.join(', ')})`;
    case 'p':
      return (TONE_PANS as readonly string[]).includes(a) ? undefined : `'${a}' is not a tone pan (${TONE_PANS.join(', ')})`;
    case 'n':
      return a === '' || (Number.isNaN(Number(a)) && a !== 'NaN') ? `'${a}' is not a number` : undefined;
    default:
      return undefined; // 's': checked by splitArgs
  }
}

/** Draws canonical call lines (what recordings store) through a visitor, e.g. the rasterizer. Throws on a malformed line. */
export function visitCallText(calls: readonly string[], visitor: DrawListVisitor): void {
  for (const call of calls) {
    const problem = checkCallText(call);
    if (problem) throw new Error(problem);
    const kind = call.slice(0, call.indexOf(' '));
    const args = splitArgs(call.slice(kind.length + 1))!;
    const last = args[args.length - 1];
    const colour = last.startsWith('#') ? parseInt(last.slice(1), 16) >>> 0 : 0;
    const num = args.map(Number);
    if (kind === 'clear') visitor.clear(colour);
    else if (kind === 'rect') visitor.rect(num[0], num[1], num[2], num[3], colour);
    else if (kind === 'circle') visitor.circle(num[0], num[1], num[2], colour);
    else if (kind === 'line') visitor.line(num[0], num[1], num[2], num[3], num[4], colour);
    else if (kind === 'text') visitor.text(JSON.parse(args[0]) as string, num[1], num[2], num[3], colour);
    else if (kind === 'triangle') visitor.triangle(num[0], num[1], num[2], num[3], num[4], num[5], colour);
    // The other kinds (framebuffer, tones, ABI v2 images and events) keep only
    // checksums of their bytes in recordings, so there is nothing to draw from.
  }
}

/**
 * Checks a stored call line's shape (hand edits, corruption). Returns an error
 * message, or undefined if it is well-formed.
 */
export function checkCallText(call: string): string | undefined {
  const kind = call.slice(0, call.indexOf(' ') < 0 ? call.length : call.indexOf(' '));
  if (!Object.hasOwn(ARGS, kind)) return `unknown draw call '${kind}' (expected ${CALL_KINDS.slice(0, -1).join(', ')} or ${CALL_KINDS[CALL_KINDS.length - 1]})`;
  const args = splitArgs(call.slice(kind.length + 1));
  if (args === undefined) return `malformed string in draw call '${call}'`;
  let spec = ARGS[kind];
  if (kind === 'polygon') {
    const points = args.length - 1;
    if (points < 6 || points % 2 !== 0) return `draw call 'polygon' needs at least 3 x y pairs and a colour, found ${args.length} arguments`;
    spec = 'n'.repeat(points) + 'c';
  }
  if (args.length !== spec.length) return `draw call '${kind}' needs ${spec.length} arguments, found ${args.length}`;
  // the colour first: a call's last argument, which most calls end with
  for (let i = args.length - 1; i >= 0; i--) if (spec[i] === 'c') {
    const bad = badArg('c', args[i]);
    if (bad) return bad;
  }
  for (let i = 0; i < args.length; i++) {
    const bad = badArg(spec[i], args[i]);
    if (bad) return bad;
  }
  return undefined;
}

/** Splits the arguments of a call line; a leading JSON string stays one argument. */
function splitArgs(rest: string): string[] | undefined {
  if (!rest.includes('"')) return rest.split(' ').filter((t) => t !== '');
  const out: string[] = [];
  let i = 0;
  while (i < rest.length) {
    if (rest[i] === ' ') {
      i++;
      continue;
    }
    if (rest[i] === '"') {
      let j = i + 1;
      while (j < rest.length && rest[j] !== '"') j += rest[j] === '\\' ? 2 : 1;
      if (j >= rest.length) return undefined;
      const token = rest.slice(i, j + 1);
      try {
        JSON.parse(token);
      } catch {
        return undefined;
      }
      out.push(token);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < rest.length && rest[j] !== ' ') j++;
    out.push(rest.slice(i, j));
    i = j;
  }
  return out;
}

/** `rect 1 2 3 4 #ffffffff` → `draw_rect(1, 2, 3, 4, #ffffffff)`, as diffs show it. */
export function displayCall(call: string): string {
  const sp = call.indexOf(' ');
  if (sp < 0) return call;
  const kind = call.slice(0, sp);
  const args = splitArgs(call.slice(sp + 1)) ?? [call.slice(sp + 1)];
  return `${IMPORT_OF[kind] ?? kind}(${args.join(', ')})`;
}

// ---- deltas -------------------------------------------------------------------

/** Splits a call line into its kind and arguments (a JSON string stays one argument). */
function tokens(call: string): string[] | undefined {
  const sp = call.indexOf(' ');
  if (sp < 0) return [call];
  const args = splitArgs(call.slice(sp + 1));
  return args && [call.slice(0, sp), ...args];
}

/**
 * How a `set` is stored: arguments equal to the ones of the call it replaces
 * are written as `=` (a moving circle keeps its radius and colour), e.g.
 * `circle 151.2 211.9 = =`.
 */
export function compactSet(old: string, call: string): string {
  const a = tokens(old);
  const b = tokens(call);
  if (!a || !b || a.length !== b.length || a[0] !== b[0]) return call;
  let same = 0;
  for (let i = 1; i < b.length; i++) if (a[i] === b[i]) same++;
  if (same === 0) return call;
  return b.map((t, i) => (i > 0 && a[i] === t ? '=' : t)).join(' ');
}

/** Inverse of compactSet; undefined if `stored` has `=` where `old` has no such argument. */
export function expandSet(old: string | undefined, stored: string): string | undefined {
  if (!/ =( |$)/.test(stored)) return stored;
  const b = tokens(stored);
  const a = old === undefined ? undefined : tokens(old);
  if (!b || !a || a.length !== b.length || a[0] !== b[0]) return undefined;
  return b.map((t, i) => (t === '=' ? a[i] : t)).join(' ');
}

/** Applies ops in order; indices refer to the list as it is when each op runs. Mutates `calls`. */
export function applyOps(calls: string[], ops: readonly DrawOp[]): void {
  for (const o of ops) {
    if (o.op === 'set') calls[o.index] = o.call;
    else if (o.op === 'ins') calls.splice(o.index, 0, o.call);
    else calls.splice(o.index, o.count);
  }
}

/**
 * The edits that turn `prev` into `next`: common prefix and suffix are
 * skipped, the middle is diffed with Myers' algorithm (bounded: very
 * different lists are replaced wholesale), and a deletion directly followed
 * by an insertion becomes `set`s.
 */
export function diffCalls(prev: readonly string[], next: readonly string[]): DrawOp[] {
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let endP = prev.length;
  let endN = next.length;
  while (endP > start && endN > start && prev[endP - 1] === next[endN - 1]) {
    endP--;
    endN--;
  }
  if (start === endP && start === endN) return [];
  const script = myers(prev, start, endP, next, start, endN);
  // script: sequence of 'k' (keep), 'd' (delete one old), 'i' (insert next[j]).
  const ops: DrawOp[] = [];
  let idx = start; // index in the list being edited
  let j = start; // index into next
  let k = 0;
  while (k < script.length) {
    const s = script[k];
    if (s === 'k') {
      idx++;
      j++;
      k++;
      continue;
    }
    let dels = 0;
    while (k < script.length && script[k] === 'd') {
      dels++;
      k++;
    }
    const ins: string[] = [];
    while (k < script.length && script[k] === 'i') {
      ins.push(next[j++]);
      k++;
    }
    // deletes directly followed by inserts: pair them into sets
    const pairs = Math.min(dels, ins.length);
    for (let p = 0; p < pairs; p++) ops.push({ op: 'set', index: idx + p, call: ins[p] });
    if (dels > pairs) ops.push({ op: 'del', index: idx + pairs, count: dels - pairs });
    for (let p = pairs; p < ins.length; p++) ops.push({ op: 'ins', index: idx + p, call: ins[p] });
    idx += ins.length;
    if (dels === 0 && ins.length === 0) k++;
  }
  return ops;
}

const MAX_D = 200;

function myers(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number): string {
  const N = a1 - a0;
  const M = b1 - b0;
  const fallback = 'd'.repeat(N) + 'i'.repeat(M);
  if (N === 0 || M === 0) return fallback;
  const max = Math.min(N + M, MAX_D);
  const off = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < N && y < M && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return fallback;
  // backtrack
  const out: string[] = [];
  let x = N;
  let y = M;
  for (let d = found; d > 0; d--) {
    const vp = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vp[off + k - 1] < vp[off + k + 1]) ? k + 1 : k - 1;
    const prevX = vp[off + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push('k');
      x--;
      y--;
    }
    out.push(prevK === k + 1 ? 'i' : 'd');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    out.push('k');
    x--;
    y--;
  }
  return out.reverse().join('');
}
