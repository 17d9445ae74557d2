// bench:coremark --browser: bundled (esbuild, IIFE) into a blank Chromium page,
// which calls this with the module's bytes. A page has no CPU clock: CoreMark
// gets the wall clock there.
import { coremarkScore } from './score';

(globalThis as { coremarkScore?: unknown }).coremarkScore = (name: Parameters<typeof coremarkScore>[0], bytes: number[]) =>
  coremarkScore(name, Uint8Array.from(bytes), () => performance.now());
