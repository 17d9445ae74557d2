// A generator of functions aimed at the slot-code lowering's fusions
// (validate/lower.ts) and the JIT's pending expressions (jit/codegen.ts):
// every fused pattern the lowering knows, its result written to a local
// (local.set, local.tee, or left on the stack), with reads of that local
// left pending on the operand stack before the pattern, after the write, or
// both, and then consumed by each context that materialises pending reads
// (if, if/else, if with a result, br_if with and without a value, select, a
// plain local.set). Both engines must agree with the platform's WebAssembly.
//
// Every function takes the same parameters, which are also the locals the
// patterns read and write, and ends by storing every local and every value
// left on the stack to memory (DUMP_AT + 8 × i), so a wrong value anywhere is
// seen. Memory below DUMP_AT holds bytes 0..0x3e: any f32/f64 loaded from it
// is finite and small, so no NaN can appear (its bits could differ from V8's).

export type T = 'i32' | 'i64' | 'f32' | 'f64';

/** The parameters: two locals of each type. */
export const PARAMS: readonly { name: string; t: T }[] = [
  { name: '$a', t: 'i32' }, { name: '$b', t: 'i32' },
  { name: '$x', t: 'i64' }, { name: '$y', t: 'i64' },
  { name: '$e', t: 'f32' }, { name: '$f', t: 'f32' },
  { name: '$d', t: 'f64' }, { name: '$g', t: 'f64' },
];
const OF: Record<T, [string, string]> = { i32: ['$a', '$b'], i64: ['$x', '$y'], f32: ['$e', '$f'], f64: ['$d', '$g'] };
export const DUMP_AT = 2048;

/** A pattern: instructions leaving one value of type t, reading locals `reads` and writing `writes` itself. */
export interface Pattern {
  name: string;
  t: T;
  code: string;
  reads: string[];
  writes?: string[];
}

const I32_IMM = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u', 'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u'];
const I32_CMP = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const I64_IMM = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];

