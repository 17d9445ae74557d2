// The interpreter's SIMD instructions (0xFD prefix), run from cold(): the
// semantics are simd/ops.ts's, shared with the JIT. A v128 lives in the
// value stack's reference array (R[s]) as its immutable Int32Array, so the
// generic moves of slot code (MOVE_REF, branches, RETURN with its reference
// flag, SELECT_REF) carry it unchanged.
//
// Slot code of a SIMD op (validate/lower-simd.ts emits it): every operand is a
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
import { F32 as TF32, F64, I64, V128 as TV128 } from '../module.ts';
import { HI, SIMD_FNS } from '../simd/ops.ts';
import type { FuncInst, InstanceState } from '../store.ts';

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

/** How simdStep reads the operands and writes the result of each op, by code - SIMD_BASE. */
const enum Shape { VtoV, VVtoV, VVVtoV, VtoI, VItoV, ItoV, LtoV, FtoV, LaneVtoI, LaneVtoL, LaneVtoF, LaneVItoV, LaneVLtoV, LaneVFtoV, Shuffle, Const, Mem, MemLane }

const SHAPES = new Uint8Array(SIMD_COUNT);
for (let n = 0; n < SIMD_COUNT; n++) {
  const info = OPS[SIMD_BASE + n];
  if (!info) continue;
  const sig = `${info.params.map(code).join('')}:${info.results.map(code).join('')}`;
  const lane = info.imm === 'lane';
  let shape: Shape;
  if (info.imm === 'mem') shape = Shape.Mem;
  else if (info.imm === 'memlane') shape = Shape.MemLane;
  else if (info.imm === 'v128') shape = Shape.Const;
  else if (info.imm === 'shuffle') shape = Shape.Shuffle;
  else {
    const shapes: Record<string, Shape> = lane
      ? { 'V:i': Shape.LaneVtoI, 'V:f': Shape.LaneVtoI, 'V:I': Shape.LaneVtoL, 'V:F': Shape.LaneVtoF, 'Vi:V': Shape.LaneVItoV, 'Vf:V': Shape.LaneVItoV, 'VI:V': Shape.LaneVLtoV, 'VF:V': Shape.LaneVFtoV }
      : { 'V:V': Shape.VtoV, 'VV:V': Shape.VVtoV, 'VVV:V': Shape.VVVtoV, 'V:i': Shape.VtoI, 'Vi:V': Shape.VItoV, 'i:V': Shape.ItoV, 'f:V': Shape.ItoV, 'I:V': Shape.LtoV, 'F:V': Shape.FtoV };
    const found = shapes[sig];
    if (found === undefined) throw new Error(`interp/simd: no shape for ${info.name} (${sig})`);
    shape = found;
  }
  SHAPES[n] = shape;
}

function code(t: number): string {
  return t === TV128 ? 'V' : t === I64 ? 'I' : t === F64 ? 'F' : t === TF32 ? 'f' : 'i';
}

/** Runs the SIMD op at code[pc] (its length is simdSlotLength). */
export function simdStep(op: number, code: Int32Array, pc: number, fp: number, cur: FuncInst, inst: InstanceState): void {
  const n = op - SIMD_BASE;
  const fn = SIMD_FNS[n]!;
  const d = fp + code[pc + 1]!;
  switch (SHAPES[n]! as Shape) {
    case Shape.VtoV: R[d] = fn(R[fp + code[pc + 2]!]); return;
    case Shape.VVtoV: R[d] = fn(R[fp + code[pc + 2]!], R[fp + code[pc + 3]!]); return;
    case Shape.VVVtoV: R[d] = fn(R[fp + code[pc + 2]!], R[fp + code[pc + 3]!], R[fp + code[pc + 4]!]); return;
    case Shape.VtoI: I[d << 1] = fn(R[fp + code[pc + 2]!]); return;
    case Shape.VItoV: R[d] = fn(R[fp + code[pc + 2]!], I[(fp + code[pc + 3]!) << 1]); return;
    case Shape.ItoV: R[d] = fn(I[(fp + code[pc + 2]!) << 1]); return;
    case Shape.LtoV: { const a = (fp + code[pc + 2]!) << 1; R[d] = fn(I[a], I[a + 1]); return; }
    case Shape.FtoV: R[d] = fn(F[fp + code[pc + 2]!]); return;
    case Shape.LaneVtoI: I[d << 1] = fn(R[fp + code[pc + 2]!], code[pc + 3]!); return;
    case Shape.LaneVtoL: I[d << 1] = fn(R[fp + code[pc + 2]!], code[pc + 3]!); I[(d << 1) + 1] = HI[0]!; return;
    case Shape.LaneVtoF: F[d] = fn(R[fp + code[pc + 2]!], code[pc + 3]!); return;
    case Shape.LaneVItoV: R[d] = fn(R[fp + code[pc + 2]!], I[(fp + code[pc + 3]!) << 1], code[pc + 4]!); return;
    case Shape.LaneVLtoV: { const a = (fp + code[pc + 3]!) << 1; R[d] = fn(R[fp + code[pc + 2]!], I[a], I[a + 1], code[pc + 4]!); return; }
    case Shape.LaneVFtoV: R[d] = fn(R[fp + code[pc + 2]!], F[fp + code[pc + 3]!], code[pc + 4]!); return;
    case Shape.Shuffle: R[d] = fn(R[fp + code[pc + 2]!], R[fp + code[pc + 3]!], code[pc + 4]!, code[pc + 5]!, code[pc + 6]!, code[pc + 7]!); return;
    case Shape.Const: R[d] = fn(code[pc + 2]!, code[pc + 3]!, code[pc + 4]!, code[pc + 5]!); return;
    default: {
      const info = OPS[op]!;
      const mem = inst.memory!;
      const load = info.results.length === 1;
      const k = load ? 2 : 1;
      const ea = (I[(fp + code[pc + k]!) << 1]! >>> 0) + (code[pc + k + (info.params.length === 2 ? 2 : 1)]! >>> 0);
      if (ea + info.width > mem.size) throw trap('out of bounds memory access', cur);
      const dv = mem.dv;
      if (info.imm === 'mem') {
        if (load) R[d] = fn(dv, ea);
        else fn(dv, ea, R[fp + code[pc + 2]!]);
      } else if (load) R[d] = fn(dv, ea, R[fp + code[pc + 3]!], code[pc + 5]!);
      else fn(dv, ea, R[fp + code[pc + 2]!], code[pc + 4]!);
    }
  }
}
