// `arcade run <game.wasm>`: runs a game headless for N frames on our engine
// and prints what happened: log lines, the final checksums and any stop.
import { UsageError, type Command } from '../index.ts';
import { engineFlag, parseArgs, uintFlag } from './args.ts';
import { GameSession, SessionStopped, type FrameResult } from '../../host/session.ts';
import { KEY_CODES, KEY_NAMES } from '../../host/abi.ts';
import { escapeControl as safe } from '../../host/escape.ts';
import { parseLimitOverride } from '../../host/limits.ts';
import { FileError, readBinaryFile } from '../files.ts';

const usage = `Usage: arcade run <game.wasm> [--frames N] [--seed S] [--engine interp|jit]
                  [--budget MS] [--limit KEY=N]... [--press FRAME:KEY]... [--release FRAME:KEY]... [--quiet]

Runs the game headless (no window) on our WebAssembly engine, exactly as the
app would frame by frame, and prints its log lines, the number of frames run,
the final draw-list and memory checksums, and why it stopped if it did.

  --frames N          frames to run (default 600 = 10 s of play)
  --seed S            seed passed to init (default 1)
  --engine E          jit (default) or interp (the reference engine)
  --budget MS         watchdog: longest a frame may run (default 1000)
  --limit KEY=N       override a resource limit for this run, e.g.
                      max-draw-commands=500000 (docs/abi.md, Resource limits); repeatable
  --press FRAME:KEY   press KEY (a code like 32 or a name like Space, ArrowLeft, A)
                      at the start of FRAME; repeatable
  --release FRAME:KEY release KEY at the start of FRAME; repeatable
  --quiet             do not print the game's log lines

Exit code 1 if the game stopped (trap, contract breach, watchdog, limit).
Everything the game controls (title, log lines, names) is printed with control
characters escaped (\\x1b, \\n, ...).`;

function keyCode(name: string): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  if (KEY_CODES[name] !== undefined) return KEY_CODES[name];
  for (const [code, n] of Object.entries(KEY_NAMES)) if (n.toLowerCase() === name.toLowerCase()) return Number(code);
  return undefined;
}

/** `--press`/`--release` may repeat, so they are collected before the shared parser sees the rest. */
function takeKeyFlags(args: string[]): { rest: string[]; events: { frame: number; code: number; down: boolean }[]; limits: Record<string, number> } {
  const rest: string[] = [];
  const events: { frame: number; code: number; down: boolean }[] = [];
  const limits: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const l = /^--limit(?:=(.*))?$/.exec(args[i]);
    if (l) {
      try {
        const [key, value] = parseLimitOverride(l[1] ?? args[++i] ?? '');
        limits[key] = value;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      continue;
    }
    const m = /^--(press|release)(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      rest.push(args[i]);
      continue;
    }
    const value = m[2] ?? args[++i];
    const parts = /^([0-9]+):(.+)$/.exec(value ?? '');
    const code = parts ? keyCode(parts[2]) : undefined;
    if (!parts || code === undefined || Number(parts[1]) < 1) throw new UsageError(`--${m[1]} needs FRAME:KEY (frame from 1, key a code or a name like Space), got '${value ?? ''}'`);
    events.push({ frame: Number(parts[1]), code, down: m[1] === 'press' });
  }
  return { rest, events, limits };
}

const command: Command = {
  summary: 'run a game headless for N frames and print its log, checksums and any stop',
  usage,
  async run(args) {
    const { rest, events, limits } = takeKeyFlags(args);
    const p = parseArgs(rest, ['--frames', '--seed', '--engine', '--budget'], ['--quiet']);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const [file] = p.positional;
    const frames = uintFlag(p, '--frames', 0, 100_000_000) ?? 600;
    const seed = uintFlag(p, '--seed') ?? 1;
    const engine = engineFlag(p);
    const budget = uintFlag(p, '--budget', 1, 3_600_000) ?? 1000;
    const quiet = p.flags.has('--quiet');
    let bytes: Uint8Array;
    try {
      bytes = readBinaryFile(file);
    } catch (err) {
      if (!(err instanceof FileError)) throw err;
      console.error(`arcade run: ${err.message}`);
      return 1;
    }
    const logs = { count: 0 };
    const onLog = (frame: number, message: string) => {
      logs.count++;
      if (!quiet) console.log(`[frame ${frame}] ${safe(message)}`);
    };
    const started = performance.now();
    let session: GameSession;
    try {
      session = await GameSession.create(bytes, { seed, engine, frameBudgetMs: budget, now: () => performance.now(), onLog, limits });
    } catch (err) {
      if (err instanceof SessionStopped) {
        console.error(`${file}: stopped (${err.info.kind}): ${safe(err.info.message)}`);
        printStack(err);
        return 1;
      }
      throw err;
    }
    const loaded = performance.now();
    let last: FrameResult | undefined;
    let stop: SessionStopped | undefined;
    for (let f = 1; f <= frames; f++) {
      for (const e of events) if (e.frame === f) session.queueKey(e.code, e.down);
      try {
        last = session.step();
      } catch (err) {
        if (!(err instanceof SessionStopped)) throw err;
        stop = err;
        break;
      }
    }
    const ms = performance.now() - loaded;
    const fps = session.frame > 0 && ms > 0 ? `, ${Math.round((session.frame * 1000) / ms)} frames/s` : '';
    console.log(
      [
        `${safe(session.meta.title)} (${file}) on ${session.engine}, seed ${seed}`,
        `  frames       ${session.frame} of ${frames} in ${(ms / 1000).toFixed(2)} s${fps} (load ${((loaded - started) / 1000).toFixed(2)} s)`,
        `  draw list    ${last ? `${last.hash} (frame ${last.frame}, ${last.drawList.byteLength} bytes)` : '—'}`,
        `  memory       ${session.memoryHash()} (${session.memorySize} bytes)`,
        `  log lines    ${logs.count}`,
      ].join('\n'),
    );
    if (stop) {
      console.error(`${file}: stopped (${stop.info.kind}) in frame ${stop.info.frame}: ${safe(stop.info.message)}`);
      printStack(stop);
      return 1;
    }
    return 0;
  },
};

function printStack(err: SessionStopped): void {
  for (const frame of err.info.wasmStack ?? []) console.error(`    at ${safe(frame)}`);
}

export default command;
