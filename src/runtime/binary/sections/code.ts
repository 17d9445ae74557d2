// Section 10: function bodies. Locals are expanded here; the instructions
// are left as bytes for the validator (validate/: checked when the module is
// compiled, lowered to slot code when the interpreter first runs them).
//
// A module may have thousands of small bodies, decoded on a cold engine (a
// game's worker), so a body is no object: its offsets go into typed arrays
// made once for the section, its locals' types into one growing Uint8Array
// shared by all bodies (ModuleIR.bodies); sizes, counts and value types of
// one byte are read inline, anything else through the Reader (the same errors
// at the same offsets).
import type { Bodies, ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readValType } from '../types.ts';

/** More declared locals than this in one body is malformed (as engines do). */
const MAX_LOCALS = 50000;

/** The bodies of a module without a code section. */
export function noBodies(): Bodies {
  return { count: 0, codeStart: new Int32Array(0), codeEnd: new Int32Array(0), localsAt: new Int32Array(1), localTypes: new Uint8Array(0), compiled: [] };
}

export function decodeCodeSection(r: Reader, m: ModuleIR): number {
  const bytes = r.bytes;
  const n = r.u32();
  // Every body takes at least a byte (its size), so a count larger than the
  // bytes left fails before it fills arrays of this length.
  const cap = Math.min(n, r.end - r.pos);
  const codeStart = new Int32Array(cap), codeEnd = new Int32Array(cap), localsAt = new Int32Array(cap + 1);
  let types = new Uint8Array(Math.min(r.end - r.pos, 1024));
  let used = 0; // entries of `types` filled
  // (the position in a local, through the Reader only for a longer LEB128,
  // a body's local groups and errors)
  const sectionEnd = r.end;
  let pos = r.pos;
  for (let i = 0; i < n; i++) {
    let size: number;
    if (pos < sectionEnd && (size = bytes[pos]!) < 0x80) pos++;
    else {
      r.pos = pos;
      size = r.u32();
      pos = r.pos;
    }
    if (size > sectionEnd - pos) {
      r.pos = pos;
      r.fail(`function ${i}: body size ${size} runs past the end of the section`);
    }
    const end = pos + size;
    let groups: number;
    if (pos < end && (groups = bytes[pos]!) < 0x80) pos++;
    else {
      r.pos = pos;
      r.end = end;
      groups = r.u32();
      pos = r.pos;
    }
    localsAt[i] = used;
    if (groups > 0) {
      r.pos = pos;
      r.end = end;
      let total = 0;
      for (let g = 0; g < groups; g++) {
        const at = r.pos;
        let count: number;
        if (r.pos < end && (count = bytes[r.pos]!) < 0x80) r.pos++;
        else count = r.u32();
        total += count;
        if (total > MAX_LOCALS) r.fail(`function ${i}: too many locals`, at);
        const t = readValType(r);
        if (used + count > types.length) {
          const bigger = new Uint8Array(Math.max(types.length * 2, used + count));
          bigger.set(types);
          types = bigger;
        }
        types.fill(t, used, used + count);
        used += count;
      }
      pos = r.pos;
    }
    r.end = sectionEnd;
    codeStart[i] = pos;
    codeEnd[i] = end;
    pos = end;
  }
  r.pos = pos;
  localsAt[n] = used;
  m.bodies = { count: n, codeStart, codeEnd, localsAt, localTypes: types, compiled: new Array<undefined>(n) };
  return n;
}
