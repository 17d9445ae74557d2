// The module IR: what the binary decoder produces (src/runtime/binary) and the
// validator annotates (src/runtime/validate). Engines (interp/, jit/) consume
// it; nothing in here depends on an engine.
//
// Value types use their binary encodings so no mapping is needed anywhere.
import type { FuncNames } from './binary/names.ts';

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
export type ValType = number;

export function isRef(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF;
}

export function typeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case FUNCREF: return 'funcref';
    case EXTERNREF: return 'externref';
    default: return `type 0x${t.toString(16)}`;
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

/** '(param i32 f32) (result i64)', or '' for [] -> []. */
export function signatureToString(t: FuncType): string {
  const p = t.params.length ? `(param ${t.params.map(typeName).join(' ')})` : '';
  const r = t.results.length ? `(result ${t.results.map(typeName).join(' ')})` : '';
  return p && r ? `${p} ${r}` : p || r;
}

export function funcTypeToString(t: FuncType): string {
  const s = signatureToString(t);
  return s ? `(func ${s})` : '(func)';
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  if (a === b) return true;
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false;
  return true;
}

export interface Limits {
  min: number;
  max: number | undefined;
}

export interface TableType {
  elem: ValType; // FUNCREF or EXTERNREF
  limits: Limits;
}

export interface MemoryType {
  limits: Limits;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemoryType }
  | { kind: 'global'; type: GlobalType };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global';

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

/**
 * A constant expression (global initialisers, segment offsets, element items).
 * 2.0 allows exactly one instruction followed by `end`.
 */
export type ConstExpr =
  | { op: 'i32.const'; value: number }
  | { op: 'i64.const'; lo: number; hi: number }
  | { op: 'f32.const'; bits: number }
  | { op: 'f64.const'; lo: number; hi: number }
  | { op: 'v128.const'; words: [number, number, number, number] } // little-endian int32 words
  | { op: 'ref.null'; type: ValType }
  | { op: 'ref.func'; index: number }
  | { op: 'global.get'; index: number };

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface ElemSegment {
  mode: SegmentMode;
  table: number;
  offset: ConstExpr | null;
  type: ValType;
  items: ConstExpr[];
}

export interface DataSegment {
  mode: 'active' | 'passive';
  memory: number;
  offset: ConstExpr | null;
  bytes: Uint8Array;
}

/**
 * The function bodies of the defined functions, as decoded: where each one's
 * instructions lie in the module bytes and its declared locals. Typed arrays
 * indexed by body (defined function index), not an object per body: a module
 * may have thousands of small functions, decoded on a cold engine, where an
 * object (and an array of locals) per body cost more than reading its bytes
 * (docs/performance.md, "Cold start: body records as typed arrays").
 */
export interface Bodies {
  /** How many bodies (the code section's count). */
  count: number;
  /** Per body: offset of its first instruction in the module bytes. */
  codeStart: Int32Array;
  /** Per body: offset just past its final `end`. */
  codeEnd: Int32Array;
  /**
   * Per body, and one more: body i's declared locals (not params), expanded
   * (one entry per local), are localTypes[localsAt[i] .. localsAt[i + 1]).
   */
  localsAt: Int32Array;
  /** Every body's declared locals' types, one after the other (see localsAt; may be longer). */
  localTypes: Uint8Array;
  /**
   * Per body, made when its first function instance is (validate/module.ts
   * compiledOf, the only reader): see CompiledFunc.
   */
  compiled: (CompiledFunc | undefined)[];
}

/** Body `i`'s declared locals (not params), one entry per local, in a new array. */
export function bodyLocals(b: Bodies, i: number): ValType[] {
  return Array.from(b.localTypes.subarray(b.localsAt[i]!, b.localsAt[i + 1]!));
}

