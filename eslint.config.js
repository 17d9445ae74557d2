// Layering is a design rule, checked here so CI fails when it is broken:
// - src/runtime (the engine) imports nothing of ours but itself;
// - src/host may import src/runtime and nothing higher;
// - neither imports Node built-ins, electron, pixi.js or DOM-only globals, so
//   both run unchanged in the desktop game host's worker, a Web Worker and the CLI;
// - no production code runs a game on the platform's own `WebAssembly`
//   (tests and benchmarks may use it as a reference).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const environmentFreeImports = (higherLayers) => ({
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'src/runtime and src/host must not use Node built-ins.' })),
    { name: 'electron', message: 'src/runtime and src/host must not depend on Electron.' },
    { name: 'pixi.js', message: 'src/runtime and src/host must not depend on the renderer.' },
  ],
  patterns: [
    {
      group: higherLayers.flatMap((layer) => [`**/${layer}`, `**/${layer}/**`]),
      message: 'A lower layer must not import a higher one (runtime < host < main/preload/renderer/cli).',
    },
  ],
});

const domOnlyGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'HTMLElement', 'HTMLCanvasElement', 'requestAnimationFrame', 'fetch', 'XMLHttpRequest', 'process', 'require', 'Buffer', '__dirname', '__filename', 'global', 'performance', 'Date']
  .map((name) => ({ name, message: `'${name}' is not environment-free (or would make a frame depend on wall time); src/runtime and src/host must not use it.` }));

const noPlatformWasm = { name: 'WebAssembly', message: "Games run on our engine (src/runtime), never on the platform's WebAssembly." };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'dist-web/', 'dist-node/', 'dist-player/', 'games/**/target/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', noPlatformWasm] },
  },
  {
    files: ['src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', environmentFreeImports(['host', 'main', 'preload', 'renderer', 'cli'])],
      'no-restricted-globals': ['error', noPlatformWasm, ...domOnlyGlobals],
    },
  },
  {
    // The benchmark's measurement core runs both in Node (bench/run.ts) and in
    // a Web Worker in Chromium (bench/browser/worker.ts): the timer, file
    // loading and output come in through its BenchEnv.
    files: ['bench/lib/harness.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.map((name) => ({ name, message: 'bench/lib/harness.ts also runs in a browser: pass Node facilities in through BenchEnv.' })) }],
      'no-restricted-globals': ['error', ...['process', 'require', 'Buffer', '__dirname', '__filename', 'global', 'performance', 'fetch', 'console', 'window', 'document', 'self', 'postMessage']
        .map((name) => ({ name, message: `'${name}' is not in both Node and a Web Worker, or bypasses BenchEnv; bench/lib/harness.ts gets it through BenchEnv.` }))],
    },
  },
  {
    // src/node (Node-side files: games, recordings, pictures) serves both the
    // CLI and the vitest helper; src/testing is a library, not an adapter user.
    files: ['src/node/**/*.ts', 'src/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli', '**/cli/**', '**/renderer/**', '**/main/**'], message: 'src/node and src/testing sit below the CLI and the apps: move shared Node code into src/node.' }] }],
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', environmentFreeImports(['main', 'preload', 'renderer', 'cli'])],
      'no-restricted-globals': ['error', noPlatformWasm, ...domOnlyGlobals],
    },
  },
);
