// Binding a compiled JIT module to one instance's state (store.ts), and the
// glue between the JIT's calling convention and everyone else's.
//
// JIT ABI: a wasm function is a JS function taking each param as one JS
// argument (i64: two int32 arguments lo, hi; f32: the encoded double of
// values.ts; references as themselves) and returning the first result
// (i64: low word, high word in W[0]); further results in RI/RF/RR.
//
// Other engines see JIT functions as `FuncKind.Engine` functions whose
// `invokeSlots(fp)` takes arguments from, and leaves results in, the
// interpreter's value stack (interp/stack.ts).

import { F32, F64, I32, I64, type CompiledFunc, type FuncType, type ModuleIR, type ValType } from '../module.ts';
import { FuncInst, FuncKind, SMALL_BULK_BYTES, copySmall, fillSmall, funcAt, growWorkDue, type InstanceState, type MemoryInst, type TableInst } from '../store.ts';
import { F, FUEL_INTERVAL, I, JIT_SEGMENT, R, reserveSlots, segments, state } from '../interp/stack.ts';
import type { JitModule } from './compile.ts';
import { RF, RI, RR, T, TRAP, W } from './runtime.ts';
import { f32BitsToValue, f32ValueToBits } from './values.ts';
import { convertThrown, JIT_ENTRY_URL, trap } from './trap.ts';
import { callAt } from '../values.ts';
import { run } from '../interp/exec.ts';
import { interpEngine } from '../engine.ts';
import { BULK_ASK_UNITS, bulkDue, bulkPieces } from '../limits.ts';

export type JitFn = (...args: unknown[]) => unknown;

/**
 * A function compiled by the JIT. `jit` is its JIT-ABI entry; undefined for
 * a lazily tiered function until JIT code first needs one (jitEntry makes it
 * through InstanceState.lazyEntry: jit/tiering.ts).
 */
export class JitFunc extends FuncInst {
  declare jit: JitFn | undefined;
  constructor(kind: FuncKind, type: FuncType, inst: InstanceState, index: number, compiled: CompiledFunc | null, invokeSlots: ((fp: number) => void) | null, jit: JitFn | undefined) {
    super(kind, type, inst, index, compiled, null, invokeSlots);
    this.jit = jit;
  }
}

function notLinked(): never {
  throw new Error('jit: function called before its instance was linked');
}

function slotsOf(t: FuncType): number {
  return Math.max(t.params.length, t.results.length, 1);
}

/** Reads results from stack slots at fp into the JIT ABI; returns the first. */
function resultsFromSlots(results: readonly ValType[], fp: number): unknown {
  let ri = 0, rf = 0, rr = 0;
  let first: unknown = undefined;
  for (let i = 0; i < results.length; i++) {
    const t = results[i]!, s = fp + i;
    let v: unknown;
    if (t === I32) v = I[2 * s];
    else if (t === I64) {
      if (i === 0) { W[0] = I[2 * s + 1]!; v = I[2 * s]; }
      else { RI[ri++] = I[2 * s]!; RI[ri++] = I[2 * s + 1]!; continue; }
    } else if (t === F32) v = f32BitsToValue(I[2 * s]!);
    else if (t === F64) v = F[s];
    else v = R[s];
    if (i === 0) first = v;
    else if (t === I32) RI[ri++] = v as number;
    else if (t === F32 || t === F64) RF[rf++] = v as number;
    else RR[rr++] = v;
  }
  return first;
}

/** Writes a JIT-ABI result set (first = return value) into stack slots at fp. */
export function resultsToSlots(results: readonly ValType[], first: unknown, fp: number): void {
  // Read the side registers before anything can overwrite them.
  let ri = 0, rf = 0, rr = 0;
  for (let i = 0; i < results.length; i++) {
    const t = results[i]!, s = fp + i;
    const v = i === 0 ? first : t === I32 || t === I64 ? RI[ri++] : t === F32 || t === F64 ? RF[rf++] : RR[rr++];
    if (t === I32) I[2 * s] = v as number;
    else if (t === I64) { I[2 * s] = v as number; I[2 * s + 1] = i === 0 ? W[0]! : RI[ri++]!; }
    else if (t === F32) I[2 * s] = f32ValueToBits(v as number);
    else if (t === F64) F[s] = v as number;
    else R[s] = v;
  }
}

