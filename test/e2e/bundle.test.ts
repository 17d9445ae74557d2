// End-to-end: `arcade bundle` output plays in Chromium with nothing else —
// the single HTML file from file:// (no server at all), and the --dir folder
// from a plain static server. Screenshots: test-results/e2e-bundle/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { main } from '../../src/cli/index';
import { serveStatic } from '../../src/node/static-server';
import { decodePng } from './png';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-results/e2e-bundle');
const dir = mkdtempSync(join(tmpdir(), 'arcade-bundle-'));

interface Status {
  state: string;
  frame: number;
  meta: { title: string } | null;
  stop: { message: string } | null;
}

async function arcade(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')));
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function running(page: Page, title: string): Promise<Status> {
  const deadline = Date.now() + 60_000;
  let s: Status | undefined;
  while (Date.now() < deadline) {
    s = await page.evaluate(() => (window as unknown as { __arcade?: Status }).__arcade);
    if (s?.state === 'running' && s.meta?.title === title && s.frame > 30) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`the bundled game did not run: ${JSON.stringify(s)}`);
}

/** Distinct colours on the page: more than the chrome's few means the game drew. */
async function colours(page: Page, name: string): Promise<number> {
  const png = await page.screenshot({ type: 'png' });
  writeFileSync(join(OUT, `${name}.png`), png);
  const img = decodePng(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return seen.size;
}

let browser: Browser;

describe.skipIf(!existsSync(CHROMIUM))('arcade bundle in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('--html makes one file that plays Breakout from file://, loading nothing else', async () => {
    const html = join(dir, 'breakout.html');
    const r = await arcade('bundle', join(ROOT, 'games/breakout/breakout.wasm'), '--html', html);
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(dir)).toEqual(['breakout.html']);
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(html).href);
    await running(page, 'Breakout');
    await page.keyboard.press('Enter');
    const s = await running(page, 'Breakout');
    expect(s.stop).toBeNull();
    expect(await page.title()).toBe('Breakout — Wasm Arcade');
    expect(await colours(page, 'breakout-file')).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    // the page itself, and blob:/data: URLs of its own making: nothing from disk or network
    expect(requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([pathToFileURL(html).href]);
    await page.close();
  });

  it('--dir makes a folder any static host serves', async () => {
    const out = join(dir, 'site');
    const r = await arcade('bundle', join(ROOT, 'games/snake/snake.wasm'), '--dir', out);
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'snake.wasm']);
    const server = await serveStatic(out, []);
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
      await page.goto(`${server.url}/`);
      await running(page, 'Snake');
      expect(await colours(page, 'snake-dir')).toBeGreaterThan(10);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('refuses a file that is not a game, and asks for one output', async () => {
    const bad = join(dir, 'bad.wasm');
    writeFileSync(bad, 'not wasm');
    const r = await arcade('bundle', bad, '--html', join(dir, 'bad.html'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^arcade bundle: .*bad\.wasm: not bundled, it is not a valid game: /);
    expect((await arcade('bundle', bad)).code).toBe(2);
  });
});
