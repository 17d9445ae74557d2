// GameSession: one running game and everything that affects its frames — the
// fixed clock, the seed, the input queue, the watchdog and the engine
// instance. What a host ABI decides (the imports, how exports are driven each
// frame, how input reaches the game, what its output becomes) belongs to the
// game's host profile (src/host/profiles, docs/profiles.md); there is no
// per-profile code here. Nothing here reads wall time or talks to the renderer, so the same
// wasm + seed + input per frame always gives the same draw lists and memory:
// recordings and replays are built on that.
//
// Frames are numbered from 1: the first step() runs and returns frame 1, after
// which `frame` (frames completed) is 1. init() runs "in frame 0".

import { MAX_SAVE_BYTES, type GameMeta } from './abi';
import { GAME_LIMITS, limitMessage, limitsFromKeys, type GameLimits } from './limits';
import { checkDeviceInput, DeviceState, INPUT_EXPORTS, isKeyEvent, type DeviceInput, type InputEvent } from './input';
import { DrawListBuilder, firstInvalidUtf8, hashBytes, hashDrawList } from './drawlist';
import { describeModule, formatFrame, isTrap } from './engine';
import { collapseRepeats, isPanicMachinery, panicText, parsePanic, stackOverflow } from './stop-text';
import { CompileError, CompileInterrupted, Instance, LimitError, Memory, Module, memoryBytes, moduleEngine } from '../runtime/index';
import { ContractError, type GameContract, type ModuleExport, type ModuleImport, type ModuleInfo } from './game';
import type { BudgetRoute, CachedGame, ModuleCache } from './module-cache';
import { DEFAULT_ENGINE, type EngineName, type StopInfo, type StopKind } from './protocol';
import { detectProfile, type HostContext, type HostProfile, type ProfileBinding, type ProfileName } from './profiles/index';

export type { KeyEvent, InputEvent, DeviceInput } from './input';

export interface FrameResult {
  /** The frame just run (1 for the first step). */
  readonly frame: number;
  /**
   * This frame's whole output, encoded as a draw list (a fresh buffer, the
   * receiver's to keep): shapes and text, and for profiles that have them a
   * framebuffer image and sound commands (docs/drawlist.md).
   */
  readonly drawList: ArrayBuffer;
  /**
   * hashDrawList(drawList): what recordings store and replays compare. Worked
   * out when first read: a frame that carries a game's images is hundreds of
   * KB, and hashing it on V8's baseline code (the first frame) took 6–25 ms of
   * the worker's way to the first picture when nothing needed the hash.
   */
  readonly hash: string;
  /** Input events delivered at the start of this frame, in order (what a recording stores). */
  readonly input: readonly InputEvent[];
}

