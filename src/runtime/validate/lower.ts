// Lowering of a function body to slot code (module.ts, CompiledFunc), one
// pass over the instruction bytes of a body that validate/check.ts has
// already accepted: `new Module` checks every body (validate/module.ts), and
// the only way here is that body's CompiledFunc.lower, run when the
// interpreter first needs its code (interp/codestore.ts install). So this
// pass states no validation rule and reports no error: check.ts owns them
// all. It keeps the operand stack's types only to choose slot-code ops (a
// value in the stack's reference array or not, a v128 select) and the
// control stack for branch targets; its stack heights are static, so every
// emitted instruction names its slots directly. In code after unreachable,
// br, br_table or return, popping below the block's base yields an "unknown"
// value, as in the spec's algorithm; nothing is emitted there. The two
// assertions left (a value popped from an empty stack, values left at a
// block's end: `bug`) catch a stack this pass lost track of, which would
// otherwise become wrong slot code silently.
import type { Reader } from '../binary/reader.ts';
import { readValType } from '../binary/types.ts';
import {
  F32, F64, FUNCREF, EXTERNREF, I32, I64, V128,
  bodyLocals, isRef,
  type CompiledFunc, type FuncType, type ModuleIR, type ValType,
} from '../module.ts';
import { matchLoopIdiom } from '../loop-idiom.ts';
import { lowerSimd, type SimdLowering } from './lower-simd.ts';
import { type OpInfo, MOVE2, MOVE_BR_IF, MUL_ADD, SHRS_ANDI, SHRU_ANDI, BULK_LOOP, MULI_ADD64, ROTL_MULI64, ADDJI_BASE, ADDJ_BASE, ADDJ_RUN, I64_ADD_EXTU, LD8_OR_RUN, ADD_SHL, F32_ADD_MUL_LD, XOR_MULI64, LD8_XOR_MULI64, LOAD_SCALED, LD8_OR_SHL64, F32_ADD_MUL, F64_ADD_ADD, F64_ADD_MUL, F64_MUL_ADD, F64_SQ_SUB, F64_SUB_MUL, SWAPPED_CMP, FC_BASE, SIMD_BASE, FIMM_BASE, OR_SHL64, FLOAT_IMM_OPS, FUSED_LOADS, FUSED_STORES, LOAD_ADD, LOAD_ADDI, STORE_ADD, STORE_ADDI, I32_IMM_OPS, I64_IMM_OPS, IMM64_BASE, IMM_BASE, JCMPI_BASE, JCMP_BASE, NEGATED_CMP, OPS, opName } from '../opcodes.ts';
import { packSlotCode } from '../interp/pack.ts';

const UNKNOWN = 0;
/** The locations a branch that carries no values saves (br_if): none. Never changed. */
const NO_LOCS: readonly number[] = [];

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
  params: readonly ValType[];
  results: readonly ValType[];
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

/** What lowering a body makes; the rest of its CompiledFunc comes from the module and check.ts (validate/module.ts). */
export type Lowered = Pick<CompiledFunc, 'code' | 'maxSlots' | 'loopHeads'>;

/** A block's type. */
interface BlockSig {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}
const EMPTY: readonly ValType[] = [];
const VOID: BlockSig = { params: EMPTY, results: EMPTY };
/** Single-result block types, by value type byte (shared, never changed). */
const SINGLE = new Map<number, BlockSig>([I32, I64, F32, F64, V128, FUNCREF, EXTERNREF].map((t) => [t, { params: EMPTY, results: [t] }]));

/** Types whose values live in the value stack's reference array (R): references, and v128 (interp/simd.ts). */
function inR(t: ValType): boolean {
  return isRef(t) || t === V128;
}

// The state of the body being lowered. Lowering is one pass that never
// re-enters itself, so its state lives at module level and its helpers are
// module functions: a body no longer makes ~35 closures and a context, and
// V8's optimised code for the loop keeps its call targets from body to body
// (closures made per body deoptimised it on the next body, "wrong call
// target"; docs/performance.md, "Cold start: lowering without closures").
// lowerFunction sets every field before its loop and lets go of the arrays
// when it returns.
let m: ModuleIR;
let r: Reader;
let funcIndex = 0;
let type: FuncType;
let locals: ValType[] = [];
let numLocals = 0;
let vals: ValType[] = [];
/**
 * Where each stack value currently lives: its home slot (numLocals + depth)
 * or, after a lazy local.get, the local's slot. Values below the innermost
 * control frame are always at home (flushAll at every block boundary).
 */
