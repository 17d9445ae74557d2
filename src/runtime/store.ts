// Runtime objects shared by every engine: function, memory, table and global
// instances, and the per-instance state the engines execute against.
import type { CompiledFunc, FuncType, GlobalType, ModuleIR, ValType } from './module.ts';
import { ENGINE_LIMITS } from './limits.ts';

const sigIds = new Map<string, number>();
/** Each FuncType object's id, once worked out (a function instance is made per function: thousands per module). */
const sigOfType = new WeakMap<FuncType, number>();
/** The type asked for last and its id (function instances come in runs of one type). */
let lastType: FuncType | undefined;
let lastId = -1;

/** A small integer per distinct function type, for cheap call_indirect checks. */
export function sigId(t: FuncType): number {
  if (t === lastType) return lastId;
  let id = sigOfType.get(t);
  if (id === undefined) {
    const key = `${t.params.join(',')}:${t.results.join(',')}`;
    id = sigIds.get(key);
    if (id === undefined) {
      id = sigIds.size;
      sigIds.set(key, id);
    }
    sigOfType.set(t, id);
  }
  lastType = t;
  lastId = id;
  return id;
}

export const enum FuncKind {
  /** Executed by the interpreter from `compiled`. */
  Interp = 0,
  /** A JS function imported by the embedder. */
  Host = 1,
  /** Provided by another engine (the JIT): `invokeSlots` runs it. */
  Engine = 2,
  /**
   * NOT_MADE only: what `InstanceState.funcs` holds for a function whose
   * instance is made at its first use (funcAt).
   */
  Lazy = 3,
}

/**
 * A function instance (the value a funcref holds). Its fields are declared
 * and set in the constructor, not as class fields: with class fields V8 runs
 * an initialiser that defines each field before the constructor sets it,
 * which a module of thousands of functions pays for at every `new Instance`
 * on a cold engine (docs/performance.md, "Cold start: many small functions").
 */
export class FuncInst {
  /** Interp until a lazily tiered function is compiled (jit/tiering.ts), then Engine. */
  declare kind: FuncKind;
  declare readonly type: FuncType;
  /** Owning instance (Interp and Engine functions). */
  declare readonly inst: InstanceState | null;
  /** Function index within its module (for stack traces). */
  declare readonly index: number;
  declare readonly compiled: CompiledFunc | null;
  declare readonly host: ((...args: unknown[]) => unknown) | null;
  /**
   * Engine functions: runs the function with its arguments in stack slots
   * fp.. (see interp/stack.ts) and leaves the results in fp...
   */
  declare invokeSlots: ((fp: number) => void) | null;
  /** The exported JS function for this instance (created on demand, then cached). */
  declare wrapper: ((...args: unknown[]) => unknown) | undefined;
  /**
   * An engine function's interpreted twin (same instance, index and slot
   * code), which the interpreter runs in its place while the JIT has handed
   * deep calls over (interp/stack.ts state.deep).
   */
  declare deep: FuncInst | null;
  declare readonly sig: number;
  constructor(
    kind: FuncKind,
    type: FuncType,
    inst: InstanceState | null,
    index: number,
    compiled: CompiledFunc | null,
    host: ((...args: unknown[]) => unknown) | null,
    invokeSlots: ((fp: number) => void) | null = null,
  ) {
    // (every field, always in this order: one shape for every function instance)
    this.kind = kind;
    this.type = type;
    this.inst = inst;
    this.index = index;
    this.compiled = compiled;
    this.host = host;
    this.invokeSlots = invokeSlots;
    this.wrapper = undefined;
    this.deep = null;
    this.sig = sigId(type);
  }

  get name(): string | undefined {
    return this.inst?.module.funcNames.get(this.index);
  }
}

/**
 * What `InstanceState.funcs` holds for a defined function whose instance is
 * not made yet (funcAt makes it). One object for every such slot of every
 * instance: `new Instance` of a module of thousands of small functions made
 * a function instance (and, lazily tiered, its interpreted twin) for each,
 * most never called (docs/performance.md, "Cold start: function instances on
 * first use"). It never leaves `funcs`: a funcref, a table element, an
 * export or a JIT entry is always of a made function. The interpreter's call
 * reaches it on its non-interpreted path (kind Lazy), makes the callee and
 * runs the call again (interp/exec.ts).
 */
export const NOT_MADE: FuncInst = new FuncInst(FuncKind.Lazy, { params: [], results: [] }, null, -1, null, null);

/**
 * Function `i` (module index space) of `inst`, made now if it was not
 * (InstanceState.makeFunc); every reader of `inst.funcs` outside the
 * interpreter's call goes through here.
 */
export function funcAt(inst: InstanceState, i: number): FuncInst {
  const f = inst.funcs[i]!;
  if (f.kind !== FuncKind.Lazy) return f;
  const made = inst.makeFunc!(i);
  inst.funcs[i] = made;
  return made;
}

export const PAGE = 65536;
export const MAX_PAGES = 65536;

