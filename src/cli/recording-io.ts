// Node-side glue for recordings: files in, sessions run, reports out. Used by
// `arcade record`, `arcade replay`, the vitest helper (src/testing) and the
// replay benchmark. The format and replay logic live in src/host/recording.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FileError, readBinaryFile, readTextFile } from './files';
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
  readonly extras?: SessionExtras;
  readonly onLog?: (frame: number, message: string) => void;
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
  const wasm = readBinaryFile(o.game);
  const script = parseInputScript(readTextFile(o.script, 'script'), o.script);
  const seed = o.seed ?? 1;
  // The game's log lines go into the recording as comments (where is game over?).
  const logs: { frame: number; message: string }[] = [];
  let recorder: SessionRecorder | undefined;
  const onLog = (frame: number, message: string): void => {
    o.onLog?.(frame, message);
    if (recorder) recorder.writer.note(frame, message);
    else logs.push({ frame, message });
  };
  const session = await GameSession.create(wasm, { seed, engine: o.engine, onLog, ...watchdog, ...o.extras });
  const header = recordingHeader(wasm, session.meta, {
    seed,
    memoryEvery: o.memoryEvery,
    draws: o.draws,
    engine: session.engine,
    gamePath: o.game,
    createdBy: `arcade record ${o.script}`,
    initMemory: session.memoryHash(),
  });
  const tmp = `${o.out}.partial`;
  const fd = openForWriting(tmp);
  let bytes = 0;
  try {
    recorder = new SessionRecorder(session, header, (chunk) => (bytes += writeSync(fd, chunk)), visitDrawList);
    for (const l of logs) recorder.writer.note(l.frame, l.message);
    for (let f = 1; f <= script.frames; f++) {
      for (const e of script.input.get(f) ?? []) session.queueKey(e.code, e.down);
      let result;
      try {
        result = session.step();
      } catch (error) {
        // A recording of a crash: the stopped frame's input and the stop end it; a replay reproduces them.
        if (!(error instanceof SessionStopped)) throw error;
        recorder.finishStopped(error);
        closeSync(fd);
        renameSync(tmp, o.out);
        return { frames: f - 1, bytes, header, stop: error };
      }
      recorder.frame(result);
    }
    recorder.finish();
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, o.out);
  return { frames: script.frames, bytes, header };
}

export interface ReplayFileOptions {
  readonly game: string;
  readonly recording: string;
  readonly engine?: EngineName;
  /** Accept a recording made with another build of the same game. */
  readonly anyBuild?: boolean;
  /** Replay the complete frames of a truncated recording. */
  readonly partial?: boolean;
  /** Rewrite the recording with this run's checksums. */
  readonly update?: boolean;
  readonly extras?: SessionExtras;
  readonly onProgress?: (frame: number, total: number) => void;
  readonly onLog?: (frame: number, message: string) => void;
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
  readonly seconds: number;
}

/** Thrown for problems that stop a replay before it starts (bad file, wrong game, truncated). */
export class ReplayError extends Error {}

export async function replayFile(o: ReplayFileOptions): Promise<ReplayFileResult> {
  const wasm = o.wasm ?? readBinaryFile(o.game);
  const rec = o.parsed ?? parseRecording(readTextFile(o.recording, 'recording'), { source: o.recording });
  if (rec.truncation && !o.partial && !o.update) throw new ReplayError(`${o.recording}: ${rec.truncation}; pass --partial to replay the complete frames`);
  const logs: { frame: number; message: string }[] = [];
  let writer: RecordingWriter | undefined;
  const onLog = (frame: number, message: string): void => {
    o.onLog?.(frame, message);
    if (writer) writer.note(frame, message);
    else if (o.update) logs.push({ frame, message });
  };
  const session = await GameSession.create(wasm, { seed: rec.header.seed, engine: o.engine, onLog, ...watchdog, ...o.extras });
  const notes = checkGameIdentity(
    rec,
    { sha256: sha256Hex(wasm), size: wasm.length, title: session.meta.title, abi: session.meta.abi, width: session.meta.width, height: session.meta.height },
    { source: o.recording, allowOtherBuild: o.anyBuild || o.update, allowOtherChecksum: o.update },
  );
  let out = '';
  if (o.update) {
    writer = new RecordingWriter(
      {
        ...rec.header,
        ...recordingHeader(wasm, session.meta, {
          seed: rec.header.seed,
          memoryEvery: rec.header.memoryEvery,
          draws: rec.header.draws,
          engine: session.engine,
          gamePath: rec.header.gamePath,
          createdBy: rec.header.createdBy,
          initMemory: session.memoryHash(),
        }),
      },
      (chunk: string) => (out += chunk),
    );
    for (const l of logs) writer.note(l.frame, l.message);
  }
  const t0 = performance.now();
  const result = replayRecording(rec, session, { decode: visitDrawList, onProgress: o.onProgress, update: writer });
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
    if (!result.ok || rec.truncation || out !== readTextFile(o.recording, 'recording')) {
      const tmp = `${o.recording}.partial`;
      const fd = openForWriting(tmp);
      writeSync(fd, out);
      closeSync(fd);
      renameSync(tmp, o.recording);
      updated = true;
    }
  }
  return { result: final, recording: rec, report: formatReplayReport(final, { source: o.recording }), notes, engine: session.engine, updated, seconds };
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
    const session = await GameSession.create(wasm, { seed: rec.header.seed, engine, ...watchdog, ...extras });
    let last: ArrayBuffer | undefined;
    for (const f of rec.frames) {
      if (f.frame > frame) break;
      for (const e of f.input) session.queueKey(e.code, e.down);
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

/** Opens (creates, truncates) a file to write; a FileError naming it if that fails. */
function openForWriting(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new FileError(`cannot write '${path}': ${why}`);
  }
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}
