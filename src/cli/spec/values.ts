// Values as wast2json writes them, and how actual results are checked against
// them. Every comparison is on bits: i32/i64 as integers, floats as IEEE-754
// bit patterns (so -0 ≠ +0 and NaN payloads count), with the spec's two NaN
// patterns `nan:canonical` and `nan:arithmetic`.
import type { SpecValue, SpecValueType } from './engine.ts';

/** One argument or expected result in a wast2json command. */
export interface JsonValue {
  readonly type: string;
  /** Decimal (unsigned for ints, bit pattern for floats), 'null', a `nan:*` pattern, or lanes for v128. */
  readonly value?: string | readonly string[];
  readonly lane_type?: string;
}

/** `ref.extern N` is one stable host object per N (per runner). */
export class HostRefs {
  private readonly byNumber = new Map<number, object>();
  private readonly byObject = new Map<object, number>();

  get(n: number): object {
    let ref = this.byNumber.get(n);
    if (!ref) {
      ref = Object.freeze({ externref: n });
      this.byNumber.set(n, ref);
      this.byObject.set(ref, n);
    }
    return ref;
  }

  numberOf(value: unknown): number | undefined {
    return typeof value === 'object' && value !== null ? this.byObject.get(value) : undefined;
  }
}

const LANES: Record<string, { count: number; bytes: number }> = {
  i8: { count: 16, bytes: 1 },
  i16: { count: 8, bytes: 2 },
  i32: { count: 4, bytes: 4 },
  i64: { count: 2, bytes: 8 },
  f32: { count: 4, bytes: 4 },
  f64: { count: 2, bytes: 8 },
};

function laneInfo(laneType: string | undefined): { count: number; bytes: number } {
  const info = laneType ? LANES[laneType] : undefined;
  if (!info) throw new Error(`unknown v128 lane type '${laneType}'`);
  return info;
}

function scalar(v: JsonValue): string {
  if (typeof v.value !== 'string') throw new Error(`${v.type} value missing`);
  return v.value;
}

/** Turns an argument into an engine value. */
export function parseArg(v: JsonValue, refs: HostRefs): SpecValue {
  switch (v.type) {
    case 'i32':
      return { type: 'i32', value: Number(scalar(v)) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(scalar(v))) };
    case 'f32':
      return { type: 'f32', bits: Number(scalar(v)) >>> 0 };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, BigInt(scalar(v))) };
    case 'externref':
      return { type: 'externref', value: scalar(v) === 'null' ? null : refs.get(Number(scalar(v))) };
    case 'funcref':
      if (scalar(v) !== 'null') throw new Error(`cannot pass funcref ${scalar(v)} from the host`);
      return { type: 'funcref', value: null };
    case 'v128': {
      if (!Array.isArray(v.value)) throw new Error('v128 lanes missing');
      const { count, bytes } = laneInfo(v.lane_type);
      const out = new Uint8Array(16);
      const view = new DataView(out.buffer);
      for (let i = 0; i < count; i++) {
        const lane = BigInt.asUintN(bytes * 8, BigInt(v.value[i]));
        for (let b = 0; b < bytes; b++) view.setUint8(i * bytes + b, Number((lane >> BigInt(8 * b)) & 0xffn));
      }
      return { type: 'v128', bytes: out };
    }
    default:
      throw new Error(`unknown value type '${v.type}'`);
  }
}

const F32_CANONICAL = 0x7fc00000;
const F64_CANONICAL = 0x7ff8000000000000n;

function matchF32(pattern: string, bits: number): boolean {
  if (pattern === 'nan:canonical') return (bits & 0x7fffffff) === F32_CANONICAL;
  if (pattern === 'nan:arithmetic') return (bits & F32_CANONICAL) === F32_CANONICAL;
  return bits >>> 0 === Number(pattern) >>> 0;
}

function matchF64(pattern: string, bits: bigint): boolean {
  if (pattern === 'nan:canonical') return (bits & 0x7fffffffffffffffn) === F64_CANONICAL;
  if (pattern === 'nan:arithmetic') return (bits & F64_CANONICAL) === F64_CANONICAL;
  return BigInt.asUintN(64, bits) === BigInt.asUintN(64, BigInt(pattern));
}

/** Whether an actual result satisfies an expected one (type and bits). */
export function matchValue(expected: JsonValue, actual: SpecValue, refs: HostRefs): boolean {
  if (expected.type !== actual.type) return false;
  switch (actual.type) {
    case 'i32':
      return (actual.value | 0) === (Number(scalar(expected)) | 0);
    case 'i64':
      return BigInt.asUintN(64, actual.value) === BigInt.asUintN(64, BigInt(scalar(expected)));
    case 'f32':
      return matchF32(scalar(expected), actual.bits);
    case 'f64':
      return matchF64(scalar(expected), actual.bits);
    case 'externref':
      if (scalar(expected) === 'null') return actual.value === null;
      return actual.value === refs.get(Number(scalar(expected)));
    case 'funcref':
      // wast2json only writes `ref.null func` or, for `(ref.func)`, a non-null function.
      return scalar(expected) === 'null' ? actual.value === null : actual.value !== null;
    case 'v128': {
      if (!Array.isArray(expected.value)) return false;
      const { count, bytes } = laneInfo(expected.lane_type);
      const view = new DataView(actual.bytes.buffer, actual.bytes.byteOffset, 16);
      for (let i = 0; i < count; i++) {
        const pattern = expected.value[i];
        const ok =
          expected.lane_type === 'f32'
            ? matchF32(pattern, view.getUint32(i * 4, true))
            : expected.lane_type === 'f64'
              ? matchF64(pattern, view.getBigUint64(i * 8, true))
              : readLane(view, i, bytes) === BigInt.asUintN(bytes * 8, BigInt(pattern));
        if (!ok) return false;
      }
      return true;
    }
  }
}

