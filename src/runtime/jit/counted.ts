// Counted loops: an innermost loop whose number of passes is known when it is
// entered runs, when that number is small, as a copy of itself without the
// per-pass interrupt poll; the fuel for all its passes is charged once on entry
// (docs/jit.md, "Counted loops"). A reachable call to the interrupt helper
// inside a loop makes V8 keep the loop's values in stack slots; the copy has
// none.
//
// The shape, found in the wasm without running it: the only branch back to
// the loop is at the top level of its body, so a pass that goes round has run
// every top-level instruction before that branch. A local written once, at the
// top level before it, as `i = i + s` (s made of constants and locals the loop
// never writes) then steps by exactly s per pass that goes round. A
// comparison of `i + a` with a value the loop never changes, at the top level,
// as the back edge's condition or the condition of a branch out of the loop
// before it, bounds the passes; countedPasses computes that bound from the
// values on entry.
import { Reader } from '../binary/reader.ts';
import { skipImmediates } from './immediates.ts';

/** A loop's copy without polls is used for at most this many passes. */
export const COUNTED_MAX_PASSES = 16384;
/** How many instructions back the matcher follows one value (counter updates and bounds are a few). */
const MAX_OPERAND_DEPTH = 64;

/** A sum of locals' values at the start of a pass, with integer coefficients, and a constant, mod 2^32. */
export interface Linear {
  terms: Map<number, number>;
  off: number;
}

/**
 * A loop that goes round again after pass t only if `cmp(u + (t−1)·s, v)`
 * holds (all i32, wrapping), where u, v and s are known on entry. `cmp` is
 * the wasm opcode of an i32 comparison (0x46 eq … 0x4f ge_u).
 */
export interface CountedLoop {
  cmp: number;
  /** The compared value on the first pass. */
  u: Linear;
  v: Linear;
  /** The step per pass. */
  s: Linear;
}

const EQ = 0x46, NE = 0x47, LT_S = 0x48, LT_U = 0x49, GT_S = 0x4a, GT_U = 0x4b, LE_S = 0x4c, LE_U = 0x4d, GE_S = 0x4e, GE_U = 0x4f;
/** not cmp(a, b) ⇔ NOT[cmp](a, b). */
const NOT: Record<number, number> = {
  [EQ]: NE, [NE]: EQ, [LT_S]: GE_S, [GE_S]: LT_S, [LT_U]: GE_U, [GE_U]: LT_U,
  [GT_S]: LE_S, [LE_S]: GT_S, [GT_U]: LE_U, [LE_U]: GT_U,
};
/** cmp(a, b) ⇔ SWAP[cmp](b, a). */
const SWAP: Record<number, number> = {
  [EQ]: EQ, [NE]: NE, [LT_S]: GT_S, [GT_S]: LT_S, [LT_U]: GT_U, [GT_U]: LT_U,
  [LE_S]: GE_S, [GE_S]: LE_S, [LE_U]: GE_U, [GE_U]: LE_U,
};

/**
 * The most passes a loop of shape `cmp` can make (going round again after
 * pass t only if `cmp(u + (t−1)·s, v)`, i32 arithmetic: the first pass where
 * that is false), given i32 values u, v, s; −1 when that is more than
 * COUNTED_MAX_PASSES, or when the counter could wrap round before the test
 * fails (the loop might then never stop). Called by generated code on loop
 * entry (`$cl`) when countedPassesCall does not inline it.
 */
