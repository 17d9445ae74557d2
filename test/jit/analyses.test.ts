// The JIT's module analyses (jit/analyses.ts: one scan of the code section
// for memory growth, static tables and nesting depths) and its immediate
// skipper (jit/immediates.ts, table driven, no bounds checks) against
// straightforward references: the three separate Reader-based scans and the
// Reader-based switch they replaced, on every bundled program and game, every
// test fixture, every valid module of the spec suite (SIMD included), and
// hand-written edge cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Module, moduleIRof } from '../../src/runtime/index.ts';
import { Reader } from '../../src/runtime/binary/reader.ts';
import type { ModuleIR } from '../../src/runtime/module.ts';
import { ANALYSE_STEP_BYTES, analyseModule, analyseSteps, MAX_STATIC_TABLE, QUIET_MAX_BYTES } from '../../src/runtime/jit/analyses.ts';
import { immediatesEnd } from '../../src/runtime/jit/immediates.ts';
import { skipSimdImmediates } from '../../src/runtime/jit/simd.ts';
import { HAVE_SPEC_SUITE, REPO_ROOT, SPEC_SUITE } from '../spec-support/suite.ts';
import { wat } from '../runtime/wat.ts';

// ---- references ----

function refSkip(r: Reader, op: number): void {
  switch (op) {
    case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
    case 0x25: case 0x26: case 0xd2:
      r.u32(); return;
    case 0x0e: { const n = r.u32(); for (let i = 0; i <= n; i++) r.u32(); return; }
    case 0x11: r.u32(); r.u32(); return;
    case 0x1c: { const n = r.u32(); for (let i = 0; i < n; i++) r.u8(); return; }
    case 0x3f: case 0x40: r.u8(); return;
    case 0x41: r.s32(); return;
    case 0x42: r.s64(); return;
    case 0x43: r.i32le(); return;
    case 0x44: r.i32le(); r.i32le(); return;
    case 0xd0: r.u8(); return;
    case 0xfc: {
      const sub = r.u32();
      if (sub === 8) { r.u32(); r.u8(); } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
      else if (sub === 10) { r.u8(); r.u8(); } else if (sub === 11) r.u8();
      else if (sub === 12 || sub === 14) { r.u32(); r.u32(); }
      return;
    }
    case 0xfd: skipSimdImmediates(r, r.u32()); return;
    default: if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); }
  }
}

/** Calls fn(op, reader just past the opcode) for each instruction of each defined function; the reader moves past it after. */
function eachOp(ir: ModuleIR, fn: (fi: number, op: number, r: Reader) => void): void {
  ir.bodies.codeStart.forEach((start, b) => {
    const r = new Reader(ir.bytes, start, ir.bodies.codeEnd[b]!);
    while (r.pos < r.end) {
      const op = r.u8();
      fn(ir.numImportedFuncs + b, op, r);
      if (op === 0x02 || op === 0x03 || op === 0x04) r.s33(); else refSkip(r, op);
    }
  });
}

function refGrows(ir: ModuleIR): boolean[] {
  const n = ir.funcs.length;
  const grows = Array.from({ length: n }, (_, i) => i < ir.numImportedFuncs);
  const callees: number[][] = Array.from({ length: n }, () => []);
  eachOp(ir, (fi, op, r) => {
    if (op === 0x10) callees[fi]!.push(new Reader(ir.bytes, r.pos).u32());
    if (op === 0x11 || op === 0x40) grows[fi] = true;
  });
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n; i++) if (!grows[i] && callees[i]!.some((c) => grows[c])) grows[i] = changed = true;
  }
  return grows;
}

/**
 * The functions that need no entry poll (analyses.ts quietFunctions), the
 * slow way: a function is on a cycle if a DFS from its callees reaches it;
 * its work is computed by plain recursion over its callees.
 */
