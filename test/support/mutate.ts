// Mutants of real modules for the mutant tests (test/mutants.test.ts,
// test/host/game-mutants.test.ts): one or two bytes of the code section
// changed in their low seven bits, so a LEB128 immediate keeps its length.
// A seed picks the source and the bytes; the draw order is fixed, so a seed
// names the same mutant from run to run.
import { Rng } from '../differential/harness';

export interface Source {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** [start, end) of the code section's contents. */
  readonly code: readonly [number, number];
}

export interface Mutant {
  readonly source: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Offsets of the changed bytes. */
  readonly changed: readonly number[];
}

/** A module with its code section located. */
export function source(name: string, bytes: Uint8Array): Source {
  let p = 8;
  const leb = (): number => {
    let r = 0, s = 0, x: number;
    do { x = bytes[p++]!; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = leb();
    if (id === 10) return { name, bytes, code: [p, p + size] };
    p += size;
  }
  throw new Error(`${name}: no code section`);
}

export function mutant(seed: number, sources: readonly Source[]): Mutant {
  const rng = new Rng(seed);
  const src = sources[rng.below(sources.length)]!;
  const bytes = new Uint8Array(src.bytes);
  const changed: number[] = [];
  for (let i = 1 + rng.below(2); i > 0; i--) {
    const at = src.code[0] + rng.below(src.code[1] - src.code[0]);
    const low = rng.below(2) ? (bytes[at]! ^ (1 << rng.below(7))) & 0x7f : rng.below(128);
    bytes[at] = (bytes[at]! & 0x80) | low;
    changed.push(at);
  }
  return { source: src.name, bytes, changed };
}
