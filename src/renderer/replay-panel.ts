// Record and replay in the app (issue #5, docs/recording.md). Self-contained:
// it wraps the GameChannel to see the worker's recording messages, adds a
// Record and a Replay button to the top bar, and a replay bar over the stage
// with a frame counter, progress, pause, single-step, speed and stop.
//
//   F9      start / stop recording (the game restarts with a new seed so the
//           recording replays from its first frame); stopping offers the file
//   F10     open a recording to replay
//   while replaying: Space-free controls on the bar; . single-steps when paused
//
// Recordings arrive one chunk per frame, so everything up to the last frame is
// here even if the game worker dies mid-recording; a RecordingJournal keeps
// them in IndexedDB too, for when the page itself dies.
import type { FromWorker, ToWorker } from '../host/protocol';
import type { GameChannel } from './channel';
import { RecordingJournal } from './recording-journal';

/** What the panel needs from the app. */
export interface AppControls {
  /** The app's state as shown in window.__arcade. */
  state(): string;
  togglePause(): void;
}

const SPEEDS = [1, 2, 4, 8, 16, 64];

const RECORD_KEY = 'F9';
const REPLAY_KEY = 'F10';
const STEP_KEY = 'Period';

const CSS = `
.rec-button.recording { background: #a02530; color: #fff; border-color: #d04050; }
.rec-button.recording::before { content: '● '; }
.replay-bar { position: absolute; left: 12px; right: 12px; bottom: 12px; z-index: 5; display: flex; gap: 8px; align-items: center;
  padding: 6px 10px; border-radius: 8px; background: rgba(10, 12, 20, 0.88); color: #e8ecf4; font: 12px/1.4 system-ui, sans-serif; }
.replay-bar[hidden] { display: none; }
.replay-bar .label { font-weight: 600; letter-spacing: 0.05em; }
.replay-bar .counter { font-variant-numeric: tabular-nums; min-width: 11em; }
.replay-bar .progress { position: relative; flex: 1; height: 6px; border-radius: 3px; background: #2a3142; overflow: hidden; cursor: default; }
.replay-bar .progress .done { position: absolute; left: 0; top: 0; bottom: 0; background: #58c050; }
.replay-bar .progress .mark { position: absolute; top: -2px; bottom: -2px; width: 2px; background: #ff5060; }
.replay-bar.diverged .progress .done { background: #e0a040; }
.replay-bar button { font: inherit; padding: 2px 8px; }
.replay-report { position: absolute; left: 12px; right: 12px; bottom: 52px; z-index: 5; max-height: 45%; overflow: auto; margin: 0;
  padding: 8px 10px; border-radius: 8px; background: rgba(40, 10, 14, 0.92); color: #ffd8dc; font: 12px/1.45 ui-monospace, monospace; white-space: pre-wrap; }
.replay-report.ok { background: rgba(10, 40, 16, 0.92); color: #d8ffd8; }
.replay-report[hidden] { display: none; }
.recover-button[hidden] { display: none; }
.recover-button { border-color: #e0a040; }
`;

export class ReplayPanel {
  /** Give this to the app instead of the raw channel. */
  readonly channel: GameChannel;
  private app: AppControls | undefined;
  private title = 'game';
  /** File name of a game opened from disk (undefined for bundled games). */
  private fileName: string | undefined;
  private loaded = false;
  private chunks: string[] = [];
  private recording = false;
  private recordFrames = 0;
  private replay: { total: number; frame: number; name: string; text: string; diverged?: number } | undefined;
  private speedIndex = 0;
  private readonly journal = new RecordingJournal(globalThis.indexedDB);
  private readonly el: {
    rec: HTMLButtonElement;
    open: HTMLButtonElement;
    recover: HTMLButtonElement;
    file: HTMLInputElement;
    bar: HTMLElement;
    counter: HTMLElement;
    done: HTMLElement;
    mark: HTMLElement;
    pause: HTMLButtonElement;
    step: HTMLButtonElement;
    speed: HTMLButtonElement;
    stop: HTMLButtonElement;
    report: HTMLElement;
  };

