// Web build: the same renderer as the Electron window, with the game session
// in a Web Worker (src/renderer/web/game-worker.ts).
//   npm run play:web    dev server
//   npm run build:web   → dist-web/ (static files; serve over http(s))
//   npm run preview:web serves dist-web/
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
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
  },
  preview: { host: '127.0.0.1' },
});
