// Node-side glue for recordings: files in, sessions run, reports out. Used by
// `arcade record`, `arcade replay`, the vitest helper (src/testing) and the
// replay benchmark. The format and replay logic live in src/host/recording.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { visitDrawList } from '../host/drawlist';
import type { EngineName } from '../host/protocol';
import {
  checkGameIdentity,
  formatReplayReport,
  parseInputScript,
  parseRecording,
  recordingHeader,
  replayRecording,
  RecordingWriter,
  DrawCallText,
  SessionRecorder,
  sha256Hex,
  withExpectedCalls,
} from '../host/recording';
import type { Recording, RecordingHeader, ReplayResult } from '../host/recording';
import { GameSession, SessionStopped } from '../host/session';
import type { SessionOptions } from '../host/session';
import type { ProfileName } from '../host/profiles/index';
import { formatLimitValues, limitsFromKeys, type LimitValues } from '../host/limits';
import { IncrementalFile, readGame, readText, writeFileAtomic } from './files';
import { writeDivergencePictures, type DivergencePictures } from './pictures';

/** Extra session options (tests shorten the watchdog). */
export type SessionExtras = Pick<SessionOptions, 'frameBudgetMs'>;

/**
 * Headless runs still have a watchdog, only as a guard against a game that
 * loops forever (a CI job must not hang): a stop is reported as such and
 * never changes a checksum. Generous, because a busy machine is slow.
 */
export const HEADLESS_FRAME_BUDGET_MS = 10_000;
const watchdog = { now: () => performance.now(), frameBudgetMs: HEADLESS_FRAME_BUDGET_MS };


export interface RecordOptions {
  readonly game: string;
  readonly script: string;
  readonly out: string;
  readonly seed?: number;
  readonly engine?: EngineName;
  readonly memoryEvery?: number;
  readonly draws?: 'delta' | 'none';
  /** Host profile to run the game with (default: detected; docs/profiles.md). */
  readonly profile?: ProfileName;
  readonly extras?: SessionExtras;
  readonly onLog?: (frame: number, message: string) => void;
  /** ABI v2: the save data the game starts with (recorded in the header). */
  readonly save?: Uint8Array;
  /** The user's resource-limit overrides (`--limit KEY=N`; LIMIT_KEYS key → value), stored in the header. */
  readonly limits?: LimitValues;
}

export interface RecordSummary {
  /** Complete frames recorded. */
  readonly frames: number;
  readonly bytes: number;
  readonly header: RecordingHeader;
  /** The game stopped: the recording ends with this stop (in the frame after the last complete one). */
  readonly stop?: SessionStopped;
}

/** Plays an input script into a new recording, written frame by frame. */
export async function recordFromScript(o: RecordOptions): Promise<RecordSummary> {
  const wasm = readGame(o.game);
  const script = parseInputScript(readText(o.script, 'input script'), o.script);
  const seed = o.seed ?? 1;
  // The game's log lines go into the recording as comments (where is game over?).
  const logs: { frame: number; message: string }[] = [];
  let recorder: SessionRecorder | undefined;
  const onLog = (frame: number, message: string): void => {
    o.onLog?.(frame, message);
    if (recorder) recorder.writer.note(frame, message);
    else logs.push({ frame, message });
  };
  const session = await GameSession.create(wasm, { seed, engine: o.engine, profile: o.profile, onLog, saveData: o.save, limits: limitsFromKeys(o.limits ?? {}), ...watchdog, ...o.extras });
  const header = recordingHeader(wasm, session.meta, {
    profile: session.profile,
    seed,
    memoryEvery: o.memoryEvery,
    draws: o.draws,
    engine: session.engine,
    gamePath: o.game,
    createdBy: `arcade record ${o.script}`,
    initMemory: session.memoryHash(),
    save: session.initialSave,
    limits: o.limits,
  });
  const file = new IncrementalFile(o.out);
  try {
    recorder = new SessionRecorder(session, header, (chunk) => file.write(chunk), visitDrawList);
    for (const l of logs) recorder.writer.note(l.frame, l.message);
    for (let f = 1; f <= script.frames; f++) {
      for (const e of script.input.get(f) ?? []) session.queueInput(e);
      let result;
      try {
        result = session.step();
      } catch (error) {
        // A recording of a crash: the stopped frame's input and the stop end it; a replay reproduces them.
        if (!(error instanceof SessionStopped)) throw error;
        recorder.finishStopped(error);
        return { frames: f - 1, bytes: file.finish(), header, stop: error };
      }
      recorder.frame(result);
    }
    recorder.finish();
  } catch (error) {
    file.abandon();
    throw error;
  }
  return { frames: script.frames, bytes: file.finish(), header };
}

