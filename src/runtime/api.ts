// The WebAssembly-shaped JS API over our engine: Module, Instance, Memory,
// Table, Global, validate, compile, instantiate, plus raw value access.
import { decodeModule } from './binary/decode.ts';
import { CompileError, LinkError, RuntimeError } from './errors.ts';
import { CompileInterrupted, EngineRefused, getEngine, interpEngine, type Engine, type EngineName, type EngineOptions } from './engine.ts';
import {
  EXTERNREF, F32 as TF32, F64 as TF64, FUNCREF, I32 as TI32, I64 as TI64,
  sameFuncType, signatureToString, typeName,
  type ConstExpr, type ExternKind, type FuncType, type GlobalType, type ModuleIR, type ValType,
} from './module.ts';
import { FuncInst, GlobalInst, MemoryInst, NOT_MADE, PAGE, TableInst, funcAt, sigId, type InstanceState } from './store.ts';
import { validateModule } from './validate/module.ts';
import { ENGINE_LIMITS, LimitError, type ResourceLimits } from './limits.ts';
import { I, R, state } from './interp/stack.ts';
import { trap } from './interp/stack.ts';
import { v128 } from './simd/ops.ts';
import {
  callAt, funcOfWrapper, hostFunc, invokeRawSlots, readJS, readRaw, wrapperOf, writeJS,
  type RawValue,
} from './values.ts';

export type { RawValue } from './values.ts';
export type { EngineOptions } from './engine.ts';

export interface InstanceOptions {
  /**
   * Polled every ~20k loop iterations / calls while wasm code of this
   * instance runs; returning true traps with RuntimeError kind 'interrupted'.
   */
  shouldInterrupt?: () => boolean;
  /**
   * Resource limits of this instance's own memory and tables (limits.ts;
   * unset fields: ENGINE_LIMITS). A declared minimum over a limit fails
   * instantiation with a LimitError; memory.grow and table.grow past one
   * return -1.
   */
  limits?: ResourceLimits;
}

export type ImportValue = unknown;
export type Imports = Record<string, Record<string, ImportValue> | undefined>;

/** Standard kind names ('function', not 'func'). */
export type ImportExportKind = 'function' | 'table' | 'memory' | 'global';

/** Function signature, as in the JS type-reflection proposal. */
export interface FunctionTypeDescriptor {
  parameters: string[];
  results: string[];
}

export interface ModuleImportDescriptor {
  module: string;
  name: string;
  kind: ImportExportKind;
  /** Functions only. */
  type?: FunctionTypeDescriptor;
}
export interface ModuleExportDescriptor {
  name: string;
  kind: ImportExportKind;
  /** Functions only. */
  type?: FunctionTypeDescriptor;
}

function kindName(k: ExternKind): ImportExportKind {
  return k === 'func' ? 'function' : k;
}

function typeDescriptor(t: FuncType): FunctionTypeDescriptor {
  return { parameters: t.params.map(typeName), results: t.results.map(typeName) };
}

function toBytes(source: unknown): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError('WebAssembly module bytes must be an ArrayBuffer or a typed array');
}

const moduleIR = new WeakMap<object, { ir: ModuleIR; engine: Engine; refused?: string }>();

export class Module {
  /** Nominal typing: a Module is not just any object. */
  declare private readonly moduleBrand: never;
  constructor(bytes: BufferSource | Uint8Array, options?: EngineOptions) {
    let engine = getEngine(options?.engine);
    const interrupt = options?.interruptCompile;
    const poll = interrupt ? () => { if (interrupt()) throw new CompileInterrupted(); } : undefined;
    // A plain Uint8Array copy the caller cannot change later. Not slice():
    // on a subclass such as Node's Buffer it keeps the subclass, whose own
    // slice() (used on the copy later) returns views, not copies.
    const ir = decodeModule(new Uint8Array(toBytes(bytes)));
    validateModule(ir, poll);
    let refused: string | undefined;
    try {
      engine.prepare(ir, poll, options);
    } catch (e) {
      // The one place a whole module falls back to the interpreter (the JIT's
      // per-function fallback is inside its translation: jit/compile.ts).
      if (!(e instanceof EngineRefused)) throw e;
      refused = e.message;
      engine = interpEngine;
    }
    moduleIR.set(this, refused === undefined ? { ir, engine } : { ir, engine, refused });
  }

