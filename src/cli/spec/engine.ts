// The spec runner talks to a WebAssembly engine only through this adapter, so
// the same runner checks our own engine (src/cli/spec/runtime-engine.ts, with
// the interpreter or the JIT) and, in tests, a reference adapter over the
// platform's WebAssembly (test/spec-support/native-engine.ts) that proves the
// runner itself right.

/**
 * A value crossing the engine boundary, bit-exact. The first six shapes are the
 * engine's `RawValue` (src/runtime); `v128` is only used by SIMD files.
 */
export type SpecValue =
  | { type: 'i32'; value: number } // int32 bit pattern
  | { type: 'i64'; value: bigint } // signed or unsigned on input
  | { type: 'f32'; bits: number } // IEEE-754 bits as uint32
  | { type: 'f64'; bits: bigint } // IEEE-754 bits as uint64
  | { type: 'funcref'; value: object | null } // a function, or null = ref.null func
  | { type: 'externref'; value: unknown } // null = ref.null extern
  | { type: 'v128'; bytes: Uint8Array }; // 16 bytes, little-endian lane order

export type SpecValueType = SpecValue['type'];

/** What an engine threw, as far as the spec's assertions care. */
export type ErrorKind =
  /** Decoding or validation failed (`CompileError`). */
  | 'compile'
  /** Imports did not match (`LinkError`). */
  | 'link'
  /** A WebAssembly trap (`RuntimeError`), including call stack exhaustion. */
  | 'trap'
  /** Anything else: an engine bug (TypeError, a host RangeError, ...). */
  | 'other';

export interface ClassifiedError {
  readonly kind: ErrorKind;
  /** For traps, the trap text (e.g. 'integer divide by zero'); otherwise the message. */
  readonly message: string;
  /** The thrown error's class name, for failure reasons. */
  readonly name: string;
}

export interface ImportDescriptor {
  readonly module: string;
  readonly name: string;
  readonly kind: string;
}

/** `importObject[module][name]`, exactly as the standard JS API takes it. */
export type ImportObject = Record<string, Record<string, unknown>>;

export interface SpecEngine {
  /** Shown in reports, e.g. 'interp'. */
  readonly name: string;
  /** Decodes and validates a binary module; throws (a CompileError) when it is malformed or invalid. */
  compile(bytes: Uint8Array): unknown;
  /** The imports a compiled module declares (like `WebAssembly.Module.imports`). */
  moduleImports(module: unknown): readonly ImportDescriptor[];
  /** Links and instantiates (running the start function); returns the exports object. */
  instantiate(module: unknown, imports: ImportObject): Record<string, unknown>;
  /** Calls an exported function with bit-exact arguments and results. */
  invoke(func: unknown, args: readonly SpecValue[]): SpecValue[];
  /** Reads an exported global, bit-exact. */
  getGlobal(global: unknown): SpecValue;
  /**
   * The `spectest` host module: print, print_i32, print_i64, print_f32,
   * print_f64, print_i32_f32, print_f64_f64, global_i32 = 666, global_i64 = 666,
   * global_f32 = 666.6, global_f64 = 666.6, table (10..20 funcref), memory (1..2).
   * A fresh one per spec file.
   */
  makeSpectest(): Record<string, unknown>;
  /** Sorts a thrown value into the classes the assertions distinguish. */
  classifyError(err: unknown): ClassifiedError;
  /**
   * Whether a trap text satisfies an expected one. Default (and the rule for our
   * engine): the reference interpreter's, the actual text starts with the
   * expected text. Only adapters over engines whose messages we do not control
   * may widen this, with an explicit table.
   */
  trapMatches?(actual: string, expected: string): boolean;
}

/** The reference interpreter's rule (interpreter/script/run.ml `assert_message`). */
export function defaultTrapMatches(actual: string, expected: string): boolean {
  return actual.startsWith(expected);
}

/** The spectest host functions: the reference interpreter prints; we stay quiet. */
export function spectestPrintFunctions(): Record<string, (...args: unknown[]) => void> {
  const quiet = (): void => {};
  return {
    print: quiet,
    print_i32: quiet,
    print_i64: quiet,
    print_f32: quiet,
    print_f64: quiet,
    print_i32_f32: quiet,
    print_f64_f64: quiet,
  };
}
