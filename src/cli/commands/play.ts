// `arcade play <game.wasm>`: opens the app with a game file — the desktop app
// when Electron and its build are there, else the web app in the default
// browser, served from 127.0.0.1. Either way the file is read from disk again
// on every (re)start, so Restart plays a rebuilt file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { UsageError, type Command } from '../index.ts';
import { parseArgs, readGameArg, uintFlag, untilStopped } from './args.ts';
import { openInBrowser } from '../../node/open-browser.ts';
import { packageInfo } from '../../node/package-root.ts';
import { serveStatic } from '../../node/static-server.ts';
import { webAppDir } from '../../node/web-app.ts';

const usage = `Usage: arcade play <game.wasm> [--web] [--port N] [--no-open]

Opens Wasm Arcade with a game file: the desktop app (Electron) when it is
installed and built, otherwise the web app in your default browser, served on
http://127.0.0.1 until you stop it (Ctrl+C). The app adds the game to its
library (its "Your games", kept across restarts), and Restart
reads the file again, so a rebuilt game is picked up.

  --web        use the web app even when Electron is there
  --port N     port for the web app (default: a free one)
  --no-open    do not open a browser; just print the address`;

/** Electron's binary and the built desktop app, if both exist. */
function desktopApp(): { electron: string; app: string } | undefined {
  const { root } = packageInfo();
  if (!existsSync(join(root, 'out/main/index.js'))) return undefined;
  try {
    const electron = createRequire(join(root, 'package.json'))('electron') as unknown;
    return typeof electron === 'string' && existsSync(electron) ? { electron, app: root } : undefined;
  } catch {
    return undefined; // not installed, or its binary was never downloaded
  }
}

const command: Command = {
  summary: 'open the app (desktop, or the web app in a browser) with a game file',
  usage,
  async run(args) {
    const p = parseArgs(args, ['--port'], ['--web', '--no-open']);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const file = resolve(p.positional[0]);
    if (!readGameArg('play', file)) return 1;
    const desktop = p.flags.has('--web') ? undefined : desktopApp();
    if (desktop) {
      console.log(`arcade play: opening ${basename(file)} in the desktop app`);
      const child = spawn(desktop.electron, [desktop.app, `--game=${file}`], { stdio: 'inherit' });
      return new Promise<number>((done) => child.on('close', (code) => done(code ?? 0)));
    }
    const server = await serveStatic(
      webAppDir(),
      [
        async (req, res) => {
          if (new URL(req.url ?? '/', 'http://x').pathname !== '/__arcade/game.wasm') return false;
          try {
            res.writeHead(200, { 'content-type': 'application/wasm', 'cache-control': 'no-store' }).end(await readFile(file));
          } catch (err) {
            res.writeHead(404, { 'content-type': 'text/plain' }).end(`${file}: ${(err as Error).message}`);
          }
          return true;
        },
      ],
      uintFlag(p, '--port', 0, 65535) ?? 0,
    );
    const url = `${server.url}/?src=__arcade/game.wasm&name=${encodeURIComponent(basename(file))}`;
    console.log(`arcade play: ${basename(file)} at ${url}  (Ctrl+C stops)`);
    if (!p.flags.has('--no-open')) openInBrowser(url, (l) => console.log(l));
    await untilStopped(() => server.close());
    return 0;
  },
};

export default command;
