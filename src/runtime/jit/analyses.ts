// The module analyses the JIT's translation needs (docs/jit.md): which
// functions may grow memory, which tables never change after instantiation
// (and what they hold), how deeply each function nests its blocks, and which
// functions need no interrupt poll at entry.
//
// All four come from ONE scan of the code section: under lazy tiering they
// are computed at the first translation, on a cold engine, in the middle of a
// game's start or an early frame, when V8 still runs this code in its
// interpreter (three scans of rocket's 68 KB took 15–40 ms there; docs/
// performance.md "Cold start: the first translation").
import type { ModuleIR } from '../module.ts';
import { IMM, immediatesEnd, LEB1, lebEnd, lebNext, NONE, OTHER, u32At } from './immediates.ts';

/** The opcodes the scan looks at (the rest it only steps over). */
const LOOKED_AT = [0x02, 0x03, 0x04, 0x0b, 0x10, 0x11, 0x26, 0x40, 0xfc];
/**
 * By opcode: NONE or LEB1 for an instruction the scan steps over with no
 * immediate or one LEB128 number (most of them), OTHER for the rest. One
 * lookup and no call for most instructions: the scan runs cold, in V8's
 * interpreter, where a `switch` over sparse opcodes is a chain of compares.
 */
const STEP = IMM.map((shape, op) => (LOOKED_AT.includes(op) || (shape !== NONE && shape !== LEB1) ? OTHER : shape));

export interface StaticTable {
  /** Function index per slot, -1 for null. */
  readonly slots: Int32Array;
  /** switchTargets' answers by function type (`params>results`), filled on first use. */
  readonly byType: Map<string, Map<number, number[]> | null>;
}

/** Largest table staticTables maps slot by slot. */
export const MAX_STATIC_TABLE = 1 << 16;

export interface ModuleAnalyses {
  /**
   * By function index: may the function grow memory while it runs
   * (memory.grow, an import, an indirect call, or a call to such a
   * function)? After a call to any other function the cached DataView needs
   * no refresh.
   */
  readonly grows: boolean[];
  /**
   * By table index: the contents of a table that cannot change after
   * instantiation, or null for a table that can: imported or exported tables
   * (the host may set or grow them), a table some instruction writes
   * (table.set/grow/fill/init, or table.copy into it), a segment offset or
   * entry that reads a global. Rust's function table is static. An indirect
   * call through a static table can then switch on the slot to direct calls
   * (see call_indirect in codegen.ts compileFunction).
   */
  readonly tables: (StaticTable | null)[];
  /** By defined function: its deepest block nesting (V8's parser gives up on very deep JS nesting). */
  readonly depths: number[];
  /** By defined function: 1 if it needs no interrupt poll at entry (quietFunctions). */
  readonly quiet: Uint8Array;
}

/**
 * Most wasm bytes a call of a function without an entry poll may run before
 * its next poll, its callees' bodies counted in (quietFunctions).
 */
export const QUIET_MAX_BYTES = 2048;

// The analyses' `quiet` by module, for the code generator (codegen.ts reads
// it through needsEntryPoll, so the translation's many callers need not pass
// it along). A module no analysis ran on keeps every entry poll.
const quietByModule = new WeakMap<ModuleIR, Uint8Array>();

// By defined function: 1 for a leaf without loops, which never polls (nor does
// anything it calls: nothing), so a call of it needs no countdown written back
// (codegen.ts ZF_SYNC). A module no analysis ran on: none.
const silentByModule = new WeakMap<ModuleIR, Uint8Array>();

/** Whether a call of function `funcIndex` of `ir` can poll for an interrupt (anything but a defined leaf without loops). */
export function mayPoll(ir: ModuleIR, funcIndex: number): boolean {
  const s = silentByModule.get(ir);
  return s === undefined || funcIndex < ir.numImportedFuncs || s[funcIndex - ir.numImportedFuncs] !== 1;
}

/** Whether defined function `funcIndex` of `ir` keeps its entry poll (quietFunctions). */
export function needsEntryPoll(ir: ModuleIR, funcIndex: number): boolean {
  const q = quietByModule.get(ir);
  return q === undefined || q[funcIndex - ir.numImportedFuncs] !== 1;
}

