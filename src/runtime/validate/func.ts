// Function body validation and lowering, in one pass over the instruction
// bytes: the algorithm of the spec's validation appendix (operand stack with
// an "unknown" type for the polymorphic stack after unreachable/br/return),
// emitting slot code (module.ts, CompiledFunc) as it goes. Stack heights are
// static, so every emitted instruction names its slots directly.
import { Reader } from '../binary/reader.ts';
import { readValType } from '../binary/types.ts';
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64, V128,
  isRef, typeName,
  type CompiledFunc, type FuncType, type ModuleIR, type ValType,
} from '../module.ts';
import { matchLoopIdiom } from '../loop-idiom.ts';
import { lowerSimd, type SimdLowering } from './simd.ts';
import { BULK_LOOP, MULI_ADD64, ROTL_MULI64, ADDJI_BASE, ADDJ_BASE, ADDJ_RUN, I64_ADD_EXTU, LD8_OR_RUN, ADD_SHL, F32_ADD_MUL_LD, XOR_MULI64, LD8_XOR_MULI64, LOAD_SCALED, LD8_OR_SHL64, F32_ADD_MUL, F64_ADD_ADD, F64_ADD_MUL, F64_MUL_ADD, F64_SQ_SUB, F64_SUB_MUL, SWAPPED_CMP, FC_BASE, FC_COUNT, SIMD_BASE, SIMD_COUNT, FIMM_BASE, OR_SHL64, FLOAT_IMM_OPS, FUSED_LOADS, FUSED_STORES, LOAD_ADD, LOAD_ADDI, STORE_ADD, STORE_ADDI, I32_IMM_OPS, I64_IMM_OPS, IMM64_BASE, IMM_BASE, JCMPI_BASE, JCMP_BASE, NEGATED_CMP, OPS, opName } from '../opcodes.ts';

const UNKNOWN = 0;

/** An i32 comparison taken out of the slot code to fuse into a jump (takeCompare). */
interface FusedCompare {
  /** The comparison, op - 0x46 (eq 0 … ge_u 9), or -1 for i32.eqz. */
  k: number;
  a: number;
  /** The second operand: a slot, or the constant itself when `imm`. */
  b: number;
  imm: boolean;
  /** The i32.add of a constant that computed `a`, taken out too: the fused op still writes dst = src + imm. */
  add?: { dst: number; src: number; imm: number };
}

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