export function countedPasses(cmp: number, u: number, v: number, s: number): number {
  u |= 0; v |= 0; s |= 0;
  if (s === 0) return -1;
  let p: number;
  if (cmp === EQ) return u === v ? 2 : 1; // u changes every pass, so it equals v on the first at most
  if (cmp === NE) {
    const m = s > 0 ? s : -s;
    const d = s > 0 ? (v - u) >>> 0 : (u - v) >>> 0;
    if (d % m !== 0) return -1;
    p = d / m + 1;
  } else {
    const unsigned = cmp === LT_U || cmp === GT_U || cmp === LE_U || cmp === GE_U;
    const U = unsigned ? u >>> 0 : u, V = unsigned ? v >>> 0 : v;
    const lo = unsigned ? 0 : -2147483648, hi = unsigned ? 4294967296 : 2147483648;
    if (cmp === LT_U || cmp === LT_S || cmp === LE_U || cmp === LE_S) {
      // Counting up: the first value past v must not wrap.
      const strict = cmp === LT_U || cmp === LT_S;
      if (s < 0 || (strict ? V + s > hi : V + s >= hi)) return -1;
      if (strict ? U >= V : U > V) return 1;
      p = (strict ? Math.ceil((V - U) / s) : Math.floor((V - U) / s) + 1) + 1;
    } else {
      const m = -s;
      const strict = cmp === GT_U || cmp === GT_S;
      if (s > 0 || (strict ? V + 1 - m < lo : V - m < lo)) return -1;
      if (strict ? U <= V : U < V) return 1;
      p = (strict ? Math.ceil((U - V) / m) : Math.floor((U - V) / m) + 1) + 1;
    }
  }
  return p <= COUNTED_MAX_PASSES ? p : -1;
}

/**
 * The instructions of the loop being matched, in three columns: opcode,
 * nesting inside the loop body (0 is its top level), first immediate (local
 * index, constant, branch depth), if any. Shared by every call (the matcher
 * does not nest) and grown as needed: the code generator asks about every
 * loop it translates, most of which are not this shape, so the scan allocates
 * nothing per instruction (it was an object each, and a large share of a
 * cold engine's first translation: docs/performance.md "Cold start").
 */
let insOp = new Int32Array(256), insDepth = new Int32Array(256), insImm = new Int32Array(256);
/** Longest columns kept between calls (instructions). */
const KEPT_COLUMNS = 1 << 16;

function growIns(): void {
  const n = Math.max(256, insOp.length * 2);
  const op = new Int32Array(n), depth = new Int32Array(n), imm = new Int32Array(n);
  op.set(insOp); depth.set(insDepth); imm.set(insImm);
  insOp = op; insDepth = depth; insImm = imm;
}

/** Value on top of the stack after instruction j, and the first instruction of the sequence that pushed it. */
interface Operand {
  value: Linear | null;
  start: number;
}

const add = (a: Linear, b: Linear, sign: number): Linear => {
  const terms = new Map(a.terms);
  for (const [l, c] of b.terms) {
    const n = (terms.get(l) ?? 0) + sign * c;
    if (n === 0) terms.delete(l); else terms.set(l, n);
  }
  return { terms, off: (a.off + sign * b.off) | 0 };
};

/**
 * Matches the body of an innermost `loop` with no parameters or results (the
 * reader just past its block type) against the shape described at the top of
 * this file; null for anything else. `isI32` tells which locals are i32.
 */
export function matchCountedLoop(bytes: Uint8Array, r0: Reader, isI32: (local: number) => boolean): CountedLoop | null {
  const found = match(bytes, r0, isI32);
  // (columns grown for a very long loop are not kept for the rest of the process)
  if (insOp.length > KEPT_COLUMNS) insOp = insDepth = insImm = new Int32Array(0);
  return found;
}

