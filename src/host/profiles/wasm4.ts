// The wasm4 profile: WASM-4 carts (https://wasm4.org, "Memory Layout" and
// "Functions" in its documentation; docs/profiles.md). The cart imports 64 KiB
// of memory with WASM-4's memory map and the drawing, sound, storage and trace
// functions from `env`; it exports start() and/or update(). Every frame the
// framebuffer is cleared (unless SYSTEM_FLAGS says preserve), update() runs,
// and the 160×160 2-bpp framebuffer with the palette becomes one framebuffer
// command of the frame's draw list (so replays compare it pixel for pixel);
// tone() becomes tone commands, diskr/diskw read and write the save data.

import { KEY_CODES } from '../abi';
import { isKeyEvent, type DeviceInput } from '../input';
import type { Tone } from '../drawlist';
import type { GameContract, ModuleInfo } from '../game';
import { Memory } from '../../runtime/index';
import { checkSpec, fn, specProvides, type ProfileSpec } from './contract';
import type { HostContext, HostProfile, InputEvent, ProfileBinding } from './profile';
import {
  W4_DRAW_COLORS,
  W4_FRAMEBUFFER,
  W4_GAMEPADS,
  W4_HEIGHT,
  W4_MOUSE_BUTTONS,
  W4_MOUSE_X,
  W4_MOUSE_Y,
  W4_NETPLAY,
  W4_PALETTE,
  W4_SYSTEM_FLAGS,
  W4_WIDTH,
  Wasm4Raster,
  MAX_LINE_STEPS,
} from './wasm4-raster';

/** Persistent storage a cart may use (diskr/diskw). */
export const W4_DISK_BYTES = 1024;
/** SYSTEM_FLAGS bit: do not clear the framebuffer before update(). */
export const SYSTEM_PRESERVE_FRAMEBUFFER = 1;
/** The palette a cart starts with (0xRRGGBB). */
export const W4_DEFAULT_PALETTE = [0xe0f8cf, 0x86c06c, 0x306850, 0x071821];
/** DRAW_COLORS at start. */
export const W4_DEFAULT_DRAW_COLORS = 0x1203;

/** Gamepad buttons (bits of GAMEPADS[n]). */
export const BUTTON_1 = 1;
export const BUTTON_2 = 2;
export const BUTTON_LEFT = 16;
export const BUTTON_RIGHT = 32;
export const BUTTON_UP = 64;
export const BUTTON_DOWN = 128;

/**
 * WASM-4's default keyboard layouts, as far as the arcade's key set reaches
 * (src/host/abi.ts KEY_CODES): player 1 X/V/Space = button 1, Z/C = button 2,
 * arrows; player 2 A/Q = button 1, Shift/Tab = button 2, E/S/D/F = up, left,
 * down, right. (WASM-4 also maps Period/Comma and a numpad player 3, keys the
 * arcade does not deliver.)
 */
export const W4_KEYS: Readonly<Record<number, readonly [player: number, button: number]>> = {
  [KEY_CODES.KeyX]: [0, BUTTON_1],
  [KEY_CODES.KeyV]: [0, BUTTON_1],
  [KEY_CODES.Space]: [0, BUTTON_1],
  [KEY_CODES.KeyZ]: [0, BUTTON_2],
  [KEY_CODES.KeyC]: [0, BUTTON_2],
  [KEY_CODES.ArrowLeft]: [0, BUTTON_LEFT],
  [KEY_CODES.ArrowRight]: [0, BUTTON_RIGHT],
  [KEY_CODES.ArrowUp]: [0, BUTTON_UP],
  [KEY_CODES.ArrowDown]: [0, BUTTON_DOWN],
  [KEY_CODES.KeyA]: [1, BUTTON_1],
  [KEY_CODES.KeyQ]: [1, BUTTON_1],
  [KEY_CODES.ShiftLeft]: [1, BUTTON_2],
  [KEY_CODES.Tab]: [1, BUTTON_2],
  [KEY_CODES.KeyE]: [1, BUTTON_UP],
  [KEY_CODES.KeyS]: [1, BUTTON_LEFT],
  [KEY_CODES.KeyD]: [1, BUTTON_DOWN],
  [KEY_CODES.KeyF]: [1, BUTTON_RIGHT],
};

