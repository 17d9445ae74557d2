// The semantics of every 128-bit SIMD instruction, shared by the interpreter
// and the JIT so the two cannot disagree. Environment-free.
//
// A v128 value is a V128: four int32 words (w0 = bytes 0..3, little-endian,
// as in memory), never changed after it is made: every operation returns a
// new one, so values can be shared freely between locals, stack slots,
// globals and engines. (A plain object: V8 allocates one several times faster
// than a 16-byte typed array.)
//
// Lane-wise operations are generated from small expression templates with
// `new Function`, one function per instruction: a loop shared by many
// instructions would see every kind of typed array and every lane operation
// at its element accesses and calls, and V8 would compile it megamorphic
// (several times slower). The templates are fixed text in this file.
//
// Calling convention (SIMD_FNS[n] for the instruction 0xFD n; see OpInfo in
// opcodes.ts for each one's signature): operands in wasm order, a v128 as its
// V128, an i32 as a number, an i64 as two numbers (low word, high
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

export class V128 {
  constructor(readonly w0: number, readonly w1: number, readonly w2: number, readonly w3: number) {}
}

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

export const ZERO = new V128(0, 0, 0, 0);

export function v128(w0: number, w1: number, w2: number, w3: number): V128 {
  return new V128(w0 | 0, w1 | 0, w2 | 0, w3 | 0);
}

/** Word i (0..3) of a v128. */
export function word(v: V128, i: number): number {
  return i === 0 ? v.w0 : i === 1 ? v.w1 : i === 2 ? v.w2 : v.w3;
}

/** The 16 bytes of a v128, little-endian lane order. */
export function v128Bytes(v: V128): Uint8Array {
  const w = new Int32Array([v.w0, v.w1, v.w2, v.w3]);
  return new Uint8Array(w.buffer);
}

/** A v128 from 16 bytes. */
export function v128FromBytes(b: Uint8Array): V128 {
  if (b.length !== 16) throw new TypeError(`a v128 needs 16 bytes, got ${b.length}`);
  const w = new Int32Array(b.slice().buffer);
  return new V128(w[0]!, w[1]!, w[2]!, w[3]!);
}

