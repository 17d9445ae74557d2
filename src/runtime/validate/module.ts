// Module-level validation rules of WebAssembly 2.0 (everything outside
// function bodies), then every body through checkFunctions (check.ts: every
// rule of a body, and every error message about one). A body that passed is
// lowered to slot code (lower.ts, which checks nothing again) only when the
// interpreter first needs that code (CompiledFunc.lower, set here: the one
// way into lowerFunction). Errors are CompileErrors naming section and offset.
import { Reader } from '../binary/reader.ts';
import { sectionLabel } from '../binary/decode.ts';
import { CompileError } from '../errors.ts';
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64, V128,
  typeName,
  type CompiledFunc, type ConstExpr, type Limits, type ModuleIR, type ValType,
} from '../module.ts';
import { lowerFunction } from './lower.ts';
import { checkFunctions } from './check.ts';

function fail(where: string, msg: string): never {
  throw new CompileError(`${where}: ${msg}`);
}

function checkLimits(where: string, l: Limits, bound: number, what: string): void {
  if (l.min > bound) fail(where, `${what} size must be at most ${bound}`);
  if (l.max !== undefined) {
    if (l.max > bound) fail(where, `${what} size must be at most ${bound}`);
    if (l.min > l.max) fail(where, 'size minimum must not be greater than maximum');
  }
}

/**
 * Type of a constant expression. `globalLimit` is how many globals it may
 * read (only imported ones in 2.0 global initialisers).
 */
function constType(m: ModuleIR, e: ConstExpr, where: string, globalLimit: number): ValType {
  switch (e.op) {
    case 'i32.const': return I32;
    case 'i64.const': return I64;
    case 'f32.const': return F32;
    case 'f64.const': return F64;
    case 'v128.const': return V128;
    case 'ref.null': return e.type;
    case 'ref.func':
      if (e.index >= m.funcs.length) fail(where, `unknown function ${e.index}`);
      return FUNCREF;
    case 'global.get': {
      if (e.index >= globalLimit) fail(where, `unknown global ${e.index}`);
      const g = m.globals[e.index]!;
      if (g.mutable) fail(where, `constant expression required: global ${e.index} is mutable`);
      return g.type;
    }
  }
}

function checkConst(m: ModuleIR, e: ConstExpr, expect: ValType, where: string, globalLimit: number): void {
  const t = constType(m, e, where, globalLimit);
  if (t !== expect) fail(where, `type mismatch: expected ${typeName(expect)} but got ${typeName(t)}`);
}

/**
 * `poll`, if given, is called between function bodies, every POLL_BYTES of
 * code or so (check.ts), and after the last (it throws to stop a compile
 * that runs too long: CompileInterrupted).
 */
