// The renderer's controller: UI chrome (game picker, status line, overlays),
// keyboard, the renderer-side watchdog, and the glue between the GameChannel
// and the GameView. It knows nothing about Electron or Web Workers.
import { saveKey, type GameMeta } from '../host/abi';
import { hasEvents, hashBytes, visitDrawList, type Tone } from '../host/drawlist';
import { metaSectionsOf, parseMeta } from '../host/game';
import type { DeviceInput } from '../host/input';
import type { DrawListVisitor, EngineName, FromWorker, StopInfo, StopKind, ToWorker } from '../host/protocol';
import { SoundPlayer } from './audio';
import type { GameChannel } from './channel';
import { GamepadPoller, PointerCapture } from './devices';
import type { GameView } from './game-view';
import { HeldKeys, PAUSE_KEYS, RESTART_KEY, gameKeyCode } from './keys';
import { SaveStore } from './saves';
import type { GameLibrary, LibraryEntry } from './library';

export interface BundledGame {
  readonly id: string;
  readonly name: string;
  readonly url: string;
}

type State = 'idle' | 'loading' | 'running' | 'paused' | 'stopped';

/** No message for this long while running means the worker is stuck or dead. */
const WATCHDOG_MS = 3000;
/** Lines kept in the game log panel. */
const MAX_LOG_LINES = 500;
/** Loading (compiling) may take longer than a frame. */
const LOAD_WATCHDOG_MS = 20000;
/** How often the watchdog looks. */
const WATCHDOG_CHECK_MS = 250;
/** A watchdog check this much later than due means the page itself was stalled (drawing, layout): that time is not the worker's silence. */
const PAGE_STALL_MS = 1000;

const STOP_TITLES: Record<StopKind, string> = {
  trap: 'The game trapped',
  contract: 'The game broke the host ABI',
  watchdog: 'A frame took too long',
  limit: 'The game went over a resource limit',
  load: 'Could not load this game',
  crash: 'The game stopped answering',
};

/** The overlay's title: a panic or a stack overflow is named as such, not as a bare trap. */
function stopTitle(info: StopInfo): string {
  if (info.kind === 'trap' && /^the game panicked /.test(info.message)) return 'The game panicked';
  if (info.kind === 'trap' && /^the game overflowed its stack /.test(info.message)) return 'The game ran out of stack';
  return STOP_TITLES[info.kind];
}

/**
 * Whether Restart can help: not for a file that is no game, nor for a build
 * that breaks the ABI before its first frame (it would stop the same way).
 */
export function canRestart(info: StopInfo): boolean {
  return info.kind !== 'load' && !(info.kind === 'contract' && info.frame === undefined);
}

