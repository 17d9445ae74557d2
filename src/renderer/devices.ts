// Pointer (mouse, touch, pen) and gamepad capture for ABI v2 games. Pointer
// events on the game's stage become logical-screen coordinates (the
// letterboxing and scale undone); gamepads are polled once per display
// refresh through navigator.getGamepads() (standard mapping only) and only
// their changes are sent. The session delivers all of them at the next frame
// boundary, like keys, and recordings store them.
import { GAMEPAD_AXES, GAMEPAD_BUTTONS, GAMEPAD_DEAD_ZONE, MAX_GAMEPADS, POINTER_BUTTONS } from '../host/abi';
import { quantize, type DeviceInput } from '../host/input';

export interface ScreenBox {
  /** Where the game's screen is, in CSS pixels relative to the canvas. */
  readonly screen: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly canvas: HTMLCanvasElement;
}

/** Wheel deltas in lines, whatever unit the browser reports. */
function wheelLines(delta: number, mode: number): number {
  return mode === 1 ? delta : mode === 2 ? delta * 20 : delta / 40;
}

export class PointerCapture {
  private size = { width: 320, height: 240 };

  constructor(
    private readonly target: HTMLElement,
    private readonly view: ScreenBox,
    private readonly send: (event: DeviceInput) => void,
    /** Whether the game is running (events are dropped otherwise). */
    private readonly active: () => boolean,
  ) {
    target.addEventListener('pointermove', (e) => this.move(e));
    target.addEventListener('pointerdown', (e) => {
      // only presses on the game's canvas: the stage also holds overlays and the replay bar, whose buttons must keep their clicks
      if (!this.active() || e.target !== this.view.canvas || e.button < 0 || e.button >= POINTER_BUTTONS) return;
      this.move(e);
      target.setPointerCapture?.(e.pointerId);
      this.send({ kind: 'pointer-down', button: e.button });
    });
    const up = (e: PointerEvent) => {
      if (!this.active() || e.button < 0 || e.button >= POINTER_BUTTONS) return;
      this.move(e);
      this.send({ kind: 'pointer-up', button: e.button });
    };
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
    target.addEventListener('contextmenu', (e) => {
      if (this.active()) e.preventDefault(); // the right button belongs to the game
    });
    target.addEventListener(
      'wheel',
      (e) => {
        if (!this.active() || e.target !== this.view.canvas) return;
        e.preventDefault();
        this.send({ kind: 'pointer-wheel', dx: wheelLines(e.deltaX, e.deltaMode), dy: wheelLines(e.deltaY, e.deltaMode) });
      },
      { passive: false },
    );
  }

  /** The game's logical screen size (its meta). */
  setScreen(width: number, height: number): void {
    this.size = { width, height };
  }

  /** The logical position of a client point. */
  logical(clientX: number, clientY: number): { x: number; y: number } {
    const rect = this.view.canvas.getBoundingClientRect();
    const s = this.view.screen;
    const scale = s.width / this.size.width || 1;
    return { x: (clientX - rect.left - s.x) / scale, y: (clientY - rect.top - s.y) / scale };
  }

  private move(e: PointerEvent): void {
    if (!this.active()) return;
    const { x, y } = this.logical(e.clientX, e.clientY);
    this.send({ kind: 'pointer-move', x, y });
  }
}

/** Polls the Gamepad API and sends what changed since the last poll. */
export class GamepadPoller {
  private readonly last = new Map<number, { buttons: number[]; axes: number[] }>();

  constructor(private readonly send: (event: DeviceInput) => void) {}

  poll(): void {
    const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
    const seen = new Set<number>();
    for (const pad of pads) {
      if (!pad || !pad.connected || pad.mapping !== 'standard' || pad.index >= MAX_GAMEPADS) continue;
      seen.add(pad.index);
      let state = this.last.get(pad.index);
      if (!state) {
        state = { buttons: new Array<number>(GAMEPAD_BUTTONS).fill(0), axes: new Array<number>(GAMEPAD_AXES).fill(0) };
        this.last.set(pad.index, state);
        this.send({ kind: 'gamepad-connected', pad: pad.index, connected: true });
      }
      for (let b = 0; b < GAMEPAD_BUTTONS && b < pad.buttons.length; b++) {
        const value = quantize(pad.buttons[b].value || (pad.buttons[b].pressed ? 1 : 0));
        if (value !== state.buttons[b]) {
          state.buttons[b] = value;
          this.send({ kind: 'gamepad-button', pad: pad.index, button: b, value });
        }
      }
      for (let a = 0; a < GAMEPAD_AXES && a < pad.axes.length; a++) {
        const raw = pad.axes[a];
        const value = Math.abs(raw) < GAMEPAD_DEAD_ZONE ? 0 : quantize(raw);
        if (value !== state.axes[a]) {
          state.axes[a] = value;
          this.send({ kind: 'gamepad-axis', pad: pad.index, axis: a, value });
        }
      }
    }
    for (const index of [...this.last.keys()]) {
      if (seen.has(index)) continue;
      this.last.delete(index);
      this.send({ kind: 'gamepad-connected', pad: index, connected: false });
    }
  }

  /** Forget the pads (a new game): the next poll announces them again. */
  reset(): void {
    this.last.clear();
  }
}
