// The spec runner itself: value matching, failure reasons, dependency
// tracking, counting and the command's output. Engines here are the native
// reference adapter and deliberately broken variants of it, so each test can
// fail: a runner that misses wrong results would pass our engine wrongly.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSpecCommand } from '../src/cli/commands/spec.ts';
import { defaultTrapMatches, type SpecEngine, type SpecValue } from '../src/cli/spec/engine.ts';
import { matchesFilter, runSpecFile, runSpecSuite, type FileReport } from '../src/cli/spec/runner.ts';
import { loadRuntimeEngine } from '../src/cli/spec/runtime-engine.ts';
import { formatJson, formatValue, HostRefs, matchValue, parseArg } from '../src/cli/spec/values.ts';
import { createNativeEngine } from './spec-support/native-engine.ts';
import { HAVE_SPEC_SUITE, SPEC_SUITE } from './spec-support/suite.ts';
import { body, funcType, moduleBytes, name, section, u32, vec } from './spec-support/wasm-binary.ts';

const refs = new HostRefs();

describe('values', () => {
  const f32 = (bits: number): SpecValue => ({ type: 'f32', bits });
  const f64 = (bits: bigint): SpecValue => ({ type: 'f64', bits });

  it('compares ints by bit pattern, whatever the signedness of the JSON', () => {
    expect(matchValue({ type: 'i32', value: '4294967295' }, { type: 'i32', value: -1 }, refs)).toBe(true);
    expect(matchValue({ type: 'i32', value: '4294967295' }, { type: 'i32', value: 1 }, refs)).toBe(false);
    expect(matchValue({ type: 'i64', value: '18446744073709551615' }, { type: 'i64', value: -1n }, refs)).toBe(true);
    expect(matchValue({ type: 'i64', value: '1' }, { type: 'i32', value: 1 }, refs)).toBe(false);
  });

  it('compares floats by bits: -0 is not 0, NaN payloads count', () => {
    expect(matchValue({ type: 'f32', value: '2147483648' }, f32(0), refs)).toBe(false);
    expect(matchValue({ type: 'f32', value: '2141192192' }, f32(0x7fa00000), refs)).toBe(true);
    expect(matchValue({ type: 'f32', value: '2141192192' }, f32(0x7fc00000), refs)).toBe(false);
    expect(matchValue({ type: 'f64', value: '9221120237041090560' }, f64(0x7ff8000000000000n), refs)).toBe(true);
  });

  it('knows nan:canonical (either sign) and nan:arithmetic (quiet bit set)', () => {
    const canonical = { type: 'f32', value: 'nan:canonical' };
    const arithmetic = { type: 'f32', value: 'nan:arithmetic' };
    expect(matchValue(canonical, f32(0x7fc00000), refs)).toBe(true);
    expect(matchValue(canonical, f32(0xffc00000), refs)).toBe(true);
    expect(matchValue(canonical, f32(0x7fc00001), refs)).toBe(false);
    expect(matchValue(arithmetic, f32(0x7fc00001), refs)).toBe(true);
    expect(matchValue(arithmetic, f32(0x7fa00000), refs)).toBe(false);
    expect(matchValue(arithmetic, f32(0x7f800000), refs)).toBe(false);
    expect(matchValue({ type: 'f64', value: 'nan:canonical' }, f64(0xfff8000000000000n), refs)).toBe(true);
    expect(matchValue({ type: 'f64', value: 'nan:canonical' }, f64(0x7ff8000000000001n), refs)).toBe(false);
    expect(matchValue({ type: 'f64', value: 'nan:arithmetic' }, f64(0x7ff8000000000001n), refs)).toBe(true);
    expect(matchValue({ type: 'f64', value: 'nan:arithmetic' }, f64(0x7ff4000000000000n), refs)).toBe(false);
  });

  it('gives ref.extern N one stable host object and compares references by identity', () => {
    const one = parseArg({ type: 'externref', value: '1' }, refs);
    expect(one).toEqual({ type: 'externref', value: refs.get(1) });
    expect(matchValue({ type: 'externref', value: '1' }, { type: 'externref', value: refs.get(1) }, refs)).toBe(true);
    expect(matchValue({ type: 'externref', value: '1' }, { type: 'externref', value: { externref: 1 } }, refs)).toBe(false);
    expect(matchValue({ type: 'externref', value: 'null' }, { type: 'externref', value: null }, refs)).toBe(true);
    expect(matchValue({ type: 'funcref', value: 'null' }, { type: 'funcref', value: () => 0 }, refs)).toBe(false);
  });

  it('compares v128 lane by lane in the expected lane type', () => {
    const v = parseArg({ type: 'v128', lane_type: 'i16', value: ['1', '65535', '3', '4', '5', '6', '7', '8'] }, refs);
    expect(matchValue({ type: 'v128', lane_type: 'i16', value: ['1', '65535', '3', '4', '5', '6', '7', '8'] }, v, refs)).toBe(true);
    expect(matchValue({ type: 'v128', lane_type: 'i16', value: ['1', '65534', '3', '4', '5', '6', '7', '8'] }, v, refs)).toBe(false);
    expect(formatValue(v, refs, 'i16')).toBe('v128:i16x8[1 -1 3 4 5 6 7 8]');
  });

  it('formats values readably', () => {
    expect(formatValue({ type: 'i32', value: -1 }, refs)).toBe('i32:-1');
    expect(formatValue(f32(0x3fc00000), refs)).toBe('f32:1.5');
    expect(formatValue(f32(0x3dcccccd), refs)).toBe('f32:0.1');
    expect(formatValue(f32(0x80000000), refs)).toBe('f32:-0');
    expect(formatValue(f32(0xffa00000), refs)).toBe('f32:-nan:0x200000');
    expect(formatValue(f64(0x7ff8000000000000n), refs)).toBe('f64:nan:0x8000000000000');
    expect(formatValue({ type: 'externref', value: refs.get(7) }, refs)).toBe('ref.extern 7');
    expect(formatJson({ type: 'f32', value: 'nan:arithmetic' })).toBe('f32:nan:arithmetic');
    expect(formatJson({ type: 'i64', value: '18446744073709551615' })).toBe('i64:-1');
    expect(formatJson({ type: 'externref', value: 'null' })).toBe('ref.null extern');
  });
});

