// The semantics of every 128-bit SIMD instruction, shared by the interpreter
// and the JIT so the two cannot disagree. Environment-free.
//
// A v128 value is an Int32Array of length 4 (lane bytes in little-endian
// order, as in memory) that is never written after it is made: every
// operation returns a new one, so values can be shared freely between
// locals, stack slots, globals and engines.
//
// Calling convention (SIMD_FNS[n] for the instruction 0xFD n; see OpInfo in
// opcodes.ts for each one's signature): operands in wasm order, a v128 as its
// Int32Array, an i32 as a number, an i64 as two numbers (low word, high
// word), an f32 as its bits (int32), an f64 as a number (NaN payloads survive
// a Float64Array); then the lane index of lane instructions, or the 16
// shuffle indices as four little-endian int32 words. Results: a v128, an i32,
// an i64 as its low word with the high word left in HI[0], an f32 as its bits,
// an f64 as a number. Memory instructions take (dv, ea, ...) instead of the
// address: the caller has done the bounds check, or relies on the DataView's
// own RangeError (the JIT); a store writes its highest word first, so a
// store that is partly out of bounds writes nothing.
//
// NaNs: every float instruction whose result may be a NaN produces the
// canonical NaN (0x7fc00000 / 0x7ff8000000000000), which the spec allows for
// both "canonical" and "arithmetic" NaN results; abs/neg (sign bit) and
// pmin/pmax (a select of one operand) keep the operand's bits exactly. So our
// results never depend on how V8 propagates NaN payloads.

export type V128 = Int32Array;

/** High word of an i64 result (i64x2.extract_lane). */
export const HI = new Int32Array(1);

const bufA = new ArrayBuffer(16);
const A32 = new Int32Array(bufA), AU32 = new Uint32Array(bufA), A16 = new Int16Array(bufA), AU16 = new Uint16Array(bufA);
const A8 = new Int8Array(bufA), AU8 = new Uint8Array(bufA), AF32 = new Float32Array(bufA), AF64 = new Float64Array(bufA);
const A64 = new BigInt64Array(bufA), AU64 = new BigUint64Array(bufA);
const bufB = new ArrayBuffer(16);
const B32 = new Int32Array(bufB), BU32 = new Uint32Array(bufB), B16 = new Int16Array(bufB), BU16 = new Uint16Array(bufB);
const B8 = new Int8Array(bufB), BU8 = new Uint8Array(bufB), BF32 = new Float32Array(bufB), BF64 = new Float64Array(bufB);
const B64 = new BigInt64Array(bufB);
const bufR = new ArrayBuffer(16);
const R32 = new Int32Array(bufR), R16 = new Int16Array(bufR), RU16 = new Uint16Array(bufR), R8 = new Int8Array(bufR);
const RU8 = new Uint8Array(bufR), RF32 = new Float32Array(bufR), RF64 = new Float64Array(bufR), R64 = new BigInt64Array(bufR);

export const ZERO: V128 = new Int32Array(4);

export function v128(w0: number, w1: number, w2: number, w3: number): V128 {
  const v = new Int32Array(4);
  v[0] = w0;
  v[1] = w1;
  v[2] = w2;
  v[3] = w3;
  return v;
}

/** The 16 bytes of a v128, little-endian lane order. */
export function v128Bytes(v: V128): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + 16));
}

/** A v128 from 16 bytes. */
export function v128FromBytes(b: Uint8Array): V128 {
  if (b.length !== 16) throw new TypeError(`a v128 needs 16 bytes, got ${b.length}`);
  return new Int32Array(b.slice().buffer);
}

function ldA(a: V128): void {
  A32[0] = a[0]!; A32[1] = a[1]!; A32[2] = a[2]!; A32[3] = a[3]!;
}
function ldB(b: V128): void {
  B32[0] = b[0]!; B32[1] = b[1]!; B32[2] = b[2]!; B32[3] = b[3]!;
}
function ldR(a: V128): void {
  R32[0] = a[0]!; R32[1] = a[1]!; R32[2] = a[2]!; R32[3] = a[3]!;
}
function out(): V128 {
  return v128(R32[0]!, R32[1]!, R32[2]!, R32[3]!);
}

