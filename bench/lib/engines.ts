// The engines a benchmark or differential test can run a module on, behind
// one small interface: the platform's WebAssembly (the reference) and our
// engine (src/runtime) in each of its modes. Our engine's facade mirrors the
// standard WebAssembly JS API, so both sides are driven the same way:
//   new Module(bytes[, { engine }]) → new Instance(module, imports) → exports.
//
// A mode that is not implemented yet (new Module throws, as 'jit' did at
// first) is reported with the reason instead of crashing the caller.

import * as Runtime from '../../src/runtime/index';

/**
 * 'jit' translates the whole module up front (eager); 'tiered' is the JIT
 * with lazy tiering as game sessions run it (functions start on the
 * interpreter, translated when hot: src/runtime/jit/tiering.ts); 'osr' is
 * lazy tiering where every call starts on the interpreter and changes to JIT
 * code at the first loop head it reaches (on-stack replacement at every
 * loop: a test mode).
 */
export type EngineName = 'native' | 'interp' | 'jit' | 'tiered' | 'osr';

/** Every engine the tools know about, reference first. Add a mode here. */
export const ENGINE_NAMES: readonly EngineName[] = ['native', 'interp', 'jit', 'tiered', 'osr'];
/** The engines a benchmark runs unless told otherwise. */
export const DEFAULT_ENGINES: readonly EngineName[] = ['native', 'interp', 'jit', 'tiered'];

/**
 * Ticks before the 'tiered' engine translates a function (its default,
 * unless the TIER_HOTNESS environment variable — read by the Node tools —
 * sets it; tests use 1 so functions change tier in the middle of a run).
 */
export const tieredOptions: { hotness?: number; osr?: Runtime.EngineOptions['osr'] } = {};

/** Our engine's module options for each of its modes. */
function moduleOptions(name: Exclude<EngineName, 'native'>): Runtime.EngineOptions {
  if (name === 'tiered') return { engine: 'jit', tiering: 'lazy', hotness: tieredOptions.hotness, osr: tieredOptions.osr };
  if (name === 'osr') return { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' };
  return { engine: name };
}

export interface InstanceLike {
  readonly exports: Record<string, unknown>;
}

export interface Engine {
  readonly name: EngineName;
  /** Compiles (and validates) a module; throws CompileError-like errors. */
  compile(bytes: Uint8Array): unknown;
  /**
   * Instantiates a compiled module with the given import object. Our engine
   * polls `shouldInterrupt` while wasm runs and traps with 'interrupted' when
   * it returns true (a guard against an engine bug looping forever); the
   * platform's WebAssembly ignores it.
   */
  instantiate(module: unknown, imports: Record<string, Record<string, unknown>>, options?: InstanceOptions): InstanceLike;
}

export interface InstanceOptions {
  shouldInterrupt?: () => boolean;
}

const nativeEngine: Engine = {
  name: 'native',
  compile: (bytes) => new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>),
  instantiate: (module, imports) => new WebAssembly.Instance(module as WebAssembly.Module, imports as WebAssembly.Imports),
};

/**
 * Why an engine cannot be used: `broken` is false when it is simply not there
 * yet (the mode refuses to compile a trivial
 * module) and true when it compiles it but then fails to run it correctly.
 */
export interface Unavailable {
  readonly reason: string;
  readonly broken: boolean;
}

export function isUnavailable(e: Engine | Unavailable): e is Unavailable {
  return 'reason' in e;
}

/** The named engine, or why it is not available. */
export async function getEngine(name: EngineName): Promise<Engine | Unavailable> {
  if (name === 'native') return nativeEngine;
  const engine: Engine = {
    name,
    compile: (bytes) => new Runtime.Module(bytes, moduleOptions(name)),
    instantiate: (module, imports, options) => new Runtime.Instance(module as Runtime.Module, imports, options),
  };
  // Probe with a tiny module so "mode not implemented" is told apart from a
  // workload-specific failure: (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  const probe = Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
    0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b,
  ]);
  let module: unknown;
  try {
    module = engine.compile(probe);
  } catch (e) {
    // A mode that is not written yet refuses at Module construction.
    return { reason: `engine '${name}' is not available: ${describeError(e)}`, broken: false };
  }
  try {
    const got = (engine.instantiate(module, {}).exports.f as (x: number) => number)(41);
    if (got !== 42) return { reason: `engine '${name}' fails a smoke test: f(41) returned ${String(got)}, expected 42`, broken: true };
  } catch (e) {
    return { reason: `engine '${name}' fails a smoke test: f(41) threw ${describeError(e)}`, broken: true };
  }
  return engine;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.split('\n')[0]}`;
  return String(e);
}
