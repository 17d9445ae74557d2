// Which WebAssembly implementation the host tests run games on.
// The shipped session always uses our engine (src/runtime); until it could run
// games these tests injected the platform's WebAssembly here.
import type { SessionOptions } from '../../src/host/session';
import type { WasmApi } from '../../src/host/engine';

const usePlatform = process.env.ARCADE_TEST_PLATFORM_WASM === '1';

/** Spread into GameSession.create options. */
export const TEST_OPTIONS: Pick<SessionOptions, 'wasmApi'> = usePlatform ? { wasmApi: WebAssembly as unknown as WasmApi } : {};
