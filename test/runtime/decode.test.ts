import { describe, expect, it } from 'vitest';
import { emptyFunctions } from '../../bench/lib/gen-modules.ts';
import { decodeModule } from '../../src/runtime/binary/decode.ts';
import { CompileError, Module, validate } from '../../src/runtime/index.ts';
import { EXTERNREF, F32, FUNCREF, I32, I64, bodyLocals } from '../../src/runtime/module.ts';
import { POLL_BYTES } from '../../src/runtime/validate/check.ts';
import { validateModule } from '../../src/runtime/validate/module.ts';
import { rawModule, uleb, wat } from './wat.ts';

function compileError(bytes: Uint8Array): string {
  try {
    new Module(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as Error).message;
  }
  throw new Error('module compiled');
}

describe('binary decoder', () => {
  it('accepts the empty module and rejects a bad preamble', () => {
    expect(validate(rawModule())).toBe(true);
    expect(compileError(new Uint8Array([0, 0x61, 0x73]))).toMatch(/magic header not detected/);
    expect(compileError(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toMatch(/unknown binary version/);
  });

  it('names the section and offset of a malformed section id', () => {
    expect(compileError(rawModule([13, []]))).toBe('module at byte 0x8: malformed section id 13');
  });

  it('rejects sections out of order, naming the section', () => {
    // memory (5) then type (1)
    const msg = compileError(rawModule([5, [1, 0, 1]], [1, [0]]));
    expect(msg).toMatch(/^section 1 \(type\) at byte 0xd: unexpected content after last section/);
  });

  it('rejects a section whose declared size does not match its content', () => {
    // type section with count 0 but size 2
    expect(compileError(rawModule([1, [0, 0]]))).toMatch(/section 1 \(type\) at byte 0xb: section size mismatch/);
  });

  it('rejects function and code sections of different lengths', () => {
    const bytes = rawModule([1, [1, 0x60, 0, 0]], [3, [1, 0]]);
    expect(compileError(bytes)).toMatch(/function and code section have inconsistent lengths/);
  });

  it('reads the function and code sections\' short sizes, counts and indices inline, with the Reader\'s errors and offsets', () => {
    // (sections/function.ts and sections/code.ts read one-byte LEB128s
    // themselves; the messages are those the Reader gave when it read them all)
    const T: [number, number[]] = [1, [1, 0x60, 0, 0]];
    const cases: [string, Uint8Array, string | null][] = [
      ['body size past section (1 byte)', rawModule(T, [3, [1, 0]], [10, [1, 5, 0, 0x0b]]), 'section 10 (code) at byte 0x16: function 0: body size 5 runs past the end of the section'],
      ['body size past section (2 bytes)', rawModule(T, [3, [1, 0]], [10, [1, 0x80, 1, 0, 0x0b]]), 'section 10 (code) at byte 0x17: function 0: body size 128 runs past the end of the section'],
      ['body size truncated', rawModule(T, [3, [1, 0]], [10, [1, 0x80]]), 'section 10 (code) at byte 0x15: unexpected end'],
      ['empty body (no local count)', rawModule(T, [3, [1, 0]], [10, [1, 0]]), 'section 10 (code) at byte 0x16: unexpected end'],
      ['local count truncated', rawModule(T, [3, [1, 0]], [10, [1, 2, 0x81, 0x0b]]), 'section 10 (code) at byte 0x18: unexpected end'],
      ['local groups 2 bytes', rawModule(T, [3, [1, 0]], [10, [1, 3, 0x80, 0, 0x0b]]), null],
      ['bad local type', rawModule(T, [3, [1, 0]], [10, [1, 4, 1, 1, 0x55, 0x0b]]), 'section 10 (code) at byte 0x18: malformed value type 0x55'],
      ['function index truncated', rawModule(T, [3, [2, 0, 0x80]]), 'section 3 (function) at byte 0x12: unexpected end'],
      ['function index 2 bytes', rawModule(T, [3, [1, 0x80, 0]], [10, [1, 2, 0, 0x0b]]), null],
      ['function section count past end', rawModule(T, [3, [3, 0]]), 'section 3 (function) at byte 0x12: unexpected end'],
      ['unknown type 200', rawModule(T, [3, [1, 0xc8, 1]], [10, [1, 2, 0, 0x0b]]), 'section 3 (function): function 0: unknown type 200'],
    ];
    for (const [what, bytes, message] of cases) {
      if (message === null) expect(() => new Module(bytes), what).not.toThrow();
      else expect(compileError(bytes), what).toBe(message);
    }
  });

  it('keeps every body\'s code offsets and expanded locals in arrays shared by all bodies', () => {
    const bytes = wat(`(module
      (func $a (param i32) (result i32) local.get 0)
      (func $b (local i32 i64) (local f32) (local externref funcref))
      (func $c (param i64))
      (func $d (local i32) i32.const 7 local.set 0))`);
    const b = decodeModule(bytes).bodies;
    expect(b.count).toBe(4);
    const locals = [0, 1, 2, 3].map((i) => bodyLocals(b, i));
    expect(locals).toEqual([[], [I32, I64, F32, EXTERNREF, FUNCREF], [], [I32]]);
    expect(Array.from(b.localsAt.subarray(0, 5))).toEqual([0, 0, 5, 5, 6]);
    // each body's code: its first instruction to just past its final `end`
    const code = [0, 1, 2, 3].map((i) => Array.from(bytes.subarray(b.codeStart[i]!, b.codeEnd[i]!)));
    expect(code).toEqual([[0x20, 0, 0x0b], [0x0b], [0x0b], [0x41, 7, 0x21, 0, 0x0b]]);
    expect(b.compiled.length).toBe(4);
  });

  it('expands locals past the shared array\'s first size, and still rejects more than 50,000 in one body', () => {
    // three bodies of 1,000 i64 locals each (one group): 3,000 entries from a 19-byte section
    const body = [1, ...uleb(1000), I64, 0x0b];
    const ok = rawModule([1, [1, 0x60, 0, 0]], [3, [3, 0, 0, 0]], [10, [3, ...[body, body, body].flatMap((x) => [x.length, ...x])]]);
    const b = decodeModule(ok).bodies;
    expect(Array.from(b.localsAt.subarray(0, 4))).toEqual([0, 1000, 2000, 3000]);
    expect(bodyLocals(b, 2)).toEqual(new Array<number>(1000).fill(I64));
    expect(validate(ok)).toBe(true);
    // 50,001 in two groups: the error names the second group's count
    const many = [2, ...uleb(50000), I32, 1, I32, 0x0b];
    const bad = rawModule([1, [1, 0x60, 0, 0]], [3, [1, 0]], [10, [1, many.length, ...many]]);
    expect(compileError(bad)).toBe(`section 10 (code) at byte 0x${(0x17 + uleb(50000).length + 1).toString(16)}: function 0: too many locals`);
  });

  it('a code section count larger than its bytes fails where the bodies run out, as before (no arrays of that length)', () => {
    const bytes = rawModule([1, [1, 0x60, 0, 0]], [3, [1, 0]], [10, [...uleb(0xffffffff), 2, 0, 0x0b]]);
    // the second body's size is read at the section's end
    expect(compileError(bytes)).toBe(`section 10 (code) at byte 0x${(bytes.length).toString(16)}: unexpected end`);
  });

  it('rejects malformed UTF-8 in names', () => {
    // import section: module name "\xff", field "", func type 0
    const bytes = rawModule([1, [1, 0x60, 0, 0]], [2, [1, 1, 0xff, 0, 0, 0]]);
    expect(compileError(bytes)).toMatch(/malformed UTF-8 encoding/);
  });

  it('decodes SIMD, and rejects an unknown SIMD opcode with a clean CompileError naming it', () => {
    // func body: v128.const (0xfd 12 ...), drop
    const simd = (...op: number[]): Uint8Array => {
      const body = [0, ...op, 0x1a, 0x0b];
      return rawModule([1, [1, 0x60, 0, 0]], [3, [1, 0]], [10, [1, body.length, ...body]]);
    };
    expect(() => new Module(simd(0xfd, 12, ...new Array<number>(16).fill(0)))).not.toThrow();
    expect(() => new Module(rawModule([1, [1, 0x60, 1, 0x7b, 0]]))).not.toThrow(); // (param v128)
    expect(compileError(simd(0xfd, 0x9a, 0x01))).toMatch(/illegal opcode 0xfd 154/); // a gap in the 0xFD space
    expect(compileError(simd(0xfd, 0x80, 0x02))).toMatch(/illegal opcode 0xfd 256/); // relaxed SIMD: not 2.0
  });

  it('keeps custom sections and function names', () => {
    const bytes = wat('(module (func $hello) (export "f" (func $hello)))');
    const withCustom = new Uint8Array([...bytes, 0, 4, 3, 0x61, 0x62, 0x63]);
    const m = new Module(withCustom);
    const sections = Module.customSections(m, 'abc');
    expect(sections.length).toBe(1);
    expect(sections[0]!.byteLength).toBe(0);
    expect(Module.customSections(m, 'name').length).toBe(1);
    expect(Module.exports(m)).toEqual([{ name: 'f', kind: 'function', type: { parameters: [], results: [] } }]);
  });
});

describe('validator', () => {
  it('reports type mismatches with section, offset, function and types', () => {
    const bytes = wat('(module (func (result i32) f64.const 1))', '--no-check');
    const msg = compileError(bytes);
    expect(msg).toMatch(/^section 10 \(code\) at byte 0x[0-9a-f]+: function 0: type mismatch: expected i32 but got f64 on the stack$/);
  });

  it('rejects unknown locals, labels, globals and functions', () => {
    expect(compileError(wat('(module (func local.get 3 drop))', '--no-check'))).toMatch(/unknown local 3/);
    expect(compileError(wat('(module (func br 2))', '--no-check'))).toMatch(/unknown label 2/);
    expect(compileError(wat('(module (func global.get 0 drop))', '--no-check'))).toMatch(/unknown global 0/);
    expect(compileError(wat('(module (func call 7))', '--no-check'))).toMatch(/unknown function 7/);
  });

  it('accepts the polymorphic stack after unreachable', () => {
    expect(validate(wat('(module (func (result i32) unreachable i32.add))'))).toBe(true);
    expect(validate(wat('(module (func (result i32) (block (result i32) (br 0 (i32.const 1)) i64.add drop)))'))).toBe(true);
    expect(validate(wat('(module (func (result i32) unreachable i64.const 0 i32.add))', '--no-check'))).toBe(false);
  });

  it('checks each body from a clean state: nothing of the body before carries over', () => {
    // (checkFunctions checks every body in one loop, reusing its stacks)
    // a body whose function frame is left unreachable (and deeper frames used), then bodies wrong on their own
    const before = '(func (result i32) i32.const 1 (block (loop unreachable)) unreachable)';
    const cases: [string, RegExp][] = [
      ['(func (result i32))', /function 1: type mismatch: expected a value but the stack is empty$/],
      ['(func i32.const 1 i32.add drop)', /function 1: type mismatch: expected a value but the stack is empty$/],
      ['(func br 1)', /function 1: unknown label 1$/],
      ['(func (local i32) local.get 1 drop)', /function 1: unknown local 1$/],
      ['(func (param f32) local.get 0 i32.eqz drop)', /function 1: type mismatch: expected i32 but got f32 on the stack$/],
    ];
    for (const [after, message] of cases) {
      expect(compileError(wat(`(module ${before} ${after})`, '--no-check')), after).toMatch(message);
    }
    // and a valid body after an invalid-looking but valid one is accepted, with its own leaf flag
    expect(validate(wat(`(module ${before} (func (param i64) (local f32) local.get 0 drop) (func call 0 drop))`))).toBe(true);
  });

  it('polls for an interrupt every POLL_BYTES of code or so and after the last body, not after each body', () => {
    const ir = decodeModule(emptyFunctions(20_000));
    const code = ir.bodies.codeEnd[ir.bodies.count - 1]! - ir.bodies.codeStart[0]!;
    let polls = 0;
    validateModule(ir, () => { polls++; });
    expect(polls).toBeGreaterThanOrEqual(Math.floor(code / (POLL_BYTES + 16)));
    expect(polls).toBeLessThanOrEqual(Math.ceil(code / POLL_BYTES) + 1);
    expect(polls).toBeLessThan(ir.bodies.count / 100);
    // one small body: polled once, after it
    polls = 0;
    validateModule(decodeModule(wat('(module (func))')), () => { polls++; });
    expect(polls).toBe(1);
    // a poll that throws stops the validation
    expect(() => validateModule(decodeModule(emptyFunctions(20_000)), () => { throw new Error('stop'); })).toThrow('stop');
  });

  it('checks ref.func declarations, immutable globals and duplicate exports', () => {
    expect(compileError(wat('(module (func $f) (func (result funcref) ref.func $f))', '--no-check'))).toMatch(/undeclared function reference/);
    expect(validate(wat('(module (func $f) (elem declare func $f) (func (result funcref) ref.func $f))'))).toBe(true);
    expect(compileError(wat('(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))', '--no-check'))).toMatch(/immutable/);
    expect(compileError(wat('(module (func) (export "a" (func 0)) (export "a" (func 0)))', '--no-check'))).toMatch(/duplicate export name/);
  });

  it('checks memory limits, alignment and the data count section', () => {
    expect(compileError(wat('(module (memory 65537))', '--no-check'))).toMatch(/memory size must be at most 65536/);
    expect(compileError(wat('(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))', '--no-check'))).toMatch(/alignment must not be larger than natural/);
    expect(compileError(wat('(module (func (drop (i32.load (i32.const 0)))))', '--no-check'))).toMatch(/unknown memory/);
  });
});
