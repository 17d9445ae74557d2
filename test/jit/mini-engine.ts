// A test-only SpecEngine over the JIT alone: decoder + validator + our own
// minimal instantiation (store.ts objects), so the JIT can be checked with the
// spec runner independently of the API facade. The facade is the real
// instantiation; this exists to exercise jit/ in isolation.
import { decodeModule } from '../../src/runtime/binary/decode.ts';
import { validateModule } from '../../src/runtime/validate/module.ts';
import { CompileError, LinkError, RuntimeError } from '../../src/runtime/errors.ts';
import { F32, F64, I32, I64, sameFuncType, type ConstExpr, type ModuleIR, type ValType } from '../../src/runtime/module.ts';
import { FuncInst, FuncKind, GlobalInst, MemoryInst, TableInst, sigId, type InstanceState } from '../../src/runtime/store.ts';
import { F, I, R, state } from '../../src/runtime/interp/stack.ts';
import { compileModule, type JitModule } from '../../src/runtime/jit/compile.ts';
import { createJitFuncs, setSlotCaller } from '../../src/runtime/jit/instance.ts';
import { spectestPrintFunctions, type ClassifiedError, type ImportObject, type SpecEngine, type SpecValue } from '../../src/cli/spec/engine.ts';

interface MiniModule { ir: ModuleIR; jm: JitModule }

// Host functions: call with JS values, no conversions needed by the spec's print functions.
setSlotCaller((f, fp) => {
  if (f.kind !== FuncKind.Host) throw new Error('mini-engine: cannot call this function kind');
  const args: unknown[] = [];
  f.type.params.forEach((t, i) => args.push(readSlot(t, fp + i)));
  const r = f.host!(...args);
  if (f.type.results.length === 1) writeSlot(f.type.results[0]!, fp, r);
});

function readSlot(t: ValType, s: number): unknown {
  if (t === I32) return I[2 * s];
  if (t === I64) return (BigInt(I[2 * s + 1]!) << 32n) | BigInt(I[2 * s]! >>> 0);
  if (t === F32) { const b = new Float32Array(new Int32Array([I[2 * s]!]).buffer); return b[0]; }
  if (t === F64) return F[s];
  return R[s];
}
function writeSlot(t: ValType, s: number, v: unknown): void {
  if (t === I32) I[2 * s] = Number(v) | 0;
  else if (t === I64) { const b = BigInt.asUintN(64, v as bigint); I[2 * s] = Number(b & 0xffffffffn) | 0; I[2 * s + 1] = Number(b >> 32n) | 0; }
  else if (t === F32) I[2 * s] = new Int32Array(new Float32Array([Number(v)]).buffer)[0]!;
  else if (t === F64) F[s] = Number(v);
  else R[s] = v;
}

function evalConst(e: ConstExpr, st: InstanceState, g: GlobalInst): void {
  switch (e.op) {
    case 'i32.const': g.i[0] = e.value; break;
    case 'i64.const': g.i[0] = e.lo; g.i[1] = e.hi; break;
    case 'f32.const': g.i[0] = e.bits; break;
    case 'f64.const': g.i[0] = e.lo; g.i[1] = e.hi; break;
    case 'ref.null': g.ref = null; break;
    case 'ref.func': g.ref = st.funcs[e.index]!; break;
    case 'global.get': { const s = st.globals[e.index]!; g.i[0] = s.i[0]!; g.i[1] = s.i[1]!; g.ref = s.ref; break; }
  }
}

function constI32(e: ConstExpr, st: InstanceState): number {
  const g = new GlobalInst({ type: I32, mutable: false });
  evalConst(e, st, g);
  return g.i[0]!;
}
function constRef(e: ConstExpr, st: InstanceState): unknown {
  const g = new GlobalInst({ type: 0x70, mutable: false });
  evalConst(e, st, g);
  return g.ref;
}

