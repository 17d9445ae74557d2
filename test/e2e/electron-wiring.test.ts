// The Electron binary cannot run here, so the desktop wiring is checked in
// Node: src/main/index.ts against a fake `electron` module — the app's window,
// the hidden game host it runs games in, the MessageChannelMain hand-over,
// crash reporting and restart, and each item of Electron's security checklist
// (docs/security.md) — and the game host's worker
// (src/renderer/game-host/game-host-worker.ts) running real Breakout frames
// on a MessagePort.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MessageChannel as NodeMessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_CSP, GAME_HOST_CSP } from '../../src/main/csp';
import { GAME_WORKER_CSP } from '../../src/node/static-server';
import { hashDrawList } from '../../src/host/drawlist';

const ROOT = resolve(import.meta.dirname, '../..');

class FakePort extends EventEmitter {
  constructor(readonly name: string) {
    super();
  }
  postMessage(): void {}
  start(): void {}
  close(): void {}
}

interface FakeContents extends EventEmitter {
  id: number;
  sent: unknown[][];
  posted: unknown[][];
  crashed: boolean;
  reloads: number;
  url: string;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  mainFrame: { url: string; parent: null };
  getURL(): string;
}

interface FakeWindow {
  options: Record<string, unknown>;
  /** The BrowserWindow itself (its events and title). */
  window: EventEmitter & { getTitle(): string; setTitle(title: string): void };
  webContents: FakeContents;
  loaded: string[];
  destroyed: boolean;
}

interface FakeSession {
  partition: string;
  protocolHandler?: (request: { url: string }) => Promise<Response> | Response;
  beforeRequest?: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
  permissionCheck?: (contents: unknown, permission: string, requestingOrigin: string) => boolean;
  events: EventEmitter;
}

const fake = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  ipc: new Map<string, (event: unknown) => void>(),
  sessions: new Map<string, FakeSession>(),
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  privileged: [] as unknown[],
  fetched: [] as string[],
  ready: undefined as undefined | (() => void),
  exposed: [] as [string, unknown][],
  rendererListeners: [] as string[],
  /** Message boxes shown (dialog.showMessageBox): answer one with `answer(buttonIndex)`. */
  dialogs: [] as { window: unknown; options: Record<string, unknown>; closed: boolean; answer(response: number): void }[],
}));

