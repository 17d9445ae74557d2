// Entry of the game's Electron utility process (one per window). A thin
// adapter: it waits for the MessagePortMain that main hands over, wraps it as
// a host `Port` and runs the session loop from src/host. The renderer holds
// the other end of that port, so frames never pass through the main process.
import type { MessagePortMain } from 'electron';
import type { FromWorker, Port, ToWorker } from '../host/protocol';
import { runGameWorker } from '../host/runner';

/** Adapts Electron's MessagePortMain to the host's Port interface. */
function wrapPort(port: MessagePortMain): Port<ToWorker, FromWorker> {
  return {
    // ArrayBuffers (draw lists, a few KB a frame) are copied, as everywhere
    // the game side posts (host/runner.ts); MessagePortMain could only
    // transfer ports anyway.
    post: (message) => port.postMessage(message),
    onMessage: (handler) => {
      port.on('message', (event) => handler(event.data as ToWorker));
    },
  };
}

let started = false;
process.parentPort.on('message', (event) => {
  const [port] = event.ports;
  if (started || !port) return;
  started = true;
  // Main owns this process's lifetime: it kills it when the window closes or
  // the renderer asks for a fresh one (restart, or the game stopped answering).
  runGameWorker(wrapPort(port), {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  });
  port.start();
});
