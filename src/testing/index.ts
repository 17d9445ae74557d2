// `wasm-arcade/testing`: what a game's own test suite imports (the package's
// subpath export; see docs/getting-started.md).
export { defineReplayTests, findRecordings, runReplayCase } from './replays';
export type { ReplayTestOptions } from './replays';
