// Section 2: imports.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readGlobalType, readMemoryType, readTableType } from '../types.ts';

export function decodeImportSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    const kind = r.u8();
    switch (kind) {
      case 0: {
        const typeIndex = r.u32();
        m.imports.push({ module, name, desc: { kind: 'func', typeIndex } });
        m.funcs.push(typeIndex);
        m.numImportedFuncs++;
        break;
      }
      case 1: {
        const type = readTableType(r);
        m.imports.push({ module, name, desc: { kind: 'table', type } });
        m.tables.push(type);
        m.numImportedTables++;
        break;
      }
      case 2: {
        const type = readMemoryType(r);
        m.imports.push({ module, name, desc: { kind: 'memory', type } });
        m.memories.push(type);
        m.numImportedMemories++;
        break;
      }
      case 3: {
        const type = readGlobalType(r);
        m.imports.push({ module, name, desc: { kind: 'global', type } });
        m.globals.push(type);
        m.numImportedGlobals++;
        break;
      }
      default:
        r.fail(`malformed import kind 0x${kind.toString(16)}`, at);
    }
  }
}
