// Runs the `arcade` CLI in-process for tests, capturing what it prints.
import { vi } from 'vitest';
import { main } from '../../src/cli/index';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** Every printed line, stdout then stderr. */
  readonly lines: string[];
}

export async function arcade(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n'), lines: [...out, ...err].join('\n').split('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
