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
};

contextBridge.exposeInMainWorld('arcade', bridge);