/**
 * Bytes memory.grow may add or copy before the engine that ran it asks its
 * host's shouldInterrupt (see MemoryInst.growWork): a loop of grows can add
 * gigabytes, or copy far more when each grow must move the memory, between two
 * of the engines' usual polls, which count loop passes and calls.
 */
export const GROW_ASK_BYTES = 16 * 1024 * 1024;

/**
 * Whether `m` has grown or copied GROW_ASK_BYTES since its engine last asked;
 * if so the count starts again, and the engine asks shouldInterrupt now.
 */
export function growWorkDue(m: MemoryInst): boolean {
  if (m.growWork <= GROW_ASK_BYTES) return false;
  m.growWork = 0;
  return true;
}

/**
 * Pages of room a memory keeps past its size to grow into without copying.
 * A grow that must move the memory copies all of it: with no room, a program
 * growing its heap a page at a time (dlmalloc, Go's and AssemblyScript's
 * allocators) copied O(n²) bytes. A new memory gets 16 pages (1 MiB: the
 * first grows of a program's allocator — every bundled game grows once in
 * its init); one that grew and moved, its new size again (at least 16 pages,
 * at most 1024: 64 MiB). Chromium maps a zeroed ArrayBuffer's pages on first
 * write, so room costs nothing there until used; Node's allocator may clear
 * it (~1 ms per MiB here), hence the small room before a first grow.
 */
export const NEW_MEMORY_ROOM = 16;
export function growRoom(pages: number): number {
  return Math.min(Math.max(pages, 16), 1024);
}

export class MemoryInst {
  /**
   * The memory's bytes (views of exactly `size` bytes; replaced on every grow,
   * so engines read them again after anything that may grow the memory).
   */
  dv: DataView;
  u8: Uint8Array;
  size: number;
  /**
   * Where the bytes live: `size` bytes, then room to grow into (growRoom)
   * until the JS API's `buffer` is asked for; from then on exactly `size`,
   * as the JS API wants (a buffer of the memory's size, replaced by a grow).
   */
  private backing: ArrayBuffer;
  private exact: boolean;
  /**
   * Bytes grow() added and copied since an engine last asked shouldInterrupt
   * for it; the engines ask (and reset it) once it passes GROW_ASK_BYTES.
   */
  growWork = 0;
  /**
   * The size in bytes the last refused memory.grow asked for (0: none was
   * refused): a host can tell a game that ran out of its memory limit.
   */
  refused = 0;
  constructor(
    pages: number,
    readonly max: number | undefined,
    /** The embedder's limit (ResourceLimits.memoryBytes) in pages: memory.grow past it returns -1. */
    readonly limitPages: number = MAX_PAGES,
    /** Keep room to grow into (growRoom); false: a memory whose buffer is wanted at once (the JS API's `new Memory`). */
    room = true,
  ) {
    this.exact = !room;
    this.backing = this.allocate(pages, NEW_MEMORY_ROOM) ?? new ArrayBuffer(pages * PAGE);
    this.size = pages * PAGE;
    this.dv = new DataView(this.backing, 0, this.size);
    this.u8 = new Uint8Array(this.backing, 0, this.size);
  }

  get pages(): number {
    return this.size / PAGE;
  }

  /** The whole memory as one ArrayBuffer of its size (the JS API's Memory.buffer): from now on the memory keeps no room to grow into. */
  get buffer(): ArrayBuffer {
    if (this.backing.byteLength !== this.size) {
      const buf = new ArrayBuffer(this.size);
      new Uint8Array(buf).set(this.u8);
      this.replace(buf);
    }
    this.exact = true;
    return this.backing;
  }

  /** Grows by `delta` pages; returns the old size in pages, or -1. */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    const limit = Math.min(this.max ?? MAX_PAGES, MAX_PAGES);
    if (old + delta > limit) return -1;
    if (old + delta > this.limitPages) {
      this.refused = (old + delta) * PAGE;
      return -1;
    }
    const size = (old + delta) * PAGE;
    if (size <= this.backing.byteLength) {
      // the room past the old size is zeros still: nothing wrote there
      this.growWork += delta * PAGE;
      this.size = size;
      this.dv = new DataView(this.backing, 0, size);
      this.u8 = new Uint8Array(this.backing, 0, size);
      return old;
    }
    const buf = this.allocate(old + delta, growRoom(old + delta));
    if (!buf) return -1;
    new Uint8Array(buf).set(this.u8);
    this.growWork += this.size + delta * PAGE;
    this.size = size;
    this.replace(buf);
    return old;
  }

  /**
   * A zeroed buffer for `pages` pages and, unless the memory is exact, `room`
   * pages past them (never past its maximum or the embedder's limit; none if
   * that much cannot be had); undefined if even `pages` cannot.
   */
  private allocate(pages: number, room: number): ArrayBuffer | undefined {
    if (!this.exact) {
      const cap = Math.min(this.max ?? MAX_PAGES, this.limitPages, MAX_PAGES);
      const want = Math.min(cap, pages + room);
      if (want > pages) {
        try {
          return new ArrayBuffer(want * PAGE);
        } catch {
          // no room to be had: exactly what was asked for
        }
      }
    }
    try {
      return new ArrayBuffer(pages * PAGE);
    } catch {
      return undefined;
    }
  }

  private replace(buf: ArrayBuffer): void {
    this.backing = buf;
    this.dv = new DataView(buf, 0, this.size);
    this.u8 = new Uint8Array(buf, 0, this.size);
  }
}

