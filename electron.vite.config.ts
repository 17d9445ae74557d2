// Electron build (`npm run build` → out/): three Vite builds.
// - main: two entries, the Electron main process (index) and the game's
//   utility process (game-process), both ES modules (package.json "type":
//   "module"), so they share chunks such as the host layer.
// - preload: a *sandboxed* preload must be a single CommonJS script (sandboxed
//   preloads cannot load ES modules or chunks), so it is emitted as index.cjs.
// - renderer: the same page the web build serves (src/renderer/index.html).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'game-process': resolve(root, 'src/main/game-process.ts'),
        },
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
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    worker: { format: 'es' },
  },
});
