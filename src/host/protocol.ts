// Messages between the renderer (UI) and the game worker (Electron utility
// process, Web Worker, or in-process for the CLI). Every message is plain
// structured-cloneable data; draw lists travel as ArrayBuffers.

import type { GameMeta } from './abi';
import type { DeviceInput } from './input';
import type { Tone } from './drawlist';
import type { ProfileName } from './profiles/profile';

export type EngineName = 'interp' | 'jit';

/** The engine games run on unless a user picks one: the JIT (the interpreter is the reference). */
export const DEFAULT_ENGINE: EngineName = 'jit';

/** Why a session stopped running the game. */
export type StopKind =
  | 'trap' // the game trapped (unreachable, out-of-bounds, divide by zero, ...)
  | 'contract' // the game broke the host ABI (missing export, wrong signature, bad pointer, ...)
  | 'watchdog' // one frame ran longer than the frame budget (infinite loop?)
  | 'limit' // the game asked for more of a resource than its budget (message: `limit: <resource> <value> exceeds <limit>`)
  | 'load' // the file is not a valid WebAssembly module
  | 'crash'; // the worker itself died or stopped answering

export interface StopInfo {
  readonly kind: StopKind;
  /** One line a person can act on, naming the export/import/trap. */
  readonly message: string;
  /** Frame number the problem happened in, when one was running. */
  readonly frame?: number;
  /** WebAssembly stack, innermost first, e.g. ["breakout::Ball::step (func 12)", ...]. */
  readonly wasmStack?: readonly string[];
}

/** Renderer → worker. */
export type ToWorker =
  /** `save`: ABI v2 save data the game starts with (the app's stored save for the game's saveKey). */
  | {
      readonly type: 'load';
      readonly wasm: ArrayBuffer;
      readonly seed: number;
      readonly engine?: EngineName;
      readonly fileName?: string;
      readonly save?: ArrayBuffer;
      /**
       * The page is still reading the game's stored save: it follows in a
       * `save` message of this load's epoch. The worker compiles the game
       * meanwhile and runs none of its code before the save is there.
       */
      readonly saveFollows?: boolean;
      /**
       * The page answers every `frame` with `drawn` once it has drawn (or
       * dropped) it: the worker then has at most one frame in flight and keeps
       * only the newest of the frames it runs meanwhile (back-pressure;
       * src/host/runner.ts).
       */
      readonly ackFrames?: boolean;
      /**
       * The page's number for this load: every message the worker posts from
       * now on carries it (`epoch` on FromWorker), so the page can tell what is
       * still in flight from a game it has moved on from (a thumbnail's, a
       * game it left) without replacing the worker.
       */
      readonly epoch?: number;
    }
  /** The save a `load` with `saveFollows` starts with (none: no stored save, or one that could not be used). */
  | { readonly type: 'save'; readonly epoch?: number; readonly save?: ArrayBuffer }
  /** The page drew (or dropped) the last frame it was sent: the worker may send the next. `epoch`: the load the frame was of (a late answer for a game since replaced is ignored). */
  | { readonly type: 'drawn'; readonly epoch?: number }
  | { readonly type: 'key'; readonly code: number; readonly down: boolean }
  /** ABI v2: a pointer or gamepad event for the start of the next frame. */
  | { readonly type: 'input'; readonly event: DeviceInput }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  /** Advance exactly one frame while paused. */
  | { readonly type: 'step' }
  /** Run `factor` frames per 60 Hz tick (replay fast-forward); 1 is real time. */
  | { readonly type: 'speed'; readonly factor: number }
  | { readonly type: 'restart'; readonly seed: number }
  /** `arcade dev --hot`: run this build from the current state (memory, frame) if its layout allows; answered by `hot`. */
  | { readonly type: 'hot'; readonly wasm: ArrayBuffer }
  // Recording and replay (src/host/recording/live.ts, docs/recording.md):
  /** Restart the game with `seed` and record from its first frame (`gamePath`: where the game lives, for the header). */
  | { readonly type: 'record-start'; readonly seed: number; readonly gamePath?: string }
  /** Finish the recording (the worker posts the trailer, then `record-stopped`). */
  | { readonly type: 'record-stop' }
  /** Restart with the recording's seed and play its input, checking every frame. */
  | { readonly type: 'replay'; readonly recording: string; readonly name?: string; readonly anyBuild?: boolean }
  /** Stop replaying; the keyboard takes over from the current frame. */
  | { readonly type: 'replay-stop' };

/**
 * Worker → renderer. Each carries `epoch`, the number of the last `load` the
 * worker received (absent before the first and for a load without one).
 */
