// The WASM-4 framebuffer, rasterised by our own code: 160×160 pixels at 2 bits
// per pixel inside the cart's memory (pixel n in bits 2·(n mod 4) of byte
// 0xa0 + n/4), drawn with the DRAW_COLORS register's four nibbles (1–4 pick a
// palette colour, 0 is transparent). Shapes follow WASM-4's documentation
// (docs/profiles.md lists the exact rules, including where its runtimes
// differ from its documentation). Environment-free; no allocation per call.

import { FONT_FIRST, FONT_GLYPHS, fontRow } from './wasm4-font';

export const W4_WIDTH = 160;
export const W4_HEIGHT = 160;
/** Memory map (docs/profiles.md, WASM-4's "Memory Layout"). */
export const W4_PALETTE = 0x04;
export const W4_DRAW_COLORS = 0x14;
export const W4_GAMEPADS = 0x16;
export const W4_MOUSE_X = 0x1a;
export const W4_MOUSE_Y = 0x1c;
export const W4_MOUSE_BUTTONS = 0x1e;
export const W4_SYSTEM_FLAGS = 0x1f;
export const W4_NETPLAY = 0x20;
export const W4_FRAMEBUFFER = 0xa0;
export const W4_FRAMEBUFFER_BYTES = (W4_WIDTH * W4_HEIGHT) / 4;

/** blit flags. */
export const BLIT_2BPP = 1;
export const BLIT_FLIP_X = 2;
export const BLIT_FLIP_Y = 4;
export const BLIT_ROTATE = 8;

/** Longest line (in steps) drawn; a longer one would keep the host busy for seconds, so it is refused. */
export const MAX_LINE_STEPS = 1 << 20;
/** Widest or tallest oval drawn (its squared size must fit exact integer arithmetic). */
export const MAX_OVAL_SIZE = 1 << 15;

/** Reads bytes of a sprite; throws (a contract breach) for an address outside memory. */
export type SpriteReader = (address: number) => number;

export class Wasm4Raster {
  constructor(private readonly mem: Uint8Array) {}

  private get drawColors(): number {
    return this.mem[W4_DRAW_COLORS] | (this.mem[W4_DRAW_COLORS + 1] << 8);
  }

  /** Draw colour `n` (0–3) as a palette index 0–3, or -1 for transparent. */
  private colour(n: number): number {
    const dc = (this.drawColors >> (n * 4)) & 0xf;
    return dc === 0 ? -1 : (dc - 1) & 3;
  }

  clear(): void {
    this.mem.fill(0, W4_FRAMEBUFFER, W4_FRAMEBUFFER + W4_FRAMEBUFFER_BYTES);
  }

  /** Sets one on-screen pixel (the caller has clipped). */
  private put(index: number, x: number, y: number): void {
    const at = W4_FRAMEBUFFER + ((y * W4_WIDTH + x) >> 2);
    const shift = (x & 3) << 1;
    this.mem[at] = (this.mem[at] & ~(3 << shift)) | (index << shift);
  }

  private plot(index: number, x: number, y: number): void {
    if (x >= 0 && x < W4_WIDTH && y >= 0 && y < W4_HEIGHT) this.put(index, x, y);
  }

  /** Pixels [x0, x1) of row y, clipped. */
  private span(index: number, x0: number, y: number, x1: number): void {
    if (y < 0 || y >= W4_HEIGHT) return;
    const from = Math.max(0, x0);
    const to = Math.min(W4_WIDTH, x1);
    for (let x = from; x < to; x++) this.put(index, x, y);
  }

  /** (x, y) to (x + len − 1, y) in draw colour 1. */
  hline(x: number, y: number, len: number): void {
    const c = this.colour(0);
    if (c >= 0) this.span(c, x, y, x + len);
  }

