// End-to-end: `arcade play` with the web app (no Electron binary here) in
// Chromium: the game file plays, its description is shown, Restart picks up
// a rebuilt file, the library remembers it on the next visit, and an unknown
// ?game= says so instead of playing another game. Screenshots: test-results/e2e-play/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { compileWat } from '../fixtures/compile';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-results/e2e-play');
const WEB = join(OUT, 'dist');
const dir = mkdtempSync(join(tmpdir(), 'arcade-play-'));
const game = join(dir, 'mine.wasm');

const source = (colour: string) => `(module
  (import "env" "clear" (func $clear (param i32)))
  (memory (export "memory") 1)
  (func (export "update") (param f32))
  (func (export "draw") (call $clear (i32.const ${colour})))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32)))`;
const META = 'abi=1\ntitle=Mine\nwidth=64\nheight=64\nauthor=Tester\ndescription=A square of one colour\n';

interface Status {
  state: string;
  frame: number;
  loads: number;
  lastHash: string;
  meta: { title: string; description?: string } | null;
}

let browser: Browser;
let child: ChildProcess;
let url = '';

async function waitFor(page: Page, what: string, ok: (s: Status) => boolean): Promise<Status> {
  const deadline = Date.now() + 60_000;
  let s: Status | undefined;
  while (Date.now() < deadline) {
    s = await page.evaluate(() => (window as unknown as { __arcade?: Status }).__arcade);
    if (s && ok(s)) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
}

describe.skipIf(!existsSync(CHROMIUM))('arcade play in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    await build({ configFile: join(ROOT, 'vite.web.config.ts'), logLevel: 'warn', build: { outDir: WEB, emptyOutDir: true } });
    writeFileSync(game, compileWat(source('0xff0000ff'), META));
    child = spawn('node', [join(ROOT, 'bin/arcade.mjs'), 'play', game, '--web', '--no-open'], { env: { ...process.env, ARCADE_WEB_APP: WEB }, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
        if (m) done(m[1]);
      });
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => fail(new Error(`arcade play exited: ${out}`)));
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
  });

  it('plays the file, shows its description, picks up a rebuild on Restart, and remembers it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 700 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(url);
    const first = await waitFor(page, 'the game running', (s) => s.state === 'running' && s.frame > 5);
    expect(first.meta?.title).toBe('Mine');
    expect(await page.locator('.game-description').textContent()).toBe(' — A square of one colour');
    await page.screenshot({ path: join(OUT, 'play.png') });

    // rebuilt on disk: Restart reads the file again
    writeFileSync(game, compileWat(source('0x00ff00ff'), META));
    await page.locator('#restart-button').click();
    const second = await waitFor(page, 'the rebuilt game running', (s) => s.loads === first.loads + 1 && s.state === 'running' && s.frame > 5);
    expect(second.lastHash).not.toBe(first.lastHash);

    // a later visit without the file: the library has it under "Your games", with its description
    const again = await context.newPage();
    await again.goto(url.replace(/\?.*$/, ''));
    const card = again.locator('#library-yours .card[data-key^="yours:"]');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.locator('.card-title').textContent()).toBe('Mine');
    expect(await card.locator('.card-author').textContent()).toBe('by Tester');
    expect(await card.locator('.card-description').textContent()).toBe('A square of one colour');
    await card.click();
    const fromLibrary = await waitFor(again, 'the remembered game', (s) => s.state === 'running' && s.meta?.title === 'Mine' && s.frame > 5);
    expect(fromLibrary.lastHash).toBe(second.lastHash);
    await context.close();
  });

  it('says so when ?game= names no bundled game', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(url.replace(/\?.*$/, '?game=nope'));
    await expect.poll(() => page.locator('#overlay-title').textContent(), { timeout: 15_000 }).toBe("No game called 'nope'");
    expect(await page.locator('#overlay-message').textContent()).toMatch(/\?game= names a bundled game: breakout, (.*, )?snake/);
    const s = await page.evaluate(() => (window as unknown as { __arcade: Status }).__arcade);
    expect(s.state).toBe('idle');
    await page.screenshot({ path: join(OUT, 'unknown-game.png') });
    await page.close();
  });
});
