// Section 6: globals.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readConstExpr, readGlobalType } from '../types.ts';

export function decodeGlobalSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    m.globals.push(readGlobalType(r));
    m.globalInits.push(readConstExpr(r));
  }
}
