// Every recording under tests/replays (*.rec, *.rec.gz) is replayed against
// the game you just built, on both of Wasm Arcade's engines. A recording made
// with an earlier build passes as long as the game draws the same frames; when
// it does not, the failure names the first frame that differs, the draw calls
// and the input that led there, and writes expected.png, actual.png and
// diff.png of that frame next to the recording.
//
// Make a recording: npm run record (from tests/replays/start.script), or press
// F9 in `arcade dev` and save the file here. Accept an intended change:
// npx arcade replay {{game}} tests/replays/<file>.rec --update
import { defineReplayTests } from 'wasm-arcade/testing';

defineReplayTests({ dir: 'tests/replays', game: '{{game}}' });
