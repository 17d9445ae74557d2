// Save data for ABI v2 games, kept per game (saveKey: its declared id, else
// its title). On the desktop the main process keeps them as files, written
// new and renamed over the old (src/main/saves.ts); on the web they live
// in IndexedDB: one record per game, replaced in one transaction,
// so a crash mid-write leaves the previous save. Each record carries the
// checksum and length of its bytes; a record that does not match them, or
// that is over MAX_SAVE_BYTES, is reported and not used (the game starts
// without a save).
//
// The store remembers what it last read or wrote for each game (the bytes,
// or that there is none), so that a game whose save the library has already
// read — its card's best score, the focused card's game made ready to start —
// starts with it at once instead of after a read the page would do while it
// also lays out the game's screen (tens of ms; docs/performance.md, "A click's
// save"). Another tab of the web build that writes a game's save says so on a
// BroadcastChannel, and this one forgets what it remembered of that game.
import { MAX_SAVE_BYTES } from '../host/abi';
import { hashBytes } from '../host/drawlist';
import { electronBridge } from './bridge';

// A database of its own: the game library (library.ts) keeps another, so neither's
// upgrade can leave the other without its object store.
const DB = 'wasm-arcade-saves';
const STORE = 'saves';

interface SaveRecord {
  readonly data: Uint8Array;
  readonly length: number;
  readonly hash: string;
}

export interface LoadedSave {
  readonly data?: Uint8Array;
  /** Why a stored save was not used. */
  readonly problem?: string;
}

/** Where the web build's tabs say which game's save they wrote. */
const CHANNEL = 'wasm-arcade-saves';

export class SaveStore {
  private db: Promise<IDBDatabase> | undefined;
  /** What was last read or written of each game's save: its bytes, or null for none. */
  private readonly known = new Map<string, Uint8Array | null>();
  /** Writes under way, by game. */
  private readonly writing = new Map<string, number>();
  /** Counts writes begun and other tabs' writes heard of: a read that spans one is not remembered. */
  private changes = 0;
  private readonly channel: BroadcastChannel | undefined;

  constructor() {
    // (the desktop has one window, and its saves are written through this store only)
    if (!electronBridge()?.saveRead && typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (e: MessageEvent<unknown>) => {
        if (typeof e.data !== 'string') return;
        this.changes++;
        this.known.delete(e.data);
      };
    }
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB cannot be opened'));
    });
    return this.db;
  }

  /**
   * What `load(key)` would give, when this store knows it without reading
   * (no write of it under way); a copy, which the caller may transfer.
   */
  peek(key: string): LoadedSave | undefined {
    if (this.writing.has(key)) return undefined;
    const data = this.known.get(key);
    if (data === undefined) return undefined;
    return data === null ? {} : { data: data.slice() };
  }

  async load(key: string): Promise<LoadedSave> {
    const before = this.changes;
    const loaded = await this.read(key);
    // (a save that could not be used is read again next time: its problem is reported each time)
    if (loaded.problem === undefined && this.changes === before && !this.writing.has(key)) this.known.set(key, loaded.data ? loaded.data.slice() : null);
    return loaded;
  }

  private async read(key: string): Promise<LoadedSave> {
    const desktop = electronBridge();
    if (desktop?.saveRead) {
      try {
        return await desktop.saveRead(key);
      } catch (error) {
        return { problem: `the save for ${key} cannot be read (${error instanceof Error ? error.message : String(error)}): the game starts without a save` };
      }
    }
    try {
      const db = await this.open();
      const record = await new Promise<unknown>((resolve, reject) => {
        const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('read failed'));
      });
      if (record === undefined) return {};
      const r = record as Partial<SaveRecord>;
      if (!(r.data instanceof Uint8Array) || typeof r.hash !== 'string' || r.length !== r.data.length || hashBytes(r.data) !== r.hash) {
        return { problem: `the stored save for ${key} is corrupt (its checksum does not match): the game starts without a save` };
      }
      if (r.data.length > MAX_SAVE_BYTES) return { problem: `the stored save for ${key} is ${r.data.length} bytes, over the ${MAX_SAVE_BYTES}-byte limit: the game starts without a save` };
      return { data: r.data };
    } catch (error) {
      return { problem: `the save for ${key} cannot be read (${error instanceof Error ? error.message : String(error)}): the game starts without a save` };
    }
  }

  /** Replaces the save (empty data deletes it) in one transaction; resolves when it is committed. */
  async store(key: string, data: Uint8Array): Promise<void> {
    const copy = data.slice();
    this.changes++;
    this.known.delete(key);
    this.writing.set(key, (this.writing.get(key) ?? 0) + 1);
    try {
      await this.write(key, copy);
      // (what is stored now, unless another write of it is still under way)
      if (this.writing.get(key) === 1) this.known.set(key, copy.length ? copy : null);
      this.channel?.postMessage(key);
    } finally {
      const n = this.writing.get(key)! - 1;
      if (n === 0) this.writing.delete(key);
      else this.writing.set(key, n);
    }
  }

  private async write(key: string, data: Uint8Array): Promise<void> {
    const desktop = electronBridge();
    if (desktop?.saveWrite) return desktop.saveWrite(key, data.slice());
    const db = await this.open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      if (data.length === 0) store.delete(key);
      else store.put({ data: data.slice(), length: data.length, hash: hashBytes(data) } satisfies SaveRecord, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('write aborted'));
    });
  }
}
