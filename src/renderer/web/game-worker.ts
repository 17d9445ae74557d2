// Web build: the game session runs in this dedicated Web Worker. A thin
// adapter: the worker's global scope is the Port (draw lists are copied to the
// page, see host/runner.ts). The page terminates and recreates this worker
// when the game stops answering.
//
// The worker gets a policy of its own, not the page's: no network, no storage,
// no scripts beyond its own. A game is WebAssembly on our engine and reaches
// the outside only through the host imports, but the JIT turns it into
// JavaScript, so an engine bug must not hand it fetch(). The Content-Security-
// Policy it is served with (vite.web.config.ts) blocks connections and foreign
// scripts; lockDown() also deletes the network and storage APIs before any
// game runs, in case a host serves the worker without that header.
import type { FromWorker, Port, ToWorker } from '../../host/protocol';
import { runGameWorker } from '../../host/runner';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;

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
function lockDown(global: object): void {
  for (const name of LOCKED_GLOBALS) {
    for (let o: object | null = global; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      if (Object.prototype.hasOwnProperty.call(o, name)) delete (o as Record<string, unknown>)[name];
    }
    if (name in global) Object.defineProperty(global, name, { value: undefined, writable: false, configurable: false });
  }
}

lockDown(self);

const port: Port<ToWorker, FromWorker> = {
  // Never a transfer list: detaching a buffer here would slow every game in
  // this worker (see host/runner.ts), so whatever is posted is copied.
  post: (message) => scope.postMessage(message),
  onMessage: (handler) => {
    scope.onmessage = (event) => handler(event.data as ToWorker);
  },
};

runGameWorker(port, {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
});
