// The one opcode table. Every instruction's name, encoding, immediate kind and
// (for the non-polymorphic ones) stack signature lives here; the decoder, the
// validator, the interpreter and the JIT all key on these codes.
//
// Codes: a single-byte wasm opcode is its own code; `0xFC n` is FC_BASE + n.
// The slot code lowering emits (validate/lower.ts; module.ts, CompiledFunc) reuses these
// codes for the plain instructions and adds the lowered control ops below.
import { F32, F64, I32, I64, V128, type ValType } from './module.ts';

export const FC_BASE = 0xe0;
/** `0xFD n` (128-bit SIMD) is SIMD_BASE + n, past the slot-code-only fused forms below. */
export const SIMD_BASE = 0x200;
/** Sub-opcodes 0..SIMD_COUNT-1 of 0xFD (WebAssembly 2.0 has no SIMD op above 0xff). */
export const SIMD_COUNT = 0x100;

/**
 * Immediate kinds:
 *  none    — plain instruction, signature from `sig`
 *  mem     — memarg (align, offset); `align` is the natural alignment (log2)
 *  special — control, locals, globals, calls, references, tables, bulk
 *            memory and constants: typed by the validator (validate/check.ts) by hand
 *  lane    — SIMD lane index byte (< `lanes`)
 *  memlane — memarg, then a lane index byte (v128.loadN_lane / storeN_lane)
 *  v128    — 16 immediate bytes (v128.const)
 *  shuffle — 16 lane index bytes, each < 32 (i8x16.shuffle)
 */
export type ImmKind = 'none' | 'mem' | 'special' | 'lane' | 'memlane' | 'v128' | 'shuffle';

export interface OpInfo {
  code: number;
  name: string;
  imm: ImmKind;
  params: ValType[];
  results: ValType[];
  /** log2 of the natural alignment, memory ops only. */
  align: number;
  /** Access width in bytes, memory ops only. */
  width: number;
  /** Number of lanes a lane index may name (lane and memlane ops), else 0. */
  lanes: number;
}

const T: Record<string, ValType> = { i: I32, I: I64, f: F32, F: F64, V: V128 };