function refQuiet(ir: ModuleIR): number[] {
  const imported = ir.numImportedFuncs, count = ir.bodies.count;
  const callees: number[][] = Array.from({ length: count }, () => []);
  const dynamic = new Array<boolean>(count).fill(false);
  eachOp(ir, (fi, op, r) => {
    if (op === 0x11) dynamic[fi - imported] = true;
    if (op !== 0x10) return;
    const c = new Reader(ir.bytes, r.pos).u32();
    if (c < imported) dynamic[fi - imported] = true;
    else callees[fi - imported]!.push(c - imported);
  });
  const size = (f: number): number => ir.bodies.codeEnd[f]! - ir.bodies.codeStart[f]!;
  const onCycle = (f: number): boolean => {
    const seen = new Set<number>(), todo = [...callees[f]!];
    while (todo.length > 0) {
      const g = todo.pop()!;
      if (g === f) return true;
      if (seen.has(g)) continue;
      seen.add(g);
      todo.push(...callees[g]!);
    }
    return false;
  };
  const quiet = new Map<number, boolean>(), work = new Map<number, number>();
  const isQuiet = (f: number): boolean => {
    if (!quiet.has(f)) quiet.set(f, !onCycle(f) && !dynamic[f] && workOf(f) <= QUIET_MAX_BYTES);
    return quiet.get(f)!;
  };
  // (only asked of functions on no cycle, so the recursion ends)
  const workOf = (f: number): number => {
    if (!work.has(f)) work.set(f, callees[f]!.reduce((w, c) => w + (isQuiet(c) ? workOf(c) : size(c)), size(f)));
    return work.get(f)!;
  };
  return Array.from({ length: count }, (_, f) => (isQuiet(f) ? 1 : 0));
}

/** Which tables can change after instantiation (before the segments are looked at). */
function refWritten(ir: ModuleIR): boolean[] {
  const written = ir.tables.map((_, t) => t < ir.numImportedTables);
  for (const e of ir.exports) if (e.kind === 'table') written[e.index] = true;
  eachOp(ir, (_, op, r) => {
    const q = new Reader(ir.bytes, r.pos);
    if (op === 0x26) written[q.u32()] = true;
    if (op !== 0xfc) return;
    const sub = q.u32();
    if (sub === 12) { q.u32(); written[q.u32()] = true; }
    if (sub === 14 || sub === 15 || sub === 17) written[q.u32()] = true;
  });
  return written;
}

function refDepths(ir: ModuleIR): number[] {
  const out = new Array<number>(ir.bodies.count).fill(0), depth = new Array<number>(ir.bodies.count).fill(0);
  eachOp(ir, (fi, op) => {
    const b = fi - ir.numImportedFuncs;
    if (op === 0x02 || op === 0x03 || op === 0x04) out[b] = Math.max(out[b]!, ++depth[b]!);
    if (op === 0x0b) depth[b]!--;
  });
  return out;
}

/** Checks analyseModule and immediatesEnd against the references; false when the module does not validate. */
function check(bytes: Uint8Array, name: string): boolean {
  let ir: ModuleIR;
  try {
    ir = moduleIRof(new Module(bytes, { engine: 'interp' }));
  } catch {
    return false;
  }
  eachOp(ir, (_, op, r) => {
    if (op === 0x02 || op === 0x03 || op === 0x04) return;
    const q = new Reader(ir.bytes, r.pos);
    refSkip(q, op);
    if (immediatesEnd(ir.bytes, r.pos, op) !== q.pos) expect.fail(`${name}: immediates of 0x${op.toString(16)} at byte ${r.pos}`);
  });
  const a = analyseModule(ir);
  expect(a.grows, name).toEqual(refGrows(ir));
  expect(Array.from(a.quiet), `${name}: quiet`).toEqual(refQuiet(ir));
  expect(a.depths, name).toEqual(refDepths(ir));
  const written = refWritten(ir);
  a.tables.forEach((t, i) => {
    if (written[i] || ir.tables[i]!.limits.min > MAX_STATIC_TABLE) expect(t, `${name} table ${i}`).toBeNull();
  });
  expect(a.tables.length).toBe(ir.tables.length);
  return true;
}

function wasmFiles(dir: string, depth = 2): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && depth > 0 && e.name !== 'node_modules' && e.name !== 'target') out.push(...wasmFiles(join(dir, e.name), depth - 1));
    else if (e.isFile() && e.name.endsWith('.wasm')) out.push(join(dir, e.name));
  }
  return out;
}

