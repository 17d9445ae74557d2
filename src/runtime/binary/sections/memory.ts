// Section 5: memories.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readMemoryType } from '../types.ts';

export function decodeMemorySection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) m.memories.push(readMemoryType(r));
}
