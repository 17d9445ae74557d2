// Section 4: tables.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readTableType } from '../types.ts';

export function decodeTableSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) m.tables.push(readTableType(r));
}
