// ModuleIR.funcNames: a function's display name for stack traces and
// profiles. The `name` section's function names (Rust's mangled symbols
// demangled), else the function's first export name.
//
// Read lazily: names are needed only when a trace or a profile shows one,
// and a Rust module names thousands of functions, so reading and demangling
// them all at decode cost more than validating small modules on a cold engine
// (docs/performance.md, "Cold start: validation"). Decoding only notes where
// each function-name subsection starts; the first get() reads them all, in
// module order, with the same leniency as before (a malformed subsection
// keeps the names read before the fault and ends that name section), and a
// name is demangled when it is first read.
import { demangle } from './demangle.ts';
import { Reader } from './reader.ts';

interface Pending {
  /** The name section's contents (after its name). */
  bytes: Uint8Array;
  /** Where a function-name subsection's contents start. */
  at: number;
}

export class FuncNames {
  private pending: Pending[] = [];
  /** Name-section names as spelled there, by function index (a later entry wins). */
  private readonly raw = new Map<number, string>();
  /** Demangled name-section names, made on first read. */
  private readonly shown = new Map<number, string>();
  /** First export name of each exported function. */
  private readonly exported = new Map<number, string>();

  /** A function-name subsection (name section id 1) starting at `at` in `bytes`, read on first use. */
  addSubsection(bytes: Uint8Array, at: number): void {
    this.pending.push({ bytes, at });
  }

  /** An exported function's name, used when the name section does not name it (the first export wins). */
  addExport(index: number, name: string): void {
    if (!this.exported.has(index)) this.exported.set(index, name);
  }

  get(index: number): string | undefined {
    if (this.pending.length) this.readPending();
    const shown = this.shown.get(index);
    if (shown !== undefined) return shown;
    const raw = this.raw.get(index);
    if (raw === undefined) return this.exported.get(index);
    const name = demangle(raw);
    this.shown.set(index, name);
    return name;
  }

  has(index: number): boolean {
    return this.get(index) !== undefined;
  }

  private readPending(): void {
    const pending = this.pending;
    this.pending = [];
    let broken: Uint8Array | undefined;
    for (const { bytes, at } of pending) {
      if (bytes === broken) continue;
      try {
        const r = new Reader(bytes, at);
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const idx = r.u32();
          this.raw.set(idx, r.name());
        }
      } catch {
        // A malformed name section is not an error (spec: custom sections are
        // ignorable); the names read so far stay, the rest of this section is left.
        broken = bytes;
      }
    }
  }
}