/** A step's FrameResult, its hash made on first read. */
class SteppedFrame implements FrameResult {
  #hash: string | undefined;
  constructor(readonly frame: number, readonly drawList: ArrayBuffer, readonly input: readonly InputEvent[]) {}
  get hash(): string {
    return (this.#hash ??= hashDrawList(this.drawList));
  }
}

export interface SessionOptions {
  /** Passed to the game's init (as u32); the only source of randomness a game gets. */
  readonly seed: number;
  /** Which tier of our engine runs the game (default DEFAULT_ENGINE, the JIT). */
  readonly engine?: EngineName;
  /** The host profile to run the game with; default: detected from its imports and exports (docs/profiles.md). */
  readonly profile?: ProfileName;
  /** Watchdog budget per frame, in ms of `now()`. Default 2000 (an endless loop, not a slow frame on a busy machine). */
  readonly frameBudgetMs?: number;
  /**
   * Watchdog budget for start-up: the start function, init and frame 1, which run cold code (V8 still
   * compiling the host, the game still on the interpreter tier). Default: frameBudgetMs when that is given,
   * else 2500 (below the app page's 3 s watchdog for a running game).
   */
  readonly startBudgetMs?: number;
  /** Monotonic clock in ms for the watchdog only; without it there is no watchdog. */
  readonly now?: () => number;
  /** Receives the game's log() messages with the frame they were written in. */
  readonly onLog?: (frame: number, message: string) => void;
  /**
   * The game's save data at the start (default: none). Part of what decides
   * its frames, so recordings store it. Over MAX_SAVE_BYTES it is not used:
   * the session starts without a save and says why (`saveProblem`, the log).
   * A promise (the save still being read): `create` compiles the game
   * meanwhile and runs none of its code before it settles; if it rejects,
   * so does `create`.
   */
  readonly saveData?: Uint8Array | PromiseLike<Uint8Array | undefined>;
  /** Receives the game's save data (a copy) whenever the game writes it; the app persists it. */
  readonly onSave?: (data: Uint8Array) => void;
  /** Longest the engine may take to validate and translate the game, in ms of `now()` (default 10000). */
  readonly compileBudgetMs?: number;
  /**
   * The user's resource limits for this game (docs/abi.md, "Resource
   * limits"): they win over the game's own (its `arcade.game` keys), which win
   * over GAME_LIMITS.
   */
  readonly limits?: Partial<GameLimits>;
  /**
   * Hot swap (`arcade dev --hot`): instead of calling init, take over this
   * session's linear memory, frame count and held keys. The caller checks
   * first that the memory layout allows it (hotSwapBlocker in ./hot).
   */
  readonly takeOver?: GameSession;
  /**
   * Compiled games to reuse and keep (the app's game worker holds one): a
   * session of bytes compiled before for the same engine starts on the code
   * the earlier sessions lowered and translated (./module-cache).
   */
  readonly modules?: ModuleCache<ModuleInfo>;
}

export { GAME_LIMITS };

/** Thrown by create() and step() when the session cannot go on; carries the StopInfo. */
export class SessionStopped extends Error {
  constructor(
    readonly info: StopInfo,
    /** Input events delivered at the start of the frame that stopped (a recording of a crash keeps them). */
    readonly input: readonly InputEvent[] = [],
  ) {
    super(info.message);
    this.name = 'SessionStopped';
  }
}

/** A breach detected inside a host import (bad pointer, invalid UTF-8). */
class ImportContractError extends ContractError {}

/** Thrown inside a host import to end the frame with a `limit` or `watchdog` stop (kept in `pending`). */
class HostStop extends Error {}

/** At most this many log lines per frame reach onLog; the rest are counted and reported once. */
export const MAX_LOGS_PER_FRAME = 100;
/** Longest log message passed on, in bytes; longer ones are cut. */
export const MAX_LOG_BYTES = 4096;

const DEFAULT_BUDGET_MS = 2000;
const DEFAULT_START_BUDGET_MS = 2500;
const DEFAULT_COMPILE_BUDGET_MS = 10_000;
/**
 * How far into a frame (ms of `now`) translating hot code may go: the game's
 * own code and the translation together stay within a 60 Hz frame with room
 * for drawing (engine.ts CompileBudgetOptions.frameEnd; docs/jit.md, "Compile budget").
 */
export const FRAME_TRANSLATE_MS = 10;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class GameSession {
  readonly meta: GameMeta;
  readonly seed: number;
  readonly engine: EngineName;
  readonly contract: GameContract;
  /** The host profile running the game. */
  readonly profile: ProfileName;

  private _frame = 0;
  private running = 0; // frame being run (0 during init)
  private stopInfo: StopInfo | undefined;
  /** A stop decided inside a host import (the game's code may see or wrap its exception on the way out). */
  private pending: { kind: StopKind; message: string } | undefined;
  private readonly queue: InputEvent[] = [];
  private readonly held = new Set<number>();
  /** ABI v2 pointer and gamepad bookkeeping (repeats dropped, moves merged). */
  private readonly devices = new DeviceState();
  /** Why the saveData passed in was not used, if it was not. */
  readonly saveProblem: string | undefined;
  /** The save data the session started with (what a recording stores), undefined if none. */
  readonly initialSave: Uint8Array | undefined;
  private readonly builder = new DrawListBuilder();
  private readonly budget: number;
  private readonly startBudget: number;
  /** The budget the current deadline was set with (named in watchdog stops). */
  private activeBudget = 0;
  private readonly now: (() => number) | undefined;
  /** Where the current frame's translating should stop (compileModule's frameEnd reads it). */
  private turn = { end: Infinity };
  private compiledModule: Module | undefined;
  private kept = false;
  /** A module from SessionOptions.modules: where its compile budget reads the clock and `turn` (claimBudget). */
  private route: BudgetRoute | undefined;
  private deadline = Infinity;
  private logsThisFrame = 0;
  /** The last log line and its frame: a trap right after a `panicked at` line is reported as that panic. */
  private lastLog: { frame: number; message: string } | undefined;
  private readonly onLog: (frame: number, message: string) => void;
  private readonly onSave: ((data: Uint8Array) => void) | undefined;
  /** The limits in force: the user's, over the game's own, over GAME_LIMITS. */
  readonly limits: GameLimits;
  /** The user's own overrides (SessionOptions.limits): what a recording of this session stores. */
  readonly userLimits: Partial<GameLimits>;
  private save: Uint8Array;
  private readonly binding: ProfileBinding;

  private constructor(profile: HostProfile, contract: GameContract, options: SessionOptions & { readonly saveData?: Uint8Array }) {
    this.meta = contract.meta;
    this.contract = contract;
    this.profile = profile.name;
    this.seed = options.seed >>> 0;
    this.engine = options.engine ?? DEFAULT_ENGINE;
    this.budget = options.frameBudgetMs ?? DEFAULT_BUDGET_MS;
    this.startBudget = options.startBudgetMs ?? options.frameBudgetMs ?? DEFAULT_START_BUDGET_MS;
    this.now = options.now;
    this.onLog = options.onLog ?? (() => {});
    this.onSave = options.onSave;
    // the game's own (memory_mib, max-draw-commands, …), then what the host sets, over the defaults
    this.limits = { ...GAME_LIMITS, ...limitsFromKeys(contract.meta.limits ?? {}), ...options.limits };
    this.userLimits = { ...options.limits };
    this.builder.budget = {
      commands: this.limits.drawCommands,
      textBytes: this.limits.textBytes,
      over: (resource, value) => (resource === 'commands' ? this.overLimit('drawCommands', value) : this.overLimit('textBytes', value)),
      tick: (what) => this.checkClock(what),
    };
    const save = options.saveData;
    if (save && save.length > MAX_SAVE_BYTES) {
      this.saveProblem = `the save data is ${save.length} bytes, over the ${MAX_SAVE_BYTES}-byte limit: the game starts without a save`;
    }
    this.initialSave = this.saveProblem || !save || save.length === 0 ? undefined : save.slice();
    this.save = this.initialSave ? this.initialSave.slice() : new Uint8Array(0);
    this.binding = profile.bind(contract, this.hostContext());
  }

  /**
   * Compiles the game on our engine, chooses its profile and checks its
   * contract, instantiates it and runs its init (the profile's: init(width,
   * height, seed) for native games). Rejects with SessionStopped (kind
   * 'load', 'contract', 'trap' or 'watchdog').
   */
  static async create(wasm: Uint8Array | ArrayBuffer, options: SessionOptions): Promise<GameSession> {
    const turn = { end: Infinity };
    const { module, profile, contract, route, kept } = await compileGame(wasm, options, turn);
    const saveData = await options.saveData;
    const session = new GameSession(profile, contract, { ...options, saveData });
    session.turn = turn;
    session.route = route;
    session.kept = kept;
    session.claimBudget();
    const { refused } = moduleEngine(module);
    if (refused !== undefined) session.onLog(0, `[engine] the ${session.engine} engine declined this game (${refused}): it runs on the interpreter`);
    session.instantiate(module, options.takeOver);
    return session;
  }

  /** The compiled game this session instantiated (one of SessionOptions.modules when kept there). */
  get module(): Module {
    return this.compiledModule!;
  }

  /** Whether this session's module was compiled for an earlier session (SessionOptions.modules). */
  get moduleKept(): boolean {
    return this.kept;
  }

  /** Frames completed. */
  get frame(): number {
    return this._frame;
  }

  /** Why the session stopped, once it has. */
  get stopped(): StopInfo | undefined {
    return this.stopInfo;
  }

  /**
   * Queues a key event for the start of the next frame. Events are delivered
   * in order; a press of a key that is already down and a release of a key
   * that is not down are dropped (there is no key repeat).
   */
  queueKey(code: number, down: boolean): void {
    if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) throw new RangeError(`key code must be a u32, got ${code}`);
    if (down === this.held.has(code)) return;
    if (down) this.held.add(code);
    else this.held.delete(code);
    this.queue.push({ code, down });
  }