function readLane(view: DataView, i: number, bytes: number): bigint {
  let lane = 0n;
  for (let b = bytes - 1; b >= 0; b--) lane = (lane << 8n) | BigInt(view.getUint8(i * bytes + b));
  return lane;
}

// ---- formatting, for failure reasons --------------------------------------

const f32View = new DataView(new ArrayBuffer(8));

function f32FromBits(bits: number): number {
  f32View.setUint32(0, bits >>> 0);
  return f32View.getFloat32(0);
}

function f64FromBits(bits: bigint): number {
  f32View.setBigUint64(0, BigInt.asUintN(64, bits));
  return f32View.getFloat64(0);
}

function formatNumber(x: number, single: boolean): string {
  if (Object.is(x, -0)) return '-0';
  if (!single) return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

function formatF32(bits: number): string {
  bits >>>= 0;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    return `${bits >>> 31 ? '-' : ''}nan:0x${(bits & 0x7fffff).toString(16)}`;
  }
  return formatNumber(f32FromBits(bits), true);
}

function formatF64(bits: bigint): string {
  bits = BigInt.asUintN(64, bits);
  const mantissa = bits & 0xfffffffffffffn;
  if ((bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && mantissa !== 0n) {
    return `${bits >> 63n ? '-' : ''}nan:0x${mantissa.toString(16)}`;
  }
  return formatNumber(f64FromBits(bits), false);
}

function formatLanes(bytes: Uint8Array, laneType: string): string {
  const { count, bytes: size } = laneInfo(laneType);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const lanes: string[] = [];
  for (let i = 0; i < count; i++) {
    if (laneType === 'f32') lanes.push(formatF32(view.getUint32(i * 4, true)));
    else if (laneType === 'f64') lanes.push(formatF64(view.getBigUint64(i * 8, true)));
    else lanes.push(String(BigInt.asIntN(size * 8, readLane(view, i, size))));
  }
  return `v128:${laneType}x${count}[${lanes.join(' ')}]`;
}

/** An actual value, e.g. `i32:-1`, `f32:nan:0x200000`, `ref.extern 1`. */
export function formatValue(v: SpecValue, refs: HostRefs, laneType = 'i32'): string {
  switch (v.type) {
    case 'i32':
      return `i32:${v.value | 0}`;
    case 'i64':
      return `i64:${BigInt.asIntN(64, v.value)}`;
    case 'f32':
      return `f32:${formatF32(v.bits)}`;
    case 'f64':
      return `f64:${formatF64(v.bits)}`;
    case 'funcref':
      return v.value === null ? 'ref.null func' : 'ref.func';
    case 'externref': {
      if (v.value === null) return 'ref.null extern';
      const n = refs.numberOf(v.value);
      return n === undefined ? `externref:<${typeof v.value} not from the harness>` : `ref.extern ${n}`;
    }
    case 'v128':
      return formatLanes(v.bytes, laneType);
  }
}

/** An expected value or argument as written in the JSON, in the same notation. */
export function formatJson(v: JsonValue): string {
  if (v.type === 'v128' && Array.isArray(v.value)) {
    const lanes = v.value.map((lane) =>
      lane.startsWith('nan:') ? lane
      : v.lane_type === 'f32' ? formatF32(Number(lane))
      : v.lane_type === 'f64' ? formatF64(BigInt(lane))
      : String(BigInt.asIntN(laneInfo(v.lane_type).bytes * 8, BigInt(lane))),
    );
    return `v128:${v.lane_type}x${lanes.length}[${lanes.join(' ')}]`;
  }
  const raw = typeof v.value === 'string' ? v.value : undefined;
  if (raw === undefined) return v.type;
  switch (v.type) {
    case 'i32':
      return `i32:${Number(raw) | 0}`;
    case 'i64':
      return `i64:${BigInt.asIntN(64, BigInt(raw))}`;
    case 'f32':
      return raw.startsWith('nan:') ? `f32:${raw}` : `f32:${formatF32(Number(raw))}`;
    case 'f64':
      return raw.startsWith('nan:') ? `f64:${raw}` : `f64:${formatF64(BigInt(raw))}`;
    case 'funcref':
      return raw === 'null' ? 'ref.null func' : 'ref.func';
    case 'externref':
      return raw === 'null' ? 'ref.null extern' : `ref.extern ${raw}`;
    default:
      return `${v.type}:${raw}`;
  }
}

export function isValueType(t: string): t is SpecValueType {
  return ['i32', 'i64', 'f32', 'f64', 'funcref', 'externref', 'v128'].includes(t);
}
