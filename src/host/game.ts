// The game contract: the `arcade.game` section and the imports/exports a game
// must have, checked before a single instruction of it runs. Every message
// names the key, import or export at fault and what the declared ABI expects, so a game
// developer can fix it without reading our source. `arcade check` prints these
// messages; GameSession.create throws them (StopInfo kind 'contract').

import { ABI_VERSION, GAME_EXPORTS, GAME_META_KEYS, HOST_IMPORTS, IMPORT_MODULE, LIMIT_KEYS, META_SECTION, SUPPORTED_ABI_VERSIONS, parseScoreField, SCORE_TYPES, type AbiExport, type AbiFunction, type GameMeta, type Scaling } from './abi';
import { formatFuncType, sameFuncType, type FuncType } from './signatures';
import { escapeControl } from './escape';
import type { ProfileName } from './profiles/profile';

/** The game breaks the ABI (bad metadata, export, import or pointer). */
export class ContractError extends Error {
  /** Every problem found (the message lists them all; one problem is the message itself). */
  readonly problems: readonly string[];
  constructor(message: string | readonly string[]) {
    // game-controlled names and values in them are escaped (a name may hold an escape sequence or a newline)
    const problems = (typeof message === 'string' ? [message] : message).map((p) => escapeControl(p));
    super(problems.length === 1 ? problems[0] : `the game breaks the ABI in ${problems.length} ways:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContractError';
    this.problems = problems;
  }
}
export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface ModuleImport {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  /** Function imports: the signature. */
  readonly type?: FuncType;
}

export interface ModuleExport {
  readonly name: string;
  readonly kind: ExternKind;
  /** Function exports: the signature. */
  readonly type?: FuncType;
}

/** What the contract check needs to know about a compiled module. */
export interface ModuleInfo {
  readonly imports: readonly ModuleImport[];
  readonly exports: readonly ModuleExport[];
  /** Contents of every `arcade.game` custom section. */
  readonly metaSections: readonly ArrayBuffer[];
}

/** A game that passed the contract check of its profile (src/host/profiles). */
export interface GameContract {
  /** The host profile the game is written for (docs/profiles.md). */
  readonly profile: ProfileName;
  /** From the `arcade.game` section (native), or what the profile fills in for other hosts. */
  readonly meta: GameMeta;
  /** Host functions the game imports (names in the profile's import module), in import order. */
  readonly importsUsed: readonly string[];
  /** The profile's exports the game has (required ones always; optional ones if present). */
  readonly exports: readonly string[];
  /** Exports outside the ABI (ignored by the host, listed by `arcade check`). */
  readonly extraExports: readonly string[];
}

const META_NUMBERS: Record<string, readonly [number, number]> = {
  abi: [0, 0xffff],
  width: [16, 4096],
  height: [16, 4096],
  ...Object.fromEntries(LIMIT_KEYS.map((k) => [k.key, [k.min, k.max] as const])),
};
const SUPPORTED = `ABI ${SUPPORTED_ABI_VERSIONS.map((v) => `v${v}`).join(' and ')}`;

/** Parses the `arcade.game` section text. Throws ContractError naming the key and line of every problem. */
export function parseMeta(bytes: Uint8Array | ArrayBuffer): GameMeta {
  const problems: string[] = [];
  const meta = readMeta(bytes, problems);
  if (problems.length > 0) throw new ContractError(problems);
  return meta!;
}

/** parseMeta that appends its problems to `problems`; returns the meta when there were none of its own. */
function readMeta(bytes: Uint8Array | ArrayBuffer, problems: string[]): GameMeta | undefined {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    problems.push(`${META_SECTION} section is not valid UTF-8`);
    return undefined;
  }
  const before = problems.length;
  text = text.replace(/\0+$/, ''); // a fixed-size Rust array may be zero-padded
  const known = GAME_META_KEYS.map((k) => k.key);
  const values = new Map<string, { value: string; where: string }>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const where = `${META_SECTION} line ${n + 1}`;
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      problems.push(`${where}: expected key=value, got \`${line}\``);
      continue;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!known.includes(key)) {
      problems.push(`${where}: unknown key \`${key}\` (known keys: ${known.join(', ')})`);
      continue;
    }
    if (values.has(key)) {
      problems.push(`${where}: key \`${key}\` given twice`);
      continue;
    }
    const range = META_NUMBERS[key];
    if (range && !(/^[0-9]+$/.test(value) && Number(value) >= range[0] && Number(value) <= range[1])) {
      const want = key === 'abi' ? 'a whole number' : `a whole number from ${range[0]} to ${range[1]}`;
      problems.push(`${where}: \`${key}\` must be ${want}, got \`${value}\``);
      continue;
    }
    if (key === 'title' && (value.length < 1 || [...value].length > 64)) {
      problems.push(`${where}: \`title\` must be 1 to 64 characters, got ${[...value].length}`);
      continue;
    }
    if (key === 'id' && !/^[a-z0-9._-]{1,64}$/.test(value)) {
      problems.push(`${where}: \`id\` must be 1 to 64 characters from a-z, 0-9, '.', '_', '-', got \`${value}\``);
      continue;
    }
    if (key === 'scaling' && value !== 'pixel' && value !== 'smooth') {
      problems.push(`${where}: \`scaling\` must be \`pixel\` or \`smooth\`, got \`${value}\``);
      continue;
    }
    if (key === 'score' && !parseScoreField(value)) {
      problems.push(`${where}: \`score\` must be TYPE@OFFSET with TYPE one of ${Object.keys(SCORE_TYPES).join(', ')} and OFFSET 0 to 65535 (e.g. \`u32le@0\`), got \`${value}\``);
      continue;
    }
    values.set(key, { value, where });
  }
  for (const k of GAME_META_KEYS) {
    if (k.required && !values.has(k.key)) problems.push(`${META_SECTION}: missing required key \`${k.key}\` (${k.doc})`);
  }
  if (values.has('abi')) {
    const abi = Number(values.get('abi')!.value);
    if (!SUPPORTED_ABI_VERSIONS.includes(abi)) {
      const newest = Math.max(...SUPPORTED_ABI_VERSIONS);
      problems.push(`game declares abi=${abi}, but this host implements ${SUPPORTED}${abi > newest ? ' (update Wasm Arcade)' : ' (rebuild the game with the current SDK)'}`);
    } else {
      for (const k of GAME_META_KEYS) {
        const v = values.get(k.key);
        if (v && (k.since ?? 1) > abi) problems.push(`${v.where}: key \`${k.key}\` needs abi=${k.since} or later, but the game declares abi=${abi}`);
      }
    }
  }
  if (problems.length > before) return undefined;
  const meta: { -readonly [K in keyof GameMeta]: GameMeta[K] } = {
    abi: Number(values.get('abi')!.value),
    title: values.get('title')!.value,
    width: Number(values.get('width')!.value),
    height: Number(values.get('height')!.value),
  };
  if (values.has('author')) meta.author = values.get('author')!.value;
  if (values.has('description')) meta.description = values.get('description')!.value;
  if (values.has('id')) meta.id = values.get('id')!.value;
  if (values.has('scaling')) meta.scaling = values.get('scaling')!.value as Scaling;
  if (values.has('score')) meta.score = parseScoreField(values.get('score')!.value);
  if (values.has('memory_mib')) meta.memory_mib = Number(values.get('memory_mib')!.value);
  const limits = LIMIT_KEYS.filter((k) => values.has(k.key));
  if (limits.length > 0) meta.limits = Object.fromEntries(limits.map((k) => [k.key, Number(values.get(k.key)!.value)]));
  return meta;
}

