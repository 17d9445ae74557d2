// The benchmark's measurement core, shared by the Node entry (bench/run.ts)
// and the browser entry (bench/browser/worker.ts, a Web Worker in Chromium):
// option parsing, the loop over workloads and engines (compile, instantiate,
// warm-up, engines taking turns, medians, checksums compared with native),
// ratios, geometric means and the printed tables.
//
// Environment-free (eslint.config.js enforces it): the timer, how a
// workload's .wasm bytes are loaded and where output goes come in through
// `BenchEnv`, so both environments measure and print exactly the same way.
import { DEFAULT_ENGINES, ENGINE_NAMES, describeError, getEngine, isUnavailable, type Engine, type EngineName } from './engines';
import { WORKLOADS, type Workload } from '../workloads';

export interface Options {
  filter?: string;
  engines: EngineName[];
  quick: boolean;
  runs?: number;
  /** Warm-up runs go on until they have taken this long (ms, by the bench's clock); WARMUP_MS unless --warmup or --quick. */
  warmupMs?: number;
  json?: string;
  /** Run in headless Chromium instead of this Node process. */
  browser: boolean;
  /**
   * Time with the process's CPU time (user + system, every thread: V8's
   * background compilers and GC included) instead of the wall clock. On a
   * shared, loaded machine the wall clock also counts the time the process
   * waits for a core, which differs from run to run and engine to engine;
   * CPU time does not. With --browser: the CPU time of the benchmark's
   * worker thread only (bench/browser/thread-cpu.ts, Linux).
   */
  cpu: boolean;
  /** With --browser: V8 flags for Chromium (`--js-flags`), e.g. `--no-maglev` or `--trace-opt --trace-deopt`. */
  jsFlags?: string;
  help: boolean;
}

export const USAGE = "usage: npm run bench -- [--browser [--js-flags '<V8 flags>']] [--cpu] [--quick] [--filter <substr>] [--engine native,interp,jit] [--runs N] [--warmup ms] [--json file]";

