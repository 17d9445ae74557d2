// The JIT's memory accesses in code V8 has optimised (docs/jit.md, "Memory"):
// every load and store is a DataView access at `(addr>>>0)+offset`, whose own
// range check is the bounds check. Loops run hot first (so the generated
// functions are optimised, with V8's checks and deopt points in place), then
// run into the memory's end, past 2^32 through the memarg offset, across
// memory.grow (inline, in a callee, in a host function) and at every
// alignment; the outcome of every call (value or trap, with the trapping
// function on top of the wasm stack) and the memory's bytes must be what
// native WebAssembly and our interpreter give. The JIT runs eager, lazily
// tiered, and entered by on-stack replacement at every loop.
import { describe, expect, it } from 'vitest';
import { Instance, Memory, Module, RuntimeError, memoryBytes, type EngineOptions } from '../../src/runtime/index.ts';
import { wat } from '../runtime/wat.ts';
import { trapText } from '../support/trap.ts';

type Fn = (...a: unknown[]) => unknown;

interface Run {
  call(name: string, ...args: unknown[]): string;
  bytes(): Uint8Array;
}

const OURS: [string, EngineOptions][] = [
  ['interp', { engine: 'interp' }],
  ['jit', { engine: 'jit' }],
  ['tiered', { engine: 'jit', tiering: 'lazy', hotness: 0 }],
  ['osr', { engine: 'jit', tiering: 'lazy', hotness: 2 ** 30, osr: 'every-loop' }],
];

/** A call's outcome as text: its value, or the trap and the function it trapped in. */
function outcome(fn: () => unknown): string {
  try {
    const v = fn();
    return typeof v === 'bigint' ? `${v}n` : String(v);
  } catch (e) {
    if (e instanceof RuntimeError) return `trap ${e.trap} in ${e.wasmStack[0]?.name ?? '?'}`;
    if (e instanceof WebAssembly.RuntimeError) {
      // V8 names the function in the first line of its stack: "at name (wasm://...)"
      const at = /at (\S+) \(wasm:/.exec(e.stack ?? '')?.[1];
      return `trap ${trapText(e)} in ${at ?? '?'}`;
    }
    throw e;
  }
}

/** The module on native WebAssembly and on each of our engines; `host` makes the imports given the instance's memory. */
function engines(bytes: Uint8Array<ArrayBuffer>, host?: (mem: () => { grow(n: number): number }) => Record<string, Record<string, unknown>>): [string, Run][] {
  const runs: [string, Run][] = [];
  {
    const box: { mem?: WebAssembly.Memory } = {};
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), host?.(() => box.mem!) as WebAssembly.Imports);
    const mem = box.mem = inst.exports.mem as WebAssembly.Memory;
    const ex = inst.exports as Record<string, Fn>;
    runs.push(['native', { call: (n, ...a) => outcome(() => ex[n]!(...a)), bytes: () => new Uint8Array(mem.buffer) }]);
  }
  for (const [name, options] of OURS) {
    const box: { mem?: Memory } = {};
    const inst = new Instance(new Module(bytes, options), host?.(() => box.mem!));
    const mem = box.mem = inst.exports.mem as Memory;
    const ex = inst.exports as Record<string, Fn>;
    runs.push([name, { call: (n, ...a) => outcome(() => ex[n]!(...a)), bytes: () => memoryBytes(mem) }]);
  }
  return runs;
}

/** Runs `script` on every engine; every engine's log and final memory must be native's. */
function agree(runs: [string, Run][], script: (r: Run, log: string[]) => void): string[] {
  const logs = runs.map(([name, r]) => {
    const log: string[] = [];
    script(r, log);
    return { name, log, bytes: r.bytes() };
  });
  const [ref, ...rest] = logs;
  for (const l of rest) {
    expect(l.log, `${l.name} against native`).toEqual(ref!.log);
    expect(l.bytes.length, `${l.name}: memory size`).toBe(ref!.bytes.length);
    const diff = l.bytes.findIndex((b, i) => b !== ref!.bytes[i]);
    expect(diff, `${l.name}: first byte that differs from native's`).toBe(-1);
  }
  return ref!.log;
}

