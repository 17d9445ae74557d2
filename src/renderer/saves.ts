// Save data for ABI v2 games, kept per game (saveKey: its declared id, else
// its title). On the desktop the main process keeps them as files, written
// new and renamed over the old (src/main/saves.ts); on the web they live
// in IndexedDB: one record per game, replaced in one transaction,
// so a crash mid-write leaves the previous save. Each record carries the
// checksum and length of its bytes; a record that does not match them, or
// that is over MAX_SAVE_BYTES, is reported and not used (the game starts
// without a save).
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

export class SaveStore {
  private db: Promise<IDBDatabase> | undefined;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB cannot be opened'));
    });
    return this.db;
  }

  async load(key: string): Promise<LoadedSave> {
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