function match(bytes: Uint8Array, r0: Reader, isI32: (local: number) => boolean): CountedLoop | null {
  const r = new Reader(bytes, r0.pos, r0.end);
  let n = 0;
  const push = (op: number, depth: number, imm: number): void => {
    if (n === insOp.length) growIns();
    insOp[n] = op; insDepth[n] = depth; insImm[n] = imm;
    n++;
  };
  let backs = 0, last = -1;
  try {
    for (let depth = 0; ;) {
      const op = r.u8();
      let imm = 0;
      switch (op) {
        case 0x02: case 0x04: r.s33(); push(op, depth++, 0); continue;
        case 0x03: case 0xfd: return null; // a loop inside (not innermost); SIMD
        case 0x0b:
          if (depth === 0) break; // the loop's own end, pushed below
          push(op, --depth, 0);
          continue;
        case 0x05: push(op, depth - 1, 0); continue;
        case 0x0c: case 0x0d: case 0x20: case 0x21: case 0x22:
          imm = r.u32();
          // a branch back to the loop
          if (op <= 0x0d && imm === depth) { backs++; last = n; }
          break;
        case 0x41: imm = r.s32(); break;
        case 0x0e: {
          // A br_table back to the loop: not this shape.
          const k = r.u32();
          for (let i = 0; i <= k; i++) if (r.u32() === depth) return null;
          break;
        }
        default: skipImmediates(r, op);
      }
      push(op, depth, imm);
      if (op === 0x0b) break;
    }
  } catch {
    return null; // ran off the end of the body
  }
  // The only branch back to the loop, at the top level: a pass that goes
  // round has run every top-level instruction before it.
  if (backs !== 1 || insDepth[last] !== 0) return null;
  // Where each local is written (local.set/tee), in order.
  const writes = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    if (insOp[j] !== 0x21 && insOp[j] !== 0x22) continue;
    const w = writes.get(insImm[j]!);
    if (w) w.push(j); else writes.set(insImm[j]!, [j]);
  }

  // The value of local l just before instruction j, in terms of the values at the start of the pass.
  const localAt = (l: number, j: number): Linear | null => {
    if (!isI32(l)) return null;
    const ws = writes.get(l) ?? [];
    let lo = 0, hi = ws.length; // the last write before j: ws[lo - 1]
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ws[mid]! < j) lo = mid + 1; else hi = mid;
    }
    if (lo === 0) return { terms: new Map([[l, 1]]), off: 0 };
    const w = ws[lo - 1]!;
    if (insDepth[w] !== 0) return null; // written on some paths only
    return operand(w - 1)?.value ?? null;
  };
  // What instruction j leaves on top of the stack, for a few instructions at
  // the top level; each answer computed once, and not through more than
  // MAX_OPERAND_DEPTH instructions (a long chain of adds is not this shape,
  // and must not exhaust the JS stack).
  const known: (Operand | null | undefined)[] = [];
  let nesting = 0;
  const operand = (j: number): Operand | null => {
    if (j < 0 || j >= n || insDepth[j] !== 0) return null;
    const seen = known[j];
    if (seen !== undefined) return seen;
    if (nesting >= MAX_OPERAND_DEPTH) return null;
    nesting++;
    const o = operandOf(j, insOp[j]!, insImm[j]!);
    nesting--;
    known[j] = o;
    return o;
  };
  const operandOf = (j: number, op: number, imm: number): Operand | null => {
    switch (op) {
      case 0x20: return { value: localAt(imm, j), start: j };
      case 0x41: return { value: { terms: new Map(), off: imm }, start: j };
      case 0x22: {
        const o = operand(j - 1);
        return o && { value: isI32(imm) ? o.value : null, start: o.start };
      }
      case 0x6a: case 0x6b: {
        const b = operand(j - 1);
        const a = b && operand(b.start - 1);
        if (!a || !b) return null;
        return { value: a.value && b.value && add(a.value, b.value, op === 0x6a ? 1 : -1), start: a.start };
      }
      default: return null;
    }
  };
  const invariant = (x: Linear): boolean => [...x.terms].every(([l, c]) => !writes.has(l) && (c === 1 || c === -1));

  // Induction variables: written once in the body, at the top level, as i = i + s.
  const steps = new Map<number, Linear>();
  for (const [l, ws] of writes) {
    if (ws.length !== 1 || !isI32(l)) continue;
    const end = localAt(l, last);
    if (end === null || end.terms.get(l) !== 1) continue;
    const s = add(end, { terms: new Map([[l, 1]]), off: 0 }, -1);
    if (invariant(s) && (s.terms.size > 0 || s.off !== 0)) steps.set(l, s);
  }
  if (steps.size === 0) return null;

  // Conditions that bound the passes: the back edge's (go round while true)
  // and each top-level branch out's (go round while false).
  const conds: [number, boolean][] = [];
  if (insOp[last] === 0x0d) conds.push([last, true]);
  for (let j = 0; j < last; j++) {
    if (insOp[j] === 0x0d && insDepth[j] === 0 && insImm[j]! > 0) conds.push([j, false]);
  }
  for (const [j, goesRound] of conds) {
    if (j < 1 || insDepth[j - 1] !== 0) continue;
    const c = insOp[j - 1]!;
    let cmp: number, a: Operand | null, b: Operand | null;
    if (c >= EQ && c <= GE_U) {
      cmp = c;
      b = operand(j - 2);
      a = b && operand(b.start - 1);
    } else if (c === 0x45) { // eqz
      cmp = EQ;
      a = operand(j - 2);
      b = { value: { terms: new Map(), off: 0 }, start: j - 2 };
    } else {
      cmp = NE;
      a = operand(j - 1);
      b = { value: { terms: new Map(), off: 0 }, start: j - 1 };
    }
    if (!a?.value || !b?.value) continue;
    if (!goesRound) cmp = NOT[cmp]!;
    for (const [l, s] of steps) {
      let u = a.value, v = b.value, k = cmp;
      if (v.terms.get(l) === 1 && !u.terms.has(l)) { [u, v] = [v, u]; k = SWAP[k]!; }
      if (u.terms.get(l) !== 1 || v.terms.has(l) || !invariant(v)) continue;
      const rest = add(u, { terms: new Map([[l, 1]]), off: 0 }, -1);
      if (!invariant(rest)) continue;
      return { cmp: k, u, v, s };
    }
  }
  return null;
}

