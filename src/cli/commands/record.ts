// `arcade record`: plays a scripted input file into a recording (CI-made golden recordings).
import { escapeControl as safe } from '../../host/escape.ts';
import { UsageError, type Command } from '../index.ts';
import { recordFromScript } from '../../node/recording-io.ts';
import { engineFlag, limitUsage, parseArgs, profileFlag, takeLimitFlags, uintFlag } from './args.ts';
import { DEFAULT_MEMORY_EVERY, RecordingError, ScriptError } from '../../host/recording/index.ts';
import { SessionStopped } from '../../host/session.ts';
import { FileError, readBytes } from '../../node/files.ts';
import { PROFILE_NAMES } from '../../host/profiles/index.ts';

const usage = `Usage: arcade record <game.wasm> <script> [-o out.rec] [--seed N] [--engine interp|jit]
                     [--memory-every N] [--draws delta|none] [--profile P] [--log] [--save FILE]
                     [--limit KEY=N]...

Runs the game headless with the key events of an input script and writes a
recording (docs/recording.md), one line per frame as it goes. If the game
stops (trap, contract breach, watchdog), the recording ends with that stop
and the input of the frame it happened in, so 'arcade replay' reproduces it;
the exit status is then 1.

  <script>           input script: wait N, press KEY, release KEY, tap KEY,
                     hold KEY N, until FRAME, repeat N { ... } (docs/recording.md)
  -o, --out FILE     where to write (default: the script's path with .rec);
                     a name ending in .gz (x.rec.gz) is written gzip-compressed
  --seed N           seed passed to init (default 1)
  --engine E         jit (default) or interp; every engine must give the same recording
  --memory-every N   linear-memory checkpoint interval in frames (default ${DEFAULT_MEMORY_EVERY})
  --save FILE        ABI v2: start the game with FILE's bytes as its save data
                     (kept in the recording's header, so replays need no file)
  --draws MODE       delta (default): keep draw calls as per-frame edits so replays
                     can show the calls that differ; none: checksums only
  --profile P        host profile: ${PROFILE_NAMES.join(', ')} (default: detected;
                     the recording stores it and replays use it; docs/profiles.md)
  ${limitUsage('for this recording;\n                     the recording stores it and replays run under it', 21)}
  --log              print the game's log() lines`;

export const command: Command = {
  summary: 'record a scripted input file into a replayable recording',
  usage,
  async run(args) {
    const { rest, values: limits } = takeLimitFlags(args);
    const p = parseArgs(rest, ['-o', '--out', '--seed', '--engine', '--memory-every', '--draws', '--profile', '--save'], ['--log']);
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
        profile: profileFlag(p),
        save: p.flags.has('--save') ? readBytes(String(p.flags.get('--save')), 'save file') : undefined,
        limits,
        onLog: p.flags.has('--log') ? (f, m) => console.error(`[frame ${f}] ${safe(m)}`) : undefined,
      });
      if (s.stop) {
        // The recording is complete: it ends with the stop, which `arcade replay` reproduces.
        console.error(
          `arcade record: ${game}: ${safe(s.stop.info.message)}; ${out} ends with this stop after ${s.frames} complete frame${s.frames === 1 ? '' : 's'} (arcade replay reproduces it)`,
        );
        return 1;
      }
      console.log(`${out}: ${s.frames} frames (${(s.frames / 60).toFixed(1)} s of play), ${(s.bytes / 1024).toFixed(1)} KiB, ${safe(s.header.title)} seed ${s.header.seed}`);
      return 0;
    } catch (err) {
      if (err instanceof SessionStopped) {
        const n = (err.info.frame ?? 1) - 1;
        const kept = n > 0 ? `; the ${n} frame${n === 1 ? '' : 's'} before it ${n === 1 ? 'is' : 'are'} in ${out}.partial` : '';
        console.error(`arcade record: ${game}: ${safe(err.info.message)}${kept}`);
        return 1;
      }
      if (err instanceof ScriptError || err instanceof RecordingError || err instanceof FileError) {
        console.error(`arcade record: ${safe(err.message, true)}`);
        return 1;
      }
      throw err;
    }
  },
};
export default command;
