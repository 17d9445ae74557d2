// The recording format (docs/recording.md): shared types, constants and the
// small text codecs (key events, draw calls, hashes) the writer, parser and
// replayer all use. Environment-free.

import { KEY_CODES, KEY_NAMES } from '../abi';
import { CHECKSUM_ALGORITHM } from '../drawlist';
import { f32Text, formatDeviceInput, isKeyEvent, type InputEvent, type KeyEvent } from '../input';

export type { InputEvent, KeyEvent } from '../input';

/** The checksum this build writes and can check (`checksum:` header; docs/drawlist.md). */
export const CHECKSUM = CHECKSUM_ALGORITHM;
/** The checksum of recordings without a `checksum:` line (made before it existed). */
export const LEGACY_CHECKSUM = 'fnv1a64';

/** Written as the first line: `arcade-recording <FORMAT_VERSION>`. */
export const FORMAT_MAGIC = 'arcade-recording';
/** Bump when a reader of the previous version could misread a file. */
export const FORMAT_VERSION = 1;
/**
 * Default interval of linear-memory checkpoints (frames): 5 s of play. Each
 * checkpoint hashes all of linear memory (~1 ms for 1 MiB), so much denser
 * checkpoints would cost more than running the frames.
 */
export const DEFAULT_MEMORY_EVERY = 300;


/** How draw lists are kept besides their per-frame hash. */
export type DrawStorage = 'delta' | 'none';

/** Everything above the `---` line. */
export interface RecordingHeader {
  readonly version: number;
  /** Game title from its `arcade.game` section. */
  readonly title: string;
  /** SHA-256 of the .wasm file, lowercase hex. */
  readonly gameSha256: string;
  /** Size of the .wasm file in bytes. */
  readonly gameSize: number;
  /** Where the game was when recorded (a hint for tools; may be absent). */
  readonly gamePath?: string;
  /** ABI version the game declared (0 for games of other hosts' profiles). */
  readonly abi: number;
  /** Host profile the game ran with (docs/profiles.md); absent means 'native'. */
  readonly profile?: string;
  readonly seed: number;
  /** Fixed timestep as a fraction numerator/denominator, e.g. 1/60. */
  readonly dt: { readonly num: number; readonly den: number };
  readonly width: number;
  readonly height: number;
  /** A memory checkpoint (`m=`) is written every this many frames, and at the end. */
  readonly memoryEvery: number;
  readonly draws: DrawStorage;
  /** Engine the recording was made on (informational: every engine must agree). */
  readonly engine?: string;
  /** Free text: what made it. */
  readonly createdBy?: string;
  /** Memory hash after init(), before the first frame. */
  readonly initMemory?: string;
  /**
   * Algorithm of the `d=`/`m=`/`init-memory` checksums (`checksum:` header;
   * absent in older files, which used LEGACY_CHECKSUM).
   */
  readonly checksum: string;
  /** Extension fields (`x-name: value`), kept verbatim. */
  readonly extra?: Readonly<Record<string, string>>;
  /** ABI v2: the save data the session started with (`save:` header, base64); absent: none. */
  readonly save?: Uint8Array;
  /**
   * The user's resource-limit overrides the session ran with (`limits:`
   * header; LIMIT_KEYS key → value in the key's unit, docs/abi.md "Resource
   * limits"); absent: none, the game ran under its own limits. Replays run
   * under the same ones.
   */
  readonly limits?: Readonly<Record<string, number>>;
}

/** One edit of the previous frame's draw call list (see drawtext.ts). */
export type DrawOp =
  | { readonly op: 'set'; readonly index: number; readonly call: string }
  | { readonly op: 'ins'; readonly index: number; readonly call: string }
  | { readonly op: 'del'; readonly index: number; readonly count: number };

