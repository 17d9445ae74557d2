// Start-up cost, printed by `npm run bench` after the workloads (Node only):
// for each module, how long until it runs — `new Module` + `new Instance` +
// the first call — on native, the interpreter, the eager JIT and the lazily
// tiered JIT (what game sessions use), per KB of the module's code section.
// Games get a GameSession (load, init, first update + draw); the benchmark
// programs and two generated modules — 4,000 small functions
// (bench/lib/many-small.ts: where start-up costs per function, not per
// byte) and a heap grown a page at a time to 64 MiB (bench/lib/heap-growth.ts:
// what memory.grow costs) — their first run(1). The debug build of breakout (cargo's dev
// profile, built by `npm run build:bench` into bench/programs/.debug/, not
// committed: ~6 MB, nearly all DWARF) is included when it is there.
//
// Games also get a "kept" column: the same game started again on the module its
// first session compiled and kept (src/host/module-cache.ts), as the app's worker
// starts a restart or the library card it has warmed.
//
// Each measurement is a fresh module in a fresh state of our caches (the
// JIT's compile cache is cleared, the bytes get a unique custom section so
// V8 cannot reuse a compile either), median of `runs`. Ratios between the
// engines of one run are what to read on a loaded machine. These are warm
// measurements: after the first, V8 has compiled and optimised our own code.
//
// The cold columns are what a player gets: a fresh process per measurement
// (bench/lib/cold-child.ts) that loads the runtime bundled by esbuild (as the
// app's worker loads it), then instantiates the module and makes the first
// call, all in lazy tiering (a session's mode) — V8 parsing, compiling and
// running our decoder, checker and interpreter for the first time included.
// Wall-clock ms, and the process's CPU ms (all threads), which a loaded
// machine inflates far less. A game then plays on in that process, paced at
// 60 Hz, for `--frames` frames in all (default 300, five seconds): the
// slowest step and how many steps took longer than a frame (the budgeted
// tier-up's stalls, what a player sees as dropped frames).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/cli';
import { Instance, Module } from '../src/runtime/index';
import { clearCompileCache } from '../src/runtime/jit/compile';
import { GameSession } from '../src/host/session';
import { ModuleCache } from '../src/host/module-cache';
import type { ModuleInfo } from '../src/host/game';
import { median, withCustomSection } from './lib/harness';
import { manySmallFunctions } from './lib/many-small';
import { HEAP_GROWTH_PAGES, heapGrowthModule } from './lib/heap-growth';
import { startupInBrowser } from './startup-browser/launch';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

export const DEBUG_BUILD = join(here, 'programs', '.debug', 'breakout-debug.wasm');

type Mode = 'native' | 'interp' | 'jit' | 'tiered';
const MODES: readonly Mode[] = ['native', 'interp', 'jit', 'tiered'];

