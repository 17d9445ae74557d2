// End to end through `arcade record` / `arcade replay`: record a scripted
// session, replay it, break the game's logic, see the first divergent frame
// with the differing draw call, then bless the change with --update.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { recordFromScript } from '../../src/node/recording-io';
import { compileWat, fixture } from '../fixtures/compile';
import { parseRecording } from '../../src/host/recording';
import { decode } from 'fast-png';

const here = new URL('.', import.meta.url).pathname;
const source = readFileSync(join(here, 'games/mover.wat'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'arcade-rec-'));
const game = join(dir, 'mover.wasm');
const broken = join(dir, 'mover-broken.wasm');
const script = join(here, 'games/mover.script');
const rec = join(dir, 'mover.rec');

async function arcade(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(() => {
  writeFileSync(game, compileWat(source));
  // "break the game's logic": the paddle moves faster
  const changed = source.replace('(f32.const 120)', '(f32.const 126)');
  expect(changed).not.toBe(source);
  writeFileSync(broken, compileWat(changed));
});

describe('arcade record / replay', () => {
  it('records a script and replays it cleanly', async () => {
    const r = await arcade('record', game, script, '-o', rec, '--seed', '42', '--memory-every', '60');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mover\.rec: 120 frames \(2\.0 s of play\)/);
    const text = readFileSync(rec, 'utf8');
    expect(text).toMatch(/^title: Mover$/m);
    expect(text).toMatch(/^seed: 42$/m);
    expect(text).toMatch(/^f 31 \+ArrowRight d=/m);
    expect(text).toMatch(/^end frames=120 m=/m);
    const ok = await arcade('replay', game, rec);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/ok: 120 frames .* every draw list and 4 memory checkpoints match/);
  });

  it('compares a rebuilt game by behaviour (refused only with --exact-build), naming the first divergent frame and the differing call', async () => {
    const refused = await arcade('replay', broken, rec, '--exact-build');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/recording was made with another build of 'Mover'.*--exact-build/);

    const r = await arcade('replay', broken, rec);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^note: recording was made with another build of 'Mover'/m);
    const firstLine = r.err.split('\n').find((l) => l.includes('first frame'))!;
    expect(firstLine).toMatch(/mover\.rec:\d+: frame 31 is the first frame whose draw list differs/);
    expect(r.err).toContain('  frame 31, call 2: expected draw_rect(142, 220, 40, 8, #ffffffff)\n' + ' '.repeat(25) + 'got draw_rect(142.1, 220, 40, 8, #ffffffff)');
    expect(r.err).toMatch(/input up to frame 31 \(1 event\): 31:\+ArrowRight/);
    expect(r.err).toMatch(/^note: memory checkpoints not compared \(another build\)/m);
    expect(r.err).toMatch(/last input: frame 31, press ArrowRight \(in this very frame\)/);
    expect(r.err).toMatch(/--update/);
    // pictures of that frame next to the report, by default in mover.failure/
    expect(r.err).toMatch(/^pictures of frame 31: .*mover\.failure\/expected\.png, .*actual\.png, .*diff\.png, .*report\.txt \(\d+ pixels differ\)$/m);
    for (const name of ['expected', 'actual', 'diff']) {
      const png = decode(readFileSync(join(dir, 'mover.failure', `${name}.png`)));
      expect([png.width, png.height]).toEqual([640, 480]);
    }
    expect(readFileSync(join(dir, 'mover.failure', 'report.txt'), 'utf8')).toContain('frame 31 is the first frame whose draw list differs');
  });

  it('--update rewrites the checksums deliberately, after which the new build passes', async () => {
    const before = readFileSync(rec, 'utf8');
    const r = await arcade('replay', broken, rec, '--update');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/updated 120 frames .*: \d+ of 120 frames draw differently now \(frames 31–\d+\)\. The first change:\n.*frame 31 is the first frame/s);
    const after = readFileSync(rec, 'utf8');
    expect(after).not.toBe(before);
    // same input, same header apart from the build
    const strip = (t: string): string[] => t.split('\n').filter((l) => /^f /.test(l)).map((l) => l.replace(/ d=.*$/, ''));
    expect(strip(after)).toEqual(strip(before));
    expect((await arcade('replay', broken, rec)).code).toBe(0);
    expect((await arcade('replay', game, rec)).code).toBe(1);
    const again = await arcade('replay', broken, rec, '--update');
    expect(again.out).toMatch(/unchanged/);
  });

  it('explains bad input without crashing', async () => {
    const cut = join(dir, 'cut.rec');
    const full = readFileSync(rec, 'utf8');
    writeFileSync(cut, full.slice(0, Math.floor(full.length / 2)));
    const t = await arcade('replay', broken, cut);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/cut\.rec: the recording is truncated: no 'end' trailer, and line \d+ is cut off mid-line.*--partial/);
    const partial = await arcade('replay', broken, cut, '--partial');
    expect(partial.code).toBe(0);
    expect(partial.out).toMatch(/ok: \d+ frames/);

    const corrupt = join(dir, 'corrupt.rec');
    writeFileSync(corrupt, full.replace(/^f 50 d=[0-9a-f]+/m, 'f 50 d=nothex'));
    const c = await arcade('replay', broken, corrupt);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/corrupt\.rec:\d+:8: frame 50: draw-list checksum 'nothex' is not a hex hash/);

    expect((await arcade('replay', broken, join(dir, 'missing.rec'))).err).toMatch(/missing\.rec: no such recording$/m);
    expect((await arcade('replay', broken)).code).toBe(2);
    const badScript = join(dir, 'bad.script');
    writeFileSync(badScript, 'wait 3\nhold Left 3\n');
    const b = await arcade('record', game, badScript, '-o', join(dir, 'bad.rec'));
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/bad\.script:2:6: unknown key 'Left'/);
    const trap = join(dir, 'trap.wasm');
    writeFileSync(trap, fixture('trap'));
    const trapped = await arcade('record', trap, script, '-o', join(dir, 'trap.rec'));
    expect(trapped.code).toBe(1);
    expect(trapped.err).toMatch(/the game trapped in frame 2: unreachable.*; .*trap\.rec ends with this stop after 1 complete frame \(arcade replay reproduces it\)/);
    const trapRec = parseRecording(readFileSync(join(dir, 'trap.rec'), 'utf8'));
    expect(trapRec.truncation).toBeUndefined();
    expect(trapRec.stop).toMatchObject({ frame: 2, kind: 'trap', message: expect.stringMatching(/the game trapped in frame 2: unreachable/) });
    const trapReplay = await arcade('replay', trap, join(dir, 'trap.rec'));
    expect(trapReplay.code).toBe(0);
    expect(trapReplay.out).toMatch(/ok: 1 frames .*and frame 2 stops again as recorded, with a trap: the game trapped in frame 2: unreachable/);

    // a game that loops forever is stopped by the headless watchdog instead of hanging CI
    const spin = join(dir, 'spin.wasm');
    writeFileSync(spin, fixture('spin'));
    const spun = await recordFromScript({ game: spin, script, out: join(dir, 'spin.rec'), extras: { frameBudgetMs: 300 } });
    expect(spun.stop?.info.message).toMatch(/frame 3 ran longer than 300 ms/);
    expect(parseRecording(readFileSync(join(dir, 'spin.rec'), 'utf8')).stop).toMatchObject({ frame: 3, kind: 'watchdog' });

    const notWasm = await arcade('replay', script, rec);
    expect(notWasm.code).toBe(1);
    expect(notWasm.err).toMatch(/not a valid WebAssembly module/);
  });
});

