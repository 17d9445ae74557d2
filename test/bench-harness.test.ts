// The benchmark's shared measurement core (bench/lib/harness.ts): statistics,
// ratios and the verdicts it prints, on made-up numbers, and one whole run on
// a tiny module with a fake clock. Nothing here is timed.
import { describe, expect, it } from 'vitest';
import { geomean, median, parseArgs, ratiosToNative, report, runBench, sameResult, withCustomSection, type BenchEnv, type Row } from '../bench/lib/harness';

describe('bench harness statistics', () => {
  it('median of odd and even counts, unsorted input left as it was', () => {
    const xs = [5, 1, 4];
    expect(median(xs)).toBe(4);
    expect(xs).toEqual([5, 1, 4]);
    expect(median([10, 2, 8, 4])).toBe(6);
    expect(median([3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('geomean', () => {
    expect(geomean([2, 8])).toBeCloseTo(4, 12);
    expect(geomean([1, 10, 100])).toBeCloseTo(10, 12);
    expect(geomean([])).toBeNaN();
  });

  it('sameResult: u64 checksums by value, NaN equals NaN, +0 is not -0', () => {
    expect(sameResult(123n, 123n)).toBe(true);
    expect(sameResult(123n, 124n)).toBe(false);
    expect(sameResult(NaN, NaN)).toBe(true);
    expect(sameResult(0, -0)).toBe(false);
    expect(sameResult(1, 1n)).toBe(false);
  });
});

describe('bench harness options', () => {
  it('native is always included (the first column); values with or without =', () => {
    const o = parseArgs(['--engine', 'jit', '--runs=7', '--browser', '--quick', '--filter', 'hash', '--json', 'x.json']);
    expect(o).toMatchObject({ engines: ['native', 'jit'], runs: 7, browser: true, quick: true, filter: 'hash', json: 'x.json' });
    expect(parseArgs(['--engine=interp,native']).engines).toEqual(['native', 'interp']);
    expect(parseArgs([])).toMatchObject({ engines: ['native', 'interp', 'jit', 'tiered'], browser: false, quick: false, cpu: false });
    expect(parseArgs(['--cpu']).cpu).toBe(true);
    expect(parseArgs(['--cpu', '--browser', '--js-flags', '--no-maglev --trace-opt'])).toMatchObject({ cpu: true, browser: true, jsFlags: '--no-maglev --trace-opt' });
    expect(parseArgs(['--warmup=0']).warmupMs).toBe(0);
    expect(parseArgs([]).warmupMs).toBeUndefined();
  });

  it('rejects what it does not know', () => {
    expect(() => parseArgs(['--engine', 'wasmtime'])).toThrow(/unknown engine/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseArgs(['--filter'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--js-flags', '--no-maglev'])).toThrow(/--js-flags is for Chromium/);
    expect(() => parseArgs(['--warmup', '-1'])).toThrow(/--warmup/);
  });
});

const m = (ms: number, result: unknown, extra: object = {}) => ({ ms, times: [ms], compileMs: 1, instantiateMs: 0.5, result, ...extra });

describe('bench harness report', () => {
  const results: Record<string, Row> = {
    a: { size: 2048, n: 10, native: m(100, 7n), interp: m(3000, 7n), jit: m(150, 7n) },
    b: { size: 1024, n: 20, native: m(50, 9n), interp: m(1500, 9n), jit: m(200, 8n) },
    c: { size: 1024, n: 30, native: m(10, 1n), interp: { times: [], error: 'run: RuntimeError: unreachable' }, jit: m(10, 1n) },
  };

  it('ratios to native leave out failed runs', () => {
    const r = ratiosToNative(['native', 'interp', 'jit'], ['a', 'b', 'c'], results);
    expect([...r.keys()]).toEqual(['interp', 'jit']);
    expect(r.get('interp')).toEqual([30, 30]);
    expect(r.get('jit')).toEqual([1.5, 4, 1]);
  });

  it('prints ratios, geomean, max, compile ms per KB, and flags disagreement and failures', () => {
    const lines: string[] = [];
    const agree = report(['native', 'interp', 'jit'], ['a', 'b', 'c'], results, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(agree).toBe(false);
    expect(lines.find((l) => l.startsWith('a '))).toMatch(/100\.0\s+3000\.0\s+30\.00×\s+150\.0\s+1\.50×\s+interp ✓ jit ✓/);
    expect(lines.find((l) => l.startsWith('b '))).toMatch(/jit ✗/);
    expect(lines.find((l) => l.startsWith('c '))).toMatch(/error.*interp ✗ jit ✓/);
    expect(lines.find((l) => l.startsWith('geomean'))).toMatch(/30\.00×\s+1\.82×/); // (1.5·4·1)^(1/3)
    expect(lines.find((l) => l.startsWith('max'))).toMatch(/30\.00×\s+4\.00×/);
    // 1 ms per compile: 3 ms / 4 KB; interp compiled only a and b: 2 ms / 3 KB.
    expect(lines.find((l) => l.startsWith('ms per KB'))).toMatch(/0\.750\s+0\.667\s+0\.750/);
    expect(text).toContain('jit: geomean 1.82×, max 4.00× — not met');
    expect(text).toContain('b jit: result 8, native 9');
    expect(text).toContain('c interp: run: RuntimeError: unreachable');
  });

  it('says all agree when they do', () => {
    const lines: string[] = [];
    expect(report(['native', 'jit'], ['a'], results, (l) => lines.push(l))).toBe(true);
    expect(lines).toContain('All results agree with native.');
  });
});

describe('bench harness run', () => {
  it('a custom section makes each compile unique without changing the module', () => {
    const tiny = runReturning42();
    const tagged = withCustomSection(tiny, 'x-1');
    expect([...tagged.subarray(0, tiny.length)]).toEqual([...tiny]);
    const mod = new WebAssembly.Module(tagged as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.customSections(mod, 'bench').map((b) => new TextDecoder().decode(b))).toEqual(['x-1']);
  });

  it('runs every engine on a workload with a fake clock: runs, medians, agreement, progress', async () => {
    let t = 0;
    const log: string[] = [];
    const progress: string[] = [];
    const env: BenchEnv = {
      now: () => (t += 2), // every timed interval is 2 ms
      loadWasm: async () => runReturning42(),
      log: (l) => log.push(l),
      progress: (l) => progress.push(l),
    };
    const out = await runBench(parseArgs(['--filter', 'nbody', '--quick', '--runs', '2']), env, ['HEADER']);
    expect(log[0]).toBe('HEADER');
    expect(out.allAgree).toBe(true);
    const row = out.results['nbody'];
    expect(row.n).toBe(250_000);
    for (const e of ['native', 'interp', 'jit', 'tiered'] as const) {
      expect(row[e]?.result).toBe(42n);
      expect(row[e]?.times).toEqual([2, 2]);
      expect(row[e]?.ms).toBe(2);
      expect(row[e]?.compileMs).toBe(2);
    }
    // Native last: its memory.grow would slow our engines for the rest of the process.
    expect(progress).toEqual(['  nbody on interp: 2.0 ms', '  nbody on jit: 2.0 ms', '  nbody on tiered: 2.0 ms', '  nbody on native: 2.0 ms']);
    expect(log.find((l) => l.startsWith('geomean'))).toMatch(/1\.00×\s+1\.00×\s+1\.00×/);
    // --quick: one warm-up run (tiered: two), as before warm-up by time.
    expect(row.jit?.warmup).toEqual([2]);
    expect(row.tiered?.warmup).toEqual([2, 2]);
  });

  it('warms up until --warmup ms have passed, on every engine, and says how it went', async () => {
    let t = 0;
    const log: string[] = [];
    const env: BenchEnv = { now: () => (t += 2), loadWasm: async () => runReturning42(), log: (l) => log.push(l), progress: () => {} };
    const out = await runBench(parseArgs(['--filter', 'nbody', '--quick', '--runs', '1', '--warmup', '7']), env, ['HEADER']);
    for (const e of ['native', 'interp', 'jit', 'tiered'] as const) expect(out.results['nbody'][e]?.warmup).toEqual([2, 2, 2, 2]);
    expect(log).toContain('median of 1 runs of every engine after warm-up runs until 7 ms have passed (at least 1; tiered: 2), our engines taking turns; a slow interpreter too (--runs)');
    expect(log.find((l) => l.startsWith('nbody') && l.includes(';'))).toMatch(/^nbody\s+4; 1\.00×\s+4; 1\.00×\s+4; 1\.00×\s+4; 1\.00×$/);
  });
});

/** (module (func (export "run") (param i32) (result i64) i64.const 42)) */
function runReturning42(): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x03, 0x02, 0x01,
    0x00, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x2a, 0x0b,
  ]);
}