/**
 * Up to this many bytes, memory.copy and memory.fill move words through the
 * memory's DataView instead of calling copyWithin/fill, whose fixed cost is
 * several times a short copy's (Node 20, min of 6 × 500k: 8 bytes 9.9 ns
 * against 65.8, 32 bytes 28.7 against 42.4, 64 bytes 47.8 against 53.5, 128
 * bytes 87.0 against 71.6). Current compilers turn a program's every
 * variable-length memcpy and memset into these instructions.
 */
export const SMALL_BULK_BYTES = 64;

/** memory.copy of n ≤ SMALL_BULK_BYTES bytes inside dv (bounds checked by the caller), as memmove: overlapping ranges copy as if through a buffer. */
export function copySmall(dv: DataView, d: number, s: number, n: number): void {
  const w = n & ~3;
  if (d <= s) {
    let i = 0;
    for (; i < w; i += 4) dv.setInt32(d + i, dv.getInt32(s + i, true), true);
    for (; i < n; i++) dv.setUint8(d + i, dv.getUint8(s + i));
  } else {
    // from the end: every read is of a byte not yet written
    let i = n;
    for (; i > w; i--) dv.setUint8(d + i - 1, dv.getUint8(s + i - 1));
    for (; i > 0; i -= 4) dv.setInt32(d + i - 4, dv.getInt32(s + i - 4, true), true);
  }
}

/** memory.fill of n ≤ SMALL_BULK_BYTES bytes of v's low byte inside dv (bounds checked by the caller). */
export function fillSmall(dv: DataView, d: number, v: number, n: number): void {
  const b = v & 255;
  const word = b * 0x01010101;
  const e = d + n;
  const we = d + (n & ~3);
  let i = d;
  for (; i < we; i += 4) dv.setInt32(i, word | 0, true);
  for (; i < e; i++) dv.setUint8(i, b);
}

export class TableInst {
  elements: unknown[];
  constructor(
    readonly elemType: ValType,
    initial: number,
    readonly max: number | undefined,
    init: unknown,
    /** The embedder's limit (ResourceLimits.tableEntries): table.grow past it returns -1. */
    readonly limit: number = ENGINE_LIMITS.tableEntries,
  ) {
    this.elements = new Array<unknown>(initial).fill(init);
  }

  /** Grows by `delta` entries set to `init`; returns the old length, or -1. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    const limit = this.max ?? 0xffffffff;
    if (old + delta > limit || old + delta > this.limit) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}

/** A global's value: numbers in `i` (two int32 words, f64 via `f`), references in `ref`. */
export class GlobalInst {
  readonly i = new Int32Array(2);
  readonly f = new Float64Array(this.i.buffer);
  ref: unknown = null;
  constructor(readonly type: GlobalType) {}
}

/** Everything an engine needs to run one instance's code. */
export interface InstanceState {
  module: ModuleIR;
  /**
   * Every function (imports first). A defined function's entry is NOT_MADE
   * until its first use when its engine makes them on demand
   * (Engine.onDemand): read through funcAt.
   */
  funcs: FuncInst[];
  tables: TableInst[];
  memory: MemoryInst | null;
  globals: GlobalInst[];
  /** Element segments' values; a dropped segment is an empty array. */
  elems: unknown[][];
  /** Data segments' bytes; a dropped segment is empty. */
  datas: Uint8Array[];
  /** Canonical signature id per type index (for call_indirect). */
  typeSigs: number[];
  shouldInterrupt: (() => boolean) | undefined;
  /** Makes function `i`'s instance, for funcAt (null: every function is made at instantiation). */
  makeFunc: ((i: number) => FuncInst) | null;
  /**
   * Lazy tiering (jit/tiering.ts): the interpreter reports `ticks` of work
   * done by interpreted function `f` (calls into it from outside, samples of
   * its interrupt countdown); the JIT compiles `f` once it is hot.
   */
  hot: ((f: FuncInst, ticks: number) => void) | undefined;
  /**
   * Lazy tiering's on-stack replacement (jit/tiering.ts): the interpreter
   * stopped in function `f`, frame `fp`, at slot-code index `pc`. Returns -1
   * if it ran the rest of that call in JIT code (results at fp), else how
   * many control transfers the interpreter should stop after, one by one,
   * looking for a loop head (0: none). Also asked with pc -1 when a call
   * from outside the interpreter starts.
   */
  osr: ((f: FuncInst, fp: number, pc: number) => number) | undefined;
  /**
   * Lazy tiering (jit/tiering.ts): makes the JIT-ABI entry of a function not
   * yet translated, when JIT code first needs one (jit/instance.ts jitEntry).
   */
  lazyEntry: ((f: FuncInst) => (...args: unknown[]) => unknown) | undefined;
}
