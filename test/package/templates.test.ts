// The package as a game developer gets it: `npm pack` (which runs prepack:
// the web app and the Node build), installed offline from the tarball into a
// project outside this repository; then `arcade new` for every language,
// built with the toolchains CI installs, checked, recorded and replay-tested
// through `wasm-arcade/testing` — and a deliberately broken build fails with
// the first divergent frame and pictures of it (docs/getting-started.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'arcade-pkg-'));
const proj = join(work, 'proj');
const bin = join(work, 'bin');

/** The environment a developer's shell would have: Debian's cargo first (rustup's has no wasm32 here), no vitest variables of ours. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|NODE_OPTIONS|TINYPOOL)/.test(k)) e[k] = v;
  return { ...e, PATH: `${bin}:${process.env.PATH}`, RUSTC: '/usr/bin/rustc', npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function run(cwd: string, cmd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 600_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  mkdirSync(bin);
  symlinkSync('/usr/bin/cargo', join(bin, 'cargo'));
  execFileSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, env: env(), stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => /^wasm-arcade-.*\.tgz$/.test(f));
  expect(tarball).toBeDefined();
  mkdirSync(proj);
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'games', private: true, type: 'module' }));
  // Offline: the package has no dependencies of its own (everything is bundled), so nothing is fetched.
  const install = run(proj, 'npm', 'install', '--offline', join(work, tarball!));
  expect(install.code, install.out).toBe(0);
  // vitest is the developer's own devDependency; offline we lend them ours.
  symlinkSync(join(ROOT, 'node_modules/vitest'), join(proj, 'node_modules/vitest'));
  symlinkSync('../vitest/vitest.mjs', join(proj, 'node_modules/.bin/vitest'));
}, 900_000);

describe('the installed package', () => {
  it('ships built JavaScript, the SDK and the templates, and no sources', () => {
    const pkg = join(proj, 'node_modules/wasm-arcade');
    for (const f of ['bin/arcade.mjs', 'dist-node/cli.js', 'dist-node/testing.js', 'dist-node/types/testing/index.d.ts', 'dist-web/index.html', 'dist-player/player.html', 'games/sdk/src/lib.rs', 'templates/c/arcade.h', 'docs/getting-started.md'])
      expect(existsSync(join(pkg, f)), f).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).dependencies ?? {}).toEqual({});
  });

  it('runs npx arcade check', () => {
    const r = run(proj, 'npx', '--no', 'arcade', 'check', join(ROOT, 'games/snake/snake.wasm'));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/snake\.wasm: OK — a valid ABI v\d+ game/);
    const missing = run(proj, 'npx', '--no', 'arcade', 'check', 'nope.wasm');
    expect(missing.out.trim()).toBe('arcade check: nope.wasm: no such game file (.wasm)');
  });
});

const BREAK: Record<string, [file: string, from: string, to: string]> = {
  rust: ['src/lib.rs', 'const SPEED: f32 = 60.0;', 'const SPEED: f32 = 75.0;'],
  c: ['src/game.c', '#define SPEED 60.0f', '#define SPEED 75.0f'],
  wat: ['src/game.wat', '(f32.mul (f32.const 60) (local.get $dt))', '(f32.mul (f32.const 75) (local.get $dt))'],
};

describe.each(['rust', 'c', 'wat'])('arcade new --lang %s', (lang) => {
  const dir = join(proj, `my-${lang}-game`);

  it('creates a project that builds, checks, records and passes its replay test', () => {
    const created = run(proj, 'npx', '--no', 'arcade', 'new', dir, '--lang', lang);
    expect(created.code, created.out).toBe(0);
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    const game = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).arcade.game as string;
    const build = run(dir, 'npm', 'run', 'build');
    expect(build.code, build.out).toBe(0);
    expect(existsSync(join(dir, game))).toBe(true);
    const check = run(dir, 'npm', 'run', 'check');
    expect(check.code, check.out).toBe(0);
    expect(check.out).toMatch(new RegExp(`title +My ${lang === 'c' ? 'C' : lang[0].toUpperCase() + lang.slice(1)} Game`));
    const record = run(dir, 'npm', 'run', 'record');
    expect(record.code, record.out).toBe(0);
    expect(existsSync(join(dir, 'tests/replays/start.rec'))).toBe(true);
    const test = run(dir, 'npm', 'test', '--', '--reporter=verbose');
    expect(test.code, test.out).toBe(0);
    expect(test.out).toMatch(/start\.rec \[interp\]/);
    expect(test.out).toMatch(/Tests +2 passed/);
  });

  it('fails the replay test when the game changes, with the frame and pictures of it', () => {
    const [file, from, to] = BREAK[lang];
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).toContain(from);
    writeFileSync(join(dir, file), source.replace(from, to));
    const build = run(dir, 'npm', 'run', 'build');
    expect(build.code, build.out).toBe(0);
    const test = run(dir, 'npm', 'test');
    expect(test.code).toBe(1);
    expect(test.out).toMatch(/note: recording was made with another build/);
    expect(test.out).toMatch(/frame \d+ is the first frame whose draw list differs/);
    expect(test.out).toMatch(/pictures of frame \d+: tests\/replays\/start\.failure\/expected\.png/);
    const diff = decode(readFileSync(join(dir, 'tests/replays/start.failure/diff.png')));
    let magenta = 0;
    for (let i = 0; i < diff.data.length; i += 4) if (diff.data[i] === 255 && diff.data[i + 1] === 0 && diff.data[i + 2] === 255) magenta++;
    expect(magenta).toBeGreaterThan(0);
  });
});