/** The signature the ABI gives a host import or game export. */
export function abiFuncType(f: AbiFunction | AbiExport): FuncType {
  return { params: (f.params ?? []).map((p) => p.type), results: [...(f.results ?? [])] };
}

const KIND_WORDS: Record<string, string> = { function: 'a function', memory: 'a memory', table: 'a table', global: 'a global', tag: 'a tag' };

/** The host imports a game declaring ABI `abi` may use. */
export function importsFor(abi: number): readonly AbiFunction[] {
  return HOST_IMPORTS.filter((f) => (f.since ?? 1) <= abi);
}

/** The exports the host calls in a game declaring ABI `abi`. */
export function exportsFor(abi: number): readonly AbiExport[] {
  return GAME_EXPORTS.filter((e) => (e.since ?? 1) <= abi);
}

function providedList(abi: number): string {
  return importsFor(abi).map((f) => `${IMPORT_MODULE}.${f.name} ${formatFuncType(abiFuncType(f))}`).join(', ');
}

/**
 * Checks metadata, exports and imports against the ABI version the game
 * declares. Throws one ContractError listing every breach found.
 */
export function checkContract(info: ModuleInfo): GameContract {
  const problems: string[] = [];
  let meta: GameMeta | undefined;
  if (info.metaSections.length === 0) {
    problems.push(
      `game has no \`${META_SECTION}\` custom section; declare at least ${GAME_META_KEYS.filter((k) => k.required).map((k) => k.key).join(', ')} (see docs/abi.md)`,
    );
  } else if (info.metaSections.length > 1) {
    problems.push(`game has ${info.metaSections.length} \`${META_SECTION}\` custom sections; it must have exactly one`);
  } else {
    meta = readMeta(info.metaSections[0], problems);
  }
  // Without readable metadata, check the rest against the newest version (what a new game would target).
  const abi = meta?.abi ?? ABI_VERSION;

  const exports: string[] = [];
  for (const want of exportsFor(abi)) {
    const have = info.exports.find((e) => e.name === want.name);
    if (!have) {
      if (!want.required) continue;
      const shape = want.kind === 'function' ? ` ${formatFuncType(abiFuncType(want))}` : '';
      problems.push(`game does not export \`${want.name}\`; ABI v${abi} requires ${KIND_WORDS[want.kind]}${shape} named \`${want.name}\` (${want.doc})`);
      continue;
    }
    if (have.kind !== want.kind) {
      problems.push(`game export \`${want.name}\` must be ${KIND_WORDS[want.kind]}, but it is ${KIND_WORDS[have.kind] ?? have.kind}`);
      continue;
    }
    if (want.kind === 'function' && have.type) {
      const expected = abiFuncType(want);
      if (!sameFuncType(expected, have.type)) {
        problems.push(`game export \`${want.name}\` must be ${formatFuncType(expected)}, but it is ${formatFuncType(have.type)}`);
        continue;
      }
    }
    exports.push(want.name);
  }
  const abiExportNames = new Set(exportsFor(abi).map((e) => e.name));
  const extraExports = info.exports.filter((e) => !abiExportNames.has(e.name)).map((e) => e.name);

  const importsUsed: string[] = [];
  for (const imp of info.imports) {
    const full = `${imp.module}.${imp.name}`;
    if (imp.module !== IMPORT_MODULE) {
      problems.push(`game imports \`${full}\` from module \`${imp.module}\`, but the host provides only module \`${IMPORT_MODULE}\`; ABI v${abi} provides ${providedList(abi)}`);
      continue;
    }
    const fn = HOST_IMPORTS.find((f) => f.name === imp.name);
    if (!fn) {
      problems.push(`game imports \`${full}\`, which ABI v${abi} does not provide; it provides ${providedList(abi)}`);
      continue;
    }
    if ((fn.since ?? 1) > abi) {
      problems.push(`game imports \`${full}\`, which is new in ABI v${fn.since}, but the game declares abi=${abi}; declare abi=${fn.since} in its ${META_SECTION} section`);
      continue;
    }
    if (imp.kind !== 'function') {
      problems.push(`game imports \`${full}\` as ${KIND_WORDS[imp.kind] ?? imp.kind}, but it is a function ${formatFuncType(abiFuncType(fn))}`);
      continue;
    }
    if (imp.type) {
      const expected = abiFuncType(fn);
      if (!sameFuncType(expected, imp.type)) {
        problems.push(`game import \`${full}\` must be ${formatFuncType(expected)}, but the game declares it as ${formatFuncType(imp.type)}`);
        continue;
      }
    }
    importsUsed.push(imp.name);
  }
  if (problems.length > 0) throw new ContractError(problems);
  return { profile: 'native', meta: meta!, importsUsed, exports, extraExports };
}

/**
 * The contents of every `arcade.game` custom section of a module, read
 * straight from its bytes (no compile): for the app, which needs a game's
 * save key before it starts the game. Returns [] for bytes that are not a
 * well-formed module's section list.
 */
export function metaSectionsOf(wasm: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) return out;
  const leb = (at: number): [number, number] => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= wasm.length || shift > 28) return [-1, at];
      const b = wasm[at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return [value, at];
    }
  };
  const name = new TextEncoder().encode(META_SECTION);
  let i = 8;
  while (i < wasm.length) {
    const id = wasm[i];
    const [size, body] = leb(i + 1);
    if (size < 0 || body + size > wasm.length) return out;
    if (id === 0) {
      const [len, at] = leb(body);
      if (len === name.length && wasm.subarray(at, at + len).every((b, k) => b === name[k])) out.push(wasm.subarray(at + len, body + size));
    }
    i = body + size;
  }
  return out;
}
