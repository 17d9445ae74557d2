// Reads a recording (docs/recording.md) and says exactly what is wrong with a
// bad one: which line and column, what was expected, what was found.

import { CallList } from './calllist';
import { checkCallText, expandSet } from './drawtext';
import { MAX_SAVE_BYTES } from '../abi';
import { parseLimitValues } from '../limits';
import { isDeviceToken, isKeyEvent, parseDeviceInput } from '../input';
import { fromBase64 } from './writer';
import { CHECKSUM, FORMAT_MAGIC, FORMAT_VERSION, isHashToken, keyName, LEGACY_CHECKSUM, parseKeyName, STOP_KINDS } from './format';
import type { DrawOp, DrawStorage, FrameRecord, InputEvent, Recording, RecordingHeader, RecordingStop, RecordingTrailer, StopKindName } from './format';

export type RecordingErrorKind =
  | 'not-a-recording'
  | 'version'
  | 'header'
  | 'syntax'
  | 'order'
  | 'truncated'
  | 'game-mismatch'
  | 'checksum';

/** A problem with a recording file, located as `source:line:column`. */
export class RecordingError extends Error {
  constructor(
    readonly kind: RecordingErrorKind,
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${source}${line > 0 ? `:${line}${column > 0 ? `:${column}` : ''}` : ''}: ${detail}`);
    this.name = 'RecordingError';
  }
}

export interface ParseOptions {
  /** Name used in error messages (file path). */
  readonly source?: string;
}

const HEADER_KEYS = new Set([
  'title',
  'game-sha256',
  'game-size',
  'game-path',
  'abi',
  'profile',
  'seed',
  'dt',
  'screen',
  'memory-every',
  'draws',
  'engine',
  'created-by',
  'init-memory',
  'checksum',
  'save',
  'limits',
]);
const REQUIRED_KEYS = ['title', 'game-sha256', 'game-size', 'abi', 'seed', 'dt', 'screen', 'memory-every', 'draws'];

export function parseRecording(text: string, options: ParseOptions = {}): Recording {
  const source = options.source ?? 'recording';
  const fail = (kind: RecordingErrorKind, line: number, column: number, detail: string): never => {
    throw new RecordingError(kind, source, line, column, detail);
  };

  const lines = text.split('\n');
  // A file that does not end in a newline was cut mid-line (or hand-edited;
  // a complete trailer without the final newline is accepted below).
  let cutLine: string | undefined;
  if (lines[lines.length - 1] === '') lines.pop();
  else cutLine = lines.pop();
  const cutLineNo = lines.length + 1;
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);

  // ---- magic and version
  const first = lines.length > 0 ? lines[0] : (cutLine ?? '');
  const magic = /^arcade-recording (\S+)$/.exec(first);
  if (!magic) {
    if (text.length === 0) fail('truncated', 0, 0, 'the file is empty (a recording starts with the line \'arcade-recording 1\')');
    fail('not-a-recording', 1, 1, `not a Wasm Arcade recording: line 1 should be '${FORMAT_MAGIC} ${FORMAT_VERSION}', found '${clip(first)}'`);
  }
  const versionText = magic![1];
  if (!/^[0-9]{1,6}$/.test(versionText)) fail('version', 1, FORMAT_MAGIC.length + 2, `format version '${clip(versionText)}' is not a number`);
  const version = Number(versionText);
  if (version > FORMAT_VERSION || version < 1)
    fail('version', 1, FORMAT_MAGIC.length + 2, `recording format version ${version} is not supported: this arcade reads version ${FORMAT_VERSION}${version > FORMAT_VERSION ? ' (the recording was made by a newer arcade)' : ''}`);

  // ---- header
  const fields = new Map<string, { value: string; line: number; column: number }>();
  let i = 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l === '---') break;
    if (l.trim() === '' || l.startsWith('#')) continue;
    const m = /^([A-Za-z0-9_-]+): ?(.*)$/.exec(l);
    if (!m) fail('header', i + 1, 1, `header line should be 'key: value' (or '---' to end the header), found '${clip(l)}'`);
    const key = m![1];
    if (!HEADER_KEYS.has(key) && !key.startsWith('x-')) fail('header', i + 1, 1, `unknown header field '${key}' (known: ${[...HEADER_KEYS].join(', ')}; extensions start with 'x-')`);
    if (fields.has(key)) fail('header', i + 1, 1, `header field '${key}' appears twice (first on line ${fields.get(key)!.line})`);
    fields.set(key, { value: headerText(m![2].trim()), line: i + 1, column: key.length + 3 });
  }
  if (i >= lines.length) fail('truncated', lines.length + (cutLine !== undefined ? 1 : 0), 0, "truncated in the header: the '---' line that ends it never comes");
  const headerEnd = i + 1;
  for (const key of REQUIRED_KEYS) if (!fields.has(key)) fail('header', headerEnd, 0, `header field '${key}' is missing (the header ends at line ${headerEnd})`);

  const field = (key: string): { value: string; line: number; column: number } => fields.get(key)!;
  const bad = (key: string, expected: string): never => {
    const f = field(key);
    return fail('header', f.line, f.column, `header field '${key}' should be ${expected}, found '${clip(f.value)}'`);
  };
  const uint = (key: string, min: number, max: number): number => {
    const v = field(key).value;
    if (!/^[0-9]{1,10}$/.test(v) || Number(v) < min || Number(v) > max) bad(key, `a whole number from ${min} to ${max}`);
    return Number(v);
  };
  const title = field('title').value;
  if (title === '') bad('title', 'the game title');
  const gameSha256 = field('game-sha256').value;
  if (!/^[0-9a-f]{64}$/.test(gameSha256)) bad('game-sha256', '64 lowercase hex digits');
  const dtm = /^([0-9]{1,6})\/([0-9]{1,6})$/.exec(field('dt').value);
  if (!dtm || Number(dtm[1]) === 0 || Number(dtm[2]) === 0) bad('dt', "a fraction like '1/60'");
  const scr = /^([0-9]{1,5})x([0-9]{1,5})$/.exec(field('screen').value);
  if (!scr) bad('screen', "WIDTHxHEIGHT, like '320x240'");
  const draws = field('draws').value;
  if (draws !== 'delta' && draws !== 'none') bad('draws', "'delta' or 'none'");
  const checksum = fields.get('checksum')?.value ?? LEGACY_CHECKSUM;
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(checksum)) bad('checksum', "an algorithm name like 'xx4x32'");
  let save: Uint8Array | undefined;
  if (fields.has('save')) {
    save = fromBase64(field('save').value);
    if (!save) bad('save', 'the save data in base64');
    if (save!.length > MAX_SAVE_BYTES) bad('save', `at most ${MAX_SAVE_BYTES} bytes of save data`);
  }
  let limits: Record<string, number> | undefined;
  if (fields.has('limits')) {
    const f = field('limits');
    try {
      limits = parseLimitValues(f.value);
    } catch (error) {
      const offset = (error as { offset?: number }).offset ?? 0;
      fail('header', f.line, f.column + offset, `header field 'limits' should be resource-limit overrides 'KEY=N ...' (docs/abi.md, "Resource limits"): ${(error as Error).message}`);
    }
  }
  let initMemory: string | undefined;
  if (fields.has('init-memory')) {
    initMemory = field('init-memory').value;
    if (!isHashToken(initMemory)) bad('init-memory', 'a hex hash');
  }
  const profile = fields.get('profile')?.value;
  if (profile !== undefined && !/^[a-z0-9][a-z0-9-]{0,31}$/.test(profile)) bad('profile', "a profile name like 'wasm4'");
  const extra: Record<string, string> = {};
  for (const [k, v] of fields) if (k.startsWith('x-')) extra[k] = v.value;
  const header: RecordingHeader = {
    version,
    title,
    gameSha256,
    gameSize: uint('game-size', 0, 0xffffffff),
    gamePath: fields.get('game-path')?.value,
    abi: uint('abi', 0, 1_000_000),
    profile,
    seed: uint('seed', 0, 0xffffffff),
    dt: { num: Number(dtm![1]), den: Number(dtm![2]) },
    width: Number(scr![1]),
    height: Number(scr![2]),
    memoryEvery: uint('memory-every', 1, 1_000_000_000),
    draws: draws as DrawStorage,
    engine: fields.get('engine')?.value,
    createdBy: fields.get('created-by')?.value,
    initMemory,
    checksum,
    ...(save ? { save } : {}),
    ...(limits ? { limits } : {}),
    extra: Object.keys(extra).length > 0 ? extra : undefined,
  };

  // ---- body
  const frames: FrameRecord[] = [];
  let trailer: RecordingTrailer | undefined;
  let stop: RecordingStop | undefined;
  let ops: DrawOp[] | undefined;
  const list = new CallList(); // the draw calls as of the last edit read (O(log n) per edit, in any order)
  let bodyLines = lines;
  // A complete trailer missing only its final newline is fine.
  if (cutLine !== undefined && /^end frames=[0-9]+ m=[0-9a-f]+\s*$/.test(cutLine)) {
    bodyLines = [...lines, cutLine.trimEnd()];
    cutLine = undefined;
  }
  for (let n = headerEnd; n < bodyLines.length; n++) {
    const l = bodyLines[n];
    const lineNo = n + 1;
    if (l.trim() === '' || l.startsWith('#')) continue;
    if (trailer) fail('syntax', lineNo, 1, `unexpected content after the 'end' trailer on line ${trailer.line}: '${clip(l)}'`);
    if (stop && !l.startsWith('end ')) fail('syntax', lineNo, 1, `only the 'end' trailer may follow the 'stop' line on line ${stop.line}, found '${clip(l)}'`);
    if (l.startsWith('  ')) {
      if (!ops) {
        if (frames.length === 0) fail('syntax', lineNo, 3, 'a draw-call edit comes before the first frame line');
        fail('syntax', lineNo, 3, "draw-call edits found but the header says 'draws: none'");
      }
      const op = parseOp(l, lineNo, list, fail);
      ops!.push(op);
      list.apply([op]);
      continue;
    }
    const tokens = tokenize(l);
    if (tokens[0].text === 'f') {
      const numTok = tokens[1];
      if (!numTok || !/^[0-9]{1,10}$/.test(numTok.text)) fail('syntax', lineNo, numTok ? numTok.column : l.length + 1, `frame line should start 'f <frame number>', found '${clip(l)}'`);
      const frame = Number(numTok.text);
      const expected = frames.length + 1;
      if (frame !== expected)
        fail('order', lineNo, numTok.column, `frame numbers out of order: expected frame ${expected}${frames.length > 0 ? ` after frame ${frames.length} (line ${frames[frames.length - 1].line})` : ' (frames start at 1)'}, found frame ${frame}`);
      const input: InputEvent[] = [];
      let drawHash: string | undefined;
      let memoryHash: string | undefined;
      for (const t of tokens.slice(2)) {
        const s = t.text;
        if (isDeviceToken(s)) {
          if (drawHash !== undefined) fail('syntax', lineNo, t.column, `frame ${frame}: input event '${s}' must come before d=`);
          const e = parseDeviceInput(s);
          if (typeof e === 'string') fail('syntax', lineNo, t.column, `frame ${frame}: ${e}`);
          input.push(e as InputEvent);
        } else if (s[0] === '+' || s[0] === '-') {
          if (drawHash !== undefined) fail('syntax', lineNo, t.column, `frame ${frame}: key event '${s}' must come before d=`);
          const code = parseKeyName(s.slice(1));
          if (code === undefined) fail('syntax', lineNo, t.column + 1, `frame ${frame}: unknown key '${clip(s.slice(1))}' (use names like ArrowLeft, Space, A, Digit5, or a decimal key code)`);
          input.push({ code: code!, down: s[0] === '+' });
        } else if (s.startsWith('d=')) {
          if (drawHash !== undefined) fail('syntax', lineNo, t.column, `frame ${frame}: second d= checksum`);
          if (!isHashToken(s.slice(2))) fail('syntax', lineNo, t.column + 2, `frame ${frame}: draw-list checksum '${clip(s.slice(2))}' is not a hex hash (8–128 lowercase hex digits)`);
          drawHash = s.slice(2);
        } else if (s.startsWith('m=')) {
          if (memoryHash !== undefined) fail('syntax', lineNo, t.column, `frame ${frame}: second m= checksum`);
          if (!isHashToken(s.slice(2))) fail('syntax', lineNo, t.column + 2, `frame ${frame}: memory checksum '${clip(s.slice(2))}' is not a hex hash (8–128 lowercase hex digits)`);
          memoryHash = s.slice(2);
        } else {
          fail('syntax', lineNo, t.column, `frame ${frame}: unexpected '${clip(s)}' (expected +KEY, -KEY, a pointer or gamepad event, d=<hash> or m=<hash>)`);
        }
      }
      if (drawHash === undefined) fail('syntax', lineNo, l.length + 1, `frame ${frame}: missing draw-list checksum d=<hash>`);
      if (frame % header.memoryEvery === 0 && memoryHash === undefined)
        fail('syntax', lineNo, l.length + 1, `frame ${frame}: missing memory checksum m=<hash> (every ${header.memoryEvery}th frame is a checkpoint)`);
      ops = header.draws === 'delta' ? [] : undefined;
      frames.push({ frame, input, drawHash: drawHash!, memoryHash, ops, line: lineNo });
      continue;
    }
    if (tokens[0].text === 'stop') {
      const m = /^stop ([0-9]{1,10})((?: (?:[+-]|ptr:|wheel:|pad[0-9])\S*)*) kind=(\S+) ("(?:[^"\\]|\\.)*")\s*$/.exec(l);
      if (!m) fail('syntax', lineNo, 1, `stop line should be 'stop <frame> [+KEY|-KEY]... kind=<kind> "<message>"', found '${clip(l)}'`);
      const frame = Number(m![1]);
      if (frame !== frames.length + 1)
        fail('order', lineNo, 6, `the stop should be in frame ${frames.length + 1}, the one after the last frame${frames.length > 0 ? ` (line ${frames[frames.length - 1].line})` : ''}, found frame ${frame}`);
      const input: InputEvent[] = [];
      for (const s of m![2].split(' ').filter(Boolean)) {
        if (isDeviceToken(s)) {
          const e = parseDeviceInput(s);
          if (typeof e === 'string') fail('syntax', lineNo, l.indexOf(s) + 1, `stop in frame ${frame}: ${e}`);
          input.push(e as InputEvent);
          continue;
        }
        const code = parseKeyName(s.slice(1));
        if (code === undefined) fail('syntax', lineNo, l.indexOf(s) + 2, `stop in frame ${frame}: unknown key '${clip(s.slice(1))}'`);
        input.push({ code: code!, down: s[0] === '+' });
      }
      if (!(STOP_KINDS as readonly string[]).includes(m![3])) fail('syntax', lineNo, l.indexOf('kind=') + 6, `stop kind should be one of ${STOP_KINDS.join(', ')}, found '${clip(m![3])}'`);
      let message = '';
      try {
        message = JSON.parse(m![4]) as string;
      } catch {
        fail('syntax', lineNo, l.indexOf(m![4]) + 1, 'the stop message is not a valid JSON string');
      }
      stop = { frame, input, kind: m![3] as StopKindName, message, line: lineNo };
      ops = undefined;
      continue;
    }
    if (tokens[0].text === 'end') {
      const m = /^end frames=([0-9]{1,10}) m=(\S+)\s*$/.exec(l);
      if (!m) fail('syntax', lineNo, 1, `trailer should be 'end frames=<count> m=<hash>', found '${clip(l)}'`);
      if (!isHashToken(m![2])) fail('syntax', lineNo, l.indexOf('m=') + 3, `final memory checksum '${clip(m![2])}' is not a hex hash`);
      if (Number(m![1]) !== frames.length)
        fail('syntax', lineNo, 12, `the trailer says ${m![1]} frames but the recording has ${frames.length}${frames.length > 0 ? ` (last frame line ${frames[frames.length - 1].line})` : ''}`);
      trailer = { frames: frames.length, memoryHash: m![2], line: lineNo };
      ops = undefined;
      continue;
    }
    fail('syntax', lineNo, 1, `expected a frame line 'f <n> ...', a draw-call edit (two spaces, then set/ins/del), a 'stop' line, or the 'end' trailer; found '${clip(l)}'`);
  }

  let truncation: string | undefined;
  if (!trailer) stop = undefined; // a stop is only complete with its trailer (they are written together)
  if (!trailer) {
    // The last frame may have lost some of its draw-call edits: drop it.
    const last = frames.pop();
    truncation =
      `the recording is truncated: no 'end' trailer` +
      (cutLine !== undefined ? `, and line ${cutLineNo} is cut off mid-line ('${clip(cutLine)}')` : '') +
      (last ? `; ${frames.length} complete frame${frames.length === 1 ? '' : 's'} kept (frame ${last.frame} on line ${last.line} may be incomplete and is dropped)` : '; it has no frames');
  }
  return { header, frames, trailer, truncation, stop };
}

/**
 * Checks that the recording's checksums are the ones this build computes
 * (unless `allowOther`, for --update, which rewrites them all).
 */
export function checkChecksum(rec: Recording, options: { source?: string; allowOther?: boolean } = {}): void {
  const algo = rec.header.checksum;
  if (algo === CHECKSUM || options.allowOther) return;
  throw new RecordingError(
    'checksum',
    options.source ?? 'recording',
    0,
    0,
    `recording uses checksum ${algo}; this build writes ${CHECKSUM}, so its checksums cannot be compared; re-record it or run \`arcade replay <game.wasm> <recording> --update\` to re-checksum it (docs/recording.md)`,
  );
}

