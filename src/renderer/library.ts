// The games you opened, remembered across restarts (IndexedDB: the bytes and
// the metadata from their arcade.game section), so they stay in the library
// next to the bundled ones. Newest first; the oldest beyond LIMIT go.
// Beside them, a preview per game file (by the hash of its bytes): the
// thumbnail taken from its first frames, its host profile and metadata as the
// game host reported them, so the library shows them without running it again.
import type { GameMeta } from '../host/abi';
import type { ProfileName } from '../host/profiles/profile';

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

/** What the library keeps about one game file once it has run. */
export interface GamePreview {
  /** hashBytes of the .wasm. */
  readonly hash: string;
  readonly profile: ProfileName;
  readonly meta: GameMeta;
  /** A PNG of its screen at PREVIEW_FRAME; absent when it stopped before (see problem). */
  readonly thumbnail?: Blob;
  readonly problem?: string;
}

// A database of its own (saves.ts keeps another): see there.
const DB = 'wasm-arcade-library';
const STORE = 'library';
const PREVIEWS = 'previews';
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
      const open = indexedDB.open(DB, 2);
      open.onupgradeneeded = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(PREVIEWS)) db.createObjectStore(PREVIEWS, { keyPath: 'hash' });
      };
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

  async preview(hash: string): Promise<GamePreview | undefined> {
    if (!this.db) return undefined;
    return (await request(this.db.transaction(PREVIEWS).objectStore(PREVIEWS).get(hash))) as GamePreview | undefined;
  }

  async storePreview(preview: GamePreview): Promise<void> {
    if (!this.db) return;
    await request(this.db.transaction(PREVIEWS, 'readwrite').objectStore(PREVIEWS).put(preview));
  }
}
