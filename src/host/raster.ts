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
// - ABI v2 images are sampled nearest-neighbour (whatever the game's `scaling`:
//   the renderer may filter smoothly, this picture does not), flipped, rotated
//   about their origin and tinted (multiplied); set_transform applies to every
//   shape drawn after it. Images live in an ImageStore that outlasts a frame,
//   because a game creates an image once and draws it in later frames;
// - sound commands draw nothing.
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

/** An affine matrix in canvas order: x' = a·x + c·y + e, y' = b·x + d·y + f. */
type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];
const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** p·q: q applied first. */
function compose(p: Affine, q: Affine): Affine {
  return [p[0] * q[0] + p[2] * q[1], p[1] * q[0] + p[3] * q[1], p[0] * q[2] + p[2] * q[3], p[1] * q[2] + p[3] * q[3], p[0] * q[4] + p[2] * q[5] + p[4], p[1] * q[4] + p[3] * q[5] + p[5]];
}

interface StoredImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * The images a game has created and not freed, kept from frame to frame. Also a
 * draw-list visitor that only follows image-create and image-free, to keep it
 * current through frames that are not drawn.
 */
export class ImageStore implements DrawListVisitor {
  private readonly images = new Map<number, StoredImage>();

  /** Another store holding the same images (a picture of one frame can then not disturb this one). */
  copy(): ImageStore {
    const other = new ImageStore();
    for (const [id, image] of this.images) other.images.set(id, image);
    return other;
  }

  get(id: number): StoredImage | undefined {
    return this.images.get(id);
  }

  imageCreate(id: number, width: number, height: number, rgba: Uint8Array): void {
    this.images.set(id, { width, height, rgba: rgba.slice() });
  }

  imageFree(id: number): void {
    this.images.delete(id);
  }

  clear(): void {}
  rect(): void {}
  circle(): void {}
  line(): void {}
  text(): void {}
  triangle(): void {}
  framebuffer(): void {}
  tone(): void {}
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
  /** set_transform's matrix (every frame starts with the identity). */
  private matrix: Affine = IDENTITY;
  private identity = true;

