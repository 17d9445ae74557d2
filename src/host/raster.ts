// A headless rasterizer of draw lists: the picture the renderer would show,
// as RGBA pixels, with no DOM, GPU or Node (so it runs in the CLI, tests and a
// worker alike). Same meaning as src/renderer/game-view.ts and docs/drawlist.md:
// - the screen starts black; clear(rgba) paints its colour over that;
// - rgba is 0xRRGGBBAA, blended source-over with straight alpha;
// - rect covers [x, x+w) × [y, y+h); circle is filled; a line is a bar
//   `thickness` wide with square caps (it extends thickness/2 past both ends);
// - text is one line in a monospace font: every character advances exactly
//   TEXT_ADVANCE × size, and the line is `size` high with y its top edge.
// - triangles and v2 polygons are filled convex shapes, rings circle outlines,
//   a WASM-4 framebuffer is scaled nearest-neighbour through its palette;
// - ABI v2 images and transforms are not drawn here yet (nor heard: sound
//   commands draw nothing).
// A pixel is covered when its centre is inside the shape (no anti-aliasing),
// so pictures are exact functions of the draw list.
import { TEXT_ADVANCE } from './abi';
import { visitDrawList } from './drawlist';
import type { DrawListVisitor } from './protocol';

/** A bitmap font: glyph rows of 0/1, `offset` rows from the top of a 7-row line. */
export interface PixelFont {
  readonly glyphs: Readonly<Record<string, { readonly offset: number; readonly pixels: readonly (readonly number[])[] }>>;
}

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  readonly data: Uint8Array;
}

/**
 * Font geometry: a character cell is 6 × 10 font pixels of size/10 each
 * (6/10 = TEXT_ADVANCE), the 7-row glyph centred in it, 1.5 rows from its top.
 */
const CELL_ROWS = 10;
const GLYPH_TOP = 1.5;
const CELL_COLUMNS = TEXT_ADVANCE * CELL_ROWS;

