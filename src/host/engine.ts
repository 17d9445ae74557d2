// The slice of the WebAssembly JS API the host uses, so GameSession runs on
// anything standard-shaped: our engine (src/runtime, the default and the only
// one production code uses) or, in tests that compare against it, another
// implementation passed in explicitly.

import type { EngineName } from './protocol';
import type { FuncType } from './signatures';
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
  /** Function signature (the JS type-reflection shape); our runtime always reports it. */
  type?: { parameters: readonly string[]; results: readonly string[] };
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

/** Module reflection in the shape the contract check wants, signatures included. */
export function describeModule(api: WasmApi, module: object): ModuleInfo {
  const sig = (d: ExportDescriptor): FuncType | undefined => {
    if (d.kind !== 'function') return undefined;
    if (!d.type) throw new Error(`the engine reported no signature for function ${'module' in d ? `${String(d.module)}.` : ''}${d.name}`);
    return { params: [...d.type.parameters], results: [...d.type.results] };
  };
  return {
    imports: api.Module.imports(module).map((i) => ({ module: i.module, name: i.name, kind: i.kind as ExternKind, type: sig(i) })),
    exports: api.Module.exports(module).map((e) => ({ name: e.name, kind: e.kind as ExternKind, type: sig(e) })),
    metaSections: api.Module.customSections(module, META_SECTION),
  };
}

/** `breakout::Ball::step (func 12)` for StopInfo.wasmStack (the engine already demangles and falls back to export names). */
export function formatFrame(frame: { funcIndex: number; name?: string }): string {
  return frame.name !== undefined ? `${frame.name} (func ${frame.funcIndex})` : `func ${frame.funcIndex}`;
}
