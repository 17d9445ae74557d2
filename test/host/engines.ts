// Session options every host test spreads into GameSession.create. Games run
// on our engine (src/runtime), exactly as in the app; this is the one place to
// add test-wide options.
import type { SessionOptions } from '../../src/host/session';

export const TEST_OPTIONS: Partial<SessionOptions> = {};
