// Builds a Rust crate to a .wasm file with Debian's toolchain (rustc 1.63,
// cargo 1.65, target wasm32-unknown-unknown), offline and reproducibly.
//
//   import { buildWasmCrate } from './lib/cargo-wasm.mjs';
//   const { wasmFiles } = await buildWasmCrate('games/breakout', { outFile: 'games/breakout/breakout.wasm' });
//
// Used by scripts/build-games.mjs and by the Rust benchmark programs. The crate
// must have `crate-type = ["cdylib"]` (or be a `bin`) to produce a .wasm.
//
// Why the details:
// - /usr/bin/cargo + RUSTC=/usr/bin/rustc: rustup's toolchain on this machine
//   has no wasm32 target; Debian's `libstd-rust-dev-wasm32` does.
// - `--offline` and a private CARGO_HOME inside the target directory: no
//   network, and no user ~/.cargo/config changing the build.
// - `--remap-path-prefix`: panic messages carry source paths; map the
//   workspace to a fixed name so the bytes don't depend on the checkout path.
// - SOURCE_DATE_EPOCH and a cleared RUSTFLAGS/wrapper environment: the same
//   source gives the same bytes on any machine with the same Debian packages.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';

export const CARGO = '/usr/bin/cargo';
export const RUSTC = '/usr/bin/rustc';
export const WASM_TARGET = 'wasm32-unknown-unknown';

const INSTALL_HINT = 'Install Debian\'s Rust toolchain and its wasm32 standard library:\n' + '  sudo apt-get install rustc cargo libstd-rust-dev-wasm32';

/** Thrown when the toolchain or the wasm32 target is missing, or cargo fails. */
export class CargoWasmError extends Error {
  constructor(message, { output = '' } = {}) {
    super(message);
    this.name = 'CargoWasmError';
    this.output = output;
  }
}

function run(cmd, args, { cwd, env, echo }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (echo) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Checks that Debian's cargo/rustc exist and rustc has the wasm32 target.
 * Returns `{ rustcVersion, cargoVersion, sysroot }`; throws CargoWasmError with
 * the apt-get hint otherwise.
 */
export async function checkToolchain() {
  for (const tool of [CARGO, RUSTC]) {
    if (!existsSync(tool)) throw new CargoWasmError(`${tool} not found.\n${INSTALL_HINT}`);
  }
  const env = baseEnv();
  const rustc = await run(RUSTC, ['--version'], { env });
  const cargo = await run(CARGO, ['--version'], { env });
  const sysrootRun = await run(RUSTC, ['--print', 'sysroot'], { env });
  if (rustc.code !== 0 || cargo.code !== 0 || sysrootRun.code !== 0) {
    throw new CargoWasmError(`could not run ${RUSTC}/${CARGO}:\n${rustc.stderr}${cargo.stderr}\n${INSTALL_HINT}`);
  }
  const sysroot = sysrootRun.stdout.trim();
  const targetLib = path.join(sysroot, 'lib', 'rustlib', WASM_TARGET, 'lib');
  if (!existsSync(targetLib)) {
    throw new CargoWasmError(`${RUSTC} has no ${WASM_TARGET} standard library (${targetLib} is missing).\n${INSTALL_HINT}`);
  }
  return { rustcVersion: rustc.stdout.trim(), cargoVersion: cargo.stdout.trim(), sysroot };
}

/** Environment with nothing from the user's Rust setup leaking in. */
function baseEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(CARGO|RUSTC|RUSTDOC|RUSTUP|RUSTFLAGS)/.test(key) && key !== 'CARGO_TERM_COLOR') delete env[key];
  }
  return { ...env, RUSTC, RUSTDOC: '/usr/bin/rustdoc', SOURCE_DATE_EPOCH: '0', ...extra };
}

