// Resource limits every engine enforces the same way (docs/abi.md, "Resource
// limits"): how large an instance's memory and tables may be, how deep calls
// may nest, and how much bulk work (memory.fill/copy/init, table operations)
// runs between two shouldInterrupt polls.

/** Limits an embedder sets per instance (InstanceOptions.limits); unset fields take the defaults below. */
export interface ResourceLimits {
  /** Largest linear memory in bytes (a multiple of 64 KiB is exact; otherwise rounded down to whole pages). */
  readonly memoryBytes?: number;
  /** Most entries a table may have, at instantiation and through table.grow. */
  readonly tableEntries?: number;
}

/** The engine's own defaults: the spec's 4 GiB memory, and tables a JS array can hold without exhausting the heap. */
export const ENGINE_LIMITS: Required<ResourceLimits> = {
  memoryBytes: 65536 * 65536,
  tableEntries: 10_000_000,
};

/**
 * A module asks for more of a resource than its limit allows at instantiation
 * (a memory's or table's declared minimum). `resource` names it ('memory',
 * 'table'), `value` and `limit` are in the resource's unit (bytes, entries).
 */
export class LimitError extends RangeError {
  override name = 'LimitError';
  constructor(
    readonly resource: string,
    readonly value: number,
    readonly limit: number,
    readonly unit: string,
  ) {
    super(`limit: ${resource} ${value} ${unit} exceeds ${limit}`);
  }
}

/**
 * Wasm frames that may be live at once, in every engine and environment
 * (the interpreter's frame stack, JIT frames, and the interpreter running
 * JIT functions once the JIT's share of the JS stack is used up): a call
 * that would make one more traps with 'call stack exhausted'. A function
 * that makes no calls at all (a leaf, isLeaf) may still run on top of it.
 */
export const CALL_DEPTH_LIMIT = 20_000;

/**
 * Bulk work (bytes of memory.fill/copy/init, entries of table.fill/copy/
 * init/grow) between two shouldInterrupt polls: a single operation larger
 * than this is done in pieces of this size with a poll between them.
 */
export const BULK_ASK_UNITS = 16 * 1024 * 1024;

let bulkDone = 0;

/** Counts `n` units of bulk work; true when BULK_ASK_UNITS have been done since it last said so (then ask shouldInterrupt). */
export function bulkDue(n: number): boolean {
  bulkDone += n;
  if (bulkDone < BULK_ASK_UNITS) return false;
  bulkDone = 0;
  return true;
}

/**
 * Does `n` units of bulk work as `piece(offset, length)` calls of at most
 * BULK_ASK_UNITS, calling `ask` (which throws to interrupt) whenever
 * bulkDue says so. `backwards`: the pieces from the end first (a copy onto a
 * higher overlapping address must read each piece before it is overwritten).
 */
export function bulkPieces(n: number, backwards: boolean, piece: (at: number, len: number) => void, ask: () => void): void {
  if (backwards) {
    for (let end = n; end > 0;) {
      const len = Math.min(BULK_ASK_UNITS, end);
      end -= len;
      piece(end, len);
      if (bulkDue(len)) ask();
    }
  } else {
    for (let at = 0; at < n; at += BULK_ASK_UNITS) {
      const len = Math.min(BULK_ASK_UNITS, n - at);
      piece(at, len);
      if (bulkDue(len)) ask();
    }
  }
}
