// Making a stopped game's report read the way a developer thinks about it:
// a Rust panic's own message first (the SDK's panic hook logs it just before
// the trap), a stack overflow named as one, and a stack of 60 identical
// recursive frames shown as one frame and a count.

/** The panic a log line reports, if it is one (`panicked at 'msg', file:line:col` or Rust ≥1.73's `panicked at file:line:col:\nmsg`). */
export function parsePanic(line: string): { message: string; location?: string } | undefined {
  const old = /^panicked at '([\s\S]*)', ([^\s,]+:\d+:\d+)$/.exec(line);
  if (old) return { message: old[1], location: old[2] };
  const modern = /^panicked at ([^\s]+:\d+:\d+):\n([\s\S]*)$/.exec(line);
  if (modern) return { message: modern[2], location: modern[1] };
  const bare = /^panicked at ([\s\S]+)$/.exec(line);
  return bare ? { message: bare[1] } : undefined;
}

/** One line for the stop message: `'ship exploded' at src/lib.rs:11:9`. */
export function panicText(p: { message: string; location?: string }): string {
  const message = p.message.includes('\n') ? p.message.split('\n', 1)[0] + ' …' : p.message;
  return p.location ? `'${message}' at ${p.location}` : `'${message}'`;
}

/** Frames of Rust's panic machinery, shown after the game's own frames rather than before them. */
const PANIC_MACHINERY = /^(std::|core::|alloc::|rust_panic|__rust_|rust_begin_unwind|panic_abort|__rdl_|__rg_)/;

export function isPanicMachinery(frame: string): boolean {
  return PANIC_MACHINERY.test(frame);
}

/** Runs of one repeated frame (recursion) become the frame and `… repeated N more times`. */
export function collapseRepeats(frames: readonly string[], minRun = 3): string[] {
  const out: string[] = [];
  for (let i = 0; i < frames.length; ) {
    let j = i + 1;
    while (j < frames.length && frames[j] === frames[i]) j++;
    const run = j - i;
    if (run >= minRun) out.push(frames[i], `… ${frames[i]} repeated ${run - 1} more times (recursion)`);
    else for (let k = i; k < j; k++) out.push(frames[k]);
    i = j;
  }
  return out;
}

/** The longest run of one frame in a stack, and which frame it is. */
export function longestRun(frames: readonly string[]): { frame: string; run: number } | undefined {
  let best: { frame: string; run: number } | undefined;
  for (let i = 0; i < frames.length; ) {
    let j = i + 1;
    while (j < frames.length && frames[j] === frames[i]) j++;
    if (!best || j - i > best.run) best = { frame: frames[i], run: j - i };
    i = j;
  }
  return best;
}

/** Recursion at least this deep in the trap's stack makes an out-of-bounds access a stack overflow. */
export const OVERFLOW_RUN = 16;

/**
 * Whether a trap is the game's stack running out: the engine's own call
 * stack exhausted, or (how Rust and C games overflow: their stack lives in
 * linear memory and the stack pointer wraps below 0) an out-of-bounds access
 * deep in a recursion. Returns the recursing frame's name, or '' if unknown.
 */
export function stackOverflow(trapMessage: string, frames: readonly string[]): string | undefined {
  const run = longestRun(frames);
  if (/call stack exhausted/.test(trapMessage)) return run && run.run >= 2 ? run.frame : '';
  if (/out of bounds memory access/.test(trapMessage) && run && run.run >= OVERFLOW_RUN) return run.frame;
  return undefined;
}
