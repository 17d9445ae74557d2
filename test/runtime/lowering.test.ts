// The slot-code lowering rewrites the stack machine (lazy local.get, results
// written straight into locals, folded constants, fused compare-and-branch).
// These functions aim at the hazards of those rewrites; each is checked
// against the platform's WebAssembly on a grid of inputs.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/runtime/index.ts';
import { wat } from './wat.ts';

const SRC = `(module
  ;; a lazily-read local that is overwritten before the read value is used
  (func (export "swap_sub") (param i32 i32) (result i32) (local i32)
    (local.get 0) (local.set 2)
    (local.get 0) (local.get 1) (local.set 0) (local.get 0) (i32.sub)
    (local.get 2) (i32.add))
  ;; x = x + 1 while an older read of x is still on the stack
  (func (export "old_x") (param i32) (result i32)
    (local.get 0) (local.get 0) (i32.const 1) (i32.add) (local.set 0) (local.get 0) (i32.mul))
  ;; tee into a local that is also an operand
  (func (export "tee") (param i32 i32) (result i32)
    (local.get 0) (local.tee 0 (i32.add (local.get 0) (local.get 1))) (i32.mul) (local.get 0) (i32.sub))
  ;; a branch lands on a block end right after a constant: the constant must
  ;; not be redirected into the local for the branch's path
  (func (export "br_end_const") (param i32) (result i32) (local i32)
    (block (result i32) (br_if 0 (i32.const 7) (local.get 0)) (drop) (i32.const 9))
    (local.set 1) (local.get 1))
  ;; same with an if/else whose arms end with producers
  (func (export "if_arms") (param i32 i32) (result i32) (local i32)
    (if (result i32) (local.get 0) (then (i32.add (local.get 1) (i32.const 3))) (else (i32.const 11)))
    (local.set 2) (i32.add (local.get 2) (local.get 1)))
  ;; loop with a fused compare-and-branch back edge and a constant-folded step
  (func (export "count") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const -3)))
      (br_if $l (i32.lt_s (local.get 1) (local.get 0))))
    (local.get 2))
  ;; if on a comparison (the fused jump uses the negated comparison)
  (func (export "cmp_if") (param i32 i32) (result i32)
    (if (result i32) (i32.le_u (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "cmp_if_imm") (param i32) (result i32)
    (if (result i32) (i32.gt_s (local.get 0) (i32.const -5)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "eqz_br") (param i32) (result i32)
    (block (br_if 0 (i32.eqz (local.get 0))) (return (i32.const 5))) (i32.const 6))
  (func (export "eqz_if") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 5)) (else (i32.const 6))))
  ;; a br with a value read lazily from a local that the block then changes
  (func (export "br_lazy") (param i32) (result i32)
    (block (result i32) (local.get 0) (local.set 0 (i32.const 100)) (br 0)) (local.get 0) (i32.add))
  ;; i64 constants folded into shifts/adds/subs, mixed with locals
  (func (export "i64mix") (param i64 i64) (result i64)
    (i64.or (i64.shl (local.get 0) (i64.const 8)) (i64.sub (local.get 1) (i64.const 0x100000001)))
    (i64.rotl (i64.const 13)) (i64.mul (i64.const 0x9E3779B97F4A7C15)) (i64.xor (local.get 0)))
  ;; select reading lazy locals, result into a local
  (func (export "sel") (param i32 i32 i32) (result i32)
    (local.set 0 (select (local.get 1) (local.get 0) (local.get 2))) (local.get 0))
  ;; return of a lazily-read local from inside nested blocks
  (func (export "ret_lazy") (param i32) (result i32)
    (block (block (br_if 1 (i32.eqz (local.get 0))) (return (local.get 0)))) (i32.const -1))
)`;

describe('slot-code lowering', () => {
  const bytes = wat(SRC);
  const ours = new Instance(new Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;
  const ref = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (...a: unknown[]) => unknown>;
  const ints = [0, 1, 2, 3, -1, -5, -6, 7, 100, 0x7fffffff, -0x80000000];

  it('matches the platform engine on i32 functions', () => {
    const arity: Record<string, number> = {
      swap_sub: 2, old_x: 1, tee: 2, br_end_const: 1, if_arms: 2, count: 1, cmp_if: 2, cmp_if_imm: 1,
      eqz_br: 1, eqz_if: 1, br_lazy: 1, sel: 3, ret_lazy: 1,
    };
    for (const [name, n] of Object.entries(arity)) {
      for (const a of ints) {
        for (const b of n >= 2 ? ints : [0]) {
          for (const c of n >= 3 ? [0, 1] : [0]) {
            const args = [a, b, c].slice(0, n).map((v) => (name === 'count' ? Math.abs(v) % 1000 : v));
            expect(ours[name]!(...args), `${name}(${args.join(', ')})`).toBe(ref[name]!(...args));
          }
        }
      }
    }
  });

  it('matches the platform engine on i64 constant folding', () => {
    const vals = [0n, 1n, -1n, 0x123456789abcdefn, -(2n ** 63n), 2n ** 63n - 1n, 0xffffffffn];
    for (const a of vals) for (const b of vals) expect(ours.i64mix!(a, b)).toBe(ref.i64mix!(a, b));
  });
});
