// The wasm4 profile: WASM-4 carts written here in WAT, checked against
// WASM-4's documented semantics pixel by pixel (framebuffer), plus sound,
// storage, trace, input registers and the frame loop.
import { describe, expect, it } from 'vitest';
import { KEY_CODES } from '../../../src/host/abi';
import { GameSession, SessionStopped, type FrameResult, type SessionOptions } from '../../../src/host/session';
import { fontRow } from '../../../src/host/profiles/wasm4-font';
import { compileWat } from '../../fixtures/compile';
import { TEST_OPTIONS } from '../engines';
import { framebufferOf } from '../helpers';

const HEADER = `
  (import "env" "memory" (memory 1 1))
  (import "env" "rect" (func $rect (param i32 i32 i32 i32)))
  (import "env" "oval" (func $oval (param i32 i32 i32 i32)))
  (import "env" "line" (func $line (param i32 i32 i32 i32)))
  (import "env" "hline" (func $hline (param i32 i32 i32)))
  (import "env" "vline" (func $vline (param i32 i32 i32)))
  (import "env" "text" (func $text (param i32 i32 i32)))
  (import "env" "textUtf8" (func $textUtf8 (param i32 i32 i32 i32)))
  (import "env" "textUtf16" (func $textUtf16 (param i32 i32 i32 i32)))
  (import "env" "blit" (func $blit (param i32 i32 i32 i32 i32 i32)))
  (import "env" "blitSub" (func $blitSub (param i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "tone" (func $tone (param i32 i32 i32 i32)))
  (import "env" "diskr" (func $diskr (param i32 i32) (result i32)))
  (import "env" "diskw" (func $diskw (param i32 i32) (result i32)))
  (import "env" "trace" (func $trace (param i32)))
  (import "env" "traceUtf8" (func $traceUtf8 (param i32 i32)))
  (import "env" "traceUtf16" (func $traceUtf16 (param i32 i32)))
  (import "env" "tracef" (func $tracef (param i32 i32)))
  (func $colors (param i32) (i32.store16 (i32.const 0x14) (local.get 0)))`;

/** A cart whose update() runs `body` (and start() runs `start`). */
function cart(body: string, extra = '', start = ''): Uint8Array {
  return compileWat(`(module ${HEADER} ${extra} (func (export "start") ${start}) (func (export "update") ${body}))`, null);
}

type Frame = ReturnType<typeof framebufferOf>;

function frameOf(r: FrameResult): Frame {
  const f = framebufferOf(r.drawList);
  expect([f.width, f.height]).toEqual([160, 160]);
  return f;
}

/** Rows of a region as strings of palette indices, '.' for index 0. */
function region(f: Frame, x: number, y: number, w: number, h: number): string[] {
  const rows: string[] = [];
  for (let yy = y; yy < y + h; yy++) {
    let row = '';
    for (let xx = x; xx < x + w; xx++) row += f.pixels[yy * 160 + xx] === 0 ? '.' : String(f.pixels[yy * 160 + xx]);
    rows.push(row);
  }
  return rows;
}

async function session(wasm: Uint8Array, extra: Partial<SessionOptions> = {}) {
  return GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS, ...extra });
}

async function firstFrame(body: string, extra = ''): Promise<Frame> {
  return frameOf((await session(cart(body, extra))).step());
}

