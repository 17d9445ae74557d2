// `arcade check <game.wasm>`: validates the module and the game contract
// (arcade.game section, imports, exports) without running any of the game.
import { UsageError, type Command } from '../index.ts';
import { parseArgs } from './args.ts';
import { ABI_VERSION, HOST_IMPORTS, IMPORT_MODULE } from '../../host/abi.ts';
import { checkGame, SessionStopped } from '../../host/session.ts';
import { formatFuncType } from '../../host/signatures.ts';
import { escapeControl as safe } from '../../host/escape.ts';
import { FileError, readBinaryFile } from '../files.ts';

const usage = `Usage: arcade check <game.wasm>

Checks that a file is a valid WebAssembly module and a valid Wasm Arcade game
(ABI v${ABI_VERSION}: the arcade.game section, imports and exports; docs/abi.md),
without running it. Prints the game's metadata, the host functions it imports
and its exports. Exit code 1, with the reason, if it is not.`;

const command: Command = {
  summary: 'validate a game file against the ABI without running it',
  usage,
  async run(args) {
    const p = parseArgs(args, [], []);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const [file] = p.positional;
    let bytes: Uint8Array;
    try {
      bytes = readBinaryFile(file);
    } catch (err) {
      if (!(err instanceof FileError)) throw err;
      console.error(`arcade check: ${err.message}`);
      return 1;
    }
    try {
      const { contract, imports, exports } = await checkGame(bytes);
      const { meta } = contract;
      const lines = [
        `${file}: OK — a valid ABI v${meta.abi} game`,
        `  title        ${safe(meta.title)}`,
        `  screen       ${meta.width}×${meta.height}`,
      ];
      if (meta.author !== undefined) lines.push(`  author       ${safe(meta.author)}`);
      if (meta.description !== undefined) lines.push(`  description  ${safe(meta.description)}`);
      lines.push(`  imports      ${contract.importsUsed.length} of ${HOST_IMPORTS.length} host functions`);
      for (const i of imports) lines.push(`    ${safe(`${i.module}.${i.name}`)} ${i.type ? formatFuncType(i.type) : ''}`.trimEnd());
      const unused = HOST_IMPORTS.filter((f) => !contract.importsUsed.includes(f.name)).map((f) => `${IMPORT_MODULE}.${f.name}`);
      if (unused.length) lines.push(`    (not used: ${unused.join(', ')})`);
      lines.push('  exports');
      for (const name of contract.exports) {
        const e = exports.find((x) => x.name === name)!;
        lines.push(`    ${name} ${e.kind === 'function' && e.type ? formatFuncType(e.type) : `(${e.kind})`}`);
      }
      if (contract.extraExports.length) lines.push(`    (ignored: ${contract.extraExports.map((n) => safe(n)).join(', ')})`);
      console.log(lines.join('\n'));
      return 0;
    } catch (err) {
      if (err instanceof SessionStopped) {
        console.error(`${file}: ${err.info.kind === 'load' ? '' : 'not a valid Wasm Arcade game: '}${safe(err.info.message)}`);
        return 1;
      }
      throw err;
    }
  },
};

export default command;
