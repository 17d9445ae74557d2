// Section 10: function bodies. Locals are expanded here; the instructions
// are left as bytes for the validator (validate/: checked when the module is
// compiled, lowered to slot code when the interpreter first runs them).
//
// A module may have thousands of small bodies, decoded on a cold engine (a
// game's worker), so a body costs one record (with every field it will get:
// no property added later) and, only if it declares locals, an array of
// them; sizes and counts of one byte are read inline, anything else through
// the Reader (the same errors at the same offsets).
import type { FuncBody, ModuleIR, ValType } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readValType } from '../types.ts';

/** The locals of every body that declares none (never changed). */
const NO_LOCALS: ValType[] = [];

export function decodeCodeSection(r: Reader, m: ModuleIR): number {
  const bytes = r.bytes;
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    let size: number;
    if (r.pos < r.end && (size = bytes[r.pos]!) < 0x80) r.pos++;
    else size = r.u32();
    const bodyStart = r.pos;
    if (size > r.end - bodyStart) r.fail(`function ${i}: body size ${size} runs past the end of the section`);
    const end = bodyStart + size;
    const saveEnd = r.end;
    r.end = end;
    let locals = NO_LOCALS;
    let groups: number;
    if (r.pos < end && (groups = bytes[r.pos]!) < 0x80) r.pos++;
    else groups = r.u32();
    if (groups > 0) {
      locals = [];
      let total = 0;
      for (let g = 0; g < groups; g++) {
        const at = r.pos;
        const count = r.u32();
        total += count;
        if (total > 50000) r.fail(`function ${i}: too many locals`, at);
        const t = readValType(r);
        for (let k = 0; k < count; k++) locals.push(t);
      }
    }
    r.end = saveEnd;
    const body: FuncBody = { locals, codeStart: r.pos, codeEnd: end, compiled: undefined };
    m.bodies.push(body);
    r.pos = end;
  }
  return n;
}
