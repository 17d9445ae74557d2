// Every recording under test/replays is a test case, on both engines. Re-bless after an intended change with
// `arcade replay <game.wasm> <recording> --update`.
import { defineReplayTests } from '../../src/testing/replays';
import { TEST_OPTIONS } from '../host/engines';

defineReplayTests({
  dir: 'test/replays',
  extras: TEST_OPTIONS,
  engines: ['interp', 'jit'],
});
