// Keyboard → game key codes. The game only ever sees KEY_CODES values; a few
// keys belong to the app (pause, restart) and are never forwarded.
import { KEY_CODES } from '../host/abi';

/** KeyboardEvent.code values the app keeps for itself while a game runs. */
export const PAUSE_KEYS: ReadonlySet<string> = new Set(['KeyP', 'Escape']);
export const RESTART_KEY = 'KeyR';

/** The game key code for a KeyboardEvent.code, or undefined if games never see it. */
export function gameKeyCode(code: string): number | undefined {
  if (PAUSE_KEYS.has(code)) return undefined;
  return Object.hasOwn(KEY_CODES, code) ? KEY_CODES[code] : undefined;
}

/**
 * Tracks which physical keys are held so each press yields exactly one
 * key_down and one key_up, even across auto-repeat, blur and pause.
 */
export class HeldKeys {
  private readonly held = new Map<string, number>();

  /** Returns the game code to send as key_down, or undefined (repeat, or not a game key). */
  press(code: string): number | undefined {
    const game = gameKeyCode(code);
    if (game === undefined || this.held.has(code)) return undefined;
    // Left and right Shift share one game code: only the first press counts.
    const alreadyDown = [...this.held.values()].includes(game);
    this.held.set(code, game);
    return alreadyDown ? undefined : game;
  }

  /** Returns the game code to send as key_up, or undefined. */
  release(code: string): number | undefined {
    const game = this.held.get(code);
    if (game === undefined) return undefined;
    this.held.delete(code);
    return [...this.held.values()].includes(game) ? undefined : game;
  }

  /** Releases everything (window blur, pause, stop); returns the game codes to send as key_up. */
  releaseAll(): number[] {
    const codes = [...new Set(this.held.values())];
    this.held.clear();
    return codes;
  }
}
