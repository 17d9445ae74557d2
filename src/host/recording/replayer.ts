// Replays a recording against a session and pinpoints where behaviour
// changed: the first frame whose draw list differs, the draw calls that
// differ (expected vs actual), the input that led there, and the memory
// checkpoints around it. Optionally writes a re-blessed recording (--update).

import { applyOpsFast } from './calllist';
import { diffCalls, displayCall, DrawCallText, hashedKinds, StoredCallHasher } from './drawtext';
import { CHECKSUM, formatInputEvent } from './format';
import type { InputEvent, Recording, StopKindName } from './format';
import { describeInput } from './parser';
import { isKeyEvent } from '../input';
import { stopOf } from './recorder';
import type { DrawListVisitor } from '../protocol';
import type { RecordingWriter } from './writer';

/** What a replay needs from a GameSession (src/host/session.ts). */
export interface ReplaySession {
  queueKey(code: number, down: boolean): void;
  /** ABI v2 pointer and gamepad events (a session of a v1 game never gets one from a recording of it). */
  queueInput?(event: InputEvent): void;
  step(): { readonly frame: number; readonly drawList: ArrayBuffer; readonly hash: string; readonly input: readonly InputEvent[] };
  memoryHash(): string;
}

/** Queues one recorded event on a session: keys as keys, device events through queueInput. */
export function queueEvent(session: Pick<ReplaySession, 'queueKey' | 'queueInput'>, e: InputEvent): void {
  if (isKeyEvent(e)) session.queueKey(e.code, e.down);
  else if (session.queueInput) session.queueInput(e);
  else throw new Error(`this session cannot take ${describeInput(e)}`);
}

export type DecodeDrawList = (drawList: ArrayBuffer, visitor: DrawListVisitor) => void;

export interface ReplayOptions {
  /** Decodes a draw list (src/host/drawlist.ts visitDrawList). */
  readonly decode: DecodeDrawList;
  /** Called every `progressEvery` frames and at the end. */
  readonly onProgress?: (frame: number, total: number) => void;
  readonly progressEvery?: number;
  /** Keep running after the first difference (always true with `update`). */
  readonly runToEnd?: boolean;
  /** Write a recording with this run's checksums (same input) to this writer. */
  readonly update?: RecordingWriter;
  /** How many differing calls and input events to list. */
  readonly maxDiffLines?: number;
  /**
   * Compare linear-memory checkpoints (default true). Off for another build of
   * the game: its memory layout may differ while it behaves the same, so only
   * draw lists and stops are compared.
   */
  readonly compareMemory?: boolean;
}

export interface CallDiff {
  /** Position in the draw list (0-based). */
  readonly index: number;
  readonly expected?: string;
  readonly actual?: string;
}

export interface DrawDivergence {
  readonly frame: number;
  readonly line: number;
  readonly expectedHash: string;
  readonly actualHash: string;
  /** Differing calls (canonical text); empty when the recording stores no draw calls. */
  readonly calls: readonly CallDiff[];
  readonly expectedCount?: number;
  readonly actualCount: number;
  /** Set when the recording keeps no draw calls ('draws: none') and none were found elsewhere. */
  readonly noExpectedCalls?: boolean;
  /** This run's draw calls at that frame (canonical text). */
  readonly actualCalls: readonly string[];
  /** The recorded draw calls at that frame (canonical text), when known. */
  readonly expectedCalls?: readonly string[];
  /** Where the expected calls came from when not from the recording (e.g. the recorded build, found in git). */
  readonly expectedFrom?: string;
}

/** How a recording's stored calls were found edited or damaged (see ReplayResult.edited). */
export interface StoredCallsEdit {
  readonly frame: number;
  readonly line: number;
  /** The checksum the stored calls give, when known (re-encoded, or equal to what this run drew). */
  readonly callsHash?: string;
  readonly drawHash: string;
  /**
   * This run drew the frame the frame line's d= names, so its calls are the
   * recorded ones: the first stored call that differs from them.
   */
  readonly call?: CallDiff;
  /** The stored calls are exactly what this run drew, but d= names another frame: the frame line was changed. */
  readonly frameLine?: boolean;
}

