// Electron main process: owns the app's window and, per window, the hidden
// game host the game runs in (./game-host), and wires the two together with a
// MessageChannelMain so frames flow straight from the game to the page without
// passing through here. Everything game-related lives in src/host (run by the
// game host) and src/renderer (the page); this file manages lifetimes and the
// security settings of docs/security.md.
import { app, BrowserWindow, ipcMain, net, session, type IpcMainEvent, type IpcMainInvokeEvent, type Session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join, normalize, relative, isAbsolute } from 'node:path';
import { APP_CSP, GAME_HOST_CSP, GAME_HOST_DIR } from './csp';
import { GAME_HOST_URL, GameHost, gameHostSession, originOf } from './game-host';
import { IPC } from './ipc';
import { SCHEME } from './scheme';
import { readSave, writeSave } from './saves';
import { watchResponsiveness } from './unresponsive';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');

// The packaged renderer is served from arcade://app/ (see ./scheme) rather
// than file:// so that fetch() of bundled .wasm files works and the page has
// a real origin.
const APP_ORIGIN = `${SCHEME}://app`;
// `npm run dev`: the pages come from electron-vite's dev server (never in a packaged app).
const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const appOrigins = [APP_ORIGIN, ...(devUrl ? [originOf(devUrl)] : [])];
const gameHostUrl = devUrl ? new URL(`${GAME_HOST_DIR.slice(1)}index.html`, devUrl).href : GAME_HOST_URL;

const games = new Map<number, GameHost>();
/** A window whose renderer died is reloaded, at most MAX_RELOADS times in RELOAD_WINDOW_MS (a page that crashes on load is not reloaded forever). */
const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

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
  games.set(id, new GameHost(win.webContents, preloadPath, gameHostUrl));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    games.get(id)?.kill();
    games.delete(id);
  });
  // A renderer that died cannot use its game any more: end the game and reload
  // the page (which asks for a new one) — unless it keeps dying on load.
  const reloads: number[] = [];
  let reloadAsked = false;
  win.webContents.on('render-process-gone', (_event, details) => {
    games.get(id)?.kill();
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    if (reloadAsked) {
      // The user chose Reload for an unresponsive window: already reloading, and no crash to count.
      reloadAsked = false;
      return;
    }
    const now = Date.now();
    while (reloads.length > 0 && now - reloads[0] > RELOAD_WINDOW_MS) reloads.shift();
    if (reloads.length >= MAX_RELOADS) {
      console.error(`Wasm Arcade: the window's renderer is gone again (${details.reason}, exit code ${details.exitCode}); not reloading it after ${MAX_RELOADS} reloads in ${RELOAD_WINDOW_MS / 1000} s`);
      return;
    }
    reloads.push(now);
    console.error(`Wasm Arcade: the window's renderer is gone (${details.reason}, exit code ${details.exitCode}); reloading it`);
    win.webContents.reload();
  });
  // A page that stops answering (the game runs elsewhere; this is the UI itself) says so in its title until it
  // answers again, and after a few seconds a dialog offers Wait or Reload (./unresponsive). Reload replaces the
  // hung renderer process: reload() right after forcefullyCrashRenderer() loads the page in a new one.
  watchResponsiveness(win, () => {
    reloadAsked = true;
    games.get(id)?.kill();
    win.webContents.forcefullyCrashRenderer();
    win.webContents.reload();
  });
  // The killed process is reported before the new page loads; should it never be, a later crash still reloads.
  win.webContents.on('did-finish-load', () => {
    reloadAsked = false;
  });
  // No new windows, no navigating away from the app, no <webview>.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  // `arcade play <game.wasm>` passes --game=<path>: the page loads it from arcade://app/__arcade/game.wasm.
  const query = playFile ? `?src=__arcade/game.wasm&name=${encodeURIComponent(basename(playFile))}` : '';
  void win.loadURL(`${devUrl ?? `${APP_ORIGIN}/index.html`}${query}`);
}

/** The game file `arcade play` opened the app with (`--game=<path>`), if any. */
const playFile = process.argv.find((a) => a.startsWith('--game='))?.slice('--game='.length);

/** The file under out/renderer a request names, or undefined when it points outside. */
function rendererFile(url: string): string | undefined {
  const { pathname } = new URL(url);
  const file = normalize(join(rendererDir, decodeURIComponent(pathname)));
  const rel = relative(rendererDir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : file;
}

/**
 * Serves out/renderer under arcade://app/ in a session, refusing anything
 * outside it, with the Content-Security-Policy of ./csp as a header: the game
 * host's folder gets the game's policy (eval for the JIT, no network), every
 * other file the app's (no eval).
 */
function serveRenderer(target: Session): void {
  target.protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    // `arcade play`'s file, read from disk on every request: Restart plays a rebuilt file.
    const played = playFile && url.host === 'app' && url.pathname === '/__arcade/game.wasm';
    const file = played ? playFile : url.host === 'app' ? rendererFile(request.url) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', url.pathname.startsWith(GAME_HOST_DIR) ? GAME_HOST_CSP : APP_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });
}

/** The app page may ask for full screen; nothing else (camera, notifications, …) is ever granted. */
function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permission === 'fullscreen' && isAppUrl(details.requestingUrl ?? contents.getURL()));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'fullscreen' && isAppUrl(requestingOrigin));
}

/** A URL of the app itself: arcade://app/…, or the dev server electron-vite started (never when packaged). */
function isAppUrl(url: string): boolean {
  return appOrigins.includes(originOf(url));
}

/** IPC is only honoured from the main frame of one of the app's own windows showing the app. */
function fromAppWindow(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return games.has(event.sender.id) && !!frame && frame.parent === null && isAppUrl(frame.url);
}

ipcMain.on(IPC.connectGame, (event) => {
  if (fromAppWindow(event)) games.get(event.sender.id)?.connect();
});

// ABI v2 save data (src/main/saves.ts): files in <userData>/saves, replaced atomically.
const savesDir = () => join(app.getPath('userData'), 'saves');
ipcMain.handle(IPC.saveRead, (event, key: unknown) => {
  if (!fromAppWindow(event)) throw new Error('save-read is only answered for the app window');
  return typeof key === 'string' ? readSave(savesDir(), key) : { problem: 'bad save key' };
});
ipcMain.handle(IPC.saveWrite, (event, key: unknown, data: unknown) => {
  if (!fromAppWindow(event)) throw new Error('save-write is only answered for the app window');
  if (typeof key !== 'string' || !(data instanceof Uint8Array)) throw new TypeError('save-write needs a key and bytes');
  writeSave(savesDir(), key, data);
});

void app.whenReady().then(() => {
  serveRenderer(session.defaultSession);
  serveRenderer(gameHostSession(appOrigins));
  denyPermissions(session.defaultSession);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
