// GameSession: one running game and everything that affects its frames — the
// fixed clock, the seed, the input queue, the host imports and the engine
// instance. Nothing here reads wall time or talks to the renderer, so the same
// wasm + seed + input per frame always gives the same draw lists and memory:
// recordings and replays are built on that.
//
// Frames are numbered from 1: the first step() runs and returns frame 1, after
// which `frame` (frames completed) is 1. init() runs "in frame 0".

import { FIXED_DT, HOST_IMPORTS, IMPORT_MODULE, type GameMeta } from './abi';
import { DrawListBuilder, firstInvalidUtf8, hashBytes, hashDrawList } from './drawlist';
import { describeModule, formatFrame, isTrap } from './engine';
import { CompileError, Instance, Module } from '../runtime/index';
import { checkContract, ContractError, type GameContract, type ModuleExport, type ModuleImport, type ModuleInfo } from './game';
import { DEFAULT_ENGINE, type EngineName, type StopInfo, type StopKind } from './protocol';

export interface KeyEvent {
  readonly code: number;
  readonly down: boolean;
}

export interface FrameResult {
  /** The frame just run (1 for the first step). */
  readonly frame: number;
  /** This frame's encoded draw list (a fresh buffer, the receiver's to keep). */
  readonly drawList: ArrayBuffer;
  /** hashDrawList(drawList). */
  readonly hash: string;
  /** Key events delivered at the start of this frame, in order (what a recording stores). */
  readonly input: readonly KeyEvent[];
}

export interface SessionOptions {
  /** Passed to the game's init (as u32); the only source of randomness a game gets. */
  readonly seed: number;
  /** Which tier of our engine runs the game (default DEFAULT_ENGINE, the JIT). */
  readonly engine?: EngineName;
  /** Watchdog budget per frame (and for init), in ms of `now()`. Default 1000. */
  readonly frameBudgetMs?: number;
  /** Monotonic clock in ms for the watchdog only; without it there is no watchdog. */
  readonly now?: () => number;
  /** Receives the game's log() messages with the frame they were written in. */
  readonly onLog?: (frame: number, message: string) => void;
}

/** Thrown by create() and step() when the session cannot go on; carries the StopInfo. */
export class SessionStopped extends Error {
  constructor(
    readonly info: StopInfo,
    /** Key events delivered at the start of the frame that stopped (a recording of a crash keeps them). */
    readonly input: readonly KeyEvent[] = [],
  ) {
    super(info.message);
    this.name = 'SessionStopped';
  }
}

/** A breach detected inside a host import (bad pointer, invalid UTF-8). */
class ImportContractError extends ContractError {}

/** At most this many log lines per frame reach onLog; the rest are counted and reported once. */
export const MAX_LOGS_PER_FRAME = 100;
/** Longest log message passed on, in bytes; longer ones are cut. */
export const MAX_LOG_BYTES = 4096;

const DT = Math.fround(FIXED_DT);
const DEFAULT_BUDGET_MS = 1000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type GameFn = (...args: number[]) => unknown;

export class GameSession {
  readonly meta: GameMeta;
  readonly seed: number;
  readonly engine: EngineName;
  readonly contract: GameContract;

  private _frame = 0;
  private running = 0; // frame being run (0 during init)
  private stopInfo: StopInfo | undefined;
  private pendingBreach: string | undefined;
  private readonly queue: KeyEvent[] = [];
  private readonly held = new Set<number>();
  private readonly builder = new DrawListBuilder();
  private readonly budget: number;
  private readonly now: (() => number) | undefined;
  private deadline = Infinity;
  private logsThisFrame = 0;
  private readonly onLog: (frame: number, message: string) => void;
  private memory!: { buffer: ArrayBuffer };
  private memoryBuffer: ArrayBuffer | undefined;
  private memoryBytes = new Uint8Array(0);
  private fns!: { update: GameFn; draw: GameFn; key_down: GameFn; key_up: GameFn; init?: GameFn };

  private constructor(contract: GameContract, options: SessionOptions) {
    this.meta = contract.meta;
    this.contract = contract;
    this.seed = options.seed >>> 0;
    this.engine = options.engine ?? DEFAULT_ENGINE;
    this.budget = options.frameBudgetMs ?? DEFAULT_BUDGET_MS;
    this.now = options.now;
    this.onLog = options.onLog ?? (() => {});
  }