/** Frames listed in ReplayResult.unchecked. */
const MAX_UNCHECKED = 8;

export interface MemoryDivergence {
  /** First checkpoint whose memory hash differs (0 = right after init). */
  readonly frame: number;
  readonly line: number;
  /** Last checkpoint that still matched (0 = init), if any. */
  readonly lastGood?: number;
  readonly expectedHash: string;
  readonly actualHash: string;
}

export interface ReplayResult {
  readonly ok: boolean;
  /** Frames actually run. */
  readonly framesRun: number;
  readonly totalFrames: number;
  readonly draw?: DrawDivergence;
  /**
   * The first frame whose stored draw calls (its `set`/`ins`/`del` lines, on
   * top of the frames before) do not re-encode to its own d= checksum: the
   * recording was edited or damaged after it was written.
   */
  readonly edited?: StoredCallsEdit;
  /**
   * Frames whose stored calls could not be checked: they hold calls kept only
   * as a checksum of their bytes (framebuffer, image-create, sound-create,
   * save), which only a run drawing that very frame can confirm, and this
   * run's frame differs. At most MAX_UNCHECKED listed; `uncheckedCount` has them all.
   */
  readonly unchecked?: readonly { readonly frame: number; readonly line: number; readonly kinds: readonly string[] }[];
  readonly uncheckedCount?: number;
  readonly memory?: MemoryDivergence;
  /** The final memory hash differs from the trailer's. */
  readonly finalMemory?: { readonly expected: string; readonly actual: string };
  /** The game stopped (trap, contract, watchdog) at this frame. */
  readonly stopped?: { readonly frame: number; readonly message: string; readonly kind?: StopKindName };
  /** The stop the recording ends with (a recording of a crash), if any. */
  readonly expectedStop?: { readonly frame: number; readonly kind: StopKindName; readonly message: string; readonly line: number };
  /** The recorded stop happened again: same kind, same frame. */
  readonly stopReproduced?: boolean;
  /** The recording ends with a stop at this frame, but this run finished that frame normally. */
  readonly missedStop?: number;
  /** The recording's checksums use another algorithm: draw lists were compared by their calls (delta) or not at all. */
  readonly otherChecksum?: string;
  /** Input events up to and including the first divergent frame (the most recent ones). */
  readonly recentInput: readonly { frame: number; event: InputEvent }[];
  readonly inputCount: number;
  /** The frame the report is about (first divergence or stop). */
  readonly focusFrame?: number;
  /** Last memory checkpoint that matched before any difference (0 = init). */
  readonly lastGoodCheckpoint?: number;
  /** Frames whose draw list differed, among those run (all of them with runToEnd/update). */
  readonly changedFrames: number;
  /** The last frame whose draw list differed. */
  readonly lastChangedFrame?: number;
}

/**
 * Checks a session frame by frame against a recording. replayRecording()
 * drives it headless; the app's game worker drives it one tick at a time
 * (pause, single-step and fast-forward work as usual).
 */
export class ReplayChecker {
  private expected: string[] = [];
  private readonly storedHasher = new StoredCallHasher();
  /** The first frame whose stored draw calls do not give its d= checksum (the file was edited or damaged). */
  private edited: ReplayResult['edited'];
  /** The checksum the stored calls of the frame before give, when known (a frame without edits gives the same). */
  private previousCallsHash: string | undefined;
  private unchecked: { frame: number; line: number; kinds: string[] }[] = [];
  private uncheckedCount = 0;
  private readonly text = new DrawCallText();
  private index = 0;
  private draw: DrawDivergence | undefined;
  private memory: MemoryDivergence | undefined;
  private lastGoodCheckpoint: number | undefined;
  private stopped: ReplayResult['stopped'];
  private finalMemory: ReplayResult['finalMemory'];
  private finished = false;
  private changedFrames = 0;
  private lastChangedFrame: number | undefined;
  private stopReproduced = false;
  private missedStop: number | undefined;
  /** Checksums comparable (same algorithm); otherwise only --update runs, comparing draw calls as text. */
  private readonly sameChecksum: boolean;
  /** Memory checkpoints are compared (same checksum algorithm, and not turned off for another build). */
  private readonly compareMemory: boolean;