describe('wasm4 profile: loading and the frame loop', () => {
  it('is detected from the imported memory and functions; starts with the default palette and DRAW_COLORS', async () => {
    const s = await session(cart('(call $rect (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 1))'));
    expect(s.profile).toBe('wasm4');
    expect(s.meta).toMatchObject({ width: 160, height: 160 });
    const f = frameOf(s.step());
    expect(f.palette).toEqual([0xe0f8cfff, 0x86c06cff, 0x306850ff, 0x071821ff]);
    // DRAW_COLORS 0x1203: fill = palette colour 3 (index 2), outline transparent
    expect(region(f, 0, 0, 3, 2)).toEqual(['22.', '...']);
    expect(memoryHashStable(s)).toBe(true);
  });

  it('calls start() once in the first frame, then clears the framebuffer before every update() unless SYSTEM_FLAGS preserves it', async () => {
    // start draws a pixel; update draws a pixel at x = frame number
    const wasm = cart(
      `(global.set $n (i32.add (global.get $n) (i32.const 1)))
       (call $colors (i32.const 2))
       (call $hline (global.get $n) (i32.const 0) (i32.const 1))
       (if (i32.eq (global.get $n) (i32.const 2)) (then (i32.store8 (i32.const 0x1f) (i32.const 1))))`,
      '(global $n (mut i32) (i32.const 0))',
      '(call $colors (i32.const 3)) (call $hline (i32.const 0) (i32.const 0) (i32.const 1))',
    );
    const s = await session(wasm);
    expect(region(frameOf(s.step()), 0, 0, 5, 1)).toEqual(['21...']); // start's pixel kept in frame 1
    expect(region(frameOf(s.step()), 0, 0, 5, 1)).toEqual(['..1..']); // cleared before frame 2's update
    expect(region(frameOf(s.step()), 0, 0, 5, 1)).toEqual(['..11.']); // preserve flag set in frame 2
  });

  it('maps the keyboard to GAMEPAD1 and GAMEPAD2 with WASM-4\'s default layout and reports MOUSE/NETPLAY as idle', async () => {
    const logs: string[] = [];
    const wasm = cart(
      `(i32.store (i32.const 0x2000) (i32.load8_u (i32.const 0x16)))
       (i32.store (i32.const 0x2004) (i32.load8_u (i32.const 0x17)))
       (i32.store (i32.const 0x2008) (i32.load16_s (i32.const 0x1a)))
       (i32.store (i32.const 0x200c) (i32.load8_u (i32.const 0x1e)))
       (i32.store (i32.const 0x2010) (i32.load8_u (i32.const 0x20)))
       (call $tracef (i32.const 0x4000) (i32.const 0x2000))`,
      '(data (i32.const 0x4000) "p1=%d p2=%d mx=%d mb=%d net=%d\\00")',
    );
    const s = await session(wasm, { onLog: (_f, m) => logs.push(m) });
    s.queueKey(KEY_CODES.KeyX, true); // button 1
    s.queueKey(KEY_CODES.ArrowLeft, true); // 16
    s.queueKey(KEY_CODES.KeyE, true); // player 2 up: 64
    s.step();
    s.queueKey(KEY_CODES.KeyX, false);
    s.queueKey(KEY_CODES.KeyC, true); // button 2
    s.queueKey(KEY_CODES.Tab, true); // player 2 button 2
    s.step();
    expect(logs).toEqual(['p1=17 p2=64 mx=32767 mb=0 net=0', 'p1=18 p2=66 mx=32767 mb=0 net=0']);
  });
});

