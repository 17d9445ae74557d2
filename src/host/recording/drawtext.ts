// Draw calls as text: one canonical line per call (what recordings store and
// what diffs show), and the delta between two frames' call lists.
//
//   clear #000000ff
//   rect 100 200 40 8 #ffffffff
//   circle 160 120 4 #ffffffff
//   line 0 0 10 10 1 #ff0000ff
//   text "SCORE 10" 4 4 8 #ffffffff
//
// Numbers are the shortest decimals that read back as the same f32.

import type { DrawListVisitor } from '../protocol';
import { DrawListBuilder, hashDrawList } from '../drawlist';
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
}

/** A call line taken apart for re-encoding: the builder method's numbers (and the text's UTF-8). */
interface ParsedCall {
  readonly kind: string;
  readonly n: readonly number[];
  readonly rgba: number;
  readonly text?: Uint8Array;
}

const utf8 = new TextEncoder();

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

  /** hashDrawList of the calls' draw list, or undefined if a line is not a call this build can encode. */
  hash(calls: readonly string[]): string | undefined {
    const b = this.builder;
    b.reset();
    for (const call of calls) {
      let p = this.cache.get(call);
      if (p === undefined) {
        p = parseCall(call);
        if (this.cache.size > 100_000) this.cache = new Map();
        this.cache.set(call, p);
      }
      if (p === null) return undefined;
      const n = p.n;
      switch (p.kind) {
        case 'clear':
          b.clear(p.rgba);
          break;
        case 'rect':
          b.rect(n[0], n[1], n[2], n[3], p.rgba);
          break;
        case 'circle':
          b.circle(n[0], n[1], n[2], p.rgba);
          break;
        case 'line':
          b.line(n[0], n[1], n[2], n[3], n[4], p.rgba);
          break;
        case 'text':
          b.text(p.text!, 0, p.text!.length, n[0], n[1], n[2], p.rgba);
          break;
      }
    }
    return hashDrawList(b.finish());
  }
}

function parseCall(call: string): ParsedCall | null {
  if (checkCallText(call) !== undefined) return null;
  const sp = call.indexOf(' ');
  const kind = call.slice(0, sp);
  const args = splitArgs(call.slice(sp + 1))!;
  const rgba = parseInt(args[args.length - 1].slice(1), 16) >>> 0;
  if (kind === 'text') {
    const text = utf8.encode(JSON.parse(args[0]) as string);
    return { kind, n: args.slice(1, -1).map(Number), rgba, text };
  }
  return { kind, n: args.slice(0, -1).map(Number), rgba };
}

const CALL_KINDS = new Set(['clear', 'rect', 'circle', 'line', 'text']);
const ARITY: Record<string, number> = { clear: 1, rect: 5, circle: 4, line: 6, text: 5 };

/**
 * Checks a stored call line's shape (hand edits, corruption). Returns an error
 * message, or undefined if it is well-formed.
 */
export function checkCallText(call: string): string | undefined {
  const kind = call.slice(0, call.indexOf(' ') < 0 ? call.length : call.indexOf(' '));
  if (!CALL_KINDS.has(kind)) return `unknown draw call '${kind}' (expected clear, rect, circle, line or text)`;
  const args = splitArgs(call.slice(kind.length + 1));
  if (args === undefined) return `malformed string in draw call '${call}'`;
  if (args.length !== ARITY[kind]) return `draw call '${kind}' needs ${ARITY[kind]} arguments, found ${args.length}`;
  const last = args[args.length - 1];
  if (!/^#[0-9a-f]{8}$/.test(last)) return `colour '${last}' should be #rrggbbaa`;
  for (let i = kind === 'text' ? 1 : 0; i < args.length - 1; i++) {
    const a = args[i];
    if (a === '' || (Number.isNaN(Number(a)) && a !== 'NaN')) return `'${a}' is not a number`;
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
  return `${kind === 'clear' ? 'clear' : `draw_${kind}`}(${args.join(', ')})`;
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
