// Little-endian words assembled byte by byte. Code that reads a u32 or u64
// from an unaligned byte slice (hashes, parsers: `b[i] | b[i+1] << 8 | …`)
// often reaches wasm as one `load8_u` per byte, shifted and or-ed together:
//
//   local.get B  [i32.const j  i32.add]  i64.load8_u offset=o  [i64.const 8k  i64.shl]
//   … the next byte …  i64.or  … the next byte …  i64.or  …
//
// Native WebAssembly runs each byte load with guard pages; here each is a
// DataView access with its own checks, so eight of them cost several times
// one i64 load. The JIT matches the whole expression and reads the word with
// two (or one) getInt32 — the same value, and the same trap: the bytes are
// loads only, so trapping at the first out-of-bounds byte or at the word
// cannot be told apart — unless a byte's address wraps past 2^32 (`i32.add`
// wraps), which codegen.ts pushGather checks for and then reads byte-wise.
import { Reader } from '../binary/reader.ts';
import { I32, I64, type ValType } from '../module.ts';

/** One byte of a gather: loaded from ((local + add) mod 2^32) + offset. */
export interface GatherByte {
  add: number;
  offset: number;
}

export interface ByteGather {
  t: ValType;
  /** The local holding the base address. */
  local: number;
  /** The bytes in order of significance (little-endian: bytes[0] is bits 0–7). */
  bytes: GatherByte[];
  /** Reader position just past the expression. */
  end: number;
}

interface Shape {
  n: number;
  load: number;
  konst: number;
  shl: number;
  or: number;
}
const I64_SHAPE: Shape = { n: 8, load: 0x31, konst: 0x42, shl: 0x86, or: 0x84 };
const I32_SHAPE: Shape = { n: 4, load: 0x2d, konst: 0x41, shl: 0x74, or: 0x72 };

/** Constants up to this size only: no term's address arithmetic can overflow a double's integers. */
const MAX_IMM = 0x7fffffff;

/**
 * Matches a whole byte-gathering expression starting at the `local.get` (or
 * `local.tee`) at `pos`: n terms (8 for i64, 4 for i32) or-ed left to right, every term a
 * byte of the same local's address shifted to its place, the bytes
 * consecutive in memory and in significance. Null for anything else.
 */
export function matchByteGather(bytes: Uint8Array, pos: number, end: number, localType: (i: number) => ValType | undefined): ByteGather | null {
  // (quick rejection, this runs at every local.get: the op after the local's
  // index must be a load8_u, or an i32.const and an i32.add then a load8_u —
  // `local.get; i32.const` alone is every address computation, and the full
  // match allocates)
  let p = pos + 1;
  while (p < end && bytes[p]! & 0x80) p++;
  let next = bytes[++p];
  if (next === 0x41) {
    while (++p < end && bytes[p]! & 0x80);
    if (bytes[p + 1] !== 0x6a) return null;
    next = bytes[p + 2];
  }
  if (next !== 0x31 && next !== 0x2d) return null;
  const r = new Reader(bytes, pos, end);
  try {
    return match(r, I64_SHAPE, localType) ?? (r.pos = pos, match(r, I32_SHAPE, localType));
  } catch {
    return null; // ran off the end of the body: not this shape
  }
}

function match(r: Reader, s: Shape, localType: (i: number) => ValType | undefined): ByteGather | null {
  let local = -1;
  const bySignificance: (GatherByte | undefined)[] = [];
  for (let i = 0; i < s.n; i++) {
    // one term: local.get B [i32.const j i32.add] load8_u [const 8k shl]
    // (the first may be a local.tee B of the base just computed)
    const get = r.u8();
    if (get !== 0x20 && !(get === 0x22 && i === 0)) return null;
    const b = r.u32();
    if (local < 0) {
      if (localType(b) !== I32) return null;
      local = b;
    } else if (b !== local) return null;
    let op = r.u8();
    let add = 0;
    if (op === 0x41) {
      add = r.s32();
      if (add < 0 || r.u8() !== 0x6a) return null;
      op = r.u8();
    }
    if (op !== s.load) return null;
    r.u32(); // alignment: any
    const offset = r.u32();
    if (offset > MAX_IMM) return null;
    let k = 0;
    const save = r.pos;
    if (r.u8() === s.konst) {
      const shift = s.konst === 0x42 ? r.s64()[0]! : r.s32();
      if (r.u8() !== s.shl || shift <= 0 || shift % 8 !== 0 || shift / 8 >= s.n) return null;
      k = shift / 8;
    } else r.pos = save;
    if (bySignificance[k]) return null;
    bySignificance[k] = { add, offset };
    if (i > 0 && r.u8() !== s.or) return null;
  }
  const first = bySignificance[0]!;
  const base = first.add + first.offset;
  for (let k = 1; k < s.n; k++) {
    const g = bySignificance[k]!;
    if (g.add + g.offset !== base + k) return null;
  }
  return { t: s === I64_SHAPE ? I64 : I32, local, bytes: bySignificance as GatherByte[], end: r.pos };
}
