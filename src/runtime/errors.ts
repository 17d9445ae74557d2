// The three error classes of the WebAssembly JS API, plus the trap kinds our
// engine reports. `RuntimeError.trap` is a stable machine-readable kind whose
// text matches the spec testsuite's expected trap messages.

export class CompileError extends Error {
  override name = 'CompileError';
}

export class LinkError extends Error {
  override name = 'LinkError';
}

export interface WasmFrame {
  funcIndex: number;
  name?: string;
}

/** The trap kinds our engines report (the 2.0 testsuite's texts). */
export type TrapKind =
  | 'unreachable'
  | 'integer divide by zero'
  | 'integer overflow'
  | 'invalid conversion to integer'
  | 'out of bounds memory access'
  | 'out of bounds table access'
  | 'undefined element'
  | 'uninitialized element'
  | 'indirect call type mismatch'
  | 'call stack exhausted'
  | 'interrupted';

export class RuntimeError extends Error {
  override name = 'RuntimeError';
  /** Stable trap kind (a TrapKind), e.g. 'integer divide by zero'. */
  trap: string;
  /** Wasm frames at the trap, innermost first. */
  wasmStack: WasmFrame[];
  /** `detail` replaces the trap text in the message, e.g. 'uninitialized element 2'. */
  constructor(trap: string, wasmStack: WasmFrame[] = [], detail?: string) {
    super(formatTrap(detail ?? trap, wasmStack));
    this.trap = trap;
    this.wasmStack = wasmStack;
  }
}

function formatTrap(trap: string, stack: WasmFrame[]): string {
  let s = trap;
  const max = 32;
  for (let i = 0; i < stack.length && i < max; i++) {
    const f = stack[i]!;
    s += f.name !== undefined ? `\n    at ${f.name} (func ${f.funcIndex})` : `\n    at func ${f.funcIndex}`;
  }
  if (stack.length > max) s += `\n    ... ${stack.length - max} more frames`;
  return s;
}