/** The value patterns: every fused form of opcodes.ts (and the plain forms they come from). */
export function valuePatterns(): Pattern[] {
  const p: Pattern[] = [];
  const add = (name: string, t: T, reads: string[], ...lines: string[]): void => void p.push({ name, t, reads, code: lines.join('\n') });
  // i32 op with a constant (IMM_BASE), and the same ops on two locals
  for (const op of I32_IMM) add(`i32.${op} imm`, 'i32', ['$a'], 'local.get $a', 'i32.const 5', `i32.${op}`);
  for (const op of [...I32_CMP, 'add', 'sub', 'mul']) add(`i32.${op}`, 'i32', ['$a', '$b'], 'local.get $a', 'local.get $b', `i32.${op}`);
  add('i32.eqz', 'i32', ['$a'], 'local.get $a', 'i32.eqz');
  // bit fields (SHRU_ANDI, SHRS_ANDI) and multiply-adds (MUL_ADD)
  add('shru_andi', 'i32', ['$a'], 'local.get $a', 'i32.const 3', 'i32.shr_u', 'i32.const 0x7f', 'i32.and');
  add('shrs_andi', 'i32', ['$a'], 'local.get $a', 'i32.const 30', 'i32.shr_s', 'i32.const -6', 'i32.and');
  add('mul_add', 'i32', ['$a', '$b'], 'local.get $a', 'local.get $b', 'local.get $a', 'i32.mul', 'i32.add');
  add('add_mul', 'i32', ['$a', '$b'], 'local.get $b', 'local.get $a', 'i32.mul', 'local.get $b', 'i32.add');
  // copies (MOVE2, and MOVE_BR_IF with a br_if after them)
  p.push(...copyPatterns());
  // a loop whose head follows a copy and whose back edge is a copy and a br_if
  // (MOVE2 and MOVE_BR_IF must not swallow the loop head)
  p.push({
    name: 'copy_loop', t: 'i32', reads: ['$a', '$b'], writes: ['$a', '$b', '$n'],
    code: ['i32.const 3', 'local.set $n', 'local.get $b', 'local.set $a', 'loop $l', 'local.get $a', 'local.set $b',
      'local.get $b', 'i32.const 5', 'i32.add', 'local.set $a', 'local.get $n', 'i32.const -1', 'i32.add', 'local.set $n',
      'local.get $a', 'local.set $b', 'local.get $n', 'br_if $l', 'end', 'local.get $b', 'local.get $a', 'i32.sub'].join('\n'),
  });
  // scaled index, and its load (ADD_SHL, LOAD_SCALED)
  add('add_shl', 'i32', ['$a', '$b'], 'local.get $a', 'local.get $b', 'i32.const 2', 'i32.shl', 'i32.add');
  add('load_scaled', 'i32', ['$a', '$b'], 'local.get $a', 'local.get $b', 'i32.const 2', 'i32.shl', 'i32.add', 'i32.load offset=8');
  // loads at an i32.add address (LOAD_ADD, LOAD_ADDI)
  const loads: [string, T][] = [['i32.load', 'i32'], ['i64.load', 'i64'], ['f32.load', 'f32'], ['f64.load', 'f64'], ['i32.load8_u', 'i32'],
    ['i32.load8_s', 'i32'], ['i32.load16_u', 'i32'], ['i32.load16_s', 'i32'], ['i64.load8_u', 'i64']];
  for (const [op, t] of loads) {
    add(`${op} add`, t, ['$a', '$b'], 'local.get $a', 'local.get $b', 'i32.add', `${op} offset=3`);
    add(`${op} addi`, t, ['$a'], 'local.get $a', 'i32.const 12', 'i32.add', `${op} offset=1`);
  }
  // stores at an i32.add address (STORE_ADD, STORE_ADDI), read back
  const stores: [string, T, string][] = [['i32.store', 'i32', 'i32.load'], ['i64.store', 'i64', 'i64.load'], ['f32.store', 'f32', 'f32.load'],
    ['f64.store', 'f64', 'f64.load'], ['i32.store8', 'i32', 'i32.load8_u'], ['i32.store16', 'i32', 'i32.load16_u']];
  for (const [op, t, back] of stores) {
    const v = OF[t][1];
    add(`${op} add`, t, ['$a', '$b', v], 'local.get $a', 'local.get $b', 'i32.add', `local.get ${v}`, `${op} offset=2`, 'local.get $a', 'local.get $b', 'i32.add', `${back} offset=2`);
    add(`${op} addi`, t, ['$a', v], 'local.get $a', 'i32.const 20', 'i32.add', `local.get ${v}`, `${op} offset=2`, 'local.get $a', `${back} offset=22`);
  }
  // i64 op with a constant (IMM64_BASE)
  for (const op of I64_IMM) add(`i64.${op} imm`, 'i64', ['$x'], 'local.get $x', 'i64.const 0x1234567890a', `i64.${op}`);
  for (const op of ['add', 'sub', 'mul', 'xor', 'shl', 'rotl']) add(`i64.${op}`, 'i64', ['$x', '$y'], 'local.get $x', 'local.get $y', `i64.${op}`);
  add('xor_muli64', 'i64', ['$x', '$y'], 'local.get $x', 'local.get $y', 'i64.xor', 'i64.const 0x100000001b3', 'i64.mul');
  add('ld8_xor_muli64', 'i64', ['$x', '$a'], 'local.get $x', 'local.get $a', 'i32.const 3', 'i32.add', 'i64.load8_u', 'i64.xor', 'i64.const 0x100000001b3', 'i64.mul');
  add('rotl_muli64', 'i64', ['$x'], 'local.get $x', 'i64.const 13', 'i64.rotl', 'i64.const 0x9E3779B97F4A7C15', 'i64.mul');
  add('muli_add64', 'i64', ['$x', '$y'], 'local.get $x', 'local.get $y', 'i64.const 0xC2B2AE3D27D4EB4F', 'i64.mul', 'i64.add');
  add('i64_add_extu', 'i64', ['$x', '$a'], 'local.get $x', 'local.get $a', 'i64.extend_i32_u', 'i64.add');
  add('or_shl64', 'i64', ['$x', '$y'], 'local.get $x', 'local.get $y', 'i64.const 8', 'i64.shl', 'i64.or');
  add('ld8_or_shl64', 'i64', ['$x', '$a'], 'local.get $x', 'local.get $a', 'i32.const 1', 'i32.add', 'i64.load8_u', 'i64.const 8', 'i64.shl', 'i64.or');
  add('ld8_or_run', 'i64', ['$x', '$a'], 'local.get $x',
    'local.get $a', 'i32.const 1', 'i32.add', 'i64.load8_u', 'i64.const 8', 'i64.shl', 'i64.or',
    'local.get $a', 'i32.const 2', 'i32.add', 'i64.load8_u', 'i64.const 16', 'i64.shl', 'i64.or',
    'local.get $a', 'i32.const 3', 'i32.add', 'i64.load8_u', 'i64.const 24', 'i64.shl', 'i64.or');
  // byte-gathered words (the JIT's gather.ts)
  add('gather32', 'i32', ['$a'], ...[0, 1, 2, 3].flatMap((k) => ['local.get $a', `i32.load8_u offset=${k}`, ...(k ? [`i32.const ${8 * k}`, 'i32.shl', 'i32.or'] : [])]));
  // float op with a constant (FIMM_BASE), and the float pairs
  for (const t of ['f32', 'f64'] as const) {
    const [u, w] = OF[t];
    for (const op of ['add', 'sub', 'mul', 'div']) add(`${t}.${op} imm`, t, [u], `local.get ${u}`, `${t}.const 1.5`, `${t}.${op}`);
    add(`${t}.add_mul`, t, [u, w], `local.get ${u}`, `local.get ${w}`, `local.get ${u}`, `${t}.mul`, `${t}.add`);
    add(`${t}.mul_add`, t, [u, w], `local.get ${w}`, `local.get ${u}`, `${t}.mul`, `local.get ${u}`, `${t}.add`);
    add(`${t}.sub_mul`, t, [u, w], `local.get ${u}`, `local.get ${w}`, `local.get ${w}`, `${t}.mul`, `${t}.sub`);
    add(`${t}.add_add`, t, [u, w], `local.get ${u}`, `local.get ${w}`, `local.get ${u}`, `${t}.add`, `${t}.add`);
    add(`${t}.cmp`, 'i32', [u, w], `local.get ${u}`, `local.get ${w}`, `${t}.lt`);
  }
  add('f32_add_mul_ld', 'f32', ['$e', '$f', '$a'], 'local.get $e', 'local.get $f', 'local.get $a', 'i32.const 4', 'i32.add', 'f32.load', 'f32.mul', 'f32.add');
  // F64_SQ_SUB: t = a - b written to a local, then t * t
  p.push({ name: 'f64_sq_sub', t: 'f64', reads: ['$d', '$g'], writes: ['$g'], code: 'local.get $d\nlocal.get $g\nf64.sub\nlocal.tee $g\nlocal.get $g\nf64.mul' });
  add('i64.cmp', 'i32', ['$x', '$y'], 'local.get $x', 'local.get $y', 'i64.lt_s');
  add('select', 'i32', ['$a', '$b'], 'local.get $a', 'local.get $b', 'local.get $a', 'select');
  // a memcpy-shaped loop (BULK_LOOP): copies [b, b+16) to [a, a+16), writing a and b
  p.push({
    name: 'bulk_loop', t: 'i32', reads: ['$a', '$b'], writes: ['$a', '$b'],
    code: ['local.get $a', 'i32.const 16', 'i32.add', 'local.set $n', 'loop', 'local.get $a', 'local.get $b', 'i32.load8_u', 'i32.store8',
      'local.get $b', 'i32.const 1', 'i32.add', 'local.set $b', 'local.get $a', 'i32.const 1', 'i32.add', 'local.tee $a', 'local.get $n',
      'i32.lt_u', 'br_if 0', 'end', 'local.get $a'].join('\n'),
  });
  return p;
}

