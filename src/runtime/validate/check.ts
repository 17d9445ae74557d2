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
const SINGLE = new Map<number, readonly ValType[]>([I32, I64, F32, F64, V128, FUNCREF, EXTERNREF].map((t) => [t, [t]]));

function tname(t: number): string {
  return t === UNKNOWN ? 'unknown' : typeName(t);
}

/** What checkFunction learns about a valid body. */
export interface Checked {
  /** No call or call_indirect anywhere in the body (CompiledFunc.leaf). */
  leaf: boolean;
}

// One growable operand stack and control stack, reused by every call (a body
// is checked start to end without re-entry).
let vals = new Uint8Array(1024);
let cKind = new Uint8Array(64);
let cHeight = new Int32Array(64);
let cUnreach = new Uint8Array(64);
let cElse = new Uint8Array(64);
let cParams: (readonly ValType[])[] = [];
let cResults: (readonly ValType[])[] = [];

export function checkFunction(ctx: FuncContext, defIndex: number, r: Reader): Checked {
  const m = ctx.m;
  const funcIndex = m.numImportedFuncs + defIndex;
  const body = m.bodies[defIndex]!;
  const type = m.types[m.funcs[funcIndex]!]!;
  const nparams = type.params.length;
  const locals = body.locals;
  const numLocals = nparams + locals.length;
  const hasMemory = m.memories.length > 0;
  let leaf = true;
  let opAt = r.pos;
  let sp = 0; // operand stack height
  let cp = 0; // control stack height

  const fail = (msg: string): never => r.fail(`function ${funcIndex}: ${msg}`, opAt);

  const push = (t: number): void => {
    if (sp === vals.length) {
      const bigger = new Uint8Array(vals.length * 2);
      bigger.set(vals);
      vals = bigger;
    }
    vals[sp++] = t;
  };
  const popAny = (): number => {
    if (sp === cHeight[cp - 1]!) {
      if (cUnreach[cp - 1]) return UNKNOWN;
      return fail('type mismatch: expected a value but the stack is empty');
    }
    return vals[--sp]!;
  };
  const pop = (expect: number): number => {
    if (sp === cHeight[cp - 1]!) {
      if (cUnreach[cp - 1]) return UNKNOWN;
      return fail('type mismatch: expected a value but the stack is empty');
    }
    const actual = vals[--sp]!;
    if (actual !== expect && actual !== UNKNOWN && expect !== UNKNOWN) {
      fail(`type mismatch: expected ${tname(expect)} but got ${tname(actual)} on the stack`);
    }
    return actual;
  };
  const popVals = (ts: readonly ValType[]): void => {
    for (let i = ts.length - 1; i >= 0; i--) pop(ts[i]!);
  };
  const pushVals = (ts: readonly ValType[]): void => {
    for (let i = 0; i < ts.length; i++) push(ts[i]!);
  };
  const pushCtrl = (kind: number, params: readonly ValType[], results: readonly ValType[]): void => {
    if (cp === cKind.length) {
      const n = cp * 2;
      const k = new Uint8Array(n); k.set(cKind); cKind = k;
      const h = new Int32Array(n); h.set(cHeight); cHeight = h;
      const u = new Uint8Array(n); u.set(cUnreach); cUnreach = u;
      const e = new Uint8Array(n); e.set(cElse); cElse = e;
    }
    cKind[cp] = kind;
    cHeight[cp] = sp;
    cUnreach[cp] = 0;
    cElse[cp] = 0;
    cParams[cp] = params;
    cResults[cp] = results;
    cp++;
    pushVals(params);
  };
  /** Checks the innermost frame's results and leaves it (the caller pops cp). */
  const endFrame = (): void => {
    popVals(cResults[cp - 1]!);
    const h = cHeight[cp - 1]!;
    if (sp !== h) fail(`type mismatch: ${sp - h} extra value(s) on the stack at the end of the block`);
  };
  const setUnreachable = (): void => {
    sp = cHeight[cp - 1]!;
    cUnreach[cp - 1] = 1;
  };
  /** The types a branch to label `depth` carries. */
  const labelTypes = (depth: number): readonly ValType[] => {
    if (depth >= cp) fail(`unknown label ${depth}`);
    const i = cp - 1 - depth;
    return cKind[i] === LOOP ? cParams[i]! : cResults[i]!;
  };
  let bParams: readonly ValType[] = EMPTY;
  let bResults: readonly ValType[] = EMPTY;
  const blockType = (): void => {
    const b = r.peek();
    if (b === 0x40) {
      r.pos++;
      bParams = EMPTY;
      bResults = EMPTY;
      return;
    }
    if (b >= 0x40 && b < 0x80) {
      bParams = EMPTY;
      bResults = SINGLE.get(readValType(r))!;
      return;
    }
    const idx = r.s33();
    if (idx < 0) fail('malformed block type');
    const t = m.types[idx];
    if (!t) fail(`unknown type ${idx}`);
    bParams = t!.params;
    bResults = t!.results;
  };
  const memarg = (align: number): void => {
    const a = r.u32();
    r.u32();
    if (!hasMemory) fail('unknown memory 0');
    if (a > align) fail(`alignment must not be larger than natural (2^${a} > 2^${align})`);
  };
  const needMemory = (): void => {
    if (!hasMemory) fail('unknown memory 0');
  };
  const zeroByte = (): void => {
    const at = r.pos;
    if (r.u8() !== 0) r.fail(`function ${funcIndex}: zero byte expected`, at);
  };
  const table = (x: number): number => {
    const t = m.tables[x];
    if (!t) fail(`unknown table ${x}`);
    return t!.elem;
  };
  const elemType = (x: number): number => {
    const e = m.elems[x];
    if (!e) fail(`unknown elem segment ${x}`);
    return e!.type;
  };
  const dataIndex = (x: number): void => {
    if (m.dataCount === undefined) fail('data count section required');
    if (x >= m.dataCount!) fail(`unknown data segment ${x}`);
  };
  const funcTypeOf = (x: number) => {
    const ti = m.funcs[x];
    if (ti === undefined) fail(`unknown function ${x}`);
    return m.types[ti!]!;
  };
  const localType = (x: number): number => {
    if (x >= numLocals) fail(`unknown local ${x}`);
    return x < nparams ? type.params[x]! : locals[x - nparams]!;
  };
  const globalType = (x: number) => {
    const g = m.globals[x];
    if (!g) fail(`unknown global ${x}`);
    return g!;
  };
  const laneIndex = (lanes: number, name: string): void => {
    const at = r.pos;
    const lane = r.u8();
    if (lane >= lanes) r.fail(`invalid lane index ${lane} for ${name} (${lanes} lanes)`, at);
  };

  pushCtrl(FUNC, EMPTY, type.results);
  while (cp > 0) {
    opAt = r.pos;
    if (r.pos >= r.end) fail('unexpected end of section or function: END opcode expected');
    let op = r.u8();
    if (op === 0xfc) {
      const sub = r.u32();
      if (sub >= FC_COUNT) fail(`illegal opcode 0xfc ${sub}`);
      op = FC_BASE + sub;
    } else if (op === 0xfd) {
      const sub = r.u32();
      const info = sub < SIMD_COUNT ? OPS[SIMD_BASE + sub] : undefined;
      if (!info) return fail(`illegal opcode 0xfd ${sub}`);
      switch (info.imm) {
        case 'mem':
          memarg(info.align);
          if (info.results.length) {
            pop(I32);
            push(info.results[0]!);
          } else {
            pop(info.params[1]!);
            pop(I32);
          }
          break;
        case 'memlane':
          memarg(info.align);
          laneIndex(info.lanes, info.name);
          pop(info.params[1]!);
          pop(I32);
          if (info.results.length) push(info.results[0]!);
          break;
        case 'v128':
          r.i32le(); r.i32le(); r.i32le(); r.i32le();
          push(info.results[0]!);
          break;
        case 'shuffle': {
          const at = r.pos;
          for (let j = 0; j < 16; j++) {
            const l = r.u8();
            if (l >= 32) r.fail(`invalid lane index ${l} for i8x16.shuffle (32 lanes)`, at + j);
          }
          pop(info.params[1]!);
          pop(info.params[0]!);
          push(info.results[0]!);
          break;
        }
        default:
          if (info.imm === 'lane') laneIndex(info.lanes, info.name);
          popVals(info.params);
          push(info.results[0]!);
      }
      continue;
    } else if (op >= FC_BASE) {
      fail(`illegal opcode 0x${op.toString(16)}`);
    }
    const info = OPS[op];
    if (!info) return fail(`illegal opcode 0x${op.toString(16)}`);
    if (info.imm === 'none') {
      const ps = info.params;
      if (ps.length === 2) pop(ps[1]!);
      pop(ps[0]!);
      push(info.results[0]!);
      continue;
    }
    if (info.imm === 'mem') {
      memarg(info.align);
      if (info.results.length) {
        pop(I32);
        push(info.results[0]!);
      } else {
        pop(info.params[1]!);
        pop(I32);
      }
      continue;
    }
    switch (op) {
      case 0x00: // unreachable
        setUnreachable();
        break;
      case 0x01: // nop
        break;
      case 0x02: // block
        blockType();
        popVals(bParams);
        pushCtrl(BLOCK, bParams, bResults);
        break;
      case 0x03: // loop
        blockType();
        popVals(bParams);
        pushCtrl(LOOP, bParams, bResults);
        break;
      case 0x04: // if
        blockType();
        pop(I32);
        popVals(bParams);
        pushCtrl(IF, bParams, bResults);
        break;
      case 0x05: { // else
        const c = cp - 1;
        if (cKind[c] !== IF || cElse[c]) fail('else without matching if');
        endFrame();
        cElse[c] = 1;
        cUnreach[c] = 0;
        pushVals(cParams[c]!);
        break;
      }
      case 0x0b: { // end
        const c = cp - 1;
        if (cKind[c] === IF && !cElse[c]) {
          // the implicit else passes the params through unchanged
          const ps = cParams[c]!, rs = cResults[c]!;
          let same = ps.length === rs.length;
          for (let i = 0; same && i < ps.length; i++) same = ps[i] === rs[i];
          if (!same) {
            endFrame();
            fail('type mismatch: if without else must leave its parameters unchanged');
          }
        }
        endFrame();
        const results = cResults[c]!;
        cp--;
        if (cp > 0) pushVals(results);
        break;
      }
      case 0x0c: // br
        popVals(labelTypes(r.u32()));
        setUnreachable();
        break;
      case 0x0d: { // br_if
        const ts = labelTypes(r.u32());
        pop(I32);
        popVals(ts);
        pushVals(ts);
        break;
      }
      case 0x0e: { // br_table
        const n = r.u32();
        if (n > r.end - r.pos) fail('unexpected end: br_table too long');
        const start = r.pos;
        for (let i = 0; i < n; i++) r.u32();
        const dflt = labelTypes(r.u32());
        const after = r.pos;
        pop(I32);
        const arity = dflt.length;
        r.pos = start;
        for (let i = 0; i < n; i++) {
          const ts = labelTypes(r.u32());
          if (ts.length !== arity) fail('type mismatch: br_table targets have different arities');
          // pop and push back what the target takes (an unknown value stays unknown)
          const got: number[] = [];
          for (let j = ts.length - 1; j >= 0; j--) got.push(pop(ts[j]!));
          for (let k = got.length - 1; k >= 0; k--) push(got[k]!);
        }
        r.pos = after;
        popVals(dflt);
        setUnreachable();
        break;
      }
      case 0x0f: // return
        popVals(cResults[0]!);
        setUnreachable();
        break;
      case 0x10: { // call
        const t = funcTypeOf(r.u32());
        leaf = false;
        popVals(t.params);
        pushVals(t.results);
        break;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tab = r.u32();
        leaf = false;
        if (table(tab) !== FUNCREF) fail(`call_indirect on table ${tab} of type ${typeName(table(tab))}; type mismatch`);
        const t = m.types[ti];
        if (!t) fail(`unknown type ${ti}`);
        pop(I32);
        popVals(t!.params);
        pushVals(t!.results);
        break;
      }
      case 0x1a: // drop
        popAny();
        break;
      case 0x1b: { // select
        pop(I32);
        const t1 = popAny();
        const t2 = popAny();
        if (isRef(t1) || isRef(t2)) fail('type mismatch: select without a type needs numeric operands');
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) fail(`type mismatch: select operands ${tname(t2)} and ${tname(t1)}`);
        push(t1 === UNKNOWN ? t2 : t1);
        break;
      }
      case 0x1c: { // select t
        if (r.u32() !== 1) fail('invalid result arity for typed select');
        const t = readValType(r);
        pop(I32);
        pop(t);
        pop(t);
        push(t);
        break;
      }
      case 0x20: // local.get
        push(localType(r.u32()));
        break;
      case 0x21: // local.set
        pop(localType(r.u32()));
        break;
      case 0x22: { // local.tee
        const t = localType(r.u32());
        pop(t);
        push(t);
        break;
      }
      case 0x23: // global.get
        push(globalType(r.u32()).type);
        break;
      case 0x24: { // global.set
        const x = r.u32();
        const g = globalType(x);
        if (!g.mutable) fail(`global ${x} is immutable`);
        pop(g.type);
        break;
      }
      case 0x25: { // table.get
        const t = table(r.u32());
        pop(I32);
        push(t);
        break;
      }
      case 0x26: { // table.set
        const t = table(r.u32());
        pop(t);
        pop(I32);
        break;
      }
      case 0x3f: // memory.size
        zeroByte();
        needMemory();
        push(I32);
        break;
      case 0x40: // memory.grow
        zeroByte();
        needMemory();
        pop(I32);
        push(I32);
        break;
      case 0x41: r.s32(); push(I32); break;
      case 0x42: r.s64(); push(I64); break;
      case 0x43: r.i32le(); push(F32); break;
      case 0x44: r.i32le(); r.i32le(); push(F64); break;
      case 0xd0: { // ref.null
        const at = r.pos;
        const t = r.u8();
        if (t !== FUNCREF && t !== EXTERNREF) r.fail(`function ${funcIndex}: malformed reference type`, at);
        push(t);
        break;
      }
      case 0xd1: { // ref.is_null
        const t = popAny();
        if (t !== UNKNOWN && !isRef(t)) fail(`type mismatch: ref.is_null expects a reference, got ${tname(t)}`);
        push(I32);
        break;
      }
      case 0xd2: { // ref.func
        const x = r.u32();
        funcTypeOf(x);
        if (!ctx.refs.has(x)) fail(`undeclared function reference ${x}`);
        push(FUNCREF);
        break;
      }
      case FC_BASE + 8: { // memory.init
        const d = r.u32();
        zeroByte();
        needMemory();
        dataIndex(d);
        pop(I32); pop(I32); pop(I32);
        break;
      }
      case FC_BASE + 9: // data.drop
        dataIndex(r.u32());
        break;
      case FC_BASE + 10: // memory.copy
        zeroByte();
        zeroByte();
        needMemory();
        pop(I32); pop(I32); pop(I32);
        break;
      case FC_BASE + 11: // memory.fill
        zeroByte();
        needMemory();
        pop(I32); pop(I32); pop(I32);
        break;
      case FC_BASE + 12: { // table.init elem table
        const e = r.u32();
        const x = r.u32();
        const tt = table(x);
        const et = elemType(e);
        if (tt !== et) fail(`type mismatch: table.init of ${typeName(et)} segment into ${typeName(tt)} table`);
        pop(I32); pop(I32); pop(I32);
        break;
      }
      case FC_BASE + 13: // elem.drop
        elemType(r.u32());
        break;
      case FC_BASE + 14: { // table.copy dst src
        const x = r.u32();
        const y = r.u32();
        const tx = table(x), ty = table(y);
        if (tx !== ty) fail(`type mismatch: table.copy from ${typeName(ty)} table to ${typeName(tx)} table`);
        pop(I32); pop(I32); pop(I32);
        break;
      }
      case FC_BASE + 15: { // table.grow
        const t = table(r.u32());
        pop(I32);
        pop(t);
        push(I32);
        break;
      }
      case FC_BASE + 16: // table.size
        table(r.u32());
        push(I32);
        break;
      case FC_BASE + 17: { // table.fill
        const t = table(r.u32());
        pop(I32);
        pop(t);
        pop(I32);
        break;
      }
      default:
        fail(`unhandled opcode ${opName(op)}`);
    }
  }
  if (r.pos !== r.end) r.fail(`function ${funcIndex}: section size mismatch: operators remaining after the end of the function`, r.pos);
  // (drop the block type arrays the control stack still names)
  cParams = [];
  cResults = [];
  return { leaf };
}