// Each access kind: its width, a store of the i32 `x` (made into the kind's
// type), and a load folded into the i32 `s`. The f32/f64 stores go through
// reinterpret, so x in the NaN range stores NaNs with payloads (signalling
// ones included) which the loads read back as bits.
const KINDS: { name: string; width: number; store: (a: string, x: string, off: number) => string; load: (a: string, off: number) => string }[] = [
  { name: 'i32', width: 4, store: (a, x, o) => `(i32.store offset=${o} ${a} ${x})`, load: (a, o) => `(i32.load offset=${o} ${a})` },
  { name: 'i64', width: 8, store: (a, x, o) => `(i64.store offset=${o} ${a} ${I64(x)})`, load: (a, o) => FOLD64(`(i64.load offset=${o} ${a})`) },
  { name: 'f32', width: 4, store: (a, x, o) => `(f32.store offset=${o} ${a} (f32.reinterpret_i32 ${x}))`, load: (a, o) => `(i32.reinterpret_f32 (f32.load offset=${o} ${a}))` },
  { name: 'f64', width: 8, store: (a, x, o) => `(f64.store offset=${o} ${a} (f64.reinterpret_i64 ${I64(x)}))`, load: (a, o) => FOLD64(`(i64.reinterpret_f64 (f64.load offset=${o} ${a}))`) },
  { name: 'i16', width: 2, store: (a, x, o) => `(i32.store16 offset=${o} ${a} ${x})`, load: (a, o) => `(i32.add (i32.load16_s offset=${o} ${a}) (i32.load16_u offset=${o} ${a}))` },
  { name: 'i8', width: 1, store: (a, x, o) => `(i32.store8 offset=${o} ${a} ${x})`, load: (a, o) => `(i32.add (i32.load8_s offset=${o} ${a}) (i32.load8_u offset=${o} ${a}))` },
  { name: 'i64n', width: 4, store: (a, x, o) => `(i64.store32 offset=${o} ${a} ${I64(x)})`, load: (a, o) => FOLD64(`(i64.add (i64.load32_s offset=${o} ${a}) (i64.load32_u offset=${o} ${a}))`) },
];
/** An i64 from the i32 `x` whose halves differ: x in the high word, ~x rotated in the low. */
const I64 = (x: string): string => `(i64.or (i64.shl (i64.extend_i32_u ${x}) (i64.const 32)) (i64.extend_i32_u (i32.rotl (i32.xor ${x} (i32.const -1)) (i32.const 7))))`;
const FOLD64 = (v: string): string => `(call $fold ${v})`;

/** Offsets of the memarg: none, small, and one that carries (addr>>>0)+offset past 2^32 for the addresses near the top. */
const OFFSETS = [0, 12, 0x20];

function loopModule(): string {
  const fns = KINDS.flatMap((k) => OFFSETS.map((off) => `
    (func $st_${k.name}_${off} (export "st_${k.name}_${off}") (param $a i32) (param $n i32) (param $x i32) (local $i i32)
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ${k.store('(local.get $a)', '(i32.add (local.get $x) (i32.mul (local.get $i) (i32.const 0x01000193)))', off)}
        (local.set $a (i32.add (local.get $a) (i32.const ${k.width})))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
    (func $ld_${k.name}_${off} (export "ld_${k.name}_${off}") (param $a i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.xor (i32.rotl (local.get $s) (i32.const 5)) ${k.load('(local.get $a)', off)}))
        (local.set $a (i32.add (local.get $a) (i32.const ${k.width})))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.get $s))`)).join('\n');
  return `(module (memory (export "mem") 1 4)
    (func $fold (param i64) (result i32) (i32.xor (i32.wrap_i64 (local.get 0)) (i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32)))))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    ${fns})`;
}

const WARM_CALLS = 150;
const WARM_PASSES = 200;

