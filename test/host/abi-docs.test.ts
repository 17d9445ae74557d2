// docs/abi.md's reference tables are generated from src/host/abi.ts; this
// fails when someone changes one without the other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABI_DOC, renderAbiDoc, SECTIONS } from '../../scripts/gen-abi-docs';
import { HOST_IMPORTS, GAME_EXPORTS, GAME_META_KEYS } from '../../src/host/abi';

describe('docs/abi.md', () => {
  const doc = readFileSync(ABI_DOC, 'utf8');

  it('is up to date with src/host/abi.ts (run `npx tsx scripts/gen-abi-docs.ts`)', () => {
    expect(renderAbiDoc(doc)).toBe(doc);
  });

  it('has every generated section and names every import, export and metadata key', () => {
    for (const name of Object.keys(SECTIONS)) expect(doc).toContain(`<!-- gen:${name} -->`);
    for (const f of HOST_IMPORTS) expect(doc).toContain(`\`env.${f.name}\``);
    for (const e of GAME_EXPORTS) expect(doc).toContain(`| \`${e.name}\` |`);
    for (const k of GAME_META_KEYS) expect(doc).toContain(`| \`${k.key}\` |`);
  });

  it('detects a stale table', () => {
    const stale = doc.replace('| `env.log` |', '| `env.print` |');
    expect(renderAbiDoc(stale)).not.toBe(stale);
  });
});
