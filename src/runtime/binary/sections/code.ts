// Section 10: function bodies. Locals are expanded here; the instructions
// are left as bytes for the validator, which decodes, checks and lowers them
// in one pass (validate/).
import type { ModuleIR, ValType } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readValType } from '../types.ts';

export function decodeCodeSection(r: Reader, m: ModuleIR): number {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const bodyStart = r.pos;
    if (size > r.end - bodyStart) r.fail(`function ${i}: body size ${size} runs past the end of the section`);
    const end = bodyStart + size;
    const saveEnd = r.end;
    r.end = end;
    const groups = r.u32();
    const locals: ValType[] = [];
    let total = 0;
    for (let g = 0; g < groups; g++) {
      const at = r.pos;
      const count = r.u32();
      total += count;
      if (total > 50000) r.fail(`function ${i}: too many locals`, at);
      const t = readValType(r);
      for (let k = 0; k < count; k++) locals.push(t);
    }
    r.end = saveEnd;
    m.bodies.push({ locals, codeStart: r.pos, codeEnd: end });
    r.pos = end;
  }
  return n;
}