  /**
   * ABI v2: queues a pointer or gamepad event (or a key) for the start of
   * the next frame, in order with the keys. An event for a handler the game
   * does not export is dropped, and so are repeats (see DeviceState). Throws
   * RangeError for a malformed event.
   */
  queueInput(event: InputEvent): void {
    if (isKeyEvent(event)) return this.queueKey(event.code, event.down);
    const problem = checkDeviceInput(event);
    if (problem) throw new RangeError(problem);
    this.devices.offer(event, this.queue, (kind) => this.wants(kind));
  }

  /**
   * Whether events of `kind` are queued (and so recorded): those the game has
   * a handler for, and a pad's connection whenever it handles any pad event
   * (a replay must know the pad is there before its buttons count).
   */
  private wants(kind: DeviceInput['kind']): boolean {
    if (this.binding.wantsInput) return this.binding.wantsInput(kind);
    const has = (name: string) => this.contract.exports.includes(name);
    if (kind === 'gamepad-connected') return has('gamepad_connected') || has('gamepad_button') || has('gamepad_axis');
    return has(INPUT_EXPORTS[kind]);
  }

  /** Runs one frame: the profile delivers the queued input and runs the game's frame (update, draw). Throws SessionStopped if the game fails. */
  step(): FrameResult {
    if (this.stopInfo) throw new SessionStopped(this.stopInfo);
    const frame = this._frame + 1;
    const input = this.queue.splice(0, this.queue.length);
    this.builder.reset(frame === 1);
    this.guard(frame, () => this.binding.frame(input), input);
    this._frame = frame;
    const drawList = this.builder.finish();
    return new SteppedFrame(frame, drawList, input);
  }