let locs: number[] = [];
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
/** Start and end of the last MOVE_NUM or MOVE2 emitted (moveNum), for fusing the next move or br_if into it. */
let moveAt = -1;
let moveEnd = -1;
/** code.length when a jump target was last placed (a loop head, an else, a block's end): nothing fuses across it. */
let lastLabel = 0;
let ctrls: Ctrl[] = [];
let code: number[] = [];
let maxSlots = 0;
let opAt = 0;
let loopHeads: number[] = [];
/** Added to RETURN's count when a result lives in R (a reference or a v128: the interpreter copies R only then). */
let retRefs = 0;

/** An engine bug: the body is not what check.ts accepted, or lowering lost track of it. */
function bug(msg: string): never {
  throw new Error(`lowering function ${funcIndex} at byte ${opAt}: ${msg} (a body check.ts accepted; an engine bug)`);
}

function push(t: ValType): void {
  vals.push(t);
  locs.push(numLocals + vals.length - 1);
  if (numLocals + vals.length > maxSlots) maxSlots = numLocals + vals.length;
}
function pushAt(t: ValType, loc: number): void {
  push(t);
  locs[locs.length - 1] = loc;
  if (locs.length - 1 < lowAway) lowAway = locs.length - 1;
}
function popAny(): ValType {
  const c = ctrls[ctrls.length - 1]!;
  if (vals.length === c.height) {
    if (c.unreachable) {
      popped = -1;
      return UNKNOWN;
    }
    return bug('a value popped from an empty stack');
  }
  popped = locs.pop()!;
  return vals.pop()!;
}
/**
 * Emits MOVE_NUM d s, or turns the MOVE_NUM just before it into a MOVE2
 * (the copies LLVM makes for a loop's phis come in runs before the back
 * edge; no jump lands between the two: lastLabel).
 */
function moveNum(d: number, s: number): void {
  if (moveEnd === code.length && code[moveAt] === 0x20 && lastLabel <= moveAt) {
    code[moveAt] = MOVE2;
    code.push(d, s);
  } else {
    moveAt = code.length;
    code.push(0x20, d, s);
  }
  moveEnd = code.length;
}
/** Emits a move of a value of type t (MOVE_REF for the ones the stack keeps in R). */
function move(t: ValType, d: number, s: number): void {
  if (inR(t)) code.push(0x21, d, s);
  else moveNum(d, s);
}
/** Emits the moves that bring every lazily-referenced value home. */
function flushAll(): void {
  for (let i = lowAway; i < vals.length; i++) {
    const home = numLocals + i;
    if (locs[i] !== home) {
      if (live()) move(vals[i]!, home, locs[i]!);
      locs[i] = home;
    }
  }
  lowAway = vals.length;
}
/** Whether a value on the stack is still read lazily from local x. */
function pendingRead(x: number): boolean {
  for (let i = lowAway; i < vals.length; i++) if (locs[i] === x) return true;
  return false;
}
/** Brings home the values that still refer to local x (before x changes). */
function flushLocal(x: number): void {
  for (let i = lowAway; i < vals.length; i++) {
    if (locs[i] === x) {
      const home = numLocals + i;
      if (live()) move(vals[i]!, home, x);
      locs[i] = home;
    }
  }
}
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
function flushCommutes(reads: readonly number[], writes: readonly number[]): boolean {
  for (let i = 0; i < vals.length; i++) {
    const l = locs[i]!, home = numLocals + i;
    if (l !== home && (writes.includes(l) || reads.includes(home) || writes.includes(home))) return false;
  }
  return true;
}
/**
 * If the value at `loc` was computed by the i32 comparison emitted last,
 * removes that instruction and returns it (FusedCompare); otherwise null.
 * When the comparison's first operand (after swapping the operands if
 * needed) was computed by an i32.add of a constant emitted just before it,
 * that add is removed too and returned as `add`. `flushFollows`: the
 * caller emits flushAll()'s moves before the fused op, so only ops that
 * commute with them (flushCommutes) are taken.
 */
function takeCompare(loc: number, flushFollows: boolean): FusedCompare | null {
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
}
/**
 * If the address at `loc` was computed by the i32.add emitted last, removes
 * it and returns [a, b or imm, isImm, j] for the fused memory op of index j.
 */