// Argument passing is generated per signature: spreading through a JS array
// would put f64 values in a double-elements array, which V8 canonicalises
// NaNs in (losing payloads), and it is slower. Sources contain only our
// identifiers and numbers.

export type Invoker = (fn: JitFn, fp: number) => unknown;
type AdapterMaker = (call: (fp: number) => void, results: (fp: number) => unknown) => JitFn;

const invokers = new Map<string, Invoker>();
const adapterMakers = new Map<string, AdapterMaker>();

function sigKey(params: readonly ValType[]): string {
  return params.join(',');
}

/** (fn, fp) => fn(args read from the slots at fp). */
function invokerFor(params: readonly ValType[]): Invoker {
  const key = sigKey(params);
  let inv = invokers.get(key);
  if (inv) return inv;
  const args: string[] = [];
  params.forEach((t, i) => {
    if (t === I32) args.push(`I[b+${2 * i}]`);
    else if (t === I64) args.push(`I[b+${2 * i}]`, `I[b+${2 * i + 1}]`);
    else if (t === F32) args.push(`v(I[b+${2 * i}])`);
    else if (t === F64) args.push(`F[fp+${i}]`);
    else args.push(`R[fp+${i}]`);
  });
  // (the sourceURL marks where JIT code was entered from outside on the JS stack: trap.ts jitGroups)
  inv = new Function('I', 'F', 'R', 'v', `'use strict';return function(fn,fp){const b=fp*2;return fn(${args.join(',')});};\n//# sourceURL=${JIT_ENTRY_URL}`)(
    I, F, R, f32BitsToValue) as Invoker;
  invokers.set(key, inv);
  return inv;
}

/** A JIT-ABI function taking the params as JS arguments, writing them to slots and calling `call(fp)`. */
function adapterMakerFor(params: readonly ValType[], nslots: number): AdapterMaker {
  const key = `${sigKey(params)}/${nslots}`;
  let mk = adapterMakers.get(key);
  if (mk) return mk;
  const ps: string[] = [];
  const stores: string[] = [];
  params.forEach((t, i) => {
    ps.push(`p${i}`);
    if (t === I32) stores.push(`I[b+${2 * i}]=p${i};`);
    else if (t === I64) { ps.push(`q${i}`); stores.push(`I[b+${2 * i}]=p${i};I[b+${2 * i + 1}]=q${i};`); }
    else if (t === F32) stores.push(`I[b+${2 * i}]=w(p${i});`);
    else if (t === F64) stores.push(`F[fp+${i}]=p${i};`);
    else stores.push(`R[fp+${i}]=p${i};`);
  });
  // R holds the slots up to S.top; a reference argument above that first
  // grows it (past SLOTS the interpreter's entry check traps, as for every call)
  const reserve = params.some((t) => t !== I32 && t !== I64 && t !== F32 && t !== F64) ? `if(fp+${nslots}>=R.length)G(fp+${nslots});` : '';
  mk = new Function('I', 'F', 'R', 'w', 'S', 'G', `'use strict';return function(call,res){return function(${ps.join(',')}){`
    + `const fp=S.top,b=fp*2;${reserve}${stores.join('')}S.top=fp+${nslots};try{call(fp);}finally{S.top=fp;}return res(fp);};};`)(
    I, F, R, f32ValueToBits, state, reserveSlots) as AdapterMaker;
  adapterMakers.set(key, mk);
  return mk;
}

const adapters = new WeakMap<FuncInst, JitFn>();

// Direct host calls: an imported JS function whose params are i32/f32/f64 and
// which returns nothing or one i32/f32/f64 is called straight from JIT code,
// with the conversions of values.ts callHostAt written out per signature
// (no trip through the value stack: games call draw_* thousands of times a
// frame). Same `this` (undefined, as the JS API calls a host function), same
// hostError bookkeeping, result converted after the call as there; f32 goes
// through the same Float32 round trip the slots gave, so NaN bits agree.
type HostMaker = (f: FuncInst, S: typeof state, toF32: (x: number) => number, fromF32: (x: number) => number) => JitFn;
const hostMakers = new Map<string, HostMaker>();
const f32one = new Float32Array(1);
const f32oneBits = new Int32Array(f32one.buffer);
/** The JS number the slot round trip gave a host for an f32 argument (NaN payloads included). */
function hostF32(x: number): number {
  f32oneBits[0] = f32ValueToBits(x);
  return f32one[0]!;
}
/** A host's number result as an f32 in the JIT encoding (as `F32[s] = +v` then reading the bits). */
function fromHostF32(x: number): number {
  f32one[0] = x;
  return f32BitsToValue(f32oneBits[0]!);
}