describe('trap text matching', () => {
  it("follows the reference interpreter: the actual text must start with the expected one", () => {
    expect(defaultTrapMatches('integer divide by zero', 'integer divide by zero')).toBe(true);
    expect(defaultTrapMatches('uninitialized element 2', 'uninitialized element')).toBe(true);
    expect(defaultTrapMatches('uninitialized element', 'uninitialized element 2')).toBe(false);
    expect(defaultTrapMatches('memory access out of bounds', 'out of bounds memory access')).toBe(false);
  });
});

describe('--filter', () => {
  it('matches whole names, with * as a wildcard', () => {
    expect(matchesFilter('/x/i32/i32.json', ['i32'])).toBe(true);
    expect(matchesFilter('/x/simd_i32x4_arith/simd_i32x4_arith.json', ['i32'])).toBe(false);
    expect(matchesFilter('/x/simd_i32x4_arith/simd_i32x4_arith.json', ['simd_*'])).toBe(true);
    expect(matchesFilter('/x/memory_grow/memory_grow.json', ['memory*'])).toBe(true);
    expect(matchesFilter('/x/i32/i32.json', [])).toBe(true);
  });
});

// ---- a small hand-made suite -------------------------------------------------

const binop = (op: number): number[] => body([], [0x20, 0, 0x20, 1, op]);
const MODULES: Record<string, Uint8Array> = {
  // (func (export "add") (param i32 i32) (result i32)) (func (export "div") ... i32.div_s)
  'mini.0.wasm': moduleBytes([
    section(1, vec([funcType({ params: ['i32', 'i32'], results: ['i32'] })])),
    section(3, vec([[0], [0]])),
    section(7, vec([[...name('add'), 0, 0], [...name('div'), 0, 1]])),
    section(10, vec([binop(0x6a), binop(0x6d)])),
  ]),
  // (func (result i32) i64.const 0): type mismatch
  'mini.1.wasm': moduleBytes([
    section(1, vec([funcType({ params: [], results: ['i32'] })])),
    section(3, vec([[0]])),
    section(10, vec([body([], [0x42, 0])])),
  ]),
  // (memory (export "mem") 1) (func (export "load0") (result i32) i32.const 0 i32.load8_u)
  'mini.2.wasm': moduleBytes([
    section(1, vec([funcType({ params: [], results: ['i32'] })])),
    section(3, vec([[0]])),
    section(5, vec([[0, 1]])),
    section(7, vec([[...name('mem'), 2, 0], [...name('load0'), 0, 0]])),
    section(10, vec([body([], [0x41, 0, 0x2d, 0, 0])])),
  ]),
  // (import "M" "mem" (memory 1)) (data (i32.const 0) "x") (start $f) (func $f unreachable)
  'mini.3.wasm': moduleBytes([
    section(1, vec([funcType({ params: [], results: [] })])),
    section(2, vec([[...name('M'), ...name('mem'), 2, 0, 1]])),
    section(3, vec([[0]])),
    section(8, u32(0)),
    section(10, vec([body([], [0x00])])),
    section(11, vec([[0, 0x41, 0, 0x0b, ...u32(1), 'x'.charCodeAt(0)]])),
  ]),
  'mini.4.wasm': Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]),
};