// name code imm signature("params:results" using i=i32 I=i64 f=f32 F=f64 V=v128) align width
// (code `fdNN` is the SIMD instruction 0xFD NN, code SIMD_BASE + NN)
const TABLE = `
unreachable 00 special
nop 01 special
block 02 special
loop 03 special
if 04 special
else 05 special
end 0b special
br 0c special
br_if 0d special
br_table 0e special
return 0f special
call 10 special
call_indirect 11 special
drop 1a special
select 1b special
select_t 1c special
local.get 20 special
local.set 21 special
local.tee 22 special
global.get 23 special
global.set 24 special
table.get 25 special
table.set 26 special
i32.load 28 mem i:i 2 4
i64.load 29 mem i:I 3 8
f32.load 2a mem i:f 2 4
f64.load 2b mem i:F 3 8
i32.load8_s 2c mem i:i 0 1
i32.load8_u 2d mem i:i 0 1
i32.load16_s 2e mem i:i 1 2
i32.load16_u 2f mem i:i 1 2
i64.load8_s 30 mem i:I 0 1
i64.load8_u 31 mem i:I 0 1
i64.load16_s 32 mem i:I 1 2
i64.load16_u 33 mem i:I 1 2
i64.load32_s 34 mem i:I 2 4
i64.load32_u 35 mem i:I 2 4
i32.store 36 mem ii: 2 4
i64.store 37 mem iI: 3 8
f32.store 38 mem if: 2 4
f64.store 39 mem iF: 3 8
i32.store8 3a mem ii: 0 1
i32.store16 3b mem ii: 1 2
i64.store8 3c mem iI: 0 1
i64.store16 3d mem iI: 1 2
i64.store32 3e mem iI: 2 4
memory.size 3f special
memory.grow 40 special
i32.const 41 special
i64.const 42 special
f32.const 43 special
f64.const 44 special
i32.eqz 45 none i:i
i32.eq 46 none ii:i
i32.ne 47 none ii:i
i32.lt_s 48 none ii:i
i32.lt_u 49 none ii:i
i32.gt_s 4a none ii:i
i32.gt_u 4b none ii:i
i32.le_s 4c none ii:i
i32.le_u 4d none ii:i
i32.ge_s 4e none ii:i
i32.ge_u 4f none ii:i
i64.eqz 50 none I:i
i64.eq 51 none II:i
i64.ne 52 none II:i
i64.lt_s 53 none II:i
i64.lt_u 54 none II:i
i64.gt_s 55 none II:i
i64.gt_u 56 none II:i
i64.le_s 57 none II:i
i64.le_u 58 none II:i
i64.ge_s 59 none II:i
i64.ge_u 5a none II:i
f32.eq 5b none ff:i
f32.ne 5c none ff:i
f32.lt 5d none ff:i
f32.gt 5e none ff:i
f32.le 5f none ff:i
f32.ge 60 none ff:i
f64.eq 61 none FF:i
f64.ne 62 none FF:i
f64.lt 63 none FF:i
f64.gt 64 none FF:i
f64.le 65 none FF:i
f64.ge 66 none FF:i
i32.clz 67 none i:i
i32.ctz 68 none i:i
i32.popcnt 69 none i:i
i32.add 6a none ii:i
i32.sub 6b none ii:i
i32.mul 6c none ii:i
i32.div_s 6d none ii:i
i32.div_u 6e none ii:i
i32.rem_s 6f none ii:i
i32.rem_u 70 none ii:i
i32.and 71 none ii:i
i32.or 72 none ii:i
i32.xor 73 none ii:i
i32.shl 74 none ii:i
i32.shr_s 75 none ii:i
i32.shr_u 76 none ii:i
i32.rotl 77 none ii:i
i32.rotr 78 none ii:i
i64.clz 79 none I:I
i64.ctz 7a none I:I
i64.popcnt 7b none I:I
i64.add 7c none II:I
i64.sub 7d none II:I
i64.mul 7e none II:I
i64.div_s 7f none II:I
i64.div_u 80 none II:I
i64.rem_s 81 none II:I
i64.rem_u 82 none II:I
i64.and 83 none II:I
i64.or 84 none II:I
i64.xor 85 none II:I
i64.shl 86 none II:I
i64.shr_s 87 none II:I
i64.shr_u 88 none II:I
i64.rotl 89 none II:I
i64.rotr 8a none II:I
f32.abs 8b none f:f
f32.neg 8c none f:f
f32.ceil 8d none f:f
f32.floor 8e none f:f
f32.trunc 8f none f:f
f32.nearest 90 none f:f
f32.sqrt 91 none f:f
f32.add 92 none ff:f
f32.sub 93 none ff:f
f32.mul 94 none ff:f
f32.div 95 none ff:f
f32.min 96 none ff:f
f32.max 97 none ff:f
f32.copysign 98 none ff:f
f64.abs 99 none F:F
f64.neg 9a none F:F
f64.ceil 9b none F:F
f64.floor 9c none F:F
f64.trunc 9d none F:F
f64.nearest 9e none F:F
f64.sqrt 9f none F:F
f64.add a0 none FF:F
f64.sub a1 none FF:F
f64.mul a2 none FF:F
f64.div a3 none FF:F
f64.min a4 none FF:F
f64.max a5 none FF:F
f64.copysign a6 none FF:F
i32.wrap_i64 a7 none I:i
i32.trunc_f32_s a8 none f:i
i32.trunc_f32_u a9 none f:i
i32.trunc_f64_s aa none F:i
i32.trunc_f64_u ab none F:i
i64.extend_i32_s ac none i:I
i64.extend_i32_u ad none i:I
i64.trunc_f32_s ae none f:I
i64.trunc_f32_u af none f:I
i64.trunc_f64_s b0 none F:I
i64.trunc_f64_u b1 none F:I
f32.convert_i32_s b2 none i:f
f32.convert_i32_u b3 none i:f
f32.convert_i64_s b4 none I:f
f32.convert_i64_u b5 none I:f
f32.demote_f64 b6 none F:f
f64.convert_i32_s b7 none i:F
f64.convert_i32_u b8 none i:F
f64.convert_i64_s b9 none I:F
f64.convert_i64_u ba none I:F
f64.promote_f32 bb none f:F
i32.reinterpret_f32 bc none f:i
i64.reinterpret_f64 bd none F:I
f32.reinterpret_i32 be none i:f
f64.reinterpret_i64 bf none I:F
i32.extend8_s c0 none i:i
i32.extend16_s c1 none i:i
i64.extend8_s c2 none I:I
i64.extend16_s c3 none I:I
i64.extend32_s c4 none I:I
ref.null d0 special
ref.is_null d1 special
ref.func d2 special
i32.trunc_sat_f32_s e0 none f:i
i32.trunc_sat_f32_u e1 none f:i
i32.trunc_sat_f64_s e2 none F:i
i32.trunc_sat_f64_u e3 none F:i
i64.trunc_sat_f32_s e4 none f:I
i64.trunc_sat_f32_u e5 none f:I
i64.trunc_sat_f64_s e6 none F:I
i64.trunc_sat_f64_u e7 none F:I
memory.init e8 special
data.drop e9 special
memory.copy ea special
memory.fill eb special
table.init ec special
elem.drop ed special
table.copy ee special
table.grow ef special
table.size f0 special
table.fill f1 special
v128.load fd00 mem i:V 4 16
v128.load8x8_s fd01 mem i:V 3 8
v128.load8x8_u fd02 mem i:V 3 8
v128.load16x4_s fd03 mem i:V 3 8
v128.load16x4_u fd04 mem i:V 3 8
v128.load32x2_s fd05 mem i:V 3 8
v128.load32x2_u fd06 mem i:V 3 8
v128.load8_splat fd07 mem i:V 0 1
v128.load16_splat fd08 mem i:V 1 2
v128.load32_splat fd09 mem i:V 2 4
v128.load64_splat fd0a mem i:V 3 8
v128.store fd0b mem iV: 4 16
v128.const fd0c v128 :V
i8x16.shuffle fd0d shuffle VV:V
i8x16.swizzle fd0e none VV:V
i8x16.splat fd0f none i:V
i16x8.splat fd10 none i:V
i32x4.splat fd11 none i:V
i64x2.splat fd12 none I:V
f32x4.splat fd13 none f:V
f64x2.splat fd14 none F:V
i8x16.extract_lane_s fd15 lane V:i
i8x16.extract_lane_u fd16 lane V:i
i8x16.replace_lane fd17 lane Vi:V
i16x8.extract_lane_s fd18 lane V:i
i16x8.extract_lane_u fd19 lane V:i
i16x8.replace_lane fd1a lane Vi:V
i32x4.extract_lane fd1b lane V:i
i32x4.replace_lane fd1c lane Vi:V
i64x2.extract_lane fd1d lane V:I
i64x2.replace_lane fd1e lane VI:V
f32x4.extract_lane fd1f lane V:f
f32x4.replace_lane fd20 lane Vf:V
f64x2.extract_lane fd21 lane V:F
f64x2.replace_lane fd22 lane VF:V
i8x16.eq fd23 none VV:V
i8x16.ne fd24 none VV:V
i8x16.lt_s fd25 none VV:V
i8x16.lt_u fd26 none VV:V
i8x16.gt_s fd27 none VV:V
i8x16.gt_u fd28 none VV:V
i8x16.le_s fd29 none VV:V
i8x16.le_u fd2a none VV:V
i8x16.ge_s fd2b none VV:V
i8x16.ge_u fd2c none VV:V
i16x8.eq fd2d none VV:V
i16x8.ne fd2e none VV:V
i16x8.lt_s fd2f none VV:V
i16x8.lt_u fd30 none VV:V
i16x8.gt_s fd31 none VV:V
i16x8.gt_u fd32 none VV:V
i16x8.le_s fd33 none VV:V
i16x8.le_u fd34 none VV:V
i16x8.ge_s fd35 none VV:V
i16x8.ge_u fd36 none VV:V
i32x4.eq fd37 none VV:V
i32x4.ne fd38 none VV:V
i32x4.lt_s fd39 none VV:V
i32x4.lt_u fd3a none VV:V
i32x4.gt_s fd3b none VV:V
i32x4.gt_u fd3c none VV:V
i32x4.le_s fd3d none VV:V
i32x4.le_u fd3e none VV:V
i32x4.ge_s fd3f none VV:V
i32x4.ge_u fd40 none VV:V
f32x4.eq fd41 none VV:V
f32x4.ne fd42 none VV:V
f32x4.lt fd43 none VV:V
f32x4.gt fd44 none VV:V
f32x4.le fd45 none VV:V
f32x4.ge fd46 none VV:V
f64x2.eq fd47 none VV:V
f64x2.ne fd48 none VV:V
f64x2.lt fd49 none VV:V
f64x2.gt fd4a none VV:V
f64x2.le fd4b none VV:V
f64x2.ge fd4c none VV:V
v128.not fd4d none V:V
v128.and fd4e none VV:V
v128.andnot fd4f none VV:V
v128.or fd50 none VV:V
v128.xor fd51 none VV:V
v128.bitselect fd52 none VVV:V
v128.any_true fd53 none V:i
v128.load8_lane fd54 memlane iV:V 0 1
v128.load16_lane fd55 memlane iV:V 1 2
v128.load32_lane fd56 memlane iV:V 2 4
v128.load64_lane fd57 memlane iV:V 3 8
v128.store8_lane fd58 memlane iV: 0 1
v128.store16_lane fd59 memlane iV: 1 2
v128.store32_lane fd5a memlane iV: 2 4
v128.store64_lane fd5b memlane iV: 3 8
v128.load32_zero fd5c mem i:V 2 4
v128.load64_zero fd5d mem i:V 3 8
f32x4.demote_f64x2_zero fd5e none V:V
f64x2.promote_low_f32x4 fd5f none V:V
i8x16.abs fd60 none V:V
i8x16.neg fd61 none V:V
i8x16.popcnt fd62 none V:V
i8x16.all_true fd63 none V:i
i8x16.bitmask fd64 none V:i
i8x16.narrow_i16x8_s fd65 none VV:V
i8x16.narrow_i16x8_u fd66 none VV:V
f32x4.ceil fd67 none V:V
f32x4.floor fd68 none V:V
f32x4.trunc fd69 none V:V
f32x4.nearest fd6a none V:V
i8x16.shl fd6b none Vi:V
i8x16.shr_s fd6c none Vi:V
i8x16.shr_u fd6d none Vi:V
i8x16.add fd6e none VV:V
i8x16.add_sat_s fd6f none VV:V
i8x16.add_sat_u fd70 none VV:V
i8x16.sub fd71 none VV:V
i8x16.sub_sat_s fd72 none VV:V
i8x16.sub_sat_u fd73 none VV:V
f64x2.ceil fd74 none V:V
f64x2.floor fd75 none V:V
i8x16.min_s fd76 none VV:V
i8x16.min_u fd77 none VV:V
i8x16.max_s fd78 none VV:V
i8x16.max_u fd79 none VV:V
f64x2.trunc fd7a none V:V
i8x16.avgr_u fd7b none VV:V
i16x8.extadd_pairwise_i8x16_s fd7c none V:V
i16x8.extadd_pairwise_i8x16_u fd7d none V:V
i32x4.extadd_pairwise_i16x8_s fd7e none V:V
i32x4.extadd_pairwise_i16x8_u fd7f none V:V
i16x8.abs fd80 none V:V
i16x8.neg fd81 none V:V
i16x8.q15mulr_sat_s fd82 none VV:V
i16x8.all_true fd83 none V:i
i16x8.bitmask fd84 none V:i
i16x8.narrow_i32x4_s fd85 none VV:V
i16x8.narrow_i32x4_u fd86 none VV:V
i16x8.extend_low_i8x16_s fd87 none V:V
i16x8.extend_high_i8x16_s fd88 none V:V
i16x8.extend_low_i8x16_u fd89 none V:V
i16x8.extend_high_i8x16_u fd8a none V:V
i16x8.shl fd8b none Vi:V
i16x8.shr_s fd8c none Vi:V
i16x8.shr_u fd8d none Vi:V
i16x8.add fd8e none VV:V
i16x8.add_sat_s fd8f none VV:V
i16x8.add_sat_u fd90 none VV:V
i16x8.sub fd91 none VV:V
i16x8.sub_sat_s fd92 none VV:V
i16x8.sub_sat_u fd93 none VV:V
f64x2.nearest fd94 none V:V
i16x8.mul fd95 none VV:V
i16x8.min_s fd96 none VV:V
i16x8.min_u fd97 none VV:V
i16x8.max_s fd98 none VV:V
i16x8.max_u fd99 none VV:V
i16x8.avgr_u fd9b none VV:V
i16x8.extmul_low_i8x16_s fd9c none VV:V
i16x8.extmul_high_i8x16_s fd9d none VV:V
i16x8.extmul_low_i8x16_u fd9e none VV:V
i16x8.extmul_high_i8x16_u fd9f none VV:V
i32x4.abs fda0 none V:V
i32x4.neg fda1 none V:V
i32x4.all_true fda3 none V:i
i32x4.bitmask fda4 none V:i
i32x4.extend_low_i16x8_s fda7 none V:V
i32x4.extend_high_i16x8_s fda8 none V:V
i32x4.extend_low_i16x8_u fda9 none V:V
i32x4.extend_high_i16x8_u fdaa none V:V
i32x4.shl fdab none Vi:V
i32x4.shr_s fdac none Vi:V
i32x4.shr_u fdad none Vi:V
i32x4.add fdae none VV:V
i32x4.sub fdb1 none VV:V
i32x4.mul fdb5 none VV:V
i32x4.min_s fdb6 none VV:V
i32x4.min_u fdb7 none VV:V
i32x4.max_s fdb8 none VV:V
i32x4.max_u fdb9 none VV:V
i32x4.dot_i16x8_s fdba none VV:V
i32x4.extmul_low_i16x8_s fdbc none VV:V
i32x4.extmul_high_i16x8_s fdbd none VV:V
i32x4.extmul_low_i16x8_u fdbe none VV:V
i32x4.extmul_high_i16x8_u fdbf none VV:V
i64x2.abs fdc0 none V:V
i64x2.neg fdc1 none V:V
i64x2.all_true fdc3 none V:i
i64x2.bitmask fdc4 none V:i
i64x2.extend_low_i32x4_s fdc7 none V:V
i64x2.extend_high_i32x4_s fdc8 none V:V
i64x2.extend_low_i32x4_u fdc9 none V:V
i64x2.extend_high_i32x4_u fdca none V:V
i64x2.shl fdcb none Vi:V
i64x2.shr_s fdcc none Vi:V
i64x2.shr_u fdcd none Vi:V
i64x2.add fdce none VV:V
i64x2.sub fdd1 none VV:V
i64x2.mul fdd5 none VV:V
i64x2.eq fdd6 none VV:V
i64x2.ne fdd7 none VV:V
i64x2.lt_s fdd8 none VV:V
i64x2.gt_s fdd9 none VV:V
i64x2.le_s fdda none VV:V
i64x2.ge_s fddb none VV:V
i64x2.extmul_low_i32x4_s fddc none VV:V
i64x2.extmul_high_i32x4_s fddd none VV:V
i64x2.extmul_low_i32x4_u fdde none VV:V
i64x2.extmul_high_i32x4_u fddf none VV:V
f32x4.abs fde0 none V:V
f32x4.neg fde1 none V:V
f32x4.sqrt fde3 none V:V
f32x4.add fde4 none VV:V
f32x4.sub fde5 none VV:V
f32x4.mul fde6 none VV:V
f32x4.div fde7 none VV:V
f32x4.min fde8 none VV:V
f32x4.max fde9 none VV:V
f32x4.pmin fdea none VV:V
f32x4.pmax fdeb none VV:V
f64x2.abs fdec none V:V
f64x2.neg fded none V:V
f64x2.sqrt fdef none V:V
f64x2.add fdf0 none VV:V
f64x2.sub fdf1 none VV:V
f64x2.mul fdf2 none VV:V
f64x2.div fdf3 none VV:V
f64x2.min fdf4 none VV:V
f64x2.max fdf5 none VV:V
f64x2.pmin fdf6 none VV:V
f64x2.pmax fdf7 none VV:V
i32x4.trunc_sat_f32x4_s fdf8 none V:V
i32x4.trunc_sat_f32x4_u fdf9 none V:V
f32x4.convert_i32x4_s fdfa none V:V
f32x4.convert_i32x4_u fdfb none V:V
i32x4.trunc_sat_f64x2_s_zero fdfc none V:V
i32x4.trunc_sat_f64x2_u_zero fdfd none V:V
f64x2.convert_low_i32x4_s fdfe none V:V
f64x2.convert_low_i32x4_u fdff none V:V
`;

