// Traps raised by JIT-compiled code, with a wasm stack recovered from the JS
// stack. Every generated function is declared as `f<index>` inside a factory
// whose source ends with `//# sourceURL=wasm-jit:m<moduleId>`, so a V8 stack
// line `at f12 (wasm-jit:m3:…)` maps back to function 12 of module 3; names
// come from a side table, never from the generated source.

import { RuntimeError, type WasmFrame } from '../errors.ts';
import { JIT_SEGMENT, mixedStack, segments, state, tierHooks } from '../interp/stack.ts';

const moduleNames = new Map<number, (funcIndex: number) => string | undefined>();
let nextModuleId = 1;

/** Registers a compiled module's function-name lookup; returns its id. */
export function registerModule(names: (funcIndex: number) => string | undefined): number {
  const id = nextModuleId++;
  moduleNames.set(id, names);
  return id;
}

export function unregisterModule(id: number): void {
  moduleNames.delete(id);
}

type ErrorCtor = { stackTraceLimit?: number };

const FRAME = /at (?:\S+\.)?f(\d+)(?: \[as \w+\])? \(wasm-jit:m(\d+)/;

/** The sourceURL of the functions through which JIT code is entered from outside (instance.ts invokerFor). */
export const JIT_ENTRY_URL = 'wasm-jit:entry';

/**
 * The wasm frames of JIT code on the JS stack (of `from`, else here),
 * innermost first, one group per entry into JIT code from outside (split at
 * the JIT_ENTRY_URL frames): the JIT segments of interp/stack.ts, innermost
 * first.
 */
export function jitGroups(from?: Error): WasmFrame[][] {
  let stack: string | undefined;
  if (from) {
    stack = from.stack;
  } else {
    const E = Error as unknown as ErrorCtor;
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 64;
    stack = new Error().stack;
    E.stackTraceLimit = limit;
  }
  const groups: WasmFrame[][] = [[]];
  if (typeof stack !== 'string') return groups;
  for (const line of stack.split('\n')) {
    if (line.includes(JIT_ENTRY_URL)) {
      groups.push([]);
      continue;
    }
    const m = FRAME.exec(line);
    if (!m) continue;
    const funcIndex = Number(m[1]);
    const lookup = moduleNames.get(Number(m[2]));
    const name = lookup ? lookup(funcIndex) : undefined;
    groups[groups.length - 1]!.push(name !== undefined ? { funcIndex, name } : { funcIndex });
  }
  return groups;
}
tierHooks.jitGroups = jitGroups;

/**
 * The wasm stack of a trap in JIT code (thrown here, or `from`), innermost
 * first, with the frames of the interpreter and of other JIT entries below.
 */
export function captureWasmStack(from?: Error): WasmFrame[] {
  const groups = jitGroups(from);
  // (JIT code is always entered through invokeSlots, which opens a segment; without one, the JS stack is all there is)
  return segments.includes(JIT_SEGMENT) ? mixedStack(null, groups) : groups.flat();
}

/** `kind` is the stable trap kind; `detail`, if given, replaces it in the message (as the interpreter's). */
export function makeTrap(kind: string, detail?: string): RuntimeError {
  return new RuntimeError(kind, captureWasmStack(), detail);
}

export function trap(kind: string, detail?: string): never {
  throw makeTrap(kind, detail);
}

/** V8's stack overflow is a RangeError; turn it into the wasm trap. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Converts what unwound out of JIT code into what the caller must see:
 * DataView range errors are out-of-bounds memory accesses, V8's stack
 * overflow is call stack exhaustion, host exceptions pass through untouched.
 */
export function convertThrown(e: unknown): unknown {
  // A host function's own exception (values.ts records it) passes untouched.
  if (e instanceof RangeError && e !== state.hostError) {
    if (isStackOverflow(e)) return new RuntimeError('call stack exhausted', captureWasmStack(e));
    return new RuntimeError('out of bounds memory access', captureWasmStack(e));
  }
  return e;
}
