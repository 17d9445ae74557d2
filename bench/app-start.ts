// `npm run bench:app-start`: how long a player waits for a game to start in
// the app itself — the web build in Debian's headless Chromium (the V8 of
// the Electron app's renderer and worker), every bundled game, each run in a
// fresh browser context (a new page, a new game worker, nothing stored):
//
//   library  the page is opened and left on its library for --idle ms (the
//            worker warms the engine meanwhile, as while a player looks at
//            the cards), then the game's card is clicked;
//   direct   the page is opened with ?game=<id>: the game starts as soon as
//            the page can (a cold worker, as a link straight into a game).
//   restart  as direct, then after a second of play the Restart button: the
//            same game again in the worker that just ran it (which keeps the
//            compiled game: src/host/module-cache.ts).
//   return   a player coming back: the game is played once (its thumbnails
//            made), then the page is reloaded — a new worker, the thumbnails
//            stored, the game the focused card — left on its library for
//            --idle ms (the app warms the focused game meanwhile) and the
//            card clicked.
//
// Times are the app's own (window.__arcade.startup, src/renderer/app.ts
// GameStartup), in ms from the click (or, direct, from the page starting the
// load): the bytes fetched, posted to the worker, the worker's `loaded` (the
// session started, the game's init done), the first frame drawn into the
// canvas; and the worker's own time for the session's start. Medians of
// --runs (default 5). Wall-clock times on a shared machine: read the
// ratios between games and between the two ways, and say the load.
//
//   npm run bench:app-start -- [--runs N] [--idle MS] [--games a,b] [--way library,direct,restart,return]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/cli';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../scripts/lib/chromium';
import { buildAndServe } from '../scripts/lib/serve';
import { median } from './lib/harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WAYS = ['library', 'direct', 'restart', 'return'] as const;
type Way = (typeof WAYS)[number];
const STEPS = ['bytes', 'posted', 'loaded', 'firstPicture', 'create'] as const;
/** window.__arcade.startup (src/renderer/app.ts GameStartup; not imported: the renderer's types need the DOM's). */
type GameStartup = Record<(typeof STEPS)[number], number | null> & { kept: boolean | null; saveKnown: boolean | null };

const { values } = benchArgs('bench:app-start', `usage: npm run bench:app-start -- [--runs N] [--idle ms] [--games a,b] [--way ${WAYS.join(',')}]`, {
  options: {
    runs: { type: 'string', default: '5' },
    idle: { type: 'string', default: '2000' },
    games: { type: 'string' },
    way: { type: 'string', default: WAYS.join(',') },
  },
});
const runs = Number(values.runs);
const idleMs = Number(values.idle);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);
if (!Number.isFinite(idleMs) || idleMs < 0) throw new Error(`--idle must be a number of ms ≥ 0, got ${values.idle}`);
const ways = values.way.split(',').map((w) => {
  if (!(WAYS as readonly string[]).includes(w)) throw new Error(`--way: unknown "${w}" (known: ${WAYS.join(', ')})`);
  return w as Way;
});

/** One start: opens a fresh page, starts the game `way`, returns the app's start times once the first frame is drawn. */
async function startOnce(browser: Browser, baseUrl: string, id: string, way: Way): Promise<GameStartup> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 720 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/index.html${way === 'library' || way === 'return' ? '' : `?game=${encodeURIComponent(id)}`}`);
    await page.waitForFunction(() => '__arcade' in window);
    if (way === 'return') {
      // played once, every thumbnail made; then back on a new page and worker
      await page.locator(`#library-bundled .card[data-key="bundled:${id}"]`).waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.querySelectorAll('#library-bundled .card').length > 0 && document.querySelectorAll('#library-bundled .card').length === document.querySelectorAll('#library-bundled .card .card-thumb img').length, undefined, { timeout: 120_000 });
      await page.locator(`#library-bundled .card[data-key="bundled:${id}"]`).click();
      await firstPicture(page, id);
      await page.reload();
      await page.waitForFunction(() => '__arcade' in window);
    }
    if (way === 'library' || way === 'return') {
      const card = page.locator(`#library-bundled .card[data-key="bundled:${id}"]`);
      await card.waitFor({ state: 'visible' });
      await page.waitForTimeout(idleMs);
      await card.click();
    }
    let startup = await firstPicture(page, id);
    if (way === 'restart') {
      await page.waitForTimeout(1000);
      const loads = await page.evaluate(() => (window as unknown as { __arcade: { loads: number } }).__arcade.loads);
      await page.locator('#restart-button').click();
      await page.waitForFunction((n) => (window as unknown as { __arcade: { loads: number } }).__arcade.loads > n, loads);
      startup = await firstPicture(page, id);
    }
    if (errors.length) throw new Error(`${id}: the page threw: ${errors.join('; ')}`);
    return startup;
  } finally {
    await context.close();
  }
}

