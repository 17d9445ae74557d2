// Crossing the JS boundary: ToWebAssemblyValue / ToJSValue of the JS API
// spec, exported-function wrappers, calls into host functions, and the raw
// (bit-exact) value access used by the spec runner.
import { EXTERNREF, F32 as TF32, F64 as TF64, FUNCREF, I32 as TI32, I64 as TI64, V128 as TV128, type FuncType, type ValType } from './module.ts';
import { v128Bytes, v128FromBytes, type V128 } from './simd/ops.ts';
import { FuncInst, FuncKind } from './store.ts';
import { F, F32, I, R, SLOTS, reserveSlots, state } from './interp/stack.ts';
import { run } from './interp/exec.ts';
import { RuntimeError } from './errors.ts';

const wrapperToFunc = new WeakMap<object, FuncInst>();

export function funcOfWrapper(v: unknown): FuncInst | undefined {
  return typeof v === 'function' ? wrapperToFunc.get(v) : undefined;
}

export function toBigInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    try {
      return BigInt.asIntN(64, BigInt(v));
    } catch {
      throw new SyntaxError(`cannot convert ${JSON.stringify(v)} to a BigInt`);
    }
  }
  throw new TypeError(`cannot convert ${typeof v} to i64: a BigInt is required`);
}

/** v128 is not JS-visible (JS API): a signature with it cannot be called from or into JS. */
export function hasV128(t: FuncType): boolean {
  return t.params.includes(TV128) || t.results.includes(TV128);
}

function v128TypeError(): TypeError {
  return new TypeError('v128 values cannot cross the JS boundary');
}

/** ToWebAssemblyValue into slot s. */
export function writeJS(t: ValType, s: number, v: unknown): void {
  switch (t) {
    case TV128:
      throw v128TypeError();
    case TI32:
      I[s << 1] = +(v as number);
      return;
    case TI64: {
      const b = toBigInt64(v);
      I[s << 1] = Number(BigInt.asIntN(32, b));
      I[(s << 1) + 1] = Number(BigInt.asIntN(32, b >> 32n));
      return;
    }
    case TF32:
      F32[s << 1] = +(v as number);
      return;
    case TF64:
      F[s] = +(v as number);
      return;
    case FUNCREF: {
      if (v === null) {
        R[s] = null;
        return;
      }
      const f = funcOfWrapper(v);
      if (!f) throw new TypeError('funcref value must be null or an exported WebAssembly function');
      R[s] = f;
      return;
    }
    case EXTERNREF:
      R[s] = v;
      return;
  }
  throw new TypeError(`cannot pass a value of type 0x${t.toString(16)}`);
}

/** ToJSValue from slot s. */
export function readJS(t: ValType, s: number): unknown {
  switch (t) {
    case TI32: return I[s << 1];
    case TI64: return (BigInt(I[(s << 1) + 1]!) << 32n) | BigInt(I[s << 1]! >>> 0);
    case TF32: return F32[s << 1];
    case TF64: return F[s];
    case FUNCREF: {
      const f = R[s] as FuncInst | null;
      return f === null ? null : wrapperOf(f);
    }
    case TV128: throw v128TypeError();
    default: return R[s];
  }
}

/** Calls any function instance with its arguments in slots fp..; results land in fp... */
export function callAt(f: FuncInst, fp: number): void {
  if (f.kind === FuncKind.Interp) run(f, fp);
  else callHostAt(f, fp);
}

/** Calls a host (JS) or other-engine function from wasm, converting values. */
export function callHostAt(f: FuncInst, fp: number): void {
  if (f.kind === FuncKind.Engine) {
    f.invokeSlots!(fp);
    return;
  }
  if (f.kind === FuncKind.Interp) {
    run(f, fp);
    return;
  }
  const t = f.type;
  const ps = t.params;
  const np = ps.length;
  // The arguments go to the host as the JIT passes them, one by one: gathered in an array,
  // a float NaN's payload depended on the array's elements kind (V8 stores a NaN in an
  // array of doubles as the canonical NaN), which depends on what the host calls before
  // it passed: the interpreter gave 0x7fc00000 for an f32 signalling NaN where the JIT
  // gave 0x7fc00001 (test/jit/jit.test.ts). Past 4 arguments an array whose first
  // element is not a number: one of tagged values, which keeps every NaN as it is.
  let a0: unknown, a1: unknown, a2: unknown, a3: unknown;
  const args: unknown[] | null = np > 4 ? [undefined] : null;
  if (args !== null) for (let i = 0; i < np; i++) args[i] = readJS(ps[i]!, fp + i);
  else if (np > 0) {
    a0 = readJS(ps[0]!, fp);
    if (np > 1) a1 = readJS(ps[1]!, fp + 1);
    if (np > 2) a2 = readJS(ps[2]!, fp + 2);
    if (np > 3) a3 = readJS(ps[3]!, fp + 3);
  }
  const savedTop = state.top;
  if (state.top < fp + Math.max(np, t.results.length)) state.top = fp + Math.max(np, t.results.length);
  let result: unknown;
  try {
    const h = f.host!;
    // (as many arguments as the type has: a host can read arguments.length)
    if (args !== null) result = h(...args);
    else if (np === 0) result = h();
    else if (np === 1) result = h(a0);
    else if (np === 2) result = h(a0, a1);
    else if (np === 3) result = h(a0, a1, a2);
    else result = h(a0, a1, a2, a3);
  } catch (e) {
    state.hostError = e;
    throw e;
  } finally {
    state.top = savedTop;
  }
  const nr = t.results.length;
  if (nr === 0) return;
  if (nr === 1) {
    writeJS(t.results[0]!, fp, result);
    return;
  }
  if (result === null || typeof result !== 'object' || !(Symbol.iterator in result)) {
    throw new TypeError('a host function with several results must return an iterable');
  }
  const values = [...(result as Iterable<unknown>)];
  if (values.length !== nr) throw new TypeError(`host function returned ${values.length} values, expected ${nr}`);
  for (let i = 0; i < nr; i++) writeJS(t.results[i]!, fp + i, values[i]);
}

