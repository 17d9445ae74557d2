// The value stack shared by every wasm frame (one per JS realm): slot i is 8
// bytes — I[2i] (i32, f32 bits, i64 low word), I[2i+1] (i64 high word), or
// F[i] (f64) over the same bytes — plus R[i] for references. Keeping f32 as
// bits and f64 in a Float64Array preserves NaN payloads exactly.
import { RuntimeError, type WasmFrame } from '../errors.ts';
import type { FuncInst } from '../store.ts';

export const SLOTS = 1 << 19;
const buf = new ArrayBuffer(SLOTS * 8);
export const I = new Int32Array(buf);
export const F = new Float64Array(buf);
export const F32 = new Float32Array(buf);
export const R: unknown[] = new Array<unknown>(SLOTS).fill(null);
// Keep R a generic-elements array whatever we store in it.
R[0] = {};
R[0] = null;

/** Frames below the running one: caller function, return pc, frame pointer. */
export const MAX_FRAMES = 20000;
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
