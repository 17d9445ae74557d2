// Headless replay speed of the golden recordings (issue #5: ≥ 100× real time
// on the JIT). A benchmark, never a timed test:
//
//   npx tsx bench/replay.ts                  # every recording in test/replays, every engine
//   npx tsx bench/replay.ts --engine interp --runs 5
//
// Prints, per recording and engine, the median replay time and frames/s as a
// multiple of real time (60 frames/s), plus the cost of the checks alone.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replayFile } from '../src/node/recording-io';
import type { EngineName } from '../src/host/protocol';
import { parseRecording } from '../src/host/recording';
import { findRecordings } from '../src/testing/replays';
import { median } from './lib/harness';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const engines = (flag('--engine')?.split(',') ?? ['interp', 'jit']) as EngineName[];
const runs = Number(flag('--runs') ?? 3);
const root = resolve(import.meta.dirname, '..');

console.log(`replay speed, median of ${runs} runs (real time = 60 frames/s)`);
for (const file of findRecordings(join(root, 'test/replays'))) {
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const parsed = parseRecording(text, { source: file });
  const parseMs = performance.now() - t0;
  const gamePath = parsed.header.gamePath;
  if (!gamePath) continue;
  const wasm = new Uint8Array(readFileSync(join(root, gamePath)));
  const name = file.slice(root.length + 1);
  console.log(`\n${name}: ${parsed.frames.length} frames (${(parsed.frames.length / 60).toFixed(1)} s of play), ${(text.length / 1024).toFixed(0)} KiB, parsed in ${parseMs.toFixed(0)} ms`);
  for (const engine of engines) {
    const times: number[] = [];
    try {
      for (let r = 0; r < runs; r++) {
        const res = await replayFile({ game: gamePath, recording: name, wasm, parsed, engine, anyBuild: true });
        if (!res.result.ok) throw new Error(`replay does not match:\n${res.report}`);
        times.push(res.seconds);
      }
    } catch (error) {
      console.log(`  ${engine.padEnd(6)} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const s = median(times);
    const fps = parsed.frames.length / s;
    console.log(`  ${engine.padEnd(6)} ${(s * 1000).toFixed(0).padStart(6)} ms  ${fps.toFixed(0).padStart(6)} frames/s  ${(fps / 60).toFixed(1).padStart(6)}× real time${fps / 60 >= 100 ? '' : '  (target ≥ 100× on the JIT)'}`);
  }
}
