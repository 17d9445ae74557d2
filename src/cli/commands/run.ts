// `arcade run <game.wasm>`: runs a game headless for N frames on our engine
// and prints what happened: log lines, the final checksums and any stop.
import { escapeControl as safe } from '../../host/escape.ts';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hashBytes, visitDrawList } from '../../host/drawlist.ts';
import { ImageStore } from '../../host/raster.ts';
import { UsageError, type Command } from '../index.ts';
import { writeFileAtomic } from '../../node/files.ts';
import { defaultScale, drawListPicture, encodePng } from '../../node/pictures.ts';
import { engineFlag, LIMIT_USAGE, parseArgs, PROFILE_USAGE, profileFlag, readGameArg, takeLimitFlags, uintFlag } from './args.ts';
import { GameSession, SessionStopped, type FrameResult } from '../../host/session.ts';
import { KEY_CODES, KEY_NAMES } from '../../host/abi.ts';

const usage = `Usage: arcade run <game.wasm> [--frames N] [--seed S] [--engine interp|jit]
                  [--budget MS] [--profile P] [--press FRAME:KEY]... [--release FRAME:KEY]... [--quiet]
                  [--save FILE] [--print-save] [--screenshot FRAME out.png]... [--scale N]
                  [--limit KEY=N]...

Runs the game headless (no window) on our WebAssembly engine, exactly as the
app would frame by frame, and prints its log lines, the number of frames run,
the final draw-list and memory checksums, and why it stopped if it did.

  --frames N          frames to run (default 600 = 10 s of play)
  --seed S            seed passed to init (default 1)
  --engine E          jit (default) or interp (the reference engine)
  --budget MS         watchdog: longest a frame (and init) may run (default 2000;
                      init and frame 1: 2500)
  ${PROFILE_USAGE}
  --press FRAME:KEY   press KEY (a code like 32 or a name like Space, ArrowLeft, A)
                      at the start of FRAME; repeatable
  --release FRAME:KEY release KEY at the start of FRAME; repeatable
  --quiet             do not print the game's log lines
  --save FILE         ABI v2 save data: start with FILE's bytes (none if it does not
                      exist) and write the game's save back to it at the end
                      (a new file renamed over the old one)
  --print-save        print the game's save data at the end, as hex
  --screenshot FRAME out.png
                      write a picture of FRAME (what the app would show, drawn
                      headless) as PNG; repeatable; runs at least to FRAME
  --scale N           pixels per game pixel in screenshots (default: the
                      longer side at least 640 pixels)
  ${LIMIT_USAGE}

Exit code 1 if the game stopped (trap, contract breach, watchdog, limit).`;

function keyCode(name: string): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  if (KEY_CODES[name] !== undefined) return KEY_CODES[name];
  for (const [code, n] of Object.entries(KEY_NAMES)) if (n.toLowerCase() === name.toLowerCase()) return Number(code);
  return undefined;
}

/** `--screenshot FRAME out.png` takes two values and may repeat, so it is collected first. */
function takeScreenshots(args: string[]): { rest: string[]; shots: { frame: number; file: string }[] } {
  const rest: string[] = [];
  const shots: { frame: number; file: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--screenshot') {
      rest.push(args[i]);
      continue;
    }
    const frame = args[++i];
    const file = args[++i];
    if (frame === undefined || !/^[0-9]+$/.test(frame) || Number(frame) < 1 || file === undefined || file.startsWith('-'))
      throw new UsageError(`--screenshot needs FRAME (from 1) and out.png, got '${[frame, file].filter((a) => a !== undefined).join(' ')}'`);
    shots.push({ frame: Number(frame), file });
  }
  return { rest, shots };
}

