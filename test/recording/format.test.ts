// The recording format: SHA-256, number/draw-call text, deltas, writer ⇄
// parser round trip, input scripts, and every kind of bad input naming what
// and where.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { visitDrawList } from '../../src/host/drawlist';
import {
  CHECKSUM,
  applyOps,
  checkCallText,
  checkGameIdentity,
  diffCalls,
  displayCall,
  formatF32,
  parseInputScript,
  parseKeyName,
  parseRecording,
  recordingHeader,
  RecordingError,
  ScriptError,
  formatReplayReport,
  replayRecording,
  SessionRecorder,
  sha256Hex,
  keyName,
} from '../../src/host/recording';
import type { Recording } from '../../src/host/recording';
import { FakeSession, META, recordFake, WASM } from './fake-session';


const SCRIPT = 'wait 5\nhold ArrowRight 20\nwait 3\ntap ArrowLeft\nuntil 40\n';

function errorOf(fn: () => unknown): RecordingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RecordingError) return err;
    throw err;
  }
  throw new Error('expected a RecordingError');
}

describe('sha256', () => {
  it('matches node:crypto at block boundaries and on random data', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_000]) {
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) data[i] = (i * 2654435761) >>> 24;
      expect(sha256Hex(data), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe('text codecs', () => {
  it('prints f32 values with the shortest round-tripping decimal', () => {
    for (const v of [0, 1, -3, 0.1, 1 / 3, 123.456, 1e-7, 3.4e38, -0.5, 16777217]) {
      const f = Math.fround(v);
      expect(Math.fround(Number(formatF32(f)))).toBe(f);
    }
    expect(formatF32(Math.fround(0.1))).toBe('0.1');
    expect(formatF32(Math.fround(104.5))).toBe('104.5');
  });
  it('names keys and reads the names back', () => {
    expect(keyName(37)).toBe('ArrowLeft');
    expect(keyName(53)).toBe('Digit5');
    expect(keyName(65)).toBe('A');
    expect(keyName(250)).toBe('250');
    for (const code of [8, 13, 16, 27, 32, 37, 40, 48, 57, 65, 90, 250]) expect(parseKeyName(keyName(code))).toBe(code);
    expect(parseKeyName('KeyA')).toBe(65);
    expect(parseKeyName('Nope')).toBeUndefined();
  });
  it('checks stored draw calls and shows them as calls', () => {
    expect(checkCallText('rect 100 200 40 8 #ffffffff')).toBeUndefined();
    expect(checkCallText('text "a \\"b\\" c" 1 2 8 #00ff00ff')).toBeUndefined();
    expect(checkCallText('rect 1 2 3 #ffffffff')).toMatch(/needs 5 arguments, found 4/);
    expect(checkCallText('blob 1')).toMatch(/unknown draw call 'blob'/);
    expect(checkCallText('clear #fff')).toMatch(/#rrggbbaa/);
    expect(checkCallText('circle x 2 3 #ffffffff')).toMatch(/'x' is not a number/);
    expect(displayCall('rect 100 200 40 8 #ffffffff')).toBe('draw_rect(100, 200, 40, 8, #ffffffff)');
    expect(displayCall('text "SCORE 1" 4 4 8 #ffffffff')).toBe('draw_text("SCORE 1", 4, 4, 8, #ffffffff)');
  });
  it('diffs call lists into edits that rebuild the new list', () => {
    let seed = 1;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let t = 0; t < 500; t++) {
      const a = Array.from({ length: rnd(30) }, () => `rect ${rnd(6)} 0 1 1 #ffffffff`);
      const b = a.slice();
      for (let k = rnd(5); k > 0; k--) {
        const r = rnd(3);
        if (r === 0) b.splice(rnd(b.length + 1), 0, `circle ${rnd(9)} 1 1 #ffffffff`);
        else if (r === 1 && b.length > 0) b.splice(rnd(b.length), 1);
        else if (b.length > 0) b[rnd(b.length)] = `line ${rnd(9)} 0 1 1 1 #ffffffff`;
      }
      const ops = diffCalls(a, b);
      const c = a.slice();
      applyOps(c, ops);
      expect(c).toEqual(b);
    }
    // one moved object is one `set`
    expect(diffCalls(['clear #000000ff', 'rect 1 1 1 1 #ffffffff', 'circle 5 5 1 #ffffffff'], ['clear #000000ff', 'rect 1 1 1 1 #ffffffff', 'circle 6 5 1 #ffffffff'])).toEqual([
      { op: 'set', index: 2, call: 'circle 6 5 1 #ffffffff' },
    ]);
    // a removed brick in front of a moved ball: one del, one set
    expect(diffCalls(['a', 'b', 'c', 'd', 'ball1'], ['a', 'c', 'd', 'ball2']).length).toBe(2);
  });
});

describe('writer and parser', () => {
  it('round-trips a recording: header, input at the right frames, checksums, draw calls', () => {
    const text = recordFake(SCRIPT);
    const rec = parseRecording(text, { source: 'fake.rec' });
    expect(rec.truncation).toBeUndefined();
    expect(rec.header).toMatchObject({ version: 1, title: 'Fake', seed: 7, width: 320, height: 240, memoryEvery: 10, draws: 'delta', gameSize: 8 });
    expect(rec.header.gameSha256).toBe(createHash('sha256').update(WASM).digest('hex'));
    expect(rec.frames.length).toBe(40);
    expect(rec.trailer?.frames).toBe(40);
    expect(rec.frames[5].input).toEqual([{ code: 39, down: true }]); // frame 6
    expect(rec.frames[25].input).toEqual([{ code: 39, down: false }]); // frame 26
    expect(rec.frames[28].input).toEqual([{ code: 37, down: true }]);
    expect(rec.frames[29].input).toEqual([{ code: 37, down: false }]);
    expect(rec.frames.filter((f) => f.memoryHash).map((f) => f.frame)).toEqual([10, 20, 30, 40]);
    // the draw calls of any frame can be rebuilt from the edits
    const calls: string[] = [];
    for (const f of rec.frames.slice(0, 12)) applyOps(calls, f.ops!);
    expect(calls[0]).toBe('clear #000000ff');
    expect(calls.length).toBe(8);
    expect(calls[7]).toMatch(/^text "SCORE \d+" 4 4 8 #ffffffff$/);
    // human-readable
    expect(text).toMatch(/^f 6 \+ArrowRight d=[0-9a-f]{16}$/m);
    expect(text).toMatch(/^ {2}set 5 rect [0-9.]+ = = = =$/m); // unchanged arguments are '='
    expect(text).toMatch(/^end frames=40 m=[0-9a-f]{16}\n$/m);
    // writing is deterministic
    expect(recordFake(SCRIPT)).toBe(text);
  });

  it('accepts comments, blank lines, CRLF line ends and a trailer without its final newline', () => {
    const text = recordFake(SCRIPT);
    const edited = text.replace('---\n', '---\n# a note\n\n').replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const rec = parseRecording(edited);
    expect(rec.frames.length).toBe(40);
    expect(rec.trailer).toBeDefined();
  });

  it('reports a truncated recording (killed writer) and keeps the complete frames', () => {
    const text = recordFake(SCRIPT, { finish: false });
    const rec = parseRecording(text);
    expect(rec.trailer).toBeUndefined();
    expect(rec.truncation).toMatch(/truncated: no 'end' trailer; 39 complete frames kept \(frame 40 on line \d+ may be incomplete/);
    const cut = recordFake(SCRIPT).slice(0, -30);
    const rec2 = parseRecording(cut);
    expect(rec2.truncation).toMatch(/line \d+ is cut off mid-line/);
  });

  const full = (): string => recordFake(SCRIPT);
  const lineOf = (text: string, re: RegExp): number => text.split('\n').findIndex((l) => re.test(l)) + 1;
  const cases: [string, (t: string) => string, RegExp, (t: string) => number][] = [
    ['an empty file', () => '', /the file is empty/, () => 0],
    ['another kind of file', () => '\0asm....', /not a Wasm Arcade recording: line 1 should be 'arcade-recording 1'/, () => 1],
    ['a newer format version', (t) => t.replace('arcade-recording 1', 'arcade-recording 2'), /format version 2 is not supported.*newer arcade/, () => 1],
    ['a missing header field', (t) => t.replace(/^seed: .*\n/m, ''), /header field 'seed' is missing/, (t) => lineOf(t, /^---$/)],
    ['an invalid header field', (t) => t.replace(/^screen: .*$/m, 'screen: wide'), /header field 'screen' should be WIDTHxHEIGHT/, (t) => lineOf(t, /^screen:/)],
    ['an unknown header field', (t) => t.replace('---\n', 'colour: red\n---\n'), /unknown header field 'colour'/, (t) => lineOf(t, /^colour:/)],
    ['a duplicate header field', (t) => t.replace('---\n', 'seed: 8\n---\n'), /header field 'seed' appears twice/, (t) => lineOf(t, /^seed: 8/)],
    ['a bad game hash', (t) => t.replace(/^game-sha256: .*$/m, 'game-sha256: 1234'), /'game-sha256' should be 64 lowercase hex digits/, (t) => lineOf(t, /^game-sha256/)],
    ['a header that never ends', (t) => t.slice(0, t.indexOf('---')), /truncated in the header/, (t) => t.split('\n').length - 1],
    ['frames out of order', (t) => t.replace(/^f 12 /m, 'f 13 '), /frame numbers out of order: expected frame 12 after frame 11 \(line \d+\), found frame 13/, (t) => lineOf(t, /^f 13 /)],
    ['a corrupt draw checksum', (t) => t.replace(/^f 7 d=[0-9a-f]+/m, 'f 7 d=xyz'), /frame 7: draw-list checksum 'xyz' is not a hex hash/, (t) => lineOf(t, /^f 7 /)],
    ['a missing draw checksum', (t) => t.replace(/^f 8 d=[0-9a-f]+/m, 'f 8'), /frame 8: missing draw-list checksum/, (t) => lineOf(t, /^f 8$/)],
    ['a missing memory checkpoint', (t) => t.replace(/^(f 20 d=[0-9a-f]+) m=[0-9a-f]+/m, '$1'), /frame 20: missing memory checksum m=<hash> \(every 10th frame/, (t) => lineOf(t, /^f 20 /)],
    ['an unknown key', (t) => t.replace('f 6 +ArrowRight', 'f 6 +ArrowRite'), /frame 6: unknown key 'ArrowRite'/, (t) => lineOf(t, /^f 6 /)],
    ['garbage on a frame line', (t) => t.replace(/^(f 9 d=[0-9a-f]+)/m, '$1 zz'), /frame 9: unexpected 'zz'/, (t) => lineOf(t, /^f 9 /)],
    ['a garbage line', (t) => t.replace(/^f 9 /m, 'g 9 '), /expected a frame line/, (t) => lineOf(t, /^g 9 /)],
    ['a bad draw-call edit', (t) => t.replace(/^ {2}set 5 rect [0-9.]+ = = = =/m, '  set 5 rect 1 2 3 #ffffffff'), /draw call 'rect' needs 5 arguments, found 4/, (t) => lineOf(t, /^ {2}set 5 rect 1 2 3/)],
    ["a '=' that does not fit", (t) => t.replace(/^ {2}set 5 rect ([0-9.]+) = = = =/m, '  set 5 circle $1 = = ='), /'=' \(same as before\) does not fit the call it replaces, 'rect /, (t) => lineOf(t, /^ {2}set 5 circle/)],
    ['an out-of-range draw-call edit', (t) => t.replace(/^ {2}set 5 rect/m, '  set 50 rect'), /'set 50' is out of range: the draw list has 8 calls/, (t) => lineOf(t, /^ {2}set 50/)],
    ['a wrong trailer count', (t) => t.replace(/^end frames=40/m, 'end frames=41'), /the trailer says 41 frames but the recording has 40/, (t) => lineOf(t, /^end /)],
    ['content after the trailer', (t) => t + 'f 41 d=0123456789abcdef\n', /unexpected content after the 'end' trailer/, (t) => lineOf(t, /^f 41 /)],
    ['limits that are not KEY=N', (t) => t.replace('---\n', 'limits: max-draw-commands\n---\n'), /header field 'limits' should be resource-limit overrides 'KEY=N \.\.\.' .*'max-draw-commands': should be KEY=N/, (t) => lineOf(t, /^limits:/)],
    ['an unknown limit', (t) => t.replace('---\n', 'limits: max-draw-commands=500 max-pixels=3\n---\n'), /header field 'limits' .*'max-pixels=3': unknown limit 'max-pixels'/, (t) => lineOf(t, /^limits:/)],
    ['a limit out of range', (t) => t.replace('---\n', 'limits: max-draw-commands=0\n---\n'), /'max-draw-commands=0': limit max-draw-commands must be a whole number from 1 to 1000000, got 0/, (t) => lineOf(t, /^limits:/)],
    ['a limit given twice', (t) => t.replace('---\n', 'limits: memory_mib=64 memory_mib=32\n---\n'), /'memory_mib=32': memory_mib is given twice/, (t) => lineOf(t, /^limits:/)],
    ['an empty limits field', (t) => t.replace('---\n', 'limits:\n---\n'), /header field 'limits' .*no KEY=N given/, (t) => lineOf(t, /^limits:/)],
    ['a bad checksum name', (t) => t.replace(/^checksum: .*$/m, 'checksum: XX 4'), /header field 'checksum' should be an algorithm name/, (t) => lineOf(t, /^checksum:/)],
    ['a stop in the wrong frame', (t) => t.replace(/^end /m, 'stop 40 kind=trap "x"\nend '), /the stop should be in frame 41, the one after the last frame \(line \d+\), found frame 40/, (t) => lineOf(t, /^stop /)],
    ['a stop of an unknown kind', (t) => t.replace(/^end /m, 'stop 41 +Space kind=oops "x"\nend '), /stop kind should be one of trap, contract, watchdog, load, crash, limit, found 'oops'/, (t) => lineOf(t, /^stop /)],
    ['a stop without a quoted message', (t) => t.replace(/^end /m, 'stop 41 kind=trap boom\nend '), /stop line should be 'stop <frame> \[\+KEY\|-KEY\]\.\.\. kind=<kind> "<message>"'/, (t) => lineOf(t, /^stop /)],
    ['a frame after a stop', (t) => t.replace(/^end /m, 'stop 41 kind=trap "x"\nf 41 d=0123456789abcdef\nend '), /only the 'end' trailer may follow the 'stop' line on line \d+/, (t) => lineOf(t, /^f 41 /)],
  ];
  for (const [what, edit, message, line] of cases) {
    it(`rejects ${what}, naming what and where`, () => {
      const text = edit(full());
      const err = errorOf(() => parseRecording(text, { source: 'test/replays/x.rec' }));
      expect(err.message).toMatch(message);
      expect(err.line).toBe(line(text));
      expect(err.message.startsWith(`test/replays/x.rec${err.line > 0 ? `:${err.line}` : ''}`)).toBe(true);
    });
  }

  it('reads a stop (a recording of a crash) with its input', () => {
    const rec = parseRecording(full().replace(/^end /m, 'stop 41 +Space -ArrowLeft kind=contract "contract breach in frame 41: \\"bad\\" pointer"\nend '));
    expect(rec.stop).toMatchObject({ frame: 41, kind: 'contract', message: 'contract breach in frame 41: "bad" pointer', input: [{ code: 32, down: true }, { code: 37, down: false }] });
    expect(rec.trailer?.frames).toBe(40);
    // a stop without its trailer was cut mid-chunk: truncated, the stop is dropped
    const cut = parseRecording(full().replace(/^end .*\n/m, 'stop 41 kind=trap "x"\n'));
    expect(cut.stop).toBeUndefined();
    expect(cut.truncation).toMatch(/no 'end' trailer/);
  });

  it('names the checksum algorithm, and explains a recording made with another one', () => {
    const rec = parseRecording(full());
    expect(rec.header.checksum).toBe(CHECKSUM);
    expect(full()).toContain(`\nchecksum: ${CHECKSUM}\n`);
    const old = parseRecording(full().replace(/^checksum: .*\n/m, ''));
    expect(old.header.checksum).toBe('fnv1a64');
    const id = { sha256: old.header.gameSha256, size: 8, title: 'Fake', abi: 1, width: 320, height: 240 };
    expect(() => checkGameIdentity(old, id, { source: 'old.rec' })).toThrow(
      /^old\.rec: recording uses checksum fnv1a64; this build writes xx4x32, so its checksums cannot be compared; re-record it or run `arcade replay <game\.wasm> <recording> --update`/,
    );
    expect(checkGameIdentity(old, id, { allowOtherChecksum: true })).toEqual([]);
  });

  it('checks the game identity, with overrides', () => {
    const rec: Recording = parseRecording(full());
    const id = { sha256: rec.header.gameSha256, size: 8, title: 'Fake', abi: 1, width: 320, height: 240 };
    expect(checkGameIdentity(rec, id)).toEqual([]);
    const other = { ...id, sha256: 'ab'.repeat(32), size: 9 };
    expect(() => checkGameIdentity(rec, other, { source: 'r.rec' })).toThrow(/r.rec: recording was made with another build of 'Fake'.*pass --any-build/);
    expect(checkGameIdentity(rec, other, { allowOtherBuild: true })[0]).toMatch(/another build/);
    expect(() => checkGameIdentity(rec, { ...other, title: 'Pong' }, { allowOtherBuild: true })).toThrow(/different game: title 'Fake' vs 'Pong'/);
  });
});

describe('input scripts', () => {
  it('compiles commands to per-frame events', () => {
    const s = parseInputScript('# demo\nwait 2\npress Space\nwait 1\nrelease Space # up\nhold A 3\nrepeat 2 {\n  tap Enter\n  wait 1\n}\nuntil 20\n');
    expect(s.frames).toBe(20);
    expect([...s.input.entries()]).toEqual([
      [3, [{ code: 32, down: true }]],
      [4, [{ code: 32, down: false }, { code: 65, down: true }]],
      [7, [{ code: 65, down: false }, { code: 13, down: true }]],
      [8, [{ code: 13, down: false }]],
      [9, [{ code: 13, down: true }]],
      [10, [{ code: 13, down: false }]],
    ]);
  });
  it('reports bad scripts with line and column', () => {
    const bad: [string, RegExp][] = [
      ['wait 1\njump 3\n', /s:2:1: unknown command 'jump'/],
      ['press Spac\n', /s:1:7: unknown key 'Spac'/],
      ['wait x\n', /s:1:6: 'wait' needs a frame count/],
      ['wait 10\nuntil 5\n', /s:2:7: 'until 5' is in the past/],
      ['repeat 3 {\nwait 1\n', /s:1:1: 'repeat' block has no closing/],
      ['}\n', /s:1:1: '}' without a matching/],
      ['hold A\n', /s:1:6: 'hold' needs a frame count/],
    ];
    for (const [text, re] of bad) expect(() => parseInputScript(text, 's')).toThrow(re);
    expect(() => parseInputScript('repeat 99999 {\nrepeat 99999 {\n}\n}\n', 's')).toThrow(/s:\d:1: the script runs more than 10000000 commands/);
    expect(() => parseInputScript('repeat 9999 {\nwait 9999\n}\n', 's')).toThrow(/runs past 10000000 frames/);
    expect(() => parseInputScript('tap', 's')).toThrow(ScriptError);
  });
});

describe('log notes', () => {
  it('writes the game log as comments after the frame they happened in; readers ignore them', () => {
    const session = new FakeSession(1);
    let out = '';
    const rec = new SessionRecorder(session, recordingHeader(WASM, META, { seed: 1 }), (c) => (out += c), visitDrawList);
    rec.writer.note(0, 'hello from init');
    rec.frame(session.step());
    rec.writer.note(2, 'two\nlines');
    rec.frame(session.step());
    rec.finish();
    expect(out).toMatch(/---\n# init: hello from init\nf 1 /);
    expect(out).toMatch(/\nf 2 [^\n]*\n( {2}[^\n]*\n)*# log: two lines\nend /);
    expect(parseRecording(out).frames.length).toBe(2);
  });
});

describe('fuzzed recordings', () => {
  it('never crash the reader or the replayer: every failure is a located RecordingError', () => {
    const text = recordFake(SCRIPT);
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const alphabet = 'f0123456789abcdef =+-#\n dsetinl"\\.xm';
    let parsed = 0;
    for (let t = 0; t < 1500; t++) {
      let s = text;
      const kind = rnd(4);
      if (kind === 0) s = s.slice(0, rnd(s.length));
      else
        for (let k = 1 + rnd(4); k > 0; k--) {
          const at = rnd(s.length);
          const ch = alphabet[rnd(alphabet.length)];
          s = kind === 1 ? s.slice(0, at) + ch + s.slice(at + 1) : kind === 2 ? s.slice(0, at) + ch + s.slice(at) : s.slice(0, at) + s.slice(at + 1 + rnd(20));
        }
      let rec: Recording;
      try {
        rec = parseRecording(s, { source: 'fuzz.rec' });
      } catch (err) {
        expect(err, `mutation ${t}`).toBeInstanceOf(RecordingError);
        expect((err as RecordingError).message).toMatch(/^fuzz\.rec(:\d+(:\d+)?)?: \S/);
        continue;
      }
      parsed++;
      const r = replayRecording(rec, new FakeSession(rec.header.seed), { decode: visitDrawList, runToEnd: true });
      expect(typeof formatReplayReport(r)).toBe('string');
    }
    expect(parsed).toBeGreaterThan(50);
  });
});
