// Lazy tiering (docs/jit.md, "Lazy tiering"): a module on the JIT engine
// starts running as soon as it is validated, every function on the
// interpreter; a function is translated to JavaScript once it is hot, and
// from then on every call (from the interpreter, the API, tables, JIT code)
// runs the translation.
//
// Hotness, counted per module in ticks: a call into the interpreter from
// outside it (the API, a host: interp/exec.ts run) is one tick, and so is
// each time the interpreter's countdown (one unit per taken branch, call and
// return, SAMPLE_FUEL of them: exec.ts tieredDrive) runs out in the function:
// a sampling profiler that costs the interpreter's loop nothing. A call from JIT code
// makes a function hot at once (createLazyFunc). At `hotness` ticks the
// function is compiled into a factory of its own group (the module's header,
// the function and the not yet translated functions it calls directly, up to
// GROUP_CODE_BYTES and, under a compile budget, groupChars of source, calling
// each other directly so V8 can inline them), and
// called through the instance's `$F` array by other JIT code, so each group
// changes tier on its own. A function the JIT does not translate (too deeply nested,
// SIMD, too big for V8 to optimise: compile.ts translateFunction) stays on
// the interpreter for good.
//
// A call already running on the interpreter when its function tiers up
// changes tier at a loop head (on-stack replacement, osrHook): the rest of
// the call runs in a variant of the translation entered there, which reads
// the interpreter's frame (codegen.ts osrEntry). Both engines give the same
// results, traps and NaN bits, and both poll shouldInterrupt, so a run is the
// same on every mix of tiers; a trap's wasm stack crosses them
// (interp/stack.ts mixedStack).
import type { FuncType, ModuleIR } from '../module.ts';
import { FuncInst, FuncKind, funcAt, type InstanceState } from '../store.ts';
import { F, I, R, state } from '../interp/stack.ts';
import { f32BitsToValue } from './values.ts';
import { ConstPool, factoryHeader, isV8Refusal, translateFunction, translateSteps } from './compile.ts';
import { analyseModule, analyseSteps, type ModuleAnalyses } from './analyses.ts';
import { STATIC_HELPERS } from './runtime.ts';
import { registerModule, sourceURLFor, unregisterModule } from './trap.ts';
import { adapterFor, enterJit, instanceContext, JitFunc, jitEntry, linkDeepEntries, makeInvokeSlots, osrInvoker, resultsToSlots, type JitFn } from './instance.ts';
import type { EngineOptions } from '../engine.ts';
import { CompileBudget, FIRST_CALL_MS_PER_CHAR, V8_MS_PER_CHAR } from './compile-budget.ts';
import { compiledOf } from '../validate/module.ts';

/** Ticks before a function is compiled, by default. */
export const DEFAULT_HOTNESS = 3;

/**
 * Makes one instance's translations of a group of functions (`members`, in
 * the order of the array it returns): the function that became hot and the
 * functions it calls directly, breadth first, up to GROUP_CODE_BYTES of wasm
 * code. Calls inside a group are calls of sibling declarations, which V8 can
 * inline (a call through `$F` cannot be: its target changes when the callee
 * tiers up, so V8 sees more than one).
 */
type Factory = Made<JitFn[]> & { readonly members: readonly number[] };

/** A factory's function, the functions its code calls through `$F`, and whose deep entries (`$DP`) it uses (linkCallees). */
type Made<T> = ((ctx: Record<string, unknown>) => T) & { readonly callees: readonly number[]; readonly deep: readonly number[] };

/**
 * Wasm code bytes a group takes in beyond the function that became hot
 * (~0.75 ms of translation per KB on a quiet, warm machine: docs/performance.md
 * "Compile time"; under a compile budget a group is made over several turns).
 */
export const GROUP_CODE_BYTES = 16 * 1024;