function directHost(f: FuncInst): JitFn | undefined {
  const { params, results } = f.type;
  const plain = (t: ValType): boolean => t === I32 || t === F32 || t === F64;
  if (!f.host || results.length > 1 || !params.every(plain) || !results.every(plain)) return undefined;
  const key = `${sigKey(params)}/${sigKey(results)}`;
  let mk = hostMakers.get(key);
  if (!mk) {
    const ps = params.map((_, i) => `p${i}`);
    const args = params.map((t, i) => (t === F32 ? `(p${i}===p${i}?p${i}:v(p${i}))` : `p${i}`));
    const r = results[0];
    const ret = r === undefined ? 'return;' : r === I32 ? 'return +r|0;' : r === F32 ? 'return w(+r);' : 'return +r;';
    mk = new Function('f', 'S', 'v', 'w', `'use strict';const h=f.host;return function(${ps.join(',')}){`
      + `let r;try{r=h(${args.join(',')});}catch(e){S.hostError=e;throw e;}${ret}};`) as HostMaker;
    hostMakers.set(key, mk);
  }
  return mk(f, state, hostF32, fromHostF32);
}

/** A JIT-ABI entry for any function instance. */
export function jitEntry(f: FuncInst): JitFn {
  if (f instanceof JitFunc) {
    const st = f.inst!;
    const jm = jitModules.get(st.module);
    if (jm) linkInstance(jm, st);
    return f.jit ?? (f.jit = st.lazyEntry!(f));
  }
  let a = adapters.get(f);
  if (a) return a;
  if (f.kind === FuncKind.Host) {
    a = directHost(f);
    if (a) {
      adapters.set(f, a);
      return a;
    }
  }
  a = adapterFor(f);
  adapters.set(f, a);
  return a;
}

/**
 * A JIT-ABI function that calls `f` through the value stack (callAt: the
 * interpreter, a host, another engine), after `before()` if given.
 */
export function adapterFor(f: FuncInst, before?: () => void): JitFn {
  const type = f.type;
  const results = type.results;
  const call = before ? (fp: number) => { before(); callAt(f, fp); } : (fp: number) => callAt(f, fp);
  return adapterMakerFor(type.params, slotsOf(type))(call, (fp) => resultsFromSlots(results, fp));
}

/** invokeSlots for a JIT function: the bridge from the interpreter and the API. */
/** JS frames V8 records for errors thrown inside JIT code. */
const STACK_FRAMES = 64;

export function makeInvokeSlots(fn: JitFunc): (fp: number) => void {
  const type = fn.type;
  const st = fn.inst!;
  const n = slotsOf(type);
  // (made at the first call: most functions are never entered from outside JIT code)
  let invoke: Invoker | undefined;
  const results = type.results;
  return (fp: number): void => {
    if (!linked.has(st)) {
      // (a lazily tiered module has no JitModule: its functions are made one by one)
      const jm = jitModules.get(st.module);
      if (jm) linkInstance(jm, st);
    }
    resultsToSlots(results, enterJit(invoke ??= invokerFor(type.params), fn.jit!, fp, fp + n), fp);
  };
}

let osrInvokerFn: Invoker | undefined;
/**
 * Enters JIT code at an on-stack-replacement entry (jit/tiering.ts): fn(fp).
 * Made at the first entry, not when the runtime loads: under a CSP without
 * eval (the web build's worker) the interpreter must still load and run.
 */
export function osrInvoker(): Invoker {
  return (osrInvokerFn ??= new Function(`'use strict';return function(fn,fp){return fn(fp);};\n//# sourceURL=${JIT_ENTRY_URL}`)() as Invoker);
}

/**
 * Runs `invoke(fn, fp)`, an entry into JIT code from outside it (the
 * interpreter, the API), with the slots below `top` kept from the calls it
 * makes, and returns its first result. The entry invokers' sourceURL marks
 * where JIT code was entered on the JS stack (trap.ts jitGroups).
 */
