// End-to-end in Chromium (web build): record a Breakout session with F9,
// replay it with the panel (frame counter, progress, pause, single-step,
// speed), and check the app's recording also replays headless.
// Screenshots land in test-results/e2e-replay/ for a person to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFile } from '../../src/node/recording-io';
import { parseRecording } from '../../src/host/recording';
import { runReplayCase } from '../../src/testing/replays';
import { compileWat } from '../fixtures/compile';
import { readFileSync } from 'node:fs';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-results/e2e-replay');
const DIST = join(OUT, 'dist');
const ready = existsSync(CHROMIUM) && existsSync(join(ROOT, 'games/breakout/breakout.wasm'));
if (!ready) console.warn(`app replay e2e: skipped — needs ${CHROMIUM} and games/breakout/breakout.wasm`);

interface PanelStatus {
  recording: boolean;
  recordFrames: number;
  replaying: boolean;
  replayFrame: number;
  replayTotal: number;
  diverged?: number;
}

let server: PreviewServer;
let browser: Browser;
let baseUrl: string;

const panel = (page: Page): Promise<PanelStatus> => page.evaluate(() => (window as unknown as { __arcadeReplay: { status: PanelStatus } }).__arcadeReplay.status);
const appState = (page: Page): Promise<{ state: string; frame: number; loads: number }> =>
  page.evaluate(() => {
    const s = (window as unknown as { __arcade: { state: string; frame: number; loads: number } }).__arcade;
    return { state: s.state, frame: s.frame, loads: s.loads };
  });

