// The game's worker inside the hidden game host page (Electron only): waits
// for the MessagePort the page hands over and runs the session loop of
// src/host on it. The other end of the port is in the app's window, so frames
// go straight there.
import type { FromWorker, Port, ToWorker } from '../../host/protocol';
import { runGameWorker } from '../../host/runner';
import { lockDown } from '../worker-lockdown';
import { warmEngineInTasks } from '../../runtime/warm';

// No network, storage or other scripts for the game, on top of the host page's CSP (src/main/csp.ts).
lockDown(self);

/** Whether the app's window has sent anything (a game, a thumbnail): the warm-up then stops. */
let spoken = false;

function wrapPort(port: MessagePort): Port<ToWorker, FromWorker> {
  return {
    // Copied, never transferred: see host/runner.ts.
    post: (message) => port.postMessage(message),
    onMessage: (handler) => {
      port.onmessage = (event: MessageEvent) => {
        spoken = true;
        handler(event.data as ToWorker);
      };
    },
  };
}

// V8 compiles and warms our engine's code now, while the player chooses a game, a task at a
// time so that a game sent meanwhile waits for one part at most (src/runtime/warm.ts)
warmEngineInTasks((task) => setTimeout(task, 0), () => spoken);

const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null };
scope.onmessage = (event) => {
  const [port] = event.ports;
  if (!port) return;
  scope.onmessage = null;
  runGameWorker(wrapPort(port), {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  });
  port.start();
};