/** Indexed by code. */
export const OPS: (OpInfo | undefined)[] = new Array(SIMD_BASE + SIMD_COUNT);

const LANES: Record<string, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };

for (const line of TABLE.split('\n')) {
  if (!line) continue;
  const [name, hex, imm, sig, align, width] = line.split(' ') as [string, string, ImmKind, string?, string?, string?];
  const [p = '', r = ''] = (sig ?? ':').split(':');
  const code = hex.startsWith('fd') ? SIMD_BASE + parseInt(hex.slice(2), 16) : parseInt(hex, 16);
  const w = width ? +width : 0;
  OPS[code] = {
    code,
    name,
    imm,
    params: [...p].map((c) => T[c]!),
    results: [...r].map((c) => T[c]!),
    align: align ? +align : 0,
    width: w,
    lanes: imm === 'lane' ? LANES[name.slice(0, name.indexOf('.'))]! : imm === 'memlane' ? 16 / w : 0,
  };
}

/** Number of 0xFC sub-opcodes we know (0..17). */
export const FC_COUNT = 18;

export function opName(code: number): string {
  if (code >= SIMD_BASE && !OPS[code]) return `opcode 0xfd ${code - SIMD_BASE}`;
  return OPS[code]?.name ?? `opcode 0x${code.toString(16)}`;
}

