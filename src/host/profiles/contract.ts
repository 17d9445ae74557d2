// The contract check of a profile whose ABI is a fixed table of imports and
// exports (demo-2018, wasm4): every import must be one the profile supplies,
// with its signature; every required export must be there, with its
// signature. Messages name the import/export and what the profile expects.

import type { GameMeta } from '../abi';
import { ContractError, type ExternKind, type GameContract, type ModuleInfo } from '../game';
import { formatFuncType, sameFuncType, type FuncType } from '../signatures';
import type { ProfileName } from './profile';

export interface SpecImport {
  readonly module: string;
  readonly name: string;
  readonly kind: 'function' | 'memory';
  readonly type?: FuncType;
  /** The module must import it. */
  readonly required?: boolean;
}

export interface SpecExport {
  readonly name: string;
  readonly kind: 'function' | 'memory';
  readonly type?: FuncType;
  readonly required: boolean;
}

export interface ProfileSpec {
  readonly name: ProfileName;
  /** How messages name the ABI: "the 2018 demo's ABI", "WASM-4". */
  readonly abiName: string;
  readonly imports: readonly SpecImport[];
  readonly exports: readonly SpecExport[];
  /** Extra rule: at least one of these exports must exist (WASM-4: start or update). */
  readonly someExport?: readonly string[];
  readonly meta: GameMeta;
}

export const fn = (params: string[], results: string[] = []): FuncType => ({ params, results });

const KIND_WORDS: Record<string, string> = { function: 'a function', memory: 'a memory', table: 'a table', global: 'a global', tag: 'a tag' };
const kindWord = (k: ExternKind | string) => KIND_WORDS[k] ?? k;
const shape = (x: { kind: string; type?: FuncType }) => (x.kind === 'function' && x.type ? `${kindWord(x.kind)} ${formatFuncType(x.type)}` : kindWord(x.kind));

/** `env.rect (func (param i32 i32 i32 i32))` for every import the spec supplies. */
export function specProvides(spec: ProfileSpec): { module: string; name: string; signature: string }[] {
  return spec.imports.map((i) => ({ module: i.module, name: i.name, signature: i.type ? formatFuncType(i.type) : `(${i.kind})` }));
}

export function checkSpec(spec: ProfileSpec, info: ModuleInfo): GameContract {
  const modules = [...new Set(spec.imports.map((i) => i.module))];
  const importsUsed: string[] = [];
  for (const imp of info.imports) {
    const full = `${imp.module}.${imp.name}`;
    const want = spec.imports.find((i) => i.module === imp.module && i.name === imp.name);
    if (!want) {
      const where = modules.includes(imp.module) ? `which ${spec.abiName} does not provide` : `but ${spec.abiName} provides only module ${modules.map((m) => `\`${m}\``).join(', ')}`;
      throw new ContractError(`game imports \`${full}\`, ${where}; it provides ${spec.imports.map((i) => `${i.module}.${i.name}`).join(', ')}`);
    }
    if (imp.kind !== want.kind) throw new ContractError(`game imports \`${full}\` as ${kindWord(imp.kind)}, but in ${spec.abiName} it is ${shape(want)}`);
    if (want.type && imp.type && !sameFuncType(want.type, imp.type)) {
      throw new ContractError(`game import \`${full}\` must be ${formatFuncType(want.type)} in ${spec.abiName}, but the game declares it as ${formatFuncType(imp.type)}`);
    }
    if (imp.kind === 'function') importsUsed.push(imp.name);
  }
  for (const want of spec.imports) {
    if (want.required && !info.imports.some((i) => i.module === want.module && i.name === want.name)) {
      throw new ContractError(`game does not import \`${want.module}.${want.name}\`; ${spec.abiName} games import ${shape(want)} named \`${want.module}.${want.name}\``);
    }
  }
  const exports: string[] = [];
  for (const want of spec.exports) {
    const have = info.exports.find((e) => e.name === want.name);
    if (!have) {
      if (want.required) throw new ContractError(`game does not export \`${want.name}\`; ${spec.abiName} requires ${shape(want)} named \`${want.name}\``);
      continue;
    }
    if (have.kind !== want.kind) throw new ContractError(`game export \`${want.name}\` must be ${kindWord(want.kind)}, but it is ${kindWord(have.kind)}`);
    if (want.type && have.type && !sameFuncType(want.type, have.type)) {
      throw new ContractError(`game export \`${want.name}\` must be ${formatFuncType(want.type)} in ${spec.abiName}, but it is ${formatFuncType(have.type)}`);
    }
    exports.push(want.name);
  }
  if (spec.someExport && !spec.someExport.some((n) => exports.includes(n))) {
    throw new ContractError(`game exports none of ${spec.someExport.map((n) => `\`${n}\``).join(', ')}; a ${spec.abiName} game needs at least one of them`);
  }
  const known = new Set(spec.exports.map((e) => e.name));
  const extraExports = info.exports.filter((e) => !known.has(e.name)).map((e) => e.name);
  return { profile: spec.name, meta: spec.meta, importsUsed, exports, extraExports };
}
