// The renderer's controller: UI chrome (game picker, status line, overlays),
// keyboard, the renderer-side watchdog, and the glue between the GameChannel
// and the GameView. It knows nothing about Electron or Web Workers.
import { bestScore, saveKey, type GameMeta, type ScoreField } from '../host/abi';
import { hasEvents, hashBytes, hashDrawList, visitDrawList, type Tone } from '../host/drawlist';
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
import { LibraryPage, type CardInfo } from './library-page';
import type { ProfileName } from '../host/profiles/profile';

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
/** The frame a game's library thumbnail is taken from (its first second: title screens are up by then). */
export const PREVIEW_FRAME = 60;
/** Longest a thumbnail may take to make (compile and PREVIEW_FRAME frames) before it is given up. */
const PREVIEW_TIMEOUT_MS = 20000;
/** Thumbnails are about this wide (a whole number of pixels per game pixel when the game is narrower). */
const THUMBNAIL_WIDTH = 400;
/** Gamepad navigation: a held direction repeats after this long, then this often. */
const PAD_REPEAT_DELAY_MS = 400;
const PAD_REPEAT_MS = 130;

/** A profile as a card shows it. */
function profileLabel(profile: ProfileName, meta: GameMeta | undefined): string {
  return profile === 'wasm4' ? 'WASM-4' : profile === 'demo-2018' ? '2018 demo' : `ABI v${meta?.abi ?? 1}`;
}

/** "my_game-2" → "My Game 2". */
function prettyName(fileName: string): string {
  return fileName.replace(/\.wasm$/i, '').replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

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
  /** hashDrawList of the last frame received ('' before one), as recordings store it (worked out when read). */
  readonly lastHash: string;
  framesApplied: number;
  /** Frames the worker sent to this game (with back-pressure, at most one more than were drawn). */
  framesReceived: number;
  /** How many times a game was sent to the worker (load or restart). */
  loads: number;
  meta: GameMeta | null;
  /** The host profile the game runs under. */
  profile: ProfileName | null;
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
  /** Gamepad reads for navigation so far (tests wait for them). */
  polls: number;
  /** How the last start went (null before the first): see GameStartup. */
  startup: GameStartup | null;
  /** Times the game's worker was replaced (a stuck or crashed one; a thumbnail that failed in it). */
  workerResets: number;
  /** The library cards whose game was warmed in the current worker (see ArcadeApp.job). */
  warmed: string[];
}

/**
 * The times of the last game start, in ms from what started it (the click
 * that loads a game, a dropped file, Restart), by the page's clock; a step
 * not reached yet is null. `bench/app-start.ts` reads them.
 */