describe.skipIf(!ready)('record and replay in the app', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const configFile = join(ROOT, 'vite.web.config.ts');
    ({ server, url: baseUrl } = await buildAndServe({ configFile }, DIST));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records with F9, replays with the panel, and the file replays headless too', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 }, acceptDownloads: true });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${baseUrl}/index.html?game=breakout&seed=1`);
    await expect.poll(() => appState(page).then((s) => s.state), { timeout: 30_000 }).toBe('running');

    // Record: F9 restarts the game with a new seed and records from frame 1.
    await page.keyboard.press('F9');
    await expect.poll(() => panel(page).then((p) => p.recording), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.down('ArrowLeft');
    await page.waitForTimeout(400);
    await page.keyboard.up('ArrowLeft');
    await page.keyboard.press('Space');
    await page.waitForTimeout(800);
    // long enough that the replay below is still running when the test pauses it, however slow the machine
    // (a loaded CI worker took longer to click Pause than a 50-frame replay took to end)
    await expect.poll(() => panel(page).then((p) => p.recordFrames), { timeout: 60_000 }).toBeGreaterThan(360);
    writeFileSync(join(OUT, 'recording.png'), await page.screenshot());
    await page.keyboard.press('F9');
    await expect.poll(() => panel(page).then((p) => p.recording)).toBe(false);
    const text = await page.evaluate(() => (window as unknown as { __arcadeLastRecording?: string }).__arcadeLastRecording ?? '');
    const rec = parseRecording(text, { source: 'app.rec' });
    expect(rec.trailer).toBeDefined();
    expect(rec.header.title).toBe('Breakout');
    expect(rec.frames.some((f) => f.input.some((e) => 'code' in e && e.code === 37))).toBe(true);
    expect(rec.header.gamePath).toBe('games/breakout/breakout.wasm');
    const file = join(OUT, 'app.rec');
    writeFileSync(file, text);
    // committed under test/replays it would be a test case as it is: the helper finds the game by its game-path
    await expect(runReplayCase(file, 'interp', { root: ROOT })).resolves.toBeUndefined();

    // The app's recording replays headless, exactly.
    const headless = await replayFile({ game: join(ROOT, 'games/breakout/breakout.wasm'), recording: file });
    expect(headless.report).toMatch(/every draw list and memory checkpoint matches/);

    // Replay in the app: counter, progress, pause, single-step, speed.
    await page.setInputFiles('input[accept^=".rec,"]', { name: 'app.rec', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect.poll(() => panel(page).then((p) => p.replaying && p.replayTotal === rec.frames.length), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('.replay-bar').isVisible()).toBe(true);
    await page.locator('.replay-bar button', { hasText: 'Pause' }).click();
    await expect.poll(() => appState(page).then((s) => s.state)).toBe('paused');
    // (frames the worker ran before the pause reached it may still arrive: wait until the counter holds still)
    let before = (await panel(page)).replayFrame;
    for (let settled = 0; settled < 3; ) {
      await page.waitForTimeout(150);
      const now = (await panel(page)).replayFrame;
      settled = now === before ? settled + 1 : 0;
      before = now;
    }
    await page.locator('.replay-bar button', { hasText: 'Step' }).click();
    await expect.poll(() => panel(page).then((p) => p.replayFrame)).toBe(before + 1);
    await expect.poll(() => page.locator('.replay-bar .counter').textContent()).toBe(`frame ${before + 1} / ${rec.frames.length}`);
    writeFileSync(join(OUT, 'replay-paused.png'), await page.screenshot());
    await page.locator('.replay-bar button', { hasText: '1×' }).click(); // 2×
    await page.locator('.replay-bar button', { hasText: 'Resume' }).click();
    await expect.poll(() => panel(page).then((p) => p.replaying), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => page.locator('.replay-report').textContent()).toMatch(/every draw list and memory checkpoint matches/);
    expect((await appState(page)).state).toBe('paused');
    writeFileSync(join(OUT, 'replay-done.png'), await page.screenshot());
    await page.close();
  });

  it('stops a replay on the first frame a changed game draws differently, with the report', async () => {
    const source = readFileSync(join(ROOT, 'test/recording/games/mover.wat'), 'utf8');
    const mover = compileWat(source);
    const broken = compileWat(source.replace('(f32.const 120)', '(f32.const 126)'));
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('dialog', (dialog) => void dialog.accept()); // "another build: replay anyway?"
    await page.goto(`${baseUrl}/index.html?seed=1`);
    // Wait for the app: it opens on the library with no game running, so the poll below sees mover's load.
    await expect.poll(() => page.evaluate(() => '__arcade' in window), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => appState(page).then((s) => s.state), { timeout: 30_000 }).toBe('idle');
    const firstLoads = (await appState(page)).loads;
    await page.setInputFiles('#file-input', { name: 'mover.wasm', mimeType: 'application/wasm', buffer: Buffer.from(mover) });
    await expect.poll(() => appState(page).then((s) => s.loads > firstLoads && s.state === 'running'), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('F9');
    await expect.poll(() => panel(page).then((p) => p.recording), { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(300);
    await page.keyboard.down('ArrowRight');
    await page.waitForTimeout(500);
    await page.keyboard.up('ArrowRight');
    await page.waitForTimeout(200);
    await page.keyboard.press('F9');
    await expect.poll(() => panel(page).then((p) => p.recording)).toBe(false);
    const text = await page.evaluate(() => (window as unknown as { __arcadeLastRecording?: string }).__arcadeLastRecording ?? '');
    const pressed = parseRecording(text).frames.find((f) => f.input.length > 0)?.frame;
    expect(pressed).toBeDefined();

    // The file is read asynchronously: until the new build loads, the old one is still 'running'.
    const loadsBefore = (await appState(page)).loads;
    await page.setInputFiles('#file-input', { name: 'mover.wasm', mimeType: 'application/wasm', buffer: Buffer.from(broken) });
    await expect.poll(() => appState(page).then((s) => s.loads > loadsBefore && s.state === 'running'), { timeout: 30_000 }).toBe(true);
    await page.setInputFiles('input[accept^=".rec,"]', { name: 'mover.rec', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect.poll(() => panel(page).then((p) => p.diverged), { timeout: 20_000 }).toBe(pressed);
    await expect.poll(() => appState(page).then((s) => s.state)).toBe('paused');
    expect((await panel(page)).replayFrame).toBe(pressed);
    await expect.poll(() => page.locator('.replay-report').textContent()).toMatch(new RegExp(`frame ${pressed} is the first frame whose draw list differs[\\s\\S]*expected draw_rect\\(`));
    await expect.poll(() => page.locator('.replay-bar .counter').textContent()).toBe(`frame ${pressed} / ${parseRecording(text).frames.length} · differs from ${pressed}`);
    writeFileSync(join(OUT, 'replay-diverged.png'), await page.screenshot());
    await page.close();
  });

  it('recovers a recording cut short by closing the app (journal in IndexedDB)', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${baseUrl}/index.html?game=breakout&seed=1`);
    await expect.poll(() => appState(page).then((s) => s.state), { timeout: 30_000 }).toBe('running');
    await page.keyboard.press('F9');
    await expect.poll(() => panel(page).then((p) => p.recordFrames), { timeout: 20_000 }).toBeGreaterThan(120);
    expect(await page.locator('.recover-button').isVisible()).toBe(false);
    await page.goto(`${baseUrl}/index.html?game=breakout&seed=1`); // the app goes away mid-recording
    await expect.poll(() => page.locator('.recover-button').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.locator('.recover-button').click();
    // the journal is read from IndexedDB after the click: wait for it
    const lastRecording = () => page.evaluate(() => (window as unknown as { __arcadeLastRecording?: string }).__arcadeLastRecording ?? '');
    await expect.poll(lastRecording, { timeout: 10_000 }).not.toBe('');
    const text = await lastRecording();
    const rec = parseRecording(text, { source: 'recovered.rec' });
    expect(rec.trailer).toBeUndefined();
    expect(rec.truncation).toMatch(/no 'end' trailer/);
    expect(rec.frames.length).toBeGreaterThan(60); // all but the last chunk (journaled every 0.5 s)
    const file = join(OUT, 'recovered.rec');
    writeFileSync(file, text);
    const headless = await replayFile({ game: join(ROOT, 'games/breakout/breakout.wasm'), recording: file, partial: true });
    expect(headless.result.ok).toBe(true);
    expect(await page.locator('.recover-button').isVisible()).toBe(false);
    await page.close();
  });
});
