// Draws one frame's draw list with Pixi. Every shape is a pooled Sprite
// (Texture.WHITE tinted for rects and lines, a circle texture made once for
// circles) and every string a pooled BitmapText: objects are reused and hidden
// between frames, never rebuilt, and no Graphics is redrawn per frame.
// The game's logical screen is scaled into the view with its aspect ratio kept
// (letterboxed) and clipped to its own bounds.
//
// Work per frame is bounded whatever a game draws: at most MAX_SHAPES pooled
// sprites and MAX_GLYPHS laid-out characters (text past the right edge of the
// screen is never laid out); what is left out is counted in `dropped`.
import 'pixi.js/unsafe-eval'; // keeps a strict CSP (no eval) working
import { Application, BitmapFontManager, BitmapText, Container, Graphics, Sprite, Texture, TextureSource } from 'pixi.js';
import { TEXT_ADVANCE } from '../host/abi';
import { visitDrawList } from '../host/drawlist';
import type { DrawListVisitor } from '../host/protocol';

const FONT_NAME = 'ArcadeMono';
/** Size the bitmap font is rasterised at; text is scaled from it. */
const FONT_BASE_SIZE = 48;
const FONT_FAMILY = '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "Courier New", monospace';
const CIRCLE_TEXTURE_SIZE = 256;
/** Colour of the letterbox bars around the game's screen. */
const LETTERBOX = 0x05060a;
/** Most shapes (rects, circles, lines) shown in one frame: the default draw-command limit (abi.ts RESOURCE_LIMITS). */
export const MAX_SHAPES = 100_000;
/** Most characters laid out in one frame (across all its texts). */
export const MAX_GLYPHS = 100_000;

/**
 * Pixi's Canvas 2D renderer tints a texture by drawing a tinted copy of it,
 * cached per colour for good: a game cycling through colours would grow that
 * cache without end (a canvas per colour for the white square, 256 KB per
 * colour for the circle, one per glyph for text). Past a number of distinct
 * colours per kind of object, further new colours are rounded to a small
 * palette (`bits` per channel), which bounds the caches. Ordinary games use a
 * few dozen colours and never get there; WebGL tints on the GPU and is exact.
 */
const CANVAS_TINTS = {
  [0]: { limit: 1024, bits: 3 }, // Shape.Rect, Shape.Line: Texture.WHITE, a 1×1-ish canvas per colour
  [1]: { limit: 64, bits: 2 }, // Shape.Circle: 256×256 canvas per colour
  text: { limit: 64, bits: 2 }, // every glyph texture, per colour
} as const;

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

function circleTexture(): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = CIRCLE_TEXTURE_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  ctx.arc(CIRCLE_TEXTURE_SIZE / 2, CIRCLE_TEXTURE_SIZE / 2, CIRCLE_TEXTURE_SIZE / 2 - 1, 0, Math.PI * 2);
  ctx.fill();
  const source = TextureSource.from(canvas);
  source.autoGenerateMipmaps = true;
  source.scaleMode = 'linear';
  return new Texture({ source });
}

/** What a pooled sprite currently shows, so its anchor/texture change only when needed. */
const enum Shape {
  Rect,
  Circle,
  Line,
}