/** Waits for the game's first drawn frame; its start times. */
async function firstPicture(page: Page, id: string): Promise<GameStartup> {
  const handle = await page.waitForFunction(
    () => {
      const s = (window as unknown as { __arcade: { startup: GameStartup | null; stop: { message: string } | null } }).__arcade;
      if (s.stop) return { stop: s.stop.message };
      return s.startup?.firstPicture != null ? { startup: s.startup } : null;
    },
    undefined,
    { timeout: 60_000 },
  );
  const r = (await handle.jsonValue()) as { stop?: string; startup?: GameStartup };
  if (r.stop !== undefined) throw new Error(`${id} stopped before its first frame: ${r.stop}`);
  return r.startup!;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  const dir = mkdtempSync(join(tmpdir(), 'wasm-arcade-app-start-'));
  const served = await buildAndServe({ configFile: join(root, 'vite.web.config.ts') }, join(dir, 'dist'));
  const browser = await launchChromium();
  try {
    const probe = await browser.newPage();
    await probe.goto(`${served.url}/index.html`);
    const cards = probe.locator('#library-bundled .card');
    await cards.first().waitFor({ state: 'visible' });
    const all = (await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['key'] ?? ''))).map((k) => k.replace(/^bundled:/, ''));
    await probe.close();
    const wanted = values.games?.split(',') ?? all;
    for (const g of wanted) if (!all.includes(g)) throw new Error(`--games: no bundled game "${g}" (the library has: ${all.join(', ')})`);

    console.log(`Game start in the app (web build, ${CHROMIUM}), ms from the click (library: after ${idleMs} ms on the library; restart: on Restart, after 1 s of play) or the page's load (direct),`);
    console.log(`median of ${runs}, each a fresh browser context; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores.`);
    console.log('bytes: fetched; posted: sent to the worker; loaded: session started, init done; first picture: first frame drawn;');
    console.log("worker create: the worker's own time to start the session (decode, validate, wait for the save the page looks up meanwhile, instantiate, init).");
    console.log('kept: the starts on a module the worker had compiled already (a restart; a game warmed or made a thumbnail of in it).');
    console.log('save known: the starts whose save went with the game (the page had read it ahead for the card) rather than after a lookup.');
    const head = ['game', 'way', 'bytes', 'posted', 'loaded', 'first picture', 'worker create', 'kept', 'save known', 'first picture, each run'];
    console.log(`${head[0]!.padEnd(12)}${head[1]!.padEnd(9)}${head.slice(2, 7).map((h) => h.padStart(15)).join('')}${head[7]!.padStart(7)}${head[8]!.padStart(12)}  ${head[9]}`);
    for (const id of wanted) {
      for (const way of ways) {
        const got: GameStartup[] = [];
        for (let r = 0; r < runs; r++) got.push(await startOnce(browser, served.url, id, way));
        const cells = STEPS.map((k) => {
          const xs = got.map((g) => g[k]).filter((x): x is number => x !== null);
          return (xs.length ? median(xs).toFixed(1) : '—').padStart(15);
        });
        const kept = `${got.filter((g) => g.kept === true).length}/${got.length}`;
        const known = `${got.filter((g) => g.saveKnown === true).length}/${got.length}`;
        console.log(`${id.padEnd(12)}${way.padEnd(9)}${cells.join('')}${kept.padStart(7)}${known.padStart(12)}  ${got.map((g) => g.firstPicture!.toFixed(0)).join(' ')}`);
      }
    }
  } finally {
    await browser.close();
    await served.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