const i32 = (v: number): object => ({ type: 'i32', value: String(v >>> 0) });
const invoke = (field: string, args: object[], module?: string): object => ({ type: 'invoke', field, args, ...(module ? { module } : {}) });
const COMMANDS = [
  { type: 'module', line: 1, name: '$A', filename: 'mini.0.wasm' },
  { type: 'assert_return', line: 2, action: invoke('add', [i32(1), i32(1)]), expected: [i32(2)] },
  { type: 'assert_return', line: 3, action: invoke('add', [i32(1), i32(1)]), expected: [i32(3)] },
  { type: 'assert_trap', line: 4, action: invoke('div', [i32(1), i32(0)]), text: 'integer divide by zero', expected: [{ type: 'i32' }] },
  { type: 'assert_malformed', line: 5, filename: 'mini.5.wat', text: 'unexpected token', module_type: 'text' },
  { type: 'assert_invalid', line: 6, filename: 'mini.1.wasm', text: 'type mismatch', module_type: 'binary' },
  { type: 'register', line: 7, name: '$A', as: 'A' },
  { type: 'module', line: 8, name: '$M', filename: 'mini.2.wasm' },
  { type: 'register', line: 9, name: '$M', as: 'M' },
  { type: 'assert_uninstantiable', line: 10, filename: 'mini.3.wasm', text: 'unreachable', module_type: 'binary' },
  { type: 'assert_return', line: 11, action: invoke('load0', [], '$M'), expected: [i32(120)] },
  { type: 'module', line: 12, filename: 'mini.4.wasm' },
  { type: 'assert_return', line: 13, action: invoke('add', [i32(1), i32(1)]), expected: [i32(2)] },
  { type: 'assert_return', line: 14, action: invoke('add', [i32(1), i32(1)], '$A'), expected: [i32(2)] },
  { type: 'action', line: 15, action: invoke('nope', [], '$A'), expected: [] },
];