/** Bytes of the code section (id 10), where compile time goes. */
export function codeSectionBytes(wasm: Uint8Array): number {
  let i = 8;
  const leb = (): number => {
    let r = 0, s = 0, b: number;
    do { b = wasm[i++]!; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
    return r;
  };
  while (i < wasm.length) {
    const id = wasm[i++]!;
    const n = leb();
    if (id === 10) return n;
    i += n;
  }
  return 0;
}

function moduleOf(mode: Mode, bytes: Uint8Array): Module | WebAssembly.Module {
  if (mode === 'native') return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  if (mode === 'tiered') return new Module(bytes, { engine: 'jit', tiering: 'lazy' });
  return new Module(bytes, { engine: mode, tiering: 'eager' });
}

/** ms to a module's first result: [new Module + new Instance, first call]. */
function programStartup(mode: Mode, bytes: Uint8Array): [number, number] {
  const t0 = performance.now();
  const m = moduleOf(mode, bytes);
  const exports = (mode === 'native' ? new WebAssembly.Instance(m as WebAssembly.Module) : new Instance(m as Module)).exports as Record<string, (n: number) => unknown>;
  const t1 = performance.now();
  exports.run!(1);
  return [t1 - t0, performance.now() - t1];
}

/** ms to a game's first frame on our engine: [GameSession.create (load, instantiate, init), first step (update + draw)]. */
async function gameStartup(mode: Exclude<Mode, 'native'>, bytes: Uint8Array): Promise<[number, number]> {
  // a session runs the JIT lazily tiered; 'jit' here is that too (the session has no eager mode)
  const t0 = performance.now();
  // (with a clock, as the app's game worker: lazy tiering under its compile budget)
  const session = await GameSession.create(bytes, { seed: 1, engine: mode === 'interp' ? 'interp' : 'jit', now: () => performance.now() });
  const t1 = performance.now();
  session.step();
  return [t1 - t0, performance.now() - t1];
}

/** The thumbnail frame the app's library runs a game to before a click (src/renderer/app.ts PREVIEW_FRAME). */
const KEPT_FRAMES = 60;

/**
 * A game's start on a module kept from an earlier session of the same bytes
 * (src/host/module-cache.ts): what the app's worker does for a restart and for
 * the library card it has warmed, whose game it ran to its thumbnail frame
 * before the click. [create, first step] of the second session, ms.
 */
async function keptGameStartup(bytes: Uint8Array): Promise<[number, number]> {
  const options = { seed: 1, engine: 'jit' as const, now: () => performance.now(), modules: new ModuleCache<ModuleInfo>() };
  const before = await GameSession.create(bytes, options);
  for (let i = 0; i < KEPT_FRAMES; i++) before.step();
  const t0 = performance.now();
  const session = await GameSession.create(bytes, options);
  const t1 = performance.now();
  if (!session.moduleKept) throw new Error('the second session did not start on the kept module');
  session.step();
  return [t1 - t0, performance.now() - t1];
}

interface Cold {
  load: number;
  inst: number;
  first: number;
  cpuLoad: number;
  cpuInst: number;
  cpuFirst: number;
  /** A game's slowest step after the first, paced at 60 Hz (ms), and how many took longer than a frame. */
  worst: number;
  dropped: number;
}

/** Bundles the cold-start child and the runtime it loads; returns their paths and a clean-up. */
async function bundleCold(): Promise<{ child: string; runtime: string; done: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'arcade-cold-'));
  const child = join(dir, 'child.mjs'), runtime = join(dir, 'runtime.mjs');
  await build({ entryPoints: [join(here, 'lib', 'cold-child.ts')], bundle: true, format: 'esm', platform: 'node', outfile: child, logLevel: 'error' });
  await build({ entryPoints: [join(here, 'lib', 'cold-runtime.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: runtime, logLevel: 'error' });
  return { child, runtime, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Median of `runs` cold starts, each in a fresh process. */
function coldStart(bundles: { child: string; runtime: string }, file: string, mode: string, runs: number, frames: number): Cold {
  const all: Cold[] = [];
  for (let r = 0; r < runs; r++) {
    const p = spawnSync(process.execPath, [bundles.child, bundles.runtime, file, mode, String(frames)], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`cold start of ${file} (${mode}) failed: ${p.stderr.trim().split('\n').slice(-3).join(' ')}`);
    all.push(JSON.parse(p.stdout) as Cold);
  }
  const m = (k: keyof Cold): number => median(all.map((c) => c[k]));
  return { load: m('load'), inst: m('inst'), first: m('first'), cpuLoad: m('cpuLoad'), cpuInst: m('cpuInst'), cpuFirst: m('cpuFirst'), worst: m('worst'), dropped: m('dropped') };
}

/** The cell of one measurement: instantiate ms (ms per KB of code) + first call ms. */
function cell(inst: number, first: number, kb: number): string {
  if (Number.isNaN(inst)) return 'failed';
  return `${inst.toFixed(1)} (${(inst / kb).toFixed(2)}) +${first.toFixed(1)}`;
}

/** Generated modules, each written once per process to a temporary file (cold starts read a file). */
let generatedDir: string | undefined;
function generated(name: string, fileName: string, make: () => Uint8Array): { name: string; file: string; bytes: Uint8Array; game: boolean } {
  if (!generatedDir) {
    const dir = (generatedDir = mkdtempSync(join(tmpdir(), 'arcade-generated-')));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const bytes = make();
  const file = join(generatedDir, fileName);
  writeFileSync(file, bytes);
  return { name, file, bytes, game: false };
}

/**
 * The modules measured: the benchmark programs, two generated modules (4,000 small
 * functions: bench/lib/many-small.ts; a heap grown a page at a time:
 * bench/lib/heap-growth.ts), the bundled games, and the debug build of breakout when
 * it is there.
 */
function startupItems(log: (line: string) => void): { name: string; file: string; bytes: Uint8Array; game: boolean }[] {
  const programs = readdirSync(join(here, 'programs')).filter((d) => existsSync(join(here, 'programs', d, `${d}.wasm`)));
  const items: { name: string; file: string; bytes: Uint8Array; game: boolean }[] = [
    ...programs.map((d) => join(here, 'programs', d, `${d}.wasm`)).map((file) => ({ name: file.split(/[\\/]/).pop()!.replace('.wasm', ''), file, game: false })),
    ...readdirSync(join(root, 'games')).filter((d) => existsSync(join(root, 'games', d, `${d}.wasm`)))
      .map((d) => ({ name: `game ${d}`, file: join(root, 'games', d, `${d}.wasm`), game: true })),
  ].map((it) => ({ ...it, bytes: new Uint8Array(readFileSync(it.file)) }));
  items.splice(
    programs.length,
    0,
    generated('many small (4,000 fns)', 'many-small.wasm', () => manySmallFunctions(4000)),
    generated(`heap growth (${HEAP_GROWTH_PAGES} grows)`, 'heap-growth.wasm', heapGrowthModule),
  );
  if (existsSync(DEBUG_BUILD)) items.push({ name: 'game breakout (debug)', file: DEBUG_BUILD, bytes: new Uint8Array(readFileSync(DEBUG_BUILD)), game: true });
  else log(`(no ${DEBUG_BUILD}: npm run build:bench -- debug builds it)`);
  return items;
}

export async function reportStartup(log: (line: string) => void, runs = 3, frames = 300, filter = ''): Promise<void> {
  const items = startupItems(log).filter((it) => it.name.includes(filter));

  log('');
  log(`Start-up, median of ${runs}: "A (A per KB of code section) +B": A = ms to instantiate (programs: new Module + new Instance;`);
  log('games: GameSession.create: load, instantiate, init), B = ms of the first call (programs: run(1); games: the first step, update + draw).');
  log('Games run the JIT lazily tiered (the session has no eager mode), so their jit column is the tiered one.');
  log('cold: the same for lazy tiering in a fresh process (median of the runs, each its own process), loading the bundled');
  log('runtime first; "cold cpu": that process\'s CPU ms (all threads) to load the runtime / instantiate / first call;');
  log(`"cold frames" (games): the slowest step of the ${frames - 1} after the first, paced at 60 Hz, ms (steps over 16.7 ms).`);
  log(`kept (games): the same game started again on the module its first session (${KEPT_FRAMES} frames) compiled and kept, as the app's`);
  log('worker starts a restart or the library card it warmed (src/host/module-cache.ts).');
  const W = 26;
  log(`${'module'.padEnd(24)}${'file KB'.padStart(8)}${'code KB'.padStart(8)}${[...MODES, 'kept', 'cold', 'cold cpu'].map((m) => m.padStart(W)).join('')}${'cold frames'.padStart(16)}`);
  const bundles = await bundleCold();
  let tag = 0;
  for (const it of items) {
    const kb = codeSectionBytes(it.bytes) / 1024;
    const cells: string[] = [];
    for (const mode of MODES) {
      if (it.game && mode === 'native') { cells.push('—'.padStart(W)); continue; }
      if (it.game && mode === 'jit') { cells.push('(= tiered)'.padStart(W)); continue; }
      const inst: number[] = [], first: number[] = [];
      for (let r = 0; r < runs; r++) {
        clearCompileCache();
        const bytes = withCustomSection(it.bytes, `startup-${tag++}`);
        try {
          const [a, b] = it.game ? await gameStartup(mode as Exclude<Mode, 'native'>, bytes) : programStartup(mode, bytes);
          inst.push(a);
          first.push(b);
        } catch (e) {
          inst.push(NaN);
          first.push(NaN);
          log(`  ${it.name} on ${mode}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
      cells.push(cell(median(inst), median(first), kb).padStart(W));
    }
    if (it.game) {
      const inst: number[] = [], first: number[] = [];
      for (let r = 0; r < runs; r++) {
        clearCompileCache();
        try {
          const [a, b] = await keptGameStartup(withCustomSection(it.bytes, `startup-${tag++}`));
          inst.push(a);
          first.push(b);
        } catch (e) {
          inst.push(NaN);
          first.push(NaN);
          log(`  ${it.name} kept: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
      cells.push(cell(median(inst), median(first), kb).padStart(W));
    } else cells.push('—'.padStart(W));
    try {
      const c = coldStart(bundles, it.file, it.game ? 'game-jit' : 'tiered', runs, it.game ? frames : 1);
      cells.push(cell(c.inst, c.first, kb).padStart(W), `${c.cpuLoad.toFixed(0)} / ${c.cpuInst.toFixed(1)} / ${c.cpuFirst.toFixed(1)}`.padStart(W));
      if (it.game && frames > 1) cells.push(`${c.worst.toFixed(1)} (${c.dropped})`.padStart(16));
    } catch (e) {
      cells.push('failed'.padStart(W), ''.padStart(W));
      log(`  ${it.name} cold: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    log(`${it.name.padEnd(24)}${(it.bytes.length / 1024).toFixed(0).padStart(8)}${kb.toFixed(1).padStart(8)}${cells.join('')}`);
  }
  bundles.done();
}

// `npm run bench:startup`: the start-up table alone; `-- --browser`: the cold
// starts in Chromium instead (bench/startup-browser/), `--runs N` per module,
// `--frames N` a cold game plays (1: the first step only); with --browser,
// `--unwarmed`: workers do not warm the engine before the module (the app's do),
// `--trace FILE`: Chromium's trace written there, and each worker's slow steps
// listed with what V8 and our code did in them (bench/startup-browser/trace.ts);
// `--filter S`: only the modules whose name contains S
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = benchArgs('bench:startup', 'usage: npm run bench:startup -- [--browser [--unwarmed] [--trace FILE]] [--runs N] [--frames N] [--filter S]', { options: { browser: { type: 'boolean' }, runs: { type: 'string' }, frames: { type: 'string' }, unwarmed: { type: 'boolean' }, filter: { type: 'string' }, trace: { type: 'string' } } });
  const runs = Number(values.runs ?? process.env.STARTUP_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a whole number of runs of at least 1, not "${values.runs ?? process.env.STARTUP_RUNS}"`);
  const frames = Number(values.frames ?? 300);
  if (!Number.isInteger(frames) || frames < 1) throw new Error(`--frames: a whole number of frames of at least 1, not "${values.frames}"`);
  const log = (line: string): void => console.log(line);
  if (values.trace !== undefined && !values.browser) throw new Error('--trace: only with --browser (Chromium\'s trace)');
  if (values.browser) {
    const items = startupItems(log).filter((it) => it.name.includes(values.filter ?? '')).map((it) => ({ name: it.name, file: it.file, game: it.game, kb: codeSectionBytes(it.bytes) / 1024 }));
    if (!(await startupInBrowser(items, runs, log, !values.unwarmed, frames, values.trace))) process.exitCode = 1;
  } else await reportStartup(log, runs, frames, values.filter ?? '');
}
