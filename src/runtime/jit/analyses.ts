// The module analyses the JIT's translation needs (docs/jit.md): which
// functions may grow memory, which tables never change after instantiation
// (and what they hold), and how deeply each function nests its blocks.
//
// All three come from ONE scan of the code section: under lazy tiering they
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
          p = lebEnd(bytes, p); // block type
          if (++depth > max) max = depth;
          break;
        case 0x0b: depth--; break;
        case 0x10:
          from.push(fi);
          to.push(u32At(bytes, p));
          p = lebNext;
          break;
        case 0x11: case 0x40:
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
  return { grows, tables: staticTables(ir, written), depths };
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
