// Function body validation and lowering, in one pass over the instruction
// bytes: the algorithm of the spec's validation appendix (operand stack with
// an "unknown" type for the polymorphic stack after unreachable/br/return),
// emitting slot code (module.ts, CompiledFunc) as it goes. Stack heights are
// static, so every emitted instruction names its slots directly.
import { Reader } from '../binary/reader.ts';
import { readValType } from '../binary/types.ts';
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64,
  isRef, typeName,
  type CompiledFunc, type FuncType, type ModuleIR, type ValType,
} from '../module.ts';
import { FC_BASE, FC_COUNT, OPS, opName } from '../opcodes.ts';

const UNKNOWN = 0;

interface Ctrl {
  kind: 'block' | 'loop' | 'if' | 'func';
  params: ValType[];
  results: ValType[];
  height: number;
  unreachable: boolean;
  hasElse: boolean;
  /** Slot-code index of the loop head (loops) */
  loopPc: number;
  /** Positions in the code holding forward jump targets to patch at `end`. */
  patches: number[];
  /** Position of the IF's else target (-1 if none). */
  elsePatch: number;
}

export interface FuncContext {
  m: ModuleIR;
  /** Functions that may be named by ref.func (declared outside function bodies). */
  refs: Set<number>;
}

function tname(t: ValType): string {
  return t === UNKNOWN ? 'unknown' : typeName(t);
}