describe('wasm4 profile: mouse and real gamepads', () => {
  const probe = () =>
    cart(
      `(i32.store (i32.const 0x2000) (i32.load8_u (i32.const 0x16)))
       (i32.store (i32.const 0x2004) (i32.load8_u (i32.const 0x17)))
       (i32.store (i32.const 0x2008) (i32.load16_s (i32.const 0x1a)))
       (i32.store (i32.const 0x200c) (i32.load16_s (i32.const 0x1c)))
       (i32.store (i32.const 0x2010) (i32.load8_u (i32.const 0x1e)))
       (call $tracef (i32.const 0x4000) (i32.const 0x2000))`,
      '(data (i32.const 0x4000) "p1=%d p2=%d mx=%d my=%d mb=%d\\00")',
    );

  it('writes the pointer to MOUSE_X/MOUSE_Y (screen pixels, cut to integers) and its buttons to MOUSE_BUTTONS (left 1, right 2, middle 4)', async () => {
    const logs: string[] = [];
    const s = await session(probe(), { onLog: (_f, m) => logs.push(m) });
    s.queueInput({ kind: 'pointer-move', x: 12.75, y: 159.5 });
    s.queueInput({ kind: 'pointer-down', button: 0 });
    s.step();
    s.queueInput({ kind: 'pointer-down', button: 2 });
    s.queueInput({ kind: 'pointer-down', button: 1 });
    s.queueInput({ kind: 'pointer-move', x: -3.5, y: 200 });
    s.step();
    s.queueInput({ kind: 'pointer-up', button: 0 });
    s.queueInput({ kind: 'pointer-up', button: 1 });
    s.queueInput({ kind: 'pointer-wheel', dx: 0, dy: 3 }); // not WASM-4's: dropped
    s.step();
    expect(logs).toEqual(['p1=0 p2=0 mx=12 my=159 mb=1', 'p1=0 p2=0 mx=-4 my=200 mb=7', 'p1=0 p2=0 mx=-4 my=200 mb=2']);
  });

  it("maps standard-layout gamepads to GAMEPAD1–4 as WASM-4's web runtime does (d-pad or stick, A/Y/RB/RT = X, B/X/LB/LT = Z), combined with the keyboard", async () => {
    const logs: string[] = [];
    const s = await session(probe(), { onLog: (_f, m) => logs.push(m) });
    s.queueInput({ kind: 'gamepad-connected', pad: 0, connected: true });
    s.queueInput({ kind: 'gamepad-button', pad: 0, button: 0, value: 1 }); // A: button 1
    s.queueInput({ kind: 'gamepad-button', pad: 0, button: 15, value: 1 }); // d-pad right
    s.queueInput({ kind: 'gamepad-connected', pad: 1, connected: true });
    s.queueInput({ kind: 'gamepad-axis', pad: 1, axis: 1, value: -0.75 }); // stick up
    s.queueInput({ kind: 'gamepad-button', pad: 1, button: 4, value: 1 }); // LB: button 2
    s.step();
    s.queueInput({ kind: 'gamepad-button', pad: 0, button: 0, value: 0 });
    s.queueKey(KEY_CODES.KeyC, true); // keyboard button 2 for player 1
    s.queueInput({ kind: 'gamepad-axis', pad: 1, axis: 1, value: -0.25 }); // inside the half-way mark
    s.step();
    s.queueInput({ kind: 'gamepad-connected', pad: 0, connected: false }); // unplugged: its buttons are released
    s.step();
    expect(logs.map((l) => l.split(' mx')[0])).toEqual(['p1=33 p2=66', 'p1=34 p2=2', 'p1=2 p2=2']);
  });
});