  constructor(
    readonly recording: Recording,
    private readonly session: ReplaySession,
    private readonly options: Pick<ReplayOptions, 'decode' | 'update' | 'maxDiffLines' | 'compareMemory'>,
  ) {
    this.sameChecksum = recording.header.checksum === CHECKSUM;
    this.compareMemory = this.sameChecksum && options.compareMemory !== false;
    const init = recording.header.initMemory;
    if (init !== undefined && this.compareMemory) {
      const actual = session.memoryHash();
      if (actual !== init) this.memory = { frame: 0, line: 0, expectedHash: init, actualHash: actual };
      else this.lastGoodCheckpoint = 0;
    }
    if (this.total === 0) this.finish();
  }

  /** Frames to run: the recorded frames, plus the frame that stopped in a recording of a crash. */
  get total(): number {
    return this.recording.frames.length + (this.recording.stop ? 1 : 0);
  }

  /** Frames checked so far. */
  get framesRun(): number {
    return this.index;
  }

  /** True once every frame ran, or the game stopped. */
  get done(): boolean {
    return this.finished;
  }

  /** Whether anything differed so far. */
  get diverged(): boolean {
    return (
      this.draw !== undefined ||
      this.edited !== undefined ||
      this.memory !== undefined ||
      this.finalMemory !== undefined ||
      (this.stopped !== undefined && !this.stopReproduced) ||
      this.missedStop !== undefined
    );
  }

  /** Whether a draw list differed (the pinpointing difference; a memory difference alone keeps looking for one). */
  get drawDiverged(): boolean {
    return this.draw !== undefined;
  }

  /** Queues the recorded input of the next frame; call right before session.step(). */
  queueInput(): void {
    const f = this.recording.frames[this.index] ?? (this.index === this.recording.frames.length ? this.recording.stop : undefined);
    if (f) for (const e of f.input) queueEvent(this.session, e);
  }

  /** The game stopped instead of running the next frame. */
  stop(error: unknown): void {
    if (this.finished) return;
    const f = this.recording.frames[this.index];
    const info = stopOf(error);
    const frame = f ? f.frame : this.index + 1;
    this.stopped = { frame, message: stopMessage(error), kind: info?.kind };
    this.finished = true;
    const expected = this.recording.stop;
    if (!expected || expected.frame !== frame) return;
    this.index++;
    this.stopReproduced = info?.kind === expected.kind;
    const actual = this.session.memoryHash();
    // Memory as a trap, contract breach or limit left it is deterministic (a limit is counted, not timed); a watchdog interrupts at no fixed point.
    const trailer = this.recording.trailer;
    if (this.stopReproduced && this.compareMemory && trailer && (expected.kind === 'trap' || expected.kind === 'contract' || expected.kind === 'limit') && actual !== trailer.memoryHash)
      this.finalMemory = { expected: trailer.memoryHash, actual };
    this.options.update?.finish(actual, info);
  }