/** One lazily tiered module's compile state, shared by its instances. */
export interface LazyModule {
  readonly id: number;
  readonly hotness: number;
  /** Ticks per function (module index). */
  readonly ticks: Int32Array;
  /** Per function: the factory of its group once compiled, null when the JIT does not translate it. */
  readonly factories: (Factory | null | undefined)[];
  /** Module analyses the translation needs, computed at the first compile. */
  analyses?: ModuleAnalyses & { header: string };
  /** The analyses under way over turns of the compile budget (Group.grow). */
  analysing?: Generator<void, ModuleAnalyses, void>;
  /** Functions compiled so far (tests, tools). */
  compiled: number;
  /** On-stack replacement: 'hot' (hot functions, at a loop head), 'every-loop' (every function at every loop head: tests), 'off'. */
  readonly osr: NonNullable<EngineOptions['osr']>;
  /** Per loop (byte offset of its `loop`): the factory of the variant entered there, null if the JIT does not translate it. */
  readonly osrFactories: Map<number, Made<JitFn> | null>;
  /** Groups being translated over several turns of the compile budget, by function (factoryOf) and by loop (osrFactoryOf). */
  readonly groups: Map<number, Group>;
  readonly osrGroups: Map<number, Group>;
  /** Calls that changed tier at a loop head and ran to their end in JIT code (tests, tools). */
  osrEntries: number;
  /** Bounds translation time (EngineOptions.compileBudget); none: translate as soon as hot. */
  budget?: CompileBudget;
}

export const lazyModules = new WeakMap<ModuleIR, LazyModule>();
const forgetNames = new FinalizationRegistry<number>((id) => unregisterModule(id));

export function prepareLazy(ir: ModuleIR, hotness: number, osr: LazyModule['osr'] = 'hot'): LazyModule {
  let lm = lazyModules.get(ir);
  if (lm) return lm;
  const names = ir.funcNames;
  lm = {
    id: registerModule((i) => names.get(i)),
    hotness: Math.max(0, hotness),
    ticks: new Int32Array(ir.funcs.length),
    factories: [],
    compiled: 0,
    osr,
    osrFactories: new Map(),
    groups: new Map(),
    osrGroups: new Map(),
    osrEntries: 0,
  };
  forgetNames.register(lm, lm.id);
  lazyModules.set(ir, lm);
  return lm;
}

const CALLEE = /\$F\[(\d+)\]/g;
/** A deep entry generated code uses (codegen.ts depthPrologue). */
const DEEP = /\$DP\[(\d+)\]/g;

/**
 * Characters of source after which a group takes in no more callees (the
 * member that passes the mark is kept), under compile budget `budget`: as
 * many as V8's estimated work on them
 * (V8_MS_PER_CHAR: the parse and every member's first-call compile, all on
 * the game's thread and mostly in the step the group is installed) fits in a
 * full turn of the budget; with the default 8 ms burst, ~27 K characters
 * (a 16 KB group of a game's code is 80–85 K). The members left out make
 * groups of their own when JIT code first calls them, at later turns, so
 * V8's work on one hot function's callees is spread over several steps
 * (docs/performance.md, "Compiling off the worker's thread in Chromium:
 * measured, not possible"). Without a budget: no limit but GROUP_CODE_BYTES.
 */
export function groupChars(budget: CompileBudget | undefined): number {
  return budget ? Math.floor(budget.fullTurn / V8_MS_PER_CHAR) : Infinity;
}

/** Always: the time left for a translation when no compile budget bounds it (groups are bounded by GROUP_CODE_BYTES only). */
const ALWAYS = (): boolean => true;

/**
 * A group being translated: function `fi` (or its variant entered at the
 * loop at `osrAt`), then the functions it calls directly that `wanted`
 * takes, breadth first, up to GROUP_CODE_BYTES of wasm; a function the JIT
 * does not translate is marked so and left out. Under a compile budget a
 * group is translated over several turns (`grow`), a few hundred
 * instructions at a time (compile.ts translateSteps), so that making it
 * never stalls a frame by much more than the turn's time: on a cold engine a
 * 16 KB group took 111 ms in one go, and one 12 KB function 50–160 ms
 * (docs/jit.md, "Lazy tiering"; docs/performance.md, "Tier-up without hitches").
 */
class Group {
  readonly members: number[] = [];
  readonly codes: string[] = [];
  readonly pool = new ConstPool();
  /** The first function is not translated (nor, then, the group). */
  refused = false;
  /** Whether the last `grow` had anything left to translate. */
  worked = false;
  private readonly queue: number[];
  private readonly queued: Set<number>;
  /** Whether `fi` has run on the interpreter (so its callees have had their chance to run: ranInterpreted). */
  private readonly rootRan: boolean;
  private next = 0;
  private bytes = 0;
  /** Characters of the translations so far (groupChars). */
  private chars = 0;
  /** The translation of queue[next - 1] under way, paused when its turn's time was up. */
  private current?: Generator<void, string | undefined, void>;

