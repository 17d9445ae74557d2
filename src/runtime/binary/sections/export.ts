// Section 7: exports.
import type { ExternKind, ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';

const KINDS: ExternKind[] = ['func', 'table', 'memory', 'global'];

export function decodeExportSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const at = r.pos;
    const k = r.u8();
    const kind = KINDS[k];
    if (!kind) r.fail(`malformed export kind 0x${k.toString(16)}`, at);
    m.exports.push({ name, kind, index: r.u32() });
  }
}
