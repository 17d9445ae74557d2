// Command-line options of the bench scripts: node:util's parseArgs, with
// `--help` printing the script's usage and an unknown or malformed option
// reported as one line and the usage (exit 2), not as a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** parseArgs(config) over this process's arguments, for the script `name` (as in `npm run <name>`). */
export function benchArgs<T extends ParseArgsConfig>(name: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}
