// Recordings of ABI v2 games: pointer and gamepad events and the initial save
// are recorded, and a recording replays identically on the interpreter and
// the JIT; a changed sprite or sound is a changed frame.
import { describe, expect, it } from 'vitest';
import { visitDrawList } from '../../src/host/drawlist';
import { parseInputScript, parseRecording, recordingHeader, replayRecording, SessionRecorder } from '../../src/host/recording';
import { GameSession } from '../../src/host/session';
import type { EngineName } from '../../src/host/protocol';
import { compileWat, FIXTURES } from '../fixtures/compile';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = readFileSync(join(FIXTURES, 'v2game.wat'), 'utf8');
const GAME = compileWat(SOURCE);
const SCRIPT = `
wait 5
pointer 100 50
click 0
wait 3
pad 0 on
pad-button 0 0 1
pad-axis 0 0 -0.5
wait 2
pad-button 0 0 0
wheel 0 3
pad 0 off
wait 40
`;
const SAVE = new Uint8Array([2, 0, 0, 0]);

async function record(engine: EngineName, wasm = GAME): Promise<string> {
  const script = parseInputScript(SCRIPT, 'v2.script');
  const session = await GameSession.create(wasm, { seed: 9, engine, saveData: SAVE });
  let out = '';
  const header = recordingHeader(wasm, session.meta, { seed: 9, engine, memoryEvery: 20, initMemory: session.memoryHash(), save: session.initialSave });
  const rec = new SessionRecorder(session, header, (c) => (out += c), visitDrawList);
  for (let f = 1; f <= script.frames; f++) {
    for (const e of script.input.get(f) ?? []) session.queueInput(e);
    rec.frame(session.step());
  }
  rec.finish();
  return out;
}

async function replay(text: string, engine: EngineName, wasm = GAME) {
  const rec = parseRecording(text, { source: 'v2.rec' });
  const session = await GameSession.create(wasm, { seed: rec.header.seed, engine, saveData: rec.header.save });
  return replayRecording(rec, session, { decode: visitDrawList });
}

describe('recordings of ABI v2 games', () => {
  it('store device input as frame tokens and the initial save in the header', async () => {
    const text = await record('interp');
    expect(text).toMatch(/^save: AgAAAA==$/m);
    expect(text).toMatch(/^f 6 ptr:100,50 \+ptr:0 d=/m);
    expect(text).toMatch(/^f 7 -ptr:0 d=/m);
    // the game has no gamepad_connected, but the connection is recorded (a replay needs it) and releases come first
    expect(text).toMatch(/^f 10 pad0:on pad0:b0=1 pad0:a0=-0.5 d=/m);
    expect(text).toMatch(/^f 12 pad0:b0=0 pad0:a0=0 pad0:off d=/m);
    expect(text).toMatch(/^ {2}ins 0 image-create 1 8 8 [0-9a-f]{16}$/m);
    expect(text).toMatch(/^ {2}ins 0 save 4 [0-9a-f]{16}$/m);
    expect(text).toMatch(/note 0 0 440 660 0.1 0.3 0 0.01 0.05 0.5 0.1 0.25/);
    const rec = parseRecording(text);
    expect(rec.header.save).toEqual(SAVE);
    expect(rec.frames[5].input).toEqual([
      { kind: 'pointer-move', x: 100, y: 50 },
      { kind: 'pointer-down', button: 0 },
    ]);
  });

  it.each(['interp', 'jit'] as const)('replay identically on the %s', async (engine) => {
    const text = await record(engine === 'jit' ? 'interp' : 'jit');
    const r = await replay(text, engine);
    expect(r.ok).toBe(true);
    expect(r.framesRun).toBe(r.totalFrames);
    // both engines wrote the very same file (apart from the engine line)
    expect(text.replace(/^engine: .*$/m, '')).toBe((await record(engine)).replace(/^engine: .*$/m, ''));
  });

  it('catches a changed sprite pixel, a changed sound and a different initial save', async () => {
    const text = await record('interp');
    const sprite = compileWat(SOURCE.replace('"\\55\\ff\\55\\ff\\55\\ff', '"\\55\\fe\\55\\ff\\55\\ff'));
    const r1 = await replay(text, 'interp', sprite);
    expect(r1.ok).toBe(false);
    expect(r1.draw?.frame).toBe(1);
    expect(r1.draw?.calls[0]).toMatchObject({ index: 0 });
    const sound = compileWat(SOURCE.replace('(f32.const 440) (f32.const 660)', '(f32.const 440) (f32.const 670)'));
    const r2 = await replay(text, 'interp', sound);
    expect(r2.draw?.frame).toBe(30);
    expect(r2.draw?.calls[0].actual).toMatch(/^note 0 0 440 670 /);
    const other = text.replace('save: AgAAAA==', 'save: BQAAAA==');
    const r3 = await replay(other, 'interp');
    expect(r3.ok).toBe(false);
  });

  it('refuses a recording whose save is not base64 or too big, naming the header line', () => {
    const text = 'arcade-recording 1\ntitle: T\ngame-sha256: ' + '0'.repeat(64) + '\ngame-size: 1\nabi: 2\nseed: 1\ndt: 1/60\nscreen: 64x64\nmemory-every: 10\ndraws: none\nsave: ###\n---\n';
    expect(() => parseRecording(text, { source: 'x.rec' })).toThrow("x.rec:11:7: header field 'save' should be the save data in base64, found '###'");
  });
});
