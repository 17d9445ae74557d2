// One Int32Array holding the slot code of every function the interpreter
// has run (each function's code is copied here on its first call). Why: the
// loop reads its instructions from `code`, and when that was each function's
// own array (a different object after every call and return), V8 checked its
// map and reloaded its length and data pointer at every dispatch. One array
// that loop() reads from a constant lets TurboFan fold its length and data
// pointer into the code, and frees the registers they took.
//
// The array is `store.code`: V8 treats a property written only once (here,
// at creation) as a constant of the object. If the array ever has to grow,
// the property is written again; everything stays correct, but loop() is
// deoptimised once and no longer gets the folding — so the first array is
// large (16 MB of address space, zero pages the OS only backs when written).
// Ranges of functions that were garbage-collected are reused.
import type { CompiledFunc } from '../module.ts';

const INITIAL = 1 << 22;

const first = new Int32Array(INITIAL);
/**
 * `dv` views the same bytes: loop() reads f32/f64 constants of the code with
 * it, straight into a float register (writing the two halves of an f64 into
 * a slot and reading it back as one 8-byte value defeats the CPU's
 * store-to-load forwarding, which stalls).
 */
export const store = { code: first, dv: new DataView(first.buffer) };

let top = 0;
/** Free ranges [start, length] of collected functions. */
const free: [number, number][] = [];

const registry = new FinalizationRegistry<[number, number]>((range) => {
  free.push(range);
});

/** Entries of the store in use or freed (for tests). */
export function storeUsed(): number {
  return top;
}

/** Copies cf's code into the store (first call; lowering it first if needed) and returns its base. */
export function install(cf: CompiledFunc): number {
  if (cf.base >= 0) return cf.base;
  // (a body checked but not yet lowered to slot code: validate/module.ts)
  if (cf.lower !== null) cf.lower();
  const n = cf.code.length;
  let base = -1;
  for (let i = 0; i < free.length; i++) {
    const r = free[i]!;
    if (r[1] >= n) {
      base = r[0];
      if (r[1] === n) free.splice(i, 1);
      else {
        r[0] += n;
        r[1] -= n;
      }
      break;
    }
  }
  if (base < 0) {
    if (top + n > store.code.length) {
      let cap = store.code.length * 2;
      while (top + n > cap) cap *= 2;
      const bigger = new Int32Array(cap);
      bigger.set(store.code);
      store.code = bigger;
      store.dv = new DataView(bigger.buffer);
    }
    base = top;
    top += n;
  }
  store.code.set(cf.code, base);
  cf.base = base;
  registry.register(cf, [base, n]);
  return base;
}
