// The interpreter needs no eval: the runtime and the host must load and run a
// game where code generation from strings is refused (a worker under a CSP
// without 'unsafe-eval'; the desktop app's page test is the Chromium side).
// Anything the JIT makes with `new Function` is made at its first use, never
// when a module loads: an OSR invoker made at load broke this once.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = resolve(import.meta.dirname, 'fixtures/no-eval-child.ts');

describe.skipIf(!existsSync(resolve(ROOT, 'games/breakout/breakout.wasm')))('the runtime without eval', () => {
  it('loads and plays a game on the interpreter when code generation from strings is refused', () => {
    const run = (flags: string[]) =>
      execFileSync(process.execPath, [...flags, '--import', 'tsx', CHILD], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const refused = JSON.parse(run(['--disallow-code-generation-from-strings']).trim()) as string[];
    expect(refused).toHaveLength(5);
    expect(refused).toEqual(JSON.parse(run([]).trim()));
  }, 60_000);
});
