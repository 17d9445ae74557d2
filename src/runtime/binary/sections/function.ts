// Section 3: type index of each defined function (an index of one byte read
// inline, the position kept in a local: a module may declare thousands of
// functions, decoded on a cold engine).
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

export function decodeFunctionSection(r: Reader, m: ModuleIR): number {
  const n = r.u32();
  const bytes = r.bytes, funcs = m.funcs, end = r.end;
  let pos = r.pos;
  for (let i = 0; i < n; i++) {
    let b: number;
    if (pos < end && (b = bytes[pos]!) < 0x80) {
      pos++;
      funcs.push(b);
    } else {
      r.pos = pos;
      funcs.push(r.u32());
      pos = r.pos;
    }
  }
  r.pos = pos;
  return n;
}