function ldA(a: V128): void {
  A32[0] = a.w0; A32[1] = a.w1; A32[2] = a.w2; A32[3] = a.w3;
}
function ldB(b: V128): void {
  B32[0] = b.w0; B32[1] = b.w1; B32[2] = b.w2; B32[3] = b.w3;
}
function ldR(a: V128): void {
  R32[0] = a.w0; R32[1] = a.w1; R32[2] = a.w2; R32[3] = a.w3;
}
function out(): V128 {
  return new V128(R32[0]!, R32[1]!, R32[2]!, R32[3]!);
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

// The environment of generated lane functions: scratch views and helpers.
const sat = (lo: number, hi: number) => (x: number): number => (x < lo ? lo : x > hi ? hi : x);
const ENV: Record<string, unknown> = {
  A8, AU8, A16, AU16, A32, AU32, AF32, AF64, A64, AU64,
  B8, BU8, B16, BU16, B32, BU32, BF32, BF64, B64,
  R8, RU8, R16, RU16, R32, RF32, RF64, R64,
  ldA, ldB, ldR, out, canon32, canon64, V128,
  sat8s: sat(-128, 127), sat8u: sat(0, 255), sat16s: sat(-32768, 32767), sat16u: sat(0, 65535),
  nearest: (x: number) => nearest(x), truncSat: (x: number, lo: number, hi: number) => truncSat(x, lo, hi),
  popcnt8: (x: number) => popcnt8(x),
};
const ENV_NAMES = Object.keys(ENV);
const ENV_VALUES = ENV_NAMES.map((k) => ENV[k]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;

/**
 * Generated functions: their sources, made all at once by one `new Function`
 * the first time any of them runs (one parse; V8 compiles each inner function
 * on its first call). Until then nothing is evaluated, so loading the engine
 * needs no eval: the interpreter still runs non-SIMD games in a page whose
 * Content-Security-Policy forbids it.
 */
const sources: string[] = [];
let made: Fn[] | undefined;
/** A function `(params) => { body }` in the environment above, a literal of its own (see the header); a stand-in that makes them all on its first call. */
function gen(params: string, body: string): Fn {
  sources.push(`function(${params}){${body}}`);
  const index = sources.length - 1;
  const standIn = (...args: unknown[]): unknown => (made ?? makeGenerated())[index](...args);
  return Object.assign(standIn, { generated: index });
}

const LANES: Record<string, number> = { 8: 16, U8: 16, 16: 8, U16: 8, 32: 4, U32: 4, F32: 4, F64: 2, 64: 2, U64: 2 };
/** The expression with $x / $y standing for lane i of views A<a> / B<b>. */
const subst = (e: string, a: string, b: string): string => e.replace(/\$x/g, `A${a}[i]`).replace(/\$y/g, `B${b}[i]`);

/** R<r>[i] = e($x, $y) over the lanes of R<r> (integer results wrap on store). */
function bin(a: string, b: string, r: string, e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<${LANES[r]!};i++)R${r}[i]=${subst(e, a, b)};return out();`);
}
function un(a: string, r: string, e: string): Fn {
  return gen('x', `ldA(x);for(let i=0;i<${LANES[r]!};i++)R${r}[i]=${subst(e, a, a)};return out();`);
}
/** f32 lanes, NaN results canonical. */
function fbin32(e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<4;i++){RF32[i]=${subst(e, 'F32', 'F32')};canon32(i);}return out();`);
}
function fun32(e: string): Fn {
  return gen('x', `ldA(x);for(let i=0;i<4;i++){RF32[i]=${subst(e, 'F32', 'F32')};canon32(i);}return out();`);
}
function fbin64(e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<2;i++){RF64[i]=${subst(e, 'F64', 'F64')};canon64(i);}return out();`);
}
function fun64(e: string): Fn {
  return gen('x', `ldA(x);for(let i=0;i<2;i++){RF64[i]=${subst(e, 'F64', 'F64')};canon64(i);}return out();`);
}
/** Lane-wise comparison: all ones where it holds. */
function cmp(a: string, r: string, e: string): Fn {
  return bin(a, a, r, `(${e})?-1:0`);
}
function cmp64(e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<2;i++)R64[i]=(${subst(e, '64', '64')})?-1n:0n;return out();`);
}
function fcmp64(e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<2;i++)R32[2*i]=R32[2*i+1]=(${subst(e, 'F64', 'F64')})?-1:0;return out();`);
}
function bin64(e: string): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<2;i++)R64[i]=BigInt.asIntN(64,${subst(e, '64', '64')});return out();`);
}
/** Lane-wise shift by a count taken modulo the lane width ($s). */
function shift(a: string, r: string, bits: number, e: string): Fn {
  return gen('x,s', `ldA(x);const k=s&${bits - 1};for(let i=0;i<${LANES[r]!};i++)R${r}[i]=${subst(e, a, a).replace(/\$s/g, 'k')};return out();`);
}
function shift64(a: string, e: string): Fn {
  return gen('x,s', `ldA(x);const k=BigInt(s&63);for(let i=0;i<2;i++)R64[i]=BigInt.asIntN(64,${subst(e, a, a).replace(/\$s/g, 'k')});return out();`);
}
/** Narrowing with saturation: a's lanes then b's. */
function narrow(a: string, r: string, lo: number, hi: number): Fn {
  const n = LANES[a]!;
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<${n};i++){R${r}[i]=Math.min(${hi},Math.max(${lo},A${a}[i]));`
    + `R${r}[${n}+i]=Math.min(${hi},Math.max(${lo},B${a}[i]));}return out();`);
}
/** Widening of the lanes from `from` (0: low half, half the count: high half). */
function extend(a: string, r: string, from: number): Fn {
  return gen('x', `ldA(x);for(let i=0;i<${LANES[r]!};i++)R${r}[i]=A${a}[${from}+i];return out();`);
}
function extmul(a: string, r: string, from: number): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<${LANES[r]!};i++)R${r}[i]=A${a}[${from}+i]*B${a}[${from}+i];return out();`);
}
function extmul64(a: string, from: number): Fn {
  return gen('x,y', `ldA(x);ldB(y);for(let i=0;i<2;i++)R64[i]=BigInt.asIntN(64,BigInt(A${a}[${from}+i])*BigInt(B${a}[${from}+i]));return out();`);
}
function extend64(signed: boolean, from: number): Fn {
  const [lo, hi] = from === 0 ? ['x.w0', 'x.w1'] : ['x.w2', 'x.w3'];
  return gen('x', `const lo=${lo},hi=${hi};return new V128(lo,${signed ? 'lo>>31' : '0'},hi,${signed ? 'hi>>31' : '0'});`);
}
function extadd(a: string, r: string): Fn {
  return gen('x', `ldA(x);for(let i=0;i<${LANES[r]!};i++)R${r}[i]=A${a}[2*i]+A${a}[2*i+1];return out();`);
}
function allTrue(a: string): Fn {
  return gen('x', `ldA(x);for(let i=0;i<${LANES[a]!};i++)if(A${a}[i]===0)return 0;return 1;`);
}
function bitmask(a: string): Fn {
  return gen('x', `ldA(x);let m=0;for(let i=0;i<${LANES[a]!};i++)if(A${a}[i]<0)m|=1<<i;return m;`);
}
/** Word-wise: new V128(e(w0), …) with $x, $y the words of x, y. */
function words(params: string, e: string): Fn {
  const w = [0, 1, 2, 3].map((i) => e.replace(/\$x/g, `x.w${i}`).replace(/\$y/g, `y.w${i}`).replace(/\$z/g, `z.w${i}`));
  return gen(params, `return new V128(${w.join(',')});`);
}


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

