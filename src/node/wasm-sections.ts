// Custom sections of a WebAssembly binary, read and replaced without decoding
// the rest of it: `arcade meta` writes the arcade.game section into modules
// made by tools that cannot (wabt's wat2wasm drops `(@custom …)`).

export class WasmFormatError extends Error {
  override name = 'WasmFormatError';
}

function readU32(bytes: Uint8Array, pos: number, what: string): [number, number] {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.length) throw new WasmFormatError(`unexpected end of file in ${what} at byte ${pos}`);
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
  }
  throw new WasmFormatError(`${what} at byte ${pos} is not a valid LEB128 u32`);
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

interface Section {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly name?: string;
  readonly payload: Uint8Array;
}

function sections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new WasmFormatError('not a WebAssembly binary (no \\0asm magic header)');
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) throw new WasmFormatError('unsupported WebAssembly binary version');
  const out: Section[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    let size: number;
    [size, pos] = readU32(bytes, pos, 'a section size');
    const end = pos + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} at byte ${start} runs past the end of the file`);
    if (id === 0) {
      const [len, p] = readU32(bytes, pos, 'a custom section name');
      if (p + len > end) throw new WasmFormatError(`custom section at byte ${start} has a name longer than itself`);
      out.push({ id, start, end, name: new TextDecoder().decode(bytes.subarray(p, p + len)), payload: bytes.subarray(p + len, end) });
    } else out.push({ id, start, end, payload: bytes.subarray(pos, end) });
    pos = end;
  }
  return out;
}

/** The payloads of every custom section named `name`, in order. */
export function customSections(bytes: Uint8Array, name: string): Uint8Array[] {
  return sections(bytes)
    .filter((s) => s.id === 0 && s.name === name)
    .map((s) => s.payload);
}

/** The module with every custom section named `name` removed and one with `payload` appended. */
export function setCustomSection(bytes: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const kept = sections(bytes).filter((s) => !(s.id === 0 && s.name === name));
  const nameBytes = new TextEncoder().encode(name);
  const body = [...uleb(nameBytes.length), ...nameBytes];
  const section = new Uint8Array([0, ...uleb(body.length + payload.length), ...body, ...payload]);
  const parts = [bytes.subarray(0, 8), ...kept.map((s) => bytes.subarray(s.start, s.end)), section];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
