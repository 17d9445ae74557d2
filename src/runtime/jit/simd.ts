// SIMD in the JIT. A v128 is, as in the interpreter, an immutable Int32Array
// of 4 words (simd/ops.ts), so in generated code it is one JS value, passed
// and returned like a reference (the JIT ABI and the value-stack glue of
// instance.ts carry it unchanged). Every instruction calls its shared
// semantics in simd/ops.ts through the frozen `$V` object (`$V.i32x4_add`),
// so the interpreter and the JIT compute the same bits by construction.
//
// SAFETY: the helper names come from our own opcode table, never from the
// module.
import { F32, F64, I32, I64, V128 } from '../module.ts';
import { OPS, SIMD_BASE, SIMD_COUNT, type OpInfo } from '../opcodes.ts';
import { HI, SIMD_FNS, ZERO } from '../simd/ops.ts';
import type { Reader } from '../binary/reader.ts';

/** `$V`'s property name for a SIMD instruction: its name with `_` for `.`. */
export function simdHelperName(info: OpInfo): string {
  return info.name.replace(/\./g, '_');
}

/** The `$V` object of generated code: the semantics of each SIMD instruction, by helper name. */
export const SIMD_HELPERS: Readonly<Record<string, unknown>> = (() => {
  const o: Record<string, unknown> = {};
  for (let n = 0; n < SIMD_COUNT; n++) {
    const info = OPS[SIMD_BASE + n];
    if (info) o[simdHelperName(info)] = SIMD_FNS[n];
  }
  return Object.freeze(o);
})();

/** Bound in every factory: `$V` (SIMD_HELPERS), `$VH` (an i64 result's high word), `$vz` (the zero vector, for v128 locals). */
export const SIMD_STATIC = { V: SIMD_HELPERS, VH: HI, vz: ZERO };

/** Moves `r` past the immediates of the SIMD instruction 0xFD sub (already read). */
export function skipSimdImmediates(r: Reader, sub: number): void {
  const info = OPS[SIMD_BASE + sub];
  switch (info?.imm) {
    case 'mem': r.u32(); r.u32(); return;
    case 'memlane': r.u32(); r.u32(); r.u8(); return;
    case 'lane': r.u8(); return;
    case 'v128': case 'shuffle': r.pos += 16; return;
    default:
  }
}

/** An operand popped off the code generator's stack. */
export interface SimdOperand {
  t: number;
  trap: boolean;
}

/** What simdOp needs from the code generator (codegen.ts compileFunction). */
export interface SimdGen<P extends SimdOperand> {
  readonly r: Reader;
  pop(): P;
  /** The operand as an expression (evaluated in order with the others). */
  val(p: P): string;
  /** The operand as a simple token (for use more than once). */
  simple(p: P): string;
  /** An i64 operand's high word (after simple()). */
  hi(p: P): string;
  /** The address expression of a memory access (marks the function as using memory). */
  addr(p: P, offset: number): string;
  pushExpr(t: number, e: string, trap: boolean): void;
  /** An i64 result computed by a statement into (lo, hi). */
  pushDeferred(s: (lo: string, hi: string) => string, trap: boolean): void;
  stmt(s: string): void;
}

/** Translates the SIMD instruction `info` (its 0xFD sub-opcode already read). */
export function simdOp<P extends SimdOperand>(g: SimdGen<P>, info: OpInfo): void {
  const f = `$V.${simdHelperName(info)}`;
  const r = g.r;
  switch (info.imm) {
    case 'mem': {
      r.u32();
      const offset = r.u32();
      if (info.results.length) {
        const a = g.pop();
        g.pushExpr(V128, `${f}(dv,${g.addr(a, offset)})`, true);
      } else {
        const v = g.pop();
        const a = g.pop();
        const A = g.addr(a, offset);
        g.stmt(`${f}(dv,${A},${g.val(v)});`);
      }
      return;
    }
    case 'memlane': {
      r.u32();
      const offset = r.u32();
      const lane = r.u8();
      const v = g.pop();
      const a = g.pop();
      const A = g.addr(a, offset);
      if (info.results.length) g.pushExpr(V128, `${f}(dv,${A},${g.val(v)},${lane})`, true);
      else g.stmt(`${f}(dv,${A},${g.val(v)},${lane});`);
      return;
    }
    case 'v128': {
      const w = [r.i32le(), r.i32le(), r.i32le(), r.i32le()];
      g.pushExpr(V128, `${f}(${w.map(lit).join(',')})`, false);
      return;
    }
    default: {
      const imm: number[] = [];
      if (info.imm === 'lane') imm.push(r.u8());
      else if (info.imm === 'shuffle') imm.push(r.i32le(), r.i32le(), r.i32le(), r.i32le());
      const ps = info.params;
      const ops: P[] = [];
      for (let i = ps.length - 1; i >= 0; i--) ops.unshift(g.pop());
      const args: string[] = [];
      let trap = false;
      // an i64 operand may need a statement: then every operand is evaluated in order first
      const each = ps.includes(I64) ? g.simple : g.val;
      for (let i = 0; i < ops.length; i++) {
        const p = ops[i]!;
        trap ||= p.trap;
        if (ps[i] === I64) {
          const lo = g.simple(p);
          args.push(lo, g.hi(p));
        } else if (ps[i] === F32) args.push(`$f32b(${each(p)})`);
        else args.push(each(p));
      }
      for (const x of imm) args.push(lit(x));
      const call = `${f}(${args.join(',')})`;
      const rt = info.results[0]!;
      if (rt === I64) g.pushDeferred((lo, hi) => `${lo}=${call};${hi}=$VH[0];`, trap);
      else if (rt === F32) g.pushExpr(F32, `$f32v(${call})`, trap);
      else g.pushExpr(rt === I32 || rt === F64 ? rt : V128, call, trap);
    }
  }
}

function lit(x: number): string {
  return x < 0 ? `(${x})` : String(x);
}
