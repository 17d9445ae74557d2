// The layering rule is only worth something if it actually fires: lint small
// snippets as if they lived in each layer and check the verdicts.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer lint rules', () => {
  it('rejects Node built-ins in src/runtime and src/host', async () => {
    expect((await lint('src/runtime/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).join('\n')).toMatch(/no-restricted-imports/);
    expect((await lint('src/host/x.ts', "import path from 'path';\nexport const p = path;\n")).join('\n')).toMatch(/no-restricted-imports/);
  });
  it('rejects electron and pixi.js in src/host', async () => {
    expect((await lint('src/host/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).join('\n')).toMatch(/Electron/);
    expect((await lint('src/host/x.ts', "import { Sprite } from 'pixi.js';\nexport const s = Sprite;\n")).join('\n')).toMatch(/renderer/);
  });
  it('rejects imports of higher layers', async () => {
    expect((await lint('src/runtime/x.ts', "import { a } from '../host/abi';\nexport const b = a;\n")).join('\n')).toMatch(/higher/);
    expect((await lint('src/host/x.ts', "import { a } from '../renderer/app';\nexport const b = a;\n")).join('\n')).toMatch(/higher/);
  });
  it('lets src/host import src/runtime', async () => {
    expect(await lint('src/host/x.ts', "import { a } from '../runtime/index';\nexport const b = a;\n")).toEqual([]);
  });
  it('rejects DOM-only globals and the platform WebAssembly', async () => {
    expect((await lint('src/host/x.ts', 'export const w = document.title;\n')).join('\n')).toMatch(/no-restricted-globals/);
    expect((await lint('src/runtime/x.ts', 'export const m = WebAssembly.Module;\n')).join('\n')).toMatch(/our engine/);
    expect((await lint('src/renderer/x.ts', 'export const m = WebAssembly.Module;\n')).join('\n')).toMatch(/our engine/);
  });
});
