// Text a game controls (its title, export and function names, log lines, trap
// messages naming its functions) may hold control characters: escape
// sequences that recolour or clear a terminal, carriage returns and newlines
// that forge `[frame N]` or `stopped` lines, bidirectional overrides that
// reorder what is shown. escapeControl() makes such text safe to print: each
// of those characters becomes a visible escape (`\n`, `\x1b`, `\u202e`).
// The CLI passes everything a game controls through it before printing; the
// host uses it where game-controlled names enter messages (wasm stacks,
// contract errors), so the same messages are safe in the app too.

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi marks, embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- these are exactly the characters to find
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- these are exactly the characters to find
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character escaped. With `keepNewlines`, `\n` stays
 * (for multi-line reports whose lines the host composed itself).
 */
export function escapeControl(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE_BUT_NEWLINE : UNSAFE, escapeOne);
}