export function validateFunction(ctx: FuncContext, defIndex: number, r: Reader): CompiledFunc {
  const m = ctx.m;
  const funcIndex = m.numImportedFuncs + defIndex;
  const body = m.bodies[defIndex]!;
  const type = m.types[m.funcs[funcIndex]!]!;
  const locals: ValType[] = [...type.params, ...body.locals];
  const numLocals = locals.length;
  const refLocals: number[] = [];
  for (let i = type.params.length; i < numLocals; i++) if (isRef(locals[i]!)) refLocals.push(i);

  const vals: ValType[] = [];
  const ctrls: Ctrl[] = [];
  const code: number[] = [];
  let maxSlots = numLocals;
  let opAt = r.pos;

  const fail = (msg: string): never => r.fail(`function ${funcIndex}: ${msg}`, opAt);

  const push = (t: ValType): void => {
    vals.push(t);
    if (numLocals + vals.length > maxSlots) maxSlots = numLocals + vals.length;
  };
  const popAny = (): ValType => {
    const c = ctrls[ctrls.length - 1]!;
    if (vals.length === c.height) {
      if (c.unreachable) return UNKNOWN;
      return fail('type mismatch: expected a value but the stack is empty');
    }
    return vals.pop()!;
  };
  const pop = (expect: ValType): ValType => {
    const actual = popAny();
    if (actual !== expect && actual !== UNKNOWN && expect !== UNKNOWN) {
      fail(`type mismatch: expected ${tname(expect)} but got ${tname(actual)} on the stack`);
    }
    return actual;
  };
  const popVals = (ts: ValType[]): void => {
    for (let i = ts.length - 1; i >= 0; i--) pop(ts[i]!);
  };
  const pushVals = (ts: ValType[]): void => {
    for (const t of ts) push(t);
  };
  const cur = (): Ctrl => ctrls[ctrls.length - 1]!;
  const live = (): boolean => !cur().unreachable;
  const slot = (h: number): number => numLocals + h;
  const pushCtrl = (kind: Ctrl['kind'], params: ValType[], results: ValType[]): Ctrl => {
    const c: Ctrl = { kind, params, results, height: vals.length, unreachable: false, hasElse: false, loopPc: -1, patches: [], elsePatch: -1 };
    ctrls.push(c);
    pushVals(params);
    return c;
  };
  const popCtrl = (): Ctrl => {
    const c = cur();
    popVals(c.results);
    if (vals.length !== c.height) fail(`type mismatch: ${vals.length - c.height} extra value(s) on the stack at the end of the block`);
    ctrls.pop();
    return c;
  };
  const setUnreachable = (): void => {
    const c = cur();
    vals.length = c.height;
    c.unreachable = true;
  };
  const labelTypes = (c: Ctrl): ValType[] => (c.kind === 'loop' ? c.params : c.results);
  const label = (depth: number): Ctrl => {
    if (depth >= ctrls.length) fail(`unknown label ${depth}`);
    return ctrls[ctrls.length - 1 - depth]!;
  };
  /** Emit a jump target for label c: known for loops, patched later otherwise. */
  const target = (c: Ctrl): number => {
    if (c.kind === 'loop') return c.loopPc;
    c.patches.push(code.length);
    return -1;
  };
  const blockType = (): [ValType[], ValType[]] => {
    const b = r.peek();
    if (b === 0x40) {
      r.pos++;
      return [[], []];
    }
    if (b >= 0x40 && b < 0x80) {
      // a value type (negative single-byte s33)
      return [[], [readValType(r)]];
    }
    const idx = r.s33();
    if (idx < 0) fail('malformed block type');
    const t = m.types[idx];
    if (!t) fail(`unknown type ${idx}`);
    return [t!.params, t!.results];
  };
  const memarg = (info: { align: number }): number => {
    const align = r.u32();
    const offset = r.u32();
    if (m.memories.length === 0) fail('unknown memory 0');
    if (align > info.align) fail(`alignment must not be larger than natural (2^${align} > 2^${info.align})`);
    return offset;
  };
  const needMemory = (): void => {
    if (m.memories.length === 0) fail('unknown memory 0');
  };
  const zeroByte = (): void => {
    const at = r.pos;
    if (r.u8() !== 0) r.fail(`function ${funcIndex}: zero byte expected`, at);
  };
  const table = (x: number): ValType => {
    const t = m.tables[x];
    if (!t) fail(`unknown table ${x}`);
    return t!.elem;
  };
  const elemType = (x: number): ValType => {
    const e = m.elems[x];
    if (!e) fail(`unknown elem segment ${x}`);
    return e!.type;
  };
  const dataIndex = (x: number): void => {
    if (m.dataCount === undefined) fail('data count section required');
    if (x >= m.dataCount!) fail(`unknown data segment ${x}`);
  };
  const funcTypeOf = (x: number): FuncType => {
    const ti = m.funcs[x];
    if (ti === undefined) fail(`unknown function ${x}`);
    return m.types[ti!]!;
  };
  const localType = (x: number): ValType => {
    const t = locals[x];
    if (t === undefined) fail(`unknown local ${x}`);
    return t!;
  };
  const globalType = (x: number) => {
    const g = m.globals[x];
    if (!g) fail(`unknown global ${x}`);
    return g!;
  };
  const emitBranch = (c: Ctrl, n: number, from: number, cond: number): void => {
    const to = slot(c.height);
    if (cond < 0) {
      if (n === 0 || from === to) {
        code.push(0x05);
        code.push(target(c));
      } else {
        code.push(0x0c);
        code.push(target(c), n, from, to);
      }
    } else if (n === 0 || from === to) {
      code.push(0x0d, cond);
      code.push(target(c));
    } else {
      code.push(0x06, cond);
      code.push(target(c), n, from, to);
    }
  };

  pushCtrl('func', [], type.results);

  while (ctrls.length > 0) {
    opAt = r.pos;
    if (r.pos >= r.end) fail('unexpected end of section or function: END opcode expected');
    let op = r.u8();
    if (op === 0xfc) {
      const sub = r.u32();
      if (sub >= FC_COUNT) fail(`illegal opcode 0xfc ${sub}`);
      op = FC_BASE + sub;
    } else if (op === 0xfd) {
      fail('SIMD instructions (0xfd prefix) are not supported by this engine');
    } else if (op >= FC_BASE) {
      fail(`illegal opcode 0x${op.toString(16)}`);
    }
    const info = OPS[op];
    if (!info) fail(`illegal opcode 0x${op.toString(16)}`);
    if (info!.imm === 'none') {
      popVals(info!.params);
      const a = slot(vals.length);
      pushVals(info!.results);
      if (live()) code.push(op, a);
      continue;
    }
    if (info!.imm === 'mem') {
      const offset = memarg(info!);
      popVals(info!.params);
      const a = slot(vals.length);
      pushVals(info!.results);
      if (live()) code.push(op, a, offset | 0);
      continue;
    }
    switch (op) {
      case 0x00: // unreachable
        if (live()) code.push(0x00);
        setUnreachable();
        break;
      case 0x01: // nop
        break;
      case 0x02: { // block
        const [p, res] = blockType();
        popVals(p);
        pushCtrl('block', p, res);
        break;
      }
      case 0x03: { // loop
        const [p, res] = blockType();
        popVals(p);
        const c = pushCtrl('loop', p, res);
        c.loopPc = code.length;
        code.push(0x03);
        break;
      }
      case 0x04: { // if
        const [p, res] = blockType();
        pop(I32);
        const wasLive = live();
        const cond = slot(vals.length);
        popVals(p);
        const c = pushCtrl('if', p, res);
        if (wasLive) {
          code.push(0x04, cond);
          c.elsePatch = code.length;
          code.push(-1);
        }
        break;
      }
      case 0x05: { // else
        const c = cur();
        if (c.kind !== 'if' || c.hasElse) fail('else without matching if');
        const wasLive = live();
        popCtrl();
        ctrls.push(c);
        c.hasElse = true;
        c.unreachable = false;
        if (wasLive) {
          code.push(0x05);
          c.patches.push(code.length);
          code.push(-1);
        }
        if (c.elsePatch >= 0) {
          code[c.elsePatch] = code.length;
          c.elsePatch = -1;
        }
        pushVals(c.params);
        break;
      }
      case 0x0b: { // end
        const c = cur();
        if (c.kind === 'if' && !c.hasElse) {
          // the implicit else passes the params through unchanged
          if (c.params.length !== c.results.length || c.params.some((t, i) => t !== c.results[i])) {
            popCtrl();
            fail('type mismatch: if without else must leave its parameters unchanged');
          }
        }
        popCtrl();
        const endPc = code.length;
        if (c.elsePatch >= 0) code[c.elsePatch] = endPc;
        for (const p of c.patches) code[p] = endPc;
        if (c.kind === 'func') {
          code.push(0x0f, slot(0), c.results.length);
        } else {
          pushVals(c.results);
        }
        break;
      }
      case 0x0c: { // br
        const c = label(r.u32());
        const ts = labelTypes(c);
        popVals(ts);
        if (live()) emitBranch(c, ts.length, slot(vals.length), -1);
        setUnreachable();
        break;
      }
      case 0x0d: { // br_if
        const c = label(r.u32());
        pop(I32);
        const cond = slot(vals.length);
        const ts = labelTypes(c);
        popVals(ts);
        if (live()) emitBranch(c, ts.length, slot(vals.length), cond);
        pushVals(ts);
        break;
      }
      case 0x0e: { // br_table
        const n = r.u32();
        if (n > r.end - r.pos) fail('unexpected end: br_table too long');
        const depths: number[] = [];
        for (let i = 0; i <= n; i++) depths.push(r.u32());
        pop(I32);
        const idxSlot = slot(vals.length);
        const dflt = label(depths[n]!);
        const arity = labelTypes(dflt).length;
        for (let i = 0; i < n; i++) {
          const ts = labelTypes(label(depths[i]!));
          if (ts.length !== arity) fail('type mismatch: br_table targets have different arities');
          const popped: ValType[] = [];
          for (let j = ts.length - 1; j >= 0; j--) popped.push(pop(ts[j]!));
          for (let k = popped.length - 1; k >= 0; k--) vals.push(popped[k]!);
        }
        popVals(labelTypes(dflt));
        if (live()) {
          const from = slot(vals.length);
          code.push(0x0e, idxSlot, arity, from, n);
          for (const d of depths) {
            const c = label(d);
            code.push(target(c));
            code.push(slot(c.height));
          }
        }
        setUnreachable();
        break;
      }
      case 0x0f: { // return
        const ts = ctrls[0]!.results;
        popVals(ts);
        if (live()) code.push(0x0f, slot(vals.length), ts.length);
        setUnreachable();
        break;
      }
      case 0x10: { // call
        const x = r.u32();
        const t = funcTypeOf(x);
        popVals(t.params);
        const base = slot(vals.length);
        pushVals(t.results);
        if (live()) code.push(0x10, x, base);
        break;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tab = r.u32();
        if (table(tab) !== FUNCREF) fail(`call_indirect on table ${tab} of type ${typeName(table(tab))}; type mismatch`);
        const t = m.types[ti];
        if (!t) fail(`unknown type ${ti}`);
        pop(I32);
        popVals(t!.params);
        const base = slot(vals.length);
        pushVals(t!.results);
        if (live()) code.push(0x11, ti, tab, base);
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
        const a = slot(vals.length);
        push(t1 === UNKNOWN ? t2 : t1);
        if (live()) code.push(0x1b, a);
        break;
      }
      case 0x1c: { // select t
        const n = r.u32();
        if (n !== 1) fail('invalid result arity for typed select');
        const t = readValType(r);
        pop(I32);
        pop(t);
        pop(t);
        const a = slot(vals.length);
        push(t);
        if (live()) code.push(isRef(t) ? 0x1c : 0x1b, a);
        break;
      }
      case 0x20: { // local.get
        const x = r.u32();
        const t = localType(x);
        const a = slot(vals.length);
        push(t);
        if (live()) code.push(isRef(t) ? 0x21 : 0x20, a, x);
        break;
      }
      case 0x21: { // local.set
        const x = r.u32();
        const t = localType(x);
        pop(t);
        if (live()) code.push(isRef(t) ? 0x21 : 0x20, x, slot(vals.length));
        break;
      }
      case 0x22: { // local.tee
        const x = r.u32();
        const t = localType(x);
        pop(t);
        push(t);
        if (live()) code.push(isRef(t) ? 0x21 : 0x20, x, slot(vals.length - 1));
        break;
      }
      case 0x23: { // global.get
        const x = r.u32();
        const g = globalType(x);
        const a = slot(vals.length);
        push(g.type);
        if (live()) code.push(isRef(g.type) ? 0x07 : 0x23, a, x);
        break;
      }
      case 0x24: { // global.set
        const x = r.u32();
        const g = globalType(x);
        if (!g.mutable) fail(`global ${x} is immutable`);
        pop(g.type);
        if (live()) code.push(isRef(g.type) ? 0x08 : 0x24, slot(vals.length), x);
        break;
      }
      case 0x25: { // table.get
        const x = r.u32();
        const t = table(x);
        pop(I32);
        const a = slot(vals.length);
        push(t);
        if (live()) code.push(0x25, a, x);
        break;
      }
      case 0x26: { // table.set
        const x = r.u32();
        const t = table(x);
        pop(t);
        pop(I32);
        if (live()) code.push(0x26, slot(vals.length), x);
        break;
      }
      case 0x3f: { // memory.size
        zeroByte();
        needMemory();
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(0x3f, a);
        break;
      }
      case 0x40: { // memory.grow
        zeroByte();
        needMemory();
        pop(I32);
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(0x40, a);
        break;
      }
      case 0x41: {
        const v = r.s32();
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(0x41, a, v);
        break;
      }
      case 0x42: {
        const [lo, hi] = r.s64();
        const a = slot(vals.length);
        push(I64);
        if (live()) code.push(0x42, a, lo, hi);
        break;
      }
      case 0x43: {
        const bits = r.i32le();
        const a = slot(vals.length);
        push(F32);
        if (live()) code.push(0x43, a, bits);
        break;
      }
      case 0x44: {
        const lo = r.i32le();
        const hi = r.i32le();
        const a = slot(vals.length);
        push(F64);
        if (live()) code.push(0x44, a, lo, hi);
        break;
      }
      case 0xd0: { // ref.null
        const at = r.pos;
        const t = r.u8();
        if (t !== FUNCREF && t !== EXTERNREF) r.fail(`function ${funcIndex}: malformed reference type`, at);
        const a = slot(vals.length);
        push(t);
        if (live()) code.push(0xd0, a);
        break;
      }
      case 0xd1: { // ref.is_null
        const t = popAny();
        if (t !== UNKNOWN && !isRef(t)) fail(`type mismatch: ref.is_null expects a reference, got ${tname(t)}`);
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(0xd1, a);
        break;
      }
      case 0xd2: { // ref.func
        const x = r.u32();
        funcTypeOf(x);
        if (!ctx.refs.has(x)) fail(`undeclared function reference ${x}`);
        const a = slot(vals.length);
        push(FUNCREF);
        if (live()) code.push(0xd2, a, x);
        break;
      }
      case FC_BASE + 8: { // memory.init
        const d = r.u32();
        zeroByte();
        needMemory();
        dataIndex(d);
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length), d);
        break;
      }
      case FC_BASE + 9: { // data.drop
        const d = r.u32();
        dataIndex(d);
        if (live()) code.push(op, d);
        break;
      }
      case FC_BASE + 10: { // memory.copy
        zeroByte();
        zeroByte();
        needMemory();
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length));
        break;
      }
      case FC_BASE + 11: { // memory.fill
        zeroByte();
        needMemory();
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length));
        break;
      }
      case FC_BASE + 12: { // table.init elem table
        const e = r.u32();
        const x = r.u32();
        const tt = table(x);
        const et = elemType(e);
        if (tt !== et) fail(`type mismatch: table.init of ${typeName(et)} segment into ${typeName(tt)} table`);
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length), x, e);
        break;
      }
      case FC_BASE + 13: { // elem.drop
        const e = r.u32();
        elemType(e);
        if (live()) code.push(op, e);
        break;
      }
      case FC_BASE + 14: { // table.copy dst src
        const x = r.u32();
        const y = r.u32();
        const tx = table(x);
        const ty = table(y);
        if (tx !== ty) fail(`type mismatch: table.copy between ${typeName(ty)} and ${typeName(tx)} tables`);
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length), x, y);
        break;
      }
      case FC_BASE + 15: { // table.grow
        const x = r.u32();
        const t = table(x);
        pop(I32);
        pop(t);
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(op, a, x);
        break;
      }
      case FC_BASE + 16: { // table.size
        const x = r.u32();
        table(x);
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(op, a, x);
        break;
      }
      case FC_BASE + 17: { // table.fill
        const x = r.u32();
        const t = table(x);
        pop(I32);
        pop(t);
        pop(I32);
        if (live()) code.push(op, slot(vals.length), x);
        break;
      }
      default:
        fail(`unhandled opcode ${opName(op)}`);
    }
  }
  if (r.pos !== r.end) r.fail(`function ${funcIndex}: section size mismatch: operators remaining after the end of the function`, r.pos);
  return { code: Int32Array.from(code), maxSlots, numLocals, refLocals };
}
