// Input events a session delivers at frame boundaries: v1's keys, and ABI
// v2's pointer (mouse/touch) and gamepad events. Environment-free: the app
// turns DOM events into these, recordings store them as text tokens
// (docs/recording.md), and GameSession delivers each to its export.

import { GAMEPAD_AXES, GAMEPAD_BUTTONS, MAX_GAMEPADS, POINTER_BUTTONS } from './abi';

export interface KeyEvent {
  readonly code: number;
  readonly down: boolean;
}

export type PointerInput =
  | { readonly kind: 'pointer-move'; readonly x: number; readonly y: number }
  | { readonly kind: 'pointer-down' | 'pointer-up'; readonly button: number }
  | { readonly kind: 'pointer-wheel'; readonly dx: number; readonly dy: number };

export type GamepadInput =
  | { readonly kind: 'gamepad-connected'; readonly pad: number; readonly connected: boolean }
  | { readonly kind: 'gamepad-button'; readonly pad: number; readonly button: number; readonly value: number }
  | { readonly kind: 'gamepad-axis'; readonly pad: number; readonly axis: number; readonly value: number };

/** Pointer and gamepad events (ABI v2). */
export type DeviceInput = PointerInput | GamepadInput;

/** Everything a frame's input can hold, in delivery order. A KeyEvent has no `kind`. */
export type InputEvent = KeyEvent | DeviceInput;

export function isKeyEvent(e: InputEvent): e is KeyEvent {
  return !('kind' in e);
}

/** The game export each device event is delivered to. */
export const INPUT_EXPORTS: Readonly<Record<DeviceInput['kind'], string>> = {
  'pointer-move': 'pointer_move',
  'pointer-down': 'pointer_down',
  'pointer-up': 'pointer_up',
  'pointer-wheel': 'pointer_wheel',
  'gamepad-connected': 'gamepad_connected',
  'gamepad-button': 'gamepad_button',
  'gamepad-axis': 'gamepad_axis',
};

