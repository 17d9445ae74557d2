// ABI v2's host imports (src/host/abi.ts, docs/abi.md): transforms, polygons,
// rings, images, sound and save data. Environment-free, like the session.
//
// Every import checks its arguments and stops the session (through
// `host.breach`) with a message naming the import and the value at fault; what
// passes is appended to the frame's draw list, so images, sounds and saves are
// outputs of the frame that recordings hash. The only import that gives the
// game anything back from outside is save_read, and the save a session
// starts with is recorded (docs/recording.md), so replays stay exact.

import {
  IMAGE_FLAGS,
  IMAGE_FORMATS,
  MAX_IMAGE_SIDE,
  MAX_IMAGES,
  MAX_POLYGON_POINTS,
  MAX_SAVE_BYTES,
  MAX_SOUND_SECONDS,
  MAX_SOUNDS,
  SOUND_CHANNELS,
  TONE_WAVES,
} from './abi';
import { f32Text } from './input';
import type { HostContext } from './profiles/profile';

/** What the v2 imports need from the session. */
export type AbiV2Host = Pick<HostContext, 'draw' | 'memory' | 'breach' | 'loadSave' | 'storeSave' | 'limits' | 'overLimit'>;

const ALL_FLAGS = Object.values(IMAGE_FLAGS).reduce((a, b) => a | b, 0);
const FORMATS = new Set(Object.values(IMAGE_FORMATS));
const WAVES = Object.values(TONE_WAVES).length;
const num = f32Text;

/** Indexed images with at least this many bytes of indices convert through a table of every byte value's pixels (convertIndexed). */
export const BYTE_TABLE_MIN = 512;

/**
 * Converts a 1-, 2-, 4- or 8-bit indexed image (rows of `stride` bytes at
 * `ptr`, each byte's pixels most significant bits first) to `out`'s RGBA
 * words through `colours`; `bad` is called for a pixel whose index is past the
 * palette, row by row (the session's stops there: the first is named), never
 * for the unused bits that end a row.
 * A game's first frame often carries its sheets and backdrops, converted
 * while V8 still interprets this code, so the work per pixel is kept small:
 * 8-bit indices a plain loop; smaller ones, in an image of BYTE_TABLE_MIN
 * bytes or more, a table of each byte value's pixels copied with one `set`
 * per byte (Crate Mate's two images, among them a 336×240 1-bit backdrop, in
 * a fresh Node process: median 22 → 7 ms of CPU, docs/performance.md); the
 * rest a pixel at a time.
 */
export function convertIndexed(mem: Uint8Array, ptr: number, stride: number, width: number, height: number, format: number, colours: Uint32Array, out: Uint32Array, bad: (x: number, y: number, index: number) => void): void {
  const palLen = colours.length;
  if (format === 8) {
    for (let y = 0; y < height; y++) {
      const at = ptr + y * stride;
      const o = y * width;
      for (let x = 0; x < width; x++) {
        const index = mem[at + x];
        if (index >= palLen) bad(x, y, index);
        out[o + x] = colours[index];
      }
    }
    return;
  }
  const mask = (1 << format) - 1;
  const per = 8 / format;
  // a byte value's pixels; null when one of them is past the palette
  let table: (Uint32Array | null)[] | undefined;
  if (stride * height >= BYTE_TABLE_MIN) {
    table = [];
    for (let v = 0; v < 256; v++) {
      const pixels: Uint32Array | null = new Uint32Array(per);
      let ok = true;
      for (let p = 0; p < per; p++) {
        const index = (v >> (8 - format * (p + 1))) & mask;
        if (index >= palLen) ok = false;
        else pixels[p] = colours[index];
      }
      table.push(ok ? pixels : null);
    }
  }
  const whole = table ? Math.floor(width / per) : 0;
  for (let y = 0; y < height; y++) {
    let at = ptr + y * stride;
    let o = y * width;
    let x = 0;
    if (table) {
      for (const end = at + whole; at < end; at++, o += per, x += per) {
        const pixels = table[mem[at]];
        if (!pixels) {
          for (let p = 0; p < per; p++) {
            const index = (mem[at] >> (8 - format * (p + 1))) & mask;
            if (index >= palLen) bad(x + p, y, index);
          }
        } else out.set(pixels, o);
      }
    }
    // (the row's last byte, or all of it without a table) a pixel at a time
    for (; x < width; at++) {
      const byte = mem[at];
      for (let shift = 8 - format; shift >= 0 && x < width; shift -= format, x++, o++) {
        const index = (byte >> shift) & mask;
        if (index >= palLen) bad(x, y, index);
        out[o] = colours[index];
      }
    }
  }
}

