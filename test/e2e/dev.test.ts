// End-to-end: `arcade dev`'s loop in Chromium. A game project in a temp
// folder is built and served; editing its source rebuilds it and the page
// reloads the new build with the same seed; a broken build shows its errors
// over the page while the last good build keeps running; a build that breaks
// the ABI stops with no Restart offered. Screenshots: test-results/e2e-dev/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { DevLoop, findDevProject } from '../../src/node/dev-loop';
import { decodePng } from './png';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-results/e2e-dev');
const WEB = join(OUT, 'dist');
const hasTools = existsSync(CHROMIUM) && existsSync('/usr/bin/wat2wasm');

const GAME = (colour: string, extra = '') => `(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (global $seed (mut i32) (i32.const 0))
  (func (export "init") (param i32 i32 i32) (global.set $seed (local.get 2)))
  (func (export "update") (param f32))
  ${extra}
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32)))`;
const DRAW = (colour: string) => `(func (export "draw") (call $clear (i32.const 0x000000ff)) (call $rect (f32.const 8) (f32.const 8) (f32.const 48) (f32.const 48) (i32.const ${colour})))`;

interface Status {
  state: string;
  frame: number;
  loads: number;
  seed: number | null;
  lastHash: string;
  stop: { kind: string; message: string } | null;
}
interface Dev {
  version: number;
  reloads: number;
  buildError: string | null;
  hotSwaps: number;
  last: string;
}

let browser: Browser;
let loop: DevLoop;
const logs: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'arcade-dev-'));

async function state(page: Page): Promise<{ s: Status; d: Dev }> {
  return page.evaluate(() => ({ s: (window as unknown as { __arcade: Status }).__arcade, d: (window as unknown as { __arcadeDev: Dev }).__arcadeDev }));
}

