// Section 0: custom sections. All are kept (Module.customSections); the
// `name` section's function names are read leniently for stack traces
// (Rust's mangled symbols demangled).
import type { ModuleIR } from '../../module.ts';
import { Reader } from '../reader.ts';
import { demangle } from '../demangle.ts';

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
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const idx = r.u32();
        m.funcNames.set(idx, demangle(r.name()));
      }
    }
    r.pos = end;
  }
}
