// The game worker's loop, environment-free: the desktop game host's worker, the
// web build's Web Worker and in-process callers all run this with their own
// Port and timers. It owns one GameSession at a time, ticks it at 60 Hz with
// drift-free scheduling, and posts `frame` messages (with a copy of the draw
// list, see step()), `log` messages, and `stopped` when the game fails.
//
// Back-pressure: a page that loads with `ackFrames` answers every frame with
// `drawn`. Until it does, the game keeps ticking at 60 Hz (recordings and
// replays see every frame) but only the newest frame is kept, replacing older
// ones, and sent when the page is ready; the events of a kept frame (new
// images and samples, sound, saves) are sent at once. A page that draws
// slowly gets fewer frames, never a queue of them (at 50,000 rects per frame,
// 1.2 MB each, an unacknowledged stream grew the page to 5 GB).
//
// Wall time only decides *when* frames run, never what is in them: the
// session gets the clock for its watchdog alone.

import { TICKS_PER_SECOND } from './abi';
import type { EngineName, FromWorker, Port, StopInfo, ToWorker } from './protocol';
import { hotSwapBlocker } from './hot';
import { limitsFromKeys, type LimitValues } from './limits';
import { eventsOnly, hasEvents } from './drawlist';
import { GameSession, SessionStopped } from './session';
import type { ModuleInfo } from './game';
import { ModuleCache } from './module-cache';
import { isRecordingMessage, LiveRecordingControl } from './recording/live';

export interface RunnerEnv<Timer = unknown> {
  /** Monotonic milliseconds (performance.now()). */
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(id: Timer): void;
}

export interface RunnerOptions {
  /** Watchdog budget per frame in ms (default: the session's, 2000). */
  readonly frameBudgetMs?: number;
}

/** Time between ticks. */
export const TICK_MS = 1000 / TICKS_PER_SECOND;
/** When the worker falls behind, at most this many ticks are caught up at once; the rest are skipped. */
export const MAX_CATCH_UP_TICKS = 4;
/** Longest a single timer callback keeps running frames before yielding to messages. */
export const MAX_TICK_WORK_MS = 50;
/** Fastest fast-forward: frames per tick. */
export const MAX_SPEED = 64;

/** Runs the game worker on `port` until the process ends. Returns a handle for tests and in-process hosts. */
export function runGameWorker<Timer>(port: Port<ToWorker, FromWorker>, env: RunnerEnv<Timer>, options: RunnerOptions = {}): GameRunner<Timer> {
  const runner = new GameRunner(port, env, options);
  port.onMessage((message) => runner.handle(message));
  return runner;
}

export class GameRunner<Timer = unknown> {
  private session: GameSession | undefined;
  private source: { wasm: ArrayBuffer; engine?: EngineName } | undefined;
  /** ABI v2: the save data the next (re)start begins with: the load message's, then the game's latest. */
  private save: Uint8Array | undefined;
  private generation = 0;
  private paused = false;
  private speed = 1;
  private owed = 0; // fractional frames owed at speeds below 1 or between integers
  private timer: Timer | undefined;
  private nextTickAt = 0;
  /** Back-pressure (see the top of this file): frames wait for the page's `drawn`. */
  private ackFrames = false;
  private inFlight = false;
  private held: Extract<FromWorker, { type: 'frame' }> | undefined;
  /** Frames run and frames posted since the last load (for tests and diagnostics). */
  readonly frameStats = { run: 0, posted: 0 };
  /**
   * The games this worker compiled (./module-cache): a restart, or a game
   * picked after its thumbnail ran here, starts on code already lowered and
   * translated instead of on a cold interpreter.
   */
  readonly modules = new ModuleCache<ModuleInfo>();
  /** In-app recording and replay (src/host/recording/live.ts). */
  private readonly live = new LiveRecordingControl({
    post: (message) => this.port.post(message),
    restart: (seed, save, limits) => {
      if (this.source) void this.load(seed, save, limits);
    },
    pause: () => this.handle({ type: 'pause' }),
  });

  /** A load's save still on its way (`saveFollows`, protocol.ts): the load waits for it. */
  private awaitedSave: { epoch: number | undefined; resolve: (save: Uint8Array | null) => void; reject: (why: Error) => void } | undefined;