/** MOUSE_BUTTONS bits, by DOM pointer button (0 primary, 1 middle, 2 secondary): left 1, right 2, middle 4. */
export const W4_MOUSE_BITS: readonly number[] = [1, 4, 2];

/**
 * WASM-4's mapping of a standard-layout gamepad (its web runtime): d-pad or
 * the left stick past half way for the directions; A, Y, RB, RT (0, 3, 5, 7)
 * for button 1 (X); B, X, LB, LT (1, 2, 4, 6) for button 2 (Z).
 */
export function w4PadBits(buttons: ArrayLike<number>, axes: ArrayLike<number>): number {
  const on = (...bs: number[]) => bs.some((b) => (buttons[b] ?? 0) >= 0.5);
  let mask = 0;
  if (on(12) || (axes[1] ?? 0) < -0.5) mask |= BUTTON_UP;
  if (on(13) || (axes[1] ?? 0) > 0.5) mask |= BUTTON_DOWN;
  if (on(14) || (axes[0] ?? 0) < -0.5) mask |= BUTTON_LEFT;
  if (on(15) || (axes[0] ?? 0) > 0.5) mask |= BUTTON_RIGHT;
  if (on(0, 3, 5, 7)) mask |= BUTTON_1;
  if (on(1, 2, 4, 6)) mask |= BUTTON_2;
  return mask;
}

/** The pointer and gamepad events a cart takes (mouse registers, gamepads 1–4); the wheel is not WASM-4's. */
const W4_INPUT: ReadonlySet<DeviceInput['kind']> = new Set(['pointer-move', 'pointer-down', 'pointer-up', 'gamepad-connected', 'gamepad-button', 'gamepad-axis']);

const I = 'i32';
const SPEC: ProfileSpec = {
  name: 'wasm4',
  abiName: 'WASM-4',
  imports: [
    { module: 'env', name: 'memory', kind: 'memory', required: true },
    { module: 'env', name: 'rect', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'oval', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'line', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'hline', kind: 'function', type: fn([I, I, I]) },
    { module: 'env', name: 'vline', kind: 'function', type: fn([I, I, I]) },
    { module: 'env', name: 'text', kind: 'function', type: fn([I, I, I]) },
    { module: 'env', name: 'textUtf8', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'textUtf16', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'blit', kind: 'function', type: fn([I, I, I, I, I, I]) },
    { module: 'env', name: 'blitSub', kind: 'function', type: fn([I, I, I, I, I, I, I, I, I]) },
    { module: 'env', name: 'tone', kind: 'function', type: fn([I, I, I, I]) },
    { module: 'env', name: 'diskr', kind: 'function', type: fn([I, I], [I]) },
    { module: 'env', name: 'diskw', kind: 'function', type: fn([I, I], [I]) },
    { module: 'env', name: 'trace', kind: 'function', type: fn([I]) },
    { module: 'env', name: 'traceUtf8', kind: 'function', type: fn([I, I]) },
    { module: 'env', name: 'traceUtf16', kind: 'function', type: fn([I, I]) },
    { module: 'env', name: 'tracef', kind: 'function', type: fn([I, I]) },
  ],
  exports: [
    { name: 'start', kind: 'function', type: fn([]), required: false },
    { name: 'update', kind: 'function', type: fn([]), required: false },
    { name: '_start', kind: 'function', type: fn([]), required: false },
    { name: '_initialize', kind: 'function', type: fn([]), required: false },
    { name: 'memory', kind: 'memory', required: false },
  ],
  someExport: ['start', 'update'],
  meta: { abi: 0, title: 'WASM-4 cart', width: W4_WIDTH, height: W4_HEIGHT },
};

const W4_FUNCTIONS = new Set(SPEC.imports.filter((i) => i.kind === 'function').map((i) => i.name));