  /** Checksum (hashBytes, docs/drawlist.md) of the whole linear memory, as 16 hex digits. */
  memoryHash(): string {
    return hashBytes(memoryBytes(this.binding.memory));
  }

  /** Current size of linear memory in bytes. */
  get memorySize(): number {
    return memoryBytes(this.binding.memory).length;
  }

  /** The game's current save data (a copy). */
  get saveData(): Uint8Array {
    return this.save.slice();
  }

  private instantiate(module: Module, takeOver?: GameSession): void {
    this.compiledModule = module;
    const binding = this.binding;
    const shouldInterrupt = this.now ? () => this.now!() > this.deadline : undefined;
    let instance: { exports: Record<string, unknown> };
    // a start function runs during instantiation: it gets the watchdog too
    this.deadline = this.deadlineFor(0);
    try {
      instance = new Instance(module, binding.imports, { shouldInterrupt, limits: this.limits });
    } catch (error) {
      if (isTrap(error) || error instanceof LimitError) this.fail(0, error);
      throw new SessionStopped({ kind: 'load', message: `cannot instantiate the game: ${errorText(error)}` });
    } finally {
      this.deadline = Infinity;
    }
    binding.attach(instance.exports);
    if (this.saveProblem) this.onLog(0, this.saveProblem);
    if (takeOver) this.adopt(takeOver);
    else this.guard(0, () => binding.init());
    // init's drawing is discarded; its events (ABI v2 images, samples, saves) go out with frame 1
    this.builder.reset(true);
  }

