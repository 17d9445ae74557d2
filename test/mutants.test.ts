// Mutant differential test: the benchmark programs are real rustc output, full
// of the loop shapes, byte-gathered words, copy loops and static tables the
// JIT matches (docs/jit.md); wasm-opt's random modules rarely have them. Here
// each mutant is one of those programs with one or two bytes of its code
// section changed in their low seven bits (so a LEB128 immediate keeps its
// length: constants, offsets, local and branch indices, opcodes). A C program
// of SIMD kernels (test/fixtures/simd/kernels.c: 150 distinct 128-bit SIMD
// instructions, clang -msimd128) is mutated the same way. Every mutant
// V8 rejects must be rejected by us too; every mutant V8 accepts and we
// accept runs `run(3)` on both our engines, which must agree exactly (value
// or trap kind, and memory), and with native (value, or a trap of a matching
// kind; where NaNs are involved, only their bits may differ).
//
//   MUTANT_COUNT=3000 npx vitest run test/mutants.test.ts   # a long local run
//   MUTANT_SEED=1234 MUTANT_COUNT=1 npx vitest run test/mutants.test.ts
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompileError, Instance, LimitError, LinkError, Memory, Module, RuntimeError } from '../src/runtime/index';
import { WORKLOADS } from '../bench/workloads';
import { differOnlyInNaNs, trapKinds, trapsAgree } from './differential/harness';
import { mutant, source } from './support/mutate';

const COUNT = Number(process.env.MUTANT_COUNT ?? 400);
const FIRST_SEED = Number(process.env.MUTANT_SEED ?? 1);
/** Polls (of about 20k loop passes or calls each) before our engines give up on a mutant. */
const POLL_LIMIT = 100;
/**
 * The same for the SIMD kernels, whose loop passes run 20–60 SIMD instructions
 * each (a helper call and a new vector apiece): 100 polls of a mutant whose
 * loop never ends took 10–50 s there.
 */
const SIMD_POLL_LIMIT = 10;

const programs = [
  ...WORKLOADS.map((w) => source(w.name, new Uint8Array(readFileSync(new URL(`../bench/programs/${w.name}/${w.name}.wasm`, import.meta.url))))),
  source('simd-kernels', new Uint8Array(readFileSync(new URL('fixtures/simd/kernels.wasm', import.meta.url)))),
];

type Outcome = { value: string } | { trap: string; kinds: string[] } | { compileError: string }
  | { linkError: string } | { limit: string } | { missing: string };

/** A mutated export section can rename or retype what the test calls. */
class MissingExport extends Error {}

/** Memory our engines may give a mutant (a mutated memory section can ask for a GiB). */
const MEMORY_LIMIT = 64 * 1024 * 1024;

function outcome(run: () => unknown): Outcome {
  try {
    return { value: show(run()) };
  } catch (e) {
    if (e instanceof CompileError) return { compileError: e.message };
    if (e instanceof RuntimeError) return { trap: e.trap, kinds: trapKinds(e) };
    if (e instanceof LinkError) return { linkError: e.message };
    if (e instanceof LimitError) return { limit: e.message };
    if (e instanceof MissingExport) return { missing: e.message };
    throw e;
  }
}

/** `exports.run` and `exports.memory`, or MissingExport. */
function entry(exports: Record<string, unknown>): { run: (n: number) => unknown; memory: { buffer: ArrayBuffer } } {
  const run = exports.run, memory = exports.memory;
  if (typeof run !== 'function' || typeof memory !== 'object' || memory === null || !('buffer' in memory)) {
    throw new MissingExport(`exports: ${Object.keys(exports).join(', ')}`);
  }
  return { run: run as (n: number) => unknown, memory: memory as { buffer: ArrayBuffer } };
}

/** The same for native WebAssembly, whose traps are its own RuntimeError. */
function outcomeOf(run: () => unknown): { value: string } | { trap: string; kinds: string[] } {
  try {
    return { value: show(run()) };
  } catch (e) {
    return { trap: String(e), kinds: trapKinds(e) };
  }
}

const show = (v: unknown): string => (typeof v === 'bigint' ? `${v}n` : String(v));

/**
 * Runs `run(3)` on one of our engines; the memory afterwards, if it got that
 * far, and whether a memory.grow was refused at MEMORY_LIMIT (V8, with no
 * such limit, grows and goes on: mutant 30,593's allocator asks for a size
 * shifted by 50, which V8 grants and then loops over for good).
 */
