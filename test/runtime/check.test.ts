// The fast body validator (validate/check.ts, run over every body by
// `new Module`) must accept exactly what validateFunction (validation and
// lowering, run when the interpreter first needs a body's slot code) accepts,
// and agree on `leaf`: a body the checker let through that validateFunction
// then rejected would fail at its first call instead of at compile time. Run
// over every function of the benchmark programs, the games and the SIMD
// kernels, and over the changed function of 1,500 mutants of them
// (bytes of the code section changed); the spec suite's assert_invalid/assert_malformed commands check
// the checker on their own too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/runtime/binary/decode';
import { Reader } from '../../src/runtime/binary/reader';
import { CompileError } from '../../src/runtime/errors';
import { checkFunction } from '../../src/runtime/validate/check';
import { validateFunction } from '../../src/runtime/validate/func';
import { WORKLOADS } from '../../bench/workloads';
import { mutant, source, type Source } from '../support/mutate';

const file = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const sources: Source[] = [
  ...WORKLOADS.map((w) => source(w.name, file(`../../bench/programs/${w.name}/${w.name}.wasm`))),
  ...['breakout', 'rocks', 'snake'].map((g) => source(g, file(`../../games/${g}/${g}.wasm`))),
  source('simd-kernels', file('../fixtures/simd/kernels.wasm')),
];

type Verdict = string;
function verdict(run: () => { leaf: boolean }): Verdict {
  try {
    return `ok leaf=${run().leaf}`;
  } catch (e) {
    if (e instanceof CompileError) return 'invalid';
    throw e;
  }
}

/**
 * Per defined function (only those whose bytes, locals included, hold one of
 * `near` if given): [checker's verdict, validateFunction's]; null if the
 * module does not decode.
 */
function verdicts(bytes: Uint8Array, near?: readonly number[]): [Verdict, Verdict][] | null {
  let ir;
  try {
    ir = decodeModule(bytes);
  } catch (e) {
    if (e instanceof CompileError) return null;
    throw e;
  }
  const refs = new Set(ir.funcs.map((_, i) => i));
  const ctx = { m: ir, refs };
  const out: [Verdict, Verdict][] = [];
  ir.bodies.forEach((b, i) => {
    const start = i > 0 ? ir.bodies[i - 1]!.codeEnd : 0;
    if (near && !near.some((at) => at >= start && at < b.codeEnd)) return;
    out.push([
      verdict(() => checkFunction(ctx, i, new Reader(ir.bytes, b.codeStart, b.codeEnd))),
      verdict(() => validateFunction(ctx, i, new Reader(ir.bytes, b.codeStart, b.codeEnd))),
    ]);
  });
  return out;
}

describe('the body checker agrees with validateFunction', () => {
  it.each(sources.map((s) => [s.name, s] as const))('on every function of %s', (_, s) => {
    const v = verdicts(s.bytes)!;
    expect(v.length).toBeGreaterThan(0);
    for (const [i, [check, full]] of v.entries()) {
      expect(full, `${s.name} function ${i}`).toMatch(/^ok/);
      expect(check, `${s.name} function ${i}`).toBe(full);
    }
  });

  it('on the changed function of 1,500 mutants', () => {
    let invalid = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const m = mutant(seed, sources);
      const v = verdicts(m.bytes, m.changed);
      if (!v) continue;
      for (const [i, [check, full]] of v.entries()) {
        expect(check, `mutant ${seed} (${m.source}, bytes ${m.changed.join(', ')}), changed function ${i}`).toBe(full);
        if (full === 'invalid') invalid++;
      }
    }
    // the mutants do reach the rejecting paths
    expect(invalid).toBeGreaterThan(100);
  }, 300_000);
});