describe('jit module analyses (one scan)', () => {
  it('agree with the separate scans on every bundled program, game and fixture', () => {
    const files = ['bench/programs', 'games', 'test/fixtures'].flatMap((d) => wasmFiles(join(REPO_ROOT, d), 3));
    let checked = 0;
    for (const f of files) if (check(new Uint8Array(readFileSync(f)), f)) checked++;
    expect(checked).toBeGreaterThanOrEqual(17);
  });

  it('in steps: pause between bodies every ANALYSE_STEP_BYTES and give the same analyses', () => {
    const ir = moduleIRof(new Module(new Uint8Array(readFileSync(join(REPO_ROOT, 'games/rocket/rocket.wasm')))));
    const steps = analyseSteps(ir);
    let pauses = 0;
    let s = steps.next();
    while (!s.done) {
      pauses++;
      s = steps.next();
    }
    // (a pause comes after the body that reaches ANALYSE_STEP_BYTES: a step is at most that and one body)
    const sizes = Array.from(ir.bodies.codeEnd, (end, b) => end - ir.bodies.codeStart[b]!);
    const code = sizes.reduce((n, k) => n + k, 0);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(code / (ANALYSE_STEP_BYTES + Math.max(...sizes))));
    expect(pauses).toBeLessThanOrEqual(Math.ceil(code / ANALYSE_STEP_BYTES));
    expect(s.value).toEqual(analyseModule(ir));
  });

  it.skipIf(!HAVE_SPEC_SUITE)('agree with the separate scans on every valid module of the spec suite', () => {
    let checked = 0;
    for (const f of wasmFiles(SPEC_SUITE, 1)) if (check(new Uint8Array(readFileSync(f)), f)) checked++;
    expect(checked).toBeGreaterThan(1000);
  });

  it('grows: through chains of calls, imports, indirect calls; not through recursion alone', () => {
    const ir = moduleIRof(new Module(wat(`(module
      (import "h" "f" (func $imp))
      (memory 1) (table 1 funcref)
      (func $grow (drop (memory.grow (i32.const 1))))
      (func $a (call $grow))
      (func $b (call $a))
      (func $c (call $imp))
      (func $d (call_indirect (i32.const 0)))
      (func $e (call $f)) (func $f (call $e))
      (func $g (call $e) (call $b))
      (func $h (drop (select (result i32) (i32.const 0) (i32.const 0) (i32.const 1)))))`), { engine: 'interp' }));
    expect(analyseModule(ir).grows).toEqual([true, true, true, true, true, true, false, false, true, false]);
    expect(check(ir.bytes, 'grows')).toBe(true);
  });

  it('quiet (no entry poll): not on a cycle of calls, no indirect or import call, little code before the next poll', () => {
    const pad = (bytes: number) => '(drop (i32.const 1))'.repeat(Math.ceil(bytes / 3));
    const ir = moduleIRof(new Module(wat(`(module
      (import "h" "f" (func $imp))
      (table 1 funcref)
      (func $leaf)
      (func $helper (call $leaf) (call $leaf))
      (func $self (call $self))
      (func $m1 (call $m2)) (func $m2 (call $m1))
      (func $callsCycle (call $m1))
      (func $callsImport (call $imp))
      (func $indirect (call_indirect (i32.const 0)))
      (func $loop (loop $l (br $l)))
      (func $big ${pad(QUIET_MAX_BYTES)} (call $leaf))
      (func $wide ${pad(QUIET_MAX_BYTES / 4)})
      (func $twice (call $wide) (call $wide))
      (func $fourTimes (call $twice) (call $twice))
      (func $overBig (call $fourTimes)))`), { engine: 'interp' }));
    // $twice: its body and $wide's twice; $fourTimes: four $wides, past the limit
    // (it polls); $overBig then counts $fourTimes' own body only.
    expect(Array.from(analyseModule(ir).quiet)).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1]);
    expect(check(ir.bytes, 'quiet')).toBe(true);
  });

  it('quiet: random call graphs (cycles, tables, imports, sizes) agree with the slow reference', () => {
    let seed = 12345;
    const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    for (let m = 0; m < 100; m++) {
      const n = 2 + rnd(14);
      const bodies: string[] = [];
      for (let f = 0; f < n; f++) {
        const parts: string[] = [];
        const calls = rnd(4);
        for (let k = 0; k < calls; k++) {
          const r = rnd(30);
          // calls mostly go to later functions (a DAG), sometimes back (cycles)
          const target = r < 22 ? Math.min(n - 1, f + 1 + rnd(n)) : rnd(n);
          parts.push(r === 29 ? '(call $imp)' : r === 28 ? '(call_indirect (i32.const 0))' : `(call $f${target})`);
        }
        parts.push('(drop (i32.const 1))'.repeat(rnd(4) === 0 ? rnd(400) : rnd(40)));
        if (rnd(5) === 0) parts.push('(loop $l (br_if $l (i32.const 0)))');
        bodies.push(`(func $f${f} ${parts.join(' ')})`);
      }
      const src = `(module (import "h" "f" (func $imp)) (table 1 funcref) ${bodies.join(' ')})`;
      const ir = moduleIRof(new Module(wat(src), { engine: 'interp' }));
      expect(Array.from(analyseModule(ir).quiet), src).toEqual(refQuiet(ir));
    }
  });

  it('tables: every instruction that writes one, by its table operand', () => {
    const two = '(table $t0 2 funcref) (table $t1 2 funcref) (elem (table $t0) (i32.const 0) func $x) (elem (table $t1) (i32.const 0) func $x) (elem $p func $x)';
    const cases: [string, [boolean, boolean]][] = [
      ['(func (table.set $t1 (i32.const 0) (ref.null func)))', [true, false]],
      ['(func (table.init $t1 $p (i32.const 0) (i32.const 0) (i32.const 1)))', [true, false]],
      ['(func (table.copy $t1 $t0 (i32.const 0) (i32.const 0) (i32.const 1)))', [true, false]],
      ['(func (table.copy $t0 $t1 (i32.const 0) (i32.const 0) (i32.const 1)))', [false, true]],
      ['(func (drop (table.grow $t1 (ref.null func) (i32.const 1))))', [true, false]],
      ['(func (table.fill $t1 (i32.const 0) (ref.null func) (i32.const 1)))', [true, false]],
      ['(func (drop (table.size $t1)) (drop (table.get $t1 (i32.const 0))) (elem.drop $p))', [true, true]],
    ];
    for (const [f, expected] of cases) {
      const ir = moduleIRof(new Module(wat(`(module ${two} (func $x) ${f})`), { engine: 'interp' }));
      expect(analyseModule(ir).tables.map((t) => t !== null), f).toEqual(expected);
      expect(check(ir.bytes, f)).toBe(true);
    }
    // Operands that read as opcodes if skipped wrongly (0x02–0x04 open blocks): the scan stays in step.
    const five = `(table $t0 1 funcref) (table $t1 1 funcref) (table $t2 1 funcref) (table $t3 1 funcref) (table $t4 1 funcref)
      (elem $e0 func) (elem $e1 func) (elem $e2 func) (elem $e3 func $f)`;
    const ir = moduleIRof(new Module(wat(`(module ${five} (func $f
      (table.copy $t1 $t4 (i32.const 0) (i32.const 0) (i32.const 0))
      (table.init $t2 $e3 (i32.const 0) (i32.const 0) (i32.const 0))
      (table.copy $t3 $t2 (i32.const 0) (i32.const 0) (i32.const 0))))`), { engine: 'interp' }));
    expect(analyseModule(ir).depths).toEqual([0]);
    expect(analyseModule(ir).tables.map((t) => t !== null)).toEqual([true, false, false, false, true]);
    expect(check(ir.bytes, 'five tables')).toBe(true);
  });

  it('depths and immediates: nesting, br_table, typed select, bulk memory, constants', () => {
    const nest = (n: number): string => (n === 0 ? '(nop)' : `(block (loop (if (i32.const 1) (then ${nest(n - 1)}))))`);
    const ir = moduleIRof(new Module(wat(`(module (memory 1) (data $d "ab")
      (func (result i32) ${nest(5)} (i32.const 7))
      (func (param i32) (result f64)
        (block (block (block (br_table 0 1 2 2 1 0 (local.get 0)))))
        (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)
        (memory.copy (i32.const 0) (i32.const 1) (i32.const 1)) (memory.fill (i32.const 0) (i32.const 1) (i32.const 1))
        (drop (i64.const -123456789012345)) (drop (f32.const 1.5))
        (drop (i32.trunc_sat_f32_s (f32.const 1)))
        (select (result f64) (f64.const 1) (f64.const -2.5e300) (local.get 0))))`), { engine: 'interp' }));
    expect(analyseModule(ir).depths).toEqual([15, 3]);
    expect(check(ir.bytes, 'depths')).toBe(true);
  });
});
