// `arcade <command> [...]`: each command lives in src/cli/commands/<name>.ts
// and exports a Command. Add new ones to COMMANDS below.
import { readFileSync } from 'node:fs';

export interface Command {
  /** One line for `arcade help`. */
  readonly summary: string;
  /** Usage text shown by `arcade help <command>` and on bad arguments. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Thrown for bad command-line arguments: printed with the command's usage. */
export class UsageError extends Error {}

type Loader = () => Promise<Command>;

const COMMANDS: Record<string, Loader> = {
  check: async () => (await import('./commands/check.ts')).default,
  run: async () => (await import('./commands/run.ts')).default,
  spec: async () => (await import('./commands/spec.ts')).default,
  record: async () => (await import('./commands/record.ts')).default,
  replay: async () => (await import('./commands/replay.ts')).default,
  new: async () => (await import('./commands/new.ts')).default,
  meta: async () => (await import('./commands/meta.ts')).default,
  dev: async () => (await import('./commands/dev.ts')).default,
  bundle: async () => (await import('./commands/bundle.ts')).default,
  play: async () => (await import('./commands/play.ts')).default,
};

async function help(): Promise<string> {
  const names = Object.keys(COMMANDS).sort();
  const commands = await Promise.all(names.map((name) => COMMANDS[name]()));
  const width = Math.max(...names.map((n) => n.length));
  return [
    'arcade — Wasm Arcade command line',
    '',
    'Usage: arcade <command> [options]',
    '',
    'Commands:',
    ...names.map((name, i) => `  ${name.padEnd(width)}  ${commands[i].summary}`),
    '',
    "Run 'arcade help <command>' for a command's options, 'arcade --version' for the version.",
  ].join('\n');
}

/** The version in package.json (the app, the CLI and the packages share it). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`arcade ${version()}`);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    if (name === 'help' && topic && COMMANDS[topic]) {
      const command = await COMMANDS[topic]();
      console.log(`${command.summary}\n\n${command.usage}`);
      return 0;
    }
    console.log(await help());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`arcade: unknown command '${name}'.\n\n${await help()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`arcade ${name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    throw err;
  }
}
