#!/usr/bin/env node
// Builds the benchmark workloads (bench/programs/*) to wasm32-unknown-unknown
// with Debian's Rust toolchain and copies each one next to its sources as
// bench/programs/<name>/<name>.wasm, which is what `npm run bench` loads (the
// built files are committed so the benchmark runs without a Rust toolchain).
//
//   node bench/build.mjs            # all workloads
//   node bench/build.mjs nbody      # just one
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const programs = join(dirname(fileURLToPath(import.meta.url)), 'programs');
const all = readdirSync(programs).filter((d) => existsSync(join(programs, d, 'Cargo.toml')));
const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : all;

// rustup's toolchain has no wasm32 target here; Debian's has. Prefer an
// explicit override, then Debian's, then whatever is on PATH.
const cargo = process.env.CARGO ?? (existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo');
const rustc = process.env.RUSTC ?? (existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc');

for (const name of names) {
  if (!all.includes(name)) throw new Error(`no workload ${name} in ${programs} (have: ${all.join(', ')})`);
}
const args = ['build', '--release', '--target', 'wasm32-unknown-unknown', ...names.flatMap((n) => ['-p', n])];
console.log(`${cargo} ${args.join(' ')}`);
execFileSync(cargo, args, { cwd: programs, stdio: 'inherit', env: { ...process.env, RUSTC: rustc } });

for (const name of names) {
  const built = join(programs, 'target', 'wasm32-unknown-unknown', 'release', `${name}.wasm`);
  const out = join(programs, name, `${name}.wasm`);
  copyFileSync(built, out);
  console.log(`${out} (${statSync(out).size} bytes)`);
}
