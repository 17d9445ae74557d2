// Fused instructions and lazily read locals (validate/lower.ts keeps a
// local.get as a reference to the local until something writes it; the JIT
// keeps pending expressions). A fused op that is emitted later than the ops
// it absorbed must not move a local's write past a read of that local still
// pending below it: the regression (issue 15) was `if` fusing an
// `i32.add` + compare into its jump after flushing the pending reads, which
// then read the local before the add wrote it. Both engines are checked
// against the platform's WebAssembly: the issue's module and its variants,
// then every fused pattern × each way its value reaches a local × a pending
// read of that local before and after the write × every context that
// materialises pending reads (fusion-gen.ts).
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/runtime/index.ts';
import { wat } from './wat.ts';
import { trapText } from '../support/trap.ts';
import { allCases, ARGS, DUMP_AT, dumpTypes, moduleText, type Case } from './fusion-gen.ts';

const ENGINES = ['interp', 'jit'] as const;
type Fn = (...a: unknown[]) => unknown;

function instances(bytes: Uint8Array<ArrayBuffer>): { name: string; exports: Record<string, unknown> }[] {
  return [
    { name: 'native', exports: new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, unknown> },
    ...ENGINES.map((engine) => ({ name: engine, exports: new Instance(new Module(bytes, { engine })).exports as Record<string, unknown> })),
  ];
}

function outcome(fn: Fn, args: unknown[]): string {
  try {
    const v = fn(...args);
    return `returned ${String(v)}`;
  } catch (e) {
    return `trapped: ${trapText(e)}`;
  }
}

describe('fused ops and pending local reads: the issue 15 module and its variants', () => {
  // f(10) must be 9: the value left below the `if` is the new $p
  const variants: Record<string, string> = {
    'i32.sub, eq, if': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p i32.const 5 i32.eq if end',
    'i32.add': 'local.get $p i32.const -1 i32.add local.set $p local.get $p local.get $p i32.const 5 i32.eq if end',
    'local.tee': 'local.get $p i32.const 1 i32.sub local.tee $p local.get $p i32.const 5 i32.eq if end',
    'i32.lt_s': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p i32.const 5 i32.lt_s if end',
    'if (result i32)': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p i32.const 5 i32.eq if (result i32) i32.const 1 else i32.const 2 end drop',
    'if/else': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p i32.const 5 i32.eq if nop else nop end',
    'compare with a local': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p local.get $q i32.gt_u if end',
    'br_if': 'block local.get $p i32.const 1 i32.sub local.set $p local.get $p local.get $p i32.const 5 i32.eq br_if 1 drop end local.get $p',
    'nothing pending': 'local.get $p i32.const 1 i32.sub local.set $p local.get $p i32.const 5 i32.eq if end local.get $p',
    // the fused add read a stack slot the flush then overwrote with a pending read
    'add of a call result': 'call $id i32.const 1 i32.add local.set $p local.get $q local.get $p i32.const 101 i32.eq if end local.get $p i32.mul',
  };
  const src = `(module
    (func $id (result i32) i32.const 100)
    ${Object.entries(variants).map(([name, body], i) => `(func (export "v${i}") (param $p i32) (param $q i32) (result i32) ;; ${name}\n ${body})`).join('\n')})`;
  const all = instances(wat(src));
  const names = Object.keys(variants);

  it('f(10) is 9 on both engines, as on V8', () => {
    const f = all[1]!.exports.v0 as Fn;
    expect(f(10, 0)).toBe(9);
    expect((all[2]!.exports.v0 as Fn)(10, 0)).toBe(9);
  });

  it.each(names.map((n, i) => [n, i] as const))('%s', (_name, i) => {
    for (const p of [10, 6, 5, 0, -1]) {
      for (const q of [0, 3, 100]) {
        const ref = outcome(all[0]!.exports[`v${i}`] as Fn, [p, q]);
        for (const e of all.slice(1)) expect(outcome(e.exports[`v${i}`] as Fn, [p, q]), `${e.name} v${i}(${p}, ${q})`).toBe(ref);
      }
    }
  });
});

function describeCase(c: Case): string {
  return `${c.pattern.name} → local.${c.write} ${c.target}, pending ${c.pending}${c.cond ? `, cond ${c.cond.name} in ${c.context}` : ''}`;
}

describe('fusion generator: every fused pattern × a pending read of each local it writes, against V8', () => {
  const cases = allCases();
  const CHUNK = 400;
  const chunks: Case[][] = [];
  for (let i = 0; i < cases.length; i += CHUNK) chunks.push(cases.slice(i, i + CHUNK));
  const slots = dumpTypes().length;

  it('generates the patterns the lowering fuses', () => {
    expect(cases.length).toBeGreaterThan(2000);
  });

  it.each(chunks.map((c, i) => [i * CHUNK, i * CHUNK + c.length - 1, c] as const))('cases %i-%i', (first, _last, chunk) => {
    const all = instances(wat(moduleText(chunk)));
    const problems: string[] = [];
    for (let i = 0; i < chunk.length && problems.length < 5; i++) {
      for (const args of ARGS) {
        const got = all.map((e) => {
          const out = outcome(e.exports[`f${i}`] as Fn, args);
          const mem = new Uint8Array((e.exports.memory as WebAssembly.Memory).buffer, DUMP_AT, slots * 8);
          return `${out} | ${Array.from(mem, (b) => b.toString(16).padStart(2, '0')).join('')}`;
        });
        for (let k = 1; k < all.length; k++) {
          if (got[k] !== got[0]) problems.push(`case ${first + i} (${describeCase(chunk[i]!)}), args ${args.map(String).join(', ')}:\n  native ${got[0]}\n  ${all[k]!.name} ${got[k]}`);
        }
      }
    }
    expect(problems.join('\n')).toBe('');
  });
});