/** Canonical NaN in f32 lane i of the result if it is a NaN. */
function canon32(i: number): void {
  const x = RF32[i]!;
  if (x !== x) R32[i] = 0x7fc00000;
}
function canon64(i: number): void {
  const x = RF64[i]!;
  if (x !== x) {
    R32[2 * i] = 0;
    R32[2 * i + 1] = 0x7ff80000;
  }
}

type Lanes = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** r[i] = f(a[i], b[i]) over n lanes of the given views (integer results wrap on store). */
function bin(a: Lanes, b: Lanes, r: Lanes, f: (x: number, y: number) => number): (x: V128, y: V128) => V128 {
  const n = r.length;
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < n; i++) r[i] = f(a[i]!, b[i]!);
    return out();
  };
}
function un(a: Lanes, r: Lanes, f: (x: number) => number): (x: V128) => V128 {
  const n = Math.min(a.length, r.length);
  return (x) => {
    ldA(x);
    for (let i = 0; i < n; i++) r[i] = f(a[i]!);
    return out();
  };
}
function fbin32(f: (x: number, y: number) => number): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 4; i++) {
      RF32[i] = f(AF32[i]!, BF32[i]!);
      canon32(i);
    }
    return out();
  };
}
function fun32(f: (x: number) => number): (x: V128) => V128 {
  return (x) => {
    ldA(x);
    for (let i = 0; i < 4; i++) {
      RF32[i] = f(AF32[i]!);
      canon32(i);
    }
    return out();
  };
}
function fbin64(f: (x: number, y: number) => number): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 2; i++) {
      RF64[i] = f(AF64[i]!, BF64[i]!);
      canon64(i);
    }
    return out();
  };
}
function fun64(f: (x: number) => number): (x: V128) => V128 {
  return (x) => {
    ldA(x);
    for (let i = 0; i < 2; i++) {
      RF64[i] = f(AF64[i]!);
      canon64(i);
    }
    return out();
  };
}
/** Lane-wise comparison: all ones where it holds. */
function cmp(a: Lanes, b: Lanes, r: Lanes, f: (x: number, y: number) => boolean): (x: V128, y: V128) => V128 {
  return bin(a, b, r, (x, y) => (f(x, y) ? -1 : 0));
}
function cmp64(f: (x: bigint, y: bigint) => boolean): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 2; i++) R64[i] = f(A64[i]!, B64[i]!) ? -1n : 0n;
    return out();
  };
}
function fcmp64(f: (x: number, y: number) => boolean): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 2; i++) R32[2 * i] = R32[2 * i + 1] = f(AF64[i]!, BF64[i]!) ? -1 : 0;
    return out();
  };
}
function bin64(f: (x: bigint, y: bigint) => bigint): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 2; i++) R64[i] = BigInt.asIntN(64, f(A64[i]!, B64[i]!));
    return out();
  };
}
/** Lane-wise shift by a count taken modulo the lane width. */
function shift(a: Lanes, r: Lanes, bits: number, f: (x: number, s: number) => number): (x: V128, s: number) => V128 {
  const n = r.length;
  return (x, s) => {
    ldA(x);
    const k = s & (bits - 1);
    for (let i = 0; i < n; i++) r[i] = f(a[i]!, k);
    return out();
  };
}
function shift64(f: (x: bigint, s: bigint) => bigint, unsigned: boolean): (x: V128, s: number) => V128 {
  return (x, s) => {
    ldA(x);
    const k = BigInt(s & 63);
    for (let i = 0; i < 2; i++) R64[i] = BigInt.asIntN(64, f(unsigned ? AU64[i]! : A64[i]!, k));
    return out();
  };
}
/** Narrowing with saturation: a's lanes then b's. */
function narrow(a: Lanes, b: Lanes, r: Lanes, lo: number, hi: number): (x: V128, y: V128) => V128 {
  const n = a.length;
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < n; i++) {
      r[i] = Math.min(hi, Math.max(lo, a[i]!));
      r[n + i] = Math.min(hi, Math.max(lo, b[i]!));
    }
    return out();
  };
}
/** Widening of the lanes from `from` (0: low half, half the count: high half). */
function extend(a: Lanes, r: Lanes, from: number): (x: V128) => V128 {
  const n = r.length;
  return (x) => {
    ldA(x);
    for (let i = 0; i < n; i++) r[i] = a[from + i]!;
    return out();
  };
}
function extmul(a: Lanes, b: Lanes, r: Lanes, from: number): (x: V128, y: V128) => V128 {
  const n = r.length;
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < n; i++) r[i] = a[from + i]! * b[from + i]!;
    return out();
  };
}
function extmul64(a: Int32Array | Uint32Array, b: Int32Array | Uint32Array, from: number): (x: V128, y: V128) => V128 {
  return (x, y) => {
    ldA(x);
    ldB(y);
    for (let i = 0; i < 2; i++) R64[i] = BigInt.asIntN(64, BigInt(a[from + i]!) * BigInt(b[from + i]!));
    return out();
  };
}
function extend64(signed: boolean, from: number): (x: V128) => V128 {
  return (x) => {
    const lo = x[from]!, hi = x[from + 1]!;
    return v128(lo, signed ? lo >> 31 : 0, hi, signed ? hi >> 31 : 0);
  };
}
function extadd(a: Lanes, r: Lanes): (x: V128) => V128 {
  const n = r.length;
  return (x) => {
    ldA(x);
    for (let i = 0; i < n; i++) r[i] = a[2 * i]! + a[2 * i + 1]!;
    return out();
  };
}
function allTrue(a: Lanes): (x: V128) => number {
  const n = a.length;
  return (x) => {
    ldA(x);
    for (let i = 0; i < n; i++) if (a[i] === 0) return 0;
    return 1;
  };
}
function bitmask(a: Lanes): (x: V128) => number {
  const n = a.length;
  return (x) => {
    ldA(x);
    let m = 0;
    for (let i = 0; i < n; i++) if (a[i]! < 0) m |= 1 << i;
    return m;
  };
}
const sat = (lo: number, hi: number) => (x: number): number => (x < lo ? lo : x > hi ? hi : x);
const sat8s = sat(-128, 127), sat8u = sat(0, 255), sat16s = sat(-32768, 32767), sat16u = sat(0, 65535);

