// Compiled games kept between the sessions of one host (SessionOptions.modules).
//
// A session compiles its game into a Module (decode, validate) whose functions
// are then lowered for the interpreter and translated by the JIT as they are
// called and get hot: all of it kept in the Module, none of it in an instance.
// A new session of the same bytes — a restart, a game picked after its
// thumbnail ran in the same worker — can instantiate that Module again and
// start on code already lowered and translated, instead of on a cold
// interpreter. (Several instances of one Module are ordinary WebAssembly; an
// instance's state is its own, and every tier computes the same results.)
//
// The Module's compile budget asks for the clock and the frame's end through
// a `route` that each session taking the Module points at itself.
import type { Module } from '../runtime/index';
import { hashBytes } from './drawlist';

/** Where a cached Module's compile budget reads the time and the current frame's end. */
export interface BudgetRoute {
  now: () => number;
  turn: { end: number };
}

/** A compiled game and what was read from it. */
export interface CachedGame<Info> {
  readonly module: Module;
  readonly info: Info;
  readonly route: BudgetRoute | undefined;
}

interface Entry<Info> extends CachedGame<Info> {
  readonly bytes: Uint8Array;
}

/** At most this many games are kept (the least recently used goes first)... */
export const MODULE_CACHE_ENTRIES = 8;
/** ...and at most this many bytes of their modules. */
export const MODULE_CACHE_BYTES = 32 * 1024 * 1024;

export class ModuleCache<Info = unknown> {
  private readonly entries = new Map<string, Entry<Info>>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = MODULE_CACHE_ENTRIES,
    private readonly maxBytes = MODULE_CACHE_BYTES,
  ) {}

  /** How many games are kept. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The game compiled from exactly these bytes for `key` (the engine, and
   * whether the sessions have a clock), now the most recently used.
   */
  get(wasm: Uint8Array, key: string): CachedGame<Info> | undefined {
    const k = `${key}:${wasm.length}:${hashBytes(wasm)}`;
    const e = this.entries.get(k);
    if (!e || !sameBytes(e.bytes, wasm)) return undefined;
    this.entries.delete(k);
    this.entries.set(k, e);
    return e;
  }

  /** Keeps a game compiled from `wasm` (copied) for `key`; a module larger than the whole cache is not kept. */
  put(wasm: Uint8Array, key: string, game: CachedGame<Info>): void {
    if (wasm.length > this.maxBytes) return;
    const k = `${key}:${wasm.length}:${hashBytes(wasm)}`;
    const old = this.entries.get(k);
    if (old) {
      this.entries.delete(k);
      this.bytes -= old.bytes.length;
    }
    this.entries.set(k, { ...game, bytes: wasm.slice() });
    this.bytes += wasm.length;
    for (const [key2, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(key2);
      this.bytes -= e.bytes.length;
    }
  }

  /** Forgets every game. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/**
 * Whether a and b hold the same bytes: a word at a time when both start on
 * a word (a kept game's start compares its whole file, often on code V8 has
 * not optimised yet: a quarter of the iterations), then byte by byte.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  if (((a.byteOffset | b.byteOffset) & 3) === 0) {
    const words = n >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let k = 0; k < words; k++) if (wa[k] !== wb[k]) return false;
    i = words << 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