function takeAdd(loc: number, j: number): [number, number, boolean, number] | null {
  if (j < 0 || loc < numLocals) return null;
  const aop = lastOpInto(loc);
  const at = lastDst - 1;
  if (aop !== 0x6a && aop !== IMM_BASE + 10) return null;
  const res: [number, number, boolean, number] = [code[at + 2]!, code[at + 3]!, aop !== 0x6a, j];
  unproduce();
  return res;
}
/**
 * Emits `[op, dst, ...words]`, an op that writes its result to the stack
 * top's home slot dst, and records it as produced (a later op may fuse it).
 */
function emit(op: number, dst: number, w0?: number, w1?: number, w2?: number, w3?: number, w4?: number): void {
  const at = code.length;
  code.push(op, dst);
  // (fixed parameters, not a rest array: this runs once per emitted op, mostly on a cold engine)
  if (w0 !== undefined) {
    code.push(w0);
    if (w1 !== undefined) {
      code.push(w1);
      if (w2 !== undefined) {
        code.push(w2);
        if (w3 !== undefined) {
          code.push(w3);
          if (w4 !== undefined) code.push(w4);
        }
      }
    }
  }
  // recorded as produced: the op ending at code.length wrote home slot code[at + 1]
  prev2End = prevEnd;
  prev2Dst = prevDst;
  prevEnd = lastEnd;
  prevDst = lastDst;
  lastEnd = code.length;
  lastDst = at + 1;
}
/**
 * The opcode of the op emitted last if it wrote the stack top's home slot
 * (produced) and nothing has been emitted since — a candidate for fusing
 * into the op being emitted; otherwise -1.
 */
function lastOp(): number {
  return (lastEnd === code.length ? code[lastDst - 1]! : -1);
}
/** lastOp(), if that op wrote slot `loc`. */
function lastOpInto(loc: number): number {
  return (lastEnd === code.length && code[lastDst] === loc ? code[lastDst - 1]! : -1);
}
/** Removes the op produced last (a constant being folded into its user, or an op being fused). */
function unproduce(): void {
  code.length = lastDst - 1;
  lastEnd = prevEnd;
  lastDst = prevDst;
  prevEnd = prev2End;
  prevDst = prev2Dst;
  prev2End = -1;
}
/** Pops n values (their types are check.ts's business). */
function popN(n: number): void {
  for (let i = 0; i < n; i++) popAny();
}
function pushVals(ts: readonly ValType[]): void {
  for (let i = 0; i < ts.length; i++) push(ts[i]!);
}
/** Pops a value; returns where it is read from (-1: the polymorphic stack). */
function popSlot(): number {
  // (popAny, inline)
  const c = ctrls[ctrls.length - 1]!;
  if (vals.length === c.height) {
    if (c.unreachable) return (popped = -1);
    return bug('a value popped from an empty stack');
  }
  vals.pop();
  popped = locs.pop()!;
  return popped;
}
/** Pushes an op's result of type t; returns its home slot, where the op writes it. */
function result(t: ValType): number {
  // (slot and push, inline)
  const dst = numLocals + vals.length;
  vals.push(t);
  locs.push(dst);
  if (dst + 1 > maxSlots) maxSlots = dst + 1;
  return dst;
}
function cur(): Ctrl {
  return ctrls[ctrls.length - 1]!;
}
function live(): boolean {
  return !ctrls[ctrls.length - 1]!.unreachable;
}
function slot(h: number): number {
  return numLocals + h;
}
function pushCtrl(kind: Ctrl['kind'], params: readonly ValType[], results: readonly ValType[]): Ctrl {
  const c: Ctrl = { kind, params, results, height: vals.length, unreachable: false, hasElse: false, loopPc: -1, patches: [], elsePatch: -1 };
  ctrls.push(c);
  pushVals(params);
  return c;
}
/** Leaves the innermost block: its results, all that is above its base, are popped. */
function popCtrl(): Ctrl {
  const c = cur();
  popN(c.results.length);
  // (lowering lost track of the stack: every slot named after this would be off)
  if (vals.length !== c.height) bug(`${vals.length - c.height} value(s) left at the end of a block`);
  ctrls.pop();
  return c;
}
function setUnreachable(): void {
  const c = cur();
  vals.length = c.height;
  locs.length = c.height;
  c.unreachable = true;
}
/** How many values a branch to c carries. */
function arityOf(c: Ctrl): number {
  return (c.kind === 'loop' ? c.params : c.results).length;
}
function label(depth: number): Ctrl {
  return ctrls[ctrls.length - 1 - depth]!;
}
/** Emit a jump target for label c: known for loops, patched later otherwise. */
function target(c: Ctrl): number {
  if (c.kind === 'loop') return c.loopPc;
  c.patches.push(code.length);
  return -1;
}
/** Reads a block type: its params and results. */
function blockType(): BlockSig {
  const b = r.peek();
  if (b === 0x40) {
    r.pos++;
    return VOID;
  }
  // a value type (negative single-byte s33), else a type index
  if (b >= 0x40 && b < 0x80) return SINGLE.get(readValType(r))!;
  return m.types[r.s33()]!;
}
/** Reads a memarg; returns its offset. */
function memarg(): number {
  if (r.bytes[r.pos]! < 0x80) r.pos++;
  else r.u32();
  const b = r.bytes[r.pos]!;
  if (b < 0x80) {
    r.pos++;
    return b;
  }
  return r.u32();
}
function funcTypeOf(x: number): FuncType {
  return m.types[m.funcs[x]!]!;
}
function emitBranch(c: Ctrl, n: number, from: number, cond: number): void {
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
    if (moveEnd === code.length && code[moveAt] === 0x20 && lastLabel <= moveAt) {
      // a copy just before it (a loop's phi before its back edge): one instruction
      code[moveAt] = MOVE_BR_IF;
      code.push(cond);
    } else code.push(0x0d, cond);
    code.push(target(c));
  } else {
    code.push(0x06, cond);
    code.push(target(c), n, from, to);
  }
}
/**
 * Where the top n values can be read from as a consecutive run: for one
 * value its current location, otherwise (after bringing all home) their
 * home slots. Call before popping them.
 */
