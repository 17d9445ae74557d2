// `arcade new <dir> [--lang rust|c|wat]`: a game project outside this
// repository that builds with one command, runs in `arcade dev` and has a
// replay test wired to the vitest helper (templates/, docs/getting-started.md).
import { escapeControl } from '../../host/escape.ts';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { UsageError, type Command } from '../index.ts';
import { parseArgs } from './args.ts';
import { packageInfo } from '../../node/package-root.ts';

export const LANGUAGES = ['rust', 'c', 'wat'] as const;
export type Language = (typeof LANGUAGES)[number];

const usage = `Usage: arcade new <dir> [--lang rust|c|wat] [--title TITLE]

Creates a game project in <dir> (a new or empty folder): the game's source,
its build command (npm run build), a replay test wired to the vitest helper
(npm test), and a README saying how to build, run, record and ship it.
Then: cd <dir> && npm install && npm run dev.

  --lang L       rust (default): the SDK crate is copied in (arcade-sdk/), so
                 it builds offline with cargo and the wasm32 target;
                 c: one header, arcade.h, built with clang and lld;
                 wat: WebAssembly text built with wabt's wat2wasm, and
                 'arcade meta' for the arcade.game section
  --title T      the game's title (default: made from the folder's name)`;

/** Where each language's build writes the game. */
export function gameFile(lang: Language, name: string): string {
  return lang === 'rust' ? `target/wasm32-unknown-unknown/release/${name}.wasm` : `${name}.wasm`;
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Copies a template folder, substituting {{vars}} in every file; `gitignore` becomes `.gitignore`. */
function copyTemplate(from: string, to: string, vars: Record<string, string>): string[] {
  const written: string[] = [];
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    const dest = join(to, entry === 'gitignore' ? '.gitignore' : entry);
    if (statSync(src).isDirectory()) {
      mkdirSync(dest, { recursive: true });
      written.push(...copyTemplate(src, dest, vars));
    } else {
      writeFileSync(dest, substitute(readFileSync(src, 'utf8'), vars));
      written.push(dest);
    }
  }
  return written;
}

export interface NewProject {
  readonly dir: string;
  readonly lang: Language;
  readonly name: string;
  readonly title: string;
  readonly game: string;
}

/** Creates the project; throws UsageError for a folder that is in the way. */
export function createProject(dirArg: string, lang: Language, titleArg?: string): NewProject {
  const dir = resolve(dirArg);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) throw new UsageError(`${dirArg} already exists and is not an empty folder`);
  const base = basename(dir);
  const name = base.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'game_$1') || 'game';
  const title = (titleArg ?? base.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())).trim();
  // eslint-disable-next-line no-control-regex -- control characters are what a title may not hold
  if (title.length < 1 || [...title].length > 64 || /["\\{}\u0000-\u001f\u007f-\u009f]/.test(title)) throw new UsageError(`the title must be 1-64 characters without quotes, backslashes, braces or control characters, got '${escapeControl(title)}'`);
  const pkg = packageInfo();
  const templates = join(pkg.root, 'templates');
  const game = gameFile(lang, name);
  const vars: Record<string, string> = {
    name,
    title,
    titleBytes: String(new TextEncoder().encode(title).length),
    game,
    version: `^${pkg.version}`,
    vitest: pkg.devDependencies['vitest'] ?? '*',
  };
  mkdirSync(dir, { recursive: true });
  copyTemplate(join(templates, lang), dir, vars);
  copyTemplate(join(templates, 'common'), dir, vars);
  if (lang === 'rust') {
    // The SDK travels with the project: no registry, no path into node_modules.
    const sdk = join(pkg.root, 'games', 'sdk');
    mkdirSync(join(dir, 'arcade-sdk'));
    for (const part of ['Cargo.toml', 'README.md', 'src']) cpSync(join(sdk, part), join(dir, 'arcade-sdk', part), { recursive: true });
  }
  return { dir, lang, name, title, game };
}

const command: Command = {
  summary: 'create a game project (Rust, C or WAT) with a build, a dev loop and a replay test',
  usage,
  async run(args) {
    const p = parseArgs(args, ['--lang', '--title'], []);
    if (p.positional.length !== 1) throw new UsageError('expected one <dir>');
    const lang = String(p.flags.get('--lang') ?? 'rust');
    if (!(LANGUAGES as readonly string[]).includes(lang)) throw new UsageError(`unknown language '${lang}' (expected ${LANGUAGES.join(', ')})`);
    const title = p.flags.get('--title');
    const project = createProject(p.positional[0], lang as Language, typeof title === 'string' ? title : undefined);
    const rel = relative(process.cwd(), project.dir) || '.';
    console.log(
      [
        `Created ${project.title} (${lang}) in ${rel}`,
        '',
        'Next:',
        `  cd ${rel}`,
        '  npm install        # arcade and vitest for this project',
        '  npm run dev        # build, play in the browser, rebuild and reload on every save',
        '  npm run record     # a recording from tests/replays/start.script',
        '  npm test           # replay every recording against the current build',
        '',
        `The README in ${rel} says more; the game is built to ${project.game}.`,
      ].join('\n'),
    );
    return 0;
  },
};

export default command;