/** JS for a Linear over the locals `l<n>` (their values on loop entry). */
function linearSource(x: Linear): string {
  let s = String(x.off | 0);
  for (const [l, c] of x.terms) s += `${c > 0 ? '+' : '-'}${Math.abs(c) === 1 ? '' : `${Math.abs(c)}*`}l${l}`;
  return s;
}

/**
 * The generated code's expression on loop entry: the most passes the loop can
 * make, or −1 (countedPasses, inline when the step is a constant power of two,
 * with temporaries Qu, Qv).
 */
export function countedPassesCall(c: CountedLoop): string {
  const u = linearSource(c.u), v = linearSource(c.v);
  const s = c.s.off | 0;
  const m = Math.abs(s), k = Math.log2(m);
  if (c.s.terms.size > 0 || !Number.isInteger(k) || m === 2 ** 31) return `$cl(${c.cmp},${u},${v},${linearSource(c.s)})`;
  const max = COUNTED_MAX_PASSES;
  if (c.cmp === EQ) return `((${u})|0)===((${v})|0)?2:1`;
  if (c.cmp === NE) {
    const d = s > 0 ? `(${v}-(${u}))>>>0` : `(${u}-(${v}))>>>0`;
    return `(Qu=${d},(Qu&${m - 1})===0&&Qu<${max * m}?(Qu>>>${k})+1:-1)`;
  }
  const unsigned = c.cmp === LT_U || c.cmp === GT_U || c.cmp === LE_U || c.cmp === GE_U;
  const U = unsigned ? `(${u})>>>0` : `(${u})|0`, V = unsigned ? `(${v})>>>0` : `(${v})|0`;
  const lo = unsigned ? 0 : -(2 ** 31), hi = unsigned ? 2 ** 32 : 2 ** 31;
  const up = c.cmp === LT_U || c.cmp === LT_S || c.cmp === LE_U || c.cmp === LE_S;
  const strict = c.cmp === LT_U || c.cmp === LT_S || c.cmp === GT_U || c.cmp === GT_S;
  if (up !== s > 0) return '-1';
  // Counting up from Qu to Qv (or down from Qu to Qv): the distance, in steps.
  const [from, to] = up ? ['Qu', 'Qv'] : ['Qv', 'Qu'];
  const fits = up ? (strict ? `Qv<=${hi - m}` : `Qv<${hi - m}`) : (strict ? `Qv>=${lo + m - 1}` : `Qv>=${lo + m}`);
  const done = strict ? `${from}>=${to}` : `${from}>${to}`;
  const steps = strict ? `((${to}-${from}+${m - 1})>>>${k})+1` : `((${to}-${from})>>>${k})+2`;
  const short = strict ? `${to}-${from}<=${(max - 1) * m}` : `${to}-${from}<${(max - 1) * m}`; // passes ≤ max
  return `(Qu=${U},Qv=${V},${fits}?${done}?1:${short}?${steps}:-1:-1)`;
}
