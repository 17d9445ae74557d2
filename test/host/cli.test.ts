// `arcade check` and `arcade run`, in-process.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { compileWat, fixture } from '../fixtures/compile';

const dir = mkdtempSync(join(tmpdir(), 'arcade-cli-'));
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function arcade(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('arcade check', () => {
  it('prints the metadata, imports and exports of a valid game', async () => {
    const r = await arcade('check', file('probe.wasm', fixture('probe')));
    expect(r.code).toBe(0);
    expect(r.out).toContain('OK — a valid ABI v1 game');
    expect(r.out).toContain('title        Probe');
    expect(r.out).toContain('screen       320×240');
    expect(r.out).toContain('imports      6 of 6 host functions');
    expect(r.out).toContain('env.draw_text (func (param i32 i32 f32 f32 f32 i32))');
    expect(r.out).toContain('update (func (param f32))');
    expect(r.out).toContain('memory (memory)');
  });

  it('exits 1 with the contract message', async () => {
    const wasm = compileWat('(module (memory (export "memory") 1) (func (export "update") (param i32)))', 'abi=1\ntitle=X\nwidth=64\nheight=64\n');
    const r = await arcade('check', file('bad.wasm', wasm));
    expect(r.code).toBe(1);
    // every problem, not only the first
    expect(r.err).toMatch(/^.*bad\.wasm: not a valid Wasm Arcade game: the game breaks the ABI in 4 ways:$/m);
    expect(r.err).toMatch(/^ {2}- game export `update` must be \(func \(param f32\)\), but it is \(func \(param i32\)\)$/m);
    for (const name of ['draw', 'key_down', 'key_up']) expect(r.err).toContain(`  - game does not export \`${name}\``);
    expect(r.err).toContain('(the module looks written for the native profile; the other profiles:)');
  });

  it('exits 1 for a file that is not WebAssembly', async () => {
    const r = await arcade('check', file('junk.wasm', new TextEncoder().encode('hello')));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/junk\.wasm: not a valid WebAssembly module: /);
  });

  it('exits 2 on bad usage', async () => {
    expect((await arcade('check')).code).toBe(2);
  });

  it('names the profile a module matches: a WASM-4 cart, a game for the 2018 demo ABI', async () => {
    const cart = await arcade('check', 'test/fixtures/profiles/coins-c.wasm');
    expect(cart.code).toBe(0);
    expect(cart.out).toContain('OK — a WASM-4 cart');
    expect(cart.out).toContain('profile      wasm4: ');
    expect(cart.out).toContain('imports      17 of 17 host functions');
    expect(cart.out).toContain('env.memory (memory)');
    const rocket = await arcade('check', 'test/fixtures/profiles/rocket2018.wasm');
    expect(rocket.out).toContain("OK — a game for the 2018 demo's ABI");
    expect(rocket.out).toContain('screen       1024×600');
  });

  it('says for each profile why a module matches none of them', async () => {
    const r = await arcade('check', file('none.wasm', compileWat('(module (import "env" "beep" (func)) (func (export "tick")))', null)));
    expect(r.code).toBe(1);
    expect(r.err).toContain('none.wasm: not a valid Wasm Arcade game: it matches none of the host profiles');
    expect(r.err).toMatch(/^ {2}native +the game breaks the ABI in \d+ ways:\n {2}- game has no `arcade.game` custom section/m);
    expect(r.err).toContain('(the module looks written for none of the profiles; how each one sees it:)');
    expect(r.err).toMatch(/^ {2}wasm4 +game imports `env.beep`, which WASM-4 does not provide/m);
    expect(r.err).toMatch(/^ {2}demo-2018 +game imports `env.beep`, which the 2018 demo's ABI does not provide/m);
  });

  it('--profile checks against one profile only', async () => {
    const r = await arcade('check', 'test/fixtures/profiles/coins-c.wasm', '--profile', 'demo-2018');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/coins-c\.wasm: not a valid Wasm Arcade game: game imports `env.diskr`, which the 2018 demo's ABI does not provide/);
    expect((await arcade('check', 'x.wasm', '--profile', 'nes')).code).toBe(2);
  });
});

describe('arcade run', () => {
  it('--save FILE starts an ABI v2 game with the file and writes its save back; --print-save shows it', async () => {
    const game = file('v2game.wasm', fixture('v2game'));
    const save = join(game, '..', 'v2.sav');
    // no file yet: the game starts without a save, clicks once (frame 3), and the file appears
    const first = await arcade('run', game, '--frames', '5', '--save', save, '--print-save');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/save {9}0 bytes, [0-9a-f]{16}/);
    expect(first.out).toContain('(no save data)');
    expect(existsSync(save)).toBe(true);
    writeFileSync(save, new Uint8Array([7, 0, 0, 0]));
    const second = await arcade('run', game, '--frames', '5', '--save', save, '--print-save');
    expect(second.out).toContain('[frame 0] saved clicks');
    expect(second.out).toContain('  00000000  07 00 00 00');
    expect([...readFileSync(save)]).toEqual([7, 0, 0, 0]);
    // an oversized save: a clear message, and the game starts without it
    writeFileSync(save, new Uint8Array(70_000));
    const third = await arcade('run', game, '--frames', '2', '--save', save);
    expect(third.code).toBe(0);
    expect(third.err).toContain('the save data is 70000 bytes, over the 65536-byte limit: the game starts without a save');
  });

  it('runs N frames and prints log lines, frame count and hashes', async () => {
    const r = await arcade('run', file('probe.wasm', fixture('probe')), '--frames', '30', '--seed', '5', '--press', '10:Space');
    expect(r.code).toBe(0);
    expect(r.out).toContain('[frame 0] init');
    expect(r.out).toContain('[frame 10] space down');
    expect(r.out).toMatch(/frames {7}30 of 30/);
    expect(r.out).toMatch(/draw list {4}[0-9a-f]{16} \(frame 30, \d+ bytes\)/);
    expect(r.out).toMatch(/memory {7}[0-9a-f]{16} \(65536 bytes\)/);
  });

  it('is deterministic across runs', async () => {
    const path = file('probe2.wasm', fixture('probe'));
    const hash = (s: string) => /draw list {4}([0-9a-f]{16})/.exec(s)![1];
    const a = await arcade('run', path, '--frames', '20', '--seed', '3');
    const b = await arcade('run', path, '--frames', '20', '--seed', '3');
    expect(hash(a.out)).toBe(hash(b.out));
  });

  it('reports a trap with its stack and exits 1', async () => {
    const r = await arcade('run', file('trap.wasm', fixture('trap')), '--frames', '10');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/frames {7}1 of 10/);
    expect(r.err).toContain('stopped (trap) in frame 2: the game trapped in frame 2: unreachable in explode');
    expect(r.err).toMatch(/at explode \(func \d+\)/);
  });

  it('--screenshot writes a PNG of a frame as the app would draw it', async () => {
    const out = join(dir, 'snake-1.png');
    const r = await arcade('run', 'games/snake/snake.wasm', '--frames', '0', '--screenshot', '1', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${out}: frame 1, 640×480`);
    const png = decode(readFileSync(out));
    expect([png.width, png.height, png.channels]).toEqual([640, 480, 4]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    expect(colours.size).toBeGreaterThan(3); // background, grid, title text, apple…
    expect((await arcade('run', 'games/snake/snake.wasm', '--screenshot', '0', out)).code).toBe(2);
  });

  it('names missing files and folders instead of printing ENOENT/EISDIR', async () => {
    const missing = await arcade('check', join(dir, 'nope.wasm'));
    expect(missing.err).toBe(`arcade check: ${join(dir, 'nope.wasm')}: no such game file (.wasm)`);
    expect((await arcade('run', dir)).err).toBe(`arcade run: ${dir} is a folder, not a game file (.wasm)`);
  });

  it('rejects bad flags', async () => {
    expect((await arcade('run', 'x.wasm', '--press', 'soon:Space')).code).toBe(2);
    expect((await arcade('run', 'x.wasm', '--engine', 'fast')).code).toBe(2);
  });
});

describe('arcade help', () => {
  it('lists every command with its summary', async () => {
    const r = await arcade('help');
    expect(r.code).toBe(0);
    for (const [name, summary] of [['check', 'validate a game file'], ['run', 'run a game headless'], ['record', 'record a scripted input'], ['replay', 'first frame that differs'], ['spec', 'spec testsuite']]) {
      expect(r.out).toMatch(new RegExp(`^  ${name} +.*${summary}`, 'm'));
    }
  });
  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) {
      const r = await arcade(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`arcade ${version}`);
    }
  });
  it('shows a command\'s usage, and rejects an unknown command with exit 2', async () => {
    expect((await arcade('help', 'replay')).out).toContain('Usage: arcade replay <game.wasm> <recording>');
    const r = await arcade('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });
});
