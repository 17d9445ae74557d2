// The renderer's controller: UI chrome (game picker, status line, overlays),
// keyboard, the renderer-side watchdog, and the glue between the GameChannel
// and the GameView. It knows nothing about Electron or Web Workers.
import type { GameMeta } from '../host/abi';
import type { EngineName, FromWorker, StopInfo, StopKind, ToWorker } from '../host/protocol';
import type { GameChannel } from './channel';
import type { GameView } from './game-view';
import { HeldKeys, PAUSE_KEYS, RESTART_KEY, gameKeyCode } from './keys';

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
/** A check this much later than due means the page itself was stuck (a huge frame): that time is not the worker's silence. */
const PAGE_STALL_MS = 1000;

const STOP_TITLES: Record<StopKind, string> = {
  trap: 'The game trapped',
  contract: 'The game broke the host ABI',
  watchdog: 'A frame took too long',
  limit: 'The game went over a resource limit',
  load: 'Could not load this game',
  crash: 'The game stopped answering',
};

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
  stop: StopInfo | null;
  renderer: string;
  font: { advance: number; lineBox: number };
  where: string;
  screen: { x: number; y: number; width: number; height: number };
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

  constructor(
    private readonly channel: GameChannel,
    private readonly view: GameView,
    private readonly games: readonly BundledGame[],
    private readonly options: { seed?: number; engine?: EngineName } = {},
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
      stop: null,
      renderer: view.rendererName,
      font: view.fontMetrics,
      where: channel.where,
      screen: view.screen,
      logs: [],
      dropped: { shapes: 0, glyphs: 0 },
    };
    (window as unknown as { __arcade: ArcadeStatus }).__arcade = this.status;
    // For tests and DevTools: talk to the worker behind the UI's back (e.g. silence it to try the watchdog).
    (window as unknown as { __arcadeDebug: unknown }).__arcadeDebug = { post: (message: ToWorker) => channel.post(message) };

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

  private async loadUrl(game: BundledGame): Promise<void> {
    this.ui.gameSelect.value = game.id;
    localStorage.setItem('arcade.game', game.id);
    this.gameLabel = game.name;
    this.setState('loading');
    this.showOverlay({ kind: '', title: `Loading ${game.name}…`, message: '', actions: 'none' });
    try {
      const response = await fetch(game.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.load(await response.arrayBuffer(), game.name, undefined);
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

  /** Sends a game's bytes to the worker with a fresh seed. */
  private load(wasm: ArrayBuffer, label: string, fileName: string | undefined): void {
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
    const seed = this.options.seed ?? randomSeed();
    this.logQueue.push({ frame: 0, message: `── ${this.gameLabel} · seed ${seed} ──` });
    this.channel.post(
      { type: 'load', wasm: copy, seed, ackFrames: true, ...(engine ? { engine } : {}), ...(this.fileName ? { fileName: this.fileName } : {}) },
      [copy],
    );
  }

  /** Starts the current game again from its first frame with a new seed. */
  restart(): void {
    if (!this.wasm) return;
    if (this.state === 'stopped' && this.status.stop?.kind === 'crash') this.channel.reset();
    this.send(); // (which also marks the worker unpaused)
  }

  // --- messages from the worker ---

  private onMessage(message: FromWorker): void {
    this.lastMessageAt = performance.now();
    switch (message.type) {
      case 'loaded':
        this.status.meta = message.meta;
        this.status.engine = message.engine;
        this.view.setScreen(message.meta.width, message.meta.height);
        this.ui.title.replaceChildren(Object.assign(document.createElement('strong'), { textContent: message.meta.title }));
        if (message.meta.author) {
          this.ui.title.append(Object.assign(document.createElement('span'), { className: 'game-author', textContent: ` by ${message.meta.author}` }));
        }
        document.title = `${message.meta.title} — Wasm Arcade`;
        this.hideOverlay();
        this.setState('running');
        this.focusGame();
        break;
      case 'frame':
        // Frames of the previous game may still arrive after a load was sent (acknowledged, never drawn).
        if (this.state !== 'running' && this.state !== 'paused') return this.channel.post({ type: 'drawn' });
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
    }
  }

  /** Once per display refresh: draw the newest frame (older ones are skipped) and update the status line. */
  private tick(): void {
    const pending = this.pendingList;
    if (pending) {
      this.pendingList = null;
      try {
        this.view.apply(pending);
        this.status.framesApplied++;
        this.status.dropped = this.view.dropped;
        // Ready for the next frame (the worker sends none before this): silence counts from here.
        this.channel.post({ type: 'drawn' });
        this.lastMessageAt = performance.now();
        this.fpsWindowFrames++; // fps = frames actually shown, so a slow display shows up here
      } catch (error) {
        this.stopped({ kind: 'crash', message: `Could not draw frame ${this.pendingFrame}: ${(error as Error).message}`, frame: this.pendingFrame });
      }
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

  private stopped(info: StopInfo, title = STOP_TITLES[info.kind]): void {
    this.releaseKeys();
    this.status.stop = info;
    this.setState('stopped');
    const stack = info.wasmStack && info.wasmStack.length > 0 ? info.wasmStack.join('\n') : '';
    this.showOverlay({
      kind: info.kind,
      badge: info.frame !== undefined ? `${info.kind} · frame ${info.frame}` : info.kind,
      tone: info.kind === 'load' || info.kind === 'contract' ? 'warn' : 'bad',
      title,
      message: info.message,
      stack,
      actions: info.kind === 'load' ? 'open' : 'restart',
      hint: info.kind === 'load' ? 'Open another .wasm file, drop one here, or pick a bundled game.' : 'Press R to restart with a new seed.',
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
    // Time the page itself was busy (drawing a huge frame, a slow layout) is not the worker's silence.
    const checkedAt = performance.now();
    const late = this.lastWatchdogCheck > 0 ? checkedAt - this.lastWatchdogCheck - WATCHDOG_CHECK_MS : 0;
    this.lastWatchdogCheck = checkedAt;
    if (late > PAGE_STALL_MS) this.lastMessageAt += late;
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
    this.ui.restartButton.disabled = this.wasm === null || state === 'loading';
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
    const dropped = shapes + glyphs > 0 ? ` · not drawn: ${shapes ? `${shapes} shapes` : ''}${shapes && glyphs ? ', ' : ''}${glyphs ? `${glyphs} characters` : ''}` : '';
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
      const game = this.games.find((g) => g.id === u.gameSelect.value);
      if (game) void this.loadUrl(game);
    });
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
      if (event.code === RESTART_KEY && this.state === 'stopped' && this.status.stop?.kind !== 'load') {
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