  /** (x, y) to (x, y + len − 1) in draw colour 1. */
  vline(x: number, y: number, len: number): void {
    const c = this.colour(0);
    if (c < 0 || x < 0 || x >= W4_WIDTH) return;
    const end = Math.min(W4_HEIGHT, y + len);
    for (let yy = Math.max(0, y); yy < end; yy++) this.put(c, x, yy);
  }

  /** Filled with draw colour 1, outlined (1 pixel, inside the rectangle) with draw colour 2. */
  rect(x: number, y: number, width: number, height: number): void {
    const right = x + width; // exclusive
    const bottom = y + height;
    const fill = this.colour(0);
    const stroke = this.colour(1);
    if (fill >= 0) for (let yy = Math.max(0, y); yy < Math.min(bottom, W4_HEIGHT); yy++) this.span(fill, x, yy, right);
    if (stroke < 0) return; // (a zero or negative size still draws the edges that fall inside, as WASM-4 does)
    this.span(stroke, x, y, right);
    this.span(stroke, x, bottom - 1, right);
    for (let yy = Math.max(0, y); yy < Math.min(bottom, W4_HEIGHT); yy++) {
      this.plot(stroke, x, yy);
      this.plot(stroke, right - 1, yy);
    }
  }

  /**
   * The ellipse inscribed in the box x, y, width, height: filled with draw
   * colour 1, outlined with draw colour 2. Traced with the midpoint method one
   * quadrant at a time (mirrored to the other three), as WASM-4 does.
   */
  oval(x: number, y: number, width: number, height: number): void {
    if (width <= 0 || height <= 0 || width > MAX_OVAL_SIZE || height > MAX_OVAL_SIZE) return;
    const fill = this.colour(0);
    const stroke = this.colour(1);
    const rx = width - 1; // horizontal and vertical diameters, in pixel steps
    const ry = height - 1;
    const odd = ry % 2;
    let top = y + Math.trunc(height / 2); // the scan moves top down and bottom up from the middle
    let bottom = top - odd;
    let left = x;
    let right = x + width - 1;
    const rx2 = rx * rx;
    const ry2 = ry * ry;
    let stepX = 4 * (1 - rx) * ry2; // error change of a horizontal step
    let stepY = 4 * (odd + 1) * rx2; // of a vertical step
    let err = stepX + stepY + odd * rx2;
    const growY = 8 * rx2;
    const growX = 8 * ry2;
    do {
      if (stroke >= 0) {
        this.plot(stroke, right, top);
        this.plot(stroke, left, top);
        this.plot(stroke, left, bottom);
        this.plot(stroke, right, bottom);
      }
      if (fill >= 0 && right - left > 1) {
        this.span(fill, left + 1, top, right);
        this.span(fill, left + 1, bottom, right);
      }
      const twice = 2 * err;
      if (twice <= stepY) {
        top++;
        bottom--;
        stepY += growY;
        err += stepY;
      }
      if (twice >= stepX || twice > stepY) {
        left++;
        right--;
        stepX += growX;
        err += stepX;
      }
    } while (left <= right);
    // thin ovals: finish the ends the horizontal scan did not reach
    while (top - bottom < height) {
      if (stroke >= 0) {
        this.plot(stroke, left - 1, top);
        this.plot(stroke, right + 1, top);
      }
      top++;
      if (stroke >= 0) {
        this.plot(stroke, left - 1, bottom);
        this.plot(stroke, right + 1, bottom);
      }
      bottom--;
    }
  }

  /**
   * A line from (x1, y1) to (x2, y2), both ends included, in draw colour 1:
   * Bresenham's walk from the upper end, the error starting at half the
   * major delta (rounded toward zero). Returns false, drawing nothing, for a
   * line of more than MAX_LINE_STEPS steps.
   */
  line(x1: number, y1: number, x2: number, y2: number): boolean {
    if (y1 > y2) [x1, y1, x2, y2] = [x2, y2, x1, y1];
    const dx = Math.abs(x2 - x1);
    const dy = y2 - y1;
    if (Math.max(dx, dy) > MAX_LINE_STEPS) return false;
    const c = this.colour(0);
    if (c < 0) return true;
    const sx = x1 < x2 ? 1 : -1;
    let err = Math.trunc((dx > dy ? dx : -dy) / 2);
    let x = x1;
    let y = y1;
    for (;;) {
      this.plot(c, x, y);
      if (x === x2 && y === y2) return true;
      const e = err;
      if (e > -dx) {
        err -= dy;
        x += sx;
      }
      if (e < dy) {
        err += dx;
        y++;
      }
    }
  }

