// Throughput of the host's checksum (hashBytes, xx4x32: docs/drawlist.md)
// against the byte-by-byte FNV-1a 64 it replaced. A benchmark, never a timed
// test:   npx tsx bench/hash.ts
import { CHECKSUM_ALGORITHM, hashBytes } from '../src/host/drawlist';
import { median } from './lib/harness';

/** The previous checksum, FNV-1a 64 on two 32-bit halves, kept here as the baseline. */
function fnv1a64(bytes: Uint8Array): string {
  let hi = 0xcbf29ce4 | 0;
  let lo = 0x84222325 | 0;
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i];
    const a = (lo & 0xffff) * 0x1b3;
    const b = (lo >>> 16) * 0x1b3;
    hi = (Math.imul(hi, 0x1b3) + ((b + (a >>> 16)) >>> 16) + (lo << 8)) | 0;
    lo = Math.imul(lo, 0x1b3);
  }
  return (hi >>> 0).toString(16) + (lo >>> 0).toString(16);
}

let seed = 1;
const data = new Uint8Array(1 << 20).map(() => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
const cases = [
  { label: 'linear memory (1 MiB)', bytes: data, reps: 40 },
  { label: 'draw list (4.5 KiB)', bytes: data.slice(0, 4608), reps: 8000 },
];
console.log('checksum throughput, median of 5 (MiB/s)');
for (const c of cases) {
  const line: string[] = [];
  for (const [name, f] of [['fnv1a64', fnv1a64], [CHECKSUM_ALGORITHM, hashBytes]] as const) {
    for (let r = 0; r < 5; r++) f(c.bytes);
    const rates: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      for (let r = 0; r < c.reps; r++) f(c.bytes);
      rates.push((c.bytes.length * c.reps) / 1048576 / ((performance.now() - t0) / 1000));
    }
    line.push(`${name} ${median(rates).toFixed(0).padStart(5)}`);
  }
  console.log(`  ${c.label.padEnd(22)} ${line.join('   ')}`);
}
