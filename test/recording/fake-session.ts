// A tiny deterministic "game" in TypeScript with the GameSession surface the
// replayer needs: a paddle moved by arrow keys and a bouncing ball, drawn
// into real draw lists. `variant` changes one constant, like a code change.
import { DrawListBuilder, hashBytes, hashDrawList } from '../../src/host/drawlist';
import { parseInputScript, recordingHeader, SessionRecorder } from '../../src/host/recording';
import type { KeyEvent, ReplaySession } from '../../src/host/recording';
import { visitDrawList } from '../../src/host/drawlist';

export class FakeSession implements ReplaySession {
  frame = 0;
  private queue: KeyEvent[] = [];
  private state = new Float32Array(7); // paddle x, ball x, ball y, vx, vy, score, hidden (not drawn)
  private left = false;
  private right = false;
  private readonly b = new DrawListBuilder();

  constructor(
    readonly seed: number,
    readonly variant = 0,
    /** Throw (like a trap) at this frame. */
    readonly trapAt = -1,
  ) {
    this.state.set([100, 50 + (seed % 100), 40, 90, 60, 0]);
  }

  queueKey(code: number, down: boolean): void {
    this.queue.push({ code, down });
  }

  step(): { frame: number; drawList: ArrayBuffer; hash: string; input: KeyEvent[] } {
    const frame = ++this.frame;
    if (frame === this.trapAt) throw Object.assign(new Error('trap'), { info: { kind: 'trap', message: `unreachable executed in update (frame ${frame})` } });
    const input = this.queue;
    this.queue = [];
    for (const e of input) {
      if (e.code === 37) this.left = e.down;
      if (e.code === 39) this.right = e.down;
    }
    const s = this.state;
    const dt = 1 / 60;
    s[0] += ((this.right ? 1 : 0) - (this.left ? 1 : 0)) * (this.variant === 1 ? 130 : 120) * dt;
    s[1] += s[3] * dt;
    s[2] += s[4] * dt;
    if (s[1] < 0 || s[1] > 320) s[3] = -s[3];
    if (this.variant === 2) s[6] += 1; // a change to state that is never drawn
    if (s[2] < 0 || s[2] > 240) {
      s[4] = -s[4];
      s[5] += 1;
    }
    const b = this.b;
    b.clear(0x000000ff);
    for (let i = 0; i < 4; i++) b.rect(10 + i * 30, 10, 25, 8, 0xff0000ff);
    b.rect(s[0], 220, 40, 8, 0xffffffff);
    b.circle(s[1], s[2], 4, 0xffffffff);
    b.textString(`SCORE ${s[5]}`, 4, 4, 8, 0xffffffff);
    const drawList = b.finish();
    return { frame, drawList, hash: hashDrawList(drawList), input };
  }

  memoryHash(): string {
    return hashBytes(new Uint8Array(this.state.buffer));
  }
}

export const META = { abi: 1, title: 'Fake', width: 320, height: 240 };
export const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** Records `frames` frames of the fake game with input from a script. */
export function recordFake(script: string, options: { seed?: number; variant?: number; memoryEvery?: number; finish?: boolean } = {}): string {
  const s = parseInputScript(script);
  const session = new FakeSession(options.seed ?? 7, options.variant ?? 0);
  let out = '';
  const rec = new SessionRecorder(
    session,
    recordingHeader(WASM, META, { seed: options.seed ?? 7, memoryEvery: options.memoryEvery ?? 10, initMemory: session.memoryHash(), createdBy: 'test' }),
    (c) => (out += c),
    visitDrawList,
  );
  for (let f = 1; f <= s.frames; f++) {
    for (const e of s.input.get(f) ?? []) if ('code' in e) session.queueKey(e.code, e.down);
    rec.frame(session.step());
  }
  if (options.finish !== false) rec.finish();
  return out;
}

