// Generated WebAssembly modules of a chosen size, for the compile-time
// benchmark (bench/compile.ts) and the engine's limit tests: each shape
// stresses one part of decoding, validation and the JIT's translation.

export function uleb(v: number): number[] {
  const o: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    o.push(b);
  } while (v);
  return o;
}

export function sleb(v: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && (b & 0x40))) {
      o.push(b);
      return o;
    }
    o.push(b | 0x80);
  }
}

/** a.push(...b) without spreading b into arguments (which overflows the stack past ~100k items). */
function append(a: number[], b: readonly number[]): number[] {
  for (const x of b) a.push(x);
  return a;
}
const section = (id: number, content: number[]): number[] => append([id, ...uleb(content.length)], content);
const vec = (items: number[][]): number[] => {
  const out = uleb(items.length);
  for (const item of items) append(out, item);
  return out;
};
/** A name as the binary format's vec(byte), for ASCII names. */
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const body = (locals: number[][], code: number[]): number[] => {
  const b = append(vec(locals), code);
  b.push(0x0b);
  return append(uleb(b.length), b);
};

/**
 * A module of functions: `types` (each [params, results] as value-type bytes),
 * `funcs` (type index and body per function), and exports by function index.
 * Built with plain arrays; bodies of a few MB are fine.
 */
function assemble(types: [number[], number[]][], funcs: { type: number; locals?: number[][]; code: number[] }[], exports: [string, number][]): Uint8Array {
  const out = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  append(out, section(1, vec(types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]))));
  append(out, section(3, vec(funcs.map((f) => uleb(f.type)))));
  append(out, section(7, vec(exports.map(([n, i]) => [...name(n), 0, ...uleb(i)]))));
  const bodies: number[] = [...uleb(funcs.length)];
  for (const f of funcs) append(bodies, body(f.locals ?? [], f.code));
  const head = [10, ...uleb(bodies.length)];
  const bytes = new Uint8Array(out.length + head.length + bodies.length);
  bytes.set(out);
  bytes.set(head, out.length);
  bytes.set(bodies, out.length + head.length);
  return bytes;
}

const I32 = 0x7f;

/** `run`: N i32.const, then N calls of an (i32) -> i32 function, then N drops (the JIT took 137 s at N = 60,000). */
export function constsCallsDrops(n: number): Uint8Array {
  const code: number[] = [];
  for (let i = 0; i < n; i++) code.push(0x41, ...sleb(i & 63));
  for (let i = 0; i < n; i++) code.push(0x10, 0);
  for (let i = 0; i < n; i++) code.push(0x1a);
  return assemble([[[I32], [I32]], [[], []]], [{ type: 0, code: [0x20, 0] }, { type: 1, code }], [['run', 1]]);
}

/** `run`: the first of N empty functions (the JIT's factory once held them all in one JS function). */
export function emptyFunctions(n: number): Uint8Array {
  const funcs = [];
  for (let i = 0; i < n; i++) funcs.push({ type: 0, code: [] });
  return assemble([[[], []]], funcs, [['run', 0]]);
}

/** `run(x)`: one function of N blocks of local arithmetic and a conditional branch each. */
export function straightLine(n: number): Uint8Array {
  const code: number[] = [];
  for (let i = 0; i < n; i++) {
    // block; x = x * 31 + i; br_if 0 (x & 1); y = y ^ x; end
    code.push(0x02, 0x40, 0x20, 0, 0x41, 31, 0x6c, 0x41, ...sleb(i & 0xfff), 0x6a, 0x22, 0,
      0x41, 1, 0x71, 0x0d, 0, 0x20, 1, 0x20, 0, 0x73, 0x21, 1, 0x0b);
  }
  code.push(0x20, 1);
  return assemble([[[I32], [I32]]], [{ type: 0, locals: [[1, I32]], code }], [['run', 0]]);
}

/** `run(x)`: N small functions, each calling the next (a call graph like a real program's). */
export function callChain(n: number): Uint8Array {
  const funcs = [];
  for (let i = 0; i < n; i++) {
    const code = [0x20, 0, 0x41, ...sleb(i & 0xff), 0x6a];
    if (i + 1 < n) code.push(0x10, ...uleb(i + 1));
    funcs.push({ type: 0, code });
  }
  return assemble([[[I32], [I32]]], funcs, [['run', 0]]);
}

export const SHAPES = { constsCallsDrops, emptyFunctions, straightLine, callChain } as const;