  /** Continues where `from` is: its memory (grown to its size), frame count and held keys. */
  private adopt(from: GameSession): void {
    const old = memoryBytes(from.binding.memory);
    const memory = this.binding.memory as { buffer: ArrayBuffer; grow(pages: number): number };
    const pages = Math.ceil((old.length - memoryBytes(memory).length) / 65536);
    if (pages > 0) memory.grow(pages);
    memoryBytes(memory).set(old);
    this._frame = from._frame;
    for (const code of from.held) this.held.add(code);
  }

  /** A module shared through SessionOptions.modules translates on this session's clock and frame, while it runs. */
  private claimBudget(): void {
    if (this.route && this.now) {
      this.route.now = this.now;
      this.route.turn = this.turn;
    }
  }

  /** Runs game code for `frame` under the watchdog; turns any failure into a stop. */
  private guard(frame: number, body: () => void, input: readonly InputEvent[] = []): void {
    this.claimBudget();
    this.running = frame;
    this.logsThisFrame = 0;
    this.pending = undefined;
    this.deadline = this.deadlineFor(frame);
    // translating hot code stops where the frame should end (init is no frame: the budget alone bounds it)
    // (from the watchdog's deadline, which counts from now: no clock read more)
    this.turn.end = frame > 0 ? this.deadline - this.activeBudget + FRAME_TRANSLATE_MS : Infinity;
    try {
      body();
    } catch (error) {
      this.fail(frame, error, input);
    } finally {
      this.deadline = Infinity;
      if (this.logsThisFrame > MAX_LOGS_PER_FRAME) this.onLog(frame, `… ${this.logsThisFrame - MAX_LOGS_PER_FRAME} more log lines in this frame were dropped`);
    }
  }

  private fail(frame: number, error: unknown, input: readonly InputEvent[] = []): never {
    const where = frame === 0 ? 'init' : `frame ${frame}`;
    let kind: StopKind;
    let message: string;
    let wasmStack: string[] | undefined;
    const panic = this.lastLog?.frame === frame ? parsePanic(this.lastLog.message) : undefined;
    let overflow: string | undefined;
    if (isTrap(error)) {
      const frames = error.wasmStack.map(formatFrame);
      overflow = stackOverflow(error.message, frames);
      wasmStack = collapseRepeats(panic ? withoutPanicMachinery(frames) : frames);
    }
    const inFn = wasmStack?.length ? ` in ${wasmStack[0].replace(/ \(func \d+\)$/, '')}` : '';
    const refused = this.refusedGrowth();
    if (error instanceof LimitError) {
      kind = 'limit';
      message = `${error.message} (in ${where})`;
    } else if (refused !== undefined && isTrap(error) && error.trap !== 'interrupted') {
      // memory.grow returned -1 at the limit and the game then gave up (a Rust
      // allocation failure aborts with `unreachable`): the limit is the cause.
      kind = 'limit';
      message = `limit: memory ${refused} bytes exceeds ${this.limits.memoryBytes} (memory.grow refused; then the game trapped in ${where}: ${error.message.split('\n', 1)[0]})`;
    } else if (this.pending !== undefined) {
      ({ kind, message } = this.pending);
    } else if (error instanceof ImportContractError) {
      kind = 'contract';
      message = error.message;
    } else if (isTrap(error) && error.trap === 'interrupted') {
      kind = 'watchdog';
      message = `${where} ran longer than ${this.activeBudget} ms (infinite loop?)${inFn}`;
    } else if (isTrap(error) && panic) {
      // A Rust panic: the SDK's hook logged its message just before the trap; that is what the developer wrote.
      kind = 'trap';
      message = `the game panicked in ${where}: ${panicText(panic)}`;
    } else if (isTrap(error) && overflow !== undefined) {
      kind = 'trap';
      const recursion = overflow ? ` (deep recursion in ${overflow.replace(/ \(func \d+\)$/, '')})` : '';
      message = `the game overflowed its stack in ${where}${recursion}: ${error.message.split('\n', 1)[0]}`;
    } else if (isTrap(error)) {
      kind = 'trap';
      // The message's first line: the trap's text, with the table slot for an
      // undefined or uninitialized element (the same on both engines).
      message = `the game trapped in ${where}: ${error.message.split('\n', 1)[0]}${inFn}`;
    } else if (error instanceof Error && /RuntimeError/.test(error.name)) {
      kind = 'trap';
      message = `the game trapped in ${where}: ${error.message}`;
    } else if (error instanceof RangeError && /call stack/i.test(error.message)) {
      kind = 'trap';
      message = `the game trapped in ${where}: call stack exhausted`;
    } else {
      kind = 'crash';
      message = `host error in ${where}: ${errorText(error)}`;
    }
    const info: StopInfo = wasmStack ? { kind, message, frame, wasmStack } : { kind, message, frame };
    this.stopInfo = info;
    throw new SessionStopped(info, input);
  }