/** The parts of Pixi's dynamic bitmap font used to keep it monospace. */
interface GlyphFont {
  readonly chars: Record<string, { xAdvance: number }>;
  ensureCharacters?(chars: string): void;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

interface PooledSprite extends Sprite {
  shape?: Shape;
}

export class GameView implements DrawListVisitor {
  /** Which Pixi renderer is in use ('webgl', 'webgpu' or 'canvas'), for the status line. */
  readonly rendererName: string;
  /** Where the game's logical screen is, in CSS pixels relative to the canvas (kept up to date; for tests and DevTools). */
  readonly screen = { x: 0, y: 0, width: 0, height: 0 };
  private readonly screenBox = new Container();
  private readonly background = new Sprite(Texture.WHITE);
  private readonly layer = new Container();
  private readonly clip = new Graphics();
  private readonly circleTex: Texture;
  private readonly sprites: PooledSprite[] = [];
  private readonly texts: BitmapText[] = [];
  private spritesUsed = 0;
  private textsUsed = 0;
  private spritesShown = 0;
  private textsShown = 0;
  private order = 0;
  private glyphs = 0;
  /** Canvas 2D only: bounds on distinct tints (see CANVAS_TINTS). */
  private readonly tints: { [Shape.Rect]: TintBudget; [Shape.Circle]: TintBudget; [Shape.Line]: TintBudget | undefined; text: TintBudget } | undefined;
  /** What the last frame drew past the bounds above and was left out. */
  readonly dropped = { shapes: 0, glyphs: 0 };
  private width = 320;
  private height = 240;
  /** Scales that turn the base-size font into TEXT_ADVANCE-wide cells of em 1, and the line box's half-leading (per unit of size). */
  private readonly textScaleX: number;
  private readonly textScaleY: number;
  private readonly textOffsetY: number;
  private readonly font: GlyphFont;
  /** Advance of every glyph in the font's measurement units. */
  private readonly glyphAdvance: number;
  /** The font's natural advance and line box, per unit of font size (for diagnostics). */
  readonly fontMetrics: { advance: number; lineBox: number };

  private constructor(
    private readonly app: Application,
    private readonly host: HTMLElement,
  ) {
    this.rendererName = app.renderer.name;
    if (this.rendererName === 'canvas') {
      this.tints = {
        [Shape.Rect]: new TintBudget(CANVAS_TINTS[0].limit, CANVAS_TINTS[0].bits),
        [Shape.Circle]: new TintBudget(CANVAS_TINTS[1].limit, CANVAS_TINTS[1].bits),
        [Shape.Line]: undefined,
        text: new TintBudget(CANVAS_TINTS.text.limit, CANVAS_TINTS.text.bits),
      };
      this.tints[Shape.Line] = this.tints[Shape.Rect]; // the same white texture
    }
    this.circleTex = circleTexture();
    const font = BitmapFontManager.install({
      name: FONT_NAME,
      style: { fontFamily: FONT_FAMILY, fontSize: FONT_BASE_SIZE, fill: 0xffffff },
      chars: [[' ', '~'], '©°±·×÷•…←↑→↓■□▲▶▼◀●○★☆♥♦♣♠✓✗'],
      resolution: Math.max(2, Math.ceil(window.devicePixelRatio || 1)),
      padding: 4,
      skipKerning: true,
    });
    // Every glyph gets the advance of 'M', including symbols drawn from a
    // fallback font, so the font is truly monospace (see also monospace()).
    this.font = font as unknown as GlyphFont;
    this.glyphAdvance = this.font.chars['M']?.xAdvance ?? 0;
    for (const glyph of Object.values(this.font.chars)) glyph.xAdvance = this.glyphAdvance;
    // Measure the font's real advance and line box once. Text is drawn with
    // its em equal to `size`, stretched so every character advances exactly
    // TEXT_ADVANCE × size, and centred vertically in a box `size` high.
    const probe = new BitmapText({ text: 'M', style: { fontFamily: FONT_NAME, fontSize: FONT_BASE_SIZE } });
    const one = probe.width;
    const lineBox = probe.height || font.lineHeight || FONT_BASE_SIZE;
    probe.text = 'M'.repeat(21);
    const advance = (probe.width - one) / 20 || font.chars['M']?.xAdvance || FONT_BASE_SIZE * TEXT_ADVANCE;
    probe.destroy();
    this.textScaleX = TEXT_ADVANCE / advance;
    this.textScaleY = 1 / FONT_BASE_SIZE;
    this.textOffsetY = (lineBox - FONT_BASE_SIZE) / 2 / FONT_BASE_SIZE;
    this.fontMetrics = { advance: advance / FONT_BASE_SIZE, lineBox: lineBox / FONT_BASE_SIZE };

    this.background.tint = 0x000000;
    this.layer.sortableChildren = true;
    this.screenBox.addChild(this.background, this.layer, this.clip);
    this.screenBox.mask = this.clip;
    app.stage.addChild(this.screenBox);
    this.setScreen(this.width, this.height);
    app.renderer.on('resize', () => this.layout());
  }

