// End-to-end: the game library (src/renderer/library-page.ts) in the web
// build, in Chromium: cards with thumbnails, titles, descriptions, profiles
// and best scores; layout at 1366×768, 1920×1080 and 1024 px; keyboard and
// (stubbed) gamepad navigation; an opened game kept across a reload; and a
// WASM-4 cart's sound reaching Web Audio and a click reaching its MOUSE
// registers. Screenshots land in test-results/e2e/library-*.png.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import { compileWat, metaOf } from '../fixtures/compile';
import { decodePng, type Image } from './png';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-results/e2e');
const DIST = join(OUT, 'library-dist');
const hasChromium = existsSync(CHROMIUM);
/** Bundled games: games/<id>/<id>.wasm, as the app finds them. */
const BUNDLED = readdirSync(join(ROOT, 'games')).filter((id) => existsSync(join(ROOT, `games/${id}/${id}.wasm`)));

interface Status {
  state: string;
  frame: number;
  framesApplied: number;
  meta: { title: string } | null;
  profile: string | null;
  screen: { x: number; y: number; width: number; height: number };
  startup: { firstPicture: number | null; saveKnown: boolean | null } | null;
  warmed: string[];
}

let server: PreviewServer;
let browser: Browser;
let baseUrl: string;
const openPages: Page[] = [];

const status = (page: Page): Promise<Status> => page.evaluate(() => (window as unknown as { __arcade: Status }).__arcade);

