// Start-up cost, printed by `npm run bench` after the workloads (Node only):
// for each module, how long until it runs — `new Module` + `new Instance` +
// the first call — on native, the interpreter, the eager JIT and the lazily
// tiered JIT (what game sessions use), per KB of the module's code section.
// Games get a GameSession (load, init, first update + draw); the benchmark
// programs their first run(1). The debug build of breakout (cargo's dev
// profile, built by `npm run build:bench` into bench/programs/.debug/, not
// committed: ~6 MB, nearly all DWARF) is included when it is there.
//
// Each measurement is a fresh module in a fresh state of our caches (the
// JIT's compile cache is cleared, the bytes get a unique custom section so
// V8 cannot reuse a compile either), median of `runs`. Ratios between the
// engines of one run are what to read on a loaded machine.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Instance, Module } from '../src/runtime/index';
import { clearCompileCache } from '../src/runtime/jit/compile';
import { GameSession } from '../src/host/session';
import { median, withCustomSection } from './lib/harness';

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
  const session = await GameSession.create(bytes, { seed: 1, engine: mode === 'interp' ? 'interp' : 'jit' });
  const t1 = performance.now();
  session.step();
  return [t1 - t0, performance.now() - t1];
}

/** The cell of one measurement: instantiate ms (ms per KB of code) + first call ms. */
function cell(inst: number, first: number, kb: number): string {
  if (Number.isNaN(inst)) return 'failed';
  return `${inst.toFixed(1)} (${(inst / kb).toFixed(2)}) +${first.toFixed(1)}`;
}

export async function reportStartup(log: (line: string) => void, runs = 3): Promise<void> {
  const programs = readdirSync(join(here, 'programs')).filter((d) => existsSync(join(here, 'programs', d, `${d}.wasm`)));
  const items: { name: string; bytes: Uint8Array; game: boolean }[] = [
    ...programs.map((d) => ({ name: d, bytes: new Uint8Array(readFileSync(join(here, 'programs', d, `${d}.wasm`))), game: false })),
    ...readdirSync(join(root, 'games')).filter((d) => existsSync(join(root, 'games', d, `${d}.wasm`)))
      .map((d) => ({ name: `game ${d}`, bytes: new Uint8Array(readFileSync(join(root, 'games', d, `${d}.wasm`))), game: true })),
  ];
  if (existsSync(DEBUG_BUILD)) items.push({ name: 'game breakout (debug)', bytes: new Uint8Array(readFileSync(DEBUG_BUILD)), game: true });
  else log(`(no ${DEBUG_BUILD}: npm run build:bench -- debug builds it)`);

  log('');
  log(`Start-up, median of ${runs}: "A (A per KB of code section) +B": A = ms to instantiate (programs: new Module + new Instance;`);
  log('games: GameSession.create: load, instantiate, init), B = ms of the first call (programs: run(1); games: the first step, update + draw).');
  log('Games run the JIT lazily tiered (the session has no eager mode), so their jit column is the tiered one.');
  const W = 26;
  log(`${'module'.padEnd(24)}${'file KB'.padStart(8)}${'code KB'.padStart(8)}${MODES.map((m) => m.padStart(W)).join('')}`);
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
    log(`${it.name.padEnd(24)}${(it.bytes.length / 1024).toFixed(0).padStart(8)}${kb.toFixed(1).padStart(8)}${cells.join('')}`);
  }
}

// `npm run bench:startup`: the start-up table alone
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await reportStartup((line) => console.log(line), Number(process.env.STARTUP_RUNS ?? 3));
}