  constructor(
    private readonly lm: LazyModule, private readonly ir: ModuleIR, readonly fi: number,
    private readonly wanted: (k: number) => boolean, private readonly osrAt?: number,
  ) {
    this.queue = [fi];
    this.queued = new Set([fi]);
    this.rootRan = ranInterpreted(ir, fi);
  }

  /** Translates the group's functions while `within()` (a step in any case); true once the group is complete. */
  grow(within: () => boolean): boolean {
    const { lm, ir, fi, queue } = this;
    this.worked = lm.analyses === undefined || this.current !== undefined || this.next < queue.length;
    let stepped = false;
    if (!lm.analyses) {
      // the first translation's module analyses, in steps too
      const done = runSteps(lm.analysing ??= analyseSteps(ir), within);
      stepped = true;
      if (!done) return false;
      lm.analysing = undefined;
      lm.analyses = { header: factoryHeader(ir).join('\n'), ...done.value };
    }
    const steps = stepper(lm, ir);
    while (this.current || this.next < queue.length) {
      if (!this.current) {
        if (stepped && !within()) return false;
        const k = queue[this.next++]!;
        if (k !== fi && !this.wanted(k)) continue;
        this.current = steps(k, this.pool, k === fi ? this.osrAt : undefined);
      }
      const done = runSteps(this.current, within);
      stepped = true;
      if (!done) return false;
      this.current = undefined;
      const k = queue[this.next - 1]!;
      const c = done.value;
      if (c === undefined) {
        if (k === fi) {
          this.refused = true;
          return true;
        }
        if (this.wanted(k)) lm.factories[k] = null;
        continue;
      }
      this.members.push(k);
      this.codes.push(c);
      const def = k - ir.numImportedFuncs;
      this.bytes += ir.bodies.codeEnd[def]! - ir.bodies.codeStart[def]!;
      this.chars += c.length;
      if (this.bytes > GROUP_CODE_BYTES || this.chars > groupChars(lm.budget)) break;
      for (const m of c.matchAll(CALLEE)) {
        const callee = Number(m[1]);
        // A function that became hot on the interpreter takes in only the callees that
        // ran there too: the rest (a panic's path, a formatting routine, a later level's
        // code) is most of a game's group by count and about a third by size, never
        // called in its first 300 frames; translated when JIT code first calls it, it
        // makes a group of its own then. (A function made hot by its first call from JIT
        // code has not run: all its callees, as before.)
        if (this.rootRan && !ranInterpreted(ir, callee)) continue;
        if (callee >= ir.numImportedFuncs && !this.queued.has(callee) && this.wanted(callee)) {
          this.queued.add(callee);
          queue.push(callee);
        }
      }
    }
    this.next = queue.length;
    return true;
  }
}

/** Whether function `k` (a module index) has been called on the interpreter: its slot code is in the code store. */
function ranInterpreted(ir: ModuleIR, k: number): boolean {
  const def = k - ir.numImportedFuncs;
  return def >= 0 && (ir.bodies.compiled[def]?.base ?? -1) >= 0;
}

/** Runs `steps` on while `within()` (a step in any case): its result, or undefined when it paused. */
function runSteps<T>(steps: Generator<void, T, void>, within: () => boolean): { value: T } | undefined {
  let s = steps.next();
  while (!s.done) {
    if (!within()) return undefined;
    s = steps.next();
  }
  return { value: s.value };
}

/**
 * Whether V8's share of a complete group (parsing it now, compiling each
 * member at its first call: the hot function's right after, the others as it
 * calls them, mostly in the same step) is to be done in this turn: when the
 * turn has the time estimated for it left, or a full turn's worth
 * (FULL_TURN), or did nothing else. Otherwise it waits for a later turn, so
 * that it does not fall in a frame this turn's translating has already
 * filled. The first calls' compile is charged to the budget (it happens
 * outside `spend`).
 */
