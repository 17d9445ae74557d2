// Electron main process: owns the window and the game's utility process, and
// wires the two together with a MessageChannelMain so frames flow straight
// from the game to the renderer without passing through here. Everything
// game-related lives in src/host (utility process) and src/renderer (page);
// this file only manages lifetimes.
import { app, BrowserWindow, ipcMain, MessageChannelMain, net, protocol, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, normalize, relative, isAbsolute } from 'node:path';
import { IPC } from './ipc';
import { SCHEME } from './scheme';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const gameProcessPath = join(here, 'game-process.js');

// The packaged renderer is served from arcade://app/ (see ./scheme) rather
// than file:// so that fetch() of bundled .wasm files works and the page has
// a real origin.

/** One game utility process per window; replaced on restart or crash. */
class GameProcess {
  private child: UtilityProcess | undefined;
  /** Set when we end the child ourselves, so its exit is not reported as a crash. */
  private expectedExit = new WeakSet<UtilityProcess>();

  constructor(private readonly contents: WebContents) {}

  /** Starts a fresh utility process and hands the renderer a new port to it. */
  connect(): void {
    this.kill();
    const child = utilityProcess.fork(gameProcessPath, [], {
      serviceName: 'Wasm Arcade game',
      stdio: 'inherit',
    });
    this.child = child;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'port' }, [port1]);
    child.on('exit', (code) => {
      if (this.child === child) this.child = undefined;
      if (this.expectedExit.has(child) || this.contents.isDestroyed()) return;
      this.contents.send(IPC.gameExited, { code });
    });
    this.contents.postMessage(IPC.gamePort, null, [port2]);
  }

  kill(): void {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.expectedExit.add(child);
    child.kill();
  }
}

const games = new Map<number, GameProcess>();
const NOT_RESPONDING = ' (not responding)';

function createWindow(): void {
  const win = new BrowserWindow({
    title: 'Wasm Arcade',
    width: 1024,
    height: 800,
    minWidth: 480,
    minHeight: 400,
    backgroundColor: '#0b0d12',
    show: false, // shown on ready-to-show: no white flash
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      spellcheck: false,
      backgroundThrottling: false,
    },
  });
  const id = win.webContents.id;
  games.set(id, new GameProcess(win.webContents));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    games.get(id)?.kill();
    games.delete(id);
  });
  // A renderer that died cannot use its game any more: end the game and reload the page (which asks for a new one).
  win.webContents.on('render-process-gone', (_event, details) => {
    games.get(id)?.kill();
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    console.error(`Wasm Arcade: the window's renderer is gone (${details.reason}, exit code ${details.exitCode}); reloading it`);
    win.webContents.reload();
  });
  // A page that stops answering (the game's worker is separate; this is the UI itself) says so in its title.
  win.on('unresponsive', () => {
    console.error('Wasm Arcade: the window is not responding');
    if (!win.getTitle().endsWith(NOT_RESPONDING)) win.setTitle(`${win.getTitle()}${NOT_RESPONDING}`);
  });
  win.on('responsive', () => {
    if (win.getTitle().endsWith(NOT_RESPONDING)) win.setTitle(win.getTitle().slice(0, -NOT_RESPONDING.length));
  });
  // No new windows, no navigating away from the app.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());

  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) void win.loadURL(devUrl);
  else void win.loadURL(`${SCHEME}://app/index.html`);
}

/** Serves out/renderer under arcade://app/, refusing anything outside it. */
function serveRenderer(): void {
  protocol.handle(SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = normalize(join(rendererDir, decodeURIComponent(pathname)));
    const rel = relative(rendererDir, file);
    if (rel.startsWith('..') || isAbsolute(rel)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

ipcMain.on(IPC.connectGame, (event) => {
  games.get(event.sender.id)?.connect();
});

void app.whenReady().then(() => {
  serveRenderer();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
