// Draws one frame's draw list with Pixi. Each run of consecutive rects and
// lines is ONE batched object (src/renderer/batch.ts: a solid-colour Mesh in
// WebGL, fillRect in Canvas; WebGPU keeps a tinted Sprite each); every other
// shape is a pooled Sprite (a circle texture made once for circles) and every
// string a pooled BitmapText (glyphs from one atlas): objects are reused and
// hidden between frames, never rebuilt, and no Graphics is redrawn per frame.
// The game's logical screen is scaled into the view with its aspect ratio kept
// (letterboxed) and clipped to its own bounds by letterbox bars drawn over
// anything outside it (no stencil mask); an opaque clear colour is the
// renderer's own clear colour (no full-screen quad). A framebuffer command (an
// indexed image, e.g. WASM-4's screen) is a pooled Sprite over a canvas
// texture, expanded through its palette and scaled nearest-neighbour so every
// game pixel stays a sharp square. Tone commands draw nothing.
//
// ABI v2: an image gets one texture, made when its image-create event
// arrives (applyEvents, for every frame, even one that is never drawn), and
// each draw_image is a pooled Sprite on a sub-texture cached per source
// rectangle, so a frame of thousands of sprites from one sheet allocates
// nothing and batches as one draw in WebGL. The current transform is applied
// to every object by composing it into the object's own matrix. Polygons are
// fans of pooled triangle sprites; circle outlines are pooled Graphics.
//
// Work per frame is bounded whatever a game draws (src/renderer/frame-bounds.ts).
import 'pixi.js/unsafe-eval'; // keeps a strict CSP (no eval) working
import { Application, BitmapFontManager, BitmapText, Container, Graphics, Matrix, Rectangle, Sprite, Texture, TextureSource, UPDATE_PRIORITY } from 'pixi.js';
import { TEXT_ADVANCE } from '../host/abi';
import { visitDrawList } from '../host/drawlist';
import type { Tone } from '../host/drawlist';
import type { DrawListVisitor } from '../host/protocol';
import { CanvasTints, FrameBounds } from './frame-bounds';
import { quadBatchFactory, storeQuad, type QuadBatch } from './batch';

const FONT_NAME = 'ArcadeMono';
/** Size the bitmap font is rasterised at; text is scaled from it. */
const FONT_BASE_SIZE = 48;
const FONT_FAMILY = '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "Courier New", monospace';
const CIRCLE_TEXTURE_SIZE = 256;
/** Colour of the letterbox bars around the game's screen. */
const LETTERBOX = 0x05060a;

/** A white shape painted once on a square canvas (N = CIRCLE_TEXTURE_SIZE) as a texture. */
function shapeTexture(paint: (ctx: CanvasRenderingContext2D, n: number) => void, mipmaps: boolean): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = CIRCLE_TEXTURE_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  paint(ctx, CIRCLE_TEXTURE_SIZE);
  ctx.fill();
  const source = TextureSource.from(canvas);
  source.autoGenerateMipmaps = mipmaps;
  source.scaleMode = 'linear';
  return new Texture({ source });
}

const circleTexture = () => shapeTexture((ctx, n) => ctx.arc(n / 2, n / 2, n / 2 - 1, 0, Math.PI * 2), true);

/** The right triangle (0,0), (N,0), (0,N): any triangle is an affine image of it. */
const triangleTexture = () =>
  shapeTexture((ctx, n) => {
    ctx.moveTo(0, 0);
    ctx.lineTo(n, 0);
    ctx.lineTo(0, n);
    ctx.closePath();
  }, false);

/** What a pooled sprite currently shows, so its anchor/texture change only when needed. */
const enum Shape {
  Rect,
  Circle,
  Line,
  Triangle,
}

