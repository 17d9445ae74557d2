// Host ABI: the one source of truth for what a game imports and exports.
// docs/abi.md, `arcade check`, the session's contract checks and the Rust SDK
// (games/sdk) all follow this file. Change it only together with ABI_VERSION.

/**
 * The newest ABI version this host implements. A game declares the version it
 * was written for (`abi=` in its `arcade.game` section); every version in
 * SUPPORTED_ABI_VERSIONS runs. Version 2 adds images, transforms, polygons,
 * sound, save data, pointer and gamepad input; a v1 game sees exactly v1.
 */
export const ABI_VERSION = 2;

/** ABI versions a game may declare. */
export const SUPPORTED_ABI_VERSIONS: readonly number[] = [1, 2];

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
  readonly rust: 'u32' | 'i32' | 'f32' | '*const u8' | '*mut u8' | '*const f32' | 'usize';
  readonly doc: string;
}

export interface AbiFunction {
  readonly name: string;
  readonly params: readonly AbiParam[];
  readonly results: readonly AbiType[];
  readonly doc: string;
  /** First ABI version that has it (absent: 1). A game declaring an older version may not import it. */
  readonly since?: number;
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
  // ---- ABI v2 -------------------------------------------------------------
  {
    name: 'set_transform',
    since: 2,
    params: [
      p('a', 'f32', 'f32', 'x scale / cosine part: x\' = a·x + c·y + e'),
      p('b', 'f32', 'f32', 'y shear / sine part: y\' = b·x + d·y + f'),
      p('c', 'f32', 'f32', 'x shear / minus sine part'),
      p('d', 'f32', 'f32', 'y scale / cosine part'),
      p('e', 'f32', 'f32', 'x translation, logical pixels'),
      p('f', 'f32', 'f32', 'y translation, logical pixels'),
    ],
    results: [],
    doc:
      'Sets the current transform (a 2D affine matrix, canvas order) applied to everything drawn after it in this frame: ' +
      'rectangles, circles, lines, text, polygons and images. set_transform(1, 0, 0, 1, 0, 0) is the identity; ' +
      'every frame starts with it, and clear keeps the current one. A rotation by θ about (px, py) is ' +
      'a = cos θ, b = sin θ, c = −sin θ, d = cos θ, e = px − a·px − c·py, f = py − b·px − d·py. ' +
      'Every value must be finite (otherwise the session stops naming set_transform and the value).',
  },
  {
    name: 'draw_polygon',
    since: 2,
    params: [
      p('ptr', 'i32', '*const f32', 'address of `count` points in memory, each two little-endian f32: x then y'),
      p('count', 'i32', 'usize', `number of points, ${3} to MAX_POLYGON_POINTS`),
      RGBA,
    ],
    results: [],
    doc:
      'Draws a filled convex polygon (a triangle with 3 points). The points are read once, when the call is made. ' +
      'They must lie in memory, be finite and form a convex polygon in either winding order (collinear points are allowed); ' +
      'otherwise the session stops with an error naming draw_polygon and the point at fault.',
  },
  {
    name: 'draw_circle_outline',
    since: 2,
    params: [
      p('cx', 'f32', 'f32', 'centre x, logical pixels'),
      p('cy', 'f32', 'f32', 'centre y, logical pixels'),
      p('radius', 'f32', 'f32', 'radius to the middle of the ring (nothing is drawn if <= 0)'),
      p('thickness', 'f32', 'f32', 'ring width in logical pixels, centred on the radius (nothing is drawn if <= 0)'),
      RGBA,
    ],
    results: [],
    doc: 'Draws a circle outline (a ring).',
  },
  {
    name: 'image_create',
    since: 2,
    params: [
      p('ptr', 'i32', '*const u8', 'address of the pixel rows: RGBA8 (4 bytes per pixel, R first) or packed palette indices, most significant bits first, each row starting on a byte'),
      p('width', 'i32', 'u32', 'width in pixels, 1 to MAX_IMAGE_SIDE'),
      p('height', 'i32', 'u32', 'height in pixels, 1 to MAX_IMAGE_SIDE'),
      p('format', 'i32', 'u32', 'IMAGE_FORMATS: 32 = RGBA8; 1, 2, 4, 8 = indexed with that many bits per pixel'),
      p('palette_ptr', 'i32', '*const u8', 'indexed formats: address of the palette, one u32 0xRRGGBBAA per entry (little-endian, as a Rust u32 array); 0 for RGBA8'),
      p('palette_len', 'i32', 'usize', 'indexed formats: number of palette entries, 1 to 2^bits; 0 for RGBA8'),
    ],
    results: ['i32'],
    doc:
      'Copies an image out of memory once and returns its id (1, 2, …; ids are never reused in a session). Draw it, or any part of it ' +
      '(a sprite sheet, a tile map), with draw_image. The pixels become part of this frame\'s output (recordings hash them). ' +
      'A bad size, format, pointer or palette index, or more than MAX_IMAGES images, stops the session with an error naming image_create ' +
      'and the value; more RGBA pixels alive than the image limit (IMAGE_BUDGET_BYTES unless the game sets max-image-bytes) is a `limit` stop.',
  },
  {
    name: 'image_free',
    since: 2,
    params: [p('id', 'i32', 'u32', 'an id image_create returned and not yet freed')],
    results: [],
    doc: 'Frees an image: its pixels no longer count against the image limit and its id may not be drawn again. An unknown id stops the session.',
  },
  {
    name: 'draw_image',
    since: 2,
    params: [
      p('id', 'i32', 'u32', 'image id from image_create'),
      p('sx', 'f32', 'f32', 'source rectangle left, image pixels'),
      p('sy', 'f32', 'f32', 'source rectangle top, image pixels'),
      p('sw', 'f32', 'f32', 'source rectangle width (> 0; the rectangle must lie inside the image)'),
      p('sh', 'f32', 'f32', 'source rectangle height (> 0)'),
      p('x', 'f32', 'f32', 'where the origin point lands, logical pixels'),
      p('y', 'f32', 'f32', 'where the origin point lands, logical pixels'),
      p('w', 'f32', 'f32', 'drawn width (nothing is drawn if <= 0)'),
      p('h', 'f32', 'f32', 'drawn height (nothing is drawn if <= 0)'),
      p('angle', 'f32', 'f32', 'rotation about the origin in radians, clockwise on screen (y points down)'),
      p('ox', 'f32', 'f32', 'origin x inside the drawn rectangle (0 = its left edge, w = its right edge)'),
      p('oy', 'f32', 'f32', 'origin y inside the drawn rectangle (0 = its top edge)'),
      p('flags', 'i32', 'u32', 'IMAGE_FLAGS: 1 = flip horizontally, 2 = flip vertically (inside the rectangle)'),
      p('rgba', 'i32', 'u32', 'tint 0xRRGGBBAA multiplied into every pixel; 0xFFFFFFFF draws the image as it is, the alpha byte fades it'),
    ],
    results: [],
    doc:
      'Draws the source rectangle (sx, sy, sw, sh) of an image into a w × h rectangle whose point (ox, oy) is placed at (x, y) and ' +
      'which is rotated by angle about that point; then the current transform applies. With angle 0 and origin (0, 0), (x, y) is the ' +
      'top-left corner. The game\'s `scaling` metadata picks nearest-neighbour (pixel) or smooth filtering.',
  },
  {
    name: 'tone',
    since: 2,
    params: [
      p('channel', 'i32', 'u32', 'sound channel, 0 to SOUND_CHANNELS − 1; a new sound on a channel replaces what it was playing'),
      p('wave', 'i32', 'u32', 'TONE_WAVES: 0 square, 1 triangle, 2 sawtooth, 3 noise, 4 sine'),
      p('freq', 'f32', 'f32', 'start frequency in Hz, 20 to 20000'),
      p('freq_end', 'f32', 'f32', 'end frequency in Hz (20 to 20000), reached at the end of `duration` (exponential slide); equal to freq for none'),
      p('duration', 'f32', 'f32', 'seconds from the start until the release begins, 0 to 10'),
      p('volume', 'f32', 'f32', 'peak volume, 0 to 1'),
      p('pan', 'f32', 'f32', 'stereo position, −1 (left) to 1 (right)'),
      p('attack', 'f32', 'f32', 'seconds to rise to the peak, 0 to 10'),
      p('decay', 'f32', 'f32', 'seconds to fall from the peak to the sustain level, 0 to 10'),
      p('sustain', 'f32', 'f32', 'sustain level as a fraction of the peak, 0 to 1'),
      p('release', 'f32', 'f32', 'seconds to fade out after `duration`, 0 to 10'),
      p('duty', 'f32', 'f32', 'square wave duty cycle, 0.05 to 0.95 (0.5 is a plain square; ignored for other waves but still checked)'),
    ],
    results: [],
    doc:
      'Starts a synthesised tone at the start of this frame\'s audio (sound is an output of the frame: recordings hash it). ' +
      'A value outside its range (or not finite) stops the session with an error naming tone, the parameter and the value. Headless runs are silent.',
  },
  {
    name: 'sound_create',
    since: 2,
    params: [
      p('ptr', 'i32', '*const u8', 'address of mono PCM samples, signed 16-bit little-endian (a Rust i16 array)'),
      p('samples', 'i32', 'usize', 'number of samples (not bytes), 1 to sample_rate × MAX_SOUND_SECONDS'),
      p('sample_rate', 'i32', 'u32', 'samples per second, 4000 to 96000'),
    ],
    results: ['i32'],
    doc:
      'Copies a short PCM sample out of memory once and returns its id (1, 2, …) for sound_play. The samples become part of this frame\'s ' +
      'output. More than MAX_SOUNDS samples stops the session, naming sound_create and the value; more sample bytes in a session than the ' +
      'audio limit (AUDIO_BUDGET_BYTES unless the game sets max-audio-bytes) is a `limit` stop.',
  },
  {
    name: 'sound_play',
    since: 2,
    params: [
      p('id', 'i32', 'u32', 'sample id from sound_create'),
      p('channel', 'i32', 'u32', 'sound channel, 0 to SOUND_CHANNELS − 1'),
      p('volume', 'f32', 'f32', 'volume, 0 to 1'),
      p('pan', 'f32', 'f32', 'stereo position, −1 to 1'),
      p('rate', 'f32', 'f32', 'playback speed (and pitch) factor, 0.125 to 8; 1 plays it as recorded'),
    ],
    results: [],
    doc: 'Plays a sample once on a channel, replacing what the channel was playing.',
  },
  {
    name: 'sound_stop',
    since: 2,
    params: [p('channel', 'i32', 'u32', 'sound channel, 0 to SOUND_CHANNELS − 1')],
    results: [],
    doc: 'Silences a channel (a short fade, no click).',
  },
  {
    name: 'save_write',
    since: 2,
    params: [
      p('ptr', 'i32', '*const u8', 'address of the bytes to keep'),
      p('len', 'i32', 'usize', 'number of bytes, 0 to MAX_SAVE_BYTES (0 deletes the save)'),
    ],
    results: [],
    doc:
      'Replaces the game\'s save data (kept per game `id`, see the metadata, so a rebuilt game keeps its saves). The app stores it ' +
      'atomically at the end of the frame; save_read sees it at once. The bytes are part of this frame\'s output (recordings hash them). ' +
      'More than MAX_SAVE_BYTES stops the session with an error naming save_write and the length.',
  },
  {
    name: 'save_read',
    since: 2,
    params: [
      p('ptr', 'i32', '*mut u8', 'where to copy the save data'),
      p('cap', 'i32', 'usize', 'room at ptr in bytes; at most this many bytes are copied (0 copies nothing)'),
    ],
    results: ['i32'],
    doc:
      'Copies the save data (or its first `cap` bytes) to ptr and returns its full length; 0 means there is no save. ' +
      'Call save_read(0, 0) to learn the length. The save a session starts with is recorded, so replays read the same bytes.',
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
  /** First ABI version that calls it (absent: 1). A v1 game's export of that name is ignored. */
  readonly since?: number;
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
  // ---- ABI v2: optional input handlers (an event for a handler the game does not export is not delivered or recorded)
  {
    name: 'pointer_move',
    kind: 'function',
    required: false,
    since: 2,
    params: [p('x', 'f32', 'f32', 'pointer x in logical pixels (may lie outside the screen while a button is held)'), p('y', 'f32', 'f32', 'pointer y in logical pixels')],
    results: [],
    doc: 'The mouse or a touch moved; at most one per frame (the newest position), delivered in order with the other events.',
  },
  {
    name: 'pointer_down',
    kind: 'function',
    required: false,
    since: 2,
    params: [p('button', 'i32', 'u32', 'POINTER_BUTTONS: 0 left (or a touch), 1 middle, 2 right, 3 back, 4 forward')],
    results: [],
    doc: 'A mouse button was pressed or a finger touched the screen (a pointer_move with its position comes first).',
  },
  {
    name: 'pointer_up',
    kind: 'function',
    required: false,
    since: 2,
    params: [p('button', 'i32', 'u32', 'POINTER_BUTTONS code')],
    results: [],
    doc: 'A mouse button was released or a finger lifted.',
  },
  {
    name: 'pointer_wheel',
    kind: 'function',
    required: false,
    since: 2,
    params: [p('dx', 'f32', 'f32', 'horizontal scroll in lines (positive: right)'), p('dy', 'f32', 'f32', 'vertical scroll in lines (positive: down, towards the user)')],
    results: [],
    doc: 'The wheel turned; a frame\'s turns are added up into one event.',
  },
  {
    name: 'gamepad_connected',
    kind: 'function',
    required: false,
    since: 2,
    params: [p('pad', 'i32', 'u32', `gamepad slot, 0 to MAX_GAMEPADS − 1`), p('connected', 'i32', 'u32', '1 connected, 0 disconnected')],
    results: [],
    doc: 'A gamepad (with the standard mapping) was connected or disconnected. A disconnect first releases its buttons and centres its axes.',
  },
  {
    name: 'gamepad_button',
    kind: 'function',
    required: false,
    since: 2,
    params: [
      p('pad', 'i32', 'u32', 'gamepad slot'),
      p('button', 'i32', 'u32', 'GAMEPAD_BUTTONS index (the browser Gamepad API standard mapping: 0 A/bottom, 1 B/right, …, 12–15 d-pad)'),
      p('value', 'f32', 'f32', 'how far it is pressed, 0 (released) to 1; triggers give values between'),
    ],
    results: [],
    doc: 'A gamepad button changed (by at least 1/256 for analogue buttons).',
  },
  {
    name: 'gamepad_axis',
    kind: 'function',
    required: false,
    since: 2,
    params: [
      p('pad', 'i32', 'u32', 'gamepad slot'),
      p('axis', 'i32', 'u32', 'GAMEPAD_AXES index: 0 left stick x, 1 left stick y, 2 right stick x, 3 right stick y'),
      p('value', 'f32', 'f32', '−1 to 1 (y: −1 is up), in steps of 1/256; a dead zone of GAMEPAD_DEAD_ZONE reads 0'),
    ],
    results: [],
    doc: 'A gamepad stick moved.',
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

// ---- ABI v2 constants ---------------------------------------------------------

/** draw_polygon's largest point count. */
export const MAX_POLYGON_POINTS = 64;
/** image_create's formats: bits per pixel (32 = RGBA8, the others index a palette). */
export const IMAGE_FORMATS: Readonly<Record<string, number>> = Object.freeze({ RGBA8: 32, INDEXED1: 1, INDEXED2: 2, INDEXED4: 4, INDEXED8: 8 });
/** draw_image's flag bits. */
export const IMAGE_FLAGS: Readonly<Record<string, number>> = Object.freeze({ FLIP_X: 1, FLIP_Y: 2 });
/** Widest and tallest image. */
export const MAX_IMAGE_SIDE = 4096;
/** Images alive at once in a session. */
export const MAX_IMAGES = 1024;
/** RGBA bytes (4 per pixel) of all images alive at once: 32 MiB, e.g. 16 sheets of 1024×512. */
export const IMAGE_BUDGET_BYTES = 32 * 1024 * 1024;
/** Sound channels (tones and samples share them). */
export const SOUND_CHANNELS = 8;
/** tone's waveforms. */
export const TONE_WAVES: Readonly<Record<string, number>> = Object.freeze({ SQUARE: 0, TRIANGLE: 1, SAWTOOTH: 2, NOISE: 3, SINE: 4 });
/** Samples created in a session. */
export const MAX_SOUNDS = 256;
/** Longest sample, in seconds at its own rate. */
export const MAX_SOUND_SECONDS = 10;
/** PCM bytes (2 per sample) of all samples of a session: 8 MiB. */
export const AUDIO_BUDGET_BYTES = 8 * 1024 * 1024;
// ---- Resource limits (docs/abi.md, "Resource limits"; src/host/limits.ts) -----

/** Every limit a session enforces, in its own unit. */
export interface GameLimits {
  /** Largest linear memory in bytes (the engine's ResourceLimits.memoryBytes). */
  readonly memoryBytes: number;
  /** Most entries a table may have, at instantiation and through table.grow (ResourceLimits.tableEntries). */
  readonly tableEntries: number;
  /** Commands one frame's draw list may hold (a clear starts the count again). */
  readonly drawCommands: number;
  /** Bytes of text one frame's draw list may hold; also bounds a single text call. */
  readonly textBytes: number;
  /** RGBA bytes of the ABI v2 images alive at once. */
  readonly imageBytes: number;
  /** PCM bytes of the ABI v2 samples a session creates. */
  readonly audioBytes: number;
}

/** A limit a game sets in its `arcade.game` section and a user with `--limit`. */
export interface LimitKey {
  /** The key, in `arcade.game` and in `--limit KEY=N`. */
  readonly key: string;
  readonly field: keyof GameLimits;
  /** What is counted and how, for messages: `draw commands` … `per frame`. */
  readonly resource: string;
  readonly unit: string;
  /** Limit units per key unit (memory_mib counts MiB). */
  readonly scale: number;
  readonly min: number;
  readonly max: number;
  /** The ABI version that introduced the key (metadata keys' `since`). */
  readonly since?: number;
  readonly doc: string;
}

/** A game's resource limits unless the game or the user sets them. */
export const GAME_LIMITS: GameLimits = {
  memoryBytes: 256 * 1024 * 1024,
  tableEntries: 1_000_000,
  drawCommands: 100_000,
  textBytes: 256 * 1024,
  imageBytes: IMAGE_BUDGET_BYTES,
  audioBytes: AUDIO_BUDGET_BYTES,
};

const MIB = 1024 * 1024;

export const LIMIT_KEYS: readonly LimitKey[] = [
  {
    key: 'memory_mib', field: 'memoryBytes', resource: 'memory', unit: 'bytes', scale: MIB, min: 16, max: 4096,
    doc: 'Most linear memory the game may use, in MiB (16–4096; default 256): raises or lowers the memory limit.',
  },
  {
    key: 'max-draw-commands', field: 'drawCommands', resource: 'draw commands', unit: 'per frame', scale: 1, min: 1, max: 1_000_000,
    doc: `Most draw commands one frame may hold (1–1000000; default ${GAME_LIMITS.drawCommands}; a clear starts the count again).`,
  },
  {
    key: 'max-text-bytes', field: 'textBytes', resource: 'text bytes', unit: 'per frame', scale: 1, min: 1, max: 16 * MIB,
    doc: `Most bytes of text one frame may draw (1–16777216; default ${GAME_LIMITS.textBytes}).`,
  },
  {
    key: 'max-image-bytes', field: 'imageBytes', resource: 'image bytes', unit: 'alive', scale: 1, min: 1, max: 256 * MIB, since: 2,
    doc: `Most RGBA bytes (4 per pixel) of images alive at once (1–268435456; default ${GAME_LIMITS.imageBytes}).`,
  },
  {
    key: 'max-audio-bytes', field: 'audioBytes', resource: 'sample bytes', unit: 'per session', scale: 1, min: 1, max: 64 * MIB, since: 2,
    doc: `Most PCM bytes (2 per sample) of the samples a session creates (1–67108864; default ${GAME_LIMITS.audioBytes}).`,
  },
];

/** Largest save. */
export const MAX_SAVE_BYTES = 64 * 1024;
/** Gamepad slots. */
export const MAX_GAMEPADS = 4;
/** Buttons and axes of the Gamepad API's standard mapping. */
export const GAMEPAD_BUTTONS = 17;
export const GAMEPAD_AXES = 4;
/** Stick values closer to 0 than this read 0. */
export const GAMEPAD_DEAD_ZONE = 0.1;
/** Pointer buttons (DOM MouseEvent.button numbers). */
export const POINTER_BUTTONS = 5;

/** Names of the standard-mapping gamepad buttons, by index (W3C Gamepad "standard" layout). */
export const GAMEPAD_BUTTON_NAMES: readonly string[] = [
  'A (bottom)', 'B (right)', 'X (left)', 'Y (top)', 'left bumper', 'right bumper', 'left trigger', 'right trigger',
  'select / back', 'start', 'left stick press', 'right stick press', 'd-pad up', 'd-pad down', 'd-pad left', 'd-pad right', 'home',
];

/**
 * Keys the app keeps for itself and never delivers to a game (in the app; a
 * recording or `arcade run` delivers whatever it holds). KeyboardEvent.code → what it does.
 */
export const APP_KEYS: Readonly<Record<string, string>> = Object.freeze({
  KeyP: 'pause / resume; never reaches the game in the app',
  Escape:
    'pause / resume; never reaches the game in the app (a recording or `arcade run --press` can still deliver code 27, so an Esc menu ' +
    'would work in replays but not for players: use another key, e.g. Tab or Backspace)',
  KeyR: 'restart with a new seed, only once the game has stopped; while it runs, R goes to the game',
  F11: 'full screen (not a game key)',
  F9: 'start / stop recording (not a game key)',
  F10: 'replay a recording (not a game key)',
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

export interface MetaKey {
  readonly key: string;
  readonly required: boolean;
  readonly doc: string;
  /** First ABI version that accepts it (absent: 1). */
  readonly since?: number;
}

/** Keys of the `arcade.game` custom section. Unknown keys are rejected (typos should not pass silently). */
export const GAME_META_KEYS: readonly MetaKey[] = [
  { key: 'abi', required: true, doc: `ABI version the game was written for; this host runs versions ${SUPPORTED_ABI_VERSIONS.join(' and ')}.` },
  { key: 'title', required: true, doc: 'Title shown in the window and the game list (1–64 characters).' },
  { key: 'width', required: true, doc: 'Logical screen width in pixels (16–4096).' },
  { key: 'height', required: true, doc: 'Logical screen height in pixels (16–4096).' },
  { key: 'author', required: false, doc: 'Who made it.' },
  { key: 'description', required: false, doc: 'One line shown in the game list.' },
  {
    key: 'id',
    required: false,
    since: 2,
    doc: 'Stable identity for save data: 1–64 characters from a–z, 0–9, `.`, `_`, `-` (e.g. `com.example.rocks`). Saves are kept per id (the title if absent), not per file hash, so a rebuilt game keeps them.',
  },
  {
    key: 'scaling',
    required: false,
    since: 2,
    doc: '`pixel` (default): images are drawn nearest-neighbour and the screen is scaled by whole numbers when it fits; `smooth`: images are filtered (bilinear) and the screen fills the window.',
  },
  {
    key: 'score',
    required: false,
    since: 2,
    doc: 'Where the best score lives in the save data, as `TYPE@OFFSET` (TYPE one of `u8`, `u16le`, `u16be`, `u32le`, `u32be`, `i32le`, `i32be`, `f64le`; OFFSET 0–65535 bytes), e.g. `u32le@0`. The game library reads it from the saved data and shows it as the best score on the game\'s card.',
  },
  ...LIMIT_KEYS.map((k) => ({ key: k.key, required: false, doc: k.doc, ...(k.since ? { since: k.since } : {}) })),
];

/** Values of the `scaling` metadata key. */
export type Scaling = 'pixel' | 'smooth';

export interface GameMeta {
  readonly abi: number;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly author?: string;
  readonly description?: string;
  /** ABI v2: save-data identity (defaults to the title: see saveKey). */
  readonly id?: string;
  /** ABI v2: image filtering and screen scaling (default 'pixel'). */
  readonly scaling?: Scaling;
  /** ABI v2: where the best score is in the save data (see bestScore). */
  readonly score?: ScoreField;
  /** The game's own memory limit in MiB (docs/abi.md, "Resource limits"). */
  readonly memory_mib?: number;
  /** Every resource limit the game sets (LIMIT_KEYS key → value in the key's unit), memory_mib included. */
  readonly limits?: Readonly<Record<string, number>>;
}

/** The number types a `score` metadata key may name, with their byte sizes. */
export const SCORE_TYPES = { u8: 1, u16le: 2, u16be: 2, u32le: 4, u32be: 4, i32le: 4, i32be: 4, f64le: 8 } as const;

/** A parsed `score=TYPE@OFFSET` metadata value. */
export interface ScoreField {
  readonly type: keyof typeof SCORE_TYPES;
  readonly offset: number;
}

/** Parses a `score` metadata value (`u32le@0`); returns undefined when it is not one. */
export function parseScoreField(value: string): ScoreField | undefined {
  const m = /^([a-z0-9]+)@([0-9]{1,5})$/.exec(value);
  if (!m || !Object.hasOwn(SCORE_TYPES, m[1]) || Number(m[2]) > 0xffff) return undefined;
  return { type: m[1] as ScoreField['type'], offset: Number(m[2]) };
}

/**
 * The best score a game's save data holds, read where its `score` metadata says; undefined when the game
 * declares no score field, has no save, or the save is too short to hold it (a non-finite f64 too).
 */
export function bestScore(field: ScoreField | undefined, save: Uint8Array | undefined): number | undefined {
  if (!field || !save || field.offset + SCORE_TYPES[field.type] > save.length) return undefined;
  const view = new DataView(save.buffer, save.byteOffset + field.offset, SCORE_TYPES[field.type]);
  switch (field.type) {
    case 'u8': return view.getUint8(0);
    case 'u16le': return view.getUint16(0, true);
    case 'u16be': return view.getUint16(0, false);
    case 'u32le': return view.getUint32(0, true);
    case 'u32be': return view.getUint32(0, false);
    case 'i32le': return view.getInt32(0, true);
    case 'i32be': return view.getInt32(0, false);
    case 'f64le': {
      const v = view.getFloat64(0, true);
      return Number.isFinite(v) ? v : undefined;
    }
  }
}

/** The key a game's save data is stored under: its declared id, else its title. */
export function saveKey(meta: Pick<GameMeta, 'id' | 'title'>): string {
  return meta.id !== undefined ? `id:${meta.id}` : `title:${meta.title}`;
}
