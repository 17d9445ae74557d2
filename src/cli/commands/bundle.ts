// `arcade bundle <game.wasm> --html out.html | --dir out/`: a game to share —
// the single-file player (vite.player.config.ts) with the game put into it.
import { escapeControl as safe } from '../../host/escape.ts';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError, type Command } from '../index.ts';
import { parseArgs, readGameArg } from './args.ts';
import { checkGame, SessionStopped } from '../../host/session.ts';
import { FileError, writeFileAtomic } from '../../node/files.ts';
import { playerFile } from '../../node/web-app.ts';

const usage = `Usage: arcade bundle <game.wasm> (--html out.html | --dir out/)

Makes a game playable without Wasm Arcade installed: the engine, renderer,
styles and game worker in one HTML page, with the game.

  --html FILE   one self-contained HTML file with the game inside: open it
                from disk (file://) or put it on any static web host
  --dir DIR     a folder for a web host: DIR/index.html (the player) and
                DIR/<game>.wasm beside it, which the page fetches (so this
                one needs http(s), not file://)

The game is checked first (arcade check); a file that is not a valid game is
refused with the reason.`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The player page carrying `game`: inline as base64, or as a file name to fetch. */
export function bundlePage(player: string, title: string, game: { inline: Uint8Array } | { file: string }, name: string): string {
  let page = player.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  const tag =
    'inline' in game
      ? `<script id="arcade-game" type="application/octet-stream" data-name="${escapeHtml(name)}">${Buffer.from(game.inline).toString('base64')}</script>`
      : `<meta name="arcade-game" content="${escapeHtml(game.file)}" />`;
  if (!page.includes('</body>')) throw new Error('the player page has no </body>');
  page = page.replace('</body>', () => `${tag}\n</body>`);
  return page;
}

const command: Command = {
  summary: 'make one self-contained HTML file (or a folder) that plays a game anywhere',
  usage,
  async run(args) {
    const p = parseArgs(args, ['--html', '--dir'], []);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const html = p.flags.get('--html');
    const dir = p.flags.get('--dir');
    if ((html === undefined) === (dir === undefined)) throw new UsageError('give one of --html out.html or --dir out/');
    const [file] = p.positional;
    const bytes = readGameArg('bundle', file);
    if (!bytes) return 1;
    let title: string;
    try {
      title = (await checkGame(bytes)).contract.meta.title;
    } catch (err) {
      if (!(err instanceof SessionStopped)) throw err;
      console.error(`arcade bundle: ${file}: not bundled, it is not a valid game: ${safe(err.info.message)}`);
      return 1;
    }
    const player = readFileSync(playerFile(), 'utf8');
    const name = basename(file).replace(/\.wasm$/i, '');
    try {
      if (html !== undefined) {
        const out = String(html);
        const page = bundlePage(player, title, { inline: bytes }, name);
        writeFileAtomic(out, page);
        console.log(`${out}: ${safe(title)}, one file of ${(Buffer.byteLength(page) / 1024).toFixed(0)} KiB (game ${(bytes.length / 1024).toFixed(1)} KiB); open it in a browser or put it on any web host`);
      } else {
        const out = String(dir);
        mkdirSync(out, { recursive: true });
        const wasmName = `${name}.wasm`;
        copyFileSync(file, join(out, wasmName));
        writeFileAtomic(join(out, 'index.html'), bundlePage(player, title, { file: wasmName }, name));
        console.log(`${out}: index.html and ${wasmName} (${safe(title)}); serve the folder over http(s)`);
      }
    } catch (err) {
      if (!(err instanceof FileError)) throw err;
      console.error(`arcade bundle: ${err.message}`);
      return 1;
    }
    return 0;
  },
};

export default command;
