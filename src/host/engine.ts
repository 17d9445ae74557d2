// How the host reads a compiled game through our engine's WebAssembly-shaped
// API (src/runtime): what it imports and exports, and how its traps are named.

import { Module, RuntimeError, type ModuleExportDescriptor, type ModuleImportDescriptor } from '../runtime/index';
import type { FuncType } from './signatures';
import type { ExternKind, ModuleInfo } from './game';
import { META_SECTION } from './abi';
import { escapeControl } from './escape';

/** Module reflection in the shape the contract check wants, signatures included. */
export function describeModule(module: Module): ModuleInfo {
  const sig = (d: ModuleImportDescriptor | ModuleExportDescriptor): FuncType | undefined => {
    if (d.kind !== 'function') return undefined;
    if (!d.type) throw new Error(`the engine reported no signature for function ${'module' in d ? `${d.module}.` : ''}${d.name}`);
    return { params: [...d.type.parameters], results: [...d.type.results] };
  };
  return {
    imports: Module.imports(module).map((i) => ({ module: i.module, name: i.name, kind: i.kind as ExternKind, type: sig(i) })),
    exports: Module.exports(module).map((e) => ({ name: e.name, kind: e.kind as ExternKind, type: sig(e) })),
    metaSections: Module.customSections(module, META_SECTION),
  };
}

export function isTrap(error: unknown): error is RuntimeError {
  return error instanceof RuntimeError;
}

/** `breakout::Ball::step (func 12)` for StopInfo.wasmStack (the engine already demangles and falls back to export names). */
export function formatFrame(frame: { funcIndex: number; name?: string }): string {
  return frame.name !== undefined ? `${escapeControl(frame.name)} (func ${frame.funcIndex})` : `func ${frame.funcIndex}`;
}