/**
 * Slot-code operand lists (module.ts, CompiledFunc). Slots are frame-relative;
 * `dst`, `a`, `b`, `src` may name locals directly. Lowered control ops:
 *  JUMP [target]                      (every taken jump, call and return counts down the interrupt fuel)
 *  BR_MOVE [target, n, from, to]      move n values from slot `from` to `to`, jump
 *  BR_IF [cond, target]               jump if slot cond != 0
 *  BR_IF_MOVE [cond, target, n, from, to]
 *  IF [cond, target]                  jump if slot cond == 0 (if's else, br_if of an eqz)
 *  BR_TABLE [idx, n, from, count, (target, to) * (count + 1)]  last = default
 *  RETURN [from, n]                   results from slot `from` to 0, return (n + 0x10000: a result lives in R, a reference or a v128)
 *  CALL [funcIndex, argBase]          args at argBase..; results written there
 *  CALL_INDIRECT [typeIndex, table, argBase]  callee index in slot argBase+nparams
 *  MOVE_NUM [dst, src], MOVE_REF [dst, src]   local.set/tee, materialising lazy reads
 *  SELECT_NUM / SELECT_REF [dst, a, b, cond]
 *  GLOBAL_GET_* [dst, global], GLOBAL_SET_* [src, global]
 * Wasm instructions: numeric `[op, dst, a(, b)]`; loads `[op, dst, addr, offset]`;
 * stores `[op, addr, value, offset]`; constants `[op, dst, bits(, hi)]`;
 * memory.size `[op, dst]`, memory.grow `[op, dst, delta]`; ref.null `[op, dst]`,
 * ref.is_null `[op, dst, src]`, ref.func `[op, dst, func]`; table.get
 * `[op, dst, idx, table]`, table.set `[op, idx, value, table]`, table.size
 * `[op, dst, table]`; the other bulk/table ops read consecutive slots from `a`:
 * memory.init `[op, a, seg]`, memory.copy/fill `[op, a]`, table.init
 * `[op, a, table, seg]`, table.copy `[op, a, dst, src]`, table.grow/fill
 * `[op, a, table]`, data.drop/elem.drop `[op, seg]`. A `loop` emits no code
 * (a BULK_LOOP may precede a copy/fill loop).
 */
