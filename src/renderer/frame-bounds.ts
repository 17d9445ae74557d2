// Bounds on the renderer's work per frame, whatever a game draws (GameView
// uses them; docs/architecture.md, "Renderer notes"):
//
// - at most MAX_SHAPES pooled objects (shapes, images, rings) and MAX_GLYPHS
//   laid-out characters per frame; what is left out is counted, and the
//   status line says so. (The session's own limit on draw commands, 100,000
//   by default, can be raised to 1,000,000; the renderer stays bounded.)
// - Pixi's Canvas 2D renderer tints a texture by drawing a tinted copy of it,
//   cached per colour for good: a game cycling through colours would grow that
//   cache without end (a canvas per colour for the white square, 256 KB per
//   colour for the circle, one per glyph for text). Past a number of distinct
//   colours per texture, further new colours are rounded to a small palette,
//   which bounds the caches. Ordinary games use a few dozen colours and never
//   get there; WebGL tints on the GPU and is exact.

/** Most shapes (rects, circles, lines, triangles, images, rings) shown in one frame. */
export const MAX_SHAPES = 100_000;
/** Most characters laid out in one frame (across all its texts). */
export const MAX_GLYPHS = 100_000;

export class FrameBounds {
  private shapes = 0;
  private glyphs = 0;
  /** What the last frame drew past the bounds and was left out. */
  readonly dropped = { shapes: 0, glyphs: 0 };

  /** A new frame (or a clear: what came before it is not shown). */
  reset(): void {
    this.shapes = 0;
    this.glyphs = 0;
    this.dropped.shapes = 0;
    this.dropped.glyphs = 0;
  }

  /** Whether one more shape may be shown (counted if so, dropped if not). */
  shape(): boolean {
    if (this.shapes >= MAX_SHAPES) {
      this.dropped.shapes++;
      return false;
    }
    this.shapes++;
    return true;
  }

  /** `text` cut to what is visible (`visible` characters from its start) and to the frame's glyph budget. */
  text(text: string, visible: number): string {
    if (text.length > visible) text = firstChars(text, visible);
    const room = MAX_GLYPHS - this.glyphs;
    if (text.length > room) {
      const kept = firstChars(text, room);
      this.dropped.glyphs += [...text].length - [...kept].length;
      text = kept;
    }
    this.glyphs += text.length;
    return text;
  }
}

/** The first `n` characters (code points) of `text`. */
export function firstChars(text: string, n: number): string {
  if (n <= 0) return '';
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, i);
}

/** Distinct tints of one texture before new colours round to `bits` bits per channel. */
class TintBudget {
  private readonly seen = new Set<number>();
  constructor(
    private readonly limit: number,
    private readonly bits: number,
  ) {}

  /** `rgb` itself while the budget lasts (or once seen), else rounded to the palette. */
  tint(rgb: number): number {
    if (this.seen.has(rgb)) return rgb;
    if (this.seen.size < this.limit) {
      this.seen.add(rgb);
      return rgb;
    }
    const keep = (0xff << (8 - this.bits)) & 0xff;
    const q = rgb & ((keep << 16) | (keep << 8) | keep);
    this.seen.add(q);
    return q;
  }
}

/** Canvas 2D tint budgets per texture: the white square (rects, lines), the circle and triangle textures (256×256 each), glyphs. */
export class CanvasTints {
  readonly white = new TintBudget(1024, 3);
  readonly circle = new TintBudget(64, 2);
  readonly triangle = new TintBudget(64, 2);
  readonly text = new TintBudget(64, 2);
}
