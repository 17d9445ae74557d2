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
  APP_KEYS,
  AUDIO_BUDGET_BYTES,
  GAMEPAD_AXES,
  GAMEPAD_BUTTON_NAMES,
  GAMEPAD_BUTTONS,
  GAMEPAD_DEAD_ZONE,
  IMAGE_BUDGET_BYTES,
  IMAGE_FLAGS,
  IMAGE_FORMATS,
  MAX_GAMEPADS,
  MAX_IMAGE_SIDE,
  MAX_IMAGES,
  MAX_POLYGON_POINTS,
  MAX_SAVE_BYTES,
  MAX_SOUND_SECONDS,
  MAX_SOUNDS,
  POINTER_BUTTONS,
  SOUND_CHANNELS,
  SUPPORTED_ABI_VERSIONS,
  TONE_WAVES,
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

const rustResult = (results: readonly string[]) => (results.length ? ` -> ${results[0] === 'i32' ? 'u32' : 'f32'}` : '');

function importRows(version: number): string {
  const rows = HOST_IMPORTS.filter((f) => (f.since ?? 1) === version).map(
    (f) => `| \`${IMPORT_MODULE}.${f.name}\` | \`${wat(f.params, f.results)}\`<br>\`${rustSig(f.name, f.params)}${rustResult(f.results)}\` | ${cell(f.doc)} | ${paramList(f.params) || '—'} |`,
  );
  return ['| import | signature (wasm / Rust) | what it does | parameters |', '|---|---|---|---|', ...rows].join('\n');
}

const imports = () => importRows(1);
const imports2 = () => importRows(2);

function exports(): string {
  const rows = GAME_EXPORTS.map((e) => {
    const sig = e.kind === 'memory' ? 'memory' : `\`${wat(e.params ?? [], e.results ?? [])}\`<br>\`extern "C" ${rustSig(e.name, e.params ?? [])}\``;
    return `| \`${e.name}\` | ${e.required ? 'required' : e.since ? `optional, v${e.since}` : 'optional'} | ${sig} | ${cell(e.doc)} | ${paramList(e.params ?? []) || '—'} |`;
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
  const rows = GAME_META_KEYS.map((k) => `| \`${k.key}\` | ${k.required ? 'required' : k.since ? `optional, v${k.since}` : 'optional'} | ${cell(k.doc)} |`);
  return ['| key | | meaning |', '|---|---|---|', ...rows].join('\n');
}

function constants(): string {
  return [
    '| constant | value |',
    '|---|---|',
    `| newest ABI version (\`ABI_VERSION\`) | ${ABI_VERSION} (a game may declare ${SUPPORTED_ABI_VERSIONS.join(' or ')}) |`,
    `| import module (\`IMPORT_MODULE\`) | \`${IMPORT_MODULE}\` |`,
    `| metadata section (\`META_SECTION\`) | \`${META_SECTION}\` |`,
    `| ticks per second (\`TICKS_PER_SECOND\`) | ${TICKS_PER_SECOND} |`,
    `| update's dt (\`FIXED_DT\`, as f32) | 1/${TICKS_PER_SECOND} = ${Math.fround(FIXED_DT)} |`,
    `| text advance (\`TEXT_ADVANCE\`) | ${TEXT_ADVANCE} × size per character |`,
  ].join('\n');
}

const mib = (n: number) => `${n} (${n / 1024 / 1024} MiB)`;

function constants2(): string {
  const named = (r: Readonly<Record<string, number>>) => Object.entries(r).map(([k, v]) => `${v} = \`${k}\``).join(', ');
  return [
    '| constant | value |',
    '|---|---|',
    `| \`IMAGE_FORMATS\` (image_create's format) | ${named(IMAGE_FORMATS)} |`,
    `| \`IMAGE_FLAGS\` (draw_image's flags) | ${named(IMAGE_FLAGS)} |`,
    `| \`MAX_IMAGE_SIDE\` | ${MAX_IMAGE_SIDE} pixels |`,
    `| \`MAX_IMAGES\` (alive at once) | ${MAX_IMAGES} |`,
    `| \`IMAGE_BUDGET_BYTES\` (RGBA bytes, 4 per pixel, of the images alive) | ${mib(IMAGE_BUDGET_BYTES)} |`,
    `| \`MAX_POLYGON_POINTS\` | ${MAX_POLYGON_POINTS} |`,
    `| \`SOUND_CHANNELS\` | ${SOUND_CHANNELS} (0 to ${SOUND_CHANNELS - 1}) |`,
    `| \`TONE_WAVES\` (tone's wave) | ${named(TONE_WAVES)} |`,
    `| \`MAX_SOUNDS\` (samples per session) | ${MAX_SOUNDS} |`,
    `| \`MAX_SOUND_SECONDS\` (longest sample) | ${MAX_SOUND_SECONDS} |`,
    `| \`AUDIO_BUDGET_BYTES\` (PCM bytes, 2 per sample, per session) | ${mib(AUDIO_BUDGET_BYTES)} |`,
    `| \`MAX_SAVE_BYTES\` | ${MAX_SAVE_BYTES} (64 KiB) |`,
    `| \`POINTER_BUTTONS\` | ${POINTER_BUTTONS}: 0 left / touch, 1 middle, 2 right, 3 back, 4 forward |`,
    `| \`MAX_GAMEPADS\` | ${MAX_GAMEPADS} |`,
    `| \`GAMEPAD_BUTTONS\`, \`GAMEPAD_AXES\` | ${GAMEPAD_BUTTONS}, ${GAMEPAD_AXES} (the standard mapping) |`,
    `| \`GAMEPAD_DEAD_ZONE\` | ${GAMEPAD_DEAD_ZONE} |`,
  ].join('\n');
}

function gamepad(): string {
  const rows = GAMEPAD_BUTTON_NAMES.map((name, i) => `| ${i} | ${name} |`);
  return ['| button | standard mapping |', '|---:|---|', ...rows].join('\n');
}

function appkeys(): string {
  const rows = Object.entries(APP_KEYS).map(([code, what]) => `| \`${code}\` | ${cell(what)} |`);
  return ['| key (`KeyboardEvent.code`) | what the app does with it |', '|---|---|', ...rows].join('\n');
}

export const SECTIONS: Record<string, () => string> = { constants, imports, imports2, constants2, exports, keys, appkeys, gamepad, meta };

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
