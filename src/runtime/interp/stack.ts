// The value stack shared by every wasm frame (one per JS realm): slot i is 8
// bytes — I[2i] (i32, f32 bits, i64 low word), I[2i+1] (i64 high word), or
// F[i] (f64) over the same bytes — plus R[i] for references. Keeping f32 as
// bits and f64 in a Float64Array preserves NaN payloads exactly.
import { RuntimeError, type WasmFrame } from '../errors.ts';
import type { FuncInst } from '../store.ts';
import { CALL_DEPTH_LIMIT } from '../limits.ts';

/**
 * 8 MiB of slots: CALL_DEPTH_LIMIT frames of up to 52 slots each (locals and
 * operand stack; frames overlap by their arguments) fit before the slot
 * stack, rather than the depth limit, ends a deep recursion.
 */
export const SLOTS = 1 << 20;
const buf = new ArrayBuffer(SLOTS * 8);
export const I = new Int32Array(buf);
export const F = new Float64Array(buf);
export const F32 = new Float32Array(buf);
export const R: unknown[] = new Array<unknown>(SLOTS).fill(null);
// Keep R a generic-elements array whatever we store in it.
R[0] = {};
R[0] = null;

/**
 * Frames below the running one: caller function, return pc, frame pointer.
 * `fsp` counts every live wasm frame below the running one, also those of
 * other engines (a JIT frame adds one to fsp and leaves its fFunc entry
 * null), so the depth limit is the same whichever engine runs which frame.
 */
export const MAX_FRAMES = CALL_DEPTH_LIMIT;
export const fFunc: (FuncInst | null)[] = new Array<FuncInst | null>(MAX_FRAMES).fill(null);
export const fPc = new Int32Array(MAX_FRAMES);
export const fFp = new Int32Array(MAX_FRAMES);

export const state = {
  /** Number of saved frames in fFunc/fPc/fFp. */
  fsp: 0,
  /** First free slot: where a call from JS places its arguments. */
  top: 0,
  /** Countdown to the next shouldInterrupt() poll. */
  fuel: 0,
  /** The last exception thrown by a host function (passed through untouched). */
  hostError: undefined as unknown,
  /**
   * > 0 while the interpreter runs calls the JIT handed over because its share
   * of the JS stack was used up (jit/instance.ts deepEntry): the interpreter
   * then runs the calls of JIT functions itself, as their interpreted twins
   * (FuncInst.deep), so the JS stack stops growing.
   */
  deep: 0,
};

export const FUEL_INTERVAL = 20000;

export function wasmStack(cur: FuncInst | null): WasmFrame[] {
  const frames: WasmFrame[] = [];
  const push = (f: FuncInst | null) => {
    if (!f) return;
    const name = f.name;
    frames.push(name !== undefined ? { funcIndex: f.index, name } : { funcIndex: f.index });
  };
  push(cur);
  for (let i = state.fsp - 1; i >= 0 && frames.length < 1000; i--) push(fFunc[i]!);
  return frames;
}

export function trap(kind: string, cur: FuncInst | null, detail?: string): RuntimeError {
  return new RuntimeError(kind, wasmStack(cur), detail);
}
