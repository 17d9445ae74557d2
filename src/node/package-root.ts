// Where the wasm-arcade package is on disk: a checkout of the repository, or
// node_modules/wasm-arcade after `npm install`. The CLI runs from src/ in one
// and from dist-node/ (bundled, other depths) in the other, so it is found by
// walking up to our package.json rather than by a fixed relative path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly root: string;
  readonly version: string;
  readonly devDependencies: Record<string, string>;
}

let cached: PackageInfo | undefined;

export function packageInfo(from = fileURLToPath(import.meta.url)): PackageInfo {
  if (cached) return cached;
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; devDependencies?: Record<string, string> };
      if (pkg.name === 'wasm-arcade') return (cached = { root: dir, version: pkg.version ?? '0.0.0', devDependencies: pkg.devDependencies ?? {} });
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the wasm-arcade package above ${from}`);
  }
}
