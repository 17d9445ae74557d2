// The crash journal of an in-app recording: the recording's chunks (one per
// frame, from the game worker) are also kept in IndexedDB — in the web build
// and in the desktop app's window alike — so killing the page, the browser or
// the app loses at most the last FLUSH_MS of it. The chunks received are
// appended as one record every FLUSH_MS, never rewritten (a localStorage
// journal rewritten every frame kept only ~4 s of recordings killed after
// 6–40 s). The next start offers to save what was kept. Without IndexedDB (or
// when it fails) the recording itself goes on in memory, with a note. Its own
// database, like the saves' and the library's.

/** The journal of the recording in progress (see the top of this file). */
export class RecordingJournal {
  static readonly DB = 'arcade-recording-journal';
  /** Longest a received chunk waits before it is stored: what a kill can lose. */
  static readonly FLUSH_MS = 500;
  private readonly db: Promise<IDBDatabase | undefined>;
  private pending: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failed = false;

  constructor(factory: IDBFactory | undefined) {
    this.db = new Promise((resolve) => {
      if (!factory) return resolve(undefined);
      try {
        const request = factory.open(RecordingJournal.DB, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore('meta');
          request.result.createObjectStore('chunks', { autoIncrement: true });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(undefined);
        request.onblocked = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
    });
  }

  start(title: string): void {
    this.dropPending();
    this.failed = false;
    void this.write((meta, chunks) => {
      chunks.clear();
      meta.put({ title, started: Date.now() }, 'current');
    });
  }

  append(chunk: string): void {
    if (this.failed) return;
    this.pending.push(chunk);
    this.timer ??= setTimeout(() => this.flush(), RecordingJournal.FLUSH_MS);
  }

  /** Stores what was received so far (one appended record). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    void this.write((_meta, chunks) => chunks.add(text));
  }

  /** What a previous run left behind, if anything. */
  async recover(): Promise<{ title: string; text: string } | undefined> {
    const db = await this.db;
    if (!db) return undefined;
    return new Promise((resolve) => {
      try {
        const tx = db.transaction(['meta', 'chunks'], 'readonly');
        const meta = tx.objectStore('meta').get('current');
        const chunks = tx.objectStore('chunks').getAll();
        tx.oncomplete = () => {
          const m = meta.result as { title?: unknown } | undefined;
          const text = (chunks.result as unknown[]).filter((c): c is string => typeof c === 'string').join('');
          resolve(m && text ? { title: typeof m.title === 'string' ? m.title : 'recording', text } : undefined);
        };
        tx.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
    });
  }

  clear(): void {
    this.dropPending();
    void this.write((meta, chunks) => {
      meta.clear();
      chunks.clear();
    });
  }

  private dropPending(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  /** One read-write transaction over both stores (transactions run in the order they are made). */
  private async write(body: (meta: IDBObjectStore, chunks: IDBObjectStore) => void): Promise<void> {
    const db = await this.db;
    if (!db) return;
    try {
      const tx = db.transaction(['meta', 'chunks'], 'readwrite');
      body(tx.objectStore('meta'), tx.objectStore('chunks'));
      tx.onerror = () => this.fail(tx.error);
      tx.onabort = () => this.fail(tx.error);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    console.warn(`recording journal stopped (${error instanceof Error || error instanceof DOMException ? error.message : String(error)}); the recording itself continues in memory`);
  }
}