function v8Turn(lm: LazyModule, group: Group, within: (need?: number) => boolean): boolean {
  let chars = 0;
  for (const c of group.codes) chars += c.length;
  if (group.worked && !within(chars * V8_MS_PER_CHAR)) return false;
  lm.budget?.charge(chars * FIRST_CALL_MS_PER_CHAR);
  return true;
}

/**
 * The factory of defined function `fi`'s group, translating it now (while
 * `within()`: otherwise undefined, and the group goes on at a later call);
 * null if the JIT does not translate `fi`.
 */
function factoryOf(lm: LazyModule, ir: ModuleIR, fi: number, within: (need?: number) => boolean = ALWAYS): Factory | null | undefined {
  const known = lm.factories[fi];
  if (known !== undefined) return known;
  let group = lm.groups.get(fi);
  if (!group) lm.groups.set(fi, group = new Group(lm, ir, fi, (k) => lm.factories[k] === undefined));
  if (!group.grow(within)) return undefined;
  if (!group.refused && !v8Turn(lm, group, within)) return undefined;
  lm.groups.delete(fi);
  if (group.refused) {
    lm.factories[fi] = null;
    return null;
  }
  // (a member another group took while this one was being made is called through $F)
  const keep = group.members.flatMap((k, j) => (k === fi || lm.factories[k] === undefined ? [j] : []));
  const members = keep.map((j) => group.members[j]!);
  let factory = makeFactory(lm, members, keep.map((j) => group.codes[j]!), group.pool);
  if (!factory && members.length > 1) {
    // V8's parser refused the group: fi alone
    const alone = new ConstPool();
    factory = makeFactory(lm, [fi], [translator(lm, ir)(fi, alone)!], alone);
  }
  if (!factory) {
    lm.factories[fi] = null;
    return null;
  }
  for (const k of factory.members) lm.factories[k] = factory;
  lm.compiled += factory.members.length;
  return factory;
}

/** Translates function k of the module (with `osrAt`, its variant entered at that loop), calls through `$F`. */
function translator(lm: LazyModule, ir: ModuleIR): (k: number, pool: ConstPool, osrAt?: number) => string | undefined {
  const a = analysesOf(lm, ir);
  return (k, pool, osrAt) =>
    translateFunction(ir, k, a.depths[k - ir.numImportedFuncs]!, pool, a.grows, a.tables, callThroughF, osrAt);
}

/** translator's translation, in steps (compile.ts translateSteps). */
function stepper(lm: LazyModule, ir: ModuleIR): (k: number, pool: ConstPool, osrAt?: number) => Generator<void, string | undefined, void> {
  const a = analysesOf(lm, ir);
  return (k, pool, osrAt) =>
    translateSteps(ir, k, a.depths[k - ir.numImportedFuncs]!, pool, a.grows, a.tables, callThroughF, osrAt);
}

const callThroughF = (c: number): string => `$F[${c}]`;

function analysesOf(lm: LazyModule, ir: ModuleIR): NonNullable<LazyModule['analyses']> {
  return (lm.analyses ??= { header: factoryHeader(ir).join('\n'), ...analyseModule(ir) });
}

/** Makes a factory from generated source (the module's header first); null if V8's parser refuses it. */
function parseFactory<T>(lm: LazyModule, body: string, pool: ConstPool): Made<T> | null {
  const constants = new Float64Array(new Int32Array(pool.values).buffer.slice(0));
  const text = `${lm.analyses!.header}\n${body}};`;
  const source = `${text}\n${sourceURLFor(lm.id, text)}`;
  let make: (ctx: Record<string, unknown>) => T;
  try {
    make = (new Function('rt', source) as (rt: Record<string, unknown>) => typeof make)(STATIC_HELPERS);
  } catch (e) {
    // V8's parser gave up on this code (compile.ts translateModule): it stays interpreted
    if (!isV8Refusal(e)) throw e;
    return null;
  }
  const callees = [...new Set(Array.from(body.matchAll(CALLEE), (m) => Number(m[1])))];
  const deep = [...new Set(Array.from(body.matchAll(DEEP), (m) => Number(m[1])))];
  return Object.assign((ctx: Record<string, unknown>) => make({ ...ctx, C: constants }), { callees, deep });
}

