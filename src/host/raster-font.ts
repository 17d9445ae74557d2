// The rasterizer's font: "Seven plus" from js-pixel-fonts (MIT), 7 rows high,
// glyphs up to 5 pixels wide — drawn into the ABI's monospace cells.
import sevenPlus from 'js-pixel-fonts/data/seven-plus.json';
import type { PixelFont } from './raster';

export const RASTER_FONT: PixelFont = sevenPlus as PixelFont;
