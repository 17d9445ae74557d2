#!/usr/bin/env node
// npm start / npm run dev / npm run dist go through this script:
//
//   node scripts/ensure-electron.mjs [command args…]
//
// It makes sure Electron's binary is present, then runs the command (e.g.
// `electron-vite preview`) with ELECTRON_EXEC_PATH pointing at that binary.
//
// Why: the `electron` package (45.x) has no install script any more. Its binary
// is fetched by its `install-electron` bin (install.js) or on the first
// `require('electron')`, but electron-vite only reads node_modules/electron/
// path.txt and stops with "Electron uninstall" when it is missing. So here:
//
// - ELECTRON_EXEC_PATH set: that executable is used as it is.
// - ELECTRON_OVERRIDE_DIST_PATH set: Electron's own loader (its index.js) picks
//   the executable inside that folder; nothing is downloaded.
// - otherwise, when path.txt or the binary it names is missing, the zip is
//   downloaded with Electron's own downloader (@electron/get, with the checksums
//   Electron ships) into its cache, showing progress, and Electron's own
//   installer (install.js) then unpacks it and writes path.txt.
//
// A failed download ends in one message — what failed, how to retry, and that
// `npm run play:web` plays the same games in a browser — and exit code 1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Node versions Electron's downloader (and the whole toolchain) supports; see package.json engines. */
function nodeSupported(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
}

function fail(lines) {
  console.error(['', ...lines.map((line, i) => (i === 0 ? `ensure-electron: ${line}` : `  ${line}`)), ''].join('\n'));
  process.exit(1);
}

/** The first line of an error and of its causes, e.g. "fetch failed: getaddrinfo ENOTFOUND github.com". */
function describeError(error) {
  const parts = [];
  for (let e = error; e && parts.length < 4; e = e.cause) {
    const text = e instanceof Error ? e.message : String(e);
    const line = text.split('\n')[0].trim();
    if (line && !parts.includes(line)) parts.push(line);
  }
  return parts.join(': ') || 'unknown error';
}

/** Where electron-vite and Electron's loader look: node_modules/electron/{path.txt,dist/…}. */
function installedExecutable(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(executable) ? executable : undefined;
}

/** Progress on one line on a terminal, every 10% otherwise (CI logs). */
function progressPrinter(label) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return {
    update({ transferred, total }) {
      const mb = (n) => (n / 1e6).toFixed(1);
      const text = total ? `${label}: ${Math.floor((transferred / total) * 100)}% of ${mb(total)} MB` : `${label}: ${mb(transferred)} MB`;
      if (tty) {
        process.stderr.write(`\r${text}   `);
      } else {
        const tenth = total ? Math.floor((transferred / total) * 10) : Math.floor(transferred / 10e6);
        if (tenth !== lastTenth) console.error(text);
        lastTenth = tenth;
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** Platform and arch exactly as Electron's install.js chooses them (env overrides first). */
function target() {
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  let arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64' && process.env.npm_config_arch === undefined) {
    // x64 Node under Rosetta on Apple silicon: Electron installs the arm64 build.
    const translated = spawnSync('sysctl', ['-in', 'sysctl.proc_translated'], { encoding: 'utf8' });
    if (translated.stdout?.trim() === '1') arch = 'arm64';
  }
  return { platform, arch };
}

async function install(electronDir) {
  const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const { platform, arch } = target();
  const what = `Electron ${version} for ${platform}-${arch}`;
  const retry = [
    'Retry when you are online: run the same npm command again (or `npx install-electron`).',
    'Behind a proxy or mirror: set ELECTRON_GET_USE_PROXY=1 / ELECTRON_MIRROR=<url>; an unpacked Electron',
    `${version} can be used with ELECTRON_OVERRIDE_DIST_PATH=<its folder>.`,
    'Meanwhile `npm run play:web` plays the same games in your browser.',
  ];
  if (!nodeSupported()) {
    fail([
      `Electron's binary is missing, and its installer needs Node ^20.19 or >= 22.12 (this is Node ${process.versions.node}).`,
      'Install a supported Node (22 LTS recommended), then run the same npm command again.',
      'Meanwhile `npm run play:web` plays the same games in your browser.',
    ]);
  }
  console.error(`ensure-electron: ${what} is not installed yet; downloading it once (about 100 MB).`);

  // Electron's own downloader, resolved from the electron package, with the
  // same arguments install.js passes; the zip lands in its cache.
  const electronRequire = createRequire(path.join(electronDir, 'package.json'));
  const progress = progressPrinter(`Downloading ${what}`);
  try {
    const { downloadArtifact } = await import(pathToFileURL(electronRequire.resolve('@electron/get')).href);
    const remoteChecksums = process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums;
    await downloadArtifact({
      version,
      artifactName: 'electron',
      force: process.env.force_no_cache === 'true',
      cacheRoot: process.env.electron_config_cache,
      checksums: remoteChecksums ? undefined : electronRequire('./checksums.json'),
      platform,
      arch,
      downloadOptions: { quiet: true, getProgressCallback: (p) => progress.update(p) },
    });
  } catch (error) {
    progress.done();
    fail([`could not download ${what} (${describeError(error)}).`, ...retry]);
  }
  progress.done();

  // Electron's own installer: finds the zip in the cache, checks it, unpacks it, writes path.txt.
  const installer = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const executable = installedExecutable(electronDir);
  if (installer.status !== 0 || !executable) {
    const reason = (installer.stderr || '').split('\n').find((line) => line.trim()) ?? `exit code ${installer.status}`;
    fail([`Electron's installer could not unpack ${what} (${reason.trim()}).`, ...retry]);
  }
  console.error(`ensure-electron: installed ${what}.`);
}

async function electronExecutable() {
  const given = process.env.ELECTRON_EXEC_PATH;
  if (given) {
    if (!existsSync(given)) fail([`ELECTRON_EXEC_PATH is ${given}, which does not exist.`, 'Unset it to use the Electron that npm installs.']);
    return given;
  }
  let electronDir;
  try {
    electronDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    fail(['the `electron` package is not installed.', 'Run `npm install` first.']);
  }
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !installedExecutable(electronDir)) await install(electronDir);
  // Electron's loader: the path it would run (it honours ELECTRON_OVERRIDE_DIST_PATH).
  const executable = require(electronDir);
  if (!existsSync(executable)) {
    fail([`Electron's executable ${executable} does not exist.`, 'Check ELECTRON_OVERRIDE_DIST_PATH, or unset it to use the Electron that npm installs.']);
  }
  return executable;
}

const executable = await electronExecutable();
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.log(executable);
} else {
  const child = spawn(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32', // node_modules/.bin entries are .cmd files there
    env: { ...process.env, ELECTRON_EXEC_PATH: executable },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => fail([`could not run ${command}: ${error.message}`]));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
