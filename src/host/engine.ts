// The slice of the WebAssembly JS API the host uses, so GameSession runs on
// anything standard-shaped: our engine (src/runtime, the default and the only
// one production code uses) or, in tests that compare against it, another
// implementation passed in explicitly.

import type { EngineName } from './protocol';
import { readSignatures, type FuncType } from './signatures';
import type { ExternKind, ModuleInfo } from './game';
import { META_SECTION } from './abi';

export interface InstanceOptions {
  /** Called periodically while wasm runs; returning true makes the engine trap with 'interrupted'. */
  shouldInterrupt?: () => boolean;
}

export interface ModuleOptions {
  /** Which of our engine's tiers compiles and runs the code (src/runtime chooses per module). */
  engine?: EngineName;
}

export interface ExportDescriptor {
  name: string;
  kind: string;
  type?: { parameters?: readonly string[]; params?: readonly string[]; results?: readonly string[] };
}
export interface ImportDescriptor extends ExportDescriptor {
  module: string;
}

/** `WebAssembly`-shaped: Module (with its static reflection), Instance, errors. */
export interface WasmApi {
  Module: {
    new (bytes: Uint8Array, options?: ModuleOptions): object;
    imports(module: object): ImportDescriptor[];
    exports(module: object): ExportDescriptor[];
    customSections(module: object, name: string): ArrayBuffer[];
  };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>, options?: InstanceOptions) => { exports: Record<string, unknown> };
}

/** What the host reads off a RuntimeError from our engine. */
export interface TrapLike {
  trap: string;
  wasmStack: readonly { funcIndex: number; name?: string }[];
}

export function isTrap(error: unknown): error is Error & TrapLike {
  return error instanceof Error && typeof (error as Partial<TrapLike>).trap === 'string';
}

/** Our runtime says 'func' where the standard API says 'function'. */
function externKind(kind: string): ExternKind {
  return (kind === 'func' ? 'function' : kind) as ExternKind;
}

/** Module reflection in the shape the contract check wants, signatures included. */
export function describeModule(api: WasmApi, module: object, bytes: Uint8Array): ModuleInfo {
  let signatures: ReturnType<typeof readSignatures> | undefined;
  const sig = (fromApi: ExportDescriptor['type'], key: string, which: 'imports' | 'exports'): FuncType | undefined => {
    if (fromApi && (fromApi.parameters || fromApi.params) && fromApi.results) {
      return { params: [...(fromApi.parameters ?? fromApi.params ?? [])], results: [...fromApi.results] };
    }
    signatures ??= readSignatures(bytes);
    return signatures[which].get(key);
  };
  return {
    imports: api.Module.imports(module).map((i) => ({
      module: i.module,
      name: i.name,
      kind: externKind(i.kind),
      type: externKind(i.kind) === 'function' ? sig(i.type, `${i.module}\u0000${i.name}`, 'imports') : undefined,
    })),
    exports: api.Module.exports(module).map((e) => ({
      name: e.name,
      kind: externKind(e.kind),
      type: externKind(e.kind) === 'function' ? sig(e.type, e.name, 'exports') : undefined,
    })),
    metaSections: api.Module.customSections(module, META_SECTION),
  };
}

/**
 * Human name of a wasm function: Rust's legacy mangling (`_ZN8breakout4Ball4step17h…E`)
 * becomes `breakout::Ball::step`; anything else is returned as is.
 */
export function demangle(name: string): string {
  const m = /^_?_ZN(.*)E$/.exec(name);
  if (!m) return name;
  const parts: string[] = [];
  let rest = m[1];
  while (rest.length) {
    const len = /^(\d+)/.exec(rest);
    if (!len) return name;
    const n = Number(len[1]);
    const part = rest.slice(len[1].length, len[1].length + n);
    if (part.length !== n) return name;
    rest = rest.slice(len[1].length + n);
    parts.push(part);
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const unescape = (s: string) =>
    s
      .replace(/^_\$/, '$')
      .replace(/\$LT\$/g, '<')
      .replace(/\$GT\$/g, '>')
      .replace(/\$RF\$/g, '&')
      .replace(/\$BP\$/g, '*')
      .replace(/\$LP\$/g, '(')
      .replace(/\$RP\$/g, ')')
      .replace(/\$C\$/g, ',')
      .replace(/\$SP\$/g, '@')
      .replace(/\$u([0-9a-f]+)\$/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/\.\./g, '::');
  return parts.map(unescape).join('::');
}

/**
 * `breakout::Ball::step (func 12)` for StopInfo.wasmStack. Functions without a
 * debug name are named by their export name if they have one.
 */
export function formatFrame(frame: { funcIndex: number; name?: string }, exportName?: (funcIndex: number) => string | undefined): string {
  const name = frame.name ?? exportName?.(frame.funcIndex);
  return name !== undefined ? `${demangle(name)} (func ${frame.funcIndex})` : `func ${frame.funcIndex}`;
}
