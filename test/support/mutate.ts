// Mutants of real modules for the mutant tests (test/mutants.test.ts,
// test/host/game-mutants.test.ts): one or two bytes of the code section (or,
// with `anySection`, of any one non-custom section: types, imports, tables,
// memory, globals, exports, elements, data…) changed in their low seven bits,
// so a LEB128 immediate keeps its length.
// A seed picks the source and the bytes; the draw order is fixed, so a seed
// names the same mutant from run to run.
import { Rng } from '../differential/harness';

export interface Source {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** [start, end) of the code section's contents. */
  readonly code: readonly [number, number];
  /** [id, start, end) of every non-custom section's contents, in order. */
  readonly sections: readonly (readonly [number, number, number])[];
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
  const sections: [number, number, number][] = [];
  let code: [number, number] | undefined;
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = leb();
    if (id === 10) code = [p, p + size];
    if (id !== 0 && size > 0) sections.push([id, p, p + size]);
    p += size;
  }
  if (!code) throw new Error(`${name}: no code section`);
  return { name, bytes, code, sections };
}

/**
 * The mutant a seed names. `anySection`: the bytes are changed in one
 * section picked at random among all non-custom ones (its own seeds: the
 * code-only mutants keep theirs).
 */
export function mutant(seed: number, sources: readonly Source[], anySection = false): Mutant {
  const rng = new Rng(seed);
  const src = sources[rng.below(sources.length)]!;
  const bytes = new Uint8Array(src.bytes);
  const changed: number[] = [];
  const [start, end] = anySection ? src.sections[rng.below(src.sections.length)]!.slice(1) as [number, number] : src.code;
  for (let i = 1 + rng.below(2); i > 0; i--) {
    const at = start + rng.below(end - start);
    const low = rng.below(2) ? (bytes[at]! ^ (1 << rng.below(7))) & 0x7f : rng.below(128);
    bytes[at] = (bytes[at]! & 0x80) | low;
    changed.push(at);
  }
  return { source: src.name, bytes, changed };
}