/**
 * The state ABI v2 keeps per session: the images and samples alive (the save
 * is the session's). Everything in it follows from the game's calls, so it is
 * as deterministic as the game.
 */
export class AbiV2State {
  private readonly images = new Map<number, { width: number; height: number }>();
  private imageBytes = 0;
  private nextImage = 1;
  private readonly sounds = new Set<number>();
  private audioBytes = 0;
  private nextSound = 1;

  /** The v2 imports, by name. */
  imports(host: AbiV2Host): Record<string, (...args: number[]) => number | void> {
    const b = host.draw;
    const fail = host.breach;
    const range = (fn: string, name: string, value: number, lo: number, hi: number): void => {
      if (!(value >= lo && value <= hi)) fail(`${fn}: ${name}=${num(value)} is outside ${lo}..${hi}`);
    };
    const finite = (fn: string, names: readonly string[], values: readonly number[]): void => {
      for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k])) fail(`${fn}: ${names[k]}=${num(values[k])} is not a finite number`);
    };
    /** The memory view after checking that [ptr, ptr+len) lies in it. */
    const span = (fn: string, what: string, ptr: number, len: number): Uint8Array => {
      const mem = host.memory();
      if (ptr + len > mem.length) fail(`${fn}: ${what} at ${ptr}..${ptr + len} lies outside the game's ${mem.length}-byte memory`);
      return mem;
    };
    const channel = (fn: string, ch: number): void => {
      if (ch >= SOUND_CHANNELS) fail(`${fn}: channel=${ch} is outside 0..${SOUND_CHANNELS - 1}`);
    };
    const image = (fn: string, id: number): { width: number; height: number } => {
      const img = this.images.get(id);
      if (!img) fail(`${fn}: id=${id} is not an image (${id > 0 && id < this.nextImage ? 'it was freed' : 'image_create returns ids'})`);
      return img!;
    };

    return {
      set_transform: (a, bb, c, d, e, f) => {
        finite('set_transform', ['a', 'b', 'c', 'd', 'e', 'f'], [a, bb, c, d, e, f]);
        b.transform(a, bb, c, d, e, f);
      },

      draw_polygon: (ptrArg, countArg, rgba) => {
        const ptr = ptrArg >>> 0;
        const count = countArg >>> 0;
        if (count < 3 || count > MAX_POLYGON_POINTS) fail(`draw_polygon: count=${count} is outside 3..${MAX_POLYGON_POINTS}`);
        const mem = span('draw_polygon', `the ${count} points (${count * 8} bytes)`, ptr, count * 8);
        const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
        const points = new Float32Array(2 * count);
        for (let k = 0; k < 2 * count; k++) {
          const v = view.getFloat32(ptr + 4 * k, true);
          if (!Number.isFinite(v)) fail(`draw_polygon(ptr=${ptr}, count=${count}): point ${k >> 1} has ${k & 1 ? 'y' : 'x'}=${num(v)}, not a finite number`);
          points[k] = v;
        }
        const bad = firstConcaveVertex(points, count);
        if (bad >= 0) fail(`draw_polygon(ptr=${ptr}, count=${count}): the polygon is not convex (it turns the other way at point ${bad})`);
        b.polygon(points, count, rgba);
      },

      draw_circle_outline: (cx, cy, r, t, rgba) => b.ring(cx, cy, r, t, rgba),

      image_create: (ptrArg, wArg, hArg, formatArg, palPtrArg, palLenArg) => {
        const fn = 'image_create';
        const [ptr, width, height, format, palPtr, palLen] = [ptrArg, wArg, hArg, formatArg, palPtrArg, palLenArg].map((v) => v >>> 0);
        if (width < 1 || width > MAX_IMAGE_SIDE) fail(`${fn}: width=${width} is outside 1..${MAX_IMAGE_SIDE}`);
        if (height < 1 || height > MAX_IMAGE_SIDE) fail(`${fn}: height=${height} is outside 1..${MAX_IMAGE_SIDE}`);
        if (!FORMATS.has(format)) fail(`${fn}: format=${format} is not one of 32 (RGBA8), 1, 2, 4, 8 (indexed bits per pixel)`);
        if (this.images.size >= MAX_IMAGES) fail(`${fn}: ${MAX_IMAGES} images are alive already (MAX_IMAGES); free some with image_free`);
        const bytes = width * height * 4;
        if (this.imageBytes + bytes > host.limits.imageBytes) host.overLimit('imageBytes', this.imageBytes + bytes, `image_create of a ${width}×${height} image`);
        const rgba = new Uint8Array(bytes);
        if (format === 32) {
          if (palPtr !== 0 || palLen !== 0) fail(`${fn}: format 32 (RGBA8) takes no palette, got palette_ptr=${palPtr}, palette_len=${palLen}`);
          const mem = span(fn, `the ${width}×${height} RGBA pixels (${bytes} bytes)`, ptr, bytes);
          rgba.set(mem.subarray(ptr, ptr + bytes));
        } else {
          const max = 1 << format;
          if (palLen < 1 || palLen > max) fail(`${fn}: palette_len=${palLen} is outside 1..${max} for ${format}-bit indices`);
          const pal = span(fn, `the palette (${palLen} entries, ${palLen * 4} bytes)`, palPtr, palLen * 4);
          // Each entry is the u32 0xRRGGBBAA; kept as the word whose little-endian bytes are
          // R, G, B, A (draw lists are little-endian: drawlist.ts), so a pixel is one store.
          const colours = new Uint32Array(palLen);
          for (let k = 0; k < palLen; k++) {
            const p = palPtr + 4 * k;
            colours[k] = pal[p + 3] | (pal[p + 2] << 8) | (pal[p + 1] << 16) | (pal[p] << 24);
          }
          const stride = Math.ceil((width * format) / 8);
          const mem = span(fn, `the ${width}×${height} ${format}-bit pixels (${stride * height} bytes, ${stride} per row)`, ptr, stride * height);
          convertIndexed(mem, ptr, stride, width, height, format, colours, new Uint32Array(rgba.buffer), (x, y, index) =>
            fail(`${fn}: pixel (${x}, ${y}) has palette index ${index}, but the palette has ${palLen} entries`));
        }
        const id = this.nextImage++;
        this.images.set(id, { width, height });
        this.imageBytes += bytes;
        b.imageCreate(id, width, height, rgba);
        return id;
      },

      image_free: (idArg) => {
        const id = idArg >>> 0;
        const img = image('image_free', id);
        this.images.delete(id);
        this.imageBytes -= img.width * img.height * 4;
        b.imageFree(id);
      },

      draw_image: (idArg, sx, sy, sw, sh, x, y, w, h, angle, ox, oy, flagsArg, rgba) => {
        const fn = 'draw_image';
        const id = idArg >>> 0;
        const flags = flagsArg >>> 0;
        const img = image(fn, id);
        finite(fn, ['sx', 'sy', 'sw', 'sh', 'x', 'y', 'w', 'h', 'angle', 'ox', 'oy'], [sx, sy, sw, sh, x, y, w, h, angle, ox, oy]);
        if (!(sw > 0 && sh > 0 && sx >= 0 && sy >= 0 && sx + sw <= img.width && sy + sh <= img.height)) {
          fail(`${fn}: source rectangle (${num(sx)}, ${num(sy)}, ${num(sw)}, ${num(sh)}) is not a non-empty part of image ${id} (${img.width}×${img.height})`);
        }
        if (flags & ~ALL_FLAGS) fail(`${fn}: flags=${flags} has bits other than FLIP_X (1) and FLIP_Y (2)`);
        b.image(id, sx, sy, sw, sh, x, y, w, h, angle, ox, oy, flags, rgba);
      },

      tone: (chArg, waveArg, freq, freqEnd, duration, volume, pan, attack, decay, sustain, release, duty) => {
        const fn = 'tone';
        const ch = chArg >>> 0;
        const wave = waveArg >>> 0;
        channel(fn, ch);
        if (wave >= WAVES) fail(`${fn}: wave=${wave} is outside 0..${WAVES - 1} (square, triangle, sawtooth, noise, sine)`);
        range(fn, 'freq', freq, 20, 20000);
        range(fn, 'freq_end', freqEnd, 20, 20000);
        range(fn, 'duration', duration, 0, 10);
        range(fn, 'volume', volume, 0, 1);
        range(fn, 'pan', pan, -1, 1);
        range(fn, 'attack', attack, 0, 10);
        range(fn, 'decay', decay, 0, 10);
        range(fn, 'sustain', sustain, 0, 1);
        range(fn, 'release', release, 0, 10);
        range(fn, 'duty', duty, 0.05, 0.95);
        b.note(ch, wave, freq, freqEnd, duration, volume, pan, attack, decay, sustain, release, duty);
      },

      sound_create: (ptrArg, samplesArg, rateArg) => {
        const fn = 'sound_create';
        const [ptr, samples, rate] = [ptrArg, samplesArg, rateArg].map((v) => v >>> 0);
        if (rate < 4000 || rate > 96000) fail(`${fn}: sample_rate=${rate} is outside 4000..96000`);
        const most = rate * MAX_SOUND_SECONDS;
        if (samples < 1 || samples > most) fail(`${fn}: samples=${samples} is outside 1..${most} (${MAX_SOUND_SECONDS} s at ${rate} Hz)`);
        if (this.sounds.size >= MAX_SOUNDS) fail(`${fn}: ${MAX_SOUNDS} samples were created already (MAX_SOUNDS)`);
        const bytes = samples * 2;
        if (this.audioBytes + bytes > host.limits.audioBytes) host.overLimit('audioBytes', this.audioBytes + bytes, `sound_create of ${samples} samples`);
        const mem = span(fn, `the ${samples} samples (${bytes} bytes)`, ptr, bytes);
        const id = this.nextSound++;
        this.sounds.add(id);
        this.audioBytes += bytes;
        b.soundCreate(id, samples, rate, mem.subarray(ptr, ptr + bytes));
        return id;
      },

      sound_play: (idArg, chArg, volume, pan, rate) => {
        const fn = 'sound_play';
        const id = idArg >>> 0;
        const ch = chArg >>> 0;
        if (!this.sounds.has(id)) fail(`${fn}: id=${id} is not a sample (sound_create returns ids)`);
        channel(fn, ch);
        range(fn, 'volume', volume, 0, 1);
        range(fn, 'pan', pan, -1, 1);
        range(fn, 'rate', rate, 0.125, 8);
        b.soundPlay(id, ch, volume, pan, rate);
      },

      sound_stop: (chArg) => {
        const ch = chArg >>> 0;
        channel('sound_stop', ch);
        b.soundStop(ch);
      },

      save_write: (ptrArg, lenArg) => {
        const ptr = ptrArg >>> 0;
        const len = lenArg >>> 0;
        if (len > MAX_SAVE_BYTES) fail(`save_write: len=${len} is over MAX_SAVE_BYTES (${MAX_SAVE_BYTES})`);
        const mem = span('save_write', `the ${len} bytes`, ptr, len);
        const data = mem.slice(ptr, ptr + len);
        host.storeSave(data);
      },

      save_read: (ptrArg, capArg) => {
        const ptr = ptrArg >>> 0;
        const cap = capArg >>> 0;
        const mem = span('save_read', `the ${cap}-byte destination`, ptr, cap);
        const data = host.loadSave();
        mem.set(data.subarray(0, Math.min(cap, data.length)), ptr);
        return data.length;
      },
    };
  }
}

/**
 * Index of the first vertex where a polygon turns against the others (it is
 * not convex), or -1. Collinear runs are allowed; so is either winding order.
 */
export function firstConcaveVertex(points: ArrayLike<number>, count: number): number {
  let sign = 0;
  let turned = 0; // total turning angle: ±2π for a simple convex polygon, ±4π for a pentagram
  for (let k = 0; k < count; k++) {
    const a = (k + count - 1) % count;
    const c = (k + 1) % count;
    const ux = points[2 * k] - points[2 * a];
    const uy = points[2 * k + 1] - points[2 * a + 1];
    const vx = points[2 * c] - points[2 * k];
    const vy = points[2 * c + 1] - points[2 * k + 1];
    const cross = ux * vy - uy * vx;
    if (cross === 0) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return k;
    turned += Math.atan2(cross, ux * vx + uy * vy);
    if (Math.abs(turned) > 2 * Math.PI + 1e-6) return k;
  }
  return -1;
}
