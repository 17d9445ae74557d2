// Traps in tests: trapOf runs `fn` and returns the engine RuntimeError it
// throws; trapText names what any engine threw, in the spec's words.
import { expect } from 'vitest';
import { RuntimeError } from '../../src/runtime/index.ts';
import { V8_TRAPS } from '../spec-support/native-engine.ts';

export function trapOf(fn: () => unknown): RuntimeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return e as RuntimeError;
  }
  throw new Error('expected a trap');
}

/**
 * What `e` says went wrong, as the spec words it: our RuntimeError's trap, or
 * a V8 trap message translated through V8_TRAPS (first spec text), or the
 * error's message.
 */
export function trapText(e: unknown): string {
  if (e instanceof RuntimeError) return e.trap;
  const message = e instanceof Error ? e.message : String(e);
  return e instanceof WebAssembly.RuntimeError ? (V8_TRAPS[message]?.[0] ?? message) : message;
}