describe('draws: none recordings', () => {
  it('still show the differing calls when the recorded build is in git history', async () => {
    const { execFileSync } = await import('node:child_process');
    const repo = mkdtempSync(join(tmpdir(), 'arcade-git-'));
    const git = (...args: string[]): void => void execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'ignore' });
    git('init', '-q');
    const wasm = join(repo, 'game.wasm');
    writeFileSync(wasm, compileWat(source));
    git('add', 'game.wasm');
    git('commit', '-q', '-m', 'game');
    const small = join(repo, 'small.rec');
    const r = await arcade('record', wasm, script, '-o', small, '--draws', 'none');
    expect(r.code).toBe(0);
    const text = readFileSync(small, 'utf8');
    expect(text).toMatch(/^draws: none$/m);
    expect(text).not.toMatch(/^ {2}(set|ins|del) /m);

    // break the game (not committed): the recorded build is found in git and re-run to the divergent frame
    writeFileSync(wasm, compileWat(source.replace('(f32.const 120)', '(f32.const 126)')));
    const broken = await arcade('replay', wasm, small, '--any-build');
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/frame 31 is the first frame whose draw list differs/);
    expect(broken.err).toMatch(/\(expected calls from the recorded build, .*game\.wasm at git commit [0-9a-f]{10}\)/);
    expect(broken.err).toMatch(/frame 31, call 2: expected draw_rect\(142, 220, 40, 8, #ffffffff\)\n +got draw_rect\(142\.1, 220, 40, 8, #ffffffff\)/);

    // without git history there are no calls to compare, and the report says so
    const elsewhere = join(dir, 'small.rec');
    writeFileSync(elsewhere, text.replace(/^game-path: .*$/m, 'game-path: nowhere/game.wasm'));
    const blind = await arcade('replay', wasm, elsewhere, '--any-build');
    expect(blind.code).toBe(1);
    expect(blind.err).toMatch(/the recording keeps no draw calls \(draws: none\) and the recorded build was not found/);
  });
});
