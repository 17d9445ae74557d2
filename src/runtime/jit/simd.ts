// SIMD in the JIT. A v128 is, as in the interpreter, an immutable V128 of 4
// int32 words (simd/ops.ts), so in generated code it is one JS value, passed
// and returned like a reference (the JIT ABI and the value-stack glue of
// instance.ts carry it unchanged). Every instruction calls its shared
// semantics in simd/ops.ts through the frozen `$V` object (`$V.i32x4_mul`),
// so the interpreter and the JIT compute the same bits by construction —
// except the hottest few (v128.load/store, i32x4 add/sub/mul, the bitwise
// ops, f32x4 add/sub/mul/div), which are written out inline with the same
// arithmetic (f32 lanes through the same Float32Array rounding, NaN results
// canonical), saving a call and a scratch copy per instruction.
//
// SAFETY: the helper names come from our own opcode table, never from the
// module.
import { F32, F64, I32, I64, V128 } from '../module.ts';
import { OPS, SIMD_BASE, SIMD_COUNT, type OpInfo } from '../opcodes.ts';
import { HI, SIMD_FNS, V128 as VC, ZERO } from '../simd/ops.ts';
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

const scratch = new ArrayBuffer(16);
/**
 * Bound in every factory: `$V` (SIMD_HELPERS), `$VH` (an i64 result's high
 * word), `$vz` (the zero vector, for v128 locals), `$VC` (the V128 class),
 * `$VI`/`$VF` (one scratch as int32 and f32 lanes, for inline f32x4 lanes).
 */
export const SIMD_STATIC = { V: SIMD_HELPERS, VH: HI, vz: ZERO, VC, VI: new Int32Array(scratch), VF: new Float32Array(scratch) };

const W = ['w0', 'w1', 'w2', 'w3'];
/** Inline word-wise forms: i32x4 add/sub/mul, and, andnot, or, xor. */
const WORDWISE: Record<string, (x: string, y: string) => string> = {
  'i32x4.add': (x, y) => `${x}+${y}|0`,
  'i32x4.sub': (x, y) => `${x}-${y}|0`,
  'i32x4.mul': (x, y) => `Math.imul(${x},${y})`,
  'v128.and': (x, y) => `${x}&${y}`,
  'v128.andnot': (x, y) => `${x}&~${y}`,
  'v128.or': (x, y) => `${x}|${y}`,
  'v128.xor': (x, y) => `${x}^${y}`,
};
/** Inline f32x4 lane arithmetic: rounded through $VF as ops.ts rounds through its Float32Array; a NaN lane is 0x7fc00000. */
const F32_LANES: Record<string, string> = { 'f32x4.add': '+', 'f32x4.sub': '-', 'f32x4.mul': '*', 'f32x4.div': '/' };

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
  /** Declares a temporary of the generated function. */
  declare(name: string, init: string): void;
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
        if (info.name === 'v128.load') {
          // (A: the address temporary every memory access of generated code uses)
          g.pushExpr(V128, `(A=${g.addr(a, offset)},new $VC(dv.getInt32(A,true),dv.getInt32(A+4,true),dv.getInt32(A+8,true),dv.getInt32(A+12,true)))`, true);
        } else g.pushExpr(V128, `${f}(dv,${g.addr(a, offset)})`, true);
      } else {
        const v = g.pop();
        const a = g.pop();
        const A = g.addr(a, offset);
        if (info.name === 'v128.store') {
          // the address first (into Va: the value's own loads use A), then the value;
          // the highest word first, so a partly out-of-bounds store writes nothing
          g.declare('Va', '0');
          g.declare('Vs', 'null');
          g.stmt(`Va=${A};Vs=${g.val(v)};dv.setInt32(Va+12,Vs.w3,true);dv.setInt32(Va+8,Vs.w2,true);dv.setInt32(Va+4,Vs.w1,true);dv.setInt32(Va,Vs.w0,true);`);
        } else g.stmt(`${f}(dv,${A},${g.val(v)});`);
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
      const ww = WORDWISE[info.name], fl = F32_LANES[info.name];
      if (ww !== undefined || fl !== undefined) {
        const x = g.simple(ops[0]!), y = g.simple(ops[1]!);
        const lanes = W.map((w) => (ww !== undefined ? ww(`${x}.${w}`, `${y}.${w}`)
          : `($VI[0]=${x}.${w},$VI[1]=${y}.${w},$VF[2]=$VF[0]${fl!}$VF[1],$VF[2]===$VF[2]?$VI[2]:2143289344)`));
        g.pushExpr(V128, `new $VC(${lanes.join(',')})`, ops[0]!.trap || ops[1]!.trap);
        return;
      }
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
