import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/lib/chromium';
import { buildAndServe } from '../../scripts/lib/serve';
import { compileWat } from '../../test/fixtures/compile';
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(mkdtempSync(join(tmpdir(), 'rb-')), 'dist');
const { server, url } = await buildAndServe({ configFile: false, root: here, base: './', publicDir: false, build: { target: 'esnext', minify: false, reportCompressedSize: false } }, outDir,
  { afterBuild: () => writeFileSync(join(outDir, 'scene.wasm'), compileWat(readFileSync(join(here, 'scene.wat'), 'utf8'))) });
const browser = await launchChromium();
for (const renderer of ['webgl', 'canvas']) for (const mode of ['ours', 'plain']) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(`${url}/index.html?mode=${mode}&frames=3&renderer=${renderer}`);
  await page.waitForFunction(() => '__result' in window, undefined, { timeout: 600_000 });
  writeFileSync(`/tmp/shot-${renderer}-${mode}${process.argv[2] ?? ''}.png`, await page.screenshot());
  await page.close();
}
await browser.close(); await server.close();
