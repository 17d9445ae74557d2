// The arcade:// scheme the packaged renderer is served from. Registering it as
// privileged must happen before the app's `ready` event; Electron guarantees
// that for side effects of the main entry's *imports* (ES modules load
// asynchronously), so it lives in this module rather than in index.ts.
// `codeCache` lets V8 keep its compile of our scripts (the game worker's
// runtime is 470 KB of JavaScript, 75-90 ms of CPU to load cold: docs/
// performance.md "Cold start") instead of parsing and compiling them again on
// every game start, each of which gets a fresh worker.
import { protocol } from 'electron';

export const SCHEME = 'arcade';

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);