/** The group's source: the translations `codes` of `members`, calls among them (`direct`, default all) direct (sibling declarations). */
function groupSource(members: readonly number[], codes: readonly string[], direct: readonly number[] = members): string {
  const inGroup = new Set(direct);
  return codes.map((c) => c.replace(CALLEE, (all, k: string) => (inGroup.has(Number(k)) ? `f${k}` : all))).join('');
}

/** One factory for `members` (their translations `codes`), calls among them direct; null if V8's parser refuses it. */
function makeFactory(lm: LazyModule, members: readonly number[], codes: readonly string[], pool: ConstPool): Factory | null {
  const make = parseFactory<JitFn[]>(lm, `const $F=ctx.F;\n${groupSource(members, codes)}return [${members.map((k) => `f${k}`).join(',')}];`, pool);
  return make && Object.assign(make, { members });
}

/**
 * The factory of function fi's variant entered at the loop at byte offset
 * `at` (codegen.ts osrEntry), translating it now (while `within()`: otherwise
 * undefined, and it goes on at a later probe); null if not translated.
 */
function osrFactoryOf(lm: LazyModule, ir: ModuleIR, fi: number, at: number, within: (need?: number) => boolean = ALWAYS): Made<JitFn> | null | undefined {
  const known = lm.osrFactories.get(at);
  if (known !== undefined) return known;
  // with copies of the functions it calls directly (a group as factoryOf's, fi itself
  // excepted: the variant is named f<fi>), so V8 can inline them into the loop as it
  // does in the eager factory
  let group = lm.osrGroups.get(at);
  if (!group) lm.osrGroups.set(at, group = new Group(lm, ir, fi, (k) => k !== fi && lm.factories[k] !== null, at));
  if (!group.grow(within)) return undefined;
  if (!group.refused && !v8Turn(lm, group, within)) return undefined;
  lm.osrGroups.delete(at);
  let factory: Made<JitFn> | null = null;
  if (!group.refused) {
    const { members, codes, pool } = group;
    const head = 'const $F=ctx.F,$SI=ctx.SI,$SF=ctx.SF,$SR=ctx.SR,$fv=ctx.fv,$NO=ctx.NO;\n';
    factory = parseFactory<JitFn>(lm, `${head}${groupSource(members, codes, members.slice(1))}return f${fi};`, pool)
      ?? parseFactory<JitFn>(lm, `${head}${codes[0]!}return f${fi};`, pool);
  }
  lm.osrFactories.set(at, factory);
  return factory;
}

/** What an on-stack-replacement entry returns when the call is too deep for the JIT's share of the JS stack. */
const NOT_ENTERED = Symbol('not entered');

/**
 * Control transfers the interpreter stops after, one by one, to find a loop
 * head of a hot function (each is charged to its interrupt countdown).
 */
export const OSR_PROBES = 4096;

/** Per instance: the functions JIT code calls (`$F`), and the context its factories read. */
interface LazyInstance {
  readonly F: JitFn[];
  ctx?: Record<string, unknown>;
}

/**
 * The function instance for defined function `funcIndex` of a lazily tiered
 * module: interpreted (FuncKind.Interp, run from its slot code) until hot.
 * Its JIT-ABI entry (`jit`) is made when JIT code first needs it (lazyEntry)
 * and its invokeSlots when it is translated (hotHook): an instance has a
 * function instance per function, thousands in a module of small functions,
 * and two closures for each were half of `new Instance`
 * (docs/performance.md, "Cold start: many small functions").
 */
export function createLazyFunc(lm: LazyModule, st: InstanceState, funcIndex: number, type: FuncType): JitFunc {
  const cf = compiledOf(st.module, funcIndex - st.module.numImportedFuncs);
  const f = new JitFunc(FuncKind.Interp, type, st, funcIndex, cf, null, undefined);
  // the interpreted twin deep calls run once translated (instance.ts deepEntry;
  // interpEngine.createFunction's, made here from the same slot code)
  f.deep = new FuncInst(FuncKind.Interp, type, st, funcIndex, cf, null);
  if (!st.hot) {
    st.hot = hotHook(lm, st);
    st.lazyEntry = lazyEntry(lm, st, st.hot);
  }
  return f;
}

/**
 * The instance's InstanceState.lazyEntry: until it is compiled, JIT code
 * calls function `f` on the interpreter through an adapter (made at the first
 * call). A call from JIT code makes the function hot at once: its caller is
 * hot. So below a hot function, every function is translated at its first
 * call, as it would be by a compile-on-first-call JIT.
 */
