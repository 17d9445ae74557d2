// `arcade check <game.wasm>`: validates the module and the game contract of
// its host profile (imports, exports, and for native games the arcade.game
// section) without running any of the game; says which profile it matches,
// or for each profile why not (docs/profiles.md).
import { escapeControl as safe } from '../../host/escape.ts';
import { UsageError, type Command } from '../index.ts';
import { parseArgs, profileFlag, readGameArg } from './args.ts';
import { SUPPORTED_ABI_VERSIONS } from '../../host/abi.ts';
import { describeGame, SessionStopped } from '../../host/session.ts';
import { formatFuncType } from '../../host/signatures.ts';
import { detectProfile, matchProfiles, PROFILE_NAMES } from '../../host/profiles/index.ts';
import { ContractError, importsFor, type GameContract, type ModuleInfo } from '../../host/game.ts';
import type { HostProfile } from '../../host/profiles/index.ts';

const usage = `Usage: arcade check <game.wasm> [--profile P]

Checks that a file is a valid WebAssembly module and a valid game for one of
the host profiles (${PROFILE_NAMES.join(', ')}; docs/profiles.md) without running
it: for Wasm Arcade's own ABI (v${SUPPORTED_ABI_VERSIONS.join(' or v')}, as the game declares)
the arcade.game section, imports and exports (docs/abi.md), reporting every
problem found, one per line. Prints the profile it matches, the game's metadata, the
host functions it imports and its exports. Exit code 1 if it matches no
profile, with each profile's reason.

  --profile P   check against this profile only`;

const command: Command = {
  summary: 'validate a game file against the ABI without running it',
  usage,
  async run(args) {
    const p = parseArgs(args, ['--profile'], []);
    if (p.positional.length !== 1) throw new UsageError('expected one <game.wasm>');
    const [file] = p.positional;
    const forced = profileFlag(p);
    const bytes = readGameArg('check', file);
    if (!bytes) return 1;
    let info: ModuleInfo;
    try {
      info = await describeGame(bytes);
    } catch (err) {
      if (err instanceof SessionStopped) {
        console.error(`${file}: ${safe(err.info.message)}`);
        return 1;
      }
      throw err;
    }
    try {
      const { profile, contract } = detectProfile(info, forced);
      console.log(report(file, profile, contract, info));
      return 0;
    } catch (err) {
      if (!(err instanceof ContractError)) throw err;
      const chosen = forced ?? matchProfiles(info).find((m) => m.claims)?.profile.name;
      const lines = chosen
        ? [`${file}: not a valid Wasm Arcade game: ${err.message}`]
        : [`${file}: not a valid Wasm Arcade game: it matches none of the host profiles`];
      if (forced === undefined) {
        lines.push(chosen ? `  (the module looks written for the ${chosen} profile; the other profiles:)` : '  (the module looks written for none of the profiles; how each one sees it:)');
        for (const m of matchProfiles(info)) {
          if (m.profile.name === chosen) continue;
          lines.push(`  ${m.profile.name.padEnd(10)} ${m.reason !== undefined ? safe(m.reason, true) : 'matches'}`);
        }
      }
      console.error(lines.join('\n'));
      return 1;
    }
  },
};

function report(file: string, profile: HostProfile, contract: GameContract, info: ModuleInfo): string {
  const { meta } = contract;
  const lines = [
    `${file}: OK — ${profile.describe(contract)}`,
    `  profile      ${profile.name}: ${profile.summary}`,
    `  title        ${safe(meta.title)}`,
    `  screen       ${meta.width}×${meta.height}`,
  ];
  if (meta.author !== undefined) lines.push(`  author       ${safe(meta.author)}`);
  if (meta.description !== undefined) lines.push(`  description  ${safe(meta.description)}`);
  if (meta.id !== undefined) lines.push(`  id           ${meta.id}`);
  if (meta.scaling !== undefined) lines.push(`  scaling      ${meta.scaling}`);
  if (meta.score !== undefined) lines.push(`  score        ${meta.score.type}@${meta.score.offset} in the save data (the library's best score)`);
  // a native game is offered the imports of the ABI version it declares
  const declared = profile.name === 'native' ? new Set(importsFor(meta.abi).map((f) => f.name)) : undefined;
  const functions = profile.provides.filter((f) => f.signature.startsWith('(func') && (!declared || declared.has(f.name)));
  lines.push(`  imports      ${contract.importsUsed.length} of ${functions.length} host functions`);
  for (const i of info.imports) lines.push(`    ${safe(`${i.module}.${i.name}`)} ${i.type ? formatFuncType(i.type) : `(${i.kind})`}`.trimEnd());
  const unused = functions.filter((f) => !contract.importsUsed.includes(f.name)).map((f) => `${f.module}.${f.name}`);
  if (unused.length) lines.push(`    (not used: ${unused.join(', ')})`);
  lines.push('  exports');
  for (const name of contract.exports) {
    const e = info.exports.find((x) => x.name === name)!;
    lines.push(`    ${safe(name)} ${e.kind === 'function' && e.type ? formatFuncType(e.type) : `(${e.kind})`}`);
  }
  if (contract.extraExports.length) lines.push(`    (ignored: ${contract.extraExports.map((n) => safe(n)).join(', ')})`);
  const others = matchProfiles(info).filter((m) => m.profile.name !== profile.name && m.contract);
  if (others.length) lines.push(`  also matches ${others.map((m) => m.profile.name).join(', ')} (choose with --profile)`);
  return lines.join('\n');
}

export default command;
