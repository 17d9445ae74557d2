// The C programs of the benchmark and the SIMD kernels, built by clang at every
// optimisation level and with every post-MVP feature clang can emit, run on V8
// and on each of our engines. The benchmark, the mutants and the mutated games
// are all -O2 (or rustc's opt-level 3) output; -O0 code looks nothing like it
// (every value goes through the shadow stack in memory, no loop is rotated,
// nothing is promoted to a local), -Os/-Oz fold differently, and
// `-mbulk-memory -msign-ext -mnontrapping-fptoint -mmultivalue` make clang
// emit memory.copy/fill, extend8/16_s, trunc_sat and multi-value returns. The
// JIT's pattern matchers (counted loops, copy loops, gathered words) meet all
// of these in programs from the wild; here they must give V8's run(n) and
// V8's memory, bit for bit (the programs' floats stay finite: no NaN bits
// left to chance).
//
// clang and lld come with `.ci/run`; the built modules are scratch files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_NAMES, describeError, getEngine, isUnavailable } from '../bench/lib/engines';

const SOURCES = [
  ['ckernels', 'bench/programs/ckernels/ckernels.c', false],
  ['ckernels-simd', 'bench/programs/ckernels-simd/ckernels-simd.c', true],
  ['simd-intrinsics', 'bench/programs/simd-intrinsics/simd-intrinsics.c', true],
  ['simd-kernels', 'test/fixtures/simd/kernels.c', true],
] as const;

/** Build variants: clang's flags after the common ones. */
const LEVELS: Record<string, string[]> = {
  O0: ['-O0'],
  O1: ['-O1'],
  Os: ['-Os'],
  Oz: ['-Oz'],
  O3: ['-O3'],
  'O2 features': ['-O2', '-mbulk-memory', '-msign-ext', '-mnontrapping-fptoint', '-mmutable-globals', '-mmultivalue', '-Xclang', '-target-abi', '-Xclang', 'experimental-mv'],
};

/** run(n) for these n, in this order, on one instance (state carries over as in the benchmark). */
const RUNS = [1, 2];

const clang = (() => {
  try {
    return execFileSync('clang', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
})();

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'arcade-optlevels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(name: string, source: string, simd: boolean, level: string): Uint8Array {
  const out = join(dir, `${name}-${level.replace(/\s+/g, '-')}.wasm`);
  // (--strip-debug keeps the target_features section: clang runs wasm-opt after linking when it is on PATH,
  // and wasm-opt accepts a feature only when that section names it)
  const args = ['--target=wasm32', ...LEVELS[level]!, ...(simd ? ['-msimd128'] : []), '-nostdlib', '-w', '-Wl,--no-entry,--strip-debug,--export=run', '-o', out, join(root, source)];
  execFileSync('clang', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Uint8Array(readFileSync(out));
}

function fnv1a32(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h >>> 0).toString(16);
}

const engines = await Promise.all(ENGINE_NAMES.map(getEngine));

/** What one engine gives: each run's value (or trap), then the memory's size and hash. */
function outcome(engineIndex: number, bytes: Uint8Array): string {
  const engine = engines[engineIndex]!;
  if (isUnavailable(engine)) throw new Error(`${ENGINE_NAMES[engineIndex]}: ${engine.reason}`);
  const exports = engine.instantiate(engine.compile(bytes), {}).exports;
  const run = exports.run as (n: number) => unknown;
  const values = RUNS.map((n) => {
    try {
      return `run(${n}) = ${String(run(n))}`;
    } catch (e) {
      return `run(${n}) trapped: ${describeError(e)}`;
    }
  });
  const memory = new Uint8Array((exports.memory as { buffer: ArrayBuffer }).buffer);
  return [...values, `memory ${memory.length} bytes, fnv1a32 ${fnv1a32(memory)}`].join('; ');
}

describe.skipIf(!clang)(`C programs at every optimisation level (${clang ?? 'clang missing: apt-get install -y clang lld'})`, () => {
  for (const [name, source, simd] of SOURCES) {
    for (const level of Object.keys(LEVELS)) {
      it(`${name} ${level}: every engine gives V8's results and memory`, () => {
        const bytes = build(name, source, simd, level);
        const native = outcome(0, bytes);
        expect(native).not.toMatch(/trapped/);
        for (let i = 1; i < engines.length; i++) expect(`${ENGINE_NAMES[i]}: ${outcome(i, bytes)}`).toBe(`${ENGINE_NAMES[i]}: ${native}`);
      });
    }
  }
});
