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
import type * as Runtime from '../../runtime/index.ts';
import { spectestPrintFunctions, type ClassifiedError, type SpecEngine, type SpecValue } from './engine.ts';

/**
 * 'tiered': the JIT with lazy tiering, every function translated at its first tick (hotness 0).
 * 'osr': lazy tiering where calls start on the interpreter and change to JIT code at the
 * first loop head they reach (on-stack replacement at every loop; functions called from
 * JIT code are translated).
 */
export type RuntimeEngineName = 'interp' | 'jit' | 'tiered' | 'osr';
export const RUNTIME_ENGINES: readonly RuntimeEngineName[] = ['interp', 'jit', 'tiered', 'osr'];

/** The module options of each engine mode. */
export const ENGINE_MODE_OPTIONS: Record<RuntimeEngineName, Runtime.EngineOptions> = {
  interp: { engine: 'interp' },
  jit: { engine: 'jit' },
  tiered: { engine: 'jit', tiering: 'lazy', hotness: 0 },
  osr: { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' },
};

export type RuntimeApi = typeof Runtime;

let loading: Promise<RuntimeApi> | undefined;

/** Loads src/runtime/index.ts lazily, so a broken engine is reported by the command rather than crashing the CLI. */
export function loadRuntimeApi(): Promise<RuntimeApi> {
  loading ??= import('../../runtime/index.ts');
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
  const toRaw = (args: readonly SpecValue[]): Runtime.RawValue[] => args as Runtime.RawValue[];
  return {
    name: mode,
    compile: (bytes) => new api.Module(bytes, ENGINE_MODE_OPTIONS[mode]),
    moduleImports: (module) => api.Module.imports(module as Runtime.Module),
    instantiate: (module, imports) =>
      timed(() => new api.Instance(module as Runtime.Module, imports as Runtime.Imports, { shouldInterrupt }).exports as Record<string, unknown>),
    invoke: (func, args) => timed(() => api.invokeRaw(func as (...args: never[]) => unknown, toRaw(args))),
    getGlobal: (global) => api.getGlobalRaw(global as Runtime.Global),
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
        if (err.trap === 'interrupted') return { kind: 'other', name: 'Timeout', message: `no result within ${limit} ms (interrupted)` };
        // The message's first line may add detail to the stable kind (e.g.
        // 'uninitialized element 2'), as the testsuite's texts sometimes do.
        const head = firstLine(err.message);
        return { kind: 'trap', name: err.name, message: head.startsWith(err.trap) ? head : err.trap };
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
