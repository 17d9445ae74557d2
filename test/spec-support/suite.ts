// Where the spec testsuite lives for tests: ../shared/wasm-spec-2.0 beside the repository.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { findSpecFiles } from '../../src/cli/spec/runner.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SPEC_SUITE = resolve(REPO_ROOT, '../shared/wasm-spec-2.0');
export const HAVE_SPEC_SUITE = existsSync(SPEC_SUITE);

export const specFiles = (): string[] => (HAVE_SPEC_SUITE ? findSpecFiles(SPEC_SUITE) : []);

/** The suite's own totals (../shared/README.md): non-SIMD binary assertions, text ones, module/register/action commands. */
export const NON_SIMD_TOTALS = { assertions: 26_132, text: 581, commands: 1_301 };
export const SIMD_TOTALS = { assertions: 25_004, text: 510, commands: 474 };
