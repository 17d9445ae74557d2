// Host ABI: the one source of truth for what a game imports and exports.
// docs/abi.md, `arcade check`, the session's contract checks and the Rust SDK
// (games/sdk) all follow this file. Change it only together with ABI_VERSION.

/** The ABI version this host implements. A game declares the version it was written for. */
export const ABI_VERSION = 1;

/** The import module every host function lives in. */
export const IMPORT_MODULE = 'env';

/**
 * Name of the custom section in which a game declares itself: UTF-8 text,
 * one `key=value` per line (see GAME_META_KEYS).
 */
export const META_SECTION = 'arcade.game';

/** Fixed timestep: update(dt) is always called with exactly this dt (as f32). */
export const TICKS_PER_SECOND = 60;
export const FIXED_DT = 1 / TICKS_PER_SECOND;

export type AbiType = 'i32' | 'f32';

export interface AbiParam {
  readonly name: string;
  readonly type: AbiType;
  /** Rust type the SDK uses for it. */
  readonly rust: 'u32' | 'f32' | '*const u8' | 'usize';
  readonly doc: string;
}

export interface AbiFunction {
  readonly name: string;
  readonly params: readonly AbiParam[];
  readonly results: readonly AbiType[];
  readonly doc: string;
}

const p = (name: string, type: AbiType, rust: AbiParam['rust'], doc: string): AbiParam => ({ name, type, rust, doc });
const RGBA = p('rgba', 'i32', 'u32', 'colour as 0xRRGGBBAA (alpha 0xFF is opaque, 0x00 invisible)');
const PTR = p('ptr', 'i32', '*const u8', 'address of UTF-8 bytes in the exported memory');
const LEN = p('len', 'i32', 'usize', 'number of bytes');

/** Functions the host provides under module `env`. A game may import any subset. */
export const HOST_IMPORTS: readonly AbiFunction[] = [
  {
    name: 'clear',
    params: [RGBA],
    results: [],
    doc: 'Fills the whole screen with a colour. Usually the first call in draw(); everything drawn before it in the same frame is discarded.',
  },
  {
    name: 'draw_rect',
    params: [
      p('x', 'f32', 'f32', 'left edge, logical pixels'),
      p('y', 'f32', 'f32', 'top edge, logical pixels'),
      p('w', 'f32', 'f32', 'width (nothing is drawn if <= 0)'),
      p('h', 'f32', 'f32', 'height (nothing is drawn if <= 0)'),
      RGBA,
    ],
    results: [],
    doc: 'Draws a filled axis-aligned rectangle.',
  },
  {
    name: 'draw_circle',
    params: [
      p('cx', 'f32', 'f32', 'centre x, logical pixels'),
      p('cy', 'f32', 'f32', 'centre y, logical pixels'),
      p('radius', 'f32', 'f32', 'radius (nothing is drawn if <= 0)'),
      RGBA,
    ],
    results: [],
    doc: 'Draws a filled circle.',
  },
  {
    name: 'draw_line',
    params: [
      p('x1', 'f32', 'f32', 'start x'),
      p('y1', 'f32', 'f32', 'start y'),
      p('x2', 'f32', 'f32', 'end x'),
      p('y2', 'f32', 'f32', 'end y'),
      p('thickness', 'f32', 'f32', 'line width in logical pixels (nothing is drawn if <= 0)'),
      RGBA,
    ],
    results: [],
    doc: 'Draws a straight line segment with square caps: the stroke extends thickness/2 beyond both end points (like SVG\'s stroke-linecap: square).',
  },
  {
    name: 'draw_text',
    params: [
      PTR,
      LEN,
      p('x', 'f32', 'f32', 'left edge of the first character'),
      p('y', 'f32', 'f32', 'top edge of the line'),
      p('size', 'f32', 'f32', 'line height in logical pixels'),
      RGBA,
    ],
    results: [],
    doc:
      'Draws one line of text in the built-in monospace font. Every character advances exactly ' +
      'TEXT_ADVANCE × size pixels, so a game can centre text without measuring it. The bytes must be ' +
      'valid UTF-8 and lie inside memory; otherwise the session stops with an error naming draw_text.',
  },
  {
    name: 'log',
    params: [PTR, LEN],
    results: [],
    doc: 'Writes a UTF-8 message to the developer log (the app\'s log panel, the CLI\'s stderr). Does not affect the frame.',
  },
];

/** Width of one character of the built-in monospace font, as a fraction of the text size. */
export const TEXT_ADVANCE = 0.6;

export type ExportKind = 'function' | 'memory';

export interface AbiExport {
  readonly name: string;
  readonly kind: ExportKind;
  readonly required: boolean;
  /** For functions: parameter types and names. */
  readonly params?: readonly AbiParam[];
  readonly results?: readonly AbiType[];
  readonly doc: string;
}

