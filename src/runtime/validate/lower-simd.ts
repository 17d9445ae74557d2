// Lowering of the 128-bit SIMD instructions (0xFD prefix) to slot code,
// driven by their rows in the opcode table (opcodes.ts: signature, immediate
// kind, lane count), in bodies validate/check.ts has accepted (it checks the
// same rows: types, alignment, lane indices). validate/lower.ts calls
// lowerSimd for every SIMD instruction with the few operations of its stack
// it needs; the slot-code forms emitted here are listed in interp/simd.ts.
import type { Reader } from '../binary/reader.ts';
import type { ValType } from '../module.ts';
import type { OpInfo } from '../opcodes.ts';

/** What lowerSimd needs from the function's lowering. */
export interface SimdLowering {
  readonly r: Reader;
  /** Pops an operand; returns the slot it is read from. */
  pop(): number;
  /** Pushes a result of type t; returns its home slot. */
  push(t: ValType): number;
  /** Emits [op, dst, ...words] for a result written to the stack top's home slot dst. */
  emit(op: number, dst: number, ...words: number[]): void;
  /** Emits an instruction without a result. */
  emitPlain(...words: number[]): void;
  /** Reads a memarg; returns the offset. */
  memarg(): number;
  /** Whether the code being lowered is reachable (emitted). */
  live(): boolean;
}

/** Four little-endian int32 words of 16 immediate bytes. */
function words16(r: Reader): number[] {
  return [r.i32le(), r.i32le(), r.i32le(), r.i32le()];
}

export function lowerSimd(v: SimdLowering, info: OpInfo): void {
  const op = info.code;
  switch (info.imm) {
    case 'mem': {
      const offset = v.memarg() | 0;
      if (info.results.length) {
        const addr = v.pop();
        const dst = v.push(info.results[0]!);
        if (v.live()) v.emit(op, dst, addr, offset);
      } else {
        const value = v.pop();
        const addr = v.pop();
        if (v.live()) v.emitPlain(op, addr, value, offset);
      }
      return;
    }
    case 'memlane': {
      const offset = v.memarg() | 0;
      const lane = v.r.u8();
      const vec = v.pop();
      const addr = v.pop();
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
      const w = words16(v.r);
      const b = v.pop();
      const a = v.pop();
      const dst = v.push(info.results[0]!);
      if (v.live()) v.emit(op, dst, a, b, ...w);
      return;
    }
    default: {
      // plain ('none') and lane ops: [op, dst, operands..., (lane)]
      const lane = info.imm === 'lane' ? v.r.u8() : -1;
      const n = info.params.length;
      const slots: number[] = new Array<number>(n);
      for (let i = n - 1; i >= 0; i--) slots[i] = v.pop();
      const dst = v.push(info.results[0]!);
      if (!v.live()) return;
      if (lane >= 0) v.emit(op, dst, ...slots, lane);
      else v.emit(op, dst, ...slots);
    }
  }
}
