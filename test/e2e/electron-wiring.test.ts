// The Electron binary cannot run here, so the desktop wiring is checked in
// Node: src/main/index.ts against a fake `electron` module (window options,
// utility process + MessageChannelMain hand-over, crash reporting, restart,
// the arcade:// protocol), and src/main/game-process.ts as a real game
// session behind a fake MessagePortMain.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

class FakePort extends EventEmitter {
  readonly sent: unknown[] = [];
  started = false;
  constructor(readonly name: string) {
    super();
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {}
}

class FakeChild extends EventEmitter {
  readonly posted: { message: unknown; ports: unknown[] }[] = [];
  killed = false;
  constructor(readonly modulePath: string) {
    super();
  }
  postMessage(message: unknown, ports: unknown[] = []): void {
    this.posted.push({ message, ports });
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

const fake = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; webContents: { id: number; sent: unknown[][]; posted: unknown[][] }; loaded: string[]; win?: unknown }[],
  children: [] as unknown[],
  ipc: new Map<string, (event: { sender: { id: number } }) => void>(),
  protocolHandler: undefined as undefined | ((request: { url: string }) => unknown),
  privileged: [] as unknown[],
  fetched: [] as string[],
  ready: undefined as undefined | (() => void),
}));

vi.mock('electron', () => {
  let nextId = 1;
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows;
    readonly webContents: EventEmitter & { id: number; sent: unknown[][]; posted: unknown[][] };
    readonly entry: (typeof fake.windows)[number];
    constructor(options: Record<string, unknown>) {
      super();
      const contents = Object.assign(new EventEmitter(), {
        id: nextId++,
        sent: [] as unknown[][],
        posted: [] as unknown[][],
        isDestroyed: () => false,
        send: (...args: unknown[]) => contents.sent.push(args),
        postMessage: (...args: unknown[]) => contents.posted.push(args),
        setWindowOpenHandler: () => {},
        reloads: 0,
        reload: () => void contents.reloads++,
      });
      this.webContents = contents;
      this.entry = { options, webContents: contents, loaded: [], win: this };
      fake.windows.push(this.entry);
    }
    loadURL(url: string): Promise<void> {
      this.entry.loaded.push(url);
      return Promise.resolve();
    }
    show(): void {}
    title = 'Wasm Arcade';
    getTitle(): string {
      return this.title;
    }
    setTitle(title: string): void {
      this.title = title;
    }
    isDestroyed(): boolean {
      return false;
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
    ipcMain: { on: (channel: string, listener: (event: { sender: { id: number } }) => void) => fake.ipc.set(channel, listener) },
    MessageChannelMain: class {
      port1 = new FakePort('port1');
      port2 = new FakePort('port2');
    },
    utilityProcess: {
      fork: (modulePath: string) => {
        const child = new FakeChild(modulePath);
        fake.children.push(child);
        return child;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (_scheme: string, handler: (request: { url: string }) => unknown) => (fake.protocolHandler = handler),
    },
    net: {
      fetch: (url: string) => {
        fake.fetched.push(url);
        return new Response('ok');
      },
    },
  };
});

describe('Electron main process (src/main/index.ts)', () => {
  it('opens a sandboxed window and wires a utility process to it with MessageChannelMain', async () => {
    delete process.env['ELECTRON_RENDERER_URL'];
    await import('../../src/main/index');
    expect(fake.privileged).toEqual([expect.objectContaining({ scheme: 'arcade', privileges: expect.objectContaining({ standard: true, supportFetchAPI: true }) })]);
    fake.ready!();
    await new Promise((r) => setTimeout(r, 0));

    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs['preload'])).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.options).toMatchObject({ show: false, backgroundColor: expect.stringMatching(/^#/) });
    expect(win.options['minWidth']).toBeGreaterThan(0);
    expect(win.loaded).toEqual(['arcade://app/index.html']);

    // The page asks for a game process: main forks it and hands one port to each side.
    const connect = fake.ipc.get('arcade:connect-game')!;
    connect({ sender: { id: win.webContents.id } });
    const child = fake.children[0] as FakeChild;
    expect(child.modulePath).toMatch(/game-process\.js$/);
    expect(child.posted).toHaveLength(1);
    const [port1] = child.posted[0].ports as FakePort[];
    expect(port1.name).toBe('port1');
    expect(win.webContents.posted).toHaveLength(1);
    const [channel, message, ports] = win.webContents.posted[0] as [string, unknown, FakePort[]];
    expect(channel).toBe('arcade:game-port');
    expect(message).toBeNull();
    expect(ports.map((p) => p.name)).toEqual(['port2']);

    // An unexpected exit is reported to the page...
    child.emit('exit', 139);
    expect(win.webContents.sent).toEqual([['arcade:game-exited', { code: 139 }]]);

    // ...but a process main ends itself (restart) is not.
    connect({ sender: { id: win.webContents.id } });
    const second = fake.children[1] as FakeChild;
    connect({ sender: { id: win.webContents.id } });
    expect(second.killed).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(win.webContents.sent).toHaveLength(1);
    expect(win.webContents.posted).toHaveLength(3);
  });

  it('serves the renderer under arcade://app/ and nothing outside it', async () => {
    const handler = fake.protocolHandler!;
    expect(handler).toBeDefined();
    await handler({ url: 'arcade://app/index.html' });
    expect(fake.fetched.at(-1)).toMatch(/^file:\/\/.*renderer\/index\.html$/);
    const outside = (await handler({ url: 'arcade://app/..%2F..%2Fpackage.json' })) as Response;
    expect(outside.status).toBe(404);
  });

  it('reloads a window whose renderer crashed (ending its game) and shows when it is not responding', () => {
    const win = fake.windows[0].win as EventEmitter & { getTitle(): string; webContents: unknown };
    const contents = win.webContents as unknown as EventEmitter & { reloads: number; id: number };
    fake.ipc.get('arcade:connect-game')!({ sender: { id: contents.id } });
    const child = fake.children.at(-1) as FakeChild;
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(child.killed).toBe(true);
    expect(contents.reloads).toBe(1);
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reloads).toBe(1);
    win.emit('unresponsive');
    expect(win.getTitle()).toBe('Wasm Arcade (not responding)');
    win.emit('unresponsive');
    expect(win.getTitle()).toBe('Wasm Arcade (not responding)');
    win.emit('responsive');
    expect(win.getTitle()).toBe('Wasm Arcade');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('renderer is gone (crashed, exit code 11); reloading it'));
    error.mockRestore();
  });
});

