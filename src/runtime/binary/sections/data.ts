// Section 11: data segments (flags 0..2).
import type { ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readConstExpr } from '../types.ts';

export function decodeDataSection(r: Reader, m: ModuleIR): number {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    if (flags === 0) {
      const offset = readConstExpr(r);
      m.datas.push({ mode: 'active', memory: 0, offset, bytes: r.bytesN(r.u32()) });
    } else if (flags === 1) {
      m.datas.push({ mode: 'passive', memory: 0, offset: null, bytes: r.bytesN(r.u32()) });
    } else if (flags === 2) {
      const memory = r.u32();
      const offset = readConstExpr(r);
      m.datas.push({ mode: 'active', memory, offset, bytes: r.bytesN(r.u32()) });
    } else {
      r.fail(`malformed data segment kind ${flags}`, at);
    }
  }
  return n;
}