async function waitFor(page: Page, what: string, predicate: (s: Status) => boolean, timeoutMs = 20_000): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let last: Status | undefined;
  while (Date.now() < deadline) {
    last = await status(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last)}`);
}

async function shot(page: Page, name: string): Promise<Image> {
  const png = await page.screenshot({ type: 'png' });
  writeFileSync(join(OUT, `library-${name}.png`), png);
  return decodePng(png);
}

async function openPage(width: number, height: number, init?: () => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  openPages.push(page);
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  if (init) await page.addInitScript(init);
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => '__arcade' in window);
  return page;
}

/** The focused card's key. */
const focusedKey = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['key'] ?? null);

/** Waits until every bundled card shows its thumbnail (made headless by the app on first start). */
async function thumbnailsReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('#library-bundled .card .card-thumb img').count(), { timeout: 90_000, interval: 250 })
    .toBe(BUNDLED.length);
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#library .card-thumb img')).every((img) => img.complete && img.naturalWidth > 0));
}

/** What the layout checks need: overflow, the top bar's rows, where cards are. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('.topbar')!.getBoundingClientRect();
    const items = Array.from(document.querySelectorAll<HTMLElement>('.topbar > *, .topbar .controls > *')).filter((e) => e.offsetParent !== null && e.getBoundingClientRect().width > 0);
    const tops = new Set(items.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)));
    const library = document.getElementById('library')!;
    const cards = Array.from(document.querySelectorAll<HTMLElement>('#library .card')).map((c) => {
      const r = c.getBoundingClientRect();
      return { key: c.dataset['key'], left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    const clipped = Array.from(document.querySelectorAll<HTMLElement>('#library .card-title, #library .card-best')).filter((e) => e.scrollWidth > e.clientWidth + 1 && !e.classList.contains('card-title')).length;
    return {
      viewport: { width: innerWidth, height: innerHeight },
      pageOverflowX: document.documentElement.scrollWidth - innerWidth,
      libraryOverflowX: library.scrollWidth - library.clientWidth,
      barHeight: bar.height,
      barRows: tops.size,
      barRight: Math.max(...items.map((e) => e.getBoundingClientRect().right)),
      cards,
      clipped,
    };
  });
}

function checkLayout(l: Awaited<ReturnType<typeof layout>>, label: string): void {
  expect(l.pageOverflowX, `${label}: no horizontal overflow of the page`).toBeLessThanOrEqual(0);
  expect(l.libraryOverflowX, `${label}: no horizontal overflow of the library`).toBeLessThanOrEqual(0);
  expect(l.barRows, `${label}: the top bar is one row`).toBe(1);
  expect(l.barHeight, `${label}: the top bar is one row`).toBeLessThan(60);
  expect(l.barRight, `${label}: the top bar fits`).toBeLessThanOrEqual(l.viewport.width);
  for (const c of l.cards) {
    expect(c.left, `${label}: card ${c.key} inside the window`).toBeGreaterThanOrEqual(0);
    expect(c.right, `${label}: card ${c.key} inside the window`).toBeLessThanOrEqual(l.viewport.width);
  }
  // the first row of cards is on screen whole
  const firstTop = Math.min(...l.cards.map((c) => c.top));
  for (const c of l.cards.filter((c) => c.top === firstTop)) expect(c.bottom, `${label}: first-row card ${c.key} visible`).toBeLessThanOrEqual(l.viewport.height);
  expect(l.clipped).toBe(0);
}

/** A v2 test game that keeps its click count as a best score (`score=u32le@0`), with an author and a description. */
function scoringGame(): Uint8Array {
  const src = readFileSync(join(ROOT, 'test/fixtures/v2game.wat'), 'utf8');
  return compileWat(src, `${metaOf(src)}author=Library Tests\ndescription=Counts clicks; the count is its best score\nscore=u32le@0\n`);
}

describe.skipIf(!hasChromium || BUNDLED.length === 0)('the game library in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    ({ server, url: baseUrl } = await buildAndServe({ configFile: join(ROOT, 'vite.web.config.ts') }, DIST));
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const page of openPages.splice(0)) await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens on a library of cards with thumbnails, titles, descriptions and profiles, laid out at 1366×768, 1920×1080 and 1024 px', async () => {
    const page = await openPage(1366, 768);
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);
    expect((await status(page)).state).toBe('idle');
    // Cards are updated in place as their thumbnails arrive, never replaced: a click whose press
    // and release straddled a replacement reached neither element, and the game did not start.
    await expect.poll(() => page.locator('#library-bundled .card').count()).toBe(BUNDLED.length);
    await page.evaluate(() => ((window as unknown as { __cards: Element[] }).__cards = Array.from(document.querySelectorAll('#library-bundled .card'))));
    await thumbnailsReady(page);
    expect(
      await page.evaluate(() => (window as unknown as { __cards: Element[] }).__cards.every((c) => c.isConnected && c.querySelector('.card-thumb img'))),
      'the cards seen before the thumbnails came are the ones showing them',
    ).toBe(true);
    const cards = await page.locator('#library-bundled .card').evaluateAll((els) =>
      els.map((e) => ({
        key: (e as HTMLElement).dataset['key'],
        title: e.querySelector('.card-title')?.textContent,
        description: e.querySelector('.card-description')?.textContent,
        profile: e.querySelector('.card-profile')?.textContent,
      })),
    );
    expect(cards.map((c) => c.key).sort()).toEqual(BUNDLED.map((id) => `bundled:${id}`).sort());
    for (const c of cards) {
      expect(c.title, `${c.key} has a title`).toMatch(/\S/);
      expect(c.description, `${c.key} has a description`).toMatch(/\S/);
      expect(c.profile, `${c.key} names its profile`).toMatch(/^ABI v[12]$/);
    }
    // the thumbnails show the games' screens: not one colour
    const thumbs = await page.locator('#library-bundled .card-thumb img').evaluateAll((imgs) =>
      imgs.map((img) => {
        const i = img as HTMLImageElement;
        const c = Object.assign(document.createElement('canvas'), { width: i.naturalWidth, height: i.naturalHeight });
        const ctx = c.getContext('2d')!;
        ctx.drawImage(i, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set<number>();
        for (let p = 0; p < d.length; p += 16) colours.add((d[p] << 16) | (d[p + 1] << 8) | d[p + 2]);
        return { width: i.naturalWidth, colours: colours.size };
      }),
    );
    for (const t of thumbs) {
      expect(t.width).toBeGreaterThanOrEqual(300);
      expect(t.colours).toBeGreaterThan(2);
    }
    await page.mouse.move(0, 0);
    await shot(page, '1366x768');
    checkLayout(await layout(page), '1366×768');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(200);
    await shot(page, '1920x1080');
    checkLayout(await layout(page), '1920×1080');

    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(200);
    await shot(page, '1024-library');
    checkLayout(await layout(page), '1024 (library)');
    // and in a game, with every control of the top bar showing
    await page.keyboard.press('Enter');
    await waitFor(page, 'a game running', (s) => s.state === 'running' && s.framesApplied > 5);
    await shot(page, '1024-game');
    const inGame = await layout(page);
    expect(inGame.barRows, 'the top bar is one row in a game at 1024 px').toBe(1);
    expect(inGame.barRight).toBeLessThanOrEqual(1024);
    expect(inGame.pageOverflowX).toBeLessThanOrEqual(0);
  });

  it('runs the picked game on the worker that made the thumbnails: its own frames, at real time, timed from the click', async () => {
    type Startup = { bytes: number | null; posted: number | null; loaded: number | null; firstPicture: number | null; create: number | null };
    const more = (page: Page) => page.evaluate(() => (window as unknown as { __arcade: { workerResets: number; startup: Startup | null } }).__arcade);
    /** Clicks `key`'s card and checks what starts. */
    const play = async (page: Page, key: string, label: string) => {
      const title = await page.locator(`.card[data-key="${key}"] .card-title`).textContent();
      await page.locator(`.card[data-key="${key}"]`).click();
      const s = await waitFor(page, `${label}: ${key} running`, (s) => s.state === 'running' && s.framesApplied > 3);
      // the game's own title, not the thumbnail's that was in the worker
      expect(s.meta?.title, label).toBe(title);
      // At real time: a thumbnail runs fast-forward (16 frames a tick, hundreds a second once the
      // game is warm), a game at 60 Hz. The page sees the worker's frames late by however long its
      // own thread was busy (the worker keeps only the newest frame until the page has drawn), so a
      // busy page at the first sample shows a burst later: 0.75 s of slack, over a 2 s window.
      const f0 = s.frame, t0 = Date.now();
      await page.waitForTimeout(2000);
      const f1 = (await status(page)).frame;
      expect(f1 - f0, `${label}: frames in ${Date.now() - t0} ms`).toBeLessThanOrEqual(Math.ceil(((Date.now() - t0) / 1000) * 60) + 45);
      const { workerResets, startup } = await more(page);
      expect(workerResets, `${label}: the same worker`).toBe(0);
      const t = startup!;
      expect([t.bytes, t.posted, t.loaded, t.firstPicture].every((x) => typeof x === 'number'), `${label}: ${JSON.stringify(t)}`).toBe(true);
      expect(t.bytes!).toBeLessThanOrEqual(t.posted!);
      expect(t.posted!).toBeLessThanOrEqual(t.loaded!);
      expect(t.loaded!).toBeLessThanOrEqual(t.firstPicture!);
      expect(t.create!).toBeGreaterThan(0);
      // the worker's own start fits between the post and the answer (two clocks: 5 ms of slack)
      expect(t.create!).toBeLessThanOrEqual(t.loaded! - t.posted! + 5);
    };
    const keys = BUNDLED.map((id) => `bundled:${id}`);
    // while the thumbnails are being made: the worker is running one when the card is clicked
    const early = await openPage(1366, 768);
    await expect.poll(() => early.locator('#library-bundled .card').count()).toBe(BUNDLED.length);
    await play(early, keys.at(-1)!, 'mid-thumbnails');
    // after all of them
    const later = await openPage(1366, 768);
    await thumbnailsReady(later);
    await play(later, keys[0]!, 'after the thumbnails');
    await shot(later, 'after-thumbnails');
  });

  it('opens on the last game played and warms it: picked, it starts on the module its worker kept', async () => {
    type More = { warmed: string[]; workerResets: number; startup: { kept: boolean | null } | null; loads: number };
    const more = (page: Page) => page.evaluate(() => (window as unknown as { __arcade: More }).__arcade);
    const page = await openPage(1366, 768);
    await thumbnailsReady(page);
    // a game played (not the first card: the one the library would focus anyway)
    const keys = BUNDLED.map((id) => `bundled:${id}`);
    const played = (await page.locator('#library-bundled .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['key']!)))[1]!;
    await page.locator(`.card[data-key="${played}"]`).click();
    await waitFor(page, 'a game running', (s) => s.state === 'running' && s.framesApplied > 3);
    // back on a new page and worker, the thumbnails stored: none is made; the last game is focused and warmed
    await page.reload();
    await page.waitForFunction(() => '__arcade' in window);
    await expect.poll(() => focusedKey(page)).toBe(played);
    const focused = played;
    await expect.poll(async () => (await more(page)).warmed, { timeout: 60_000 }).toEqual([focused]);
    await page.keyboard.press('Enter');
    await waitFor(page, 'the warmed game running', (s) => s.state === 'running' && s.framesApplied > 3);
    expect((await more(page)).startup?.kept, 'started on the kept module').toBe(true);
    // another game, not warmed in this worker, is compiled on its click
    await page.keyboard.press('Escape');
    await waitFor(page, 'paused behind the library', (s) => s.state === 'paused');
    const other = keys.find((k) => k !== focused)!;
    const loads = (await more(page)).loads;
    await page.locator(`.card[data-key="${other}"]`).click();
    await expect.poll(async () => (await more(page)).loads).toBeGreaterThan(loads);
    await waitFor(page, 'the other game running', (s) => s.state === 'running' && s.framesApplied > 3);
    const after = await more(page);
    expect(after.startup?.kept, 'compiled on its click').toBe(false);
    expect(after.workerResets).toBe(0);
  });

  it('is driven by the keyboard: arrows choose, Enter plays, Esc goes back to the library and back to the game', async () => {
    const page = await openPage(1366, 768);
    await expect.poll(() => focusedKey(page)).toMatch(/^bundled:/);
    const first = await focusedKey(page);
    await page.keyboard.press('ArrowRight');
    const second = await focusedKey(page);
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowLeft');
    expect(await focusedKey(page)).toBe(first);
    await page.keyboard.press('ArrowDown'); // down from the first row: the next row or section
    const below = await focusedKey(page);
    expect(below).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await focusedKey(page)).toBe(first);
    await page.keyboard.press('ArrowRight');
    expect(await focusedKey(page)).toBe(second);
    await page.keyboard.press('Home'); // (the first game: any will do, and a light one starts fastest on a loaded machine)
    expect(await focusedKey(page)).toBe(first);
    const title = await page.locator(`.card[data-key="${first}"] .card-title`).textContent();
    await page.keyboard.press('Enter');
    const running = await waitFor(page, 'the chosen game running', (s) => s.state === 'running' && s.framesApplied > 5);
    expect(running.meta?.title).toBe(title);
    expect(await page.locator('#library').isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    await waitFor(page, 'paused behind the library', (s) => s.state === 'paused');
    expect(await page.locator('#library').isVisible()).toBe(true);
    expect(await page.locator('.library-resume').textContent()).toContain(title!);
    expect(await focusedKey(page)).toBe(first);
    await shot(page, 'resume');
    await page.keyboard.press('Escape');
    const resumed = await waitFor(page, 'resumed', (s) => s.state === 'running');
    await waitFor(page, 'frames again', (s) => s.frame > resumed.frame + 5);
    expect(await page.locator('#library').isVisible()).toBe(false);
  });

  it('is driven by a standard gamepad: d-pad moves, A plays, Home opens the library, B goes back', async () => {
    const page = await openPage(1366, 768, () => {
      type Pad = { axes: number[]; buttons: { pressed: boolean; touched: boolean; value: number }[] };
      const pad = { index: 0, id: 'test pad', connected: true, mapping: 'standard', timestamp: 0, axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, () => ({ pressed: false, touched: false, value: 0 })) };
      // each read of the pads applies the next scripted change: a press is down for exactly one read and up
      // on the next, so it never lasts the repeat delay however slowly a loaded machine refreshes
      const script: ((p: Pad) => void)[] = [];
      const api = {
        reads: 0,
        pulse(button: number) {
          script.push((p) => (p.buttons[button] = { pressed: true, touched: true, value: 1 }));
          script.push((p) => (p.buttons[button] = { pressed: false, touched: false, value: 0 }));
        },
        flick(axis: number, value: number) {
          script.push((p) => (p.axes[axis] = value));
          script.push((p) => (p.axes[axis] = 0));
        },
        get pending() {
          return script.length;
        },
      };
      (window as unknown as { __pad: typeof api }).__pad = api;
      Object.defineProperty(navigator, 'getGamepads', {
        value: () => {
          api.reads++;
          script.shift()?.(pad);
          return [pad, null, null, null];
        },
        configurable: true,
      });
    });
    type PadApi = { reads: number; pending: number; pulse(button: number): void; flick(axis: number, value: number): void };
    /** Waits until the app has read every scripted change and once more after that (the read that acts on the last). */
    const settle = async () => {
      await page.waitForFunction(() => (window as unknown as { __pad: PadApi }).__pad.pending === 0, undefined, { timeout: 5000 });
      const reads = await page.evaluate(() => (window as unknown as { __pad: PadApi }).__pad.reads);
      await page.waitForFunction((n) => (window as unknown as { __pad: PadApi }).__pad.reads >= n + 1, reads, { timeout: 5000 });
    };
    const press = async (button: number) => {
      await page.evaluate((b) => (window as unknown as { __pad: PadApi }).__pad.pulse(b), button);
      await settle();
    };
    await expect.poll(() => focusedKey(page)).toMatch(/^bundled:/);
    const first = await focusedKey(page);
    await press(15); // d-pad right
    const second = await focusedKey(page);
    expect(second).not.toBe(first);
    await press(14); // d-pad left
    expect(await focusedKey(page)).toBe(first);
    // the left stick moves too
    await page.evaluate(() => (window as unknown as { __pad: PadApi }).__pad.flick(0, 1));
    await settle();
    expect(await focusedKey(page)).toBe(second);
    await page.evaluate(() => (window as unknown as { __pad: PadApi }).__pad.flick(0, -1));
    await settle();
    expect(await focusedKey(page)).toBe(first);
    const title = await page.locator(`.card[data-key="${first}"] .card-title`).textContent();
    await press(0); // A
    const running = await waitFor(page, 'the chosen game running', (s) => s.state === 'running' && s.framesApplied > 5);
    expect(running.meta?.title).toBe(title);
    await press(16); // Home
    await waitFor(page, 'the library, game paused', (s) => s.state === 'paused');
    expect(await page.locator('#library').isVisible()).toBe(true);
    await press(1); // B
    await waitFor(page, 'back in the game', (s) => s.state === 'running');
    expect(await page.locator('#library').isVisible()).toBe(false);
  });

  it('keeps an opened game (with its best score from its save) across a reload, and removes it', async () => {
    const page = await openPage(1366, 768);
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);
    await page.setInputFiles('#file-input', { name: 'clicker.wasm', mimeType: 'application/wasm', buffer: Buffer.from(scoringGame()) });
    const s = await waitFor(page, 'the opened game running', (s) => s.state === 'running' && s.meta?.title === 'V2 Test' && s.framesApplied > 5);
    // two clicks: its save (and so its best score) is 2
    const box = await page.locator('#stage').boundingBox();
    for (let i = 0; i < 2; i++) {
      await page.mouse.click(box!.x + s.screen.x + s.screen.width / 2, box!.y + s.screen.y + s.screen.height / 2);
      await page.waitForTimeout(150);
    }
    await waitFor(page, 'past the thumbnail frame', (t) => t.frame > 70);
    await page.reload();
    await page.waitForFunction(() => '__arcade' in window);
    const card = page.locator('#library-yours .card[data-key^="yours:"]');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.locator('.card-title').textContent()).toBe('V2 Test');
    expect(await card.locator('.card-author').textContent()).toBe('by Library Tests');
    expect(await card.locator('.card-description').textContent()).toBe('Counts clicks; the count is its best score');
    expect(await card.locator('.card-profile').textContent()).toBe('ABI v2');
    await expect.poll(() => card.locator('.card-best').textContent()).toBe('Best 2');
    await expect.poll(() => card.locator('.card-thumb img').count(), { timeout: 30_000 }).toBe(1);
    await page.mouse.move(0, 0);
    await card.focus();
    await shot(page, 'yours');
    // played from its card
    await page.keyboard.press('Enter');
    await waitFor(page, 'played from the library', (t) => t.state === 'running' && t.meta?.title === 'V2 Test');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);
    // Delete removes it, for good
    await card.focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => card.count()).toBe(0);
    await page.reload();
    await page.waitForFunction(() => '__arcade' in window);
    await expect.poll(() => page.locator('#library-bundled .card').count()).toBe(BUNDLED.length);
    expect(await page.locator('#library-yours .card[data-key^="yours:"]').count()).toBe(0);
  });

  it("starts a game from its card with the save the library read ahead, and with the newer one another tab wrote", async () => {
    const page = await openPage(1024, 720);
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);
    // (no score: its card shows no best, so the library reads its save only to start it)
    const src = readFileSync(join(ROOT, 'test/fixtures/v2game.wat'), 'utf8');
    const game = compileWat(src, `${metaOf(src)}author=Library Tests\n`);
    await page.setInputFiles('#file-input', { name: 'clicker.wasm', mimeType: 'application/wasm', buffer: Buffer.from(game) });
    const s = await waitFor(page, 'the opened game running', (t) => t.state === 'running' && t.meta?.title === 'V2 Test' && t.framesApplied > 5);
    const stage = (await page.locator('#stage').boundingBox())!;
    const click = async (p: Page, t: Status) => {
      await p.mouse.click(stage.x + t.screen.x + t.screen.width / 2, stage.y + t.screen.y + t.screen.height / 2);
      await p.waitForTimeout(150);
    };
    // the clicks bar (v2game.wat: 10 px per click from x = 10, at y = 200..208): how many clicks it shows
    const barClicks = async (p: Page, name: string): Promise<number> => {
      const t = await status(p);
      const img = await shot(p, name);
      const scale = t.screen.width / 320;
      const green = (lx: number) => {
        const o = (Math.round(stage.y + t.screen.y + 204 * scale) * img.width + Math.round(stage.x + t.screen.x + lx * scale)) * 4;
        return img.data[o] === 0 && img.data[o + 1] === 0xff && img.data[o + 2] === 0;
      };
      let n = 0;
      while (n < 30 && green(15 + 10 * n)) n++;
      return n;
    };
    for (let i = 0; i < 2; i++) await click(page, s);
    await waitFor(page, 'past the thumbnail frame', (t) => t.frame > 70);
    expect(await barClicks(page, 'save-ahead-played')).toBe(2);

    // a new page: its library reads the game's save ahead (its thumbnail, then its warm-up as the focused card) ...
    await page.reload();
    await page.waitForFunction(() => '__arcade' in window);
    const card = page.locator('#library-yours .card[data-key^="yours:"]');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await card.focus();
    const key = await card.getAttribute('data-key');
    await waitFor(page, 'the card warmed', (t) => t.warmed.includes(key!), 60_000);
    // ... so that the game gets it with itself, and starts with the two clicks
    await page.keyboard.press('Enter');
    const started = await waitFor(page, 'played from the library', (t) => t.state === 'running' && t.meta?.title === 'V2 Test' && t.framesApplied > 3);
    expect(started.startup?.saveKnown).toBe(true);
    expect(await barClicks(page, 'save-ahead-known')).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);

    // another tab of the same origin plays it once more: the save it writes (3) is the one this page starts with
    const other = await page.context().newPage();
    await other.goto(`${baseUrl}/index.html`);
    await other.waitForFunction(() => '__arcade' in window);
    const otherCard = other.locator('#library-yours .card[data-key^="yours:"]');
    await expect.poll(() => otherCard.count(), { timeout: 15_000 }).toBe(1);
    await otherCard.focus();
    await other.keyboard.press('Enter');
    const o = await waitFor(other, 'played in the other tab', (t) => t.state === 'running' && t.framesApplied > 3);
    await click(other, o);
    expect(await barClicks(other, 'save-ahead-other-tab')).toBe(3);
    await other.close();
    await card.focus();
    await page.keyboard.press('Enter');
    await waitFor(page, 'played again', (t) => t.state === 'running' && t.framesApplied > 3 && (t.startup?.firstPicture ?? null) !== null);
    expect(await barClicks(page, 'save-ahead-newer')).toBe(3);
  });

  it('plays a WASM-4 cart: its tones reach Web Audio on every channel, a click reaches MOUSE_X/Y/BUTTONS', async () => {
    const page = await openPage(1024, 720, () => {
      const w = window as unknown as { __audio: string[] };
      w.__audio = [];
      for (const C of [OscillatorNode, AudioBufferSourceNode]) {
        const start = C.prototype.start;
        C.prototype.start = function (this: AudioScheduledSourceNode, ...args: [number?]) {
          w.__audio.push(C.name);
          return start.apply(this, args);
        };
      }
      const panner = AudioContext.prototype.createStereoPanner;
      AudioContext.prototype.createStereoPanner = function (this: AudioContext) {
        w.__audio.push('StereoPannerNode');
        return panner.call(this);
      };
    });
    // every 30 frames: pulse 1 (centre), pulse 2 at 50 % panned left, triangle, noise panned right; a held mouse button draws an 8×8 square at the mouse
    const cart = compileWat(
      `(module
        (import "env" "memory" (memory 1 1))
        (import "env" "rect" (func $rect (param i32 i32 i32 i32)))
        (import "env" "tone" (func $tone (param i32 i32 i32 i32)))
        (global $n (mut i32) (i32.const 0))
        (func (export "update")
          (if (i32.eqz (i32.rem_u (global.get $n) (i32.const 30))) (then
            (call $tone (i32.const 262) (i32.const 20) (i32.const 50) (i32.const 0))
            (call $tone (i32.const ${330 | (660 << 16)}) (i32.const ${20 | (10 << 8)}) (i32.const 50) (i32.const ${1 | (2 << 2) | (1 << 4)}))
            (call $tone (i32.const 110) (i32.const ${(4 << 24) | 20}) (i32.const 80) (i32.const 2))
            (call $tone (i32.const 900) (i32.const 8) (i32.const 60) (i32.const ${3 | (2 << 4)}))))
          (global.set $n (i32.add (global.get $n) (i32.const 1)))
          (if (i32.load8_u (i32.const 0x1e)) (then
            (i32.store16 (i32.const 0x14) (i32.const 4))
            (call $rect (i32.load16_s (i32.const 0x1a)) (i32.load16_s (i32.const 0x1c)) (i32.const 8) (i32.const 8))))))`,
      null,
    );
    await expect.poll(() => page.locator('#library').isVisible()).toBe(true);
    await page.setInputFiles('#file-input', { name: 'beeper.wasm', mimeType: 'application/wasm', buffer: Buffer.from(cart) });
    const s = await waitFor(page, 'the cart running', (t) => t.state === 'running' && t.profile === 'wasm4' && t.framesApplied > 5);
    expect(await page.locator('#game-title').textContent()).toBe('Beeper');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __audio: string[] }).__audio.join(',')), { timeout: 10_000 })
      .toMatch(/OscillatorNode.*OscillatorNode.*StereoPannerNode.*OscillatorNode.*AudioBufferSourceNode/);
    const heard = await page.evaluate(() => (window as unknown as { __audio: string[] }).__audio);
    // centre and the triangle play on both sides at full level (no panner); left and right get one each
    expect(heard.filter((n) => n === 'StereoPannerNode').length * 2).toBeLessThanOrEqual(heard.filter((n) => n !== 'StereoPannerNode').length);

    const stage = (await page.locator('#stage').boundingBox())!;
    const scale = s.screen.width / 160;
    const at = (x: number, y: number) => [stage.x + s.screen.x + (x + 0.5) * scale, stage.y + s.screen.y + (y + 0.5) * scale] as const;
    const [mx, my] = at(40, 100);
    await page.mouse.move(mx, my);
    await page.mouse.down();
    const held = await status(page);
    await waitFor(page, 'frames with the button held', (t) => t.frame > held.frame + 6 && t.framesApplied > held.framesApplied + 2);
    const img = await shot(page, 'wasm4-click');
    await page.mouse.up();
    const pixel = (x: number, y: number) => {
      const [px, py] = at(x, y);
      const o = (Math.floor(py) * img.width + Math.floor(px)) * 4;
      return (img.data[o] << 16) | (img.data[o + 1] << 8) | img.data[o + 2];
    };
    expect(pixel(43, 103).toString(16)).toBe('71821'); // palette colour 4 where the square is
    expect(pixel(30, 103).toString(16)).toBe('e0f8cf'); // palette colour 1 beside it
  });
});
