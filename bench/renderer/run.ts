// npx tsx bench/renderer/run.ts [--frames N] [--rounds R] [--renderer webgl,canvas] [--rects 1000,10000] [--profile]
//
// Renderer benchmark (not a test): per frame, the worker's cost (our engine
// running the scene game + its draw list) and the renderer's cost (GameView
// applying the list + Pixi rendering, until the pixels exist) for 2,000
// sprites from one sheet, N rects and 200 texts, against a plain pixi.js page
// drawing the same objects. For each renderer and size, each round is one
// page holding both, alternating them frame by frame (so a busy machine
// slows both alike), in one headless Chromium session; prints each round,
// the renderer in use, and the medians (of the per-frame ratios too). --profile adds, per renderer and mode,
// the functions with the most self time (Chromium's sampling profiler over
// CDP) — "(program)" is time outside JavaScript: rasterising, in the GPU
// process or Skia.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import { compileWat } from '../../test/fixtures/compile';
import { benchArgs } from '../lib/cli';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = benchArgs('bench:renderer', 'usage: npm run bench:renderer -- [--frames N] [--rounds N] [--renderer webgl,canvas] [--rects 1000,10000] [--profile]', {
  options: {
    frames: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    renderer: { type: 'string', default: 'webgl,canvas' },
    rects: { type: 'string', default: '1000,10000' },
    profile: { type: 'boolean', default: false },
  },
});
const frames = Number(values.frames);
const rounds = Number(values.rounds);
const renderers = values.renderer.split(',');
const sizes = values.rects.split(',').map(Number);
const profile = values.profile;

const outDir = join(mkdtempSync(join(tmpdir(), 'wasm-arcade-render-bench-')), 'dist');
const { server, url } = await buildAndServe(
  { configFile: false, root: here, base: './', publicDir: false, build: { target: 'esnext', minify: false, reportCompressedSize: false } },
  outDir,
  { afterBuild: () => writeFileSync(join(outDir, 'scene.wasm'), compileWat(readFileSync(join(here, 'scene.wat'), 'utf8'))) },
);

/** Self time per function over a page's run, the top 12 (Chromium's CPU profile). */
async function topFunctions(page: Page, run: () => Promise<void>): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await run();
  const { profile: p } = await cdp.send('Profiler.stop');
  const byNode = new Map<number, number>();
  p.samples?.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas?.[i] ?? 0)));
  const self = new Map<string, number>();
  for (const n of p.nodes) {
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (byNode.get(n.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const browser = await launchChromium();
const summary: string[] = [];
try {
  for (const renderer of renderers) {
    for (const rects of sizes) {
      const results: Record<string, number[]> = { ours: [], plain: [], worker: [], apply: [], ratio: [] };
      let name = '';
      for (let r = 0; r < rounds; r++) {
        const page = await browser.newPage({ viewport: { width: 1000, height: 1480 }, deviceScaleFactor: 1 });
        const run = async () => {
          await page.goto(`${url}/index.html?mode=both&frames=${frames}&renderer=${renderer}&rects=${rects}`);
          await page.waitForFunction(() => '__result' in window, undefined, { timeout: 600_000 });
        };
        const top = profile && r === 0 ? await topFunctions(page, run) : (await run(), []);
        const result = (await page.evaluate(() => (window as unknown as { __result: Record<string, unknown> }).__result)) as Record<string, number | string>;
        await page.close();
        if (result.error) throw new Error(String(result.error));
        name = String(result.renderer);
        console.log(
          `${renderer} ${rects} rects, round ${r + 1}: ours ${Number(result.oursMs).toFixed(1)} ms/frame (apply ${Number(result.applyMs).toFixed(1)}), ` +
            `plain ${Number(result.plainMs).toFixed(1)} ms/frame, per-frame ratio ${Number(result.ratio).toFixed(2)}×; worker ${Number(result.workerMs).toFixed(2)} ms/frame`,
        );
        for (const line of top) console.log(`    ${line}`);
        for (const key of ['ours', 'plain', 'worker', 'apply']) results[key].push(Number(result[`${key}Ms`]));
        results.ratio.push(Number(result.ratio));
      }
      summary.push(
        `${name}, ${rects} rects: ours ${med(results.ours).toFixed(1)} ms (apply ${med(results.apply).toFixed(1)}), plain pixi ${med(results.plain).toFixed(1)} ms; ` +
          `median per-frame ratio ${med(results.ratio).toFixed(2)}× (rounds: ${results.ratio.map((x) => x.toFixed(2)).join(', ')}); worker ${med(results.worker).toFixed(2)} ms/frame`,
      );
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`\nmedians over ${rounds} rounds of ${frames} frames (2 of them warm-up), ours and plain alternating frame by frame:`);
for (const line of summary) console.log(line);