function runOf(n: number): number {
  if (n === 1 && vals.length > cur().height) return locs[locs.length - 1]!;
  if (n > 1) flushAll();
  return slot(vals.length - n);
}

/** Emits a bulk memory or table op, [op, a, ...imms], whose three operands are read from home slots a, a + 1, a + 2. */
function bulk(op: number, ...imms: number[]): void {
  flushAll();
  popN(3);
  if (live()) code.push(op, slot(vals.length), ...imms);
}


/**
 * Emits numeric op `op` (operands a and b, -1 if none; result in dst), fused with the op
 * emitted just before it (`lop`, which wrote slot code[lastDst]) where a superinstruction
 * does both; otherwise on its own.
 */
function fuse(op: number, dst: number, a: number, b: number, lop: number): void {
  const ldst = code[lastDst]!;
  if (b >= numLocals && lop === 0x41 && ldst === b) {
    // i32 op with a constant just pushed: fold the constant in
    const k = I32_IMM_OPS.indexOf(op === 0x6b ? 0x6a : op);
    if (k >= 0 && a !== b) {
      const v = code[lastDst + 1]!;
      unproduce();
      const sop = op === 0x71 && a >= numLocals ? lastOpInto(a) : -1;
      if (sop === IMM_BASE + 16 || sop === IMM_BASE + 17) {
        // i32.and by a constant of a shift right by a constant just computed (a bit field)
        const src = code[lastDst + 1]!, sh = code[lastDst + 2]! & 31;
        unproduce();
        emit(sop === IMM_BASE + 17 ? SHRU_ANDI : SHRS_ANDI, dst, src, sh, v);
        return;
      }
      emit(IMM_BASE + k, dst, a, op === 0x6b ? -v | 0 : v);
      return;
    }
  }
  if (b >= numLocals && lop === 0x42 && ldst === b) {
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
        return;
      }
      if (op === 0x7e && a >= numLocals && lastOpInto(a) === IMM64_BASE + 8) {
        // i64.mul by a constant of an i64.rotl by a constant just computed
        const src = code[lastDst + 1]!, k = code[lastDst + 2]! & 63;
        unproduce();
        emit(ROTL_MULI64, dst, src, k, lo, hi);
        return;
      }
      emit(IMM64_BASE + k, dst, a, lo, hi);
      return;
    }
  }
  if (b >= numLocals && (lop === 0x43 || lop === 0x44) && ldst === b) {
    // f32/f64 op with a constant just pushed: fold the constant's bits in
    const k = FLOAT_IMM_OPS.indexOf(op);
    if (k >= 0 && a !== b) {
      const lo = code[lastDst + 1]!;
      const hi = code[lastDst - 1] === 0x44 ? code[lastDst + 2]! : 0;
      unproduce();
      emit(FIMM_BASE + k, dst, a, lo, hi);
      return;
    }
  }
  if (op === 0x84 && a !== b && lop === IMM64_BASE + 5 && (ldst === a || ldst === b) && ldst >= numLocals) {
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
        return;
      }
      emit(LD8_OR_SHL64, dst, other, la, limm, k);
      return;
    }
    emit(OR_SHL64, dst, other, src, k);
    return;
  }
  if (op === 0x6a && a !== b && lop === IMM_BASE + 15 && ldst >= numLocals && (ldst === a || ldst === b)) {
    // i32.add of an i32.shl by a constant just computed (scaled index)
    const other = code[lastDst] === b ? a : b;
    const x = code[lastDst + 1]!, k = code[lastDst + 2]! & 31;
    unproduce();
    emit(ADD_SHL, dst, other, x, k);
    return;
  }
  if (op === 0x6a && a !== b && lop === 0x6c && ldst >= numLocals && (ldst === a || ldst === b)) {
    // i32.add of an i32.mul just computed (dot products, i * n + j)
    const other = code[lastDst] === b ? a : b;
    const x = code[lastDst + 1]!, y = code[lastDst + 2]!;
    unproduce();
    emit(MUL_ADD, dst, other, x, y);
    return;
  }
  if (op === 0x7c && a !== b && lop === IMM64_BASE + 1 && ldst >= numLocals && (ldst === a || ldst === b)) {
    // i64.add of an i64.mul by a constant just computed
    const other = code[lastDst] === b ? a : b;
    const src = code[lastDst + 1]!, lo = code[lastDst + 2]!, hi = code[lastDst + 3]!;
    unproduce();
    emit(MULI_ADD64, dst, other, src, lo, hi);
    return;
  }
  if (op === 0x7c && a !== b && lop === 0xad && ldst >= numLocals && (ldst === a || ldst === b)) {
    // i64.add of an i64.extend_i32_u just computed
    const other = code[lastDst] === b ? a : b;
    const x = code[lastDst + 1]!;
    unproduce();
    emit(I64_ADD_EXTU, dst, other, x);
    return;
  }
  if (b >= 0 && (op === 0xa0 || op === 0xa1 || op === 0xa2 || op === 0x92)) {
    // float pairs: the previous op computed an operand of this one
    const pop_ = lop, t = ldst, x = code[lastDst + 1]!, y = code[lastDst + 2]!;
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
        return;
      }
      emit(f, dst, f === F64_SQ_SUB ? t : c, x, y);
      return;
    }
  }
  if (b >= 0) emit(op, dst, a, b);
  else emit(op, dst, a);
}