export const wasm4Profile: HostProfile = {
  name: 'wasm4',
  summary: 'WASM-4 carts (imported 64 KiB memory map, 160×160 2-bpp framebuffer)',
  describe: () => 'a WASM-4 cart',
  provides: specProvides(SPEC),
  claims: (info: ModuleInfo) =>
    info.metaSections.length === 0 && info.imports.some((i) => i.module === 'env' && (i.name === 'memory' ? i.kind === 'memory' : W4_FUNCTIONS.has(i.name))),
  check: (info: ModuleInfo) => checkSpec(SPEC, info),
  bind: (_contract: GameContract, host: HostContext) => new Wasm4Binding(host),
};

type GameFn = () => unknown;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');

class Wasm4Binding implements ProfileBinding {
  readonly imports: Record<string, Record<string, unknown>>;
  readonly memory: Memory;
  private readonly mem: Uint8Array;
  private readonly raster: Wasm4Raster;
  private fns: { start?: GameFn; update?: GameFn; init?: GameFn } = {};
  /** Gamepad bits held by keys, and each real pad's buttons and axes. */
  private readonly pads = new Uint8Array(4);
  private readonly realPads = Array.from({ length: 4 }, () => ({ buttons: new Float64Array(17), axes: new Float64Array(4) }));
  private mouseButtons = 0;
  private firstFrame = true;
  private disk: Uint8Array;
  private readonly palette = new Uint32Array(4);

  constructor(private readonly host: HostContext) {
    this.memory = new Memory({ initial: 1, maximum: 1 });
    this.mem = new Uint8Array(this.memory.buffer);
    this.raster = new Wasm4Raster(this.mem);
    this.disk = host.loadSave().slice(0, W4_DISK_BYTES);
    const view = new DataView(this.memory.buffer);
    W4_DEFAULT_PALETTE.forEach((c, i) => view.setUint32(W4_PALETTE + 4 * i, c, true));
    view.setUint16(W4_DRAW_COLORS, W4_DEFAULT_DRAW_COLORS, true);
    view.setInt16(W4_MOUSE_X, 0x7fff, true); // no mouse: far off screen, as WASM-4 starts
    view.setInt16(W4_MOUSE_Y, 0x7fff, true);
    const r = this.raster;
    const read = (fn: string) => (address: number) => (address >= 0 && address < this.mem.length ? this.mem[address] : host.breach(`${fn} reads sprite byte ${address}, outside the cart's 65536-byte memory`));
    const readBlit = read('blit');
    const readBlitSub = read('blitSub');
    this.imports = {
      env: {
        memory: this.memory,
        rect: (x: number, y: number, w: number, h: number) => r.rect(x, y, w, h),
        oval: (x: number, y: number, w: number, h: number) => r.oval(x, y, w, h),
        line: (x1: number, y1: number, x2: number, y2: number) => {
          if (!r.line(x1, y1, x2, y2)) host.breach(`line(${x1}, ${y1}, ${x2}, ${y2}) is longer than ${MAX_LINE_STEPS} pixels`);
        },
        hline: (x: number, y: number, len: number) => r.hline(x, y, len),
        vline: (x: number, y: number, len: number) => r.vline(x, y, len),
        text: (ptr: number, x: number, y: number) => r.text(this.cString('text', ptr), x, y),
        textUtf8: (ptr: number, len: number, x: number, y: number) => r.text(this.bytes('textUtf8', ptr, len), x, y),
        textUtf16: (ptr: number, len: number, x: number, y: number) => r.text(this.units('textUtf16', ptr, len), x, y),
        blit: (sprite: number, x: number, y: number, w: number, h: number, flags: number) => r.blit(readBlit, sprite >>> 0, x, y, w, h, 0, 0, w, flags),
        blitSub: (sprite: number, x: number, y: number, w: number, h: number, srcX: number, srcY: number, stride: number, flags: number) =>
          r.blit(readBlitSub, sprite >>> 0, x, y, w, h, srcX, srcY, stride, flags),
        tone: (frequency: number, duration: number, volume: number, flags: number) => host.draw.tone(toneOf(frequency, duration, volume, flags)),
        diskr: (dest: number, size: number) => {
          const n = Math.min(size >>> 0, this.disk.length);
          this.bytes('diskr', dest, size >>> 0);
          this.mem.set(this.disk.subarray(0, n), dest >>> 0);
          return n;
        },
        diskw: (src: number, size: number) => {
          const n = Math.min(size >>> 0, W4_DISK_BYTES);
          this.bytes('diskw', src, size >>> 0);
          this.disk = this.mem.slice(src >>> 0, (src >>> 0) + n);
          host.storeSave(this.disk);
          return n;
        },
        trace: (ptr: number) => host.log(latin1.decode(this.cString('trace', ptr))),
        traceUtf8: (ptr: number, len: number) => host.log(utf8.decode(this.bytes('traceUtf8', ptr, len))),
        traceUtf16: (ptr: number, len: number) => host.log(utf16.decode(this.bytes('traceUtf16', ptr, len))),
        tracef: (fmt: number, args: number) => host.log(this.format(fmt, args)),
      },
    };
  }