/** V8's (and others') JS stack overflow, wherever it happened (wasm frames or host code). */
function isStackOverflow(e: unknown): boolean {
  // (no RegExp here: V8 can abort running one with the stack nearly exhausted)
  if (!(e instanceof RangeError)) return false;
  const m = e.message;
  return m.includes('call stack') || m.includes('too much recursion');
}

/**
 * Calls f from outside wasm (JS or a test): `write(type, slot, arg)` puts
 * each argument at the top of the value stack; returns the frame pointer,
 * where the results are left (valid until the next call).
 */
function callFromOutside<A>(f: FuncInst, args: readonly A[], write: (t: ValType, slot: number, v: A) => void): number {
  const t = f.type;
  const fp = state.top;
  const frame = Math.max(t.params.length, t.results.length);
  if (fp + frame + 1 > SLOTS || !reserveSlots(fp + frame)) throw new RuntimeError('call stack exhausted');
  for (let i = 0; i < t.params.length; i++) write(t.params[i]!, fp + i, args[i]!);
  state.top = fp + frame;
  try {
    callAt(f, fp);
  } catch (e) {
    if (isStackOverflow(e)) throw new RuntimeError('call stack exhausted');
    throw e;
  } finally {
    state.top = fp;
  }
  return fp;
}

/** Invokes f from JS with JS values (the exported function behaviour). */
export function invokeJS(f: FuncInst, args: readonly unknown[]): unknown {
  const t = f.type;
  if (hasV128(t)) throw v128TypeError();
  const fp = callFromOutside(f, args, writeJS);
  const nr = t.results.length;
  if (nr === 0) return undefined;
  if (nr === 1) return readJS(t.results[0]!, fp);
  const out: unknown[] = [];
  for (let i = 0; i < nr; i++) out.push(readJS(t.results[i]!, fp + i));
  return out;
}

/** The exported JS function for a function instance (one per instance, cached). */
export function wrapperOf(f: FuncInst): (...args: unknown[]) => unknown {
  if (f.wrapper) return f.wrapper;
  const w = function (...args: unknown[]): unknown {
    return invokeJS(f, args);
  };
  Object.defineProperty(w, 'name', { value: String(f.index) });
  Object.defineProperty(w, 'length', { value: f.type.params.length });
  f.wrapper = w;
  wrapperToFunc.set(w, f);
  return w;
}

export function hostFunc(fn: (...args: unknown[]) => unknown, type: FuncType): FuncInst {
  // (JS API: calling a host function whose signature has a v128 throws a TypeError, without calling it)
  const call = hasV128(type) ? () => { throw v128TypeError(); } : fn;
  return new FuncInst(FuncKind.Host, type, null, -1, null, call);
}

// ---- raw values (bit-exact) ----

export type RawValue =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; bits: number }
  | { type: 'f64'; bits: bigint }
  | { type: 'funcref'; value: ((...args: unknown[]) => unknown) | null }
  | { type: 'externref'; value: unknown }
  | { type: 'v128'; bytes: Uint8Array }; // 16 bytes, little-endian lane order

const RAW_TYPES: Record<string, ValType> = { i32: TI32, i64: TI64, f32: TF32, f64: TF64, funcref: FUNCREF, externref: EXTERNREF, v128: TV128 };

export function writeRaw(t: ValType, s: number, v: RawValue): void {
  if (RAW_TYPES[v.type] !== t) throw new TypeError(`argument type ${v.type} does not match the parameter type`);
  switch (v.type) {
    case 'i32':
      I[s << 1] = v.value;
      return;
    case 'i64':
      I[s << 1] = Number(BigInt.asIntN(32, v.value));
      I[(s << 1) + 1] = Number(BigInt.asIntN(32, v.value >> 32n));
      return;
    case 'f32':
      I[s << 1] = v.bits;
      return;
    case 'f64':
      I[s << 1] = Number(BigInt.asIntN(32, v.bits));
      I[(s << 1) + 1] = Number(BigInt.asIntN(32, v.bits >> 32n));
      return;
    case 'v128':
      R[s] = v128FromBytes(v.bytes);
      return;
    default:
      writeJS(t, s, v.value);
  }
}

export function readRaw(t: ValType, s: number): RawValue {
  switch (t) {
    case TI32: return { type: 'i32', value: I[s << 1]! };
    case TI64: return { type: 'i64', value: (BigInt(I[(s << 1) + 1]!) << 32n) | BigInt(I[s << 1]! >>> 0) };
    case TF32: return { type: 'f32', bits: I[s << 1]! >>> 0 };
    case TF64: return { type: 'f64', bits: (BigInt(I[(s << 1) + 1]! >>> 0) << 32n) | BigInt(I[s << 1]! >>> 0) };
    case FUNCREF: return { type: 'funcref', value: readJS(t, s) as ((...args: unknown[]) => unknown) | null };
    case TV128: return { type: 'v128', bytes: v128Bytes(R[s] as V128) };
    default: return { type: 'externref', value: R[s] };
  }
}

export function invokeRawSlots(f: FuncInst, args: readonly RawValue[]): RawValue[] {
  const t = f.type;
  if (args.length !== t.params.length) throw new TypeError(`expected ${t.params.length} arguments, got ${args.length}`);
  const fp = callFromOutside(f, args, writeRaw);
  const out: RawValue[] = [];
  for (let i = 0; i < t.results.length; i++) out.push(readRaw(t.results[i]!, fp + i));
  return out;
}