export const enum SlotOp {
  RETURN = 0x0f,
  IF = 0x04,
  JUMP = 0x05,
  BR_MOVE = 0x0c,
  BR_IF = 0x0d,
  BR_TABLE = 0x0e,
  BR_IF_MOVE = 0x06,
  MOVE_NUM = 0x20,
  MOVE_REF = 0x21,
  SELECT_NUM = 0x1b,
  SELECT_REF = 0x1c,
  GLOBAL_GET_NUM = 0x23,
  GLOBAL_GET_REF = 0x07,
  GLOBAL_SET_NUM = 0x24,
  GLOBAL_SET_REF = 0x08,
}

/**
 * Slot-code-only fused forms (validate/lower.ts emits them, interp/exec.ts runs them):
 *  - i32 binary op with a constant second operand: `[IMM_BASE + k, dst, a, imm]`
 *    for the op I32_IMM_OPS[k] (i32.sub becomes i32.add of the negated constant);
 *  - compare-and-branch: `[JCMP_BASE + k, a, b, target]` jumps if `a OP b`, and
 *    `[JCMPI_BASE + k, a, imm, target]`, where OP is the i32 comparison 0x46 + k
 *    (eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u).
 */
export const IMM_BASE = 0x100;
export const I32_IMM_OPS = [0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x6a, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76];
export const JCMP_BASE = 0x120;
export const JCMPI_BASE = 0x130;
/** For comparison k (0x46 + k), the index of its negation. */
export const NEGATED_CMP = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];
/**
 * i64 binary op with a constant second operand: `[IMM64_BASE + k, dst, a, lo, hi]`
 * for I64_IMM_OPS[k] (i64.sub becomes i64.add of the negated constant).
 */
