// Recordings that were damaged or edited, and recordings built to be slow:
// the parser stays linear in the file size (a size-scaling check, no absolute
// timing), a replay checks the stored draw calls against each frame's
// checksum and says where the file was edited, and a fuzz over the real
// recordings in test/replays (bit flips, truncations, line edits) always ends
// in a clear one-line error or a correct result — never a stack trace or a hang.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { arcade } from '../support/cli';
import { parseRecording, type Recording } from '../../src/host/recording';
import { formatInputEvent } from '../../src/host/recording/format';
import { Rng } from '../differential/harness';
import { compileWat } from '../fixtures/compile';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'arcade-robust-'));

afterEach(() => vi.restoreAllMocks());

const HEADER = `arcade-recording 1
title: T
game-sha256: ${'0'.repeat(64)}
game-size: 1
abi: 1
seed: 1
dt: 1/60
screen: 320x240
memory-every: 1000000
draws: delta
checksum: xx4x32
---
`;

/** A recording of one frame with `n` edit lines made by `line(i)`. */
function editHeavy(n: number, line: (i: number) => string): string {
  const parts = [HEADER, 'f 1 d=00000000\n'];
  for (let i = 0; i < n; i++) parts.push(line(i));
  parts.push('end frames=1 m=00000000\n');
  return parts.join('');
}

