// The package's Node side (`npm pack` runs it through `prepack`): the CLI and
// the vitest helper as plain JavaScript in dist-node/, because people who
// install wasm-arcade have Node but not tsx. Everything of ours and every
// library is bundled in, so the installed package needs no dependency of its
// own; only vitest (the helper's peer) and Node's built-ins stay outside.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    outDir: resolve(root, 'dist-node'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { cli: resolve(root, 'src/cli/index.ts'), testing: resolve(root, 'src/testing/index.ts') },
      external: ['vitest', /^node:/, ...builtinModules],
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
