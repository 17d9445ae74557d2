// Body validation (validate/check.ts, run over every body by `new Module`)
// is the engine's only statement of a body's rules; lowering to slot code
// (validate/lower.ts, run when the interpreter first needs a body's code)
// trusts it and checks nothing again. So every body the checker accepts must
// lower: without throwing (lowering's assertions, a value popped from an
// empty stack, or values left at a block's end, would name an engine bug)
// and to slot code of the right outline (ends with the function's RETURN,
// loop heads inside the code, frame at least as large as the locals). Run
// through the real path (validateModule, then each body's CompiledFunc.lower)
// over every function of the benchmark programs, the games, the SIMD kernels
// and the spec suite's modules, and over 1,500 mutants of the programs,
// games and kernels (bytes of the code section changed). Whether the lowered
// code runs as it should is the business of the spec suite,
// test/mutants.test.ts and test/differential.test.ts; the checker's
// rejections and their messages are checked by the spec suite's
// assert_invalid/assert_malformed commands.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/runtime/binary/decode';
import { CompileError } from '../../src/runtime/errors';
import type { ModuleIR } from '../../src/runtime/module';
import { compiledOf, validateModule } from '../../src/runtime/validate/module';
import { WORKLOADS } from '../../bench/workloads';
import { HAVE_SPEC_SUITE, SPEC_SUITE } from '../spec-support/suite';
import { mutant, source, type Source } from '../support/mutate';

const file = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const GAMES = readdirSync(new URL('../../games/', import.meta.url)).filter((g) => existsSync(new URL(`../../games/${g}/${g}.wasm`, import.meta.url)));
const sources: Source[] = [
  ...WORKLOADS.map((w) => source(w.name, file(`../../bench/programs/${w.name}/${w.name}.wasm`))),
  ...GAMES.map((g) => source(g, file(`../../games/${g}/${g}.wasm`))),
  source('simd-kernels', file('../fixtures/simd/kernels.wasm')),
];

/** The module decoded and validated (checkFunctions over every body), or null if either rejects it. */
function checked(bytes: Uint8Array): ModuleIR | null {
  try {
    const ir = decodeModule(bytes);
    validateModule(ir);
    return ir;
  } catch (e) {
    if (e instanceof CompileError) return null;
    throw e;
  }
}

/** Lowers body i of a checked module through its CompiledFunc.lower; returns what is wrong with the result, or ''. */
function lowerProblem(ir: ModuleIR, i: number): string {
  const cf = compiledOf(ir, i);
  if (cf.lower === null) return 'no lower() on a checked body';
  cf.lower();
  const { code, maxSlots, numLocals, loopHeads } = cf;
  const problems: string[] = [];
  if (cf.lower !== null) problems.push('lower() kept');
  if (cf.module !== null) problems.push('the module kept');
  if (maxSlots < numLocals) problems.push(`maxSlots ${maxSlots} < numLocals ${numLocals}`);
  // the function's label: its last instruction is [RETURN, from, count]
  if (code.length < 3 || code[code.length - 3] !== 0x0f) problems.push('does not end with RETURN');
  for (let k = 0; k < loopHeads.length; k += 2) if (!(loopHeads[k]! >= 0 && loopHeads[k]! < code.length)) problems.push(`loop head ${loopHeads[k]} outside the code`);
  return problems.join('; ');
}

describe('every body the checker accepts lowers to slot code', () => {
  it.each(sources.map((s) => [s.name, s] as const))('every function of %s', (_, s) => {
    const ir = checked(s.bytes);
    expect(ir, s.name).not.toBeNull();
    expect(ir!.bodies.count).toBeGreaterThan(0);
    for (let i = 0; i < ir!.bodies.count; i++) expect(lowerProblem(ir!, i), `${s.name} function ${i}`).toBe('');
  });

  it.skipIf(!HAVE_SPEC_SUITE)('every function of the spec suite\'s valid modules', () => {
    let modules = 0, functions = 0;
    for (const dir of readdirSync(SPEC_SUITE, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const name of readdirSync(`${SPEC_SUITE}/${dir.name}`)) {
        if (!name.endsWith('.wasm')) continue;
        const ir = checked(new Uint8Array(readFileSync(`${SPEC_SUITE}/${dir.name}/${name}`)));
        if (!ir) continue;
        modules++;
        for (let i = 0; i < ir.bodies.count; i++, functions++) expect(lowerProblem(ir, i), `${dir.name}/${name} function ${i}`).toBe('');
      }
    }
    // (the 2.0 suite: 1,700-odd valid modules, 7,000-odd functions)
    expect(modules).toBeGreaterThan(1000);
    expect(functions).toBeGreaterThan(5000);
  }, 120_000);

  it('every function of 1,500 mutants the checker accepts', () => {
    let accepted = 0, rejected = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const m = mutant(seed, sources);
      const ir = checked(m.bytes);
      if (!ir) {
        rejected++;
        continue;
      }
      accepted++;
      for (let i = 0; i < ir.bodies.count; i++) {
        // the changed function (a mutant's other functions are the source's, lowered above)
        if (!m.changed.some((at) => at >= ir.bodies.codeStart[i]! && at < ir.bodies.codeEnd[i]!)) continue;
        expect(lowerProblem(ir, i), `mutant ${seed} (${m.source}, bytes ${m.changed.join(', ')}), function ${i}`).toBe('');
      }
    }
    // the mutants reach both outcomes
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(100);
  }, 300_000);
});