/** Values that are copies of locals: written to a local, a MOVE_NUM (two in a row: MOVE2). */
function copyPatterns(): Pattern[] {
  return [
    { name: 'copy', t: 'i32', reads: ['$b'], code: 'local.get $b' },
    { name: 'copy2', t: 'i32', reads: ['$a', '$b'], writes: ['$n'], code: 'local.get $a\nlocal.set $n\nlocal.get $b' },
  ];
}

/** Conditions on the i32 local $a (just written): every compare the lowering fuses into a jump. */
export function conditions(): Pattern[] {
  const p: Pattern[] = [];
  const add = (name: string, ...lines: string[]): void => void p.push({ name, t: 'i32', reads: ['$a', '$b'], code: lines.join('\n') });
  for (const op of I32_CMP) add(`${op} imm`, 'local.get $a', 'i32.const 5', `i32.${op}`);
  for (const op of ['eq', 'lt_s', 'ge_u']) add(`${op} local`, 'local.get $a', 'local.get $b', `i32.${op}`);
  for (const op of ['ne', 'gt_u']) add(`${op} swapped`, 'local.get $b', 'local.get $a', `i32.${op}`);
  add('eqz', 'local.get $a', 'i32.eqz');
  add('value', 'local.get $a');
  // the i32.add of a constant fused into the jump (ADDJ, ADDJI), written or not
  add('add-lt_s local', 'local.get $a', 'i32.const -1', 'i32.add', 'local.get $b', 'i32.lt_s');
  add('add-ge_u local', 'local.get $a', 'i32.const 3', 'i32.add', 'local.get $b', 'i32.ge_u');
  add('add-eq imm', 'local.get $a', 'i32.const 1', 'i32.add', 'i32.const 5', 'i32.eq');
  add('add-tee-lt_u local', 'local.get $a', 'i32.const 1', 'i32.add', 'local.tee $a', 'local.get $b', 'i32.lt_u');
  add('count down', 'local.get $a', 'i32.const -1', 'i32.add', 'local.tee $a');
  add('add value', 'local.get $b', 'i32.const 2', 'i32.add');
  return p;
}

