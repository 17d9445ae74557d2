// The headless rasterizer draws what the renderer shows (src/host/raster.ts).
import { describe, expect, it } from 'vitest';
import { DrawListBuilder } from '../../src/host/drawlist';
import { diffPictures, ImageStore, rasterize, Rasterizer, type Picture } from '../../src/host/raster';
import { RASTER_FONT } from '../../src/host/raster-font';

const px = (p: Picture, x: number, y: number) => [...p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 4)];
const draw = (f: (r: Rasterizer) => void, w = 20, h = 20, scale = 1): Picture => {
  const r = new Rasterizer(w, h, scale, RASTER_FONT);
  f(r);
  return r.picture;
};

describe('Rasterizer', () => {
  it('starts black and blends clear over black by its alpha', () => {
    expect(px(draw(() => {}), 0, 0)).toEqual([0, 0, 0, 255]);
    expect(px(draw((r) => r.clear(0xff000080)), 5, 5)).toEqual([128, 0, 0, 255]);
  });

  it('fills rectangles on pixel centres, source-over', () => {
    const p = draw((r) => {
      r.clear(0x000000ff);
      r.rect(2, 3, 4, 2, 0xffffffff);
      r.rect(4, 3, 4, 2, 0x0000ff80);
    });
    expect(px(p, 2, 3)).toEqual([255, 255, 255, 255]);
    expect(px(p, 5, 4)).toEqual([127, 127, 255, 255]);
    expect(px(p, 7, 4)).toEqual([0, 0, 128, 255]);
    expect(px(p, 1, 3)).toEqual([0, 0, 0, 255]);
    expect(px(p, 2, 5)).toEqual([0, 0, 0, 255]);
  });

  it('gives lines square caps reaching thickness/2 past both ends', () => {
    const p = draw((r) => r.line(5, 10, 15, 10, 2, 0xffffffff));
    expect(px(p, 4, 10)).toEqual([255, 255, 255, 255]); // cap: 4.5 is within 5 - 1
    expect(px(p, 15, 9)).toEqual([255, 255, 255, 255]);
    expect(px(p, 3, 10)).toEqual([0, 0, 0, 255]);
    expect(px(p, 10, 11)).toEqual([0, 0, 0, 255]); // 11.5 is past 10 + 1
  });

  it('fills circles and scales to device pixels', () => {
    const p = draw((r) => r.circle(10, 10, 3, 0x00ff00ff), 20, 20, 2);
    expect(p.width).toBe(40);
    expect(px(p, 20, 20)).toEqual([0, 255, 0, 255]);
    expect(px(p, 20, 14)).toEqual([0, 255, 0, 255]);
    expect(px(p, 20, 13)).toEqual([0, 0, 0, 255]);
    expect(px(p, 25, 25)).toEqual([0, 0, 0, 255]);
  });

  it('draws text in monospace cells of TEXT_ADVANCE × size', () => {
    const size = 20;
    const p = draw((r) => r.text('II', 0, 0, size, 0xffffffff), 40, 20);
    const lit = (x0: number, x1: number) => {
      let n = 0;
      for (let y = 0; y < p.height; y++) for (let x = x0; x < x1; x++) if (px(p, x, y)[0] > 0) n++;
      return n;
    };
    expect(lit(0, 12)).toBeGreaterThan(10); // first cell: 0.6 × 20 = 12 pixels wide
    expect(lit(12, 24)).toBe(lit(0, 12)); // the same glyph, one advance on
    expect(lit(24, 40)).toBe(0);
    for (let x = 0; x < 40; x++) expect(px(p, x, 0)[0]).toBe(0); // 1.5/10 of the line is above the glyph
  });

  it('rasterizes a binary draw list, and diffs two pictures', () => {
    const b = new DrawListBuilder();
    b.clear(0x102030ff);
    b.rect(1, 1, 2, 2, 0xffffffff);
    const a = rasterize(b.finish(), 8, 8, RASTER_FONT);
    expect(px(a, 0, 0)).toEqual([0x10, 0x20, 0x30, 255]);
    expect(px(a, 1, 1)).toEqual([255, 255, 255, 255]);
    const b2 = new DrawListBuilder();
    b2.clear(0x102030ff);
    b2.rect(2, 1, 2, 2, 0xffffffff);
    const d = diffPictures(a, rasterize(b2.finish(), 8, 8, RASTER_FONT));
    expect(d.differing).toBe(4);
    expect(px(d.picture, 1, 1)).toEqual([255, 0, 255, 255]);
    expect(px(d.picture, 2, 1)[0]).toBeLessThan(255);
  });

  // A 2×2 image: red, green / blue, white.
  const QUAD = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const RED = [255, 0, 0, 255], GREEN = [0, 255, 0, 255], BLUE = [0, 0, 255, 255], WHITE = [255, 255, 255, 255], BLACK = [0, 0, 0, 255];
  const withQuad = (f: (r: Rasterizer) => void) =>
    draw((r) => {
      r.imageCreate(7, 2, 2, QUAD);
      f(r);
    });

  it('draws images nearest-neighbour, scaled into their rectangle, flipped inside it', () => {
    const p = withQuad((r) => r.image(7, 0, 0, 2, 2, 4, 4, 4, 4, 0, 0, 0, 0, 0xffffffff));
    expect([px(p, 4, 4), px(p, 6, 4), px(p, 5, 7), px(p, 7, 7), px(p, 8, 8), px(p, 3, 4)]).toEqual([RED, GREEN, BLUE, WHITE, BLACK, BLACK]);
    const flipped = withQuad((r) => r.image(7, 0, 0, 2, 2, 4, 4, 4, 4, 0, 0, 0, 3, 0xffffffff));
    expect([px(flipped, 4, 4), px(flipped, 7, 7)]).toEqual([WHITE, RED]);
    const sub = withQuad((r) => r.image(7, 1, 1, 1, 1, 0, 0, 3, 3, 0, 0, 0, 0, 0xffffffff));
    expect([px(sub, 0, 0), px(sub, 2, 2), px(sub, 3, 3)]).toEqual([WHITE, WHITE, BLACK]);
  });

  it('rotates an image clockwise about its origin and multiplies its tint in', () => {
    // 4×4 with its origin at the centre (2, 2) placed at (10, 10), a quarter turn: red's top-left goes top-right.
    const p = withQuad((r) => r.image(7, 0, 0, 2, 2, 10, 10, 4, 4, Math.PI / 2, 2, 2, 0, 0xffffffff));
    expect([px(p, 11, 8), px(p, 11, 11), px(p, 8, 11), px(p, 8, 8), px(p, 12, 10)]).toEqual([RED, GREEN, WHITE, BLUE, BLACK]);
    const tinted = withQuad((r) => r.image(7, 1, 1, 1, 1, 0, 0, 2, 2, 0, 0, 0, 0, 0xff000080));
    expect(px(tinted, 0, 0)).toEqual([128, 0, 0, 255]);
  });

  it('applies set_transform to shapes drawn after it, but clear always fills the screen', () => {
    const p = draw((r) => {
      r.transform(1, 0, 0, 1, 5, 5);
      r.clear(0x000080ff);
      r.rect(0, 0, 2, 2, 0xffffffff);
      r.circle(10, 0, 1, 0xff0000ff);
      r.transform(2, 0, 0, 2, 0, 0);
      r.line(0, 9, 2, 9, 1, 0x00ff00ff);
    });
    expect([px(p, 0, 0), px(p, 5, 5), px(p, 6, 6), px(p, 7, 7), px(p, 15, 5)]).toEqual([[0, 0, 128, 255], WHITE, WHITE, [0, 0, 128, 255], RED]);
    // the line, doubled: from x -1 to 5 (caps of 0.5 doubled), y 17 to 19
    expect([px(p, 0, 18), px(p, 4, 17), px(p, 5, 18), px(p, 2, 16)]).toEqual([GREEN, GREEN, [0, 0, 128, 255], [0, 0, 128, 255]]);
    // a square turned 45° about its centre (10, 10): the centre is covered, the old corners are not
    const turned = draw((r) => {
      const c = Math.SQRT1_2;
      r.transform(c, c, -c, c, 10 - c * 10 + c * 10, 10 - c * 10 - c * 10);
      r.rect(7, 7, 6, 6, 0xffffffff);
    });
    expect([px(turned, 10, 10), px(turned, 10, 6), px(turned, 7, 7), px(turned, 12, 12)]).toEqual([WHITE, WHITE, BLACK, BLACK]);
  });

  it('draws the arrows and symbols games put in help lines instead of `?`', () => {
    const shot = (t: string) => draw((r) => r.text(t, 0, 0, 10, 0xffffffff), 12, 12).data.join();
    for (const symbol of ['←', '→', '↑', '↓', '▶', '★', '×', '…']) expect(shot(symbol), symbol).not.toBe(shot('?'));
    expect(shot('←')).not.toBe(shot('→'));
  });

  it('keeps images in an ImageStore from the frame that creates them to the frames that draw them', () => {
    const store = new ImageStore();
    const first = new DrawListBuilder();
    first.imageCreate(3, 2, 2, QUAD);
    rasterize(first.finish(), 8, 8, RASTER_FONT, 1, store);
    const second = new DrawListBuilder();
    second.image(3, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0xffffffff);
    expect(px(rasterize(second.finish(), 8, 8, RASTER_FONT, 1, store), 1, 1)).toEqual(WHITE);
    const third = new DrawListBuilder();
    third.imageFree(3);
    third.image(3, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0xffffffff);
    expect(px(rasterize(third.finish(), 8, 8, RASTER_FONT, 1, store), 1, 1)).toEqual(BLACK);
  });
});
