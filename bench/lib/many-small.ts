// A generated module of thousands of small functions, shaped like real
// compiler output (Rust, C++, AssemblyScript, TinyGo, emscripten): most
// functions are 10–60 bytes of code, with locals (i32 and i64), calls between
// them, an `if`, loads and stores, globals (mutable and not), a few
// `call_indirect`s through a table, a small loop here and there, a float
// conversion, void helpers, two signatures, a data segment and a name
// section of Rust-mangled names. Where the cost of starting a module is per
// function rather than per byte (decoding a body, checking it, making its
// function instance), this is what shows it: `npm run bench:startup` lists it
// as "many small", and test/bench-many-small.test.ts runs it on both engines
// against V8.
//
// Deterministic: the same `count` and `seed` give the same bytes. Bytes are
// written directly (no wat2wasm): it is made at bench time, never committed.
//
// Exports: `run(n)` (n rounds over ~40 entry functions; each calls on
// through later functions, so no recursion and bounded work: run(1) is a few
// thousand calls), `memory`, and `acc` (a mutable global the functions add to).

import { name as encodeName, sleb, uleb } from './gen-modules.ts';

const I32 = 0x7f, I64 = 0x7e;

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRATES = ['core', 'alloc', 'game', 'engine', 'wasm4', 'hashbrown', 'tinyvec', 'glam'];
const MODULES = ['fmt', 'num', 'ptr', 'slice', 'iter', 'render', 'physics', 'sprite', 'input', 'map', 'rng', 'ecs'];
const ITEMS = ['update', 'draw', 'step', 'new', 'len', 'get', 'set', 'next', 'from', 'into', 'hash', 'eq', 'cmp', 'drop_in_place', 'try_from', 'clamp', 'lerp', 'spawn'];
const IMPLS = ['_$LT$impl$u20$core..fmt..Debug$u20$for$u20$u32$GT$', '_$LT$T$u20$as$u20$core..convert..Into$LT$U$GT$$GT$', '_$LT$game..Vec2$u20$as$u20$core..ops..Add$GT$'];

/** A legacy Rust symbol: `_ZN` <len><ident>... `17h`<16 hex digits> `E`. */
function rustName(rand: () => number, i: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const parts = [pick(CRATES), pick(MODULES)];
  if (rand() < 0.2) parts.push(pick(IMPLS));
  parts.push(`${pick(ITEMS)}${rand() < 0.3 ? `_${i}` : ''}`);
  let hash = '';
  for (let k = 0; k < 16; k++) hash += '0123456789abcdef'[Math.floor(rand() * 16)];
  return `_ZN${parts.map((p) => `${p.length}${p}`).join('')}17h${hash}E`;
}

/** Type indices. */
const T_UNARY = 0; // (i32) -> i32
const T_BINARY = 1; // (i32, i32) -> i32
const T_VOID = 2; // () -> ()

const TABLE_SIZE = 16;
const ENTRIES = 40;

interface Func {
  type: number;
  /** Declared locals, as [count, type] groups. */
  locals: [number, number][];
  code: number[];
  name: string;
}

/**
 * The module: `count` small functions (then `run`), `seed` for the PRNG.
 * 4,000 functions make ~100 KB of code.
 */