vi.mock('electron', () => {
  let nextId = 1;
  const sessionFor = (partition: string): FakeSession => {
    let entry = fake.sessions.get(partition);
    if (!entry) {
      const events = new EventEmitter();
      const created: FakeSession = { partition, events };
      entry = created;
      Object.assign(created, {
        protocol: { handle: (_scheme: string, handler: FakeSession['protocolHandler']) => (created.protocolHandler = handler) },
        webRequest: { onBeforeRequest: (listener: FakeSession['beforeRequest']) => (created.beforeRequest = listener) },
        setPermissionRequestHandler: (handler: FakeSession['permissionRequest']) => (created.permissionRequest = handler),
        setPermissionCheckHandler: (handler: FakeSession['permissionCheck']) => (created.permissionCheck = handler),
        on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
      });
      fake.sessions.set(partition, created);
    }
    return entry;
  };
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows.filter((w) => !w.destroyed);
    readonly webContents: FakeContents;
    readonly entry: FakeWindow;
    constructor(options: Record<string, unknown>) {
      super();
      const contents: FakeContents = Object.assign(new EventEmitter(), {
        id: nextId++,
        sent: [] as unknown[][],
        posted: [] as unknown[][],
        crashed: false,
        reloads: 0,
        url: '',
        mainFrame: { url: '', parent: null as null },
        isDestroyed: () => this.entry.destroyed,
        getURL: () => contents.url,
        send: (...args: unknown[]) => contents.sent.push(args),
        postMessage: (...args: unknown[]) => contents.posted.push(args),
        setWindowOpenHandler: (handler: FakeContents['windowOpenHandler']) => (contents.windowOpenHandler = handler),
        forcefullyCrashRenderer: () => (contents.crashed = true),
        reload: () => contents.reloads++,
      });
      this.webContents = contents;
      this.entry = { options, window: this, webContents: contents, loaded: [], destroyed: false };
      this.title = String(options['title'] ?? '');
      fake.windows.push(this.entry);
    }
    loadURL(url: string): Promise<void> {
      this.entry.loaded.push(url);
      this.webContents.url = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    show(): void {}
    private title: string;
    getTitle(): string {
      return this.title;
    }
    setTitle(title: string): void {
      this.title = title;
    }
    isDestroyed(): boolean {
      return this.entry.destroyed;
    }
    destroy(): void {
      this.entry.destroyed = true;
    }
  }
  return {
    app: {
      isPackaged: false,
      whenReady: () => new Promise<void>((resolve) => (fake.ready = resolve)),
      on: () => {},
      quit: () => {},
    },
    BrowserWindow,
    ipcMain: {
      on: (channel: string, listener: (event: unknown) => void) => fake.ipc.set(channel, listener),
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => fake.handlers.set(channel, handler),
    },
    MessageChannelMain: class {
      port1 = new FakePort('port1');
      port2 = new FakePort('port2');
    },
    session: {
      get defaultSession() {
        return sessionFor('');
      },
      fromPartition: (partition: string) => sessionFor(partition),
    },
    dialog: {
      showMessageBox: (window: unknown, options: Record<string, unknown>) =>
        new Promise<{ response: number; checkboxChecked: boolean }>((resolve) => {
          const entry = {
            window,
            options,
            closed: false,
            answer(response: number) {
              if (entry.closed) return;
              entry.closed = true;
              resolve({ response, checkboxChecked: false });
            },
          };
          fake.dialogs.push(entry);
          // Electron: an aborted signal closes the box as if the user cancelled it.
          const signal = options['signal'] as AbortSignal | undefined;
          signal?.addEventListener('abort', () => entry.answer(Number(options['cancelId'] ?? 0)));
        }),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.push([key, api]) },
    ipcRenderer: {
      on: (channel: string) => fake.rendererListeners.push(channel),
      send: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
    },
    net: {
      fetch: (url: string) => {
        fake.fetched.push(url);
        return Promise.resolve(new Response('ok', { headers: { 'Content-Type': 'text/html' } }));
      },
    },
  };
});