function writeMiniSuite(): string {
  const root = mkdtempSync(join(tmpdir(), 'arcade-spec-'));
  const dir = join(root, 'mini');
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(MODULES)) writeFileSync(join(dir, file), bytes);
  writeFileSync(join(dir, 'mini.wat'), '');
  writeFileSync(join(dir, 'mini.json'), JSON.stringify({ source_filename: 'mini.wast', commands: COMMANDS }));
  return root;
}

const reasons = (r: FileReport): string[] => r.failures.map((f) => `${r.file}:${f.line}: ${f.reason}`);

describe('runner on a hand-made suite', () => {
  const root = writeMiniSuite();

  it('counts every command, skips only text modules and explains each failure', () => {
    const report = runSpecFile(createNativeEngine(), join(root, 'mini', 'mini.json'));
    expect({ passed: report.passed, failed: report.failed, skipped: report.skipped }).toEqual({ passed: 10, failed: 4, skipped: 1 });
    expect(report.skips).toEqual([{ line: 5, type: 'assert_malformed', outcome: 'skipped', reason: 'text-format module' }]);
    const got = reasons(report);
    expect(got[0]).toBe('mini.json:3: assert_return invoke add(i32:1, i32:1) — expected i32:3, got i32:2');
    expect(got[1]).toMatch(/^mini\.json:12: module mini\.4\.wasm — failed to compile: CompileError: .+/);
    expect(got[2]).toBe('mini.json:13: assert_return invoke add(i32:1, i32:1) — module at line 12 failed to load');
    expect(got[3]).toBe('mini.json:15: action invoke nope() in $A — the module has no export "nope"');
  });

  it('keeps what a trapping instantiation wrote before the trap (line 11 passes only then)', () => {
    const report = runSpecFile(createNativeEngine(), join(root, 'mini', 'mini.json'));
    expect(report.failures.map((f) => f.line)).not.toContain(11);
    expect(report.failures.map((f) => f.line)).not.toContain(10);
  });

  describe('arcade spec', () => {
    const command = createSpecCommand(async () => createNativeEngine());
    const out: string[] = [];
    const err: string[] = [];
    afterEach(() => {
      vi.restoreAllMocks();
      out.length = 0;
      err.length = 0;
    });
    const capture = (): void => {
      vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(...String(s).split('\n')));
      vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(...String(s).split('\n')));
    };

    it('prints per-file counts, failures, and the totals alone on the last line; exits 1 on failure', async () => {
      capture();
      expect(await command.run([root])).toBe(1);
      expect(out[0]).toMatch(/^mini\.json: 10 passed, 4 failed, 1 skipped in \d+ ms$/);
      expect(out).toContain('mini.json:3: assert_return invoke add(i32:1, i32:1) — expected i32:3, got i32:2');
      expect(out.at(-1)).toBe('10 passed, 4 failed, 1 skipped');
    });

    it('accepts one folder or one .json file, and --filter', async () => {
      capture();
      expect(await command.run([join(root, 'mini')])).toBe(1);
      expect(out.at(-1)).toBe('10 passed, 4 failed, 1 skipped');
      out.length = 0;
      expect(await command.run([join(root, 'mini', 'mini.json'), '--max-failures', '1'])).toBe(1);
      expect(out).toContain('mini.json: ... and 3 more failures');
      out.length = 0;
      expect(await command.run([root, '--filter', 'other'])).toBe(2);
      expect(err).toEqual([`arcade spec: no command files named other under ${root}`, '0 passed, 0 failed, 0 skipped']);
    });

    it('--json prints a machine-readable report and the totals on stderr', async () => {
      capture();
      expect(await command.run([root, '--json'])).toBe(1);
      const report = JSON.parse(out.join('\n')) as { engine: string; passed: number; failed: number; files: { file: string; failures: { line: number; reason: string }[] }[] };
      expect(report).toMatchObject({ engine: 'native', passed: 10, failed: 4, skipped: 1 });
      expect(report.files[0].failures[0]).toEqual({ line: 3, type: 'assert_return', reason: 'assert_return invoke add(i32:1, i32:1) — expected i32:3, got i32:2' });
      expect(err.at(-1)).toBe('10 passed, 4 failed, 1 skipped');
    });

    it('rejects bad arguments', async () => {
      await expect(command.run([])).rejects.toThrow(/missing <dir>/);
      await expect(command.run([root, '--engine', 'v8'])).rejects.toThrow(/unknown engine/);
    });
  });
});

