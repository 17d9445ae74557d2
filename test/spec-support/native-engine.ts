// A reference SpecEngine over the platform's WebAssembly (V8), to prove the
// spec runner right independently of our engine. Test code only.
//
// Bit-exactness: values never cross V8's JS boundary as floats. Every exported
// function is called through a tiny wasm wrapper that takes and returns f32/f64
// as their i32/i64 bit patterns (reinterpret instructions) and v128 as two i64
// halves, and calls the real function wasm-to-wasm. Globals are read the same
// way. So NaN payloads and v128 values compare exactly, as they must for our
// engine.
//
// Trap texts: V8's messages are not the spec's, and some V8 messages stand for
// more than one spec trap (V8 says "table index is out of bounds" both for a
// call_indirect past the table's end — the spec's "undefined element" — and for
// table.get/set — "out of bounds table access"). `trapMatches` accepts the spec
// texts listed for each V8 message in V8_TRAPS, and nothing else. Our engine
// gets no such table: its RuntimeError.trap must start with the spec's text.
import { spectestPrintFunctions, type ClassifiedError, type SpecEngine, type SpecValue } from '../../src/cli/spec/engine.ts';
import { body, exportTypes, funcType, moduleBytes, name, section, u32, vec, VALTYPE_CODE, type ExportType, type FuncType, type GlobalType, type ValType } from './wasm-binary.ts';

/** V8 trap message → the spec trap texts it may stand for. */
export const V8_TRAPS: Record<string, readonly string[]> = {
  unreachable: ['unreachable'],
  'memory access out of bounds': ['out of bounds memory access'],
  'divide by zero': ['integer divide by zero'],
  'remainder by zero': ['integer divide by zero'],
  'divide result unrepresentable': ['integer overflow'],
  'float unrepresentable in integer range': ['invalid conversion to integer', 'integer overflow'],
  'table index is out of bounds': ['undefined element', 'out of bounds table access'],
  'null function or function signature mismatch': ['uninitialized element', 'indirect call type mismatch'],
  'function signature mismatch': ['indirect call type mismatch'],
  'element segment out of bounds': ['out of bounds table access'],
  'data segment is out of bounds': ['out of bounds memory access'],
  'call stack exhausted': ['call stack exhausted'],
};

type Mapped = 'i32' | 'i64' | 'funcref' | 'externref';

function mapType(t: ValType): Mapped[] {
  switch (t) {
    case 'f32':
      return ['i32'];
    case 'f64':
      return ['i64'];
    case 'v128':
      return ['i64', 'i64'];
    default:
      return [t];
  }
}

const SIMD = 0xfd;
const v128Zero = [SIMD, ...u32(12), ...new Array<number>(16).fill(0)];

/** Code that turns the mapped values of a `t` (in locals from `first`) into a `t` on the stack. */
function unmap(t: ValType, first: number): number[] {
  switch (t) {
    case 'f32':
      return [0x20, ...u32(first), 0xbe];
    case 'f64':
      return [0x20, ...u32(first), 0xbf];
    case 'v128':
      return [...v128Zero, 0x20, ...u32(first), SIMD, ...u32(30), 0, 0x20, ...u32(first + 1), SIMD, ...u32(30), 1];
    default:
      return [0x20, ...u32(first)];
  }
}

/** Code that turns the `t` in local `index` into its mapped values on the stack. */
function map(t: ValType, index: number): number[] {
  switch (t) {
    case 'f32':
      return [0x20, ...u32(index), 0xbc];
    case 'f64':
      return [0x20, ...u32(index), 0xbd];
    case 'v128':
      return [0x20, ...u32(index), SIMD, ...u32(29), 0, 0x20, ...u32(index), SIMD, ...u32(29), 1];
    default:
      return [0x20, ...u32(index)];
  }
}

/** (import "m" "f" (func T)) (func (export "w") mapped(T) ...) */
function funcWrapper(t: FuncType): Uint8Array {
  const mappedParams = t.params.flatMap(mapType);
  const mapped: FuncType = { params: mappedParams, results: t.results.flatMap(mapType) };
  const code: number[] = [];
  let k = 0;
  for (const p of t.params) {
    code.push(...unmap(p, k));
    k += mapType(p).length;
  }
  code.push(0x10, 0);
  const temps = t.results.map((_, j) => mappedParams.length + j);
  for (let j = t.results.length - 1; j >= 0; j--) code.push(0x21, ...u32(temps[j]));
  t.results.forEach((r, j) => code.push(...map(r, temps[j])));
  return moduleBytes([
    section(1, vec([funcType(t), funcType(mapped)])),
    section(2, vec([[...name('m'), ...name('f'), 0x00, 0]])),
    section(3, vec([[1]])),
    section(7, vec([[...name('w'), 0x00, 1]])),
    section(10, vec([body(t.results.map((r) => [1, r] as [number, ValType]), code)])),
  ]);
}

/** (import "m" "g" (global T)) (func (export "w") (result mapped(T)) ...) */
function globalWrapper(t: GlobalType): Uint8Array {
  const code = [0x23, 0, 0x21, 0, ...map(t.value, 0)];
  return moduleBytes([
    section(1, vec([funcType({ params: [], results: mapType(t.value) })])),
    section(2, vec([[...name('m'), ...name('g'), 0x03, VALTYPE_CODE[t.value], t.mutable ? 1 : 0]])),
    section(3, vec([[0]])),
    section(7, vec([[...name('w'), 0x00, 0]])),
    section(10, vec([body([[1, t.value]], code)])),
  ]);
}

function sigKey(t: FuncType): string {
  return `${t.params.join(',')}->${t.results.join(',')}`;
}

