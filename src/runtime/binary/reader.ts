// Byte reader for the binary format: LEB128 with the spec's limits (a u32 or
// s32 takes at most 5 bytes, s33 5, s64 10, and the unused bits of the last
// byte must be a sign/zero extension), IEEE floats as raw bits, UTF-8 names.
import { CompileError } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Reader {
  pos: number;
  /** Section being decoded, for error messages: e.g. 'section 10 (code)'. */
  where = 'module';
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    public end = bytes.length,
  ) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new CompileError(`${this.where} at byte 0x${at.toString(16)}: ${message}`);
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++]!;
  }

  peek(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos]!;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) this.fail('unexpected end', start);
      const b = this.bytes[this.pos++]!;
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', start);
        if (b & 0x70) this.fail('integer too large', start);
        return (result | (b << 28)) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  }

  /** Signed LEB128, at most 32 bits. */
  s32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) this.fail('unexpected end', start);
      const b = this.bytes[this.pos++]!;
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // bits 4..6 must equal the sign bit 3
        const rest = b & 0x78;
        if (rest !== 0 && rest !== 0x78) this.fail('integer too large', start);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 32 && b & 0x40) result |= -1 << shift;
        return result;
      }
    }
  }

  /** Signed LEB128, at most 33 bits (block types). Returns a JS number. */
  s33(): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) this.fail('unexpected end', start);
      const b = this.bytes[this.pos++]!;
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // bit 32 (0x10 here) is the sign; bits 33..34 must repeat it
        const rest = b & 0x70;
        if (rest !== 0 && rest !== 0x70) this.fail('integer too large', start);
        return result + (b & 0x0f) * mul - (b & 0x10 ? 2 ** 32 : 0);
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) {
        if (b & 0x40) result -= mul;
        return result;
      }
    }
  }

  /** Signed LEB128, at most 64 bits, as [lo, hi] int32 halves. */
  s64(): [number, number] {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) this.fail('unexpected end', start);
      const b = this.bytes[this.pos++]!;
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // only bit 0 is significant (bit 63); bits 1..6 must equal it
        if (b !== 0 && b !== 0x7f) this.fail('integer too large', start);
        hi |= b << 31;
        return [lo | 0, hi | 0];
      }
      const v = b & 0x7f;
      if (shift < 32) {
        lo |= v << shift;
        if (shift > 25) hi |= v >>> (32 - shift);
      } else {
        hi |= v << (shift - 32);
      }
      shift += 7;
      if (!(b & 0x80)) {
        if (b & 0x40) {
          if (shift < 32) {
            lo |= -1 << shift;
            hi = -1;
          } else if (shift < 64) {
            hi |= -1 << (shift - 32);
          }
        }
        return [lo | 0, hi | 0];
      }
    }
  }

  /** 4 little-endian bytes as int32 (f32 bits). */
  i32le(): number {
    if (this.pos + 4 > this.end) this.fail('unexpected end');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  bytesN(n: number): Uint8Array {
    if (n > this.end - this.pos) this.fail('unexpected end of section or function');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(): string {
    const n = this.u32();
    const start = this.pos;
    const b = this.bytesN(n);
    try {
      return utf8.decode(b);
    } catch {
      this.fail('malformed UTF-8 encoding', start);
    }
  }
}
