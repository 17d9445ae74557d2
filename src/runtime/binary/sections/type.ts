// Section 1: function types.
import type { ModuleIR, ValType } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readValType } from '../types.ts';

export function decodeTypeSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const form = r.u8();
    if (form !== 0x60) r.fail(`malformed function type: expected 0x60, got 0x${form.toString(16)}`, at);
    const params: ValType[] = [];
    const np = r.u32();
    for (let j = 0; j < np; j++) params.push(readValType(r));
    const results: ValType[] = [];
    const nr = r.u32();
    for (let j = 0; j < nr; j++) results.push(readValType(r));
    m.types.push({ params, results });
  }
}
