// wasm function bodies → JavaScript source.
//
// The validator's slot code has lowered structured control flow into jumps
// and dropped value types; the JIT needs both (labelled JS blocks, and i64 as
// two int32 variables), so it walks the validated body bytes itself with a
// type-tracking (not validating) stack. Only validated modules reach here.
//
// Code size matters as much as code quality: V8 waits longer before
// optimising a function the more bytecode it has, and never optimises one
// over 60 KB. So operands are kept as *pending expressions* and folded into
// their consumer (`l3=(l1+l2|0)` rather than three statements), with one
// rule that keeps wasm's evaluation order: before any statement is emitted,
// every pending expression still on the stack is materialised, bottom first.
// Within an expression, JS evaluates operands left to right, which is wasm's
// order too.
//
// Memory bounds: every access goes through a DataView at the effective
// address `(addr>>>0)+offset`; the DataView's own range check throws a
// RangeError for any access past the end, which the entry points turn into
// the 'out of bounds memory access' trap (instance.ts). That keeps the check
// exact and the code small.
//
// SAFETY: every piece of text appended to the output is either fixed text in
// this file, a number we computed, or an identifier built from a fixed prefix
// and a number. Nothing read from the module as a string is ever emitted.

import { Reader } from '../binary/reader.ts';
import { F32, F64, I32, I64, V128, bodyLocals, isRef, type FuncType, type ModuleIR, type ValType } from '../module.ts';
import { FC_BASE, OPS, SIMD_BASE } from '../opcodes.ts';
import { floatReadLocals, heldLocals, lanesFromWords, loopFloatLocals, lanesToWords, simdOp, type SimdGen } from './simd.ts';
import { TRAP } from './runtime.ts';
import { mulPair, shiftPairConst, shiftPairVar } from './pairs.ts';
import { CALL_DEPTH_LIMIT } from '../limits.ts';
import { JIT_BULK_MIN_BYTES, matchLoopIdiom, type LoopIdiom } from '../loop-idiom.ts';
import { matchByteGather, type ByteGather } from './gather.ts';
import { countedPassesCall, matchCountedLoop } from './counted.ts';
import { skipImmediates } from './immediates.ts';
import { mayPoll, needsEntryPoll, type StaticTable } from './analyses.ts';
import { f32BitsToValue, numLiteral } from './values.ts';

interface Frame {
  kind: 'block' | 'loop' | 'if' | 'func';
  label: number;
  /** Stack height where the frame's params start. */
  base: number;
  params: ValType[];
  results: ValType[];
  /** Was the frame entered in reachable code? */
  reachable: boolean;
  hasElse: boolean;
  /** A copy/fill loop emitted inside the `else` of its bulk form (loopIdiom): one more brace to close. */
  bulk?: boolean;
  /** A loop's locals newly tracked (codegen `tracked`), with what was tracked before: restored at its end. */
  untrack?: [number, number | undefined][];
  /** A counted loop (counted.ts): where its text starts in `out`, and the entry test that picks its copy without polls. */
  counted?: { at: number; passes: string };
  /** An on-stack-replacement entry (osrEntry): where the frame's opening is in `out`, where its current branch starts, an if's condition. */
  open?: number;
  start?: number;
  cond?: string;
  /** The body of a callee inlined at a call site (a `func` frame): what to restore when it ends. */
  inl?: { r: Reader; localBase: number };
  /** A loop with a call that may poll directly in it (not in a nested loop), and one with a loop nested in it (ZF_SYNC). */
  pollingCall?: boolean;
  outer?: boolean;
}

/** A value on the wasm operand stack. */
interface Entry {
  t: ValType;
  /** Pending expression (i64: low word), or null when the value is in its slot variable. */
  e: string | null;
  /** i64 pending high word (always a simple token). */
  h: string | null;
  /** Boolean form of a pending i32 comparison (`e` is then `((cond)|0)`). */
  cond?: string;
  /** The pending expression may trap. */
  trap: boolean;
  /** Known i32 constant (i64: low word). */
  c?: number;
  /** An i32 that is 0 or 1 (`x&1`, `x>>>31`), pending or in its slot: a select mask is then just its negation. */
  bit?: boolean;
  /** f32 produced by arithmetic: never the encoding of a signalling NaN, so it stores directly. */
  q?: boolean;
  /**
   * Pending f32 load: the same load without the NaN re-read, for consumers
   * that only need the value as a number (arithmetic, comparisons,
   * truncation), whose NaN results may be any quiet NaN. Valid while `e` is
   * still pending.
   */
  arith?: string;
  /**
   * i64 computed by a statement not yet emitted: `defer(lo, hi)` writes the
   * result into the two named variables (slot variables, or a local at
   * local.set — saving the copy). Operands are tokens, so this is as safe to
   * delay as a pending expression.
   */
  defer?: (lo: string, hi: string) => string;
  /** Where it was on the stack (set by pop; present from the start, so popping changes no entry's hidden class). */
  k: number;
  /** Pending v128: its four words (`e` is then their comma-joined text, for drop and size checks). */
  w?: string[];
  /**
   * A v128 held as float lanes (2: f64x2, 4: f32x4): the lanes' values are in
   * the slot's double variables `D<k>_<j>` and its words not written yet
   * (simd.ts lanesToWords writes them, a NaN lane canonical, when needed).
   * Only a result whose NaN lanes are canonical anyway is held so.
   */
  fl?: number;
  /** A local.get of v128 local `lv` whose float lanes are known (localLanes), while still pending. */
  lv?: number;
  /**
   * A v128 in its slot's words whose n float lanes' values are also in the
   * slot's double variables `N<k>_<j>` (a load read again as floats:
   * SimdGen.nums; a NaN's payload may be lost there).
   */
  nl?: number;
}

/** An int32 literal word of a v128 (`5`, `(-5)`: simd.ts lit). */
const LITERAL = /^\(?-?[0-9]+\)?$/;

/** Per-module constant pool (f32/f64 values that have no exact literal, i.e. NaNs). */
export class ConstPool {
  values: number[] = [];
  private index = new Map<string, number>();
  /**
   * The byte offset in `$CB` (the pool's bytes) of i8x16.swizzle's table for
   * the constant operand with words w: its 16 bytes, then 240 zero bytes, so
   * any index byte reads in bounds and 16..255 read 0 (simd.ts swizzle).
   */
  swizzleTable(w: readonly number[]): number {
    const key = `t${w.join(':')}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length * 4;
      for (let j = 0; j < 64; j++) this.values.push(j < 4 ? w[j]! | 0 : 0);
      this.index.set(key, i);
    }
    return i;
  }
  add(lo: number, hi: number): number {
    const key = `${lo}:${hi}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length / 2;
      this.values.push(lo, hi);
      this.index.set(key, i);
    }
    return i;
  }
}

const f64buf = new Float64Array(1);
const f64words = new Int32Array(f64buf.buffer);

export function blockTypeOf(ir: ModuleIR, bt: number): FuncType {
  if (bt === -64) return { params: [], results: [] }; // 0x40
  if (bt < 0) return { params: [], results: [bt & 0x7f] };
  return ir.types[bt]!;
}

/** JS parameter list for a function type: i64 params take two JS params. */
/**
 * Bytes of JS stack the JIT's share may use (depthPrologue): a Chromium
 * Web Worker's whole stack held about 6,000 frames of a small JIT function,
 * Node's 11,500, and the host's own frames and the interpreter need room
 * above them.
 */
export const JIT_STACK_BYTES = 256 * 1024;

/**
 * A generated function's JS frame in bytes, from its JS variables: V8's
 * unoptimised frame holds 8 bytes per variable over a fixed part. Measured in
 * Node 20 (984 KB stack) with a recursive function of n i32 locals: 10,241
 * frames at n = 0, 5,585 at 10, 1,982 at 50, 579 at 200 — 96 + 8n bytes.
 */
export function jitFrameBytes(vars: number): number {
  return 8 * (vars + 16);
}

/**
 * The call-depth accounting of a generated function (limits.ts
 * CALL_DEPTH_LIMIT): the depth below it is $S.fsp (every engine counts its
 * frames there). Past the depth at which its frames would use more than
 * JIT_STACK_BYTES of JS stack, the call runs on the interpreter instead
 * ($DP: deepEntry in instance.ts), whose frames live in its own stack:
 * deterministic, since where the hand-over happens changes how the call runs,
 * never what it computes or where the depth limit falls. Leaf functions (no
 * calls) take no part: they cannot go deeper.
 *
 * A function's own frame need only be counted while something can read the
 * count: a callee that counts (any call but of a leaf: a non-leaf, an import,
 * an indirect call). So there are two ways to count it (`atCalls`):
 * - at entry: `$S.fsp=Kd+1` in the prologue and the caller's depth back
 *   before each return (the \u0004 markers);
 * - around its calls (callSiteCounting): `$S.fsp=Kd+1` before each call of a
 *   callee that counts and `$S.fsp=Kd` after it (the \u0005/\u0006 markers),
 *   nothing at entry or return — so a function whose only such calls are
 *   cold (a panic, followed by `unreachable`) pays a read and a compare.
 * Every callee sees the same depth either way, so it hands over and traps
 * ('call stack exhausted') exactly where it did; a leaf callee sees one
 * frame fewer, which changes nothing (it never compares: limits.ts lets a
 * leaf run on top of the deepest frame, and the interpreter's leaf check in
 * `run` is past CALL_DEPTH_LIMIT, which the prologue's check keeps it
 * below); a trap's wasm stack comes from the JS stack for JIT frames
 * (interp/stack.ts mixedStack reads fsp only below interpreter segments).
 */
function depthPrologue(ir: ModuleIR, funcIndex: number, params: readonly string[], decls: number, atCalls = false): string {
  if (ir.leaves[funcIndex - ir.numImportedFuncs] === 1) return '';
  const handOver = Math.min(CALL_DEPTH_LIMIT, Math.floor(JIT_STACK_BYTES / jitFrameBytes(params.length + decls + 1)));
  return `const Kd=$S.fsp;if(Kd>=${handOver})return $DP[${funcIndex}](${params.join(',')});${atCalls ? '' : '$S.fsp=Kd+1;'}`;
}

/**
 * A looping function's entry moved inside its `do{…}while(O)` wrapper
 * (assemble; docs/jit.md, "OSR deopt loops"): `entry` (the depth prologue, OSR's loads) and every declaration
 * whose initial value is read from somewhere (`dv=$M.dv`, `Zf=$S.fuel`, a
 * v128 parameter's words) become statements at the top of the wrapper, the
 * declarations keeping a constant initial value. What stays outside needs no
 * type feedback from V8 (constants only). A long first call runs the entry
 * before V8 has a feedback vector for the function; if V8 optimises the
 * function as a whole from that state it deoptimises at the entry, and a
 * deopt outside the wrapper would leave the loop's OSR code in use on every
 * later call (docs/performance.md, "Two speed modes").
 */
export function wrapperEntry(decls: readonly string[], entry: string): { decls: string[]; entry: string } {
  const kept: string[] = [];
  let reads = '';
  for (const d of decls) {
    const eq = d.indexOf('=');
    const init = d.slice(eq + 1);
    if (init === '0' || init === 'null') kept.push(d);
    else {
      kept.push(`${d.slice(0, eq)}=0`);
      reads += `${d};`;
    }
  }
  return { decls: kept, entry: entry + reads };
}

/**
 * Whether a function counts its frame around its calls rather than at entry
 * (depthPrologue): when at most one call site that counts can run per call
 * of it — at most one such site not followed by `unreachable` (a panic or
 * abort, which does not come back), and not in a loop — so it never makes
 * more stores than counting at entry would, and none on paths without such
 * a call.
 */
export function callSiteCounting(hotSites: number, hotSiteInLoop: boolean): boolean {
  return hotSites === 0 || (hotSites === 1 && !hotSiteInLoop);
}

export function paramNames(params: readonly ValType[]): string[] {
  const out: string[] = [];
  params.forEach((t, i) => {
    // (a v128 parameter arrives as its V128 object `p<i>` and is unpacked into the words of l<i>)
    out.push(t === V128 ? `p${i}` : `l${i}`);
    if (t === I64) out.push(`h${i}`);
  });
  return out;
}

/**
 * The four variables of a v128 kept as words (docs/jit.md, "SIMD"): `x`,
 * `x_1`, `x_2`, `x_3` for a local `l<i>` or a slot variable `V<k>`.
 */
export function vwordNames(x: string): string[] {
  return [x, `${x}_1`, `${x}_2`, `${x}_3`];
}