  /** Creates the Pixi application inside `host` (it resizes with the element). */
  static async create(host: HTMLElement, preference: 'webgl' | 'webgpu' | 'canvas' = 'webgl'): Promise<GameView> {
    const app = new Application();
    await app.init({
      resizeTo: host,
      background: LETTERBOX,
      antialias: true,
      autoDensity: true,
      resolution: window.devicePixelRatio || 1,
      preference,
      powerPreference: 'high-performance',
    });
    app.canvas.classList.add('game-canvas');
    host.appendChild(app.canvas);
    const view = new GameView(app, host);
    // The stage changes size with the window and also when the bars around it
    // reflow (a wrapping toolbar, full screen): follow the element itself.
    new ResizeObserver(() => {
      app.resize();
      view.layout();
    }).observe(host);
    // Moving the window to a screen with another pixel density: render at the new one.
    const watchDensity = () => {
      matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
        'change',
        () => {
          app.renderer.resolution = window.devicePixelRatio || 1;
          app.resize();
          view.layout();
          watchDensity();
        },
        { once: true },
      );
    };
    watchDensity();
    return view;
  }

  get canvas(): HTMLCanvasElement {
    return this.app.canvas;
  }

  /** Runs `fn` once per display refresh, before Pixi renders. */
  onTick(fn: () => void): void {
    this.app.ticker.add(fn);
  }

  /** Sets the game's logical screen size (its meta width × height). */
  setScreen(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.background.width = width;
    this.background.height = height;
    this.clip.clear().rect(0, 0, width, height).fill(0xffffff);
    this.layout();
  }

  /** Fits the logical screen into the view, keeping its aspect ratio. */
  layout(): void {
    const viewW = this.host.clientWidth;
    const viewH = this.host.clientHeight;
    if (viewW === 0 || viewH === 0) return;
    let scale = Math.min(viewW / this.width, viewH / this.height);
    // Snap to whole device pixels per logical pixel when that costs at most a
    // few percent of the size, so 1-pixel details stay crisp and even.
    const dpr = window.devicePixelRatio || 1;
    const snapped = Math.floor(scale * dpr) / dpr;
    if (snapped >= 1 && scale - snapped <= 0.05 * scale) scale = snapped;
    this.screenBox.scale.set(scale);
    this.screenBox.position.set(Math.round((viewW - this.width * scale) / 2), Math.round((viewH - this.height * scale) / 2));
    this.screen.x = this.screenBox.x;
    this.screen.y = this.screenBox.y;
    this.screen.width = this.width * scale;
    this.screen.height = this.height * scale;
  }


  /** Blanks the screen (before the first frame of a game). */
  blank(): void {
    this.begin();
    this.background.tint = 0x000000;
    this.background.alpha = 1;
    this.end();
  }

  /** Applies one encoded draw list. Throws DrawListError for a corrupt buffer. */
  apply(drawList: ArrayBuffer): void {
    this.begin();
    try {
      visitDrawList(drawList, this);
    } finally {
      this.end();
    }
  }

  private begin(): void {
    this.spritesUsed = 0;
    this.textsUsed = 0;
    this.order = 0;
    this.glyphs = 0;
    this.dropped.shapes = 0;
    this.dropped.glyphs = 0;
  }

  private end(): void {
    for (let i = this.spritesUsed; i < this.spritesShown; i++) this.sprites[i].visible = false;
    for (let i = this.textsUsed; i < this.textsShown; i++) this.texts[i].visible = false;
    this.spritesShown = this.spritesUsed;
    this.textsShown = this.textsUsed;
  }

  private sprite(shape: Shape, rgba: number): PooledSprite | undefined {
    if (this.spritesUsed >= MAX_SHAPES) {
      this.dropped.shapes++;
      return undefined;
    }
    let s = this.sprites[this.spritesUsed];
    if (!s) {
      s = new Sprite(Texture.WHITE);
      s.roundPixels = false;
      this.sprites.push(s);
      this.layer.addChild(s);
    }
    this.spritesUsed++;
    if (s.shape !== shape) {
      s.shape = shape;
      s.texture = shape === Shape.Circle ? this.circleTex : Texture.WHITE;
      if (shape === Shape.Rect) s.anchor.set(0, 0);
      else if (shape === Shape.Circle) s.anchor.set(0.5, 0.5);
      else s.anchor.set(0, 0.5);
      s.rotation = 0;
    }
    s.visible = true;
    s.tint = this.tints ? this.tints[shape]!.tint(rgba >>> 8) : rgba >>> 8;
    s.alpha = (rgba & 0xff) / 255;
    s.zIndex = this.order++;
    return s;
  }