function ours(bytes: Uint8Array<ArrayBuffer>, engine: 'interp' | 'jit' | 'tiered' | 'osr', pollLimit: number): { result: Outcome; memory?: Uint8Array; refusedGrowth?: boolean } {
  let memory: Uint8Array | undefined;
  let refusedGrowth = false;
  const result = outcome(() => {
    let polls = 0;
    // tiered: lazy tiering at its lowest threshold, so functions change tier in the middle of run(3)
    // osr: calls start interpreted and change to JIT code at the first loop head they reach
    const options = engine === 'tiered' ? { engine: 'jit', tiering: 'lazy', hotness: 1 } as const
      : engine === 'osr' ? { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' } as const : { engine };
    const inst = new Instance(new Module(bytes, options), {}, {
      shouldInterrupt: () => ++polls > pollLimit, limits: { memoryBytes: MEMORY_LIMIT },
    });
    const { run, memory: m } = entry(inst.exports);
    memory = new Uint8Array(m.buffer);
    try {
      return run(3);
    } finally {
      refusedGrowth = m instanceof Memory && m.inst.refused > 0;
    }
  });
  return { result, memory, refusedGrowth };
}

/** The first offset where two memories differ (-1: none; a missing memory differs at 0). */
function firstDifference(a: Uint8Array | undefined, b: Uint8Array | undefined): number {
  if (a === undefined || b === undefined) return a === b ? -1 : 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/**
 * V8 also accepts instructions from proposals after 2.0 (exception handling,
 * tail calls, threads' atomics), which we reject as unknown: the only
 * disagreement allowed, and only when our error names the instruction.
 */
const NOT_OURS = /illegal opcode/;

describe.each([
  { what: 'code', anySection: false, count: COUNT },
  { what: 'any section', anySection: true, count: Math.ceil(COUNT / 2) },
])('mutated benchmark programs ($what): our engines agree with each other and with V8', ({ anySection, count }) => {
  const seeds = Array.from({ length: count }, (_, i) => FIRST_SEED + i);
  let ran = 0;
  it.each(seeds)('mutant %i', (seed) => {
    const m = mutant(seed, programs, anySection);
    const where = `mutant ${seed} (${m.source}, bytes ${m.changed.join(', ')})`;
    const pollLimit = m.source === 'simd-kernels' ? SIMD_POLL_LIMIT : POLL_LIMIT;
    const { result: interp, memory: interpMemory, refusedGrowth } = ours(m.bytes, 'interp', pollLimit);
    if (!WebAssembly.validate(m.bytes)) {
      expect(interp, `${where}: V8 rejects it, we accept it`).toHaveProperty('compileError');
      return;
    }
    if ('compileError' in interp) {
      expect(interp.compileError, `${where}: V8 accepts it, we reject it`).toMatch(NOT_OURS);
      return;
    }
    const jit = ours(m.bytes, 'jit', pollLimit);
    expect(jit.result, `${where}: the JIT differs from the interpreter`).toEqual(interp);
    if ('linkError' in interp || 'limit' in interp || 'missing' in interp) {
      // No imports are given: a mutant that imports something fails to link
      // in V8 too; one that asks for more memory than MEMORY_LIMIT is not
      // run natively; one whose exports changed must lack them in V8 too.
      if ('limit' in interp) return;
      const native = outcomeOf(() => entry(new WebAssembly.Instance(new WebAssembly.Module(m.bytes)).exports));
      expect('trap' in native, `${where}: V8 instantiated it with its exports, we gave ${JSON.stringify(interp)}`).toBe(true);
      return;
    }
    // Interrupted runs stop wherever each engine polled; native has no budget.
    if ('trap' in interp && interp.trap === 'interrupted') return;
    expect(firstDifference(jit.memory, interpMemory), `${where}: the JIT's memory differs from the interpreter's`).toBe(-1);
    const tiered = ours(m.bytes, 'tiered', pollLimit);
    expect(tiered.result, `${where}: lazy tiering differs from the interpreter`).toEqual(interp);
    expect(firstDifference(tiered.memory, interpMemory), `${where}: lazy tiering's memory differs from the interpreter's`).toBe(-1);
    const osr = ours(m.bytes, 'osr', pollLimit);
    expect(osr.result, `${where}: on-stack replacement differs from the interpreter`).toEqual(interp);
    expect(firstDifference(osr.memory, interpMemory), `${where}: on-stack replacement's memory differs from the interpreter's`).toBe(-1);
    ran++;
    // our limit refused a memory.grow V8 would grant: from there V8 runs another program, with no budget
    if (refusedGrowth) return;
    let nativeMemory: Uint8Array | undefined;
    const native = outcomeOf(() => {
      const inst = new WebAssembly.Instance(new WebAssembly.Module(m.bytes));
      nativeMemory = new Uint8Array((inst.exports.memory as WebAssembly.Memory).buffer);
      return (inst.exports.run as (n: number) => unknown)(3);
    });
    if ('value' in native) {
      if ('value' in interp && interp.value !== native.value && differOnlyInNaNs(interpMemory!, nativeMemory!)) return;
      expect(interp, `${where}: differs from V8`).toEqual(native);
    } else {
      expect('kinds' in interp && trapsAgree(interp.kinds, native.kinds), `${where}: V8 traps with ${native.trap}, we give ${JSON.stringify(interp)}`).toBe(true);
    }
  });

  it('ran a fair share of the mutants on all three engines', () => {
    // Most one- or two-byte changes of code still validate; if almost none
    // ran, the mutator (or the validator) has stopped doing its job.
    if (count >= 100) expect(ran).toBeGreaterThan(count / 10);
  });
});
