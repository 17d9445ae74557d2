// The browser side of `npm run bench:floor -- --browser`: bench/floor.ts
// bundles this file (with our engine) into one script for a Chromium page,
// where it runs the same measurement as in Node.
import { measure, measureI64, measureSimd, ourJit, ourJitI64, type Row } from './measure';

declare global {
  var benchFloor: (wasm: number[], reps: number, runs: number) => Row[];
  var benchFloorI64: (wasm: number[], n: number, runs: number) => Row[];
  var benchFloorSimd: (wasm: number[], n: number, runs: number) => Row[];
}

globalThis.benchFloor = (wasm, reps, runs) => {
  const bytes = new Uint8Array(wasm);
  return measure(bytes, reps, runs, [ourJit(bytes)]);
};

globalThis.benchFloorI64 = (wasm, n, runs) => {
  const bytes = new Uint8Array(wasm);
  return measureI64(bytes, n, runs, [ourJitI64(bytes)]);
};

globalThis.benchFloorSimd = (wasm, n, runs) => {
  const bytes = new Uint8Array(wasm);
  return measureSimd(bytes, n, runs, [ourJitI64(bytes)]);
};
