// `arcade replay`: re-runs a recording headless and checks every frame.
import { escapeControl as safe } from '../../host/escape.ts';
import { UsageError, type Command } from '../index.ts';
import { ReplayError, replayFile } from '../../node/recording-io.ts';
import { engineFlag, limitUsage, parseArgs, takeLimitFlags } from './args.ts';
import { CHECKSUM, RecordingError } from '../../host/recording/index.ts';
import { SessionStopped } from '../../host/session.ts';
import { FileError } from '../../node/files.ts';
import { failureDir } from '../../node/pictures.ts';

const usage = `Usage: arcade replay <game.wasm> <recording> [--engine interp|jit] [--update] [--exact-build]
                     [--partial] [--log] [--pictures DIR] [--limit KEY=N]...

Replays a recording (docs/recording.md) headless and compares each frame's
draw-list checksum and every memory checkpoint. On a mismatch it exits 1 and
names the first divergent frame, the draw calls that differ (expected vs got)
and the input that led there. A recording that ends with a stop (a recording
of a crash) passes when the same kind of stop happens in the same frame.

  --engine E     jit (default) or interp (the reference engine)
  --update       deliberately rewrite the recording's checksums (and game hash)
                 with this run's, keeping its input; says what changed
  --exact-build  require the build the recording was made with (its SHA-256).
                 By default a rebuilt game is replayed and compared by behaviour
                 (draw lists and stops; memory checkpoints only for the same
                 build), with a note that the build changed
  --pictures DIR where a failing replay writes expected.png, actual.png and
                 diff.png of the first divergent frame (default: next to the
                 recording, in <recording>.failure/)
  --partial      replay the complete frames of a truncated recording
  ${limitUsage('for this replay;\n                 a replay runs under the limits it was recorded with, and this\n                 one wins over the stored one and says so (frames may then differ)', 17)}
  --log          print the game's log() lines`;

export const command: Command = {
  summary: 'replay a recording headless and report the first frame that differs',
  usage,
  async run(args) {
    // --any-build is the default now; still accepted so older scripts keep working.
    const { rest, values: limits } = takeLimitFlags(args);
    const p = parseArgs(rest, ['--engine', '--pictures'], ['--update', '--exact-build', '--any-build', '--partial', '--log']);
    if (p.positional.length !== 2) throw new UsageError('expected <game.wasm> and <recording>');
    const [game, recording] = p.positional;
    const progress = progressPrinter();
    try {
      const r = await replayFile({
        game,
        recording,
        engine: engineFlag(p),
        anyBuild: !p.flags.has('--exact-build'),
        partial: p.flags.has('--partial'),
        update: p.flags.has('--update'),
        limits,
        onProgress: progress.update,
        pictures: String(p.flags.get('--pictures') ?? failureDir(recording)),
        onLog: p.flags.has('--log') ? (f, m) => console.error(`[frame ${f}] ${safe(m)}`) : undefined,
      });
      progress.done();
      for (const n of r.notes) console.error(`note: ${safe(n)}`);
      if (r.recording.truncation) console.error(`note: ${r.recording.truncation}`);
      const speed = r.seconds > 0 ? ` (${Math.round(r.result.framesRun / 60 / r.seconds)}× real time)` : '';
      const timing = `on ${r.engine} in ${r.seconds.toFixed(2)} s${speed}`;
      if (p.flags.has('--update')) {
        const stopNote = r.result.expectedStop && r.result.stopReproduced ? `, and frame ${r.result.expectedStop.frame} stops again as recorded (${r.result.expectedStop.kind})` : '';
        if (!r.updated) console.log(`${recording}: unchanged: ${r.result.framesRun} frames already match${stopNote} ${timing}`);
        else if (r.result.otherChecksum && r.result.ok)
          console.log(
            `${recording}: re-checksummed from ${r.result.otherChecksum} to ${CHECKSUM}; ${r.result.framesRun} frames run ${timing}${r.recording.header.draws === 'delta' ? ', and every frame draws the calls it stores' : ' (draws: none: nothing to compare them with)'}${stopNote}`,
          );
        else if (r.result.ok) console.log(`${recording}: updated the header (game build); all ${r.result.framesRun} frames matched${stopNote} ${timing}`);
        else {
          const res = r.result;
          const span = res.changedFrames > 0 ? `: ${res.changedFrames} of ${res.framesRun} frames draw differently now (frames ${res.draw?.frame}–${res.lastChangedFrame})` : '';
          console.log(`${recording}: updated ${res.framesRun} frames ${timing}${span}. The first change:\n${safe(r.report, true)}`);
        }
        return 0;
      }
      if (r.result.ok) {
        const rec = r.recording;
        const checkpoints = rec.frames.filter((f) => f.memoryHash !== undefined).length + (rec.trailer ? 1 : 0) + (rec.header.initMemory !== undefined ? 1 : 0);
        const res = r.result;
        if (res.expectedStop && res.stopReproduced) {
          const frames = res.framesRun - 1;
          console.log(
            `${recording}: ok: ${frames} frames (${(frames / 60).toFixed(1)} s of play) ${timing}; every draw list and ${checkpoints} memory checkpoint${checkpoints === 1 ? '' : 's'} match, and frame ${res.expectedStop.frame} stops again as recorded, with a ${res.expectedStop.kind}: ${safe(res.stopped?.message ?? res.expectedStop.message)}`,
          );
          return 0;
        }
        console.log(`${recording}: ok: ${r.result.framesRun} frames (${(r.result.framesRun / 60).toFixed(1)} s of play) ${timing}; every draw list and ${checkpoints} memory checkpoint${checkpoints === 1 ? '' : 's'} match`);
        return 0;
      }
      console.error(safe(r.report, true));
      if (r.pictures) console.error(`pictures of frame ${r.result.draw?.frame}: ${r.pictures.files.join(', ')} (${r.pictures.differing} pixels differ)`);
      console.error(`(run 'arcade replay ${game} ${recording} --update' if the change is intended)`);
      return 1;
    } catch (err) {
      progress.done();
      if (err instanceof SessionStopped) {
        console.error(`arcade replay: ${game}: ${safe(err.info.message)}`);
        return 1;
      }
      if (err instanceof RecordingError || err instanceof ReplayError || err instanceof FileError) {
        console.error(`arcade replay: ${safe(err.message, true)}`);
        return 1;
      }
      throw err;
    }
  },
};

/** Progress on stderr for replays longer than a second: a rewritten line on a terminal, a line per 2 s otherwise. */
function progressPrinter(): { update: (frame: number, total: number) => void; done: () => void } {
  const start = performance.now();
  let last = start;
  let shown = false;
  const tty = process.stderr.isTTY === true;
  return {
    update(frame, total) {
      const now = performance.now();
      if (now - start < 1000 || now - last < (tty ? 100 : 2000) || frame >= total) return;
      last = now;
      shown = true;
      const line = `replaying: frame ${frame}/${total} (${Math.floor((frame / total) * 100)}%)`;
      if (tty) process.stderr.write(`\r${line}`);
      else process.stderr.write(`${line}\n`);
    },
    done() {
      if (shown && tty) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
export default command;
