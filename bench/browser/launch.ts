// `npm run bench -- --browser`: the same benchmark (bench/lib/harness.ts) in
// Debian's headless Chromium, whose V8 is close to the one Electron ships,
// instead of Node's older V8. Bundles bench/browser/ with vite into a temp dir
// (nothing is written into the repo), serves it on 127.0.0.1 with the .wasm
// files, opens the page, and prints what the worker reports: progress on
// stderr as it goes, the tables on stdout.
//
// The server sends COOP/COEP headers: a cross-origin isolated page gets
// performance.now() in 5 µs steps instead of 100 µs, which matters for
// compile times of a few hundredths of a millisecond, and SharedArrayBuffer,
// which --cpu needs (the worker waits on one while Node reads its CPU time).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import type { Options, Outcome } from '../lib/harness';
import { engineRevision, machine, writeJsonRecord } from '../lib/node-env';
import { WORKLOADS } from '../workloads';
import type { Report, Start } from './protocol';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { findWorkerThread, threadCpuMs } from './thread-cpu';
import { buildAndServe } from '../../scripts/lib/serve';

const here = dirname(fileURLToPath(import.meta.url));
const programs = join(here, '..', 'programs');

/** Chromium's V8 version, from the DevTools protocol (undefined if it cannot be had). */
async function v8Version(browser: Browser): Promise<string | undefined> {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const { jsVersion } = (await cdp.send('Browser.getVersion')) as { jsVersion?: string };
    await cdp.detach();
    return jsVersion;
  } catch {
    return undefined;
  }
}

export async function runInBrowser(opts: Options): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`npm run bench -- --browser: no Chromium at ${CHROMIUM}. It runs in Debian's headless Chromium; install it with: apt-get install -y chromium`);
    process.exitCode = 2;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wasm-arcade-bench-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    process.stderr.write(`bundling bench/browser into ${dir} …\n`);
    const outDir = join(dir, 'dist');
    const served = await buildAndServe(
      {
        configFile: false,
        root: here,
        base: './',
        publicDir: false,
        // Readable code, as the Node run executes it; Chromium 156 needs no down-levelling.
        build: { target: 'esnext', minify: false, reportCompressedSize: false },
        worker: { format: 'es' },
      },
      outDir,
      {
        afterBuild: () => {
          for (const w of WORKLOADS) {
            const to = join(outDir, 'programs', w.name);
            mkdirSync(to, { recursive: true });
            copyFileSync(join(programs, w.name, `${w.name}.wasm`), join(to, `${w.name}.wasm`));
          }
        },
        headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      },
    );
    server = served.server;

    process.stderr.write(`starting ${CHROMIUM} (headless) …\n`);
    // A switch Chromium ignores, so --cpu can find the processes we started.
    const marker = `--wasm-arcade-bench=${process.pid}-${Date.now()}`;
    browser = await launchChromium([marker, ...(opts.jsFlags === undefined ? [] : [`--js-flags=${opts.jsFlags}`])]);
    const page = await browser.newPage();
    const version = `Chromium ${browser.version()}`;
    const v8 = await v8Version(browser);
    const revision = engineRevision();
    const start: Start = {
      opts,
      header: [
        `Wasm Arcade benchmark — ${version} (V8 ${v8 ?? 'version unknown'}), headless, ${machine()}`,
        `engine: src/runtime at ${revision}`,
        ...(opts.jsFlags === undefined ? [] : [`V8 flags: ${opts.jsFlags}`]),
      ],
    };

    let allAgree = false;
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const onReport = (report: Report): void => {
      switch (report.type) {
        case 'log':
          console.log(report.line);
          break;
        case 'progress':
          process.stderr.write(`${report.line}\n`);
          break;
        case 'done': {
          const outcome = JSON.parse(report.outcome) as Outcome;
          allAgree = outcome.allAgree;
          if (opts.json) writeJsonRecord(opts.json, revision, { browser: version }, v8, outcome);
          settle.resolve();
          break;
        }
        case 'error':
          settle.reject(new Error(`in Chromium: ${report.message}`));
          break;
      }
    };
    await page.exposeFunction('benchStart', () => start);
    await page.exposeFunction('benchReport', onReport);
    let schedstat: string | undefined;
    await page.exposeFunction('benchCpu', () => threadCpuMs((schedstat ??= findWorkerThread(marker))));
    page.on('pageerror', (e) => settle.reject(new Error(`in Chromium's page: ${e.message}`)));
    page.on('crash', () => settle.reject(new Error("Chromium's page crashed (out of memory?)")));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') process.stderr.write(`[chromium ${m.type()}] ${m.text()}\n`);
    });
    await page.goto(`${served.url}/`);
    await finished;
    if (!allAgree) process.exitCode = 1;
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