  /** A load replaced before its save came: its session is abandoned before any game code ran. */
  private dropAwaitedSave(): void {
    this.awaitedSave?.reject(new Error('the load was replaced before its save came'));
    this.awaitedSave = undefined;
  }

  /** The `epoch` of the last load (protocol.ts): stamped on every message posted. */
  private epoch: number | undefined;
  /** Posts to the page, stamped with the current load's epoch. */
  private readonly port: Pick<Port<ToWorker, FromWorker>, 'post'>;

  constructor(
    port: Port<ToWorker, FromWorker>,
    private readonly env: RunnerEnv<Timer>,
    private readonly options: RunnerOptions = {},
  ) {
    this.port = { post: (message, transfer) => port.post(this.epoch === undefined ? message : { ...message, epoch: this.epoch }, transfer) };
  }

  /** The running session, if any (for in-process hosts such as the CLI and tests). */
  get current(): GameSession | undefined {
    return this.session;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  handle(message: ToWorker): void {
    if (isRecordingMessage(message)) return this.live.handle(message, this.source !== undefined);
    switch (message.type) {
      case 'load':
        this.source = { wasm: message.wasm, engine: message.engine };
        this.ackFrames = message.ackFrames === true;
        this.epoch = Number.isInteger(message.epoch) ? message.epoch : undefined;
        // a new game starts at real time (a thumbnail's fast-forward was the last game's)
        this.speed = 1;
        this.owed = 0;
        this.dropAwaitedSave();
        if (message.saveFollows === true) {
          const epoch = this.epoch;
          void this.load(message.seed, new Promise((resolve, reject) => (this.awaitedSave = { epoch, resolve, reject })));
        } else {
          void this.load(message.seed, saveBytes(message.save));
        }
        break;
      case 'save':
        if (this.awaitedSave && message.epoch === this.awaitedSave.epoch) {
          this.awaitedSave.resolve(saveBytes(message.save));
          this.awaitedSave = undefined;
        }
        break;
      case 'restart':
        // (before its save came, the game never started: it starts without one)
        this.dropAwaitedSave();
        if (this.source) void this.load(message.seed);
        break;
      case 'drawn': {
        // an answer to a frame of the game this load replaced: the new one's frame is still in flight
        if (message.epoch !== undefined && message.epoch !== this.epoch) break;
        this.inFlight = false;
        const next = this.held;
        this.held = undefined;
        if (next) this.postFrame(next);
        break;
      }
      case 'hot':
        void this.hotSwap(message.wasm);
        break;
      case 'key':
        if (this.session && !this.session.stopped && this.live.acceptsKeys && Number.isInteger(message.code) && message.code >= 0 && message.code <= 0xffffffff) {
          this.session.queueKey(message.code, !!message.down);
        }
        break;
      case 'input':
        if (this.session && !this.session.stopped && this.live.acceptsKeys) {
          try {
            this.session.queueInput(message.event);
          } catch {
            // a malformed event from the page is dropped, like an out-of-range key code
          }
        }
        break;
      case 'pause':
        this.paused = true;
        this.stopTimer();
        break;
      case 'resume':
        if (!this.paused) break;
        this.paused = false;
        this.startTimer();
        break;
      case 'step':
        if (!this.paused) {
          this.paused = true;
          this.stopTimer();
        }
        this.runFrames(1);
        break;
      case 'speed': {
        const factor = Number(message.factor);
        if (Number.isFinite(factor) && factor > 0) {
          this.speed = Math.min(factor, MAX_SPEED);
          this.owed = 0;
        }
        break;
      }
    }
  }

  /** Stops ticking (the session is kept). */
  dispose(): void {
    this.generation++;
    this.stopTimer();
  }

  /**
   * (Re)starts the game; `save`: null for none, undefined to keep the game's
   * latest save data; `limits`: the user's resource-limit overrides for this
   * session (a replay's, from its recording; the app sets none of its own).
   */
  private async load(seed: number, save?: Uint8Array | null | Promise<Uint8Array | null>, limits?: LimitValues): Promise<void> {
    const generation = ++this.generation;
    this.stopTimer();
    // A restart keeps what the game saved so far (the app has stored it too); a replay brings its own.
    let saveData: Uint8Array | undefined | Promise<Uint8Array | undefined>;
    if (save instanceof Promise) {
      this.save = undefined; // (the last game's is not this one's)
      saveData = save.then((s) => (this.save = s ?? undefined));
    } else {
      if (save !== undefined) this.save = save ?? undefined;
      else if (this.session) this.save = this.session.saveData;
      saveData = this.save;
    }
    this.session = undefined;
    this.inFlight = false;
    this.held = undefined;
    this.frameStats.run = 0;
    this.frameStats.posted = 0;
    const source = this.source!;
    const logs: [number, string][] = [];
    let loaded = false;
    let session: GameSession;
    const createdFrom = this.env.now();
    try {
      session = await GameSession.create(source.wasm, {
        seed,
        engine: source.engine,
        frameBudgetMs: this.options.frameBudgetMs,
        now: () => this.env.now(),
        modules: this.modules,
        saveData,
        limits: limitsFromKeys(limits ?? {}),
        onLog: (frame, message) => {
          if (generation !== this.generation) return;
          if (loaded) this.port.post({ type: 'log', frame, message });
          if (loaded) this.live.onLog(frame, message);
          else logs.push([frame, message]);
        },
      });
    } catch (error) {
      if (generation !== this.generation) return;
      for (const [frame, message] of logs) this.port.post({ type: 'log', frame, message });
      this.port.post({ type: 'stopped', info: stopInfoOf(error, 'load') });
      return;
    }
    if (generation !== this.generation) return;
    this.session = session;
    this.live.onSession(session, source.wasm);
    for (const [frame, message] of logs) this.live.onLog(frame, message);
    loaded = true;
    this.port.post({ type: 'loaded', meta: session.meta, engine: session.engine, profile: session.profile, createMs: this.env.now() - createdFrom, kept: session.moduleKept });
    for (const [frame, message] of logs) this.port.post({ type: 'log', frame, message });
    this.owed = 0;
    // A freshly loaded (or restarted) game runs: a pause belongs to the game it paused.
    this.paused = false;
    this.startTimer(true);
  }

  /** Runs a new build from the running game's state when its memory layout allows (./hot); says either way. */
  private async hotSwap(wasm: ArrayBuffer): Promise<void> {
    const old = this.session;
    const source = this.source;
    const refuse = (why: string) => this.port.post({ type: 'hot', swapped: false, message: `not hot-swapped: ${why}` });
    if (!old || !source || old.stopped) return refuse('the game is not running');
    // A recording or replay belongs to one build from its first frame.
    if (this.live.recording || this.live.replaying) return refuse('a recording or replay is running');
    const blocker = hotSwapBlocker(new Uint8Array(source.wasm), new Uint8Array(wasm));
    if (blocker) return refuse(`the new build's memory layout differs: ${blocker}`);
    const generation = this.generation;
    let session: GameSession;
    try {
      session = await GameSession.create(wasm, {
        seed: old.seed,
        engine: source.engine,
        frameBudgetMs: this.options.frameBudgetMs,
        now: () => this.env.now(),
        modules: this.modules,
        onLog: (frame, message) => {
          this.port.post({ type: 'log', frame, message });
          this.live.onLog(frame, message);
        },
        takeOver: old,
        limits: old.userLimits, // the running session's limits (a replay's, say) go on with it
      });
    } catch (error) {
      return refuse(`the new build did not start: ${stopInfoOf(error, 'load').message}`);
    }
    // A load or restart that came in meanwhile wins.
    if (generation !== this.generation || this.session !== old) return refuse('the game was restarted meanwhile');
    if (session.meta.width !== old.meta.width || session.meta.height !== old.meta.height) return refuse('the screen size changed');
    this.source = { wasm, engine: source.engine };
    this.session = session;
    this.port.post({ type: 'hot', swapped: true, message: `hot-swapped the new build at frame ${session.frame}, keeping the game's memory` });
  }

  /** Starts ticking: the first frame a tick from now, or (a game just loaded) at once, so its first picture does not wait a tick. */
  private startTimer(firstNow = false): void {
    this.stopTimer();
    if (!this.session) return;
    this.nextTickAt = this.env.now() + (firstNow ? 0 : TICK_MS);
    this.schedule();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      this.env.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    const delay = Math.max(0, this.nextTickAt - this.env.now());
    this.timer = this.env.setTimeout(() => this.tick(), delay);
  }

  /**
   * Timer callback: runs every tick that is due (at most MAX_CATCH_UP_TICKS,
   * and no more than MAX_TICK_WORK_MS of frames, so messages such as pause
   * are never starved), then schedules the next.
   */
  private tick(): void {
    this.timer = undefined;
    if (this.paused || !this.session) return;
    const now = this.env.now();
    const workDeadline = now + MAX_TICK_WORK_MS;
    let ticks = 0;
    while (this.nextTickAt <= now && ticks < MAX_CATCH_UP_TICKS) {
      this.nextTickAt += TICK_MS;
      ticks++;
      this.owed += this.speed;
      const frames = Math.floor(this.owed);
      this.owed -= frames;
      const ran = this.runFrames(frames, workDeadline);
      if (ran < 0 || this.paused) return;
      if (ran < frames) {
        // The machine cannot keep up with this speed: drop what is owed rather than fall further behind.
        this.owed = 0;
        break;
      }
    }
    // Too far behind (a slow frame, a suspended laptop): skip the backlog instead of spiralling.
    if (this.nextTickAt <= this.env.now()) this.nextTickAt = this.env.now() + TICK_MS;
    this.schedule();
  }

  /**
   * Runs and posts up to `count` frames, stopping early once `deadline` (env
   * time) has passed. Returns how many ran, or -1 once the session has stopped.
   */
  private runFrames(count: number, deadline = Infinity): number {
    const session = this.session;
    if (!session || session.stopped) return -1;
    for (let i = 0; i < count; i++) {
      // a replay that just ended pauses the runner: no more frames this tick
      if (i > 0 && (this.paused || this.env.now() > deadline)) return i;
      try {
        this.live.beforeStep();
        const result = session.step();
        this.live.afterStep(result);
        // Copied, not transferred: transferring detaches the buffer, and the
        // first detached ArrayBuffer turns off V8's fast DataView and typed-array
        // access for the rest of this isolate: after one transferred buffer
        // the JIT ran the intarray benchmark 11–14% slower in Node
        // (docs/performance.md, "Method"). A draw list is a few KiB.
        this.frameStats.run++;
        this.postFrame({ type: 'frame', frame: result.frame, drawList: result.drawList });
      } catch (error) {
        this.stopTimer();
        this.live.onStopped(error);
        // The last frame before a stop is what the page shows under the stop's overlay.
        if (this.held) this.port.post(this.held);
        this.held = undefined;
        this.port.post({ type: 'stopped', info: stopInfoOf(error, 'crash', session.frame + 1) });
        return -1;
      }
    }
    return count;
  }

  /**
   * Sends a frame now, or keeps it (replacing an older one) until the page
   * has drawn the one in flight. A kept frame's events (new images and
   * samples, sound, saves) go to the page at once, as an `events` message:
   * a picture may be dropped, what the game created or saved may not.
   */
  private postFrame(message: Extract<FromWorker, { type: 'frame' }>): void {
    if (this.ackFrames && this.inFlight) {
      if (!message.eventsSent && hasEvents(message.drawList)) {
        this.port.post({ type: 'events', frame: message.frame, drawList: eventsOnly(message.drawList) });
        message = { ...message, eventsSent: true };
      }
      this.held = message;
      return;
    }
    this.inFlight = true;
    this.frameStats.posted++;
    this.port.post(message);
  }
}

function stopInfoOf(error: unknown, fallback: StopInfo['kind'], frame?: number): StopInfo {
  if (error instanceof SessionStopped) return error.info;
  const message = error instanceof Error ? error.message : String(error);
  return frame === undefined ? { kind: fallback, message: `host error: ${message}` } : { kind: fallback, message: `host error: ${message}`, frame };
}

/** A load's or a save message's save data (none when absent or empty). */
function saveBytes(save: unknown): Uint8Array | null {
  return save instanceof ArrayBuffer && save.byteLength > 0 ? new Uint8Array(save.slice(0)) : null;
}
