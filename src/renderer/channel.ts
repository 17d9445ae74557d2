// How the renderer reaches the game worker. The UI only sees GameChannel, so
// the same code drives Electron's sandboxed game host (through a MessagePort that
// main wired with MessageChannelMain) and a Web Worker (web build).
import type { FromWorker, ToWorker } from '../host/protocol';
import { GAME_PORT_MESSAGE, type ArcadeBridge } from './bridge';

export interface GameChannel {
  /** Where the game runs, for the status line. */
  readonly where: string;
  /** Sends a message to the game worker (queued until it is connected). */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** The one handler for every message from the worker, across resets. */
  onMessage(handler: (message: FromWorker) => void): void;
  /** Called when the worker dies on its own (crash, out of memory, script error). */
  onCrash(handler: (message: string) => void): void;
  /** Ends the current worker, however stuck it is, and starts a fresh one. */
  reset(): void;
}

/**
 * Where a channel reports its worker's death. The channel starts before the
 * app listens (src/renderer/main.ts starts it first, so the worker warms up
 * while the page sets up): a crash before then is kept for the first listener.
 */
class CrashReport {
  private handler: ((message: string) => void) | undefined;
  private pending: string | undefined;

  report(message: string): void {
    if (this.handler) this.handler(message);
    else this.pending ??= message;
  }

  listen(handler: (message: string) => void): void {
    this.handler = handler;
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) handler(pending);
  }
}

/** Web build: the session runs in a dedicated Web Worker that can be terminated. */
export class WorkerChannel implements GameChannel {
  readonly where = 'web worker';
  private worker: Worker;
  private messageHandler: (message: FromWorker) => void = () => {};
  private readonly crash = new CrashReport();

  constructor(private readonly create: () => Worker) {
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (worker === this.worker) this.messageHandler(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker === this.worker) this.crash.report(`The game worker failed: ${event.message || 'script error'}`);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.crash.report('The game worker sent a message that could not be read.');
    };
    return worker;
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  onMessage(handler: (message: FromWorker) => void): void {
    this.messageHandler = handler;
  }

  onCrash(handler: (message: string) => void): void {
    this.crash.listen(handler);
  }

  reset(): void {
    this.worker.terminate();
    this.worker = this.start();
  }
}

/**
 * Electron: main starts a sandboxed game host per connect and sends us one end
 * of a MessageChannelMain; the preload relays that port with window.postMessage.
 */
export class ElectronChannel implements GameChannel {
  readonly where = 'sandboxed process';
  private port: MessagePort | undefined;
  private queue: ToWorker[] = [];
  private messageHandler: (message: FromWorker) => void = () => {};
  private readonly crash = new CrashReport();

  constructor(private readonly bridge: ArcadeBridge) {
    window.addEventListener('message', (event) => {
      if (event.source !== window || (event.data as { type?: unknown } | null)?.type !== GAME_PORT_MESSAGE) return;
      const [port] = event.ports;
      if (port) this.attach(port);
    });
    bridge.onGameExited((code) => {
      this.detach();
      this.crash.report(`The game process exited unexpectedly (exit code ${code}).`);
    });
    bridge.connectGame();
  }

  private attach(port: MessagePort): void {
    this.detach();
    this.port = port;
    port.onmessage = (event: MessageEvent<FromWorker>) => {
      if (port === this.port) this.messageHandler(event.data);
    };
    port.start();
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) port.postMessage(message);
  }

  private detach(): void {
    this.port?.close();
    this.port = undefined;
  }

  // The other end is a MessagePortMain, which only accepts ports in a transfer
  // list, so buffers are copied rather than transferred.
  post(message: ToWorker): void {
    if (this.port) this.port.postMessage(message);
    else this.queue.push(message);
  }

  onMessage(handler: (message: FromWorker) => void): void {
    this.messageHandler = handler;
  }

  onCrash(handler: (message: string) => void): void {
    this.crash.listen(handler);
  }

  reset(): void {
    this.detach();
    this.queue = [];
    this.bridge.connectGame(); // main kills the old process and starts a new one
  }
}
