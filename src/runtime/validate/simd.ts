// Validation and lowering of the 128-bit SIMD instructions (0xFD prefix),
// driven by their rows in the opcode table (opcodes.ts: signature, immediate
// kind, natural alignment, lane count). validate/func.ts calls lowerSimd for
// every SIMD instruction with the few operations of its stack it needs; the
// slot-code forms emitted here are listed in interp/simd.ts.
import type { Reader } from '../binary/reader.ts';
import { I32, type ValType } from '../module.ts';
import type { OpInfo } from '../opcodes.ts';

/** What lowerSimd needs from the function validator. */
export interface SimdLowering {
  readonly r: Reader;
  fail(msg: string): never;
  /** Pops an operand of type t; returns the slot it is read from. */
  pop(t: ValType): number;
  /** Pushes a result of type t; returns its home slot. */
  push(t: ValType): number;
  /** Emits [op, dst, ...words] for a result written to the stack top's home slot dst. */
  emit(op: number, dst: number, ...words: number[]): void;
  /** Emits an instruction without a result. */
  emitPlain(...words: number[]): void;
  /** Reads a memarg, checking the memory exists and the alignment; returns the offset. */
  memarg(info: OpInfo): number;
  /** Whether the code being validated is reachable (emitted). */
  live(): boolean;
}

function laneIndex(v: SimdLowering, info: OpInfo): number {
  const at = v.r.pos;
  const lane = v.r.u8();
  if (lane >= info.lanes) v.r.fail(`invalid lane index ${lane} for ${info.name} (${info.lanes} lanes)`, at);
  return lane;
}

/** Four little-endian int32 words of 16 immediate bytes. */
function words16(r: Reader): number[] {
  return [r.i32le(), r.i32le(), r.i32le(), r.i32le()];
}

export function lowerSimd(v: SimdLowering, info: OpInfo): void {
  const op = info.code;
  switch (info.imm) {
    case 'mem': {
      const offset = v.memarg(info) | 0;
      if (info.results.length) {
        const addr = v.pop(I32);
        const dst = v.push(info.results[0]!);
        if (v.live()) v.emit(op, dst, addr, offset);
      } else {
        const value = v.pop(info.params[1]!);
        const addr = v.pop(I32);
        if (v.live()) v.emitPlain(op, addr, value, offset);
      }
      return;
    }
    case 'memlane': {
      const offset = v.memarg(info) | 0;
      const lane = laneIndex(v, info);
      const vec = v.pop(info.params[1]!);
      const addr = v.pop(I32);
      if (info.results.length) {
        const dst = v.push(info.results[0]!);
        if (v.live()) v.emit(op, dst, addr, vec, offset, lane);
      } else if (v.live()) v.emitPlain(op, addr, vec, offset, lane);
      return;
    }
    case 'v128': {
      const w = words16(v.r);
      const dst = v.push(info.results[0]!);
      if (v.live()) v.emit(op, dst, ...w);
      return;
    }
    case 'shuffle': {
      const at = v.r.pos;
      const w = words16(v.r);
      for (let j = 0; j < 16; j++) {
        const l = (w[j >> 2]! >>> ((j & 3) * 8)) & 0xff;
        if (l >= 32) v.r.fail(`invalid lane index ${l} for i8x16.shuffle (32 lanes)`, at + j);
      }
      const b = v.pop(info.params[1]!);
      const a = v.pop(info.params[0]!);
      const dst = v.push(info.results[0]!);
      if (v.live()) v.emit(op, dst, a, b, ...w);
      return;
    }
    default: {
      // plain ('none') and lane ops: [op, dst, operands..., (lane)]
      const lane = info.imm === 'lane' ? laneIndex(v, info) : -1;
      const ps = info.params;
      const slots: number[] = new Array<number>(ps.length);
      for (let i = ps.length - 1; i >= 0; i--) slots[i] = v.pop(ps[i]!);
      const dst = v.push(info.results[0]!);
      if (!v.live()) return;
      if (lane >= 0) v.emit(op, dst, ...slots, lane);
      else v.emit(op, dst, ...slots);
    }
  }
}
