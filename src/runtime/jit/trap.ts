// Traps raised by JIT-compiled code, with a wasm stack recovered from the JS
// stack. Every generated function is declared as `f<index>` inside a factory
// whose source ends with `//# sourceURL=wasm-jit:m<moduleId>`, so a V8 stack
// line `at f12 (wasm-jit:m3:…)` maps back to function 12 of module 3; names
// come from a side table, never from the generated source.
//
// A callee the JIT inlined (codegen.ts inlineCall) has no JS frame of its
// own: its code sits between `/*i<callee>*/` and `/*/i*/` in its caller's.
// A factory containing such code is registered with its source and gets its
// own sourceURL, `wasm-jit:m<moduleId>.<k>`; a frame whose position falls
// between the markers gets the callee's frame above it (inlinedAt).

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
  moduleSources.delete(id);
}

/** Per module, the factory sources that contain inlined code (their line starts computed when first needed). */
const moduleSources = new Map<number, { text: string; lines?: number[] }[]>();

/**
 * The sourceURL comment that ends factory source `text` of module `id`
 * (text is everything before it, exactly as compiled): a source with inlined
 * code is kept, for trap stacks, under a URL of its own.
 */
export function sourceURLFor(id: number, text: string): string {
  if (!text.includes('/*i')) return `//# sourceURL=wasm-jit:m${id}`;
  let list = moduleSources.get(id);
  if (!list) moduleSources.set(id, (list = []));
  return `//# sourceURL=wasm-jit:m${id}.${list.push({ text }) - 1}`;
}

/** Lines V8 puts before the body of a `new Function` (its `function anonymous(…) {` wrapper), measured once. */
let wrapperLines: number | undefined;
function functionWrapperLines(): number {
  if (wrapperLines === undefined) {
    const stack = (new Function('return new Error().stack\n//# sourceURL=wasm-jit:probe') as () => unknown)();
    const m = typeof stack === 'string' ? /wasm-jit:probe:(\d+):/.exec(stack) : null;
    wrapperLines = m ? Number(m[1]) - 1 : 2;
  }
  return wrapperLines;
}

const INLINE_MARK = /\/\*(\/?)i(\d*)\*\//g;

/**
 * The callees inlined at the position (V8's 1-based line and column) in
 * function `funcIndex` of source `k` of module `id`, innermost first.
 */
function inlinedAt(id: number, k: number, funcIndex: number, line: number, column: number): number[] {
  const src = moduleSources.get(id)?.[k];
  if (!src) return [];
  if (!src.lines) {
    src.lines = [0];
    for (let i = src.text.indexOf('\n'); i >= 0; i = src.text.indexOf('\n', i + 1)) src.lines.push(i + 1);
  }
  const start = src.lines[line - 1 - functionWrapperLines()];
  if (start === undefined) return [];
  const at = start + column - 1;
  const from = src.text.lastIndexOf(`function f${funcIndex}(`, at);
  if (from < 0) return [];
  // the markers open and close in nested pairs: those still open at `at` enclose it
  const open: number[] = [];
  INLINE_MARK.lastIndex = from;
  for (let m = INLINE_MARK.exec(src.text); m !== null && m.index < at; m = INLINE_MARK.exec(src.text)) {
    if (m[1]) open.pop();
    else open.push(Number(m[2]));
  }
  return open.reverse();
}

type ErrorCtor = { stackTraceLimit?: number };

const FRAME = /at (?:\S+\.)?f(\d+)(?: \[as \w+\])? \(wasm-jit:m(\d+)(?:\.(\d+):(\d+):(\d+))?/;

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
    const funcIndex = Number(m[1]), id = Number(m[2]);
    const lookup = moduleNames.get(id);
    const frame = (fi: number): WasmFrame => {
      const name = lookup ? lookup(fi) : undefined;
      return name !== undefined ? { funcIndex: fi, name } : { funcIndex: fi };
    };
    const group = groups[groups.length - 1]!;
    if (m[3] !== undefined) for (const fi of inlinedAt(id, Number(m[3]), funcIndex, Number(m[4]), Number(m[5]))) group.push(frame(fi));
    group.push(frame(funcIndex));
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
