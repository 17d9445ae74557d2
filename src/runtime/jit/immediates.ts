// Skipping an instruction's immediates in a function body, for the JIT's
// scans that look at a few opcodes only (analyses.ts, codegen.ts, counted.ts).
// The decoder and validator have already checked the body, so these read
// without bounds or range checks: a LEB128 number ends at its first byte
// below 0x80.
//
// A table of immediate shapes by opcode rather than a `switch`: these scans
// run over the whole code section once, cold (the first translation of a
// lazily tiered module, docs/jit.md "Lazy tiering"), when V8 still runs them
// in its interpreter, where a lookup and a LEB loop cost far less than a
// Reader method call per number.
import { Reader } from '../binary/reader.ts';
import { skipSimdImmediates } from './simd.ts';

/** Immediate shapes (IMM): none, LEB numbers (1, 2), fixed bytes (4, 8), or read by immediatesEnd itself. */
export const NONE = 0, LEB1 = 1, LEB2 = 2, BYTES4 = 3, BYTES8 = 4, OTHER = 5;

/** Immediate shape by opcode (block types are not included: callers read those themselves). */
export const IMM = new Uint8Array(256);
for (const op of [0x0c, 0x0d, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2, 0x3f, 0x40, 0x41, 0x42, 0xd0]) IMM[op] = LEB1;
IMM[0x11] = LEB2;
for (let op = 0x28; op <= 0x3e; op++) IMM[op] = LEB2; // memarg: align, offset
IMM[0x43] = BYTES4;
IMM[0x44] = BYTES8;
for (const op of [0x0e, 0x1c, 0xfc, 0xfd]) IMM[op] = OTHER;

/**
 * LEB128 numbers after a 0xfc prefix's sub-opcode, by sub-opcode (the memory
 * index of memory.init/copy/fill is one zero byte, a one-byte LEB).
 */
const FC_LEBS = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1]);

/** Position just past the LEB128 number at `p`. */
export function lebEnd(bytes: Uint8Array, p: number): number {
  while (bytes[p++]! & 0x80);
  return p;
}

/** lebNext: position just past the number u32At read last. */
export let lebNext = 0;

/** The unsigned LEB128 number (at most 32 bits) at `p`; sets lebNext. */
export function u32At(bytes: Uint8Array, p: number): number {
  let v = 0, shift = 0, b: number;
  do {
    b = bytes[p++]!;
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  lebNext = p;
  return v >>> 0;
}

/** Position just past the immediates of `op`, whose immediates start at `p` (block types excepted). */
export function immediatesEnd(bytes: Uint8Array, p: number, op: number): number {
  switch (IMM[op]) {
    case NONE: return p;
    case LEB1: return lebEnd(bytes, p);
    case LEB2: return lebEnd(bytes, lebEnd(bytes, p));
    case BYTES4: return p + 4;
    case BYTES8: return p + 8;
    default:
  }
  if (op === 0x0e) {
    // br_table: n, then n + 1 labels
    for (let n = u32At(bytes, p), q = lebNext, i = 0; ; i++) {
      q = lebEnd(bytes, q);
      if (i === n) return q;
    }
  }
  if (op === 0x1c) {
    // select t*: n, then n one-byte value types
    const n = u32At(bytes, p);
    return lebNext + n;
  }
  if (op === 0xfc) {
    const sub = u32At(bytes, p);
    let q = lebNext;
    for (let i = sub < FC_LEBS.length ? FC_LEBS[sub]! : 0; i > 0; i--) q = lebEnd(bytes, q);
    return q;
  }
  // 0xfd: SIMD (rare in the scans; the Reader-based skipper knows its shapes)
  const r = new Reader(bytes, p);
  skipSimdImmediates(r, r.u32());
  return r.pos;
}

/** Moves `r` past the immediates of `op` (block types excepted: callers read those themselves). */
export function skipImmediates(r: Reader, op: number): void {
  r.pos = immediatesEnd(r.bytes, r.pos, op);
}