function load(dv: DataView, ea: number): V128 {
  return new V128(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), dv.getInt32(ea + 8, true), dv.getInt32(ea + 12, true));
}
function store(dv: DataView, ea: number, v: V128): void {
  dv.setInt32(ea + 12, v.w3, true);
  dv.setInt32(ea + 8, v.w2, true);
  dv.setInt32(ea + 4, v.w1, true);
  dv.setInt32(ea, v.w0, true);
}
function loadExtend(width: number, signed: boolean): Fn {
  if (width === 4) {
    return gen('dv,ea', `const a=dv.getInt32(ea,true),b=dv.getInt32(ea+4,true);return new V128(a,${signed ? 'a>>31' : '0'},b,${signed ? 'b>>31' : '0'});`);
  }
  const get = width === 1 ? (signed ? 'dv.getInt8(ea+i)' : 'dv.getUint8(ea+i)') : signed ? 'dv.getInt16(ea+2*i,true)' : 'dv.getUint16(ea+2*i,true)';
  return gen('dv,ea', `for(let i=0;i<${8 / width};i++)R${width === 1 ? 16 : 32}[i]=${get};return out();`);
}
function loadLane(width: number): Fn {
  if (width === 8) return gen('dv,ea,v,l', 'const lo=dv.getInt32(ea,true),hi=dv.getInt32(ea+4,true);ldR(v);R32[2*l]=lo;R32[2*l+1]=hi;return out();');
  const get = width === 1 ? 'dv.getUint8(ea)' : width === 2 ? 'dv.getUint16(ea,true)' : 'dv.getInt32(ea,true)';
  return gen('dv,ea,v,l', `const x=${get};ldR(v);R${width === 1 ? 'U8' : width === 2 ? 'U16' : '32'}[l]=x;return out();`);
}
function storeLane(width: number): Fn {
  switch (width) {
    case 1: return (dv: DataView, ea: number, v: V128, l: number) => dv.setUint8(ea, word(v, l >> 2) >>> ((l & 3) * 8));
    case 2: return (dv: DataView, ea: number, v: V128, l: number) => dv.setUint16(ea, word(v, l >> 1) >>> ((l & 1) * 16), true);
    case 4: return (dv: DataView, ea: number, v: V128, l: number) => dv.setInt32(ea, word(v, l), true);
    default: return (dv: DataView, ea: number, v: V128, l: number) => {
      dv.setInt32(ea + 4, word(v, 2 * l + 1), true);
      dv.setInt32(ea, word(v, 2 * l), true);
    };
  }
}

