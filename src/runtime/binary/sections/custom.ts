// Section 0: custom sections. All are kept (Module.customSections); the
// `name` section's function names are read leniently for stack traces
// (Rust's mangled symbols demangled), when one is first needed (names.ts).
import type { ModuleIR } from '../../module.ts';
import { Reader } from '../reader.ts';

export function decodeCustomSection(r: Reader, m: ModuleIR): void {
  const name = r.name();
  const bytes = r.bytes.subarray(r.pos, r.end);
  m.customs.push({ name, bytes });
  r.pos = r.end;
  if (name === 'name') {
    try {
      readNames(bytes, m);
    } catch {
      // A malformed name section is not an error (spec: custom sections are ignorable).
    }
  }
}

function readNames(bytes: Uint8Array, m: ModuleIR): void {
  const r = new Reader(bytes);
  while (!r.eof()) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 0) {
      m.moduleName = r.name();
    } else if (id === 1) {
      m.funcNames.addSubsection(bytes, r.pos);
    }
    r.pos = end;
  }
}
