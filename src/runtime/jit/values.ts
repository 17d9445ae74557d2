// Value encodings shared by the code generator and the runtime helpers.

const f64buf = new Float64Array(1);
const f64words = new Int32Array(f64buf.buffer);
const f32buf = new Float32Array(1);
const f32word = new Int32Array(f32buf.buffer);

/** Exact JS literal for a non-NaN double. */
export function numLiteral(x: number): string {
  if (x === 0) return 1 / x < 0 ? '(-0)' : '0';
  if (x === Infinity) return '(1/0)';
  if (x === -Infinity) return '(-1/0)';
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** The f64 encoding of an f32 bit pattern (see docs/jit.md, f32 NaN payloads). */
export function f32BitsToValue(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    const quiet = (bits & 0x400000) !== 0;
    const payload = bits & 0x3fffff;
    f64words[1] = (bits & 0x80000000) | 0x7ff80000 | (payload >>> 3);
    f64words[0] = ((payload & 7) << 29) | (quiet ? 0 : 1);
    return f64buf[0]!;
  }
  f32word[0] = bits;
  return f32buf[0]!;
}

export function f32ValueToBits(x: number): number {
  if (x === x) {
    f32buf[0] = x;
    return f32word[0]!;
  }
  f64buf[0] = x;
  const hi = f64words[1]!, lo = f64words[0]!;
  const payload = ((hi & 0x7ffff) << 3) | (lo >>> 29);
  const signalling = (lo & 1) !== 0 && payload !== 0;
  return (hi & 0x80000000) | 0x7f800000 | (signalling ? 0 : 0x400000) | payload;
}
