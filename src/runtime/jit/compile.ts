// A validated module → one JavaScript factory (see docs/jit.md).
//
// The factory source is assembled only from fixed text, numbers and
// identifiers we generate; module-provided names go to side tables
// (trap.ts registerModule), never into the source.

import { F64, I32, I64, F32, type ModuleIR } from '../module.ts';
import { compileSteps, ConstPool, MAX_NESTING, Unsupported } from './codegen.ts';
import { analyseModule, type StaticTable } from './analyses.ts';
export { ConstPool, MAX_NESTING };
import { STATIC_HELPERS } from './runtime.ts';
import { registerModule, sourceURLFor, unregisterModule } from './trap.ts';
import { EngineRefused } from '../engine.ts';

/** Instance-bound values the factory reads from its `ctx` argument. */
export interface FactoryContext {
  M: unknown;
  C: Float64Array;
  TY: readonly number[];
  g: readonly unknown[];
  tb: readonly unknown[];
  imp: readonly unknown[];
  /** Entries for defined functions left to the interpreter, by module index. */
  x: readonly unknown[];
  [helper: string]: unknown;
}

/** Instance helpers (bound per instance in instance.ts), by `$name`. */
export const INSTANCE_HELPERS = [
  'I', 'ci', 'ref', 'grow', 'minit', 'mcopy', 'mfill', 'ddrop', 'bulked',
  'tget', 'tset', 'tinit', 'tcopy', 'tgrow', 'tsize', 'tfill', 'edrop',
  /** Deep entries by module function index: the function run on the interpreter (deepEntry). */
  'DP',
] as const;

/** Debugging switches (tests and profiling scripts only). */
export const jitDebug = {
  statementPerLine: false,
  /** Inline small leaf callees at their call sites (codegen.ts inlineCall); off: every direct call is a call (A/B runs, tests). */
  inline: true,
  /** Translate SIMD with only the short word forms from the start (codegen.ts compactSimd; tests). */
  compactSimd: false,
  /** The factory size past which a module is refused (MAX_SOURCE; tests lower it). */
  maxSource: 256 * 1024 * 1024,
};

/**
 * V8 never optimises a function whose bytecode is longer than this
 * (`--max-optimized-bytecode-size`, 60 KB in Node 20's V8 11.3 and in V8 15).
 * Such a function runs in V8's baseline tiers for good, 2-25x slower than
 * our interpreter runs it (bench/programs/bigfuncs: long straight-line code,
 * a function with hundreds of locals), so it is left to the interpreter.
 */
export const V8_MAX_OPTIMIZED_BYTECODE = 60 * 1024;

/**
 * An upper estimate of the V8 bytecode length of one generated function
 * (`function fN(params){let vars;...}`): measured with --print-bytecode on
 * the benchmark programs and bench/programs/bigfuncs, bytecode is 0.5-1.15x
 * the source length, and up to 1.4x once the function has more than ~120
 * variables (register operands past 127 need V8's wide prefix).
 */
export function estimatedBytecode(fnSource: string): number {
  // (after the call-depth prologue, if any: codegen.ts depthPrologue)
  const head = /^function f\d+\(([^)]*)\)\{(?:const Kd=[^;]*;if\([^)]*\)return [^;]*;(?:\$S\.fsp=Kd\+1;)?)?(?:let ([^;]*);)?/.exec(fnSource);
  const vars = head ? (head[1] ? head[1].split(',').length : 0) + (head[2] ? head[2].split(',').length : 0) : 0;
  return bytecodeOf(fnSource.length, vars);
}

/** estimatedBytecode of `chars` characters of source with `vars` variables. */
function bytecodeOf(chars: number, vars: number): number {
  return chars * (vars > 100 ? 1.4 : 1.15);
}

/** Whether such a function is small enough for V8 to optimise (codegen.ts Fits). */
const fitsV8 = (chars: number, vars: number): boolean => bytecodeOf(chars, vars) <= V8_MAX_OPTIMIZED_BYTECODE;

/** Passes of the code generator over a function (translateSteps: two when inlining has to be undone; tests). */
export const translateStats = { passes: 0 };

export interface JitModule {
  readonly id: number;
  /** Defined functions (module index) left to the interpreter. */
  readonly interpreted: ReadonlySet<number>;
  readonly source: string;
  /** Makes one instance's functions (defined functions only, in order). */
  readonly factory: (ctx: FactoryContext) => ((...args: number[]) => unknown)[];
  readonly constants: Float64Array;
}

