// `arcade record`: plays a scripted input file into a recording (CI-made golden recordings).
import { UsageError, type Command } from '../index.ts';
import { recordFromScript } from '../recording-io.ts';
import { engineFlag, parseArgs, uintFlag } from './args.ts';
import { RecordingError, ScriptError } from '../../host/recording/index.ts';
import { SessionStopped } from '../../host/session.ts';
import { escapeControl } from '../../host/escape.ts';
import { FileError } from '../files.ts';

const usage = `Usage: arcade record <game.wasm> <script> [-o out.rec] [--seed N] [--engine interp|jit]
                     [--memory-every N] [--draws delta|none] [--log]

Runs the game headless with the key events of an input script and writes a
recording (docs/recording.md), one line per frame as it goes. If the game
stops (trap, contract breach, watchdog), the recording ends with that stop
and the input of the frame it happened in, so 'arcade replay' reproduces it;
the exit status is then 1.

  <script>           input script: wait N, press KEY, release KEY, tap KEY,
                     hold KEY N, until FRAME, repeat N { ... } (docs/recording.md)
  -o, --out FILE     where to write (default: the script's path with .rec)
  --seed N           seed passed to init (default 1)
  --engine E         jit (default) or interp; every engine must give the same recording
  --memory-every N   linear-memory checkpoint interval in frames (default 60)
  --draws MODE       delta (default): keep draw calls as per-frame edits so replays
                     can show the calls that differ; none: checksums only
  --log              print the game's log() lines`;

export const command: Command = {
  summary: 'record a scripted input file into a replayable recording',
  usage,
  async run(args) {
    const p = parseArgs(args, ['-o', '--out', '--seed', '--engine', '--memory-every', '--draws'], ['--log']);
    if (p.positional.length !== 2) throw new UsageError('expected <game.wasm> and <script>');
    const [game, script] = p.positional;
    const draws = p.flags.get('--draws');
    if (draws !== undefined && draws !== 'delta' && draws !== 'none') throw new UsageError(`--draws must be delta or none, got '${String(draws)}'`);
    const out = String(p.flags.get('-o') ?? p.flags.get('--out') ?? script.replace(/(\.[^./\\]*)?$/, '.rec'));
    if (out === script) throw new UsageError('the output would overwrite the script; pass -o');
    try {
      const s = await recordFromScript({
        game,
        script,
        out,
        seed: uintFlag(p, '--seed'),
        engine: engineFlag(p),
        memoryEvery: uintFlag(p, '--memory-every', 1, 1_000_000),
        draws: draws as 'delta' | 'none' | undefined,
        onLog: p.flags.has('--log') ? (f, m) => console.error(`[frame ${f}] ${escapeControl(m)}`) : undefined,
      });
      if (s.stop) {
        // The recording is complete: it ends with the stop, which `arcade replay` reproduces.
        console.error(
          `arcade record: ${game}: ${escapeControl(s.stop.info.message)}; ${out} ends with this stop after ${s.frames} complete frame${s.frames === 1 ? '' : 's'} (arcade replay reproduces it)`,
        );
        return 1;
      }
      console.log(`${out}: ${s.frames} frames (${(s.frames / 60).toFixed(1)} s of play), ${(s.bytes / 1024).toFixed(1)} KiB, ${escapeControl(s.header.title)} seed ${s.header.seed}`);
      return 0;
    } catch (err) {
      if (err instanceof SessionStopped) {
        const n = (err.info.frame ?? 1) - 1;
        const kept = n > 0 ? `; the ${n} frame${n === 1 ? '' : 's'} before it ${n === 1 ? 'is' : 'are'} in ${out}.partial` : '';
        console.error(`arcade record: ${game}: ${escapeControl(err.info.message)}${kept}`);
        return 1;
      }
      if (err instanceof ScriptError || err instanceof RecordingError || err instanceof FileError) {
        console.error(`arcade record: ${escapeControl(err.message)}`);
        return 1;
      }
      if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        console.error(`arcade record: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};
export default command;