/** Lowers a load or a store (a memarg immediate), fusing its address computation where it can. */
function lowerMem(op: number, info: OpInfo): void {
  const offset = memarg();
  if (info.results.length) {
    // load [op, dst, addr, offset]
    const addr = popSlot();
    const dst = result(info.results[0]!);
    if (live() && op === 0x28 && addr >= numLocals && lastOpInto(addr) === ADD_SHL) {
      // i32.load of a scaled index
      const a = code[lastDst + 1]!, b = code[lastDst + 2]!, k = code[lastDst + 3]!;
      unproduce();
      emit(LOAD_SCALED, dst, a, b, k, offset | 0);
      return;
    }
    if (live()) {
      const add = takeAdd(addr, FUSED_LOADS.indexOf(op));
      if (add) emit((add[2] ? LOAD_ADDI : LOAD_ADD) + add[3], dst, add[0], add[1], offset | 0);
      else emit(op, dst, addr, offset | 0);
    }
  } else {
    // store [op, addr, value, offset]
    const v = popSlot();
    const addr = popSlot();
    if (live()) {
      const add = takeAdd(addr, FUSED_STORES.indexOf(op));
      if (add) code.push((add[2] ? STORE_ADDI : STORE_ADD) + add[3], add[0], add[1], v, offset | 0);
      else code.push(op, addr, v, offset | 0);
    }
  }
}

