// `arcade meta <game.wasm> key=value...`: writes the arcade.game custom
// section into any module (from wat2wasm, a C toolchain without the section
// trick, another language's compiler), keeping the keys it already has.
import { escapeControl as safe } from '../../host/escape.ts';
import { UsageError, type Command } from '../index.ts';
import { parseArgs } from './args.ts';
import { ABI_VERSION, GAME_META_KEYS, META_SECTION } from '../../host/abi.ts';
import { parseMeta } from '../../host/game.ts';
import { FileError, readGame, writeFileAtomic } from '../../node/files.ts';
import { customSections, setCustomSection, WasmFormatError } from '../../node/wasm-sections.ts';

const keys = GAME_META_KEYS.map((k) => k.key);

const usage = `Usage: arcade meta <game.wasm> [key=value]... [-o out.wasm]

Writes the ${META_SECTION} custom section (docs/abi.md) into a WebAssembly
module, replacing the one it has: keys it already declares stay unless given
again, abi=${ABI_VERSION} is added if missing. With no key=value, prints the
section. The result is checked as the host checks it before it is written.

  key=value      one of: ${GAME_META_KEYS.map((k) => `${k.key}${k.required ? '' : ' (optional)'}`).join(', ')};
                 quote values with spaces: "title=My Game"
  -o, --out F    write to F instead of changing <game.wasm> in place`;

const command: Command = {
  summary: `write the ${META_SECTION} section (title, screen size…) into any .wasm module`,
  usage,
  async run(args) {
    const p = parseArgs(args, ['-o', '--out'], []);
    const [file, ...pairs] = p.positional;
    if (!file) throw new UsageError('expected <game.wasm>');
    const given = new Map<string, string>();
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`expected key=value, got '${pair}'`);
      const key = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!keys.includes(key)) throw new UsageError(`unknown key '${key}' (known keys: ${keys.join(', ')})`);
      if (/[\n\r]/.test(value)) throw new UsageError(`${key}: a value is one line`);
      given.set(key, value);
    }
    try {
      const bytes = readGame(file);
      const existing = customSections(bytes, META_SECTION);
      const current = new Map<string, string>();
      for (const section of existing) {
        for (const line of new TextDecoder().decode(section).replace(/\0+$/, '').split('\n')) {
          const eq = line.indexOf('=');
          if (eq > 0) current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
        }
      }
      if (given.size === 0) {
        if (existing.length === 0) {
          console.error(`${file}: no ${META_SECTION} section; add one with: arcade meta ${file} "title=My Game" width=160 height=120`);
          return 1;
        }
        console.log(safe(existing.map((s) => new TextDecoder().decode(s)).join('\n').trimEnd(), true));
        return 0;
      }
      const merged = new Map([...current, ...given]);
      if (!merged.has('abi')) merged.set('abi', String(ABI_VERSION));
      const order = [...keys, ...[...merged.keys()].filter((k) => !keys.includes(k))];
      const text = order.filter((k) => merged.has(k)).map((k) => `${k}=${merged.get(k)}\n`).join('');
      const payload = new TextEncoder().encode(text);
      try {
        parseMeta(payload);
      } catch (err) {
        console.error(`arcade meta: ${file}: not written: ${safe((err as Error).message, true)}`);
        return 1;
      }
      const out = String(p.flags.get('-o') ?? p.flags.get('--out') ?? file);
      writeFileAtomic(out, setCustomSection(bytes, META_SECTION, payload));
      console.log(`${out}: ${META_SECTION} ${safe(text.trimEnd().split('\n').join(', '))}`);
      return 0;
    } catch (err) {
      if (err instanceof FileError || err instanceof WasmFormatError) {
        console.error(`arcade meta: ${err instanceof WasmFormatError ? `${file}: ` : ''}${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};

export default command;
