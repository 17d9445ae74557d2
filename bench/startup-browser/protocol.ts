// Messages of `npm run bench:startup -- --browser` (bench/startup-browser/):
// Node ↔ page through exposed functions, page ↔ each cold worker by postMessage.

/** One module to start: its URL on the preview server, and whether it is a game (GameSession) or a program (run(1)). */
export interface StartupItem {
  name: string;
  url: string;
  game: boolean;
}

/** What Node hands the page: the modules, how many cold workers per module, and whether each worker warms the engine first (as the app's game worker does). */
export interface StartupPlan {
  items: StartupItem[];
  runs: number;
  warm: boolean;
  /** Frames a game plays in all, paced at 60 Hz (1: the first step only). */
  frames: number;
}

/** One cold start, wall-clock ms: new Worker until its script runs, importing the runtime, warming the engine (-1: not asked to), instantiating, the first call. */
export interface ColdTimes {
  spawn: number;
  load: number;
  warm: number;
  inst: number;
  first: number;
  /** A game's slowest step after the first, paced at 60 Hz, and how many took longer than a 60 Hz frame (0 for programs). */
  worst: number;
  dropped: number;
}

export type FromColdWorker =
  | { type: 'ready'; at: number; load: number; warm: number }
  | { type: 'done'; inst: number; first: number; worst: number; dropped: number }
  | { type: 'error'; message: string };

/** A row: a module's cold starts, or why they failed; `done` after the last; `error`: the page itself failed. */
export type StartupReport =
  | { type: 'row'; name: string; runs: ColdTimes[] }
  | { type: 'failed'; name: string; message: string }
  | { type: 'done' }
  | { type: 'error'; message: string };

export interface StartupBindings {
  startupPlan(): Promise<StartupPlan>;
  startupReport(report: StartupReport): Promise<void>;
}