/** Lowers a control instruction (0x00–0x11: unreachable … call_indirect). */
function lowerControl(op: number): void {
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
      const bt = blockType();
      flushAll();
      popN(bt.params.length);
      pushCtrl('block', bt.params, bt.results);
      break;
    }
    case 0x03: { // loop
      lastEnd = -1;
      jrunEnd = -1;
      const bt = blockType();
      flushAll();
      popN(bt.params.length);
      if (live() && bt.params.length === 0 && bt.results.length === 0) {
        const m = matchLoopIdiom(r.bytes, r, (x) => locals[x]);
        if (m) code.push(BULK_LOOP, m.d, m.s ?? m.v!, m.e, m.k + (m.s === undefined ? 8 : 0));
      }
      const c = pushCtrl('loop', bt.params, bt.results);
      // no code of its own (taken jumps count down the interrupt fuel)
      c.loopPc = code.length;
      lastLabel = code.length;
      if (live()) loopHeads.push(code.length, opAt);
      break;
    }
    case 0x04: { // if
      const bt = blockType();
      const cond = popSlot();
      // the condition's compare (emitted last, before the label) fuses into the jump
      const cmp = live() ? takeCompare(cond, true) : null;
      lastEnd = -1;
      jrunEnd = -1;
      flushAll();
      const wasLive = live();
      popN(bt.params.length);
      const c = pushCtrl('if', bt.params, bt.results);
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
      lastLabel = code.length;
      pushVals(c.params);
      break;
    }
    case 0x0b: { // end
      lastEnd = -1;
      jrunEnd = -1;
      const c = cur();
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
      lastLabel = endPc;
      if (c.elsePatch >= 0) code[c.elsePatch] = endPc;
      for (const p of c.patches) code[p] = endPc;
      pushVals(c.results);
      break;
    }
    case 0x0c: { // br
      const c = label(r.u32());
      const n = arityOf(c);
      const wasLive = live();
      const from = wasLive ? runOf(n) : 0;
      popN(n);
      if (wasLive) emitBranch(c, n, from, -1);
      setUnreachable();
      break;
    }
    case 0x0d: { // br_if
      const c = label(r.u32());
      const cond = popSlot();
      const ts = c.kind === 'loop' ? c.params : c.results;
      const wasLive = live();
      const from = wasLive ? runOf(ts.length) : 0;
      // (most br_ifs carry nothing: no array for them)
      const saved = ts.length === 0 ? NO_LOCS : locs.slice(locs.length - Math.min(ts.length, locs.length));
      popN(ts.length);
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
      const depths: number[] = [];
      for (let i = 0; i <= n; i++) depths.push(r.u32());
      const idx = popSlot();
      // (every target takes the same number of values: check.ts)
      const arity = arityOf(label(depths[n]!));
      const wasLive = live();
      const from = wasLive ? runOf(arity) : 0;
      popN(arity);
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
      const n = ctrls[0]!.results.length;
      const wasLive = live();
      const from = wasLive ? runOf(n) : 0;
      popN(n);
      if (wasLive) code.push(0x0f, from, n + retRefs);
      setUnreachable();
      break;
    }
    case 0x10: { // call
      const x = r.u32();
      const t = funcTypeOf(x);
      flushAll();
      popN(t.params.length);
      const base = slot(vals.length);
      pushVals(t.results);
      if (live()) code.push(0x10, x, base);
      break;
    }
    case 0x11: { // call_indirect
      const ti = r.u32();
      const tab = r.u32();
      const t = m.types[ti]!;
      flushAll();
      popN(1 + t.params.length);
      const base = slot(vals.length);
      pushVals(t.results);
      if (live()) code.push(0x11, ti, tab, base);
      break;
    }
      default:
        bug(`no lowering for ${opName(op)}`);
  }
}

