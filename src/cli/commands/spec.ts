// `arcade spec`: runs the WebAssembly spec testsuite (wast2json output) on our engine.
import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../index.ts';
import { countsLine, formatFileReport, subtotalsLine, toJson } from '../spec/report.ts';
import type { SpecEngine } from '../spec/engine.ts';
import { runSpecSuite } from '../spec/runner.ts';
import { loadRuntimeEngine, RUNTIME_ENGINES, type RuntimeEngineName } from '../spec/runtime-engine.ts';

const usage = `Usage: arcade spec <dir|file.json> [--engine interp|jit] [--filter NAME]... [--no-simd] [--max-failures N] [--json]

Runs wast2json command files (e.g. ../shared/wasm-spec-2.0: one folder per .wast)
on our engine and prints, per file, its counts and one line per failure
(file.json:LINE: reason), then a last line 'N passed, N failed, N skipped'.
Every assertion and every module/register/action command counts once; only
text-format (.wat) modules are skipped. Exits 1 when anything failed.

  <dir|file.json>     a folder of spec folders, one spec folder, or one NAME.json
  --engine E          interp (default) or jit
  --filter NAME       only files named NAME ('*' matches anything, e.g. 'simd_*',
                      'memory*'); repeat or separate with commas for several
  --no-simd           skip the simd_* files
  --max-failures N    print at most N failures per file (all are counted)
  --json              print a JSON report on stdout instead (the counts line goes to stderr)`;

interface Options {
  target: string;
  engine: RuntimeEngineName;
  filter: string[];
  noSimd: boolean;
  json: boolean;
  maxFailures: number;
}

function parseArgs(args: string[]): Options {
  const options: Partial<Options> & { filter: string[] } = { filter: [], noSimd: false, json: false, maxFailures: Infinity, engine: 'interp' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--engine': {
        const engine = value();
        if (!RUNTIME_ENGINES.includes(engine as RuntimeEngineName)) throw new UsageError(`unknown engine '${engine}' (expected ${RUNTIME_ENGINES.join(' or ')})`);
        options.engine = engine as RuntimeEngineName;
        break;
      }
      case '--filter':
        options.filter.push(...value().split(',').filter(Boolean));
        break;
      case '--no-simd':
        options.noSimd = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--max-failures': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--max-failures needs a whole number');
        options.maxFailures = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        if (options.target !== undefined) throw new UsageError(`unexpected argument '${arg}'`);
        options.target = arg;
    }
  }
  if (options.target === undefined) throw new UsageError('missing <dir>');
  return options as Options;
}

/** The command, over any way of loading an engine (tests pass a reference engine). */
export function createSpecCommand(loadEngine: (name: RuntimeEngineName) => Promise<SpecEngine>): Command {
  return {
    summary: 'run the WebAssembly spec testsuite (wast2json output) on our engine',
    usage,
    async run(args) {
      const options = parseArgs(args);
      if (!existsSync(options.target)) {
        console.error(`arcade spec: ${options.target} does not exist`);
        return 2;
      }
      let engine;
      try {
        engine = await loadEngine(options.engine);
      } catch (err) {
        console.error(`arcade spec: cannot load engine '${options.engine}': ${err instanceof Error ? err.message : String(err)}`);
        return 2;
      }
      const suite = runSpecSuite(engine, options.target, {
        filter: options.filter,
        noSimd: options.noSimd,
        onFile: options.json ? undefined : (report) => console.log(formatFileReport(report, options.maxFailures).join('\n')),
      });
      if (suite.files.length === 0) {
        console.error(`arcade spec: no command files${options.filter.length ? ` named ${options.filter.join(', ')}` : ''} under ${options.target}`);
        console.error(countsLine(suite));
        return 2;
      }
      if (options.json) {
        console.log(JSON.stringify(toJson(suite, options.target), null, 2));
        console.error(countsLine(suite));
      } else {
        const split = subtotalsLine(suite);
        if (split) console.log(split);
        console.log(countsLine(suite));
      }
      return suite.failed > 0 ? 1 : 0;
    },
  };
}

export default createSpecCommand(loadRuntimeEngine);
