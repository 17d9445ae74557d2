// Messages of the browser benchmark: Node (launch.ts) ⇄ page (page.ts) ⇄
// Web Worker (worker.ts). The page only relays.
import type { Options } from '../lib/harness';

/** Node → worker (through the page): what to run and the header to print. */
export interface Start {
  opts: Options;
  header: string[];
}

/**
 * Page → worker: the Start, and with --cpu the shared clock cell. The worker
 * asks for its CPU time with a `cpu` report and waits (Atomics.wait) on
 * `clock`'s first Int32 until the page has written the answer, in ms, into
 * its second Float64 (bytes 8–15) and set the Int32 to 1.
 */
export interface WorkerStart extends Start {
  clock?: SharedArrayBuffer;
}

/** Worker → Node (through the page). */
export type Report =
  | { type: 'log'; line: string }
  | { type: 'progress'; line: string }
  /** `outcome` is the harness's Outcome as JSON (u64 checksums as strings). */
  | { type: 'done'; outcome: string }
  | { type: 'error'; message: string }
  /** --cpu: the worker waits for its thread's CPU time in the shared clock cell. */
  | { type: 'cpu' };

/** Bindings the Node side exposes on the page's window. */
export interface BenchBindings {
  benchStart(): Promise<Start>;
  benchReport(report: Report): Promise<void>;
  /** --cpu: the CPU time of the benchmark's worker thread so far, ms (bench/browser/thread-cpu.ts). */
  benchCpu(): Promise<number>;
}
