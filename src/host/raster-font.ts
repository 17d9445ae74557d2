// The rasterizer's font: "Seven plus" from js-pixel-fonts (MIT), 7 rows high,
// glyphs up to 5 pixels wide — drawn into the ABI's monospace cells — plus our
// own glyphs for the symbols games put in their help lines and menus (arrows,
// triangles, a star, ×, ·, …, dashes, °), so a screenshot does not show `?` where
// the app shows a symbol.
import sevenPlus from 'js-pixel-fonts/data/seven-plus.json';
import type { PixelFont } from './raster';

/** A glyph from rows of `#` (on) and `.` (off), `offset` rows below the top of the 7-row line. */
function glyph(offset: number, ...rows: string[]): PixelFont['glyphs'][string] {
  return { offset, pixels: rows.map((row) => [...row].map((c) => (c === '#' ? 1 : 0))) };
}

const SYMBOLS: PixelFont['glyphs'] = {
  '←': glyph(1, '..#..', '.#...', '#####', '.#...', '..#..'),
  '→': glyph(1, '..#..', '...#.', '#####', '...#.', '..#..'),
  '↑': glyph(0, '..#..', '.###.', '#.#.#', '..#..', '..#..', '..#..', '..#..'),
  '↓': glyph(0, '..#..', '..#..', '..#..', '..#..', '#.#.#', '.###.', '..#..'),
  '▶': glyph(0, '#....', '##...', '###..', '####.', '###..', '##...', '#....'),
  '◀': glyph(0, '....#', '...##', '..###', '.####', '..###', '...##', '....#'),
  '▲': glyph(1, '..#..', '.###.', '.###.', '#####', '#####'),
  '▼': glyph(1, '#####', '#####', '.###.', '.###.', '..#..'),
  '★': glyph(0, '..#..', '..#..', '#####', '.###.', '.###.', '##.##', '#...#'),
  '●': glyph(1, '.###.', '#####', '#####', '#####', '.###.'),
  '×': glyph(1, '#...#', '.#.#.', '..#..', '.#.#.', '#...#'),
  '·': glyph(3, '#'),
  '…': glyph(6, '#.#.#'),
  '–': glyph(3, '####'),
  '—': glyph(3, '#####'),
  '−': glyph(3, '#####'),
  '°': glyph(0, '.#.', '#.#', '.#.'),
};

export const RASTER_FONT: PixelFont = { glyphs: { ...(sevenPlus as PixelFont).glyphs, ...SYMBOLS } };