/** SIMD_FNS[n]: the semantics of instruction 0xFD n (calling convention above). */
export const SIMD_FNS: (Fn | undefined)[] = new Array<Fn | undefined>(256);
const def = (n: number, f: Fn): void => {
  SIMD_FNS[n] = f;
};
/** Makes the generated functions and puts them in place of their stand-ins (on the first call of one). */
function makeGenerated(): Fn[] {
  const fns = new Function(...ENV_NAMES, `'use strict';return [${sources.join(',')}];`)(...ENV_VALUES) as Fn[];
  for (let n = 0; n < SIMD_FNS.length; n++) {
    const g = (SIMD_FNS[n] as { generated?: number } | undefined)?.generated;
    if (g !== undefined) SIMD_FNS[n] = fns[g];
  }
  made = fns;
  return fns;
}

// memory
def(0x00, load);
def(0x01, loadExtend(1, true));
def(0x02, loadExtend(1, false));
def(0x03, loadExtend(2, true));
def(0x04, loadExtend(2, false));
def(0x05, loadExtend(4, true));
def(0x06, loadExtend(4, false));
def(0x07, (dv: DataView, ea: number) => { R8.fill(dv.getInt8(ea)); return out(); });
def(0x08, (dv: DataView, ea: number) => { R16.fill(dv.getInt16(ea, true)); return out(); });
def(0x09, (dv: DataView, ea: number) => { const w = dv.getInt32(ea, true); return new V128(w, w, w, w); });
def(0x0a, (dv: DataView, ea: number) => { const lo = dv.getInt32(ea, true), hi = dv.getInt32(ea + 4, true); return new V128(lo, hi, lo, hi); });
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
def(0x5c, (dv: DataView, ea: number) => new V128(dv.getInt32(ea, true), 0, 0, 0));
def(0x5d, (dv: DataView, ea: number) => new V128(dv.getInt32(ea, true), dv.getInt32(ea + 4, true), 0, 0));

