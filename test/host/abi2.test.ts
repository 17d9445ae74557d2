// ABI v2 (src/host/abi2-imports.ts, src/host/input.ts, docs/abi.md): every
// import with good and bad input, device input delivery, save data, and the
// draw-list events that carry images, sound and saves.
import { describe, expect, it } from 'vitest';
import { MAX_SAVE_BYTES } from '../../src/host/abi';
import { BYTE_TABLE_MIN, convertIndexed, firstConcaveVertex } from '../../src/host/abi2-imports';
import { DrawListBuilder, hasEvents, visitDrawList } from '../../src/host/drawlist';
import { DeviceState, formatDeviceInput, parseDeviceInput, type DeviceInput, type InputEvent } from '../../src/host/input';
import { DrawCallText } from '../../src/host/recording';
import { GameSession, SessionStopped, type SessionOptions } from '../../src/host/session';
import { compileWat, fixture } from '../fixtures/compile';
import { stepUntilStopped } from './helpers';

const v2 = fixture('v2game');

async function start(options: Partial<SessionOptions> = {}, wasm = v2): Promise<GameSession> {
  return GameSession.create(wasm, { seed: 1, engine: 'interp', ...options });
}

function calls(drawList: ArrayBuffer): string[] {
  const t = new DrawCallText();
  visitDrawList(drawList, t);
  return t.calls;
}

/** A v2 game whose update makes one call (`body`, WAT) with the imports it needs. */
function oneCall(imports: string, body: string, init = ''): Uint8Array {
  return compileWat(
    `(module ${imports}
      (memory (export "memory") 1)
      (data (i32.const 0) "\\00\\00\\00\\00\\ff\\00\\00\\ff")
      (func (export "init") (param i32 i32 i32) ${init})
      (func (export "update") (param f32) ${body})
      (func (export "draw"))
      (func (export "key_down") (param i32))
      (func (export "key_up") (param i32)))`,
    'abi=2\ntitle=T\nwidth=64\nheight=64\n',
  );
}

const IMG = '(import "env" "image_create" (func $img (param i32 i32 i32 i32 i32 i32) (result i32)))';
const DRAW_IMG = '(import "env" "draw_image" (func $draw (param i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 i32 i32)))';
const TONE = '(import "env" "tone" (func $tone (param i32 i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32)))';

async function stopOf(wasm: Uint8Array, options: Partial<SessionOptions> = {}): Promise<string> {
  let session: GameSession;
  try {
    session = await start(options, wasm);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionStopped);
    return (error as SessionStopped).info.message;
  }
  const info = stepUntilStopped(session, 3);
  expect(info.kind).toBe('contract');
  return info.message;
}