/** The parts of Pixi's dynamic bitmap font used to keep it monospace. */
interface GlyphFont {
  readonly chars: Record<string, { xAdvance: number }>;
  ensureCharacters?(chars: string): void;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Runs of rects and lines shorter than this stay sprites (Pixi batches them
 * with the sprites and text around them); a run this long becomes one batch
 * (src/renderer/batch.ts). A scene that alternates rects with sprites thus
 * never costs a draw call per rect.
 */
const MIN_BATCH_RUN = 16;

interface PooledSprite extends Sprite {
  shape?: Shape;
  /** The last frame set its matrix (rotation/skew) through a transform: reset before reuse. */
  transformed?: boolean;
}

/** One image (ABI v2): its texture source and a sub-texture per source rectangle and flip drawn from it. */
interface GameImage {
  readonly source: TextureSource;
  readonly frames: Map<string, Texture>;
}

const enum ImageFlag {
  FlipX = 1,
  FlipY = 2,
}

/** A framebuffer's sprite and the canvas its texture is painted from. */
interface PooledImage {
  readonly sprite: Sprite;
  readonly ctx: CanvasRenderingContext2D;
  readonly image: ImageData;
  readonly source: TextureSource;
}

export class GameView implements DrawListVisitor {
  /** Which Pixi renderer is in use ('webgl', 'webgpu' or 'canvas'), for the status line. */
  readonly rendererName: string;
  /** Where the game's logical screen is, in CSS pixels relative to the canvas (kept up to date; for tests and DevTools). */
  readonly screen = { x: 0, y: 0, width: 0, height: 0 };
  /** What the last frame drew as batches (src/renderer/batch.ts): runs and the quads in them (kept up to date; for tests). */
  readonly drawn = { batches: 0, quads: 0 };
  private readonly screenBox = new Container();
  private readonly background = new Sprite(Texture.WHITE);
  private readonly layer = new Container();
  /** The letterbox bars (top, bottom, left, right), drawn over the game's screen box. */
  private readonly bars = [0, 1, 2, 3].map(() => new Sprite(Texture.WHITE));
  /** The colour the renderer clears to: the game's (opaque) clear colour. */
  private clearColor = -1;
  private readonly circleTex: Texture;
  private readonly triangleTex: Texture;
  private readonly matrix = new Matrix();
  /** ABI v2: the current transform, and whether it is the identity. */
  private readonly xf = new Matrix();
  private xfIdentity = true;
  private readonly gameImages = new Map<number, GameImage>();
  private readonly imageSprites: PooledSprite[] = [];
  private imageSpritesUsed = 0;
  private imageSpritesShown = 0;
  /** Runs of consecutive rects and lines, each one batched object (src/renderer/batch.ts); null: one sprite each (WebGPU). */
  private readonly newBatch: (() => QuadBatch) | null;
  private readonly batches: QuadBatch[] = [];
  private batchesUsed = 0;
  private batchesShown = 0;
  /** The batch the current run of quads goes into (null: the next quad starts a run). */
  private openBatch: QuadBatch | null = null;
  /** The current run of rects and lines drawn as sprites so far: its first quads (8 corners + rgba each), length, first draw order, first sprite. */
  private readonly run = new Float64Array(MIN_BATCH_RUN * 9);
  private runLength = 0;
  private runOrder = 0;
  private runSprites = 0;
  private readonly rings: Graphics[] = [];
  private ringsUsed = 0;
  private ringsShown = 0;
  /** ABI v2 `scaling`: nearest-neighbour (pixel) or linear (smooth) images. */
  private scaling: 'pixel' | 'smooth' = 'pixel';
  private integerScale = false;
  private readonly sprites: PooledSprite[] = [];
  private readonly texts: BitmapText[] = [];
  private readonly images: PooledImage[] = [];
  private imagesUsed = 0;
  private imagesShown = 0;
  private spritesUsed = 0;
  private textsUsed = 0;
  private spritesShown = 0;
  private textsShown = 0;
  private order = 0;
  /** Per-frame work bounds (src/renderer/frame-bounds.ts); `dropped` says what the last frame left out. */
  private readonly bounds = new FrameBounds();
  /** When the frame being shown was applied (until Pixi has rendered it): its cost to the page bounds the next frames. */
  private appliedAt: number | undefined;
  readonly dropped = this.bounds.dropped;
  /** Canvas 2D only: bounds on distinct tints. */
  private readonly tints: CanvasTints | undefined;
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
    if (this.rendererName === 'canvas') this.tints = new CanvasTints();
    this.newBatch = quadBatchFactory(app.renderer);
    this.circleTex = circleTexture();
    this.triangleTex = triangleTexture();
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