/**
 * The lowering's output for one function (validate/lower.ts, run on a body
 * the validator accepted): a flat, resolved instruction stream ("slot code")
 * that the interpreter executes.
 *
 * Every value lives in a numbered *slot* of the frame: slots 0..nparams-1 are
 * the params, then the declared locals, then the operand stack. Because wasm
 * stack heights are static, every instruction names the slots it reads and
 * writes; there is no runtime stack pointer. Encoding (Int32Array), each
 * instruction is `[opcode, ...operands]` as listed in opcodes.ts:
 *  - numeric ops are three-address `[op, dst, a(, b)]`; operands may name a
 *    local directly (local.get emits no code) and `dst` may be a local (a
 *    following local.set is folded into the producing instruction);
 *  - constants `[op, dst, ...bits]`, loads `[op, dst, addr, offset]`, stores
 *    `[op, addr, value, offset]`, plus fused forms (constant operands,
 *    compare-and-branch, add-addressed loads/stores) at the end of opcodes.ts;
 *  - control flow is lowered to jumps with absolute targets (indices into
 *    `code`), with the branch's value moves attached.
 * `maxSlots` is the frame size (params + locals + deepest operand stack).
 */
export interface CompiledFunc {
  code: Int32Array;
  maxSlots: number;
  /** Number of param + declared local slots. */
  numLocals: number;
  /** Indices (>= params) of declared locals of reference type, to set to null on entry. */
  refLocals: number[];
  /**
   * Where the interpreter copied `code` into its code store
   * (interp/codestore.ts), -1 until the first call. Set at creation so every
   * CompiledFunc has one shape (loop() reads it on every call).
   */
  base: number;
  /**
   * The body has no call or call_indirect (reachable or not): it cannot add
   * to the call depth, so the engines let it run one frame past
   * CALL_DEPTH_LIMIT and the JIT skips its depth accounting (limits.ts).
   */
  leaf: boolean;
  /**
   * The loop heads of the slot code, as pairs: index in `code` of a loop's
   * first instruction, byte offset of its `loop` opcode in the module (the
   * place lazy tiering enters JIT code from, jit/osr.ts). Every value on the
   * operand stack is in its home slot there.
   */
  loopHeads: Int32Array;
  /**
   * Until the slot code is made (validate/module.ts: a body is checked when
   * the module is compiled, lowered by validate/lower.ts, which trusts that
   * check, when the interpreter first runs it), `cf.lower()` makes `code`,
   * `maxSlots` and `loopHeads` and sets `lower`, `module` to null;
   * codestore.ts install calls it. One function shared by every body (a
   * closure per body cost a module of thousands of small functions more than
   * checking them: docs/performance.md, "Cold start: many small functions").
   * Null once lowered, and for slot code made by hand.
   */
  lower: ((this: CompiledFunc) => void) | null;
  /** Until lowered: the module whose defined function `defIndex` this is (what `lower` reads). */
  module: ModuleIR | null;
  defIndex: number;
}

export interface CustomSection {
  name: string;
  bytes: Uint8Array;
}

export interface ModuleIR {
  bytes: Uint8Array;
  types: FuncType[];
  imports: Import[];
  /** Type index of every function, imports first. */
  funcs: number[];
  numImportedFuncs: number;
  tables: TableType[]; // imports first
  numImportedTables: number;
  memories: MemoryType[]; // imports first
  numImportedMemories: number;
  globals: GlobalType[]; // imports first
  numImportedGlobals: number;
  globalInits: ConstExpr[]; // defined globals only
  exports: Export[];
  start: number | undefined;
  elems: ElemSegment[];
  datas: DataSegment[];
  dataCount: number | undefined;
  bodies: Bodies; // defined functions only
  /**
   * Per body: 1 if it has no call or call_indirect (CompiledFunc.leaf), set by
   * the validator; one array, not an object per body (a CompiledFunc is made
   * only for a body a function instance is made for: compiledOf).
   */
  leaves: Uint8Array;
  customs: CustomSection[];
  /** Display names for stack traces: the `name` custom section (if well-formed; Rust symbols demangled), else the function's first export name (read and demangled on first use: binary/names.ts). */
  funcNames: FuncNames;
  moduleName?: string;
}
