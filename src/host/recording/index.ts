// Recorded-input regression tests (issue #5): format, writer, parser,
// replayer and input scripts. Environment-free; file access lives in
// src/cli/commands/{record,replay}.ts and src/testing/.
export * from './format';
export * from './drawtext';
export * from './sha256';
export * from './writer';
export * from './parser';
export * from './replayer';
export * from './script';
export * from './recorder';
export * from './live';