/** A navigation-like event whose preventDefault is recorded. */
function cancellable(): { prevented: boolean; preventDefault(): void } {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Electron main process (src/main/index.ts)', () => {
  let app: FakeWindow;
  const hosts = () => fake.windows.filter((w) => w !== app);
  const connect = (sender: FakeContents = app.webContents, frame: { url: string; parent: unknown } | null = sender.mainFrame) =>
    fake.ipc.get('arcade:connect-game')!({ sender, senderFrame: frame });

  it('opens the app window once ready, loading arcade://app/index.html', async () => {
    delete process.env['ELECTRON_RENDERER_URL'];
    await import('../../src/main/index');
    expect(fake.privileged).toEqual([expect.objectContaining({ scheme: 'arcade', privileges: expect.objectContaining({ standard: true, supportFetchAPI: true, codeCache: true }) })]);
    fake.ready!();
    await settle();
    expect(fake.windows).toHaveLength(1);
    app = fake.windows[0];
    expect(String((app.options['webPreferences'] as Record<string, unknown>)['preload'])).toMatch(/preload[/\\]index\.cjs$/);
    expect(app.options).toMatchObject({ show: false, backgroundColor: expect.stringMatching(/^#/) });
    expect(app.loaded).toEqual(['arcade://app/index.html']);
  });

  it('runs the game in a hidden game host and wires it to the page with MessageChannelMain', () => {
    connect();
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0];
    expect(host.options).toMatchObject({ show: false, skipTaskbar: true });
    expect(host.loaded).toEqual(['arcade://app/game-host/index.html']);
    // The page gets its end at once; the host only once its page (and preload) have loaded.
    expect(app.webContents.posted).toEqual([['arcade:game-port', null, [expect.objectContaining({ name: 'port2' })]]]);
    expect(host.webContents.posted).toEqual([]);
    host.webContents.emit('did-finish-load');
    expect(host.webContents.posted).toEqual([['arcade:game-port', null, [expect.objectContaining({ name: 'port1' })]]]);
  });

  it('reports a game host that dies on its own, but not one it ends itself (restart)', async () => {
    const first = hosts()[0];
    first.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(app.webContents.sent).toEqual([['arcade:game-exited', { code: 139 }]]);
    expect(first.destroyed).toBe(true);

    connect();
    const second = hosts()[1];
    connect(); // restart: the running host is killed, however stuck its game is
    expect(second.webContents.crashed).toBe(true);
    expect(second.destroyed).toBe(true);
    second.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
    await settle();
    expect(app.webContents.sent).toHaveLength(1);
    expect(hosts()).toHaveLength(3);

    // When the app window's renderer dies, its game goes with it, and the page is reloaded (it asks for a new game).
    const third = hosts()[2];
    app.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(third.destroyed).toBe(true);
    expect(app.webContents.reloads).toBe(1);
  });

  it('reloads a crashed window at most 3 times a minute, and never after a clean exit', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      app.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
      expect(app.webContents.reloads).toBe(1);
      for (let k = 0; k < 4; k++) app.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
      expect(app.webContents.reloads).toBe(3);
      expect(error.mock.calls.at(-1)?.[0]).toMatch(/gone again \(oom, exit code 1\); not reloading it after 3 reloads in 60 s/);
    } finally {
      error.mockRestore();
    }
  });

  describe('a window that stops answering', () => {
    let error: { mock: { calls: unknown[][] }; mockRestore(): void };
    beforeEach(() => {
      error = vi.spyOn(console, 'error').mockImplementation(() => {});
      vi.useFakeTimers();
      fake.dialogs.length = 0;
    });
    afterEach(() => {
      vi.useRealTimers();
      error.mockRestore();
    });
    const hang = () => app.window.emit('unresponsive');
    const answer = () => app.window.emit('responsive');

    it('is marked in its title at once, until it answers again', () => {
      const win = app.window;
      expect(win.getTitle()).toBe('Wasm Arcade');
      hang();
      hang();
      expect(win.getTitle()).toBe('Wasm Arcade (not responding)');
      answer();
      expect(win.getTitle()).toBe('Wasm Arcade');
    });

    it('gets no dialog when it answers within the grace period', async () => {
      hang();
      await vi.advanceTimersByTimeAsync(2_900);
      answer();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fake.dialogs).toHaveLength(0);
    });

    it('gets one native Wait/Reload dialog after 3 s, closed by itself when the window answers', async () => {
      hang();
      await vi.advanceTimersByTimeAsync(2_999);
      expect(fake.dialogs).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      hang(); // Electron may say it again: still one dialog
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fake.dialogs).toHaveLength(1);
      const [box] = fake.dialogs;
      expect(box.window).toBe(app.window);
      expect(box.options).toMatchObject({ type: 'warning', buttons: ['Wait', 'Reload'], defaultId: 0, cancelId: 0 });
      expect(String(box.options['message'])).toMatch(/not responding/);
      const reloads = app.webContents.reloads;
      answer();
      await vi.advanceTimersByTimeAsync(0);
      expect(box.closed).toBe(true);
      expect(app.window.getTitle()).toBe('Wasm Arcade');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fake.dialogs).toHaveLength(1);
      expect(app.webContents.reloads).toBe(reloads);
      expect(app.webContents.crashed).toBe(false);
    });

    it('Wait waits (and asks again 15 s later if it still has not answered)', async () => {
      hang();
      await vi.advanceTimersByTimeAsync(3_000);
      const reloads = app.webContents.reloads;
      fake.dialogs[0].answer(0);
      await vi.advanceTimersByTimeAsync(14_000);
      expect(fake.dialogs).toHaveLength(1);
      expect(app.webContents.reloads).toBe(reloads);
      expect(app.webContents.crashed).toBe(false);
      expect(app.window.getTitle()).toBe('Wasm Arcade (not responding)');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(fake.dialogs).toHaveLength(2);
      answer();
      await vi.advanceTimersByTimeAsync(0);
      expect(fake.dialogs[1].closed).toBe(true);
      expect(app.webContents.reloads).toBe(reloads);
    });

    it('Reload replaces the hung renderer process and reloads the page once, ending its game', async () => {
      connect();
      const host = hosts().at(-1)!;
      hang();
      await vi.advanceTimersByTimeAsync(3_000);
      const reloads = app.webContents.reloads;
      fake.dialogs[0].answer(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(app.webContents.crashed).toBe(true);
      expect(app.webContents.reloads).toBe(reloads + 1);
      expect(host.destroyed).toBe(true);
      expect(app.window.getTitle()).toBe('Wasm Arcade');
      // The killed process is reported as gone: the reload asked for is not doubled, nor counted as a crash.
      app.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
      expect(app.webContents.reloads).toBe(reloads + 1);
      expect(error.mock.calls.map((c) => String(c[0]))).not.toContainEqual(expect.stringMatching(/renderer is gone/));
      app.webContents.crashed = false;
      // The new page loads; a later real crash is reloaded as any crash is (once the last minute's reloads have aged out).
      app.webContents.emit('did-finish-load');
      await vi.advanceTimersByTimeAsync(61_000);
      app.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      expect(app.webContents.reloads).toBe(reloads + 2);
      // A later hang is a new one: it gets its own dialog.
      hang();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(fake.dialogs).toHaveLength(2);
      answer();
      await vi.advanceTimersByTimeAsync(0);
    });
  });

  describe('security checklist', () => {
    const prefs = (w: FakeWindow) => w.options['webPreferences'] as Record<string, unknown>;

    it('context isolation, sandbox and no Node in the app window and in the game host', () => {
      for (const w of [app, hosts()[0]]) {
        expect(prefs(w)).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
        expect(prefs(w)['nodeIntegrationInWorker']).not.toBe(true);
        expect(prefs(w)['nodeIntegrationInSubFrames']).not.toBe(true);
        expect(prefs(w)['webviewTag']).not.toBe(true);
        expect(prefs(w)['webSecurity']).not.toBe(false);
        expect(prefs(w)['allowRunningInsecureContent']).not.toBe(true);
      }
      // The game host has a session of its own (so never the app window's process) and exposes no bridge.
      expect(prefs(hosts()[0])).toMatchObject({ partition: 'arcade-game-host', additionalArguments: ['--arcade-game-host'] });
      expect(prefs(app)['partition']).toBeUndefined();
    });

    it('a strict CSP: the app page never gets eval, the game host gets eval but no network', async () => {
      const appSession = fake.sessions.get('')!;
      const page = await appSession.protocolHandler!({ url: 'arcade://app/index.html' });
      const appPolicy = page.headers.get('Content-Security-Policy')!;
      expect(appPolicy).toBe(APP_CSP);
      expect(appPolicy).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
      expect(appPolicy).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(appPolicy).toMatch(/(^|; )default-src 'none'/);
      expect(appPolicy).toMatch(/(^|; )object-src 'none'/);
      // The page's own meta policy (also what the web build gets) has no eval either.
      const html = readFileSync(resolve(ROOT, 'src/renderer/index.html'), 'utf8');
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
      expect(meta).toMatch(/script-src 'self'/);
      expect(meta).not.toMatch(/unsafe-eval/);

      const gameSession = fake.sessions.get('arcade-game-host')!;
      for (const file of ['game-host/index.html', 'game-host/game-host-worker-abc.js']) {
        const response = await gameSession.protocolHandler!({ url: `arcade://app/${file}` });
        expect(response.headers.get('Content-Security-Policy')).toBe(GAME_HOST_CSP);
      }
      expect(GAME_HOST_CSP).toMatch(/(^|; )connect-src 'none'/);
      expect(GAME_HOST_CSP).toMatch(/(^|; )script-src 'self' 'unsafe-eval'(;|$)/);
      // The web build's game worker is served with the same policy (src/node/static-server.ts).
      expect(GAME_WORKER_CSP).toBe(GAME_HOST_CSP);
    });

    it('navigation, redirects, <webview> and window.open are denied in both windows', () => {
      for (const w of [app, hosts()[0]]) {
        expect(w.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
        for (const name of ['will-navigate', 'will-redirect']) {
          const event = cancellable();
          w.webContents.emit(name, event, 'https://example.com/');
          expect(event.prevented, `${name} is prevented`).toBe(true);
        }
      }
      const webview = cancellable();
      app.webContents.emit('will-attach-webview', webview, {}, {});
      expect(webview.prevented).toBe(true);
    });

    it('permission requests are denied (the app page may only go full screen)', () => {
      const ask = (partition: string, permission: string, url: string) => {
        let granted: boolean | undefined;
        fake.sessions.get(partition)!.permissionRequest!(app.webContents, permission, (g) => (granted = g), { requestingUrl: url });
        return granted;
      };
      for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'pointerLock', 'hid', 'serial']) {
        expect(ask('', permission, 'arcade://app/index.html'), permission).toBe(false);
        expect(ask('arcade-game-host', permission, 'arcade://app/game-host/index.html'), permission).toBe(false);
      }
      expect(ask('', 'fullscreen', 'arcade://app/index.html')).toBe(true);
      expect(ask('', 'fullscreen', 'https://example.com/')).toBe(false);
      expect(ask('arcade-game-host', 'fullscreen', 'arcade://app/game-host/index.html')).toBe(false);
      expect(fake.sessions.get('')!.permissionCheck!(app.webContents, 'media', 'arcade://app')).toBe(false);
      expect(fake.sessions.get('arcade-game-host')!.permissionCheck!(app.webContents, 'fullscreen', 'arcade://app')).toBe(false);
    });

    it('the game host cannot reach the network: every request but the app\'s own files is cancelled', () => {
      const filter = fake.sessions.get('arcade-game-host')!.beforeRequest!;
      const cancelled = (url: string) => {
        let result: boolean | undefined;
        filter({ url }, ({ cancel }) => (result = cancel));
        return result;
      };
      expect(cancelled('arcade://app/game-host/index.html')).toBe(false);
      for (const url of ['https://example.com/', 'http://127.0.0.1:8080/x', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'arcade://other/x', 'data:text/plain,x']) {
        expect(cancelled(url), url).toBe(true);
      }
      const download = cancellable();
      fake.sessions.get('arcade-game-host')!.events.emit('will-download', download);
      expect(download.prevented).toBe(true);
    });

    it('IPC is only honoured from the main frame of an app window showing the app', () => {
      const before = hosts().length;
      const host = hosts()[0];
      connect(host.webContents); // the game host (or any other contents) cannot ask
      connect(app.webContents, { url: 'arcade://app/index.html', parent: app.webContents.mainFrame }); // a subframe
      connect(app.webContents, { url: 'https://example.com/', parent: null }); // the window showing something else
      connect(app.webContents, null); // a frame that is gone
      expect(hosts()).toHaveLength(before);
      connect();
      expect(hosts()).toHaveLength(before + 1);
    });

    it('save data IPC is only answered for the main frame of an app window', () => {
      const read = fake.handlers.get('arcade:save-read')!;
      const write = fake.handlers.get('arcade:save-write')!;
      const host = hosts()[0];
      for (const [sender, senderFrame] of [
        [host.webContents, host.webContents.mainFrame],
        [app.webContents, { url: 'arcade://app/index.html', parent: app.webContents.mainFrame }],
        [app.webContents, { url: 'https://example.com/', parent: null }],
      ] as const) {
        expect(() => read({ sender, senderFrame }, 'id:x')).toThrow(/only answered for the app window/);
        expect(() => write({ sender, senderFrame }, 'id:x', new Uint8Array(1))).toThrow(/only answered for the app window/);
      }
    });

    it('arcade:// serves only the app\'s files', async () => {
      for (const partition of ['', 'arcade-game-host']) {
        const handler = fake.sessions.get(partition)!.protocolHandler!;
        fake.fetched.length = 0;
        const ok = await handler({ url: 'arcade://app/index.html' });
        expect(ok.status).toBe(200);
        expect(fake.fetched).toEqual([expect.stringMatching(/^file:\/\/.*out\/renderer\/index\.html$|^file:\/\/.*renderer\/index\.html$/)]);
        for (const url of [
          'arcade://app/..%2F..%2Fpackage.json',
          'arcade://app/game-host/..%2F..%2F..%2Fsrc%2Fmain%2Findex.ts',
          'arcade://other/index.html',
        ]) {
          const response = await handler({ url });
          expect(response.status, url).toBe(404);
        }
        expect(fake.fetched).toHaveLength(1);
      }
    });
  });
});