/** `--press`/`--release` may repeat, so they are collected before the shared parser sees the rest. */
function takeKeyFlags(args: string[]): { rest: string[]; events: { frame: number; code: number; down: boolean }[] } {
  const rest: string[] = [];
  const events: { frame: number; code: number; down: boolean }[] = [];
  for (let i = 0; i < args.length; i++) {
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
  return { rest, events };
}

const command: Command = {
  summary: 'run a game headless for N frames and print its log, checksums and any stop',
  usage,
  async run(args) {
    const { rest: afterShots, shots } = takeScreenshots(args);
    const { rest: afterLimits, limits } = takeLimitFlags(afterShots);
    const { rest, events } = takeKeyFlags(afterLimits);
    const p = parseArgs(rest, ['--frames', '--seed', '--engine', '--budget', '--scale', '--profile', '--save'], ['--quiet', '--print-save']);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const [file] = p.positional;
    const frames = Math.max(uintFlag(p, '--frames', 0, 100_000_000) ?? 600, ...shots.map((s) => s.frame));
    const scale = uintFlag(p, '--scale', 1, 16);
    const seed = uintFlag(p, '--seed') ?? 1;
    const engine = engineFlag(p);
    const budget = uintFlag(p, '--budget', 1, 3_600_000);
    const quiet = p.flags.has('--quiet');
    const profile = profileFlag(p);
    const bytes = readGameArg('run', file);
    if (!bytes) return 1;
    const saveFile = p.flags.has('--save') ? String(p.flags.get('--save')) : undefined;
    let saveData: Uint8Array | undefined;
    if (saveFile !== undefined && existsSync(saveFile)) {
      try {
        saveData = new Uint8Array(await readFile(saveFile));
      } catch (err) {
        console.error(`arcade run: --save ${saveFile}: ${(err as Error).message}`);
        return 1;
      }
    }
    const logs = { count: 0 };
    const onLog = (frame: number, message: string) => {
      logs.count++;
      if (!quiet) console.log(`[frame ${frame}] ${safe(message)}`);
    };
    const started = performance.now();
    let session: GameSession;
    try {
      session = await GameSession.create(bytes, { seed, engine, profile, frameBudgetMs: budget, now: () => performance.now(), onLog, saveData, limits });
      if (session.saveProblem) console.error(`arcade run: --save ${saveFile}: ${session.saveProblem}`);
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
    // Images are created in one frame and drawn in later ones: follow them all when a screenshot is wanted.
    const images = shots.length > 0 ? new ImageStore() : undefined;
    for (let f = 1; f <= frames; f++) {
      for (const e of events) if (e.frame === f) session.queueKey(e.code, e.down);
      try {
        last = session.step();
        for (const shot of shots) {
          if (shot.frame !== f) continue;
          const { width, height } = session.meta;
          const picture = drawListPicture(last.drawList, width, height, scale ?? defaultScale(width, height), images?.copy());
          writeFileAtomic(shot.file, encodePng(picture));
          console.log(`${shot.file}: frame ${f}, ${picture.width}×${picture.height}`);
        }
        if (images) visitDrawList(last.drawList, images);
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
        `${safe(session.meta.title)} (${file}) on ${session.engine}, seed ${seed}, profile ${session.profile}`,
        `  frames       ${session.frame} of ${frames} in ${(ms / 1000).toFixed(2)} s${fps} (load ${((loaded - started) / 1000).toFixed(2)} s)`,
        `  draw list    ${last ? `${last.hash} (frame ${last.frame}, ${last.drawList.byteLength} bytes)` : '—'}`,
        `  memory       ${session.memoryHash()} (${session.memorySize} bytes)`,
        `  log lines    ${logs.count}`,
        ...(saveFile !== undefined || p.flags.has('--print-save') ? [`  save         ${session.saveData.length} bytes, ${hashBytes(session.saveData)}`] : []),
      ].join('\n'),
    );
    if (p.flags.has('--print-save')) console.log(hexDump(session.saveData));
    if (saveFile !== undefined) {
      // a new file renamed over the old one: a crash mid-write leaves the previous save
      writeFileAtomic(saveFile, session.saveData);
    }
    if (stop) {
      console.error(`${file}: stopped (${stop.info.kind}) in frame ${stop.info.frame}: ${safe(stop.info.message)}`);
      printStack(stop);
      return 1;
    }
    return 0;
  },
};

/** `00000000  01 02 …` lines, 16 bytes each. */
function hexDump(data: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 16) {
    lines.push(`  ${i.toString(16).padStart(8, '0')}  ${Array.from(data.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  return lines.length ? lines.join('\n') : '  (no save data)';
}

function printStack(err: SessionStopped): void {
  for (const frame of err.info.wasmStack ?? []) console.error(`    at ${safe(frame)}`);
}

export default command;