// ---- deliberately broken engines on real spec files ---------------------------

const file = (name: string): string => join(SPEC_SUITE, name, `${name}.json`);

function broken(changes: Partial<SpecEngine>): SpecEngine {
  return { ...createNativeEngine(), name: 'broken', ...changes };
}

function mapResults(f: (v: SpecValue) => SpecValue): Partial<SpecEngine> {
  const base = createNativeEngine();
  return { ...base, invoke: (func, args) => base.invoke(func, args).map(f) };
}

describe.skipIf(!HAVE_SPEC_SUITE)('runner reports a broken engine', () => {
  it('wrong integer results', () => {
    const r = runSpecFile(broken(mapResults((v) => (v.type === 'i32' ? { ...v, value: v.value + 1 } : v))), file('i32'));
    expect(r.failed).toBeGreaterThan(300);
    expect(reasons(r)).toContain('i32.json:37: assert_return invoke add(i32:1, i32:1) — expected i32:2, got i32:3');
  });

  it('lost NaN signs and non-arithmetic NaNs', () => {
    const canonicalise = broken(mapResults((v) => (v.type === 'f32' && (v.bits & 0x7fffffff) > 0x7f800000 ? { type: 'f32', bits: 0x7fc00000 } : v)));
    const r1 = runSpecFile(canonicalise, file('f32_bitwise'));
    expect(r1.failed).toBeGreaterThan(0);
    expect(reasons(r1)).toContain('f32_bitwise.json:369: assert_return invoke neg(f32:nan:0x400000) — expected f32:-nan:0x400000, got f32:nan:0x400000');
    const signalling = broken(mapResults((v) => (v.type === 'f32' && (v.bits & 0x7fffffff) > 0x7f800000 ? { type: 'f32', bits: 0x7f800001 } : v)));
    const r2 = runSpecFile(signalling, file('f32'));
    expect(reasons(r2)).toContain('f32.json:52: assert_return invoke add(f32:-0, f32:-nan:0x200000) — expected f32:nan:arithmetic, got f32:nan:0x1');
    expect(reasons(r2).join('\n')).toMatch(/expected f32:nan:canonical, got f32:nan:0x1/);
  });

  it('no traps, wrong trap texts, and non-trap errors', () => {
    const base = createNativeEngine();
    const swallow = broken({
      invoke: (f, a) => {
        try {
          return base.invoke(f, a);
        } catch {
          return [];
        }
      },
    });
    expect(reasons(runSpecFile(swallow, file('i32')))).toContain('i32.json:64: assert_trap invoke div_s(i32:1, i32:0) — expected trap "integer divide by zero", got a normal return');
    const wrongText = broken({ trapMatches: (actual) => actual === 'unreachable' });
    expect(reasons(runSpecFile(wrongText, file('i32')))).toContain('i32.json:64: assert_trap invoke div_s(i32:1, i32:0) — expected trap "integer divide by zero", got trap "divide by zero"');
    const strict = broken({ trapMatches: undefined });
    expect(reasons(runSpecFile(strict, file('bulk')))).toContain('bulk.json:221: assert_trap invoke call(i32:2) — expected trap "uninitialized element 2", got trap "null function or function signature mismatch"');
    const noExhaustion = broken({ classifyError: (e) => (e instanceof RangeError ? { kind: 'other', name: 'RangeError', message: e.message } : base.classifyError(e)) });
    expect(reasons(runSpecFile(noExhaustion, file('call')))).toContain('call.json:337: assert_exhaustion invoke runaway() — expected trap "call stack exhausted", got RangeError: Maximum call stack size exceeded');
  });

  it('modules that compile, link or instantiate when they must not', () => {
    const base = createNativeEngine();
    const empty = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const lenient = broken({
      compile: (bytes) => {
        try {
          return base.compile(bytes);
        } catch {
          return base.compile(empty);
        }
      },
    });
    const r = runSpecFile(lenient, file('i32'));
    expect(reasons(r)).toContain('i32.json:444: assert_invalid i32.1.wasm — expected CompileError ("type mismatch"), but the module compiled');
    const noChecks = broken({
      instantiate: (m, imports) => {
        try {
          return base.instantiate(m, imports);
        } catch {
          return {};
        }
      },
    });
    const linking = reasons(runSpecFile(noChecks, file('linking')));
    expect(linking).toContain('linking.json:28: assert_unlinkable linking.3.wasm — expected LinkError ("incompatible import type"), but the module instantiated');
    expect(linking).toContain('linking.json:244: assert_uninstantiable linking.21.wasm — expected instantiation to trap "out of bounds table access", but the module instantiated');
    const linkAsTrap = broken({ classifyError: (e) => ({ ...base.classifyError(e), kind: base.classifyError(e).kind === 'link' ? 'trap' : base.classifyError(e).kind }) });
    expect(reasons(runSpecFile(linkAsTrap, file('linking'))).join('\n')).toMatch(/linking\.json:28: assert_unlinkable linking\.3\.wasm — expected LinkError \("incompatible import type"\), got trap ".+"/);
  });

  it('references that are not the harness host objects', () => {
    const fresh = broken(mapResults((v) => (v.type === 'externref' && v.value !== null ? { type: 'externref', value: {} } : v)));
    expect(reasons(runSpecFile(fresh, file('table_get')))).toContain('table_get.json:27: assert_return invoke get-externref(i32:1) — expected ref.extern 1, got externref:<object not from the harness>');
  });

  it('a module that fails to load fails what depends on it, naming its line', () => {
    const base = createNativeEngine();
    let n = 0;
    const failSecond = broken({
      compile: (bytes) => {
        if (++n === 2) throw new Error('boom');
        return base.compile(bytes);
      },
    });
    const r = runSpecFile(failSecond, file('linking'));
    expect(reasons(r)[0]).toBe('linking.json:9: module $Nf linking.1.wasm — failed to compile: Error: boom');
    expect(reasons(r)).toContain('linking.json:18: assert_return invoke Mf.call() in $Nf — module at line 9 failed to load');
  });

  it('runs a whole folder of files in one call', () => {
    const suite = runSpecSuite(createNativeEngine(), SPEC_SUITE, { filter: ['i32', 'i64'] });
    expect(suite.files.map((f) => f.name)).toEqual(['i32', 'i64']);
    expect(suite.failed).toBe(0);
  });
});

describe('adapter over our engine', () => {
  it('turns a call that never returns into a Timeout failure instead of hanging', async () => {
    const engine = await loadRuntimeEngine('interp', { commandTimeoutMs: 200 });
    // (func (export "spin") (loop (br 0)))
    const bytes = moduleBytes([
      section(1, vec([funcType({ params: [], results: [] })])),
      section(3, vec([[0]])),
      section(7, vec([[...name('spin'), 0, 0]])),
      section(10, vec([body([], [0x03, 0x40, 0x0c, 0, 0x0b])])),
    ]);
    const exports = engine.instantiate(engine.compile(bytes), {});
    let thrown: unknown;
    try {
      engine.invoke(exports.spin, []);
    } catch (err) {
      thrown = err;
    }
    expect(engine.classifyError(thrown)).toEqual({ kind: 'other', name: 'Timeout', message: 'no result within 200 ms (interrupted)' });
  });
});
