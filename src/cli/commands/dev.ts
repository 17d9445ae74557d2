// `arcade dev [dir|game.wasm]`: the game developer's loop (src/node/dev-loop.ts).
import { UsageError, type Command } from '../index.ts';
import { parseArgs, uintFlag, untilStopped } from './args.ts';
import { FileError } from '../../node/files.ts';
import { DevLoop, findDevProject } from '../../node/dev-loop.ts';
import { openInBrowser } from '../../node/open-browser.ts';
import { webAppDir } from '../../node/web-app.ts';

const usage = `Usage: arcade dev [dir|game.wasm] [--hot] [--port N] [--seed N] [--no-open]

Builds the game, serves the web app with it on http://127.0.0.1 and opens it
in your browser. Then it watches the sources: every change rebuilds (the
console shows each build and how long it took) and reloads the running page,
restarting the game with the same seed. A failed build shows its errors over
the page while the last good build keeps running.

  dir            a project folder whose package.json has an "arcade" field:
                 { "game": "<.wasm>", "build": "<command>", "watch": ["src"] }
                 (arcade new writes it); default: the current folder
  game.wasm      no build: reload whenever this file changes
  --hot          swap the new code in keeping the game's memory (its state)
                 when the new build's memory layout allows it; the page says
                 when it cannot and restarts instead
  --port N       port to serve on (default: a free one)
  --seed N       the seed to start with (default: random, then kept across reloads)
  --no-open      do not open a browser; just print the address`;

const command: Command = {
  summary: 'build, serve and play a game; rebuild and reload it on every change',
  usage,
  async run(args) {
    const p = parseArgs(args, ['--port', '--seed'], ['--hot', '--no-open']);
    if (p.positional.length > 1) throw new UsageError('expected at most one [dir|game.wasm]');
    const port = uintFlag(p, '--port', 0, 65535);
    const seed = uintFlag(p, '--seed');
    let loop: DevLoop;
    try {
      const project = findDevProject(p.positional[0] ?? '.');
      loop = new DevLoop({ project, webApp: webAppDir(), port, hot: p.flags.has('--hot') });
    } catch (err) {
      if (err instanceof FileError) {
        console.error(`arcade dev: ${err.message}`);
        return 1;
      }
      throw err;
    }
    const url = `${await loop.start()}${seed !== undefined ? `&seed=${seed}` : ''}${p.flags.has('--hot') ? '&hot=1' : ''}`;
    console.log(`[dev] serving ${url}  (Ctrl+C stops)`);
    if (!p.flags.has('--no-open')) openInBrowser(url, (l) => console.log(l));
    await untilStopped(() => loop.close());
    return 0;
  },
};

export default command;
