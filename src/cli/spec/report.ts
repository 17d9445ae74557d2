// Text and JSON renderings of spec reports.
import type { FileReport, SuiteReport } from './runner.ts';

export function countsLine(r: { passed: number; failed: number; skipped: number }): string {
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}

/** A file's line with its counts, then one `file.json:LINE: reason` line per failure. */
export function formatFileReport(report: FileReport, maxFailures = Infinity): string[] {
  const lines = [`${report.file}: ${countsLine(report)}${report.simd ? ' (SIMD)' : ''} in ${Math.round(report.durationMs)} ms`];
  for (const f of report.failures.slice(0, maxFailures)) lines.push(`${report.file}:${f.line}: ${f.reason ?? f.type}`);
  if (report.failures.length > maxFailures) lines.push(`${report.file}: ... and ${report.failures.length - maxFailures} more failures`);
  return lines;
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
