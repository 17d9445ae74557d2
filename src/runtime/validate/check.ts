// Function body validation: the spec's validation algorithm (operand stack
// with an "unknown" type after unreachable/br/return) over the instruction
// bytes, as fast as it can go, and the engine's only statement of a body's
// rules: every type check, index check, immediate check and error message
// about a body is here. `new Module` runs it over every body (a module must
// be rejected whole, at compile time; validate/module.ts). Plain, memory and
// SIMD instructions are checked from their rows in the opcode table
// (opcodes.ts: signature, immediate kind, natural alignment, lane count).
//
// validate/lower.ts lowers a body to slot code only after this accepted it
// (lazily, when the interpreter first needs the code: interp/codestore.ts),
// and trusts it: it reads the same immediates in the same order but checks
// nothing. test/runtime/check.test.ts lowers every body this accepts across
// the bundled programs, games, SIMD kernels, spec modules and mutants.
//
// Shaped for a cold engine (docs/performance.md, "Cold start: validation"):
// a game's module is checked once, in a fresh isolate, so this code runs in
// V8's interpreter and baseline tiers, where every call costs. The hot loop
// keeps its state (byte position, stack height, frame floor) in locals, reads
// short LEB128s (an index of up to 2 bytes; an offset or constant of up to 4,
// which can break no limit) and the plain instructions' signatures (one
// packed integer per opcode: ROW) inline, and pushes and pops the operand
// stack inline; it creates no closures (closures made per call also made
// TurboFan's inlined call targets wrong on every new body: deopts). Anything
// uncommon and any longer immediate goes through the Reader (`R`, positioned
// first) or a helper below, so every error message and offset is the
// Reader's or fail()'s.
import type { Reader } from '../binary/reader.ts';
import { readValType } from '../binary/types.ts';
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, isRef, typeName, type ModuleIR, type ValType } from '../module.ts';
import { FC_BASE, FC_COUNT, OPS, SIMD_BASE, SIMD_COUNT, opName } from '../opcodes.ts';

/** What body validation needs from the module. */
export interface FuncContext {
  m: ModuleIR;
  /** Functions that may be named by ref.func (declared outside function bodies). */
  refs: Set<number>;
}

const UNKNOWN = 0;
const BLOCK = 0, LOOP = 1, IF = 2, FUNC = 3;
const EMPTY: readonly ValType[] = [];
/** Single-result block types, by value type byte (shared, never changed). */
const SINGLE: (readonly ValType[] | undefined)[] = [];
for (const t of [I32, I64, F32, F64, V128, FUNCREF, EXTERNREF]) SINGLE[t] = [t];

// The plain instructions' rows of the opcode table (codes below SIMD_BASE),
// each packed in one small integer (a Smi: one typed-array load, no property
// load, no heap number in V8's interpreter), 0 for any other code:
//   bits 0-2: what to do — TWO (pop P1 before P0), MEM (a memarg first), PUSH (push RES)
//   7-bit fields from bit 3 (P0), 10 (P1), 17 (RES) (value types are 0x6f..0x7f),
//   and from bit 24 the natural alignment (log2) of a memory access.
// Unary i -> r: PUSH; binary a b -> r: TWO|PUSH; load i32 -> r: MEM|PUSH (P0 i32);
// store i32 v -> (): MEM|TWO (P0 i32, P1 v).
const TWO = 1, MEM = 2, PUSH = 4;
const ROW = new Int32Array(SIMD_BASE);
for (let c = 0; c < SIMD_BASE; c++) {
  const info = OPS[c];
  if (!info || (info.imm !== 'none' && info.imm !== 'mem')) continue;
  // (every plain 'none' row has one or two params and one result; every 'mem'
  // row is i32 -> t or i32 t -> (): opcodes.ts)
  const [p0, p1 = 0] = info.params;
  const res = info.results[0];
  ROW[c] = (p1 ? TWO : 0) | (info.imm === 'mem' ? MEM : 0) | (res !== undefined ? PUSH : 0)
    | p0! << 3 | p1 << 10 | (res ?? 0) << 17 | info.align << 24;
}