/** Round half to even (f32/f64 nearest); keeps -0 and the sign of results in (-0.5, 0). */
function nearest(x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return x;
  const r = Math.round(x);
  const v = r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return v === 0 && (x < 0 || Object.is(x, -0)) ? -0 : v;
}
function truncSat(x: number, lo: number, hi: number): number {
  if (x !== x) return 0;
  if (x <= lo) return lo;
  if (x >= hi) return hi;
  return Math.trunc(x);
}
function popcnt8(x: number): number {
  let c = 0;
  for (let v = x & 0xff; v !== 0; v &= v - 1) c++;
  return c;
}

// ---- memory ----

export type Load = (dv: DataView, ea: number) => V128;
export type Store = (dv: DataView, ea: number, v: V128) => void;
export type LoadLane = (dv: DataView, ea: number, v: V128, lane: number) => V128;
export type StoreLane = (dv: DataView, ea: number, v: V128, lane: number) => void;

function load(dv: DataView, ea: number): V128 {
  return v128(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), dv.getInt32(ea + 8, true), dv.getInt32(ea + 12, true));
}
function store(dv: DataView, ea: number, v: V128): void {
  dv.setInt32(ea + 12, v[3]!, true);
  dv.setInt32(ea + 8, v[2]!, true);
  dv.setInt32(ea + 4, v[1]!, true);
  dv.setInt32(ea, v[0]!, true);
}
function loadExtend(width: number, signed: boolean): Load {
  return (dv, ea) => {
    for (let i = 0; i < 8 / width; i++) {
      const at = ea + i * width;
      if (width === 1) R16[i] = signed ? dv.getInt8(at) : dv.getUint8(at);
      else if (width === 2) R32[i] = signed ? dv.getInt16(at, true) : dv.getUint16(at, true);
      else {
        const w = dv.getInt32(at, true);
        R32[2 * i] = w;
        R32[2 * i + 1] = signed ? w >> 31 : 0;
      }
    }
    return out();
  };
}
const loadSplat: Record<number, Load> = {
  1: (dv, ea) => { R8.fill(dv.getInt8(ea)); return out(); },
  2: (dv, ea) => { R16.fill(dv.getInt16(ea, true)); return out(); },
  4: (dv, ea) => { const w = dv.getInt32(ea, true); return v128(w, w, w, w); },
  8: (dv, ea) => { const lo = dv.getInt32(ea, true), hi = dv.getInt32(ea + 4, true); return v128(lo, hi, lo, hi); },
};
function loadLane(width: number): LoadLane {
  return (dv, ea, v, lane) => {
    if (width === 8) {
      const lo = dv.getInt32(ea, true), hi = dv.getInt32(ea + 4, true);
      ldR(v);
      R32[2 * lane] = lo;
      R32[2 * lane + 1] = hi;
      return out();
    }
    const x = width === 1 ? dv.getUint8(ea) : width === 2 ? dv.getUint16(ea, true) : dv.getInt32(ea, true);
    ldR(v);
    if (width === 1) RU8[lane] = x;
    else if (width === 2) RU16[lane] = x;
    else R32[lane] = x;
    return out();
  };
}
function storeLane(width: number): StoreLane {
  return (dv, ea, v, lane) => {
    if (width === 1) dv.setUint8(ea, v[lane >> 2]! >>> ((lane & 3) * 8));
    else if (width === 2) dv.setUint16(ea, v[lane >> 1]! >>> ((lane & 1) * 16), true);
    else if (width === 4) dv.setInt32(ea, v[lane]!, true);
    else {
      dv.setInt32(ea + 4, v[2 * lane + 1]!, true);
      dv.setInt32(ea, v[2 * lane]!, true);
    }
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;

/** SIMD_FNS[n]: the semantics of instruction 0xFD n (calling convention above). */
export const SIMD_FNS: (Fn | undefined)[] = new Array<Fn | undefined>(256);
const def = (n: number, f: Fn): void => {
  SIMD_FNS[n] = f;
};

// memory
def(0x00, load);
def(0x01, loadExtend(1, true));
def(0x02, loadExtend(1, false));
def(0x03, loadExtend(2, true));
def(0x04, loadExtend(2, false));
def(0x05, loadExtend(4, true));
def(0x06, loadExtend(4, false));
def(0x07, loadSplat[1]!);
def(0x08, loadSplat[2]!);
def(0x09, loadSplat[4]!);
def(0x0a, loadSplat[8]!);
def(0x0b, store);
def(0x0c, v128);
def(0x54, loadLane(1));
def(0x55, loadLane(2));
def(0x56, loadLane(4));
def(0x57, loadLane(8));
def(0x58, storeLane(1));
def(0x59, storeLane(2));
def(0x5a, storeLane(4));
def(0x5b, storeLane(8));
def(0x5c, (dv: DataView, ea: number) => v128(dv.getInt32(ea, true), 0, 0, 0));
def(0x5d, (dv: DataView, ea: number) => v128(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), 0, 0));

// shuffles, splats, lanes
def(0x0d, (a: V128, b: V128, w0: number, w1: number, w2: number, w3: number) => {
  ldA(a);
  ldB(b);
  const w = [w0, w1, w2, w3];
  for (let j = 0; j < 16; j++) {
    const l = (w[j >> 2]! >>> ((j & 3) * 8)) & 0xff;
    RU8[j] = l < 16 ? AU8[l]! : BU8[l - 16]!;
  }
  return out();
});
def(0x0e, (a: V128, s: V128) => {
  ldA(a);
  ldB(s);
  for (let j = 0; j < 16; j++) {
    const l = BU8[j]!;
    RU8[j] = l < 16 ? AU8[l]! : 0;
  }
  return out();
});
def(0x0f, (x: number) => { R8.fill(x); return out(); });
def(0x10, (x: number) => { R16.fill(x); return out(); });
def(0x11, (x: number) => v128(x, x, x, x));
def(0x12, (lo: number, hi: number) => v128(lo, hi, lo, hi));
def(0x13, (bits: number) => v128(bits, bits, bits, bits));
def(0x14, (x: number) => { RF64[0] = x; RF64[1] = x; return out(); });
def(0x15, (a: V128, l: number) => { ldA(a); return A8[l]!; });
def(0x16, (a: V128, l: number) => { ldA(a); return AU8[l]!; });
def(0x17, (a: V128, x: number, l: number) => { ldR(a); R8[l] = x; return out(); });
def(0x18, (a: V128, l: number) => { ldA(a); return A16[l]!; });
def(0x19, (a: V128, l: number) => { ldA(a); return AU16[l]!; });
def(0x1a, (a: V128, x: number, l: number) => { ldR(a); R16[l] = x; return out(); });
def(0x1b, (a: V128, l: number) => a[l]!);
def(0x1c, (a: V128, x: number, l: number) => { ldR(a); R32[l] = x; return out(); });
def(0x1d, (a: V128, l: number) => { HI[0] = a[2 * l + 1]!; return a[2 * l]!; });
def(0x1e, (a: V128, lo: number, hi: number, l: number) => { ldR(a); R32[2 * l] = lo; R32[2 * l + 1] = hi; return out(); });
def(0x1f, (a: V128, l: number) => a[l]!);
def(0x20, (a: V128, bits: number, l: number) => { ldR(a); R32[l] = bits; return out(); });
def(0x21, (a: V128, l: number) => { ldA(a); return AF64[l]!; });
def(0x22, (a: V128, x: number, l: number) => { ldR(a); RF64[l] = x; return out(); });

// comparisons
const icmps: [Lanes, Lanes, Lanes, Lanes, Lanes, number][] = [
  [A8, B8, AU8, BU8, R8, 0x23],
  [A16, B16, AU16, BU16, R16, 0x2d],
  [A32, B32, AU32, BU32, R32, 0x37],
];
for (const [as, bs, au, bu, r, n] of icmps) {
  def(n, cmp(as, bs, r, (x, y) => x === y));
  def(n + 1, cmp(as, bs, r, (x, y) => x !== y));
  def(n + 2, cmp(as, bs, r, (x, y) => x < y));
  def(n + 3, cmp(au, bu, r, (x, y) => x < y));
  def(n + 4, cmp(as, bs, r, (x, y) => x > y));
  def(n + 5, cmp(au, bu, r, (x, y) => x > y));
  def(n + 6, cmp(as, bs, r, (x, y) => x <= y));
  def(n + 7, cmp(au, bu, r, (x, y) => x <= y));
  def(n + 8, cmp(as, bs, r, (x, y) => x >= y));
  def(n + 9, cmp(au, bu, r, (x, y) => x >= y));
}
const fcmps: ((x: number, y: number) => boolean)[] = [
  (x, y) => x === y, (x, y) => x !== y, (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y,
];
fcmps.forEach((f, k) => {
  def(0x41 + k, cmp(AF32, BF32, R32, f));
  def(0x47 + k, fcmp64(f));
});
def(0xd6, cmp64((x, y) => x === y));
def(0xd7, cmp64((x, y) => x !== y));
def(0xd8, cmp64((x, y) => x < y));
def(0xd9, cmp64((x, y) => x > y));
def(0xda, cmp64((x, y) => x <= y));
def(0xdb, cmp64((x, y) => x >= y));

// bitwise
def(0x4d, (a: V128) => v128(~a[0]!, ~a[1]!, ~a[2]!, ~a[3]!));
def(0x4e, (a: V128, b: V128) => v128(a[0]! & b[0]!, a[1]! & b[1]!, a[2]! & b[2]!, a[3]! & b[3]!));
def(0x4f, (a: V128, b: V128) => v128(a[0]! & ~b[0]!, a[1]! & ~b[1]!, a[2]! & ~b[2]!, a[3]! & ~b[3]!));
def(0x50, (a: V128, b: V128) => v128(a[0]! | b[0]!, a[1]! | b[1]!, a[2]! | b[2]!, a[3]! | b[3]!));
def(0x51, (a: V128, b: V128) => v128(a[0]! ^ b[0]!, a[1]! ^ b[1]!, a[2]! ^ b[2]!, a[3]! ^ b[3]!));
def(0x52, (a: V128, b: V128, c: V128) =>
  v128((a[0]! & c[0]!) | (b[0]! & ~c[0]!), (a[1]! & c[1]!) | (b[1]! & ~c[1]!), (a[2]! & c[2]!) | (b[2]! & ~c[2]!), (a[3]! & c[3]!) | (b[3]! & ~c[3]!)));
def(0x53, (a: V128) => ((a[0]! | a[1]! | a[2]! | a[3]!) !== 0 ? 1 : 0));

// conversions between float shapes
def(0x5e, (a: V128) => {
  ldA(a);
  R32.fill(0);
  for (let i = 0; i < 2; i++) {
    RF32[i] = AF64[i]!;
    canon32(i);
  }
  return out();
});
def(0x5f, (a: V128) => {
  ldA(a);
  for (let i = 0; i < 2; i++) {
    RF64[i] = AF32[i]!;
    canon64(i);
  }
  return out();
});

// i8x16
def(0x60, un(A8, R8, (x) => (x < 0 ? -x : x)));
def(0x61, un(A8, R8, (x) => -x));
def(0x62, un(AU8, RU8, popcnt8));
def(0x63, allTrue(A8));
def(0x64, bitmask(A8));
def(0x65, narrow(A16, B16, R8, -128, 127));
def(0x66, narrow(A16, B16, RU8, 0, 255));
def(0x6b, shift(A8, R8, 8, (x, s) => x << s));
def(0x6c, shift(A8, R8, 8, (x, s) => x >> s));
def(0x6d, shift(AU8, R8, 8, (x, s) => x >>> s));
def(0x6e, bin(A8, B8, R8, (x, y) => x + y));
def(0x6f, bin(A8, B8, R8, (x, y) => sat8s(x + y)));
def(0x70, bin(AU8, BU8, RU8, (x, y) => sat8u(x + y)));
def(0x71, bin(A8, B8, R8, (x, y) => x - y));
def(0x72, bin(A8, B8, R8, (x, y) => sat8s(x - y)));
def(0x73, bin(AU8, BU8, RU8, (x, y) => sat8u(x - y)));
def(0x76, bin(A8, B8, R8, Math.min));
def(0x77, bin(AU8, BU8, RU8, Math.min));
def(0x78, bin(A8, B8, R8, Math.max));
def(0x79, bin(AU8, BU8, RU8, Math.max));
def(0x7b, bin(AU8, BU8, RU8, (x, y) => (x + y + 1) >>> 1));

// i16x8
def(0x7c, extadd(A8, R16));
def(0x7d, extadd(AU8, R16));
def(0x7e, extadd(A16, R32));
def(0x7f, extadd(AU16, R32));
def(0x80, un(A16, R16, (x) => (x < 0 ? -x : x)));
def(0x81, un(A16, R16, (x) => -x));
def(0x82, bin(A16, B16, R16, (x, y) => sat16s((x * y + 0x4000) >> 15)));
def(0x83, allTrue(A16));
def(0x84, bitmask(A16));
def(0x85, narrow(A32, B32, R16, -32768, 32767));
def(0x86, narrow(A32, B32, RU16, 0, 65535));
def(0x87, extend(A8, R16, 0));
def(0x88, extend(A8, R16, 8));
def(0x89, extend(AU8, R16, 0));
def(0x8a, extend(AU8, R16, 8));
def(0x8b, shift(A16, R16, 16, (x, s) => x << s));
def(0x8c, shift(A16, R16, 16, (x, s) => x >> s));
def(0x8d, shift(AU16, R16, 16, (x, s) => x >>> s));
def(0x8e, bin(A16, B16, R16, (x, y) => x + y));
def(0x8f, bin(A16, B16, R16, (x, y) => sat16s(x + y)));
def(0x90, bin(AU16, BU16, RU16, (x, y) => sat16u(x + y)));
def(0x91, bin(A16, B16, R16, (x, y) => x - y));
def(0x92, bin(A16, B16, R16, (x, y) => sat16s(x - y)));
def(0x93, bin(AU16, BU16, RU16, (x, y) => sat16u(x - y)));
def(0x95, bin(A16, B16, R16, Math.imul));
def(0x96, bin(A16, B16, R16, Math.min));
def(0x97, bin(AU16, BU16, RU16, Math.min));
def(0x98, bin(A16, B16, R16, Math.max));
def(0x99, bin(AU16, BU16, RU16, Math.max));
def(0x9b, bin(AU16, BU16, RU16, (x, y) => (x + y + 1) >>> 1));
def(0x9c, extmul(A8, B8, R16, 0));
def(0x9d, extmul(A8, B8, R16, 8));
def(0x9e, extmul(AU8, BU8, R16, 0));
def(0x9f, extmul(AU8, BU8, R16, 8));

// i32x4
def(0xa0, un(A32, R32, (x) => (x < 0 ? -x : x)));
def(0xa1, un(A32, R32, (x) => -x));
def(0xa3, allTrue(A32));
def(0xa4, bitmask(A32));
def(0xa7, extend(A16, R32, 0));
def(0xa8, extend(A16, R32, 4));
def(0xa9, extend(AU16, R32, 0));
def(0xaa, extend(AU16, R32, 4));
def(0xab, (a: V128, s: number) => { const k = s & 31; return v128(a[0]! << k, a[1]! << k, a[2]! << k, a[3]! << k); });
def(0xac, (a: V128, s: number) => { const k = s & 31; return v128(a[0]! >> k, a[1]! >> k, a[2]! >> k, a[3]! >> k); });
def(0xad, (a: V128, s: number) => { const k = s & 31; return v128(a[0]! >>> k, a[1]! >>> k, a[2]! >>> k, a[3]! >>> k); });
def(0xae, (a: V128, b: V128) => v128((a[0]! + b[0]!) | 0, (a[1]! + b[1]!) | 0, (a[2]! + b[2]!) | 0, (a[3]! + b[3]!) | 0));
def(0xb1, (a: V128, b: V128) => v128((a[0]! - b[0]!) | 0, (a[1]! - b[1]!) | 0, (a[2]! - b[2]!) | 0, (a[3]! - b[3]!) | 0));
def(0xb5, (a: V128, b: V128) => v128(Math.imul(a[0]!, b[0]!), Math.imul(a[1]!, b[1]!), Math.imul(a[2]!, b[2]!), Math.imul(a[3]!, b[3]!)));
def(0xb6, bin(A32, B32, R32, Math.min));
def(0xb7, bin(AU32, BU32, R32, Math.min));
def(0xb8, bin(A32, B32, R32, Math.max));
def(0xb9, bin(AU32, BU32, R32, Math.max));
def(0xba, (a: V128, b: V128) => {
  ldA(a);
  ldB(b);
  for (let i = 0; i < 4; i++) R32[i] = A16[2 * i]! * B16[2 * i]! + A16[2 * i + 1]! * B16[2 * i + 1]!;
  return out();
});
def(0xbc, extmul(A16, B16, R32, 0));
def(0xbd, extmul(A16, B16, R32, 4));
def(0xbe, extmul(AU16, BU16, R32, 0));
def(0xbf, extmul(AU16, BU16, R32, 4));

// i64x2
def(0xc0, (a: V128) => { ldA(a); for (let i = 0; i < 2; i++) R64[i] = BigInt.asIntN(64, A64[i]! < 0n ? -A64[i]! : A64[i]!); return out(); });
def(0xc1, (a: V128) => { ldA(a); for (let i = 0; i < 2; i++) R64[i] = BigInt.asIntN(64, -A64[i]!); return out(); });
def(0xc3, (a: V128) => ((a[0]! | a[1]!) !== 0 && (a[2]! | a[3]!) !== 0 ? 1 : 0));
def(0xc4, (a: V128) => (a[1]! >>> 31) | ((a[3]! >>> 31) << 1));
def(0xc7, extend64(true, 0));
def(0xc8, extend64(true, 2));
def(0xc9, extend64(false, 0));
def(0xca, extend64(false, 2));
def(0xcb, shift64((x, k) => x << k, false));
def(0xcc, shift64((x, k) => x >> k, false));
def(0xcd, shift64((x, k) => x >> k, true));
def(0xce, bin64((x, y) => x + y));
def(0xd1, bin64((x, y) => x - y));
def(0xd5, bin64((x, y) => x * y));
def(0xdc, extmul64(A32, B32, 0));
def(0xdd, extmul64(A32, B32, 2));
def(0xde, extmul64(AU32, BU32, 0));
def(0xdf, extmul64(AU32, BU32, 2));

// f32x4
def(0xe0, (a: V128) => v128(a[0]! & 0x7fffffff, a[1]! & 0x7fffffff, a[2]! & 0x7fffffff, a[3]! & 0x7fffffff));
def(0xe1, (a: V128) => v128(a[0]! ^ 0x80000000, a[1]! ^ 0x80000000, a[2]! ^ 0x80000000, a[3]! ^ 0x80000000));
def(0xe3, fun32(Math.sqrt));
def(0xe4, fbin32((x, y) => x + y));
def(0xe5, fbin32((x, y) => x - y));
def(0xe6, fbin32((x, y) => x * y));
def(0xe7, fbin32((x, y) => x / y));
def(0xe8, fbin32(Math.min));
def(0xe9, fbin32(Math.max));
def(0xea, (a: V128, b: V128) => { ldA(a); ldB(b); for (let i = 0; i < 4; i++) R32[i] = BF32[i]! < AF32[i]! ? B32[i]! : A32[i]!; return out(); });
def(0xeb, (a: V128, b: V128) => { ldA(a); ldB(b); for (let i = 0; i < 4; i++) R32[i] = AF32[i]! < BF32[i]! ? B32[i]! : A32[i]!; return out(); });
def(0x67, fun32(Math.ceil));
def(0x68, fun32(Math.floor));
def(0x69, fun32(Math.trunc));
def(0x6a, fun32(nearest));

// f64x2
def(0xec, (a: V128) => v128(a[0]!, a[1]! & 0x7fffffff, a[2]!, a[3]! & 0x7fffffff));
def(0xed, (a: V128) => v128(a[0]!, a[1]! ^ 0x80000000, a[2]!, a[3]! ^ 0x80000000));
def(0xef, fun64(Math.sqrt));
def(0xf0, fbin64((x, y) => x + y));
def(0xf1, fbin64((x, y) => x - y));
def(0xf2, fbin64((x, y) => x * y));
def(0xf3, fbin64((x, y) => x / y));
def(0xf4, fbin64(Math.min));
def(0xf5, fbin64(Math.max));
def(0xf6, (a: V128, b: V128) => { ldA(a); ldB(b); return BF64[0]! < AF64[0]! ? (BF64[1]! < AF64[1]! ? b : v128(b[0]!, b[1]!, a[2]!, a[3]!)) : (BF64[1]! < AF64[1]! ? v128(a[0]!, a[1]!, b[2]!, b[3]!) : a); });
def(0xf7, (a: V128, b: V128) => { ldA(a); ldB(b); return AF64[0]! < BF64[0]! ? (AF64[1]! < BF64[1]! ? b : v128(b[0]!, b[1]!, a[2]!, a[3]!)) : (AF64[1]! < BF64[1]! ? v128(a[0]!, a[1]!, b[2]!, b[3]!) : a); });
def(0x74, fun64(Math.ceil));
def(0x75, fun64(Math.floor));
def(0x7a, fun64(Math.trunc));
def(0x94, fun64(nearest));

// conversions
def(0xf8, un(AF32, R32, (x) => truncSat(x, -2147483648, 2147483647)));
def(0xf9, un(AF32, R32, (x) => truncSat(x, 0, 4294967295)));
def(0xfa, (a: V128) => { ldA(a); for (let i = 0; i < 4; i++) RF32[i] = A32[i]!; return out(); });
def(0xfb, (a: V128) => { ldA(a); for (let i = 0; i < 4; i++) RF32[i] = AU32[i]!; return out(); });
def(0xfc, (a: V128) => { ldA(a); return v128(truncSat(AF64[0]!, -2147483648, 2147483647), truncSat(AF64[1]!, -2147483648, 2147483647), 0, 0); });
def(0xfd, (a: V128) => { ldA(a); return v128(truncSat(AF64[0]!, 0, 4294967295) | 0, truncSat(AF64[1]!, 0, 4294967295) | 0, 0, 0); });
def(0xfe, (a: V128) => { ldA(a); RF64[0] = A32[0]!; RF64[1] = A32[1]!; return out(); });
def(0xff, (a: V128) => { ldA(a); RF64[0] = AU32[0]!; RF64[1] = AU32[1]!; return out(); });