/** The best of three parses, in ms of this process's CPU time (a loaded machine delays wall-clock time far more). */
function bestParseMs(text: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.cpuUsage();
    parseRecording(text);
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('the recording parser is linear in the file size', () => {
  // 8× the lines: linear (or n log n) time grows ~8–10× (plus some garbage
  // collection of a bigger heap), quadratic 64×. A ratio, measured in the
  // same run, so a slow machine does not matter.
  const shapes: [string, (i: number) => string][] = [
    ['ins at the front', () => '  ins 0 rect 1 2 3 4 #ffffffff\n'],
    ['ins in the middle', (i) => `  ins ${i >> 1} circle 1 2 3 #ffffffff\n`],
  ];
  for (const [what, line] of shapes) {
    it(`320k lines of ${what}`, { timeout: 120_000 }, () => {
      const small = bestParseMs(editHeavy(40_000, line));
      const large = bestParseMs(editHeavy(320_000, line));
      expect(parseRecording(editHeavy(10, line)).frames[0].ops).toHaveLength(10);
      expect(large / small, `${small.toFixed(0)} ms for 40k lines, ${large.toFixed(0)} ms for 320k`).toBeLessThan(24);
    });
  }

  it('front insertions and deletions alternate (a list that keeps its length)', { timeout: 120_000 }, () => {
    const churn = (n: number) => editHeavy(n, (i) => (i < 1000 ? `  ins ${i} rect ${i} 0 1 1 #ffffffff\n` : i % 2 ? '  ins 0 rect 9 9 9 9 #ffffffff\n' : '  del 500 1\n'));
    const small = bestParseMs(churn(40_000));
    const large = bestParseMs(churn(320_000));
    expect(large / small).toBeLessThan(24);
  });
});

const snakeGame = join(root, 'games/snake/snake.wasm');
const snakeText = readFileSync(join(root, 'test/replays/snake-gameover.rec'), 'utf8');

describe('replays check the stored draw calls against each frame checksum', () => {
  it('re-encodes every kind of stored call: each bundled recording checks clean', async () => {
    for (const [rec, game] of [['rocks-play.rec', 'games/rocks/rocks.wasm'], ['rocket2018-play.rec', 'test/fixtures/profiles/rocket2018.wasm']]) {
      const r = await arcade('replay', join(root, game), join(root, 'test/replays', rec));
      expect(r.code, r.err).toBe(0);
    }
  });

  it('names the frame and line of an edited draw call, though the game draws every frame as recorded', async () => {
    // Change one number of a stored call (not its d= checksum) in the middle of the file.
    const lines = snakeText.split('\n');
    const at = lines.findIndex((l, i) => i > lines.length / 2 && /^ {2}set \d+ circle -?\d/.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace(/circle (-?[\d.]+)/, (_m, x: string) => `circle ${Number(x) + 1}`);
    let frameLine = at;
    while (!lines[frameLine].startsWith('f ')) frameLine--;
    const frame = Number(lines[frameLine].split(' ')[1]);
    const file = join(dir, 'edited.rec');
    writeFileSync(file, lines.join('\n'));
    const r = await arcade('replay', snakeGame, file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:${frameLine + 1}: the recording was edited or damaged: this run drew frame ${frame} as its d=`);
    // the call itself: what the file stores, and what the game drew
    expect(r.err).toMatch(new RegExp(`\\n  frame ${frame}, call \\d+: stored draw_circle\\(.*\\n +drawn draw_circle\\(`));
    expect(r.err).toContain('the game itself drew every frame as recorded');
    // The untouched file replays clean.
    const clean = join(dir, 'clean.rec');
    writeFileSync(clean, snakeText);
    expect((await arcade('replay', snakeGame, clean)).code).toBe(0);
  });
});

describe('an edited ABI v2 recording (images drawn through transforms)', () => {
  it('names the frame of an edited draw_image call', async () => {
    const text = readFileSync(join(root, 'test/replays/rocks-play.rec'), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => i > lines.length / 2 && /^ {2}set \d+ image (= ){5}-?\d/.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace(/^( {2}set \d+ image (?:= ){5})(-?[\d.]+)/, (_m, head: string, x: string) => `${head}${Number(x) + 1}`);
    let frameLine = at;
    while (!lines[frameLine].startsWith('f ')) frameLine--;
    const file = join(dir, 'rocks-edited.rec');
    writeFileSync(file, lines.join('\n'));
    const r = await arcade('replay', join(root, 'games/rocks/rocks.wasm'), file, '--pictures', join(dir, 'pictures'));
    expect(r.code).toBe(1);
    const frame = lines[frameLine].split(' ')[1];
    expect(r.err).toContain(`${file}:${frameLine + 1}: the recording was edited or damaged: this run drew frame ${frame} as its d=`);
    expect(r.err).toMatch(new RegExp(`\\n  frame ${frame}, call \\d+: stored draw_image\\(`));
  });
});

/** Frames' input and checksums, to compare a mutant that replayed "ok" with the original. */
function essence(rec: Recording): string[] {
  return rec.frames.map((f) => `${f.frame} ${f.input.map(formatInputEvent).join(',')} ${f.drawHash} ${f.memoryHash ?? ''}`);
}

function mutate(text: string, rng: Rng): { text: string; what: string } {
  const bytes = new TextEncoder().encode(text);
  switch (rng.below(5)) {
    case 0: {
      const at = rng.below(bytes.length);
      const bit = rng.below(8);
      bytes[at] ^= 1 << bit;
      return { text: new TextDecoder().decode(bytes), what: `bit ${bit} of byte ${at} flipped` };
    }
    case 1: {
      const at = rng.below(bytes.length);
      return { text: new TextDecoder().decode(bytes.subarray(0, at)), what: `truncated at byte ${at}` };
    }
    case 2: {
      const lines = text.split('\n');
      const at = rng.below(lines.length);
      lines.splice(at, 1);
      return { text: lines.join('\n'), what: `line ${at + 1} deleted` };
    }
    case 3: {
      const lines = text.split('\n');
      const at = rng.below(lines.length);
      lines.splice(at, 0, lines[at]);
      return { text: lines.join('\n'), what: `line ${at + 1} duplicated` };
    }
    default: {
      // A digit changed: the edit most likely to look valid.
      const digits = [...text.matchAll(/[0-9]/g)].map((m) => m.index);
      const at = digits[rng.below(digits.length)];
      const d = String((Number(text[at]) + 1 + rng.below(8)) % 10);
      return { text: text.slice(0, at) + d + text.slice(at + 1), what: `digit at ${at} changed to ${d}` };
    }
  }
}

// A v1 game (snake) and an ABI v2 one (rocks: transforms, polygons, images, sound events).
const FUZZED: [string, string, number][] = [
  ['snake-gameover.rec', 'games/snake/snake.wasm', 60],
  ['rocks-play.rec', 'games/rocks/rocks.wasm', 30],
];

describe('recording fuzz: a clear error or a correct result', () => {
  for (const [recName, gameName, SEEDS] of FUZZED) {
    it(`${SEEDS} damaged copies of test/replays/${recName}`, { timeout: 300_000 }, async () => {
      const text = readFileSync(join(root, 'test/replays', recName), 'utf8');
      const original = essence(parseRecording(text));
      const game = join(root, gameName);
      const outcomes = { ok: 0, error: 0 };
      for (let seed = 1; seed <= SEEDS; seed++) {
        const m = mutate(text, new Rng(seed));
        const file = join(dir, `mutant-${seed}-${recName}`);
        writeFileSync(file, m.text);
        const started = performance.now();
        let r: Awaited<ReturnType<typeof arcade>>;
        try {
          r = await arcade('replay', game, file, '--partial', '--pictures', join(dir, 'pictures'));
        } catch (error) {
          throw new Error(`seed ${seed} (${m.what}): replay threw ${(error as Error).stack}`);
        }
        const ms = performance.now() - started;
        const context = `seed ${seed} (${m.what}): exit ${r.code}\n${r.out}\n${r.err}`;
        expect(ms, context).toBeLessThan(60_000);
        expect(r.err, context).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m); // no JS stack trace
        expect([0, 1], context).toContain(r.code);
        if (r.code === 0) {
          // "ok" must be true: the file still says what the original said (the frames it kept).
          outcomes.ok++;
          const kept = essence(parseRecording(m.text));
          expect(original.slice(0, kept.length), context).toEqual(kept);
        } else {
          outcomes.error++;
          expect(r.err.trim().length, context).toBeGreaterThan(0);
          expect(r.err, context).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|arcade replay: `));
        }
      }
      expect(outcomes.error).toBeGreaterThan(SEEDS / 3);
    });
  }
});

describe('recording fuzz: a damaged limits: header field', () => {
  it('40 copies with the limits line damaged end in an error naming that line, or a correct result', { timeout: 120_000 }, async () => {
    const game = join(dir, 'grower.wasm');
    writeFileSync(game, compileWat(readFileSync(join(root, 'test/recording/games/grower.wat'), 'utf8')));
    const script = join(dir, 'grower.script');
    writeFileSync(script, 'wait 30\n');
    const recorded = join(dir, 'grower.rec');
    expect((await arcade('record', game, script, '-o', recorded, '--limit', 'max-draw-commands=20', '--limit', 'memory_mib=64')).code).toBe(1);
    const text = readFileSync(recorded, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('limits: '));
    expect(lines[at]).toBe('limits: memory_mib=64 max-draw-commands=20');
    const outcomes = { error: 0, replayed: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const rng = new Rng(seed);
      let line = lines[at];
      let what: string;
      switch (rng.below(4)) {
        case 0: {
          const i = 8 + rng.below(line.length - 8);
          const bytes = new TextEncoder().encode(line);
          bytes[i] ^= 1 << rng.below(7);
          line = new TextDecoder().decode(bytes);
          what = `a bit of byte ${i} flipped`;
          break;
        }
        case 1:
          line = line.slice(0, 8 + rng.below(line.length - 8));
          what = `cut at ${line.length}`;
          break;
        case 2: {
          const digits = [...line.matchAll(/[0-9]/g)].map((m) => m.index);
          const i = digits[rng.below(digits.length)];
          line = line.slice(0, i) + String(rng.below(10)) + '0'.repeat(rng.below(9)) + line.slice(i + 1);
          what = `digit ${i} changed`;
          break;
        }
        default:
          line = `${line} ${['max-sprites=1', 'memory_mib=8', 'max-text-bytes=', '=5', 'max-draw-commands=3', 'memory_mib=64'][rng.below(6)]}`;
          what = 'a token added';
      }
      const file = join(dir, `limits-mutant-${seed}.rec`);
      writeFileSync(file, [...lines.slice(0, at), line, ...lines.slice(at + 1)].join('\n'));
      const r = await arcade('replay', game, file);
      const context = `seed ${seed} (${what}: '${line}'): exit ${r.code}\n${r.out}\n${r.err}`;
      expect(r.err, context).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      if (r.err.startsWith('arcade replay: ')) {
        // a clear error naming the file, the limits line and what is wrong
        outcomes.error++;
        expect(r.err, context).toMatch(new RegExp(`^arcade replay: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at + 1}(:\\d+)?: `));
        expect(r.err, context).toMatch(/header field 'limits'|header line|unknown header field/);
        expect(r.code, context).toBe(1);
      } else {
        // still valid limits: the replay ran under them and said which
        outcomes.replayed++;
        expect([0, 1], context).toContain(r.code);
        expect(r.err, context).toContain('note: replaying under the limits the recording was made with: ');
      }
    }
    expect(outcomes.error).toBeGreaterThan(10);
  });
});

/** The frame line a line of a recording belongs to (0-based index). */
function frameLineOf(lines: readonly string[], at: number): number {
  let i = at;
  while (!lines[i].startsWith('f ')) i--;
  return i;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('stored calls kept only as checksums of their bytes are checked too', () => {
  // An ABI v2 game with images, a sound sample and a save (test/fixtures/v2game.wat), recorded here.
  const v2 = join(dir, 'v2game.wasm');
  const v2rec = join(dir, 'v2game.rec');
  const v2text = async (): Promise<string> => {
    writeFileSync(v2, compileWat(readFileSync(join(root, 'test/fixtures/v2game.wat'), 'utf8')));
    writeFileSync(join(dir, 'v2.save'), new Uint8Array([2, 0, 0, 0]));
    writeFileSync(join(dir, 'v2.script'), 'wait 5\npointer 100 50\nclick 0\nwait 20\n');
    const r = await arcade('record', v2, join(dir, 'v2.script'), '-o', v2rec, '--save', join(dir, 'v2.save'));
    expect(r.code, r.err).toBe(0);
    return readFileSync(v2rec, 'utf8');
  };

  it('an edited image-create, sound-create or save call of an ABI v2 game is named with its frame and call', async () => {
    const text = await v2text();
    expect((await arcade('replay', v2, v2rec)).code).toBe(0);
    for (const [kind, shown, edit] of [
      ['image-create', 'image_create', (l: string) => l.replace(/ ([0-9a-f]{16})$/, (_m, h: string) => ` ${h.slice(0, 15)}${h[15] === '0' ? '1' : '0'}`)],
      ['sound-create', 'sound_create', (l: string) => l.replace(/sound-create (\d+) (\d+)/, (_m, id: string, n: string) => `sound-create ${id} ${Number(n) + 1}`)],
      ['save', 'save_write', (l: string) => l.replace(/ save (\d+)/, (_m, n: string) => ` save ${Number(n) + 1}`)],
    ] as const) {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => new RegExp(`^ {2}(ins|set) \\d+ ${kind} `).test(l));
      expect(at, kind).toBeGreaterThan(0);
      const edited = edit(lines[at]);
      expect(edited, kind).not.toBe(lines[at]);
      lines[at] = edited;
      const f = frameLineOf(lines, at);
      const frame = lines[f].split(' ')[1];
      const file = join(dir, `v2-${kind}.rec`);
      writeFileSync(file, lines.join('\n'));
      const r = await arcade('replay', v2, file);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`${file}:${f + 1}: the recording was edited or damaged: this run drew frame ${frame} as its d=`);
      expect(r.err).toMatch(new RegExp(`\\n  frame ${frame}, call \\d+: stored ${shown}\\(.*\\n +drawn ${shown}\\(`));
      expect(r.err).toContain('the game itself drew every frame as recorded');
    }
  });

  it('a golden ABI v2 recording (Crate Mate: images, saves) and a WASM-4 cart (framebuffer every frame) name an edited call', async () => {
    const cases: [string, string, RegExp, string][] = [
      ['cratemate-complete.rec', 'games/cratemate/cratemate.wasm', /^ {2}ins 0 save 28 /, 'save_write'],
      ['cratemate-complete.rec', 'games/cratemate/cratemate.wasm', /^ {2}ins 1 image-create 2 /, 'image_create'],
      ['coins-c-play.rec', 'test/fixtures/profiles/coins-c.wasm', /^ {2}set 0 framebuffer = /, 'framebuffer'],
      ['bounce-rust-play.rec', 'test/fixtures/profiles/bounce-rust.wasm', /^ {2}set 0 framebuffer = /, 'framebuffer'],
    ];
    for (const [recName, gameName, pattern, shown] of cases) {
      const lines = readFileSync(join(root, 'test/replays', recName), 'utf8').split('\n');
      const at = lines.findIndex((l) => pattern.test(l));
      expect(at, recName).toBeGreaterThan(0);
      // the last hex digit of the checksum of its bytes
      lines[at] = lines[at].replace(/([0-9a-f])$/, (d) => (d === 'f' ? '0' : (parseInt(d, 16) + 1).toString(16)));
      const f = frameLineOf(lines, at);
      const frame = lines[f].split(' ')[1];
      const file = join(dir, `edited-${shown}-${recName}`);
      writeFileSync(file, lines.join('\n'));
      const r = await arcade('replay', join(root, gameName), file, '--pictures', join(dir, 'pictures'));
      const context = `${recName} line ${at + 1}\n${r.err}`;
      expect(r.code, context).toBe(1);
      expect(r.err, context).toContain(`${file}:${f + 1}: the recording was edited or damaged: this run drew frame ${frame} as its d=`);
      expect(r.err, context).toMatch(new RegExp(`\\n  frame ${frame}, call \\d+: stored ${shown}\\(.*\\n +drawn ${shown}\\(`));
    }
  });

  it("a WASM-4 frame whose d= was changed is named as such; one whose d= and calls both changed says it could not be checked", async () => {
    const game = join(root, 'test/fixtures/profiles/coins-c.wasm');
    const text = readFileSync(join(root, 'test/replays/coins-c-play.rec'), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => i > 30 && /^ {2}set 0 framebuffer = /.test(l));
    const f = frameLineOf(lines, at);
    const frame = lines[f].split(' ')[1];
    const zeroD = (l: string) => l.replace(/d=[0-9a-f]+/, 'd=0000000000000000');

    const dOnly = [...lines];
    dOnly[f] = zeroD(dOnly[f]);
    const file1 = join(dir, 'coins-d.rec');
    writeFileSync(file1, dOnly.join('\n'));
    const r1 = await arcade('replay', game, file1, '--pictures', join(dir, 'pictures'));
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(new RegExp(`^${escapeRe(file1)}:${f + 1}: the recording was edited or damaged: frame ${frame}'s line says d=0000000000000000, but the draw calls it stores are exactly what this run drew, checksum [0-9a-f]{16}: the frame line was changed$`, 'm'));

    const both = [...dOnly];
    both[at] = both[at].replace(/([0-9a-f])$/, (d) => (d === '0' ? '1' : '0'));
    const file2 = join(dir, 'coins-both.rec');
    writeFileSync(file2, both.join('\n'));
    const r2 = await arcade('replay', game, file2, '--pictures', join(dir, 'pictures'));
    expect(r2.code).toBe(1);
    expect(r2.err).toContain(`${file2}:${f + 1}: frame ${frame} is the first frame whose draw list differs from the recording`);
    expect(r2.err).toContain(
      `${file2}:${f + 1}: frame ${frame}'s stored draw calls could not be checked against its d=: they hold framebuffer, kept only as a checksum of its bytes, which only a run drawing this very frame confirms, and this run's frame ${frame} differs`,
    );
  });
});