type Fail = (kind: RecordingErrorKind, line: number, column: number, detail: string) => never;

function parseOp(l: string, lineNo: number, list: CallList, fail: Fail): DrawOp {
  const length = list.length;
  const m = /^ {2}(set|ins|del) ([0-9]{1,7}) (.*)$/.exec(l);
  if (!m) return fail('syntax', lineNo, 3, `draw-call edit should be '  set|ins <index> <call>' or '  del <index> <count>', found '${clip(l.trim())}'`);
  const index = Number(m[2]);
  const argCol = 3 + m[1].length + 1 + m[2].length + 1;
  if (m[1] === 'del') {
    if (!/^[0-9]{1,7}$/.test(m[3]) || Number(m[3]) === 0) return fail('syntax', lineNo, argCol, `'del' needs a positive count, found '${clip(m[3])}'`);
    const count = Number(m[3]);
    if (index + count > length) return fail('syntax', lineNo, 7, `'del ${index} ${count}' is out of range: the draw list has ${length} calls at this point`);
    return { op: 'del', index, count };
  }
  const limit = m[1] === 'ins' ? length : length - 1;
  if (index > limit) return fail('syntax', lineNo, 7, `'${m[1]} ${index}' is out of range: the draw list has ${length} calls at this point`);
  const call = m[1] === 'set' ? expandSet(list.get(index)!, m[3]) : m[3];
  if (call === undefined) return fail('syntax', lineNo, argCol, `'=' (same as before) does not fit the call it replaces, '${clip(list.get(index) ?? '')}'`);
  const problem = checkCallText(call);
  if (problem) return fail('syntax', lineNo, argCol, problem);
  return { op: m[1] as 'set' | 'ins', index, call };
}