/** What a game exports. Missing required exports or wrong signatures are rejected at load time. */
export const GAME_EXPORTS: readonly AbiExport[] = [
  { name: 'memory', kind: 'memory', required: true, doc: 'The linear memory that draw_text and log read strings from.' },
  {
    name: 'init',
    kind: 'function',
    required: false,
    params: [
      p('width', 'i32', 'u32', 'logical screen width the game declared'),
      p('height', 'i32', 'u32', 'logical screen height the game declared'),
      p('seed', 'i32', 'u32', 'random seed chosen by the session (recorded; use it for all randomness)'),
    ],
    results: [],
    doc: 'Called once, before the first frame.',
  },
  {
    name: 'update',
    kind: 'function',
    required: true,
    params: [p('dt', 'f32', 'f32', `seconds since the previous update, always exactly 1/${TICKS_PER_SECOND}`)],
    results: [],
    doc: 'Advances the game by one fixed tick. Called once per frame, after that frame\'s key events.',
  },
  { name: 'draw', kind: 'function', required: true, params: [], results: [], doc: 'Draws the current state using the draw_* imports. Called once per frame, after update.' },
  {
    name: 'key_down',
    kind: 'function',
    required: true,
    params: [p('code', 'i32', 'u32', 'key code from KEY_CODES')],
    results: [],
    doc: 'A key was pressed. Key repeat is not delivered: one key_down per physical press.',
  },
  {
    name: 'key_up',
    kind: 'function',
    required: true,
    params: [p('code', 'i32', 'u32', 'key code from KEY_CODES')],
    results: [],
    doc: 'A key was released.',
  },
];

/**
 * Key codes passed to key_down/key_up, keyed by the DOM `KeyboardEvent.code`
 * they come from. Values follow the classic DOM keyCode numbers so they are
 * familiar; letters are uppercase ASCII, digits are ASCII.
 */
export const KEY_CODES: Readonly<Record<string, number>> = Object.freeze({
  Backspace: 8,
  Tab: 9,
  Enter: 13,
  ShiftLeft: 16,
  ShiftRight: 16,
  ControlLeft: 17,
  ControlRight: 17,
  AltLeft: 18,
  AltRight: 18,
  Escape: 27,
  Space: 32,
  ArrowLeft: 37,
  ArrowUp: 38,
  ArrowRight: 39,
  ArrowDown: 40,
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`Digit${i}`, 48 + i])),
  ...Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`Key${String.fromCharCode(65 + i)}`, 65 + i])),
});

/** Human name for each key code (for logs, docs and recordings). */
export const KEY_NAMES: Readonly<Record<number, string>> = Object.freeze({
  8: 'Backspace',
  9: 'Tab',
  13: 'Enter',
  16: 'Shift',
  17: 'Control',
  18: 'Alt',
  27: 'Escape',
  32: 'Space',
  37: 'ArrowLeft',
  38: 'ArrowUp',
  39: 'ArrowRight',
  40: 'ArrowDown',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [48 + i, String(i)])),
  ...Object.fromEntries(Array.from({ length: 26 }, (_, i) => [65 + i, String.fromCharCode(65 + i)])),
});

/**
 * A per-game resource budget (docs/abi.md, "Resource limits"). Going over one
 * stops the game with a `limit` stop naming the resource, the value and the
 * limit. A game raises (or lowers) one with its metadata key in the
 * `arcade.game` section, up to `max`; a user can override it for one run
 * (`arcade run --limit key=N`, SessionOptions.limits).
 */
export interface ResourceLimit {
  /** Metadata key in the `arcade.game` section, also the name users give it. */
  readonly key: string;
  /** What is counted, for messages: `draw commands`. */
  readonly resource: string;
  /** How it is counted: `per frame`. */
  readonly unit: string;
  readonly default: number;
  /** Highest value a game or user may set. */
  readonly max: number;
  readonly doc: string;
}

export const RESOURCE_LIMITS: readonly ResourceLimit[] = [
  {
    key: 'max-draw-commands',
    resource: 'draw commands',
    unit: 'per frame',
    default: 100_000,
    max: 1_000_000,
    doc: 'Most draw commands (clear, draw_*) one frame may hold; a clear starts the count again.',
  },
  {
    key: 'max-text-bytes',
    resource: 'text bytes',
    unit: 'per frame',
    default: 262_144,
    max: 16_777_216,
    doc: 'Most bytes of draw_text text one frame may hold (the draw list\'s string table); also bounds a single draw_text call.',
  },
];

export interface MetaKey {
  readonly key: string;
  readonly required: boolean;
  readonly doc: string;
}

/** Keys of the `arcade.game` custom section. Unknown keys are rejected (typos should not pass silently). */
export const GAME_META_KEYS: readonly MetaKey[] = [
  { key: 'abi', required: true, doc: `ABI version the game was written for; this host runs version ${ABI_VERSION}.` },
  { key: 'title', required: true, doc: 'Title shown in the window and the game list (1–64 characters).' },
  { key: 'width', required: true, doc: 'Logical screen width in pixels (16–4096).' },
  { key: 'height', required: true, doc: 'Logical screen height in pixels (16–4096).' },
  { key: 'author', required: false, doc: 'Who made it.' },
  { key: 'description', required: false, doc: 'One line shown in the game list.' },
  ...RESOURCE_LIMITS.map((l) => ({ key: l.key, required: false, doc: `Raises or lowers the limit on ${l.resource} ${l.unit} (1–${l.max}; default ${l.default}; see Resource limits).` })),
];

export interface GameMeta {
  readonly abi: number;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly author?: string;
  readonly description?: string;
  /** Resource limits the game sets (RESOURCE_LIMITS keys → values); absent keys use the defaults. */
  readonly limits?: Readonly<Record<string, number>>;
}