describe('wasm4 profile: drawing (framebuffer pixels)', () => {
  it('rect: fill with draw colour 1, 1-pixel outline with draw colour 2, clipped; 0 is transparent', async () => {
    const f = await firstFrame(`
      (call $colors (i32.const 0x32)) (call $rect (i32.const 1) (i32.const 1) (i32.const 5) (i32.const 4))
      (call $colors (i32.const 0x30)) (call $rect (i32.const 8) (i32.const 1) (i32.const 3) (i32.const 3))
      (call $colors (i32.const 0x04)) (call $rect (i32.const -2) (i32.const 6) (i32.const 4) (i32.const 2))`);
    expect(region(f, 0, 0, 12, 8)).toEqual([
      '............',
      '.22222..222.',
      '.21112..2.2.',
      '.21112..222.',
      '.22222......',
      '............',
      '33..........',
      '33..........',
    ]);
  });

  it('hline, vline and line in draw colour 1 (both ends included)', async () => {
    const f = await firstFrame(`
      (call $colors (i32.const 4))
      (call $hline (i32.const 1) (i32.const 0) (i32.const 3))
      (call $vline (i32.const 0) (i32.const 1) (i32.const 2))
      (call $colors (i32.const 2))
      (call $line (i32.const 6) (i32.const 4) (i32.const 1) (i32.const 2))`);
    // the line walks from its upper end (1, 2): Bresenham with the error starting at trunc(5 / 2)
    expect(region(f, 0, 0, 8, 5)).toEqual(['.333....', '3.......', '311.....', '...11...', '.....11.']);
  });

  it('oval: a circle filled with draw colour 1 and outlined with draw colour 2', async () => {
    const f = await firstFrame('(call $colors (i32.const 0x21)) (call $oval (i32.const 0) (i32.const 0) (i32.const 7) (i32.const 7))');
    expect(region(f, 0, 0, 8, 8)).toEqual(['..111...', '.1...1..', '1.....1.', '1.....1.', '1.....1.', '.1...1..', '..111...', '........']);
  });

  it('blit: 1bpp and 2bpp, flips and rotation, transparent draw colours, blitSub with a stride', async () => {
    // 1bpp 4×2 sprite: rows 1100 / 1000 (MSB first)
    const f = await firstFrame(
      `(call $colors (i32.const 0x20))
       (call $blit (i32.const 0x4000) (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 2) (i32.const 0))
       (call $blit (i32.const 0x4000) (i32.const 5) (i32.const 0) (i32.const 4) (i32.const 2) (i32.const 2))
       (call $blit (i32.const 0x4000) (i32.const 10) (i32.const 0) (i32.const 4) (i32.const 2) (i32.const 4))
       (call $blit (i32.const 0x4000) (i32.const 0) (i32.const 3) (i32.const 4) (i32.const 2) (i32.const 8))
       (call $colors (i32.const 0x4321))
       (call $blit (i32.const 0x4010) (i32.const 5) (i32.const 3) (i32.const 4) (i32.const 1) (i32.const 1))
       (call $colors (i32.const 0x20))
       (call $blitSub (i32.const 0x4020) (i32.const 10) (i32.const 3) (i32.const 2) (i32.const 2) (i32.const 2) (i32.const 1) (i32.const 8) (i32.const 0))`,
      // 0x4000: 1100 1000 packed = 0xc8 ; 0x4010: 2bpp 0,1,2,3 = 0b00011011 ; 0x4020: 8-wide 1bpp sheet rows 00000000 / 00110000 / 00100000
      '(data (i32.const 0x4000) "\\c8") (data (i32.const 0x4010) "\\1b") (data (i32.const 0x4020) "\\00\\30\\20")',
    );
    expect(region(f, 0, 0, 14, 7)).toEqual([
      '11.....11.1...', // plain 1100/1000; flipped in x (0011/0001); flipped in y (rows swapped)
      '1.......1.11..',
      '..............',
      '......123.11..', // 2bpp 0,1,2,3 through DRAW_COLORS 0x4321 (index 0 shows as '.'); blitSub: the sheet's 2×2 at (2, 1)
      '..........1...',
      '1.............', // rotated 90° anticlockwise: the sprite's right column on top, its left column (1,1) at the bottom
      '11............',
    ]);
  });

  it('text: our 8×8 font, ink in draw colour 1, cell background in draw colour 2, \\n starts a new line', async () => {
    const f = await firstFrame(
      `(call $colors (i32.const 0x24)) (call $text (i32.const 0x4000) (i32.const 0) (i32.const 0))
       (call $colors (i32.const 0x03)) (call $textUtf8 (i32.const 0x4000) (i32.const 1) (i32.const 20) (i32.const 0))
       (call $textUtf16 (i32.const 0x4010) (i32.const 4) (i32.const 40) (i32.const 0))`,
      '(data (i32.const 0x4000) "A\\nB\\00") (data (i32.const 0x4010) "C\\00D\\00")',
    );
    const glyph = (ch: string, ink: string, paper: string) =>
      Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, (_, c) => ((fontRow(ch.charCodeAt(0), r) >> (7 - c)) & 1 ? ink : paper)).join(''));
    expect(region(f, 0, 0, 8, 8)).toEqual(glyph('A', '3', '1'));
    expect(region(f, 0, 8, 8, 8)).toEqual(glyph('B', '3', '1'));
    expect(region(f, 20, 0, 8, 8)).toEqual(glyph('A', '2', '.'));
    expect(region(f, 40, 0, 16, 8).map((r) => r.slice(0, 8))).toEqual(glyph('C', '2', '.'));
    expect(region(f, 48, 0, 8, 8)).toEqual(glyph('D', '2', '.'));
  });

  it("text: the font covers WASM-4's: button and arrow glyphs at 0x80, 0x81, 0x84–0x87, Latin-1 letters and symbols; its empty codes are blank", async () => {
    const codes = [0x80, 0x81, 0x84, 0x85, 0x86, 0x87, 0xe9, 0xc9, 0xf1, 0xdf, 0xa9, 0x90];
    const f = await firstFrame(
      `(call $colors (i32.const 0x03)) (call $text (i32.const 0x4000) (i32.const 0) (i32.const 0))`,
      `(data (i32.const 0x4000) "${codes.map((c) => `\\${c.toString(16)}`).join('')}\\00")`,
    );
    const cell = (i: number) => region(f, i * 8, 0, 8, 8).join('/');
    const cells = codes.map((_, i) => cell(i));
    // every glyph draws ink, and no two look alike; the code WASM-4 leaves empty is a blank cell
    for (let i = 0; i < codes.length - 1; i++) expect(cells[i], `0x${codes[i].toString(16)}`).toContain('2');
    expect(new Set(cells.slice(0, -1)).size).toBe(codes.length - 1);
    expect(cells.at(-1)).not.toContain('2');
    // é is e with an acute above it: e's body in rows 2–6, the mark in rows 0–1
    const rows = (code: number) => Array.from({ length: 8 }, (_, r) => fontRow(code, r));
    expect(rows(0xe9).slice(2)).toEqual(rows(0x65).slice(2));
    expect(rows(0xe9).slice(0, 2).some((bits) => bits !== 0)).toBe(true);
    // ← and → mirror each other
    // (glyphs sit in columns 1–5 of the cell, so a mirrored ← lands one column right of →)
    expect(rows(0x84).map((b) => [...b.toString(2).padStart(8, '0')].reverse().join(''))).toEqual(rows(0x85).map((b) => `0${b.toString(2).padStart(8, '0').slice(0, 7)}`));
  });

  it('shows the palette the cart writes', async () => {
    const f = await firstFrame('(i32.store (i32.const 4) (i32.const 0xff0000)) (i32.store (i32.const 16) (i32.const 0x123456))');
    expect(f.palette).toEqual([0xff0000ff, 0x86c06cff, 0x306850ff, 0x123456ff]);
  });
});