export type Write = 'set' | 'tee' | 'none';
export type Pending = 'none' | 'before' | 'after' | 'both' | 'other';
export type Context = 'plain' | 'if' | 'if-else' | 'if-result' | 'br_if' | 'br_if-value' | 'select';
export const WRITES: readonly Write[] = ['set', 'tee', 'none'];
export const PENDINGS: readonly Pending[] = ['none', 'before', 'after', 'both', 'other'];
export const CONTEXTS: readonly Context[] = ['plain', 'if', 'if-else', 'if-result', 'br_if', 'br_if-value', 'select'];

export interface Case {
  /** Writes the pattern's value to this local (of its type). */
  pattern: Pattern;
  target: string;
  write: Write;
  pending: Pending;
  /** A condition computed after the write, consumed by `context` (null: the plain sequence). */
  cond: Pattern | null;
  context: Context;
}

/**
 * One function: pending reads of the target, the pattern written to it,
 * more pending reads, the condition in its context, then the dump. A
 * block around it all is the br_if target.
 */
export function caseBody(c: Case): string {
  const lines: string[] = [];
  const stack: T[] = [];
  const get = (l: string): void => {
    lines.push(`local.get ${l}`);
    stack.push(typeOf(l));
  };
  const other = PARAMS.find((q) => q.t === c.pattern.t && q.name !== c.target && !c.pattern.reads.includes(q.name))?.name ?? c.pattern.reads[0]!;
  lines.push('block $out');
  if (c.pending === 'before' || c.pending === 'both') get(c.target);
  for (const w of c.pattern.writes ?? []) if (c.pending !== 'none') get(w);
  lines.push(c.pattern.code);
  if (c.write === 'none') stack.push(c.pattern.t);
  else {
    lines.push(`local.${c.write} ${c.target}`);
    if (c.write === 'tee') stack.push(c.pattern.t);
  }
  if (c.pending === 'after' || c.pending === 'both') get(c.target);
  if (c.pending === 'other') get(other);
  for (const w of c.pattern.writes ?? []) if (c.pending === 'after' || c.pending === 'both') get(w);
  if (c.cond) {
    if (c.context === 'select') lines.push('i32.const 100', 'i32.const 200');
    if (c.context === 'br_if-value') lines.push('block $v (result i32)', 'local.get $b');
    lines.push(c.cond.code);
    switch (c.context) {
      case 'plain': lines.push('local.set $r'); break;
      case 'if': lines.push('if', 'i32.const 1', 'local.set $r', 'end'); break;
      case 'if-else': lines.push('if', 'i32.const 1', 'local.set $r', 'else', 'local.get $a', 'i32.const 7', 'i32.add', 'local.set $a', 'end'); break;
      case 'if-result': lines.push('if (result i32)', 'i32.const 11', 'else', 'local.get $a', 'end', 'local.set $r'); break;
      case 'br_if': lines.push('br_if $out'); break;
      case 'br_if-value': lines.push('br_if $v', 'drop', 'i32.const 9', 'end', 'local.set $r'); break;
      case 'select': lines.push('select', 'local.set $r'); break;
    }
  }
  // the values left on the stack, top first, into the scratch locals
  const scratch: Record<T, number> = { i32: 0, i64: 0, f32: 0, f64: 0 };
  const saved: string[] = [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const t = stack[i]!;
    const s = `$s_${t}_${scratch[t]++}`;
    lines.push(`local.set ${s}`);
    saved.push(s);
  }
  lines.push('end');
  let at = DUMP_AT;
  for (const l of [...PARAMS.map((q) => q.name), '$r', '$n', ...scratchNames()]) {
    lines.push(`i32.const ${at}`, `local.get ${l}`, `${typeOf(l)}.store`);
    at += 8;
  }
  return lines.join('\n');
}