  attach(ex: Record<string, unknown>): void {
    this.fns = { start: ex.start as GameFn | undefined, update: ex.update as GameFn | undefined, init: (ex._start ?? ex._initialize) as GameFn | undefined };
  }

  /** WASI's _start or _initialize (a runtime's own set-up, not WASM-4's start callback). */
  init(): void {
    this.fns.init?.();
  }

  wantsInput(kind: DeviceInput['kind']): boolean {
    return W4_INPUT.has(kind);
  }

  frame(input: readonly InputEvent[]): void {
    for (const e of input) {
      if (isKeyEvent(e)) {
        const key = W4_KEYS[e.code];
        if (!key) continue;
        if (e.down) this.pads[key[0]] |= key[1];
        else this.pads[key[0]] &= ~key[1];
      } else this.device(e);
    }
    for (let p = 0; p < 4; p++) this.mem[W4_GAMEPADS + p] = this.pads[p] | w4PadBits(this.realPads[p].buttons, this.realPads[p].axes);
    this.mem[W4_MOUSE_BUTTONS] = this.mouseButtons;
    this.mem[W4_NETPLAY] = 0;
    if (this.firstFrame) {
      // start() runs in the first frame, before its update(), on the fresh framebuffer
      this.firstFrame = false;
      this.fns.start?.();
    } else if (!(this.mem[W4_SYSTEM_FLAGS] & SYSTEM_PRESERVE_FRAMEBUFFER)) {
      this.raster.clear();
    }
    this.fns.update?.();
    const view = new DataView(this.memory.buffer, W4_PALETTE, 16);
    for (let i = 0; i < 4; i++) this.palette[i] = (((view.getUint32(4 * i, true) & 0xffffff) << 8) | 0xff) >>> 0;
    this.host.draw.framebuffer(this.mem, W4_FRAMEBUFFER, W4_WIDTH, W4_HEIGHT, 0, 0, W4_WIDTH, W4_HEIGHT, this.palette);
  }

  /** A pointer or gamepad event: the mouse registers (160×160 screen pixels, WASM-4's button bits) and the pads' state. */
  private device(e: DeviceInput): void {
    switch (e.kind) {
      case 'pointer-move': {
        const view = new DataView(this.memory.buffer);
        // stored as WASM-4 stores them: the screen coordinate cut to a 16-bit integer
        view.setInt16(W4_MOUSE_X, Math.floor(e.x), true);
        view.setInt16(W4_MOUSE_Y, Math.floor(e.y), true);
        break;
      }
      case 'pointer-down':
      case 'pointer-up': {
        const bit = W4_MOUSE_BITS[e.button] ?? 0;
        this.mouseButtons = e.kind === 'pointer-down' ? this.mouseButtons | bit : this.mouseButtons & ~bit;
        break;
      }
      case 'gamepad-button':
        this.realPads[e.pad].buttons[e.button] = e.value;
        break;
      case 'gamepad-axis':
        this.realPads[e.pad].axes[e.axis] = e.value;
        break;
      case 'gamepad-connected':
        if (!e.connected) {
          this.realPads[e.pad].buttons.fill(0);
          this.realPads[e.pad].axes.fill(0);
        }
        break;
      case 'pointer-wheel':
        break;
    }
  }

