// scripts/ensure-electron.mjs, which npm start / npm run dev run before
// electron-vite, in a throw-away copy of the `electron` package (so the real
// node_modules/electron is never touched) and without the internet:
// - connected: Electron's binary is fetched from a local mirror (a zip holding
//   the stand-in executable) with Electron's own downloader, unpacked by
//   Electron's own installer, and the command then runs with that executable;
// - offline: one clear message, exit 1, no stack trace, nothing installed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ELECTRON = join(ROOT, 'node_modules/electron');
const { version } = JSON.parse(readFileSync(join(ELECTRON, 'package.json'), 'utf8')) as { version: string };
const platform = process.platform === 'win32' ? 'win32' : process.platform;
const zipName = `electron-v${version}-${platform}-${process.arch}.zip`;
const hasZip = spawnSync('zip', ['-v']).status === 0;

/** A project with scripts/ensure-electron.mjs and a fresh copy of the electron package (no binary). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-electron-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts/ensure-electron.mjs'), join(dir, 'scripts/ensure-electron.mjs'));
  mkdirSync(join(dir, 'node_modules/electron'), { recursive: true });
  for (const file of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']) {
    copyFileSync(join(ELECTRON, file), join(dir, 'node_modules/electron', file));
  }
  // Electron's downloader and unzipper, as npm installs them beside it.
  for (const dep of ['@electron/get', '@electron-internal/extract-zip']) {
    mkdirSync(join(dir, 'node_modules', dep, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), '{ "name": "copy", "private": true, "type": "module" }\n');
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script asynchronously (the mirror server lives in this process). */
function ensure(dir: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ELECTRON_|electron_|npm_config_electron)/i.test(name)));
  const child = spawn(process.execPath, [join(dir, 'scripts/ensure-electron.mjs'), ...args], {
    cwd: dir,
    env: { ...clean, electron_config_cache: join(dir, 'cache'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

function listen(server: Server): Promise<number> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/ensure-electron.mjs', () => {
  it('offline: one clear message (what failed, how to retry, the web build), exit 1, nothing installed', async () => {
    const dir = project();
    dirs.push(dir);
    // A port nothing listens on: the download fails at once, as it does offline.
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((done) => closed.close(done));
    const run = await ensure(dir, { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }, ['node', '-e', 'process.exit(0)']);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`could not download Electron ${version} for ${platform}-${process.arch}`);
    expect(run.stderr).toMatch(/ECONNREFUSED/);
    expect(run.stderr).toMatch(/Retry when you are online/);
    expect(run.stderr).toContain('npm run play:web');
    expect(run.stderr.match(/ensure-electron:.*could not/g)).toHaveLength(1); // one message
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(existsSync(join(dir, 'node_modules/electron/path.txt'))).toBe(false);
  });

  it.skipIf(!hasZip)('connected: downloads with progress via Electron\'s installer, then runs the command with that executable', async () => {
    const dir = project();
    dirs.push(dir);
    // What the mirror serves: a zip holding a stand-in `electron` executable, and its checksum.
    const content = join(dir, 'zip-content');
    mkdirSync(content);
    writeFileSync(join(content, 'electron'), '#!/bin/sh\necho stand-in electron\n');
    chmodSync(join(content, 'electron'), 0o755);
    writeFileSync(join(content, 'version'), `v${version}`);
    const zip = join(dir, zipName);
    expect(spawnSync('zip', ['-q', '-r', zip, '.'], { cwd: content }).status).toBe(0);
    const zipBytes = readFileSync(zip);
    const shasums = `${createHash('sha256').update(zipBytes).digest('hex')} *${zipName}\n`;
    const requests: string[] = [];
    const mirror = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/v${version}/${zipName}`) res.writeHead(200, { 'Content-Length': zipBytes.length }).end(zipBytes);
      else if (req.url === `/v${version}/SHASUMS256.txt`) res.writeHead(200).end(shasums);
      else res.writeHead(404).end();
    });
    const port = await listen(mirror);
    try {
      const run = await ensure(
        dir,
        { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_use_remote_checksums: '1' },
        ['node', '-e', 'console.log("EXEC=" + process.env.ELECTRON_EXEC_PATH)'],
      );
      expect(run.stderr).not.toMatch(/could not/);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`Downloading Electron ${version.replace(/\./g, '\\.')} for .*: 100% of`));
      expect(run.stderr).toContain(`installed Electron ${version}`);
      // Electron's installer unpacked it and wrote path.txt, which electron-vite reads.
      const electronDir = join(dir, 'node_modules/electron');
      expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
      const executable = join(electronDir, 'dist/electron');
      expect(spawnSync(executable, { encoding: 'utf8' }).stdout).toBe('stand-in electron\n');
      expect(run.stdout.trim()).toBe(`EXEC=${executable}`);
      expect(requests).toContain(`/v${version}/${zipName}`);

      // Once installed, nothing is downloaded again.
      requests.length = 0;
      const again = await ensure(dir, { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
      expect(again.status).toBe(0);
      expect(again.stdout.trim()).toBe(executable);
      expect(requests).toEqual([]);
    } finally {
      await new Promise((done) => mirror.close(done));
    }
  });

  it('ELECTRON_OVERRIDE_DIST_PATH: Electron\'s loader picks the executable there and nothing is downloaded', async () => {
    const dir = project();
    dirs.push(dir);
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/electron'), '#!/bin/sh\n');
    chmodSync(join(dir, 'dist/electron'), 0o755);
    const run = await ensure(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'dist'), ELECTRON_MIRROR: 'http://127.0.0.1:1/' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(join(dir, 'dist/electron'));

    const missing = await ensure(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`Electron's executable ${join(dir, 'nowhere/electron')} does not exist`);
  });
});
