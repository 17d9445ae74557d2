// Differential testing of our engine against the platform's WebAssembly.
//
// generateModule(seed): deterministic random bytes → binaryen's
//   `wasm-opt -ttf` (translate-to-fuzz) → a random valid module using only
//   non-SIMD WebAssembly 2.0 features.
// runTrace(engine, bytes, seed): instantiates it with binaryen's
//   `fuzzing-support` log imports, calls every exported function in export
//   order with deterministic arguments (resetting binaryen's hang limit
//   before each call, so every call terminates), and records what happened:
//   log calls, results, traps, and finally the exported memory's contents.
// firstDifference(a, b): the first event where two traces differ, in words.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { describeError, type Engine } from '../../bench/lib/engines';
import { exportedFunctionSignatures, type FuncSig, type ValType } from './signatures';

export const WASM_OPT = process.env.WASM_OPT ?? 'wasm-opt';

/**
 * Non-SIMD WebAssembly 2.0 features binaryen 108 generates compatibly with
 * the standard. Reference types are left out on purpose: binaryen 108 still
 * models the pre-standard proposal (anyref as a supertype of funcref, typed
 * `(ref func)` locals), and V8 rejects most such modules. SIMD, threads,
 * exception handling, tail calls, GC, memory64 etc. are not WebAssembly 2.0
 * non-SIMD features and stay disabled by `--mvp-features`.
 */
export const FEATURE_FLAGS = ['--mvp-features', '--enable-sign-ext', '--enable-nontrapping-float-to-int', '--enable-bulk-memory', '--enable-multivalue', '--enable-mutable-globals'];
/** The same plus 128-bit SIMD (WebAssembly 2.0 entire): modules for the SIMD seeds. */
export const SIMD_FEATURE_FLAGS = [...FEATURE_FLAGS, '--enable-simd'];

/**
 * Passes run on the generated module. `--denan` wraps every float value in a
 * "NaN → 0" check: which NaN an operation on non-canonical NaNs produces is
 * nondeterministic in WebAssembly (any arithmetic NaN, either sign), and its
 * bits become visible through stores and reinterprets, so without it V8 and a
 * correct engine may legitimately disagree. NaN-bit preservation (loads,
 * stores, reinterpret, abs/neg/copysign) is covered by the spec testsuite.
 * DIFF_DENAN=0 turns it off for exploring. Our two engines promise each other
 * more — bit-identical NaNs (docs/jit.md) — so they are also compared with
 * each other on modules without --denan.
 */
export const DENAN = process.env.DIFF_DENAN !== '0';

/**
 * Where inputs and modules are written; failing ones are kept here. One directory per process: two runs
 * at once (two worktrees, or two test files in worker threads) deleted each other's files by seed name.
 */
export const WORK_DIR = join(tmpdir(), 'wasm-arcade-differential', `${process.pid}-${threadId}`);

