// Parameter and result types of a module's exported functions, read from the
// binary (type, import, function and export sections). The differential test
// needs them to make arguments of the right type; the standard JS API does
// not expose export types. Input comes from wasm-opt and has been validated
// by V8 before this runs, so the reader only guards against running off the end.

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FuncSig {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

const VALTYPES: Record<number, ValType> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

/** Exported functions in export order, by name. */
export function exportedFunctionSignatures(bytes: Uint8Array): Map<string, FuncSig> {
  let pos = 8;
  const byte = (): number => {
    if (pos >= bytes.length) throw new Error(`unexpected end of module at byte ${pos}`);
    return bytes[pos++];
  };
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
  };
  const name = (): string => {
    const len = u32();
    pos += len;
    return new TextDecoder().decode(bytes.subarray(pos - len, pos));
  };
  const valtype = (): ValType => {
    const b = byte();
    const t = VALTYPES[b];
    if (!t) throw new Error(`unknown value type 0x${b.toString(16)} at byte ${pos - 1}`);
    return t;
  };
  const limits = (): void => {
    const flags = byte();
    u32();
    if (flags & 1) u32();
  };

  const types: FuncSig[] = [];
  const funcTypes: number[] = []; // type index of every function, imports first
  const out = new Map<string, FuncSig>();
  while (pos < bytes.length) {
    const id = byte();
    const size = u32();
    const end = pos + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (byte() !== 0x60) throw new Error('only function types are expected');
        const params = Array.from({ length: u32() }, valtype);
        const results = Array.from({ length: u32() }, valtype);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = byte();
        if (kind === 0) funcTypes.push(u32());
        else if (kind === 1) {
          valtype();
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) {
          valtype();
          byte();
        }
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exportName = name();
        const kind = byte();
        const index = u32();
        if (kind === 0) out.set(exportName, types[funcTypes[index]]);
      }
    }
    pos = end;
  }
  return out;
}
