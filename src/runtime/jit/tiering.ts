// Lazy tiering (docs/jit.md, "Lazy tiering"): a module on the JIT engine
// starts running as soon as it is validated, every function on the
// interpreter; a function is translated to JavaScript once it is hot, and
// from then on every call (from the interpreter, the API, tables, JIT code)
// runs the translation.
//
// Hotness, counted per module in ticks: a call into the interpreter from
// outside it (the API, a host: interp/exec.ts run) is one tick, and so is
// each time the interpreter's interrupt countdown (one unit per taken branch,
// call and return, OP_FUEL of them) runs out in the function: a sampling
// profiler that costs the interpreter's loop nothing. A call from JIT code
// makes a function hot at once (createLazyFunc). At `hotness` ticks the
// function is compiled, alone, into its own factory (the module's
// header, one function, `return f<index>`), and called through the
// instance's `$F` array by other JIT code, so each function can change tier
// on its own. A function the JIT does not translate (too deeply nested,
// SIMD, too big for V8 to optimise: compile.ts translateFunction) stays on
// the interpreter for good.
//
// The interpreter's frames of a function keep running interpreted when it
// tiers up (no on-stack replacement): a call already running finishes on the
// interpreter, the next one runs the translation. Both engines give the same
// results, traps and NaN bits, and both poll shouldInterrupt, so a run is the
// same on every mix of tiers; a trap's wasm stack crosses them
// (interp/stack.ts mixedStack).
import type { FuncType, ModuleIR } from '../module.ts';
import { FuncKind, type FuncInst, type InstanceState } from '../store.ts';
import { ConstPool, factoryHeader, isV8Refusal, mayGrowMemory, nestingDepths, staticTables, translateFunction } from './compile.ts';
import { interpEngine } from '../engine.ts';
import { STATIC_HELPERS } from './runtime.ts';
import { registerModule, unregisterModule } from './trap.ts';
import { adapterFor, instanceContext, JitFunc, jitEntry, makeInvokeSlots, type JitFn } from './instance.ts';

/** Ticks before a function is compiled, by default. */
export const DEFAULT_HOTNESS = 3;

type Factory = (ctx: Record<string, unknown>) => JitFn;

/** One lazily tiered module's compile state, shared by its instances. */
export interface LazyModule {
  readonly id: number;
  readonly hotness: number;
  /** Ticks per function (module index). */
  readonly ticks: Int32Array;
  /** Per function: its factory once compiled, null when the JIT does not translate it. */
  readonly factories: (Factory | null | undefined)[];
  /** Module analyses the translation needs, computed at the first compile. */
  analyses?: { header: string; grows: boolean[]; tables: ReturnType<typeof staticTables>; depths: number[] };
  /** Functions compiled so far (tests, tools). */
  compiled: number;
}

export const lazyModules = new WeakMap<ModuleIR, LazyModule>();
const forgetNames = new FinalizationRegistry<number>((id) => unregisterModule(id));

export function prepareLazy(ir: ModuleIR, hotness: number): LazyModule {
  let lm = lazyModules.get(ir);
  if (lm) return lm;
  const names = ir.funcNames;
  lm = {
    id: registerModule((i) => names.get(i)),
    hotness: Math.max(0, hotness),
    ticks: new Int32Array(ir.funcs.length),
    factories: [],
    compiled: 0,
  };
  forgetNames.register(lm, lm.id);
  lazyModules.set(ir, lm);
  return lm;
}

/** The factory of defined function `fi`, compiling it now; null if the JIT does not translate it. */
function factoryOf(lm: LazyModule, ir: ModuleIR, fi: number): Factory | null {
  const known = lm.factories[fi];
  if (known !== undefined) return known;
  lm.analyses ??= {
    header: factoryHeader(ir).join('\n'),
    grows: mayGrowMemory(ir),
    tables: staticTables(ir),
    depths: nestingDepths(ir),
  };
  const a = lm.analyses;
  const pool = new ConstPool();
  const code = translateFunction(ir, fi, a.depths[fi - ir.numImportedFuncs]!, pool, a.grows, a.tables, (k) => `$F[${k}]`);
  if (code === undefined) {
    lm.factories[fi] = null;
    return null;
  }
  const constants = new Float64Array(new Int32Array(pool.values).buffer.slice(0));
  const source = `${a.header}\nconst $F=ctx.F;\n${code}return f${fi};};\n//# sourceURL=wasm-jit:m${lm.id}`;
  let make: Factory;
  try {
    make = (new Function('rt', source) as (rt: Record<string, unknown>) => Factory)(STATIC_HELPERS);
  } catch (e) {
    // V8's parser gave up on this function (compile.ts translateModule): it stays interpreted
    if (!isV8Refusal(e)) throw e;
    lm.factories[fi] = null;
    return null;
  }
  const factory: Factory = (ctx) => make({ ...ctx, C: constants });
  lm.factories[fi] = factory;
  lm.compiled++;
  return factory;
}

/** Per instance: the functions JIT code calls (`$F`), and the context its factories read. */
interface LazyInstance {
  readonly F: JitFn[];
  ctx?: Record<string, unknown>;
}

/**
 * The function instance for defined function `funcIndex` of a lazily tiered
 * module: interpreted (FuncKind.Interp, run from its slot code) until hot.
 */
export function createLazyFunc(lm: LazyModule, st: InstanceState, funcIndex: number, type: FuncType): JitFunc {
  const body = st.module.bodies[funcIndex - st.module.numImportedFuncs]!;
  const f = new JitFunc(FuncKind.Interp, type, st, funcIndex, body.compiled!, null, null);
  f.invokeSlots = makeInvokeSlots(f);
  // the interpreted twin deep calls run once translated (instance.ts deepEntry)
  f.deep = interpEngine.createFunction(st, funcIndex, type);
  if (!st.hot) st.hot = hotHook(lm, st);
  // Until it is compiled, JIT code calls the interpreter through an adapter.
  // A call from JIT code makes the function hot at once: its caller is hot,
  // and a call that runs long (a loop over a buffer) cannot change tier once
  // it has started. So below a hot function, every function is translated
  // at its first call, as it would be by a compile-on-first-call JIT.
  const hot = st.hot;
  f.jit = adapterFor(f, () => hot(f, lm.hotness));
  return f;
}

function hotHook(lm: LazyModule, st: InstanceState): (f: FuncInst, ticks: number) => void {
  let li: LazyInstance | undefined;
  const ir = st.module;
  return (f, ticks) => {
    const i = f.index;
    if (f.inst !== st || f.kind !== FuncKind.Interp || !(f instanceof JitFunc)) return;
    if (lm.factories[i] === null) return; // stays on the interpreter
    if ((lm.ticks[i]! += ticks) < lm.hotness && lm.factories[i] === undefined) return;
    const factory = factoryOf(lm, ir, i);
    if (!factory) return;
    if (!li) {
      const F: JitFn[] = [];
      for (let k = 0; k < ir.funcs.length; k++) F.push(jitEntry(st.funcs[k]!));
      li = { F };
    }
    li.ctx ??= { ...instanceContext(st), F: li.F };
    const fn = factory(li.ctx);
    li.F[i] = fn;
    f.jit = fn;
    f.kind = FuncKind.Engine;
  };
}