export class Rasterizer implements DrawListVisitor {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    /** Device pixels per logical pixel. */
    readonly scale: number,
    private readonly font: PixelFont,
  ) {
    this.data = new Uint8Array(width * scale * height * scale * 4);
    this.reset();
  }

  get picture(): Picture {
    return { width: this.width * this.scale, height: this.height * this.scale, data: this.data };
  }

  /** Black, as the renderer's background behind the game's clear colour. */
  reset(): void {
    for (let i = 0; i < this.data.length; i += 4) {
      this.data[i] = 0;
      this.data[i + 1] = 0;
      this.data[i + 2] = 0;
      this.data[i + 3] = 255;
    }
  }

  clear(rgba: number): void {
    this.reset();
    this.fillRect(0, 0, this.width, this.height, rgba);
  }

  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    if (!(w > 0 && h > 0)) return;
    this.fillRect(x, y, w, h, rgba);
  }

  circle(cx: number, cy: number, radius: number, rgba: number): void {
    if (!(radius > 0) || (rgba & 0xff) === 0) return;
    const s = this.scale;
    const [x0, x1, y0, y1] = this.span(cx - radius, cx + radius, cy - radius, cy + radius);
    const r2 = radius * radius;
    for (let py = y0; py < y1; py++) {
      const dy = (py + 0.5) / s - cy;
      for (let px = x0; px < x1; px++) {
        const dx = (px + 0.5) / s - cx;
        if (dx * dx + dy * dy <= r2) this.blend(px, py, rgba);
      }
    }
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void {
    if (!(thickness > 0) || (rgba & 0xff) === 0) return;
    const length = Math.hypot(x2 - x1, y2 - y1);
    const ux = length > 0 ? (x2 - x1) / length : 1;
    const uy = length > 0 ? (y2 - y1) / length : 0;
    const half = thickness / 2;
    const reach = half * Math.SQRT2;
    const [px0, px1, py0, py1] = this.span(Math.min(x1, x2) - reach, Math.max(x1, x2) + reach, Math.min(y1, y2) - reach, Math.max(y1, y2) + reach);
    const s = this.scale;
    for (let py = py0; py < py1; py++) {
      const dy = (py + 0.5) / s - y1;
      for (let px = px0; px < px1; px++) {
        const dx = (px + 0.5) / s - x1;
        const along = dx * ux + dy * uy;
        const across = -dx * uy + dy * ux;
        if (along >= -half && along <= length + half && across >= -half && across <= half) this.blend(px, py, rgba);
      }
    }
  }

  text(text: string, x: number, y: number, size: number, rgba: number): void {
    if (!(size > 0) || (rgba & 0xff) === 0) return;
    const unit = size / CELL_ROWS;
    let i = 0;
    for (const ch of text) {
      const glyph = this.font.glyphs[ch] ?? (ch === ' ' ? undefined : this.font.glyphs['?']);
      if (glyph) {
        const cols = glyph.pixels[0]?.length ?? 0;
        const left = x + i * CELL_COLUMNS * unit + ((CELL_COLUMNS - cols) / 2) * unit;
        const top = y + (GLYPH_TOP + glyph.offset) * unit;
        glyph.pixels.forEach((row, gy) =>
          row.forEach((on, gx) => {
            if (on) this.fillRect(left + gx * unit, top + gy * unit, unit, unit, rgba);
          }),
        );
      }
      i++;
    }
  }

  triangle(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    this.polygon(new Float32Array([x1, y1, x2, y2, x3, y3]), rgba);
  }

  /** A filled convex polygon (either winding): pixel centres on the inner side of every edge. */
  polygon(points: Float32Array, rgba: number): void {
    const n = points.length >> 1;
    if (n < 3 || (rgba & 0xff) === 0) return;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, area = 0;
    for (let i = 0; i < n; i++) {
      const x = points[2 * i], y = points[2 * i + 1];
      const j = (i + 1) % n;
      area += x * points[2 * j + 1] - points[2 * j] * y;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    if (area === 0 || !Number.isFinite(area)) return;
    const sign = area > 0 ? 1 : -1;
    const [px0, px1, py0, py1] = this.span(minX, maxX, minY, maxY);
    const s = this.scale;
    for (let py = py0; py < py1; py++) {
      const cy = (py + 0.5) / s;
      for (let px = px0; px < px1; px++) {
        const cx = (px + 0.5) / s;
        let inside = true;
        for (let i = 0; i < n && inside; i++) {
          const j = (i + 1) % n;
          const ex = points[2 * j] - points[2 * i], ey = points[2 * j + 1] - points[2 * i + 1];
          inside = sign * (ex * (cy - points[2 * i + 1]) - ey * (cx - points[2 * i])) >= 0;
        }
        if (inside) this.blend(px, py, rgba);
      }
    }
  }

  /** A circle outline: pixel centres within thickness/2 of the radius. */
  ring(cx: number, cy: number, radius: number, thickness: number, rgba: number): void {
    if (!(radius > 0 && thickness > 0) || (rgba & 0xff) === 0) return;
    const outer = radius + thickness / 2;
    const inner = Math.max(0, radius - thickness / 2);
    const [x0, x1, y0, y1] = this.span(cx - outer, cx + outer, cy - outer, cy + outer);
    const s = this.scale;
    for (let py = y0; py < y1; py++) {
      const dy = (py + 0.5) / s - cy;
      for (let px = x0; px < x1; px++) {
        const dx = (px + 0.5) / s - cx;
        const d2 = dx * dx + dy * dy;
        if (d2 <= outer * outer && d2 >= inner * inner) this.blend(px, py, rgba);
      }
    }
  }

  /** A 2-bit indexed image (WASM-4's framebuffer layout) scaled pixel-exact into x, y, w, h through `palette`. */
  framebuffer(pixels: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number, palette: Uint32Array): void {
    if (!(w > 0 && h > 0) || width === 0 || height === 0) return;
    const [px0, px1, py0, py1] = this.span(x, x + w, y, y + h);
    const s = this.scale;
    for (let py = py0; py < py1; py++) {
      const sy = Math.floor((((py + 0.5) / s - y) / h) * height);
      if (sy < 0 || sy >= height) continue;
      for (let px = px0; px < px1; px++) {
        const sx = Math.floor((((px + 0.5) / s - x) / w) * width);
        if (sx < 0 || sx >= width) continue;
        const n = sy * width + sx;
        this.blend(px, py, palette[(pixels[n >> 2] >> (2 * (n & 3))) & 3] | 0xff);
      }
    }
  }

  /** Sound draws nothing. */
  tone(): void {}

  /** Device-pixel range covering logical [x0, x1) × [y0, y1), clipped to the screen. */
  private span(x0: number, x1: number, y0: number, y1: number): [number, number, number, number] {
    const s = this.scale;
    const w = this.width * s;
    const h = this.height * s;
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
    return [clamp(Math.floor(x0 * s), w), clamp(Math.ceil(x1 * s), w), clamp(Math.floor(y0 * s), h), clamp(Math.ceil(y1 * s), h)];
  }

  private fillRect(x: number, y: number, w: number, h: number, rgba: number): void {
    if ((rgba & 0xff) === 0) return;
    const s = this.scale;
    // Pixel centres inside [x, x+w): from round(x·s) to round((x+w)·s).
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
    const px0 = clamp(Math.round(x * s), this.width * s);
    const px1 = clamp(Math.round((x + w) * s), this.width * s);
    const py0 = clamp(Math.round(y * s), this.height * s);
    const py1 = clamp(Math.round((y + h) * s), this.height * s);
    for (let py = py0; py < py1; py++) for (let px = px0; px < px1; px++) this.blend(px, py, rgba);
  }

  private blend(px: number, py: number, rgba: number): void {
    const i = (py * this.width * this.scale + px) * 4;
    const a = (rgba & 0xff) / 255;
    const d = this.data;
    d[i] = Math.round(((rgba >>> 24) & 0xff) * a + d[i] * (1 - a));
    d[i + 1] = Math.round(((rgba >>> 16) & 0xff) * a + d[i + 1] * (1 - a));
    d[i + 2] = Math.round(((rgba >>> 8) & 0xff) * a + d[i + 2] * (1 - a));
    d[i + 3] = 255;
  }
}

/** The picture of one draw list on a width × height screen, `scale` device pixels per logical pixel. */
export function rasterize(drawList: ArrayBuffer, width: number, height: number, font: PixelFont, scale = 1): Picture {
  const r = new Rasterizer(width, height, scale, font);
  visitDrawList(drawList, r);
  return r.picture;
}

/** A picture of where two pictures differ: the expected frame dimmed, differing pixels in magenta. Also the count. */
export function diffPictures(expected: Picture, actual: Picture): { picture: Picture; differing: number } {
  const width = Math.max(expected.width, actual.width);
  const height = Math.max(expected.height, actual.height);
  const data = new Uint8Array(width * height * 4);
  let differing = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const inE = x < expected.width && y < expected.height;
      const inA = x < actual.width && y < actual.height;
      const e = (y * expected.width + x) * 4;
      const a = (y * actual.width + x) * 4;
      const same = inE && inA && expected.data[e] === actual.data[a] && expected.data[e + 1] === actual.data[a + 1] && expected.data[e + 2] === actual.data[a + 2];
      if (same) {
        const grey = Math.round((expected.data[e] * 0.3 + expected.data[e + 1] * 0.59 + expected.data[e + 2] * 0.11) * 0.35);
        data.set([grey, grey, grey, 255], o);
      } else {
        differing++;
        data.set([255, 0, 255, 255], o);
      }
    }
  }
  return { picture: { width, height, data }, differing };
}
