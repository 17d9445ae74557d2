// Bounds on the renderer's work per frame, whatever a game draws (GameView
// uses them; docs/architecture.md, "Renderer notes"):
//
// - at most MAX_SHAPES pooled objects (shapes, images, rings) and MAX_GLYPHS
//   laid-out characters per frame, fewer (down to MIN_SHAPES/MIN_GLYPHS)
//   while frames cost the page more than FRAME_COST_TARGET_MS to apply and
//   render; what is left out is counted, and the status line says so. (The
//   session's own limit on draw commands, 100,000 by default, can be raised
//   to 1,000,000; the renderer stays bounded, in objects and in time.)
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
/**
 * What one frame may cost the page (applying it and Pixi rendering it, ms)
 * before the bounds shrink: a frame that blocks the page longer makes it feel
 * stuck (keys, the library, the watchdog all wait behind it). On a software
 * renderer 100,000 shapes and 100,000 characters took the page 3–8 s a frame
 * on a loaded machine.
 */
export const FRAME_COST_TARGET_MS = 250;
/** The bounds never shrink below these: ordinary games draw far fewer, so time never touches what they show. */
export const MIN_SHAPES = 10_000;
export const MIN_GLYPHS = 10_000;

export class FrameBounds {
  private shapes = 0;
  private glyphs = 0;
  /** The bounds in force: MAX_SHAPES/MAX_GLYPHS, lowered (down to MIN_*) while frames cost the page too much time (adapt). */
  maxShapes = MAX_SHAPES;
  maxGlyphs = MAX_GLYPHS;
  /** What the last frame drew past the bounds and was left out. */
  readonly dropped = { shapes: 0, glyphs: 0 };
  /** What the last frame showed (for adapt). */
  private shownShapes = 0;
  private shownGlyphs = 0;

  /** A new frame (or a clear: what came before it is not shown). */
  reset(): void {
    this.shownShapes = Math.max(this.shownShapes, this.shapes);
    this.shownGlyphs = Math.max(this.shownGlyphs, this.glyphs);
    this.shapes = 0;
    this.glyphs = 0;
    this.dropped.shapes = 0;
    this.dropped.glyphs = 0;
  }

  /** Whether one more shape may be shown (counted if so, dropped if not). */
  shape(): boolean {
    if (this.shapes >= this.maxShapes) {
      this.dropped.shapes++;
      return false;
    }
    this.shapes++;
    return true;
  }

  /** `text` cut to what is visible (`visible` characters from its start) and to the frame's glyph budget. */
  text(text: string, visible: number): string {
    if (text.length > visible) text = firstChars(text, visible);
    const room = this.maxGlyphs - this.glyphs;
    if (text.length > room) {
      const kept = firstChars(text, room);
      this.dropped.glyphs += [...text].length - [...kept].length;
      text = kept;
    }
    this.glyphs += text.length;
    return text;
  }

  /**
   * What the frame just shown cost the page (ms, applying and rendering it):
   * over FRAME_COST_TARGET_MS the bounds shrink in proportion (what was shown,
   * scaled to the target), never below MIN_*; under half of it they grow back
   * by a quarter a frame up to MAX_*. So the page answers every few hundred
   * ms whatever a game draws and however slow its renderer, while a game
   * drawing less than MIN_* never loses anything.
   */
  adapt(costMs: number): void {
    // the most shown between two clears since the last call (begin() resets for each frame)
    const shapes = Math.max(this.shownShapes, this.shapes);
    const glyphs = Math.max(this.shownGlyphs, this.glyphs);
    this.shownShapes = 0;
    this.shownGlyphs = 0;
    this.shapes = 0;
    this.glyphs = 0;
    if (!(costMs >= 0)) return;
    if (costMs > FRAME_COST_TARGET_MS) {
      const k = FRAME_COST_TARGET_MS / costMs;
      if (shapes > MIN_SHAPES) this.maxShapes = Math.max(MIN_SHAPES, Math.min(this.maxShapes, Math.floor(shapes * k)));
      if (glyphs > MIN_GLYPHS) this.maxGlyphs = Math.max(MIN_GLYPHS, Math.min(this.maxGlyphs, Math.floor(glyphs * k)));
    } else if (costMs < FRAME_COST_TARGET_MS / 2) {
      this.maxShapes = Math.min(MAX_SHAPES, Math.ceil(this.maxShapes * 1.25));
      this.maxGlyphs = Math.min(MAX_GLYPHS, Math.ceil(this.maxGlyphs * 1.25));
    }
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