export function enterJit(invoke: Invoker, fn: JitFn, fp: number, top: number): unknown {
  const saved = state.top;
  // A throw leaves JIT frames counted in fsp (they restore it only on return).
  const depth = state.fsp;
  state.top = Math.max(saved, top);
  // Range errors become traps whose wasm stack is read from the error's JS
  // stack: let V8 record enough frames for it (restored on the way out).
  const E = Error as unknown as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  if (limit !== undefined && limit < STACK_FRAMES) E.stackTraceLimit = STACK_FRAMES;
  segments.push(JIT_SEGMENT);
  try {
    return invoke(fn, fp);
  } catch (e) {
    throw convertThrown(e);
  } finally {
    segments.pop();
    state.top = saved;
    state.fsp = depth;
    E.stackTraceLimit = limit;
  }
}

// ---- instance helpers ------------------------------------------------------

/** Traps 'interrupted' if the instance's shouldInterrupt says so (bulk work asks it every BULK_ASK_UNITS). */
function askFor(st: InstanceState): () => void {
  return () => { if (st.shouldInterrupt?.()) trap('interrupted'); };
}

function tableHelpers(st: InstanceState) {
  const ask = askFor(st);
  const tget = (t: TableInst, i: number): unknown => {
    const e = t.elements;
    if ((i >>> 0) >= e.length) T(TRAP.table);
    return e[i >>> 0];
  };
  const tset = (t: TableInst, i: number, v: unknown): void => {
    const e = t.elements;
    if ((i >>> 0) >= e.length) T(TRAP.table);
    e[i >>> 0] = v;
  };
  const tinit = (t: TableInst, seg: number, d: number, s: number, n: number): void => {
    const src = st.elems[seg]!;
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (s + n > src.length || d + n > t.elements.length) T(TRAP.table);
    for (let i = 0; i < n; i++) t.elements[d + i] = src[s + i];
    if (bulkDue(n)) ask(); // (a segment is at most as long as the module)
  };
  const tcopy = (dt: TableInst, stb: TableInst, d: number, s: number, n: number): void => {
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (s + n > stb.elements.length || d + n > dt.elements.length) T(TRAP.table);
    const de = dt.elements, se = stb.elements;
    bulkPieces(n, d > s, (at, len) => {
      if (d <= s) for (let i = at; i < at + len; i++) de[d + i] = se[s + i];
      else for (let i = at + len - 1; i >= at; i--) de[d + i] = se[s + i];
    }, ask);
  };
  const tgrow = (t: TableInst, v: unknown, n: number): number => {
    const r = t.grow(n >>> 0, v);
    if (bulkDue(n >>> 0)) ask();
    return r;
  };
  const tsize = (t: TableInst): number => t.elements.length;
  const tfill = (t: TableInst, i: number, v: unknown, n: number): void => {
    i >>>= 0; n >>>= 0;
    if (i + n > t.elements.length) T(TRAP.table);
    bulkPieces(n, false, (at, len) => t.elements.fill(v, i + at, i + at + len), ask);
  };
  const edrop = (seg: number): void => { st.elems[seg] = []; };
  return { tget, tset, tinit, tcopy, tgrow, tsize, tfill, edrop };
}

function memoryHelpers(st: InstanceState) {
  const ask = askFor(st);
  const grow = (m: MemoryInst, n: number): number => {
    const r = m.grow(n >>> 0);
    if (growWorkDue(m) && st.shouldInterrupt?.()) trap('interrupted');
    return r;
  };
  const minit = (m: MemoryInst, seg: number, d: number, s: number, n: number): void => {
    const src = st.datas[seg]!;
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (s + n > src.length || d + n > m.size) T(TRAP.mem);
    m.u8.set(src.subarray(s, s + n), d);
    if (bulkDue(n)) ask(); // (a segment is at most as long as the module)
  };
  const mcopy = (m: MemoryInst, d: number, s: number, n: number): void => {
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (s + n > m.size || d + n > m.size) T(TRAP.mem);
    if (n <= SMALL_BULK_BYTES) {
      copySmall(m.dv, d, s, n);
      if (bulkDue(n)) ask();
    } else if (n <= BULK_ASK_UNITS) {
      m.u8.copyWithin(d, s, s + n);
      if (bulkDue(n)) ask();
    } else {
      bulkPieces(n, d > s, (at, len) => m.u8.copyWithin(d + at, s + at, s + at + len), ask);
    }
  };
  const mfill = (m: MemoryInst, d: number, v: number, n: number): void => {
    d >>>= 0; n >>>= 0;
    if (d + n > m.size) T(TRAP.mem);
    if (n <= SMALL_BULK_BYTES) {
      fillSmall(m.dv, d, v, n);
      if (bulkDue(n)) ask();
    } else if (n <= BULK_ASK_UNITS) {
      m.u8.fill(v & 255, d, d + n);
      if (bulkDue(n)) ask();
    } else {
      bulkPieces(n, false, (at, len) => m.u8.fill(v & 255, d + at, d + at + len), ask);
    }
  };
  /** The bulk part of a copy or fill loop (codegen's bulkPrefix) counts as bulk work too. */
  const bulked = (n: number): void => { if (bulkDue(n)) ask(); };
  const ddrop = (seg: number): void => { st.datas[seg] = new Uint8Array(0); };
  return { grow, minit, mcopy, mfill, ddrop, bulked };
}