export interface GameStartup {
  /** The game's bytes were read (fetched, or read from the file); null when they were already here (Restart of bytes, the dev loop). */
  bytes: number | null;
  /** Sent to the worker (with its save when the page knew it, else the save follows in a `save` message once looked up: `saveKnown`). */
  posted: number | null;
  /** The worker's `loaded`: the session started, the game's `init` done. */
  loaded: number | null;
  /** The first frame drawn into the canvas. */
  firstPicture: number | null;
  /** The worker's own time for the session's start (decode, validate, waiting for the save if it is not there yet, instantiate, `init`), by its clock. */
  create: number | null;
  /** Whether the worker had the game compiled already (a restart, a game warmed or made a thumbnail of in it). */
  kept: boolean | null;
  /** Whether the game's save went with it (the page knew it: read ahead for its card, or written by this page) rather than after a lookup. */
  saveKnown: boolean | null;
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
  /** When the player's action that is starting a game began (performance.now()), and when its bytes were read. */
  private startingAt: number | undefined;
  private bytesAt: number | undefined;
  /** The start being timed: performance.now() at its beginning (status.startup counts from it). */
  private startAt = 0;
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
  /** The last frame received, and its hash once status.lastHash was read. */
  private lastList: ArrayBuffer | null = null;
  private lastListHash: string | undefined;
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
    libraryButton: $('library-button') as HTMLButtonElement,
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
  /** Writes of saves asked for and not yet done (the page knows no save for sure meanwhile). */
  private savesPending = 0;
  private readonly pointer: PointerCapture;
  private readonly gamepads: GamepadPoller;
  /** The library page (absent in the single-file player), and what it needs. */
  private readonly page: LibraryPage | undefined;
  private readonly bundledBytes = new Map<string, Promise<ArrayBuffer>>();
  private readonly thumbnailUrls = new Map<string, string>();
  /** The running game's file hash and card, and whether a thumbnail is to be taken from it as it plays. */
  private currentHash: string | undefined;
  private currentCard: string | undefined;
  private captureThumbnail = false;
  /**
   * A thumbnail being made headless through the game channel while the
   * library shows; or (`warm`) the focused card's game run the same way once
   * the thumbnails are done, so that the worker keeps it compiled and
   * translated (src/host/module-cache.ts) and it starts at once when picked.
   */
  private job: { key: string; hash: string; timer: ReturnType<typeof setTimeout>; meta?: GameMeta; profile?: ProfileName; warm?: boolean } | undefined;
  /** The games (by hash) warmed in the current worker: each once (a new worker forgets them). */
  private readonly warmed = new Set<string>();
  /**
   * The number of the last load sent to the worker (a game's or a
   * thumbnail's): its messages carry it, and those of any earlier load are
   * dropped, so the worker that made the thumbnails, already warm, runs the
   * game the player picks.
   */
  private epoch = 0;
  /** A thumbnail failed, timed out or crashed its worker: replace the worker before it is used again. */
  private channelSuspect = false;
  /** Whether showing the library paused the game (going back resumes it). */
  private pausedForLibrary = false;
  private cardsBuilt: Promise<void> = Promise.resolve();
  /** Gamepad navigation (library, pause and stop screens): pads read only while no game takes them. */
  private readonly navPoller: GamepadPoller;
  private navArmed = false;
  private readonly navPads = new Map<number, { pressed: Set<number>; axes: number[]; held?: { action: 'up' | 'down' | 'left' | 'right'; next: number } }>();
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
      profile: null,
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
      polls: 0,
      startup: null,
      workerResets: 0,
      warmed: [],
    };
    // (worked out when read: the worker no longer hashes every frame for tests and DevTools)
    Object.defineProperty(this.status, 'lastHash', {
      enumerable: true,
      get: () => (this.lastList ? (this.lastListHash ??= hashDrawList(this.lastList)) : ''),
    });
    (window as unknown as { __arcade: ArcadeStatus }).__arcade = this.status;
    // For tests and DevTools: talk to the worker behind the UI's back (e.g. silence it to try the watchdog).
    (window as unknown as { __arcadeDebug: unknown }).__arcadeDebug = { post: (message: ToWorker) => channel.post(message) };

    const sendInput = (event: DeviceInput) => {
      // the pad's Home button belongs to the app: it opens the library (the game waits)
      if (this.page && event.kind === 'gamepad-button' && event.button === 16) {
        if (event.value > 0) this.showLibrary();
        return;
      }
      if (this.state === 'running') this.channel.post({ type: 'input', event });
    };
    this.pointer = new PointerCapture(this.ui.stage, view, sendInput, () => this.state === 'running');
    this.gamepads = new GamepadPoller(sendInput);
    this.navPoller = new GamepadPoller((event) => this.padNav(event));
    this.page = options.library
      ? new LibraryPage(this.ui.stage, {
          play: (key) => this.playCard(key),
          remove: (key) => void this.removeCard(key),
          open: () => this.ui.fileInput.click(),
          back: () => this.backToGame(),
        })
      : undefined;
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
    if (gameId === undefined && this.page) {
      this.showLibrary();
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
   * The URL is kept: Restart fetches `?src=`'s again, so a rebuilt file is picked up.
   * `known`: the file's bytes as the page already fetched them (a library
   * card's), used instead of fetching again when they came.
   */
  async loadUrl(game: BundledGame, options: { keepSeed?: boolean; known?: Promise<ArrayBuffer> } = {}): Promise<void> {
    if (game.id) localStorage.setItem('arcade.game', game.id);
    this.startingAt = performance.now();
    this.cancelJob();
    this.hideLibrary();
    this.gameLabel = game.name;
    this.setState('loading');
    this.showOverlay({ kind: '', title: `Loading ${game.name}…`, message: '', actions: 'none' });
    try {
      let bytes = await options.known?.catch(() => undefined);
      let type = 'as fetched for the library';
      if (!bytes) {
        const response = await fetch(game.url, { cache: 'no-store' });
        if (!response.ok) throw new Error(`HTTP ${response.status}${response.status === 404 ? ' (the file is gone: deleted or renamed?)' : ''}`);
        bytes = await response.arrayBuffer();
        type = response.headers.get('content-type') ?? 'no content type';
      }
      this.bytesAt = performance.now();
      const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
      if (head.length < 4 || head[0] !== 0 || head[1] !== 0x61 || head[2] !== 0x73 || head[3] !== 0x6d)
        throw new Error(`${game.url} is not a .wasm file (${type}): deleted or renamed?`);
      this.nextSeed = options.keepSeed ? this.lastSeed : undefined;
      this.load(bytes, game.name, game.id ? undefined : `${game.name}.wasm`);
      this.sourceUrl = game;
      if (game.id) {
        this.currentCard = `bundled:${game.id}`;
        document.body.dataset['bundled'] = game.id;
      }
    } catch (error) {
      this.startingAt = this.bytesAt = undefined;
      this.stopped({ kind: 'load', message: `Could not read ${game.name}: ${(error as Error).message}` });
    }
  }

  private async loadFile(file: File): Promise<void> {
    this.startingAt = performance.now();
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
      this.bytesAt = performance.now();
    } catch (error) {
      this.startingAt = this.bytesAt = undefined;
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
    this.cancelJob();
    this.pausedForLibrary = false;
    this.currentCard = undefined;
    this.captureThumbnail = false;
    this.sourceUrl = undefined;
    this.wasm = wasm;
    this.gameLabel = label;
    this.fileName = fileName;
    this.status.meta = null;
    this.send();
    // the page's part after the worker has the game
    this.currentHash = hashBytes(new Uint8Array(wasm));
    this.hideLibrary();
    delete document.body.dataset['bundled'];
    this.ui.title.textContent = label;
    document.title = `${label} — Wasm Arcade`;
  }

  private send(): void {
    if (!this.wasm) return;
    this.cancelJob();
    this.resetIfSuspect();
    this.releaseKeys();
    // The worker starts every load unpaused.
    this.workerPaused = false;
    this.pendingList = null;
    this.status.frame = 0;
    this.status.framesApplied = 0;
    this.status.framesReceived = 0;
    this.lastList = null;
    this.lastListHash = undefined;
    this.status.stop = null;
    this.status.engine = null;
    this.status.loads++;
    // timed from the click that fetched the bytes, or from here (a restart, bytes given)
    this.startAt = this.startingAt ?? performance.now();
    const bytesAt = this.bytesAt;
    this.startingAt = this.bytesAt = undefined;
    this.status.startup = { bytes: bytesAt === undefined ? null : bytesAt - this.startAt, posted: null, loaded: null, firstPicture: null, create: null, kept: null, saveKnown: null };
    const copy = this.wasm.slice(0);
    const engine = (this.ui.engineSelect.value || this.options.engine || undefined) as EngineName | undefined;
    const seed = this.nextSeed ?? this.options.seed ?? randomSeed();
    this.nextSeed = undefined;
    this.lastSeed = seed;
    this.status.seed = seed;
    this.logQueue.push({ frame: 0, message: `── ${this.gameLabel} · seed ${seed} ──` });
    const loads = this.status.loads;
    const epoch = ++this.epoch;
    const key = (this.saveKeyOf = this.saveKeyFor(copy));
    const options = { ...(engine ? { engine } : {}), ...(this.fileName ? { fileName: this.fileName } : {}) };
    // A save the page knows goes with the game; otherwise it is looked up
    // (IndexedDB, or the desktop's main process) while the worker compiles the game.
    const known = this.knownSave(key);
    const saved = known ? undefined : this.savedData(key!);
    this.status.startup.saveKnown = known !== undefined;
    this.stamp('posted');
    if (known) {
      const { save } = known;
      this.channel.post({ type: 'load', wasm: copy, seed, ackFrames: true, epoch, ...(save ? { save } : {}), ...options }, save ? [copy, save] : [copy]);
    } else {
      this.channel.post({ type: 'load', wasm: copy, seed, ackFrames: true, epoch, saveFollows: true, ...options }, [copy]);
    }
    // (the page's own work after the post: the worker starts meanwhile)
    this.view.blank();
    this.setState('loading');
    this.showOverlay({ kind: '', title: `Loading ${this.gameLabel}…`, message: '', actions: 'none' });
    void saved?.then((save) => {
      if (loads !== this.status.loads) return; // another load started meanwhile
      this.channel.post({ type: 'save', epoch, ...(save ? { save } : {}) }, save ? [save] : []);
    });
  }

  /**
   * Where the save of the game in `wasm` is kept (saves.ts): an ABI v2 game's
   * declared id, the file for a game written for another host; undefined for
   * a game that keeps none (or whose metadata the worker will report as bad).
   */
  private saveKeyFor(wasm: ArrayBuffer): string | undefined {
    try {
      const sections = metaSectionsOf(new Uint8Array(wasm));
      // A game written for another host (a WASM-4 cart's disk, the 2018
      // demo's best score) declares no id: its save belongs to the file.
      if (sections.length === 0) return `file:${hashBytes(new Uint8Array(wasm))}`;
      if (sections.length !== 1) return undefined;
      const meta = parseMeta(sections[0]);
      return meta.abi < 2 ? undefined : saveKey(meta);
    } catch {
      return undefined; // the worker reports what is wrong with the game
    }
  }

  /**
   * The stored save under `key` (the session starts with it), after the last
   * write is committed. A corrupt or oversized one is logged and not used.
   */
  private async savedData(key: string): Promise<ArrayBuffer | undefined> {
    await this.saving.catch(() => {});
    const loaded = await this.saves.load(key);
    if (loaded.problem) this.logQueue.push({ frame: 0, message: loaded.problem });
    return loaded.data ? (loaded.data.slice().buffer as ArrayBuffer) : undefined;
  }

  /**
   * The save under `key` when the page knows it now (saves.ts peek: read for
   * the library's card, or written by this page, and no write of it pending);
   * undefined when it must be read.
   */
  private knownSave(key: string | undefined): { save: ArrayBuffer | undefined } | undefined {
    if (key === undefined) return { save: undefined };
    if (this.savesPending > 0) return undefined;
    const known = this.saves.peek(key);
    return known && { save: known.data ? (known.data.buffer as ArrayBuffer) : undefined };
  }

  /** Reads the save of the library's game in `wasm` ahead of a click on it (knownSave). */
  private readSaveAhead(wasm: ArrayBuffer): void {
    const key = this.saveKeyFor(wasm);
    if (key !== undefined && this.savesPending === 0 && !this.saves.peek(key)) void this.saves.load(key);
  }

  private storeSave(bytes: Uint8Array): void {
    const key = this.saveKeyOf;
    if (!key) return;
    const data = bytes.slice();
    this.savesPending++;
    this.saving = this.saving
      .catch(() => {})
      .then(() => this.saves.store(key, data))
      .catch((error: unknown) => {
        this.logQueue.push({ frame: this.status.frame, message: `could not store the save: ${error instanceof Error ? error.message : String(error)}` });
      })
      .finally(() => this.savesPending--);
  }

  /** Starts the current game again from its first frame with a new seed. */
  restart(): void {
    if (!this.wasm) return;
    if (this.state === 'stopped' && this.status.stop?.kind === 'crash') this.resetChannel();
    // a file from a URL (`arcade play`'s) is fetched again: a rebuild is picked up; a bundled game
    // does not change, and the worker finds its compiled module by these bytes (src/host/module-cache.ts)
    if (this.sourceUrl && !this.sourceUrl.id) void this.loadUrl(this.sourceUrl);
    else this.send(); // (which also marks the worker unpaused)
  }

  // --- the library ---

  /** Shows the library; a running game waits behind it, paused. */
  showLibrary(): void {
    const page = this.page;
    if (!page) return;
    if (this.state === 'running') {
      this.togglePause();
      this.pausedForLibrary = true;
    }
    const background = this.state === 'paused' || this.state === 'stopped';
    const last = localStorage.getItem('arcade.card');
    if (!page.visible && last) page.select(last);
    page.show(background ? (this.ui.title.querySelector('strong')?.textContent ?? this.gameLabel) : undefined);
    // thumbnails are made only while no game waits behind the library: say so rather than pulse for ever
    page.root.classList.toggle('previews-waiting', background);
    document.body.classList.add('in-library');
    document.title = 'Wasm Arcade';
    this.navArmed = false;
    this.navPoller.reset();
    this.cardsBuilt = this.buildCards().then(() => this.nextPreview());
  }

  private hideLibrary(): void {
    if (!this.page?.visible) return;
    this.page.hide();
    document.body.classList.remove('in-library');
    if (this.status.meta) document.title = `${this.ui.title.querySelector('strong')?.textContent ?? this.gameLabel} — Wasm Arcade`;
  }

  /** Esc or B in the library: back to the game behind it (resumed if the library paused it). */
  private backToGame(): void {
    if (!this.page?.visible || (this.state !== 'paused' && this.state !== 'stopped')) return;
    this.hideLibrary();
    if (this.pausedForLibrary && this.state === 'paused') this.togglePause();
    this.pausedForLibrary = false;
    this.focusGame();
  }

  private playCard(key: string): void {
    if (key.startsWith('bundled:')) {
      const game = this.games.find((g) => `bundled:${g.id}` === key);
      // the bytes the card was made from, when they came: no second fetch between the click and the game
      if (game) void this.loadUrl(game, { known: this.bundledBytes.get(game.id) });
      return;
    }
    const entry = this.libraryEntries.find((e) => `yours:${e.id}` === key);
    if (entry) this.load(entry.bytes.slice(0), prettyName(entry.fileName), entry.fileName);
  }

  private async removeCard(key: string): Promise<void> {
    const entry = this.libraryEntries.find((e) => `yours:${e.id}` === key);
    if (!entry || !this.options.library) return;
    await this.options.library.forget(entry.id);
    await this.buildCards();
  }

  private bundled(game: BundledGame): Promise<ArrayBuffer> {
    let bytes = this.bundledBytes.get(game.id);
    if (!bytes) {
      bytes = fetch(game.url).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.arrayBuffer();
      });
      this.bundledBytes.set(game.id, bytes);
      bytes.catch(() => this.bundledBytes.delete(game.id));
    }
    return bytes;
  }

  /** Every card: the bundled games, then yours (newest first), with what is known of each. */
  private async buildCards(): Promise<void> {
    const page = this.page;
    const library = this.options.library;
    if (!page || !library) return;
    this.libraryEntries = await library.list();
    const cards = await Promise.all([
      ...this.games.map(async (game) => {
        try {
          return await this.cardFor(`bundled:${game.id}`, 'bundled', await this.bundled(game), game.name);
        } catch (error) {
          return { key: `bundled:${game.id}`, section: 'bundled', title: game.name, thumbnail: 'none', problem: `could not read it: ${(error as Error).message}` } satisfies CardInfo;
        }
      }),
      ...this.libraryEntries.map((e) => this.cardFor(`yours:${e.id}`, 'yours', e.bytes, e.fileName)),
    ]);
    page.setCards(cards);
  }

  private async cardFor(key: string, section: CardInfo['section'], bytes: ArrayBuffer, name: string): Promise<CardInfo> {
    const hash = hashBytes(new Uint8Array(bytes));
    const preview = await this.options.library?.preview(hash);
    let meta: GameMeta | undefined;
    try {
      const sections = metaSectionsOf(new Uint8Array(bytes));
      if (sections.length === 1) meta = parseMeta(sections[0]);
    } catch {
      // the game host says what is wrong when it is played
    }
    const profile = preview?.profile ?? (meta ? 'native' : undefined);
    const native = profile === 'native' || (profile === undefined && meta !== undefined);
    const thumbnail = preview?.thumbnail ? this.thumbnailUrl(hash, preview.thumbnail) : preview ? 'none' : 'pending';
    return {
      key,
      section,
      title: native && meta ? meta.title : prettyName(name),
      ...(native && meta?.author ? { author: meta.author } : {}),
      ...(native && meta?.description ? { description: meta.description } : {}),
      ...(profile ? { profile: profileLabel(profile, meta ?? preview?.meta) } : {}),
      ...(await this.bestOf(profile, meta, hash).then((best) => (best !== undefined ? { best } : {}))),
      thumbnail,
      ...(preview?.problem ? { problem: `No picture: ${preview.problem}` } : {}),
    };
  }

  private thumbnailUrl(hash: string, png: Blob): string {
    let url = this.thumbnailUrls.get(hash);
    if (!url) {
      url = URL.createObjectURL(png);
      this.thumbnailUrls.set(hash, url);
    }
    return url;
  }

  /**
   * The best score a game's save holds, where the game keeps it: an ABI v2
   * game's `score` metadata, the 2018 demo's saved best f64. Undefined when
   * unknown (or never scored).
   */
  private async bestOf(profile: ProfileName | undefined, meta: GameMeta | undefined, hash: string): Promise<number | undefined> {
    let field: ScoreField | undefined;
    let key: string | undefined;
    if (profile !== 'demo-2018' && meta && meta.abi >= 2 && meta.score) {
      field = meta.score;
      key = saveKey(meta);
    } else if (profile === 'demo-2018') {
      field = { type: 'f64le', offset: 0 };
      key = `file:${hash}`;
    }
    if (!field || !key) return undefined;
    await this.saving.catch(() => {});
    const best = bestScore(field, (await this.saves.load(key)).data);
    return best !== undefined && best !== 0 ? best : undefined;
  }

  /** When the running game has no thumbnail yet, take one from it as it plays. */
  private async wantThumbnail(hash: string | undefined): Promise<void> {
    if (!hash || !this.options.library) return;
    const preview = await this.options.library.preview(hash);
    if (!preview?.thumbnail && hash === this.currentHash) this.captureThumbnail = true;
  }

  /** Takes the view's picture of the game now and keeps it as the game's thumbnail. */
  private async storeThumbnail(hash: string, profile: ProfileName, meta: GameMeta, problem?: string): Promise<string | undefined> {
    const library = this.options.library;
    if (!library) return undefined;
    let png: Blob | undefined;
    if (!problem) {
      const { width } = this.view.logicalSize;
      const scale = width <= THUMBNAIL_WIDTH ? Math.floor(THUMBNAIL_WIDTH / width) : THUMBNAIL_WIDTH / width;
      const canvas = this.view.snapshot(scale);
      png = (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))) ?? undefined;
    }
    await library.storePreview({ hash, profile, meta, ...(png ? { thumbnail: png } : {}), ...(problem ? { problem } : { ...(png ? {} : { problem: 'the picture could not be encoded' }) }) });
    return png ? this.thumbnailUrl(hash, png) : undefined;
  }

  // --- thumbnails made headless ---

  /**
   * While the library shows and no game waits behind it, the game channel
   * makes the missing thumbnails one by one: the game runs fast-forward with
   * a fixed seed and no input or save, its events (images) are applied but
   * not its sound or saves, and frame PREVIEW_FRAME is drawn and kept.
   */
  private async nextPreview(): Promise<void> {
    const page = this.page;
    if (!page?.visible || this.job || this.state !== 'idle') return;
    const pending = page.pendingKey();
    // the thumbnails first; then the game the player is most likely to pick, the focused one
    const key = pending ?? page.selected;
    if (!key) return;
    let bytes: ArrayBuffer | undefined;
    const game = this.games.find((g) => `bundled:${g.id}` === key);
    if (game) bytes = await this.bundled(game).catch(() => undefined);
    else bytes = this.libraryEntries.find((e) => `yours:${e.id}` === key)?.bytes;
    if (!bytes || this.job || this.state !== 'idle' || !page.visible) return;
    this.resetIfSuspect();
    // (so that a click on it starts the game with its save at once: knownSave)
    this.readSaveAhead(bytes);
    const hash = hashBytes(new Uint8Array(bytes));
    const warm = pending === undefined;
    if (warm && this.warmed.has(hash)) return;
    const job = { key, hash, warm, timer: setTimeout(() => this.endJob(job, undefined, 'it took too long to start', false), PREVIEW_TIMEOUT_MS) } as NonNullable<ArcadeApp['job']>;
    this.job = job;
    const copy = bytes.slice(0);
    this.channel.post({ type: 'load', wasm: copy, seed: 1, epoch: ++this.epoch }, [copy]);
    this.channel.post({ type: 'speed', factor: 16 });
  }

  private jobMessage(job: NonNullable<ArcadeApp['job']>, message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        job.meta = message.meta;
        job.profile = message.profile ?? 'native';
        this.view.setScreen(message.meta.width, message.meta.height);
        this.view.startGame(message.meta);
        break;
      case 'frame':
        if (!job.meta) return;
        if (job.warm) {
          if (message.frame >= PREVIEW_FRAME) this.endJob(job, job.meta, undefined, true);
          return;
        }
        try {
          if (hasEvents(message.drawList)) visitDrawList(message.drawList, this.imageEvents);
          if (message.frame < PREVIEW_FRAME) return;
          this.view.apply(message.drawList);
        } catch (error) {
          this.endJob(job, job.meta, `frame ${message.frame} could not be drawn: ${(error as Error).message}`, true);
          return;
        }
        this.endJob(job, job.meta, undefined, true);
        break;
      case 'stopped':
        this.endJob(job, job.meta, `it stopped (${message.info.kind}${message.info.frame !== undefined ? ` in frame ${message.info.frame}` : ''}): ${message.info.message}`, true);
        break;
      default:
        break;
    }
  }

  /** Applies only a frame's images (a thumbnail's frames make no sound and no save). */
  private get imageEvents(): DrawListVisitor {
    const noop = () => {};
    return { ...this.events, tone: noop, note: noop, soundCreate: noop, soundPlay: noop, soundStop: noop, save: noop };
  }

  /** A thumbnail is done (or failed: `problem`; kept unless `keep` is false, so a passing failure is tried again). */
  private endJob(job: NonNullable<ArcadeApp['job']>, meta: GameMeta | undefined, problem: string | undefined, keep: boolean): void {
    if (this.job !== job) return;
    clearTimeout(job.timer);
    this.job = undefined;
    this.channel.post({ type: 'pause' });
    // a game that failed, hung or crashed its worker: the next user gets a fresh worker
    if (!keep) this.channelSuspect = true;
    if (job.warm) {
      // (warmed or not, once: a game that does not start is not tried again in this worker)
      this.warmed.add(job.hash);
      if (keep && meta && !problem) this.status.warmed.push(job.key);
      return;
    }
    const done = (thumbnail: string | undefined) => {
      this.page?.update(job.key, {
        thumbnail: thumbnail ?? 'none',
        ...(job.profile ? { profile: profileLabel(job.profile, meta) } : {}),
        ...(problem ? { problem: `No picture: ${problem}` } : {}),
      });
      setTimeout(() => void this.nextPreview(), 30);
    };
    if (!keep || !meta) {
      this.page?.update(job.key, { thumbnail: 'none', problem: `No picture: ${problem ?? 'it did not start'}` });
      return;
    }
    void this.storeThumbnail(job.hash, job.profile ?? 'native', meta, problem).then(done, () => done(undefined));
  }

  /** Replaces the worker if a thumbnail left it in doubt (endJob). */
  private resetIfSuspect(): void {
    if (!this.channelSuspect) return;
    this.channelSuspect = false;
    this.resetChannel();
  }

  private resetChannel(): void {
    this.status.workerResets++;
    this.warmed.clear();
    this.status.warmed = [];
    this.channel.reset();
  }

  /**
   * A game is to run: a thumbnail in the making is dropped. Its messages
   * still in flight carry the old epoch and are dropped; the worker itself
   * is kept (a new load replaces its session), warm from the thumbnails.
   */
  private cancelJob(): void {
    if (!this.job) return;
    clearTimeout(this.job.timer);
    if (!this.job.warm) this.page?.update(this.job.key, { thumbnail: 'pending' });
    this.job = undefined;
  }

  // --- gamepad navigation ---

  /** Reads the pads for the library and the pause/stop screens (not while a game takes them). */
  private pollNavigation(): void {
    this.navPoller.poll();
    // the first read after a switch only learns what is held (a B still held from the pause screen is no "back")
    this.navArmed = true;
    const now = performance.now();
    for (const pad of this.navPads.values()) {
      if (pad.held && now >= pad.held.next) {
        pad.held.next = now + PAD_REPEAT_MS;
        this.navAction(pad.held.action);
      }
    }
  }

  private padNav(event: DeviceInput): void {
    if (event.kind !== 'gamepad-button' && event.kind !== 'gamepad-axis' && event.kind !== 'gamepad-connected') return;
    let pad = this.navPads.get(event.pad);
    if (!pad) this.navPads.set(event.pad, (pad = { pressed: new Set(), axes: [0, 0] }));
    if (event.kind === 'gamepad-connected') {
      if (!event.connected) this.navPads.delete(event.pad);
      return;
    }
    const directions = { 12: 'up', 13: 'down', 14: 'left', 15: 'right' } as const;
    let action: 'up' | 'down' | 'left' | 'right' | 'a' | 'b' | undefined;
    let released = false;
    if (event.kind === 'gamepad-button') {
      const down = event.value >= 0.5;
      if (down === pad.pressed.has(event.button)) return;
      if (down) pad.pressed.add(event.button);
      else pad.pressed.delete(event.button);
      const dir = directions[event.button as keyof typeof directions];
      if (dir) {
        if (down) action = dir;
        else released = pad.held?.action === dir;
      } else if (down && (event.button === 0 || event.button === 9)) action = 'a';
      else if (down && event.button === 1) action = 'b';
    } else if (event.axis < 2) {
      const before = pad.axes[event.axis];
      pad.axes[event.axis] = event.value;
      const side = (v: number) => (v <= -0.5 ? -1 : v >= 0.5 ? 1 : 0);
      if (side(before) === side(event.value)) return;
      const dir = (v: number) => (event.axis === 0 ? (v < 0 ? 'left' : 'right') : v < 0 ? 'up' : 'down');
      if (side(event.value) !== 0) action = dir(event.value);
      else released = pad.held?.action === dir(before);
    }
    if (released) pad.held = undefined;
    if (!action || !this.navArmed) return;
    if (action !== 'a' && action !== 'b') pad.held = { action, next: performance.now() + PAD_REPEAT_DELAY_MS };
    this.navAction(action);
  }

  private navAction(action: 'up' | 'down' | 'left' | 'right' | 'a' | 'b'): void {
    if (this.page?.visible) return this.page.pad(action);
    if (action === 'b') this.showLibrary();
    else if (action === 'a' && this.state === 'paused') this.togglePause();
    else if (action === 'a' && this.state === 'stopped' && this.status.stop && canRestart(this.status.stop)) this.restart();
  }

  // --- messages from the worker ---

  private onMessage(message: FromWorker): void {
    // a message of a load since replaced (a thumbnail's, a game the player left)
    if (message.epoch !== undefined && message.epoch !== this.epoch) return;
    if (this.job) return this.jobMessage(this.job, message);
    this.lastMessageAt = performance.now();
    switch (message.type) {
      case 'loaded':
        this.stamp('loaded');
        if (this.status.startup && message.createMs !== undefined) this.status.startup.create = message.createMs;
        if (this.status.startup && message.kept !== undefined) this.status.startup.kept = message.kept;
        this.status.meta = message.meta;
        this.status.profile = message.profile ?? 'native';
        this.status.engine = message.engine;
        this.view.setScreen(message.meta.width, message.meta.height);
        this.view.startGame(message.meta);
        this.pointer.setScreen(message.meta.width, message.meta.height);
        this.audio.reset();
        this.gamepads.reset();
        // a game for another host has a generic title ("WASM-4 cart"): its file's name says more
        this.ui.title.replaceChildren(Object.assign(document.createElement('strong'), { textContent: this.status.profile === 'native' ? message.meta.title : prettyName(this.gameLabel) }));
        void this.wantThumbnail(this.currentHash);
        if (message.meta.author) {
          this.ui.title.append(Object.assign(document.createElement('span'), { className: 'game-author', textContent: ` by ${message.meta.author}` }));
        }
        if (message.meta.description) {
          this.ui.title.append(Object.assign(document.createElement('span'), { className: 'game-description', textContent: ` — ${message.meta.description}` }));
        }
        this.ui.title.title = [message.meta.title, message.meta.author && `by ${message.meta.author}`, message.meta.description].filter(Boolean).join(' — ');
        if (this.fileName && this.wasm && this.options.library) {
          const library = this.options.library;
          void library.remember(this.fileName, message.meta, this.wasm).then((entry) => {
            if (!entry) return;
            this.currentCard = `yours:${entry.id}`;
            localStorage.setItem('arcade.card', this.currentCard);
          });
        }
        if (this.currentCard) localStorage.setItem('arcade.card', this.currentCard);
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
        if (this.state !== 'running' && this.state !== 'paused') return this.channel.post({ type: 'drawn', epoch: this.epoch });
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
        this.lastList = message.drawList;
        this.lastListHash = undefined;
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

  /** Records when a step of the current start was reached (the first time only). */
  private stamp(step: 'posted' | 'loaded' | 'firstPicture'): void {
    const s = this.status.startup;
    if (s && s[step] === null) s[step] = performance.now() - this.startAt;
  }

  /** Once per display refresh: draw the newest frame (older ones are skipped) and update the status line. */
  private tick(): void {
    if (this.state === 'running' && !this.page?.visible) this.gamepads.poll();
    else if (this.page) this.pollNavigation();
    this.status.polls++;
    const pending = this.pendingList;
    if (pending) {
      this.pendingList = null;
      try {
        this.view.apply(pending);
        if (this.status.framesApplied === 0) this.stamp('firstPicture');
        this.status.framesApplied++;
        this.status.dropped = { ...this.view.dropped };
        this.fpsWindowFrames++; // fps = frames actually shown, so a slow display shows up here
        if (this.captureThumbnail && this.pendingFrame >= PREVIEW_FRAME && this.currentHash && this.status.meta) {
          this.captureThumbnail = false;
          void this.storeThumbnail(this.currentHash, this.status.profile ?? 'native', this.status.meta);
        }
      } catch (error) {
        this.stopped({ kind: 'crash', message: `Could not draw frame ${this.pendingFrame}: ${(error as Error).message}`, frame: this.pendingFrame });
      }
      // Ready for the next frame (the worker sends none before this): its silence counts from here.
      this.channel.post({ type: 'drawn', epoch: this.epoch });
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
    if (this.job) {
      this.endJob(this.job, undefined, `its worker failed: ${message}`, false);
      return;
    }
    if (this.state === 'idle') return;
    this.workerPaused = false;
    this.stopped(
      { kind: 'crash', message, ...(this.status.frame > 0 ? { frame: this.status.frame } : {}) },
      stuck ? STOP_TITLES.crash : `The game's ${this.channel.where} crashed`,
    );
    // A stuck worker cannot be told to stop: replace it, so Restart starts from a clean one.
    if (stuck) this.resetChannel();
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
      this.showOverlay({ kind: '', title: 'Paused', message: '', actions: 'none', hint: this.page ? 'Press P to resume, Esc for the library.' : 'Press P or Esc to resume.' });
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
    this.ui.libraryButton.disabled = !this.page;
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
    u.libraryButton.hidden = !this.page;
    u.libraryButton.addEventListener('click', () => this.showLibrary());
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
      if (this.page?.visible) {
        if (event.code === 'F11' && !event.repeat) {
          event.preventDefault();
          this.toggleFullscreen();
        } else if (!event.ctrlKey && !event.altKey && this.page.key(event)) event.preventDefault();
        return;
      }
      // Esc: the library (the game waits, paused); without a library it pauses like P
      if (event.code === 'Escape' && this.page) {
        if (this.state === 'running' || this.state === 'paused' || this.state === 'stopped') {
          event.preventDefault();
          if (!event.repeat) this.showLibrary();
        }
        return;
      }
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
