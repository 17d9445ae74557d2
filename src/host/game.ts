// The game contract: the `arcade.game` section and the imports/exports a game
// must have, checked before a single instruction of it runs. Every message
// names the key, import or export at fault and what ABI v1 expects, so a game
// developer can fix it without reading our source. `arcade check` prints these
// messages; GameSession.create throws them (StopInfo kind 'contract').

import { ABI_VERSION, GAME_EXPORTS, GAME_META_KEYS, HOST_IMPORTS, IMPORT_MODULE, META_SECTION, RESOURCE_LIMITS, type AbiExport, type AbiFunction, type GameMeta } from './abi';
import { formatFuncType, sameFuncType, type FuncType } from './signatures';
import { escapeControl } from './escape';

/** The game breaks the ABI (bad metadata, export, import or pointer). */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractError';
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

/** A game that passed the contract check. */
export interface GameContract {
  readonly meta: GameMeta;
  /** Host functions the game imports (names from HOST_IMPORTS), in import order. */
  readonly importsUsed: readonly string[];
  /** The ABI exports the game has (required ones always; optional ones if present). */
  readonly exports: readonly string[];
  /** Exports outside the ABI (ignored by the host, listed by `arcade check`). */
  readonly extraExports: readonly string[];
}

const META_NUMBERS: Record<string, readonly [number, number]> = {
  abi: [0, 0xffff],
  width: [16, 4096],
  height: [16, 4096],
  ...Object.fromEntries(RESOURCE_LIMITS.map((l) => [l.key, [1, l.max] as const])),
};

/** Parses the `arcade.game` section text. Throws ContractError naming the key and line. */
export function parseMeta(bytes: Uint8Array | ArrayBuffer): GameMeta {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ContractError(`${META_SECTION} section is not valid UTF-8`);
  }
  text = text.replace(/\0+$/, ''); // a fixed-size Rust array may be zero-padded
  const known = GAME_META_KEYS.map((k) => k.key);
  const values = new Map<string, string>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const where = `${META_SECTION} line ${n + 1}`;
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ContractError(`${where}: expected key=value, got \`${escapeControl(line)}\``);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!known.includes(key)) throw new ContractError(`${where}: unknown key \`${escapeControl(key)}\` (known keys: ${known.join(', ')})`);
    if (values.has(key)) throw new ContractError(`${where}: key \`${key}\` given twice`);
    const range = META_NUMBERS[key];
    if (range && !(/^[0-9]+$/.test(value) && Number(value) >= range[0] && Number(value) <= range[1])) {
      const want = key === 'abi' ? 'a whole number' : `a whole number from ${range[0]} to ${range[1]}`;
      throw new ContractError(`${where}: \`${key}\` must be ${want}, got \`${escapeControl(value)}\``);
    }
    if (key === 'title' && (value.length < 1 || [...value].length > 64)) throw new ContractError(`${where}: \`title\` must be 1 to 64 characters, got ${[...value].length}`);
    values.set(key, value);
  }
  for (const k of GAME_META_KEYS) {
    if (k.required && !values.has(k.key)) throw new ContractError(`${META_SECTION}: missing required key \`${k.key}\` (${k.doc})`);
  }
  const abi = Number(values.get('abi'));
  if (abi !== ABI_VERSION) {
    throw new ContractError(`game declares abi=${abi}, but this host implements ABI v${ABI_VERSION}${abi > ABI_VERSION ? ' (update Wasm Arcade)' : ' (rebuild the game with the current SDK)'}`);
  }
  const meta: { -readonly [K in keyof GameMeta]: GameMeta[K] } = {
    abi,
    title: values.get('title')!,
    width: Number(values.get('width')),
    height: Number(values.get('height')),
  };
  if (values.has('author')) meta.author = values.get('author');
  if (values.has('description')) meta.description = values.get('description');
  const limits = RESOURCE_LIMITS.filter((l) => values.has(l.key));
  if (limits.length > 0) meta.limits = Object.fromEntries(limits.map((l) => [l.key, Number(values.get(l.key))]));
  return meta;
}