  static imports(m: Module): ModuleImportDescriptor[] {
    const ir = irOf(m);
    return ir.imports.map((i) => {
      const d: ModuleImportDescriptor = { module: i.module, name: i.name, kind: kindName(i.desc.kind) };
      if (i.desc.kind === 'func') d.type = typeDescriptor(ir.types[i.desc.typeIndex]!);
      return d;
    });
  }

  static exports(m: Module): ModuleExportDescriptor[] {
    const ir = irOf(m);
    return ir.exports.map((e) => {
      const d: ModuleExportDescriptor = { name: e.name, kind: kindName(e.kind) };
      if (e.kind === 'func') d.type = typeDescriptor(ir.types[ir.funcs[e.index]!]!);
      return d;
    });
  }

  static customSections(m: Module, name: string): ArrayBuffer[] {
    return irOf(m).customs.filter((c) => c.name === name).map((c) => c.bytes.slice().buffer);
  }
}

type BufferSource = ArrayBuffer | ArrayBufferView;

function irOf(m: unknown): ModuleIR {
  const e = typeof m === 'object' && m !== null ? moduleIR.get(m) : undefined;
  if (!e) throw new TypeError('argument is not a WebAssembly.Module');
  return e.ir;
}

/**
 * The engine that runs a module's code, and why the one asked for declined
 * it (EngineRefused) if it did.
 */
export function moduleEngine(m: Module): { engine: EngineName; refused?: string } {
  const e = moduleIR.get(m);
  if (!e) throw new TypeError('argument is not a WebAssembly.Module');
  return e.refused === undefined ? { engine: e.engine.name } : { engine: e.engine.name, refused: e.refused };
}

/** The IR of a compiled module (for the JIT, tools and tests). */
export function moduleIRof(m: Module): ModuleIR {
  return irOf(m);
}

// ---- Memory / Table / Global wrappers ----

const memoryWrappers = new WeakMap<MemoryInst, Memory>();
const tableWrappers = new WeakMap<TableInst, Table>();
const globalWrappers = new WeakMap<GlobalInst, Global>();

function toIndex(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 0xffffffff) throw new TypeError(`${what} must be a non-negative integer`);
  return Math.floor(n);
}

export class Memory {
  /** @internal */ readonly inst: MemoryInst;
  constructor(descriptor: { initial: number; maximum?: number }, inst?: MemoryInst) {
    if (inst) {
      this.inst = inst;
    } else {
      const initial = toIndex(descriptor.initial, 'initial');
      const maximum = descriptor.maximum === undefined ? undefined : toIndex(descriptor.maximum, 'maximum');
      if (initial > 65536 || (maximum !== undefined && (maximum > 65536 || maximum < initial))) {
        throw new RangeError('invalid memory limits');
      }
      // (its buffer is usually wanted at once: no room kept to grow into, see MemoryInst.buffer)
      this.inst = new MemoryInst(initial, maximum, undefined, false);
    }
    memoryWrappers.set(this.inst, this);
  }
  get buffer(): ArrayBuffer {
    return this.inst.buffer;
  }
  grow(delta: number): number {
    const r = this.inst.grow(toIndex(delta, 'delta'));
    if (r < 0) throw new RangeError('WebAssembly.Memory.grow(): maximum memory size exceeded');
    return r;
  }
}

/**
 * A memory's bytes as they are now: a view of exactly its size, replaced by
 * memory.grow (take it again after running code that may grow). Unlike
 * `Memory.buffer`, which must be one ArrayBuffer of the memory's size, this
 * leaves our memory its room to grow into without copying (MemoryInst): what
 * hosts of our engine read the game's memory with. Any other memory (the
 * platform's) is read through its buffer.
 */
export function memoryBytes(memory: { readonly buffer: ArrayBuffer }): Uint8Array {
  return memory instanceof Memory ? memory.inst.u8 : new Uint8Array(memory.buffer);
}

function memoryOf(m: MemoryInst): Memory {
  return memoryWrappers.get(m) ?? new Memory({ initial: 0 }, m);
}

function elemTypeOf(s: unknown): ValType {
  if (s === 'anyfunc' || s === 'funcref') return FUNCREF;
  if (s === 'externref') return EXTERNREF;
  throw new TypeError(`invalid table element type ${String(s)}`);
}

