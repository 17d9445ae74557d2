// The runner proven on a reference engine: the platform's WebAssembly (V8)
// through the bit-exact adapter in spec-support/native-engine.ts passes the
// whole suite, and the counts are the suite's own (../shared/README.md).
// The only allowance made for V8 is its trap wording (V8_TRAPS there).
import { describe, expect, it } from 'vitest';
import { countsLine } from '../src/cli/spec/report.ts';
import { runSpecSuite, type SuiteReport } from '../src/cli/spec/runner.ts';
import { createNativeEngine } from './spec-support/native-engine.ts';
import { HAVE_SPEC_SUITE, NON_SIMD_TOTALS, SIMD_TOTALS, SPEC_SUITE } from './spec-support/suite.ts';

const failures = (s: SuiteReport): string[] => s.files.flatMap((f) => f.failures.map((x) => `${f.file}:${x.line}: ${x.reason}`));

describe.skipIf(!HAVE_SPEC_SUITE)('spec runner on the native reference engine', () => {
  it('passes every non-SIMD assertion and command; only text modules are skipped', () => {
    const suite = runSpecSuite(createNativeEngine(), SPEC_SUITE, { noSimd: true });
    console.log(`spec native non-SIMD: ${countsLine(suite)} in ${Math.round(suite.durationMs)} ms`);
    expect(failures(suite)).toEqual([]);
    expect(suite.files).toHaveLength(90);
    expect(suite.passed).toBe(NON_SIMD_TOTALS.assertions + NON_SIMD_TOTALS.commands);
    expect(suite.skipped).toBe(NON_SIMD_TOTALS.text);
    expect(suite.files.flatMap((f) => f.skips.map((s) => s.reason))).toEqual(new Array(NON_SIMD_TOTALS.text).fill('text-format module'));
  });

  it('passes the SIMD files too (v128 crosses as two i64 halves)', () => {
    const suite = runSpecSuite(createNativeEngine(), SPEC_SUITE, { filter: ['simd_*'] });
    console.log(`spec native SIMD: ${countsLine(suite)} in ${Math.round(suite.durationMs)} ms`);
    expect(failures(suite)).toEqual([]);
    expect(suite.passed).toBe(SIMD_TOTALS.assertions + SIMD_TOTALS.commands);
    expect(suite.skipped).toBe(SIMD_TOTALS.text);
  });
});