function lazyEntry(lm: LazyModule, st: InstanceState, hot: (f: FuncInst, ticks: number) => void): (f: FuncInst) => JitFn {
  return (f) => {
    const g = f as JitFunc;
    const stub = (...args: unknown[]): unknown => {
      const a = adapterFor(g, () => hot(g, lm.hotness));
      if (g.jit === stub) g.jit = a;
      const li = lazyInstances.get(st);
      if (li && li.F[g.index] === stub) li.F[g.index] = a;
      return a(...args);
    };
    return stub;
  };
}

/** What an instance's `$F` holds for a function no generated code of it calls yet (linkCallees fills entries before code that calls them runs). */
function unlinked(): never {
  throw new Error('jit: a $F entry called before it was linked');
}

/**
 * Fills the `$F` entries that a factory's code calls and the deep entries it
 * uses, before it runs (a module may have thousands of functions, most never
 * called from JIT code).
 */
function linkCallees(li: LazyInstance, st: InstanceState, made: Made<unknown>): void {
  const F = li.F;
  for (const k of made.callees) if (F[k] === unlinked) F[k] = jitEntry(funcAt(st, k));
  linkDeepEntries(li.ctx!, st, made.deep);
}

const lazyInstances = new WeakMap<InstanceState, LazyInstance>();

function hotHook(lm: LazyModule, st: InstanceState): (f: FuncInst, ticks: number) => void {
  let li: LazyInstance | undefined;
  const ir = st.module;
  const instance = (): LazyInstance => {
    if (!li) {
      // (entries linked when code that calls them is made: linkCallees)
      const F: JitFn[] = [];
      for (let k = 0; k < ir.funcs.length; k++) F.push(unlinked);
      li = { F };
      lazyInstances.set(st, li);
    }
    return li;
  };
  if (lm.osr !== 'off') st.osr = osrHook(lm, st, instance);
  return (f, ticks) => {
    const i = f.index;
    if (f.inst !== st || f.kind !== FuncKind.Interp || !(f instanceof JitFunc)) return;
    if (lm.factories[i] === null) return; // stays on the interpreter
    // (capped at the threshold: a function waiting for the compile budget is called on and on)
    lm.ticks[i] = Math.min(lm.hotness, lm.ticks[i]! + ticks);
    if (lm.ticks[i]! < lm.hotness && lm.factories[i] === undefined) return;
    let factory: Factory | null | undefined = lm.factories[i];
    // translating it now, if the compile budget allows; otherwise at a later call
    if (factory === undefined && !(lm.budget ? lm.budget.spend((within) => (factory = factoryOf(lm, ir, i, within))) : (factory = factoryOf(lm, ir, i)))) return;
    if (!factory) return;
    const l = instance();
    l.ctx ??= { ...instanceContext(st, 'lazy'), F: l.F };
    linkCallees(l, st, factory);
    // every member of the group changes tier now (in this instance)
    const fns = factory(l.ctx);
    const warm = l.ctx.warmAgain as () => void;
    factory.members.forEach((k, j) => {
      // (a member not made yet is made now: store.ts funcAt)
      const g = funcAt(st, k);
      if (!(g instanceof JitFunc) || g.kind !== FuncKind.Interp) return;
      l.F[k] = fns[j]!;
      g.jit = fns[j]!;
      g.invokeSlots = firstEntry(g, g.invokeSlots ?? makeInvokeSlots(g), warm);
      g.kind = FuncKind.Engine;
    });
    // the new code runs from now on (JIT code that made it hot calls it now)
    warm();
  };
}

/**
 * Poll warm-up for new code (instance.ts instanceContext: every poll site
 * calls the interrupt helper for WARM_POLLS polls, so that V8 has call
 * feedback at each before it optimises the function; a site first reached in
 * optimised code throws the code away). An eager instance has one warm-up,
 * at its start; a lazily tiered one starts it again whenever new code is to
 * run: when a group is made (hotHook), when an on-stack-replacement variant
 * is first entered (osrHook), and at the first call of a translation from
 * outside JIT code (the API, the interpreter: `invokeSlots`, below), which may
 * come calls after it was made — a long call that made its function hot ends
 * in the variant, and the function's own translation first runs in the next
 * call, when the warm-up the variant started may be spent. Without that,
 * ckernels' `run` (one function, the kernels inlined, phases whose polls
 * first run late) was optimised and thrown away at one never-polled site
 * after another in every later call (docs/performance.md, "Lazy tiering: a
 * poll warm-up for new code").
 */
