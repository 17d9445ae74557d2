// Module decoder: preamble, section framing (ids, order, sizes) and dispatch
// to one decoder per section (sections/*.ts). Produces the module IR; the
// instruction bytes of each body are decoded by the validator.
import type { ModuleIR } from '../module.ts';
import { FuncNames } from './names.ts';
import { Reader } from './reader.ts';
import { decodeCodeSection, noBodies } from './sections/code.ts';
import { decodeCustomSection } from './sections/custom.ts';
import { decodeDataSection } from './sections/data.ts';
import { decodeDataCountSection } from './sections/datacount.ts';
import { decodeElementSection } from './sections/element.ts';
import { decodeExportSection } from './sections/export.ts';
import { decodeFunctionSection } from './sections/function.ts';
import { decodeGlobalSection } from './sections/global.ts';
import { decodeImportSection } from './sections/import.ts';
import { decodeMemorySection } from './sections/memory.ts';
import { decodeStartSection } from './sections/start.ts';
import { decodeTableSection } from './sections/table.ts';
import { decodeTypeSection } from './sections/type.ts';

export const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global',
  'export', 'start', 'element', 'code', 'data', 'data count',
];

/** Position of each section id in the required order (data count sits before code). */
const ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

export function sectionLabel(id: number): string {
  return `section ${id} (${SECTION_NAMES[id] ?? 'unknown'})`;
}

/** ModuleIR.leaves until the validator sets it. */
const NO_LEAVES = new Uint8Array(0);

export function decodeModule(bytes: Uint8Array): ModuleIR {
  const m: ModuleIR = {
    bytes,
    types: [],
    imports: [],
    funcs: [],
    numImportedFuncs: 0,
    tables: [],
    numImportedTables: 0,
    memories: [],
    numImportedMemories: 0,
    globals: [],
    numImportedGlobals: 0,
    globalInits: [],
    exports: [],
    start: undefined,
    elems: [],
    datas: [],
    dataCount: undefined,
    bodies: noBodies(),
    leaves: NO_LEAVES,
    customs: [],
    funcNames: new FuncNames(),
  };
  const r = new Reader(bytes);
  r.where = 'preamble';
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    r.fail('magic header not detected (expected \\0asm)', 0);
  }
  r.pos = 4;
  if (bytes.length < 8) r.fail('unexpected end: missing version', 4);
  if (r.i32le() !== 1) r.fail('unknown binary version (expected 1)', 4);

  let last = 0;
  let funcCount = -1;
  let codeCount = -1;
  let dataCount = -1;
  const fileEnd = bytes.length;
  while (r.pos < fileEnd) {
    r.where = 'module';
    r.end = fileEnd;
    const idAt = r.pos;
    const id = r.u8();
    if (id > 12) r.fail(`malformed section id ${id}`, idAt);
    r.where = sectionLabel(id);
    const size = r.u32();
    const start = r.pos;
    if (size > fileEnd - start) r.fail(`unexpected end: section size ${size} exceeds the module length`, idAt);
    const end = start + size;
    if (id !== 0) {
      if (ORDER[id]! <= last) r.fail(`unexpected content after last section: section out of order or duplicated`, idAt);
      last = ORDER[id]!;
    }
    r.end = end;
    switch (id) {
      case 0: decodeCustomSection(r, m); break;
      case 1: decodeTypeSection(r, m); break;
      case 2: decodeImportSection(r, m); break;
      case 3: funcCount = decodeFunctionSection(r, m); break;
      case 4: decodeTableSection(r, m); break;
      case 5: decodeMemorySection(r, m); break;
      case 6: decodeGlobalSection(r, m); break;
      case 7: decodeExportSection(r, m); break;
      case 8: decodeStartSection(r, m); break;
      case 9: decodeElementSection(r, m); break;
      case 10: codeCount = decodeCodeSection(r, m); break;
      case 11: dataCount = decodeDataSection(r, m); break;
      case 12: decodeDataCountSection(r, m); break;
    }
    if (r.pos !== end) r.fail(`section size mismatch: ${size} declared, ${r.pos - start} used`, r.pos);
  }
  r.where = 'module';
  if (Math.max(funcCount, 0) !== Math.max(codeCount, 0)) {
    r.fail(`function and code section have inconsistent lengths (${Math.max(funcCount, 0)} vs ${Math.max(codeCount, 0)})`, fileEnd);
  }
  if (m.dataCount !== undefined && m.dataCount !== Math.max(dataCount, 0)) {
    r.fail(`data count and data section have inconsistent lengths (${m.dataCount} vs ${Math.max(dataCount, 0)})`, fileEnd);
  }
  // Stack traces name a function by the name section, else by its first export.
  for (const e of m.exports) {
    if (e.kind === 'func') m.funcNames.addExport(e.index, e.name);
  }
  return m;
}