/** The module's analyses, from one scan of its code. */
export function analyseModule(ir: ModuleIR): ModuleAnalyses {
  const steps = analyseSteps(ir);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** Code bytes analyseSteps scans between two pauses (~0.1 ms warm; a cold engine took 3.5–50 ms for rocket's 68 KB in one piece). */
export const ANALYSE_STEP_BYTES = 4096;

/**
 * analyseModule as a scan that pauses (yields) between two bodies once it has
 * read ANALYSE_STEP_BYTES since the last pause: lazy tiering spreads the
 * first translation's analyses over turns of its compile budget.
 */
export function* analyseSteps(ir: ModuleIR): Generator<void, ModuleAnalyses, void> {
  const bytes = ir.bytes, imported = ir.numImportedFuncs, n = ir.funcs.length;
  const grows = new Array<boolean>(n).fill(false);
  for (let i = 0; i < imported; i++) grows[i] = true;
  const written = new Uint8Array(ir.tables.length);
  const depths: number[] = [];
  // direct calls, as (caller, callee) pairs
  const from: number[] = [], to: number[] = [];
  // by defined function: makes an indirect call or calls an import
  const dynamic = new Uint8Array(ir.bodies.count);
  // by defined function: has a loop
  const looped = new Uint8Array(ir.bodies.count);
  let scanned = 0;
  const { count, codeStart, codeEnd } = ir.bodies;
  for (let b = 0; b < count; b++) {
    const fi = imported + b, end = codeEnd[b]!;
    if (scanned >= ANALYSE_STEP_BYTES) {
      scanned = 0;
      yield;
    }
    scanned += end - codeStart[b]!;
    let p = codeStart[b]!, depth = 0, max = 0;
    while (p < end) {
      const op = bytes[p++]!;
      const step = STEP[op];
      if (step === NONE) continue;
      if (step === LEB1) {
        while (bytes[p++]! & 0x80);
        continue;
      }
      switch (op) {
        case 0x02: case 0x03: case 0x04:
          if (op === 0x03) looped[b] = 1;
          p = lebEnd(bytes, p); // block type
          if (++depth > max) max = depth;
          break;
        case 0x0b: depth--; break;
        case 0x10: {
          const callee = u32At(bytes, p);
          from.push(fi);
          to.push(callee);
          if (callee < imported) dynamic[b] = 1;
          p = lebNext;
          break;
        }
        case 0x11: case 0x40:
          if (op === 0x11) dynamic[b] = 1;
          grows[fi] = true;
          p = immediatesEnd(bytes, p, op);
          break;
        case 0x26: // table.set
          written[u32At(bytes, p)] = 1;
          p = lebNext;
          break;
        case 0xfc: {
          const sub = u32At(bytes, p);
          if (sub === 12) written[u32At(bytes, lebEnd(bytes, lebNext))] = 1; // table.init elem table
          else if (sub === 14 || sub === 15 || sub === 17) written[u32At(bytes, lebNext)] = 1; // table.copy dst src, table.grow, table.fill
          else {
            p = immediatesEnd(bytes, p, op);
            break;
          }
          p = sub === 14 ? lebEnd(bytes, lebNext) : lebNext;
          break;
        }
        default: p = immediatesEnd(bytes, p, op);
      }
    }
    depths.push(max);
  }
  // A function that calls one that may grow memory may too: from each such
  // function to its callers, through the calls reversed.
  const first = new Int32Array(n + 1);
  for (const c of to) first[c + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const fill = first.slice(0, n), callers = new Int32Array(to.length);
  for (let e = 0; e < to.length; e++) callers[fill[to[e]!]!++] = from[e]!;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (grows[i]) queue.push(i);
  while (queue.length > 0) {
    const g = queue.pop()!;
    for (let k = first[g]!; k < first[g + 1]!; k++) {
      const c = callers[k]!;
      if (!grows[c]) { grows[c] = true; queue.push(c); }
    }
  }
  const quiet = quietFunctions(ir, from, to, dynamic);
  quietByModule.set(ir, quiet);
  const silent = new Uint8Array(count);
  for (let b = 0; b < count; b++) silent[b] = ir.leaves[b] === 1 && looped[b] === 0 ? 1 : 0;
  silentByModule.set(ir, silent);
  return { grows, tables: staticTables(ir, written), depths, quiet };
}

/**
 * The defined functions that need no interrupt poll at entry (docs/jit.md,
 * "Entry polls"). The entry poll is there for code that runs long without a
 * loop: recursion. A function needs none when
 * - it is on no cycle of direct calls (Tarjan's strongly connected components:
 *   a component of one function that does not call itself),
 * - it makes no indirect call and calls no import (either may lead anywhere,
 *   back into this module too), and
 * - a call of it runs at most QUIET_MAX_BYTES of wasm before its next poll:
 *   its body's bytes, plus at each direct call the callee's — a quiet
 *   callee's total, a polled one's own body (what it runs after its last
 *   poll) — so that a chain of quiet functions calling each other many times
 *   cannot add up to more.
 * Then every cycle of calls, direct or through a table or the host, passes
 * through a function that polls, and a loop polls at its head as before, so
 * nothing runs long without a poll; what goes is the poll of small helpers
 * called from hot code, 5–6% of strfmt's time.
 */
function quietFunctions(ir: ModuleIR, from: readonly number[], to: readonly number[], dynamic: Uint8Array): Uint8Array {
  const imported = ir.numImportedFuncs, count = ir.bodies.count;
  const { codeStart, codeEnd } = ir.bodies;
  // calls between defined functions, by caller (CSR)
  const first = new Int32Array(count + 1);
  for (let e = 0; e < from.length; e++) if (to[e]! >= imported) first[from[e]! - imported + 1]!++;
  for (let i = 0; i < count; i++) first[i + 1]! += first[i]!;
  const fill = first.slice(0, count), callees = new Int32Array(first[count]!);
  for (let e = 0; e < from.length; e++) if (to[e]! >= imported) callees[fill[from[e]! - imported]!++] = to[e]! - imported;
  const quiet = new Uint8Array(count);
  // how much a call runs before its next poll (capped: sums of sums can overflow)
  const work = new Float64Array(count);
  // Tarjan's algorithm without recursion (200,000 functions are valid); a
  // component is complete callees first, so `work` of every callee outside it is known.
  const index = new Int32Array(count).fill(-1), low = new Int32Array(count);
  const onStack = new Uint8Array(count), stack: number[] = [];
  const callStack: number[] = [], edge: number[] = [];
  let next = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    callStack.push(root); edge.push(first[root]!);
    index[root] = low[root] = next++; stack.push(root); onStack[root] = 1;
    while (callStack.length > 0) {
      const v = callStack[callStack.length - 1]!;
      const k = edge[edge.length - 1]!;
      if (k < first[v + 1]!) {
        edge[edge.length - 1] = k + 1;
        const w = callees[k]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++; stack.push(w); onStack[w] = 1;
          callStack.push(w); edge.push(first[w]!);
        } else if (onStack[w]) {
          if (index[w]! < low[v]!) low[v] = index[w]!;
        }
        continue;
      }
      callStack.pop(); edge.pop();
      if (callStack.length > 0) {
        const u = callStack[callStack.length - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] !== index[v]) continue;
      // v is the root of a component: pop it
      let size = 0, w: number;
      do { w = stack.pop()!; onStack[w] = 0; size++; } while (w !== v);
      const body = codeEnd[v]! - codeStart[v]!;
      let total = body, selfCall = false;
      for (let e = first[v]!; e < first[v + 1]!; e++) {
        const c = callees[e]!;
        if (c === v) selfCall = true;
        total += quiet[c] === 1 ? work[c]! : codeEnd[c]! - codeStart[c]!;
        if (total > QUIET_MAX_BYTES) break;
      }
      work[v] = total;
      if (size === 1 && !selfCall && dynamic[v] === 0 && total <= QUIET_MAX_BYTES) quiet[v] = 1;
    }
  }
  return quiet;
}

/** The tables' contents (ModuleAnalyses.tables), given which tables some instruction writes. */
function staticTables(ir: ModuleIR, written: Uint8Array): (StaticTable | null)[] {
  const fixed: boolean[] = ir.tables.map((_, t) => t >= ir.numImportedTables && written[t] === 0);
  for (const e of ir.exports) if (e.kind === 'table') fixed[e.index] = false;
  const out: (StaticTable | null)[] = [];
  for (let t = 0; t < ir.tables.length; t++) {
    // (a table of more than MAX_STATIC_TABLE entries is not worth a slot map,
    // and one of a billion would take the compile 4 GB)
    const size = ir.tables[t]!.limits.min;
    let slots: Int32Array | null = fixed[t] && size <= MAX_STATIC_TABLE ? new Int32Array(size).fill(-1) : null;
    for (const seg of ir.elems) {
      if (slots === null) break;
      if (seg.mode !== 'active' || seg.table !== t) continue;
      const off = seg.offset;
      if (off?.op !== 'i32.const' || (off.value >>> 0) + seg.items.length > slots.length) { slots = null; break; }
      seg.items.forEach((item, i) => {
        if (slots === null) return;
        if (item.op === 'ref.func') slots[(off.value >>> 0) + i] = item.index;
        else if (item.op === 'ref.null') slots[(off.value >>> 0) + i] = -1;
        else slots = null;
      });
    }
    out.push(slots && { slots, byType: new Map() });
  }
  return out;
}