  /**
   * Copies the width×height region at (srcX, srcY) of a sprite sheet `stride`
   * pixels wide to (x, y). Pixel values pick draw colours (1 bpp: 0 → draw
   * colour 1, 1 → 2; 2 bpp: 0–3 → 1–4); a transparent draw colour leaves the
   * pixel alone. Sprite pixels are packed from the most significant bit.
   * Flips apply first, then the rotation (90° anticlockwise).
   */
  blit(read: SpriteReader, sprite: number, x: number, y: number, width: number, height: number, srcX: number, srcY: number, stride: number, flags: number): void {
    const bpp2 = (flags & BLIT_2BPP) !== 0;
    const rotate = (flags & BLIT_ROTATE) !== 0;
    const flipX = ((flags & BLIT_FLIP_X) !== 0) !== rotate; // rotating anticlockwise = transposing after a horizontal flip
    const flipY = (flags & BLIT_FLIP_Y) !== 0;
    const colours = this.drawColors;
    // the part of the sprite that lands on screen (u along the sprite's rows, v down its columns)
    const uMin = Math.max(0, rotate ? -y : -x);
    const vMin = Math.max(0, rotate ? -x : -y);
    const uMax = Math.min(width, rotate ? W4_HEIGHT - y : W4_WIDTH - x);
    const vMax = Math.min(height, rotate ? W4_WIDTH - x : W4_HEIGHT - y);
    for (let v = vMin; v < vMax; v++) {
      for (let u = uMin; u < uMax; u++) {
        const sx = srcX + (flipX ? width - 1 - u : u);
        const sy = srcY + (flipY ? height - 1 - v : v);
        const bit = sy * stride + sx;
        const value = bpp2 ? (read(sprite + (bit >> 2)) >> (6 - ((bit & 3) << 1))) & 3 : (read(sprite + (bit >> 3)) >> (7 - (bit & 7))) & 1;
        const dc = (colours >> (value << 2)) & 0xf;
        if (dc !== 0) this.put((dc - 1) & 3, x + (rotate ? v : u), y + (rotate ? u : v));
      }
    }
  }

  /**
   * Text in our 8×8 font: ink in draw colour 1, the rest of each cell in draw
   * colour 2. `codes` yields character codes; 0 ends the text, 10 starts a
   * new line 8 pixels down at x, 32–255 draw a cell, others leave one empty.
   */
  text(codes: Iterable<number>, x: number, y: number): void {
    const ink = this.colour(0);
    const paper = this.colour(1);
    let cx = x;
    for (const code of codes) {
      if (code === 0) return;
      if (code === 10) {
        y += 8;
        cx = x;
        continue;
      }
      if (code >= FONT_FIRST && code < FONT_FIRST + FONT_GLYPHS) this.glyph(code, cx, y, ink, paper);
      cx += 8;
    }
  }

  private glyph(code: number, x: number, y: number, ink: number, paper: number): void {
    for (let row = 0; row < 8; row++) {
      const yy = y + row;
      if (yy < 0 || yy >= W4_HEIGHT) continue;
      const bits = fontRow(code, row);
      for (let col = 0; col < 8; col++) {
        const xx = x + col;
        if (xx < 0 || xx >= W4_WIDTH) continue;
        const c = (bits >> (7 - col)) & 1 ? ink : paper;
        if (c >= 0) this.put(c, xx, yy);
      }
    }
  }
}