  /**
   * Characters outside the pre-built set are rasterised on demand (from a
   * fallback font if need be) with their natural width; give them the common
   * advance too, so every character still advances exactly TEXT_ADVANCE × size.
   */
  private monospace(text: string): void {
    this.font.ensureCharacters?.(text);
    for (const ch of text) {
      const glyph = this.font.chars[ch];
      if (glyph && glyph.xAdvance !== this.glyphAdvance) glyph.xAdvance = this.glyphAdvance;
    }
  }

  // --- DrawListVisitor ---

  clear(rgba: number): void {
    // Everything drawn before a clear is discarded (the session's builder
    // already drops it; this keeps any valid draw list right): end() hides
    // from the used counts up to the shown ones, so widen those first.
    this.spritesShown = Math.max(this.spritesShown, this.spritesUsed);
    this.textsShown = Math.max(this.textsShown, this.textsUsed);
    this.spritesUsed = 0;
    this.textsUsed = 0;
    this.order = 0;
    this.glyphs = 0;
    this.dropped.shapes = 0;
    this.dropped.glyphs = 0;
    this.background.tint = rgba >>> 8;
    this.background.alpha = (rgba & 0xff) / 255;
  }

  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    if (!(w > 0 && h > 0) || (rgba & 0xff) === 0) return;
    const s = this.sprite(Shape.Rect, rgba);
    if (!s) return;
    s.position.set(x, y);
    s.setSize(w, h);
  }

  circle(cx: number, cy: number, radius: number, rgba: number): void {
    if (!(radius > 0) || (rgba & 0xff) === 0) return;
    const s = this.sprite(Shape.Circle, rgba);
    if (!s) return;
    s.position.set(cx, cy);
    s.setSize(radius * 2, radius * 2);
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void {
    if (!(thickness > 0) || (rgba & 0xff) === 0) return;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const length = Math.hypot(dx, dy);
    const angle = length > 0 ? Math.atan2(dy, dx) : 0;
    const s = this.sprite(Shape.Line, rgba);
    if (!s) return;
    // Square ends: the segment extends half the thickness past both end points.
    const half = thickness / 2;
    s.position.set(x1 - Math.cos(angle) * half, y1 - Math.sin(angle) * half);
    s.rotation = angle;
    s.setSize(length + thickness, thickness);
  }

  text(text: string, x: number, y: number, size: number, rgba: number): void {
    if (!(size > 0) || text.length === 0 || (rgba & 0xff) === 0) return;
    // Characters from the right edge of the screen on are never seen: not laid out. Then the frame's glyph budget.
    const visible = x >= this.width ? 0 : Math.ceil((this.width - x) / (TEXT_ADVANCE * size));
    if (text.length > visible) text = firstChars(text, visible);
    const room = MAX_GLYPHS - this.glyphs;
    if (text.length > room) {
      const kept = firstChars(text, room);
      this.dropped.glyphs += [...text].length - [...kept].length;
      text = kept;
    }
    if (text.length === 0) return;
    this.glyphs += text.length;
    let t = this.texts[this.textsUsed];
    if (!t) {
      t = new BitmapText({ text, style: { fontFamily: FONT_NAME, fontSize: FONT_BASE_SIZE } });
      this.texts.push(t);
      this.layer.addChild(t);
    }
    this.textsUsed++;
    if (t.text !== text) {
      if (!PRINTABLE_ASCII.test(text)) this.monospace(text);
      t.text = text;
    }
    t.visible = true;
    t.tint = this.tints ? this.tints.text.tint(rgba >>> 8) : rgba >>> 8;
    t.alpha = (rgba & 0xff) / 255;
    t.zIndex = this.order++;
    t.position.set(x, y - size * this.textOffsetY);
    t.scale.set(size * this.textScaleX, size * this.textScaleY);
  }
}

/** The first `n` characters (code points) of `text`. */
function firstChars(text: string, n: number): string {
  if (n <= 0) return '';
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, i);
}
