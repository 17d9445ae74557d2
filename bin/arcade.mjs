#!/usr/bin/env node
// The `arcade` command. In a checkout of this repository the CLI runs from its
// TypeScript sources through tsx, so no build step stands between a change and
// running it; the installed package (npm pack/install) has no sources and runs
// the JavaScript that `prepack` built into dist-node/.
import { existsSync } from 'node:fs';

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
