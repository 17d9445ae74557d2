// Section 8: start function.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

export function decodeStartSection(r: Reader, m: ModuleIR): void {
  m.start = r.u32();
}
