// Text and JSON renderings of spec reports.
import type { FileReport, SuiteReport } from './runner.ts';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countsLine(r: Counts): string {
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}

/** A file's line with its counts, then one `file.json:LINE: reason` line per failure. */
export function formatFileReport(report: FileReport, maxFailures = Infinity): string[] {
  const lines = [`${report.file}: ${countsLine(report)}${report.simd ? ' (SIMD)' : ''} in ${Math.round(report.durationMs)} ms`];
  for (const f of report.failures.slice(0, maxFailures)) lines.push(`${report.file}:${f.line}: ${f.reason ?? f.type}`);
  if (report.failures.length > maxFailures) lines.push(`${report.file}: ... and ${report.failures.length - maxFailures} more failures`);
  return lines;
}

/** Totals over the non-SIMD and the SIMD files separately. */
export function subtotals(suite: SuiteReport): { nonSimd: Counts; simd: Counts } {
  const sum = (files: readonly FileReport[]): Counts => ({
    passed: files.reduce((n, f) => n + f.passed, 0),
    failed: files.reduce((n, f) => n + f.failed, 0),
    skipped: files.reduce((n, f) => n + f.skipped, 0),
  });
  return { nonSimd: sum(suite.files.filter((f) => !f.simd)), simd: sum(suite.files.filter((f) => f.simd)) };
}

/** A line splitting the totals when both kinds of file ran, e.g. 'non-SIMD: 1 passed, ...; SIMD: ...'. */
export function subtotalsLine(suite: SuiteReport): string | undefined {
  if (!suite.files.some((f) => f.simd) || suite.files.every((f) => f.simd)) return undefined;
  const { nonSimd, simd } = subtotals(suite);
  return `non-SIMD: ${countsLine(nonSimd)}; SIMD: ${countsLine(simd)}`;
}

/** The machine-readable report (`arcade spec --json`). */
export function toJson(suite: SuiteReport, target: string): object {
  return {
    engine: suite.engine,
    target,
    passed: suite.passed,
    failed: suite.failed,
    skipped: suite.skipped,
    durationMs: Math.round(suite.durationMs),
    ...subtotals(suite),
    files: suite.files.map((f) => ({
      file: f.file,
      name: f.name,
      path: f.path,
      simd: f.simd,
      passed: f.passed,
      failed: f.failed,
      skipped: f.skipped,
      durationMs: Math.round(f.durationMs),
      failures: f.failures.map(({ line, type, reason }) => ({ line, type, reason })),
      skips: f.skips.map(({ line, type, reason }) => ({ line, type, reason })),
    })),
  };
}
