// Test helper: assembles WebAssembly text with wabt's wat2wasm (CI installs
// the Debian `wabt` package), keeping names (--debug-names) for stack traces.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;
let n = 0;

export function wat(src: string, ...flags: string[]): Uint8Array<ArrayBuffer> {
  dir ??= mkdtempSync(join(tmpdir(), 'runtime-test-'));
  const base = join(dir, `m${n++}`);
  writeFileSync(`${base}.wat`, src);
  execFileSync('wat2wasm', ['--debug-names', ...flags, `${base}.wat`, '-o', `${base}.wasm`], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(`${base}.wasm`));
}

/** Builds a module from raw section bytes: [id, ...content] pairs, sizes filled in. */
export function rawModule(...sections: [number, number[]][]): Uint8Array<ArrayBuffer> {
  const out = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [id, content] of sections) out.push(id, ...uleb(content.length), ...content);
  return new Uint8Array(out);
}

export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