  /**
   * Compiles the game on our engine, checks the ABI contract, instantiates it
   * and calls init(width, height, seed) if exported. Rejects with
   * SessionStopped (kind 'load', 'contract', 'trap' or 'watchdog').
   */
  static async create(wasm: Uint8Array | ArrayBuffer, options: SessionOptions): Promise<GameSession> {
    const { module, contract } = await compileGame(wasm, options.engine);
    const session = new GameSession(contract, options);
    session.instantiate(module);
    return session;
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

  /** Runs one frame: queued keys, update(FIXED_DT), draw(). Throws SessionStopped if the game fails. */
  step(): FrameResult {
    if (this.stopInfo) throw new SessionStopped(this.stopInfo);
    const frame = this._frame + 1;
    const input = this.queue.splice(0, this.queue.length);
    this.builder.reset();
    this.guard(
      frame,
      () => {
        const { key_down, key_up, update, draw } = this.fns;
        for (const e of input) (e.down ? key_down : key_up)(e.code);
        update(DT);
        draw();
      },
      input,
    );
    this._frame = frame;
    const drawList = this.builder.finish();
    return { frame, drawList, hash: hashDrawList(drawList), input };
  }

  /** Checksum (hashBytes, docs/drawlist.md) of the whole linear memory, as 16 hex digits. */
  memoryHash(): string {
    return hashBytes(new Uint8Array(this.memory.buffer));
  }

  /** Current size of linear memory in bytes. */
  get memorySize(): number {
    return this.memory.buffer.byteLength;
  }

  private instantiate(module: Module): void {
    const imports = this.hostImports();
    const shouldInterrupt = this.now ? () => this.now!() > this.deadline : undefined;
    let instance: { exports: Record<string, unknown> };
    // a start function runs during instantiation: it gets the watchdog too
    this.deadline = this.now ? this.now() + this.budget : Infinity;
    try {
      instance = new Instance(module, { [IMPORT_MODULE]: imports }, { shouldInterrupt });
    } catch (error) {
      if (isTrap(error)) this.fail(0, error);
      throw new SessionStopped({ kind: 'load', message: `cannot instantiate the game: ${errorText(error)}` });
    } finally {
      this.deadline = Infinity;
    }
    const ex = instance.exports;
    this.memory = ex.memory as { buffer: ArrayBuffer };
    this.fns = {
      update: ex.update as GameFn,
      draw: ex.draw as GameFn,
      key_down: ex.key_down as GameFn,
      key_up: ex.key_up as GameFn,
      init: ex.init as GameFn | undefined,
    };
    const init = this.fns.init;
    if (init) this.guard(0, () => init(this.meta.width, this.meta.height, this.seed | 0));
    this.builder.reset();
  }

  /** Runs game code for `frame` under the watchdog; turns any failure into a stop. */
  private guard(frame: number, body: () => void, input: readonly KeyEvent[] = []): void {
    this.running = frame;
    this.logsThisFrame = 0;
    this.pendingBreach = undefined;
    this.deadline = this.now ? this.now() + this.budget : Infinity;
    try {
      body();
    } catch (error) {
      this.fail(frame, error, input);
    } finally {
      this.deadline = Infinity;
      if (this.logsThisFrame > MAX_LOGS_PER_FRAME) this.onLog(frame, `… ${this.logsThisFrame - MAX_LOGS_PER_FRAME} more log lines in this frame were dropped`);
    }
  }

  private fail(frame: number, error: unknown, input: readonly KeyEvent[] = []): never {
    const where = frame === 0 ? 'init' : `frame ${frame}`;
    let kind: StopKind;
    let message: string;
    let wasmStack: string[] | undefined;
    if (isTrap(error)) {
      wasmStack = error.wasmStack.map(formatFrame);
    }
    const inFn = wasmStack?.length ? ` in ${wasmStack[0].replace(/ \(func \d+\)$/, '')}` : '';
    if (this.pendingBreach !== undefined || error instanceof ImportContractError) {
      kind = 'contract';
      message = this.pendingBreach ?? (error as Error).message;
    } else if (isTrap(error) && error.trap === 'interrupted') {
      kind = 'watchdog';
      message = `${where} ran longer than ${this.budget} ms (infinite loop?)${inFn}`;
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

  /** Validated view of game memory for [ptr, ptr+len); throws (and remembers) a contract breach. */
  private readBytes(fn: string, ptr: number, len: number): Uint8Array {
    const buffer = this.memory.buffer;
    if (buffer !== this.memoryBuffer) {
      this.memoryBuffer = buffer;
      this.memoryBytes = new Uint8Array(buffer);
    }
    const p = ptr >>> 0;
    const n = len >>> 0;
    const size = this.memoryBytes.length;
    if (p + n > size) {
      return this.breach(`${fn}(ptr=${p}, len=${n}) reads bytes ${p}..${p + n}, outside the game's ${size}-byte memory`);
    }
    const bad = firstInvalidUtf8(this.memoryBytes, p, n);
    if (bad >= 0) return this.breach(`${fn}(ptr=${p}, len=${n}): the text is not valid UTF-8 (bad byte ${this.memoryBytes[bad]} at address ${bad}; memory is ${size} bytes)`);
    return this.memoryBytes;
  }

  private breach(message: string): never {
    const where = this.running === 0 ? 'init' : `frame ${this.running}`;
    const full = `contract breach in ${where}: ${message}`;
    this.pendingBreach = full;
    throw new ImportContractError(full);
  }

  private hostImports(): Record<string, unknown> {
    const b = this.builder;
    const impl: Record<string, (...args: number[]) => void> = {
      clear: (rgba) => b.clear(rgba),
      draw_rect: (x, y, w, h, rgba) => b.rect(x, y, w, h, rgba),
      draw_circle: (cx, cy, r, rgba) => b.circle(cx, cy, r, rgba),
      draw_line: (x1, y1, x2, y2, t, rgba) => b.line(x1, y1, x2, y2, t, rgba),
      draw_text: (ptr, len, x, y, size, rgba) => {
        const bytes = this.readBytes('draw_text', ptr, len);
        b.text(bytes, ptr >>> 0, len >>> 0, x, y, size, rgba);
      },
      log: (ptr, len) => {
        const bytes = this.readBytes('log', ptr, len);
        if (++this.logsThisFrame > MAX_LOGS_PER_FRAME) return;
        const p = ptr >>> 0;
        const n = Math.min(len >>> 0, MAX_LOG_BYTES);
        let message: string;
        try {
          message = utf8.decode(bytes.subarray(p, p + n));
        } catch {
          message = new TextDecoder().decode(bytes.subarray(p, p + n)); // cut inside a character
        }
        this.onLog(this.running, n < len >>> 0 ? `${message}… (${(len >>> 0) - n} more bytes)` : message);
      },
    };
    // Exactly the ABI's functions, so the table and the implementation cannot drift apart.
    for (const f of HOST_IMPORTS) if (!impl[f.name]) throw new Error(`host import ${f.name} is not implemented`);
    for (const name of Object.keys(impl)) if (!HOST_IMPORTS.some((f) => f.name === name)) throw new Error(`host import ${name} is not in HOST_IMPORTS`);
    return impl;
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
export async function checkGame(wasm: Uint8Array | ArrayBuffer): Promise<GameCheck> {
  const { contract, info } = await compileGame(wasm, 'interp');
  return { contract, imports: info.imports, exports: info.exports };
}

async function compileGame(wasm: Uint8Array | ArrayBuffer, engine: EngineName | undefined) {
  let module: Module;
  try {
    // the JIT tiers lazily: the game starts on the interpreter as soon as it is validated
    module = new Module(wasm, { engine: engine ?? DEFAULT_ENGINE, tiering: 'lazy' });
  } catch (error) {
    if (error instanceof CompileError) {
      throw new SessionStopped({ kind: 'load', message: `not a valid WebAssembly module: ${errorText(error)}` });
    }
    throw new SessionStopped({ kind: 'load', message: `cannot compile the game on the ${engine ?? DEFAULT_ENGINE} engine: ${errorText(error)}` });
  }
  let info: ModuleInfo;
  let contract: GameContract;
  try {
    info = describeModule(module);
    contract = checkContract(info);
  } catch (error) {
    if (error instanceof ContractError) throw new SessionStopped({ kind: 'contract', message: error.message });
    throw new SessionStopped({ kind: 'load', message: `cannot read the module: ${errorText(error)}` });
  }
  return { module, contract, info };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}
