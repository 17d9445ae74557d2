// The games you opened, remembered across restarts (IndexedDB: the bytes and
// the metadata from their arcade.game section), so they stay in the game
// picker next to the bundled ones. Newest first; the oldest beyond LIMIT go.
import type { GameMeta } from '../host/abi';

export interface LibraryEntry {
  /** Stable per game file: its file name and title. */
  readonly id: string;
  readonly fileName: string;
  readonly title: string;
  readonly author?: string;
  readonly description?: string;
  readonly openedAt: number;
  readonly bytes: ArrayBuffer;
}

// A database of its own (saves.ts keeps another): see there.
const DB = 'wasm-arcade-library';
const STORE = 'library';
const LIMIT = 30;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export class GameLibrary {
  private constructor(private readonly db: IDBDatabase | undefined) {}

  /** Opens the library; without IndexedDB (a locked-down browser) it is empty and remembers nothing. */
  static async open(): Promise<GameLibrary> {
    if (typeof indexedDB === 'undefined') return new GameLibrary(undefined);
    try {
      const open = indexedDB.open(DB, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
      return new GameLibrary(await request(open));
    } catch {
      return new GameLibrary(undefined);
    }
  }

  async list(): Promise<LibraryEntry[]> {
    if (!this.db) return [];
    const all = await request(this.db.transaction(STORE).objectStore(STORE).getAll() as IDBRequest<LibraryEntry[]>);
    return all.sort((a, b) => b.openedAt - a.openedAt);
  }

  /** Adds or refreshes a game (a rebuilt file replaces the bytes kept for it). */
  async remember(fileName: string, meta: GameMeta, bytes: ArrayBuffer): Promise<LibraryEntry | undefined> {
    if (!this.db) return undefined;
    const entry: LibraryEntry = {
      id: `${fileName}\u0000${meta.title}`,
      fileName,
      title: meta.title,
      ...(meta.author !== undefined ? { author: meta.author } : {}),
      ...(meta.description !== undefined ? { description: meta.description } : {}),
      openedAt: Date.now(),
      bytes: bytes.slice(0),
    };
    const store = this.db.transaction(STORE, 'readwrite').objectStore(STORE);
    await request(store.put(entry));
    const all = await this.list();
    for (const old of all.slice(LIMIT)) await this.forget(old.id);
    return entry;
  }

  async forget(id: string): Promise<void> {
    if (!this.db) return;
    await request(this.db.transaction(STORE, 'readwrite').objectStore(STORE).delete(id));
  }
}