function instantiate(m: MiniModule, imports: ImportObject): Record<string, unknown> {
  const ir = m.ir;
  const st: InstanceState = {
    module: ir, funcs: [], tables: [], memory: null, globals: [], elems: [], datas: [],
    typeSigs: ir.types.map(sigId), shouldInterrupt: undefined,
  };
  for (const imp of ir.imports) {
    const v = imports[imp.module]?.[imp.name];
    if (v === undefined) throw new LinkError(`unknown import ${imp.module}.${imp.name}`);
    const d = imp.desc;
    if (d.kind === 'func') {
      const t = ir.types[d.typeIndex]!;
      if (v instanceof FuncInst) {
        if (!sameFuncType(v.type, t)) throw new LinkError('incompatible import type');
        st.funcs.push(v);
      } else if (typeof v === 'function') st.funcs.push(new FuncInst(FuncKind.Host, t, null, st.funcs.length, null, v as () => unknown));
      else throw new LinkError('incompatible import type');
    } else if (d.kind === 'memory') {
      if (!(v instanceof MemoryInst)) throw new LinkError('incompatible import type');
      if (v.pages < d.type.limits.min) throw new LinkError('incompatible import type');
      if (d.type.limits.max !== undefined && (v.max === undefined || v.max > d.type.limits.max)) throw new LinkError('incompatible import type');
      st.memory = v;
    } else if (d.kind === 'table') {
      if (!(v instanceof TableInst) || v.elemType !== d.type.elem) throw new LinkError('incompatible import type');
      if (v.elements.length < d.type.limits.min) throw new LinkError('incompatible import type');
      if (d.type.limits.max !== undefined && (v.max === undefined || v.max > d.type.limits.max)) throw new LinkError('incompatible import type');
      st.tables.push(v);
    } else {
      if (!(v instanceof GlobalInst) || v.type.type !== d.type.type || v.type.mutable !== d.type.mutable) throw new LinkError('incompatible import type');
      st.globals.push(v);
    }
  }
  const { funcs, link } = createJitFuncs(m.jm, st);
  st.funcs.push(...funcs);
  for (let i = ir.numImportedMemories; i < ir.memories.length; i++) st.memory = new MemoryInst(ir.memories[i]!.limits.min, ir.memories[i]!.limits.max);
  for (let i = ir.numImportedTables; i < ir.tables.length; i++) st.tables.push(new TableInst(ir.tables[i]!.elem, ir.tables[i]!.limits.min, ir.tables[i]!.limits.max));
  for (let i = ir.numImportedGlobals; i < ir.globals.length; i++) {
    const g = new GlobalInst(ir.globals[i]!);
    evalConst(ir.globalInits[i - ir.numImportedGlobals]!, st, g);
    st.globals.push(g);
  }
  st.elems = ir.elems.map((e) => e.items.map((x) => constRef(x, st)));
  st.datas = ir.datas.map((d) => d.bytes);
  link();
  ir.elems.forEach((e, i) => {
    if (e.mode === 'active') {
      const t = st.tables[e.table]!, off = constI32(e.offset!, st) >>> 0, items = st.elems[i]!;
      if (off + items.length > t.elements.length) throw new RuntimeError('out of bounds table access');
      items.forEach((x, k) => { t.elements[off + k] = x; });
    }
    if (e.mode !== 'passive') st.elems[i] = [];
  });
  ir.datas.forEach((d, i) => {
    if (d.mode === 'active') {
      const off = constI32(d.offset!, st) >>> 0, mem = st.memory!;
      if (off + d.bytes.length > mem.size) throw new RuntimeError('out of bounds memory access');
      mem.u8.set(d.bytes, off);
      st.datas[i] = new Uint8Array(0);
    }
  });
  if (ir.start !== undefined) callFunc(st.funcs[ir.start]!, []);
  const exports: Record<string, unknown> = {};
  for (const e of ir.exports) {
    exports[e.name] = e.kind === 'func' ? st.funcs[e.index] : e.kind === 'memory' ? st.memory : e.kind === 'table' ? st.tables[e.index] : st.globals[e.index];
  }
  return exports;
}

