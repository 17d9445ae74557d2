// Preload (sandboxed, CommonJS, context-isolated). contextBridge cannot pass
// MessagePorts, so the port to the game's utility process is relayed to the
// page with window.postMessage; everything else is a tiny, explicit API.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC } from '../main/ipc';
import type { ArcadeBridge } from '../renderer/bridge';
import { GAME_PORT_MESSAGE } from '../renderer/bridge';

ipcRenderer.on(IPC.gamePort, (event) => {
  // Same-origin only: the page checks event.source === window as well.
  window.postMessage({ type: GAME_PORT_MESSAGE }, window.location.origin, event.ports);
});

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
