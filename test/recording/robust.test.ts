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

function bestParseMs(text: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    parseRecording(text);
    best = Math.min(best, performance.now() - t);
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
    expect(r.err).toContain(`${file}:${frameLine + 1}: the recording was edited or damaged: the draw calls it stores for frame ${frame}`);
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
    expect(r.err).toContain(`${file}:${frameLine + 1}: the recording was edited or damaged: the draw calls it stores for frame ${lines[frameLine].split(' ')[1]}`);
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
