#!/usr/bin/env node
// Builds the benchmark workloads (bench/programs/*: one cargo workspace, plus C
// programs and generated ones) to wasm32 — Rust with Debian's Rust toolchain,
// through the shared scripts/lib/cargo-wasm.mjs; C (a <name>.c) with Debian's
// clang and lld at -O2 (CLANG_ARGS) — and writes each next to its sources as
// bench/programs/<name>/<name>.wasm — what `npm run bench` loads. The built
// files are committed so the benchmark runs without a Rust toolchain.
//
//   npm run build:bench                 # all workloads
//   npm run build:bench -- nbody        # just one
//   npm run build:bench -- --check      # fail if a committed .wasm is stale
//   npm run build:bench -- debug        # just the debug build of breakout (bench/startup.ts)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmCrate } from '../scripts/lib/cargo-wasm.mjs';

const programs = join(dirname(fileURLToPath(import.meta.url)), 'programs');
// Rust crates, C programs (<name>/<name>.c, one file, no libc), and generated programs
// (a gen.mjs that writes the .wasm to the path it is given)
const all = readdirSync(programs).filter(
  (d) => existsSync(join(programs, d, 'Cargo.toml')) || existsSync(join(programs, d, 'gen.mjs')) || existsSync(join(programs, d, `${d}.c`)),
);
// No libc and no imports: the program exports run(n) -> u64 (export_name in its source) and memory.
const CLANG_ARGS = ['--target=wasm32', '-O2', '-nostdlib', '-W', '-Wall', '-Werror', '-Wl,--no-entry,--strip-all'];
// Per-program changes to CLANG_ARGS. A SIMD build keeps the target_features section
// (--strip-debug, not --strip-all): clang 14 runs wasm-opt after linking when it is on
// PATH, and wasm-opt only accepts SIMD when that section says the module uses it.
const SIMD_ARGS = ['-msimd128', '-Wl,--no-entry,--strip-debug'];
const C_EXTRA_ARGS = { 'ckernels-simd': SIMD_ARGS, 'simd-intrinsics': SIMD_ARGS };
function clangArgs(name) {
  const extra = C_EXTRA_ARGS[name] ?? [];
  return [...CLANG_ARGS.filter((a) => !(a.startsWith('-Wl,') && extra.some((e) => e.startsWith('-Wl,')))), ...extra];
}
const args = process.argv.slice(2);
const check = args.includes('--check');
const wanted = args.filter((a) => a !== '--check');
for (const name of wanted) {
  if (name !== 'debug' && !all.includes(name)) throw new Error(`no workload ${name} in ${programs} (have: ${all.join(', ')})`);
}

const scratch = check ? mkdtempSync(join(tmpdir(), 'bench-build-')) : undefined;
const stale = [];
try {
  for (const name of (wanted.length ? wanted : all).filter((n) => n !== 'debug')) {
    const committed = join(programs, name, `${name}.wasm`);
    const outFile = scratch ? join(scratch, `${name}.wasm`) : committed;
    if (existsSync(join(programs, name, 'gen.mjs'))) execFileSync(process.execPath, [join(programs, name, 'gen.mjs'), outFile], { stdio: 'inherit' });
    else if (existsSync(join(programs, name, `${name}.c`))) execFileSync('clang', [...clangArgs(name), '-o', outFile, join(programs, name, `${name}.c`)], { stdio: 'inherit' });
    else await buildWasmCrate(join(programs, name), { outFile, lib: true, quiet: true });
    if (scratch) {
      const same = existsSync(committed) && Buffer.compare(readFileSync(committed), readFileSync(outFile)) === 0;
      console.log(`${relative(process.cwd(), committed)}: ${same ? 'up to date' : 'STALE'}`);
      if (!same) stale.push(name);
    } else {
      console.log(`${relative(process.cwd(), committed)} (${statSync(committed).size} bytes)`);
    }
  }
  // The debug build of a bundled game, for bench/startup.ts: cargo's dev profile without
  // DWARF would be what a developer's first build is, but Debian's std is prebuilt, so
  // the code is the game's own unoptimised code. Not committed (~6 MB with DWARF).
  if (!check && (wanted.length === 0 || wanted.includes('debug'))) {
    const out = join(programs, '.debug', 'breakout-debug.wasm');
    await buildWasmCrate(join(programs, '..', '..', 'games', 'breakout'), { outFile: out, profile: 'dev', quiet: true });
    console.log(`${relative(process.cwd(), out)} (${statSync(out).size} bytes, not committed)`);
  }
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
if (stale.length) {
  console.error(`stale: ${stale.join(', ')} — run npm run build:bench and commit the .wasm files`);
  process.exitCode = 1;
}
