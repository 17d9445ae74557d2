// Lazy tiering's compile budget (docs/jit.md, "Lazy tiering"): how much time
// translating hot functions may take, so that tiering up never stalls a
// frame. Without it, a game's `update` becoming hot translated, within that
// one call, every function it reaches (each is made hot by its first call
// from JIT code): 440–870 ms in Breakout's third frame on a loaded machine,
// a visible hitch and most of the watchdog's budget. With it, translation
// takes at most a burst at once and a share of the time that passes; a hot
// function that finds the budget spent stays on the interpreter and is
// translated at a later call. Both tiers give the same results, so when a
// function changes tier is never observable except in speed.
//
// The clock is the embedder's (src/runtime uses no platform clock): a game
// session passes its own `now`.
import type { CompileBudgetOptions } from '../engine.ts';

/** Default burst: half a 60 Hz frame. */
export const BURST_MS = 8;
/** Default share: a quarter of the time, ~4 ms of each 60 Hz frame once the burst is spent. */
export const SHARE = 0.25;

/** A token bucket of milliseconds, charged with the time each translation took. */
export class CompileBudget {
  private readonly now: () => number;
  private readonly burst: number;
  private readonly share: number;
  private readonly frameEnd: (() => number) | undefined;
  private balance: number;
  private last: number;
  /** Times a hot function was left on the interpreter because the budget was spent (tests, tools). */
  deferred = 0;

  constructor(options: CompileBudgetOptions) {
    this.now = options.now;
    this.burst = Math.max(0, options.burstMs ?? BURST_MS);
    this.share = Math.min(1, Math.max(0, options.share ?? SHARE));
    this.frameEnd = options.frameEnd;
    this.balance = this.burst;
    this.last = this.now();
  }

  /**
   * Runs `translate` if the budget has time left, charging it with the time
   * it took (the balance may go below zero: a step of a translation is never
   * cut short); otherwise returns false and translates nothing. `translate`
   * is given `within(need)`, true while the time it has been given lasts with
   * `need` ms of it left (a need beyond FULL_TURN of the burst asks for that
   * much: a turn that started with a full bucket has it), to pause between
   * steps and go on at a later turn. The time given ends with the balance or
   * at the embedder's `frameEnd`, whichever comes first.
   */
  spend(translate: (within: (need?: number) => boolean) => void): boolean {
    const start = this.refill();
    if (this.balance <= 0) {
      this.deferred++;
      return false;
    }
    const until = Math.min(start + this.balance, this.frameEnd?.() ?? Infinity);
    const most = this.burst * FULL_TURN;
    try {
      translate((need = 0) => this.now() + Math.min(need, most) < until);
    } finally {
      const end = this.now();
      this.balance -= Math.max(0, end - start);
      this.last = end;
    }
    return true;
  }

  /**
   * Whether a translation asked for now would run (spend would not refuse
   * it). A caller that must do work of its own before it can ask (on-stack
   * replacement looks for a loop head first) asks this first, so that it
   * does that work only when the translation can follow.
   */
  ready(): boolean {
    this.refill();
    return this.balance > 0;
  }

  /** Adds the share of the time since the last reading (up to the burst); returns the time now. */
  private refill(): number {
    const now = this.now();
    this.balance = Math.min(this.burst, this.balance + Math.max(0, now - this.last) * this.share);
    this.last = now;
    return now;
  }

  /** The most a turn holds for work that cannot pause (FULL_TURN of the burst: spend's `within`), ms. */
  get fullTurn(): number {
    return this.burst * FULL_TURN;
  }

  /** Charges `ms` the budget will not see being spent (V8 compiling a new translation on its first call). */
  charge(ms: number): void {
    this.balance -= Math.max(0, ms);
  }
}

/** Share of the burst a turn must have left for work that cannot pause (spend's `within`). */
export const FULL_TURN = 0.85;

/**
 * Estimated cost of V8's own work on a translation, in ms per character of
 * source, measured in fresh Node 20 processes on rocket's largest function
 * (53 K characters) and its group (75 K), under load (docs/performance.md,
 * "Tier-up without hitches"): `new Function` preparses the whole group at
 * ~0.05 µs a character, and the first call of a function compiles it at
 * 0.07–0.4 µs a character (more for a function with many variables).
 */
export const PARSE_MS_PER_CHAR = 0.05e-3;
export const FIRST_CALL_MS_PER_CHAR = 0.2e-3;

/**
 * Estimated cost of all of V8's work on a group's source, ms per character:
 * its parse, and the first-call compile of each member, which comes in the
 * step the group is installed (the hot function runs at once and calls its
 * members: a group takes in only callees that have run) or soon after. V8
 * does this on the thread that made the group in Chromium's worker too, for a
 * module import as for `new Function` (docs/performance.md, "Compiling off the
 * worker's thread in Chromium: measured, not possible").
 */
export const V8_MS_PER_CHAR = PARSE_MS_PER_CHAR + FIRST_CALL_MS_PER_CHAR;
