// Section 3: type index of each defined function (an index of one byte read
// inline: a module may declare thousands of functions, decoded on a cold engine).
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

export function decodeFunctionSection(r: Reader, m: ModuleIR): number {
  const n = r.u32();
  const bytes = r.bytes, funcs = m.funcs;
  for (let i = 0; i < n; i++) {
    let b: number;
    if (r.pos < r.end && (b = bytes[r.pos]!) < 0x80) {
      r.pos++;
      funcs.push(b);
    } else funcs.push(r.u32());
  }
  return n;
}
