// Inlining (codegen.ts inlineCall, docs/jit.md "Inlining"): a direct call of a
// small leaf is translated in place. Nothing a program sees may change:
// results (multi-value, NaN bits), traps and their wasm stacks (the inlined
// callee has no JS frame: trap.ts inlinedAt puts its frame back), the depth
// limit and the interrupt polls — on the eager JIT, lazily tiered and entered
// by on-stack replacement, against the interpreter.
import { afterEach, describe, expect, it } from 'vitest';
import { CALL_DEPTH_LIMIT, Instance, Module, moduleIRof, type EngineOptions } from '../../src/runtime/index.ts';
import { compileModule, ConstPool, estimatedBytecode, jitDebug, translateFunction, translateStats, V8_MAX_OPTIMIZED_BYTECODE } from '../../src/runtime/jit/compile.ts';
import { analyseModule } from '../../src/runtime/jit/analyses.ts';
import { INLINE_MAX_WASM_BYTES } from '../../src/runtime/jit/codegen.ts';
import { wat } from '../runtime/wat.ts';
import { trapOf } from '../support/trap.ts';

type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;

const ENGINES: Record<string, EngineOptions> = {
  interp: { engine: 'interp' },
  jit: { engine: 'jit' },
  tiered: { engine: 'jit', tiering: 'lazy', hotness: 1 },
  osr: { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' },
};

function exportsOf(bytes: Uint8Array<ArrayBuffer>, options: EngineOptions, inst?: { shouldInterrupt?: () => boolean }): Exports {
  return new Instance(new Module(bytes, options), {}, inst).exports as Exports;
}

/** The eager JIT's translation of the module (from its compile cache). */
function sourceOf(bytes: Uint8Array<ArrayBuffer>): string {
  return compileModule(moduleIRof(new Module(bytes, { engine: 'jit' }))).source;
}

/** What a call gives: its result, or the trap with its wasm stack. */
function outcome(f: Fn, args: unknown[]): unknown {
  try {
    const v = f(...args);
    return { value: v };
  } catch (e) {
    const t = trapOf(() => { throw e; });
    return { trap: t.trap, stack: t.wasmStack.map((fr) => `${fr.funcIndex}:${fr.name ?? ''}`) };
  }
}

/**
 * Every export called with each argument list on every engine (each call twice: tiered code
 * warms up) gives the interpreter's outcome, call by call from a fresh instance of each.
 */
function agree(bytes: Uint8Array<ArrayBuffer>, calls: [string, unknown[]][]): void {
  for (const [engine, options] of Object.entries(ENGINES)) {
    if (engine === 'interp') continue;
    const ref = exportsOf(bytes, ENGINES.interp!);
    const e = exportsOf(bytes, options);
    for (let pass = 0; pass < 2; pass++) {
      for (const [name, args] of calls) {
        expect(outcome(e[name]!, args), `${engine} ${name}(${args.join(',')}) pass ${pass}`).toEqual(outcome(ref[name]!, args));
      }
    }
  }
}

afterEach(() => {
  jitDebug.inline = true;
});

// Callees that write their params, branch to their own end from nested
// blocks, return from inside blocks and from a br_table, return several
// values, keep f32 NaN bits, and read a local before writing it (it must be
// zero at every call, not what the previous inlined call left there).
const CALLEES = `(module
  (memory 1)
  (func $clamp (param $x i32) (param $lo i32) (param $hi i32) (result i32)
    (if (i32.lt_s (local.get $x) (local.get $lo)) (then (local.set $x (local.get $lo))))
    (if (i32.gt_s (local.get $x) (local.get $hi)) (then (local.set $x (local.get $hi))))
    (local.get $x))
  (func $classify (param $x i32) (result i32)
    (block $a
      (block $b
        (br_if $b (i32.eqz (local.get $x)))
        (if (i32.lt_s (local.get $x) (i32.const 0)) (then (return (i32.const -1))))
        (br_if 2 (i32.const 300) (i32.eq (local.get $x) (i32.const 6)))
        (br_table $a $b $a (i32.and (local.get $x) (i32.const 3))))
      (return (i32.const 100)))
    (i32.const 200))
  (func $pick (param $x i32) (result i32)
    (block $z (result i32)
      (br_table $z 1 $z (i32.const 11) (local.get $x)))
    (i32.const 1)
    (i32.add))
  (func $divmod (param $a i64) (param $b i64) (result i64 i64 f64)
    (local.set $a (i64.add (local.get $a) (i64.const 0x100000000)))
    (i64.div_u (local.get $a) (local.get $b))
    (i64.rem_u (local.get $a) (local.get $b))
    (f64.convert_i64_u (local.get $a)))
  (func $acc (param $x i32) (result i32) (local $s i32)
    (local.set $s (i32.add (local.get $s) (local.get $x)))
    (local.get $s))
  (func $fbits (param $x f32) (result f32) (local.get $x))
  (func $mul128lo (param $p i32) (param $a i64) (param $b i64)
    (i64.store (local.get $p) (i64.mul (local.get $a) (local.get $b)))
    (i64.store offset=8 (local.get $p) (i64.xor (local.get $a) (local.get $b))))
  (func (export "pick") (param i32) (result i32) (call $pick (local.get 0)))
  ;; no params or locals of its own: the callee's locals start at l0
  (func (export "nolocals") (result i32) (call $classify (i32.const 5)) (i32.const 1) (i32.add))
  (func (export "clamp") (param i32 i32 i32) (result i32)
    (call $clamp (local.get 0) (local.get 1) (local.get 2)))
  (func (export "classify") (param i32) (result i32)
    (i32.add (call $classify (local.get 0)) (call $classify (i32.add (local.get 0) (i32.const 1)))))
  (func (export "divmod") (param i64 i64) (result f64)
    (local f64)
    (call $divmod (local.get 0) (local.get 1))
    (local.set 2)
    (f64.convert_i64_u)
    (f64.add (local.get 2))
    (local.set 2)
    (f64.convert_i64_u)
    (f64.add (local.get 2)))
  (func (export "acc") (param i32) (result i32)
    (i32.add (call $acc (local.get 0)) (call $acc (i32.const 1))))
  (func (export "fbits") (param i32) (result i32)
    (i32.reinterpret_f32 (call $fbits (f32.reinterpret_i32 (local.get 0)))))
  (func (export "mul") (param i64 i64) (result i64)
    (local $i i32)
    (loop $l
      (call $mul128lo (i32.const 16) (local.get 0) (local.get 1))
      (local.set 0 (i64.add (i64.load (i32.const 16)) (i64.load (i32.const 24))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))
    (local.get 0)))`;

describe('inlining small leaf callees', () => {
  it('inlines them, by their wasm, not their names', () => {
    const src = sourceOf(wat(CALLEES));
    for (let fi = 0; fi <= 6; fi++) expect(src, `callee ${fi}`).toContain(`/*i${fi}*/`);
    // no name from the module reaches the source
    for (const name of ['clamp', 'classify', 'pick', 'divmod', 'acc', 'fbits', 'mul128lo']) expect(src).not.toContain(name);
    jitDebug.inline = false;
    expect(sourceOf(wat(CALLEES))).not.toContain('/*i');
  });

  it('gives the interpreter results: written params, branches and returns from blocks, several results, NaN bits, locals zeroed per call', () => {
    agree(wat(CALLEES), [
      ['clamp', [5, 0, 10]], ['clamp', [-5, 0, 10]], ['clamp', [50, 0, 10]],
      ...[-7, -1, 0, 1, 2, 3, 4, 5, 6, 7].map((x): [string, unknown[]] => ['classify', [x]]),
      ['nolocals', []], ['pick', [0]], ['pick', [1]], ['pick', [2]], ['pick', [-1]],
      ['divmod', [123456789012n, 1000n]], ['divmod', [-1n, 7n]], ['divmod', [5n, 0n]],
      ['acc', [41]], ['acc', [-1]],
      ['fbits', [0x7fa00001]], ['fbits', [0xffc00000 | 0]], ['fbits', [0x7f800001]],
      ['mul', [0x123456789abcdefn, -3n]],
    ]);
  });

  // Traps inside the inlined code: the stack has the callee's frame above its
  // caller's, as with a call; a trap in the caller after the inlined code has not.
  const TRAPS = `(module
    (memory 1)
    (func $load (param $p i32) (result i32) (i32.load (local.get $p)))
    (func $div (param $a i32) (param $b i32) (result i32) (i32.div_s (local.get $a) (local.get $b)))
    (func $div64 (param $a i64) (param $b i64) (result i64) (i64.div_s (local.get $a) (local.get $b)))
    (func $trunc (param $x f32) (result i32) (i32.trunc_f32_s (local.get $x)))
    (func $check (param $x i32) (block (br_if 0 (local.get $x)) (unreachable)))
    (func $mid (param $p i32) (param $d i32) (result i32)
      (i32.add (call $load (local.get $p)) (call $div (i32.const 100) (local.get $d))))
    (func $main (export "main") (param $p i32) (param $d i32) (param $n i32) (result i32)
      (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s) (call $mid (local.get $p) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 4096)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (local.get $s))
    (func (export "div64") (param i64 i64) (result i64) (call $div64 (local.get 0) (local.get 1)))
    (func (export "trunc") (param f32) (result i32) (call $trunc (local.get 0)))
    (func (export "check") (param i32) (param i32) (result i32)
      (call $check (local.get 0))
      (if (i32.eqz (local.get 1)) (then (unreachable)))
      (i32.const 7)))`;

  it('traps with the interpreter\'s stack on every engine, the inlined callee\'s frame included', () => {
    const bytes = wat(TRAPS);
    const src = sourceOf(bytes);
    for (const fi of [0, 1, 2, 3, 4]) expect(src).toContain(`/*i${fi}*/`);
    agree(bytes, [
      // (out of bounds at the first pass, and at the 17th: on the osr engine, in the JIT code entered at the loop)
      ['main', [0, 3, 5]], ['main', [65536, 3, 5]], ['main', [0, 3, 20]], ['main', [65533, 3, 2]], ['main', [0, 0, 3]],
      ['div64', [7n, 0n]], ['div64', [-(2n ** 63n), -1n]], ['div64', [7n, 2n]],
      ['trunc', [Number.NaN]], ['trunc', [3e10]], ['trunc', [-2.5]],
      ['check', [0, 1]], ['check', [1, 0]], ['check', [1, 1]],
    ]);
    // and the stacks say so: the callee, its caller, the caller's caller
    const e = exportsOf(bytes, ENGINES.jit!);
    expect(trapOf(() => e.main!(65536, 3, 5)).wasmStack.map((f) => f.name)).toEqual(['load', 'mid', 'main']);
    expect(trapOf(() => e.main!(0, 0, 3)).wasmStack.map((f) => f.name)).toEqual(['div', 'mid', 'main']);
    expect(trapOf(() => e.check!(1, 0)).wasmStack.map((f) => f.funcIndex)).toEqual([9]);
    expect(trapOf(() => e.check!(0, 1)).wasmStack.map((f) => f.funcIndex)).toEqual([4, 9]);
  });

  it('keeps trap stacks with one statement per line (the profiling switch)', () => {
    jitDebug.statementPerLine = true;
    try {
      const e = exportsOf(wat(TRAPS), ENGINES.jit!);
      expect(trapOf(() => e.main!(65536, 3, 5)).wasmStack.map((f) => f.name)).toEqual(['load', 'mid', 'main']);
      expect(trapOf(() => e.div64!(1n, 0n)).wasmStack.map((f) => f.funcIndex)).toEqual([2, 7]);
    } finally {
      jitDebug.statementPerLine = false;
    }
  });

  it('leaves calls of functions with calls or loops, and of big functions, as calls', () => {
    const big = Array.from({ length: INLINE_MAX_WASM_BYTES / 4 }, (_, i) => `(local.set $x (i32.add (local.get $x) (i32.const ${i + 1})))`).join('\n');
    const bytes = wat(`(module
      (func $leaf (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1)))
      (func $calls (param $x i32) (result i32) (call $leaf (local.get $x)))
      (func $loops (param $x i32) (result i32) (loop $l (br_if $l (i32.gt_s (local.tee $x (i32.sub (local.get $x) (i32.const 1))) (i32.const 0)))) (local.get $x))
      (func $big (param $x i32) (result i32) ${big} (local.get $x))
      (func (export "f") (param i32) (result i32)
        (i32.add (i32.add (call $calls (local.get 0)) (call $loops (local.get 0))) (call $big (local.get 0)))))`);
    const src = sourceOf(bytes);
    // $leaf is inlined into $calls; nothing else is inlined
    expect(src.match(/\/\*i\d+\*\//g)).toEqual(['/*i0*/']);
    expect(src).toMatch(/function f4\([^)]*\)\{.*f1\(l0\).*f2\(l0\).*f3\(l0\)/);
    agree(bytes, [['f', [5]], ['f', [-3]]]);
  });

  it('keeps the depth limit where it was: a leaf runs on top of the deepest frame', () => {
    // rec(n) calls the inlined leaf at every level and recurses n times
    const bytes = wat(`(module
      (func $leaf (param $x i32) (result i32) (i32.mul (local.get $x) (i32.const 3)))
      (func $rec (export "rec") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (call $leaf (i32.const 1)))
          (else (i32.add (call $leaf (local.get $n)) (call $rec (i32.sub (local.get $n) (i32.const 1))))))))`);
    expect(sourceOf(bytes)).toContain('/*i0*/');
    const calls: [string, unknown[]][] = [CALL_DEPTH_LIMIT - 2, CALL_DEPTH_LIMIT - 1, CALL_DEPTH_LIMIT].map((n) => ['rec', [n]]);
    agree(bytes, calls);
    const ref = exportsOf(bytes, ENGINES.interp!);
    // (the limit is reached within these: the comparison covered both sides of it)
    expect(outcome(ref.rec!, [CALL_DEPTH_LIMIT - 2])).toHaveProperty('value');
    expect(outcome(ref.rec!, [CALL_DEPTH_LIMIT])).toHaveProperty('trap', 'call stack exhausted');
  });

  it('polls for interrupts exactly as the calls did', () => {
    const bytes = wat(`(module
      (func $leaf (param $x i32) (result i32) (i32.xor (local.get $x) (i32.const 0x55)))
      (func $once (param $x i32) (result i32) (call $leaf (local.get $x)))
      (func (export "run") (param $n i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (call $once (local.get $n))))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s)))`);
    const asked = (inline: boolean): { value: unknown; asks: number } => {
      jitDebug.inline = inline;
      let asks = 0;
      const e = exportsOf(bytes, ENGINES.jit!, { shouldInterrupt: () => { asks++; return false; } });
      return { value: e.run!(3_000_000), asks };
    };
    // (the countdown is the engine's, shared by instances: what a run leaves
    // over shifts the next one's asks, so each run follows one of the same count)
    asked(false);
    const runs = [asked(true), asked(false), asked(true)];
    expect(sourceOf(bytes)).toContain('/*i0*/');
    expect(runs[0]!.asks).toBeGreaterThan(0);
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[2]).toEqual(runs[1]);
  });
});

describe('inlining stays within V8\'s limit', () => {
  it('translates a caller again without inlining when inlined callees would take it past V8_MAX_OPTIMIZED_BYTECODE', () => {
    // a leaf of ~2,000 characters of JS (i64 multiplies), and a caller of straight-line
    // code that fits V8's limit alone but not with a few copies of the leaf
    const leaf = `(func $mix (param $a i64) (param $b i64) (result i64)
      (i64.add (i64.mul (local.get $a) (local.get $b))
        (i64.add (i64.mul (i64.shr_u (local.get $a) (i64.const 32)) (local.get $b))
          (i64.mul (local.get $a) (i64.shr_u (local.get $b) (i64.const 32))))))`;
    const calls = (n: number): string => Array.from({ length: n }, () => '(global.set $g (call $mix (global.get $g) (i64.extend_i32_u (local.get 0))))').join('\n');
    const line = (n: number): string => Array.from({ length: n }, (_, k) =>
      `(i32.store (i32.const ${(k % 1000) * 4}) (i32.add (i32.load (i32.const ${(k % 1000) * 4})) (local.get 0)))`).join('\n');
    const module = (lines: number): Uint8Array<ArrayBuffer> => wat(`(module (memory 1) (global $g (mut i64) (i64.const 7))
      ${leaf}
      (func (export "f") (param i32) (result i64) ${calls(6)} ${line(lines)} (global.get $g)))`);
    const ir = (bytes: Uint8Array<ArrayBuffer>) => moduleIRof(new Module(bytes, { engine: 'jit' }));
    const fnSource = (src: string): string => src.slice(src.indexOf('function f1('), src.indexOf('\n', src.indexOf('function f1(')));
    // small: inlined at its six sites
    const small = fnSource(compileModule(ir(module(10))).source);
    expect(small.match(/\/\*i0\*\//g)).toHaveLength(6);
    jitDebug.inline = false;
    const growth = small.length - fnSource(compileModule(ir(module(10))).source).length;
    jitDebug.inline = true;
    // big (~59,000 of V8's 61,440 bytes): the caller alone fits, with the leaf inlined it would
    // not; it is still JIT code, with calls
    const bytes = module(970);
    const jm = compileModule(ir(bytes));
    const f = fnSource(jm.source);
    expect(jm.interpreted.has(1)).toBe(false);
    expect(f).not.toContain('/*i');
    expect(estimatedBytecode(f)).toBeLessThanOrEqual(V8_MAX_OPTIMIZED_BYTECODE);
    expect(estimatedBytecode(f + ' '.repeat(growth))).toBeGreaterThan(V8_MAX_OPTIMIZED_BYTECODE);
    agree(bytes, [['f', [3]], ['f', [-1]]]);
  });
});

describe('a caller near V8\'s limit is translated once', () => {
  // a small leaf called all through a caller of straight-line code: alone the caller fits
  // V8's limit, with the leaf inlined at every site it would not
  const leaf = '(func $mix (param i32) (result i32) (i32.xor (i32.mul (local.get 0) (i32.const 31)) (i32.const 7)))';
  const module = (lines: number): Uint8Array<ArrayBuffer> => wat(`(module (memory 1) ${leaf}
    (func (export "f") (param i32) (result i32)
      ${Array.from({ length: lines }, (_, k) => `(i32.store (i32.const ${(k % 1000) * 4}) (i32.add (i32.load (i32.const ${(k % 1000) * 4}))
        ${k % 8 === 0 ? '(call $mix (local.get 0))' : '(local.get 0)'}))`).join('\n')}
      (local.get 0)))`);
  /** f1's translation, and how many passes of the code generator it took. */
  const translate = (bytes: Uint8Array<ArrayBuffer>): { f: string; passes: number } => {
    const ir = moduleIRof(new Module(bytes, { engine: 'jit' }));
    const { grows, tables } = analyseModule(ir);
    const before = translateStats.passes;
    const f = translateFunction(ir, 1, 0, new ConstPool(), grows, tables)!;
    return { f, passes: translateStats.passes - before };
  };

  it('inlines what its projected size leaves room for, in one pass of the code generator', () => {
    const bytes = module(900);
    jitDebug.inline = false;
    const alone = translate(bytes).f;
    jitDebug.inline = true;
    // (the premise: alone it fits, with every site inlined it would not)
    const sites = alone.match(/f0\(/g)!.length;
    expect(estimatedBytecode(alone)).toBeLessThanOrEqual(V8_MAX_OPTIMIZED_BYTECODE);
    const { f, passes } = translate(bytes);
    const inlined = f.match(/\/\*i0\*\//g)?.length ?? 0;
    expect(estimatedBytecode(alone + 'x'.repeat(Math.ceil(((f.length - alone.length) / Math.max(1, inlined)) * sites)))).toBeGreaterThan(V8_MAX_OPTIMIZED_BYTECODE);
    expect(passes).toBe(1);
    expect(estimatedBytecode(f)).toBeLessThanOrEqual(V8_MAX_OPTIMIZED_BYTECODE);
    // some sites inlined (room was left), not all
    expect(inlined).toBeGreaterThan(0);
    expect(inlined).toBeLessThan(sites);
    agree(bytes, [['f', [3]], ['f', [-1]]]);
  });

  it('leaves a caller far from the limit as it was', () => {
    const bytes = module(200);
    const { f, passes } = translate(bytes);
    expect(passes).toBe(1);
    expect(f.match(/\/\*i0\*\//g)).toHaveLength(25);
  });
});
