// Every recording under test/replays is a test case, on every engine (a
// missing JIT is printed as a skip). Re-bless after an intended change with
// `arcade replay <game.wasm> <recording> --update`.
import { defineReplayTests } from '../../src/testing/replays';
import { TEST_OPTIONS } from '../host/engines';

defineReplayTests({
  dir: 'test/replays',
  extras: TEST_OPTIONS,
  // On the platform's reference WebAssembly (ARCADE_TEST_PLATFORM_WASM=1) there is only one engine.
  engines: TEST_OPTIONS.wasmApi ? ['interp'] : ['interp', 'jit'],
});