export function manySmallFunctions(count = 4000, seed = 1): Uint8Array<ArrayBuffer> {
  const rand = prng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  // what each function is: void helpers and leaves call nothing (the table holds leaves)
  const type: number[] = [], leaf: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    type.push(r < 0.06 ? T_VOID : r < 0.3 ? T_BINARY : T_UNARY);
    leaf.push(type[i] === T_VOID || rand() < 0.35);
  }
  const tableFuncs: number[] = [];
  for (let i = 0; i < count && tableFuncs.length < TABLE_SIZE; i += 1 + int(count / TABLE_SIZE)) {
    if (type[i] === T_UNARY && leaf[i]) tableFuncs.push(i);
  }
  for (let i = 0; tableFuncs.length < TABLE_SIZE; i++) if (type[i] === T_UNARY && leaf[i] && !tableFuncs.includes(i)) tableFuncs.push(i);

  const funcs: Func[] = [];
  for (let i = 0; i < count; i++) {
    const locals: [number, number][] = [];
    const code: number[] = [];
    let i32Local = -1, i64Local = -1;
    const nparams = type[i] === T_BINARY ? 2 : 1;
    const nextLocal = (): number => nparams + locals.reduce((s, [n]) => s + n, 0);
    const local = (t: number): number => {
      if (t === I32 && i32Local >= 0) return i32Local;
      if (t === I64 && i64Local >= 0) return i64Local;
      const l = nextLocal();
      locals.push([1, t]);
      if (t === I32) i32Local = l;
      else i64Local = l;
      return l;
    };
    if (type[i] === T_VOID) {
      // a counter bump and a store through the immutable base global
      code.push(0x23, 1, 0x41, ...sleb(1 + int(9)), 0x6a, 0x24, 1);
      if (rand() < 0.5) code.push(0x23, 2, 0x23, 1, 0x36, 2, ...uleb(16 + 4 * int(64)));
      funcs.push({ type: T_VOID, locals, code, name: rustName(rand, i) });
      continue;
    }
    let called = false;
    // one to three pieces: mostly one or two
    const pieces = rand() < 0.6 ? 1 : rand() < 0.75 ? 2 : 3;
    for (let p = 0; p < pieces; p++) {
      const k = int(leaf[i] ? 9 : 12);
      switch (k) {
        case 0: // x = x * c + d
          code.push(0x20, 0, 0x41, ...sleb(3 + int(2000)), 0x6c, 0x41, ...sleb(int(100000) - 50000), 0x6a, 0x21, 0);
          break;
        case 1: // x ^= rotl(x, s)
          code.push(0x20, 0, 0x20, 0, 0x41, 1 + int(30), 0x77, 0x73, 0x21, 0);
          break;
        case 2: // x += load(1024 + (x & 0x3ffc) + off)
          code.push(0x20, 0, 0x41, ...sleb(0x3ffc), 0x71, 0x28, 2, ...uleb(1024 + 4 * int(256)), 0x20, 0, 0x6a, 0x21, 0);
          break;
        case 3: // store(base + (x & 0xffc) + off, x)
          code.push(0x23, 2, 0x20, 0, 0x41, ...sleb(0xffc), 0x71, 0x6a, 0x20, 0, 0x36, 2, ...uleb(4 * int(32)));
          break;
        case 4: // acc += x
          code.push(0x23, 0, 0x20, 0, 0x6a, 0x24, 0);
          break;
        case 5: // x = x & 1 ? x << a : x >>> b
          code.push(0x20, 0, 0x41, 1, 0x71, 0x04, I32, 0x20, 0, 0x41, 1 + int(7), 0x74, 0x05, 0x20, 0, 0x41, 1 + int(7), 0x76, 0x0b, 0x21, 0);
          break;
        case 6: { // an i64 mix in a local
          const l = local(I64);
          code.push(0x20, 0, 0xad, 0x42, ...sleb(0x9e37 + int(0x10000)), 0x7e, 0x22, l, 0x42, 29, 0x88, 0x20, l, 0x85, 0xa7, 0x21, 0);
          break;
        }
        case 7: // x = trunc_sat(f64(x) * 0.75)
          code.push(0x20, 0, 0xb7, 0x44, 0, 0, 0, 0, 0, 0, 0xe8, 0x3f, 0xa2, 0xfc, 2, 0x21, 0);
          break;
        case 8: { // a short counted loop in an i32 local
          const l = local(I32);
          code.push(0x41, 2 + int(3), 0x21, l, 0x03, 0x40, 0x20, 0, 0x41, ...sleb(5 + int(20)), 0x6c, 0x41, 1, 0x6a, 0x21, 0,
            0x20, l, 0x41, 1, 0x6b, 0x22, l, 0x0d, 0, 0x0b);
          break;
        }
        case 9: // x = table[x & 15](x)
          code.push(0x20, 0, 0x20, 0, 0x41, TABLE_SIZE - 1, 0x71, 0x11, T_UNARY, 0, 0x21, 0);
          break;
        default: { // a call of a later function (no recursion: work stays bounded)
          if (called || i + 1 >= count) {
            code.push(0x20, 0, 0x41, 1, 0x6a, 0x21, 0);
            break;
          }
          called = true;
          const j = i + 1 + int(Math.min(48, count - i - 1));
          if (type[j] === T_VOID) code.push(0x10, ...uleb(j));
          else if (type[j] === T_BINARY) code.push(0x20, 0, 0x41, ...sleb(int(64)), 0x10, ...uleb(j), 0x21, 0);
          else code.push(0x20, 0, 0x10, ...uleb(j), 0x21, 0);
        }
      }
    }
    if (nparams === 2 && rand() < 0.7) code.push(0x20, 0, 0x20, 1, 0x6b, 0x21, 0);
    code.push(0x20, 0);
    funcs.push({ type: type[i]!, locals, code, name: rustName(rand, i) });
  }

  // run(n): n rounds of calls of the entry functions, their results summed; then acc is folded in
  const entries: number[] = [];
  for (let k = 0; k < ENTRIES; k++) entries.push(Math.floor((k * count) / ENTRIES));
  const run: number[] = [0x03, 0x40];
  for (const e of entries) {
    if (type[e] === T_VOID) {
      run.push(0x10, ...uleb(e));
      continue;
    }
    run.push(0x20, 1, 0x20, 2);
    if (type[e] === T_BINARY) run.push(0x41, 7);
    run.push(0x10, ...uleb(e), 0x6a, 0x21, 1);
  }
  run.push(0x20, 2, 0x41, 1, 0x6a, 0x22, 2, 0x20, 0, 0x48, 0x0d, 0, 0x0b, 0x20, 1, 0x23, 0, 0x73);
  funcs.push({ type: T_UNARY, locals: [[2, I32]], code: run, name: '_ZN4game4main3run17h0000000000000001E' });

  return encode(funcs, tableFuncs);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  const out = uleb(items.length);
  for (const it of items) for (const b of it) out.push(b);
  return out;
}

