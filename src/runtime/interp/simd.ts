// The interpreter's SIMD instructions (0xFD prefix), run from cold(): the
// semantics are simd/ops.ts's, shared with the JIT. A v128 lives in the
// value stack's reference array (R[s]) as its immutable Int32Array, so the
// generic moves of slot code (MOVE_REF, branches, RETURN with its reference
// flag, SELECT_REF) carry it unchanged.
//
// Slot code of a SIMD op (validate/simd.ts emits it): every operand is a
// slot, an i64 operand one slot (both words), then the immediates:
//   plain ops          [op, dst, a(, b(, c))]
//   lane ops           [op, dst, a(, x), lane]
//   v128.const         [op, dst, w0, w1, w2, w3]
//   i8x16.shuffle      [op, dst, a, b, w0, w1, w2, w3]   (the 16 lane bytes as 4 words)
//   loads              [op, dst, addr, offset]
//   stores             [op, addr, v, offset]
//   loadN_lane         [op, dst, addr, v, offset, lane]
//   storeN_lane        [op, addr, v, offset, lane]
import { F, I, R, trap } from './stack.ts';
import { OPS, SIMD_BASE, SIMD_COUNT, type OpInfo } from '../opcodes.ts';
import { F64, I64, V128 as TV128 } from '../module.ts';
import { HI, SIMD_FNS } from '../simd/ops.ts';
import type { FuncInst } from '../store.ts';

/** Slot-code length of a SIMD op (opcodes.ts OpInfo). */
export function simdSlotLength(info: OpInfo): number {
  switch (info.imm) {
    case 'v128': return 6;
    case 'shuffle': return 8;
    case 'mem': return 4;
    case 'memlane': return info.results.length ? 6 : 5;
    case 'lane': return 2 + info.params.length + 1;
    default: return 2 + info.params.length;
  }
}

/** Slot-code lengths of every SIMD op, by code (0 for codes that are none). */
export const SIMD_SLOT_LEN: [number, number][] = [];
for (let n = 0; n < SIMD_COUNT; n++) {
  const info = OPS[SIMD_BASE + n];
  if (info) SIMD_SLOT_LEN.push([SIMD_BASE + n, simdSlotLength(info)]);
}

/** A scalar or vector argument read from slot s, by type (an i64 pushes two). */
function arg(args: unknown[], t: number, s: number): void {
  switch (t) {
    case TV128: args.push(R[s]); return;
    case I64: args.push(I[s << 1], I[(s << 1) + 1]); return;
    case F64: args.push(F[s]); return;
    default: args.push(I[s << 1]); // i32, f32 bits
  }
}

function result(t: number, s: number, v: unknown): void {
  switch (t) {
    case TV128: R[s] = v; return;
    case I64: I[s << 1] = v as number; I[(s << 1) + 1] = HI[0]!; return;
    case F64: F[s] = v as number; return;
    default: I[s << 1] = v as number; // i32, f32 bits
  }
}

/** Runs the SIMD op at code[pc] (its length is simdSlotLength). */
export function simdStep(op: number, code: Int32Array, pc: number, fp: number, cur: FuncInst): void {
  const info = OPS[op]!;
  const fn = SIMD_FNS[op - SIMD_BASE]!;
  if (info.imm === 'mem' || info.imm === 'memlane') {
    const mem = cur.inst!.memory!;
    const load = info.results.length === 1;
    const k = load ? 2 : 1;
    const ea = (I[(fp + code[pc + k]!) << 1]! >>> 0) + (code[pc + k + (info.params.length === 2 ? 2 : 1)]! >>> 0);
    if (ea + info.width > mem.size) throw trap('out of bounds memory access', cur);
    const dv = mem.dv;
    if (info.imm === 'mem') {
      if (load) R[fp + code[pc + 1]!] = fn(dv, ea);
      else fn(dv, ea, R[fp + code[pc + 2]!]);
    } else if (load) R[fp + code[pc + 1]!] = fn(dv, ea, R[fp + code[pc + 3]!], code[pc + 5]!);
    else fn(dv, ea, R[fp + code[pc + 2]!], code[pc + 4]!);
    return;
  }
  if (info.imm === 'v128') {
    R[fp + code[pc + 1]!] = fn(code[pc + 2]!, code[pc + 3]!, code[pc + 4]!, code[pc + 5]!);
    return;
  }
  const args: unknown[] = [];
  const ps = info.params;
  for (let i = 0; i < ps.length; i++) arg(args, ps[i]!, fp + code[pc + 2 + i]!);
  const at = pc + 2 + ps.length;
  if (info.imm === 'lane') args.push(code[at]!);
  else if (info.imm === 'shuffle') args.push(code[at]!, code[at + 1]!, code[at + 2]!, code[at + 3]!);
  result(info.results[0]!, fp + code[pc + 1]!, (fn as (...a: unknown[]) => unknown)(...args));
}