const linked = new WeakSet<InstanceState>();

/** Polls per instance during which every poll site calls the interrupt helper (see linkInstance). */
export const WARM_POLLS = 1_000_000;

/** Compiled code per module IR (filled by the engine's prepare step). */
export const jitModules = new WeakMap<ModuleIR, JitModule>();

/**
 * Makes the instance's generated functions, once its state is complete
 * (memory, tables, globals and all functions in place): the engine seam
 * creates function instances before any of that exists, so every JitFunc
 * starts with a stub that links on first call.
 */
export function linkInstance(jm: JitModule, st: InstanceState): void {
  if (linked.has(st)) return;
  linked.add(st);
  const ir = st.module;
  const imp: JitFn[] = [];
  for (let i = 0; i < ir.numImportedFuncs; i++) imp.push(jitEntry(st.funcs[i]!));
  const x: JitFn[] = [];
  for (const i of jm.interpreted) x[i] = jitEntry(st.funcs[i]!);
  const fns = jm.factory({ ...instanceContext(st), C: jm.constants, imp, x });
  fns.forEach((fn, i) => {
    const f = st.funcs[ir.numImportedFuncs + i];
    if (f instanceof JitFunc) f.jit = fn as JitFn;
  });
}

/**
 * What generated code reads from its factory's `ctx` for one instance: the
 * memory, types, globals, tables and the instance helpers (the factory's
 * constants `C` and its functions are added by the caller).
 */