  /** The size the game's last refused memory.grow asked for, if one was refused at the memory limit. */
  private refusedGrowth(): number | undefined {
    let m: unknown;
    try {
      m = this.binding.memory;
    } catch {
      return undefined;
    }
    return m instanceof Memory && m.inst.refused > 0 ? m.inst.refused : undefined;
  }

  /** What the bound profile may use of the session. */
  private hostContext(): HostContext {
    return {
      seed: this.seed,
      draw: this.builder,
      bytes: (fn, ptr, len) => this.readBytes(fn, ptr, len, 'none'),
      memory: () => this.memoryView(),
      utf8: (fn, ptr, len) => this.readBytes(fn, ptr, len, len >>> 0),
      breach: (message) => this.breach(message),
      limits: this.limits,
      overLimit: (field, value, what) => this.overLimit(field, value, what),
      log: (message) => {
        if (++this.logsThisFrame > MAX_LOGS_PER_FRAME) return;
        this.onLog(this.running, message.length > MAX_LOG_BYTES ? `${message.slice(0, MAX_LOG_BYTES)}… (${message.length - MAX_LOG_BYTES} more characters)` : message);
      },
      logUtf8: (fn, ptr, len) => {
        // The range is always checked; lines past the frame's quota are only
        // counted, and only the part passed on is checked as UTF-8 (a 16 MiB
        // line costs no more than a 4 KiB one).
        const over = this.logsThisFrame >= MAX_LOGS_PER_FRAME;
        const p = ptr >>> 0;
        const n = Math.min(len >>> 0, MAX_LOG_BYTES);
        const bytes = this.readBytes(fn, ptr, len, over ? 'none' : n);
        if (++this.logsThisFrame > MAX_LOGS_PER_FRAME) return;
        let message: string;
        try {
          message = utf8.decode(bytes.subarray(p, p + n));
        } catch {
          message = new TextDecoder().decode(bytes.subarray(p, p + n)); // cut inside a character
        }
        this.lastLog = { frame: this.running, message };
        this.onLog(this.running, n < len >>> 0 ? `${message}… (${(len >>> 0) - n} more bytes)` : message);
      },
      loadSave: () => this.save.slice(),
      storeSave: (data) => {
        this.save = data.slice();
        // a frame event, whatever the profile: recordings hash it and the app stores it
        this.builder.save(data);
        this.onSave?.(data.slice());
      },
    };
  }

