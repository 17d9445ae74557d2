// Pictures of frames as PNG files: `arcade run --screenshot`, and the
// expected/actual/diff pictures a failing replay leaves next to its report.
// The pixels come from the environment-free rasterizer (src/host/raster.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { diffPictures, ImageStore, Rasterizer, type Picture } from '../host/raster';
import { RASTER_FONT } from '../host/raster-font';
import { visitDrawList } from '../host/drawlist';
import { visitCallText } from '../host/recording/drawtext';
import type { DrawDivergence } from '../host/recording';
import { writeFileAtomic } from './files';

/** Device pixels per logical pixel so that a small screen still makes a picture you can see (the longer side ≥ 640). */
export function defaultScale(width: number, height: number): number {
  return Math.max(1, Math.min(8, Math.ceil(640 / Math.max(width, height))));
}

export function encodePng(picture: Picture): Uint8Array {
  return encode({ width: picture.width, height: picture.height, data: picture.data, channels: 4, depth: 8 });
}

/** The picture of a binary draw list; `images` holds the images earlier frames created (and is updated). */
export function drawListPicture(drawList: ArrayBuffer, width: number, height: number, scale = defaultScale(width, height), images?: ImageStore): Picture {
  const r = new Rasterizer(width, height, scale, RASTER_FONT, images);
  visitDrawList(drawList, r);
  return r.picture;
}

/** The picture of draw calls as recordings store them (canonical text). */
export function callsPicture(calls: readonly string[], width: number, height: number, scale = defaultScale(width, height)): Picture {
  const r = new Rasterizer(width, height, scale, RASTER_FONT);
  visitCallText(calls, r);
  return r.picture;
}

export interface DivergencePictures {
  readonly dir: string;
  readonly files: readonly string[];
  /** Device pixels that differ. */
  readonly differing: number;
}

/**
 * expected.png, actual.png and diff.png of a replay's first divergent frame,
 * and report.txt beside them, in `dir`. Undefined when the expected calls are
 * unknown (a `draws: none` recording whose build was not found).
 */
export function writeDivergencePictures(dir: string, draw: DrawDivergence, width: number, height: number, report: string): DivergencePictures | undefined {
  if (!draw.expectedCalls) return undefined;
  const expected = callsPicture(draw.expectedCalls, width, height);
  const actual = callsPicture(draw.actualCalls, width, height);
  const diff = diffPictures(expected, actual);
  mkdirSync(dir, { recursive: true });
  const files = [
    [join(dir, 'expected.png'), encodePng(expected)],
    [join(dir, 'actual.png'), encodePng(actual)],
    [join(dir, 'diff.png'), encodePng(diff.picture)],
  ] as const;
  for (const [file, bytes] of files) writeFileAtomic(file, bytes);
  const reportFile = join(dir, 'report.txt');
  writeFileAtomic(reportFile, `${report}\n`);
  return { dir, files: [...files.map(([f]) => f), reportFile], differing: diff.differing };
}

/** Where a failing replay of `recording` leaves its pictures by default: `<name>.failure/` beside it. */
export function failureDir(recording: string): string {
  return `${recording.replace(/\.rec(\.gz)?$/, '')}.failure`;
}