  /** Checks the result of the frame just run; returns true when this frame is the first divergence. */
  check(result: ReturnType<ReplaySession['step']>): boolean {
    if (this.finished) return false;
    const f = this.recording.frames[this.index];
    if (!f) {
      // The recording ends with a stop in this frame, and this build ran it normally.
      const wasClean = !this.diverged;
      this.index++;
      this.missedStop = result.frame;
      this.finished = true;
      const writer = this.options.update;
      if (writer) {
        const mem = this.session.memoryHash();
        let calls: string[] | undefined;
        if (writer.header.draws === 'delta') {
          this.text.calls = [];
          this.options.decode(result.drawList, this.text);
          calls = this.text.calls;
        }
        writer.frame({ frame: result.frame, input: result.input, drawHash: result.hash, calls, memoryHash: writer.isCheckpoint(result.frame) ? mem : undefined });
        writer.finish(mem);
      }
      return wasClean;
    }
    this.index++;
    if (f.ops) this.expected = applyOpsFast(this.expected, f.ops);
    if (result.frame !== f.frame) throw new Error(`session reported frame ${result.frame} while replaying frame ${f.frame}`);
    const writer = this.options.update;
    let calls: string[] | undefined;
    const decodeCalls = (): string[] => {
      if (!calls) {
        this.text.calls = [];
        this.options.decode(result.drawList, this.text);
        calls = this.text.calls;
      }
      return calls;
    };
    if (f.ops) this.checkStoredCalls(f, result.hash, decodeCalls);
    const wasClean = !this.diverged;
    // Checksums of another algorithm (only with --update): compare the stored draw calls instead, if any.
    const differs = this.sameChecksum ? result.hash !== f.drawHash : f.ops !== undefined && !sameCalls(this.expected, decodeCalls());
    if (differs) {
      this.changedFrames++;
      this.lastChangedFrame = f.frame;
    }
    if (!this.draw && differs) {
      const actualCalls = decodeCalls();
      this.draw = {
        frame: f.frame,
        line: f.line,
        expectedHash: f.drawHash,
        actualHash: result.hash,
        calls: f.ops ? callDiffs(this.expected, actualCalls) : [],
        expectedCount: f.ops ? this.expected.length : undefined,
        actualCount: actualCalls.length,
        noExpectedCalls: f.ops === undefined,
        actualCalls: actualCalls.slice(),
        ...(f.ops ? { expectedCalls: this.expected.slice() } : {}),
      };
    }
    const checkpoint = f.memoryHash !== undefined || (writer?.isCheckpoint(f.frame) ?? false);
    const mem = checkpoint ? this.session.memoryHash() : undefined;
    if (f.memoryHash !== undefined && this.compareMemory) {
      if (mem !== f.memoryHash) {
        if (!this.memory) this.memory = { frame: f.frame, line: f.line, lastGood: this.lastGoodCheckpoint, expectedHash: f.memoryHash, actualHash: mem! };
      } else if (!this.memory) this.lastGoodCheckpoint = f.frame;
    }
    if (writer) {
      writer.frame({
        frame: f.frame,
        input: result.input,
        drawHash: result.hash,
        calls: writer.header.draws === 'delta' ? decodeCalls() : undefined,
        memoryHash: writer.isCheckpoint(f.frame) ? mem : undefined,
      });
    }
    if (this.index === this.recording.frames.length && !this.recording.stop) this.finish();
    return wasClean && this.diverged;
  }

  /**
   * The stored calls must be the draw list whose checksum the frame line
   * gives; otherwise the file was changed after it was written, and the
   * "expected" calls a report shows could be wrong. Unchanged calls give the
   * checksum of the frame before; edited ones are re-encoded and hashed. Calls
   * kept only as a checksum of their bytes (a framebuffer, a new image or
   * sample, a save) cannot be re-encoded: they are compared with the calls
   * this run drew instead, which are the recorded ones whenever this run's
   * checksum is the frame's d=. Only a frame holding such a call that this run
   * draws differently stays unchecked, and the report says so.
   */
  private checkStoredCalls(f: Recording['frames'][number], drawn: string, decodeCalls: () => string[]): void {
    if (!this.sameChecksum || this.edited) return;
    let callsHash = f.ops!.length === 0 ? this.previousCallsHash : undefined;
    callsHash ??= this.storedHasher.hash(this.expected);
    let actual: string[] | undefined;
    if (callsHash === undefined) {
      actual = decodeCalls();
      if (sameCalls(this.expected, actual)) callsHash = drawn;
    }
    this.previousCallsHash = callsHash;
    if (callsHash === f.drawHash) return;
    if (callsHash === undefined && drawn !== f.drawHash) {
      // A real difference, or an edit: only a run that draws this frame as recorded can tell.
      this.uncheckedCount++;
      if (this.unchecked.length < MAX_UNCHECKED) this.unchecked.push({ frame: f.frame, line: f.line, kinds: hashedKinds(this.expected) });
      return;
    }
    let call: CallDiff | undefined;
    if (drawn === f.drawHash) call = callDiffs(this.expected, actual ?? decodeCalls())[0];
    this.edited = {
      frame: f.frame,
      line: f.line,
      drawHash: f.drawHash,
      ...(callsHash !== undefined ? { callsHash } : {}),
      ...(call ? { call } : {}),
      ...(callsHash !== undefined && callsHash === drawn ? { frameLine: true } : {}),
    };
  }