  constructor(private readonly inner: GameChannel) {
    let handler: (m: FromWorker) => void = () => {};
    inner.onMessage((m) => {
      this.onMessage(m);
      handler(m);
    });
    this.channel = {
      where: inner.where,
      post: (m: ToWorker, transfer?: ArrayBuffer[]) => {
        if (m.type === 'load') {
          this.fileName = m.fileName;
          this.onLoadSent();
        }
        inner.post(m, transfer);
      },
      onMessage: (h) => void (handler = h),
      onCrash: (h) => inner.onCrash((message) => {
        this.onCrash();
        h(message);
      }),
      reset: () => inner.reset(),
    };
    this.el = this.buildDom();
    void this.journal.recover().then((left) => {
      if (!left || this.recording) return;
      this.el.recover.hidden = false;
      this.el.recover.title = `A recording of ${left.title} was cut short when the app last closed; save what was recorded`;
    });
  }

  attach(app: AppControls): void {
    this.app = app;
  }

  /** For tests and developers: what the panel is doing. */
  get status(): { recording: boolean; recordFrames: number; replaying: boolean; replayFrame: number; replayTotal: number; diverged?: number } {
    return {
      recording: this.recording,
      recordFrames: this.recordFrames,
      replaying: this.replay !== undefined,
      replayFrame: this.replay?.frame ?? 0,
      replayTotal: this.replay?.total ?? 0,
      diverged: this.replay?.diverged,
    };
  }

  // --- actions ---

  toggleRecording(): void {
    if (this.recording) {
      this.inner.post({ type: 'record-stop' });
      return;
    }
    if (!this.loaded) return;
    this.stopReplay();
    this.resumeIfPaused();
    this.chunks = [];
    this.recordFrames = 0;
    // A bundled game's path in the repository, so the recording can go straight into test/replays/.
    const bundled = document.body.dataset['bundled'];
    const gamePath = bundled ? `games/${bundled}/${bundled}.wasm` : this.fileName;
    this.inner.post({ type: 'record-start', seed: crypto.getRandomValues(new Uint32Array(1))[0], ...(gamePath ? { gamePath } : {}) });
  }

  openRecording(): void {
    if (this.loaded) this.el.file.click();
  }

  startReplay(text: string, name: string, anyBuild = false): void {
    if (this.recording) this.inner.post({ type: 'record-stop' });
    this.resumeIfPaused();
    this.replay = { total: 0, frame: 0, name, text };
    this.inner.post({ type: 'replay', recording: text, name, ...(anyBuild ? { anyBuild } : {}) });
  }

  stopReplay(): void {
    if (!this.replay) return;
    this.inner.post({ type: 'replay-stop' });
  }

  private resumeIfPaused(): void {
    if (this.app?.state() === 'paused') this.app.togglePause();
  }