/** Converts a JS value to a reference of type t (via a scratch slot). */
function toRef(t: ValType, v: unknown): unknown {
  const s = state.top;
  writeJS(t, s, v);
  const r = R[s];
  R[s] = null;
  return r;
}

function fromRef(t: ValType, r: unknown): unknown {
  if (t === FUNCREF) return r === null ? null : wrapperOf(r as FuncInst);
  return r;
}

export class Table {
  /** @internal */ readonly inst: TableInst;
  constructor(descriptor: { element: 'anyfunc' | 'funcref' | 'externref'; initial: number; maximum?: number }, value?: unknown, inst?: TableInst) {
    if (inst) {
      this.inst = inst;
    } else {
      const t = elemTypeOf(descriptor.element);
      const initial = toIndex(descriptor.initial, 'initial');
      const maximum = descriptor.maximum === undefined ? undefined : toIndex(descriptor.maximum, 'maximum');
      if (maximum !== undefined && maximum < initial) throw new RangeError('invalid table limits');
      if (initial > ENGINE_LIMITS.tableEntries) throw new RangeError(`table too large: ${initial} entries (at most ${ENGINE_LIMITS.tableEntries})`);
      const init = arguments.length >= 2 ? toRef(t, value) : t === EXTERNREF ? undefined : null;
      this.inst = new TableInst(t, initial, maximum, init);
    }
    tableWrappers.set(this.inst, this);
  }
  get length(): number {
    return this.inst.elements.length;
  }
  get(index: number): unknown {
    const i = toIndex(index, 'index');
    if (i >= this.inst.elements.length) throw new RangeError('table index out of bounds');
    return fromRef(this.inst.elemType, this.inst.elements[i]);
  }
  set(index: number, value?: unknown): void {
    const i = toIndex(index, 'index');
    if (i >= this.inst.elements.length) throw new RangeError('table index out of bounds');
    const t = this.inst.elemType;
    this.inst.elements[i] = arguments.length >= 2 ? toRef(t, value) : t === EXTERNREF ? undefined : null;
  }
  grow(delta: number, value?: unknown): number {
    const t = this.inst.elemType;
    const init = arguments.length >= 2 ? toRef(t, value) : t === EXTERNREF ? undefined : null;
    const r = this.inst.grow(toIndex(delta, 'delta'), init);
    if (r < 0) throw new RangeError('WebAssembly.Table.grow(): maximum table size exceeded');
    return r;
  }
}

function tableOf(t: TableInst): Table {
  return tableWrappers.get(t) ?? new Table({ element: 'anyfunc', initial: 0 }, undefined, t);
}

const VALUE_TYPES: Record<string, ValType> = {
  i32: TI32, i64: TI64, f32: TF32, f64: TF64, anyfunc: FUNCREF, funcref: FUNCREF, externref: EXTERNREF,
};

function readGlobal(g: GlobalInst): unknown {
  const s = state.top;
  I[s << 1] = g.i[0]!;
  I[(s << 1) + 1] = g.i[1]!;
  R[s] = g.ref;
  const v = readJS(g.type.type, s);
  R[s] = null;
  return v;
}

function writeGlobal(g: GlobalInst, v: unknown): void {
  const s = state.top;
  writeJS(g.type.type, s, v);
  g.i[0] = I[s << 1]!;
  g.i[1] = I[(s << 1) + 1]!;
  g.ref = R[s];
  R[s] = null;
}

export class Global {
  /** @internal */ readonly inst: GlobalInst;
  constructor(descriptor: { value: string; mutable?: boolean }, value?: unknown, inst?: GlobalInst) {
    if (inst) {
      this.inst = inst;
    } else {
      const t = VALUE_TYPES[descriptor.value];
      if (t === undefined) throw new TypeError(`invalid global value type ${String(descriptor.value)}`);
      this.inst = new GlobalInst({ type: t, mutable: !!descriptor.mutable });
      if (value === undefined) {
        // DefaultValue: undefined for externref (a non-null reference), null for funcref
        if (t === EXTERNREF) this.inst.ref = undefined;
        else if (t === FUNCREF) this.inst.ref = null;
      } else {
        writeGlobal(this.inst, value);
      }
    }
    globalWrappers.set(this.inst, this);
  }
  get value(): unknown {
    return readGlobal(this.inst);
  }
  set value(v: unknown) {
    if (!this.inst.type.mutable) throw new TypeError("Can't set the value of an immutable global.");
    writeGlobal(this.inst, v);
  }
  valueOf(): unknown {
    return readGlobal(this.inst);
  }
}