describe('game utility process (src/main/game-process.ts)', () => {
  const parentPort = new EventEmitter();
  let port: FakePort | undefined;

  afterEach(() => {
    port?.emit('message', { data: { type: 'pause' } });
  });

  it('runs a real game session on the port main hands over', async () => {
    Object.defineProperty(process, 'parentPort', { value: parentPort, configurable: true });
    await import('../../src/main/game-process');
    port = new FakePort('port1');
    parentPort.emit('message', { data: { type: 'port' }, ports: [port] });
    expect(port.started).toBe(true);

    const wasm = readFileSync(resolve(ROOT, 'games/breakout/breakout.wasm'));
    const bytes = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    port.emit('message', { data: { type: 'load', wasm: bytes, seed: 7 } });
    await vi.waitFor(() => expect(port!.sent.filter((m) => (m as { type: string }).type === 'frame').length).toBeGreaterThan(3), { timeout: 10_000 });
    const loaded = port.sent.find((m) => (m as { type: string }).type === 'loaded') as { meta: { title: string } };
    expect(loaded.meta.title).toBe('Breakout');
    const frame = port.sent.find((m) => (m as { type: string }).type === 'frame') as { frame: number; drawList: ArrayBuffer; hash: string };
    expect(frame.frame).toBe(1);
    expect(frame.drawList.byteLength).toBeGreaterThan(16);
    expect(frame.hash).toMatch(/^[0-9a-f]+$/);
  });

  it('with ackFrames, keeps ticking but sends one frame at a time, the newest, when the page has drawn the last', async () => {
    const wasm = readFileSync(resolve(ROOT, 'games/breakout/breakout.wasm'));
    const bytes = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    port!.sent.length = 0;
    port!.emit('message', { data: { type: 'load', wasm: bytes, seed: 7, ackFrames: true } });
    const frames = () => port!.sent.filter((m) => (m as { type: string }).type === 'frame') as { frame: number }[];
    await vi.waitFor(() => expect(frames()).toHaveLength(1), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 500)); // ~30 ticks, none of them sent
    expect(frames()).toHaveLength(1);
    expect(frames()[0].frame).toBe(1);
    port!.emit('message', { data: { type: 'drawn' } });
    await vi.waitFor(() => expect(frames()).toHaveLength(2), { timeout: 10_000 });
    // The game kept running at 60 Hz meanwhile: the frame sent is the newest, not the second.
    expect(frames()[1].frame).toBeGreaterThan(10);
  });
});
