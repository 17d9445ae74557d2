// The built web app (dist-web/) that `arcade dev`, `arcade play` and
// `arcade bundle` serve or inline: shipped in the package; in a checkout of
// this repository it is built on first use (npm run build:web).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from './package-root';

export function webAppDir(log: (line: string) => void = (l) => console.error(l)): string {
  const { root } = packageInfo();
  const dir = join(root, 'dist-web');
  if (existsSync(join(dir, 'index.html'))) return dir;
  if (!existsSync(join(root, 'vite.web.config.ts'))) throw new Error(`the web app is missing from ${dir}; reinstall wasm-arcade`);
  log('arcade: building the web app once (npm run build:web)…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(dir, 'index.html'))) throw new Error('could not build the web app (npm run build:web)');
  return dir;
}