/**
 * Builds `crateDir` (a directory with Cargo.toml; it may be a workspace member)
 * for wasm32-unknown-unknown and returns the .wasm files it produced.
 *
 * Options:
 * - `outFile`: copy the (single) produced .wasm here.
 * - `profile`: 'release' (default) or any cargo profile name.
 * - `bin` / `lib`: build only that target of the package.
 * - `features`: array of cargo features.
 * - `rustflags`: extra rustc flags (array), appended after ours.
 * - `targetDir`: cargo --target-dir (default: cargo's, e.g. the workspace's target/).
 * - `quiet`: don't echo cargo's progress to stderr.
 *
 * Resolves to `{ wasmFiles: string[], outFile?: string, targetDir: string }`.
 * Rejects with CargoWasmError (message includes cargo's output) on failure.
 */
export async function buildWasmCrate(crateDir, options = {}) {
  const { outFile, profile = 'release', bin, lib = false, features = [], rustflags = [], quiet = false } = options;
  const manifest = path.resolve(crateDir, 'Cargo.toml');
  if (!existsSync(manifest)) throw new CargoWasmError(`${manifest} does not exist`);
  await checkToolchain();

  // Where cargo puts things, and the workspace root to remap in paths.
  const meta = await run(CARGO, ['metadata', '--format-version', '1', '--no-deps', '--offline', '--manifest-path', manifest], {
    env: baseEnv(),
  });
  if (meta.code !== 0) throw new CargoWasmError(`cargo metadata failed for ${manifest}:\n${meta.stderr}`, { output: meta.stderr });
  const { target_directory: cargoTargetDir, workspace_root: workspaceRoot } = JSON.parse(meta.stdout);
  const targetDir = options.targetDir ? path.resolve(options.targetDir) : cargoTargetDir;
  const cargoHome = path.join(targetDir, '.cargo-home');
  mkdirSync(cargoHome, { recursive: true });

  const flags = [`--remap-path-prefix=${workspaceRoot}=${path.basename(workspaceRoot)}`, `--remap-path-prefix=${cargoHome}=/cargo-home`, ...rustflags];
  const env = baseEnv({
    CARGO_HOME: cargoHome,
    // CARGO_ENCODED_RUSTFLAGS takes precedence over RUSTFLAGS and allows spaces in paths.
    CARGO_ENCODED_RUSTFLAGS: flags.join('\x1f'),
    CARGO_TERM_COLOR: 'never',
  });

  const args = ['build', '--offline', '--target', WASM_TARGET, '--manifest-path', manifest, '--message-format=json-render-diagnostics'];
  args.push(profile === 'release' ? '--release' : `--profile=${profile}`);
  if (options.targetDir) args.push('--target-dir', targetDir);
  if (bin) args.push('--bin', bin);
  if (lib) args.push('--lib');
  if (features.length) args.push('--features', features.join(','));

  const result = await run(CARGO, args, { cwd: path.dirname(manifest), env, echo: !quiet });
  if (result.code !== 0) {
    throw new CargoWasmError(`cargo build failed for ${path.relative(process.cwd(), manifest) || manifest} (exit ${result.code ?? result.signal})`, {
      output: result.stderr,
    });
  }

  // The artifacts of the package we asked for (not its dependencies).
  const pkgId = JSON.parse(meta.stdout).packages.find((p) => path.resolve(p.manifest_path) === manifest)?.id;
  const wasmFiles = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.reason !== 'compiler-artifact' || (pkgId && msg.package_id !== pkgId)) continue;
    for (const f of msg.filenames ?? []) if (f.endsWith('.wasm')) wasmFiles.push(f);
  }
  if (wasmFiles.length === 0) {
    throw new CargoWasmError(`cargo built ${manifest} but produced no .wasm; is it a cdylib (crate-type = ["cdylib"]) or a bin?`);
  }

  let copied;
  if (outFile) {
    if (wasmFiles.length > 1) {
      throw new CargoWasmError(`${manifest} produced several .wasm files (${wasmFiles.join(', ')}); pass { bin } or { lib: true } to pick one`);
    }
    copied = path.resolve(outFile);
    mkdirSync(path.dirname(copied), { recursive: true });
    copyFileSync(wasmFiles[0], copied);
  }
  return { wasmFiles, outFile: copied, targetDir };
}
