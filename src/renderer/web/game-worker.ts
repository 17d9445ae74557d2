// Web build: the game session runs in this dedicated Web Worker. A thin
// adapter: the worker's global scope is the Port (draw lists are copied to the
// page, see host/runner.ts). The page terminates and recreates this worker
// when the game stops answering.
import type { FromWorker, Port, ToWorker } from '../../host/protocol';
import { runGameWorker } from '../../host/runner';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;

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
