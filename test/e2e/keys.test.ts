// Keyboard mapping of the renderer (src/renderer/keys.ts), without a browser:
// one key_down/key_up per physical press, whatever the keyboard repeats or
// the window does in between. (Lives with the e2e tests: it is the renderer's.)
import { describe, expect, it } from 'vitest';
import { KEY_CODES } from '../../src/host/abi';
import { HeldKeys, gameKeyCode } from '../../src/renderer/keys';

describe('renderer key mapping', () => {
  it('maps KeyboardEvent.code through KEY_CODES and keeps the app keys', () => {
    expect(gameKeyCode('ArrowLeft')).toBe(KEY_CODES['ArrowLeft']);
    expect(gameKeyCode('KeyA')).toBe(65);
    expect(gameKeyCode('Digit7')).toBe(55);
    expect(gameKeyCode('Space')).toBe(32);
    expect(gameKeyCode('KeyP')).toBeUndefined(); // pause
    expect(gameKeyCode('Escape')).toBeUndefined(); // pause
    expect(gameKeyCode('F5')).toBeUndefined();
    expect(gameKeyCode('toString')).toBeUndefined(); // not an inherited property
  });

  it('sends one down and one up per press, ignoring repeats', () => {
    const keys = new HeldKeys();
    expect(keys.press('ArrowLeft')).toBe(37);
    expect(keys.press('ArrowLeft')).toBeUndefined(); // auto-repeat
    expect(keys.release('ArrowLeft')).toBe(37);
    expect(keys.release('ArrowLeft')).toBeUndefined();
    expect(keys.press('F1')).toBeUndefined();
  });

  it('treats both Shift keys as one game key', () => {
    const keys = new HeldKeys();
    expect(keys.press('ShiftLeft')).toBe(16);
    expect(keys.press('ShiftRight')).toBeUndefined();
    expect(keys.release('ShiftLeft')).toBeUndefined(); // right one still held
    expect(keys.release('ShiftRight')).toBe(16);
  });

  it('releases everything at once (blur, pause, stop)', () => {
    const keys = new HeldKeys();
    keys.press('ArrowRight');
    keys.press('ControlLeft');
    keys.press('ControlRight');
    expect(keys.releaseAll().sort()).toEqual([17, 39]);
    expect(keys.releaseAll()).toEqual([]);
    expect(keys.release('ArrowRight')).toBeUndefined();
  });
});
