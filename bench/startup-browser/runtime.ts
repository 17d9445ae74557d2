// What a cold worker (worker.ts) imports, as one dynamic import it times: the
// runtime, the game session and the engine warm-up.
export { Instance, Module } from '../../src/runtime/index';
export { GameSession } from '../../src/host/session';
export { warmEngine } from '../../src/runtime/warm';