    this.paintBackground(0x000000ff);
    this.layer.sortableChildren = true;
    this.screenBox.addChild(this.background, this.layer);
    for (const bar of this.bars) bar.tint = LETTERBOX;
    app.stage.addChild(this.screenBox, ...this.bars);
    this.setScreen(this.width, this.height);
    app.renderer.on('resize', () => this.layout());
    // After Pixi has rendered (its render runs at LOW priority): what applying and rendering the frame cost the page.
    app.ticker.add(
      () => {
        if (this.appliedAt === undefined) return;
        this.bounds.adapt(performance.now() - this.appliedAt);
        this.appliedAt = undefined;
      },
      undefined,
      UPDATE_PRIORITY.UTILITY,
    );
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

  /** Renders now, and stops Pixi's own per-refresh rendering (for bench/renderer, which times each frame). */
  renderNow(): void {
    this.app.ticker.stop();
    this.app.renderer.render(this.app.stage);
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
    if (this.integerScale && scale >= 1) scale = Math.floor(scale);
    else if (snapped >= 1 && scale - snapped <= 0.05 * scale) scale = snapped;
    this.screenBox.scale.set(scale);
    this.screenBox.position.set(Math.round((viewW - this.width * scale) / 2), Math.round((viewH - this.height * scale) / 2));
    this.screen.x = this.screenBox.x;
    this.screen.y = this.screenBox.y;
    this.screen.width = this.width * scale;
    this.screen.height = this.height * scale;
    const { x, y, width: w, height: h } = this.screen;
    this.bar(0, 0, 0, viewW, y);
    this.bar(1, 0, y + h, viewW, viewH - y - h);
    this.bar(2, 0, y, x, h);
    this.bar(3, x + w, y, viewW - x - w, h);
  }

  private bar(i: number, x: number, y: number, w: number, h: number): void {
    const bar = this.bars[i];
    bar.visible = w > 0 && h > 0;
    bar.position.set(x, y);
    bar.setSize(Math.max(w, 0), Math.max(h, 0));
  }

  /**
   * The game's clear colour: an opaque one is what the renderer clears to
   * (no full-screen quad); a translucent one is a sprite over the letterbox
   * colour, as before.
   */
  private paintBackground(rgba: number): void {
    const opaque = (rgba & 0xff) === 0xff;
    const clearColor = opaque ? rgba >>> 8 : LETTERBOX;
    if (clearColor !== this.clearColor) {
      this.clearColor = clearColor;
      this.app.renderer.background.color = clearColor;
    }
    this.background.visible = !opaque;
    this.background.tint = rgba >>> 8;
    this.background.alpha = (rgba & 0xff) / 255;
  }


  /** The game's screen as it is now, at `scale` canvas pixels per logical pixel (the library's thumbnails). */
  snapshot(scale: number): HTMLCanvasElement {
    const frame = new Rectangle(0, 0, this.width, this.height);
    return this.app.renderer.extract.canvas({ target: this.screenBox, frame, resolution: scale, clearColor: '#000000' }) as HTMLCanvasElement;
  }