export const IMM64_BASE = 0x140;
export const I64_IMM_OPS = [0x7c, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a];
/**
 * Loads and stores whose address is an i32.add: `[LOAD_ADD + j, dst, a, b, offset]`,
 * `[LOAD_ADDI + j, dst, a, imm, offset]`, `[STORE_ADD + j, a, b, value, offset]`,
 * `[STORE_ADDI + j, a, imm, value, offset]`; the address is ((a + b) mod 2^32) + offset.
 */
export const LOAD_ADD = 0x150;
export const LOAD_ADDI = 0x160;
export const STORE_ADD = 0x170;
export const STORE_ADDI = 0x180;
export const FUSED_LOADS = [0x28, 0x29, 0x2a, 0x2b, 0x2d, 0x2c, 0x2f, 0x2e, 0x31];
export const FUSED_STORES = [0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b];
/**
 * f32/f64 add, sub, mul, div with a constant second operand (the constant's
 * bits; f32 uses `lo` only): `[FIMM_BASE + k, dst, a, lo, hi]` for FLOAT_IMM_OPS[k].
 */
export const FIMM_BASE = 0x190;
export const FLOAT_IMM_OPS = [0x92, 0x93, 0x94, 0x95, 0xa0, 0xa1, 0xa2, 0xa3];
/**
 * i64.or whose other operand is an i64.shl by a constant just computed:
 * `[OR_SHL64, dst, a, b, k]` is dst = a | (b << k) (0 <= k < 64).
 */