export function wasmOptVersion(): string | undefined {
  try {
    return execFileSync(WASM_OPT, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** splitmix64: a small, well-mixed deterministic generator. */
export class Rng {
  private state: bigint;
  constructor(seed: number | bigint) {
    this.state = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x1234567n);
  }
  next64(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  next32(): number {
    return Number(this.next64() >> 32n);
  }
  below(n: number): number {
    return this.next32() % n;
  }
}

export interface Generated {
  readonly seed: number;
  readonly bytes: Uint8Array;
  /** Files on disk: the random input and the module. */
  readonly inputPath: string;
  readonly wasmPath: string;
  /** The wasm-opt passes run after -ttf. */
  readonly passes: readonly string[];
  /** The feature flags it was generated with. */
  readonly features: readonly string[];
}

/** `denan: false` keeps NaN-producing code as generated (for comparing our engines with each other). */
/**
 * Even seeds are also run through binaryen's -O2, which reshapes the random
 * code into what optimised compiler output looks like (selects, br_tables,
 * merged blocks, rewritten loops).
 */
export function generateModule(seed: number, { denan = DENAN, optimize = seed % 2 === 0, simd = false }: { denan?: boolean; optimize?: boolean; simd?: boolean } = {}): Generated {
  mkdirSync(WORK_DIR, { recursive: true });
  const rng = new Rng(seed);
  const input = new Uint8Array(1024 + rng.below(15 * 1024));
  for (let i = 0; i < input.length; i += 4) {
    const v = rng.next32();
    for (let k = 0; k < 4 && i + k < input.length; k++) input[i + k] = (v >>> (8 * k)) & 0xff;
  }
  const inputPath = join(WORK_DIR, `seed-${seed}.bin`);
  const wasmPath = join(WORK_DIR, `seed-${seed}${simd ? '-simd' : ''}${denan ? '' : '-raw'}.wasm`);
  const passes = [...(denan ? ['--denan'] : []), ...(optimize ? ['-O2'] : [])];
  const features = simd ? SIMD_FEATURE_FLAGS : FEATURE_FLAGS;
  writeFileSync(inputPath, input);
  execFileSync(WASM_OPT, ['-ttf', inputPath, '-o', wasmPath, ...features, ...passes], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { seed, bytes: new Uint8Array(readFileSync(wasmPath)), inputPath, wasmPath, passes, features };
}

export function discard(g: Generated): void {
  rmSync(g.inputPath, { force: true });
  rmSync(g.wasmPath, { force: true });
}

/** The command that regenerates a seed's module by hand. */
export function reproduceCommand(g: Generated): string {
  return `${WASM_OPT} -ttf ${g.inputPath} -o ${g.wasmPath} ${[...g.features, ...g.passes].join(' ')}`;
}

// ---------------------------------------------------------------------------
// Arguments

const I32S = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 65535, 65536, 7];
const I64S = [0n, 1n, -1n, 2n, 0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 0x100000000n];
const F32S = [0, -0, 1, -1, 0.5, -1.5, NaN, Infinity, -Infinity, 3.4028234663852886e38, 1.401298464324817e-45, 2147483648, 4294967296];
const F64S = [0, -0, 1, -1, 0.5, -1.5, NaN, Infinity, -Infinity, 1.7976931348623157e308, 5e-324, 2 ** 53, 9223372036854775808, -2147483649];

function makeArg(type: ValType, rng: Rng): unknown {
  const pickRandom = rng.below(3) === 0;
  switch (type) {
    case 'i32':
      return pickRandom ? rng.next32() | 0 : I32S[rng.below(I32S.length)];
    case 'i64':
      return pickRandom ? BigInt.asIntN(64, rng.next64()) : I64S[rng.below(I64S.length)];
    case 'f32':
      return pickRandom ? Math.fround((rng.next32() / 2 ** 32 - 0.5) * 2 ** rng.below(40)) : F32S[rng.below(F32S.length)];
    case 'f64':
      return pickRandom ? (rng.next32() / 2 ** 32 - 0.5) * 2 ** rng.below(80) : F64S[rng.below(F64S.length)];
    default:
      return null; // references (none with the features above) and v128 (none: no SIMD)
  }
}

export function makeArgs(seed: number, exportIndex: number, sig: FuncSig): unknown[] {
  const rng = new Rng(seed * 7919 + exportIndex);
  return sig.params.map((t) => makeArg(t, rng));
}

// ---------------------------------------------------------------------------
// Traps

/**
 * The kinds a trap may be, from its message. V8's wording and the spec test
 * suite's (which our engine uses, in RuntimeError.trap) do not map one to
 * one, so a message names a set of kinds and two traps agree when their sets
 * meet:
 * - V8 says "float unrepresentable in integer range" for every trapping
 *   float→int truncation; the spec says "invalid conversion to integer" for
 *   NaN and "integer overflow" for out-of-range values;
 * - the spec's "integer overflow" is also INT_MIN / -1 (V8: "divide result
 *   unrepresentable");
 * - V8 reports a null table entry and a signature mismatch with one message
 *   (spec: "uninitialized element" / "indirect call type mismatch").
 */
export function trapKinds(e: unknown): string[] {
  // Our engine's RuntimeError carries the spec's text in `trap`.
  const trap = (e as { trap?: unknown } | null)?.trap;
  const msg = typeof trap === 'string' ? trap : e instanceof Error ? e.message : String(e);
  const kinds: [string[], RegExp][] = [
    [['unreachable'], /unreachable/i],
    [['memory out of bounds'], /memory access out of bounds|out of bounds memory access|data segment.*out of bounds|out of bounds.*memory|data segment dropped/i],
    [['integer divide by zero'], /divide by zero|remainder by zero|division by zero/i],
    [['float→int out of range'], /float unrepresentable in integer range|invalid conversion to integer/i],
    [['integer overflow (division)'], /divide result unrepresentable/i],
    [['integer overflow (division)', 'float→int out of range'], /integer overflow/i],
    [['table out of bounds'], /table index is out of bounds|undefined element|out of bounds table access|invalid index into function table|table.*out of bounds|element segment dropped/i],
    [['indirect call mismatch'], /signature mismatch|indirect call type mismatch|uninitialized element|null function/i],
    [['call stack exhausted'], /call stack exhausted|maximum call stack size exceeded|stack overflow/i],
    [['interrupted (timeout)'], /^interrupted/i],
    // a v128 in the signature of an exported function called from JS, or of a JS
    // function called from wasm (binaryen's log-v128): a TypeError (JS API)
    [['v128 at the JS boundary'], /type incompatibility when transforming from\/to JS|v128 values cannot cross the JS boundary/i],
  ];
  for (const [k, re] of kinds) if (re.test(msg)) return k;
  return [`other (${describeError(e)})`];
}

export function trapsAgree(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}

// ---------------------------------------------------------------------------
// Traces

export type Event =
  | { readonly kind: 'instantiate'; readonly trap?: readonly string[]; readonly message?: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly unknown[] }
  | { readonly kind: 'log'; readonly type: string; readonly value: unknown }
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'trap'; readonly trap: readonly string[]; readonly message: string }
  | { readonly kind: 'memory'; readonly size: number; readonly hash: number; readonly firstBytes: string; readonly bytes?: Uint8Array };

export interface Trace {
  /** Set when the module failed to compile on this engine. */
  readonly compileError?: string;
  readonly events: Event[];
}

function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * Wall-clock budget per module for our engines (DIFF_TIMEOUT_MS): past it the
 * engine is asked to interrupt, which shows up as an 'interrupted' trap where
 * native returned. binaryen's hang limit makes every call short natively.
 */
export const TIMEOUT_MS = Number(process.env.DIFF_TIMEOUT_MS ?? 20_000);

export function runTrace(engine: Engine, bytes: Uint8Array, seed: number): Trace {
  const events: Event[] = [];
  let module: unknown;
  try {
    module = engine.compile(bytes);
  } catch (e) {
    return { compileError: describeError(e), events };
  }
  const log = (type: string) => (value: unknown) => void events.push({ kind: 'log', type, value });
  const imports = {
    // (log-v128 is never called: a v128 parameter makes the call a TypeError)
    'fuzzing-support': { 'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64'), 'log-v128': log('v128') },
  };
  let exports: Record<string, unknown>;
  try {
    const deadline = performance.now() + TIMEOUT_MS;
    exports = engine.instantiate(module, imports, { shouldInterrupt: () => performance.now() > deadline }).exports;
    events.push({ kind: 'instantiate' });
  } catch (e) {
    events.push({ kind: 'instantiate', trap: trapKinds(e), message: describeError(e) });
    return { events };
  }
  const sigs = exportedFunctionSignatures(bytes);
  const resetHangLimit = exports.hangLimitInitializer as (() => void) | undefined;
  let index = 0;
  for (const [name, sig] of sigs) {
    index++;
    if (name === 'hangLimitInitializer') continue;
    const fn = exports[name];
    const args = makeArgs(seed, index, sig);
    events.push({ kind: 'call', name, args });
    try {
      if (typeof fn !== 'function') throw new TypeError(`export ${name} is not a function (${typeof fn})`);
      resetHangLimit?.();
      const value: unknown = fn(...args);
      events.push({ kind: 'return', value });
    } catch (e) {
      events.push({ kind: 'trap', trap: trapKinds(e), message: describeError(e) });
    }
  }
  const memory = exports.memory as { buffer?: unknown } | undefined;
  if (memory !== undefined) {
    const buffer = memory.buffer;
    if (buffer instanceof ArrayBuffer) {
      const view = new Uint8Array(buffer);
      const firstBytes = Array.from(view.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
      events.push({ kind: 'memory', size: view.length, hash: fnv1a32(view), firstBytes, bytes: view.slice() });
    } else {
      events.push({ kind: 'memory', size: -1, hash: 0, firstBytes: `exports.memory.buffer is not an ArrayBuffer (${typeof buffer})` });
    }
  }
  return { events };
}

// ---------------------------------------------------------------------------
// Comparison

/** Same wasm value: numbers by Object.is (so 0 ≠ -0) except any NaN equals any NaN; references by null-ness. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'function' || typeof b === 'function') return typeof a === typeof b;
  return a === b;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (typeof v === 'function') return '<funcref>';
  if (typeof v === 'undefined') return '(no result)';
  return String(v);
}

export function formatEvent(e: Event | undefined): string {
  if (!e) return '(nothing more)';
  switch (e.kind) {
    case 'instantiate':
      return e.trap ? `instantiation trapped: ${e.trap.join(' or ')} [${e.message}]` : 'instantiated';
    case 'call':
      return `call ${e.name}(${e.args.map(formatValue).join(', ')})`;
    case 'log':
      return `log-${e.type} ${formatValue(e.value)}${typeof e.value !== (e.type === 'i64' ? 'bigint' : 'number') ? ` (a JS ${typeof e.value})` : ''}`;
    case 'return':
      return `returned ${formatValue(e.value)}${typeof e.value === 'number' || typeof e.value === 'bigint' ? ` (${typeof e.value})` : ''}`;
    case 'trap':
      return `trapped: ${e.trap.join(' or ')} [${e.message}]`;
    case 'memory':
      return `final memory: ${e.size} bytes, fnv1a32 ${e.hash.toString(16)}, starts ${e.firstBytes}`;
  }
}

/**
 * Whether two memories differ, and only in NaN bits: every differing 4-byte
 * word is an f32 NaN in both, or lies in an 8-byte word that is an f64 NaN in
 * both. Which NaN an operation on NaNs returns is not deterministic in
 * WebAssembly (any arithmetic NaN), and V8 picks other payloads than ours;
 * our two engines promise each other the same bits, so they are compared
 * exactly.
 */
export function differOnlyInNaNs(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const x = new DataView(a.buffer, a.byteOffset, a.length), y = new DataView(b.buffer, b.byteOffset, b.length);
  let differ = false;
  for (let i = 0; i + 4 <= a.length; i += 4) {
    if (x.getUint32(i, true) === y.getUint32(i, true)) continue;
    differ = true;
    if (Number.isNaN(x.getFloat32(i, true)) && Number.isNaN(y.getFloat32(i, true))) continue;
    const w = i & ~7;
    if (w + 8 <= a.length && Number.isNaN(x.getFloat64(w, true)) && Number.isNaN(y.getFloat64(w, true))) continue;
    return false;
  }
  return differ;
}

function sameEvent(a: Event | undefined, b: Event | undefined, nanBitsAside: boolean): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'instantiate': {
      const c = b as typeof a;
      return a.trap === undefined || c.trap === undefined ? a.trap === c.trap : trapsAgree(a.trap, c.trap);
    }
    case 'call': {
      const c = b as typeof a;
      return a.name === c.name && sameValue(a.args, c.args);
    }
    case 'log': {
      const c = b as typeof a;
      return a.type === c.type && typeof a.value === typeof c.value && sameValue(a.value, c.value);
    }
    case 'return':
      return sameValue(a.value, (b as typeof a).value);
    case 'trap':
      return trapsAgree(a.trap, (b as typeof a).trap);
    case 'memory': {
      const c = b as typeof a;
      if (a.size !== c.size) return false;
      if (a.hash === c.hash) return true;
      return nanBitsAside && a.bytes !== undefined && c.bytes !== undefined && differOnlyInNaNs(a.bytes, c.bytes);
    }
  }
}

