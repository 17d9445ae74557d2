// Web build: the same renderer as the Electron window, with the game session
// in a Web Worker (src/renderer/web/game-worker.ts).
//   npm run play:web    dev server
//   npm run build:web   → dist-web/ (static files; serve over http(s))
//   npm run preview:web serves dist-web/
import { resolve } from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * The game worker's own Content-Security-Policy. A dedicated worker does not
 * inherit the page's policy: it takes the one its script is served with, and
 * none means anything goes (fetch to any origin, WebSockets, imports). This
 * one allows only scripts from this origin (the worker's own modules) and
 * `new Function` (the JIT), and no connections at all (connect-src falls back
 * to default-src 'none'). The worker also deletes the network and storage
 * globals before any game runs (src/renderer/web/game-worker.ts); a static
 * host serving dist-web/ should send this header for assets/game-worker-*.js.
 */
export const WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'";

function workerPolicy(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (/game-worker/.test(req.url ?? '')) res.setHeader('Content-Security-Policy', WORKER_CSP);
    next();
  };
  return {
    name: 'arcade-worker-policy',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  root: resolve(root, 'src/renderer'),
  base: './',
  publicDir: false,
  plugins: [workerPolicy()],
  build: {
    outDir: resolve(root, 'dist-web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    // Bundled games live in games/, outside the renderer root.
    fs: { allow: [root] },
  },
  preview: { host: '127.0.0.1' },
});
