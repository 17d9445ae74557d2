// Function signatures of a module's imports and exports, read straight from
// the binary (type, import, function and export sections only). The standard
// Module.imports()/exports() give names and kinds but no types; the contract
// check needs the types to say "must be (func (param f32)), but it is ...".
// The module has already been compiled (validated) by the engine when this
// runs, so this reader only guards against running off the end.

export interface FuncType {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

export interface ModuleSignatures {
  /** Keyed by `${module}\u0000${name}`; function imports only. */
  readonly imports: ReadonlyMap<string, FuncType>;
  /** Keyed by export name; function exports only. */
  readonly exports: ReadonlyMap<string, FuncType>;
  /** Export name of each exported function, by function index (for stacks without a name section). */
  readonly exportedFunctions: ReadonlyMap<number, string>;
}

const VALTYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error(`unexpected end of module at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error(`bad LEB128 at byte ${this.pos}`);
    }
  }
  name(): string {
    const len = this.u32();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.bytes.length) throw new Error(`unexpected end of module at byte ${start}`);
    return new TextDecoder().decode(this.bytes.subarray(start, this.pos));
  }
  valtype(): string {
    const b = this.byte();
    return VALTYPES[b] ?? `0x${b.toString(16)}`;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

export function readSignatures(bytes: Uint8Array): ModuleSignatures {
  const r = new Reader(bytes);
  r.pos = 8; // magic + version
  const types: FuncType[] = [];
  const funcTypes: number[] = []; // type index of every function, imports first
  const imports = new Map<string, FuncType>();
  const exports = new Map<string, FuncType>();
  const exportedFunctions = new Map<number, string>();
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    switch (id) {
      case 1: {
        for (let n = r.u32(); n > 0; n--) {
          r.byte(); // 0x60
          const params: string[] = [];
          for (let k = r.u32(); k > 0; k--) params.push(r.valtype());
          const results: string[] = [];
          for (let k = r.u32(); k > 0; k--) results.push(r.valtype());
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        for (let n = r.u32(); n > 0; n--) {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          if (kind === 0) {
            const t = r.u32();
            funcTypes.push(t);
            if (types[t]) imports.set(`${module}\u0000${name}`, types[t]);
          } else if (kind === 1) {
            r.byte();
            r.limits();
          } else if (kind === 2) {
            r.limits();
          } else if (kind === 3) {
            r.byte();
            r.byte();
          } else {
            r.u32(); // tag (exception handling): attribute + type index
          }
        }
        break;
      }
      case 3:
        for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
        break;
      case 7:
        for (let n = r.u32(); n > 0; n--) {
          const name = r.name();
          const kind = r.byte();
          const index = r.u32();
          const t = kind === 0 ? types[funcTypes[index]] : undefined;
          if (t) exports.set(name, t);
          if (kind === 0 && !exportedFunctions.has(index)) exportedFunctions.set(index, name);
        }
        break;
    }
    r.pos = end;
  }
  return { imports, exports, exportedFunctions };
}

/** `(func (param f32 i32) (result i32))`, as the text format writes it. */
export function formatFuncType(type: FuncType): string {
  let s = '(func';
  if (type.params.length) s += ` (param ${type.params.join(' ')})`;
  if (type.results.length) s += ` (result ${type.results.join(' ')})`;
  return s + ')';
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length && a.params.every((t, i) => t === b.params[i]) && a.results.every((t, i) => t === b.results[i]);
}