describe('ABI v2 images', () => {
  it('hands the pixels over once: what init creates goes out with frame 1, ahead of the drawing', async () => {
    const session = await start();
    const first = calls(session.step().drawList);
    expect(first.slice(0, 3).map((c) => c.split(' ').slice(0, 4).join(' '))).toEqual(['image-create 1 8 8', 'image-create 2 2 2', 'sound-create 1 800 8000']);
    expect(first[3]).toBe('clear #202020ff');
    expect(first.filter((c) => c.startsWith('image ')).length).toBe(4);
    const second = calls(session.step().drawList);
    expect(second.some((c) => c.startsWith('image-create'))).toBe(false);
    expect(second.filter((c) => c.startsWith('image ')).length).toBe(4);
  });

  it('converts every indexed format, at any width, as the reference conversion does', async () => {
    // widths that end mid-byte (a row's last byte has unused bits), heights over one row,
    // random pixels and palettes: compared pixel by pixel with a plain conversion
    let seed = 0x9e3779b9;
    const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) | 0) >>> 24);
    for (const format of [1, 2, 4, 8]) {
      // (333×13 and 64×64 have BYTE_TABLE_MIN bytes of indices or more: they convert through the byte table)
      for (const [width, height] of [[1, 1], [3, 2], [7, 3], [8, 1], [9, 2], [13, 3], [33, 2], [333, 13], [64, 64]] as const) {
        const stride = Math.ceil((width * format) / 8);
        const pixelBytes = Array.from({ length: stride * height }, rand);
        const palLen = 1 << format;
        const palette = Array.from({ length: palLen * 4 }, rand);
        const session = await start({}, indexedGame(format, width, height, pixelBytes, palette));
        let got: Uint8Array | undefined;
        visitDrawList(session.step().drawList, { ...noDraw, imageCreate: (_id, _w, _h, rgba) => (got = rgba.slice()) });
        const want: number[] = [];
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const bit = x * format;
            const index = (pixelBytes[y * stride + (bit >> 3)]! >> (8 - format - (bit & 7))) & (palLen - 1);
            // the palette entry is the little-endian u32 0xRRGGBBAA: bytes A, B, G, R
            want.push(palette[index * 4 + 3]!, palette[index * 4 + 2]!, palette[index * 4 + 1]!, palette[index * 4]!);
          }
        }
        expect(Array.from(got!), `${format} bpp, ${width}×${height}`).toEqual(want);
      }
    }
  });

  it('finds a palette index past the palette in any byte of a large image, and none in the bits that end a row', () => {
    // width 333 leaves unused bits at the end of each row at 1, 2 and 4 bpp
    for (const format of [1, 2, 4, 8]) {
      const width = 333, height = 13, stride = Math.ceil((width * format) / 8);
      expect(stride * height).toBeGreaterThanOrEqual(BYTE_TABLE_MIN);
      const palLen = (1 << format) - 1;
      const colours = new Uint32Array(palLen).map((_, i) => 0x01020304 * (i + 1));
      const convert = (mem: Uint8Array): [number, number, number][] => {
        const bad: [number, number, number][] = [];
        convertIndexed(mem, 0, stride, width, height, format, colours, new Uint32Array(width * height), (x, y, index) => bad.push([x, y, index]));
        return bad;
      };
      const unusedBits = stride * 8 - width * format;
      const mem = new Uint8Array(stride * height);
      // every row's unused bits set: not pixels
      if (unusedBits > 0) for (let y = 0; y < height; y++) mem[y * stride + stride - 1] = (1 << unusedBits) - 1;
      expect(convert(mem), `${format} bpp`).toEqual([]);
      // the last index (past a palette one short) at a pixel inside a whole byte, and at the row's last pixel
      const put = (x: number, y: number): void => {
        const bit = x * format;
        mem[y * stride + (bit >> 3)] |= ((1 << format) - 1) << (8 - format - (bit & 7));
      };
      put(37, 5);
      put(width - 1, 9);
      expect(convert(mem), `${format} bpp`).toEqual([[37, 5, palLen], [width - 1, 9, palLen]]);
    }
  });

  it('names the first pixel, row by row, whose index is past a short palette', async () => {
    // 4 bpp, 3×2, palette of 5: row 0 is 0 1 2 (its last nibble unused, 0xf), row 1 is 4 7 5
    const wasm = indexedGame(4, 3, 2, [0x01, 0x2f, 0x47, 0x50], Array.from({ length: 20 }, (_, i) => i));
    expect(await stopOf(wasm)).toContain('image_create: pixel (1, 1) has palette index 7, but the palette has 5 entries');
  });

  it('converts 2 bpp indices, most significant bits first, to RGBA', async () => {
    // row: 0b00010000 0b00000001 → pixel 1 = 1 (red), pixel 7 = 1; the rest 0 (transparent)
    const session = await start({}, indexedRowGame([0b00010000, 0b00000001]));
    let pixels: Uint8Array | undefined;
    visitDrawList(session.step().drawList, { ...noDraw, imageCreate: (_id, w, h, rgba) => (pixels = rgba.slice()) });
    expect(pixels).toBeDefined();
    const red = [0xff, 0, 0, 0xff];
    const clear = [0, 0, 0, 0];
    const px = (i: number) => Array.from(pixels!.subarray(i * 4, i * 4 + 4));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(px)).toEqual([clear, red, clear, clear, clear, clear, clear, red]);
  });

  it.each([
    ['a zero width', '(drop (call $img (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 32) (i32.const 0) (i32.const 0)))', 'image_create: width=0 is outside 1..4096'],
    ['an unknown format', '(drop (call $img (i32.const 0) (i32.const 4) (i32.const 4) (i32.const 3) (i32.const 0) (i32.const 4)))', 'image_create: format=3 is not one of 32 (RGBA8), 1, 2, 4, 8'],
    ['pixels outside memory', '(drop (call $img (i32.const 65530) (i32.const 4) (i32.const 4) (i32.const 32) (i32.const 0) (i32.const 0)))', 'image_create: the 4×4 RGBA pixels (64 bytes) at 65530..65594 lies outside'],
    ['a palette index past the palette', '(drop (call $img (i32.const 4) (i32.const 4) (i32.const 1) (i32.const 8) (i32.const 0) (i32.const 2)))', 'image_create: pixel (0, 0) has palette index 255, but the palette has 2 entries'],
    ['a too big palette', '(drop (call $img (i32.const 0) (i32.const 4) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 3)))', 'image_create: palette_len=3 is outside 1..2 for 1-bit indices'],
    ['a palette with RGBA8', '(drop (call $img (i32.const 0) (i32.const 1) (i32.const 1) (i32.const 32) (i32.const 0) (i32.const 4)))', 'image_create: format 32 (RGBA8) takes no palette'],
  ])('stops the game for %s, naming the import and the value', async (_what, body, message) => {
    expect(await stopOf(oneCall(IMG, body))).toContain(`contract breach in frame 1: ${message}`);
  });

  it('keeps images within the image limit (IMAGE_BUDGET_BYTES): a limit stop', async () => {
    // 1024×1024 RGBA (4 MiB) from address 0 would lie outside a 1-page memory: use 16 pages of indexed pixels instead
    const wasm = compileWat(
      `(module ${IMG}
        (memory (export "memory") 32)
        (data (i32.const 0) "\\00\\00\\00\\ff")
        (func (export "update") (param f32) (local $i i32)
          (loop $l (drop (call $img (i32.const 16) (i32.const 4096) (i32.const 256) (i32.const 8) (i32.const 0) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 20)))))
        (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
      'abi=2\ntitle=T\nwidth=64\nheight=64\n',
    );
    const session = await start({}, wasm);
    const info = stepUntilStopped(session, 3);
    expect(info.kind).toBe('limit');
    expect(info.message).toBe(
      'limit: image bytes 37748736 alive exceeds 33554432 (image_create of a 4096×256 image in frame 1; a game raises it with max-image-bytes=N in its arcade.game section, up to 268435456)',
    );
  });

  it('checks draw_image: the id, the source rectangle, the flags', async () => {
    const make = (id: string, sx: number, flags: number) =>
      oneCall(
        `${IMG} ${DRAW_IMG} (global $id (mut i32) (i32.const 0))`,
        `(call $draw ${id} (f32.const ${sx}) (f32.const 0) (f32.const 1) (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 8) (f32.const 8) (f32.const 0) (f32.const 0) (f32.const 0) (i32.const ${flags}) (i32.const -1))`,
        '(global.set $id (call $img (i32.const 0) (i32.const 2) (i32.const 1) (i32.const 32) (i32.const 0) (i32.const 0)))',
      );
    expect(await stopOf(make('(i32.const 7)', 0, 0))).toContain('draw_image: id=7 is not an image');
    expect(await stopOf(make('(global.get $id)', 1.5, 0))).toContain('draw_image: source rectangle (1.5, 0, 1, 1) is not a non-empty part of image 1 (2×1)');
    expect(await stopOf(make('(global.get $id)', 0, 4))).toContain('draw_image: flags=4 has bits other than FLIP_X (1) and FLIP_Y (2)');
    const ok = await start({}, make('(global.get $id)', 1, 3));
    expect(calls(ok.step().drawList)).toContain('image 1 1 0 1 1 0 0 8 8 0 0 0 3 #ffffffff');
  });
});

describe('ABI v2 shapes and transforms', () => {
  it('draws the transform, polygon and ring; clear keeps the transform', async () => {
    const session = await start();
    const frame = calls(session.step().drawList);
    expect(frame).toContain('transform 0.70710677 0.70710677 -0.70710677 0.70710677 95.35534 -10.208153');
    expect(frame).toContain('polygon 200 150 240 150 220 180 #00ffffff');
    expect(frame).toContain('ring 280 60 20 4 #ffffffff');
    const b = new DrawListBuilder();
    b.transform(2, 0, 0, 2, 0, 0);
    b.rect(0, 0, 1, 1, 1);
    b.clear(5);
    b.rect(1, 1, 1, 1, 1);
    expect(calls(b.finish())).toEqual(['clear #00000005', 'transform 2 0 0 2 0 0', 'rect 1 1 1 1 #00000001']);
  });

  it('finds concave and self-crossing polygons, in either winding', () => {
    expect(firstConcaveVertex([0, 0, 10, 0, 10, 10, 0, 10], 4)).toBe(-1);
    expect(firstConcaveVertex([0, 10, 10, 10, 10, 0, 0, 0], 4)).toBe(-1);
    expect(firstConcaveVertex([0, 0, 10, 0, 5, 2, 10, 10, 0, 10], 5)).toBe(2);
    // a pentagram turns the same way at every point but twice around
    const star = [0, 1, 2, 3, 4].flatMap((k) => [Math.cos((k * 4 * Math.PI) / 5), Math.sin((k * 4 * Math.PI) / 5)]);
    expect(firstConcaveVertex(star, 5)).toBeGreaterThanOrEqual(0);
  });

  it('stops for bad polygons and transforms', async () => {
    const POLY = '(import "env" "draw_polygon" (func $poly (param i32 i32 i32)))';
    expect(await stopOf(oneCall(POLY, '(call $poly (i32.const 0) (i32.const 2) (i32.const -1))'))).toContain('draw_polygon: count=2 is outside 3..64');
    expect(await stopOf(oneCall(POLY, '(call $poly (i32.const 65528) (i32.const 3) (i32.const -1))'))).toContain('draw_polygon: the 3 points (24 bytes) at 65528..65552 lies outside');
    const XF = '(import "env" "set_transform" (func $xf (param f32 f32 f32 f32 f32 f32)))';
    expect(await stopOf(oneCall(XF, '(call $xf (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const inf) (f32.const 0))'))).toContain('set_transform: e=Infinity is not a finite number');
  });
});

describe('ABI v2 sound', () => {
  it('puts tones and samples into the frame output (recordings hash them)', async () => {
    const session = await start();
    const frames = Array.from({ length: 30 }, () => session.step());
    expect(calls(frames[0].drawList)).toContain('sound-create 1 800 8000 ' + calls(frames[0].drawList).find((c) => c.startsWith('sound-create'))!.split(' ')[4]);
    expect(calls(frames[29].drawList)[0]).toBe('note 0 0 440 660 0.1 0.3 0 0.01 0.05 0.5 0.1 0.25');
    expect(hasEvents(frames[29].drawList)).toBe(true);
    expect(hasEvents(frames[28].drawList)).toBe(false);
  });

  it.each([
    ['freq', '(f32.const 5)', 'tone: freq=5 is outside 20..20000'],
    ['duty', '(f32.const 440)', 'tone: duty=0.99 is outside 0.05..0.95'],
  ])('stops for an absurd %s', async (which, freq, message) => {
    const duty = which === 'duty' ? '0.99' : '0.5';
    const body = `(call $tone (i32.const 0) (i32.const 0) ${freq} (f32.const 440) (f32.const 0.1) (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const 0) (f32.const ${duty}))`;
    expect(await stopOf(oneCall(TONE, body))).toContain(message);
  });

  it('stops for a bad channel, sample id or sample rate', async () => {
    const body = '(call $tone (i32.const 8) (i32.const 0) (f32.const 440) (f32.const 440) (f32.const 0.1) (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const 0) (f32.const 0.5))';
    expect(await stopOf(oneCall(TONE, body))).toContain('tone: channel=8 is outside 0..7');
    const PLAY = '(import "env" "sound_play" (func $play (param i32 i32 f32 f32 f32)))';
    expect(await stopOf(oneCall(PLAY, '(call $play (i32.const 3) (i32.const 0) (f32.const 1) (f32.const 0) (f32.const 1))'))).toContain('sound_play: id=3 is not a sample');
    const CREATE = '(import "env" "sound_create" (func $snd (param i32 i32 i32) (result i32)))';
    expect(await stopOf(oneCall(CREATE, '(drop (call $snd (i32.const 0) (i32.const 10) (i32.const 100)))'))).toContain('sound_create: sample_rate=100 is outside 4000..96000');
  });
});

describe('ABI v2 save data', () => {
  const saved = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);

  it('reads the save the session starts with and writes new ones into the frame output', async () => {
    const logs: string[] = [];
    const session = await start({ saveData: saved(3), onLog: (_f, m) => logs.push(m) });
    expect(logs).toContain('saved clicks');
    expect(session.initialSave).toEqual(saved(3));
    session.queueInput({ kind: 'pointer-down', button: 0 });
    const frame = calls(session.step().drawList);
    expect(frame.find((c) => c.startsWith('save '))).toMatch(/^save 4 [0-9a-f]{16}$/);
    expect(frame).toContain('rect 10 200 40 8 #00ff00ff');
    expect(session.saveData).toEqual(saved(4));
  });

  it('starts without a save that is too big, and says why', async () => {
    const logs: string[] = [];
    const session = await start({ saveData: new Uint8Array(MAX_SAVE_BYTES + 1), onLog: (_f, m) => logs.push(m) });
    expect(session.saveProblem).toBe('the save data is 65537 bytes, over the 65536-byte limit: the game starts without a save');
    expect(logs).toContain(session.saveProblem);
    expect(session.initialSave).toBeUndefined();
  });

  it('stops a save_write over 64 KiB, naming the length', async () => {
    const SAVE = '(import "env" "save_write" (func $save (param i32 i32)))';
    expect(await stopOf(oneCall(SAVE, '(call $save (i32.const 0) (i32.const 70000))'))).toContain('save_write: len=70000 is over MAX_SAVE_BYTES (65536)');
  });
});

describe('ABI v2 pointer and gamepad input', () => {
  it('delivers pointer and gamepad events at the next frame, merging moves and dropping repeats', async () => {
    const session = await start();
    const events: DeviceInput[] = [
      { kind: 'pointer-move', x: 5, y: 6 },
      { kind: 'pointer-move', x: 100, y: 50 },
      { kind: 'pointer-down', button: 0 },
      { kind: 'pointer-down', button: 0 },
      { kind: 'gamepad-button', pad: 0, button: 0, value: 1 }, // not connected yet: dropped
      { kind: 'gamepad-connected', pad: 0, connected: true },
      { kind: 'gamepad-button', pad: 0, button: 0, value: 1 },
      { kind: 'gamepad-axis', pad: 0, axis: 0, value: 0.5 },
    ];
    for (const e of events) session.queueInput(e);
    const result = session.step();
    expect(result.input).toEqual([
      { kind: 'pointer-move', x: 100, y: 50 },
      { kind: 'pointer-down', button: 0 },
      // the test game has no gamepad_connected, but the connection is queued (and recorded) for replays
      { kind: 'gamepad-connected', pad: 0, connected: true },
      { kind: 'gamepad-button', pad: 0, button: 0, value: 1 },
      { kind: 'gamepad-axis', pad: 0, axis: 0, value: 0.5 },
    ] satisfies InputEvent[]);
    const frame = calls(result.drawList);
    expect(frame).toContain('rect 100 50 4 4 #ffffffff');
    expect(frame).toContain('rect 10 200 10 8 #00ff00ff');
    expect(frame).toContain('rect 10 215 10 8 #0000ffff');
    expect(frame).toContain('rect 270 200 8 8 #ffff00ff');
  });

  it('does not deliver device input to a v1 game', async () => {
    const session = await GameSession.create(fixture('probe'), { seed: 1, engine: 'interp' });
    session.queueInput({ kind: 'pointer-down', button: 0 });
    expect(session.step().input).toEqual([]);
  });

  it('rejects malformed events', async () => {
    const session = await start();
    expect(() => session.queueInput({ kind: 'pointer-down', button: 9 })).toThrow('pointer button 9 is not 0 to 4');
    expect(() => session.queueInput({ kind: 'gamepad-axis', pad: 0, axis: 0, value: 0.3 })).toThrow('is not a multiple of 1/256');
  });

  it('writes and reads every device event as a recording token', () => {
    const all: DeviceInput[] = [
      { kind: 'pointer-move', x: 12.5, y: -3 },
      { kind: 'pointer-down', button: 2 },
      { kind: 'pointer-up', button: 2 },
      { kind: 'pointer-wheel', dx: 0, dy: 3 },
      { kind: 'gamepad-connected', pad: 1, connected: true },
      { kind: 'gamepad-button', pad: 1, button: 7, value: 0.5 },
      { kind: 'gamepad-axis', pad: 1, axis: 3, value: -0.25 },
      { kind: 'gamepad-connected', pad: 1, connected: false },
    ];
    const tokens = all.map(formatDeviceInput);
    expect(tokens).toEqual(['ptr:12.5,-3', '+ptr:2', '-ptr:2', 'wheel:0,3', 'pad1:on', 'pad1:b7=0.5', 'pad1:a3=-0.25', 'pad1:off']);
    expect(tokens.map(parseDeviceInput)).toEqual(all);
    expect(parseDeviceInput('pad9:on')).toBe("'pad9:on': gamepad 9 is not 0 to 3");
    expect(parseDeviceInput('ptr:1')).toMatch(/is not an input event/);
  });

  it('releases what a pad held when it disconnects', () => {
    const state = new DeviceState();
    const queue: InputEvent[] = [];
    state.offer({ kind: 'gamepad-connected', pad: 0, connected: true }, queue);
    state.offer({ kind: 'gamepad-button', pad: 0, button: 3, value: 1 }, queue);
    state.offer({ kind: 'gamepad-axis', pad: 0, axis: 1, value: -1 }, queue);
    queue.length = 0;
    state.offer({ kind: 'gamepad-connected', pad: 0, connected: false }, queue);
    expect(queue).toEqual([
      { kind: 'gamepad-button', pad: 0, button: 3, value: 0 },
      { kind: 'gamepad-axis', pad: 0, axis: 1, value: 0 },
      { kind: 'gamepad-connected', pad: 0, connected: false },
    ]);
  });
});

const noDraw = { clear() {}, rect() {}, circle() {}, line() {}, text() {}, triangle() {}, framebuffer() {}, tone() {} };

/** A game that makes one width×height image at `format` bits per pixel from `pixels` (at address 4096) and `palette` (bytes, at 0). */
function indexedGame(format: number, width: number, height: number, pixels: number[], palette: number[]): Uint8Array {
  const bytes = (b: number[]) => b.map((v) => `\\${v.toString(16).padStart(2, '0')}`).join('');
  return compileWat(
    `(module ${IMG}
      (memory (export "memory") 1)
      (data (i32.const 0) "${bytes(palette)}")
      (data (i32.const 4096) "${bytes(pixels)}")
      (func (export "update") (param f32)
        (drop (call $img (i32.const 4096) (i32.const ${width}) (i32.const ${height}) (i32.const ${format}) (i32.const 0) (i32.const ${palette.length / 4}))))
      (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
    'abi=2\ntitle=T\nwidth=64\nheight=64\n',
  );
}

/** A game that makes one 8×1 image at 2 bpp from `row` (at address 16) with the palette transparent, red. */
function indexedRowGame(row: number[]): Uint8Array {
  const data = row.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  return compileWat(
    `(module ${IMG}
      (memory (export "memory") 1)
      (data (i32.const 0) "\\00\\00\\00\\00\\ff\\00\\00\\ff")
      (data (i32.const 16) "${data}")
      (func (export "update") (param f32) (drop (call $img (i32.const 16) (i32.const 8) (i32.const 1) (i32.const 2) (i32.const 0) (i32.const 2))))
      (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32)))`,
    'abi=2\ntitle=T\nwidth=64\nheight=64\n',
  );
}
