// Section 12: data count (needed by memory.init / data.drop).
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

export function decodeDataCountSection(r: Reader, m: ModuleIR): void {
  m.dataCount = r.u32();
}