  /** Every frame ran: compare the final memory with the trailer's. */
  private finish(): void {
    this.finished = true;
    const actual = this.session.memoryHash();
    const trailer = this.recording.trailer;
    if (trailer && this.compareMemory && actual !== trailer.memoryHash) this.finalMemory = { expected: trailer.memoryHash, actual };
    this.options.update?.finish(actual);
  }

  result(): ReplayResult {
    const { draw, memory, stopped, finalMemory, missedStop, edited } = this;
    const stopFrame = this.stopReproduced ? undefined : (stopped?.frame ?? missedStop);
    const focusFrame = draw?.frame ?? stopFrame ?? memory?.frame ?? (finalMemory ? this.total : undefined);
    const expectedStop = this.recording.stop;
    const upTo = focusFrame ?? this.total;
    const events: { frame: number; event: InputEvent }[] = [];
    let inputCount = 0;
    for (const f of expectedStop ? [...this.recording.frames, expectedStop] : this.recording.frames) {
      if (f.frame > upTo) break;
      for (const e of f.input) {
        inputCount++;
        events.push({ frame: f.frame, event: e });
      }
    }
    return {
      ok: !this.diverged,
      framesRun: this.index,
      totalFrames: this.total,
      draw,
      edited,
      ...(this.uncheckedCount > 0 ? { unchecked: this.unchecked.slice(), uncheckedCount: this.uncheckedCount } : {}),
      memory,
      finalMemory,
      stopped,
      expectedStop: expectedStop && { frame: expectedStop.frame, kind: expectedStop.kind, message: expectedStop.message, line: expectedStop.line },
      stopReproduced: expectedStop ? this.stopReproduced : undefined,
      missedStop,
      otherChecksum: this.sameChecksum ? undefined : this.recording.header.checksum,
      recentInput: events.slice(-(this.options.maxDiffLines ?? 8)),
      inputCount,
      focusFrame,
      lastGoodCheckpoint: this.lastGoodCheckpoint,
      changedFrames: this.changedFrames,
      lastChangedFrame: this.lastChangedFrame,
    };
  }
}

export function replayRecording(rec: Recording, session: ReplaySession, options: ReplayOptions): ReplayResult {
  const every = options.progressEvery ?? 600;
  const runToEnd = options.runToEnd === true || options.update !== undefined;
  const checker = new ReplayChecker(rec, session, options);
  while (!checker.done) {
    checker.queueInput();
    let result: ReturnType<ReplaySession['step']>;
    try {
      result = session.step();
    } catch (err) {
      checker.stop(err);
      break;
    }
    checker.check(result);
    if (options.onProgress && (checker.framesRun % every === 0 || checker.done)) options.onProgress(checker.framesRun, checker.total);
    // A memory difference alone is not visible yet: keep going to the first frame that draws differently.
    if (checker.drawDiverged && !runToEnd) break;
  }
  return checker.result();
}

function sameCalls(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function stopMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const info = (err as { info?: { message?: unknown } }).info;
    if (info && typeof info.message === 'string') return info.message;
    if (err instanceof Error) return err.message;
  }
  return String(err);
}

/**
 * Fills in the expected calls of a divergence from another source (for
 * 'draws: none' recordings: the recorded build, re-run to that frame).
 */
export function withExpectedCalls(r: ReplayResult, expected: readonly string[], from: string): ReplayResult {
  if (!r.draw) return r;
  return { ...r, draw: { ...r.draw, calls: callDiffs(expected, r.draw.actualCalls), expectedCount: expected.length, noExpectedCalls: false, expectedFrom: from, expectedCalls: expected } };
}

/** Differences between two call lists, as positions in the lists. */
export function callDiffs(expected: readonly string[], actual: readonly string[]): CallDiff[] {
  const cur = expected.slice();
  const out: CallDiff[] = [];
  for (const o of diffCalls(expected, actual)) {
    if (o.op === 'set') {
      out.push({ index: o.index, expected: cur[o.index], actual: o.call });
      cur[o.index] = o.call;
    } else if (o.op === 'ins') {
      out.push({ index: o.index, actual: o.call });
      cur.splice(o.index, 0, o.call);
    } else {
      for (let k = 0; k < o.count; k++) out.push({ index: o.index, expected: cur[o.index + k] });
      cur.splice(o.index, o.count);
    }
  }
  return out;
}