/** Types whose values live in the value stack's reference array (R): references, and v128 (interp/simd.ts). */
function inR(t: ValType): boolean {
  return isRef(t) || t === V128;
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
  /**
   * Where each stack value currently lives: its home slot (numLocals + depth)
   * or, after a lazy local.get, the local's slot. Values below the innermost
   * control frame are always at home (flushAll at every block boundary).
   */
  const locs: number[] = [];
  // Every value below this index is in its home slot: flushAll and
  // flushLocal start here, so a long stack costs them nothing per call
  // (N constants then N calls was quadratic).
  let lowAway = 0;
  /** Location of the value last popped (-1 if it came from the polymorphic stack). */
  let popped = -1;
  /** code.length right after emitting an op whose result went to the home slot `lastDst`. */
  let lastEnd = -1;
  let lastDst = -1;
  /** The same for the op produced before that one (prevEnd === lastDst - 1 when adjacent). */
  let prevEnd = -1;
  let prevDst = -1;
  let prev2End = -1;
  let prev2Dst = -1;
  /** Start and end of the last ADDJ ge_u / ADDJ_RUN emitted by br_if (-1 after a label). */
  let jrunAt = -1;
  let jrunEnd = -1;
  const ctrls: Ctrl[] = [];
  const code: number[] = [];
  let maxSlots = numLocals;
  // No call or call_indirect anywhere in the body (CompiledFunc.leaf).
  let leaf = true;
  let opAt = r.pos;
  const loopHeads: number[] = [];

  const fail = (msg: string): never => r.fail(`function ${funcIndex}: ${msg}`, opAt);

  const push = (t: ValType): void => {
    vals.push(t);
    locs.push(numLocals + vals.length - 1);
    if (numLocals + vals.length > maxSlots) maxSlots = numLocals + vals.length;
  };
  const pushAt = (t: ValType, loc: number): void => {
    push(t);
    locs[locs.length - 1] = loc;
    if (locs.length - 1 < lowAway) lowAway = locs.length - 1;
  };
  const popAny = (): ValType => {
    const c = ctrls[ctrls.length - 1]!;
    if (vals.length === c.height) {
      if (c.unreachable) {
        popped = -1;
        return UNKNOWN;
      }
      return fail('type mismatch: expected a value but the stack is empty');
    }
    popped = locs.pop()!;
    return vals.pop()!;
  };
  /** Emits the moves that bring every lazily-referenced value home. */
  const flushAll = (): void => {
    for (let i = lowAway; i < vals.length; i++) {
      const home = numLocals + i;
      if (locs[i] !== home) {
        if (live()) code.push(inR(vals[i]!) ? 0x21 : 0x20, home, locs[i]!);
        locs[i] = home;
      }
    }
    lowAway = vals.length;
  };
  /** Brings home the values that still refer to local x (before x changes). */
  const flushLocal = (x: number): void => {
    for (let i = lowAway; i < vals.length; i++) {
      if (locs[i] === x) {
        const home = numLocals + i;
        if (live()) code.push(inR(vals[i]!) ? 0x21 : 0x20, home, x);
        locs[i] = home;
      }
    }
  };
  /**
   * Whether the moves flushAll() would emit now (home slot ← local, for every
   * value still read lazily from a local) may run before an op that reads the
   * slots `reads` and writes the slots `writes` instead of after it: no moved
   * local is written by the op, and no home slot written by a move is one the
   * op reads or writes. A fused op is emitted after the flush that follows it
   * in the source (if: the operands' compare and i32.add are taken out, the
   * block's flush emitted, then the jump that does their work), so whatever
   * it writes must not be read lazily below it.
   */
  const flushCommutes = (reads: readonly number[], writes: readonly number[]): boolean => {
    for (let i = 0; i < vals.length; i++) {
      const l = locs[i]!, home = numLocals + i;
      if (l !== home && (writes.includes(l) || reads.includes(home) || writes.includes(home))) return false;
    }
    return true;
  };
  /**
   * If the value at `loc` was computed by the i32 comparison emitted last,
   * removes that instruction and returns it (FusedCompare); otherwise null.
   * When the comparison's first operand (after swapping the operands if
   * needed) was computed by an i32.add of a constant emitted just before it,
   * that add is removed too and returned as `add`. `flushFollows`: the
   * caller emits flushAll()'s moves before the fused op, so only ops that
   * commute with them (flushCommutes) are taken.
   */
  const takeCompare = (loc: number, flushFollows: boolean): FusedCompare | null => {
    const cop = lastOpInto(loc);
    if (cop < 0) return null;
    const at = lastDst - 1;
    if (cop === IMM_BASE + 10) {
      // the condition is an i32.add of a constant (a count down, written to a local or not):
      // its result compared with 0 by ne; the fused op still writes it
      if (flushFollows && !flushCommutes([code[at + 2]!], [loc])) return null;
      const res: FusedCompare = { k: 1, a: loc, b: 0, imm: true, add: { dst: loc, src: code[at + 2]!, imm: code[at + 3]! } };
      unproduce();
      lastEnd = -1;
      prevEnd = -1;
      prev2End = -1;
      return res;
    }
    if (loc < numLocals) return null;
    let res: FusedCompare | null = null;
    if (cop >= 0x46 && cop <= 0x4f) res = { k: cop - 0x46, a: code[at + 2]!, b: code[at + 3]!, imm: false };
    else if (cop >= IMM_BASE && cop < IMM_BASE + 10) res = { k: cop - IMM_BASE, a: code[at + 2]!, b: code[at + 3]!, imm: true };
    else if (cop === 0x45) res = { k: -1, a: code[at + 2]!, b: 0, imm: false };
    if (res && flushFollows && !flushCommutes(res.imm || res.k < 0 ? [res.a] : [res.a, res.b], [loc])) res = null;
    if (res) {
      code.length = at;
      lastEnd = -1;
      if (res.k >= 0 && prevEnd === at && code[prevDst - 1] === IMM_BASE + 10) {
        const d = code[prevDst]!;
        if (res.a !== d && !res.imm && res.b === d) res = { k: SWAPPED_CMP[res.k]!, a: d, b: res.a, imm: false };
        // (the add stays where it is when a flush after it reads what it writes, or writes what it reads)
        if (res.a === d && (!flushFollows || flushCommutes([code[prevDst + 1]!], [d]))) {
          res.add = { dst: d, src: code[prevDst + 1]!, imm: code[prevDst + 2]! };
          code.length = prevDst - 1;
        }
      }
      prevEnd = -1;
      prev2End = -1;
    }
    return res;
  };
  /**
   * If the address at `loc` was computed by the i32.add emitted last, removes
   * it and returns [a, b or imm, isImm, j] for the fused memory op of index j.
   */
  const takeAdd = (loc: number, j: number): [number, number, boolean, number] | null => {
    if (j < 0 || loc < numLocals) return null;
    const aop = lastOpInto(loc);
    const at = lastDst - 1;
    if (aop !== 0x6a && aop !== IMM_BASE + 10) return null;
    const res: [number, number, boolean, number] = [code[at + 2]!, code[at + 3]!, aop !== 0x6a, j];
    unproduce();
    return res;
  };
  /** Records that the op just emitted wrote the stack top's home slot at code[pos]. */
  const produced = (pos: number): void => {
    prev2End = prevEnd;
    prev2Dst = prevDst;
    prevEnd = lastEnd;
    prevDst = lastDst;
    lastEnd = code.length;
    lastDst = pos;
  };
  /**
   * Emits `[op, dst, ...words]`, an op that writes its result to the stack
   * top's home slot dst, and records it as produced (a later op may fuse it).
   */
  const emit = (op: number, dst: number, ...words: number[]): void => {
    const at = code.length;
    code.push(op, dst);
    for (let i = 0; i < words.length; i++) code.push(words[i]!);
    produced(at + 1);
  };
  /**
   * The opcode of the op emitted last if it wrote the stack top's home slot
   * (produced) and nothing has been emitted since — a candidate for fusing
   * into the op being emitted; otherwise -1.
   */
  const lastOp = (): number => (lastEnd === code.length ? code[lastDst - 1]! : -1);
  /** lastOp(), if that op wrote slot `loc`. */
  const lastOpInto = (loc: number): number => (lastEnd === code.length && code[lastDst] === loc ? code[lastDst - 1]! : -1);
  /** Removes the op produced last (a constant being folded into its user, or an op being fused). */
  const unproduce = (): void => {
    code.length = lastDst - 1;
    lastEnd = prevEnd;
    lastDst = prevDst;
    prevEnd = prev2End;
    prevDst = prev2Dst;
    prev2End = -1;
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
    locs.length = c.height;
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
  /**
   * Where the top n values can be read from as a consecutive run: for one
   * value its current location, otherwise (after bringing all home) their
   * home slots. Call before popping them.
   */
  const runOf = (n: number): number => {
    if (n === 1 && vals.length > cur().height) return locs[locs.length - 1]!;
    if (n > 1) flushAll();
    return slot(vals.length - n);
  };

  /** Added to RETURN's count when a result lives in R (a reference or a v128: the interpreter copies R only then). */
  const retRefs = type.results.some(inR) ? 0x10000 : 0;
  pushCtrl('func', [], type.results);
  // v128 locals start as zero vectors (the interpreter keeps them in R: interp/simd.ts)
  for (let i = type.params.length; i < numLocals; i++) if (locals[i] === V128) code.push(SIMD_BASE + 0x0c, i, 0, 0, 0, 0);
  const simd: SimdLowering = {
    r,
    fail,
    pop: (t) => { pop(t); return popped; },
    push: (t) => { const dst = slot(vals.length); push(t); return dst; },
    emit,
    emitPlain: (...words) => { code.push(...words); },
    memarg,
    live,
  };

  while (ctrls.length > 0) {
    opAt = r.pos;
    if (r.pos >= r.end) fail('unexpected end of section or function: END opcode expected');
    let op = r.u8();
    if (op === 0xfc) {
      const sub = r.u32();
      if (sub >= FC_COUNT) fail(`illegal opcode 0xfc ${sub}`);
      op = FC_BASE + sub;
    } else if (op === 0xfd) {
      const sub = r.u32();
      if (sub >= SIMD_COUNT || !OPS[SIMD_BASE + sub]) fail(`illegal opcode 0xfd ${sub}`);
      lowerSimd(simd, OPS[SIMD_BASE + sub]!);
      continue;
    } else if (op >= FC_BASE) {
      fail(`illegal opcode 0x${op.toString(16)}`);
    }
    const info = OPS[op];
    if (!info) fail(`illegal opcode 0x${op.toString(16)}`);
    if (info!.imm === 'none') {
      // [op, dst, a] or [op, dst, a, b]: operands from their current locations
      const ps = info!.params;
      let b = -1;
      if (ps.length === 2) {
        pop(ps[1]!);
        b = popped;
      }
      pop(ps[0]!);
      const a = popped;
      const dst = slot(vals.length);
      push(info!.results[0]!);
      if (live() && b >= numLocals && lastOpInto(b) === 0x41) {
        // i32 op with a constant just pushed: fold the constant in
        const k = I32_IMM_OPS.indexOf(op === 0x6b ? 0x6a : op);
        if (k >= 0 && a !== b) {
          const v = code[lastDst + 1]!;
          unproduce();
          emit(IMM_BASE + k, dst, a, op === 0x6b ? -v | 0 : v);
          continue;
        }
      }
      if (live() && b >= numLocals && lastOpInto(b) === 0x42) {
        // i64 op with a constant just pushed: fold the constant in
        const k = I64_IMM_OPS.indexOf(op === 0x7d ? 0x7c : op);
        if (k >= 0 && a !== b) {
          let lo = code[lastDst + 1]!;
          let hi = code[lastDst + 2]!;
          if (op === 0x7d) {
            // negate the 64-bit constant
            lo = -lo | 0;
            hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
          }
          unproduce();
          if (op === 0x7e && a >= numLocals && lastOpInto(a) === 0x85) {
            // i64.mul by a constant of an i64.xor just computed
            const x = code[lastDst + 1]!, y = code[lastDst + 2]!;
            unproduce();
            const t = code[lastDst]!;
            if (x !== y && t >= numLocals && (t === x || t === y) && lastOp() === LOAD_ADDI + 8 && code[lastDst + 3] === 0) {
              // ... whose operand is a byte just loaded
              const la = code[lastDst + 1]!, limm = code[lastDst + 2]!;
              unproduce();
              emit(LD8_XOR_MULI64, dst, t === y ? x : y, la, limm, lo, hi);
            } else {
              emit(XOR_MULI64, dst, x, y, lo, hi);
            }
            continue;
          }
          if (op === 0x7e && a >= numLocals && lastOpInto(a) === IMM64_BASE + 8) {
            // i64.mul by a constant of an i64.rotl by a constant just computed
            const src = code[lastDst + 1]!, k = code[lastDst + 2]! & 63;
            unproduce();
            emit(ROTL_MULI64, dst, src, k, lo, hi);
            continue;
          }
          emit(IMM64_BASE + k, dst, a, lo, hi);
          continue;
        }
      }
      if (live() && b >= numLocals && (lastOpInto(b) === 0x43 || lastOpInto(b) === 0x44)) {
        // f32/f64 op with a constant just pushed: fold the constant's bits in
        const k = FLOAT_IMM_OPS.indexOf(op);
        if (k >= 0 && a !== b) {
          const lo = code[lastDst + 1]!;
          const hi = code[lastDst - 1] === 0x44 ? code[lastDst + 2]! : 0;
          unproduce();
          emit(FIMM_BASE + k, dst, a, lo, hi);
          continue;
        }
      }
      if (live() && op === 0x84 && a !== b && lastOp() === IMM64_BASE + 5 && (code[lastDst] === a || code[lastDst] === b) && code[lastDst]! >= numLocals) {
        // i64.or of an i64.shl by a constant just computed (byte-gathering loops)
        const other = code[lastDst] === b ? a : b;
        const src = code[lastDst + 1]!;
        const k = code[lastDst + 2]! & 63;
        unproduce();
        if (src >= numLocals && lastOpInto(src) === LOAD_ADDI + 8 && code[lastDst + 3] === 0) {
          // ... of an i64.load8_u at a + imm just loaded (little-endian bytes gathered into an i64)
          const la = code[lastDst + 1]!, limm = code[lastDst + 2]!;
          unproduce();
          const pop_ = lastOp();
          if ((pop_ === LD8_OR_SHL64 || pop_ === LD8_OR_RUN) && code[lastDst] === other && dst === other && code[lastDst + 2] === la && la !== dst) {
            // the next byte of the same word: one run of loads
            const at = lastDst - 1;
            if (pop_ === LD8_OR_SHL64) {
              const imm0 = code[at + 4]!, k0 = code[at + 5]!;
              code.length = at + 4;
              code[at] = LD8_OR_RUN;
              code.push(1, imm0, k0);
            }
            code[at + 4]!++;
            code.push(limm, k);
            lastEnd = code.length;
            continue;
          }
          emit(LD8_OR_SHL64, dst, other, la, limm, k);
          continue;
        }
        emit(OR_SHL64, dst, other, src, k);
        continue;
      }
      if (live() && op === 0x6a && a !== b && lastOp() === IMM_BASE + 15 && code[lastDst]! >= numLocals && (code[lastDst] === a || code[lastDst] === b)) {
        // i32.add of an i32.shl by a constant just computed (scaled index)
        const other = code[lastDst] === b ? a : b;
        const x = code[lastDst + 1]!, k = code[lastDst + 2]! & 31;
        unproduce();
        emit(ADD_SHL, dst, other, x, k);
        continue;
      }
      if (live() && op === 0x7c && a !== b && lastOp() === IMM64_BASE + 1 && code[lastDst]! >= numLocals && (code[lastDst] === a || code[lastDst] === b)) {
        // i64.add of an i64.mul by a constant just computed
        const other = code[lastDst] === b ? a : b;
        const src = code[lastDst + 1]!, lo = code[lastDst + 2]!, hi = code[lastDst + 3]!;
        unproduce();
        emit(MULI_ADD64, dst, other, src, lo, hi);
        continue;
      }
      if (live() && op === 0x7c && a !== b && lastOp() === 0xad && code[lastDst]! >= numLocals && (code[lastDst] === a || code[lastDst] === b)) {
        // i64.add of an i64.extend_i32_u just computed
        const other = code[lastDst] === b ? a : b;
        const x = code[lastDst + 1]!;
        unproduce();
        emit(I64_ADD_EXTU, dst, other, x);
        continue;
      }
      if (live() && b >= 0 && lastOp() >= 0 && (op === 0xa0 || op === 0xa1 || op === 0xa2 || op === 0x92)) {
        // float pairs: the previous op computed an operand of this one
        const pop_ = lastOp(), t = code[lastDst]!, x = code[lastDst + 1]!, y = code[lastDst + 2]!;
        let f = -1, c = -1;
        if (op === 0xa2 && pop_ === 0xa1 && a === t && b === t) f = F64_SQ_SUB;
        else if (t >= numLocals && a !== b && (a === t || b === t)) {
          c = a === t ? b : a;
          if (op === 0xa0 && pop_ === 0xa2) f = b === t ? F64_ADD_MUL : F64_MUL_ADD;
          else if (op === 0xa1 && pop_ === 0xa2 && b === t) f = F64_SUB_MUL;
          else if (op === 0xa0 && pop_ === 0xa0 && b === t) f = F64_ADD_ADD;
          else if (op === 0x92 && pop_ === 0x94 && b === t) f = F32_ADD_MUL;
        }
        if (f >= 0) {
          unproduce();
          if (f === F32_ADD_MUL && y !== x && y >= numLocals && lastOpInto(y) === LOAD_ADDI + 2 && code[lastDst + 3] === 0) {
            // ... of an f32.load just loaded
            const la = code[lastDst + 1]!, limm = code[lastDst + 2]!;
            unproduce();
            emit(F32_ADD_MUL_LD, dst, c, x, la, limm);
            continue;
          }
          emit(f, dst, f === F64_SQ_SUB ? t : c, x, y);
          continue;
        }
      }
      if (live()) {
        if (b >= 0) emit(op, dst, a, b);
        else emit(op, dst, a);
      }
      continue;
    }
    if (info!.imm === 'mem') {
      const offset = memarg(info!);
      if (info!.results.length) {
        // load [op, dst, addr, offset]
        pop(I32);
        const addr = popped;
        const dst = slot(vals.length);
        push(info!.results[0]!);
        if (live() && op === 0x28 && addr >= numLocals && lastOpInto(addr) === ADD_SHL) {
          // i32.load of a scaled index
          const a = code[lastDst + 1]!, b = code[lastDst + 2]!, k = code[lastDst + 3]!;
          unproduce();
          emit(LOAD_SCALED, dst, a, b, k, offset | 0);
          continue;
        }
        if (live()) {
          const add = takeAdd(addr, FUSED_LOADS.indexOf(op));
          if (add) emit((add[2] ? LOAD_ADDI : LOAD_ADD) + add[3], dst, add[0], add[1], offset | 0);
          else emit(op, dst, addr, offset | 0);
        }
      } else {
        // store [op, addr, value, offset]
        pop(info!.params[1]!);
        const v = popped;
        pop(I32);
        const addr = popped;
        if (live()) {
          const add = takeAdd(addr, FUSED_STORES.indexOf(op));
          if (add) code.push((add[2] ? STORE_ADDI : STORE_ADD) + add[3], add[0], add[1], v, offset | 0);
          else code.push(op, addr, v, offset | 0);
        }
      }
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
        lastEnd = -1;
        jrunEnd = -1;
        const [p, res] = blockType();
        flushAll();
        popVals(p);
        pushCtrl('block', p, res);
        break;
      }
      case 0x03: { // loop
        lastEnd = -1;
        jrunEnd = -1;
        const [p, res] = blockType();
        flushAll();
        popVals(p);
        if (live() && p.length === 0 && res.length === 0) {
          const m = matchLoopIdiom(r.bytes, r, (x) => locals[x]);
          if (m) code.push(BULK_LOOP, m.d, m.s ?? m.v!, m.e, m.k + (m.s === undefined ? 8 : 0));
        }
        const c = pushCtrl('loop', p, res);
        // no code of its own (taken jumps count down the interrupt fuel)
        c.loopPc = code.length;
        if (live()) loopHeads.push(code.length, opAt);
        break;
      }
      case 0x04: { // if
        const [p, res] = blockType();
        pop(I32);
        const cond = popped;
        // the condition's compare (emitted last, before the label) fuses into the jump
        const cmp = live() ? takeCompare(cond, true) : null;
        lastEnd = -1;
        jrunEnd = -1;
        flushAll();
        const wasLive = live();
        popVals(p);
        const c = pushCtrl('if', p, res);
        if (wasLive) {
          // jump to the else branch when the condition is false
          if (cmp === null) code.push(0x04, cond);
          else if (cmp.k < 0) code.push(0x0d, cmp.a);
          else if (cmp.add) code.push((cmp.imm ? ADDJI_BASE : ADDJ_BASE) + NEGATED_CMP[cmp.k]!, cmp.add.dst, cmp.add.src, cmp.add.imm, cmp.b);
          else code.push((cmp.imm ? JCMPI_BASE : JCMP_BASE) + NEGATED_CMP[cmp.k]!, cmp.a, cmp.b);
          c.elsePatch = code.length;
          code.push(-1);
        }
        break;
      }
      case 0x05: { // else
        lastEnd = -1;
        jrunEnd = -1;
        const c = cur();
        if (c.kind !== 'if' || c.hasElse) fail('else without matching if');
        const wasLive = live();
        flushAll();
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
        lastEnd = -1;
        jrunEnd = -1;
        const c = cur();
        if (c.kind === 'if' && !c.hasElse) {
          // the implicit else passes the params through unchanged
          if (c.params.length !== c.results.length || c.params.some((t, i) => t !== c.results[i])) {
            popCtrl();
            fail('type mismatch: if without else must leave its parameters unchanged');
          }
        }
        const wasLive = live();
        if (c.kind === 'func') {
          const n = c.results.length;
          const from = wasLive ? runOf(n) : 0;
          popCtrl();
          // fallthrough return (reads the result where it is), then the
          // return that branches to the function's label land on
          if (wasLive) code.push(0x0f, from, n + retRefs);
          for (const p of c.patches) code[p] = code.length;
          code.push(0x0f, slot(0), n + retRefs);
          break;
        }
        flushAll();
        popCtrl();
        const endPc = code.length;
        if (c.elsePatch >= 0) code[c.elsePatch] = endPc;
        for (const p of c.patches) code[p] = endPc;
        pushVals(c.results);
        break;
      }
      case 0x0c: { // br
        const c = label(r.u32());
        const ts = labelTypes(c);
        const wasLive = live();
        const from = wasLive ? runOf(ts.length) : 0;
        popVals(ts);
        if (wasLive) emitBranch(c, ts.length, from, -1);
        setUnreachable();
        break;
      }
      case 0x0d: { // br_if
        const c = label(r.u32());
        pop(I32);
        const cond = popped;
        const ts = labelTypes(c);
        const wasLive = live();
        const from = wasLive ? runOf(ts.length) : 0;
        const saved = locs.slice(locs.length - Math.min(ts.length, locs.length));
        popVals(ts);
        const cmp = wasLive && ts.length === 0 ? takeCompare(cond, false) : null;
        if (cmp !== null) {
          const { k, add } = cmp;
          if (k < 0) {
            code.push(0x04, cmp.a); // br_if (i32.eqz a): jump if a == 0
            code.push(target(c));
          } else if (add && !cmp.imm && k === 9 && add.dst !== add.src && add.dst !== cmp.b) {
            // a bounds check (t = a + imm; br_if (t >=u b)): joins the run just before it
            // when that checks the same a and b into the same t
            if (jrunEnd === code.length && code[jrunAt + 1] === add.dst && code[jrunAt + 2] === add.src && code[jrunAt + 4] === cmp.b) {
              if (code[jrunAt] === ADDJ_BASE + 9) {
                code[jrunAt] = ADDJ_RUN;
                code.push(1);
              } else code[jrunAt + 6]!++;
              code.push(add.imm);
            } else {
              jrunAt = code.length;
              code.push(ADDJ_BASE + 9, add.dst, add.src, add.imm, cmp.b);
            }
            code.push(target(c));
            jrunEnd = code.length;
          } else {
            if (add) code.push((cmp.imm ? ADDJI_BASE : ADDJ_BASE) + k, add.dst, add.src, add.imm, cmp.b);
            else code.push((cmp.imm ? JCMPI_BASE : JCMP_BASE) + k, cmp.a, cmp.b);
            code.push(target(c));
          }
        } else if (wasLive) emitBranch(c, ts.length, from, cond);
        pushVals(ts);
        // the values stay where they were on the fallthrough path
        if (wasLive) for (let i = 0; i < saved.length; i++) locs[locs.length - saved.length + i] = saved[i]!;
        if (wasLive && saved.length > 0) lowAway = Math.min(lowAway, locs.length - saved.length);
        break;
      }
      case 0x0e: { // br_table
        const n = r.u32();
        if (n > r.end - r.pos) fail('unexpected end: br_table too long');
        const depths: number[] = [];
        for (let i = 0; i <= n; i++) depths.push(r.u32());
        pop(I32);
        const idx = popped;
        const dflt = label(depths[n]!);
        const arity = labelTypes(dflt).length;
        const wasLive = live();
        const from = wasLive ? runOf(arity) : 0;
        for (let i = 0; i < n; i++) {
          const ts = labelTypes(label(depths[i]!));
          if (ts.length !== arity) fail('type mismatch: br_table targets have different arities');
          const got: ValType[] = [];
          const gotLocs: number[] = [];
          for (let j = ts.length - 1; j >= 0; j--) {
            got.push(pop(ts[j]!));
            gotLocs.push(popped);
          }
          for (let k = got.length - 1; k >= 0; k--) {
            vals.push(got[k]!);
            locs.push(gotLocs[k]! < 0 ? numLocals + vals.length - 1 : gotLocs[k]!);
            lowAway = Math.min(lowAway, locs.length - 1);
          }
        }
        popVals(labelTypes(dflt));
        if (wasLive) {
          code.push(0x0e, idx, arity, from, n);
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
        const wasLive = live();
        const from = wasLive ? runOf(ts.length) : 0;
        popVals(ts);
        if (wasLive) code.push(0x0f, from, ts.length + retRefs);
        setUnreachable();
        break;
      }
      case 0x10: { // call
        const x = r.u32();
        const t = funcTypeOf(x);
        leaf = false;
        flushAll();
        popVals(t.params);
        const base = slot(vals.length);
        pushVals(t.results);
        if (live()) code.push(0x10, x, base);
        break;
      }
      case 0x11: { // call_indirect
        const ti = r.u32();
        const tab = r.u32();
        leaf = false;
        if (table(tab) !== FUNCREF) fail(`call_indirect on table ${tab} of type ${typeName(table(tab))}; type mismatch`);
        const t = m.types[ti];
        if (!t) fail(`unknown type ${ti}`);
        flushAll();
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
        const c = popped;
        const t1 = popAny();
        const b = popped;
        const t2 = popAny();
        const a = popped;
        if (isRef(t1) || isRef(t2)) fail('type mismatch: select without a type needs numeric operands');
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) fail(`type mismatch: select operands ${tname(t2)} and ${tname(t1)}`);
        const dst = slot(vals.length);
        push(t1 === UNKNOWN ? t2 : t1);
        if (live()) {
          emit(t1 === V128 || t2 === V128 ? 0x1c : 0x1b, dst, a, b, c);
        }
        break;
      }
      case 0x1c: { // select t
        const n = r.u32();
        if (n !== 1) fail('invalid result arity for typed select');
        const t = readValType(r);
        pop(I32);
        const c = popped;
        pop(t);
        const b = popped;
        pop(t);
        const a = popped;
        const dst = slot(vals.length);
        push(t);
        if (live()) {
          emit(inR(t) ? 0x1c : 0x1b, dst, a, b, c);
        }
        break;
      }
      case 0x20: { // local.get: no code, the value is read from the local where it is used
        const x = r.u32();
        pushAt(localType(x), x);
        break;
      }
      case 0x21: // local.set
      case 0x22: { // local.tee
        const x = r.u32();
        const t = localType(x);
        pop(t);
        const src = popped;
        const before = code.length;
        flushLocal(x);
        if (live() && src !== x) {
          if (code.length === before && lastOpInto(src) >= 0 && src >= numLocals) {
            // the producing op writes the local directly (lastEnd stays: every user of
            // lastDst checks that it names a stack slot, and takeCompare's fusion of an
            // i32.add into a compare-and-branch wants to see the add of a local.tee)
            code[lastDst] = x;
          } else {
            code.push(inR(t) ? 0x21 : 0x20, x, src);
          }
        }
        if (op === 0x22) pushAt(t, x);
        break;
      }
      case 0x23: { // global.get
        const x = r.u32();
        const g = globalType(x);
        const dst = slot(vals.length);
        push(g.type);
        if (live()) {
          emit(inR(g.type) ? 0x07 : 0x23, dst, x);
        }
        break;
      }
      case 0x24: { // global.set
        const x = r.u32();
        const g = globalType(x);
        if (!g.mutable) fail(`global ${x} is immutable`);
        pop(g.type);
        if (live()) code.push(inR(g.type) ? 0x08 : 0x24, popped, x);
        break;
      }
      case 0x25: { // table.get [dst, idx, t]
        const x = r.u32();
        const t = table(x);
        pop(I32);
        const idx = popped;
        const dst = slot(vals.length);
        push(t);
        if (live()) {
          emit(0x25, dst, idx, x);
        }
        break;
      }
      case 0x26: { // table.set [idx, value, t]
        const x = r.u32();
        const t = table(x);
        pop(t);
        const v = popped;
        pop(I32);
        if (live()) code.push(0x26, popped, v, x);
        break;
      }
      case 0x3f: { // memory.size [dst]
        zeroByte();
        needMemory();
        const dst = slot(vals.length);
        push(I32);
        if (live()) {
          emit(0x3f, dst);
        }
        break;
      }
      case 0x40: { // memory.grow [dst, delta]
        zeroByte();
        needMemory();
        pop(I32);
        const src = popped;
        const dst = slot(vals.length);
        push(I32);
        if (live()) {
          emit(0x40, dst, src);
        }
        break;
      }
      case 0x41: case 0x42: case 0x43: case 0x44: { // consts [dst, bits...]
        let imm: number[];
        if (op === 0x41) imm = [r.s32()];
        else if (op === 0x42) imm = r.s64();
        else if (op === 0x43) imm = [r.i32le()];
        else {
          const lo = r.i32le();
          imm = [lo, r.i32le()];
        }
        const dst = slot(vals.length);
        push(op === 0x41 ? I32 : op === 0x42 ? I64 : op === 0x43 ? F32 : F64);
        if (live()) {
          emit(op, dst, ...imm);
        }
        break;
      }
      case 0xd0: { // ref.null [dst]
        const at = r.pos;
        const t = r.u8();
        if (t !== FUNCREF && t !== EXTERNREF) r.fail(`function ${funcIndex}: malformed reference type`, at);
        const dst = slot(vals.length);
        push(t);
        if (live()) {
          emit(0xd0, dst);
        }
        break;
      }
      case 0xd1: { // ref.is_null [dst, src]
        const t = popAny();
        if (t !== UNKNOWN && !isRef(t)) fail(`type mismatch: ref.is_null expects a reference, got ${tname(t)}`);
        const src = popped;
        const dst = slot(vals.length);
        push(I32);
        if (live()) {
          emit(0xd1, dst, src);
        }
        break;
      }
      case 0xd2: { // ref.func [dst, x]
        const x = r.u32();
        funcTypeOf(x);
        if (!ctx.refs.has(x)) fail(`undeclared function reference ${x}`);
        const dst = slot(vals.length);
        push(FUNCREF);
        if (live()) {
          emit(0xd2, dst, x);
        }
        break;
      }
      // The remaining ops read their operands from home slots [op, a, ...].
      case FC_BASE + 8: { // memory.init
        const d = r.u32();
        zeroByte();
        needMemory();
        dataIndex(d);
        flushAll();
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
        flushAll();
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length));
        break;
      }
      case FC_BASE + 11: { // memory.fill
        zeroByte();
        needMemory();
        flushAll();
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
        flushAll();
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
        flushAll();
        pop(I32); pop(I32); pop(I32);
        if (live()) code.push(op, slot(vals.length), x, y);
        break;
      }
      case FC_BASE + 15: { // table.grow
        const x = r.u32();
        const t = table(x);
        flushAll();
        pop(I32);
        pop(t);
        const a = slot(vals.length);
        push(I32);
        if (live()) code.push(op, a, x);
        break;
      }
      case FC_BASE + 16: { // table.size [dst, t]
        const x = r.u32();
        table(x);
        const dst = slot(vals.length);
        push(I32);
        if (live()) {
          emit(op, dst, x);
        }
        break;
      }
      case FC_BASE + 17: { // table.fill
        const x = r.u32();
        const t = table(x);
        flushAll();
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
  const compiled: CompiledFunc = { code: Int32Array.from(code), maxSlots, numLocals, refLocals, base: -1, leaf, loopHeads: Int32Array.from(loopHeads), lower: null };
  return compiled;
}