function firstEntry(g: JitFunc, invoke: (fp: number) => void, warm: () => void): (fp: number) => void {
  return (fp) => {
    g.invokeSlots = invoke;
    warm();
    invoke(fp);
  };
}

/**
 * The instance's on-stack replacement (InstanceState.osr): the interpreter
 * stopped in `f` at slot-code index `pc`. If `f` is translated (every-loop
 * mode: translatable) and `pc` is one of its loop heads, runs the rest of the
 * call in the variant entered at that loop and leaves its results at `fp`
 * (-1). Otherwise asks the interpreter to stop at the next control transfers
 * while `f` is hot and has loops (OSR_PROBES), or not at all (0): not while
 * the compile budget is spent and a loop's variant is still to be made. pc -1: a
 * call of `f` from outside the interpreter is starting (every-loop mode
 * probes from there).
 */
function osrHook(lm: LazyModule, st: InstanceState, instance: () => LazyInstance): (f: FuncInst, fp: number, pc: number) => number {
  const ir = st.module;
  const every = lm.osr === 'every-loop';
  const probes = every ? 1 << 30 : OSR_PROBES;
  const entries = new Map<number, JitFn>();
  let ctx: Record<string, unknown> | undefined;
  /** Whether every loop of a function (cf.loopHeads) has its entry variant made (or refused by the JIT). */
  const variantsMade = (heads: ArrayLike<number>): boolean => {
    for (let k = 1; k < heads.length; k += 2) if (!lm.osrFactories.has(heads[k]!)) return false;
    return true;
  };
  return (f, fp, pc) => {
    const i = f.index;
    if (f.inst !== st || !(f instanceof JitFunc) || lm.factories[i] === null) return 0;
    if (!every && (f.kind !== FuncKind.Engine || pc < 0)) return 0;
    const cf = f.compiled!, heads = cf.loopHeads, rel = pc - cf.base;
    if (heads.length === 0) return every ? probes : 0;
    let at = -1;
    for (let k = 0; k < heads.length; k += 2) {
      if (heads[k] === rel) {
        at = heads[k + 1]!;
        break;
      }
    }
    // (the interpreter runs a call handed over past the JIT's share of the JS stack to its end)
    if (state.deep > 0) return 0;
    // Probing runs the interpreter one transfer at a time: only worth it when
    // the loop head it finds can be entered (its variant made, or the budget
    // ready to make it). Otherwise the call runs on at full speed, and the
    // next sample of the countdown asks again.
    if (at < 0) return lm.budget && !lm.budget.ready() && !variantsMade(heads) ? 0 : probes;
    let fn = entries.get(at);
    if (!fn) {
      let factory: ReturnType<typeof osrFactoryOf> | undefined;
      if (lm.budget && !lm.osrFactories.has(at)) {
        // translating the entry variant, if the compile budget allows (all of it, over turns when it is big);
        // otherwise, or while it is not finished, the call runs on and a later sample asks again
        if (!lm.budget.spend((within) => (factory = osrFactoryOf(lm, ir, i, at, within))) || factory === undefined) return 0;
      } else factory = osrFactoryOf(lm, ir, i, at);
      if (!factory) return every ? probes : 0;
      const li = instance();
      ctx ??= { ...(li.ctx ??= { ...instanceContext(st, 'lazy'), F: li.F }), SI: I, SF: F, SR: R, fv: f32BitsToValue, NO: NOT_ENTERED };
      linkCallees(li, st, factory);
      fn = factory(ctx);
      entries.set(at, fn);
      // (new code: firstEntry)
      (ctx.warmAgain as () => void)();
    }
    const first = enterJit(osrInvoker(), fn, fp, fp + cf.maxSlots);
    if (first === NOT_ENTERED) return 0;
    resultsToSlots(f.type.results, first, fp);
    lm.osrEntries++;
    return -1;
  };
}
