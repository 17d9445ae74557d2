// Web build: the same renderer as the Electron window, with the game session
// in a Web Worker (src/renderer/web/game-worker.ts).
//   npm run play:web    dev server
//   npm run build:web   → dist-web/ (static files; serve over http(s))
//   npm run preview:web serves dist-web/
import { resolve } from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { GAME_WORKER_CSP, isGameWorkerScript } from './src/node/static-server';

const root = import.meta.dirname;

/**
 * games/ is outside the renderer root, which is all Vite watches: without this
 * a game added there appeared only after restarting Vite, and a deleted one
 * stayed in the picker. Watched, the glob in main.ts is re-evaluated.
 */
function watchGames(): Plugin {
  return {
    name: 'arcade-watch-games',
    configureServer(server) {
      server.watcher.add(resolve(root, 'games'));
    },
  };
}

/** The game worker's own policy (GAME_WORKER_CSP) from the dev and preview servers too. */
function workerPolicy(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (isGameWorkerScript(new URL(req.url ?? '/', 'http://x').pathname)) res.setHeader('Content-Security-Policy', GAME_WORKER_CSP);
    next();
  };
  return {
    name: 'arcade-worker-policy',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  plugins: [watchGames(), workerPolicy()],
  root: resolve(root, 'src/renderer'),
  base: './',
  publicDir: false,
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
    // cargo's build output under games/ changes a lot and is never a game.
    watch: { ignored: ['**/games/target/**', '**/games/*/target/**'] },
  },
  preview: { host: '127.0.0.1' },
});