/** Lowers the other instructions: parametric, local.set/tee, globals, tables, memory size and grow, constants, references, bulk (local.get: lowerFunction). */
function lowerOther(op: number): void {
  // (the most frequent first: a switch of sparse cases is a chain of compares in V8's interpreter)
  switch (op) {
    case 0x21: // local.set
    case 0x22: { // local.tee
      let x = r.bytes[r.pos]!;
      if (x < 0x80) r.pos++;
      else x = r.u32();
      const t = locals[x]!;
      const src = popSlot();
      if (live() && src !== x && src >= numLocals && lastOpInto(src) >= 0) {
        // the producing op writes the local directly (lastEnd stays: every user of
        // lastDst checks that it names a stack slot, and takeCompare's fusion of an
        // i32.add into a compare-and-branch wants to see the add of a local.tee).
        // Reads of x still pending below it are saved by moves placed before
        // that op: it reads x itself or slots above every pending value, which
        // the moves do not write, and a jump to the op's start runs the moves too.
        if (pendingRead(x)) {
          const words = code.slice(lastDst - 1, lastEnd);
          code.length = lastDst - 1;
          flushLocal(x);
          lastDst = code.length + 1;
          for (const w of words) code.push(w);
          lastEnd = code.length;
          prevEnd = -1;
          prev2End = -1;
        }
        code[lastDst] = x;
      } else {
        flushLocal(x);
        if (live() && src !== x) move(t, x, src);
      }
      if (op === 0x22) pushAt(t, x);
      break;
    }
    case 0x41: case 0x42: case 0x43: case 0x44: { // consts [dst, bits...]
      let lo: number, hi: number | undefined;
      if (op === 0x41) lo = r.s32();
      else if (op === 0x42) {
        const w = r.s64();
        lo = w[0]!;
        hi = w[1]!;
      } else if (op === 0x43) lo = r.i32le();
      else {
        lo = r.i32le();
        hi = r.i32le();
      }
      const dst = result(op === 0x41 ? I32 : op === 0x42 ? I64 : op === 0x43 ? F32 : F64);
      if (live()) emit(op, dst, lo, hi);
      break;
    }
    case 0x23: { // global.get
      const x = r.u32();
      const t = m.globals[x]!.type;
      const dst = result(t);
      if (live()) emit(inR(t) ? 0x07 : 0x23, dst, x);
      break;
    }
    case 0x24: { // global.set
      const x = r.u32();
      popAny();
      if (live()) code.push(inR(m.globals[x]!.type) ? 0x08 : 0x24, popped, x);
      break;
    }
    case 0x1a: // drop
      popAny();
      break;
    case 0x1b: { // select (numeric operands: v128 lives in R)
      const c = popSlot();
      const t1 = popAny();
      const b = popped;
      const t2 = popAny();
      const a = popped;
      const dst = result(t1 === UNKNOWN ? t2 : t1);
      if (live()) emit(t1 === V128 || t2 === V128 ? 0x1c : 0x1b, dst, a, b, c);
      break;
    }
    case 0x1c: { // select t
      r.u32(); // (one result type)
      const t = readValType(r);
      const c = popSlot();
      const b = popSlot();
      const a = popSlot();
      const dst = result(t);
      if (live()) emit(inR(t) ? 0x1c : 0x1b, dst, a, b, c);
      break;
    }
    case 0x3f: { // memory.size [dst]
      r.u8(); // (memory 0)
      const dst = result(I32);
      if (live()) emit(0x3f, dst);
      break;
    }
    case 0x40: { // memory.grow [dst, delta]
      r.u8(); // (memory 0)
      const src = popSlot();
      const dst = result(I32);
      if (live()) emit(0x40, dst, src);
      break;
    }
    case 0x25: { // table.get [dst, idx, t]
      const x = r.u32();
      const idx = popSlot();
      const dst = result(m.tables[x]!.elem);
      if (live()) emit(0x25, dst, idx, x);
      break;
    }
    case 0x26: { // table.set [idx, value, t]
      const x = r.u32();
      const v = popSlot();
      popAny();
      if (live()) code.push(0x26, popped, v, x);
      break;
    }
    case 0xd0: { // ref.null [dst]
      const t = r.u8();
      const dst = result(t);
      if (live()) emit(0xd0, dst);
      break;
    }
    case 0xd1: { // ref.is_null [dst, src]
      const src = popSlot();
      const dst = result(I32);
      if (live()) emit(0xd1, dst, src);
      break;
    }
    case 0xd2: { // ref.func [dst, x]
      const x = r.u32();
      const dst = result(FUNCREF);
      if (live()) emit(0xd2, dst, x);
      break;
    }
    // The bulk ops read their three operands from home slots: [op, a, ...immediates].
    default:
      if (op >= FC_BASE) lowerBulk(op);
      else bug(`no lowering for ${opName(op)}`);
  }
}

/** Lowers the bulk memory and table instructions (0xfc 8–17). */
function lowerBulk(op: number): void {
  switch (op) {
    case FC_BASE + 8: { // memory.init
      const d = r.u32();
      r.u8(); // (memory 0)
      bulk(op, d);
      break;
    }
    case FC_BASE + 9: // data.drop
    case FC_BASE + 13: { // elem.drop
      const x = r.u32();
      if (live()) code.push(op, x);
      break;
    }
    case FC_BASE + 10: // memory.copy
      r.u8(); // (memory 0, twice)
      r.u8();
      bulk(op);
      break;
    case FC_BASE + 11: // memory.fill
      r.u8(); // (memory 0)
      bulk(op);
      break;
    case FC_BASE + 12: { // table.init elem table
      const e = r.u32();
      bulk(op, r.u32(), e);
      break;
    }
    case FC_BASE + 14: { // table.copy dst src
      const x = r.u32();
      bulk(op, x, r.u32());
      break;
    }
    case FC_BASE + 15: { // table.grow [a, t]: the value in home slot a, the delta in a + 1; the result in a
      const x = r.u32();
      flushAll();
      popN(2);
      const a = slot(vals.length);
      push(I32);
      if (live()) code.push(op, a, x);
      break;
    }
    case FC_BASE + 16: { // table.size [dst, t]
      const x = r.u32();
      const dst = result(I32);
      if (live()) emit(op, dst, x);
      break;
    }
    case FC_BASE + 17: // table.fill
      bulk(op, r.u32());
      break;
    default:
      bug(`no lowering for ${opName(op)}`);
  }
}

