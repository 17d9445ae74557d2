// Public entry point of the engine: a WebAssembly-shaped API (see api.ts),
// available both as named exports and as the `WasmArcade` namespace object.
import {
  CompileError, Global, Instance, LinkError, Memory, Module, RuntimeError, Table,
  compile, getGlobalRaw, instantiate, invokeRaw, validate,
} from './api.ts';

export {
  CompileError, Global, Instance, LinkError, Memory, Module, RuntimeError, Table,
  compile, getGlobalRaw, instantiate, invokeRaw, validate,
};
export { CompileInterrupted, EngineRefused, memoryBytes, moduleEngine, moduleIRof } from './api.ts';
export type {
  FunctionTypeDescriptor, ImportExportKind, ImportValue, Imports, InstanceOptions, ModuleExportDescriptor, ModuleImportDescriptor, RawValue,
  WebAssemblyInstantiatedSource,
} from './api.ts';
export type { EngineOptions, EngineName, Engine } from './engine.ts';
export { registerEngine } from './engine.ts';
// Registers the JIT as engine 'jit' (src/runtime/jit, docs/jit.md).
import './jit/index.ts';
export type { WasmFrame } from './errors.ts';
export { CALL_DEPTH_LIMIT, ENGINE_LIMITS, LimitError, type ResourceLimits } from './limits.ts';

export const WasmArcade = {
  Module, Instance, Memory, Table, Global,
  validate, compile, instantiate,
  CompileError, LinkError, RuntimeError,
  invokeRaw, getGlobalRaw,
};
export { WasmArcade as Wasm };
export default WasmArcade;
