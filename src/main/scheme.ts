// The arcade:// scheme the packaged renderer is served from. Registering it as
// privileged must happen before the app's `ready` event; Electron guarantees
// that for side effects of the main entry's *imports* (ES modules load
// asynchronously), so it lives in this module rather than in index.ts.
import { protocol } from 'electron';

export const SCHEME = 'arcade';

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