describe('preload (src/preload/index.ts)', () => {
  it('gives the app window its bridge and the game host nothing but its port', async () => {
    const load = async (argv: string[]) => {
      vi.resetModules();
      fake.exposed.length = 0;
      fake.rendererListeners.length = 0;
      const saved = process.argv;
      process.argv = [...saved, ...argv];
      try {
        await import('../../src/preload/index');
      } finally {
        process.argv = saved;
      }
      return { exposed: fake.exposed.map(([key, api]) => [key, Object.keys(api as object).sort()]), listens: [...fake.rendererListeners] };
    };
    expect(await load([])).toEqual({ exposed: [['arcade', ['connectGame', 'onGameExited', 'platform', 'saveRead', 'saveWrite']]], listens: ['arcade:game-port'] });
    expect(await load(['--arcade-game-host'])).toEqual({ exposed: [], listens: ['arcade:game-port'] });
  });
});

describe('game host worker (src/renderer/game-host/game-host-worker.ts)', () => {
  let port: NodeMessagePort | undefined;
  const received: { type: string }[] = [];

  afterAll(() => {
    port?.postMessage({ type: 'pause' });
    port?.close();
  });

  it('runs a real game session on the port the page hands over', async () => {
    const scope = { onmessage: null as null | ((event: { ports: NodeMessagePort[] }) => void) };
    vi.stubGlobal('self', scope);
    await import('../../src/renderer/game-host/game-host-worker');
    const channel = new NodeMessageChannel();
    port = channel.port2;
    port.on('message', (message: { type: string }) => received.push(message));
    scope.onmessage!({ ports: [channel.port1] });
    expect(scope.onmessage).toBeNull(); // one port per worker

    const wasm = readFileSync(resolve(ROOT, 'games/breakout/breakout.wasm'));
    const bytes = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    port.postMessage({ type: 'load', wasm: bytes, seed: 7 });
    await vi.waitFor(() => expect(received.filter((m) => m.type === 'frame').length).toBeGreaterThan(3), { timeout: 10_000 });
    const loaded = received.find((m) => m.type === 'loaded') as unknown as { meta: { title: string } };
    expect(loaded.meta.title).toBe('Breakout');
    const frame = received.find((m) => m.type === 'frame') as unknown as { frame: number; drawList: ArrayBuffer };
    expect(frame.frame).toBe(1);
    expect(frame.drawList.byteLength).toBeGreaterThan(16);
    expect(hashDrawList(frame.drawList)).toMatch(/^[0-9a-f]{16}$/);
    // (no hash beside it: the page works one out when its status is read)
    expect(Object.keys(frame)).not.toContain('hash');
  });
});
