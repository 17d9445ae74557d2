// `npm run bench:compile`: is compiling linear in module size? For each shape
// of generated module (bench/lib/gen-modules.ts) at doubling sizes, prints the
// time per KB of wasm to validate (what the interpreter needs) and to
// validate and translate on the JIT, and how the per-KB time at the largest
// size compares with the smallest: about 1x is linear, a quadratic compile
// doubles it at every step. Ratios only (the machine may be loaded); it is
// never a timed test.
//
//   npm run bench:compile
//   npm run bench:compile -- --max-kb 2048
import { Module } from '../src/runtime/index.ts';
import { clearCompileCache } from '../src/runtime/jit/compile.ts';
import { SHAPES } from './lib/gen-modules.ts';
import { benchArgs } from './lib/cli.ts';

const { values } = benchArgs('bench:compile', 'usage: npm run bench:compile -- [--max-kb N]', { options: { 'max-kb': { type: 'string', default: '512' } } });
const MAX_KB = Number(values['max-kb']);
if (!Number.isInteger(MAX_KB) || MAX_KB < 1) {
  console.error(`bench:compile: --max-kb takes a positive integer, not "${values['max-kb']}"`);
  process.exit(2);
}

/** The module of `shape` whose size is closest to `kb` (found by doubling its parameter). */
function ofSize(make: (n: number) => Uint8Array, kb: number): Uint8Array {
  let n = 16;
  let m = make(n);
  while (m.length < kb * 1024) {
    n = Math.ceil(n * Math.min(8, (kb * 1024) / m.length));
    m = make(n);
  }
  return m;
}

/** Best of three, in ms. */
function time(f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    clearCompileCache();
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

console.log('shape             size KB   validate us/KB   JIT us/KB');
for (const [name, make] of Object.entries(SHAPES)) {
  const perKb: { interp: number; jit: number }[] = [];
  for (let kb = 16; kb <= MAX_KB; kb *= 2) {
    const bytes = ofSize(make, kb);
    const size = bytes.length / 1024;
    const interp = (time(() => new Module(bytes, { engine: 'interp' })) * 1000) / size;
    const jit = (time(() => new Module(bytes, { engine: 'jit' })) * 1000) / size;
    perKb.push({ interp, jit });
    console.log(`${name.padEnd(17)} ${size.toFixed(0).padStart(7)}   ${interp.toFixed(1).padStart(14)}   ${jit.toFixed(1).padStart(9)}`);
  }
  const first = perKb[0]!, last = perKb[perKb.length - 1]!;
  console.log(`${name.padEnd(17)} per-KB time, largest / smallest: validate ${(last.interp / first.interp).toFixed(2)}x, JIT ${(last.jit / first.jit).toFixed(2)}x\n`);
}
