// What a game worker may not use, whatever policy it was served with: the
// web build's worker (src/renderer/web/game-worker.ts) and the desktop game
// host's (src/renderer/game-host/game-host-worker.ts) both call lockDown()
// before any game runs. A game reaches the outside only through the host
// imports, but the JIT turns it into JavaScript, so an engine bug must not
// hand it fetch() or storage.

/** APIs a game worker never needs: network, other scripts, storage, other contexts. */
export const LOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'indexedDB',
  'IDBFactory',
  'caches',
  'CacheStorage',
  'BroadcastChannel',
  'SharedWorker',
  'Worker',
  'Request',
] as const;

/** Removes LOCKED_GLOBALS from the worker's global object and everything it inherits from. */
export function lockDown(global: object): void {
  for (const name of LOCKED_GLOBALS) {
    for (let o: object | null = global; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      if (Object.prototype.hasOwnProperty.call(o, name)) delete (o as Record<string, unknown>)[name];
    }
    if (name in global) Object.defineProperty(global, name, { value: undefined, writable: false, configurable: false });
  }
}