function tokenize(l: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(l))) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

// ---- identity -------------------------------------------------------------------

export interface GameIdentity {
  readonly sha256: string;
  readonly size: number;
  readonly title: string;
  readonly abi: number;
  readonly width: number;
  readonly height: number;
  /** Host profile the game runs with (default 'native'). */
  readonly profile?: string;
}

/**
 * Checks that the recording belongs to this game file. A different build of
 * the same game is an error unless `allowOtherBuild` (then it is returned as
 * a note); a different title, ABI or screen size is always an error unless
 * `allowOtherGame`.
 */
export function checkGameIdentity(
  rec: Recording,
  game: GameIdentity,
  options: { source?: string; allowOtherBuild?: boolean; allowOtherGame?: boolean; allowOtherChecksum?: boolean; otherBuildHint?: string } = {},
): string[] {
  const h = rec.header;
  const source = options.source ?? 'recording';
  checkChecksum(rec, { source, allowOther: options.allowOtherChecksum });
  const notes: string[] = [];
  const mismatches: string[] = [];
  if (h.title !== game.title) mismatches.push(`title '${h.title}' vs '${game.title}'`);
  if (h.abi !== game.abi) mismatches.push(`ABI version ${h.abi} vs ${game.abi}`);
  if ((h.profile ?? 'native') !== (game.profile ?? 'native')) mismatches.push(`profile ${h.profile ?? 'native'} vs ${game.profile ?? 'native'}`);
  if (h.width !== game.width || h.height !== game.height) mismatches.push(`screen ${h.width}x${h.height} vs ${game.width}x${game.height}`);
  if (mismatches.length > 0) {
    const msg = `recording is for a different game: ${mismatches.join(', ')} (recording vs game file)`;
    if (!options.allowOtherGame) throw new RecordingError('game-mismatch', source, 0, 0, msg);
    notes.push(msg);
  }
  if (h.gameSha256 !== game.sha256) {
    const msg =
      `recording was made with another build of '${h.title}': sha256 ${h.gameSha256.slice(0, 16)}… (${h.gameSize} bytes), ` +
      `this file is ${game.sha256.slice(0, 16)}… (${game.size} bytes)`;
    if (!options.allowOtherBuild) throw new RecordingError('game-mismatch', source, 0, 0, `${msg}; ${options.otherBuildHint ?? 'pass --any-build to replay it anyway and compare behaviour'}`);
    notes.push(msg);
  }
  return notes;
}