function globalOf(g: GlobalInst): Global {
  return globalWrappers.get(g) ?? new Global({ value: 'i32' }, undefined, g);
}

export function getGlobalRaw(global: Global): RawValue {
  const g = global.inst;
  const s = state.top;
  I[s << 1] = g.i[0]!;
  I[(s << 1) + 1] = g.i[1]!;
  R[s] = g.ref;
  const v = readRaw(g.type.type, s);
  R[s] = null;
  return v;
}

export function invokeRaw(func: (...args: never[]) => unknown, args: readonly RawValue[]): RawValue[] {
  const f = funcOfWrapper(func);
  if (!f) throw new TypeError('invokeRaw: not an exported WebAssembly function');
  return invokeRawSlots(f, args);
}

// ---- instantiation ----

function describeGlobalType(t: GlobalType): string {
  return t.mutable ? `(global (mut ${typeName(t.type)}))` : `(global ${typeName(t.type)})`;
}

function describeValue(v: unknown): string {
  if (v instanceof Memory) return `memory of ${v.inst.pages} pages${v.inst.max !== undefined ? ` (max ${v.inst.max})` : ''}`;
  if (v instanceof Table) return `table of ${typeName(v.inst.elemType)}[${v.inst.elements.length}]`;
  if (v instanceof Global) return describeGlobalType(v.inst.type);
  const f = funcOfWrapper(v);
  if (f) return `function ${signatureToString(f.type)}`.trim();
  if (typeof v === 'function') return 'a JS function';
  if (v === undefined) return 'undefined (missing)';
  return typeof v;
}

function limitsMatch(curMin: number, curMax: number | undefined, min: number, max: number | undefined): boolean {
  if (curMin < min) return false;
  if (max !== undefined) {
    if (curMax === undefined || curMax > max) return false;
  }
  return true;
}

function evalConst(inst: InstanceState, e: ConstExpr, t: ValType, target: GlobalInst | null): unknown {
  // returns a reference for ref types; fills target for numbers
  switch (e.op) {
    case 'i32.const':
      if (target) target.i[0] = e.value;
      return e.value;
    case 'i64.const':
    case 'f64.const':
      if (target) {
        target.i[0] = e.lo;
        target.i[1] = e.hi;
      }
      return null;
    case 'f32.const':
      if (target) target.i[0] = e.bits;
      return null;
    case 'v128.const': {
      // a v128 global holds its (immutable) value in `ref`, as the interpreter's slots do
      const v = v128(...e.words);
      if (target) target.ref = v;
      return v;
    }
    case 'ref.null':
      if (target) target.ref = null;
      return null;
    case 'ref.func': {
      const f = funcAt(inst, e.index);
      if (target) target.ref = f;
      return f;
    }
    case 'global.get': {
      const g = inst.globals[e.index]!;
      if (target) {
        target.i[0] = g.i[0]!;
        target.i[1] = g.i[1]!;
        target.ref = g.ref;
      }
      void t;
      return t === TI32 ? g.i[0] : g.ref;
    }
  }
}