/** A person-readable report of a replay, as `arcade replay` and the vitest helper print it. */
export function formatReplayReport(r: ReplayResult, options: { source?: string; maxDiffLines?: number } = {}): string {
  const src = options.source ?? 'recording';
  const maxLines = options.maxDiffLines ?? 8;
  const es = r.expectedStop;
  if (r.ok) {
    if (es && r.stopReproduced) {
      const same = r.stopped?.message === es.message ? '' : ` (recorded: ${es.message})`;
      return `${src}: ${r.framesRun - 1} frames replayed, every draw list and memory checkpoint matches, and frame ${es.frame} stops again as recorded, with a ${es.kind}: ${r.stopped?.message ?? es.message}${same}`;
    }
    return `${src}: ${r.framesRun} frames replayed, every draw list and memory checkpoint matches`;
  }
  const out: string[] = [];
  if (r.edited) {
    const e = r.edited;
    if (e.frameLine)
      out.push(`${src}:${e.line}: the recording was edited or damaged: frame ${e.frame}'s line says d=${e.drawHash}, but the draw calls it stores are exactly what this run drew, checksum ${e.callsHash}: the frame line was changed`);
    else if (e.call) {
      out.push(
        `${src}:${e.line}: the recording was edited or damaged: this run drew frame ${e.frame} as its d=${e.drawHash} says, but the draw calls the recording stores for it (its edit lines after line ${e.line}, or those of an earlier frame) differ from those:`,
      );
      const c = e.call;
      const prefix = `  frame ${e.frame}, call ${c.index}: `;
      if (c.expected !== undefined && c.actual !== undefined) {
        out.push(`${prefix}stored ${displayCall(c.expected)}`);
        out.push(`${' '.repeat(prefix.length)} drawn ${displayCall(c.actual)}`);
      } else if (c.expected !== undefined) out.push(`${prefix}stored ${displayCall(c.expected)}, which was never drawn`);
      else out.push(`${prefix}drawn ${displayCall(c.actual!)}, which is not stored`);
    } else
      out.push(
        `${src}:${e.line}: the recording was edited or damaged: the draw calls it stores for frame ${e.frame} (its edit lines after line ${e.line}, or those of an earlier frame) give checksum ${e.callsHash}, but the frame line says d=${e.drawHash}`,
      );
    if (!r.draw) out.push(`  the game itself drew every frame as recorded${r.framesRun < r.totalFrames ? ' so far' : ''}; re-record, or run --update to rewrite the stored calls from this run`);
  }
  if (r.otherChecksum) out.push(`${src}: the recording's checksums are ${r.otherChecksum}, not ${CHECKSUM}: draw lists were compared by their stored calls, memory not at all`);
  if (r.draw) {
    const d = r.draw;
    out.push(`${src}:${d.line}: frame ${d.frame} is the first frame whose draw list differs from the recording (d=${d.expectedHash} expected, d=${d.actualHash} got)`);
    if (d.expectedFrom) out.push(`  (expected calls from ${d.expectedFrom})`);
    if (d.noExpectedCalls) {
      out.push(`  the recording keeps no draw calls (draws: none) and the recorded build was not found; this run drew ${d.actualCount} calls`);
    } else if (d.calls.length === 0) {
      out.push('  the draw calls print identically: the difference is below text precision (NaN bits?) or the draw-list hash changed');
    } else {
      out.push(`  ${d.calls.length} differing call${d.calls.length === 1 ? '' : 's'} (expected ${d.expectedCount} calls, got ${d.actualCount}):`);
      for (const c of d.calls.slice(0, maxLines)) {
        if (c.expected !== undefined && c.actual !== undefined) {
          const prefix = `  frame ${d.frame}, call ${c.index}: `;
          out.push(`${prefix}expected ${displayCall(c.expected)}`);
          out.push(`${' '.repeat(prefix.length + 5)}got ${displayCall(c.actual)}`);
        } else if (c.expected !== undefined) out.push(`  frame ${d.frame}, call ${c.index}: missing  ${displayCall(c.expected)}`);
        else out.push(`  frame ${d.frame}, call ${c.index}: extra    ${displayCall(c.actual!)}`);
      }
      if (d.calls.length > maxLines) out.push(`  ... and ${d.calls.length - maxLines} more`);
    }
  }
  for (const u of r.unchecked ?? [])
    out.push(
      `${src}:${u.line}: frame ${u.frame}'s stored draw calls could not be checked against its d=: they hold ${u.kinds.join(', ')}, kept only as a checksum of ${u.kinds.length === 1 ? 'its' : 'their'} bytes, which only a run drawing this very frame confirms, and this run's frame ${u.frame} differs`,
    );
  if ((r.uncheckedCount ?? 0) > (r.unchecked?.length ?? 0)) out.push(`  ... and ${r.uncheckedCount! - r.unchecked!.length} more frames not checked for the same reason`);
  // How the run stopped (or did not) comes before the memory lines: it is the headline when no draw list differs.
  if (r.missedStop !== undefined && es)
    out.push(`${src}:${es.line}: recording ends with a ${es.kind} at frame ${es.frame}; this build ran frame ${r.missedStop} without stopping (recorded: ${es.message})`);
  else if (r.stopped && es && r.stopped.frame === es.frame && !r.stopReproduced)
    out.push(`${src}:${es.line}: recording ends with a ${es.kind} at frame ${es.frame} (${es.message}); this build stopped there with a ${r.stopped.kind ?? 'stop'}: ${r.stopped.message}`);
  else if (r.stopped && !r.stopReproduced)
    out.push(
      `${src}: the game stopped at frame ${r.stopped.frame} while the recording goes on to frame ${es ? `${es.frame - 1}, then ends with a ${es.kind} at frame ${es.frame}` : r.totalFrames}: ${r.stopped.message}`,
    );
  else if (es && r.stopReproduced) out.push(`  (frame ${es.frame} stops again as recorded, with a ${es.kind}: ${r.stopped?.message ?? es.message})`);
  if (r.memory) {
    const m = r.memory;
    const where = m.frame === 0 ? 'right after init()' : `at checkpoint frame ${m.frame}${m.line ? ` (line ${m.line})` : ''}`;
    const since = m.lastGood === undefined ? '' : m.lastGood === 0 ? '; it still matched after init()' : `; it still matched at frame ${m.lastGood}, so game state changed within frames ${m.lastGood + 1}–${m.frame}`;
    out.push(`${r.draw ? '  ' : `${src}: `}linear memory first differs ${where}${since}`);
  }
  if (!r.memory && r.lastGoodCheckpoint !== undefined && r.focusFrame !== undefined)
    out.push(`  linear memory still matched at ${r.lastGoodCheckpoint === 0 ? 'init (no checkpoint since)' : `the last checkpoint, frame ${r.lastGoodCheckpoint}`}`);
  if (r.finalMemory && !r.draw && !r.memory) out.push(`${src}: final linear memory differs from the trailer's m=${r.finalMemory.expected} (got ${r.finalMemory.actual})`);
  if (r.focusFrame !== undefined) {
    if (r.inputCount === 0) out.push(`  input up to frame ${r.focusFrame}: none`);
    else {
      const shown = r.recentInput.map((e) => `${e.frame}:${formatInputEvent(e.event)}`).join(' ');
      out.push(`  input up to frame ${r.focusFrame} (${r.inputCount} event${r.inputCount === 1 ? '' : 's'}${r.inputCount > r.recentInput.length ? `, last ${r.recentInput.length}` : ''}): ${shown}`);
      const last = r.recentInput[r.recentInput.length - 1];
      const ago = r.focusFrame - last.frame;
      out.push(`  last input: frame ${last.frame}, ${describeInput(last.event)} (${ago === 0 ? 'in this very frame' : `${ago} frame${ago === 1 ? '' : 's'} before`})`);
    }
  }
  return out.join('\n');
}
