// The renderer's per-frame bounds (src/renderer/frame-bounds.ts): shapes and
// glyphs past the bounds are left out and counted, text is cut by characters
// (never inside a surrogate pair), and a clear starts the counts again.
import { describe, expect, it } from 'vitest';
import { CanvasTints, firstChars, FrameBounds, MAX_GLYPHS, MAX_SHAPES } from '../../src/renderer/frame-bounds';

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

describe('CanvasTints', () => {
  it('keeps colours exact up to the budget, then rounds new ones to a small palette', () => {
    const t = new CanvasTints();
    const seen = new Set<number>();
    for (let c = 0; c < 5000; c++) seen.add(t.circle.tint(c * 2654435761 >>> 8));
    expect(seen.size).toBeLessThanOrEqual(64 + 64); // 64 exact, then at most 4×4×4 palette colours
    expect(t.white.tint(0x123456)).toBe(0x123456);
  });
});