// shuffles, splats, lanes
def(0x0d, (a: V128, b: V128, w0: number, w1: number, w2: number, w3: number) => {
  ldA(a);
  ldB(b);
  for (let j = 0; j < 16; j++) {
    const w = j < 4 ? w0 : j < 8 ? w1 : j < 12 ? w2 : w3;
    const l = (w >>> ((j & 3) * 8)) & 0xff;
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
def(0x0f, (x: number) => { const b = x & 0xff, w = b | (b << 8) | (b << 16) | (b << 24); return new V128(w, w, w, w); });
def(0x10, (x: number) => { const w = (x & 0xffff) | (x << 16); return new V128(w, w, w, w); });
def(0x11, (x: number) => new V128(x, x, x, x));
def(0x12, (lo: number, hi: number) => new V128(lo, hi, lo, hi));
def(0x13, (bits: number) => new V128(bits, bits, bits, bits));
def(0x14, (x: number) => { RF64[0] = x; RF64[1] = x; return out(); });
def(0x15, (a: V128, l: number) => (word(a, l >> 2) << (24 - 8 * (l & 3))) >> 24);
def(0x16, (a: V128, l: number) => (word(a, l >> 2) >>> (8 * (l & 3))) & 0xff);
def(0x17, (a: V128, x: number, l: number) => { ldR(a); R8[l] = x; return out(); });
def(0x18, (a: V128, l: number) => (word(a, l >> 1) << (16 - 16 * (l & 1))) >> 16);
def(0x19, (a: V128, l: number) => (word(a, l >> 1) >>> (16 * (l & 1))) & 0xffff);
def(0x1a, (a: V128, x: number, l: number) => { ldR(a); R16[l] = x; return out(); });
def(0x1b, (a: V128, l: number) => word(a, l));
def(0x1c, (a: V128, x: number, l: number) => { ldR(a); R32[l] = x; return out(); });
def(0x1d, (a: V128, l: number) => { HI[0] = word(a, 2 * l + 1); return word(a, 2 * l); });
def(0x1e, (a: V128, lo: number, hi: number, l: number) => (l === 0 ? new V128(lo, hi, a.w2, a.w3) : new V128(a.w0, a.w1, lo, hi)));
def(0x1f, (a: V128, l: number) => word(a, l));
def(0x20, (a: V128, bits: number, l: number) => { ldR(a); R32[l] = bits; return out(); });
def(0x21, (a: V128, l: number) => { ldA(a); return AF64[l]!; });
def(0x22, (a: V128, x: number, l: number) => { ldR(a); RF64[l] = x; return out(); });

// comparisons
const CMPS = ['$x===$y', '$x!==$y', '$x<$y', '$x<$y', '$x>$y', '$x>$y', '$x<=$y', '$x<=$y', '$x>=$y', '$x>=$y'];
for (const [s, u, n] of [['8', 'U8', 0x23], ['16', 'U16', 0x2d], ['32', 'U32', 0x37]] as const) {
  // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u: odd k (from 3) reads the unsigned view
  CMPS.forEach((e, k) => def(n + k, cmp(k >= 2 && k % 2 === 1 ? u : s, s, e)));
}
const FCMPS = ['$x===$y', '$x!==$y', '$x<$y', '$x>$y', '$x<=$y', '$x>=$y'];
FCMPS.forEach((e, k) => {
  def(0x41 + k, bin('F32', 'F32', '32', `(${e})?-1:0`));
  def(0x47 + k, fcmp64(e));
});
['$x===$y', '$x!==$y', '$x<$y', '$x>$y', '$x<=$y', '$x>=$y'].forEach((e, k) => def(0xd6 + k, cmp64(e)));

// bitwise
def(0x4d, words('x', '~$x'));
def(0x4e, words('x,y', '$x&$y'));
def(0x4f, words('x,y', '$x&~$y'));
def(0x50, words('x,y', '$x|$y'));
def(0x51, words('x,y', '$x^$y'));
def(0x52, words('x,y,z', '($x&$z)|($y&~$z)'));
def(0x53, (a: V128) => ((a.w0 | a.w1 | a.w2 | a.w3) !== 0 ? 1 : 0));

// conversions between float shapes
def(0x5e, gen('x', 'ldA(x);R32[2]=R32[3]=0;for(let i=0;i<2;i++){RF32[i]=AF64[i];canon32(i);}return out();'));
def(0x5f, gen('x', 'ldA(x);for(let i=0;i<2;i++){RF64[i]=AF32[i];canon64(i);}return out();'));

// i8x16
def(0x60, un('8', '8', '$x<0?-$x:$x'));
def(0x61, un('8', '8', '-$x'));
def(0x62, un('U8', 'U8', 'popcnt8($x)'));
def(0x63, allTrue('8'));
def(0x64, bitmask('8'));
def(0x65, narrow('16', '8', -128, 127));
def(0x66, narrow('16', 'U8', 0, 255));
def(0x6b, shift('8', '8', 8, '$x<<$s'));
def(0x6c, shift('8', '8', 8, '$x>>$s'));
def(0x6d, shift('U8', '8', 8, '$x>>>$s'));
def(0x6e, bin('8', '8', '8', '$x+$y'));
def(0x6f, bin('8', '8', '8', 'sat8s($x+$y)'));
def(0x70, bin('U8', 'U8', 'U8', 'sat8u($x+$y)'));
def(0x71, bin('8', '8', '8', '$x-$y'));
def(0x72, bin('8', '8', '8', 'sat8s($x-$y)'));
def(0x73, bin('U8', 'U8', 'U8', 'sat8u($x-$y)'));
def(0x76, bin('8', '8', '8', 'Math.min($x,$y)'));
def(0x77, bin('U8', 'U8', 'U8', 'Math.min($x,$y)'));
def(0x78, bin('8', '8', '8', 'Math.max($x,$y)'));
def(0x79, bin('U8', 'U8', 'U8', 'Math.max($x,$y)'));
def(0x7b, bin('U8', 'U8', 'U8', '($x+$y+1)>>>1'));

// i16x8
def(0x7c, extadd('8', '16'));
def(0x7d, extadd('U8', '16'));
def(0x7e, extadd('16', '32'));
def(0x7f, extadd('U16', '32'));
def(0x80, un('16', '16', '$x<0?-$x:$x'));
def(0x81, un('16', '16', '-$x'));
def(0x82, bin('16', '16', '16', 'sat16s(($x*$y+16384)>>15)'));
def(0x83, allTrue('16'));
def(0x84, bitmask('16'));
def(0x85, narrow('32', '16', -32768, 32767));
def(0x86, narrow('32', 'U16', 0, 65535));
def(0x87, extend('8', '16', 0));
def(0x88, extend('8', '16', 8));
def(0x89, extend('U8', '16', 0));
def(0x8a, extend('U8', '16', 8));
def(0x8b, shift('16', '16', 16, '$x<<$s'));
def(0x8c, shift('16', '16', 16, '$x>>$s'));
def(0x8d, shift('U16', '16', 16, '$x>>>$s'));
def(0x8e, bin('16', '16', '16', '$x+$y'));
def(0x8f, bin('16', '16', '16', 'sat16s($x+$y)'));
def(0x90, bin('U16', 'U16', 'U16', 'sat16u($x+$y)'));
def(0x91, bin('16', '16', '16', '$x-$y'));
def(0x92, bin('16', '16', '16', 'sat16s($x-$y)'));
def(0x93, bin('U16', 'U16', 'U16', 'sat16u($x-$y)'));
def(0x95, bin('16', '16', '16', 'Math.imul($x,$y)'));
def(0x96, bin('16', '16', '16', 'Math.min($x,$y)'));
def(0x97, bin('U16', 'U16', 'U16', 'Math.min($x,$y)'));
def(0x98, bin('16', '16', '16', 'Math.max($x,$y)'));
def(0x99, bin('U16', 'U16', 'U16', 'Math.max($x,$y)'));
def(0x9b, bin('U16', 'U16', 'U16', '($x+$y+1)>>>1'));
def(0x9c, extmul('8', '16', 0));
def(0x9d, extmul('8', '16', 8));
def(0x9e, extmul('U8', '16', 0));
def(0x9f, extmul('U8', '16', 8));

// i32x4
def(0xa0, words('x', '($x<0?-$x:$x)|0'));
def(0xa1, words('x', '-$x|0'));
def(0xa3, (a: V128) => (a.w0 !== 0 && a.w1 !== 0 && a.w2 !== 0 && a.w3 !== 0 ? 1 : 0));
def(0xa4, (a: V128) => (a.w0 >>> 31) | ((a.w1 >>> 31) << 1) | ((a.w2 >>> 31) << 2) | ((a.w3 >>> 31) << 3));
def(0xa7, extend('16', '32', 0));
def(0xa8, extend('16', '32', 4));
def(0xa9, extend('U16', '32', 0));
def(0xaa, extend('U16', '32', 4));
def(0xab, gen('x,s', 'const k=s&31;return new V128(x.w0<<k,x.w1<<k,x.w2<<k,x.w3<<k);'));
def(0xac, gen('x,s', 'const k=s&31;return new V128(x.w0>>k,x.w1>>k,x.w2>>k,x.w3>>k);'));
def(0xad, gen('x,s', 'const k=s&31;return new V128(x.w0>>>k|0,x.w1>>>k|0,x.w2>>>k|0,x.w3>>>k|0);'));
// i32x4.add by hand, not generated: the interpreter's warm-up runs it, and the
// engine must load and warm up without eval (see gen()).
def(0xae, (a: V128, b: V128) => new V128((a.w0 + b.w0) | 0, (a.w1 + b.w1) | 0, (a.w2 + b.w2) | 0, (a.w3 + b.w3) | 0));
def(0xb1, words('x,y', '$x-$y|0'));
def(0xb5, words('x,y', 'Math.imul($x,$y)'));
def(0xb6, words('x,y', '$x<$y?$x:$y'));
def(0xb7, words('x,y', '($x>>>0)<($y>>>0)?$x:$y'));
def(0xb8, words('x,y', '$x>$y?$x:$y'));
def(0xb9, words('x,y', '($x>>>0)>($y>>>0)?$x:$y'));
def(0xba, gen('x,y', 'ldA(x);ldB(y);for(let i=0;i<4;i++)R32[i]=A16[2*i]*B16[2*i]+A16[2*i+1]*B16[2*i+1];return out();'));
def(0xbc, extmul('16', '32', 0));
def(0xbd, extmul('16', '32', 4));
def(0xbe, extmul('U16', '32', 0));
def(0xbf, extmul('U16', '32', 4));

// i64x2
def(0xc0, un('64', '64', 'BigInt.asIntN(64,$x<0n?-$x:$x)'));
def(0xc1, un('64', '64', 'BigInt.asIntN(64,-$x)'));
def(0xc3, (a: V128) => ((a.w0 | a.w1) !== 0 && (a.w2 | a.w3) !== 0 ? 1 : 0));
def(0xc4, (a: V128) => (a.w1 >>> 31) | ((a.w3 >>> 31) << 1));
def(0xc7, extend64(true, 0));
def(0xc8, extend64(true, 2));
def(0xc9, extend64(false, 0));
def(0xca, extend64(false, 2));
def(0xcb, shift64('64', '$x<<$s'));
def(0xcc, shift64('64', '$x>>$s'));
def(0xcd, shift64('U64', '$x>>$s'));
def(0xce, bin64('$x+$y'));
def(0xd1, bin64('$x-$y'));
def(0xd5, bin64('$x*$y'));
def(0xdc, extmul64('32', 0));
def(0xdd, extmul64('32', 2));
def(0xde, extmul64('U32', 0));
def(0xdf, extmul64('U32', 2));

// f32x4
def(0xe0, words('x', '$x&2147483647'));
def(0xe1, words('x', '$x^-2147483648'));
def(0xe3, fun32('Math.sqrt($x)'));
def(0xe4, fbin32('$x+$y'));
def(0xe5, fbin32('$x-$y'));
def(0xe6, fbin32('$x*$y'));
def(0xe7, fbin32('$x/$y'));
def(0xe8, fbin32('Math.min($x,$y)'));
def(0xe9, fbin32('Math.max($x,$y)'));
// pmin/pmax select an operand's lane bits exactly (a NaN keeps its payload)
def(0xea, gen('x,y', 'ldA(x);ldB(y);for(let i=0;i<4;i++)R32[i]=BF32[i]<AF32[i]?B32[i]:A32[i];return out();'));
def(0xeb, gen('x,y', 'ldA(x);ldB(y);for(let i=0;i<4;i++)R32[i]=AF32[i]<BF32[i]?B32[i]:A32[i];return out();'));
def(0x67, fun32('Math.ceil($x)'));
def(0x68, fun32('Math.floor($x)'));
def(0x69, fun32('Math.trunc($x)'));
def(0x6a, fun32('nearest($x)'));

// f64x2
def(0xec, (a: V128) => new V128(a.w0, a.w1 & 0x7fffffff, a.w2, a.w3 & 0x7fffffff));
def(0xed, (a: V128) => new V128(a.w0, a.w1 ^ 0x80000000, a.w2, a.w3 ^ 0x80000000));
def(0xef, fun64('Math.sqrt($x)'));
def(0xf0, fbin64('$x+$y'));
def(0xf1, fbin64('$x-$y'));
def(0xf2, fbin64('$x*$y'));
def(0xf3, fbin64('$x/$y'));
def(0xf4, fbin64('Math.min($x,$y)'));
def(0xf5, fbin64('Math.max($x,$y)'));
def(0xf6, gen('x,y', 'ldA(x);ldB(y);const l=BF64[0]<AF64[0]?y:x,h=BF64[1]<AF64[1]?y:x;return new V128(l.w0,l.w1,h.w2,h.w3);'));
def(0xf7, gen('x,y', 'ldA(x);ldB(y);const l=AF64[0]<BF64[0]?y:x,h=AF64[1]<BF64[1]?y:x;return new V128(l.w0,l.w1,h.w2,h.w3);'));
def(0x74, fun64('Math.ceil($x)'));
def(0x75, fun64('Math.floor($x)'));
def(0x7a, fun64('Math.trunc($x)'));
def(0x94, fun64('nearest($x)'));

// conversions
def(0xf8, un('F32', '32', 'truncSat($x,-2147483648,2147483647)'));
def(0xf9, un('F32', '32', 'truncSat($x,0,4294967295)'));
def(0xfa, un('32', 'F32', '$x'));
def(0xfb, un('U32', 'F32', '$x'));
def(0xfc, gen('x', 'ldA(x);return new V128(truncSat(AF64[0],-2147483648,2147483647),truncSat(AF64[1],-2147483648,2147483647),0,0);'));
def(0xfd, gen('x', 'ldA(x);return new V128(truncSat(AF64[0],0,4294967295)|0,truncSat(AF64[1],0,4294967295)|0,0,0);'));
def(0xfe, gen('x', 'ldA(x);RF64[0]=A32[0];RF64[1]=A32[1];return out();'));
def(0xff, gen('x', 'ldA(x);RF64[0]=AU32[0];RF64[1]=AU32[1];return out();'));
