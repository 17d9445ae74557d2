// Just enough of the WebAssembly binary format for test code: reading the
// types of a module's exports, and writing small modules (the native
// reference adapter's bit-exact wrappers, and hand-made test modules).

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export const VALTYPE_CODE: Record<ValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
};

const CODE_VALTYPE = new Map<number, ValType>(Object.entries(VALTYPE_CODE).map(([k, v]) => [v, k as ValType]));

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface GlobalType {
  readonly value: ValType;
  readonly mutable: boolean;
}

export type ExportType = { kind: 'func'; type: FuncType } | { kind: 'global'; type: GlobalType } | { kind: 'table' | 'memory' };

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end');
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  valtype(): ValType {
    const code = this.byte();
    const t = CODE_VALTYPE.get(code);
    if (!t) throw new Error(`unknown value type 0x${code.toString(16)}`);
    return t;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
  constExpr(): void {
    for (;;) {
      const op = this.byte();
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) this.skipLeb();
      else if (op === 0x43) this.skip(4);
      else if (op === 0x44) this.skip(8);
      else if (op === 0xd0) this.byte();
      else if (op === 0xfd) {
        const sub = this.u32();
        if (sub !== 12) throw new Error(`unexpected 0xfd ${sub} in a constant expression`);
        this.skip(16);
      } else throw new Error(`unexpected opcode 0x${op.toString(16)} in a constant expression`);
    }
  }
}

/** The type of every export of a (valid) module. */
export function exportTypes(bytes: Uint8Array): Map<string, ExportType> {
  const r = new Reader(bytes);
  r.skip(8);
  const types: FuncType[] = [];
  const funcs: FuncType[] = [];
  const globals: GlobalType[] = [];
  const exports = new Map<string, ExportType>();
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        if (r.byte() !== 0x60) throw new Error('expected a function type');
        const params = Array.from({ length: r.u32() }, () => r.valtype());
        const results = Array.from({ length: r.u32() }, () => r.valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) funcs.push(types[r.u32()]);
        else if (kind === 1) {
          r.byte();
          r.limits();
        } else if (kind === 2) r.limits();
        else if (kind === 3) globals.push({ value: r.valtype(), mutable: r.byte() === 1 });
      }
    } else if (id === 3) {
      for (let n = r.u32(); n > 0; n--) funcs.push(types[r.u32()]);
    } else if (id === 6) {
      for (let n = r.u32(); n > 0; n--) {
        globals.push({ value: r.valtype(), mutable: r.byte() === 1 });
        r.constExpr();
      }
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const index = r.u32();
        if (kind === 0) exports.set(name, { kind: 'func', type: funcs[index] });
        else if (kind === 3) exports.set(name, { kind: 'global', type: globals[index] });
        else exports.set(name, { kind: kind === 1 ? 'table' : 'memory' });
      }
    }
    r.pos = end;
  }
  return exports;
}

// ---- writing ---------------------------------------------------------------

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...u32(bytes.length), ...bytes];
}

export function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

export function funcType(t: FuncType): number[] {
  return [0x60, ...vec(t.params.map((p) => [VALTYPE_CODE[p]])), ...vec(t.results.map((p) => [VALTYPE_CODE[p]]))];
}

export function moduleBytes(sections: number[][]): Uint8Array {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

/** A function body: locals as [count, type] groups, then code (without the final `end`). */
export function body(locals: [number, ValType][], code: number[]): number[] {
  const content = [...vec(locals.map(([n, t]) => [...u32(n), VALTYPE_CODE[t]])), ...code, 0x0b];
  return [...u32(content.length), ...content];
}