async function waitFor(page: Page, what: string, ok: (x: { s: Status; d: Dev }) => boolean, ms = 60_000): Promise<{ s: Status; d: Dev }> {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await state(page);
    if (last.s && last.d && ok(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}\n${logs.join('\n')}`);
}

/** The colour in the middle of the game's screen, from a screenshot. */
async function centre(page: Page, name: string): Promise<number> {
  const png = await page.screenshot({ type: 'png' });
  writeFileSync(join(OUT, `${name}.png`), png);
  const img = decodePng(png);
  const box = await page.evaluate(() => (window as unknown as { __arcade: { screen: { x: number; y: number; width: number; height: number } } }).__arcade.screen);
  const stage = (await page.locator('#stage').boundingBox())!;
  const x = Math.round(stage.x + box.x + box.width / 2);
  const y = Math.round(stage.y + box.y + box.height / 2);
  const o = (y * img.width + x) * 4;
  return (img.data[o] << 16) | (img.data[o + 1] << 8) | img.data[o + 2];
}

describe.skipIf(!hasTools)('arcade dev in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    await build({ configFile: join(ROOT, 'vite.web.config.ts'), logLevel: 'warn', build: { outDir: WEB, emptyOutDir: true } });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/game.wat'), GAME('', DRAW('0xff0000ff')));
    const meta = `node ${join(ROOT, 'bin/arcade.mjs')} meta game.wasm title=Dev width=64 height=64`;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dev', arcade: { game: 'game.wasm', build: `wat2wasm --debug-names src/game.wat -o game.wasm && ${meta}`, watch: ['src'] } }));
    loop = new DevLoop({ project: findDevProject(dir), webApp: WEB, log: (l) => logs.push(l) });
    await loop.start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await loop?.close();
  });

  it('reloads every rebuild with the same seed, shows build errors over the last good build, and stops on an ABI breach without Restart', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 560 }, deviceScaleFactor: 1 });
    await page.goto(loop.url);
    const first = await waitFor(page, 'the first build running', (x) => x.s.state === 'running' && x.d.version === 1 && x.s.frame > 5);
    expect(await centre(page, '1-red')).toBe(0xff0000);
    expect(logs.join('\n')).toMatch(/\[dev\] built game\.wasm in \d+\.\d\d s/);

    // edit: a green square; the page reloads build 2 with the same seed
    writeFileSync(join(dir, 'src/game.wat'), GAME('', DRAW('0x00ff00ff')));
    const second = await waitFor(page, 'build 2 running', (x) => x.d.version === 2 && x.s.state === 'running' && x.s.frame > 5);
    expect(second.s.seed).toBe(first.s.seed);
    expect(second.d.reloads).toBe(1);
    expect(await centre(page, '2-green')).toBe(0x00ff00);
    expect(logs.join('\n')).toMatch(/src\/game\.wat changed: rebuilding[\s\S]*reloading the page's game \(build 2/);

    // a syntax error: the overlay shows wat2wasm's message, build 2 keeps running
    writeFileSync(join(dir, 'src/game.wat'), `${GAME('', DRAW('0x00ff00ff'))} (oops`);
    const broken = await waitFor(page, 'the build error', (x) => x.d.buildError !== null);
    expect(broken.d.buildError).toMatch(/game\.wat:\d+:\d+: error/);
    await expect.poll(() => page.locator('.dev-error').isVisible()).toBe(true);
    expect(await page.locator('.dev-error').textContent()).toMatch(/Build failed — still running the last good build/);
    const frame = broken.s.frame;
    await waitFor(page, 'the old build still running', (x) => x.s.state === 'running' && x.s.frame > frame + 10 && x.d.version === 2);
    expect(await centre(page, '3-build-error')).toBe(0x00ff00);
    expect(logs.join('\n')).toMatch(/build FAILED in \d+\.\d\d s; the last good build keeps running/);

    // fixed, but without a draw export: the host refuses it, and Restart could not help
    writeFileSync(join(dir, 'src/game.wat'), GAME(''));
    const refused = await waitFor(page, 'the contract stop', (x) => x.d.version === 3 && x.s.state === 'stopped');
    expect(refused.d.buildError).toBeNull();
    expect(refused.s.stop?.kind).toBe('contract');
    expect(await page.locator('#overlay-restart').isVisible()).toBe(false);
    expect(await page.locator('#restart-button').isDisabled()).toBe(true);
    await page.screenshot({ path: join(OUT, '4-contract.png') });

    // and back: the next good build runs again
    writeFileSync(join(dir, 'src/game.wat'), GAME('', DRAW('0x0000ffff')));
    await waitFor(page, 'build 4 running', (x) => x.d.version === 4 && x.s.state === 'running' && x.s.frame > 5);
    expect(await centre(page, '5-blue')).toBe(0x0000ff);
    expect(readFileSync(join(dir, 'game.wasm')).length).toBeGreaterThan(0);
    await page.close();
  });

  it('--hot swaps a build in keeping the game\'s memory, and says so when the layout forbids it', async () => {
    const hotDir = mkdtempSync(join(tmpdir(), 'arcade-hot-'));
    const HOT = (colour: string, text: string) => `(module
      (import "env" "clear" (func $clear (param i32)))
      (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
      (memory (export "memory") 1)
      (global $__stack_pointer (mut i32) (i32.const 4096))
      (data (i32.const 16) "${text}")
      (func (export "update") (param f32) (i32.store (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 1))))
      (func (export "draw") (call $clear (i32.const ${colour})))
      (func (export "key_down") (param i32))
      (func (export "key_up") (param i32)))`;
    mkdirSync(join(hotDir, 'src'));
    writeFileSync(join(hotDir, 'src/game.wat'), HOT('0xff0000ff', 'one'));
    const meta = `node ${join(ROOT, 'bin/arcade.mjs')} meta game.wasm title=Hot width=64 height=64`;
    writeFileSync(join(hotDir, 'package.json'), JSON.stringify({ name: 'hot', arcade: { game: 'game.wasm', build: `wat2wasm --debug-names src/game.wat -o game.wasm && ${meta}`, watch: ['src'] } }));
    const hotLoop = new DevLoop({ project: findDevProject(hotDir), webApp: WEB, hot: true, log: (l) => logs.push(l) });
    await hotLoop.start();
    try {
      const page = await browser.newPage({ viewport: { width: 640, height: 560 }, deviceScaleFactor: 1 });
      await page.goto(hotLoop.url);
      const first = await waitFor(page, 'the first build running', (x) => x.s.state === 'running' && x.d.version === 1 && x.s.frame > 30);
      // same static data: swapped in, the game goes on (no new load, frames keep counting)
      writeFileSync(join(hotDir, 'src/game.wat'), HOT('0x00ff00ff', 'one'));
      const swapped = await waitFor(page, 'the hot swap', (x) => x.d.version === 2 && x.d.hotSwaps === 1);
      expect(swapped.d.last).toMatch(/^build 2: hot-swapped the new build at frame \d+, keeping the game's memory$/);
      expect(swapped.s.loads).toBe(first.s.loads);
      expect(swapped.s.frame).toBeGreaterThan(first.s.frame);
      await expect.poll(() => centre(page, '6-hot-green')).toBe(0x00ff00);
      // changed static data: not swapped, and the page says why, then restarts with the same seed
      writeFileSync(join(hotDir, 'src/game.wat'), HOT('0x0000ffff', 'two'));
      const refused = await waitFor(page, 'the refused swap', (x) => x.d.version === 3 && x.s.loads === first.s.loads + 1 && x.s.state === 'running');
      expect(refused.d.last).toMatch(/^build 3: not hot-swapped: the new build's memory layout differs: its static data changed .*; restarted with the same seed$/);
      expect(refused.s.seed).toBe(first.s.seed);
      expect(await page.locator('.dev-note').textContent()).toMatch(/not hot-swapped/);
      await page.screenshot({ path: join(OUT, '7-hot-refused.png') });
      await page.close();
    } finally {
      await hotLoop.close();
    }
  });
});