function tname(t: number): string {
  return t === UNKNOWN ? 'unknown' : typeName(t);
}

// One growable operand stack and control stack, reused by every call (a body
// is checked start to end without re-entry). The hot loop holds `stack` in a
// local and takes it back after anything that may grow it.
let stack: Uint8Array = new Uint8Array(1024);
let cKind = new Uint8Array(64);
let cHeight = new Int32Array(64);
let cUnreach = new Uint8Array(64);
let cElse = new Uint8Array(64);
const cParams: (readonly ValType[])[] = [];
const cResults: (readonly ValType[])[] = [];

// The body being checked, for the helpers and error messages.
const NO_READER = null as unknown as Reader;
let R: Reader = NO_READER;
let FN = 0;
// A block type read by blockType().
let bParams: readonly ValType[] = EMPTY;
let bResults: readonly ValType[] = EMPTY;

function fail(msg: string, at: number): never {
  return R.fail(`function ${FN}: ${msg}`, at);
}
function failEmpty(at: number): never {
  return fail('type mismatch: expected a value but the stack is empty', at);
}
function failType(expect: number, actual: number, at: number): never {
  return fail(`type mismatch: expected ${tname(expect)} but got ${tname(actual)} on the stack`, at);
}
function failExtra(extra: number, at: number): never {
  return fail(`type mismatch: ${extra} extra value(s) on the stack at the end of the block`, at);
}

function growStack(): Uint8Array {
  const bigger = new Uint8Array(stack.length * 2);
  bigger.set(stack);
  stack = bigger;
  return bigger;
}

/** Pops `ts` (last first) in frame cp-1; returns the new height. */
function popTypes(ts: readonly ValType[], sp: number, cp: number, at: number): number {
  const floor = cHeight[cp - 1]!;
  for (let i = ts.length - 1; i >= 0; i--) {
    if (sp > floor) {
      const a = stack[--sp]!;
      if (a !== ts[i]! && a !== UNKNOWN) failType(ts[i]!, a, at);
    } else if (!cUnreach[cp - 1]) {
      failEmpty(at);
    }
  }
  return sp;
}

/** Pops one value of type `t` in frame cp-1; returns the new height. */
function pop1(t: number, sp: number, cp: number, at: number): number {
  if (sp > cHeight[cp - 1]!) {
    const a = stack[--sp]!;
    if (a !== t && a !== UNKNOWN) failType(t, a, at);
  } else if (!cUnreach[cp - 1]) {
    failEmpty(at);
  }
  return sp;
}

/** Pushes `ts`; returns the new height (`stack` may have grown). */
function pushTypes(ts: readonly ValType[], sp: number): number {
  while (sp + ts.length > stack.length) growStack();
  for (let i = 0; i < ts.length; i++) stack[sp++] = ts[i]!;
  return sp;
}

function push1(t: number, sp: number): number {
  if (sp === stack.length) growStack();
  stack[sp] = t;
  return sp + 1;
}

function growCtrl(): void {
  const n = cKind.length * 2;
  const k = new Uint8Array(n); k.set(cKind); cKind = k;
  const h = new Int32Array(n); h.set(cHeight); cHeight = h;
  const u = new Uint8Array(n); u.set(cUnreach); cUnreach = u;
  const e = new Uint8Array(n); e.set(cElse); cElse = e;
}

/** The types a branch to label `depth` carries. */
function labelTypes(depth: number, cp: number, at: number): readonly ValType[] {
  if (depth >= cp) fail(`unknown label ${depth}`, at);
  const i = cp - 1 - depth;
  return cKind[i] === LOOP ? cParams[i]! : cResults[i]!;
}

/** Reads a block type other than 0x40 at R.pos into bParams/bResults. */
function blockType(m: ModuleIR, at: number): void {
  const b = R.peek();
  if (b >= 0x40 && b < 0x80) {
    bParams = EMPTY;
    bResults = SINGLE[readValType(R)]!;
    return;
  }
  const idx = R.s33();
  if (idx < 0) fail('malformed block type', at);
  const t = m.types[idx];
  if (!t) fail(`unknown type ${idx}`, at);
  bParams = t!.params;
  bResults = t!.results;
}

