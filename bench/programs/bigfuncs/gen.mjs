#!/usr/bin/env node
// The `bigfuncs` workload: the shapes of real code on which the JIT once ran
// slower than the interpreter (issue 15: an Odin cart at 28 s on the JIT,
// 11 s on the interpreter), written as generated WebAssembly text because no
// compiler gives them on purpose:
//   - a function with 200 i32 locals and a 2000-instruction loop body
//     (unoptimised compiler output keeps every temporary in its own local);
//   - a bytecode interpreter: one loop around a br_table of 256 nested blocks;
//   - 6000 straight-line memory operations in one function, called in a loop.
// Its JavaScript translation is past what V8 will optimise (60 KB of
// bytecode), so it ran in V8's baseline tiers: up to 25x slower than the
// interpreter. `run(n)` returns a checksum of all three.
//
//   node bench/programs/bigfuncs/gen.mjs      # writes bigfuncs.wasm here (needs wabt's wat2wasm)
// bench/build.mjs runs it with the Rust workloads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** xorshift32: the same module on every run. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

function manyLocals(nl, nops) {
  const r = rng(1);
  const locals = Array.from({ length: nl }, (_, i) => `(local $v${i} i32)`);
  const init = Array.from({ length: nl }, (_, i) => `(local.set $v${i} (i32.add (local.get $n) (i32.const ${i * 7 + 1})))`);
  const ops = ['i32.add', 'i32.xor', 'i32.sub', 'i32.mul', 'i32.or'];
  const body = [];
  for (let k = 0; k < nops; k++) {
    const d = r() % nl, a = r() % nl, b = r() % nl, op = ops[r() % ops.length];
    body.push(`(local.set $v${d} (${op} (local.get $v${a}) (i32.rotl (local.get $v${b}) (i32.const ${(r() % 31) + 1}))))`);
  }
  let sum = '(local.get $v0)';
  for (let i = 1; i < nl; i++) sum = `(i32.xor ${sum} (local.get $v${i}))`;
  return `(func $manylocals (param $n i32) (result i32) ${locals.join(' ')} (local $i i32)
  ${init.join('\n')}
  (loop $l ${body.join('\n')}
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
  ${sum})`;
}

function brTable(cases) {
  const r = rng(2);
  let s = `(br_table ${Array.from({ length: cases }, (_, i) => `$c${i}`).join(' ')} $c0 (i32.and (i32.load8_u (local.get $pc)) (i32.const ${cases - 1})))`;
  for (let i = 0; i < cases; i++) {
    const act = [
      `(local.set $acc (i32.add (local.get $acc) (i32.const ${i})))`,
      `(local.set $acc (i32.xor (local.get $acc) (i32.shl (local.get $acc) (i32.const ${(i % 13) + 1}))))`,
      `(local.set $acc (i32.mul (local.get $acc) (i32.const ${2 * i + 1})))`,
      '(local.set $x (i32.add (local.get $x) (local.get $acc)))',
      '(local.set $acc (i32.rotl (local.get $acc) (local.get $x)))',
    ][r() % 5];
    s = `(block $c${i} ${s}) ${act} (br $next)`;
  }
  return `(func $brtable (param $n i32) (result i32) (local $pc i32) (local $acc i32) (local $x i32) (local $i i32)
  (local.set $acc (i32.const 1))
  (loop $top (block $next ${s})
    (local.set $pc (i32.and (i32.add (local.get $pc) (i32.const 1)) (i32.const 4095)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
  (i32.add (local.get $acc) (local.get $x)))`;
}

function straight(nops) {
  const r = rng(3);
  const b = [];
  for (let k = 0; k < nops; k++) {
    const a = (r() % 1000) * 4, c = (r() % 1000) * 4;
    b.push(`(i32.store offset=${a} (local.get $p) (i32.add (i32.load offset=${c} (local.get $p)) (i32.mul (local.get $s) (i32.const ${(r() % 100) + 1}))))`);
    b.push(`(local.set $s (i32.xor (local.get $s) (i32.load offset=${a} (local.get $p))))`);
  }
  return `(func $straightf (param $p i32) (param $s i32) (result i32) ${b.join('\n')} (local.get $s))
(func $straight (param $n i32) (result i32) (local $i i32) (local $s i32)
  (loop $l (local.set $s (call $straightf (i32.const 4096) (i32.add (local.get $s) (local.get $i))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
  (local.get $s))`;
}

export function moduleText() {
  const r = rng(4);
  const bytes = Array.from({ length: 4096 }, () => `\\${(r() & 0xff).toString(16).padStart(2, '0')}`).join('');
  return `(module
(memory (export "memory") 1)
(data (i32.const 0) "${bytes}")
${manyLocals(200, 2000)}
${brTable(256)}
${straight(3000)}
(func (export "run") (param $n i32) (result i64)
  ;; straight's scratch memory starts as zeros on every call: run is deterministic
  (memory.fill (i32.const 4096) (i32.const 0) (i32.const 4096))
  (i64.or
    (i64.shl (i64.extend_i32_u (i32.xor (call $manylocals (i32.mul (local.get $n) (i32.const 2))) (call $brtable (i32.mul (local.get $n) (i32.const 3000))))) (i64.const 32))
    (i64.extend_i32_u (call $straight (i32.mul (local.get $n) (i32.const 2)))))))
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'bigfuncs-'));
  try {
    writeFileSync(join(dir, 'bigfuncs.wat'), moduleText());
    execFileSync('wat2wasm', [join(dir, 'bigfuncs.wat'), '-o', process.argv[2] ?? join(here, 'bigfuncs.wasm')], { stdio: 'inherit' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