  // --- worker messages ---

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'loaded':
        this.title = m.meta.title;
        this.loaded = true;
        this.render();
        break;
      case 'frame':
        if (this.recording) this.recordFrames = m.frame;
        if (this.replay) this.replay.frame = m.frame;
        this.renderCounter();
        break;
      case 'record-started':
        this.recording = true;
        this.journal.start(this.title);
        this.render();
        break;
      case 'record-chunk':
        this.chunks.push(m.text);
        this.journal.append(m.text);
        break;
      case 'record-stopped':
        this.recording = false;
        this.recordFrames = m.frames;
        this.render();
        this.save();
        break;
      case 'replay-started':
        if (!this.replay) break;
        this.replay.total = m.total;
        this.el.report.hidden = m.notes.length === 0;
        this.el.report.className = 'replay-report ok';
        this.el.report.textContent = m.notes.map((n) => `note: ${n}`).join('\n');
        this.setSpeed(0);
        this.render();
        break;
      case 'replay-diverged':
        if (!this.replay) break;
        this.replay.diverged = m.frame;
        this.el.report.hidden = false;
        this.el.report.className = 'replay-report';
        this.el.report.textContent = m.report;
        this.render();
        // The worker stopped on this frame; keep the app's state in step (its watchdog expects frames while running).
        this.pauseForReplay();
        break;
      case 'replay-ended':
        if (!this.replay) break;
        this.replay.frame = m.frames;
        if (m.ok) {
          this.el.report.hidden = false;
          this.el.report.className = 'replay-report ok';
          this.el.report.textContent = m.complete ? `${m.report}\nReplay finished; resume to play on from here.` : m.report;
        } else if (this.replay.diverged === undefined) {
          // Ended by a stop that differs from the recording's (another stop, or one the recording does not have): no replay-diverged came first.
          this.el.report.hidden = false;
          this.el.report.className = 'replay-report';
          this.el.report.textContent = m.report;
        }
        this.replay = undefined;
        this.setSpeed(0);
        this.render();
        if (m.complete && this.app?.state() === 'running') this.app.togglePause();
        break;
      case 'replay-error': {
        const pending = this.replay;
        this.replay = undefined;
        this.render();
        if (pending && /another build/.test(m.message) && confirm(`${m.message}\n\nReplay anyway and compare behaviour?`)) {
          this.startReplay(pending.text, pending.name, true);
          return;
        }
        this.el.report.hidden = false;
        this.el.report.className = 'replay-report';
        this.el.report.textContent = m.message;
        break;
      }
      case 'stopped':
        // The game stopped: a recording keeps what it has (offered for saving); see record-stopped.
        break;
    }
  }

  /** The app loads a game (new game, restart, engine change): the worker ends any recording or replay itself. */
  private onLoadSent(): void {
    this.el.report.hidden = true;
  }

  /** The worker died: keep the chunks received so far (a truncated recording is still replayable with --partial). */
  private onCrash(): void {
    if (this.recording) {
      this.recording = false;
      this.save();
    }
    this.replay = undefined;
    this.render();
  }

  private save(): void {
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.download(text, this.title);
    this.journal.clear();
  }

  /** Saves what the journal kept of a recording the last run could not finish. */
  async recoverRecording(): Promise<void> {
    this.el.recover.hidden = true;
    const left = await this.journal.recover();
    if (!left) return;
    this.download(left.text, left.title);
    this.journal.clear();
  }

  private download(text: string, title: string): void {
    const name = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.rec`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    (window as unknown as { __arcadeLastRecording?: string }).__arcadeLastRecording = text;
  }

  private setSpeed(index: number): void {
    this.speedIndex = index;
    this.inner.post({ type: 'speed', factor: SPEEDS[index] });
    this.el.speed.textContent = `${SPEEDS[index]}×`;
  }

  // --- DOM ---

  private buildDom(): ReplayPanel['el'] {
    const style = document.createElement('style');
    style.textContent = CSS;
    document.head.append(style);
    const button = (text: string, title: string, cls = ''): HTMLButtonElement =>
      Object.assign(document.createElement('button'), { type: 'button', textContent: text, title, className: cls });
    const rec = button('Record', `Record a replayable session; the game restarts with a new seed (${RECORD_KEY})`, 'rec-button');
    const open = button('Replay…', `Replay a recording (.rec or .rec.gz) of this game (${REPLAY_KEY})`);
    const recover = button('Recover recording', '', 'recover-button');
    recover.hidden = true;
    const file = Object.assign(document.createElement('input'), { type: 'file', accept: '.rec,.gz,.txt,text/plain,application/gzip', hidden: true });
    const controls = document.querySelector('.topbar .controls') ?? document.body;
    controls.append(rec, open, recover, file);
    recover.addEventListener('click', () => void this.recoverRecording());

    const bar = Object.assign(document.createElement('div'), { className: 'replay-bar', hidden: true });
    const label = Object.assign(document.createElement('span'), { className: 'label', textContent: 'REPLAY' });
    const counter = Object.assign(document.createElement('span'), { className: 'counter' });
    const progress = Object.assign(document.createElement('div'), { className: 'progress' });
    const done = Object.assign(document.createElement('div'), { className: 'done' });
    const mark = Object.assign(document.createElement('div'), { className: 'mark', hidden: true });
    progress.append(done, mark);
    const pause = button('Pause', 'Pause / resume (P)');
    const step = button('Step', `One frame while paused (${STEP_KEY === 'Period' ? '.' : STEP_KEY})`);
    const speed = button('1×', 'Replay speed');
    const stop = button('Stop', 'Stop replaying and play on from here with the keyboard');
    bar.append(label, counter, progress, pause, step, speed, stop);
    const report = Object.assign(document.createElement('pre'), { className: 'replay-report', hidden: true });
    report.addEventListener('click', () => (report.hidden = true));
    report.title = 'Click to close';
    const stage = document.getElementById('stage') ?? document.body;
    stage.append(bar, report);

    rec.addEventListener('click', () => this.toggleRecording());
    open.addEventListener('click', () => this.openRecording());
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f)
        recordingText(f).then(
          (text) => this.startReplay(text, f.name),
          (error: unknown) => {
            this.el.report.hidden = false;
            this.el.report.className = 'replay-report';
            this.el.report.textContent = `${f.name}: cannot read this recording (${error instanceof Error ? error.message : String(error)})`;
          },
        );
    });
    pause.addEventListener('click', () => {
      if (this.app?.state() === 'paused') this.app.togglePause();
      else this.pauseForReplay();
    });
    step.addEventListener('click', () => this.step());
    speed.addEventListener('click', () => this.setSpeed((this.speedIndex + 1) % SPEEDS.length));
    stop.addEventListener('click', () => this.stopReplay());
    window.addEventListener('keydown', (event) => {
      if (event.repeat) return;
      if (event.code === RECORD_KEY) {
        event.preventDefault();
        this.toggleRecording();
      } else if (event.code === REPLAY_KEY) {
        event.preventDefault();
        this.openRecording();
      } else if (event.code === STEP_KEY && this.replay) {
        event.preventDefault();
        this.step();
      }
    });
    return { rec, open, recover, file, bar, counter, done, mark, pause, step, speed, stop, report };
  }

  private step(): void {
    this.pauseForReplay();
    this.inner.post({ type: 'step' });
  }

  /** Pauses the app, without its "Paused" overlay over the frame being inspected. */
  private pauseForReplay(): void {
    if (this.app?.state() === 'running') this.app.togglePause();
    const overlay = document.getElementById('overlay');
    if (overlay && this.replay) overlay.hidden = true;
  }

  private render(): void {
    const e = this.el;
    e.rec.classList.toggle('recording', this.recording);
    e.rec.textContent = this.recording ? 'Stop recording' : 'Record';
    e.rec.disabled = !this.loaded;
    e.open.disabled = !this.loaded;
    e.bar.hidden = this.replay === undefined;
    e.bar.classList.toggle('diverged', this.replay?.diverged !== undefined);
    this.renderCounter();
  }

  private renderCounter(): void {
    const r = this.replay;
    if (this.recording) this.el.rec.textContent = `Stop recording (${(this.recordFrames / 60).toFixed(0)} s)`;
    if (!r) return;
    const total = Math.max(r.total, 1);
    this.el.counter.textContent = `frame ${r.frame} / ${r.total}${r.diverged !== undefined ? ` · differs from ${r.diverged}` : ''}`;
    this.el.done.style.width = `${Math.min(100, (r.frame / total) * 100)}%`;
    this.el.mark.hidden = r.diverged === undefined;
    if (r.diverged !== undefined) this.el.mark.style.left = `${(r.diverged / total) * 100}%`;
    this.el.pause.textContent = this.app?.state() === 'paused' ? 'Resume' : 'Pause';
  }
}

/** A recording file's text; gzip-compressed ones (.rec.gz, recognised by their magic bytes) are inflated by the browser. */
export async function recordingText(file: Blob): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return file.text();
  return new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).text();
}
