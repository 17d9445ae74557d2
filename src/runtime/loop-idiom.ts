// Loops that copy or fill memory one element at a time, as compiler-builtins'
// memcpy and memset do on wasm32: both engines run such a loop's whole run (or
// all but its last element) as one typed-array copyWithin/fill when that is
// exactly what the loop would do, the interpreter the other in-bounds runs as
// a JS loop over the elements (docs/jit.md, "Copy and fill loops").
import { Reader } from './binary/reader.ts';
import { I32, type ValType } from './module.ts';

/**
 * Shorter runs are left to the loop. The JIT's loop is compiled code, cheaper
 * per element than a typed-array call up to about this many bytes.
 */
export const JIT_BULK_MIN_BYTES = 64;
/**
 * The interpreter's BULK_LOOP does shorter runs (and copies onto their own
 * source, word fills of unequal bytes) with a JS loop over the elements,
 * longer ones with one copyWithin/fill call.
 */
export const INTERP_BULK_MIN_BYTES = 8;
/**
 * The longest run BULK_LOOP does with its JS element loop (a few µs): a
 * longer copy onto its own source or word fill of unequal bytes runs as the
 * interpreted loop, which polls for interrupts.
 */
export const INTERP_ELEMENT_RUN_MAX = 4096;

/** A loop that copies or fills memory one element at a time (the JIT's bulkPrefix, the interpreter's BULK_LOOP). */
export interface LoopIdiom {
  /** Element size: 1 (`load8_u`/`store8`) or 4 (`i32.load`/`i32.store`). */
  k: number;
  /** Locals: destination, end (exclusive, compared with `lt_u`), and the source or the fill value. */
  d: number;
  e: number;
  s?: number;
  v?: number;
}

/**
 * Matches the body of a `loop` (the reader just past its block type) against
 * the two shapes compiler-builtins' memcpy and memset use on wasm32, word and
 * byte variants; null for anything else:
 *
 *   copy: d[0] = s[0]; s += k; d += k; br_if (d <u e)    (load/store offsets 0)
 *   fill: d[0] = v;              d += k; br_if (d <u e)
 */
export function matchLoopIdiom(bytes: Uint8Array, r0: Reader, localType: (i: number) => ValType | undefined): LoopIdiom | null {
  const r = new Reader(bytes, r0.pos, r0.end);
  const get = (op: number): number => (r.u8() === op ? r.u32() : -1);
  const konst = (k: number): boolean => r.u8() === 0x41 && r.s32() === k;
  const memarg = (): boolean => { r.u32(); return r.u32() === 0; };
  try {
    const d = get(0x20);
    const x = get(0x20);
    let op = r.u8();
    let k: number, s: number | undefined, v: number | undefined;
    if (op === 0x2d || op === 0x28) {
      k = op === 0x2d ? 1 : 4;
      s = x;
      if (!memarg() || r.u8() !== (k === 1 ? 0x3a : 0x36) || !memarg()) return null;
      if (get(0x20) !== s || !konst(k) || r.u8() !== 0x6a || get(0x21) !== s) return null;
    } else if (op === 0x3a || op === 0x36) {
      k = op === 0x3a ? 1 : 4;
      v = x;
      if (!memarg()) return null;
    } else return null;
    if (get(0x20) !== d || !konst(k) || r.u8() !== 0x6a || get(0x22) !== d) return null;
    const e = get(0x20);
    op = r.u8();
    if (op !== 0x49 || r.u8() !== 0x0d || r.u32() !== 0 || r.u8() !== 0x0b) return null;
    const locals = [d, e, x];
    if (new Set(locals).size !== 3 || locals.some((i) => localType(i) !== I32)) return null;
    return { k, d, e, s, v };
  } catch {
    return null; // ran off the end of the body: not this shape
  }
}