function memarg(align: number, hasMemory: boolean, at: number): void {
  const a = R.u32();
  R.u32();
  if (!hasMemory) fail('unknown memory 0', at);
  if (a > align) fail(`alignment must not be larger than natural (2^${a} > 2^${align})`, at);
}

function zeroByte(): void {
  const at = R.pos;
  if (R.u8() !== 0) fail('zero byte expected', at);
}

function needMemory(m: ModuleIR, at: number): void {
  if (m.memories.length === 0) fail('unknown memory 0', at);
}

function table(m: ModuleIR, x: number, at: number): number {
  const t = m.tables[x];
  if (!t) fail(`unknown table ${x}`, at);
  return t!.elem;
}

function elemType(m: ModuleIR, x: number, at: number): number {
  const e = m.elems[x];
  if (!e) fail(`unknown elem segment ${x}`, at);
  return e!.type;
}

function dataIndex(m: ModuleIR, x: number, at: number): void {
  if (m.dataCount === undefined) fail('data count section required', at);
  if (x >= m.dataCount!) fail(`unknown data segment ${x}`, at);
}

function funcTypeOf(m: ModuleIR, x: number, at: number) {
  const ti = m.funcs[x];
  if (ti === undefined) fail(`unknown function ${x}`, at);
  return m.types[ti!]!;
}

function globalType(m: ModuleIR, x: number, at: number) {
  const g = m.globals[x];
  if (!g) fail(`unknown global ${x}`, at);
  return g!;
}

function laneIndex(lanes: number, name: string): void {
  const at = R.pos;
  const lane = R.u8();
  if (lane >= lanes) R.fail(`invalid lane index ${lane} for ${name} (${lanes} lanes)`, at);
}

/**
 * The 0xFD (SIMD) instruction after its prefix byte at R.pos, in frame cp-1
 * over height sp; returns the new height.
 */
function simd(m: ModuleIR, sp: number, cp: number, at: number): number {
  const sub = R.u32();
  const info = sub < SIMD_COUNT ? OPS[SIMD_BASE + sub] : undefined;
  if (!info) return fail(`illegal opcode 0xfd ${sub}`, at);
  const hasMemory = m.memories.length > 0;
  switch (info.imm) {
    case 'mem':
      memarg(info.align, hasMemory, at);
      if (info.results.length) {
        sp = pop1(I32, sp, cp, at);
        return push1(info.results[0]!, sp);
      }
      sp = pop1(info.params[1]!, sp, cp, at);
      return pop1(I32, sp, cp, at);
    case 'memlane':
      memarg(info.align, hasMemory, at);
      laneIndex(info.lanes, info.name);
      sp = pop1(info.params[1]!, sp, cp, at);
      sp = pop1(I32, sp, cp, at);
      return info.results.length ? push1(info.results[0]!, sp) : sp;
    case 'v128':
      R.i32le(); R.i32le(); R.i32le(); R.i32le();
      return push1(info.results[0]!, sp);
    case 'shuffle': {
      const start = R.pos;
      for (let j = 0; j < 16; j++) {
        const l = R.u8();
        if (l >= 32) R.fail(`invalid lane index ${l} for i8x16.shuffle (32 lanes)`, start + j);
      }
      sp = pop1(info.params[1]!, sp, cp, at);
      sp = pop1(info.params[0]!, sp, cp, at);
      return push1(info.results[0]!, sp);
    }
    default:
      if (info.imm === 'lane') laneIndex(info.lanes, info.name);
      sp = popTypes(info.params, sp, cp, at);
      return push1(info.results[0]!, sp);
  }
}

/**
 * br_table, its immediates at R.pos, in frame cp-1 over height sp; returns the
 * new height. The targets are read twice, as the rules' order of errors needs
 * (a malformed target, then the default label, then the operand, then each
 * target), one- and two-byte labels inline: a table may have thousands.
 */