// ---- compile cache ------------------------------------------------------------
//
// Modules with the same bytes get the same JitModule, so their instances'
// functions come from the same factory and share V8's feedback and optimised
// code: a game loaded again, or a test run replaying several recordings of it,
// starts at full speed instead of paying the compile and V8's warm-up again
// (docs/jit.md, "Compile cache"). Keyed by length and an FNV-1a hash, checked
// byte for byte; the least recently used entry goes first.

/** Most modules kept, and most wasm bytes in all (whichever limit comes first). */
export const CACHE_ENTRIES = 16;
export const CACHE_BYTES = 32 * 1024 * 1024;
const cache = new Map<string, { bytes: Uint8Array; jm: JitModule }>();
let cachedBytes = 0;
// A JitModule no module and no cache entry holds any more: its function names
// (for trap stacks) can go too.
const forgetNames = new FinalizationRegistry<number>((id) => unregisterModule(id));

function cacheKey(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `${bytes.length}:${h >>> 0}:${jitDebug.statementPerLine ? 1 : 0}:${jitDebug.inline ? 1 : 0}:${jitDebug.compactSimd ? 1 : 0}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The module's JIT translation: from the cache when the same bytes were compiled before. */
export function compileModule(ir: ModuleIR, poll?: () => void): JitModule {
  const key = cacheKey(ir.bytes);
  const hit = cache.get(key);
  if (hit && sameBytes(hit.bytes, ir.bytes)) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.jm;
  }
  const jm = translateModule(ir, poll);
  forgetNames.register(jm, jm.id);
  if (ir.bytes.length <= CACHE_BYTES) {
    if (hit) { cache.delete(key); cachedBytes -= hit.bytes.length; }
    cache.set(key, { bytes: ir.bytes, jm });
    cachedBytes += ir.bytes.length;
    for (const [k, e] of cache) {
      if (cache.size <= CACHE_ENTRIES && cachedBytes <= CACHE_BYTES) break;
      cache.delete(k);
      cachedBytes -= e.bytes.length;
    }
  }
  return jm;
}

/** Empties the compile cache (tests, and measuring a compile from scratch). */
export function clearCompileCache(): void {
  cache.clear();
  cachedBytes = 0;
}

/** How many modules the compile cache holds (tests). */
export function compileCacheSize(): number {
  return cache.size;
}

/**
 * Longest factory source the JIT hands to V8 (characters): past it the whole
 * module is refused (EngineRefused) and runs on the interpreter. V8's strings
 * end at 2^29 - 24 characters; a translation this large would also take V8
 * minutes to parse and compile.
 */
export const MAX_SOURCE = jitDebug.maxSource;

/**
 * The factory's text up to its instance part: `'use strict'`, the static
 * helpers from `rt`, then `return function(ctx){` and the instance's
 * constants, helpers, globals and tables read from `ctx`.
 */
export function factoryHeader(ir: ModuleIR): string[] {
  const parts: string[] = [];
  parts.push("'use strict';");
  for (const k of Object.keys(STATIC_HELPERS)) {
    if (!/^[A-Za-z0-9]+$/.test(k)) throw new Error('jit: bad helper name');
    parts.push(`const $${k}=rt.${k};`);
  }
  parts.push('return function(ctx){');
  // ($CB: the constant pool's bytes, constant swizzle tables: ConstPool.swizzleTable)
  parts.push('const $M=ctx.M,$C=ctx.C,$CB=new Uint8Array($C.buffer),$TY=ctx.TY;');
  for (const h of INSTANCE_HELPERS) parts.push(`const $${h}=ctx.${h};`);
  ir.globals.forEach((g, i) => {
    const t = g.type;
    const field = t === I32 || t === I64 || t === F32 ? '.i' : t === F64 ? '.f' : '';
    parts.push(`const $g${i}=ctx.g[${i}]${field};`);
  });
  ir.tables.forEach((_, i) => parts.push(`const $tb${i}=ctx.tb[${i}];`));
  return parts;
}

/**
 * The translation of one function, or undefined when the interpreter runs it
 * instead (too deeply nested, an instruction the JIT does not translate, too
 * big for V8 to optimise). With `osrAt`, the variant entered in the middle of
 * an interpreted call at the loop at byte offset `osrAt` (codegen.ts osrEntry).
 */
export function translateFunction(
  ir: ModuleIR, funcIndex: number, depth: number, pool: ConstPool, grows: readonly boolean[], tables: readonly (StaticTable | null)[],
  calleeExpr?: (fi: number) => string, osrAt?: number,
): string | undefined {
  const steps = translateSteps(ir, funcIndex, depth, pool, grows, tables, calleeExpr, osrAt);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * translateFunction as a translation that pauses every
 * STEP_INSTRUCTIONS instructions (codegen.ts compileSteps): lazy tiering
 * spreads one function over several turns of its compile budget.
 */
export function* translateSteps(
  ir: ModuleIR, funcIndex: number, depth: number, pool: ConstPool, grows: readonly boolean[], tables: readonly (StaticTable | null)[],
  calleeExpr?: (fi: number) => string, osrAt?: number,
): Generator<void, string | undefined, void> {
  if (depth > MAX_NESTING) return undefined;
  let code: string | undefined;
  try {
    translateStats.passes++;
    // (a function near the limit inlines only what its projected size leaves room for: codegen.ts roomFor)
    code = yield* compileSteps(ir, funcIndex, pool, grows, tables, calleeExpr, osrAt, jitDebug.inline, fitsV8, jitDebug.compactSimd);
    // (inlined callees made it too big after all: without them)
    if (code.includes('/*i') && estimatedBytecode(code) > V8_MAX_OPTIMIZED_BYTECODE) {
      translateStats.passes++;
      code = yield* compileSteps(ir, funcIndex, pool, grows, tables, calleeExpr, osrAt, false, fitsV8, jitDebug.compactSimd);
    }
    // (SIMD written out on words made it too big: the longer forms through their helpers)
    if (code.includes('_3=') && estimatedBytecode(code) > V8_MAX_OPTIMIZED_BYTECODE) {
      translateStats.passes++;
      code = yield* compileSteps(ir, funcIndex, pool, grows, tables, calleeExpr, osrAt, false, fitsV8, true);
    }
  } catch (e) {
    // An instruction the JIT does not translate (SIMD): the interpreter
    // runs this function instead. Anything else is a JIT bug: surface it.
    if (!(e instanceof Unsupported)) throw e;
    return undefined;
  }
  // too big for V8 to optimise: the interpreter is faster
  return estimatedBytecode(code) > V8_MAX_OPTIMIZED_BYTECODE ? undefined : code;
}

/**
 * V8's parser gives up on some shapes (its own stack, its size limits:
 * "Too many variables declared"): not a JIT bug, but code to leave to the
 * interpreter. Any other SyntaxError is a JIT bug.
 */
export function isV8Refusal(e: unknown): e is Error {
  return e instanceof RangeError || (e instanceof SyntaxError && /too (?:many|large|deep)|nested/i.test(e.message));
}

function translateModule(ir: ModuleIR, poll?: () => void): JitModule {
  const names = ir.funcNames;
  const id = registerModule((i) => names.get(i));
  const pool = new ConstPool();
  const parts = factoryHeader(ir);
  for (let i = 0; i < ir.numImportedFuncs; i++) parts.push(`const f${i}=ctx.imp[${i}];`);
  const { grows, tables, depths } = analyseModule(ir);
  const interpreted = new Set<number>();
  const defined: string[] = [];
  for (let i = ir.numImportedFuncs; i < ir.funcs.length; i++) {
    const code = translateFunction(ir, i, depths[i - ir.numImportedFuncs]!, pool, grows, tables);
    poll?.();
    // Per-function fallback: a function left undefined here runs on the
    // interpreter (through ctx.x) while the rest of the module is JIT code
    // (lazy tiering makes the same choice per function: tiering.ts).
    if (code === undefined) {
      interpreted.add(i);
      parts.push(`const f${i}=ctx.x[${i}];`);
    } else {
      parts.push(code);
    }
    defined.push(`f${i}`);
  }
  // The array is built in a closure, so every function is a context slot of
  // the factory, not a register of its frame: a frame of 200,000 registers
  // (200,000 empty functions) overflowed the JS stack on entry.
  parts.push(`return (()=>[${defined.join(',')}])();`);
  parts.push('};');
  let size = 0;
  for (const p of parts) size += p.length + 1;
  if (size > jitDebug.maxSource) {
    unregisterModule(id);
    throw new EngineRefused(`the module is too large for the JIT (${size} characters of JavaScript, at most ${jitDebug.maxSource})`);
  }
  let source = parts.join('\n');
  // Profiling aid: one statement per line, so line-level profiles are readable.
  if (jitDebug.statementPerLine) source = source.replace(/;/g, ';\n');
  source += `\n${sourceURLFor(id, source)}`;
  let factory: JitModule['factory'];
  try {
    const outer = new Function('rt', source) as (rt: Record<string, unknown>) => JitModule['factory'];
    factory = outer(STATIC_HELPERS);
  } catch (e) {
    if (isV8Refusal(e)) {
      unregisterModule(id);
      throw new EngineRefused(`V8 could not compile the JIT's translation (${e.message})`);
    }
    throw e;
  }
  const words = new Int32Array(pool.values);
  const constants = new Float64Array(words.buffer.slice(0));
  return { id, source, factory, constants, interpreted };
}