export function validateModule(m: ModuleIR, poll?: () => void): void {
  // (an import's or export's `where` is built only for an error: a module may
  // have thousands, and this runs on a cold engine)
  for (const imp of m.imports) {
    if (imp.desc.kind === 'func' && imp.desc.typeIndex >= m.types.length) fail(`${sectionLabel(2)}: import ${imp.module}.${imp.name}`, `unknown type ${imp.desc.typeIndex}`);
  }
  for (let i = m.numImportedFuncs; i < m.funcs.length; i++) {
    if (m.funcs[i]! >= m.types.length) fail(sectionLabel(3), `function ${i}: unknown type ${m.funcs[i]}`);
  }
  for (let i = 0; i < m.tables.length; i++) checkLimits(sectionLabel(i < m.numImportedTables ? 2 : 4), m.tables[i]!.limits, 0xffffffff, 'table');
  if (m.memories.length > 1) fail(sectionLabel(5), 'multiple memories are not allowed');
  for (let i = 0; i < m.memories.length; i++) checkLimits(sectionLabel(i < m.numImportedMemories ? 2 : 5), m.memories[i]!.limits, 65536, 'memory');

  // Functions that ref.func may name: those referenced outside function bodies.
  const refs = new Set<number>();
  for (let i = 0; i < m.globalInits.length; i++) {
    const g = m.globals[m.numImportedGlobals + i]!;
    const e = m.globalInits[i]!;
    checkConst(m, e, g.type, `${sectionLabel(6)}: global ${m.numImportedGlobals + i}`, m.numImportedGlobals);
    if (e.op === 'ref.func') refs.add(e.index);
  }
  for (let i = 0; i < m.elems.length; i++) {
    const seg = m.elems[i]!;
    const where = `${sectionLabel(9)}: element segment ${i}`;
    for (const item of seg.items) {
      checkConst(m, item, seg.type, where, m.numImportedGlobals);
      if (item.op === 'ref.func') refs.add(item.index);
    }
    if (seg.mode === 'active') {
      const t = m.tables[seg.table];
      if (!t) fail(where, `unknown table ${seg.table}`);
      checkConst(m, seg.offset!, I32, where, m.numImportedGlobals);
      if (t.elem !== seg.type) fail(where, `type mismatch: ${typeName(seg.type)} segment for a ${typeName(t.elem)} table`);
    }
  }
  for (let i = 0; i < m.datas.length; i++) {
    const seg = m.datas[i]!;
    const where = `${sectionLabel(11)}: data segment ${i}`;
    if (seg.mode === 'active') {
      if (seg.memory >= m.memories.length) fail(where, `unknown memory ${seg.memory}`);
      checkConst(m, seg.offset!, I32, where, m.numImportedGlobals);
    }
  }
  if (m.start !== undefined) {
    const ti = m.funcs[m.start];
    if (ti === undefined) fail(sectionLabel(8), `unknown function ${m.start}`);
    const t = m.types[ti]!;
    if (t.params.length || t.results.length) fail(sectionLabel(8), 'start function must have type [] -> []');
  }
  const names = new Set<string>();
  for (const e of m.exports) {
    if (names.has(e.name)) fail(`${sectionLabel(7)}: export "${e.name}"`, 'duplicate export name');
    names.add(e.name);
    const n = e.kind === 'func' ? m.funcs.length : e.kind === 'table' ? m.tables.length : e.kind === 'memory' ? m.memories.length : m.globals.length;
    if (e.index >= n) fail(`${sectionLabel(7)}: export "${e.name}"`, `unknown ${e.kind} ${e.index}`);
    if (e.kind === 'func') refs.add(e.index);
  }

  const ctx = { m, refs };
  // one Reader for every body, moved to each in turn (a Reader per body was an
  // eighth of validating a module of 4,000 small functions on a cold engine)
  const r = new Reader(m.bytes);
  r.where = sectionLabel(10);
  m.leaves = checkFunctions(ctx, r, poll);
}

const NO_CODE = new Int32Array(0);
/** refLocals of a body without reference locals (most): one array, never changed. */
const NO_REFS: number[] = [];

/** CompiledFunc.lower of a checked body: lowers it (validate/lower.ts) from its module's bytes. */
function lowerChecked(this: CompiledFunc): void {
  const m = this.module!;
  const r = new Reader(m.bytes, m.bodies.codeStart[this.defIndex]!, m.bodies.codeEnd[this.defIndex]!);
  r.where = sectionLabel(10);
  const lowered = lowerFunction(m, this.defIndex, r);
  this.code = lowered.code;
  this.maxSlots = lowered.maxSlots;
  this.loopHeads = lowered.loopHeads;
  this.lower = null;
  this.module = null;
}

/**
 * The CompiledFunc of defined function `defIndex` of a validated module,
 * made at the first call (when its first function instance is made:
 * store.ts funcAt), then kept in m.bodies.compiled; its slot code is made on first
 * use (interp/codestore.ts install). A module may have thousands of bodies,
 * most never run: no CompiledFunc for those, no closure per body and,
 * without reference locals, no array of its own
 * (docs/performance.md, "Cold start: function instances on first use").
 */
export function compiledOf(m: ModuleIR, defIndex: number): CompiledFunc {
  return (m.bodies.compiled[defIndex] ??= lazilyLowered(m, defIndex, m.leaves[defIndex] === 1));
}

function lazilyLowered(m: ModuleIR, defIndex: number, leaf: boolean): CompiledFunc {
  const { localTypes, localsAt } = m.bodies;
  const first = localsAt[defIndex]!, past = localsAt[defIndex + 1]!;
  const nparams = m.types[m.funcs[m.numImportedFuncs + defIndex]!]!.params.length;
  const numLocals = nparams + past - first;
  let refLocals = NO_REFS;
  for (let i = first; i < past; i++) {
    const t = localTypes[i]!;
    if (t === FUNCREF || t === EXTERNREF) { // (isRef, inline: a call per local costs on a cold engine)
      if (refLocals === NO_REFS) refLocals = [];
      refLocals.push(nparams + i - first);
    }
  }
  return { code: NO_CODE, maxSlots: numLocals, numLocals, refLocals, base: -1, leaf, loopHeads: NO_CODE, lower: lowerChecked, module: m, defIndex };
}
