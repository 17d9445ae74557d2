import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/runtime/binary/decode.ts';
import { demangle } from '../../src/runtime/binary/demangle.ts';
import { Reader } from '../../src/runtime/binary/reader.ts';
import { rawModule, uleb } from './wat.ts';

describe('Rust symbol demangling for stack traces', () => {
  it('turns legacy mangled symbols into paths without the hash', () => {
    expect(demangle('_ZN10arcade_sdk3sys9draw_rect17h7d3c618e94e14ebfE')).toBe('arcade_sdk::sys::draw_rect');
    expect(demangle('_ZN4core3ptr36drop_in_place$LT$breakout..World$GT$17hd4a7f08a60e97fb8E')).toBe('core::ptr::drop_in_place<breakout::World>');
    expect(demangle('_ZN8dlmalloc8dlmalloc17Dlmalloc$LT$A$GT$4free17hc162d4563cf6e25bE')).toBe('dlmalloc::dlmalloc::Dlmalloc<A>::free');
    expect(demangle('_ZN71_$LT$core..ops..range..Range$LT$Idx$GT$$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE'))
      .toBe('<core::ops::range::Range<Idx> as core::fmt::Debug>::fmt');
  });

  it('leaves other names alone', () => {
    expect(demangle('update')).toBe('update');
    expect(demangle('_ZN3foo')).toBe('_ZN3foo');
    expect(demangle('_ZN99fooE')).toBe('_ZN99fooE');
  });
});

/** A name section's contents: the function-name subsection of `entries`, then `extra` raw bytes. */
function nameSection(entries: [number, string][], extra: number[] = []): number[] {
  const enc = new TextEncoder();
  const body = [...uleb(entries.length)];
  for (const [idx, name] of entries) {
    const b = [...enc.encode(name)];
    body.push(...uleb(idx), ...uleb(b.length), ...b);
  }
  const label = [...enc.encode('name')];
  return [...uleb(label.length), ...label, 1, ...uleb(body.length), ...body, ...extra];
}

/** Three functions of type [] -> []; func 1 exported as "one" and "uno", func 2 as "two". */
function moduleWithNames(...customs: number[][]): Uint8Array {
  return rawModule(
    [1, [1, 0x60, 0, 0]],
    [3, [3, 0, 0, 0]],
    [7, [3, 3, 0x6f, 0x6e, 0x65, 0, 1, 3, 0x75, 0x6e, 0x6f, 0, 1, 3, 0x74, 0x77, 0x6f, 0, 2]],
    [10, [3, 2, 0, 0x0b, 2, 0, 0x0b, 2, 0, 0x0b]],
    ...customs.map((c): [number, number[]] => [0, c]),
  );
}

/** The names as the decoder read them before they were made lazy: every entry read and demangled at decode. */
function eagerNames(bytes: Uint8Array): Map<number, string> {
  const m = decodeModule(bytes);
  const names = new Map<number, string>();
  for (const c of m.customs) {
    if (c.name !== 'name') continue;
    try {
      const r = new Reader(c.bytes);
      while (!r.eof()) {
        const id = r.u8();
        const end = r.u32() + r.pos;
        if (id === 1) for (let i = 0, n = r.u32(); i < n; i++) names.set(r.u32(), demangle(r.name()));
        r.pos = end;
      }
    } catch {
      // (lenient, as the decoder)
    }
  }
  for (const e of m.exports) if (e.kind === 'func' && !names.has(e.index)) names.set(e.index, e.name);
  return names;
}

describe('function names (ModuleIR.funcNames), read when first needed', () => {
  it('demangles a name-section name when it is read, falls back to the first export name', () => {
    const names = decodeModule(moduleWithNames(nameSection([[0, '_ZN8breakout4Ball4step17h0123456789abcdefE'], [1, 'plain']]))).funcNames;
    expect(names.get(0)).toBe('breakout::Ball::step');
    expect(names.get(0)).toBe('breakout::Ball::step');
    expect(names.get(1)).toBe('plain');
    expect(names.get(2)).toBe('two');
    expect(names.get(3)).toBeUndefined();
    expect(names.has(2)).toBe(true);
    expect(names.has(3)).toBe(false);
    expect(decodeModule(moduleWithNames()).funcNames.get(1)).toBe('one');
  });

  it('lets a later entry win and keeps the names before a malformed entry', () => {
    const later = decodeModule(moduleWithNames(nameSection([[0, 'first'], [0, 'second']]))).funcNames;
    expect(later.get(0)).toBe('second');
    // the count says 3 but the third entry runs off the end: the first two stay
    const broken = nameSection([[0, 'a'], [2, 'b'], [1, 'c']]);
    broken.splice(broken.length - 2, 2);
    const m = decodeModule(moduleWithNames(broken));
    expect([m.funcNames.get(0), m.funcNames.get(2), m.funcNames.get(1)]).toEqual(['a', 'b', 'one']);
    // a second name section still counts after a broken first one
    const two = decodeModule(moduleWithNames(broken, nameSection([[1, 'fixed']]))).funcNames;
    expect([two.get(0), two.get(1)]).toEqual(['a', 'fixed']);
  });

  it('gives every bundled program and game the names the eager read gave', () => {
    const dirs = ['games', 'bench/programs'];
    let checked = 0;
    for (const dir of dirs) {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, d.name, `${d.name}.wasm`);
        if (!d.isDirectory() || !existsSync(file)) continue;
        const bytes = new Uint8Array(readFileSync(file));
        const expected = eagerNames(bytes);
        const m = decodeModule(bytes);
        for (let i = 0; i < m.funcs.length; i++) expect(m.funcNames.get(i)).toBe(expected.get(i));
        checked += expected.size;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
