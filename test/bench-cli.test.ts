// The bench scripts' options (bench/lib/cli.ts): --help prints the usage, and a
// bad option is one line naming it plus the usage, exit 2 — not a stack trace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', script), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('bench scripts\' options', () => {
  it.each([['startup.ts', 'bench:startup'], ['floor.ts', 'bench:floor'], ['coremark/run.ts', 'bench:coremark']])('%s: --help, an unknown option, a missing value', (script, name) => {
    const help = run(script, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(`usage: npm run ${name} -- `);
    const bogus = run(script, '--bogus');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(new RegExp(`^${name}: Unknown option '--bogus'`));
    expect(bogus.stderr).toContain(`usage: npm run ${name} -- `);
    expect(bogus.stderr).not.toContain('    at ');
  });

  it('names an option given without its value', () => {
    const r = run('floor.ts', '--runs');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("bench:floor: Option '--runs <value>' argument missing");
  });
});