export class Instance {
  declare private readonly instanceBrand: never;
  readonly exports: Record<string, unknown>;
  constructor(module: Module, importObject?: Imports, options?: InstanceOptions) {
    const entry = moduleIR.get(module);
    if (!entry) throw new TypeError('first argument must be a WebAssembly.Module');
    const { ir: m, engine } = entry;
    if (m.imports.length > 0 && (importObject === undefined || importObject === null || typeof importObject !== 'object')) {
      throw new TypeError('imports argument must be present and must be an object');
    }
    const inst: InstanceState = {
      module: m,
      funcs: [],
      tables: [],
      memory: null,
      globals: [],
      elems: [],
      datas: [],
      typeSigs: m.types.map(sigId),
      shouldInterrupt: options?.shouldInterrupt,
      makeFunc: null,
      // (set by lazy tiering; here from the start, so that every instance's state has one
      // shape: the interpreter's optimised loop deoptimised on a game's first call when
      // tiering had added them to its state after the warm-up's instances, "wrong map")
      hot: undefined,
      osr: undefined,
      lazyEntry: undefined,
    };
    // 1. imports
    for (const imp of m.imports) {
      const ns = importObject![imp.module];
      const where = `import ${imp.module}.${imp.name}`;
      if (ns === undefined || ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
        throw new TypeError(`${where}: module "${imp.module}" is not an object in the import object`);
      }
      const v = (ns as Record<string, unknown>)[imp.name];
      const d = imp.desc;
      switch (d.kind) {
        case 'func': {
          const t = m.types[d.typeIndex]!;
          if (typeof v !== 'function') throw new LinkError(`${where}: expected ${`function ${signatureToString(t)}`.trim()}, got ${describeValue(v)}`);
          const f = funcOfWrapper(v);
          if (f) {
            if (!sameFuncType(f.type, t)) throw new LinkError(`${where}: incompatible import type: expected ${`function ${signatureToString(t)}`.trim()}, got ${describeValue(v)}`);
            inst.funcs.push(f);
          } else {
            inst.funcs.push(hostFunc(v as (...args: unknown[]) => unknown, t));
          }
          break;
        }
        case 'memory': {
          if (!(v instanceof Memory)) throw new LinkError(`${where}: incompatible import type: expected memory, got ${describeValue(v)}`);
          const l = d.type.limits;
          if (!limitsMatch(v.inst.pages, v.inst.max, l.min, l.max)) {
            throw new LinkError(`${where}: incompatible import type: expected memory with limits ${l.min}..${l.max ?? ''}, got ${describeValue(v)}`);
          }
          inst.memory = v.inst;
          break;
        }
        case 'table': {
          if (!(v instanceof Table)) throw new LinkError(`${where}: incompatible import type: expected table, got ${describeValue(v)}`);
          const l = d.type.limits;
          if (v.inst.elemType !== d.type.elem || !limitsMatch(v.inst.elements.length, v.inst.max, l.min, l.max)) {
            throw new LinkError(`${where}: incompatible import type: expected table of ${typeName(d.type.elem)} with limits ${l.min}..${l.max ?? ''}, got ${describeValue(v)}`);
          }
          inst.tables.push(v.inst);
          break;
        }
        case 'global': {
          const gt = d.type;
          if (v instanceof Global) {
            if (v.inst.type.type !== gt.type || v.inst.type.mutable !== gt.mutable) {
              throw new LinkError(`${where}: incompatible import type: expected ${describeGlobalType(gt)}, got ${describeValue(v)}`);
            }
            inst.globals.push(v.inst);
          } else {
            const okNumber = typeof v === 'number' && gt.type !== TI64 && (gt.type === TI32 || gt.type === TF32 || gt.type === TF64);
            const okBig = typeof v === 'bigint' && gt.type === TI64;
            if (gt.mutable || !(okNumber || okBig)) {
              throw new LinkError(`${where}: incompatible import type: expected ${describeGlobalType(gt)}, got ${describeValue(v)}`);
            }
            const g = new GlobalInst(gt);
            writeGlobal(g, v);
            inst.globals.push(g);
          }
          break;
        }
      }
    }
    // 2. definitions (functions, on demand: made at first use by funcAt)
    if (engine.onDemand(m)) {
      inst.makeFunc = (i) => engine.createFunction(inst, i, m.types[m.funcs[i]!]!);
      for (let i = m.numImportedFuncs; i < m.funcs.length; i++) inst.funcs.push(NOT_MADE);
    } else {
      for (let i = m.numImportedFuncs; i < m.funcs.length; i++) {
        inst.funcs.push(engine.createFunction(inst, i, m.types[m.funcs[i]!]!));
      }
    }
    const tableLimit = limitOption(options?.limits?.tableEntries, ENGINE_LIMITS.tableEntries, 'tableEntries');
    for (let i = m.numImportedTables; i < m.tables.length; i++) {
      const t = m.tables[i]!;
      if (t.limits.min > tableLimit) throw new LimitError(`table ${i}`, t.limits.min, tableLimit, 'entries');
      inst.tables.push(new TableInst(t.elem, t.limits.min, t.limits.max, null, tableLimit));
    }
    if (m.memories.length > m.numImportedMemories) {
      const l = m.memories[m.numImportedMemories]!.limits;
      const memoryLimit = limitOption(options?.limits?.memoryBytes, ENGINE_LIMITS.memoryBytes, 'memoryBytes');
      if (l.min * PAGE > memoryLimit) throw new LimitError('memory', l.min * PAGE, memoryLimit, 'bytes');
      try {
        inst.memory = new MemoryInst(l.min, l.max, Math.floor(memoryLimit / PAGE));
      } catch {
        throw new RangeError(`cannot allocate a memory of ${l.min} pages (${l.min * PAGE} bytes)`);
      }
    }
    for (let i = 0; i < m.globalInits.length; i++) {
      const g = new GlobalInst(m.globals[m.numImportedGlobals + i]!);
      evalConst(inst, m.globalInits[i]!, g.type.type, g);
      inst.globals.push(g);
    }
    for (const seg of m.elems) {
      // (a declarative segment is dropped below, unread: not evaluated, so a
      // function it declares for ref.func is not made now: store.ts funcAt)
      inst.elems.push(seg.mode === 'declarative' ? [] : seg.items.map((e) => evalConst(inst, e, seg.type, null)));
    }
    for (const seg of m.datas) inst.datas.push(seg.bytes);

    // 3. exports
    const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const e of m.exports) {
      switch (e.kind) {
        case 'func': exports[e.name] = wrapperOf(funcAt(inst, e.index)); break;
        case 'table': exports[e.name] = tableOf(inst.tables[e.index]!); break;
        case 'memory': exports[e.name] = memoryOf(inst.memory!); break;
        case 'global': exports[e.name] = globalOf(inst.globals[e.index]!); break;
      }
    }
    this.exports = Object.freeze(exports);