/** Describes events compactly for messages: `+ArrowLeft@12 -ArrowLeft@40`. */
export function describeEvents(events: readonly { frame: number; event: InputEvent }[]): string {
  return events.map((e) => `frame ${e.frame}: ${describeInput(e.event)}`).join(', ');
}

/** `press ArrowLeft`, `pointer at (10, 20)`, `gamepad 0 button 1 = 1`, … */
export function describeInput(e: InputEvent): string {
  if (isKeyEvent(e)) return `${e.down ? 'press' : 'release'} ${keyName(e.code)}`;
  switch (e.kind) {
    case 'pointer-move':
      return `pointer at (${e.x}, ${e.y})`;
    case 'pointer-down':
      return `press pointer button ${e.button}`;
    case 'pointer-up':
      return `release pointer button ${e.button}`;
    case 'pointer-wheel':
      return `wheel (${e.dx}, ${e.dy})`;
    case 'gamepad-connected':
      return `gamepad ${e.pad} ${e.connected ? 'connected' : 'disconnected'}`;
    case 'gamepad-button':
      return `gamepad ${e.pad} button ${e.button} = ${e.value}`;
    case 'gamepad-axis':
      return `gamepad ${e.pad} axis ${e.axis} = ${e.value}`;
  }
}

/**
 * A header value as read: a JSON string (what headerValue in writer.ts writes
 * for a value that would not read back verbatim) is decoded; anything else,
 * including a value that merely starts with a quote in an older file, is kept
 * as it is.
 */
function headerText(value: string): string {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}