export interface FrameRecord {
  /** Frame number, 1-based: the Nth call of update()/draw(). */
  readonly frame: number;
  /** Input events applied at the start of this frame, in order. */
  readonly input: readonly InputEvent[];
  /** Draw-list hash as the session reports it. */
  readonly drawHash: string;
  /** Linear-memory hash after the frame (checkpoint frames only). */
  readonly memoryHash?: string;
  /** Edits turning the previous frame's draw calls into this frame's ('delta' storage). */
  readonly ops?: readonly DrawOp[];
  /** 1-based line number in the file (0 for frames not read from a file). */
  readonly line: number;
}

export interface RecordingTrailer {
  readonly frames: number;
  readonly memoryHash: string;
  readonly line: number;
}

/** Why a session stopped (the `kind` of src/host/protocol.ts StopInfo). */
export type StopKindName = 'trap' | 'contract' | 'watchdog' | 'load' | 'crash' | 'limit';
export const STOP_KINDS: readonly StopKindName[] = ['trap', 'contract', 'watchdog', 'load', 'crash', 'limit'];

/**
 * The game stopped (trapped, broke the contract, tripped the watchdog) in
 * this frame instead of finishing it: the `stop` line before the trailer.
 */
export interface RecordingStop {
  /** The frame that stopped: the one after the last complete frame. */
  readonly frame: number;
  /** Input events applied at the start of that frame. */
  readonly input: readonly InputEvent[];
  readonly kind: StopKindName;
  readonly message: string;
  readonly line: number;
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly frames: readonly FrameRecord[];
  /** Set when the recording ends with the game stopping (a recording of a crash). */
  readonly stop?: RecordingStop;
  /** Absent when the recording was cut short (crash, kill, still being written). */
  readonly trailer?: RecordingTrailer;
  /** Set when the file ends without a trailer: what was cut and where. */
  readonly truncation?: string;
}

// ---- key events -------------------------------------------------------------

const NAME_TO_CODE = new Map<string, number>();
for (const code of Object.keys(KEY_NAMES)) NAME_TO_CODE.set(keyName(Number(code)), Number(code));
for (const [domCode, code] of Object.entries(KEY_CODES)) if (!NAME_TO_CODE.has(domCode)) NAME_TO_CODE.set(domCode, code);

/**
 * Name of a key code in recordings and scripts: the ABI's name (`ArrowLeft`,
 * `Space`, `A`), `Digit5` for digits, or the bare decimal code when the ABI
 * has no name for it.
 */
export function keyName(code: number): string {
  const name = KEY_NAMES[code];
  if (name === undefined) return String(code);
  return /^[0-9]$/.test(name) ? `Digit${name}` : name;
}

/** Inverse of keyName; also accepts DOM codes (`KeyA`, `ShiftLeft`) and decimal codes. Undefined if unknown. */
export function parseKeyName(token: string): number | undefined {
  if (/^[0-9]{1,10}$/.test(token)) {
    const n = Number(token);
    return n <= 0xffffffff ? n : undefined;
  }
  return NAME_TO_CODE.get(token);
}

export function formatKeyEvent(e: KeyEvent): string {
  return `${e.down ? '+' : '-'}${keyName(e.code)}`;
}

/** A key or device event as its recording token (docs/recording.md). */
export function formatInputEvent(e: InputEvent): string {
  return isKeyEvent(e) ? formatKeyEvent(e) : formatDeviceInput(e);
}

// ---- numbers and colours ----------------------------------------------------

/** Shortest decimal that reads back as the same f32 (all draw-list numbers are f32). */
export const formatF32 = f32Text;

export function formatColour(rgba: number): string {
  return '#' + (rgba >>> 0).toString(16).padStart(8, '0');
}

export function isHex(s: string): boolean {
  return /^[0-9a-f]+$/.test(s);
}

/** Hash strings accepted in `d=`/`m=`: lowercase hex, 8 to 128 digits. */
export function isHashToken(s: string): boolean {
  return s.length >= 8 && s.length <= 128 && isHex(s);
}
