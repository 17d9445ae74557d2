// Content-Security-Policy headers main adds to every arcade:// response (see
// docs/security.md). Pure data, so tests can serve the built pages with the
// same headers in Chromium.

function policy(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/**
 * The app's page (and the pages it could load): scripts only from the app, no
 * eval (the JIT never runs here), no network beyond the app's own files.
 * index.html carries a meta policy too; a browser enforces both.
 */
export const APP_CSP = policy({
  'default-src': "'none'",
  'script-src': "'self'",
  'worker-src': "'self' blob:",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self' blob: data:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
});

/**
 * The hidden game host page and its worker, where the game and the JIT run:
 * the JIT needs `new Function` ('unsafe-eval'); nothing else is allowed — no
 * fetch, WebSocket or other connection ('connect-src' 'none'), no script from
 * anywhere but the app.
 */
export const GAME_HOST_CSP = policy({
  'default-src': "'none'",
  'script-src': "'self' 'unsafe-eval'",
  'worker-src': "'self'",
  'connect-src': "'none'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
});

/** Path prefix (under arcade://app/) of the game host page and its worker script. */
export const GAME_HOST_DIR = '/game-host/';
