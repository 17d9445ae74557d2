// The CLI and hostile input: everything a game controls is printed with its
// control characters escaped (no forged `[frame N]` or `stopped` lines, no
// terminal escape sequences), every file problem is one line naming the file,
// and a game title with a CR survives a recording round trip byte for byte.
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arcade } from '../support/cli';
import { escapeControl } from '../../src/host/escape';
import { parseRecording } from '../../src/host/recording';
import { compileWat } from '../fixtures/compile';

const dir = mkdtempSync(join(tmpdir(), 'arcade-safety-'));
const path = (name: string) => join(dir, name);

const TITLE = 'Evil\u001b[2J\rTitle';
// Logs a line forging output, then traps in a function exported under a name that forges a line too.
const EVIL = compileWat(
  `(module
    (import "env" "log" (func $log (param i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "hi\\n[frame 9] stopped\\1b[31m\\c2\\9b\\e2\\80\\ae")
    (global $f (mut i32) (i32.const 0))
    (func (export "boom\\n[frame 1] fine") unreachable)
    (func (export "update") (param f32)
      (global.set $f (i32.add (global.get $f) (i32.const 1)))
      (call $log (i32.const 0) (i32.const 30))
      (if (i32.eq (global.get $f) (i32.const 2)) (then (call 1))))
    (func (export "draw"))
    (func (export "key_down") (param i32))
    (func (export "key_up") (param i32)))`,
  `abi=1\ntitle=${TITLE}\nwidth=64\nheight=64\nauthor=\u001b]0;pwned\u0007\n`,
);
// eslint-disable-next-line no-control-regex -- these are exactly the characters to find
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe('escapeControl', () => {
  it('escapes C0, DEL, C1 and bidi controls, and newlines unless kept', () => {
    expect(escapeControl('a\nb\r\tc\u001b[0m\u007f\u009b\u202e')).toBe('a\\nb\\r\\tc\\x1b[0m\\x7f\\x9b\\u202e');
    expect(escapeControl('line 1\nline\r2', true)).toBe('line 1\nline\\r2');
    expect(escapeControl('plain ✓ é')).toBe('plain ✓ é');
  });
});

describe('the CLI prints what a game controls escaped', () => {
  const game = path('evil.wasm');
  writeFileSync(game, EVIL);

  it('arcade run: title, log lines, trap message and stack', async () => {
    const r = await arcade('run', game, '--frames', '5');
    expect(r.code).toBe(1);
    for (const line of r.lines) expect(line).not.toMatch(UNSAFE);
    // Each log line is one line; the forged ones only appear escaped inside it.
    expect(r.lines.filter((l) => l.startsWith('[frame 9]'))).toEqual([]);
    expect(r.lines.filter((l) => l.startsWith('[frame 1]'))).toEqual(['[frame 1] hi\\n[frame 9] stopped\\x1b[31m\\x9b\\u202e']);
    expect(r.out).toContain('Evil\\x1b[2J\\rTitle (');
    expect(r.err).toContain('boom\\n[frame 1] fine');
  });

  it('arcade check: title, author and export names', async () => {
    const r = await arcade('check', game);
    expect(r.code).toBe(0);
    for (const line of r.lines) expect(line).not.toMatch(UNSAFE);
    expect(r.out).toContain('author       \\x1b]0;pwned\\x07');
    expect(r.out).toContain('(ignored: boom\\n[frame 1] fine)');
  });

  it('arcade check: the other profiles\' reasons name the imports escaped', async () => {
    const odd = path('odd.wasm');
    writeFileSync(odd, compileWat('(module (import "x\\n[frame 1]\\1b" "y" (func)))', null));
    const r = await arcade('check', odd);
    expect(r.code).toBe(1);
    for (const line of r.lines) expect(line).not.toMatch(UNSAFE);
    expect(r.lines.filter((l) => l.startsWith('[frame 1]'))).toEqual([]);
  });

  it('arcade meta: the section is printed escaped', async () => {
    const r = await arcade('meta', game);
    expect(r.code).toBe(0);
    for (const line of r.lines) expect(line).not.toMatch(UNSAFE);
    expect(r.out).toContain('title=Evil\\x1b[2J\\rTitle');
  });

  it('arcade new: a title with a control character is refused, and echoed escaped', async () => {
    const r = await arcade('new', path('proj'), '--title', 'Bad\u001b[31m');
    expect(r.code).toBe(2);
    for (const line of r.lines) expect(line).not.toMatch(UNSAFE);
    expect(r.err).toContain("got 'Bad\\x1b[31m'");
  });
});

describe('file errors are one line naming the file', () => {
  const game = path('ok.wasm');
  writeFileSync(game, EVIL);
  const sparse = (name: string, bytes: number): string => {
    const fd = openSync(path(name), 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    return path(name);
  };
  mkdirSync(path('a-folder.rec'));

  const cases: [string, string[], RegExp][] = [
    ['a missing game', ['run', path('nope.wasm')], /^arcade run: .*nope\.wasm: no such game file/],
    ['a directory as the game', ['check', dir], /^arcade check: .* is a folder, not a game file/],
    ['a game over 256 MiB', ['run', sparse('huge.wasm', 300 * 1024 * 1024)], /^arcade run: .*huge\.wasm is 300\.0 MiB; a game file \(\.wasm\) may be at most 256 MiB$/],
    ['a directory as the recording', ['replay', game, path('a-folder.rec')], /^arcade replay: .*a-folder\.rec is a folder, not a recording$/],
    ['a recording over 500 MiB', ['replay', game, sparse('huge.rec', 600 * 1024 * 1024)], /^arcade replay: .*huge\.rec is 600\.0 MiB; a recording may be at most 500 MiB$/],
    ['a missing recording', ['replay', game, path('none.rec')], /^arcade replay: .*none\.rec: no such recording$/],
    ['a missing script', ['record', game, path('none.script'), '-o', path('x.rec')], /^arcade record: .*none\.script: no such/],
  ];
  for (const [what, args, expected] of cases) {
    it(what, async () => {
      const r = await arcade(...args);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(expected);
    });
  }
});

describe('identity fields survive a recording round trip byte for byte', () => {
  it('a title with a CR and an escape records and replays', async () => {
    const game = path('cr.wasm');
    writeFileSync(game, compileWat('(module (memory (export "memory") 1) (func (export "update") (param f32)) (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))', `abi=1\ntitle=${TITLE}\nwidth=64\nheight=64\n`));
    writeFileSync(path('cr.script'), 'wait 30\n');
    const rec = path('cr.rec');
    const made = await arcade('record', game, path('cr.script'), '-o', rec);
    expect(made.code, made.err).toBe(0);
    const text = readFileSync(rec, 'utf8');
    expect(text).toContain(`title: ${JSON.stringify(TITLE)}\n`);
    expect(parseRecording(text).header.title).toBe(TITLE);
    const r = await arcade('replay', game, rec);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/: ok: 30 frames/);
    // A value that is not a JSON string is read as it is (older files).
    expect(parseRecording(text.replace(/^title: .*$/m, 'title: "Quoted" Game')).header.title).toBe('"Quoted" Game');
  });
});
