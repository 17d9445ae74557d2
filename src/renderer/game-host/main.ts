// The hidden game host page (Electron only). Main sends one MessagePort per
// page (the other end is in the app's window); the preload relays it with
// window.postMessage, and this page hands it to a dedicated worker, where the
// game session runs. Main replaces the whole page (and its process) on every
// restart, so there is only ever one port here.
import { GAME_PORT_MESSAGE } from '../bridge';

let started = false;
window.addEventListener('message', (event) => {
  if (started || event.source !== window || (event.data as { type?: unknown } | null)?.type !== GAME_PORT_MESSAGE) return;
  const [port] = event.ports;
  if (!port) return;
  started = true;
  const worker = new Worker(new URL('./game-host-worker.ts', import.meta.url), { type: 'module', name: 'game' });
  worker.postMessage({ type: 'port' }, [port]);
});
