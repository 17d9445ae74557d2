// Section 9: element segments (all eight 2.0 encodings, flags 0..7).
import { FUNCREF, type ConstExpr, type ElemSegment, type ModuleIR } from '../../module.ts';
import type { Reader } from '../reader.ts';
import { readConstExpr, readRefType } from '../types.ts';

export function decodeElementSection(r: Reader, m: ModuleIR): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    if (flags > 7) r.fail(`malformed elements segment kind ${flags}`, at);
    const passiveOrDecl = (flags & 1) !== 0;
    const explicitTable = (flags & 2) !== 0;
    const usesExprs = (flags & 4) !== 0;
    const seg: ElemSegment = {
      mode: passiveOrDecl ? (explicitTable ? 'declarative' : 'passive') : 'active',
      table: 0,
      offset: null,
      type: FUNCREF,
      items: [],
    };
    if (!passiveOrDecl) {
      if (explicitTable) seg.table = r.u32();
      seg.offset = readConstExpr(r);
    }
    if (passiveOrDecl || explicitTable) {
      if (usesExprs) seg.type = readRefType(r);
      else {
        const kAt = r.pos;
        const kind = r.u8();
        if (kind !== 0) r.fail(`malformed element kind 0x${kind.toString(16)}`, kAt);
      }
    }
    const count = r.u32();
    const items: ConstExpr[] = [];
    for (let j = 0; j < count; j++) {
      items.push(usesExprs ? readConstExpr(r) : { op: 'ref.func', index: r.u32() });
    }
    seg.items = items;
    m.elems.push(seg);
  }
}
