// Messages of the browser benchmark: Node (launch.ts) ⇄ page (page.ts) ⇄
// Web Worker (worker.ts). The page only relays.
import type { Options } from '../lib/harness';

/** Node → worker (through the page): what to run and the header to print. */
export interface Start {
  opts: Options;
  header: string[];
}

/** Worker → Node (through the page). */
export type Report =
  | { type: 'log'; line: string }
  | { type: 'progress'; line: string }
  /** `outcome` is the harness's Outcome as JSON (u64 checksums as strings). */
  | { type: 'done'; outcome: string }
  | { type: 'error'; message: string };

/** Bindings the Node side exposes on the page's window. */
export interface BenchBindings {
  benchStart(): Promise<Start>;
  benchReport(report: Report): Promise<void>;
}
