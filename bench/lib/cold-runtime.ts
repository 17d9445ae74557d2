// What a cold start loads (bench/lib/cold-child.ts): the runtime and the game session.
export { Instance, Module } from '../../src/runtime/index';
export { GameSession } from '../../src/host/session';