function callFunc(f: FuncInst, args: readonly SpecValue[]): SpecValue[] {
  const fp = state.top;
  args.forEach((a, i) => {
    const s = fp + i;
    if (a.type === 'i32') I[2 * s] = a.value;
    else if (a.type === 'i64') { const b = BigInt.asUintN(64, a.value); I[2 * s] = Number(b & 0xffffffffn) | 0; I[2 * s + 1] = Number(b >> 32n) | 0; }
    else if (a.type === 'f32') I[2 * s] = a.bits | 0;
    else if (a.type === 'f64') { I[2 * s] = Number(a.bits & 0xffffffffn) | 0; I[2 * s + 1] = Number(a.bits >> 32n) | 0; }
    else if (a.type === 'funcref' || a.type === 'externref') R[s] = a.value;
  });
  if (f.invokeSlots) f.invokeSlots(fp);
  else throw new Error('mini-engine: can only invoke JIT functions');
  return f.type.results.map((t, i) => {
    const s = fp + i;
    if (t === I32) return { type: 'i32', value: I[2 * s]! };
    if (t === I64) return { type: 'i64', value: BigInt.asIntN(64, (BigInt(I[2 * s + 1]!) << 32n) | BigInt(I[2 * s]! >>> 0)) };
    if (t === F32) return { type: 'f32', bits: I[2 * s]! >>> 0 };
    if (t === F64) return { type: 'f64', bits: (BigInt(I[2 * s + 1]! >>> 0) << 32n) | BigInt(I[2 * s]! >>> 0) };
    return { type: t === 0x70 ? 'funcref' : 'externref', value: R[s] as object | null } as SpecValue;
  });
}

export function miniJitEngine(): SpecEngine {
  return {
    name: 'jit-mini',
    compile(bytes) {
      const ir = decodeModule(bytes);
      validateModule(ir);
      return { ir, jm: compileModule(ir) } satisfies MiniModule;
    },
    moduleImports: (m) => (m as MiniModule).ir.imports.map((i) => ({ module: i.module, name: i.name, kind: i.desc.kind })),
    instantiate: (m, imports) => instantiate(m as MiniModule, imports),
    invoke: (f, args) => callFunc(f as FuncInst, args),
    getGlobal(g): SpecValue {
      const gl = g as GlobalInst, t = gl.type.type;
      if (t === I32) return { type: 'i32', value: gl.i[0]! };
      if (t === I64) return { type: 'i64', value: BigInt.asIntN(64, (BigInt(gl.i[1]!) << 32n) | BigInt(gl.i[0]! >>> 0)) };
      if (t === F32) return { type: 'f32', bits: gl.i[0]! >>> 0 };
      if (t === F64) return { type: 'f64', bits: (BigInt(gl.i[1]! >>> 0) << 32n) | BigInt(gl.i[0]! >>> 0) };
      return { type: t === 0x70 ? 'funcref' : 'externref', value: gl.ref as object | null } as SpecValue;
    },
    makeSpectest() {
      const g = (t: ValType, set: (g: GlobalInst) => void): GlobalInst => { const x = new GlobalInst({ type: t, mutable: false }); set(x); return x; };
      return {
        ...spectestPrintFunctions(),
        global_i32: g(I32, (x) => { x.i[0] = 666; }),
        global_i64: g(I64, (x) => { x.i[0] = 666; }),
        global_f32: g(F32, (x) => { x.i[0] = new Int32Array(new Float32Array([666.6]).buffer)[0]!; }),
        global_f64: g(F64, (x) => { x.f[0] = 666.6; }),
        table: new TableInst(0x70, 10, 20),
        memory: new MemoryInst(1, 2),
      };
    },
    classifyError(err): ClassifiedError {
      if (err instanceof CompileError) return { kind: 'compile', name: err.name, message: err.message };
      if (err instanceof LinkError) return { kind: 'link', name: err.name, message: err.message };
      if (err instanceof RuntimeError) return { kind: 'trap', name: err.name, message: err.trap };
      if (err instanceof Error) return { kind: 'other', name: err.name, message: err.message.split('\n')[0]! };
      return { kind: 'other', name: 'thrown', message: String(err) };
    },
  };
}
