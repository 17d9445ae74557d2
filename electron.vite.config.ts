// Electron build (`npm run build` → out/): three Vite builds.
// - main: the Electron main process, an ES module (package.json "type": "module").
// - preload: a *sandboxed* preload must be a single CommonJS script (sandboxed
//   preloads cannot load ES modules or chunks), so it is emitted as index.cjs;
//   both windows (the app's and the hidden game host) use it.
// - renderer: the page the web build serves too (src/renderer/index.html) and
//   the hidden game host page (src/renderer/game-host/). Everything the game
//   host runs — its page script and its worker — is emitted under game-host/,
//   because main serves that folder with the game's own Content-Security-
//   Policy (src/main/csp.ts: eval for the JIT, no network).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const gameHostDir = resolve(root, 'src/renderer/game-host');

const isGameHost = (id: string | null | undefined): boolean => !!id && resolve(id).startsWith(gameHostDir);

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html'), 'game-host': resolve(gameHostDir, 'index.html') },
        output: {
          entryFileNames: (chunk) => (isGameHost(chunk.facadeModuleId) ? 'game-host/[name]-[hash].js' : 'assets/[name]-[hash].js'),
        },
      },
    },
    worker: {
      format: 'es',
      rolldownOptions: {
        output: {
          entryFileNames: (chunk) => (isGameHost(chunk.facadeModuleId) ? 'game-host/[name]-[hash].js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  },
});
