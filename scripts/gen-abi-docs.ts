// Regenerates the reference tables in docs/abi.md from src/host/abi.ts (the
// one source of truth), between `<!-- gen:NAME -->` and `<!-- /gen:NAME -->`
// markers. Run after changing abi.ts:
//
//   npx tsx scripts/gen-abi-docs.ts          # rewrite docs/abi.md
//   npx tsx scripts/gen-abi-docs.ts --check  # exit 1 if it is out of date
//
// test/host/abi-docs.test.ts fails when the doc and abi.ts disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ABI_VERSION,
  FIXED_DT,
  GAME_EXPORTS,
  GAME_META_KEYS,
  HOST_IMPORTS,
  IMPORT_MODULE,
  KEY_CODES,
  KEY_NAMES,
  META_SECTION,
  TEXT_ADVANCE,
  TICKS_PER_SECOND,
  type AbiParam,
} from '../src/host/abi';

export const ABI_DOC = fileURLToPath(new URL('../docs/abi.md', import.meta.url));

const cell = (s: string) => s.replace(/\|/g, '\\|');
const wat = (params: readonly AbiParam[], results: readonly string[]) =>
  `(func${params.length ? ` (param ${params.map((p) => p.type).join(' ')})` : ''}${results.length ? ` (result ${results.join(' ')})` : ''})`;
const rustSig = (name: string, params: readonly AbiParam[]) => `fn ${name}(${params.map((p) => `${p.name}: ${p.rust}`).join(', ')})`;

function paramList(params: readonly AbiParam[]): string {
  return params.map((p) => `\`${p.name}\`: ${cell(p.doc)}`).join('<br>');
}

function imports(): string {
  const rows = HOST_IMPORTS.map(
    (f) => `| \`${IMPORT_MODULE}.${f.name}\` | \`${wat(f.params, f.results)}\`<br>\`${rustSig(f.name, f.params)}\` | ${cell(f.doc)} | ${paramList(f.params) || '—'} |`,
  );
  return ['| import | signature (wasm / Rust) | what it does | parameters |', '|---|---|---|---|', ...rows].join('\n');
}

function exports(): string {
  const rows = GAME_EXPORTS.map((e) => {
    const sig = e.kind === 'memory' ? 'memory' : `\`${wat(e.params ?? [], e.results ?? [])}\`<br>\`extern "C" ${rustSig(e.name, e.params ?? [])}\``;
    return `| \`${e.name}\` | ${e.required ? 'required' : 'optional'} | ${sig} | ${cell(e.doc)} | ${paramList(e.params ?? []) || '—'} |`;
  });
  return ['| export | | signature (wasm / Rust) | when it is called | parameters |', '|---|---|---|---|---|', ...rows].join('\n');
}

function keys(): string {
  const byCode = new Map<number, string[]>();
  for (const [dom, code] of Object.entries(KEY_CODES)) byCode.set(code, [...(byCode.get(code) ?? []), dom]);
  const rows = [...byCode.entries()].sort((a, b) => a[0] - b[0]).map(([code, doms]) => `| ${code} | ${KEY_NAMES[code] ?? '?'} | ${doms.map((d) => `\`${d}\``).join(', ')} |`);
  return ['| code | name | DOM `KeyboardEvent.code` |', '|---:|---|---|', ...rows].join('\n');
}

function meta(): string {
  const rows = GAME_META_KEYS.map((k) => `| \`${k.key}\` | ${k.required ? 'required' : 'optional'} | ${cell(k.doc)} |`);
  return ['| key | | meaning |', '|---|---|---|', ...rows].join('\n');
}

function constants(): string {
  return [
    '| constant | value |',
    '|---|---|',
    `| ABI version (\`ABI_VERSION\`) | ${ABI_VERSION} |`,
    `| import module (\`IMPORT_MODULE\`) | \`${IMPORT_MODULE}\` |`,
    `| metadata section (\`META_SECTION\`) | \`${META_SECTION}\` |`,
    `| ticks per second (\`TICKS_PER_SECOND\`) | ${TICKS_PER_SECOND} |`,
    `| update's dt (\`FIXED_DT\`, as f32) | 1/${TICKS_PER_SECOND} = ${Math.fround(FIXED_DT)} |`,
    `| text advance (\`TEXT_ADVANCE\`) | ${TEXT_ADVANCE} × size per character |`,
  ].join('\n');
}

export const SECTIONS: Record<string, () => string> = { constants, imports, exports, keys, meta };

/** `text` with every generated block replaced by its current content. Throws if a marker is missing. */
export function renderAbiDoc(text: string): string {
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- gen:${name} -->`;
    const end = `<!-- /gen:${name} -->`;
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`docs/abi.md lacks the ${begin} … ${end} markers`);
    text = `${text.slice(0, a + begin.length)}\n<!-- generated from src/host/abi.ts by scripts/gen-abi-docs.ts; do not edit -->\n${render()}\n${text.slice(b)}`;
  }
  return text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const current = readFileSync(ABI_DOC, 'utf8');
  const next = renderAbiDoc(current);
  if (process.argv.includes('--check')) {
    if (current !== next) {
      console.error('docs/abi.md is out of date with src/host/abi.ts: run `npx tsx scripts/gen-abi-docs.ts`');
      process.exitCode = 1;
    }
  } else if (current !== next) {
    writeFileSync(ABI_DOC, next);
    console.log('docs/abi.md updated');
  } else {
    console.log('docs/abi.md is up to date');
  }
}
