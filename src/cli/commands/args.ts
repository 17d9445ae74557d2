// Flag parsing and the small things every `arcade` command does alike.
import { UsageError } from '../index.ts';
import { PROFILE_NAMES, type ProfileName } from '../../host/profiles/index.ts';
import { FileError, readGame } from '../../node/files.ts';
import { LIMIT_KEYS, limitsFromKeys, parseLimitOverride, type GameLimits } from '../../host/limits.ts';

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

/** `valued` flags take a value (`--seed 3` or `--seed=3`); the others are switches. */
export function parseArgs(args: readonly string[], valued: readonly string[], switches: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(flag)) {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      flags.set(flag, v);
    } else if (switches.includes(flag) && eq < 0) {
      flags.set(flag, true);
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return { positional, flags };
}

export function uintFlag(p: ParsedArgs, flag: string, min = 0, max = 0xffffffff): number | undefined {
  const v = p.flags.get(flag);
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, got '${String(v)}'`);
  return Number(v);
}

export function engineFlag(p: ParsedArgs): 'interp' | 'jit' | undefined {
  const v = p.flags.get('--engine');
  if (v === undefined) return undefined;
  if (v !== 'interp' && v !== 'jit') throw new UsageError(`unknown engine '${String(v)}' (expected interp or jit)`);
  return v;
}

/** `--profile NAME`: run the game with this host profile instead of the detected one (docs/profiles.md). */
export function profileFlag(p: ParsedArgs): ProfileName | undefined {
  const v = p.flags.get('--profile');
  if (v === undefined) return undefined;
  if (!(PROFILE_NAMES as readonly unknown[]).includes(v)) throw new UsageError(`unknown profile '${String(v)}' (expected ${PROFILE_NAMES.join(', ')})`);
  return v as ProfileName;
}

/** The usage line for --profile. */
export const PROFILE_USAGE = `--profile P         host profile: ${PROFILE_NAMES.join(', ')} (default: detected
                      from the module's imports and exports; docs/profiles.md)`;

/** A game file's bytes, or undefined after printing why it cannot be read (`arcade <command>: <file>: no such game file`). */
export function readGameArg(command: string, file: string): Uint8Array | undefined {
  try {
    return readGame(file);
  } catch (err) {
    if (!(err instanceof FileError)) throw err;
    console.error(`arcade ${command}: ${err.message}`);
    return undefined;
  }
}

/** Resolves once Ctrl+C (SIGINT) or SIGTERM arrives and `close` has run: for commands that serve until stopped. */
export function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The usage lines for --limit (`indent`: where the description column starts). */
export function limitUsage(what = 'for this run', indent = 22): string {
  const pad = ' '.repeat(indent);
  return `--limit KEY=N${' '.repeat(Math.max(1, indent - 15))}override one of the game's resource limits ${what};
${pad}repeatable; KEY: ${LIMIT_KEYS.map((k) => k.key).join(', ')}
${pad}(the game's own arcade.game keys; docs/abi.md, "Resource limits")`;
}
export const LIMIT_USAGE = limitUsage();

/** `--limit KEY=N` may repeat, so it is collected before the shared parser sees the rest. */
export function takeLimitFlags(args: readonly string[]): { rest: string[]; limits: Partial<GameLimits>; values: Record<string, number> } {
  const rest: string[] = [];
  const values: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--limit(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      rest.push(args[i]);
      continue;
    }
    const value = m[1] ?? args[++i];
    if (value === undefined) throw new UsageError('--limit needs KEY=N');
    try {
      const [key, n] = parseLimitOverride(value);
      values[key] = n;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { rest, limits: limitsFromKeys(values), values };
}