  /** The game's logical screen size. */
  get logicalSize(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** Blanks the screen (before the first frame of a game). */
  blank(): void {
    this.begin();
    this.paintBackground(0x000000ff);
    this.end();
  }

  /** Applies one encoded draw list. Throws DrawListError for a corrupt buffer. */
  apply(drawList: ArrayBuffer): void {
    this.appliedAt ??= performance.now();
    this.begin();
    try {
      visitDrawList(drawList, this);
    } finally {
      this.end();
    }
  }

  private begin(): void {
    this.bounds.reset();
    this.spritesUsed = 0;
    this.textsUsed = 0;
    this.imagesUsed = 0;
    this.imageSpritesUsed = 0;
    this.ringsUsed = 0;
    this.batchesUsed = 0;
    this.openBatch = null;
    this.runLength = 0;
    this.order = 0;
    this.xf.identity();
    this.xfIdentity = true;
  }

  private end(): void {
    for (let i = this.spritesUsed; i < this.spritesShown; i++) this.sprites[i].visible = false;
    for (let i = this.textsUsed; i < this.textsShown; i++) this.texts[i].visible = false;
    for (let i = this.imagesUsed; i < this.imagesShown; i++) this.images[i].sprite.visible = false;
    for (let i = this.imageSpritesUsed; i < this.imageSpritesShown; i++) this.imageSprites[i].visible = false;
    for (let i = this.ringsUsed; i < this.ringsShown; i++) this.rings[i].visible = false;
    let quads = 0;
    for (let i = 0; i < this.batchesUsed; i++) {
      this.batches[i].end();
      quads += this.batches[i].count;
    }
    this.drawn.batches = this.batchesUsed;
    this.drawn.quads = quads;
    for (let i = this.batchesUsed; i < this.batchesShown; i++) this.batches[i].view.visible = false;
    this.batchesShown = this.batchesUsed;
    this.imageSpritesShown = this.imageSpritesUsed;
    this.ringsShown = this.ringsUsed;
    this.spritesShown = this.spritesUsed;
    this.textsShown = this.textsUsed;
    this.imagesShown = this.imagesUsed;
  }

  /** The next pooled image of this size (made, or remade when the size changes). */
  private pooledImage(width: number, height: number): PooledImage {
    let img = this.images[this.imagesUsed];
    if (!img || img.image.width !== width || img.image.height !== height) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('2D canvas is not available');
      const source = TextureSource.from(canvas);
      source.scaleMode = 'nearest';
      const sprite = img?.sprite ?? new Sprite();
      img?.source.destroy();
      sprite.texture = new Texture({ source });
      sprite.roundPixels = false;
      if (!img) this.layer.addChild(sprite);
      img = { sprite, ctx, image: ctx.createImageData(width, height), source };
      this.images[this.imagesUsed] = img;
    }
    this.imagesUsed++;
    return img;
  }

  private sprite(shape: Shape, rgba: number): PooledSprite {
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
      s.texture = shape === Shape.Circle ? this.circleTex : shape === Shape.Triangle ? this.triangleTex : Texture.WHITE;
      s.skew.set(0, 0);
      if (shape === Shape.Rect || shape === Shape.Triangle) s.anchor.set(0, 0);
      else if (shape === Shape.Circle) s.anchor.set(0.5, 0.5);
      else s.anchor.set(0, 0.5);
      s.rotation = 0;
    }
    if (s.transformed) {
      s.transformed = false;
      s.rotation = 0;
      s.skew.set(0, 0);
    }
    s.visible = true;
    const t = this.tints;
    s.tint = t ? (shape === Shape.Circle ? t.circle : shape === Shape.Triangle ? t.triangle : t.white).tint(rgba >>> 8) : rgba >>> 8;
    s.alpha = (rgba & 0xff) / 255;
    s.zIndex = this.order++;
    return s;
  }

  /** Composes the current transform (ABI v2) into an object placed in logical coordinates. */
  private place(obj: Container & { transformed?: boolean }): void {
    if (this.xfIdentity) return;
    obj.updateLocalTransform();
    obj.setFromMatrix(this.matrix.copyFrom(obj.localTransform).prepend(this.xf));
    obj.transformed = true;
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
    this.imagesShown = Math.max(this.imagesShown, this.imagesUsed);
    this.imageSpritesShown = Math.max(this.imageSpritesShown, this.imageSpritesUsed);
    this.ringsShown = Math.max(this.ringsShown, this.ringsUsed);
    this.batchesShown = Math.max(this.batchesShown, this.batchesUsed);
    this.batchesUsed = 0;
    this.openBatch = null;
    this.runLength = 0;
    this.spritesUsed = 0;
    this.textsUsed = 0;
    this.imagesUsed = 0;
    this.imageSpritesUsed = 0;
    this.ringsUsed = 0;
    this.order = 0;
    this.bounds.reset();
    this.paintBackground(rgba);
  }

  /**
   * The batch for the next quad: the open one while nothing else has been
   * drawn since its last quad (it holds the latest draw order), else the next
   * pooled one, which takes the next place in the draw order.
   */
  private batch(): QuadBatch {
    let b = this.openBatch;
    if (b && b.view.zIndex === this.order - 1) return b;
    b = this.batches[this.batchesUsed];
    if (!b) {
      b = this.newBatch!();
      this.batches.push(b);
      this.layer.addChild(b.view);
    }
    this.batchesUsed++;
    b.begin();
    b.view.visible = true;
    b.view.zIndex = this.order++;
    this.openBatch = b;
    return b;
  }