describe('JIT memory accesses in optimised loops', () => {
  const runs = engines(wat(loopModule()));

  it('trap at the first access past the end, straddling it by any number of bytes, after the stores before it', () => {
    for (const k of KINDS) {
      for (const off of OFFSETS) {
        agree(runs, (r, log) => {
          const st = `st_${k.name}_${off}`, ld = `ld_${k.name}_${off}`;
          // hot, in bounds, aligned and not
          for (let c = 0; c < WARM_CALLS; c++) {
            r.call(st, (c % 7) * 8 + (c % 3), WARM_PASSES, c);
            if (c % 10 === 0) log.push(r.call(ld, (c % 5) * 4 + (c % 2), WARM_PASSES));
          }
          const size = 65536;
          // the last of n accesses ends d bytes past the memory's end (d = 0: exactly at it)
          for (let d = 0; d <= k.width; d++) {
            const n = 50;
            const start = size - k.width + d - (n - 1) * k.width - off;
            // and what the trapping store left in the last 16 bytes (a store that straddles the end writes nothing)
            log.push(`d=${d}`, r.call(st, start, n, 0x7f800001 + d), r.call('ld_i8_0', size - 16, 16), r.call(ld, start, n));
          }
          // (addr>>>0)+offset past 2^32 traps, also from the top of the i32 range (no wrap to low memory)
          for (const start of [-k.width, -4, -1, -0x20 + 4]) log.push(r.call(st, start, 3, 99), r.call(ld, start, 3));
        });
      }
    }
  });

  it('read and write at every alignment as native does, NaN payloads kept', () => {
    // Stores whose x runs through the f32 and f64 NaN ranges, signalling ones included.
    agree(runs, (r, log) => {
      for (const k of KINDS) {
        for (let c = 0; c < 64; c++) {
          const x = [0x7f800001, 0x7fa00000, 0xff800001 | 0, 0x7ff00000, 0xfff40000 | 0, 0x12345678][c % 6]!;
          r.call(`st_${k.name}_0`, 1024 + (c % 16), WARM_PASSES, x);
          log.push(r.call(`ld_${k.name}_0`, 1024 + ((c * 5) % 16), WARM_PASSES));
        }
      }
    });
  });

  it('see memory grown after they were optimised, at its new end', () => {
    const grown = engines(wat(loopModule()));
    agree(grown, (r, log) => {
      for (const k of KINDS) {
        for (let c = 0; c < WARM_CALLS / 3; c++) r.call(`st_${k.name}_0`, 65536 - 8 - 50 * k.width, 50, c);
      }
      for (let g = 1; g <= 3; g++) {
        log.push(r.call('grow', 1));
        const size = 65536 * (g + 1);
        for (const k of KINDS) {
          const n = 50;
          log.push(r.call(`st_${k.name}_12`, size - 12 - n * k.width, n, g), r.call(`ld_${k.name}_12`, size - 12 - n * k.width, n));
          log.push(r.call(`st_${k.name}_12`, size - 12 - n * k.width + 1, n, g), r.call(`ld_${k.name}_0`, size - n * k.width + 1, n));
        }
      }
    });
  });
});

describe('JIT memory accesses across memory.grow inside a hot loop', () => {
  // Every pass stores and loads at the memory's last bytes; every 512th pass grows it by a page:
  // inline (via 0), in a callee (via 1) or in a host function (via 2). A stale view of the memory
  // would trap at the first pass after a grow.
  const src = `(module (import "h" "grow" (func $host (param i32) (result i32))) (memory (export "mem") 1 24)
    (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
    ;; not a leaf, so not inlined: the caller's view is reloaded after the call
    (func $callee (param i32) (result i32) (call $grow (local.get 0)))
    (func (export "run") (param $n i32) (param $via i32) (result i32) (local $i i32) (local $s i32) (local $end i32)
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eq (i32.and (local.get $i) (i32.const 511)) (i32.const 511))
          (then (local.set $s (i32.add (local.get $s)
            (if (result i32) (i32.eqz (local.get $via)) (then (memory.grow (i32.const 1)))
              (else (if (result i32) (i32.eq (local.get $via) (i32.const 1)) (then (call $callee (i32.const 1))) (else (call $host (i32.const 1))))))))))
        (local.set $end (i32.shl (memory.size) (i32.const 16)))
        (i32.store (i32.sub (local.get $end) (i32.const 4)) (local.get $i))
        (i64.store offset=8 (i32.sub (local.get $end) (i32.const 20)) (i64.extend_i32_u (local.get $i)))
        (local.set $s (i32.xor (i32.rotl (local.get $s) (i32.const 3))
          (i32.add (i32.load (i32.sub (local.get $end) (i32.const 4))) (i32.load offset=12 (i32.sub (local.get $end) (i32.const 20))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.get $s))
    (func $at (export "at") (param i32) (result i32) (i32.load (local.get 0))))`;

  for (const via of [0, 1, 2]) {
    it(`sees every grow at once (${['memory.grow', 'a callee', 'the host'][via]})`, () => {
      const runs = engines(wat(src), (mem) => ({ h: { grow: (n: number) => mem().grow(n) } }));
      const log = agree(runs, (r, log) => {
        log.push(r.call('run', 4000, via));
        log.push(r.call('run', 4000, via));
        for (const a of [15 * 65536 - 4, 15 * 65536 - 3, 15 * 65536, 24 * 65536 - 4]) log.push(r.call('at', a));
      });
      // 7 grows per run of 4000 passes: 15 pages, whose last word the last pass wrote
      expect(log[2]).toBe('3999');
      expect(log[3]).toMatch(/^trap out of bounds memory access in at/);
    });
  }
});
