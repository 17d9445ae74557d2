// The arcade:// scheme the packaged renderer is served from. Registering it as
// privileged must happen before the app's `ready` event; Electron guarantees
// that for side effects of the main entry's *imports* (ES modules load
// asynchronously), so it lives in this module rather than in index.ts.
// `codeCache` lets Chromium keep V8's compile of the scripts this scheme
// serves, as it does for http(s), instead of parsing and compiling them again
// on every load (the renderer's page; the game worker's runtime, 470 KB of
// JavaScript and 75-90 ms of CPU cold in docs/performance.md "Cold start",
// wherever Chromium code-caches worker scripts). Without it a custom scheme
// gets no code cache at all.
import { protocol } from 'electron';

export const SCHEME = 'arcade';

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);