/** Gamepad values travel in steps of 1/256, so recordings hold them exactly and noise below a step is no event. */
export function quantize(value: number): number {
  return Math.round(Math.max(-1, Math.min(1, value)) * 256) / 256;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const index = (v: unknown, n: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
/** Largest pointer coordinate accepted (logical pixels; the screen is at most 4096). */
const MAX_COORD = 1e6;

/**
 * Checks an event from outside (a message, a recording): returns a message
 * saying what is wrong, or undefined if it is well-formed.
 */
export function checkDeviceInput(e: DeviceInput): string | undefined {
  switch (e.kind) {
    case 'pointer-move':
      return finite(e.x) && finite(e.y) && Math.abs(e.x) <= MAX_COORD && Math.abs(e.y) <= MAX_COORD ? undefined : `pointer position (${e.x}, ${e.y}) is not a pair of finite numbers within ±${MAX_COORD}`;
    case 'pointer-down':
    case 'pointer-up':
      return index(e.button, POINTER_BUTTONS) ? undefined : `pointer button ${e.button} is not 0 to ${POINTER_BUTTONS - 1}`;
    case 'pointer-wheel':
      return finite(e.dx) && finite(e.dy) && Math.abs(e.dx) <= 1e4 && Math.abs(e.dy) <= 1e4 ? undefined : `wheel (${e.dx}, ${e.dy}) is not a pair of finite numbers within ±10000`;
    case 'gamepad-connected':
      return index(e.pad, MAX_GAMEPADS) ? undefined : `gamepad ${e.pad} is not 0 to ${MAX_GAMEPADS - 1}`;
    case 'gamepad-button':
      if (!index(e.pad, MAX_GAMEPADS)) return `gamepad ${e.pad} is not 0 to ${MAX_GAMEPADS - 1}`;
      if (!index(e.button, GAMEPAD_BUTTONS)) return `gamepad button ${e.button} is not 0 to ${GAMEPAD_BUTTONS - 1}`;
      return finite(e.value) && e.value >= 0 && e.value <= 1 && quantize(e.value) === e.value ? undefined : `gamepad button value ${e.value} is not a multiple of 1/256 from 0 to 1`;
    case 'gamepad-axis':
      if (!index(e.pad, MAX_GAMEPADS)) return `gamepad ${e.pad} is not 0 to ${MAX_GAMEPADS - 1}`;
      if (!index(e.axis, GAMEPAD_AXES)) return `gamepad axis ${e.axis} is not 0 to ${GAMEPAD_AXES - 1}`;
      return finite(e.value) && quantize(e.value) === e.value ? undefined : `gamepad axis value ${e.value} is not a multiple of 1/256 from -1 to 1`;
    default:
      return `unknown input kind '${(e as { kind: unknown }).kind}'`;
  }
}

/**
 * Per-session bookkeeping that keeps device events meaningful, like keys'
 * "no repeat" rule: a press of a held button and a release of a free one are
 * dropped, repeated values are dropped, pointer moves within a frame are
 * merged into the newest one and wheel turns are added up. Returns the
 * events to queue after `e` is offered (possibly none), given the queue so far.
 */
export class DeviceState {
  private readonly pointerHeld = new Set<number>();
  private pointer: { x: number; y: number } | undefined;
  private readonly pads = new Map<number, { buttons: Float64Array; axes: Float64Array }>();

  /**
   * Offers `e` for the frame being queued; mutates `queue` (the frame's
   * pending events). Only events of the kinds `wanted` accepts are queued
   * (those the game has a handler for); the state follows all of them, so a
   * pad is known to be connected even to a game without gamepad_connected.
   */
  offer(e: DeviceInput, queue: InputEvent[], wanted: (kind: DeviceInput['kind']) => boolean = () => true): void {
    const push = (event: DeviceInput): void => {
      if (wanted(event.kind)) queue.push(event);
    };
    switch (e.kind) {
      case 'pointer-move': {
        const x = Math.fround(e.x);
        const y = Math.fround(e.y);
        if (this.pointer && this.pointer.x === x && this.pointer.y === y) return;
        this.pointer = { x, y };
        const last = queue[queue.length - 1];
        if (last && !isKeyEvent(last) && last.kind === 'pointer-move') queue.pop();
        push({ kind: 'pointer-move', x, y });
        return;
      }
      case 'pointer-down':
      case 'pointer-up': {
        const down = e.kind === 'pointer-down';
        if (down === this.pointerHeld.has(e.button)) return;
        if (down) this.pointerHeld.add(e.button);
        else this.pointerHeld.delete(e.button);
        push({ kind: e.kind, button: e.button });
        return;
      }
      case 'pointer-wheel': {
        if (e.dx === 0 && e.dy === 0) return;
        const last = queue[queue.length - 1];
        if (last && !isKeyEvent(last) && last.kind === 'pointer-wheel') {
          queue[queue.length - 1] = { kind: 'pointer-wheel', dx: Math.fround(last.dx + e.dx), dy: Math.fround(last.dy + e.dy) };
        } else {
          push({ kind: 'pointer-wheel', dx: Math.fround(e.dx), dy: Math.fround(e.dy) });
        }
        return;
      }
      case 'gamepad-connected': {
        const pad = this.pads.get(e.pad);
        if (e.connected === (pad !== undefined)) return;
        if (e.connected) {
          this.pads.set(e.pad, { buttons: new Float64Array(GAMEPAD_BUTTONS), axes: new Float64Array(GAMEPAD_AXES) });
          push({ kind: 'gamepad-connected', pad: e.pad, connected: true });
        } else {
          // Releasing first keeps a game's own button state right.
          pad!.buttons.forEach((v, button) => v !== 0 && push({ kind: 'gamepad-button', pad: e.pad, button, value: 0 }));
          pad!.axes.forEach((v, axis) => v !== 0 && push({ kind: 'gamepad-axis', pad: e.pad, axis, value: 0 }));
          this.pads.delete(e.pad);
          push({ kind: 'gamepad-connected', pad: e.pad, connected: false });
        }
        return;
      }
      case 'gamepad-button':
      case 'gamepad-axis': {
        const pad = this.pads.get(e.pad);
        if (!pad) return; // not connected: nothing to deliver
        const values = e.kind === 'gamepad-button' ? pad.buttons : pad.axes;
        const at = e.kind === 'gamepad-button' ? e.button : e.axis;
        const value = quantize(e.value);
        if (values[at] === value) return;
        values[at] = value;
        push(e.kind === 'gamepad-button' ? { kind: e.kind, pad: e.pad, button: at, value } : { kind: e.kind, pad: e.pad, axis: at, value });
        return;
      }
    }
  }
}

// ---- recording tokens (docs/recording.md) ------------------------------------

/** Shortest decimal that reads back as the same f32 (`NaN` for any NaN). */
export function f32Text(n: number): string {
  if (Number.isInteger(n)) return Object.is(n, -0) ? '-0' : String(n);
  if (Number.isNaN(n)) return 'NaN';
  for (let p = 1; p <= 9; p++) {
    const s = n.toPrecision(p);
    if (Math.fround(Number(s)) === n) return String(Number(s));
  }
  return String(n);
}

/**
 * A device event as one recording token:
 *   ptr:X,Y   +ptr:B   -ptr:B   wheel:DX,DY
 *   padN:on   padN:off   padN:bB=V   padN:aA=V
 */
export function formatDeviceInput(e: DeviceInput): string {
  switch (e.kind) {
    case 'pointer-move':
      return `ptr:${f32Text(e.x)},${f32Text(e.y)}`;
    case 'pointer-down':
      return `+ptr:${e.button}`;
    case 'pointer-up':
      return `-ptr:${e.button}`;
    case 'pointer-wheel':
      return `wheel:${f32Text(e.dx)},${f32Text(e.dy)}`;
    case 'gamepad-connected':
      return `pad${e.pad}:${e.connected ? 'on' : 'off'}`;
    case 'gamepad-button':
      return `pad${e.pad}:b${e.button}=${e.value}`;
    case 'gamepad-axis':
      return `pad${e.pad}:a${e.axis}=${e.value}`;
  }
}

const NUM = '(-?[0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?)';
const PTR_MOVE = new RegExp(`^ptr:${NUM},${NUM}$`);
const WHEEL = new RegExp(`^wheel:${NUM},${NUM}$`);
const PTR_BUTTON = /^([+-])ptr:([0-9]{1,2})$/;
const PAD_CONNECT = /^pad([0-9]{1,2}):(on|off)$/;
const PAD_VALUE = new RegExp(`^pad([0-9]{1,2}):([ba])([0-9]{1,2})=${NUM}$`);

/** True if `token` looks like a device event (so a parse failure is reported as one, not as a key). */
export function isDeviceToken(token: string): boolean {
  return /^[+-]?ptr:|^wheel:|^pad[0-9]/.test(token);
}

/** Parses a device-event token; returns the event or a message saying what is wrong. */
export function parseDeviceInput(token: string): DeviceInput | string {
  let m: RegExpExecArray | null;
  let e: DeviceInput | undefined;
  if ((m = PTR_MOVE.exec(token))) e = { kind: 'pointer-move', x: Math.fround(Number(m[1])), y: Math.fround(Number(m[2])) };
  else if ((m = WHEEL.exec(token))) e = { kind: 'pointer-wheel', dx: Math.fround(Number(m[1])), dy: Math.fround(Number(m[2])) };
  else if ((m = PTR_BUTTON.exec(token))) e = { kind: m[1] === '+' ? 'pointer-down' : 'pointer-up', button: Number(m[2]) };
  else if ((m = PAD_CONNECT.exec(token))) e = { kind: 'gamepad-connected', pad: Number(m[1]), connected: m[2] === 'on' };
  else if ((m = PAD_VALUE.exec(token))) {
    const pad = Number(m[1]);
    const at = Number(m[3]);
    const value = Number(m[4]);
    e = m[2] === 'b' ? { kind: 'gamepad-button', pad, button: at, value } : { kind: 'gamepad-axis', pad, axis: at, value };
  }
  if (!e) return `'${token}' is not an input event (ptr:X,Y, +ptr:B, -ptr:B, wheel:DX,DY, padN:on, padN:off, padN:bB=V, padN:aA=V)`;
  const problem = checkDeviceInput(e);
  return problem === undefined ? e : `'${token}': ${problem}`;
}