export interface ReplayFileOptions {
  readonly game: string;
  readonly recording: string;
  readonly engine?: EngineName;
  /**
   * Accept a recording made with another build of the same game (noted, and
   * compared by behaviour: draw lists and stops, not memory checkpoints).
   */
  readonly anyBuild?: boolean;
  /** What the error says to do when another build is refused. */
  readonly otherBuildHint?: string;
  /** Replay the complete frames of a truncated recording. */
  readonly partial?: boolean;
  /** Rewrite the recording with this run's checksums. */
  readonly update?: boolean;
  /**
   * Resource-limit overrides (`--limit KEY=N`) over the ones the recording
   * stores (its `limits:` header), which a replay otherwise runs under.
   */
  readonly limits?: LimitValues;
  readonly extras?: SessionExtras;
  readonly onProgress?: (frame: number, total: number) => void;
  readonly onLog?: (frame: number, message: string) => void;
  /** On a draw-list difference, write expected.png, actual.png, diff.png and report.txt of that frame into this folder. */
  readonly pictures?: string;
  /** Game bytes already read (benchmarks). */
  readonly wasm?: Uint8Array;
  /** Recording already parsed (benchmarks). */
  readonly parsed?: Recording;
}

export interface ReplayFileResult {
  readonly result: ReplayResult;
  readonly recording: Recording;
  /** Person-readable outcome, first line a summary. */
  readonly report: string;
  /** Identity notes (another build) worth printing. */
  readonly notes: readonly string[];
  readonly engine: EngineName;
  /** Whether --update rewrote the file (and how it differed). */
  readonly updated: boolean;
  /** The pictures written of the first divergent frame (see `pictures`). */
  readonly pictures?: DivergencePictures;
  readonly seconds: number;
}

/** Thrown for problems that stop a replay before it starts (bad file, wrong game, truncated). */
export class ReplayError extends Error {}

export async function replayFile(o: ReplayFileOptions): Promise<ReplayFileResult> {
  const wasm = o.wasm ?? readGame(o.game);
  const rec = o.parsed ?? parseRecording(readText(o.recording, 'recording'), { source: o.recording });
  if (rec.truncation && !o.partial && !o.update) throw new ReplayError(`${o.recording}: ${rec.truncation}; pass --partial to replay the complete frames`);
  const logs: { frame: number; message: string }[] = [];
  let writer: RecordingWriter | undefined;
  const onLog = (frame: number, message: string): void => {
    o.onLog?.(frame, message);
    if (writer) writer.note(frame, message);
    else if (o.update) logs.push({ frame, message });
  };
  // the recorded profile and limits, not the detected ones: a replay runs the game as it was recorded
  const { limits, notes: limitNotes } = replayLimits(rec.header.limits, o.limits);
  const session = await GameSession.create(wasm, { seed: rec.header.seed, engine: o.engine, profile: recordedProfile(rec), onLog, saveData: rec.header.save, limits: limitsFromKeys(limits), ...watchdog, ...o.extras });
  const sha256 = sha256Hex(wasm);
  const notes = checkGameIdentity(
    rec,
    { sha256, size: wasm.length, title: session.meta.title, abi: session.meta.abi, width: session.meta.width, height: session.meta.height, profile: session.profile },
    {
      source: o.recording,
      allowOtherBuild: o.anyBuild || o.update,
      allowOtherChecksum: o.update,
      otherBuildHint: o.otherBuildHint ?? 'the exact build was required (--exact-build); without it a rebuilt game is compared by behaviour',
    },
  );
  notes.push(...limitNotes);
  let out = '';
  if (o.update) {
    writer = new RecordingWriter(
      {
        ...rec.header,
        ...recordingHeader(wasm, session.meta, {
          profile: session.profile,
          save: rec.header.save,
          seed: rec.header.seed,
          memoryEvery: rec.header.memoryEvery,
          draws: rec.header.draws,
          engine: session.engine,
          gamePath: rec.header.gamePath,
          createdBy: rec.header.createdBy,
          initMemory: session.memoryHash(),
        }),
        // the limits this run had: the recording's, or what --limit set over them
        limits: Object.keys(limits).length > 0 ? limits : undefined,
      },
      (chunk: string) => (out += chunk),
    );
    for (const l of logs) writer.note(l.frame, l.message);
  }
  const t0 = performance.now();
  // Another build behaves the same or not; its memory layout may differ either way.
  const otherBuild = rec.header.gameSha256 !== sha256;
  if (otherBuild && !o.update) notes.push('memory checkpoints not compared (another build): draw lists and stops are');
  const result = replayRecording(rec, session, { decode: visitDrawList, onProgress: o.onProgress, update: writer, compareMemory: !otherBuild || o.update });
  const seconds = (performance.now() - t0) / 1000;
  let final = result;
  if (result.draw?.noExpectedCalls) {
    // 'draws: none': show the differing calls anyway if the recorded build can be found (on disk or in git history).
    const build = findRecordedBuild(rec.header);
    if (build) {
      const expected = await drawCallsAt(build.bytes, rec, result.draw.frame, o.engine, o.extras ?? {});
      if (expected) final = withExpectedCalls(result, expected, `the recorded build, ${build.where}`);
    }
  }
  let updated = false;
  if (writer) {
    // A stop is written when it happens in the frame the recording stops in (same kind or not); anywhere else it is refused.
    if (result.stopped && result.stopped.frame !== rec.stop?.frame) throw new ReplayError(`${o.recording}: not updated: ${formatReplayReport(result, { source: o.recording })}`);
    if (!result.ok || rec.truncation || out !== readText(o.recording, 'recording')) {
      writeFileAtomic(o.recording, out);
      updated = true;
    }
  }
  const report = formatReplayReport(final, { source: o.recording });
  const pictures = o.pictures && final.draw && !o.update ? writeDivergencePictures(o.pictures, final.draw, session.meta.width, session.meta.height, report) : undefined;
  return { result: final, recording: rec, report, notes, engine: session.engine, updated, seconds, ...(pictures ? { pictures } : {}) };
}

