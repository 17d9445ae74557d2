// The WebAssembly spec testsuite (../shared/wasm-spec-2.0) on our engine: one
// test per file (SIMD included) per engine, failing with the runner's reasons,
// and the totals, which must be the suite's own (../shared/README.md).
// Skipped, with a note, when the suite is not beside the repository.
import { afterAll, describe, expect, it } from 'vitest';
import type { SpecEngine } from '../src/cli/spec/engine.ts';
import { countsLine } from '../src/cli/spec/report.ts';
import { runSpecFile, specName, type FileReport } from '../src/cli/spec/runner.ts';
import { loadRuntimeEngine, type RuntimeEngineName } from '../src/cli/spec/runtime-engine.ts';
import { HostRefs } from '../src/cli/spec/values.ts';
import { HAVE_SPEC_SUITE, NON_SIMD_TOTALS, SIMD_TOTALS, specFiles, SPEC_SUITE } from './spec-support/suite.ts';
import { isSimd } from '../src/cli/spec/runner.ts';

/** The engines the suite must pass on. Add 'jit' here when it is ready. */
const SPEC_ENGINES: readonly RuntimeEngineName[] = ['interp', 'jit', 'tiered', 'osr'];

/** Failures shown per file in a failing test (all are counted). */
const SHOWN = 40;

async function load(name: RuntimeEngineName): Promise<SpecEngine | Error> {
  try {
    return await loadRuntimeEngine(name);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function failureMessage(report: FileReport): string {
  const lines = report.failures.slice(0, SHOWN).map((f) => `${report.file}:${f.line}: ${f.reason}`);
  if (report.failures.length > SHOWN) lines.push(`... and ${report.failures.length - SHOWN} more`);
  return `${report.file}: ${countsLine(report)}\n${lines.join('\n')}`;
}

if (!HAVE_SPEC_SUITE) {
  describe('WebAssembly spec testsuite', () => {
    it.skip(`skipped: ${SPEC_SUITE} not found (the suite lives beside the repository in ../shared)`, () => {});
  });
}

for (const name of HAVE_SPEC_SUITE ? SPEC_ENGINES : []) {
  const engine = await load(name);
  describe(`spec testsuite on ${name}`, () => {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    const simd = { passed: 0, failed: 0, skipped: 0 };
    let ran = 0;
    const refs = new HostRefs();
    const run = (path: string): FileReport => {
      if (engine instanceof Error) throw new Error(`cannot load engine '${name}': ${engine.message}`);
      const report = runSpecFile(engine, path, refs);
      const sum = isSimd(path) ? simd : totals;
      sum.passed += report.passed;
      sum.failed += report.failed;
      sum.skipped += report.skipped;
      ran++;
      return report;
    };

    if (engine instanceof Error) {
      // One failure with the reason, not one per file.
      it(`loads engine '${name}'`, () => {
        throw new Error(`cannot load engine '${name}': ${engine.message}`);
      });
    }
    const files = specFiles();
    for (const path of files) {
      it.skipIf(engine instanceof Error)(specName(path), () => {
        const report = run(path);
        if (report.failed > 0) throw new Error(failureMessage(report));
      });
    }

    it.skipIf(engine instanceof Error)('totals are the suite\'s own (every binary command passes, only text-format ones skipped)', (ctx) => {
      // (meaningful only when every file ran: not under a -t filter)
      if (ran !== files.length) ctx.skip();
      expect(totals).toEqual({ passed: NON_SIMD_TOTALS.assertions + NON_SIMD_TOTALS.commands, failed: 0, skipped: NON_SIMD_TOTALS.text });
      expect(simd).toEqual({ passed: SIMD_TOTALS.assertions + SIMD_TOTALS.commands, failed: 0, skipped: SIMD_TOTALS.text });
    });

    afterAll(() => {
      console.log(`spec ${name} non-SIMD: ${countsLine(totals)}; SIMD: ${countsLine(simd)}`);
    });
  });
}
