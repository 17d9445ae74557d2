// The headless rasterizer draws what the renderer shows (src/host/raster.ts).
import { describe, expect, it } from 'vitest';
import { DrawListBuilder } from '../../src/host/drawlist';
import { diffPictures, rasterize, Rasterizer, type Picture } from '../../src/host/raster';
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
});
