// `arcade check` and `arcade run`, in-process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { arcade } from '../support/cli';
import { compileWat, fixture } from '../fixtures/compile';

const dir = mkdtempSync(join(tmpdir(), 'arcade-cli-'));
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
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
    expect(r.err).toMatch(/bad\.wasm: not a valid Wasm Arcade game: game export `update` must be \(func \(param f32\)\), but it is \(func \(param i32\)\)$/);
  });

  it('exits 1 for a file that is not WebAssembly', async () => {
    const r = await arcade('check', file('junk.wasm', new TextEncoder().encode('hello')));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/junk\.wasm: not a valid WebAssembly module: /);
  });

  it('exits 2 on bad usage', async () => {
    expect((await arcade('check')).code).toBe(2);
  });
});

describe('arcade run', () => {
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
  it('shows a command\'s usage, and rejects an unknown command with exit 2', async () => {
    expect((await arcade('help', 'replay')).out).toContain('Usage: arcade replay <game.wasm> <recording>');
    const r = await arcade('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });
});