/** What lower-simd.ts lowers through; `r` is the body's reader (set by lowerFunction). */
const simd: { -readonly [K in keyof SimdLowering]: SimdLowering[K] } = {
  r: undefined as unknown as Reader,
  pop: popSlot,
  push: result,
  emit: (op, dst, ...words) => {
    emit(op, dst);
    for (let i = 0; i < words.length; i++) code.push(words[i]!);
    lastEnd = code.length;
  },
  emitPlain: (...words) => { code.push(...words); },
  memarg,
  live,
};

/** Lowers body `defIndex` of `m`, read by `r` (its code bytes), which check.ts has accepted. */
export function lowerFunction(module: ModuleIR, defIndex: number, reader: Reader): Lowered {
  m = module;
  r = reader;
  funcIndex = m.numImportedFuncs + defIndex;
  type = m.types[m.funcs[funcIndex]!]!;
  locals = [...type.params, ...bodyLocals(m.bodies, defIndex)];
  numLocals = locals.length;
  vals = [];
  locs = [];
  lowAway = 0;
  popped = -1;
  lastEnd = lastDst = prevEnd = prevDst = prev2End = prev2Dst = -1;
  jrunAt = jrunEnd = moveAt = moveEnd = -1;
  lastLabel = 0;
  ctrls = [];
  code = [];
  maxSlots = numLocals;
  opAt = r.pos;
  loopHeads = [];
  retRefs = type.results.some(inR) ? 0x10000 : 0;
  pushCtrl('func', EMPTY, type.results);
  // v128 locals start as zero vectors (the interpreter keeps them in R: interp/simd.ts)
  for (let i = type.params.length; i < numLocals; i++) if (locals[i] === V128) code.push(SIMD_BASE + 0x0c, i, 0, 0, 0, 0);
  simd.r = r;

  // (the opcode byte, local indices and memargs are read inline when they are one byte
  // each: a call per instruction is what costs on the cold engine a game starts on)
  const bytes = r.bytes;
  while (ctrls.length > 0) {
    opAt = r.pos;
    if (opAt >= r.end) return bug('the body ends before its last end');
    let op = bytes[r.pos++]!;
    if (op === 0xfc) op = FC_BASE + r.u32();
    else if (op === 0xfd) {
      lowerSimd(simd, OPS[SIMD_BASE + r.u32()]!);
      continue;
    }
    const info = OPS[op];
    if (info === undefined) return bug(`opcode ${op} has no table row`);
    if (info.imm === 'none') {
      // [op, dst, a] or [op, dst, a, b]: operands from their current locations
      const ps = info.params;
      let b = -1;
      if (ps.length === 2) b = popSlot();
      const a = popSlot();
      const dst = result(info.results[0]!);
      if (!live()) continue;
      // What the op emitted last is (lastOp()), read once: fuse's tests read the slot it
      // wrote (code[lastDst]) and each that fuses changes them and returns.
      const lop = lastEnd === code.length ? code[lastDst - 1]! : -1;
      if (lop < 0) emit(op, dst, a, b >= 0 ? b : undefined);
      else fuse(op, dst, a, b, lop);
      continue;
    }
    if (info.imm === 'mem') lowerMem(op, info);
    else if (op === 0x20) {
      // local.get: no code, the value is read from the local where it is used
      let x = bytes[r.pos]!;
      if (x < 0x80) r.pos++;
      else x = r.u32();
      // (pushAt, inline)
      vals.push(locals[x]!);
      locs.push(x);
      if (numLocals + vals.length > maxSlots) maxSlots = numLocals + vals.length;
      if (locs.length - 1 < lowAway) lowAway = locs.length - 1;
    } else if (op <= 0x11) lowerControl(op);
    else lowerOther(op);
  }
  // (packSlotCode: operand words the interpreter reads from the op word, interp/pack.ts)
  const lowered = { code: packSlotCode(new Int32Array(code)), maxSlots, loopHeads: new Int32Array(loopHeads) };
  // (nothing of this body stays reachable from here: not its arrays, not the module's bytes)
  vals = locs = code = loopHeads = [];
  ctrls = [];
  locals = [];
  m = undefined!;
  r = simd.r = undefined!;
  type = undefined!;
  return lowered;
}
