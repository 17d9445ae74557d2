// Helpers shared by the host tests.
import { expect } from 'vitest';
import { hashBytes, visitDrawList } from '../../src/host/drawlist';
import type { DrawListVisitor, StopInfo } from '../../src/host/protocol';
import { SessionStopped, type GameSession } from '../../src/host/session';

export type Cmd = (string | number)[];

/** A draw list as plain commands, e.g. ['rect', x, y, w, h, rgba]. */
export function drawCommands(buffer: ArrayBuffer): Cmd[] {
  const out: Cmd[] = [];
  const v: DrawListVisitor = {
    clear: (rgba) => out.push(['clear', rgba]),
    rect: (x, y, w, h, rgba) => out.push(['rect', x, y, w, h, rgba]),
    circle: (cx, cy, r, rgba) => out.push(['circle', cx, cy, r, rgba]),
    line: (x1, y1, x2, y2, t, rgba) => out.push(['line', x1, y1, x2, y2, t, rgba]),
    text: (s, x, y, size, rgba) => out.push(['text', s, x, y, size, rgba]),
    framebuffer: (pixels, width, height, x, y, w, h, palette) => out.push(['framebuffer', width, height, x, y, w, h, ...palette, hashBytes(pixels)]),
    triangle: (x1, y1, x2, y2, x3, y3, rgba) => out.push(['triangle', x1, y1, x2, y2, x3, y3, rgba]),
    tone: (t) => out.push(['tone', t.channel, t.wave, t.pan, t.freqStart, t.freqEnd, t.attack, t.decay, t.sustain, t.release, t.peak, t.volume]),
  };
  visitDrawList(buffer, v);
  return out;
}

/**
 * Steps until the session stops (at most `limit` frames) and returns why.
 * The stop must be a SessionStopped, and the session must refuse to go on.
 */
export function stepUntilStopped(session: GameSession, limit = 10): StopInfo {
  for (let i = 0; i < limit; i++) {
    try {
      session.step();
    } catch (e) {
      expect(e).toBeInstanceOf(SessionStopped);
      expect(() => session.step()).toThrow(SessionStopped);
      return (e as SessionStopped).info;
    }
  }
  throw new Error(`the game did not stop within ${limit} frames`);
}
