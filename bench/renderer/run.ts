// npx tsx bench/renderer/run.ts [--frames N] [--rounds R] [--renderer canvas|webgl]
//
// Renderer benchmark (not a test): per frame, the worker's cost (our engine
// running the scene game + its draw list) and the renderer's cost (GameView
// applying the list + Pixi rendering) for 2,000 sprites from one sheet,
// 10,000 rects and 200 texts, against a plain pixi.js page drawing the same
// objects. Runs alternate ours / plain in one headless Chromium session;
// prints each run, the renderer in use, and the ratio of the medians.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import { compileWat } from '../../test/fixtures/compile';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const frames = Number(arg('--frames', '12'));
const rounds = Number(arg('--rounds', '3'));
const renderer = arg('--renderer', 'canvas');

const outDir = join(mkdtempSync(join(tmpdir(), 'wasm-arcade-render-bench-')), 'dist');
const { server, url } = await buildAndServe(
  { configFile: false, root: here, base: './', publicDir: false, build: { target: 'esnext', minify: false, reportCompressedSize: false } },
  outDir,
  { afterBuild: () => writeFileSync(join(outDir, 'scene.wasm'), compileWat(readFileSync(join(here, 'scene.wat'), 'utf8'))) },
);
const browser = await launchChromium();
const results: Record<string, number[]> = { ours: [], plain: [], worker: [] };
try {
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['ours', 'plain']) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
      await page.goto(`${url}/index.html?mode=${mode}&frames=${frames}&renderer=${renderer}`);
      await page.waitForFunction(() => '__result' in window, undefined, { timeout: 600_000 });
      const result = (await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result)) as Record<string, number | string>;
      await page.close();
      if (result.error) throw new Error(`${mode}: ${result.error}`);
      console.log(`round ${r + 1} ${mode.padEnd(5)} renderer ${result.renderer}: render ${Number(result.renderMs).toFixed(1)} ms/frame${result.workerMs !== undefined ? `, worker ${Number(result.workerMs).toFixed(2)} ms/frame` : ''}`);
      results[mode].push(Number(result.renderMs));
      if (result.workerMs !== undefined) results.worker.push(Number(result.workerMs));
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`median over ${rounds} alternating rounds of ${frames} frames: ours ${med(results.ours).toFixed(1)} ms, plain pixi ${med(results.plain).toFixed(1)} ms, ratio ${(med(results.ours) / med(results.plain)).toFixed(2)}×; worker ${med(results.worker).toFixed(2)} ms/frame`);