/** The signature ABI v1 gives a host import or game export. */
export function abiFuncType(f: AbiFunction | AbiExport): FuncType {
  return { params: (f.params ?? []).map((p) => p.type), results: [...(f.results ?? [])] };
}

const KIND_WORDS: Record<string, string> = { function: 'a function', memory: 'a memory', table: 'a table', global: 'a global', tag: 'a tag' };

function providedList(): string {
  return HOST_IMPORTS.map((f) => `${IMPORT_MODULE}.${f.name} ${formatFuncType(abiFuncType(f))}`).join(', ');
}

/** Checks metadata, exports and imports against ABI v1. Throws ContractError with the first breach. */
export function checkContract(info: ModuleInfo): GameContract {
  if (info.metaSections.length === 0) {
    throw new ContractError(
      `game has no \`${META_SECTION}\` custom section; declare at least ${GAME_META_KEYS.filter((k) => k.required).map((k) => k.key).join(', ')} (see docs/abi.md)`,
    );
  }
  if (info.metaSections.length > 1) throw new ContractError(`game has ${info.metaSections.length} \`${META_SECTION}\` custom sections; it must have exactly one`);
  const meta = parseMeta(info.metaSections[0]);

  const exports: string[] = [];
  for (const want of GAME_EXPORTS) {
    const have = info.exports.find((e) => e.name === want.name);
    if (!have) {
      if (!want.required) continue;
      const shape = want.kind === 'function' ? ` ${formatFuncType(abiFuncType(want))}` : '';
      throw new ContractError(`game does not export \`${want.name}\`; ABI v${ABI_VERSION} requires ${KIND_WORDS[want.kind]}${shape} named \`${want.name}\` (${want.doc})`);
    }
    if (have.kind !== want.kind) {
      throw new ContractError(`game export \`${want.name}\` must be ${KIND_WORDS[want.kind]}, but it is ${KIND_WORDS[have.kind] ?? have.kind}`);
    }
    if (want.kind === 'function' && have.type) {
      const expected = abiFuncType(want);
      if (!sameFuncType(expected, have.type)) {
        throw new ContractError(`game export \`${want.name}\` must be ${formatFuncType(expected)}, but it is ${formatFuncType(have.type)}`);
      }
    }
    exports.push(want.name);
  }
  const abiExportNames = new Set(GAME_EXPORTS.map((e) => e.name));
  const extraExports = info.exports.filter((e) => !abiExportNames.has(e.name)).map((e) => e.name);

  const importsUsed: string[] = [];
  for (const imp of info.imports) {
    const full = escapeControl(`${imp.module}.${imp.name}`);
    if (imp.module !== IMPORT_MODULE) {
      throw new ContractError(`game imports \`${full}\` from module \`${escapeControl(imp.module)}\`, but the host provides only module \`${IMPORT_MODULE}\`; ABI v${ABI_VERSION} provides ${providedList()}`);
    }
    const abi = HOST_IMPORTS.find((f) => f.name === imp.name);
    if (!abi) throw new ContractError(`game imports \`${full}\`, which ABI v${ABI_VERSION} does not provide; it provides ${providedList()}`);
    if (imp.kind !== 'function') throw new ContractError(`game imports \`${full}\` as ${KIND_WORDS[imp.kind] ?? imp.kind}, but it is a function ${formatFuncType(abiFuncType(abi))}`);
    if (imp.type) {
      const expected = abiFuncType(abi);
      if (!sameFuncType(expected, imp.type)) {
        throw new ContractError(`game import \`${full}\` must be ${formatFuncType(expected)}, but the game declares it as ${formatFuncType(imp.type)}`);
      }
    }
    importsUsed.push(imp.name);
  }
  return { meta, importsUsed, exports, extraExports };
}
