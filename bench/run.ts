// `npm run bench`: runs every workload on the platform's WebAssembly (the
// reference), our JIT and our interpreter in one process, and prints per
// workload the median time, the ratio to native and whether the checksums
// agree; then geometric means and module compile time per KB.
//
//   npm run bench                        # everything, in this Node process
//   npm run bench -- --browser           # the same, in headless Chromium (a Web Worker)
//   npm run bench -- --quick             # n/10, fewer runs: a smoke test
//   npm run bench -- --cpu               # time with process CPU time, not the wall clock (a loaded machine)
//   npm run bench -- --filter hash       # workloads whose name contains "hash"
//   npm run bench -- --engine native,interp
//   npm run bench -- --runs 7 --json out.json   # --runs: also a slow interpreter gets warm-up + N runs
//
// Without --filter it then prints start-up times (bench/startup.ts).
//
// It prints ratios; it is never a timed test. Results go in docs/performance.md.
// The measurement itself is bench/lib/harness.ts; this file is the Node
// environment (timer, file loading, output) and the switch to the browser.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseArgs, runBench, type BenchEnv } from './lib/harness';
import { engineRevision, machine, writeJsonRecord } from './lib/node-env';
import { reportStartup } from './startup';

const here = dirname(fileURLToPath(import.meta.url));

/** The process's CPU time so far, in ms (--cpu). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  if (opts.browser) {
    const { runInBrowser } = await import('./browser/launch');
    await runInBrowser(opts);
    return;
  }

  const env: BenchEnv = {
    now: opts.cpu ? cpuMs : () => Number(process.hrtime.bigint()) / 1e6,
    loadWasm: async (name) => new Uint8Array(readFileSync(join(here, 'programs', name, `${name}.wasm`))),
    log: (line) => console.log(line),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
  const revision = engineRevision();
  const outcome = await runBench(opts, env, [
    `Wasm Arcade benchmark — Node ${process.version} (V8 ${process.versions.v8}), ${machine()}`,
    `engine: src/runtime at ${revision}`,
    ...(opts.cpu ? ['clock: process CPU time (user + system, all threads), not wall time'] : []),
  ]);

  if (!opts.filter) await reportStartup((line) => console.log(line), opts.quick ? 1 : 3, opts.quick ? 1 : 300);
  if (opts.json) writeJsonRecord(opts.json, revision, { node: process.version }, process.versions.v8, outcome);
  if (!outcome.allAgree) process.exitCode = 1;
}

await main();