  constructor(
    readonly width: number,
    readonly height: number,
    /** Device pixels per logical pixel. */
    readonly scale: number,
    private readonly font: PixelFont,
    /** The images drawn from; image-create and image-free in the draw list update it. */
    readonly images: ImageStore = new ImageStore(),
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

  /** The whole screen, whatever the transform (clear keeps the transform for what follows). */
  clear(rgba: number): void {
    this.reset();
    const { matrix, identity } = this;
    this.identity = true;
    this.fillRect(0, 0, this.width, this.height, rgba);
    this.identity = identity;
    this.matrix = matrix;
  }

  rect(x: number, y: number, w: number, h: number, rgba: number): void {
    if (!(w > 0 && h > 0)) return;
    this.fillRect(x, y, w, h, rgba);
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.matrix = [a, b, c, d, e, f];
    this.identity = a === 1 && b === 0 && c === 0 && d === 1 && e === 0 && f === 0;
  }

  circle(cx: number, cy: number, radius: number, rgba: number): void {
    if (!(radius > 0) || (rgba & 0xff) === 0) return;
    if (!this.identity) {
      const r2 = radius * radius;
      this.mapped(this.matrix, cx - radius, cy - radius, cx + radius, cy + radius, (u, v) => ((u - cx) ** 2 + (v - cy) ** 2 <= r2 ? rgba : 0));
      return;
    }
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
    if (!this.identity) {
      // The bar in its own frame (x along the line from x1, y1), then the transform.
      this.mapped(compose(this.matrix, [ux, uy, -uy, ux, x1, y1]), -half, -half, length + half, half, () => rgba, true);
      return;
    }
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
  polygon(local: Float32Array, rgba: number): void {
    const n = local.length >> 1;
    if (n < 3 || (rgba & 0xff) === 0) return;
    let points: ArrayLike<number> = local;
    if (!this.identity) {
      // An affine map keeps a convex polygon convex: transform its corners.
      const [a, b, c, d, e, f] = this.matrix;
      const out = new Float64Array(local.length);
      for (let i = 0; i < n; i++) {
        const x = local[2 * i], y = local[2 * i + 1];
        out[2 * i] = a * x + c * y + e;
        out[2 * i + 1] = b * x + d * y + f;
      }
      points = out;
    }
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
    if (!this.identity) {
      this.mapped(this.matrix, cx - outer, cy - outer, cx + outer, cy + outer, (u, v) => {
        const d2 = (u - cx) ** 2 + (v - cy) ** 2;
        return d2 <= outer * outer && d2 >= inner * inner ? rgba : 0;
      });
      return;
    }
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
    if (!this.identity) {
      this.mapped(this.matrix, x, y, x + w, y + h, (u, v) => {
        const n = Math.min(height - 1, Math.floor(((v - y) / h) * height)) * width + Math.min(width - 1, Math.floor(((u - x) / w) * width));
        return palette[(pixels[n >> 2] >> (2 * (n & 3))) & 3] | 0xff;
      });
      return;
    }
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

  /**
   * draw_image: the source rectangle of an image into a w × h rectangle whose point (ox, oy) lands at (x, y),
   * rotated by angle (clockwise, y down) about it, flipped inside it, tinted by multiplying, then transformed.
   */
  image(id: number, sx: number, sy: number, sw: number, sh: number, x: number, y: number, w: number, h: number, angle: number, ox: number, oy: number, flags: number, rgba: number): void {
    const img = this.images.get(id);
    if (!img || !(w > 0 && h > 0 && sw > 0 && sh > 0) || (rgba & 0xff) === 0) return;
    const cos = Math.cos(angle), sin = Math.sin(angle);
    const place = compose(this.matrix, [cos, sin, -sin, cos, x - cos * ox + sin * oy, y - sin * ox - cos * oy]);
    const tr = (rgba >>> 24) & 0xff, tg = (rgba >>> 16) & 0xff, tb = (rgba >>> 8) & 0xff, ta = rgba & 0xff;
    const flipX = (flags & 1) !== 0, flipY = (flags & 2) !== 0;
    this.mapped(place, 0, 0, w, h, (u, v) => {
      const ix = Math.floor(sx + ((flipX ? w - u : u) / w) * sw);
      const iy = Math.floor(sy + ((flipY ? h - v : v) / h) * sh);
      if (ix < 0 || iy < 0 || ix >= img.width || iy >= img.height) return 0;
      const o = (iy * img.width + ix) * 4;
      const p = img.rgba;
      const mul = (a: number, b: number) => Math.round((a * b) / 255);
      return ((mul(p[o], tr) << 24) | (mul(p[o + 1], tg) << 16) | (mul(p[o + 2], tb) << 8) | mul(p[o + 3], ta)) >>> 0;
    });
  }

  imageCreate(id: number, width: number, height: number, rgba: Uint8Array): void {
    this.images.imageCreate(id, width, height, rgba);
  }

  imageFree(id: number): void {
    this.images.imageFree(id);
  }

  /** Sound draws nothing. */
  tone(): void {}

  /**
   * Blends shade(u, v) into every device pixel whose centre, mapped back through `local` (local → logical
   * screen coordinates), falls in [u0, u1) × [v0, v1) (closed on the far sides when `closed`); shade 0 skips it.
   */
  private mapped(local: Affine, u0: number, v0: number, u1: number, v1: number, shade: (u: number, v: number) => number, closed = false): void {
    const [a, b, c, d, e, f] = local;
    const det = a * d - b * c;
    if (!(det !== 0 && Number.isFinite(det))) return;
    const xs = [a * u0 + c * v0, a * u1 + c * v0, a * u0 + c * v1, a * u1 + c * v1];
    const ys = [b * u0 + d * v0, b * u1 + d * v0, b * u0 + d * v1, b * u1 + d * v1];
    const [px0, px1, py0, py1] = this.span(Math.min(...xs) + e, Math.max(...xs) + e, Math.min(...ys) + f, Math.max(...ys) + f);
    const s = this.scale;
    for (let py = py0; py < py1; py++) {
      const Y = (py + 0.5) / s - f;
      for (let px = px0; px < px1; px++) {
        const X = (px + 0.5) / s - e;
        const u = (d * X - c * Y) / det;
        const v = (a * Y - b * X) / det;
        if (u < u0 || v < v0 || (closed ? u > u1 || v > v1 : u >= u1 || v >= v1)) continue;
        const rgba = shade(u, v);
        if ((rgba & 0xff) !== 0) this.blend(px, py, rgba);
      }
    }
  }

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
    if (!this.identity) {
      this.mapped(this.matrix, x, y, x + w, y + h, () => rgba);
      return;
    }
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
export function rasterize(drawList: ArrayBuffer, width: number, height: number, font: PixelFont, scale = 1, images?: ImageStore): Picture {
  const r = new Rasterizer(width, height, scale, font, images);
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
