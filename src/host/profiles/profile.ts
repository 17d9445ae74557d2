// Host profiles: what lets GameSession run games written for different hosts.
//
// GameSession (src/host/session.ts) owns everything that must be the same for
// every game: the fixed 60 Hz clock, the frame-stamped input queue, the
// watchdog, log limits, the frame's output buffer and its hash (what
// recordings check). A profile owns everything a host ABI decides: which
// modules it accepts (`claims`, `check`), the imports it supplies, how the
// exports are driven each frame, how input reaches the game and how what the
// game draws becomes our draw list. docs/profiles.md describes each profile.
//
// The frame's output is the draw-list buffer (src/host/drawlist.ts): every
// command a frame produces that a recording must check — shapes, text, a
// framebuffer image, sound commands — is a command in that one buffer, so
// the frame hash covers all of it and replays compare all of it.

import type { GameLimits } from '../abi';
import type { DrawListBuilder } from '../drawlist';
import type { GameContract, ModuleInfo } from '../game';

/** The profiles this host implements. */
export type ProfileName = 'native' | 'demo-2018' | 'wasm4';

import type { DeviceInput, InputEvent } from '../input';

export type { KeyEvent, InputEvent } from '../input';

/** What a session offers the profile bound to it (src/host/session.ts implements it). */
export interface HostContext {
  /** The session's seed (the only randomness a game gets). */
  readonly seed: number;
  /** This frame's output: the profile appends draw (and sound) commands to it. Reset by the session before every frame. */
  readonly draw: DrawListBuilder;
  /** The game's memory as it is now (a fresh view after memory.grow), unchecked: for imports that check ranges themselves. */
  memory(): Uint8Array;
  /** The game's memory as bytes, after checking that [ptr, ptr+len) lies inside it; otherwise a contract breach naming `fn`. */
  bytes(fn: string, ptr: number, len: number): Uint8Array;
  /** Like bytes(), and the range must be valid UTF-8. */
  utf8(fn: string, ptr: number, len: number): Uint8Array;
  /** Stops the session with a contract breach (StopInfo kind 'contract'); the message says what the game did wrong. */
  breach(message: string): never;
  /** The game's resource limits (docs/abi.md, "Resource limits"); the draw list enforces draw commands and text bytes itself. */
  readonly limits: GameLimits;
  /** Stops the session with a `limit` stop: `value` of `field` went over its limit (`what`: the call, for the message). */
  overLimit(field: keyof GameLimits, value: number, what?: string): never;
  /** A line for the developer log (counted against the per-frame limit). */
  log(message: string): void;
  /** The UTF-8 bytes [ptr, ptr+len) as a log line (validated by `fn`, long lines cut). */
  logUtf8(fn: string, ptr: number, len: number): void;
  /** Save data kept for this game across sessions (empty if none); see docs/profiles.md. */
  loadSave(): Uint8Array;
  /** Replaces the game's save data: a save event in this frame's output (recordings hash it, the app stores it) and SessionOptions.onSave. */
  storeSave(data: Uint8Array): void;
}

/** A profile bound to one session: created before instantiation, used until the session ends. */
export interface ProfileBinding {
  /** The import object the module is instantiated with (module name → field → value). */
  readonly imports: Record<string, Record<string, unknown>>;
  /** Takes what it needs from the new instance's exports. Runs no game code. */
  attach(exports: Record<string, unknown>): void;
  /** The game's linear memory (valid after attach): what memory checksums cover and bytes() reads. */
  readonly memory: { readonly buffer: ArrayBuffer };
  /** Game code that runs before the first frame ("frame 0": init, start). */
  init(): void;
  /** One frame: deliver this frame's input, run the game's per-frame exports, append the output to `draw`. */
  frame(input: readonly InputEvent[]): void;
  /**
   * Which pointer and gamepad events the game takes (only those are queued and recorded).
   * Absent: those the game exports a native ABI v2 handler for.
   */
  wantsInput?(kind: DeviceInput['kind']): boolean;
}

export interface HostProfile {
  readonly name: ProfileName;
  /** One line: whose ABI this is. */
  readonly summary: string;
  /** What a module that passed check() is, for `arcade check`: "a valid ABI v1 game", "a WASM-4 cart". */
  describe(contract: GameContract): string;
  /** Every import the profile supplies, as `arcade check` lists them: `env.rect (func (param i32 i32 i32 i32))`. */
  readonly provides: readonly { readonly module: string; readonly name: string; readonly signature: string }[];
  /**
   * A quick look at the module's imports, exports and sections: does it look
   * written for this host? detectProfile() checks a module against the first
   * profile that claims it, so its errors are that profile's.
   */
  claims(info: ModuleInfo): boolean;
  /** The full contract check. Throws ContractError naming the import/export at fault. */
  check(info: ModuleInfo): GameContract;
  /** A fresh binding for one session of a game that passed check(). */
  bind(contract: GameContract, host: HostContext): ProfileBinding;
}
