// Web build: the game session runs in this dedicated Web Worker. A thin
// adapter: the worker's global scope is the Port (draw lists are copied to the
// page, see host/runner.ts). The page terminates and recreates this worker
// when the game stops answering.
//
// The worker gets a policy of its own, not the page's: no network, no storage,
// no scripts beyond its own. A game is WebAssembly on our engine and reaches
// the outside only through the host imports, but the JIT turns it into
// JavaScript, so an engine bug must not hand it fetch(). The Content-Security-
// Policy it is served with (GAME_WORKER_CSP, src/node/static-server.ts) blocks
// connections and foreign scripts; lockDown() also deletes the network and
// storage APIs before any game runs, for a host that serves the worker without
// that header, and for the single-file player, whose worker is a blob: URL.
import type { FromWorker, Port, ToWorker } from '../../host/protocol';
import { runGameWorker } from '../../host/runner';
import { lockDown } from '../worker-lockdown';
import { warmEngineInTasks } from '../../runtime/warm';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;

lockDown(self);

/** Whether the page has sent anything (a game, a thumbnail): the warm-up then stops. */
let spoken = false;

const port: Port<ToWorker, FromWorker> = {
  // Never a transfer list: detaching a buffer here would slow every game in
  // this worker (see host/runner.ts), so whatever is posted is copied.
  post: (message) => scope.postMessage(message),
  onMessage: (handler) => {
    scope.onmessage = (event) => {
      spoken = true;
      handler(event.data as ToWorker);
    };
  },
};

// V8 compiles and warms our engine's code now, while the player chooses a game, a task at a
// time so that a game sent meanwhile waits for one part at most (src/runtime/warm.ts)
warmEngineInTasks((task) => setTimeout(task, 0), () => spoken);

runGameWorker(port, {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
});
