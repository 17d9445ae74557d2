// Debian's Chromium, driven through playwright-core: the one place that knows
// its path and the flags this machine needs (no sandbox, no GPU, no network
// chatter). Used by the e2e tests and `npm run bench -- --browser`.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** `extraArgs` go after CHROMIUM_ARGS (the benchmark's `--js-flags`, a marker switch). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
