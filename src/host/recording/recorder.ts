// Records a running session: one writer chunk per frame, straight from what
// step() returned (so the input is stored at the frame it was applied in).

import type { GameMeta } from '../abi';
import { DrawCallText } from './drawtext';
import { CHECKSUM, DEFAULT_MEMORY_EVERY, FORMAT_VERSION, STOP_KINDS } from './format';
import type { DrawStorage, InputEvent, RecordingHeader, StopKindName } from './format';
import type { DecodeDrawList, ReplaySession } from './replayer';
import { sha256Hex } from './sha256';
import { RecordingWriter } from './writer';

export interface HeaderOptions {
  readonly seed: number;
  readonly memoryEvery?: number;
  readonly draws?: DrawStorage;
  readonly engine?: string;
  readonly gamePath?: string;
  readonly createdBy?: string;
  /** Memory hash after init (take it before the first step). */
  readonly initMemory?: string;
  readonly dt?: { num: number; den: number };
  /** ABI v2: the save data the session starts with. */
  readonly save?: Uint8Array;
  /** Host profile the game runs with (written unless 'native'). */
  readonly profile?: string;
  /** The user's resource-limit overrides the session runs with (LIMIT_KEYS key → value); none when empty. */
  readonly limits?: Readonly<Record<string, number>>;
}

/** The header of a new recording of `wasm` (hashing the file). */
export function recordingHeader(wasm: Uint8Array | ArrayBuffer, meta: GameMeta, o: HeaderOptions): RecordingHeader {
  const bytes = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  return {
    version: FORMAT_VERSION,
    title: meta.title,
    gameSha256: sha256Hex(bytes),
    gameSize: bytes.length,
    gamePath: o.gamePath,
    abi: meta.abi,
    profile: o.profile,
    seed: o.seed >>> 0,
    dt: o.dt ?? { num: 1, den: 60 },
    width: meta.width,
    height: meta.height,
    memoryEvery: o.memoryEvery ?? DEFAULT_MEMORY_EVERY,
    draws: o.draws ?? 'delta',
    engine: o.engine,
    createdBy: o.createdBy,
    initMemory: o.initMemory,
    checksum: CHECKSUM,
    ...(o.save && o.save.length > 0 ? { save: o.save } : {}),
    ...(o.limits && Object.keys(o.limits).length > 0 ? { limits: { ...o.limits } } : {}),
  };
}

export class SessionRecorder {
  readonly writer: RecordingWriter;
  private readonly text = new DrawCallText();

  constructor(
    private readonly session: ReplaySession,
    header: RecordingHeader,
    sink: (chunk: string) => void,
    private readonly decode: DecodeDrawList,
  ) {
    this.writer = new RecordingWriter(header, sink);
  }

  /** Records one step() result; call it right after step(). */
  frame(result: ReturnType<ReplaySession['step']>): void {
    let calls: string[] | undefined;
    if (this.writer.header.draws === 'delta') {
      this.text.calls = [];
      this.decode(result.drawList, this.text);
      calls = this.text.calls;
    }
    this.writer.frame({
      frame: result.frame,
      input: result.input,
      drawHash: result.hash,
      calls,
      memoryHash: this.writer.isCheckpoint(result.frame) ? this.session.memoryHash() : undefined,
    });
  }

  /** Ends the recording normally (the trailer). */
  finish(): void {
    this.writer.finish(this.session.memoryHash());
  }

  /**
   * The game stopped in the frame after the last one recorded (step() threw
   * `error`): ends the recording with that frame's input and the stop, so a
   * replay re-runs up to it and checks that the same stop happens.
   */
  finishStopped(error: unknown): void {
    const stop = stopOf(error);
    this.writer.finish(this.session.memoryHash(), stop ?? undefined);
  }
}

/**
 * What a step() failure says about the stop: kind, message and the input of
 * the stopped frame (SessionStopped carries them; see session.ts).
 */
export function stopOf(error: unknown): { kind: StopKindName; message: string; input: readonly InputEvent[] } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { info?: { kind?: unknown; message?: unknown }; input?: unknown; message?: unknown };
  const kind = typeof e.info?.kind === 'string' && (STOP_KINDS as readonly string[]).includes(e.info.kind) ? (e.info.kind as StopKindName) : 'crash';
  const message = typeof e.info?.message === 'string' ? e.info.message : typeof e.message === 'string' ? e.message : String(error);
  const input = Array.isArray(e.input) ? (e.input as InputEvent[]) : [];
  return { kind, message, input };
}