  /** The game's memory as bytes (a view of its size now: take it again after game code ran). */
  private memoryView(): Uint8Array {
    return memoryBytes(this.binding.memory);
  }

  /**
   * Validated view of game memory for [ptr, ptr+len), whose first `text`
   * bytes must be valid UTF-8 (a character cut at that point is fine); throws
   * (and remembers) a contract breach. Looks at the watchdog's clock first.
   */
  private readBytes(fn: string, ptr: number, len: number, text: number | 'none'): Uint8Array {
    this.checkClock(`host function ${fn}`);
    const mem = this.memoryView();
    const p = ptr >>> 0;
    const n = len >>> 0;
    const size = mem.length;
    if (p + n > size) {
      return this.breach(`${fn}(ptr=${p}, len=${n}) reads bytes ${p}..${p + n}, outside the game's ${size}-byte memory`);
    }
    if (text === 'none') return mem;
    const bad = firstInvalidUtf8(mem, p, text);
    if (bad >= 0 && (text === n || bad < p + text - 3)) return this.breach(`${fn}(ptr=${p}, len=${n}): the text is not valid UTF-8 (bad byte ${mem[bad]} at address ${bad}; memory is ${size} bytes)`);
    return mem;
  }

  private breach(message: string): never {
    const where = this.running === 0 ? 'init' : `frame ${this.running}`;
    const full = `contract breach in ${where}: ${message}`;
    this.pending = { kind: 'contract', message: full };
    throw new ImportContractError(full);
  }

  /** Ends the frame with a `limit` stop: `value` of a resource went over its limit. */
  private overLimit(field: keyof GameLimits, value: number, what?: string): never {
    const where = this.running === 0 ? 'init' : `frame ${this.running}`;
    const message = limitMessage(field, value, this.limits[field], where, what);
    this.pending = { kind: 'limit', message };
    throw new HostStop(message);
  }

  /** The watchdog's deadline for code of `frame` (0: the start function and init), starting now. */
  private deadlineFor(frame: number): number {
    this.activeBudget = frame <= 1 ? this.startBudget : this.budget;
    return this.now ? this.now() + this.activeBudget : Infinity;
  }

  /**
   * The watchdog inside host calls: time spent in the host counts towards the
   * frame's budget. Host imports call it before work that grows with what the
   * game asks for, and the draw list every TICK_EVERY commands.
   */
  private checkClock(what?: string): void {
    if (this.now === undefined || this.now() <= this.deadline) return;
    const where = this.running === 0 ? 'init' : `frame ${this.running}`;
    const message = `${where} ran longer than ${this.activeBudget} ms (infinite loop?), last in ${what ?? 'a host function'}`;
    this.pending = { kind: 'watchdog', message };
    throw new HostStop(message);
  }
}

/** What `arcade check` reports about a game that passed the contract check. */
export interface GameCheck {
  readonly contract: GameContract;
  readonly imports: readonly ModuleImport[];
  readonly exports: readonly ModuleExport[];
}

/**
 * Compiles the game on our engine and checks the ABI contract without running
 * any of its code. Rejects with SessionStopped (kind 'load' or 'contract').
 */
export async function checkGame(wasm: Uint8Array | ArrayBuffer, profile?: ProfileName): Promise<GameCheck> {
  const { contract, info } = await compileGame(wasm, { seed: 0, engine: 'interp', profile }, { end: Infinity });
  return { contract, imports: info.imports, exports: info.exports };
}

/** Compiles a module for `arcade check` without choosing a profile (to report every profile's verdict). */
export async function describeGame(wasm: Uint8Array | ArrayBuffer): Promise<ModuleInfo> {
  return describeCompiled(compileModule(wasm, 'interp'));
}

