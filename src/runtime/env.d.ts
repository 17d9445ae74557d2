// The only globals src/runtime and src/host may rely on: each exists in
// the desktop game host's worker, a Web Worker, a browser page and Node.
// Add to this list only what all of those environments provide.

interface TextDecoderOptions { fatal?: boolean; ignoreBOM?: boolean }
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