const SCRATCH_PER_TYPE = 10;
function scratchNames(): string[] {
  return (['i32', 'i64', 'f32', 'f64'] as const).flatMap((t) => Array.from({ length: SCRATCH_PER_TYPE }, (_, i) => `$s_${t}_${i}`));
}

function typeOf(l: string): T {
  if (l === '$r' || l === '$n') return 'i32';
  const p = PARAMS.find((q) => q.name === l);
  if (p) return p.t;
  return l.slice(3, 6) as T;
}

/** The dump's slot types, in order (for NaN-aware comparison). */
export function dumpTypes(): T[] {
  return [...PARAMS.map((q) => q.t), 'i32', 'i32', ...scratchNames().map(typeOf)];
}

/** A module of functions `f0`, `f1`, … for the cases, with the memory exported as `memory`. */
export function moduleText(cases: readonly Case[]): string {
  const params = PARAMS.map((q) => `(param ${q.name} ${q.t})`).join(' ');
  const locals = ['(local $r i32) (local $n i32)', ...scratchNames().map((s) => `(local ${s} ${typeOf(s)})`)].join(' ');
  const bytes = Array.from({ length: 1024 }, (_, i) => `\\${((i * 37 + 11) % 0x3f).toString(16).padStart(2, '0')}`).join('');
  const funcs = cases.map((c, i) => `(func (export "f${i}") ${params} ${locals}\n${caseBody(c)})`);
  return `(module (memory (export "memory") 1) (data (i32.const 0) "${bytes}")\n${funcs.join('\n')})`;
}

/** Every case: each pattern × each way its value reaches a local × each pending read, then each condition × context. */
export function allCases(): Case[] {
  const out: Case[] = [];
  const pats = valuePatterns();
  for (const pattern of pats) {
    const targets = [...new Set([pattern.reads.find((r) => typeOf(r) === pattern.t), OF[pattern.t][1]].filter((x): x is string => x !== undefined))];
    for (const target of targets) {
      for (const write of WRITES) {
        for (const pending of PENDINGS) out.push({ pattern, target, write, pending, cond: null, context: 'plain' });
      }
    }
  }
  // conditions: the i32 patterns written to $a (rotating), then a compare of $a in each context
  const i32s = pats.filter((q) => q.t === 'i32');
  let k = 0;
  for (const cond of conditions()) {
    for (const context of CONTEXTS) {
      for (const write of WRITES) {
        for (const pending of PENDINGS) {
          const pattern = i32s[k++ % i32s.length]!;
          out.push({ pattern, target: '$a', write, pending, cond, context });
        }
      }
    }
  }
  // copies written to $a, then each condition in the contexts that branch on it (MOVE_BR_IF)
  for (const pattern of copyPatterns()) {
    for (const cond of conditions()) {
      for (const context of ['plain', 'if', 'br_if', 'br_if-value'] as const) {
        for (const write of ['set', 'tee'] as const) {
          for (const pending of PENDINGS) out.push({ pattern, target: '$a', write, pending, cond, context });
        }
      }
    }
  }
  return out;
}

/** The arguments every function is called with: conditions true and false, a compare hitting its constant. */
export const ARGS: readonly unknown[][] = [
  [6, 2, 5n, 3n, 1.25, -0.5, 2.5, 0.75],
  [10, 40, -1n, 0x123456789n, 0.5, 3, -1.5, 8],
  [4, 4, 0n, 1n << 40n, -2, 2, 0.125, -3],
  [0, 1, 7n, -7n, 3.5, 1, 4, 0.5],
  [-1, 5, 1n << 63n, 2n, 1, 1, 1, 1],
];
