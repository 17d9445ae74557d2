// Runs `fn` and returns the engine RuntimeError it throws; fails the test if
// it returns normally or throws anything else.
import { expect } from 'vitest';
import { RuntimeError } from '../../src/runtime/index.ts';

export function trapOf(fn: () => unknown): RuntimeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return e as RuntimeError;
  }
  throw new Error('expected a trap');
}