/**
 * The first difference between the reference trace and another, in words;
 * undefined if none. Against native (`refName` 'native') final memories may
 * differ in NaN bits: binaryen's --denan leaves v128 values alone, and which
 * NaN a SIMD float operation returns is nondeterministic (V8 propagates an
 * operand's payload, our engines give the canonical NaN); our engines are held
 * to identical bits between themselves.
 */
export function firstDifference(refName: string, ref: Trace, name: string, got: Trace): string | undefined {
  const nanBitsAside = refName === 'native';
  if (got.compileError !== undefined) return `${name} fails to compile a module ${refName} accepts: ${got.compileError}`;
  const n = Math.max(ref.events.length, got.events.length);
  for (let i = 0; i < n; i++) {
    const a = ref.events[i];
    const b = got.events[i];
    if (sameEvent(a, b, nanBitsAside)) continue;
    let call: Event | undefined;
    for (let j = Math.min(i, ref.events.length - 1); j >= 0; j--) {
      if (ref.events[j].kind === 'call') {
        call = ref.events[j];
        break;
      }
    }
    const width = Math.max(refName.length, name.length);
    return [
      `${call ? `in ${formatEvent(call)}` : 'before any call'}, event #${i}:`,
      `  ${refName.padEnd(width)}: ${formatEvent(a)}`,
      `  ${name.padEnd(width)}: ${formatEvent(b)}`,
    ].join('\n');
  }
  return undefined;
}