function compileModule(
  wasm: Uint8Array | ArrayBuffer, engine: EngineName | undefined,
  budget: { now?: () => number; compileBudgetMs?: number; frameEnd?: () => number } = {},
): Module {
  let module: Module;
  const { now, frameEnd } = budget;
  const ms = budget.compileBudgetMs ?? DEFAULT_COMPILE_BUDGET_MS;
  const deadline = now ? now() + ms : Infinity;
  try {
    // the JIT tiers lazily: the game starts on the interpreter as soon as it is validated
    // (and, given a clock, translating hot code takes a bounded share of each frame: no tier-up hitch)
    module = new Module(wasm, {
      engine: engine ?? DEFAULT_ENGINE,
      tiering: 'lazy',
      interruptCompile: now ? () => now() > deadline : undefined,
      compileBudget: now ? { now, frameEnd } : undefined,
    });
  } catch (error) {
    if (error instanceof CompileInterrupted) {
      throw new SessionStopped({ kind: 'watchdog', message: `compiling took too long: more than ${ms} ms for ${wasm.byteLength} bytes on the ${engine ?? DEFAULT_ENGINE} engine` });
    }
    if (error instanceof CompileError) {
      throw new SessionStopped({ kind: 'load', message: `not a valid WebAssembly module: ${errorText(error)}` });
    }
    throw new SessionStopped({ kind: 'load', message: `cannot compile the game on the ${engine ?? DEFAULT_ENGINE} engine: ${errorText(error)}` });
  }
  return module;
}

function describeCompiled(module: Module): ModuleInfo {
  try {
    return describeModule(module);
  } catch (error) {
    throw new SessionStopped({ kind: 'load', message: `cannot read the module: ${errorText(error)}` });
  }
}

/**
 * The session's Module: from `options.modules` when these bytes were compiled
 * for this engine before, else compiled (and kept there). A kept module's
 * compile budget reads the clock and the frame's end through its `route`,
 * which the session running it claims (GameSession.claimBudget).
 */
function compiledFor(wasm: Uint8Array | ArrayBuffer, options: SessionOptions, turn: { end: number }): CachedGame<ModuleInfo> & { kept: boolean } {
  const { engine, now, compileBudgetMs, modules } = options;
  if (!modules) {
    const module = compileModule(wasm, engine, { now, compileBudgetMs, frameEnd: () => turn.end });
    return { module, info: describeCompiled(module), route: undefined, kept: false };
  }
  const bytes = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  const key = `${engine ?? DEFAULT_ENGINE}${now ? ':clock' : ''}`;
  const hit = modules.get(bytes, key);
  if (hit) return { ...hit, kept: true };
  const route = now ? { now, turn } : undefined;
  const module = compileModule(wasm, engine, route ? { now: () => route.now(), compileBudgetMs, frameEnd: () => route.turn.end } : { compileBudgetMs });
  const game = { module, info: describeCompiled(module), route };
  modules.put(bytes, key, game);
  return { ...game, kept: false };
}

async function compileGame(wasm: Uint8Array | ArrayBuffer, options: SessionOptions, turn: { end: number }) {
  const { module, info, route, kept } = compiledFor(wasm, options, turn);
  try {
    const { profile, contract } = detectProfile(info, options.profile);
    return { module, profile, contract, info, route, kept };
  } catch (error) {
    if (error instanceof ContractError) throw new SessionStopped({ kind: 'contract', message: error.message });
    if (error instanceof RangeError) throw new SessionStopped({ kind: 'load', message: error.message });
    throw new SessionStopped({ kind: 'load', message: `cannot read the module: ${errorText(error)}` });
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

/** A panic's stack with the game's own frames first: Rust's panic machinery on top becomes one closing line. */
function withoutPanicMachinery(frames: readonly string[]): string[] {
  let n = 0;
  while (n < frames.length - 1 && isPanicMachinery(frames[n])) n++;
  return n === 0 ? frames.slice() : [...frames.slice(n), `(${n} frame${n === 1 ? '' : 's'} of Rust's panic handling above these: ${frames.slice(0, n).map((f) => f.replace(/ \(func \d+\)$/, '')).join(', ')})`];
}
