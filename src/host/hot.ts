// `arcade dev --hot`: can a rebuilt game take over the running one's linear
// memory (its state) instead of restarting? Only when the memory means the
// same to the new code: the same static data at the same addresses (data
// segments), and no state outside memory that a swap would lose (mutable
// globals other than the stack pointer, which is back at its start between
// frames in Rust and C games). Reads both modules' bytes; environment-free.

interface Layout {
  /** Active data segments: offset and bytes. */
  readonly data: { offset: number | undefined; bytes: Uint8Array }[];
  /** Mutable globals: index and type byte. */
  readonly mutableGlobals: { index: number; type: number }[];
  /** Global names from the name section (LLVM writes them). */
  readonly globalNames: Map<number, string>;
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos = 0,
  ) {}
  /** Skips n bytes (`pos += u32()` would read pos before u32() moves it). */
  skip(n: number): void {
    this.pos += n;
  }
  byte(): number {
    if (this.pos >= this.b.length) throw new Error('unexpected end of module');
    return this.b[this.pos++];
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
  }
  s64(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }
  /** A constant expression; its value when it is a plain i32.const. */
  constExpr(): number | undefined {
    let value: number | undefined;
    let ops = 0;
    for (;;) {
      const op = this.byte();
      if (op === 0x0b) return ops === 1 ? value : undefined;
      ops++;
      if (op === 0x41) value = this.s64() | 0;
      else if (op === 0x42) this.s64();
      else if (op === 0x43) this.pos += 4;
      else if (op === 0x44) this.pos += 8;
      else if (op === 0x23 || op === 0xd2) this.u32();
      else if (op === 0xd0) this.byte();
      else throw new Error(`unsupported constant expression opcode 0x${op.toString(16)}`);
    }
  }
}

function layout(bytes: Uint8Array): Layout {
  const r = new Reader(bytes, 8);
  const data: Layout['data'] = [];
  const mutableGlobals: Layout['mutableGlobals'] = [];
  const globalNames = new Map<number, string>();
  let importedGlobals = 0;
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 2) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        r.skip(r.u32()); // module
        r.skip(r.u32()); // name
        const kind = r.byte();
        if (kind === 0) r.u32();
        else if (kind === 1) {
          r.byte();
          if (r.byte() & 1) r.u32();
          r.u32();
          r.u32();
        } else if (kind === 2) {
          const flags = r.byte();
          r.u32();
          if (flags & 1) r.u32();
        } else if (kind === 3) {
          const type = r.byte();
          if (r.byte() === 1) mutableGlobals.push({ index: importedGlobals, type });
          importedGlobals++;
        }
      }
    } else if (id === 6) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const type = r.byte();
        const mutable = r.byte() === 1;
        r.constExpr();
        if (mutable) mutableGlobals.push({ index: importedGlobals + i, type });
      }
    } else if (id === 0) {
      const nameLen = r.u32();
      const name = new TextDecoder().decode(bytes.subarray(r.pos, r.pos + nameLen));
      r.pos += nameLen;
      while (name === 'name' && r.pos < end) {
        const sub = r.byte();
        const subEnd = r.u32() + r.pos;
        if (sub === 7) {
          const n = r.u32();
          for (let i = 0; i < n; i++) {
            const index = r.u32();
            const len = r.u32();
            globalNames.set(index, new TextDecoder().decode(bytes.subarray(r.pos, r.pos + len)));
            r.pos += len;
          }
        }
        r.pos = subEnd;
      }
    } else if (id === 11) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const flags = r.u32();
        if (flags === 1) {
          r.skip(r.u32()); // passive: copied by the code itself
          continue;
        }
        if (flags === 2) r.u32();
        const offset = r.constExpr();
        const len = r.u32();
        data.push({ offset, bytes: bytes.subarray(r.pos, r.pos + len) });
        r.pos += len;
      }
    }
    r.pos = end;
  }
  return { data, mutableGlobals, globalNames };
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Why the new build cannot take over the old one's memory, or undefined when
 * it can: one sentence for the developer.
 */
export function hotSwapBlocker(oldWasm: Uint8Array, newWasm: Uint8Array): string | undefined {
  let before: Layout;
  let after: Layout;
  try {
    before = layout(oldWasm);
    after = layout(newWasm);
  } catch (err) {
    return `its layout could not be read (${(err as Error).message})`;
  }
  // The stack pointer is the one mutable global a swap may leave at its start: between frames a Rust or C game's stack is empty.
  const state = after.mutableGlobals.filter((g) => after.globalNames.get(g.index) !== '__stack_pointer');
  if (state.length > 0)
    return `it keeps state in mutable wasm globals (${state.map((g) => after.globalNames.get(g.index) ?? `global ${g.index}`).join(', ')}), which a swap cannot carry over`;
  if (before.mutableGlobals.length !== after.mutableGlobals.length) return 'its globals changed';
  if (before.data.length !== after.data.length) return `its static data changed (${before.data.length} data segments before, ${after.data.length} now)`;
  for (let i = 0; i < after.data.length; i++) {
    const a = before.data[i];
    const b = after.data[i];
    if (a.offset === undefined || a.offset !== b.offset || a.bytes.length !== b.bytes.length)
      return `its static data moved (data segment ${i}: ${a.bytes.length} bytes at ${a.offset ?? '?'} before, ${b.bytes.length} bytes at ${b.offset ?? '?'} now)`;
    if (!sameBytes(a.bytes, b.bytes)) return `its static data changed (data segment ${i}, ${b.bytes.length} bytes at ${b.offset}: constants, strings or a panic message's line number)`;
  }
  return undefined;
}
