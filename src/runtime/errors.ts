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

export type TrapKind =
  | 'unreachable'
  | 'memory access out of bounds'
  | 'integer divide by zero'
  | 'integer overflow'
  | 'invalid conversion to integer'
  | 'indirect call type mismatch'
  | 'undefined element'
  | 'uninitialized element'
  | 'table access out of bounds' // kept for API stability; the testsuite says 'out of bounds table access'
  | 'out of bounds table access'
  | 'out of bounds memory access'
  | 'call stack exhausted'
  | 'interrupted'
  | 'data segment dropped'
  | 'element segment dropped';

export class RuntimeError extends Error {
  override name = 'RuntimeError';
  /** Stable trap kind, e.g. 'integer divide by zero'. */
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
