#!/usr/bin/env node
// The `arcade` command. The CLI is TypeScript; tsx compiles it on the fly so
// no build step stands between a change and running it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
