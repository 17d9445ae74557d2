// Where a game runs on the desktop: a hidden, sandboxed renderer — its own
// BrowserWindow that is never shown, in its own in-memory session — whose page
// (src/renderer/game-host/) runs the session loop of src/host in a dedicated
// worker. Chromium's renderer sandbox is an OS sandbox, so even code that
// escaped our engine finds no Node, no file system, no processes and (with the
// session's network wall below and the page's CSP) no network. Electron's
// utilityProcess, which ran games before, is not sandboxed and does not honour
// Node's --permission flags. See docs/security.md.
import { BrowserWindow, MessageChannelMain, session, type Session, type WebContents } from 'electron';
import { GAME_HOST_DIR } from './csp';
import { GAME_HOST_ARG, IPC } from './ipc';
import { SCHEME } from './scheme';

/**
 * scheme://host[:port] of a URL ('' when it is not one). URL.origin is "null"
 * for schemes Node's URL parser does not know, such as arcade:.
 */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : '';
  } catch {
    return '';
  }
}

/** The game host's session: in memory, never shared with the app's window (so never its process). */
export const GAME_PARTITION = 'arcade-game-host';

export const GAME_HOST_URL = `${SCHEME}://app${GAME_HOST_DIR}index.html`;

/**
 * Locks the game host's session down: no request leaves for anywhere but the
 * app's own files (`origins`: arcade://app, plus the Vite dev server under
 * `npm run dev`), no permission is granted, nothing is downloaded.
 */
export function gameHostSession(origins: readonly string[]): Session {
  const gameSession = session.fromPartition(GAME_PARTITION);
  gameSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !origins.includes(originOf(details.url)) });
  });
  gameSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  gameSession.setPermissionCheckHandler(() => false);
  gameSession.on('will-download', (event) => event.preventDefault());
  return gameSession;
}

/** webPreferences of the game host window: sandboxed, isolated, no Node anywhere. */
export function gameHostPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    partition: GAME_PARTITION,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webgl: false,
    spellcheck: false,
    // Hidden windows are throttled by default; the game must keep its 60 Hz.
    backgroundThrottling: false,
    additionalArguments: [GAME_HOST_ARG],
  };
}

/** One game host per app window; replaced on every (re)connect. */
export class GameHost {
  private host: BrowserWindow | undefined;
  /** Hosts we end ourselves, so their end is not reported as a crash. */
  private expectedExit = new WeakSet<BrowserWindow>();

  constructor(
    private readonly contents: WebContents,
    private readonly preload: string,
    private readonly url: string = GAME_HOST_URL,
  ) {}

  /** Starts a fresh game host and hands the app's window and the host one end each of a new channel. */
  connect(): void {
    this.kill();
    const host = new BrowserWindow({
      show: false,
      skipTaskbar: true,
      focusable: false,
      paintWhenInitiallyHidden: false,
      title: 'Wasm Arcade game',
      webPreferences: gameHostPreferences(this.preload),
    });
    this.host = host;
    const hostContents = host.webContents;
    hostContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    hostContents.on('will-navigate', (event) => event.preventDefault());
    hostContents.on('will-redirect', (event) => event.preventDefault());
    hostContents.on('render-process-gone', (_event, details) => this.lost(host, details.exitCode));
    hostContents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
      if (isMainFrame) this.lost(host, errorCode);
    });

    const { port1, port2 } = new MessageChannelMain();
    hostContents.once('did-finish-load', () => hostContents.postMessage(IPC.gamePort, null, [port1]));
    host.loadURL(this.url).catch(() => {}); // a failed load is reported through did-fail-load
    this.contents.postMessage(IPC.gamePort, null, [port2]);
  }

  private lost(host: BrowserWindow, code: number): void {
    if (this.host === host) this.host = undefined;
    if (this.expectedExit.has(host) || this.contents.isDestroyed()) return;
    this.expectedExit.add(host); // reported once
    this.contents.send(IPC.gameExited, { code });
    if (!host.isDestroyed()) host.destroy();
  }

  /** Ends the host however stuck its game is: its renderer process is killed, then the window destroyed. */
  kill(): void {
    const host = this.host;
    if (!host) return;
    this.host = undefined;
    this.expectedExit.add(host);
    if (host.isDestroyed()) return;
    host.webContents.forcefullyCrashRenderer();
    host.destroy();
  }
}