  /** [ptr, ptr+len) of memory, checked. */
  private bytes(fn: string, ptr: number, len: number): Uint8Array {
    const p = ptr >>> 0;
    this.host.bytes(fn, p, len);
    return this.mem.subarray(p, p + (len >>> 0));
  }

  /** The NUL-terminated string at ptr (without the NUL). */
  private cString(fn: string, ptr: number): Uint8Array {
    const p = ptr >>> 0;
    const end = p < this.mem.length ? this.mem.indexOf(0, p) : -1;
    if (end < 0) this.host.breach(`${fn}(ptr=${p}): no terminating 0 byte before the end of the cart's ${this.mem.length}-byte memory`);
    return this.mem.subarray(p, end);
  }

  /** 16-bit code units of [ptr, ptr+len), little-endian. */
  private *units(fn: string, ptr: number, len: number): Generator<number> {
    const b = this.bytes(fn, ptr, len);
    for (let i = 0; i + 1 < b.length; i += 2) yield b[i] | (b[i + 1] << 8);
  }

  /** tracef: %c %d %x %s %f %% over 4-byte (8 for %f) arguments at `args`, as WASM-4 formats them. */
  private format(fmtPtr: number, args: number): string {
    const fmt = this.cString('tracef', fmtPtr);
    let at = args >>> 0;
    const arg = (size: number) => {
      const view = new DataView(this.mem.buffer, this.bytes('tracef', at, size).byteOffset, size);
      at += size;
      return view;
    };
    let out = '';
    for (let i = 0; i < fmt.length; i++) {
      const ch = fmt[i];
      if (ch !== 0x25) {
        out += String.fromCharCode(ch);
        continue;
      }
      const sym = fmt[++i];
      if (sym === undefined) break;
      switch (String.fromCharCode(sym)) {
        case '%':
          out += '%';
          break;
        case 'c':
          out += String.fromCharCode(arg(4).getInt32(0, true) & 0xff);
          break;
        case 'd':
          out += String(arg(4).getInt32(0, true));
          break;
        case 'x':
          out += arg(4).getUint32(0, true).toString(16);
          break;
        case 's':
          out += latin1.decode(this.cString('tracef', arg(4).getUint32(0, true)));
          break;
        case 'f':
          out += formatG(arg(8).getFloat64(0, true));
          break;
        default:
          out += `%${String.fromCharCode(sym)}`;
      }
    }
    return out;
  }
}

/** C's %lg: 6 significant digits, trailing zeros dropped, exponent form for very large or small numbers. */
function formatG(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = v.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** WASM-4's tone() arguments as a tone command (docs/profiles.md: "Sound"). */
export function toneOf(frequency: number, duration: number, volume: number, flags: number): Tone {
  const channel = flags & 3;
  const noteMode = (flags & 64) !== 0;
  const hz = (f: number) => (noteMode ? 440 * 2 ** (((f & 0xff) + ((f >> 8) & 0xff) / 256 - 69) / 12) : f);
  const start = frequency & 0xffff;
  const end = (frequency >>> 16) & 0xffff;
  const pan = (flags >> 4) & 3;
  const peak = (volume >> 8) & 0xff;
  return {
    channel,
    wave: channel < 2 ? (flags >> 2) & 3 : channel === 2 ? 4 : 5,
    pan: pan === 3 ? 0 : pan,
    freqStart: hz(start),
    freqEnd: end === 0 ? hz(start) : hz(end),
    attack: (duration >>> 24) & 0xff,
    decay: (duration >> 16) & 0xff,
    sustain: duration & 0xff,
    release: (duration >> 8) & 0xff,
    peak: (peak === 0 ? 100 : peak) / 100,
    volume: (volume & 0xff) / 100,
  };
}