/**
 * The limits a replay runs under: the recording's (`limits:` header) with the
 * user's `--limit` overrides on top, and notes saying where they differ.
 */
export function replayLimits(stored: LimitValues | undefined, given: LimitValues | undefined): { limits: Record<string, number>; notes: string[] } {
  const limits: Record<string, number> = { ...stored, ...given };
  const notes: string[] = [];
  const kept = Object.fromEntries(Object.entries(stored ?? {}).filter(([k]) => given?.[k] === undefined));
  if (Object.keys(kept).length > 0) notes.push(`replaying under the limits the recording was made with: ${formatLimitValues(kept)}`);
  for (const [key, value] of Object.entries(given ?? {})) {
    const was = stored?.[key];
    if (was === value) notes.push(`--limit ${key}=${value}: the recording was made with the same limit`);
    else
      notes.push(
        `--limit ${key}=${value} overrides ${was === undefined ? `the recording's (it was made under the game's own ${key})` : `the recording's ${key}=${was}`}: frames that depend on it may differ`,
      );
  }
  return { limits, notes };
}

/**
 * The exact build a recording was made with: the file at its game-path if
 * that still has the recorded SHA-256, else the newest version of that path
 * in git history (last 200 commits) that does. Undefined if not found.
 */
export function findRecordedBuild(header: RecordingHeader, cwd = process.cwd()): { bytes: Uint8Array; where: string } | undefined {
  if (header.gamePath === undefined) return undefined;
  const abs = resolve(cwd, header.gamePath);
  if (existsSync(abs)) {
    const bytes = new Uint8Array(readFileSync(abs));
    if (sha256Hex(bytes) === header.gameSha256) return { bytes, where: header.gamePath };
  }
  try {
    const dir = dirname(abs);
    const name = basename(abs);
    const quiet = { stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], maxBuffer: 512 * 1024 * 1024 };
    const commits = execFileSync('git', ['-C', dir, 'log', '--format=%H', '-n', '200', '--', name], { ...quiet, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const commit of commits) {
      const bytes = new Uint8Array(execFileSync('git', ['-C', dir, 'show', `${commit}:./${name}`], quiet));
      if (bytes.length === header.gameSize && sha256Hex(bytes) === header.gameSha256) return { bytes, where: `${header.gamePath} at git commit ${commit.slice(0, 10)}` };
    }
  } catch {
    // not in a git repository, or git is missing: no recorded build
  }
  return undefined;
}

/** Runs `wasm` with the recording's seed and input up to `frame` and returns that frame's draw calls. */
async function drawCallsAt(wasm: Uint8Array, rec: Recording, frame: number, engine: EngineName | undefined, extras: SessionExtras): Promise<string[] | undefined> {
  try {
    // the recorded build as it was recorded: its profile, save and limits (never a --limit given to this replay)
    const session = await GameSession.create(wasm, {
      seed: rec.header.seed,
      engine,
      profile: recordedProfile(rec),
      saveData: rec.header.save,
      limits: limitsFromKeys(rec.header.limits ?? {}),
      ...watchdog,
      ...extras,
    });
    let last: ArrayBuffer | undefined;
    for (const f of rec.frames) {
      if (f.frame > frame) break;
      for (const e of f.input) session.queueInput(e);
      last = session.step().drawList;
    }
    if (!last) return undefined;
    const text = new DrawCallText();
    visitDrawList(last, text);
    return text.calls;
  } catch {
    return undefined;
  }
}

/** The profile a recording was made with (absent: native); an unknown name stops the session with a 'load' error naming it. */
function recordedProfile(rec: Recording): ProfileName {
  return (rec.header.profile ?? 'native') as ProfileName;
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}
