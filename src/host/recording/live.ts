// Recording and replay inside the app's game worker (src/host/runner.ts):
// the runner forwards the recording messages here and calls beforeStep /
// afterStep around every frame; pause, single-step and speed keep working as
// they do for live play.
//
// - record-start {seed}: the game restarts with that seed (a recording always
//   starts from init) and every frame is posted as a `record-chunk`, so the UI
//   holds everything up to the last frame even if the worker dies.
// - record-stop: the trailer is posted and `record-stopped`.
// - replay {recording}: the game restarts with the recording's seed; its
//   input replaces the keyboard; every frame is checked and the first
//   divergence is posted with the same report `arcade replay` prints and the
//   runner pauses on that frame; at the end the runner pauses too.
// - replay-stop: the keyboard takes over from the current frame.

import { visitDrawList } from '../drawlist';
import type { GameMeta } from '../abi';
import { limitKeysFrom, type GameLimits, type LimitValues } from '../limits';
import type { FromWorker, ToWorker } from '../protocol';
import type { Recording } from './format';
import { checkGameIdentity, parseRecording } from './parser';
import { recordingHeader, SessionRecorder } from './recorder';
import { formatReplayReport, ReplayChecker } from './replayer';
import type { ReplaySession } from './replayer';
import { sha256Hex } from './sha256';

export type RecordingMessage = Extract<ToWorker, { type: 'record-start' | 'record-stop' | 'replay' | 'replay-stop' }>;

export interface LiveSession extends ReplaySession {
  readonly meta: GameMeta;
  readonly seed: number;
  readonly engine: string;
  readonly frame: number;
  /** ABI v2: the save data the session started with. */
  readonly initialSave?: Uint8Array;
  /** Host profile the game runs with (src/host/profiles). */
  readonly profile: string;
  /** The user's resource-limit overrides the session runs with (a recording stores them). */
  readonly userLimits?: Partial<GameLimits>;
}

export interface LiveHost {
  post(message: FromWorker): void;
  /**
   * Restart the game with `seed` (a fresh session; onSession follows) and
   * `save` as its save data: null for none, undefined for the game's current save;
   * `limits`: resource-limit overrides (LIMIT_KEYS key → value) for that session, as a recording stores them.
   */
  restart(seed: number, save?: Uint8Array | null, limits?: LimitValues): void;
  pause(): void;
}

export function isRecordingMessage(m: ToWorker): m is RecordingMessage {
  return m.type === 'record-start' || m.type === 'record-stop' || m.type === 'replay' || m.type === 'replay-stop';
}

export class LiveRecordingControl {
  private pending: { kind: 'record'; seed: number; gamePath?: string } | { kind: 'replay'; recording: Recording; anyBuild: boolean; name: string } | undefined;
  /** Name of the recording being replayed, as reports cite it. */
  private replayName = 'recording';
  private recorder: SessionRecorder | undefined;
  private checker: ReplayChecker | undefined;
  private gameHash: { wasm: ArrayBuffer; sha256: string } | undefined;

  constructor(private readonly host: LiveHost) {}

  /** False while a replay feeds the input. */
  get acceptsKeys(): boolean {
    return this.checker === undefined;
  }

  get recording(): boolean {
    return this.recorder !== undefined;
  }

  get replaying(): boolean {
    return this.checker !== undefined;
  }

  handle(message: RecordingMessage, hasGame: boolean): void {
    switch (message.type) {
      case 'record-start':
        if (!hasGame) return this.host.post({ type: 'replay-error', message: 'load a game before recording' });
        this.endReplay();
        this.recorder = undefined;
        this.pending = { kind: 'record', seed: message.seed >>> 0, gamePath: message.gamePath };
        this.host.restart(message.seed >>> 0);
        break;
      case 'record-stop':
        this.stopRecording();
        break;
      case 'replay': {
        if (!hasGame) return this.host.post({ type: 'replay-error', message: 'load the game before replaying its recording' });
        let recording: Recording;
        try {
          recording = parseRecording(message.recording, { source: message.name ?? 'recording' });
        } catch (error) {
          return this.host.post({ type: 'replay-error', message: error instanceof Error ? error.message : String(error) });
        }
        this.stopRecording();
        this.endReplay();
        this.pending = { kind: 'replay', recording, anyBuild: message.anyBuild === true, name: message.name ?? 'recording' };
        // the recording's limits too: a replay runs the game as it was recorded
        this.host.restart(recording.header.seed, recording.header.save ?? null, recording.header.limits);
        break;
      }
      case 'replay-stop':
        this.endReplay();
        break;
    }
  }

