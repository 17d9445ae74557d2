// The spec runner's adapter over our own engine (src/runtime), in either mode.
// It uses only the engine's public facade: the standard-shaped JS API plus the
// bit-exact `invokeRaw` / `getGlobalRaw`. Trap texts are compared with the
// reference interpreter's rule (the engine's `RuntimeError.trap` must start
// with the testsuite's expected text): the engine is ours, so its texts are
// held to the spec's.
//
// Each command gets a time limit (the engine polls `shouldInterrupt` and traps
// with 'interrupted'), so an engine bug that loops forever fails that command
// with a reason instead of hanging the whole run.
import { performance } from 'node:perf_hooks';
import { spectestPrintFunctions, type ClassifiedError, type ImportDescriptor, type ImportObject, type SpecEngine, type SpecValue } from './engine.ts';

export type RuntimeEngineName = 'interp' | 'jit';
export const RUNTIME_ENGINES: readonly RuntimeEngineName[] = ['interp', 'jit'];

/** The part of src/runtime/index.ts the runner relies on. */
export interface RuntimeApi {
  Module: (new (bytes: Uint8Array, options?: { engine?: RuntimeEngineName }) => object) & {
    imports(module: object): readonly ImportDescriptor[];
  };
  Instance: new (module: object, importObject?: object, options?: { shouldInterrupt?: () => boolean }) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number }) => object;
  Table: new (descriptor: { element: 'anyfunc' | 'externref'; initial: number; maximum?: number }) => object;
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => object;
  CompileError: abstract new (...args: never[]) => Error;
  LinkError: abstract new (...args: never[]) => Error;
  RuntimeError: abstract new (...args: never[]) => Error;
  invokeRaw(func: never, args: readonly never[]): readonly unknown[];
  getGlobalRaw(global: never): unknown;
}

let loading: Promise<RuntimeApi> | undefined;

/** Loads src/runtime/index.ts; rejects with the reason when it is missing or incomplete. */
export function loadRuntimeApi(): Promise<RuntimeApi> {
  loading ??= (async () => {
    // A computed specifier keeps this file compiling while src/runtime/index.ts is being written.
    const url = new URL('../../runtime/index.ts', import.meta.url).href;
    const api = (await import(/* @vite-ignore */ url)) as Partial<RuntimeApi>;
    const missing = (['Module', 'Instance', 'Memory', 'Table', 'Global', 'CompileError', 'LinkError', 'RuntimeError', 'invokeRaw', 'getGlobalRaw'] as const)
      .filter((name) => typeof api[name] !== 'function');
    if (missing.length) throw new Error(`src/runtime/index.ts does not export ${missing.join(', ')} yet`);
    return api as RuntimeApi;
  })();
  return loading;
}

export interface RuntimeEngineOptions {
  /** Wall-clock limit for one instantiation or call, in ms (default 10 s). */
  readonly commandTimeoutMs?: number;
}

export async function loadRuntimeEngine(mode: RuntimeEngineName, options: RuntimeEngineOptions = {}): Promise<SpecEngine> {
  return createRuntimeEngine(await loadRuntimeApi(), mode, options);
}

export function createRuntimeEngine(api: RuntimeApi, mode: RuntimeEngineName, options: RuntimeEngineOptions = {}): SpecEngine {
  const limit = options.commandTimeoutMs ?? 10_000;
  let deadline = Infinity;
  const shouldInterrupt = (): boolean => performance.now() > deadline;
  const timed = <T>(run: () => T): T => {
    deadline = performance.now() + limit;
    try {
      return run();
    } finally {
      deadline = Infinity;
    }
  };
  return {
    name: mode,
    compile: (bytes) => new api.Module(bytes, { engine: mode }),
    moduleImports: (module) => api.Module.imports(module as object),
    instantiate: (module, imports: ImportObject) =>
      timed(() => new api.Instance(module as object, imports, { shouldInterrupt }).exports as Record<string, unknown>),
    invoke: (func, args) => timed(() => (api.invokeRaw as (f: unknown, a: readonly SpecValue[]) => SpecValue[])(func, args)),
    getGlobal: (global) => (api.getGlobalRaw as (g: unknown) => SpecValue)(global),
    makeSpectest: () => ({
      ...spectestPrintFunctions(),
      global_i32: new api.Global({ value: 'i32', mutable: false }, 666),
      global_i64: new api.Global({ value: 'i64', mutable: false }, 666n),
      global_f32: new api.Global({ value: 'f32', mutable: false }, 666.6),
      global_f64: new api.Global({ value: 'f64', mutable: false }, 666.6),
      table: new api.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
      memory: new api.Memory({ initial: 1, maximum: 2 }),
    }),
    classifyError: (err): ClassifiedError => {
      if (err instanceof api.CompileError) return { kind: 'compile', name: err.name, message: err.message };
      if (err instanceof api.LinkError) return { kind: 'link', name: err.name, message: err.message };
      if (err instanceof api.RuntimeError) {
        const trap = (err as Error & { trap?: unknown }).trap;
        if (trap === 'interrupted') return { kind: 'other', name: 'Timeout', message: `no result within ${limit} ms (interrupted)` };
        return { kind: 'trap', name: err.name, message: typeof trap === 'string' ? trap : err.message };
      }
      if (err instanceof Error) return { kind: 'other', name: err.name, message: firstLine(err.message) };
      return { kind: 'other', name: 'thrown value', message: String(err) };
    },
  };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
