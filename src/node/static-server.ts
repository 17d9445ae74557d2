// A small HTTP server on 127.0.0.1 for the built web app plus a few routes of
// our own (the game's bytes, the dev loop's event stream). Files are served
// only from inside the app's folder.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The web build's game worker's own Content-Security-Policy. A dedicated
 * worker does not inherit the page's policy: it takes the one its script is
 * served with, and none means anything goes (fetch to any origin, WebSockets,
 * imports). This one — the same as the desktop game host's (GAME_HOST_CSP in
 * src/main/csp.ts; a test keeps them equal) — allows only scripts from this
 * origin (the worker's own modules) and `new Function` (the JIT), and no
 * connections at all. The worker also deletes the network and storage globals
 * before any game runs (src/renderer/web/game-worker.ts), for hosts that serve
 * it without this header. Sent by this server, the web build's dev and preview
 * servers (vite.web.config.ts); a static host serving dist-web/ should send it
 * for assets/game-worker-*.js.
 */
export const GAME_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; worker-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Whether a request path is the game worker's script (dist-web/assets/game-worker-*.js, or the dev server's module). */
export function isGameWorkerScript(path: string): boolean {
  return /(^|\/)game-worker[^/]*\.(js|ts)(\?|$)/.test(path);
}

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface StaticServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string, routes: Route[], port = 0): Promise<StaticServer> {
  const server = createServer((req, res) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('outside the app');
        return;
      }
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          ...(isGameWorkerScript(path) ? { 'content-security-policy': GAME_WORKER_CSP } : {}),
        });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      }
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