export const OR_SHL64 = 0x198;
/**
 * The same where b is an i64.load8_u from address a + imm (offset 0) just
 * loaded: `[LD8_OR_SHL64, dst, acc, a, imm, k]` is dst = acc | (u8[(a + imm) mod 2^32] << k).
 */
export const LD8_OR_SHL64 = 0x199;
/**
 * Scaled indices (intarray): `[ADD_SHL, dst, a, b, k]` is dst = a + (b << k),
 * an i32.add of an i32.shl by a constant just computed; `[LOAD_SCALED, dst, a,
 * b, k, offset]` is an i32.load from ((a + (b << k)) mod 2^32) + offset.
 */
export const ADD_SHL = 0x19a;
export const LOAD_SCALED = 0x19b;
/**
 * FNV-1a steps (h = (h ^ byte) * prime): `[XOR_MULI64, dst, x, y, lo, hi]` is
 * dst = (x ^ y) * (hi:lo), an i64.mul by a constant of an i64.xor just
 * computed; `[LD8_XOR_MULI64, dst, h, a, imm, lo, hi]` is the same with y an
 * i64.load8_u from (a + imm) mod 2^32 (offset 0) just loaded.
 */
export const XOR_MULI64 = 0x19c;
export const LD8_XOR_MULI64 = 0x19d;
/**
 * Consecutive LD8_OR_SHL64s into the same dst from the same address slot:
 * `[LD8_OR_RUN, dst, acc, a, m, (imm, k) * m]` is dst = acc | (u8[a + imm_1] << k_1)
 * | ... (a is not dst).
 */
export const LD8_OR_RUN = 0x19f;
/**
 * An i32.add of a constant whose result is the first operand of a
 * compare-and-branch (loop counters, bounds checks):
 * `[ADDJ_BASE + k, dst, a, imm, b, target]` is dst = a + imm, then jump if
 * dst OP b (slot b read after dst is written); `[ADDJI_BASE + k, dst, a, imm, c,
 * target]` compares with the constant c. OP is the i32 comparison 0x46 + k.
 * (A br_if or if on an i32.add of a constant itself becomes ADDJI ne / eq 0.)
 */
