// Skipping an instruction's immediates in a function body, for the JIT's
// scans that look at a few opcodes only (codegen.ts's module analyses,
// counted.ts). The decoder and validator have already checked the body.
import type { Reader } from '../binary/reader.ts';
import { skipSimdImmediates } from './simd.ts';

/** Moves `r` past the immediates of `op` (block types excepted: callers read those themselves). */
export function skipImmediates(r: Reader, op: number): void {
  switch (op) {
    case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
    case 0x25: case 0x26: case 0xd2:
      r.u32(); return;
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    }
    case 0x11: r.u32(); r.u32(); return;
    case 0x1c: { const n = r.u32(); for (let i = 0; i < n; i++) r.u8(); return; }
    case 0x3f: case 0x40: r.u8(); return;
    case 0x41: r.s32(); return;
    case 0x42: r.s64(); return;
    case 0x43: r.i32le(); return;
    case 0x44: r.i32le(); r.i32le(); return;
    case 0xd0: r.u8(); return;
    case 0xfc: {
      const sub = r.u32();
      switch (sub) {
        case 8: r.u32(); r.u8(); return;
        case 9: case 13: case 15: case 16: case 17: r.u32(); return;
        case 10: r.u8(); r.u8(); return;
        case 11: r.u8(); return;
        case 12: case 14: r.u32(); r.u32(); return;
        default: return;
      }
    }
    case 0xfd: skipSimdImmediates(r, r.u32()); return;
    default:
      if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); }
  }
}
