// What a cold worker (worker.ts) imports, as one dynamic import it times: the
// runtime and the game session.
export { Instance, Module } from '../../src/runtime/index';
export { GameSession } from '../../src/host/session';