export const ADDJ_BASE = 0x1a0;
export const ADDJI_BASE = 0x1b0;
/**
 * A run of bounds checks against the same limit (Rust's unrolled slice
 * indexing): `[ADDJ_RUN, dst, a, imm1, b, target1, m, (imm, target) * m]` is
 * m + 1 ADDJ ge_u ops [dst, a, imm_i, b, target_i] in a row (dst is neither a
 * nor b); the first one's words are those of the ADDJ it was.
 */
export const ADDJ_RUN = 0x1ba;
/**
 * Float op pairs where the second op reads the first one's result (nbody,
 * f32sim): `[F64_ADD_MUL, dst, c, a, b]` is dst = c + a * b, F64_SUB_MUL
 * c - a * b, F64_MUL_ADD a * b + c, F64_ADD_ADD c + (a + b) (the product or
 * sum was a stack temporary, dead after), `[F64_SQ_SUB, dst, t, a, b]` is
 * t = a - b, dst = t * t (t may be a local: it is written), and F32_ADD_MUL is
 * dst = c + a * b in f32 (the product rounded to f32 first, through dst).
 */
export const F64_ADD_MUL = 0x1c0;
export const F64_SUB_MUL = 0x1c1;
export const F64_MUL_ADD = 0x1c2;
export const F64_ADD_ADD = 0x1c3;
export const F64_SQ_SUB = 0x1c4;
export const F32_ADD_MUL = 0x1c5;
/**
 * F32_ADD_MUL whose b is an f32.load from (a + imm) mod 2^32 (offset 0) just
 * loaded (a matrix product's inner loop): `[F32_ADD_MUL_LD, dst, c, x, a, imm]`
 * is dst = c + x * f32[a + imm].
 */
export const F32_ADD_MUL_LD = 0x1c6;
/**
 * Two i64 superinstructions of hashes (XXH64-style rounds: acc + lane * P,
 * then rotl, then * P): `[ROTL_MULI64, dst, src, k, lo, hi]` is
 * dst = rotl(src, k) * (hi:lo), an i64.mul by a constant of an i64.rotl by a
 * constant just computed; `[MULI_ADD64, dst, other, src, lo, hi]` is
 * dst = other + src * (hi:lo), an i64.add of an i64.mul by a constant just
 * computed.
 */
export const ROTL_MULI64 = 0x1c7;
export const MULI_ADD64 = 0x1c8;
/** `[I64_ADD_EXTU, dst, a, b]`: dst = a + u64(b), an i64.add of an i64.extend_i32_u of b just computed. */
export const I64_ADD_EXTU = 0x1c9;
/**
 * Emitted before a copy or fill loop (loop-idiom.ts): `[BULK_LOOP, d, x, e,
 * kind]`, locals d (destination), x (source, or the fill value), e (end);
 * kind = element size k (1 or 4), + 8 for a fill. When the loop's whole run
 * is in bounds and ends exactly at e, all but its last element are copied or
 * filled at once (copyWithin/fill where that is the same, else, up to
 * INTERP_ELEMENT_RUN_MAX bytes, an element loop in the loop's own order) and
 * d (and the source) advanced past them; the loop then runs its last
 * iteration as usual. Otherwise it does nothing.
 */
export const BULK_LOOP = 0x1ca;
/** For comparison k (0x46 + k), the index of the comparison with its operands swapped. */
export const SWAPPED_CMP = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7];
/**
 * A bit-field extract, an i32.and by a constant of an i32 shift right by a
 * constant just computed: `[SHRU_ANDI, dst, a, k, mask]` is
 * dst = (a >>> k) & mask, SHRS_ANDI the same with `>>` (0 <= k < 32).
 */
export const SHRU_ANDI = 0x1cb;
export const SHRS_ANDI = 0x1cc;
/** `[MUL_ADD, dst, c, a, b]`: dst = c + a * b (i32), an i32.add of an i32.mul just computed. */
export const MUL_ADD = 0x1cd;
/**
 * Register copies, mostly the ones LLVM's loops make for their phis just
 * before the back edge: `[MOVE2, d1, s1, d2, s2]` is two MOVE_NUMs in a row,
 * `[MOVE_BR_IF, d, s, cond, target]` a MOVE_NUM and then a BR_IF (cond read
 * after the move).
 */
export const MOVE2 = 0x1ce;
export const MOVE_BR_IF = 0x1cf;