describe('wasm4 profile: sound, storage, trace', () => {
  it('turns tone() into tone commands: channels, duty, pan, slides, note mode and ADSR', async () => {
    const s = await session(
      cart(`(call $tone (i32.const ${(880 << 16) | 440}) (i32.const ${(1 << 24) | (2 << 16) | (4 << 8) | 30}) (i32.const ${(80 << 8) | 50}) (i32.const ${(1 << 4) | (2 << 2) | 1}))
            (call $tone (i32.const ${(128 << 8) | 69}) (i32.const 10) (i32.const 100) (i32.const ${64 | 2}))
            (call $tone (i32.const 200) (i32.const 5) (i32.const 25) (i32.const 3))`),
    );
    expect(frameOf(s.step()).tones).toEqual([
      { channel: 1, wave: 2, pan: 1, freqStart: 440, freqEnd: 880, attack: 1, decay: 2, sustain: 30, release: 4, peak: Math.fround(0.8), volume: 0.5 },
      { channel: 2, wave: 4, pan: 0, freqStart: Math.fround(440 * 2 ** (0.5 / 12)), freqEnd: Math.fround(440 * 2 ** (0.5 / 12)), attack: 0, decay: 0, sustain: 10, release: 0, peak: 1, volume: 1 },
      { channel: 3, wave: 5, pan: 0, freqStart: 200, freqEnd: 200, attack: 0, decay: 0, sustain: 5, release: 0, peak: 1, volume: 0.25 },
    ]);
  });

  it('diskw stores up to 1 KiB of save data, diskr reads it back (also in the next session)', async () => {
    const saves: Uint8Array[] = [];
    const logs: string[] = [];
    const wasm = cart(
      `(i32.store (i32.const 0x2000) (call $diskr (i32.const 0x3000) (i32.const 8)))
       (i32.store (i32.const 0x2004) (i32.load8_u (i32.const 0x3000)))
       (call $tracef (i32.const 0x4000) (i32.const 0x2000))
       (i32.store8 (i32.const 0x3100) (i32.add (i32.load8_u (i32.const 0x3000)) (i32.const 1)))
       (drop (call $diskw (i32.const 0x3100) (i32.const 2000)))`,
      '(data (i32.const 0x4000) "read %d first %d\\00")',
    );
    const a = await session(wasm, { onSave: (d) => saves.push(d), onLog: (_f, m) => logs.push(m) });
    a.step();
    a.step();
    expect(saves.map((d) => [d.length, d[0]])).toEqual([
      [1024, 1],
      [1024, 2],
    ]);
    const b = await session(wasm, { saveData: saves[1], onLog: (_f, m) => logs.push(m) });
    b.step();
    expect(logs).toEqual(['read 0 first 0', 'read 8 first 1', 'read 8 first 2']);
  });

  it('trace, traceUtf8, traceUtf16 and tracef write to the log', async () => {
    const logs: string[] = [];
    const s = await session(
      cart(
        `(call $trace (i32.const 0x4000)) (call $traceUtf8 (i32.const 0x4010) (i32.const 4)) (call $traceUtf16 (i32.const 0x4020) (i32.const 4))
         (i32.store (i32.const 0x2000) (i32.const 65)) (i32.store (i32.const 0x2004) (i32.const -7)) (i32.store (i32.const 0x2008) (i32.const 255))
         (i32.store (i32.const 0x200c) (i32.const 0x4000)) (f64.store (i32.const 0x2010) (f64.const 2.5))
         (call $tracef (i32.const 0x4030) (i32.const 0x2000))`,
        '(data (i32.const 0x4000) "hi\\00") (data (i32.const 0x4010) "h\\c3\\a9!") (data (i32.const 0x4020) "o\\00k\\00") (data (i32.const 0x4030) "%c %d %x %s %f 100%%\\00")',
      ),
      { onLog: (_f, m) => logs.push(m) },
    );
    s.step();
    expect(logs).toEqual(['hi', 'hé!', 'ok', 'A -7 ff hi 2.5 100%']);
  });

  it('stops with a contract error naming the call for a string or sprite outside memory', async () => {
    const stop = async (body: string) => {
      const s = await session(cart(body));
      try {
        s.step();
      } catch (e) {
        expect(e).toBeInstanceOf(SessionStopped);
        return (e as SessionStopped).info;
      }
      throw new Error('expected a stop');
    };
    expect(await stop('(call $textUtf8 (i32.const 65530) (i32.const 10) (i32.const 0) (i32.const 0))')).toMatchObject({ kind: 'contract', message: expect.stringMatching(/textUtf8\(ptr=65530, len=10\) reads bytes 65530\.\.65540, outside/) });
    expect(await stop('(call $blit (i32.const 65535) (i32.const 0) (i32.const 0) (i32.const 16) (i32.const 8) (i32.const 0))')).toMatchObject({ kind: 'contract', message: expect.stringMatching(/blit reads sprite byte 65536/) });
  });

  it('refuses a module that imports something WASM-4 does not provide', async () => {
    await expect(GameSession.create(compileWat(`(module (import "env" "memory" (memory 1)) (import "env" "pset" (func)) (func (export "update")))`, null), { seed: 1 })).rejects.toMatchObject({
      info: { kind: 'contract', message: expect.stringMatching(/^game imports `env.pset`, which WASM-4 does not provide/) },
    });
  });
});

/** The framebuffer lives in the cart's memory, so the memory checksum is defined and repeatable. */
function memoryHashStable(s: GameSession): boolean {
  return s.memoryHash() === s.memoryHash() && s.memorySize === 65536;
}