function encode(funcs: Func[], tableFuncs: number[]): Uint8Array<ArrayBuffer> {
  const parts: number[][] = [[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]];
  parts.push(section(1, vec([[0x60, 1, I32, 1, I32], [0x60, 2, I32, I32, 1, I32], [0x60, 0, 0]])));
  parts.push(section(3, vec(funcs.map((f) => uleb(f.type)))));
  parts.push(section(4, vec([[0x70, 0, ...uleb(TABLE_SIZE)]])));
  parts.push(section(5, vec([[0, 1]])));
  // acc (mutable), a counter (mutable), a base address (immutable)
  parts.push(section(6, vec([[I32, 1, 0x41, 0, 0x0b], [I32, 1, 0x41, ...sleb(12345), 0x0b], [I32, 0, 0x41, ...sleb(1024), 0x0b]])));
  const runIndex = funcs.length - 1;
  parts.push(section(7, vec([[...encodeName('run'), 0, ...uleb(runIndex)], [...encodeName('memory'), 2, 0], [...encodeName('acc'), 3, 0]])));
  parts.push(section(9, vec([[0, 0x41, 0, 0x0b, ...vec(tableFuncs.map((f) => uleb(f)))]])));
  const bodies: number[][] = funcs.map((f) => {
    const b = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.code, 0x0b];
    return [...uleb(b.length), ...b];
  });
  parts.push(section(10, vec(bodies)));
  const data: number[] = [];
  for (let k = 0; k < 256; k++) data.push((k * 37 + 11) & 0xff);
  parts.push(section(11, vec([[0, 0x41, ...sleb(1024), 0x0b, ...uleb(data.length), ...data]])));
  const names = vec(funcs.map((f, i) => [...uleb(i), ...encodeName(f.name)]));
  parts.push(section(0, [...encodeName('name'), 1, ...uleb(names.length), ...names]));
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