/** Whether `text` reads one of the words of the v128 variable `x` (vwordNames). */
function readsWords(text: string, x: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9$_])${x}(?:_[123])?(?![A-Za-z0-9$_])`).test(text);
}

const SIMPLE = /^(?:[A-Za-z$][A-Za-z0-9$_]*|-?[0-9]+|\(-[0-9]+\))$/;
/** Longest pending expression before it is materialised (keeps the parser's nesting shallow). */
const MAX_EXPR = 400;

const FUNCREF_T = 0x70;

/** An instruction the JIT does not translate: the function is left to the interpreter (none today). */
export class Unsupported extends Error {
  override name = 'Unsupported';
}

const QUIET = /^(?:-?[0-9]+|\(-[0-9]+\)|null|[lh]([0-9]+)(?:_[123])?)$/;
/** A pending expression that cannot trap and reads at most one local (not `writes`). */
function quiet(e: string, writes: number): boolean {
  const m = QUIET.exec(e);
  return m !== null && (m[1] === undefined || Number(m[1]) !== writes);
}

/**
 * Function → its slots, for the functions of type `ft` in a static table;
 * null if there are none or more than MAX_SWITCH_TARGETS. One pass over the
 * table per type, however many call sites use it.
 */
export function switchTargets(ir: ModuleIR, table: StaticTable | null, ft: FuncType): Map<number, number[]> | null {
  if (table === null) return null;
  const key = `${ft.params.join(',')}>${ft.results.join(',')}`;
  let found = table.byType.get(key);
  if (found !== undefined) return found;
  const out = new Map<number, number[]>();
  table.slots.forEach((fi, x) => {
    if (fi < 0) return;
    const t = ir.types[ir.funcs[fi]!]!;
    if (`${t.params.join(',')}>${t.results.join(',')}` !== key) return;
    const list = out.get(fi);
    if (list) list.push(x);
    else out.set(fi, [x]);
  });
  found = out.size === 0 || out.size > MAX_SWITCH_TARGETS ? null : out;
  table.byType.set(key, found);
  return found;
}

/** Indirect calls through a static table become a switch when the callee's signature has at most this many functions in it. */
export const MAX_SWITCH_TARGETS = 24;

/**
 * A function's JS source up to which counted loops get a copy without polls:
 * each copy makes the function longer, and V8 does not optimise a function
 * past 60 KB of bytecode (about 53,000 characters of our source). Smaller
 * loops are copied first.
 */
export const COUNTED_SOURCE_BUDGET = 40_000;

const POLL = 'if(--$S.fuel<0)$I();';

/**
 * The interrupt countdown of a function with loops is kept in its local `Zf`
 * while the function runs ("Polls in a register" in docs/jit.md): read from
 * $S.fuel at entry, written back before each call and return and read again
 * after each call (the \u0007/\u0008 and \u0004 markers), and around the
 * interrupt helper, which reads what was spent and resets it. A loop's poll
 * is then a decrement of a register instead of a read, decrement and write of
 * memory on every pass (6–7% of sortkeys' and bytecode's time by an upper
 * bound: docs/performance.md, "Calls and polls in small and looping functions").
 */
const ZF_SYNC = '$S.fuel=Zf;', ZF_LOAD = 'Zf=$S.fuel;';
const POLL_ZF = `if(--Zf<0){${ZF_SYNC}$I();${ZF_LOAD}}`;
/** A counted loop's charge for all its passes `Qp` (versionCountedLoops), in memory or on `Zf`. */
const CHARGE = 'if(($S.fuel-=Qp)<0)$I();', CHARGE_ZF = `if((Zf-=Qp)<0){${ZF_SYNC}$I();${ZF_LOAD}}`;

/**
 * Puts each counted loop back where its marker is: as
 * `if(passes>0){charge the fuel once; the loop without polls}else{the loop}`
 * while the function stays within COUNTED_SOURCE_BUDGET, as the loop alone
 * otherwise. The two copies may use the same labels: they are not nested.
 * `copies`: how many loops got a copy (the entry test's temporaries are
 * declared only then).
 */
function versionCountedLoops(text: string, loops: readonly { passes: string; text: string }[]): { text: string; copies: number } {
  if (loops.length === 0) return { text, copies: 0 };
  let size = text.length;
  for (const l of loops) size += l.text.length;
  const copied = new Set<number>();
  for (const i of loops.map((_, i) => i).sort((a, b) => loops[a]!.text.length - loops[b]!.text.length)) {
    const l = loops[i]!;
    const extra = l.text.length + l.passes.length + 40;
    if (size + extra > COUNTED_SOURCE_BUDGET) break;
    size += extra;
    copied.add(i);
  }
  // The markers split the text into [text, id, text, id, …, text].
  const out = text.split('\u0003').map((part, i) => {
    if (i % 2 === 0) return part;
    const id = Number(part), l = loops[id]!;
    // (\u000e: a loop's poll, \u000f: the charge for a counted loop's passes, filled in at the end)
    const polled = l.text.replace('\u0002', '\u000e');
    return copied.has(id) ? `Qp=${l.passes};if(Qp>0){\u000f${l.text.replace('\u0002', '')}}else{${polled}}` : polled;
  }).join('');
  return { text: out, copies: copied.size };
}

/**
 * Functions nested deeper than this run on the interpreter instead (V8's
 * parser overflows its stack somewhere past a thousand nested JS blocks), as
 * do functions using instructions the JIT does not translate (SIMD) and
 * functions too large for V8 to optimise (compile.ts V8_MAX_OPTIMIZED_BYTECODE).
 */
export const MAX_NESTING = 400;

// ---- inlining ----
// V8 inlines only functions of up to ~460 bytes of bytecode, within a budget
// per optimised function, so compiler-rt's __multi3 (110 bytes of wasm, ~2 KB
// of our JS) stayed a real call in prng64's hot loop. The JIT inlines small
// leaves itself (compileFunction inlineCall), bounded so that a caller grows
// by at most INLINE_FUNCTION_BUDGET characters.

/** Largest callee body inlined (bytes of wasm code). */
export const INLINE_MAX_WASM_BYTES = 256;
/** Largest callee inlined (characters of its own translation). */
export const INLINE_MAX_CHARS = 3_000;
/** Deepest block nesting of a callee inlined. */
export const INLINE_MAX_DEPTH = 8;
/** Characters of inlined callees' translations a function takes in at most. */
export const INLINE_FUNCTION_BUDGET = 12_000;

interface InlineCandidate {
  /** Length of its own translation. */
  readonly chars: number;
  /** Its deepest block nesting. */
  readonly depth: number;
}
const inlineCandidates = new WeakMap<ModuleIR, (InlineCandidate | null)[]>();

/**
 * Can defined function `fi` be inlined at its direct call sites, and at what
 * cost: a leaf (no call or call_indirect: inlining never nests, and a leaf
 * takes no part in the call-depth count), without loops (so it never polls
 * for interrupts: the call would not have either), small (INLINE_MAX_*),
 * and translated by the JIT. Only its wasm decides, never its name. Cached
 * per module.
 */
export function inlineCandidate(ir: ModuleIR, fi: number, grows: readonly boolean[], tables: readonly (StaticTable | null)[]): InlineCandidate | null {
  if (fi < ir.numImportedFuncs) return null;
  let known = inlineCandidates.get(ir);
  if (!known) inlineCandidates.set(ir, (known = []));
  const seen = known[fi];
  if (seen !== undefined) return seen;
  known[fi] = null;
  const def = fi - ir.numImportedFuncs, start = ir.bodies.codeStart[def]!, end = ir.bodies.codeEnd[def]!;
  if (ir.leaves[def] !== 1 || end - start > INLINE_MAX_WASM_BYTES) return null;
  const r = new Reader(ir.bytes, start, end);
  let depth = 0, max = 0;
  while (r.pos < r.end) {
    const op = r.u8();
    if (op === 0x03) return null;
    if (op === 0x02 || op === 0x04) {
      r.s33();
      if (++depth > max) max = depth;
    } else if (op === 0x0b) depth--;
    else skipImmediates(r, op);
  }
  if (max > INLINE_MAX_DEPTH) return null;
  let chars: number;
  try {
    chars = compileFunction(ir, fi, new ConstPool(), grows, tables, undefined, -1, false).length;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return null;
  }
  if (chars > INLINE_MAX_CHARS) return null;
  return (known[fi] = { chars, depth: max });
}

/**
 * Whether a function of `chars` characters of source with `vars` variables
 * is small enough for V8 to optimise (compile.ts estimatedBytecode).
 */
export type Fits = (chars: number, vars: number) => boolean;

/**
 * Most characters of translation per byte of wasm seen in a function
 * (f32sim's f32 kernel: 9.75, every function of the benchmark programs, the
 * games and CoreMark measured): a function whose bytes times this, plus
 * INLINE_FUNCTION_BUDGET, stay within V8's limit cannot reach it by inlining.
 */
const MAX_CHARS_PER_BYTE = 10;

/**
 * `calleeExpr`: the expression a direct call calls (default `f<index>`, the
 * sibling declaration; lazily tiered functions call through the instance's
 * `$F` array, jit/tiering.ts).
 */
export function compileFunction(
  ir: ModuleIR, funcIndex: number, pool: ConstPool, grows: readonly boolean[], tables: readonly (StaticTable | null)[],
  calleeExpr?: (fi: number) => string, osrAt = -1, inlining = true, fits?: Fits,
): string {
  const steps = compileSteps(ir, funcIndex, pool, grows, tables, calleeExpr, osrAt, inlining, fits);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * Wasm instructions translated between two pauses of compileSteps: tens of
 * microseconds once V8 has compiled the translator (a 12 KB function took
 * 50–160 ms in one piece on a cold engine: docs/performance.md, "Tier-up
 * without hitches"). A step that meets code of ours V8 has not compiled yet
 * can still take milliseconds. 32 and 128 translated every bundled program
 * and game equally fast (warm, same run).
 */
export const STEP_INSTRUCTIONS = 32;

/** How much longer than projected a translation may turn out (compileSteps roomFor). */
const PROJECTION_MARGIN = 1.1;

/**
 * compileFunction as a translation that can pause: it yields after every
 * STEP_INSTRUCTIONS instructions and returns the function's source, the
 * same text whether it paused or not. Lazy tiering translates one function
 * over several turns of its compile budget this way (tiering.ts Group).
 * Nothing it keeps between steps is shared with another translation.
 */
export function* compileSteps(
  ir: ModuleIR, funcIndex: number, pool: ConstPool, grows: readonly boolean[], tables: readonly (StaticTable | null)[],
  calleeExpr: (fi: number) => string = (fi) => `f${fi}`, osrAt = -1, inlining = true, fits?: Fits, compactSimd = false,
): Generator<void, string, void> {
  const defIndex = funcIndex - ir.numImportedFuncs;
  const codeStart = ir.bodies.codeStart[defIndex]!, codeEnd = ir.bodies.codeEnd[defIndex]!;
  const type = ir.types[ir.funcs[funcIndex]!]!;
  // This function's locals, then those of each callee inlined into it (inlineCall).
  const localTypes: ValType[] = [...type.params, ...bodyLocals(ir.bodies, defIndex)];
  const ownLocals = localTypes.length;
  // The body being read: this function's, or an inlined callee's; its local i is l<localBase+i>.
  let r = new Reader(ir.bytes, codeStart, codeEnd);
  let localBase = 0;
  /** The frame of the inlined callee whose body is being read, if any (inlineCall). */
  let inlined: Frame | undefined;
  /** Where each inlined callee's locals start (one range per callee, shared by its call sites: they never nest). */
  const inlineBases = new Map<number, number>();
  let inlinedChars = 0;

  const out: string[] = [];
  const declared = new Map<string, string>();
  const stack: Entry[] = [];
  const frames: Frame[] = [];
  let labelCount = 0;
  let reachable = true;
  let usesMemory = false;

  // ---- naming ----
  const declare = (name: string, init: string): string => {
    if (!declared.has(name)) declared.set(name, init);
    return name;
  };
  const slotVar = (k: number, t: ValType): string => {
    switch (t) {
      case I32: return declare(`I${k}`, '0');
      case I64: return declare(`J${k}`, '0');
      case F32: return declare(`E${k}`, '0');
      case F64: return declare(`F${k}`, '0');
      case V128:
        for (const w of vwordNames(`V${k}`)) declare(w, '0');
        return `V${k}`;
      default: return declare(`R${k}`, 'null');
    }
  };
  const hiVar = (k: number): string => declare(`H${k}`, '0');
  /** The four word variables of v128 slot k. */
  const vslot = (k: number): string[] => vwordNames(slotVar(k, V128));
  /** The n double variables of v128 slot k held as float lanes (Entry.fl). */
  const lanesOf = (k: number, n: number): string[] => Array.from({ length: n }, (_, j) => declare(`D${k}_${j}`, '0'));
  /**
   * v128 locals last written from float lanes in this straight-line stretch of
   * code (local index → lane count): their lanes' values are also in
   * `l<i>f<j>`, so a float op reading the local uses them, not its words.
   * Forgotten at every block, loop, if, else, end and branch (another path may
   * reach the code after it) and when the local is written otherwise.
   */
  const localLanes = new Map<number, number>();
  /**
   * v128 locals holding a known constant (their words as literals), from a
   * local.set/tee of a constant in this straight-line stretch: forgotten where
   * localLanes is, and when the local is written otherwise (SimdGen.constWords).
   */
  const localConst = new Map<number, string[]>();
  const localLanesOf = (i: number, n: number): string[] => Array.from({ length: n }, (_, j) => declare(`l${i}f${j}`, '0'));
  /**
   * v128 locals of this function (not parameters) that only ever hold float
   * results (simd.ts heldLocals): kept as their lanes' values `l<i>f<j>`
   * alone (zero to start with, as their words), read as held lanes, so a
   * float accumulator in a loop is never made words.
   */
  const floatLocals = compactSimd || !localTypes.includes(V128) ? new Map<number, number>()
    : heldLocals(ir.bytes, codeStart, codeEnd, (i) => i >= type.params.length && i < ownLocals && localTypes[i] === V128);
  /**
   * v128 locals whose float lanes' values (a NaN's payload perhaps lost:
   * SimdGen.nums) are also in `l<i>n<j>` in this straight-line stretch of
   * code (local index → lane count): copied from a load's lanes at
   * local.set, or computed from the words at the first float read. Forgotten
   * where localLanes is, and when the local is written otherwise.
   */
  const localNums = new Map<number, number>();
  const localNumsOf = (i: number, n: number): string[] => Array.from({ length: n }, (_, j) => declare(`l${i}n${j}`, '0'));
  /** The n double variables of v128 slot k holding its float lanes' values beside its words (Entry.nl). */
  const numsOf = (k: number, n: number): string[] => Array.from({ length: n }, (_, j) => declare(`N${k}_${j}`, '0'));
  /** This function's v128 locals read by float instructions (simd.ts floatReadLocals): a load stored in one reads its lanes as floats too. */
  const floatReads = compactSimd || !localTypes.includes(V128) ? new Map<number, number>() : floatReadLocals(ir.bytes, codeStart, codeEnd);
  /**
   * v128 locals whose float lanes' values (inexact, as SimdGen.nums) are kept
   * in `l<i>n<j>` beside their words throughout a loop (local index → lane
   * count; simd.ts loopFloatLocals): read from the words where the loop is
   * entered (its header, which OSR entry runs too), then updated by every
   * write of the local inside it; a float read there uses them. Restored at
   * the loop's end (Frame.untrack).
   */
  const tracked = new Map<number, number>();
  const loopFloats = compactSimd || !localTypes.includes(V128) ? new Map<number, Map<number, number>>()
    : loopFloatLocals(ir.bytes, codeStart, codeEnd, (i) => i < ownLocals && localTypes[i] === V128 && !floatLocals.has(i));
  /** The statement putting local i's n float lanes' values, from its words, into `l<i>n<j>`. */
  const numsFromWords = (i: number, n: number): string => {
    declare('Vx', '0'); declare('Ve', '0');
    const from = lanesFromWords(vwordNames(`l${i}`), n);
    return localNumsOf(i, n).map((x, j) => `${x}=${from[j]!};`).join('');
  };
  /** Pushes the held lanes of float local i (copied into the slot's lane variables). */
  const pushFloatLocal = (i: number, n: number): void => {
    const k = stack.length, from = localLanesOf(i, n);
    stmt(lanesOf(k, n).map((d, j) => `${d}=${from[j]!};`).join(''));
    pushMat(V128);
    stack[k]!.fl = n;
    pushed(k);
  };
  /** The statement writing the words of slot k held as n float lanes. */
  const wordsOfLanes = (k: number, n: number): string => lanesToWords(vslot(k), lanesOf(k, n));
  /**
   * Statements writing the v128 words `src` into the variables `dst` (the
   * words of `x`): through temporaries when a word reads a word of `x`
   * written before it (a shuffle of the slot's own value).
   */
  const vassign = (dst: readonly string[], src: readonly string[], x: string): string => {
    if (src.some((w, j) => j > 0 && readsWords(w, x))) {
      let s = '';
      for (let j = 0; j < 4; j++) s += `${declare(`Y${j}`, '0')}=${src[j]!};`;
      for (let j = 0; j < 4; j++) s += `${dst[j]!}=Y${j};`;
      return s;
    }
    let s = '';
    for (let j = 0; j < 4; j++) if (src[j] !== dst[j]) s += `${dst[j]!}=${src[j]!};`;
    return s;
  };

  // ---- the stack ----
  const materialize = (k: number): void => {
    const en = stack[k]!;
    if (en.fl) {
      out.push(wordsOfLanes(k, en.fl));
      en.fl = undefined;
      return;
    }
    if (en.defer) {
      out.push(en.defer(slotVar(k, I64), hiVar(k)));
      en.defer = undefined;
      en.trap = false;
      return;
    }
    if (en.e === null) return;
    if (en.t === V128) {
      out.push(vassign(vslot(k), en.w!, `V${k}`));
      en.e = null;
      en.w = undefined;
      en.trap = false;
      return;
    }
    const v = slotVar(k, en.t);
    if (en.e !== v) out.push(`${v}=${en.e};`);
    if (en.t === I64 && en.h !== hiVar(k)) out.push(`${hiVar(k)}=${en.h};`);
    en.e = null;
    en.h = null;
    en.cond = undefined;
    en.trap = false;
  };
  // Compile time linear in the stack's depth: entries below `flushed` are
  // all materialised, entries below `settled` materialised or quiet for a
  // statement that writes no local (constants, local reads). Entries change
  // only by being materialised, popped or pushed, so flush() and stmt() need
  // to look only above these marks (a new entry lowers them: pushed()).
  // N constants, N calls and N drops took the JIT 137 s at N = 60,000.
  let flushed = 0;
  let settled = 0;
  const pushed = (k: number): void => {
    if (flushed > k) flushed = k;
    if (settled > k) settled = k;
  };
  /** Materialises the whole stack (control flow: every path must agree on slot variables). */
  const flush = (): void => {
    for (let k = Math.min(flushed, stack.length); k < stack.length; k++) materialize(k);
    flushed = settled = stack.length;
  };
  /**
   * Emits a straight-line statement: everything pending on the stack is
   * evaluated first, except constants and reads of locals the statement does
   * not write (`writes`), which nothing in between can change.
   */
  const stmt = (s: string, writes = -1): void => {
    for (let k = writes < 0 ? Math.min(settled, stack.length) : Math.min(flushed, stack.length); k < stack.length; k++) {
      const en = stack[k]!;
      // (float lanes are computed: their D variables change only with their slot's entry)
      if (en.fl) continue;
      if (!en.defer && en.e !== null && (en.w ? en.w.every((w) => quiet(w, writes)) : quiet(en.e, writes) && (en.t !== I64 || quiet(en.h!, writes)))) continue;
      materialize(k);
    }
    settled = stack.length;
    out.push(s);
  };

  const pushMat = (t: ValType): number => {
    const k = stack.length;
    stack.push({ t, e: null, h: null, trap: false, k: -1 });
    slotVar(k, t);
    if (t === I64) hiVar(k);
    return k;
  };
  const pushExpr = (t: ValType, e: string, trap: boolean, extra?: { cond?: string; c?: number; h?: string; q?: boolean; arith?: string; bit?: boolean }): void => {
    const en: Entry = { t, e, h: extra?.h ?? null, trap, k: -1 };
    if (extra?.bit) en.bit = true;
    if (extra?.q) en.q = true;
    if (extra?.arith !== undefined) en.arith = extra.arith;
    if (extra?.cond !== undefined) en.cond = extra.cond;
    if (extra?.c !== undefined) en.c = extra.c;
    pushed(stack.length);
    stack.push(en);
    if (e.length > MAX_EXPR) flush();
  };
  // Booleans become 0/1 by `|0`, not `?1:0`: V8 compiles a conditional to a
  // branch, and a data-dependent one (a carry, a sort's comparison kept as a
  // value) is mispredicted half the time; `|0` is a setcc.
  // `value`, when given, is the same condition without `||`/`&&` (an i64
  // comparison of two words): what a consumer of the number gets, since
  // V8 compiles each `||`/`&&` to a branch.
  const pushCond = (cond: string, trap: boolean, value = cond): void => {
    pushExpr(I32, `((${value})|0)`, trap, { cond });
  };
  const pop = (): Entry & { k: number } => {
    const en = stack.pop()!;
    en.k = stack.length;
    return en;
  };
  /** Emits a popped deferred i64 into its slot variables (after everything below it). */
  const undefer = (en: Entry & { k: number }): void => {
    if (!en.defer) return;
    const d = en.defer;
    en.defer = undefined;
    en.trap = false;
    stmt(d(slotVar(en.k, I64), hiVar(en.k)));
  };
  /** The value of a popped entry as an operand expression. */
  const val = (en: Entry & { k: number }): string => {
    undefer(en);
    // a v128 leaving the words (a call's argument, a global): its V128 object
    if (en.t === V128) return `new $VC(${vwords(en).join(',')})`;
    return en.e !== null ? en.e : slotVar(en.k, en.t);
  };
  /** val() for a consumer that needs an f32 only as a number (see Entry.arith). */
  const numVal = (en: Entry & { k: number }): string => (en.e !== null && en.arith !== undefined ? en.arith : val(en));
  const hi = (en: Entry & { k: number }): string => {
    undefer(en);
    return en.h !== null ? en.h : hiVar(en.k);
  };
  const pushDeferred = (defer: (lo: string, hi: string) => string, trap: boolean): void => {
    pushed(stack.length);
    stack.push({ t: I64, e: null, h: null, trap, defer, k: -1 });
    slotVar(stack.length - 1, I64);
    hiVar(stack.length - 1);
  };
  /** Pushes a v128 whose words are the expressions `w` (each evaluated once, in order with nothing else in between). */
  const pushWords = (w: string[], trap: boolean): void => {
    const e = w.join(',');
    pushed(stack.length);
    stack.push({ t: V128, e, h: null, trap, k: -1, w });
    if (e.length > MAX_EXPR) flush();
  };
  /** A popped v128 held as float lanes: its words written now (after everything below it). */
  const unlanes = (en: Entry & { k: number }): void => {
    if (!en.fl) return;
    const n = en.fl;
    en.fl = undefined;
    stmt(wordsOfLanes(en.k, n));
  };
  /** A popped v128's words: pending expressions (each to be used once) or its slot variables. */
  const vwords = (en: Entry & { k: number }): string[] => {
    unlanes(en);
    return en.e !== null ? en.w! : vslot(en.k);
  };
  /**
   * A popped v128's words as tokens usable more than once: a local's words
   * or constants as they are, anything else evaluated into its slot words
   * (after everything below it).
   */
  const vsimple = (en: Entry & { k: number }): string[] => {
    if (en.e !== null && !en.w!.every((w) => QUIET.test(w))) evalInto(en);
    return vwords(en);
  };
  const condOf = (en: Entry & { k: number }): string => en.cond ?? val(en);
  /**
   * -1 when the i32 condition holds, else 0: a comparison's or a 0/1 value's
   * negation, another value's `!==0` made a number by `|0` (a compare and a
   * setcc more on the chain: crc16's bit loop selects on `(crc^data)&1`).
   */
  const selectMask = (en: Entry & { k: number }): string =>
    en.cond !== undefined || en.bit ? `-${val(en)}` : `-((${val(en)})!==0|0)`;
  /**
   * Makes a popped operand usable more than once: a simple token, or else
   * evaluated into its slot variable (after everything below it).
   */
  const simple = (en: Entry & { k: number }): string => {
    undefer(en);
    if (en.t === V128) throw new Error('jit: simple() of a v128 (vsimple)');
    if (en.e === null || SIMPLE.test(en.e)) return val(en);
    const v = slotVar(en.k, en.t);
    stmt(`${v}=${en.e};`);
    en.e = null;
    en.cond = undefined;
    return v;
  };

  /** Evaluates a popped operand into its slot variable (after everything below it). */
  const evalInto = (en: Entry & { k: number }): void => {
    undefer(en);
    unlanes(en);
    if (en.e === null) return;
    if (en.t === V128) {
      const w = en.w!;
      en.e = null;
      en.w = undefined;
      stmt(vassign(vslot(en.k), w, `V${en.k}`));
      return;
    }
    let s = `${slotVar(en.k, en.t)}=${en.e};`;
    if (en.t === I64) s += `${hiVar(en.k)}=${en.h};`;
    stmt(s);
    en.e = null;
    en.h = null;
    en.cond = undefined;
  };

  /** Copy slot `from` to slot `to` (both materialised, same type). */
  const moveSlot = (from: number, to: number, t: ValType): void => {
    if (from === to) return;
    if (t === V128) {
      out.push(vassign(vslot(to), vslot(from), `V${to}`));
      return;
    }
    out.push(`${slotVar(to, t)}=${slotVar(from, t)};`);
    if (t === I64) out.push(`${hiVar(to)}=${hiVar(from)};`);
  };

  const afterCall = (callee: number): void => {
    mayRunLong = true;
    // A callee may have grown memory; filled in at the end only if this
    // function touches memory.
    if (callee < 0 || grows[callee]) out.push('\u0000');
  };
  // ---- branches (the stack is flushed) ----
  const branchTo = (depth: number): void => {
    const f = frames[frames.length - 1 - depth]!;
    if (f.kind === 'func') {
      emitReturn();
      return;
    }
    const arity = f.kind === 'loop' ? f.params : f.results;
    const n = arity.length;
    const from = stack.length - n;
    for (let i = 0; i < n; i++) moveSlot(from + i, f.base + i, arity[i]!);
    out.push(f.kind === 'loop' ? `continue L${f.label};` : `break L${f.label};`);
  };

  const emitReturn = (): void => {
    flush();
    const fn = inlined;
    if (fn) {
      // out of an inlined callee: its results into the call's result slots, then past its end
      moveResults(fn);
      out.push(`break L${fn.label};`);
      return;
    }
    const results = type.results;
    const n = results.length;
    const from = stack.length - n;
    // (\u0004: the caller's depth back in $S.fsp, filled in at the end)
    if (n === 0) {
      out.push('\u0004return;');
      return;
    }
    let ri = 0, rf = 0, rr = 0;
    // (a v128 result leaves as its V128 object)
    const res = (k: number, t: ValType): string => (t === V128 ? `new $VC(${vslot(k).join(',')})` : slotVar(k, t));
    for (let i = 1; i < n; i++) {
      const t = results[i]!, s = res(from + i, t);
      if (t === I32) out.push(`$RI[${ri++}]=${s};`);
      else if (t === I64) out.push(`$RI[${ri++}]=${s};$RI[${ri++}]=${hiVar(from + i)};`);
      else if (t === F32 || t === F64) out.push(`$RF[${rf++}]=${s};`);
      else out.push(`$RR[${rr++}]=${s};`);
    }
    const t0 = results[0]!;
    if (t0 === I64) out.push(`$W[0]=${hiVar(from)};`);
    out.push(`\u0004return ${res(from, t0)};`);
  };

  /** The top results of an inlined callee's stack into the slots where its call's results go (the stack is flushed). */
  const moveResults = (fn: Frame): void => {
    const from = stack.length - fn.results.length;
    fn.results.forEach((t, i) => moveSlot(from + i, fn.base + i, t));
  };

  // A copy or fill loop (matchLoopIdiom) whose whole run is known to stay in
  // bounds, to end exactly at its end pointer, and (copying) not to read what
  // it already wrote, is one copyWithin/fill: the same final memory and locals,
  // no trap possible. A short run (under JIT_BULK_MIN_BYTES, where a typed-array
  // call costs more than the loop) runs as a loop without an interrupt poll;
  // anything else runs the loop as it is:
  //   Zd=d>>>0;Ze=e>>>0;Zn=Ze-Zd;
  //   if(<conditions>){<bulk>;d=Ze|0;s=Zs+Zn|0;}
  //   else if(<short>){do{<element>}while((d>>>0)<(e>>>0))}else{ L7:for(;;){…} }
  // The poll-free loop is bounded: it starts at or below e (Zn>=0), moves d
  // up by k per pass and stops once d reaches e — at most 64/k + 1 passes; and
  // e below 2^32-64 means d cannot wrap around to 0 and start again (which a
  // 4 GiB memory would otherwise allow without a trap).
  const bulkPrefix = (m: LoopIdiom): string => {
    usesMemory = true;
    for (const z of ['Zd', 'Ze', 'Zn', 'Zs']) declare(z, '0');
    const { k, d, e } = m;
    let c = `Zd=l${d}>>>0;Ze=l${e}>>>0;Zn=Ze-Zd;if(Zn>=${JIT_BULK_MIN_BYTES}&&Ze<=$M.size`;
    if (k === 4) c += '&&(Zn&3)===0';
    let bulk: string;
    let element: string;
    const at = (i: number): string => `(l${i}>>>0)`;
    if (m.s !== undefined) {
      c = `Zs=l${m.s}>>>0;${c}&&Zs+Zn<=$M.size&&(Zd<=Zs||Zd>=Zs+Zn)`;
      bulk = `$M.u8.copyWithin(Zd,Zs,Zs+Zn);l${d}=Ze|0;l${m.s}=Zs+Zn|0;$bulked(Zn);`;
      element = (k === 1 ? `dv.setUint8(${at(d)},dv.getUint8(${at(m.s)}));` : `dv.setInt32(${at(d)},dv.getInt32(${at(m.s)},true),true);`)
        + `l${m.s}=l${m.s}+${k}|0;`;
    } else {
      const v = `l${m.v!}`;
      // A word fill is a byte fill when its four bytes are equal (memset's are).
      if (k === 4) c += `&&(${v}&255)*16843009===(${v}>>>0)`;
      bulk = `$M.u8.fill(${v},Zd,Ze);l${d}=Ze|0;$bulked(Zn);`;
      element = k === 1 ? `dv.setUint8(${at(d)},${v});` : `dv.setInt32(${at(d)},${v},true);`;
    }
    element += `l${d}=l${d}+${k}|0;`;
    const short = `Zn>=0&&Zn<${JIT_BULK_MIN_BYTES}&&Ze<${2 ** 32 - JIT_BULK_MIN_BYTES}`;
    return `${c}){${bulk}}else if(${short}){do{${element}}while(${at(d)}<${at(e)})}else{`;
  };
  /** A call expression and the stores of its results into slots base… (one statement list). */
  const callStmt = (call: string, results: readonly ValType[], base: number): string => {
    if (results.length === 0) return `${call};`;
    const t0 = results[0]!;
    // (a v128 result arrives as its V128 object, unpacked into the slot's words)
    const unpack = (k: number, from: string): string => `Vt=${from};${vslot(k).map((w, j) => `${w}=Vt.w${j};`).join('')}`;
    if (results.includes(V128)) declare('Vt', 'null');
    let s = t0 === V128 ? unpack(base, call) : `${slotVar(base, t0)}=${call};`;
    if (t0 === I64) s += `${hiVar(base)}=$W[0];`;
    let ri = 0, rf = 0, rr = 0;
    for (let i = 1; i < results.length; i++) {
      const t = results[i]!, v = slotVar(base + i, t);
      if (t === V128) s += unpack(base + i, `$RR[${rr++}]`);
      else if (t === I32) s += `${v}=$RI[${ri++}];`;
      else if (t === I64) s += `${v}=$RI[${ri++}];${hiVar(base + i)}=$RI[${ri++}];`;
      else if (t === F32 || t === F64) s += `${v}=$RF[${rf++}];`;
      else s += `${v}=$RR[${rr++}];`;
    }
    return s;
  };
  // Call sites of callees that count their frames, for depthPrologue's choice (callSiteCounting).
  let hotSites = 0, hotSiteInLoop = false;
  /**
   * A call that may poll (not followed by `unreachable`) in an innermost
   * loop: a write and a read of the countdown on every pass, more than the
   * poll in memory costs, so the countdown stays there (ZF_SYNC).
   */
  let callInLoop = false;
  /**
   * `s`, a call of a callee that counts its frame (a non-leaf, an import, an
   * indirect call: callee < 0), between the markers where this function's
   * frame is counted if it counts around its calls (depthPrologue). After a
   * call followed by `unreachable` (a panic, an abort) nothing needs putting
   * back, and it does not count as a hot call site.
   */
  const countedCall = (call: string, callee: number, targets?: Iterable<number>): string => {
    // (the countdown back in $S.fuel for a callee that may poll, and its own
    // again after it: ZF_SYNC; `targets`: an indirect call's, if known)
    const polls = callee >= 0 ? mayPoll(ir, callee) : targets === undefined || [...targets].some((fi) => mayPoll(ir, fi));
    const s = polls ? `\u0007${call}\u0008` : call;
    // (`unreachable` next, after any drops of its results)
    let next = r.pos;
    while (next < r.end && ir.bytes[next] === 0x1a) next++;
    const cold = next < r.end && ir.bytes[next] === 0x00;
    for (let j = frames.length - 1; j >= 0 && !cold; j--) {
      const f = frames[j]!;
      if (f.kind !== 'loop') continue;
      // (only a call on the path every pass takes: one inside a block or
      // if of the loop, a rare slow path such as a vector's growth, counts not)
      if (polls && j === frames.length - 1) f.pollingCall = true;
      break;
    }
    if (callee >= ir.numImportedFuncs && ir.leaves[callee - ir.numImportedFuncs] === 1) return s;
    if (!cold) {
      hotSites++;
      if (frames.some((f) => f.kind === 'loop')) hotSiteInLoop = true;
    }
    return `\u0005${s}${cold ? '' : '\u0006'}`;
  };
  /** Emits `call` (all operands already in the text) and reads its results into slots from `base`. */
  const callInto = (call: string, results: readonly ValType[], base: number, callee: number): void => {
    stmt(countedCall(callStmt(call, results, base), callee));
    for (const t of results) pushMat(t);
    afterCall(callee);
  };

  const popArgs = (params: readonly ValType[]): string => {
    const ens: (Entry & { k: number })[] = [];
    for (let i = params.length - 1; i >= 0; i--) ens.unshift(pop());
    // A deferred i64 argument is emitted as a statement: keep the order.
    if (ens.some((en) => en.defer)) for (const en of ens) evalInto(en);
    const a: string[] = [];
    for (const en of ens) {
      a.push(val(en));
      if (en.t === I64) a.push(hi(en));
    }
    return a.join(',');
  };

  // ---- skipping unreachable code ----
  const skipDead = (): number => {
    let depth = 0;
    for (;;) {
      const op = r.u8();
      switch (op) {
        case 0x02: case 0x03: case 0x04:
          r.s33(); depth++; break;
        case 0x05:
          if (depth === 0) return op;
          break;
        case 0x0b:
          if (depth === 0) return op;
          depth--; break;
        default:
          skipImmediates(r, op);
      }
    }
  };

  // ---- memory ----
  const addrExpr = (a: Entry & { k: number }, offset: number): string => {
    usesMemory = true;
    if (a.c !== undefined) return String((a.c >>> 0) + offset);
    const x = val(a);
    return offset === 0 ? `(${x}>>>0)` : `((${x}>>>0)+${offset})`;
  };

  const load = (op: number, offset: number): void => {
    const a = pop();
    const info = OPS[op]!;
    const rt = info.results[0]!;
    const A = addrExpr(a, offset);
    switch (op) {
      case 0x28: pushExpr(I32, `dv.getInt32(${A},true)`, true); return;
      case 0x2b: pushExpr(F64, `dv.getFloat64(${A},true)`, true); return;
      case 0x2c: pushExpr(I32, `dv.getInt8(${A})`, true); return;
      case 0x2d: pushExpr(I32, `dv.getUint8(${A})`, true); return;
      case 0x2e: pushExpr(I32, `dv.getInt16(${A},true)`, true); return;
      case 0x2f: pushExpr(I32, `dv.getUint16(${A},true)`, true); return;
      case 0x2a:
        // A NaN is re-read as bits to keep a signalling payload (values.ts),
        // unless the consumer only computes with the value (numVal).
        declare('G', '0');
        return pushExpr(F32, `(A=${A},(G=dv.getFloat32(A,true))===G?G:$f32v(dv.getInt32(A,true)))`, true,
          { arith: `dv.getFloat32(${A},true)` });
      case 0x29: return pushDeferred((dl, dh) => `A=${A};${dl}=dv.getInt32(A,true);${dh}=dv.getInt32(A+4,true);`, true);
      case 0x30: return pushDeferred((dl, dh) => `${dl}=dv.getInt8(${A});${dh}=${dl}>>31;`, true);
      case 0x31: return pushDeferred((dl, dh) => `${dl}=dv.getUint8(${A});${dh}=0;`, true);
      case 0x32: return pushDeferred((dl, dh) => `${dl}=dv.getInt16(${A},true);${dh}=${dl}>>31;`, true);
      case 0x33: return pushDeferred((dl, dh) => `${dl}=dv.getUint16(${A},true);${dh}=0;`, true);
      case 0x34: return pushDeferred((dl, dh) => `${dl}=dv.getInt32(${A},true);${dh}=${dl}>>31;`, true);
      case 0x35: return pushDeferred((dl, dh) => `${dl}=dv.getInt32(${A},true);${dh}=0;`, true);
    }
    pushMat(rt);
  };

  // A word gathered byte by byte (gather.ts) is one read of the word while
  // no byte's `local + add` wraps past 2^32 (then byte k is at base + k).
  // When one does (a local just below 2^32 that the added constant carries
  // round to low memory), every byte is read at its own wrapped address, as
  // the wasm code does.
  const pushGather = (g: ByteGather): void => {
    usesMemory = true;
    const b = `l${localBase + g.local}`;
    const first = g.bytes[0]!;
    const c0 = first.add + first.offset;
    const limit = 2 ** 32 - 1 - Math.max(...g.bytes.map((x) => x.add)) + c0;
    const byte = (k: number): string => {
      const { add, offset } = g.bytes[k]!;
      const a = add === 0 ? `(${b}>>>0)` : `((${b}+${add}|0)>>>0)`;
      const v = `dv.getUint8(${offset === 0 ? a : `${a}+${offset}`})`;
      return k % 4 === 0 ? v : `${v}<<${(k % 4) * 8}`;
    };
    const word = (k0: number): string => [0, 1, 2, 3].map((k) => byte(k0 + k)).join('|');
    if (g.t === I32) {
      pushExpr(I32, `((A=(${b}>>>0)+${c0})<=${limit}?dv.getInt32(A,true):${word(0)})`, true);
      return;
    }
    pushDeferred((dl, dh) => `A=(${b}>>>0)+${c0};if(A<=${limit}){${dl}=dv.getInt32(A,true);${dh}=dv.getInt32(A+4,true);}`
      + `else{${dl}=${word(0)};${dh}=${word(4)};}`, true);
  };

  /** If a byte-gathered word starts at the local.get/tee at `at`: reads it, moves past it, true. */
  const gatherAt = (at: number): boolean => {
    const g = matchByteGather(ir.bytes, at, r.end, (i) => localTypes[localBase + i]);
    if (!g) return false;
    r.pos = g.end;
    pushGather(g);
    return true;
  };

  const store = (op: number, offset: number): void => {
    const v = pop();
    const a = pop();
    // A deferred i64 value (i64.store, and the narrow i64.store8/16/32) is
    // emitted as a statement: the address is evaluated first, into its slot,
    // since it may read the slot variables that statement writes.
    if (v.defer) evalInto(a);
    let A = addrExpr(a, offset);
    switch (op) {
      case 0x36: case 0x3e: stmt(`dv.setInt32(${A},${val(v)},true);`); break;
      case 0x37: {
        const l = val(v), h = hi(v);
        // High word first: if any byte is out of bounds, nothing is written.
        stmt(`A=${A};dv.setInt32(A+4,${h},true);dv.setInt32(A,${l},true);`);
        break;
      }
      case 0x38: {
        if (v.q) { stmt(`dv.setFloat32(${A},${val(v)},true);`); break; }
        // The address is evaluated before the value.
        if (v.e !== null && !SIMPLE.test(v.e)) simple(a);
        const x = simple(v);
        A = addrExpr(a, offset);
        stmt(`A=${A};if(${x}===${x})dv.setFloat32(A,${x},true);else dv.setInt32(A,$f32b(${x}),true);`);
        break;
      }
      case 0x39: stmt(`dv.setFloat64(${A},${val(v)},true);`); break;
      case 0x3a: case 0x3c: stmt(`dv.setUint8(${A},${val(v)});`); break;
      case 0x3b: case 0x3d: stmt(`dv.setInt16(${A},${val(v)},true);`); break;
    }
  };

  // ---- SIMD (simd.ts) ----
  const simd: SimdGen<Entry & { k: number }> = {
    get r() { return r; }, pop, val, simple, hi, addr: addrExpr, stmt: (s) => stmt(s), declare: (n, i) => { declare(n, i); },
    pushExpr: (t, e, trap, cond) => pushExpr(t, e, trap, cond !== undefined ? { cond } : undefined),
    pushDeferred,
    words: vwords, vsimple, pushWords, compact: compactSimd,
    pushWordsStmt: (s, nums) => {
      const k = stack.length;
      stmt(s(vslot(k)) + (nums ? nums.s(numsOf(k, nums.n)) : ''));
      pushMat(V128);
      if (nums) stack[k]!.nl = nums.n;
    },
    nums: (en, n) => {
      if (en.e === null) return en.nl === n ? numsOf(en.k, n) : undefined;
      // (a pending read of a local, not written since: its lanes, computed from its words at the first such read)
      const m = /^l([0-9]+)$/.exec(en.w![0]!);
      if (m === null) return undefined;
      const i = Number(m[1]), names = vwordNames(`l${i}`);
      if (!en.w!.every((w, j) => w === names[j])) return undefined;
      // (a local tracked in a loop: its lanes kept by every write; never of another count there)
      const t = tracked.get(i);
      if (t !== undefined) return t === n ? localNumsOf(i, n) : undefined;
      if (localNums.get(i) !== n) {
        declare('Vx', '0'); declare('Ve', '0');
        const from = lanesFromWords(names, n);
        stmt(localNumsOf(i, n).map((x, j) => `${x}=${from[j]!};`).join(''));
        localNums.set(i, n);
      }
      return localNumsOf(i, n);
    },
    constWords: (en) => {
      if (en.e === null || en.fl) return undefined;
      const w = en.w!;
      if (w.every((x) => LITERAL.test(x))) return w;
      // (a pending read of a local, not written since: the constant it was last set to here, if any)
      const m = /^l([0-9]+)$/.exec(w[0]!);
      if (m === null) return undefined;
      const i = Number(m[1]), names = vwordNames(`l${i}`);
      return w.every((x, j) => x === names[j]) ? localConst.get(i) : undefined;
    },
    swizzleTable: (w) => pool.swizzleTable(w),
    floatRead: (i) => (inlined ? undefined : floatReads.get(i)),
    lanes: (en, n) => {
      if (en.fl === n) return lanesOf(en.k, n);
      // (a pending read of the local: the local not written since, its lanes those of its last write)
      const i = en.lv;
      if (i !== undefined && en.e !== null && en.w![0] === `l${i}` && localLanes.get(i) === n) return localLanesOf(i, n);
      return undefined;
    },
    pushLanesStmt: (n, s) => {
      const k = stack.length;
      stmt(s(lanesOf(k, n)));
      pushMat(V128);
      stack[k]!.fl = n;
      pushed(k);
    },
  };

  // ---- numeric ----
  const numeric = (op: number): void => {
    const info = OPS[op]!;
    if (info.params.length === 2) {
      const b = pop();
      const a = pop();
      binary(op, a, b);
    } else {
      unary(op, pop());
    }
  };

  type Popped = Entry & { k: number };

  const binary = (op: number, a: Popped, b: Popped): void => {
    const info = OPS[op]!;
    const pt = info.params[0]!;
    const trap = a.trap || b.trap;
    if (pt === I32) {
      const x = val(a), y = val(b);
      const cmp = (c: string): void => pushCond(c, trap);
      const ex = (e: string): void => pushExpr(I32, e, trap);
      switch (op) {
        case 0x46: return cmp(`${x}===${y}`);
        case 0x47: return cmp(`${x}!==${y}`);
        case 0x48: return cmp(`${x}<${y}`);
        case 0x49: return cmp(`(${x}>>>0)<(${y}>>>0)`);
        case 0x4a: return cmp(`${x}>${y}`);
        case 0x4b: return cmp(`(${x}>>>0)>(${y}>>>0)`);
        case 0x4c: return cmp(`${x}<=${y}`);
        case 0x4d: return cmp(`(${x}>>>0)<=(${y}>>>0)`);
        case 0x4e: return cmp(`${x}>=${y}`);
        case 0x4f: return cmp(`(${x}>>>0)>=(${y}>>>0)`);
        case 0x6a: return ex(`(${x}+${y}|0)`);
        case 0x6b: return ex(`(${x}-${y}|0)`);
        case 0x6c: return ex(`Math.imul(${x},${y})`);
        case 0x71: return pushExpr(I32, `(${x}&${y})`, trap, a.c === 1 || b.c === 1 ? { bit: true } : undefined);
        case 0x72: return ex(`(${x}|${y})`);
        case 0x73: return ex(`(${x}^${y})`);
        case 0x74: return ex(`(${x}<<${y})`);
        case 0x75: return ex(`(${x}>>${y})`);
        case 0x76: return pushExpr(I32, `(${x}>>>${y}|0)`, trap, b.c !== undefined && (b.c & 31) === 31 ? { bit: true } : undefined);
        case 0x77: case 0x78: {
          const sx = simple(a);
          if (b.c !== undefined) {
            const c = op === 0x77 ? b.c & 31 : (32 - (b.c & 31)) & 31;
            return ex(c === 0 ? sx : `(${sx}<<${c}|${sx}>>>${32 - c})`);
          }
          const sy = simple(b);
          return ex(op === 0x77 ? `(${sx}<<${sy}|${sx}>>>32-${sy})` : `(${sx}>>>${sy}|${sx}<<32-${sy})`);
        }
        case 0x6d: case 0x6e: case 0x6f: case 0x70: {
          const sx = simple(a), sy = simple(b);
          const d = slotVar(a.k, I32);
          let s = b.c !== undefined && b.c !== 0 ? '' : `if(${sy}===0)$T(${TRAP.div0});`;
          switch (op) {
            case 0x6d:
              if (b.c === undefined || b.c === -1) s += `if(${sx}===-2147483648&&${sy}===-1)$T(${TRAP.ovf});`;
              s += `${d}=${sx}/${sy}|0;`; break;
            case 0x6e: s += `${d}=(${sx}>>>0)/(${sy}>>>0)|0;`; break;
            case 0x6f: s += `${d}=${sx}%${sy}|0;`; break;
            case 0x70: s += `${d}=(${sx}>>>0)%(${sy}>>>0)|0;`; break;
          }
          stmt(s);
          pushMat(I32);
          return;
        }
        default: throw new Error(`jit: unhandled i32 op ${op}`);
      }
    }
    if (pt === I64) {
      const xl = simple(a), xh = hi(a), yl = simple(b), yh = hi(b);
      // Each comparison twice: with `||`/`&&` for a branch (`if`, `br_if`),
      // and with `|`/`&` on the booleans for a value (a carry out of
      // __multi3's additions, a select): V8 compiles `||`/`&&` to branches,
      // mispredicted half the time on such data, and `|`/`&` to setcc/and/or
      // (2x faster on random operands in a micro-benchmark).
      const ltU = (p: string, q: string, ph: string, qh: string, or = '||', and = '&&'): string =>
        `(${ph}>>>0)<(${qh}>>>0)${or}${ph}===${qh}${and}(${p}>>>0)<(${q}>>>0)`;
      const ltS = (p: string, q: string, ph: string, qh: string, or = '||', and = '&&'): string =>
        `${ph}<${qh}${or}${ph}===${qh}${and}(${p}>>>0)<(${q}>>>0)`;
      const lt = (signed: boolean, swap: boolean, negate: boolean): void => {
        const [p, q, ph, qh] = swap ? [yl, xl, yh, xh] : [xl, yl, xh, yh];
        const f = signed ? ltS : ltU;
        const n = negate ? '!' : '';
        pushCond(`${n}(${f(p, q, ph, qh)})`, trap, negate ? `(${f(p, q, ph, qh, '|', '&')})^1` : `(${f(p, q, ph, qh, '|', '&')})`);
      };
      switch (op) {
        case 0x51: return pushCond(`${xl}===${yl}&&${xh}===${yh}`, trap, `(${xl}^${yl}|${xh}^${yh})===0`);
        case 0x52: return pushCond(`(${xl}!==${yl}||${xh}!==${yh})`, trap, `(${xl}^${yl}|${xh}^${yh})!==0`);
        case 0x53: return lt(true, false, false);
        case 0x54: return lt(false, false, false);
        case 0x55: return lt(true, true, false);
        case 0x56: return lt(false, true, false);
        case 0x57: return lt(true, true, true);
        case 0x58: return lt(false, true, true);
        case 0x59: return lt(true, false, true);
        case 0x5a: return lt(false, false, true);
      }
      let tpl: (dl: string, dh: string) => string;
      switch (op) {
        case 0x7c:
          declare('T', '0');
          tpl = (dl, dh) => `T=${xl}>>>0;${dl}=${xl}+${yl}|0;${dh}=${xh}+${yh}+(((${dl}>>>0)<T)|0)|0;`;
          break;
        case 0x7d:
          declare('T', '0');
          tpl = (dl, dh) => `T=((${xl}>>>0)<(${yl}>>>0))|0;${dl}=${xl}-${yl}|0;${dh}=${xh}-${yh}-T|0;`;
          break;
        case 0x7e:
          if (b.c !== undefined && (b.c >>> 0) < 0x200000) {
            // Small constant low word: (xl>>>0)*yl is exact in a double. The
            // low word is a Math.imul of its own, so a chain of multiplies
            // (FNV-1a) waits on one integer multiply per step, not on the
            // int→double→int round trip, which only feeds the high word.
            const c = b.c >>> 0;
            declare('T', '0');
            const cross = yh === '0' ? '' : `+Math.imul(${xl},${yh})`;
            tpl = (dl, dh) => `T=(${xl}>>>0)*${c};${dh}=(T/4294967296|0)+Math.imul(${xh},${c})${cross}|0;${dl}=Math.imul(${xl},${c});`;
            break;
          }
          // 64-bit multiply inline (pairs.ts)
          declare('T', '0'); declare('U', '0');
          tpl = (dl, dh) => mulPair(xl, xh, yl, yh, dl, dh);
          break;
        case 0x7f: case 0x80: case 0x81: case 0x82: {
          const fn = ['$divS', '$divU', '$remS', '$remU'][op - 0x7f]!;
          const call = (dl: string, dh: string): string => `${dl}=${fn}(${xl},${xh},${yl},${yh});${dh}=$W[0];`;
          if ((op === 0x80 || op === 0x82) && b.c !== undefined && b.c !== 0 && yh === '0') {
            // Unsigned division by a constant below 2^32 (u64 formatting's
            // /10, /10000, /1e9): when the dividend is below 2^53 its double
            // quotient floors exactly (as in i64.ts udivmod), inline.
            declare('T', '0'); declare('U', '0');
            const c = b.c >>> 0;
            const q = op === 0x80 ? (dl: string, dh: string) => `${dl}=U|0;${dh}=U/4294967296|0;`
              : (dl: string, dh: string) => `${dl}=T-U*${c}|0;${dh}=0;`;
            tpl = (dl, dh) => `if((${xh}>>>0)<2097152){T=(${xh}>>>0)*4294967296+(${xl}>>>0);U=Math.floor(T/${c});`
              + `${q(dl, dh)}}else{${call(dl, dh)}}`;
          } else if (b.c === undefined) {
            // A divisor only known at run time (`x % n` with u64 or non-negative
            // i64 x): below 2^21 it is a short division inline, whatever the
            // dividend — T = (xh mod y)·2^32 + xl < 2^53, so T's double quotient
            // floors exactly, and xh/y is a 32-bit unsigned division. A signed
            // op takes it only for a non-negative dividend (then it is the
            // unsigned op). Anything else, and a zero divisor, calls the helper.
            declare('T', '0'); declare('U', '0');
            const guard = `${yh}===0&&((${yl}-1)>>>0)<2097152${op === 0x7f || op === 0x81 ? `&&${xh}>=0` : ''}`;
            const q = op === 0x7f || op === 0x80
              ? (dl: string, dh: string) => `${dh}=(${xh}>>>0)/U|0;${dl}=Math.floor(T/U)|0;`
              : (dl: string, dh: string) => `${dl}=T-Math.floor(T/U)*U|0;${dh}=0;`;
            tpl = (dl, dh) => `if(${guard}){U=${yl}>>>0;T=((${xh}>>>0)%U>>>0)*4294967296+(${xl}>>>0);`
              + `${q(dl, dh)}}else{${call(dl, dh)}}`;
          } else tpl = call;
          break;
        }
        case 0x83: tpl = (dl, dh) => `${dl}=${xl}&${yl};${dh}=${xh}&${yh};`; break;
        case 0x84: tpl = (dl, dh) => `${dl}=${xl}|${yl};${dh}=${xh}|${yh};`; break;
        case 0x85: tpl = (dl, dh) => `${dl}=${xl}^${yl};${dh}=${xh}^${yh};`; break;
        case 0x86: case 0x87: case 0x88: case 0x89: case 0x8a: {
          const c = b.c;
          if (c !== undefined) {
            if (op >= 0x89) { declare('T', '0'); declare('U', '0'); }
            tpl = (dl, dh) => shiftPairConst(op, xl, xh, dl, dh, c & 63);
          } else {
            // Variable count, inline and branch-free (pairs.ts)
            declare('Y', '0'); declare('T', '0'); declare('U', '0');
            tpl = (dl, dh) => shiftPairVar(op, xl, xh, yl, dl, dh);
          }
          break;
        }
        default: throw new Error(`jit: unhandled i64 op ${op}`);
      }
      pushDeferred(tpl, trap || (op >= 0x7f && op <= 0x82));
      return;
    }
    // floats
    const f = pt === F32;
    // copysign keeps its first operand's bits; every other float binary op
    // only needs its operands' values (a NaN result may be any quiet NaN).
    const x = op === 0x98 ? val(a) : numVal(a), y = numVal(b);
    const fr = (e: string): string => (f ? `Math.fround(${e})` : `(${e})`);
    const cmp = (c: string): void => pushCond(c, trap);
    const ex = (e: string): void => pushExpr(pt, e, trap, f ? { q: true } : undefined);
    switch (op) {
      case 0x5b: case 0x61: return cmp(`${x}===${y}`);
      case 0x5c: case 0x62: return cmp(`${x}!==${y}`);
      case 0x5d: case 0x63: return cmp(`${x}<${y}`);
      case 0x5e: case 0x64: return cmp(`${x}>${y}`);
      case 0x5f: case 0x65: return cmp(`${x}<=${y}`);
      case 0x60: case 0x66: return cmp(`${x}>=${y}`);
      case 0x92: case 0xa0: return ex(fr(`${x}+${y}`));
      case 0x93: case 0xa1: return ex(fr(`${x}-${y}`));
      case 0x94: case 0xa2: return ex(fr(`${x}*${y}`));
      case 0x95: case 0xa3: return ex(fr(`${x}/${y}`));
      case 0x96: return ex(`Math.fround(Math.min(${x},${y}))`);
      case 0x97: return ex(`Math.fround(Math.max(${x},${y}))`);
      // Math.min/max as the interpreter computes them, so a NaN result has the
      // same bits (V8 yields x86's default NaN 0xFFF8…, not the canonical JS NaN).
      case 0xa4: return ex(`Math.min(${x},${y})`);
      case 0xa5: return ex(`Math.max(${x},${y})`);
      case 0x98: case 0xa6: return pushExpr(pt, `$copysign(${x},${y})`, trap, a.q ? { q: true } : undefined);
      default: throw new Error(`jit: unhandled float op ${op}`);
    }
  };

  const unary = (op: number, a: Popped): void => {
    const info = OPS[op]!;
    const pt = info.params[0]!, rt = info.results[0]!;
    const trap = a.trap;
    const ex = (e: string, t = true): void => pushExpr(rt, e, trap || !t, rt === F32 ? { q: true } : undefined);
    const x = (): string => val(a);
    const n = (): string => numVal(a);
    /** i64 result computed by a statement into slot a. */
    const pairStmt = (s: (dl: string, dh: string) => string): void => {
      pushDeferred(s, true);
    };
    switch (op) {
      case 0x45: return a.cond !== undefined ? pushCond(`!(${a.cond})`, trap, `${val(a)}^1`) : pushCond(`${x()}===0`, trap);
      case 0x50: { const l = simple(a); return pushCond(`(${l}|${hi(a)})===0`, trap); }
      case 0x67: return ex(`Math.clz32(${x()})`);
      case 0x68: return ex(`$ctz32(${x()})`);
      case 0x69: return ex(`$popcnt32(${x()})`);
      case 0x79: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=$clz64(${l},${hi(a)});${dh}=0;`); }
      case 0x7a: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=$ctz64(${l},${hi(a)});${dh}=0;`); }
      case 0x7b: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=$popcnt64(${l},${hi(a)});${dh}=0;`); }
      case 0x8b: case 0x99: return pushExpr(rt, `Math.abs(${x()})`, trap, a.q ? { q: true } : undefined);
      case 0x8c: case 0x9a: return pushExpr(rt, `(-${x()})`, trap, a.q ? { q: true } : undefined);
      case 0x8d: return ex(`Math.fround(Math.ceil(${n()}))`);
      case 0x8e: return ex(`Math.fround(Math.floor(${n()}))`);
      case 0x8f: return ex(`Math.fround(Math.trunc(${n()}))`);
      case 0x90: return ex(`Math.fround($nearest(${n()}))`);
      case 0x91: return ex(`Math.fround(Math.sqrt(${n()}))`);
      case 0x9b: return ex(`$q(Math.ceil(${x()}))`);
      case 0x9c: return ex(`$q(Math.floor(${x()}))`);
      case 0x9d: return ex(`$q(Math.trunc(${x()}))`);
      case 0x9e: return ex(`$q($nearest(${x()}))`);
      case 0x9f: return ex(`Math.sqrt(${x()})`);
      case 0xa7: { const l = val(a); return pushExpr(I32, l, trap); } // wrap: the low word
      case 0xa8: case 0xaa: return ex(`$i32TruncS(${n()})`, false);
      case 0xa9: case 0xab: return ex(`$i32TruncU(${n()})`, false);
      case 0xac: {
        if (a.e !== null && SIMPLE.test(a.e) && a.c !== undefined) {
          return pushExpr(I64, a.e, trap, { h: a.c < 0 ? '(-1)' : '0', c: a.c });
        }
        { const xs = x(); return pairStmt((dl, dh) => `${dl}=${xs};${dh}=${dl}>>31;`); }
      }
      case 0xad: {
        if (a.e === null || SIMPLE.test(a.e)) return pushExpr(I64, x(), trap, { h: '0' });
        { const xs = x(); return pairStmt((dl, dh) => `${dl}=${xs};${dh}=0;`); }
      }
      case 0xae: case 0xb0: { const xs = x(); return pairStmt((dl, dh) => `${dl}=$truncS(${xs});${dh}=$W[0];`); }
      case 0xaf: case 0xb1: { const xs = x(); return pairStmt((dl, dh) => `${dl}=$truncU(${xs});${dh}=$W[0];`); }
      case 0xb2: return ex(`Math.fround(${x()})`);
      case 0xb3: return ex(`Math.fround(${x()}>>>0)`);
      case 0xb4: { const l = simple(a); return ex(`$f32FromS(${l},${hi(a)})`); }
      case 0xb5: { const l = simple(a); return ex(`$f32FromU(${l},${hi(a)})`); }
      case 0xb6: return ex(`Math.fround(${x()})`);
      case 0xb7: return ex(x());
      case 0xb8: return ex(`(${x()}>>>0)`);
      case 0xb9: { const l = simple(a); return ex(`$f64FromS(${l},${hi(a)})`); }
      case 0xba: { const l = simple(a); return ex(`$f64FromU(${l},${hi(a)})`); }
      case 0xbb: return ex(`$promote(${x()})`);
      case 0xbc: return ex(`$f32b(${x()})`);
      case 0xbd: { const xs = x(); return pairStmt((dl, dh) => `${dl}=$f64lo(${xs});${dh}=$W[0];`); }
      case 0xbe: return pushExpr(F32, `$f32v(${x()})`, trap);
      case 0xbf: { const l = simple(a); return ex(`$f64v(${l},${hi(a)})`); }
      case 0xc0: return ex(`(${x()}<<24>>24)`);
      case 0xc1: return ex(`(${x()}<<16>>16)`);
      case 0xc2: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=${l}<<24>>24;${dh}=${dl}>>31;`); }
      case 0xc3: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=${l}<<16>>16;${dh}=${dl}>>31;`); }
      case 0xc4: { const l = simple(a); return pairStmt((dl, dh) => `${dl}=${l};${dh}=${dl}>>31;`); }
      case FC_BASE + 0: case FC_BASE + 2: return ex(`$i32SatS(${x()})`);
      case FC_BASE + 1: case FC_BASE + 3: return ex(`$i32SatU(${x()})`);
      case FC_BASE + 4: case FC_BASE + 6: { const xs = x(); return pairStmt((dl, dh) => `${dl}=$truncSatS(${xs});${dh}=$W[0];`); }
      case FC_BASE + 5: case FC_BASE + 7: { const xs = x(); return pairStmt((dl, dh) => `${dl}=$truncSatU(${xs});${dh}=$W[0];`); }
      default: throw new Error(`jit: unhandled unary op ${op}`);
    }
    void pt;
  };

  // ---- on-stack replacement (jit/tiering.ts osrHook) ----
  // The variant of this function that the interpreter enters at the loop at
  // byte offset osrAt, in the middle of a call: it reads the locals and the
  // operand stack (at the loop head every value is in its home slot,
  // numLocals + height) from the interpreter's frame at `b`, skips what comes
  // before the loop in each enclosing block (`if(!Zo){…}`), takes the branch
  // of each enclosing if that holds the loop, and runs to the function's end.
  // Zo is cleared on entering the loop, so enclosing loops run whole passes
  // from their second on.
  let osrLoads: string | undefined;
  const osrEntry = (): string => {
    for (const f of frames) if (f.bulk || f.counted) throw new Unsupported('osr inside a copy loop');
    for (let j = frames.length - 1; j >= 0; j--) {
      const f = frames[j]!;
      const end = j === frames.length - 1 ? out.length : frames[j + 1]!.open!;
      if (f.kind === 'if') out[f.open!] = `L${f.label}:if(${f.hasElse ? `!Zo&&(${f.cond})` : `Zo||(${f.cond})`}){`;
      if (f.start! < end) {
        out.splice(end, 0, '}');
        out.splice(f.start!, 0, 'if(!Zo){');
      }
    }
    out.push('Zo=0;');
    const nl = ownLocals;
    if (localTypes.includes(V128) || stack.some((en) => en.t === V128)) declare('Vt', 'null');
    const load = (t: ValType, s: string, lo: string, hi: string): string => {
      switch (t) {
        case I32: return `${lo}=$SI[(${s})*2];`;
        case I64: return `${lo}=$SI[(${s})*2];${hi}=$SI[(${s})*2+1];`;
        case F32: return `${lo}=$fv($SI[(${s})*2]);`;
        case F64: return `${lo}=$SF[${s}];`;
        // (the interpreter's frame holds a v128 as its V128 object, in the reference array)
        case V128: {
          // (a float local: its lanes' values from the words)
          const fn = floatLocals.get(Number(lo.slice(1)));
          if (lo.startsWith('l') && fn !== undefined) {
            declare('Vx', '0'); declare('Ve', '0');
            const v = lanesFromWords([0, 1, 2, 3].map((j) => `Vt.w${j}`), fn);
            return `Vt=$SR[${s}];${localLanesOf(Number(lo.slice(1)), fn).map((x, j) => `${x}=${v[j]!};`).join('')}`;
          }
          return `Vt=$SR[${s}];${vwordNames(lo).map((w, j) => `${w}=Vt.w${j};`).join('')}`;
        }
        default: return `${lo}=$SR[${s}];`;
      }
    };
    let text = '';
    for (let i = 0; i < nl; i++) text += load(localTypes[i]!, `b+${i}`, `l${i}`, `h${i}`);
    for (let k = 0; k < stack.length; k++) {
      const t = stack[k]!.t;
      text += load(t, `b+${nl + k}`, slotVar(k, t), t === I64 ? hiVar(k) : '');
    }
    return text;
  };

  // ---- main loop ----
  frames.push({ kind: 'func', label: -1, base: 0, params: [], results: type.results, reachable: true, hasElse: false, start: 0 });
  // The entry poll is only needed if this function can run for long: a leaf
  // without loops always finishes quickly, and a function the module analysis
  // finds quiet (on no cycle of calls, little code: analyses.ts
  // quietFunctions) cannot be part of a long recursion (patched in at the end).
  out.push('\u0001');
  let mayRunLong = false;
  let hasLoop = false;
  /** Counted loops' text (the poll where `\u0002` is) and entry test, by the id in their `\u0003id\u0003` marker. */
  const countedLoops: { passes: string; text: string }[] = [];

  const endFrame = (f: Frame): void => {
    if (f.untrack) for (const [i, n] of f.untrack.reverse()) { if (n === undefined) tracked.delete(i); else tracked.set(i, n); }
    if (f.pollingCall && !f.outer) callInLoop = true;
    if (f.kind === 'loop') out.push(f.bulk ? 'break;}}' : 'break;}');
    else out.push('}');
    if (f.counted) {
      // Kept aside until the function's size is known (see "assemble").
      const id = countedLoops.push({ passes: f.counted.passes, text: out.splice(f.counted.at).join('') }) - 1;
      out.push(`\u0003${id}\u0003`);
    }
    stack.length = f.base;
    for (const t of f.results) pushMat(t);
    reachable = f.reachable;
  };

  // ---- inlining (docs/jit.md, "Inlining") ----
  // A direct call of a small leaf (inlineCandidate) is translated in place:
  //   <args into the callee's locals; its other locals zeroed>
  //   /*i<callee>*/L7:{ <callee body; a return is `results into the call's slots; break L7`> }/*/i*/
  // Its locals are l<n> past this function's own (one range per callee); its
  // operand stack continues this one's, so its slot variables are those the
  // call's results go to. The comments delimit the callee's code for trap
  // stacks: a frame of this function at a position between them gets the
  // callee's frame above it (trap.ts inlinedAt). A leaf is never part of the
  // call-depth count (limits.ts) and a callee without loops polls nothing, so
  // depth, hand-over and interrupts are as with the call.
  const inlineCall = (fi: number, ft: FuncType): boolean => {
    const cand = inlineCandidate(ir, fi, grows, tables);
    if (cand === null || inlinedChars + cand.chars > INLINE_FUNCTION_BUDGET || frames.length + cand.depth + 1 > MAX_NESTING) return false;
    if (nearLimit && !roomFor(cand.chars)) return false;
    inlinedChars += cand.chars;
    const calleeDef = fi - ir.numImportedFuncs, calleeLocals = bodyLocals(ir.bodies, calleeDef);
    let lb = inlineBases.get(fi);
    if (lb === undefined) {
      lb = localTypes.length;
      inlineBases.set(fi, lb);
      localTypes.push(...ft.params, ...calleeLocals);
    }
    const base = stack.length - ft.params.length;
    const args: (Entry & { k: number })[] = [];
    for (let i = 0; i < ft.params.length; i++) args.unshift(pop());
    // (a deferred i64 argument is a statement: evaluated in order with the others)
    if (args.some((en) => en.defer)) for (const en of args) evalInto(en);
    let s = '';
    args.forEach((en, j) => {
      if (en.t === V128) s += vassign(vwordNames(`l${lb + j}`), vwords(en), `l${lb + j}`);
      else s += `l${lb + j}=${val(en)};`;
      if (en.t === I64) s += `h${lb + j}=${hi(en)};`;
    });
    calleeLocals.forEach((t, j) => {
      const n = lb + ft.params.length + j;
      if (t === V128) s += vwordNames(`l${n}`).map((w) => `${w}=0;`).join('');
      else s += `l${n}=${isRef(t) ? 'null' : '0'};`;
      if (t === I64) s += `h${n}=0;`;
    });
    // (everything pending below that a statement would evaluate first is evaluated here, outside the callee's code)
    stmt(s);
    // the call would have made this function poll at entry (afterCall)
    mayRunLong = true;
    const label = labelCount++;
    out.push(`/*i${fi}*/L${label}:{`);
    inlined = { kind: 'func', label, base, params: [], results: ft.results, reachable: true, hasElse: false, inl: { r, localBase } };
    frames.push(inlined);
    r = new Reader(ir.bytes, ir.bodies.codeStart[calleeDef]!, ir.bodies.codeEnd[calleeDef]!);
    localBase = lb;
    return true;
  };
  // A function big enough that inlining could take it past what V8 optimises
  // (`fits`) inlines a callee only while its translation, projected from
  // what it has made of its own body so far, leaves room for it: otherwise it
  // would be translated again without inlining (compile.ts translateSteps),
  // and on a cold engine rocket's largest function took 50–160 ms each time.
  const bodyBytes = codeEnd - codeStart;
  const nearLimit = fits !== undefined && !fits(bodyBytes * MAX_CHARS_PER_BYTE + INLINE_FUNCTION_BUDGET, localTypes.length);
  /** out[0 … summed) holds `summedChars` characters (out only grows, but for counted loops taken out of it). */
  let summed = 0, summedChars = 0;
  const roomFor = (chars: number): boolean => {
    if (out.length < summed) summed = summedChars = 0;
    for (; summed < out.length; summed++) summedChars += out[summed]!.length;
    let chars0 = summedChars;
    for (const l of countedLoops) chars0 += l.text.length;
    const done = (r.pos - codeStart) / bodyBytes;
    if (done <= 0) return false;
    const own = Math.max(0, chars0 - inlinedChars) / done;
    // (declarations: a name and an initialiser per variable)
    const vars = localTypes.length + declared.size;
    return fits!(own * PROJECTION_MARGIN + inlinedChars + chars + vars * 8, vars);
  };
  /** The end of an inlined callee (its results already moved): back to the caller's body. */
  const endInline = (f: Frame): void => {
    out.push('}/*/i*/');
    r = f.inl!.r;
    localBase = f.inl!.localBase;
    inlined = undefined;
    stack.length = f.base;
    for (const t of f.results) pushMat(t);
    // (a call is reached only in reachable code, and the code after it is reachable)
    reachable = true;
  };

  let step = 0;
  while (frames.length > 0) {
    if (++step === STEP_INSTRUCTIONS) {
      step = 0;
      yield;
    }
    if (!reachable) {
      localLanes.clear();
      localNums.clear();
      localConst.clear();
      const op = skipDead();
      const f = frames[frames.length - 1]!;
      if (op === 0x05) {
        out.push('}else{');
        f.hasElse = true;
        f.start = out.length;
        stack.length = f.base;
        for (const t of f.params) pushMat(t);
        reachable = f.reachable;
        continue;
      }
      frames.pop();
      if (f.inl) { endInline(f); continue; }
      if (f.kind === 'func') break;
      endFrame(f);
      continue;
    }
    const op = r.u8();
    // (control flow: the code after it may be reached from elsewhere)
    if (op >= 0x02 && op <= 0x11) {
      if (localLanes.size > 0) localLanes.clear();
      if (localNums.size > 0) localNums.clear();
      if (localConst.size > 0) localConst.clear();
    }
    switch (op) {
      case 0x00: stmt(`$T(${TRAP.unreachable});`); reachable = false; break;
      case 0x01: break;
      case 0x02: case 0x03: case 0x04: {
        // (osrAt is an offset in this function's own body, not an inlined callee's)
        const opAt = r.pos - 1;
        const osrHere = opAt === osrAt && !inlined;
        const bt = blockTypeOf(ir, r.s33());
        let cond = '';
        if (op === 0x04) cond = condOf(pop());
        flush();
        if (osrHere) osrLoads = osrEntry();
        const label = labelCount++;
        const base = stack.length - bt.params.length;
        frames.push({
          kind: op === 0x02 ? 'block' : op === 0x03 ? 'loop' : 'if',
          label, base, params: bt.params, results: bt.results, reachable: true, hasElse: false, open: out.length, cond,
        });
        for (let i = base; i < stack.length; i++) stack[i]!.c = undefined;
        // (a loop's float-read locals: their lanes from their words here, kept by the writes inside)
        const want = op === 0x03 && !inlined ? loopFloats.get(opAt) : undefined;
        if (want) {
          const untrack: [number, number | undefined][] = [];
          let s = '';
          for (const [i, n] of want) {
            if (tracked.get(i) === n) continue;
            untrack.push([i, tracked.get(i)]);
            tracked.set(i, n);
            s += numsFromWords(i, n);
          }
          if (untrack.length) { frames[frames.length - 1]!.untrack = untrack; out.push(s); }
        }
        if (op === 0x02) out.push(`L${label}:{`);
        else if (op === 0x03) {
          const idiom = bt.params.length === 0 && bt.results.length === 0 && !osrHere && !inlined ? matchLoopIdiom(ir.bytes, r, (i) => localTypes[i]) : null;
          const counted = bt.params.length === 0 && bt.results.length === 0 && !idiom && !osrHere && !inlined
            ? matchCountedLoop(ir.bytes, r, (i) => localTypes[i] === I32) : null;
          if (idiom) { out.push(bulkPrefix(idiom)); frames[frames.length - 1]!.bulk = true; }
          if (counted) {
            frames[frames.length - 1]!.counted = { at: out.length, passes: countedPassesCall(counted) };
            out.push(`L${label}:for(;;){\u0002`);
          } else {
            out.push(`L${label}:for(;;){\u000e`);
          }
          mayRunLong = true; hasLoop = true;
          for (let j = frames.length - 2; j >= 0; j--) if (frames[j]!.kind === 'loop') frames[j]!.outer = true;
        }
        else out.push(`L${label}:if(${cond}){`);
        frames[frames.length - 1]!.start = out.length;
        break;
      }
      case 0x05: {
        const f = frames[frames.length - 1]!;
        flush();
        out.push('}else{');
        f.hasElse = true;
        f.start = out.length;
        stack.length = f.base;
        for (const t of f.params) pushMat(t);
        break;
      }
      case 0x0b: {
        const f = frames.pop()!;
        if (f.inl) {
          flush();
          moveResults(f);
          endInline(f);
          break;
        }
        if (f.kind === 'func') {
          emitReturn();
          break;
        }
        flush();
        endFrame(f);
        break;
      }
      case 0x0c: flush(); branchTo(r.u32()); reachable = false; break;
      case 0x0d: {
        const depth = r.u32();
        const c = condOf(pop());
        flush();
        out.push(`if(${c}){`);
        branchTo(depth);
        out.push('}');
        break;
      }
      case 0x0e: {
        const n = r.u32();
        const targets: number[] = [];
        for (let i = 0; i < n; i++) targets.push(r.u32());
        const dflt = r.u32();
        const c = val(pop());
        flush();
        out.push(`switch(${c}){`);
        const byTarget = new Map<number, number[]>();
        targets.forEach((t, i) => {
          if (t === dflt) return;
          const l = byTarget.get(t);
          if (l) l.push(i); else byTarget.set(t, [i]);
        });
        for (const [t, cases] of byTarget) {
          out.push(cases.map((i) => `case ${i}:`).join(''));
          branchTo(t);
        }
        out.push('default:');
        branchTo(dflt);
        out.push('}');
        reachable = false;
        break;
      }
      case 0x0f: emitReturn(); reachable = false; break;
      case 0x10: {
        const fi = r.u32();
        const ft = ir.types[ir.funcs[fi]!]!;
        const base = stack.length - ft.params.length;
        if (inlining && !inlined && inlineCall(fi, ft)) break;
        const args = popArgs(ft.params);
        callInto(`${calleeExpr(fi)}(${args})`, ft.results, base, fi);
        break;
      }
      case 0x11: {
        const ti = r.u32();
        const table = r.u32();
        const ft = ir.types[ti]!;
        // wasm evaluates the arguments before the callee index and its checks.
        const idx = pop();
        const idxExpr = val(idx);
        flush();
        const base = stack.length - ft.params.length;
        const args = popArgs(ft.params);
        // The arguments are plain variables after flush(), so evaluating the
        // callee first does not reorder anything.
        declare('P', '0');
        const sig = `$TY[${ti}]`;
        const targets = switchTargets(ir, tables[table] ?? null, ft);
        if (targets !== null) {
          // A static table (analyses.ts): switch on the slot to direct calls,
          // which V8 can inline, instead of calling a function value through
          // its generic Call builtin. Every other slot (null, another
          // signature, out of range) traps in $ci.
          let sw = `switch(P=${idxExpr}){`;
          for (const [fi, slots] of targets) sw += `${slots.map((x) => `case ${x}:`).join('')}${callStmt(`${calleeExpr(fi)}(${args})`, ft.results, base)}break;`;
          sw += `default:${callStmt(`$ci($tb${table},P,${sig})(${args})`, ft.results, base)}}`;
          stmt(countedCall(sw, -1, targets.keys()));
          for (const t of ft.results) pushMat(t);
          afterCall([...targets.keys()].some((fi) => grows[fi]) ? -1 : targets.keys().next().value!);
          break;
        }
        // Otherwise the fast path inline (V8 does not inline the helper into
        // big functions): an in-range, non-null entry of the right signature
        // that is a JIT function. Everything else, traps included, goes
        // through $ci.
        declare('Q', 'null'); declare('B', 'null');
        callInto(`((P=${idxExpr}>>>0)<(B=$tb${table}.elements).length&&(Q=B[P])!==null&&Q.sig===${sig}&&Q.jit!==undefined`
          + `?Q.jit:$ci($tb${table},P,${sig}))(${args})`, ft.results, base, -1);
        break;
      }
      case 0x1a: {
        const en = pop();
        if (en.trap && en.defer) undefer(en);
        else if (en.trap && en.e !== null) stmt(`${en.e};`);
        break;
      }
      case 0x1b: case 0x1c: {
        if (op === 0x1c) { const n = r.u32(); for (let i = 0; i < n; i++) r.u8(); }
        const c = pop();
        const b = pop();
        const a = pop();
        const ty = a.t;
        if (ty === I64 || ty === V128 || isRef(ty) || a.trap || b.trap) {
          // Evaluate a, b, c in order into slots, then choose.
          evalInto(a);
          evalInto(b);
          declare('T', '0');
          const x = slotVar(a.k, ty), y = slotVar(b.k, ty);
          if (ty === V128) {
            stmt(`T=${selectMask(c)};`);
            const xs = vslot(a.k), ys = vslot(b.k);
            out.push(xs.map((xw, j) => `${xw}=${ys[j]!}^((${xw}^${ys[j]!})&T);`).join(''));
          } else if (ty === I64) {
            // Branch-free, as native's cmov: T is all ones to keep a, zero to take b.
            stmt(`T=${selectMask(c)};`);
            const hx = hiVar(a.k), hy = hiVar(b.k);
            out.push(`${x}=${y}^((${x}^${y})&T);${hx}=${hy}^((${hx}^${hy})&T);`);
          } else {
            stmt(`T=${condOf(c)};`);
            out.push(`if(!T)${x}=${y};`);
          }
          pushMat(ty);
        } else if (ty === I32) {
          // Branch-free: V8 compiles a JS conditional to a branch, which a
          // data-dependent select (a sort's "larger child") mispredicts half
          // the time; native compiles wasm select to cmov.
          const x = simple(a), y = simple(b);
          pushExpr(ty, `(${y}^((${x}^${y})&${selectMask(c)}))`, c.trap);
        } else {
          const x = simple(a), y = simple(b);
          pushExpr(ty, `(${condOf(c)}?${x}:${y})`, c.trap);
        }
        break;
      }
      case 0x20: {
        if (gatherAt(r.pos - 1)) break;
        const i = localBase + r.u32();
        const t = localTypes[i]!;
        const fn = floatLocals.get(i);
        if (fn !== undefined) pushFloatLocal(i, fn);
        else if (t === V128) {
          pushWords(vwordNames(`l${i}`), false);
          if (localLanes.has(i)) stack[stack.length - 1]!.lv = i;
        } else pushExpr(t, `l${i}`, false, t === I64 ? { h: `h${i}` } : undefined);
        break;
      }
      case 0x21: case 0x22: {
        const at = r.pos - 1;
        const i = localBase + r.u32();
        const t = localTypes[i]!;
        const v = pop();
        const fn = floatLocals.get(i);
        // (a constant written to a v128 local: known at its reads until control flow or another write)
        const cw = t === V128 && v.e !== null && !v.fl ? v.w! : undefined;
        if (cw !== undefined && cw.every((w) => LITERAL.test(w))) localConst.set(i, cw);
        else if (localConst.size > 0) localConst.delete(i);
        if (fn !== undefined) {
          // (the result of a float instruction: held lanes; else its words' values, NaNs canonical anyway)
          let from: string[];
          if (v.fl === fn) from = lanesOf(v.k, fn);
          else {
            from = lanesFromWords(vsimple(v), fn);
            declare('Vx', '0'); declare('Ve', '0');
          }
          stmt(localLanesOf(i, fn).map((x, j) => `${x}=${from[j]!};`).join(''), i);
          if (op === 0x22) pushFloatLocal(i, fn);
          break;
        }
        if (t === I64 && v.defer) stmt(v.defer(`l${i}`, `h${i}`), i);
        else if (t === I64) { const l = val(v), h = hi(v); stmt(`l${i}=${l};h${i}=${h};`, i); }
        else if (t === V128) {
          // (float lanes: also kept in the local's lane variables, localLanes)
          const fl = v.fl, from = fl ? lanesOf(v.k, fl) : [];
          // (a load's lanes read as floats: kept as the local's, localNums)
          const nl = v.e === null ? v.nl : undefined;
          // words that are tokens other than this local's go straight in; anything else through the slot's words
          if (v.e !== null && !v.w!.every((w) => SIMPLE.test(w) && !readsWords(w, `l${i}`))) evalInto(v);
          stmt(vassign(vwordNames(`l${i}`), vwords(v), `l${i}`), i);
          if (fl) {
            out.push(localLanesOf(i, fl).map((x, j) => `${x}=${from[j]!};`).join(''));
            localLanes.set(i, fl);
          } else localLanes.delete(i);
          const tn = tracked.get(i);
          if (nl && tn === undefined) {
            const nv = numsOf(v.k, nl);
            out.push(localNumsOf(i, nl).map((x, j) => `${x}=${nv[j]!};`).join(''));
            localNums.set(i, nl);
          } else localNums.delete(i);
          // (a local tracked in a loop: its lanes kept beside the words just written)
          if (tn !== undefined) {
            const nv = fl === tn ? from : nl === tn ? numsOf(v.k, tn) : undefined;
            out.push(nv ? localNumsOf(i, tn).map((x, j) => `${x}=${nv[j]!};`).join('') : numsFromWords(i, tn));
          }
        } else stmt(`l${i}=${val(v)};`, i);
        // (the tee'd value is the local's: a gather may start with it)
        if (op === 0x22 && t === V128) {
          pushWords(vwordNames(`l${i}`), false);
          if (localLanes.has(i)) stack[stack.length - 1]!.lv = i;
        }
        else if (op === 0x22 && !gatherAt(at)) pushExpr(t, `l${i}`, false, t === I64 ? { h: `h${i}` } : undefined);
        break;
      }
      case 0x23: {
        const g = r.u32();
        const t = ir.globals[g]!.type;
        if (t === I32 || t === F64) pushExpr(t, `$g${g}[0]`, false);
        else if (t === I64) pushDeferred((dl, dh) => `${dl}=$g${g}[0];${dh}=$g${g}[1];`, false);
        else if (t === F32) pushExpr(t, `$f32v($g${g}[0])`, false);
        else if (t === V128) pushWords([0, 1, 2, 3].map((j) => `$g${g}.ref.w${j}`), false);
        else pushExpr(t, `$g${g}.ref`, false);
        break;
      }
      case 0x24: {
        const g = r.u32();
        const t = ir.globals[g]!.type;
        const v = pop();
        if (t === I32 || t === F64) stmt(`$g${g}[0]=${val(v)};`);
        else if (t === I64) { const l = val(v), h = hi(v); stmt(`$g${g}[0]=${l};$g${g}[1]=${h};`); }
        else if (t === F32) stmt(`$g${g}[0]=$f32b(${val(v)});`);
        else stmt(`$g${g}.ref=${val(v)};`);
        break;
      }
      case 0x25: {
        const ti = r.u32();
        const i = pop();
        const t = ir.tables[ti]!.elem;
        pushExpr(t, `$tget($tb${ti},${val(i)})`, true);
        break;
      }
      case 0x26: {
        const ti = r.u32();
        const v = pop();
        const i = pop();
        stmt(`$tset($tb${ti},${val(i)},${val(v)});`);
        break;
      }
      case 0x3f: {
        r.u8();
        usesMemory = true;
        pushExpr(I32, '($M.size/65536)', false);
        break;
      }
      case 0x40: {
        r.u8();
        usesMemory = true;
        const n = pop();
        stmt(`${slotVar(n.k, I32)}=$grow($M,${val(n)});dv=$M.dv;`);
        pushMat(I32);
        break;
      }
      case 0x41: {
        const v = r.s32();
        pushExpr(I32, v < 0 ? `(${v})` : String(v), false, { c: v });
        break;
      }
      case 0x42: {
        const [lo, hiw] = r.s64();
        pushExpr(I64, lo < 0 ? `(${lo})` : String(lo), false, { h: hiw < 0 ? `(${hiw})` : String(hiw), c: lo });
        break;
      }
      case 0x43: {
        const v = f32BitsToValue(r.i32le());
        pushExpr(F32, v === v ? numLiteral(v) : poolRef(v), false, v === v ? { q: true } : undefined);
        break;
      }
      case 0x44: {
        const lo = r.i32le(), hiw = r.i32le();
        f64words[0] = lo; f64words[1] = hiw;
        const v = f64buf[0]!;
        pushExpr(F64, v === v ? numLiteral(v) : `$C[${pool.add(lo, hiw)}]`, false);
        break;
      }
      case 0xd0: {
        const t = r.u8();
        pushExpr(t, 'null', false);
        break;
      }
      case 0xd1: {
        const v = pop();
        pushCond(`${val(v)}===null`, v.trap);
        break;
      }
      case 0xd2: {
        const fi = r.u32();
        pushExpr(FUNCREF_T, `$ref(${fi})`, false);
        break;
      }
      case 0xfc: fcOp(r.u32()); break;
      case 0xfd: simdOp(simd, OPS[SIMD_BASE + r.u32()]!); break;
      default: {
        if (op >= 0x28 && op <= 0x35) {
          r.u32();
          load(op, r.u32());
        } else if (op >= 0x36 && op <= 0x3e) {
          r.u32();
          store(op, r.u32());
        } else if (OPS[op]?.imm === 'none') {
          numeric(op);
        } else {
          throw new Unsupported(`opcode 0x${op.toString(16)}`);
        }
      }
    }
  }

  function poolRef(v: number): string {
    f64buf[0] = v;
    return `$C[${pool.add(f64words[0]!, f64words[1]!)}]`;
  }

  function fcOp(sub: number): void {
    if (sub <= 7) {
      numeric(FC_BASE + sub);
      return;
    }
    const three = (): [string, string, string] => {
      const n = pop(), s = pop(), d = pop();
      return [val(d), val(s), val(n)];
    };
    switch (sub) {
      case 8: { // memory.init
        const seg = r.u32(); r.u8();
        usesMemory = true;
        const [d, s, n] = three();
        stmt(`$minit($M,${seg},${d},${s},${n});`);
        break;
      }
      case 9: stmt(`$ddrop(${r.u32()});`); break;
      case 10: {
        r.u8(); r.u8();
        usesMemory = true;
        const [d, s, n] = three();
        stmt(`$mcopy($M,${d},${s},${n});`);
        break;
      }
      case 11: {
        r.u8();
        usesMemory = true;
        const [d, v, n] = three();
        stmt(`$mfill($M,${d},${v},${n});`);
        break;
      }
      case 12: {
        const seg = r.u32(), ti = r.u32();
        const [d, s, n] = three();
        stmt(`$tinit($tb${ti},${seg},${d},${s},${n});`);
        break;
      }
      case 13: stmt(`$edrop(${r.u32()});`); break;
      case 14: {
        const dt = r.u32(), st = r.u32();
        const [d, s, n] = three();
        stmt(`$tcopy($tb${dt},$tb${st},${d},${s},${n});`);
        break;
      }
      case 15: {
        const ti = r.u32();
        const n = pop(), v = pop();
        const vs = val(v), ns = val(n);
        stmt(`${slotVar(v.k, I32)}=$tgrow($tb${ti},${vs},${ns});`);
        pushMat(I32);
        break;
      }
      case 16: {
        const ti = r.u32();
        pushExpr(I32, `$tsize($tb${ti})`, false);
        break;
      }
      case 17: {
        const ti = r.u32();
        const [i, v, n] = three();
        stmt(`$tfill($tb${ti},${i},${v},${n});`);
        break;
      }
      default: throw new Unsupported(`0xfc ${sub}`);
    }
  }

  // ---- assemble ----
  // where this function's frame is counted (depthPrologue)
  const leaf = ir.leaves[funcIndex - ir.numImportedFuncs] === 1;
  const atCalls = !leaf && callSiteCounting(hotSites, hotSiteInLoop);
  const versioned = versionCountedLoops(out.join(''), countedLoops);
  if (versioned.copies > 0) for (const q of ['Qp', 'Qu', 'Qv']) declare(q, '0');
  const params = paramNames(type.params);
  /** The function's source, with its countdown in `Zf` (ZF_SYNC) or in memory. */
  const assemble = (zf: boolean): { code: string; vars: number } => {
    const decls: string[] = [];
    if (osrAt >= 0) {
      if (osrLoads === undefined) throw new Error(`jit: no loop at ${osrAt} in function ${funcIndex}`);
      // the params are variables loaded from the interpreter's frame
      decls.push('Zo=1', ...params.map((p) => `${p}=0`));
    }
    // v128 parameters unpacked into their words
    type.params.forEach((t, i) => {
      // (an OSR variant loads them from the interpreter's frame)
      if (t === V128) decls.push(...vwordNames(`l${i}`).map((w, j) => `${w}=${osrAt >= 0 ? '0' : `p${i}.w${j}`}`));
    });
    for (let i = type.params.length; i < localTypes.length; i++) {
      const t = localTypes[i]!;
      if (t === V128) decls.push(...vwordNames(`l${i}`).map((w) => `${w}=0`));
      else decls.push(`l${i}=${isRef(t) ? 'null' : '0'}`);
      if (t === I64) decls.push(`h${i}=0`);
    }
    for (const [name, init] of declared) decls.push(`${name}=${init}`);
    if (usesMemory) decls.push('A=0', 'dv=$M.dv');
    if (zf) decls.push('Zf=$S.fuel');
    let text = versioned.text.split('\u0000').join(usesMemory ? 'dv=$M.dv;' : '')
      .replace('\u0001', mayRunLong && needsEntryPoll(ir, funcIndex) ? (zf ? POLL_ZF : POLL) : '')
      .split('\u000e').join(zf ? POLL_ZF : POLL)
      .split('\u000f').join(zf ? CHARGE_ZF : CHARGE)
      .split('\u0004').join((leaf || atCalls ? '' : '$S.fsp=Kd;') + (zf ? ZF_SYNC : ''))
      .split('\u0007').join(zf ? ZF_SYNC : '')
      .split('\u0008').join(zf ? ZF_LOAD : '')
      .split('\u0005').join(atCalls ? '$S.fsp=Kd+1;' : '')
      .split('\u0006').join(atCalls ? '$S.fsp=Kd;' : '');
    // (O, the wrapper's variable, below)
    const vars = params.length + decls.length + (hasLoop ? 1 : 0);
    const full = depthPrologue(ir, funcIndex, params, vars - params.length, atCalls);
    // past the JIT's share of the JS stack the interpreter keeps the call ($NO: not entered)
    const prologue = osrAt >= 0 ? full.replace(/return \$DP\[\d+\]\([^)]*\)/, 'return $NO') : full;
    const loads = osrAt >= 0 ? osrLoads! : '';
    let entry = prologue;
    if (hasLoop) {
      // V8 keeps on-stack-replaced (OSR) code for a loop when it deoptimises
      // *outside* the outermost loop around it, and re-enters that code on every
      // later call, deoptimising again each time (docs/jit.md, "OSR deopt
      // loops"). One enclosing loop that runs once puts every deopt point of the
      // body inside it, so such a deopt discards the OSR code and V8 recompiles
      // with the feedback it has gathered since. O is always 0: no back edge runs.
      // The entry's own operations (the depth check, the initial reads of
      // state, OSR's loads) go inside it too (wrapperEntry): a first call runs
      // them before V8 has feedback for them, which can make them deopt points.
      const moved = wrapperEntry(decls, prologue);
      decls.splice(0, decls.length, ...moved.decls, 'O=0');
      entry = '';
      text = `do{${moved.entry}${loads}${text}}while(O);`;
    } else text = loads + text;
    const head = osrAt >= 0 ? 'b' : params.join(',');
    return { code: `function f${funcIndex}(${head}){${entry}${decls.length ? `let ${decls.join(',')};` : ''}${text}}\n`, vars };
  };
  const withZf = assemble(hasLoop && !callInLoop);
  // The countdown in a register makes the text longer (its writes and reads
  // around calls and the helper): a function it would take past what V8
  // optimises keeps it in memory.
  if (withZf.code.includes('Zf=') && fits !== undefined && !fits(withZf.code.length, withZf.vars)) return assemble(false).code;
  return withZf.code;
}
