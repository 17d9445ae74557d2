// A tiny deterministic "game" in TypeScript with the GameSession surface the
// replayer needs: a paddle moved by arrow keys and a bouncing ball, drawn
// into real draw lists. `variant` changes one constant, like a code change.
import { DrawListBuilder, hashBytes, hashDrawList } from '../../src/host/drawlist';
import type { KeyEvent, ReplaySession } from '../../src/host/recording';

export class FakeSession implements ReplaySession {
  frame = 0;
  private queue: KeyEvent[] = [];
  private state = new Float32Array(6); // paddle x, ball x, ball y, vx, vy, score
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