    // 4. segment initialisation, in order; a failure leaves earlier writes in place
    for (let i = 0; i < m.elems.length; i++) {
      const seg = m.elems[i]!;
      if (seg.mode === 'active') {
        const table = inst.tables[seg.table]!;
        const off = constI32(inst, seg.offset!) >>> 0;
        const items = inst.elems[i]!;
        if (off + items.length > table.elements.length) throw trap('out of bounds table access', null);
        for (let k = 0; k < items.length; k++) table.elements[off + k] = items[k];
        inst.elems[i] = [];
      } else if (seg.mode === 'declarative') {
        inst.elems[i] = [];
      }
    }
    for (let i = 0; i < m.datas.length; i++) {
      const seg = m.datas[i]!;
      if (seg.mode === 'active') {
        const mem = inst.memory!;
        const off = constI32(inst, seg.offset!) >>> 0;
        if (off + seg.bytes.length > mem.size) throw trap('out of bounds memory access', null);
        mem.u8.set(seg.bytes, off);
        inst.datas[i] = new Uint8Array(0);
      }
    }
    // 5. start
    if (m.start !== undefined) {
      const f = funcAt(inst, m.start);
      const fp = state.top;
      callAt(f, fp);
    }
  }
}

/** A limit the embedder set, checked; `fallback` when unset. Never above the engine's own (ENGINE_LIMITS). */
function limitOption(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0)) throw new TypeError(`limits.${what} must be a non-negative number, got ${String(v)}`);
  return Math.min(Math.floor(v), fallback);
}

function constI32(inst: InstanceState, e: ConstExpr): number {
  if (e.op === 'i32.const') return e.value;
  if (e.op === 'global.get') return inst.globals[e.index]!.i[0]!;
  throw new Error('bad offset expression');
}

export { CompileInterrupted, EngineRefused };

export function validate(bytes: BufferSource | Uint8Array): boolean {
  try {
    const ir = decodeModule(toBytes(bytes));
    validateModule(ir);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

export function compile(bytes: BufferSource | Uint8Array, options?: EngineOptions): Promise<Module> {
  return new Promise((resolve) => resolve(new Module(bytes, options)));
}

export interface WebAssemblyInstantiatedSource {
  module: Module;
  instance: Instance;
}

export function instantiate(module: Module, imports?: Imports, options?: InstanceOptions & EngineOptions): Promise<Instance>;
export function instantiate(bytes: BufferSource | Uint8Array, imports?: Imports, options?: InstanceOptions & EngineOptions): Promise<WebAssemblyInstantiatedSource>;
export function instantiate(
  source: Module | BufferSource | Uint8Array,
  imports?: Imports,
  options?: InstanceOptions & EngineOptions,
): Promise<Instance | WebAssemblyInstantiatedSource> {
  return new Promise((resolve) => {
    if (source instanceof Module) {
      resolve(new Instance(source, imports, options));
      return;
    }
    const module = new Module(source, options);
    resolve({ module, instance: new Instance(module, imports, options) });
  });
}

export { CompileError, LinkError, RuntimeError };
