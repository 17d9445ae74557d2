// `npm run bench:startup -- --browser`: the cold columns of bench/startup.ts
// in Debian's headless Chromium, whose V8 is close to the one Electron ships:
// every measurement a new dedicated worker (a new V8 isolate, as the app's
// game worker) that loads the runtime and the game session bundled by vite,
// then starts one module in lazy tiering. Chromium keeps a code cache for a
// script it has loaded before (the app's arcade:// scheme has it on too:
// src/main/scheme.ts), so later workers may skip compiling the runtime; the
// table gives the median of a module's workers and its first worker alone.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import { median } from '../lib/harness';
import type { ColdTimes, StartupPlan, StartupReport } from './protocol';
import { formatSpan, summarizeTrace, type TraceEvent } from './trace';

const here = dirname(fileURLToPath(import.meta.url));

/** Trace categories: the page's spans, V8's work (collection, compiling, optimising) and the CPU profiler's samples. */
const TRACE_CATEGORIES = ['blink.user_timing', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'disabled-by-default-v8.compile', 'disabled-by-default-v8.cpu_profiler', 'devtools.timeline', '__metadata'];

/** Starts tracing the whole browser; the function it returns ends it and gives the events. */
async function startTracing(browser: Browser): Promise<() => Promise<TraceEvent[]>> {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => {
    for (const e of d.value) events.push(e as unknown as TraceEvent);
  });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES } });
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    return events;
  };
}

export interface BrowserStartupItem {
  name: string;
  file: string;
  game: boolean;
  /** KB of code section. */
  kb: number;
}

/**
 * Runs the cold starts in Chromium and logs the table; false if Chromium is missing or any module failed.
 * With `trace`, Chromium's trace of the whole run is written there (Chrome's trace format) and each
 * worker's create, first step and steps over a frame are listed with what V8 and our code did in
 * them (trace.ts); the bundle is then not minified, so that the profile names our functions.
 */
export async function startupInBrowser(items: readonly BrowserStartupItem[], runs: number, log: (line: string) => void, warm = true, frames = 300, trace?: string): Promise<boolean> {
  if (!existsSync(CHROMIUM)) {
    log(`npm run bench:startup -- --browser: no Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
    return false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wasm-arcade-startup-'));
  const outDir = join(dir, 'dist');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  // served as /m/<index>-<file name>
  const urls = items.map((it, i) => `m/${i}-${basename(it.file)}`);
  try {
    const served = await buildAndServe(
      {
        configFile: false,
        root: here,
        base: './',
        publicDir: false,
        // minified, as the app's build is (not when tracing: the profile is to name our functions)
        build: { target: 'esnext', reportCompressedSize: false, minify: trace === undefined },
        worker: { format: 'es' },
      },
      outDir,
      {
        afterBuild: () => {
          mkdirSync(join(outDir, 'm'), { recursive: true });
          items.forEach((it, i) => copyFileSync(it.file, join(outDir, urls[i]!)));
        },
      },
    );
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage();
    log(`Cold start in Chromium ${browser.version()} (headless): a new dedicated worker per measurement, ${runs} per module; wall-clock ms.`);
    log(`spawn: ms from new Worker until its script runs; load: its import of the runtime and game session (bundled${trace === undefined ? ' and minified' : ', not minified (--trace),'}`);
    log(warm
      ? 'by vite); warm: its warmEngine() (src/runtime/warm.ts), as the app\'s game worker runs it at start, before a game is picked;'
      : 'by vite); the engine is not warmed first (--unwarmed; the app\'s game worker warms it at start);');
    log('then "A (A per KB of code section) +B": ms to instantiate (programs: new Module + new Instance; games:');
    log('GameSession.create) and of the first call (run(1); a game\'s first step), lazily tiered. Medians of the workers, and the');
    log('module\'s first worker alone.');
    log(`"frames" (games): the slowest step of the ${frames - 1} after the first, paced at 60 Hz, ms (steps over 16.7 ms), median of the workers,`);
    log('and each worker\'s.');
    const W = 24;
    log(`${'module'.padEnd(24)}${'code KB'.padStart(8)}${'spawn'.padStart(8)}${'load'.padStart(8)}${'warm'.padStart(8)}${'median'.padStart(W)}${'first worker'.padStart(W)}  frames`);
    let ok = true;
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const cell = (inst: number, first: number, kb: number): string => `${inst.toFixed(1)} (${(inst / kb).toFixed(2)}) +${first.toFixed(1)}`;
    const onReport = (report: StartupReport): void => {
      if (report.type === 'done') settle.resolve();
      else if (report.type === 'error') settle.reject(new Error(`in Chromium: ${report.message}`));
      else if (report.type === 'failed') {
        ok = false;
        log(`${report.name.padEnd(24)} failed: ${report.message}`);
      } else {
        const it = items.find((x) => x.name === report.name)!;
        const r: ColdTimes[] = report.runs;
        const m = (k: keyof ColdTimes): number => median(r.map((x) => x[k]));
        log(`${it.name.padEnd(24)}${it.kb.toFixed(1).padStart(8)}${m('spawn').toFixed(1).padStart(8)}${m('load').toFixed(1).padStart(8)}${(warm ? m('warm').toFixed(1) : '—').padStart(8)}`
          + `${cell(m('inst'), m('first'), it.kb).padStart(W)}${cell(r[0]!.inst, r[0]!.first, it.kb).padStart(W)}`
          + (it.game && frames > 1 ? `  ${m('worst').toFixed(1)} (${m('dropped')}): ${r.map((x) => `${x.worst.toFixed(1)} (${x.dropped})`).join(', ')}` : ''));
      }
    };
    const plan: StartupPlan = { runs, warm, frames, items: items.map((it, i) => ({ name: it.name, url: urls[i]!, game: it.game })) };
    await page.exposeFunction('startupPlan', () => plan);
    await page.exposeFunction('startupReport', onReport);
    page.on('pageerror', (e) => settle.reject(new Error(`in Chromium's page: ${e.message}`)));
    page.on('crash', () => settle.reject(new Error("Chromium's page crashed (out of memory?)")));
    const tracing = trace === undefined ? undefined : await startTracing(browser);
    await page.goto(`${served.url}/`);
    await finished;
    if (tracing && trace !== undefined) {
      const events = await tracing();
      writeFileSync(trace, JSON.stringify({ traceEvents: events }));
      log('');
      log(`Trace: ${events.length} events in ${trace} (Perfetto or DevTools open it). Per worker, its create, first step and the steps`);
      log('over a frame: ms, then the largest self times (ms) of V8\'s work and of the JavaScript that ran (CPU profiler samples),');
      log('and the time with neither (the thread not running: a loaded machine).');
      const spans = summarizeTrace(events);
      const threads = [...new Set(spans.map((x) => x.thread))];
      threads.forEach((thread, i) => {
        log(`worker ${i + 1}:`);
        for (const span of spans.filter((x) => x.thread === thread)) log(`  ${formatSpan(span)}`);
      });
    }
    return ok;
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