describe('fuzz: damaged calls kept as checksums never replay "ok"', () => {
  // 14 of 200 bit-flipped recordings once replayed "ok" with wrong stored calls; these lines could not be checked at all.
  const FUZZ: [string, string, number][] = [
    ['coins-c-play.rec', 'test/fixtures/profiles/coins-c.wasm', 15],
    ['cratemate-complete.rec', 'games/cratemate/cratemate.wasm', 10],
  ];
  for (const [recName, gameName, SEEDS] of FUZZ) {
    it(`${SEEDS} copies of test/replays/${recName} with one framebuffer, image-create or save line damaged`, { timeout: 300_000 }, async () => {
      const lines = readFileSync(join(root, 'test/replays', recName), 'utf8').split('\n');
      const targets = lines.flatMap((l, i) => (/^ {2}(set|ins) \d+ (framebuffer|image-create|sound-create|save) /.test(l) ? [i] : []));
      expect(targets.length).toBeGreaterThan(3);
      for (let seed = 1; seed <= SEEDS; seed++) {
        const rng = new Rng(seed);
        const at = targets[rng.below(targets.length)];
        const copy = [...lines];
        let what: string;
        if (rng.below(4) === 0) {
          copy.splice(at, 1);
          what = `line ${at + 1} deleted`;
        } else {
          // a digit or hex digit of the call's arguments changed
          const head = copy[at].indexOf(' ', copy[at].indexOf(' ', 6) + 1);
          const spots = [...copy[at].matchAll(/[0-9a-f]/g)].map((m) => m.index).filter((i) => i > head);
          const i = spots[rng.below(spots.length)];
          const old = copy[at][i];
          const next = '0123456789abcdef'.replace(old, '')[rng.below(15)];
          // a decimal number stays decimal (a hex digit in a number would be a syntax error, which is covered elsewhere)
          const inHash = /^[0-9a-f]{16}$/.test(copy[at].slice(copy[at].lastIndexOf(' ') + 1)) && i > copy[at].lastIndexOf(' ');
          copy[at] = copy[at].slice(0, i) + (inHash ? next : String((Number(old) + 1 + rng.below(8)) % 10)) + copy[at].slice(i + 1);
          what = `line ${at + 1} changed to '${copy[at]}'`;
        }
        const file = join(dir, `hashed-mutant-${seed}-${recName}`);
        writeFileSync(file, copy.join('\n'));
        const r = await arcade('replay', join(root, gameName), file, '--pictures', join(dir, 'pictures'));
        const context = `seed ${seed} (${what}): exit ${r.code}\n${r.err}`;
        expect(r.err, context).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
        expect(r.code, context).toBe(1);
        // the frame the damaged line belongs to, named as edited, or a parse error naming the line
        const f = frameLineOf(copy, what.endsWith('deleted') ? at - 1 : at);
        expect(r.err, context).toMatch(new RegExp(`^(arcade replay: )?${escapeRe(file)}:(${f + 1}: the recording was edited or damaged|\\d+:\\d+: )`, 'm'));
      }
    });
  }
});