export function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { engines: [...DEFAULT_ENGINES], quick: false, browser: false, cpu: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--browser') opts.browser = true;
    else if (a === '--cpu') opts.cpu = true;
    else if (a.startsWith('--filter')) opts.filter = value();
    else if (a.startsWith('--engine')) {
      const list = value().split(',').map((s) => s.trim()) as EngineName[];
      for (const e of list) if (!ENGINE_NAMES.includes(e)) throw new Error(`unknown engine ${e} (have ${ENGINE_NAMES.join(', ')})`);
      // The reference always runs: ratios and agreement are relative to it.
      opts.engines = ['native', ...list.filter((e) => e !== 'native')];
    } else if (a.startsWith('--runs')) {
      const runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number ≥ 1, not ${String(runs)}`);
      opts.runs = runs;
    } else if (a.startsWith('--warmup')) {
      const ms = Number(value());
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`--warmup needs a number of milliseconds ≥ 0, not ${String(ms)}`);
      opts.warmupMs = ms;
    } else if (a.startsWith('--json')) opts.json = value();
    else if (a.startsWith('--js-flags')) opts.jsFlags = value();
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (opts.jsFlags !== undefined && !opts.browser) throw new Error('--js-flags is for Chromium (--browser); give Node V8 flags on its command line');
  return opts;
}

/** What differs between Node and the browser. */
export interface BenchEnv {
  /** A monotonic clock, ms. */
  now(): number;
  /** The bytes of bench/programs/<name>/<name>.wasm. */
  loadWasm(name: string): Promise<Uint8Array>;
  /** One line of the report (stdout in Node). */
  log(line: string): void;
  /** One line of progress while it runs (stderr in Node). */
  progress(line: string): void;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function geomean(xs: readonly number[]): number {
  return xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : NaN;
}

export function sameResult(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

export interface Measurement {
  /** Median time of run(n), ms; undefined when the engine could not run it. */
  ms?: number;
  times: number[];
  /** The warm-up runs' times, ms (not in the median). */
  warmup?: number[];
  /** Module construction time, ms (median). */
  compileMs?: number;
  /** Instance construction time, ms (an engine may defer code generation to it). */
  instantiateMs?: number;
  result?: unknown;
  error?: string;
}

export type Row = Partial<Record<EngineName, Measurement>> & { size: number; n: number };

let compileCounter = 0;

/**
 * The module with a trailing custom section carrying `tag`: V8 caches compiled
 * modules by their bytes, so compiling the same bytes twice would measure a
 * cache hit. Custom sections are ignored by every engine.
 */
export function withCustomSection(bytes: Uint8Array, tag: string): Uint8Array {
  const name = new TextEncoder().encode('bench');
  const payload = new TextEncoder().encode(tag);
  const body = [name.length, ...name, ...payload];
  if (body.length > 127) throw new Error('custom section tag too long');
  const out = new Uint8Array(bytes.length + 2 + body.length);
  out.set(bytes);
  out.set([0, body.length, ...body], bytes.length);
  return out;
}

// A slow interpreter run is measured once so a full run stays bearable.
const SLOW_RUN_MS = 3000;

/**
 * Warm-up runs go on until they have taken this long (at least one run, at
 * most MAX_WARMUP_RUNS). One run was not enough in Chromium: V8 15 tiers a
 * function up through Maglev before TurboFan, and a workload's run() is one
 * long call, so a big function is optimised by on-stack replacement, thrown
 * away when the call leaves through code that never ran (insufficient type
 * feedback), and compiled again; bytecode's 36 KB run() took 6–8 runs
 * (about 2.5 s) to reach its steady speed (docs/performance.md, "In
 * Chromium"). Native WebAssembly and both of our engines get the same rule.
 */
export const WARMUP_MS = 2000;
const MAX_WARMUP_RUNS = 50;

interface Prepared {
  m: Measurement;
  run?: (n: number) => unknown;
  reps: number;
}

/**
 * Compiles (timed), instantiates and warms up one workload on one engine
 * (runs until `warmupMs` have passed, see WARMUP_MS).
 * `onceIfSlow`: an interpreter warm-up over SLOW_RUN_MS is the measurement
 * (off when --runs asks for a number of runs).
 */
function prepare(now: () => number, engine: Engine, bytes: Uint8Array, w: Workload, n: number, runs: number, onceIfSlow: boolean, warmupMs: number): Prepared {
  const compileTimes: number[] = [];
  let module: unknown;
  try {
    for (let i = 0; i < 3; i++) {
      const unique = withCustomSection(bytes, `${engine.name}-${w.name}-${i}-${compileCounter++}`);
      const t0 = now();
      module = engine.compile(unique);
      compileTimes.push(now() - t0);
    }
  } catch (e) {
    return { m: { times: [], error: `compile: ${describeError(e)}` }, reps: 0 };
  }
  const m: Measurement = { times: [], compileMs: median(compileTimes) };
  try {
    const ti = now();
    const run = engine.instantiate(module, {}).exports.run as (n: number) => unknown;
    m.instantiateMs = now() - ti;
    if (typeof run !== 'function') throw new Error('no run export');
    // Warm-up (lets V8 tier up native code and JIT-generated JS).
    const t0 = now();
    m.result = run(n);
    const warm = now() - t0;
    m.warmup = [warm];
    // The interpreter has no tiers of its own, and V8 optimises its dispatch
    // loop within the first second: a run this long is the measurement. (Not
    // so for the JIT, whose generated JS V8 may still be optimising.)
    const once = onceIfSlow && engine.name === 'interp' && warm > SLOW_RUN_MS;
    if (once) {
      m.times.push(warm);
      return { m, run, reps: 0 };
    }
    // Lazy tiering translates a hot function while the call that made it hot
    // finishes on the interpreter (no on-stack replacement), so the JIT's code
    // first runs — and V8 first warms it up — in the next call: at least one
    // more warm-up run before its steady state is measured.
    const minRuns = engine.name === 'tiered' ? 2 : 1;
    let spent = warm;
    while ((m.warmup.length < minRuns || spent < warmupMs) && m.warmup.length < MAX_WARMUP_RUNS) {
      const t = now();
      const r = run(n);
      const ms = now() - t;
      if (!sameResult(r, m.result)) throw new Error(`run(${n}) is not deterministic on ${engine.name}: ${String(m.result)} then ${String(r)}`);
      m.warmup.push(ms);
      spent += ms;
    }
    return { m, run, reps: runs };
  } catch (e) {
    m.error = `run: ${describeError(e)}`;
    return { m, reps: 0 };
  }
}

/** One timed run; false (and the error recorded) if it failed. */
function timeOne(now: () => number, engine: Engine, p: Prepared, n: number): boolean {
  if (!p.run || p.m.error) return false;
  try {
    const t = now();
    const r = p.run(n);
    p.m.times.push(now() - t);
    if (!sameResult(r, p.m.result)) throw new Error(`run(${n}) is not deterministic on ${engine.name}: ${String(p.m.result)} then ${String(r)}`);
    return true;
  } catch (e) {
    p.m.error = `run: ${describeError(e)}`;
    return false;
  }
}

/** One workload on the given engines, taking turns run by run; their measurements go into `row`. */
function measureWorkload(env: BenchEnv, opts: Options, engines: Map<EngineName, Engine>, w: Workload, bytes: Uint8Array, names: readonly EngineName[], row: Row): void {
  const n = row.n;
  const warmupMs = opts.warmupMs ?? (opts.quick ? 0 : WARMUP_MS);
  const prepared = new Map<EngineName, Prepared>();
  for (const name of names) {
    const engine = engines.get(name);
    if (!engine) continue;
    const runs = opts.runs ?? (opts.quick ? 3 : name === 'native' ? 5 : 3);
    prepared.set(name, prepare(env.now, engine, bytes, w, n, runs, opts.runs === undefined, warmupMs));
  }
  // Engines take turns run by run, so a shared machine's changing load
  // falls on all of them alike rather than on whichever ran last.
  const rounds = Math.max(0, ...[...prepared.values()].map((p) => p.reps));
  for (let r = 0; r < rounds; r++) {
    for (const [name, p] of prepared) {
      const engine = engines.get(name);
      if (engine && r < p.reps) timeOne(env.now, engine, p, n);
    }
  }
  for (const [name, p] of prepared) {
    if (p.m.times.length && !p.m.error) p.m.ms = median(p.m.times);
    row[name] = p.m;
    env.progress(`  ${w.name} on ${name}: ${p.m.ms?.toFixed(1) ?? p.m.error} ms`);
  }
}

export interface Outcome {
  quick: boolean;
  unavailable: Record<string, string>;
  results: Record<string, Row>;
  allAgree: boolean;
}

/**
 * The whole benchmark: prints `header` (the environment: runtime, CPU,
 * revision), measures every selected workload and prints the tables.
 */
export async function runBench(opts: Options, env: BenchEnv, header: readonly string[]): Promise<Outcome> {
  const workloads = WORKLOADS.filter((w) => !opts.filter || w.name.includes(opts.filter));
  if (!workloads.length) throw new Error(`no workload matches --filter ${opts.filter}`);

  const engines = new Map<EngineName, Engine>();
  const unavailable = new Map<EngineName, string>();
  for (const name of opts.engines) {
    const e = await getEngine(name);
    if (isUnavailable(e)) unavailable.set(name, e.reason);
    else engines.set(name, e);
  }

  for (const line of header) env.log(line);
  const warmupMs = opts.warmupMs ?? (opts.quick ? 0 : WARMUP_MS);
  const warmup = `warm-up runs until ${warmupMs} ms have passed (at least 1; tiered: 2)`;
  env.log(opts.quick && opts.warmupMs === undefined ? 'quick mode: n/10, 1 warm-up + 3 runs, median — a smoke test; it understates the JIT (less time for V8 to optimise its JS)'
    : opts.runs !== undefined ? `median of ${opts.runs} runs of every engine after ${warmup}, our engines taking turns; a slow interpreter too (--runs)`
      : `median of 5 runs (native) / 3 runs (our engines) after ${warmup}, our engines taking turns; an interpreter run over 3 s is measured once, warm-up included`);
  env.log('native runs after all of our engines\' runs: its memory.grow detaches an ArrayBuffer, which turns off V8\'s fast DataView and typed-array access for the whole isolate (10–34% of our engines\' time; the app never runs native wasm)');
  for (const [name, why] of unavailable) env.log(`${name}: n/a — ${why}`);
  env.log('');

  // Ours first, for every workload; native last (see the line above and
  // docs/performance.md, "Method"). parseArgs always includes native.
  const ours = opts.engines.filter((e) => e !== 'native');
  const results: Record<string, Row> = {};
  const bytes = new Map<string, Uint8Array>();
  for (const w of workloads) {
    const b = await env.loadWasm(w.name);
    bytes.set(w.name, b);
    results[w.name] = { size: b.length, n: opts.quick ? Math.max(1, Math.round(w.n / 10)) : w.n };
    measureWorkload(env, opts, engines, w, b, ours, results[w.name]!);
  }
  for (const w of workloads) measureWorkload(env, opts, engines, w, bytes.get(w.name)!, ['native'], results[w.name]!);

  const allAgree = report(opts.engines, workloads.map((w) => w.name), results, env.log);
  return { quick: opts.quick, unavailable: Object.fromEntries(unavailable), results, allAgree };
}

function pad(s: string, n: number, left = false): string {
  return left ? s.padEnd(n) : s.padStart(n);
}

/** An engine's time / native's, when both ran (whether or not their results agree). */
function ratioOf(m: Measurement | undefined, ref: Measurement | undefined): number | undefined {
  return m && !m.error && m.ms !== undefined && ref?.ms ? m.ms / ref.ms : undefined;
}

/** Each engine's time / native's per workload, where both ran and agree or not. */
export function ratiosToNative(engines: readonly EngineName[], names: readonly string[], results: Record<string, Row>): Map<EngineName, number[]> {
  const ratios = new Map<EngineName, number[]>(engines.filter((e) => e !== 'native').map((e) => [e, []]));
  for (const name of names) {
    const ref = results[name].native;
    for (const [e, rs] of ratios) {
      const r = ratioOf(results[name][e], ref);
      if (r !== undefined) rs.push(r);
    }
  }
  return ratios;
}

/** Prints the time and compile tables and the verdicts; true if every result agrees with native. */
export function report(engineNames: readonly EngineName[], names: readonly string[], results: Record<string, Row>, log: (line: string) => void): boolean {
  // Main table.
  const others = engineNames.filter((e) => e !== 'native');
  const header = [pad('workload', 10, true), pad('n', 9), pad('native ms', 10), ...others.flatMap((e) => [pad(`${e} ms`, 10), pad('×native', 8)]), '  agree'];
  log(header.join(' '));
  log('-'.repeat(header.join(' ').length));
  const ratios = ratiosToNative(engineNames, names, results);
  const errors: string[] = [];
  let allAgree = true;
  for (const name of names) {
    const row = results[name];
    const ref = row.native;
    const cells = [pad(name, 10, true), pad(String(row.n), 9), pad(ref?.ms?.toFixed(1) ?? 'error', 10)];
    const agree: string[] = [];
    if (ref?.error) errors.push(`${name} native: ${ref.error}`);
    for (const e of others) {
      const m = row[e];
      if (!m) {
        cells.push(pad('n/a', 10), pad('', 8));
        continue;
      }
      const ratio = ratioOf(m, ref);
      if (ratio === undefined || !ref || m.ms === undefined) { // (the last two only narrow the types)
        cells.push(pad('error', 10), pad('', 8));
        errors.push(`${name} ${e}: ${m.error ?? 'no reference'}`);
        agree.push(`${e} ✗`);
        allAgree = false;
        continue;
      }
      cells.push(pad(m.ms.toFixed(1), 10), pad(`${ratio.toFixed(2)}×`, 8));
      const ok = sameResult(m.result, ref.result);
      if (!ok) {
        allAgree = false;
        errors.push(`${name} ${e}: result ${String(m.result)}, native ${String(ref.result)}`);
      }
      agree.push(`${e} ${ok ? '✓' : '✗'}`);
    }
    cells.push('  ' + (agree.join(' ') || '—'));
    log(cells.join(' '));
  }
  const gm = [pad('geomean', 10, true), pad('', 9), pad('', 10)];
  const mx = [pad('max', 10, true), pad('', 9), pad('', 10)];
  for (const e of others) {
    const rs = ratios.get(e) ?? [];
    gm.push(pad('', 10), pad(rs.length ? `${geomean(rs).toFixed(2)}×` : 'n/a', 8));
    mx.push(pad('', 10), pad(rs.length ? `${Math.max(...rs).toFixed(2)}×` : 'n/a', 8));
  }
  log('-'.repeat(header.join(' ').length));
  log(gm.join(' '));
  log(mx.join(' '));

  // How long each engine took to reach the speed measured above (a player
  // meets the slow first runs; the table above is the steady state).
  log('\nWarm-up before the measured runs: runs, and the first run\'s time as a multiple of the measured median:');
  log([pad('workload', 10, true), ...engineNames.map((e) => pad(e, 16))].join(' '));
  for (const name of names) {
    const cells = [pad(name, 10, true)];
    for (const e of engineNames) {
      const m = results[name][e];
      const w = m?.warmup;
      cells.push(pad(w?.length && m?.ms ? `${w.length}; ${(w[0]! / m.ms).toFixed(2)}×` : 'n/a', 16));
    }
    log(cells.join(' '));
  }

  // Compile time per KB.
  log('\nModule compile time: new Module(bytes), median of 3 (instantiation in parentheses, first instance):');
  const ch = [pad('workload', 10, true), pad('KB', 7), ...engineNames.map((e) => pad(`${e} ms`, 20))];
  log(ch.join(' '));
  const totals = new Map<EngineName, { ms: number; kb: number }>();
  for (const name of names) {
    const row = results[name];
    const kb = row.size / 1024;
    const cells = [pad(name, 10, true), pad(kb.toFixed(1), 7)];
    for (const e of engineNames) {
      const c = row[e]?.compileMs;
      const inst = row[e]?.instantiateMs;
      cells.push(pad(c === undefined ? 'n/a' : `${c.toFixed(2)}${inst === undefined ? '' : ` (${inst.toFixed(2)})`}`, 20));
      if (c !== undefined) {
        const t = totals.get(e) ?? { ms: 0, kb: 0 };
        t.ms += c;
        t.kb += kb;
        totals.set(e, t);
      }
    }
    log(cells.join(' '));
  }
  log(
    [pad('ms per KB', 10, true), pad('', 7), ...engineNames.map((e) => {
      const t = totals.get(e);
      return pad(t ? (t.ms / t.kb).toFixed(3) : 'n/a', 20);
    })].join(' '),
  );

  // Targets from issue 15 (issue #4's were 1.3× / 2× and 15×). The exception for a
  // workload whose exact-JS floor (npm run bench:floor) is higher is not judged here.
  log('\nTargets (issue 15): JIT and tiered geomean ≤ 1.5× native, none above 2.5× (unless bench:floor shows exact JS is slower); interpreter geomean ≤ 20×.');
  const verdict = (e: EngineName, gmTarget: number, maxTarget: number): string => {
    const rs = ratios.get(e) ?? [];
    if (!rs.length) return `${e}: n/a`;
    const ok = geomean(rs) <= gmTarget && Math.max(...rs) <= maxTarget;
    return `${e}: geomean ${geomean(rs).toFixed(2)}×, max ${Math.max(...rs).toFixed(2)}× — ${ok ? 'met' : 'not met'}`;
  };
  if (others.includes('jit')) log(verdict('jit', 1.5, 2.5));
  if (others.includes('tiered')) log(verdict('tiered', 1.5, 2.5));
  if (others.includes('interp')) log(verdict('interp', 20, Infinity));
  log(allAgree ? 'All results agree with native.' : 'SOME RESULTS DISAGREE OR FAILED:');
  for (const e of errors) log(`  ${e}`);
  return allAgree;
}

/** JSON for --json: u64 checksums (BigInt) as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
