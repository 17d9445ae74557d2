// Programs whose whole work is one call (a program's main, a game's init that
// builds a level, one long run): `npm run bench:onecall`. Each measurement is
// a fresh module (unique bytes, compile cache cleared), instantiated and
// called once with run(n) — so start-up, translation and V8's warm-up are in
// it, as they are for such a program. Engines: the eager JIT, lazy tiering as
// sessions run it (on-stack replacement moves the running call into JIT code
// once its function is hot), and lazy tiering without on-stack replacement
// (the call that started interpreted stays so; what it calls tiers up). They
// take turns run by run; the ratios to the eager JIT are the result.
//   npm run bench:onecall [-- --filter name[,name]] [--runs N] [--scale F]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/cli';
import { Instance, Module, moduleIRof, type EngineOptions } from '../src/runtime/index';
import { clearCompileCache } from '../src/runtime/jit/compile';
import { lazyModules } from '../src/runtime/jit/tiering';
import { median, withCustomSection } from './lib/harness';
import { WORKLOADS } from './workloads';

const here = dirname(fileURLToPath(import.meta.url));

const ENGINES: readonly { name: string; options: EngineOptions }[] = [
  { name: 'jit (eager)', options: { engine: 'jit', tiering: 'eager' } },
  { name: 'tiered', options: { engine: 'jit', tiering: 'lazy' } },
  { name: 'tiered, no OSR', options: { engine: 'jit', tiering: 'lazy', osr: 'off' } },
];

const { values } = benchArgs('bench:onecall', 'usage: npm run bench:onecall -- [--filter a,b] [--runs N] [--scale X]', { options: { filter: { type: 'string' }, runs: { type: 'string' }, scale: { type: 'string' } } });
const runs = Number(values.runs ?? 3);
const scale = Number(values.scale ?? 0.25);
const filter = values.filter?.split(',');

console.log(`One call of run(n) on a fresh module (instantiate + the call), median of ${runs}, n = ${scale} × the workload's n.`);
console.log(`${'workload'.padEnd(12)}${ENGINES.map((e) => e.name.padStart(18)).join('')}${'tiered/jit'.padStart(12)}${'no OSR/jit'.padStart(12)}  OSR entries`);
let tag = 0;
for (const w of WORKLOADS) {
  if (filter && !filter.includes(w.name)) continue;
  const bytes = new Uint8Array(readFileSync(join(here, 'programs', w.name, `${w.name}.wasm`)));
  const n = Math.max(1, Math.round(w.n * scale));
  const times: number[][] = ENGINES.map(() => []);
  const results = new Set<string>();
  let entries = 0;
  for (let r = 0; r < runs; r++) {
    ENGINES.forEach((e, i) => {
      clearCompileCache();
      const t0 = performance.now();
      const m = new Module(withCustomSection(bytes, `onecall-${tag++}`), e.options);
      const run = new Instance(m).exports.run as (n: number) => unknown;
      results.add(String(run(n)));
      times[i]!.push(performance.now() - t0);
      if (e.name === 'tiered') entries += lazyModules.get(moduleIRof(m))!.osrEntries;
    });
  }
  if (results.size !== 1) throw new Error(`${w.name}: the engines disagree: ${[...results].join(', ')}`);
  const [jit, tiered, off] = times.map(median) as [number, number, number];
  console.log(`${w.name.padEnd(12)}${[jit, tiered, off].map((t) => `${t.toFixed(1)} ms`.padStart(18)).join('')}`
    + `${(tiered / jit).toFixed(2).padStart(12)}${(off / jit).toFixed(2).padStart(12)}  ${entries / runs}`);
}
