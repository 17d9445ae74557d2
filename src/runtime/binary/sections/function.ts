// Section 3: type index of each defined function.
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

export function decodeFunctionSection(r: Reader, m: ModuleIR): number {
  const n = r.u32();
  for (let i = 0; i < n; i++) m.funcs.push(r.u32());
  return n;
}