/** What tests and developers can read from the page (window.__arcade). */
export interface ArcadeStatus {
  state: State;
  frame: number;
  lastHash: string;
  framesApplied: number;
  /** Frames the worker sent to this game (with back-pressure, at most one more than were drawn). */
  framesReceived: number;
  /** How many times a game was sent to the worker (load or restart). */
  loads: number;
  meta: GameMeta | null;
  engine: EngineName | null;
  /** Seed of the current run. */
  seed: number | null;
  stop: StopInfo | null;
  renderer: string;
  font: { advance: number; lineBox: number };
  where: string;
  screen: { x: number; y: number; width: number; height: number };
  /** What the last drawn frame used: batched runs of rects/lines and the quads in them (GameView.drawn). */
  drawn: { batches: number; quads: number };
  logs: string[];
  /** What the renderer left out of the last frame it drew (over its per-frame bounds, GameView.MAX_*). */
  dropped: { shapes: number; glyphs: number };
}

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export class ArcadeApp {
  private state: State = 'idle';
  private readonly keys = new HeldKeys();
  /** The current game's bytes, kept to restart after a crash (the worker may be gone). */
  private wasm: ArrayBuffer | null = null;
  private gameLabel = '';
  /** Where the current game came from, if it can be fetched again (Restart then picks up a rebuilt file). */
  private sourceUrl: BundledGame | undefined;
  /** A hot swap waiting for the worker's answer. */
  private pendingHot: { wasm: ArrayBuffer; resolve: (r: { swapped: boolean; message: string }) => void } | undefined;
  /** The library's games as last listed. */
  private libraryEntries: LibraryEntry[] = [];
  /** Seed of the current run, and one to use once for the next load (a dev reload keeps it). */
  private lastSeed: number | undefined;
  private nextSeed: number | undefined;
  private fileName: string | undefined;
  /** The newest frame not yet drawn (older ones are skipped). */
  private pendingList: ArrayBuffer | null = null;
  private pendingFrame = 0;
  private lastMessageAt = 0;
  private lastWatchdogCheck = 0;
  /** Whether we told the worker to pause (a load or restart unpauses it). */
  private workerPaused = false;
  private fpsWindowStart = 0;
  private fpsWindowFrames = 0;
  private fps = 0;
  private readonly status: ArcadeStatus;
  private readonly ui = {
    title: $('game-title'),
    gameSelect: $('game-select') as HTMLSelectElement,
    engineSelect: $('engine-select') as HTMLSelectElement,
    openButton: $('open-button') as HTMLButtonElement,
    fileInput: $('file-input') as HTMLInputElement,
    pauseButton: $('pause-button') as HTMLButtonElement,
    restartButton: $('restart-button') as HTMLButtonElement,
    fullscreenButton: $('fullscreen-button') as HTMLButtonElement,
    muteButton: $('mute-button') as HTMLButtonElement,
    volumeSlider: $('volume-slider') as HTMLInputElement,
    stage: $('stage'),
    overlay: $('overlay'),
    overlayKind: $('overlay-kind'),
    overlayTitle: $('overlay-title'),
    overlayMessage: $('overlay-message'),
    overlayStack: $('overlay-stack'),
    overlayActions: $('overlay-actions'),
    overlayRestart: $('overlay-restart') as HTMLButtonElement,
    overlayOpen: $('overlay-open') as HTMLButtonElement,
    overlayHint: $('overlay-hint'),
    dropHint: $('drop-hint'),
    statusState: $('status-state'),
    statusFrame: $('status-frame'),
    statusFps: $('status-fps'),
    statusEngine: $('status-engine'),
    logButton: $('log-button') as HTMLButtonElement,
    logCount: $('log-count'),
    logPanel: $('log-panel'),
    logLines: $('log-lines'),
    logClear: $('log-clear') as HTMLButtonElement,
    logClose: $('log-close') as HTMLButtonElement,
  };
  /** Log lines not yet shown (flushed once per display refresh, so a chatty game cannot flood the DOM). */
  private logQueue: { frame: number; message: string }[] = [];
  private unseenLogs = 0;
  /** ABI v2: sound, saves, pointer and gamepads. */
  readonly audio = new SoundPlayer();
  private readonly saves = new SaveStore();
  /** The running game's save key (ABI v2 games only), and the last save write in flight. */
  private saveKeyOf: string | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly pointer: PointerCapture;
  private readonly gamepads: GamepadPoller;
  /** Applies a frame's events (new images, sound, save) as the frame arrives, drawn or not. */
  private readonly events: DrawListVisitor;

  constructor(
    private readonly channel: GameChannel,
    private readonly view: GameView,
    private readonly games: readonly BundledGame[],
    private readonly options: { seed?: number; engine?: EngineName; library?: GameLibrary } = {},
  ) {
    this.status = {
      state: 'idle',
      frame: 0,
      lastHash: '',
      framesApplied: 0,
      framesReceived: 0,
      loads: 0,
      meta: null,
      engine: null,
      seed: null,
      stop: null,
      renderer: view.rendererName,
      font: view.fontMetrics,
      where: channel.where,
      screen: view.screen,
      drawn: view.drawn,
      logs: [],
      dropped: { shapes: 0, glyphs: 0 },
    };
    (window as unknown as { __arcade: ArcadeStatus }).__arcade = this.status;
    // For tests and DevTools: talk to the worker behind the UI's back (e.g. silence it to try the watchdog).
    (window as unknown as { __arcadeDebug: unknown }).__arcadeDebug = { post: (message: ToWorker) => channel.post(message) };

    const sendInput = (event: DeviceInput) => {
      if (this.state === 'running') this.channel.post({ type: 'input', event });
    };
    this.pointer = new PointerCapture(this.ui.stage, view, sendInput, () => this.state === 'running');
    this.gamepads = new GamepadPoller(sendInput);
    const noop = () => {};
    this.events = {
      clear: noop,
      rect: noop,
      circle: noop,
      line: noop,
      text: noop,
      triangle: noop,
      framebuffer: noop,
      tone: (t: Tone) => this.audio.tone(t),
      imageCreate: (id, w, h, rgba) => view.createImage(id, w, h, rgba),
      imageFree: (id) => view.freeImage(id),
      note: (...a) => this.audio.note(...a),
      soundCreate: (id, n, rate, pcm) => this.audio.soundCreate(id, n, rate, pcm),
      soundPlay: (...a) => this.audio.soundPlay(...a),
      soundStop: (ch) => this.audio.soundStop(ch),
      save: (bytes) => this.storeSave(bytes),
    };
    (this.status as { audio?: unknown }).audio = this.audio;
    channel.onMessage((message) => this.onMessage(message));
    channel.onCrash((message) => this.crashed(message, false));
    view.onTick(() => this.tick());
    this.wireUi();
    this.wireKeyboard();
    this.wireDragAndDrop();
    setInterval(() => this.checkWatchdog(), WATCHDOG_CHECK_MS);
  }

  // --- starting games ---

  /** Loads a bundled game by id (or the first one); shows a welcome screen if there are none. */
  async start(gameId?: string): Promise<void> {
    if (gameId !== undefined && !this.games.some((g) => g.id === gameId)) {
      // Say so rather than quietly playing another game.
      this.showOverlay({
        kind: '',
        title: `No game called '${gameId}'`,
        message: this.games.length
          ? `?game= names a bundled game: ${this.games.map((g) => g.id).join(', ')}. Pick one above, or open your own .wasm.`
          : 'This build has no bundled games. Open a .wasm game (or drop one on this window).',
        actions: 'open',
      });
      this.setState('idle');
      return;
    }
    const last = localStorage.getItem('arcade.game');
    const game = this.games.find((g) => g.id === gameId) ?? this.games.find((g) => g.id === last) ?? this.games[0];
    if (!game) {
      this.showOverlay({
        kind: '',
        title: 'Welcome to Wasm Arcade',
        message: 'Open a .wasm game (or drop one on this window) to play it.',
        actions: 'open',
      });
      this.setState('idle');
      return;
    }
    await this.loadUrl(game);
  }

  /**
   * Loads a game from a URL (a bundled game, or `?src=`: `arcade play`'s file).
   * The URL is kept: Restart fetches it again, so a rebuilt file is picked up.
   */
  async loadUrl(game: BundledGame, options: { keepSeed?: boolean } = {}): Promise<void> {
    this.ui.gameSelect.value = game.id;
    if (game.id) localStorage.setItem('arcade.game', game.id);
    this.gameLabel = game.name;
    this.setState('loading');
    this.showOverlay({ kind: '', title: `Loading ${game.name}…`, message: '', actions: 'none' });
    try {
      const response = await fetch(game.url, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}${response.status === 404 ? ' (the file is gone: deleted or renamed?)' : ''}`);
      const bytes = await response.arrayBuffer();
      const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
      if (head.length < 4 || head[0] !== 0 || head[1] !== 0x61 || head[2] !== 0x73 || head[3] !== 0x6d)
        throw new Error(`${game.url} is not a .wasm file (${response.headers.get('content-type') ?? 'no content type'}): deleted or renamed?`);
      this.nextSeed = options.keepSeed ? this.lastSeed : undefined;
      this.load(bytes, game.name, game.id ? undefined : `${game.name}.wasm`);
      this.sourceUrl = game;
    } catch (error) {
      this.stopped({ kind: 'load', message: `Could not read ${game.name}: ${(error as Error).message}` });
    }
  }

  private async loadFile(file: File): Promise<void> {
    this.ui.gameSelect.value = '';
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (error) {
      this.stopped({ kind: 'load', message: `Could not read ${file.name}: ${(error as Error).message}` });
      return;
    }
    this.load(bytes, file.name.replace(/\.wasm$/i, ''), file.name);
  }

  /**
   * Runs a game from bytes the page got elsewhere (the dev loop's rebuilds):
   * `keepSeed` restarts it with the seed of the run it replaces.
   */
  loadBytes(wasm: ArrayBuffer, label: string, options: { keepSeed?: boolean } = {}): void {
    this.ui.gameSelect.value = '';
    this.nextSeed = options.keepSeed ? this.lastSeed : undefined;
    this.load(wasm, label, `${label}.wasm`);
  }

  /**
   * `arcade dev --hot`: asks the worker to run `wasm` from the current game's
   * state. Resolves with whether it did and why not; when it did, Restart
   * uses the new build.
   */
  hotSwap(wasm: ArrayBuffer): Promise<{ swapped: boolean; message: string }> {
    if (this.state !== 'running' && this.state !== 'paused') return Promise.resolve({ swapped: false, message: `not hot-swapped: the game is ${this.state}` });
    this.pendingHot?.resolve({ swapped: false, message: 'not hot-swapped: a newer build came' });
    return new Promise((resolve) => {
      this.pendingHot = { wasm, resolve };
      const copy = wasm.slice(0);
      this.channel.post({ type: 'hot', wasm: copy }, [copy]);
    });
  }

  /** The seed of the current run (undefined before the first). */
  get seed(): number | undefined {
    return this.lastSeed;
  }

  /** Sends a game's bytes to the worker with a fresh seed. */
  private load(wasm: ArrayBuffer, label: string, fileName: string | undefined): void {
    this.sourceUrl = undefined;
    this.wasm = wasm;
    this.gameLabel = label;
    this.fileName = fileName;
    this.status.meta = null;
    this.ui.title.textContent = label;
    document.title = `${label} — Wasm Arcade`;
    this.send();
  }

  private send(): void {
    if (!this.wasm) return;
    this.releaseKeys();
    // The worker starts every load unpaused.
    this.workerPaused = false;
    this.pendingList = null;
    this.status.frame = 0;
    this.status.framesApplied = 0;
    this.status.framesReceived = 0;
    this.status.lastHash = '';
    this.status.stop = null;
    this.status.engine = null;
    this.status.loads++;
    this.view.blank();
    this.setState('loading');
    this.showOverlay({ kind: '', title: `Loading ${this.gameLabel}…`, message: '', actions: 'none' });
    const copy = this.wasm.slice(0);
    const engine = (this.ui.engineSelect.value || this.options.engine || undefined) as EngineName | undefined;
    const seed = this.nextSeed ?? this.options.seed ?? randomSeed();
    this.nextSeed = undefined;
    this.lastSeed = seed;
    this.status.seed = seed;
    this.logQueue.push({ frame: 0, message: `── ${this.gameLabel} · seed ${seed} ──` });
    const loads = this.status.loads;
    void this.savedData(copy).then((save) => {
      if (loads !== this.status.loads) return; // another load started meanwhile
      this.channel.post(
        { type: 'load', wasm: copy, seed, ackFrames: true, ...(engine ? { engine } : {}), ...(this.fileName ? { fileName: this.fileName } : {}), ...(save ? { save } : {}) },
        save ? [copy, save] : [copy],
      );
    });
  }

  /**
   * ABI v2: the stored save of the game in `wasm` (read from its arcade.game
   * section before it starts, so the session starts with it), after the
   * last write is committed. A corrupt or oversized one is logged and not used.
   */
  private async savedData(wasm: ArrayBuffer): Promise<ArrayBuffer | undefined> {
    this.saveKeyOf = undefined;
    let key: string;
    try {
      const sections = metaSectionsOf(new Uint8Array(wasm));
      if (sections.length === 0) {
        // A game written for another host (a WASM-4 cart's disk, the 2018
        // demo's best score) declares no id: its save belongs to the file.
        key = `file:${hashBytes(new Uint8Array(wasm))}`;
      } else {
        if (sections.length !== 1) return undefined;
        const meta = parseMeta(sections[0]);
        if (meta.abi < 2) return undefined;
        key = saveKey(meta);
      }
    } catch {
      return undefined; // the worker reports what is wrong with the game
    }
    this.saveKeyOf = key;
    await this.saving.catch(() => {});
    const loaded = await this.saves.load(key);
    if (loaded.problem) this.logQueue.push({ frame: 0, message: loaded.problem });
    return loaded.data ? (loaded.data.slice().buffer as ArrayBuffer) : undefined;
  }

  private storeSave(bytes: Uint8Array): void {
    const key = this.saveKeyOf;
    if (!key) return;
    const data = bytes.slice();
    this.saving = this.saving
      .catch(() => {})
      .then(() => this.saves.store(key, data))
      .catch((error: unknown) => {
        this.logQueue.push({ frame: this.status.frame, message: `could not store the save: ${error instanceof Error ? error.message : String(error)}` });
      });
  }

  /** Starts the current game again from its first frame with a new seed. */
  restart(): void {
    if (!this.wasm) return;
    if (this.state === 'stopped' && this.status.stop?.kind === 'crash') this.channel.reset();
    if (this.sourceUrl) void this.loadUrl(this.sourceUrl);
    else this.send(); // (which also marks the worker unpaused)
  }

  /** Your games (the library) in the picker, after the bundled ones; `selected` is shown as chosen. */
  private async refreshLibrary(selected?: string): Promise<void> {
    const library = this.options.library;
    if (!library) return;
    this.libraryEntries = await library.list();
    const select = this.ui.gameSelect;
    select.querySelector('optgroup.library')?.remove();
    if (this.libraryEntries.length === 0) return;
    const group = Object.assign(document.createElement('optgroup'), { label: 'Your games', className: 'library' });
    for (const e of this.libraryEntries) {
      const option = new Option(`${e.title}${e.author ? ` (${e.author})` : ''}${e.description ? ` — ${e.description}` : ''}`, `lib:${e.id}`);
      option.title = `${e.fileName}${e.description ? `: ${e.description}` : ''}`;
      group.append(option);
    }
    select.append(group);
    select.disabled = false;
    if (selected !== undefined) select.value = `lib:${selected}`;
  }

  // --- messages from the worker ---

  private onMessage(message: FromWorker): void {
    this.lastMessageAt = performance.now();
    switch (message.type) {
      case 'loaded':
        this.status.meta = message.meta;
        this.status.engine = message.engine;
        this.view.setScreen(message.meta.width, message.meta.height);
        this.view.startGame(message.meta);
        this.pointer.setScreen(message.meta.width, message.meta.height);
        this.audio.reset();
        this.gamepads.reset();
        this.ui.title.replaceChildren(Object.assign(document.createElement('strong'), { textContent: message.meta.title }));
        if (message.meta.author) {
          this.ui.title.append(Object.assign(document.createElement('span'), { className: 'game-author', textContent: ` by ${message.meta.author}` }));
        }
        if (message.meta.description) {
          this.ui.title.append(Object.assign(document.createElement('span'), { className: 'game-description', textContent: ` — ${message.meta.description}` }));
        }
        this.ui.title.title = [message.meta.title, message.meta.author && `by ${message.meta.author}`, message.meta.description].filter(Boolean).join(' — ');
        if (this.fileName && this.wasm && this.options.library) {
          const library = this.options.library;
          void library.remember(this.fileName, message.meta, this.wasm).then((entry) => entry && this.refreshLibrary(entry.id));
        }
        document.title = `${message.meta.title} — Wasm Arcade`;
        this.hideOverlay();
        this.setState('running');
        this.focusGame();
        break;
      case 'events':
        // The events of a frame the worker keeps back until we draw (back-pressure, src/host/runner.ts).
        if (this.state !== 'running' && this.state !== 'paused') return;
        try {
          visitDrawList(message.drawList, this.events);
        } catch (error) {
          this.stopped({ kind: 'crash', message: `Could not apply frame ${message.frame}: ${(error as Error).message}`, frame: message.frame });
        }
        break;
      case 'frame':
        // Frames of the previous game may still arrive after a load was sent (acknowledged, never drawn).
        if (this.state !== 'running' && this.state !== 'paused') return this.channel.post({ type: 'drawn' });
        // Every frame's events count (a new image, a sound, a save), even if the frame is never drawn.
        if (!message.eventsSent && hasEvents(message.drawList)) {
          try {
            visitDrawList(message.drawList, this.events);
          } catch (error) {
            this.stopped({ kind: 'crash', message: `Could not apply frame ${message.frame}: ${(error as Error).message}`, frame: message.frame });
            return;
          }
        }
        this.pendingList = message.drawList;
        this.pendingFrame = message.frame;
        this.status.framesReceived++;
        this.status.frame = message.frame;
        this.status.lastHash = message.hash;
        break;
      case 'log':
        this.status.logs.push(`[${message.frame}] ${message.message}`);
        if (this.status.logs.length > MAX_LOG_LINES) this.status.logs.shift();
        this.logQueue.push(message);
        if (this.logQueue.length > MAX_LOG_LINES) this.logQueue.shift();
        break;
      case 'stopped':
        this.stopped(message.info);
        break;
      case 'hot': {
        const pending = this.pendingHot;
        this.pendingHot = undefined;
        if (message.swapped && pending) this.wasm = pending.wasm;
        this.logQueue.push({ frame: this.status.frame, message: `── ${message.message} ──` });
        pending?.resolve({ swapped: message.swapped, message: message.message });
        break;
      }
    }
  }

  /** Once per display refresh: draw the newest frame (older ones are skipped) and update the status line. */
  private tick(): void {
    if (this.state === 'running') this.gamepads.poll();
    const pending = this.pendingList;
    if (pending) {
      this.pendingList = null;
      try {
        this.view.apply(pending);
        this.status.framesApplied++;
        this.status.dropped = { ...this.view.dropped };
        this.fpsWindowFrames++; // fps = frames actually shown, so a slow display shows up here
      } catch (error) {
        this.stopped({ kind: 'crash', message: `Could not draw frame ${this.pendingFrame}: ${(error as Error).message}`, frame: this.pendingFrame });
      }
      // Ready for the next frame (the worker sends none before this): its silence counts from here.
      this.channel.post({ type: 'drawn' });
      this.lastMessageAt = performance.now();
    }
    if (this.logQueue.length > 0) this.flushLog();
    const now = performance.now();
    if (now - this.fpsWindowStart >= 1000) {
      this.fps = this.state === 'running' ? Math.round((this.fpsWindowFrames * 1000) / (now - this.fpsWindowStart)) : 0;
      this.fpsWindowFrames = 0;
      this.fpsWindowStart = now;
    }
    this.renderStatus();
  }

  private stopped(info: StopInfo, title = stopTitle(info)): void {
    this.releaseKeys();
    this.audio.silence();
    this.status.stop = info;
    this.setState('stopped');
    const stack = info.wasmStack && info.wasmStack.length > 0 ? info.wasmStack.join('\n') : '';
    const restartable = canRestart(info);
    this.showOverlay({
      kind: info.kind,
      badge: info.frame !== undefined ? `${info.kind} · frame ${info.frame}` : info.kind,
      tone: info.kind === 'load' || info.kind === 'contract' ? 'warn' : 'bad',
      title,
      message: info.message,
      stack,
      actions: restartable ? 'restart' : 'open',
      hint: restartable
        ? 'Press R to restart with a new seed.'
        : `${info.kind === 'load' ? 'This file cannot be played' : 'This build cannot start'}: restarting would not help. Fix and rebuild the game, or open another .wasm file, drop one here, or pick a bundled game.`,
    });
  }

  private crashed(message: string, stuck: boolean): void {
    if (this.state === 'idle') return;
    this.workerPaused = false;
    this.stopped(
      { kind: 'crash', message, ...(this.status.frame > 0 ? { frame: this.status.frame } : {}) },
      stuck ? STOP_TITLES.crash : `The game's ${this.channel.where} crashed`,
    );
    // A stuck worker cannot be told to stop: replace it, so Restart starts from a clean one.
    if (stuck) this.channel.reset();
  }

  private checkWatchdog(): void {
    // Time the page itself was stalled (drawing a huge frame, a slow layout) is not the worker's silence,
    const checkedAt = performance.now();
    const late = this.lastWatchdogCheck > 0 ? checkedAt - this.lastWatchdogCheck - WATCHDOG_CHECK_MS : 0;
    this.lastWatchdogCheck = checkedAt;
    if (late > PAGE_STALL_MS) this.lastMessageAt += late;
    // and neither is the time a frame waits for us to draw it (a hidden page draws nothing; the worker waits for `drawn`).
    if (this.pendingList) this.lastMessageAt = checkedAt;
    const limit = this.state === 'running' ? WATCHDOG_MS : this.state === 'loading' && this.wasm ? LOAD_WATCHDOG_MS : 0;
    if (limit === 0) return;
    const silent = performance.now() - this.lastMessageAt;
    if (silent > limit) {
      const what = this.state === 'loading' ? 'while loading' : `after frame ${this.status.frame}`;
      this.crashed(`No answer from the game for ${(silent / 1000).toFixed(1)} s ${what} — an endless loop? Its ${this.channel.where} was ended.`, true);
    }
  }

  // --- game log ---

  private flushLog(): void {
    const lines = this.ui.logLines;
    const atBottom = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 4;
    lines.querySelector('.empty')?.remove();
    const fragment = document.createDocumentFragment();
    for (const { frame, message } of this.logQueue) {
      const line = document.createElement('div');
      const tag = document.createElement('span');
      tag.className = 'frame';
      tag.textContent = String(frame).padStart(6);
      line.append(tag, message);
      fragment.append(line);
    }
    if (this.ui.logPanel.hidden) this.unseenLogs += this.logQueue.length;
    this.logQueue = [];
    lines.append(fragment);
    while (lines.childElementCount > MAX_LOG_LINES) lines.firstElementChild?.remove();
    if (atBottom) lines.scrollTop = lines.scrollHeight;
    this.ui.logCount.textContent = this.unseenLogs > 0 ? String(Math.min(this.unseenLogs, 999)) : '';
  }

  private toggleLog(show = this.ui.logPanel.hidden): void {
    this.ui.logPanel.hidden = !show;
    if (show) {
      this.unseenLogs = 0;
      this.ui.logCount.textContent = '';
      if (this.ui.logLines.childElementCount === 0) {
        this.ui.logLines.append(Object.assign(document.createElement('div'), { className: 'empty', textContent: 'Nothing logged yet. Games write here with log().' }));
      }
      this.ui.logLines.scrollTop = this.ui.logLines.scrollHeight;
    }
    this.focusGame();
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => {});
    this.focusGame();
  }

  // --- pause ---

  togglePause(): void {
    if (this.state === 'running') {
      this.releaseKeys();
      this.audio.silence();
      this.channel.post({ type: 'pause' });
      this.workerPaused = true;
      this.setState('paused');
      this.showOverlay({ kind: '', title: 'Paused', message: '', actions: 'none', hint: 'Press P or Esc to resume.' });
    } else if (this.state === 'paused') {
      this.channel.post({ type: 'resume' });
      this.workerPaused = false;
      this.lastMessageAt = performance.now();
      this.hideOverlay();
      this.setState('running');
      this.focusGame();
    }
  }

  // --- UI ---

  private setState(state: State): void {
    if (state === 'running' && this.state !== 'running') {
      // A new fps window: one that began while loading or paused would show
      // a rate far below the real one for up to a second ("2 fps" on resume).
      this.fps = 0;
      this.fpsWindowFrames = 0;
      this.fpsWindowStart = performance.now();
    }
    this.state = state;
    this.status.state = state;
    if (state === 'loading') this.lastMessageAt = performance.now();
    this.ui.pauseButton.disabled = state !== 'running' && state !== 'paused';
    this.ui.pauseButton.textContent = state === 'paused' ? 'Resume' : 'Pause';
    this.ui.restartButton.disabled = this.wasm === null || state === 'loading' || (state === 'stopped' && this.status.stop !== null && !canRestart(this.status.stop));
    this.renderStatus();
  }

  private renderStatus(): void {
    const labels: Record<State, string> = { idle: 'Ready', loading: 'Loading', running: 'Running', paused: 'Paused', stopped: 'Stopped' };
    const s = this.ui;
    // Called every display refresh: touch the DOM only where something changed.
    const set = (el: HTMLElement, text: string) => {
      if (el.textContent !== text) el.textContent = text;
    };
    if (s.statusState.dataset['state'] !== this.state) s.statusState.dataset['state'] = this.state;
    set(s.statusState, labels[this.state]);
    // Once stopped, name the frame the stop happened in, as the overlay does (not the last one completed).
    const stopFrame = this.state === 'stopped' ? this.status.stop?.frame : undefined;
    set(s.statusFrame, stopFrame !== undefined ? `in frame ${stopFrame}` : this.status.frame > 0 ? `frame ${this.status.frame}` : '');
    const { shapes, glyphs } = this.status.dropped;
    const dropped = shapes + glyphs > 0 ? ` · not drawn: ${[shapes ? `${shapes} shapes` : '', glyphs ? `${glyphs} characters` : ''].filter(Boolean).join(', ')}` : '';
    set(s.statusFps, this.state === 'running' ? `${this.fps > 0 ? this.fps : '—'} fps${dropped}` : '');
    set(s.statusEngine, `${this.status.engine ? `engine ${this.status.engine}` : 'engine —'} · ${this.channel.where} · ${this.view.rendererName}`);
  }

  private showOverlay(o: {
    kind: string;
    /** Text of the badge above the title (default: kind). */
    badge?: string;
    tone?: 'bad' | 'warn';
    title: string;
    message: string;
    stack?: string;
    actions: 'restart' | 'open' | 'none';
    hint?: string;
  }): void {
    const u = this.ui;
    u.overlay.hidden = false;
    u.overlay.dataset['tone'] = o.tone ?? '';
    u.overlay.dataset['kind'] = o.kind;
    u.overlay.classList.toggle('compact', o.actions === 'none' && !o.message);
    u.overlayKind.textContent = o.badge ?? o.kind;
    u.overlayTitle.textContent = o.title;
    u.overlayMessage.textContent = o.message;
    u.overlayStack.hidden = !o.stack;
    u.overlayStack.textContent = o.stack ?? '';
    u.overlayActions.hidden = o.actions === 'none';
    u.overlayRestart.hidden = o.actions !== 'restart';
    u.overlayHint.textContent = o.hint ?? '';
  }

  private hideOverlay(): void {
    this.ui.overlay.hidden = true;
  }

  private focusGame(): void {
    if (document.activeElement !== this.ui.stage) this.ui.stage.focus({ preventScroll: true });
  }

  private wireUi(): void {
    const u = this.ui;
    for (const game of this.games) {
      u.gameSelect.append(new Option(game.name, game.id));
    }
    const custom = new Option('Your game', '');
    custom.hidden = true;
    u.gameSelect.append(custom);
    u.gameSelect.disabled = this.games.length === 0;
    u.gameSelect.addEventListener('change', () => {
      const value = u.gameSelect.value;
      const entry = this.libraryEntries.find((e) => `lib:${e.id}` === value);
      if (entry) {
        this.load(entry.bytes.slice(0), entry.fileName.replace(/\.wasm$/i, ''), entry.fileName);
        u.gameSelect.value = value;
        return;
      }
      const game = this.games.find((g) => g.id === value);
      if (game) void this.loadUrl(game);
    });
    void this.refreshLibrary();
    const engine = localStorage.getItem('arcade.engine');
    if (this.options.engine) u.engineSelect.value = this.options.engine;
    else if (engine !== null) u.engineSelect.value = engine;
    u.engineSelect.addEventListener('change', () => {
      localStorage.setItem('arcade.engine', u.engineSelect.value);
      this.restart();
    });
    const open = () => u.fileInput.click();
    u.openButton.addEventListener('click', open);
    u.overlayOpen.addEventListener('click', open);
    u.fileInput.addEventListener('change', () => {
      const file = u.fileInput.files?.[0];
      u.fileInput.value = '';
      if (file) void this.loadFile(file);
    });
    u.logButton.addEventListener('click', () => this.toggleLog());
    u.logClose.addEventListener('click', () => this.toggleLog(false));
    u.logClear.addEventListener('click', () => {
      u.logLines.replaceChildren();
      this.status.logs.length = 0;
      this.toggleLog(true);
    });
    u.pauseButton.addEventListener('click', () => this.togglePause());
    u.fullscreenButton.addEventListener('click', () => this.toggleFullscreen());
    const showSound = () => {
      const { muted, volume } = this.audio.settings;
      u.muteButton.textContent = muted ? 'Sound off' : 'Sound on';
      u.muteButton.setAttribute('aria-pressed', String(muted));
      u.volumeSlider.value = String(Math.round(volume * 100));
    };
    showSound();
    u.muteButton.addEventListener('click', () => {
      this.audio.setMuted(!this.audio.settings.muted);
      showSound();
      this.focusGame();
    });
    u.volumeSlider.addEventListener('input', () => {
      this.audio.setVolume(Number(u.volumeSlider.value) / 100);
      showSound();
    });
    // Full screen shows the game alone; Esc (the browser's) or F11 leaves it.
    document.addEventListener('fullscreenchange', () => {
      document.body.classList.toggle('is-fullscreen', document.fullscreenElement !== null);
      this.view.layout();
    });
    u.restartButton.addEventListener('click', () => this.restart());
    u.overlayRestart.addEventListener('click', () => this.restart());
    u.stage.addEventListener('pointerdown', () => this.focusGame());
    window.addEventListener('resize', () => this.view.layout());
  }

  private wireKeyboard(): void {
    window.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.code === 'KeyO' && !event.repeat) {
        event.preventDefault();
        this.ui.fileInput.click();
        return;
      }
      if (event.metaKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      if (target && target !== this.ui.stage && target.closest('select, input, button') && event.code !== 'Escape') return;
      if (PAUSE_KEYS.has(event.code)) {
        if (this.state === 'running' || this.state === 'paused') {
          event.preventDefault();
          if (!event.repeat) this.togglePause();
        }
        return;
      }
      if (event.code === RESTART_KEY && this.state === 'stopped' && this.status.stop && canRestart(this.status.stop)) {
        event.preventDefault();
        if (!event.repeat) this.restart();
        return;
      }
      if (event.code === 'F11' && !event.repeat) {
        event.preventDefault();
        this.toggleFullscreen();
        return;
      }
      if (gameKeyCode(event.code) === undefined) return;
      event.preventDefault();
      if (this.state !== 'running' || event.repeat) return;
      const code = this.keys.press(event.code);
      if (code !== undefined) this.channel.post({ type: 'key', code, down: true });
    });
    window.addEventListener('keyup', (event) => {
      const code = this.keys.release(event.code);
      if (code === undefined) return;
      event.preventDefault();
      if (this.state === 'running') this.channel.post({ type: 'key', code, down: false });
    });
    window.addEventListener('blur', () => this.releaseKeys());
    document.addEventListener('visibilitychange', () => {
      // Hidden (minimised, another tab): pause rather than let the game play on unseen.
      if (document.hidden && this.state === 'running') this.togglePause();
      else if (document.hidden) this.releaseKeys();
    });
  }

  private releaseKeys(): void {
    const codes = this.keys.releaseAll();
    if (this.state !== 'running' && this.state !== 'paused') return;
    for (const code of codes) this.channel.post({ type: 'key', code, down: false });
  }

  private wireDragAndDrop(): void {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    window.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      this.ui.dropHint.hidden = false;
    });
    window.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) this.ui.dropHint.hidden = true;
    });
    window.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      this.ui.dropHint.hidden = true;
      const file = event.dataTransfer?.files[0];
      if (file) void this.loadFile(file);
    });
  }
}
