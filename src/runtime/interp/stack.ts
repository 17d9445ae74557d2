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
/**
 * R grows with the stack (reserveSlots): made full size at load, its million
 * entries took 16–26 ms of a cold start and a garbage collection. Its length
 * stays above every live frame's slots and the scratch slot at `state.top`.
 */
export const R: unknown[] = new Array<unknown>(1 << 14).fill(null);
// Keep R a generic-elements array whatever we store in it.
R[0] = {};
R[0] = null;

/**
 * Makes R hold the slots below `end` and the one at `end` (a frame's end is
 * where `state.top` may point: the API's scratch slot); false, and nothing
 * grown, when `end` is over SLOTS (call stack exhausted). Callers test
 * `end >= R.length` first, so the common case is one compare. R stays one
 * array (loop() and generated code hold it), grown in place: a longer
 * length, then filled (it stays a fast holey array).
 */
export function reserveSlots(end: number): boolean {
  const n = R.length;
  if (end < n) return true;
  if (end > SLOTS) return false;
  let c = n;
  while (c <= end) c *= 2;
  if (c > SLOTS + 1) c = SLOTS + 1;
  R.length = c;
  R.fill(null, n);
  return true;
}

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

/**
 * The engines on the current call path, outermost first: each run() of the
 * interpreter pushes the frame-stack height it started at (>= 0), each entry
 * into JIT code from outside (invokeSlots) pushes JIT_SEGMENT. A wasm stack
 * that crosses engines (mixed tiers, a function left to the interpreter) is
 * put together from them: the interpreter's frames come from its frame stack,
 * the JIT's from the JS stack (jitGroups).
 */
export const segments: number[] = [];
export const JIT_SEGMENT = -1;
/** Set by the JIT: the wasm frames on the JS stack (of `from`, else here), one group per JIT segment, innermost first. */
export const tierHooks = { jitGroups: null as ((from?: Error) => WasmFrame[][]) | null };

function frameOf(f: FuncInst): WasmFrame {
  const name = f.name;
  return name !== undefined ? { funcIndex: f.index, name } : { funcIndex: f.index };
}

/** (null: a JIT frame counted in fsp, whose frame the JS stack shows instead) */
function pushFrame(frames: WasmFrame[], f: FuncInst | null): void {
  if (f) frames.push(frameOf(f));
}

/**
 * The wasm stack, innermost first: `cur` (the interpreter's running
 * function, null in JIT code) and every frame below it, whichever engine
 * runs it. `groups`: the JIT's frames per segment (computed when needed).
 */
export function mixedStack(cur: FuncInst | null, groups?: WasmFrame[][]): WasmFrame[] {
  const frames: WasmFrame[] = [];
  if (cur) frames.push(frameOf(cur));
  let top = state.fsp;
  let g = 0;
  let jit: WasmFrame[][] | undefined = groups;
  for (let k = segments.length - 1; k >= 0 && frames.length < 1000; k--) {
    const base = segments[k]!;
    if (base === JIT_SEGMENT) {
      jit ??= tierHooks.jitGroups?.() ?? [];
      for (const f of jit[g++] ?? []) frames.push(f);
    } else {
      for (let i = top - 1; i >= base && frames.length < 1000; i--) pushFrame(frames, fFunc[i]!);
      top = base;
    }
  }
  for (let i = top - 1; i >= 0 && frames.length < 1000; i--) pushFrame(frames, fFunc[i]!);
  return frames;
}

export function wasmStack(cur: FuncInst | null): WasmFrame[] {
  return mixedStack(cur);
}

export function trap(kind: string, cur: FuncInst | null, detail?: string): RuntimeError {
  return new RuntimeError(kind, wasmStack(cur), detail);
}
