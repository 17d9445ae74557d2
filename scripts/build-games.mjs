#!/usr/bin/env node
// npm run build:games — builds every game crate in the games/ workspace for
// wasm32-unknown-unknown with Debian's rustc/cargo and copies each result to
// games/<name>/<name>.wasm (committed next to its source).
//
//   node scripts/build-games.mjs            build all games
//   node scripts/build-games.mjs breakout   build only these
//   node scripts/build-games.mjs --check    build, but only compare with the
//                                           committed .wasm (exit 1 if stale)
//
// After building, each .wasm is checked: it must import only `env.*`
// functions and carry an `arcade.game` section; its size and title are printed.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmCrate, checkToolchain, CargoWasmError } from './lib/cargo-wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gamesDir = path.join(root, 'games');

/** Game crates: games/<name>/Cargo.toml declaring a cdylib. (The SDK is an rlib.) */
function findGames() {
  return readdirSync(gamesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'target')
    .map((d) => d.name)
    .filter((name) => {
      const toml = path.join(gamesDir, name, 'Cargo.toml');
      return existsSync(toml) && /crate-type\s*=\s*\[[^\]]*"cdylib"/.test(readFileSync(toml, 'utf8'));
    })
    .sort();
}

function readLeb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [result, pos];
  }
}

/** Import names and custom sections of a module (just enough for a sanity check). */
function inspect(bytes) {
  const imports = [];
  const custom = new Map();
  let pos = 8;
  const text = (start, len) => new TextDecoder().decode(bytes.subarray(start, start + len));
  while (pos < bytes.length) {
    const id = bytes[pos++];
    let size;
    [size, pos] = readLeb(bytes, pos);
    const end = pos + size;
    if (id === 0) {
      let [len, p] = readLeb(bytes, pos);
      custom.set(text(p, len), bytes.subarray(p + len, end));
    } else if (id === 2) {
      let [count, p] = readLeb(bytes, pos);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = readLeb(bytes, p);
        const mod = text(p, len);
        p += len;
        [len, p] = readLeb(bytes, p);
        const name = text(p, len);
        p += len;
        const kind = bytes[p++];
        imports.push({ mod, name, kind });
        if (kind === 0) [, p] = readLeb(bytes, p);
        else break; // only functions are expected; the check below reports it
      }
    }
    pos = end;
  }
  return { imports, custom };
}

// HOST_IMPORTS of src/host/abi.ts (v1, then v2); `arcade check` is the full check.
const HOST_FUNCS = new Set([
  'clear', 'draw_rect', 'draw_circle', 'draw_line', 'draw_text', 'log',
  'set_transform', 'draw_polygon', 'draw_circle_outline', 'image_create', 'image_free', 'draw_image',
  'tone', 'sound_create', 'sound_play', 'sound_stop', 'save_write', 'save_read',
]);

async function main() {
  const check = process.argv.includes('--check');
  const wanted = process.argv.slice(2).filter((a) => a !== '--check');
  const games = findGames().filter((g) => wanted.length === 0 || wanted.includes(g));
  for (const w of wanted) if (!findGames().includes(w)) throw new CargoWasmError(`no game crate games/${w}/ (with crate-type = ["cdylib"])`);
  const { rustcVersion, cargoVersion } = await checkToolchain();
  console.log(`build:games: ${rustcVersion}, ${cargoVersion}, ${games.length} game(s): ${games.join(', ')}`);

  let problems = 0;
  for (const name of games) {
    const outFile = path.join(gamesDir, name, `${name}.wasm`);
    const { wasmFiles } = await buildWasmCrate(path.join(gamesDir, name), check ? {} : { outFile });
    const bytes = readFileSync(check ? wasmFiles[0] : outFile);
    if (check && !(existsSync(outFile) && readFileSync(outFile).equals(bytes))) {
      problems++;
      console.error(`  ✗ games/${name}/${name}.wasm is not what its sources build to; run npm run build:games and commit it`);
    }
    const { imports, custom } = inspect(bytes);
    const bad = imports.filter((i) => i.mod !== 'env' || i.kind !== 0 || !HOST_FUNCS.has(i.name));
    const meta = custom.get('arcade.game');
    const title = meta ? /^title=(.*)$/m.exec(new TextDecoder().decode(meta))?.[1] : undefined;
    console.log(`  games/${name}/${name}.wasm  ${bytes.length.toLocaleString('en-US')} bytes  "${title ?? '?'}"`);
    if (bad.length) {
      problems++;
      console.error(`  ✗ ${name}: imports outside the host ABI: ${bad.map((i) => `${i.mod}.${i.name}`).join(', ')}`);
    }
    if (!meta) {
      problems++;
      console.error(`  ✗ ${name}: no arcade.game custom section (use arcade_sdk::game_meta!)`);
    }
  }
  if (problems) process.exit(1);
}

main().catch((err) => {
  if (err instanceof CargoWasmError) {
    console.error(`build:games: ${err.message}`);
    if (err.output) console.error(err.output);
    process.exit(1);
  }
  throw err;
});
