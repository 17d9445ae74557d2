// The renderer's per-frame bounds (src/renderer/frame-bounds.ts): shapes and
// glyphs past the bounds are left out and counted, text is cut by characters
// (never inside a surrogate pair), and a clear starts the counts again.
import { describe, expect, it } from 'vitest';
import { CanvasTints, firstChars, FRAME_COST_TARGET_MS, FrameBounds, MAX_GLYPHS, MAX_SHAPES, MIN_GLYPHS, MIN_SHAPES } from '../../src/renderer/frame-bounds';

describe('FrameBounds', () => {
  it('admits MAX_SHAPES shapes a frame and counts the rest', () => {
    const b = new FrameBounds();
    let shown = 0;
    for (let i = 0; i < MAX_SHAPES + 7; i++) if (b.shape()) shown++;
    expect(shown).toBe(MAX_SHAPES);
    expect(b.dropped).toEqual({ shapes: 7, glyphs: 0 });
    b.reset();
    expect(b.shape()).toBe(true);
    expect(b.dropped).toEqual({ shapes: 0, glyphs: 0 });
  });

  it('cuts text to what is visible, then to the glyph budget, by characters', () => {
    const b = new FrameBounds();
    expect(b.text('hello world', 5)).toBe('hello');
    expect(b.dropped.glyphs).toBe(0); // invisible characters are not "dropped"
    const long = 'x'.repeat(MAX_GLYPHS);
    expect(b.text(long, Infinity)).toHaveLength(MAX_GLYPHS - 5);
    expect(b.dropped.glyphs).toBe(5);
    expect(b.text('more', Infinity)).toBe('');
    expect(firstChars('a😀b', 2)).toBe('a😀');
  });
});

describe('FrameBounds.adapt: bounded in time too', () => {
  /** One frame of `shapes` shapes and `glyphs` characters, costing the page `ms`; returns what it showed. */
  const frame = (b: FrameBounds, shapes: number, glyphs: number, ms: number) => {
    b.reset();
    let shown = 0;
    for (let i = 0; i < shapes; i++) if (b.shape()) shown++;
    const text = b.text('x'.repeat(glyphs), Infinity);
    b.adapt(ms);
    return { shapes: shown, glyphs: text.length };
  };

  it('shrinks the bounds in proportion when a frame costs more than the target, never below the floors', () => {
    const b = new FrameBounds();
    expect(frame(b, 200_000, 500_000, 4000)).toEqual({ shapes: MAX_SHAPES, glyphs: MAX_GLYPHS });
    // 4 s for 100,000: the next frames get what fits in the target at that speed, but at least the floor
    expect(b.maxShapes).toBe(Math.max(MIN_SHAPES, Math.floor((MAX_SHAPES * FRAME_COST_TARGET_MS) / 4000)));
    expect(b.maxGlyphs).toBe(Math.max(MIN_GLYPHS, Math.floor((MAX_GLYPHS * FRAME_COST_TARGET_MS) / 4000)));
    const next = frame(b, 200_000, 500_000, 2 * FRAME_COST_TARGET_MS);
    expect(next).toEqual({ shapes: MIN_SHAPES, glyphs: MIN_GLYPHS });
    expect(b.dropped).toEqual({ shapes: 200_000 - MIN_SHAPES, glyphs: 500_000 - MIN_GLYPHS });
    expect(b.maxShapes).toBe(MIN_SHAPES);
  });

  it('grows them back while frames are cheap, up to the maxima', () => {
    const b = new FrameBounds();
    frame(b, 200_000, 0, 10_000);
    expect(b.maxShapes).toBe(MIN_SHAPES);
    let frames = 0;
    while (b.maxShapes < MAX_SHAPES && frames < 100) {
      frame(b, 200_000, 0, FRAME_COST_TARGET_MS / 4);
      frames++;
    }
    expect(b.maxShapes).toBe(MAX_SHAPES);
    expect(frames).toBeLessThan(15); // a quarter more a frame: from 10,000 to 100,000 in about ten frames
  });

  it('never touches a game that draws less than the floors, however slow the page', () => {
    const b = new FrameBounds();
    for (let i = 0; i < 5; i++) expect(frame(b, MIN_SHAPES, MIN_GLYPHS, 30_000)).toEqual({ shapes: MIN_SHAPES, glyphs: MIN_GLYPHS });
    expect(b.maxShapes).toBe(MAX_SHAPES);
    expect(b.dropped).toEqual({ shapes: 0, glyphs: 0 });
  });
});

describe('CanvasTints', () => {
  it('keeps colours exact up to the budget, then rounds new ones to a small palette', () => {
    const t = new CanvasTints();
    const seen = new Set<number>();
    for (let c = 0; c < 5000; c++) seen.add(t.circle.tint(c * 2654435761 >>> 8));
    expect(seen.size).toBeLessThanOrEqual(64 + 64); // 64 exact, then at most 4×4×4 palette colours
    expect(t.white.tint(0x123456)).toBe(0x123456);
  });
});
