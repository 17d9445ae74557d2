// Timers exist in every environment src/host runs in (Electron's utility
// process, a Web Worker, the CLI), but the runner never calls the globals: the
// adapter passes them in (RunnerEnv) so tests can drive time by hand. These
// declarations only let src/host name their types.

declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;
