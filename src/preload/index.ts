// Preload (sandboxed, CommonJS, context-isolated) of both of the app's
// windows; one file because a sandboxed preload must be a single script.
// contextBridge cannot pass MessagePorts, so the port to the game is relayed
// to the page with window.postMessage.
// - The app's window gets the tiny `window.arcade` API below.
// - The hidden game host window (main passes GAME_HOST_ARG) gets nothing: it
//   only receives its one port.
import { contextBridge, ipcRenderer } from 'electron';
import { GAME_HOST_ARG, IPC } from '../main/ipc';
import type { ArcadeBridge } from '../renderer/bridge';
import { GAME_PORT_MESSAGE } from '../renderer/bridge';

ipcRenderer.on(IPC.gamePort, (event) => {
  // Same-origin only: the page checks event.source === window as well.
  window.postMessage({ type: GAME_PORT_MESSAGE }, window.location.origin, event.ports);
});

if (!process.argv.includes(GAME_HOST_ARG)) {
  const bridge: ArcadeBridge = {
    platform: process.platform,
    connectGame: () => ipcRenderer.send(IPC.connectGame),
    onGameExited: (listener) => {
      ipcRenderer.on(IPC.gameExited, (_event, info: { code: number }) => listener(info.code));
    },
    saveRead: (key) => ipcRenderer.invoke(IPC.saveRead, key) as Promise<{ data?: Uint8Array; problem?: string }>,
    saveWrite: (key, data) => ipcRenderer.invoke(IPC.saveWrite, key, data) as Promise<void>,
  };
  contextBridge.exposeInMainWorld('arcade', bridge);
}
