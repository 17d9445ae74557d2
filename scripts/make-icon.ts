// npm run build:icon — renders build/icon.svg (the app icon, drawn for this
// project) to build/icon.png at 1024×1024 with Debian's Chromium, with a
// transparent background. electron-builder makes the Linux, Windows and
// macOS icon sizes from that PNG. Commit both files.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './lib/chromium';

const root = resolve(import.meta.dirname, '..');
const svg = readFileSync(resolve(root, 'build/icon.svg'), 'utf8');
const size = 1024;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  writeFileSync(resolve(root, 'build/icon.png'), png);
  console.log(`build/icon.png: ${size}×${size}, ${png.length} bytes`);
} finally {
  await browser.close();
}