  /** A new session is running (load or restart): start what was asked for. */
  onSession(session: LiveSession, wasm: ArrayBuffer): void {
    // A restart the user asked for ends a recording or replay (it cannot continue across sessions).
    const pending = this.pending;
    this.pending = undefined;
    this.stopRecording();
    this.endReplay();
    if (!pending) return;
    if (pending.kind === 'record') {
      const header = recordingHeader(wasm, session.meta, {
        profile: session.profile,
        seed: session.seed,
        engine: session.engine,
        gamePath: pending.gamePath,
        createdBy: 'Wasm Arcade app',
        initMemory: session.memoryHash(),
        save: session.initialSave,
        limits: limitKeysFrom(session.userLimits ?? {}),
      });
      this.host.post({ type: 'record-started', seed: session.seed }); // before the header chunk
      this.recorder = new SessionRecorder(session, header, (text) => this.host.post({ type: 'record-chunk', text }), visitDrawList);
      return;
    }
    const rec = pending.recording;
    let notes: string[];
    try {
      notes = checkGameIdentity(
        rec,
        { sha256: this.sha256(wasm), size: wasm.byteLength, title: session.meta.title, abi: session.meta.abi, width: session.meta.width, height: session.meta.height, profile: session.profile },
        { allowOtherBuild: pending.anyBuild, source: pending.name },
      );
    } catch (error) {
      this.host.post({ type: 'replay-error', message: error instanceof Error ? error.message.replace(/--any-build/, '"replay anyway"') : String(error) });
      return;
    }
    if (rec.truncation) notes.push(rec.truncation);
    this.replayName = pending.name;
    this.checker = new ReplayChecker(rec, session, { decode: visitDrawList });
    this.host.post({ type: 'replay-started', total: this.checker.total, title: rec.header.title, notes });
    if (this.checker.done) {
      // Nothing to replay (a recording cut before its first frame).
      this.finishReplay(this.checker);
      this.host.pause();
    }
  }

  /** The game's log line, kept in the recording as a comment. */
  onLog(frame: number, message: string): void {
    this.recorder?.writer.note(frame, message);
  }

  beforeStep(): void {
    this.checker?.queueInput();
  }

  afterStep(result: ReturnType<ReplaySession['step']>): void {
    this.recorder?.frame(result);
    const checker = this.checker;
    if (!checker) return;
    if (checker.check(result)) {
      this.host.post({ type: 'replay-diverged', frame: result.frame, report: formatReplayReport(checker.result(), { source: this.replayName }) });
      // Stop on the first divergent frame so it is on screen; resume to watch on.
      if (!checker.done) this.host.pause();
    }
    if (checker.done) {
      this.finishReplay(checker);
      this.host.pause();
    }
  }

  /**
   * The game stopped (trap, contract breach, watchdog): end what was running.
   * A recording ends with the stopped frame's input and the stop, so
   * `arcade replay` reproduces the crash (a bug report can attach it).
   */
  onStopped(error: unknown): void {
    if (this.checker) {
      this.checker.stop(error);
      this.finishReplay(this.checker);
    }
    this.stopRecording(error);
  }

  private stopRecording(stopError?: unknown): void {
    const r = this.recorder;
    if (!r) return;
    this.recorder = undefined;
    if (stopError !== undefined) r.finishStopped(stopError);
    else r.finish();
    this.host.post({ type: 'record-stopped', frames: r.writer.frames });
  }

  private endReplay(): void {
    if (this.checker) this.finishReplay(this.checker);
  }

  private finishReplay(checker: ReplayChecker): void {
    if (this.checker !== checker) return;
    this.checker = undefined;
    const result = checker.result();
    this.host.post({
      type: 'replay-ended',
      ok: result.ok,
      complete: checker.done,
      frames: result.framesRun,
      report: formatReplayReport(result, { source: this.replayName }),
    });
  }

  private sha256(wasm: ArrayBuffer): string {
    if (this.gameHash?.wasm !== wasm) this.gameHash = { wasm, sha256: sha256Hex(wasm) };
    return this.gameHash.sha256;
  }
}
