// The built web app (dist-web/, served by `arcade dev` and `arcade play`) and
// the single-file player (dist-player/, filled in by `arcade bundle`): shipped
// in the package; in a checkout of this repository built on first use.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageInfo } from './package-root';

function built(file: string, config: string, script: string, log: (line: string) => void): string {
  const { root } = packageInfo();
  const path = join(root, file);
  if (existsSync(path)) return path;
  if (!existsSync(join(root, config))) throw new Error(`${path} is missing; reinstall wasm-arcade`);
  log(`arcade: building ${file} once (npm run ${script})…`);
  const r = spawnSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(path)) throw new Error(`could not build ${file} (npm run ${script})`);
  return path;
}

/** The web app's folder (dist-web/; ARCADE_WEB_APP names another build of it, as the end-to-end tests do). */
export function webAppDir(log: (line: string) => void = (l) => console.error(l)): string {
  const override = process.env['ARCADE_WEB_APP'];
  if (override) {
    if (!existsSync(join(override, 'index.html'))) throw new Error(`ARCADE_WEB_APP=${override} has no index.html`);
    return override;
  }
  return dirname(built('dist-web/index.html', 'vite.web.config.ts', 'build:web', log));
}

/** The single-file player (dist-player/player.html) that `arcade bundle` puts a game into. */
export function playerFile(log: (line: string) => void = (l) => console.error(l)): string {
  return built('dist-player/player.html', 'vite.player.config.ts', 'build:player', log);
}