export type FromWorker = (
  /**
   * `profile`: the host profile the game runs under (docs/profiles.md);
   * `createMs`: how long the worker took to start the session (decode,
   * validate, wait for a `save` still to come, instantiate and the game's
   * `init`), by the worker's clock; `kept`: the game started on a module the
   * worker had compiled before (src/host/module-cache.ts).
   */
  | { readonly type: 'loaded'; readonly meta: GameMeta; readonly engine: EngineName; readonly profile?: ProfileName; readonly createMs?: number; readonly kept?: boolean }
  | {
      readonly type: 'frame';
      readonly frame: number;
      /** Encoded draw list (see src/host/drawlist.ts, docs/drawlist.md). */
      readonly drawList: ArrayBuffer;
      /** This frame's events (images, sounds, saves, tones) were sent before, in an `events` message: do not apply them again. */
      readonly eventsSent?: boolean;
    }
  /**
   * The events of a frame that waits for the page (back-pressure): a draw list
   * of only its ABI v2 events and tones, to apply at once. The frame itself
   * follows later with `eventsSent`, or is replaced by a newer one.
   */
  | { readonly type: 'events'; readonly frame: number; readonly drawList: ArrayBuffer }
  | { readonly type: 'log'; readonly frame: number; readonly message: string }
  | { readonly type: 'record-started'; readonly seed: number }
  /** The next piece of the recording text (header, then one per frame, then the trailer): append them in order. */
  | { readonly type: 'record-chunk'; readonly text: string }
  | { readonly type: 'record-stopped'; readonly frames: number }
  | { readonly type: 'replay-started'; readonly total: number; readonly title: string; readonly notes: readonly string[] }
  /** The first frame that differs from the recording, with the report `arcade replay` prints. */
  | { readonly type: 'replay-diverged'; readonly frame: number; readonly report: string }
  /** The replay is over: ran to the end (`complete`), was stopped, or the game stopped. */
  | { readonly type: 'replay-ended'; readonly ok: boolean; readonly complete: boolean; readonly frames: number; readonly report: string }
  /** A recording could not be started or replayed (unreadable file, another game, ...). */
  | { readonly type: 'replay-error'; readonly message: string }
  | { readonly type: 'stopped'; readonly info: StopInfo }
  /** Answer to `hot`: swapped (the game goes on from its state), or why not (nothing changed; restart instead). */
  | { readonly type: 'hot'; readonly swapped: boolean; readonly message: string }
) & { readonly epoch?: number };

/**
 * Receives the commands of one draw list in order, without allocating per
 * command (only draw_text's string is created). Colours are 0xRRGGBBAA as
 * unsigned 32-bit numbers.
 */
export interface DrawListVisitor {
  clear(rgba: number): void;
  rect(x: number, y: number, w: number, h: number, rgba: number): void;
  circle(cx: number, cy: number, radius: number, rgba: number): void;
  line(x1: number, y1: number, x2: number, y2: number, thickness: number, rgba: number): void;
  text(text: string, x: number, y: number, size: number, rgba: number): void;
  /** A filled triangle through three points. */
  triangle(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void;
  /**
   * An indexed image (2 bits per pixel, see DrawListBuilder.framebuffer) drawn
   * pixel-exact into the rectangle x, y, w, h through `palette` (4 colours).
   * `pixels` and `palette` are views into the draw list: copy what you keep.
   */
  framebuffer(pixels: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number, palette: Uint32Array): void;
  /** A sound command (draws nothing). */
  tone(tone: Tone): void;
  // ABI v2 (docs/drawlist.md). Optional: a visitor that leaves one out skips those commands.
  /** The current transform from here on: x' = a·x + c·y + e, y' = b·x + d·y + f. */
  transform?(a: number, b: number, c: number, d: number, e: number, f: number): void;
  /** A filled convex polygon; `points` (x0, y0, x1, y1, …) is a view valid only during the call. */
  polygon?(points: Float32Array, rgba: number): void;
  ring?(cx: number, cy: number, radius: number, thickness: number, rgba: number): void;
  image?(id: number, sx: number, sy: number, sw: number, sh: number, x: number, y: number, w: number, h: number, angle: number, ox: number, oy: number, flags: number, rgba: number): void;
  /** A new image; `rgba` (width × height × 4 bytes, R first) is a view valid only during the call. */
  imageCreate?(id: number, width: number, height: number, rgba: Uint8Array): void;
  imageFree?(id: number): void;
  /** ABI v2's tone (`note` in draw lists; `tone` is the WASM-4 profile's). */
  note?(channel: number, wave: number, freq: number, freqEnd: number, duration: number, volume: number, pan: number, attack: number, decay: number, sustain: number, release: number, duty: number): void;
  /** A new PCM sample; `pcm` (samples × 2 bytes, i16 little-endian) is a view valid only during the call. */
  soundCreate?(id: number, samples: number, sampleRate: number, pcm: Uint8Array): void;
  soundPlay?(id: number, channel: number, volume: number, pan: number, rate: number): void;
  soundStop?(channel: number): void;
  /** The game's new save data (a view valid only during the call; empty: the save was deleted). */
  save?(bytes: Uint8Array): void;
}

/**
 * The two ends of a message channel, whatever carries it (MessagePort,
 * MessagePortMain, Worker, or a direct in-process pair).
 */
export interface Port<In, Out> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: In) => void): void;
}