  /**
   * Takes a rect or line as the quad with these corners (logical coordinates,
   * before the current transform) into a batch, or returns false: then the
   * caller draws it as a sprite. The quad goes into the open batch if nothing
   * else was drawn since its last quad; otherwise it joins the run of quads
   * just drawn as sprites, and when that run reaches MIN_BATCH_RUN its sprites
   * go back to the pool and one batch takes their place in the draw order.
   */
  private quad(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): boolean {
    if (!this.newBatch) return false;
    if (!this.xfIdentity) {
      const { a, b, c, d, tx, ty } = this.xf;
      let x = x0;
      x0 = a * x + c * y0 + tx;
      y0 = b * x + d * y0 + ty;
      x = x1;
      x1 = a * x + c * y1 + tx;
      y1 = b * x + d * y1 + ty;
      x = x2;
      x2 = a * x + c * y2 + tx;
      y2 = b * x + d * y2 + ty;
      x = x3;
      x3 = a * x + c * y3 + tx;
      y3 = b * x + d * y3 + ty;
    }
    const open = this.openBatch;
    if (open && open.view.zIndex === this.order - 1) {
      open.quad(x0, y0, x1, y1, x2, y2, x3, y3, rgba);
      return true;
    }
    if (this.runLength === 0 || this.runOrder + this.runLength !== this.order) {
      this.runLength = 0;
      this.runOrder = this.order;
      this.runSprites = this.spritesUsed;
    }
    const run = this.run;
    if (this.runLength < MIN_BATCH_RUN - 1) {
      const o = this.runLength++ * 9;
      storeQuad(run, o, x0, y0, x1, y1, x2, y2, x3, y3);
      run[o + 8] = rgba;
      return false;
    }
    // end() hides sprites from the used count up to the shown one: widen it first
    this.spritesShown = Math.max(this.spritesShown, this.spritesUsed);
    this.spritesUsed = this.runSprites;
    this.order = this.runOrder;
    const b = this.batch();
    for (let k = 0, o = 0; k < this.runLength; k++, o += 9) b.quad(run[o], run[o + 1], run[o + 2], run[o + 3], run[o + 4], run[o + 5], run[o + 6], run[o + 7], run[o + 8]);
    b.quad(x0, y0, x1, y1, x2, y2, x3, y3, rgba);
    this.runLength = 0;
    return true;
  }

  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    if (!(w > 0 && h > 0) || (rgba & 0xff) === 0 || !this.bounds.shape()) return;
    if (this.quad(x, y, x + w, y, x + w, y + h, x, y + h, rgba)) return;
    const s = this.sprite(Shape.Rect, rgba);
    s.position.set(x, y);
    s.setSize(w, h);
    this.place(s);
  }

  circle(cx: number, cy: number, radius: number, rgba: number): void {
    if (!(radius > 0) || (rgba & 0xff) === 0 || !this.bounds.shape()) return;
    const s = this.sprite(Shape.Circle, rgba);
    s.position.set(cx, cy);
    s.setSize(radius * 2, radius * 2);
    this.place(s);
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void {
    if (!(thickness > 0) || (rgba & 0xff) === 0 || !this.bounds.shape()) return;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const length = Math.hypot(dx, dy);
    const angle = length > 0 ? Math.atan2(dy, dx) : 0;
    // Square ends: the segment extends half the thickness past both end points.
    const half = thickness / 2;
    if (this.newBatch) {
      const ux = length > 0 ? dx / length : 1;
      const uy = length > 0 ? dy / length : 0;
      const sx = x1 - ux * half;
      const sy = y1 - uy * half;
      const nx = uy * half;
      const ny = -ux * half;
      const ex = ux * (length + thickness);
      const ey = uy * (length + thickness);
      if (this.quad(sx + nx, sy + ny, sx + nx + ex, sy + ny + ey, sx - nx + ex, sy - ny + ey, sx - nx, sy - ny, rgba)) return;
    }
    const s = this.sprite(Shape.Line, rgba);
    s.position.set(x1 - Math.cos(angle) * half, y1 - Math.sin(angle) * half);
    s.rotation = angle;
    s.setSize(length + thickness, thickness);
    this.place(s);
  }

  text(text: string, x: number, y: number, size: number, rgba: number): void {
    if (!(size > 0) || text.length === 0 || (rgba & 0xff) === 0) return;
    // Characters from the right edge of the screen on are never seen (without a transform): not laid out. Then the frame's glyph budget.
    text = this.bounds.text(text, this.xfIdentity ? (x >= this.width ? 0 : Math.ceil((this.width - x) / (TEXT_ADVANCE * size))) : Infinity);
    if (text.length === 0) return;
    let t = this.texts[this.textsUsed];
    if (!t) {
      // made empty, so the text is set below (through monospace() when it needs glyphs made on demand)
      t = new BitmapText({ text: '', style: { fontFamily: FONT_NAME, fontSize: FONT_BASE_SIZE } });
      this.texts.push(t);
      this.layer.addChild(t);
    }
    this.textsUsed++;
    if (t.text !== text) {
      if (!PRINTABLE_ASCII.test(text)) this.monospace(text);
      t.text = text;
      // Pixi lays out a BitmapText's new glyphs only when the scene's structure is rebuilt; with the
      // canvas renderer (no WebGL) a changed string alone does not cause that, so the old string
      // would stay on screen until something else appeared or vanished. Hiding it does.
      t.visible = false;
    }
    t.visible = true;
    t.tint = this.tints ? this.tints.text.tint(rgba >>> 8) : rgba >>> 8;
    t.alpha = (rgba & 0xff) / 255;
    t.zIndex = this.order++;
    const tt = t as BitmapText & { transformed?: boolean };
    if (tt.transformed) {
      tt.transformed = false;
      t.rotation = 0;
      t.skew.set(0, 0);
    }
    t.position.set(x, y - size * this.textOffsetY);
    t.scale.set(size * this.textScaleX, size * this.textScaleY);
    this.place(tt);
  }

  framebuffer(pixels: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number, palette: Uint32Array): void {
    if (!(w > 0 && h > 0)) return;
    const img = this.pooledImage(width, height);
    const data = img.image.data;
    const count = width * height;
    for (let n = 0, o = 0; n < count; n++, o += 4) {
      const rgba = palette[(pixels[n >> 2] >> ((n & 3) << 1)) & 3];
      data[o] = rgba >>> 24;
      data[o + 1] = (rgba >>> 16) & 0xff;
      data[o + 2] = (rgba >>> 8) & 0xff;
      data[o + 3] = rgba & 0xff;
    }
    img.ctx.putImageData(img.image, 0, 0);
    img.source.update();
    const s = img.sprite;
    s.visible = true;
    s.zIndex = this.order++;
    s.position.set(x, y);
    s.setSize(w, h);
  }

  triangle(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    if ((rgba & 0xff) === 0 || !this.bounds.shape()) return;
    const s = this.sprite(Shape.Triangle, rgba);
    // the texture's corners (0,0), (N,0), (0,N) go to the three points
    const n = CIRCLE_TEXTURE_SIZE;
    s.setFromMatrix(this.matrix.set((x2 - x1) / n, (y2 - y1) / n, (x3 - x1) / n, (y3 - y1) / n, x1, y1));
    s.transformed = true;
    this.place(s);
  }

  /** Sound commands draw nothing (sound is played from the frame's tones by the sound player, not by the view). */
  tone(_tone: Tone): void {}

  // --- ABI v2 drawing ---

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.xf.set(a, b, c, d, e, f);
    this.xfIdentity = a === 1 && b === 0 && c === 0 && d === 1 && e === 0 && f === 0;
  }

  polygon(points: Float32Array, rgba: number): void {
    // a fan of triangles from the first point (the polygon is convex)
    for (let k = 2; k + 1 < points.length - 1; k += 2) {
      this.triangle(points[0], points[1], points[k], points[k + 1], points[k + 2], points[k + 3], rgba);
    }
  }

  ring(cx: number, cy: number, radius: number, thickness: number, rgba: number): void {
    if (!(radius > 0 && thickness > 0) || (rgba & 0xff) === 0 || !this.bounds.shape()) return;
    let g = this.rings[this.ringsUsed];
    if (!g) {
      g = new Graphics();
      this.rings.push(g);
      this.layer.addChild(g);
    }
    this.ringsUsed++;
    const gt = g as Graphics & { transformed?: boolean };
    g.clear().circle(0, 0, radius).stroke({ width: thickness, color: rgba >>> 8, alpha: (rgba & 0xff) / 255 });
    g.visible = true;
    g.zIndex = this.order++;
    g.rotation = 0;
    g.skew.set(0, 0);
    g.scale.set(1, 1);
    g.position.set(cx, cy);
    gt.transformed = false;
    this.place(gt);
  }

  image(id: number, sx: number, sy: number, sw: number, sh: number, x: number, y: number, w: number, h: number, angle: number, ox: number, oy: number, flags: number, rgba: number): void {
    if (!(w > 0 && h > 0) || (rgba & 0xff) === 0 || !this.bounds.shape()) return;
    const img = this.gameImages.get(id);
    if (!img) return; // its image-create event was not applied (cannot happen with applyEvents)
    const key = `${sx},${sy},${sw},${sh}`;
    let texture = img.frames.get(key);
    if (!texture) {
      texture = new Texture({ source: img.source, frame: new Rectangle(sx, sy, sw, sh) });
      img.frames.set(key, texture);
    }
    let s = this.imageSprites[this.imageSpritesUsed];
    if (!s) {
      s = new Sprite(texture);
      s.roundPixels = false;
      this.imageSprites.push(s);
      this.layer.addChild(s);
    }
    this.imageSpritesUsed++;
    if (s.texture !== texture) s.texture = texture;
    // Flips mirror the image inside its rectangle: a negative scale about the mirrored anchor.
    const fx = (flags & ImageFlag.FlipX) !== 0;
    const fy = (flags & ImageFlag.FlipY) !== 0;
    const ax = ox / w;
    const ay = oy / h;
    s.anchor.set(fx ? 1 - ax : ax, fy ? 1 - ay : ay);
    s.skew.set(0, 0);
    s.scale.set(((fx ? -1 : 1) * w) / sw, ((fy ? -1 : 1) * h) / sh);
    s.rotation = angle;
    s.position.set(x, y);
    s.tint = rgba >>> 8;
    s.alpha = (rgba & 0xff) / 255;
    s.visible = true;
    s.zIndex = this.order++;
    this.place(s);
  }

  // --- ABI v2 events (applied for every frame as it arrives: see applyEvents) ---

  /**
   * A game (re)starts: forget the last one's images, and follow its ABI v2
   * `scaling` (pixel: nearest-neighbour images and whole-number screen
   * scaling; smooth: filtered). A v1 game is laid out as it always was.
   */
  startGame(meta: { abi: number; scaling?: 'pixel' | 'smooth' }): void {
    this.scaling = meta.scaling ?? 'pixel';
    this.integerScale = meta.abi >= 2 && this.scaling === 'pixel';
    for (const img of this.gameImages.values()) this.dropImage(img);
    this.gameImages.clear();
    this.layout();
  }

  /** Makes an image's one texture from its RGBA pixels (its image-create event). */
  createImage(id: number, width: number, height: number, rgba: Uint8Array): void {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available');
    const data = ctx.createImageData(width, height);
    data.data.set(rgba);
    ctx.putImageData(data, 0, 0);
    const source = TextureSource.from(canvas);
    source.scaleMode = this.scaling === 'smooth' ? 'linear' : 'nearest';
    const old = this.gameImages.get(id);
    if (old) this.dropImage(old);
    this.gameImages.set(id, { source, frames: new Map() });
  }

  freeImage(id: number): void {
    const img = this.gameImages.get(id);
    if (!img) return;
    this.gameImages.delete(id);
    // sprites still showing it are hidden by the next frame; destroy after that
    requestAnimationFrame(() => requestAnimationFrame(() => this.dropImage(img)));
  }

  private dropImage(img: GameImage): void {
    for (const t of img.frames.values()) t.destroy(false);
    img.source.destroy();
  }

  /** How many images (textures) the view holds: one per live image, never one per frame. */
  get imageCount(): number {
    return this.gameImages.size;
  }
}
