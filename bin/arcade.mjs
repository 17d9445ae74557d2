#!/usr/bin/env node
// The `arcade` command. In a checkout of this repository the CLI runs from its
// TypeScript sources through tsx, so no build step stands between a change and
// running it; the installed package (npm pack/install) has no sources and runs
// the JavaScript that `prepack` built into dist-node/.
import { existsSync } from 'node:fs';

// `npm run arcade -- check game.wasm` in this repository: npm runs scripts in
// the package's folder, but paths on the command line are the caller's.
if (process.env.npm_lifecycle_event === 'arcade' && process.env.npm_package_name === 'wasm-arcade' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const sources = new URL('../src/cli/index.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist-node/cli.js'));
}
process.exitCode = await main(process.argv.slice(2));