function brTable(sp: number, cp: number, at: number): number {
  const bytes = R.bytes;
  const end = R.end;
  const n = R.u32();
  if (n > end - R.pos) fail('unexpected end: br_table too long', at);
  const start = R.pos;
  let pos = start;
  for (let i = 0; i < n; i++) {
    if (pos < end && bytes[pos]! < 0x80) pos++;
    else if (pos + 1 < end && bytes[pos + 1]! < 0x80) pos += 2;
    else { R.pos = pos; R.u32(); pos = R.pos; }
  }
  R.pos = pos;
  const dflt = labelTypes(R.u32(), cp, at);
  const after = R.pos;
  sp = pop1(I32, sp, cp, at);
  const arity = dflt.length;
  const floor = cHeight[cp - 1]!;
  pos = start;
  for (let i = 0; i < n; i++) {
    let x = bytes[pos]!;
    if (x < 0x80) pos++;
    else if (bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
    else { R.pos = pos; x = R.u32(); pos = R.pos; }
    const ts = labelTypes(x, cp, at);
    if (ts.length !== arity) fail('type mismatch: br_table targets have different arities', at);
    if (arity === 0) continue;
    // pop and push back what the target takes (an unknown value stays unknown)
    const got: number[] = [];
    for (let j = ts.length - 1; j >= 0; j--) {
      let a = UNKNOWN;
      if (sp > floor) {
        a = stack[--sp]!;
        if (a !== ts[j]! && a !== UNKNOWN) failType(ts[j]!, a, at);
      } else if (!cUnreach[cp - 1]) {
        failEmpty(at);
      }
      got.push(a);
    }
    for (let k = got.length - 1; k >= 0; k--) sp = push1(got[k]!, sp);
  }
  R.pos = after;
  popTypes(dflt, sp, cp, at);
  cUnreach[cp - 1] = 1;
  return floor;
}

/**
 * The uncommon instructions (tables, references, bulk memory, typed select,
 * memory.size/grow, call_indirect), immediates at R.pos, in frame
 * cp-1 over height sp; returns the new height.
 */
function uncommon(ctx: FuncContext, code: number, sp: number, cp: number, at: number): number {
  const m = ctx.m;
  switch (code) {
    case 0x11: { // call_indirect
      const ti = R.u32();
      const tab = R.u32();
      if (table(m, tab, at) !== FUNCREF) fail(`call_indirect on table ${tab} of type ${typeName(table(m, tab, at))}; type mismatch`, at);
      const t = m.types[ti];
      if (!t) fail(`unknown type ${ti}`, at);
      sp = pop1(I32, sp, cp, at);
      sp = popTypes(t!.params, sp, cp, at);
      return pushTypes(t!.results, sp);
    }
    case 0x1c: { // select t
      if (R.u32() !== 1) fail('invalid result arity for typed select', at);
      const t = readValType(R);
      sp = pop1(I32, sp, cp, at);
      sp = pop1(t, sp, cp, at);
      sp = pop1(t, sp, cp, at);
      return push1(t, sp);
    }
    case 0x25: { // table.get
      const t = table(m, R.u32(), at);
      sp = pop1(I32, sp, cp, at);
      return push1(t, sp);
    }
    case 0x26: { // table.set
      const t = table(m, R.u32(), at);
      sp = pop1(t, sp, cp, at);
      return pop1(I32, sp, cp, at);
    }
    case 0x3f: // memory.size
      zeroByte();
      needMemory(m, at);
      return push1(I32, sp);
    case 0x40: // memory.grow
      zeroByte();
      needMemory(m, at);
      sp = pop1(I32, sp, cp, at);
      return push1(I32, sp);
    case 0xd0: { // ref.null
      const tAt = R.pos;
      const t = R.u8();
      if (t !== FUNCREF && t !== EXTERNREF) fail('malformed reference type', tAt);
      return push1(t, sp);
    }
    case 0xd1: { // ref.is_null
      let t = UNKNOWN;
      if (sp > cHeight[cp - 1]!) t = stack[--sp]!;
      else if (!cUnreach[cp - 1]) failEmpty(at);
      if (t !== UNKNOWN && !isRef(t)) fail(`type mismatch: ref.is_null expects a reference, got ${tname(t)}`, at);
      return push1(I32, sp);
    }
    case 0xd2: { // ref.func
      const x = R.u32();
      funcTypeOf(m, x, at);
      if (!ctx.refs.has(x)) fail(`undeclared function reference ${x}`, at);
      return push1(FUNCREF, sp);
    }
    case FC_BASE + 8: { // memory.init
      const d = R.u32();
      zeroByte();
      needMemory(m, at);
      dataIndex(m, d, at);
      return popTypes(I32x3, sp, cp, at);
    }
    case FC_BASE + 9: // data.drop
      dataIndex(m, R.u32(), at);
      return sp;
    case FC_BASE + 10: // memory.copy
      zeroByte();
      zeroByte();
      needMemory(m, at);
      return popTypes(I32x3, sp, cp, at);
    case FC_BASE + 11: // memory.fill
      zeroByte();
      needMemory(m, at);
      return popTypes(I32x3, sp, cp, at);
    case FC_BASE + 12: { // table.init elem table
      const e = R.u32();
      const x = R.u32();
      const tt = table(m, x, at);
      const et = elemType(m, e, at);
      if (tt !== et) fail(`type mismatch: table.init of ${typeName(et)} segment into ${typeName(tt)} table`, at);
      return popTypes(I32x3, sp, cp, at);
    }
    case FC_BASE + 13: // elem.drop
      elemType(m, R.u32(), at);
      return sp;
    case FC_BASE + 14: { // table.copy dst src
      const x = R.u32();
      const y = R.u32();
      const tx = table(m, x, at), ty = table(m, y, at);
      if (tx !== ty) fail(`type mismatch: table.copy from ${typeName(ty)} table to ${typeName(tx)} table`, at);
      return popTypes(I32x3, sp, cp, at);
    }
    case FC_BASE + 15: { // table.grow
      const t = table(m, R.u32(), at);
      sp = pop1(I32, sp, cp, at);
      sp = pop1(t, sp, cp, at);
      return push1(I32, sp);
    }
    case FC_BASE + 16: // table.size
      table(m, R.u32(), at);
      return push1(I32, sp);
    case FC_BASE + 17: { // table.fill
      const t = table(m, R.u32(), at);
      sp = pop1(I32, sp, cp, at);
      sp = pop1(t, sp, cp, at);
      return pop1(I32, sp, cp, at);
    }
    default:
      return fail(`unhandled opcode ${opName(code)}`, at);
  }
}
const I32x3: readonly ValType[] = [I32, I32, I32];

/** Bytes of code checked between two polls (checkFunctions): well under a millisecond on a cold engine. */
export const POLL_BYTES = 4096;

/**
 * Checks every body of the module, in order, read by `r` (moved to each in
 * turn); throws a CompileError naming the function, the rule and the offset
 * at the first fault. Returns, per body, 1 if it is a leaf: no call or
 * call_indirect anywhere in it (CompiledFunc.leaf). `poll` is called after
 * a body once POLL_BYTES of code have been checked since the last call, and
 * after the last body (validate/module.ts).
 *
 * One call for all bodies, not one per body, and no allocation per body: a
 * module of thousands of small functions paid a call (a large frame to set
 * up on V8's interpreter and baseline tiers), the control stack's first
 * frame and its clearing per body, and a game session's poll (a clock read)
 * per body (docs/performance.md, "Cold start: body records as typed arrays").
 */
export function checkFunctions(ctx: FuncContext, r: Reader, poll?: () => void): Uint8Array {
  const m = ctx.m;
  const { count, codeStart, codeEnd, localsAt, localTypes } = m.bodies;
  const leaves = new Uint8Array(count);
  const hasMemory = m.memories.length > 0;
  const bytes = r.bytes;
  const types = m.types, funcs = m.funcs, imported = m.numImportedFuncs;
  R = r;
  let deepest = 1; // control frames used by any body (cParams, cResults: cleared at the end)
  let polled = count > 0 ? codeStart[0]! : 0; // where the code checked since the last poll starts
  for (let defIndex = 0; defIndex < count; defIndex++) {
    const funcIndex = imported + defIndex;
    const type = types[funcs[funcIndex]!]!;
    const params = type.params;
    const nparams = params.length;
    // the body's declared locals: localTypes[localBase + x] for local x >= nparams
    const firstLocal = localsAt[defIndex]!;
    const numLocals = nparams + localsAt[defIndex + 1]! - firstLocal;
    const localBase = firstLocal - nparams;
    FN = funcIndex;
    const end = r.end = codeEnd[defIndex]!;
    let pos = codeStart[defIndex]!;
    let vals = stack;
    let cap = vals.length;
    let leaf = true;
    let opAt = pos;
    let sp = 0; // operand stack height
    let cp = 0; // control stack height
    let floor = 0; // cHeight[cp - 1]: the innermost frame's stack height
    let x = 0; // an immediate
    let q = 0; // the last byte of a LEB128 being skipped
    let ts = EMPTY; // a branch target's types

    // the function's frame: control depth 0, over stack height 0
    cKind[0] = FUNC;
    cHeight[0] = 0;
    cUnreach[0] = 0;
    cElse[0] = 0;
    cParams[0] = EMPTY;
    cResults[0] = type.results;
    cp = 1;
    while (cp > 0) {
      opAt = pos;
      if (pos >= end) fail('unexpected end of section or function: END opcode expected', opAt);
      let code = bytes[pos++]!;
      if (code >= FC_BASE) {
        if (code === 0xfc) {
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          if (x >= FC_COUNT) fail(`illegal opcode 0xfc ${x}`, opAt);
          code = FC_BASE + x;
          if (!OPS[code]) fail(`illegal opcode 0x${code.toString(16)}`, opAt);
        } else if (code === 0xfd) {
          r.pos = pos;
          sp = simd(m, sp, cp, opAt);
          pos = r.pos;
          cap = (vals = stack).length;
          continue;
        } else {
          fail(`illegal opcode 0x${code.toString(16)}`, opAt);
        }
      }
      const row = ROW[code]!;
      if (row !== 0) {
        if (row & MEM) {
          // memarg: alignment, offset
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          q = pos;
          while (q < end && bytes[q]! >= 0x80 && q - pos < 3) q++;
          if (q < end && bytes[q]! < 0x80) pos = q + 1;
          else { r.pos = pos; r.u32(); pos = r.pos; }
          if (!hasMemory) fail('unknown memory 0', opAt);
          if (x > row >> 24) fail(`alignment must not be larger than natural (2^${x} > 2^${row >> 24})`, opAt);
        }
        // pop the second operand (binary; a store's value), then the first, push the result
        let t = 0;
        if (row & TWO) {
          t = row >> 10 & 0x7f;
          if (sp > floor) {
            const a = vals[--sp]!;
            if (a !== t && a !== UNKNOWN) failType(t, a, opAt);
          } else if (!cUnreach[cp - 1]) failEmpty(opAt);
        }
        t = row >> 3 & 0x7f;
        if (sp > floor) {
          const a = vals[--sp]!;
          if (a !== t && a !== UNKNOWN) failType(t, a, opAt);
        } else if (!cUnreach[cp - 1]) failEmpty(opAt);
        if (row & PUSH) {
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = row >> 17 & 0x7f;
        }
        continue;
      }
      switch (code) {
        case 0x20: // local.get
        case 0x21: // local.set
        case 0x22: { // local.tee
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          if (x >= numLocals) fail(`unknown local ${x}`, opAt);
          const t = x < nparams ? params[x]! : localTypes[localBase + x]!;
          if (code !== 0x20) {
            if (sp > floor) {
              const a = vals[--sp]!;
              if (a !== t && a !== UNKNOWN) failType(t, a, opAt);
            } else if (!cUnreach[cp - 1]) failEmpty(opAt);
            if (code === 0x21) break;
          }
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = t;
          break;
        }
        case 0x41: // i32.const
        case 0x42: // i64.const
          q = pos;
          while (q < end && bytes[q]! >= 0x80 && q - pos < 3) q++;
          if (q < end && bytes[q]! < 0x80) pos = q + 1;
          else if (code === 0x41) { r.pos = pos; r.s32(); pos = r.pos; }
          else { r.pos = pos; r.s64(); pos = r.pos; }
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = code === 0x41 ? I32 : I64;
          break;
        case 0x43: // f32.const
        case 0x44: { // f64.const
          const n = code === 0x43 ? 4 : 8;
          if (pos + n > end) { r.pos = pos; r.i32le(); r.i32le(); }
          pos += n;
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = code === 0x43 ? F32 : F64;
          break;
        }
        case 0x23: { // global.get
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          const t = globalType(m, x, opAt).type;
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = t;
          break;
        }
        case 0x24: { // global.set
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          const g = globalType(m, x, opAt);
          if (!g.mutable) fail(`global ${x} is immutable`, opAt);
          const t = g.type;
          if (sp > floor) {
            const a = vals[--sp]!;
            if (a !== t && a !== UNKNOWN) failType(t, a, opAt);
          } else if (!cUnreach[cp - 1]) failEmpty(opAt);
          break;
        }
        case 0x00: // unreachable
          sp = floor;
          cUnreach[cp - 1] = 1;
          break;
        case 0x01: // nop
          break;
        case 0x02: // block
        case 0x03: // loop
        case 0x04: { // if
          let bp = EMPTY, br = EMPTY;
          if (pos < end && bytes[pos] === 0x40) pos++;
          else {
            r.pos = pos;
            blockType(m, opAt);
            pos = r.pos;
            bp = bParams;
            br = bResults;
          }
          if (code === 0x04) {
            if (sp > floor) {
              const a = vals[--sp]!;
              if (a !== I32 && a !== UNKNOWN) failType(I32, a, opAt);
            } else if (!cUnreach[cp - 1]) failEmpty(opAt);
          }
          if (bp.length) sp = popTypes(bp, sp, cp, opAt);
          if (cp === cKind.length) growCtrl();
          cKind[cp] = code === 0x02 ? BLOCK : code === 0x03 ? LOOP : IF;
          cHeight[cp] = sp;
          cUnreach[cp] = 0;
          cElse[cp] = 0;
          cParams[cp] = bp;
          cResults[cp] = br;
          cp++;
          if (cp > deepest) deepest = cp;
          floor = sp;
          if (bp.length) {
            sp = pushTypes(bp, sp);
            cap = (vals = stack).length;
          }
          break;
        }
        case 0x05: { // else
          const c = cp - 1;
          if (cKind[c] !== IF || cElse[c]) fail('else without matching if', opAt);
          const rs = cResults[c]!;
          if (rs.length) sp = popTypes(rs, sp, cp, opAt);
          if (sp !== floor) failExtra(sp - floor, opAt);
          cElse[c] = 1;
          cUnreach[c] = 0;
          const ps = cParams[c]!;
          if (ps.length) {
            sp = pushTypes(ps, sp);
            cap = (vals = stack).length;
          }
          break;
        }
        case 0x0b: { // end
          const c = cp - 1;
          const rs = cResults[c]!;
          if (cKind[c] === IF && !cElse[c]) {
            // the implicit else passes the params through unchanged
            const ps = cParams[c]!;
            let same = ps.length === rs.length;
            for (let i = 0; same && i < ps.length; i++) same = ps[i] === rs[i];
            if (!same) {
              sp = popTypes(rs, sp, cp, opAt);
              if (sp !== floor) failExtra(sp - floor, opAt);
              fail('type mismatch: if without else must leave its parameters unchanged', opAt);
            }
          }
          if (rs.length) sp = popTypes(rs, sp, cp, opAt);
          if (sp !== floor) failExtra(sp - floor, opAt);
          cp--;
          if (cp > 0) {
            floor = cHeight[cp - 1]!;
            if (rs.length) {
              sp = pushTypes(rs, sp);
              cap = (vals = stack).length;
            }
          }
          break;
        }
        case 0x0c: // br
        case 0x0d: { // br_if
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          if (x >= cp) fail(`unknown label ${x}`, opAt);
          x = cp - 1 - x;
          ts = cKind[x] === LOOP ? cParams[x]! : cResults[x]!;
          if (code === 0x0c) {
            if (ts.length) popTypes(ts, sp, cp, opAt);
            sp = floor;
            cUnreach[cp - 1] = 1;
            break;
          }
          if (sp > floor) {
            const a = vals[--sp]!;
            if (a !== I32 && a !== UNKNOWN) failType(I32, a, opAt);
          } else if (!cUnreach[cp - 1]) failEmpty(opAt);
          if (ts.length) {
            sp = popTypes(ts, sp, cp, opAt);
            sp = pushTypes(ts, sp);
            cap = (vals = stack).length;
          }
          break;
        }
        case 0x0f: // return
          if (cResults[0]!.length) popTypes(cResults[0]!, sp, cp, opAt);
          sp = floor;
          cUnreach[cp - 1] = 1;
          break;
        case 0x10: { // call
          if (pos < end && (x = bytes[pos]!) < 0x80) pos++;
          else if (pos + 1 < end && bytes[pos + 1]! < 0x80) { x = (x & 0x7f) | (bytes[pos + 1]! << 7); pos += 2; }
          else { r.pos = pos; x = r.u32(); pos = r.pos; }
          const t = funcTypeOf(m, x, opAt);
          leaf = false;
          if (t.params.length) sp = popTypes(t.params, sp, cp, opAt);
          if (t.results.length) {
            sp = pushTypes(t.results, sp);
            cap = (vals = stack).length;
          }
          break;
        }
        case 0x1a: // drop
          if (sp > floor) sp--;
          else if (!cUnreach[cp - 1]) failEmpty(opAt);
          break;
        case 0x1b: { // select
          if (sp > floor) {
            const a = vals[--sp]!;
            if (a !== I32 && a !== UNKNOWN) failType(I32, a, opAt);
          } else if (!cUnreach[cp - 1]) failEmpty(opAt);
          let t1 = UNKNOWN, t2 = UNKNOWN;
          if (sp > floor) t1 = vals[--sp]!;
          else if (!cUnreach[cp - 1]) failEmpty(opAt);
          if (sp > floor) t2 = vals[--sp]!;
          else if (!cUnreach[cp - 1]) failEmpty(opAt);
          if (isRef(t1) || isRef(t2)) fail('type mismatch: select without a type needs numeric operands', opAt);
          if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) fail(`type mismatch: select operands ${tname(t2)} and ${tname(t1)}`, opAt);
          if (sp === cap) cap = (vals = growStack()).length;
          vals[sp++] = t1 === UNKNOWN ? t2 : t1;
          break;
        }
        case 0x0e: // br_table
          r.pos = pos;
          sp = brTable(sp, cp, opAt);
          pos = r.pos;
          cap = (vals = stack).length;
          break;
        default:
          if (!OPS[code]) fail(`illegal opcode 0x${code.toString(16)}`, opAt);
          if (code === 0x11) leaf = false; // call_indirect
          r.pos = pos;
          sp = uncommon(ctx, code, sp, cp, opAt);
          pos = r.pos;
          cap = (vals = stack).length;
      }
    }
    r.pos = pos;
    if (pos !== end) r.fail(`function ${funcIndex}: section size mismatch: operators remaining after the end of the function`, pos);
    if (leaf) leaves[defIndex] = 1;
    if (poll !== undefined && (end - polled >= POLL_BYTES || defIndex === count - 1)) {
      polled = end;
      poll();
    }
  }
  // (drop the block type arrays the control stack still names, and the module's
  // bytes; not by setting the arrays' length to 0: then the next module's
  // first frame would allocate their storage again)
  for (let i = 0; i < deepest; i++) {
    cParams[i] = EMPTY;
    cResults[i] = EMPTY;
  }
  R = NO_READER;
  return leaves;
}