export function instanceContext(st: InstanceState, deepEntries: 'all' | 'lazy' = 'all'): { M: unknown; TY: readonly number[]; g: readonly unknown[]; tb: readonly unknown[]; warmAgain: () => void; [helper: string]: unknown } {
  const ci = (t: TableInst, i: number, sig: number): JitFn => {
    const e = t.elements;
    if ((i >>> 0) >= e.length) trap('undefined element', `undefined element ${i >>> 0}`);
    const f = e[i >>> 0] as FuncInst | null;
    if (f === null) trap('uninitialized element', `uninitialized element ${i >>> 0}`);
    if (f.sig !== sig) T(TRAP.sig);
    return f instanceof JitFunc && f.jit !== undefined ? f.jit : jitEntry(f);
  };
  // Warm-up: for the instance's first WARM_POLLS polls every poll site calls
  // in here (fuel stays at 0), so each site's call has type feedback before
  // V8 optimises the function. A call site that has never run is compiled as
  // a deoptimisation point, and the first interrupt reaching it later threw
  // the optimised code away (strfmt: 64 of 73 deopts). shouldInterrupt is
  // still asked every FUEL_INTERVAL polls.
  let warm = WARM_POLLS;
  let untilAsk = FUEL_INTERVAL;
  // Module bindings copied into the closure: a bundler or CommonJS
  // transform may turn them into property reads of a namespace object, and
  // FUEL_INTERVAL below is read only once the warm-up is over.
  const interval = FUEL_INTERVAL, S = state;
  const interrupt = (): void => {
    // One path for every call (no property access or store only some calls
    // reach): V8 inlines this helper into hot functions, and a never-run
    // access there is a deoptimisation point too.
    const si = st.shouldInterrupt;
    // What ran since the fuel ran out, in polls: 1 from a poll, a counted
    // loop's passes from its one charge on entry (counted.ts). The fuel after
    // the warm-up is computed on every call too: arithmetic first reached
    // when the warm-up ends would deoptimise every function it is inlined in.
    const spent = -S.fuel;
    const next = spent < interval ? interval + 1 - spent : 1;
    let ask = true;
    if (warm > 0) {
      warm--;
      untilAsk -= spent;
      ask = untilAsk <= 0;
      if (ask) untilAsk += interval;
    }
    S.fuel = warm > 0 ? 0 : next;
    if (ask && si && si()) trap('interrupted');
  };
  // Lazy tiering makes translations after the instance's warm-up, and may
  // first run one calls after it was made (a long call that made its
  // function hot ends in the on-stack-replacement variant: the function's own
  // translation runs from the next call on). So the tiering starts the
  // warm-up again when new code is to run (tiering.ts firstEntry): from the
  // next time the fuel runs out, WARM_POLLS polls more, the host still asked
  // every `interval` polls. Without it ckernels' `run` was optimised and
  // thrown away at one never-polled site after another, for as long as the
  // process ran (docs/performance.md, "Lazy tiering: a poll warm-up for new code").
  const warmAgain = (): void => {
    // (after the warm-up the host is asked whenever the fuel runs out: so at the next time too)
    if (warm <= 0) untilAsk = 0;
    warm = WARM_POLLS;
  };
  const ir = st.module;
  // deep entries (deepEntry) of every function the JIT may run; 'lazy' (lazy
  // tiering): each made when code that uses it is (linkDeepEntries), not
  // three closures for each of a module's thousands of functions at its first
  // tier-up
  const DP: JitFn[] = [];
  if (deepEntries === 'lazy') {
    for (let i = 0; i < ir.funcs.length; i++) DP.push(noDeepEntry);
  } else {
    for (let i = ir.numImportedFuncs; i < ir.funcs.length; i++) {
      const f = st.funcs[i]!;
      if (f instanceof JitFunc) DP[i] = deepEntry(f);
    }
  }
  return {
    M: st.memory,
    TY: st.typeSigs,
    g: st.globals,
    tb: st.tables,
    DP,
    I: interrupt,
    warmAgain,
    ci,
    ref: (i: number): FuncInst => funcAt(st, i),
    ...memoryHelpers(st),
    ...tableHelpers(st),
  };
}

/** What a context made with deep entries 'lazy' holds for one not made yet. */
function noDeepEntry(): never {
  throw new Error('jit: a $DP entry used before it was made');
}

/** Makes the deep entries `ks` of a context made with deep entries 'lazy' (those generated code about to run uses). */
export function linkDeepEntries(ctx: Record<string, unknown>, st: InstanceState, ks: readonly number[]): void {
  const DP = ctx.DP as JitFn[];
  for (const k of ks) {
    if (DP[k] !== noDeepEntry) continue;
    const f = funcAt(st, k);
    if (f instanceof JitFunc) DP[k] = deepEntry(f);
  }
}

/**
 * `f` run on the interpreter from its slot code, as a JIT-ABI function: where
 * a generated function goes once its frames would take more than the JIT's
 * share of the JS stack (codegen.ts depthPrologue). While it runs (state.deep)
 * the interpreter runs the calls it makes too, JIT functions included, in
 * its own frame stack: the JS stack stops growing with the wasm depth.
 */
function deepEntry(f: JitFunc): JitFn {
  const type = f.type;
  const results = type.results;
  const twin = f.deep!;
  return adapterMakerFor(type.params, slotsOf(type))((fp) => {
    state.deep++;
    try {
      run(twin, fp);
    } finally {
      state.deep--;
    }
  }, (fp) => resultsFromSlots(results, fp));
}

/**
 * A function instance for defined function `funcIndex`, linked lazily. Its
 * interpreted twin (`deep`) runs it past the JIT's share of the JS stack
 * (deepEntry).
 */
export function createJitFunc(jm: JitModule, st: InstanceState, funcIndex: number, type: FuncType): JitFunc {
  const f: JitFunc = new JitFunc(FuncKind.Engine, type, st, funcIndex, null, (fp: number) => invokeSlots(fp), notLinked);
  f.deep = interpEngine.createFunction(st, funcIndex, type);
  const invokeSlots = makeInvokeSlots(f);
  f.jit = function (...args: unknown[]): unknown {
    linkInstance(jm, st);
    return f.jit!(...args);
  };
  return f;
}