function toJs(v: SpecValue): unknown[] {
  switch (v.type) {
    case 'i32':
      return [v.value | 0];
    case 'i64':
      return [BigInt.asIntN(64, v.value)];
    case 'f32':
      return [v.bits | 0];
    case 'f64':
      return [BigInt.asIntN(64, v.bits)];
    case 'v128': {
      const view = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
      return [view.getBigInt64(0, true), view.getBigInt64(8, true)];
    }
    default:
      return [v.value];
  }
}

function fromJs(t: ValType, values: unknown[], at: number): SpecValue {
  const x = values[at];
  switch (t) {
    case 'i32':
      return { type: 'i32', value: x as number };
    case 'i64':
      return { type: 'i64', value: x as bigint };
    case 'f32':
      return { type: 'f32', bits: (x as number) >>> 0 };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, x as bigint) };
    case 'v128': {
      const bytes = new Uint8Array(16);
      const view = new DataView(bytes.buffer);
      view.setBigInt64(0, x as bigint, true);
      view.setBigInt64(8, values[at + 1] as bigint, true);
      return { type: 'v128', bytes };
    }
    case 'funcref':
      return { type: 'funcref', value: x as object | null };
    case 'externref':
      return { type: 'externref', value: x };
  }
}

export function createNativeEngine(): SpecEngine {
  const wrapperModules = new Map<string, WebAssembly.Module>();
  const funcTypes = new WeakMap<object, FuncType>();
  const globalTypes = new WeakMap<object, GlobalType>();
  const exportTypesOf = new WeakMap<object, Map<string, ExportType>>();
  const wrappers = new WeakMap<object, (...args: unknown[]) => unknown>();

  const wrapperFor = (target: object, key: string, make: () => Uint8Array, importName: 'f' | 'g'): ((...args: unknown[]) => unknown) => {
    let w = wrappers.get(target);
    if (!w) {
      let module = wrapperModules.get(key);
      if (!module) {
        module = new WebAssembly.Module(make() as Uint8Array<ArrayBuffer>);
        wrapperModules.set(key, module);
      }
      const instance = new WebAssembly.Instance(module, { m: { [importName]: target } as WebAssembly.ModuleImports });
      w = instance.exports.w as (...args: unknown[]) => unknown;
      wrappers.set(target, w);
    }
    return w;
  };

  const unwrapResults = (count: number, r: unknown): unknown[] => (count === 0 ? [] : count === 1 ? [r] : [...(r as Iterable<unknown>)]);

  return {
    name: 'native',
    compile(bytes) {
      const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      exportTypesOf.set(module, exportTypes(bytes));
      return module;
    },
    moduleImports: (module) => WebAssembly.Module.imports(module as WebAssembly.Module),
    instantiate(module, imports) {
      const exports = new WebAssembly.Instance(module as WebAssembly.Module, imports as WebAssembly.Imports).exports;
      for (const [field, t] of exportTypesOf.get(module as object) ?? []) {
        const value = exports[field] as object;
        if (t.kind === 'func' && !funcTypes.has(value)) funcTypes.set(value, t.type);
        if (t.kind === 'global' && !globalTypes.has(value)) globalTypes.set(value, t.type);
      }
      return exports as Record<string, unknown>;
    },
    invoke(func, args) {
      const t = typeof func === 'function' ? funcTypes.get(func) : undefined;
      if (!t) throw new TypeError('not an exported function of a module this adapter compiled');
      const w = wrapperFor(func as object, `f:${sigKey(t)}`, () => funcWrapper(t), 'f');
      const raw = unwrapResults(t.results.flatMap(mapType).length, w(...args.flatMap(toJs)));
      const out: SpecValue[] = [];
      let at = 0;
      for (const r of t.results) {
        out.push(fromJs(r, raw, at));
        at += mapType(r).length;
      }
      return out;
    },
    getGlobal(global) {
      const t = typeof global === 'object' && global !== null ? globalTypes.get(global) : undefined;
      if (!t) throw new TypeError('not an exported global of a module this adapter compiled');
      const w = wrapperFor(global as object, `g:${t.value}:${t.mutable}`, () => globalWrapper(t), 'g');
      return fromJs(t.value, unwrapResults(mapType(t.value).length, w()), 0);
    },
    makeSpectest() {
      const g = (value: 'i32' | 'i64' | 'f32' | 'f64', v: number | bigint): WebAssembly.Global => {
        const global = new WebAssembly.Global({ value, mutable: false }, v);
        globalTypes.set(global, { value, mutable: false });
        return global;
      };
      return {
        ...spectestPrintFunctions(),
        global_i32: g('i32', 666),
        global_i64: g('i64', 666n),
        global_f32: g('f32', 666.6),
        global_f64: g('f64', 666.6),
        table: new WebAssembly.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
        memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
      };
    },
    classifyError(err): ClassifiedError {
      if (err instanceof WebAssembly.CompileError) return { kind: 'compile', name: 'CompileError', message: err.message };
      if (err instanceof WebAssembly.LinkError) return { kind: 'link', name: 'LinkError', message: err.message };
      if (err instanceof WebAssembly.RuntimeError) return { kind: 'trap', name: 'RuntimeError', message: err.message.replace(/^WebAssembly\.\w+\(\): /, '') };
      if (err instanceof RangeError && /call stack/i.test(err.message)) return { kind: 'trap', name: 'RangeError', message: 'call stack exhausted' };
      if (err instanceof Error) return { kind: 'other', name: err.name, message: err.message };
      return { kind: 'other', name: 'thrown value', message: String(err) };
    },
    // V8 names no element index, so its "uninitialized element" also stands for the spec's "uninitialized element 2".
    trapMatches: (actual, expected) => (V8_TRAPS[actual] ?? []).some((text) => text.startsWith(expected) || expected.startsWith(`${text} `)),
  };
}
