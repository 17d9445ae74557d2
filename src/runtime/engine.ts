// The seam between the module IR and the code that runs it. An engine turns
// a validated module's functions into function instances; the interpreter is
// built in, the JIT (src/runtime/jit) registers itself with registerEngine.
import type { FuncType, ModuleIR } from './module.ts';
import { FuncInst, FuncKind, type InstanceState } from './store.ts';
import { compiledOf } from './validate/module.ts';

export type EngineName = 'interp' | 'jit';

export interface EngineOptions {
  /** Which engine runs the module's code (default 'interp'). */
  engine?: EngineName;
  /**
   * Polled while the module is validated and translated (between function
   * bodies); returning true stops the compile with CompileInterrupted.
   */
  interruptCompile?: () => boolean;
  /**
   * The JIT only: 'lazy' starts every function on the interpreter and
   * translates it once hot (jit/tiering.ts; what game sessions use); 'eager'
   * (default) translates the whole module when it is compiled.
   */
  tiering?: 'lazy' | 'eager';
  /** Lazy tiering: ticks (calls from outside the interpreter, samples) before a function is translated; 0 = at its first tick. */
  hotness?: number;
  /**
   * Lazy tiering: when a call running on the interpreter changes to JIT code
   * at a loop head (on-stack replacement): 'hot' (default) once its function
   * is translated, 'every-loop' at the first loop head it reaches (tests:
   * every loop enters JIT code that way), 'off' never.
   */
  osr?: 'hot' | 'every-loop' | 'off';
  /**
   * Lazy tiering: bounds the time translating hot functions takes, so tiering up
   * never stalls a frame (jit/compile-budget.ts). Default: none (translate as soon as hot).
   */
  compileBudget?: CompileBudgetOptions;
}

/** EngineOptions.compileBudget. */
export interface CompileBudgetOptions {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** The most translation time spent at once, in ms (default jit/compile-budget.ts BURST_MS). */
  readonly burstMs?: number;
  /** The share of time passing that translation may use, 0–1 (default SHARE). */
  readonly share?: number;
  /**
   * When the embedder's current frame should be done, in ms of `now` (a game
   * session: its frame's start + FRAME_TRANSLATE_MS): a turn of translation
   * stops there, after at least one step, whatever the balance. Default: no
   * frame, the balance alone decides.
   */
  readonly frameEnd?: () => number;
}

/**
 * An engine declines a module it cannot run well (too large or too deep for
 * its translation): `new Module` then runs the module on the interpreter
 * and says so (moduleEngine). `reason` is one line for a person.
 */
export class EngineRefused extends Error {
  override name = 'EngineRefused';
}

/** Compiling a module ran past its budget (EngineOptions.interruptCompile). */
export class CompileInterrupted extends Error {
  override name = 'CompileInterrupted';
  constructor() {
    super('compiling took too long');
  }
}

export interface Engine {
  readonly name: EngineName;
  /**
   * Called once per module after validation (every body has `compiled` slot
   * code, see module.ts). Cache per-module work on the IR object if needed.
   */
  prepare(m: ModuleIR, poll?: () => void, options?: EngineOptions): void;
  /**
   * Creates the function instance for defined function `funcIndex` (module
   * function index space, imports first) of `inst`. Interpreted functions
   * use FuncKind.Interp; other engines FuncKind.Engine with `invokeSlots`.
   * `inst.funcs` is complete for imports but not yet for defined functions:
   * resolve callees lazily.
   */
  createFunction(inst: InstanceState, funcIndex: number, type: FuncType): FuncInst;
  /**
   * Whether an instance of `m` makes each defined function's instance at its
   * first use (store.ts funcAt) rather than all of them at `new Instance`.
   */
  onDemand(m: ModuleIR): boolean;
}

export const interpEngine: Engine = {
  name: 'interp',
  prepare(): void {},
  createFunction(inst, funcIndex, type) {
    return new FuncInst(FuncKind.Interp, type, inst, funcIndex, compiledOf(inst.module, funcIndex - inst.module.numImportedFuncs), null);
  },
  onDemand: () => true,
};

const engines = new Map<EngineName, Engine>([['interp', interpEngine]]);

/** Plugs in an engine (the JIT calls this with name 'jit'). */
export function registerEngine(engine: Engine): void {
  engines.set(engine.name, engine);
}

export function getEngine(name: EngineName | undefined): Engine {
  const n = name ?? 'interp';
  const e = engines.get(n);
  if (!e) {
    // The JIT registers itself when src/runtime/index.ts is imported.
    if (n === 'jit') throw new Error("The JIT engine is not registered: import the engine through src/runtime/index.ts.");
    throw new Error(`Unknown engine '${String(n)}' (expected 'interp' or 'jit').`);
  }
  return e;
}
