// wasm function bodies → JavaScript source.
//
// The validator's slot code has lowered structured control flow into jumps
// and dropped value types; the JIT needs both (labelled JS blocks, and i64 as
// two int32 variables), so it walks the validated body bytes itself with a
// type-tracking (not validating) stack. Only validated modules reach here.
//
// SAFETY: every piece of text appended to the output is either fixed text in
// this file, a number we computed, or an identifier built from a fixed prefix
// and a number. Nothing read from the module as a string is ever emitted.

import { Reader } from '../binary/reader.ts';
import { F32, F64, I32, I64, isRef, type FuncType, type ModuleIR, type ValType } from '../module.ts';
import { FC_BASE, OPS } from '../opcodes.ts';
import { TRAP } from './runtime.ts';
import { f32BitsToValue, numLiteral } from './values.ts';

interface Frame {
  kind: 'block' | 'loop' | 'if' | 'func';
  label: number;
  /** Stack height where the frame's params start. */
  base: number;
  params: ValType[];
  results: ValType[];
  /** Was the frame entered in reachable code? */
  reachable: boolean;
  hasElse: boolean;
}

interface StackEntry {
  t: ValType;
  /** Known i32 constant in this slot (for address folding, constant shifts). */
  c?: number;
}

export interface FuncCodegenInfo {
  usesMemory: boolean;
}

/** Per-module constant pool (f32/f64 values that have no exact literal, i.e. NaNs). */
export class ConstPool {
  values: number[] = [];
  private index = new Map<string, number>();
  add(lo: number, hi: number): number {
    const key = `${lo}:${hi}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length / 2;
      this.values.push(lo, hi);
      this.index.set(key, i);
    }
    return i;
  }
}

const f64buf = new Float64Array(1);
const f64words = new Int32Array(f64buf.buffer);

export function blockTypeOf(ir: ModuleIR, bt: number): FuncType {
  if (bt === -64) return { params: [], results: [] }; // 0x40
  if (bt < 0) return { params: [], results: [bt & 0x7f] };
  return ir.types[bt]!;
}

/** JS parameter list for a function type: i64 params take two JS params. */
export function paramNames(params: ValType[]): string[] {
  const out: string[] = [];
  params.forEach((t, i) => {
    out.push(`l${i}`);
    if (t === I64) out.push(`h${i}`);
  });
  return out;
}

const MEM_TRAP = `$T(${TRAP.mem})`;

export function compileFunction(ir: ModuleIR, funcIndex: number, pool: ConstPool): string {
  const defIndex = funcIndex - ir.numImportedFuncs;
  const body = ir.bodies[defIndex]!;
  const type = ir.types[ir.funcs[funcIndex]!]!;
  const localTypes: ValType[] = [...type.params, ...body.locals];
  const r = new Reader(ir.bytes, body.codeStart, body.codeEnd);

  const out: string[] = [];
  const declared = new Set<string>();
  const stack: StackEntry[] = [];
  const frames: Frame[] = [];
  let labelCount = 0;
  let reachable = true;
  let usesMemory = false;
  let hasCalls = false;

  // ---- naming ----
  const declare = (name: string, init: string): string => {
    if (!declared.has(name)) declared.add(name + '=' + init);
    declared.add(name);
    return name;
  };
  const slot = (k: number, t: ValType): string => {
    switch (t) {
      case I32: return declare(`I${k}`, '0');
      case I64: declare(`H${k}`, '0'); return declare(`J${k}`, '0');
      case F32: return declare(`E${k}`, '0');
      case F64: return declare(`F${k}`, '0');
      default: return declare(`R${k}`, 'null');
    }
  };
  const hiSlot = (k: number): string => declare(`H${k}`, '0');
  const local = (i: number): string => `l${i}`;
  const hiLocal = (i: number): string => `h${i}`;

  const push = (t: ValType, c?: number): number => {
    const k = stack.length;
    stack.push(c === undefined ? { t } : { t, c });
    slot(k, t);
    return k;
  };
  let poppedType: ValType = I32;
  const pop = (): number => {
    const e = stack.pop()!;
    popped[stack.length] = e;
    poppedType = e.t;
    return stack.length;
  };
  const top = (): number => stack.length - 1;
  // Values popped keep their entry until overwritten, so a binary op can
  // still see whether its right operand was a constant.
  const popped: (StackEntry | undefined)[] = [];
  const constOf = (k: number): StackEntry => popped[k] ?? { t: I32 };
  const emit = (s: string): void => { out.push(s); };

  /** Copy slot `from` to slot `to` (same type). */
  const moveSlot = (from: number, to: number, t: ValType): void => {
    if (from === to) return;
    emit(`${slot(to, t)}=${slot(from, t)};`);
    if (t === I64) emit(`${hiSlot(to)}=${hiSlot(from)};`);
  };

  const memRefresh = (): void => {
    emit('dv=$M.dv;u8=$M.u8;ML=$M.size;');
  };
  const afterCall = (): void => {
    hasCalls = true;
    // A callee may have grown memory; the refresh is patched in at the end
    // only if this function touches memory (see MEMREFRESH below).
    emit('\u0000');
  };

  const interruptCheck = (): void => {
    emit('if(--$S.fuel<0)$I();');
  };

  // ---- branches ----
  const branchTo = (depth: number): void => {
    const f = frames[frames.length - 1 - depth]!;
    if (f.kind === 'func') {
      emitReturn();
      return;
    }
    const arity = f.kind === 'loop' ? f.params : f.results;
    const n = arity.length;
    const from = stack.length - n;
    for (let i = 0; i < n; i++) moveSlot(from + i, f.base + i, arity[i]!);
    emit(f.kind === 'loop' ? `continue L${f.label};` : `break L${f.label};`);
  };

  const emitReturn = (): void => {
    const results = type.results;
    const n = results.length;
    const from = stack.length - n;
    if (n === 0) {
      emit('return;');
      return;
    }
    // Extra results go through the shared result registers.
    let ri = 0, rf = 0, rr = 0;
    for (let i = 1; i < n; i++) {
      const t = results[i]!, s = slot(from + i, t);
      if (t === I32) emit(`$RI[${ri++}]=${s};`);
      else if (t === I64) { emit(`$RI[${ri++}]=${s};$RI[${ri++}]=${hiSlot(from + i)};`); }
      else if (t === F32 || t === F64) emit(`$RF[${rf++}]=${s};`);
      else emit(`$RR[${rr++}]=${s};`);
    }
    const t0 = results[0]!;
    if (t0 === I64) emit(`$W[0]=${hiSlot(from)};`);
    emit(`return ${slot(from, t0)};`);
  };

  /** Reads call results (in the JIT ABI) into slots starting at `base`. */
  const callInto = (call: string, results: ValType[], base: number): void => {
    if (results.length === 0) {
      emit(`${call};`);
    } else {
      const t0 = results[0]!;
      emit(`${slot(base, t0)}=${call};`);
      if (t0 === I64) emit(`${hiSlot(base)}=$W[0];`);
      let ri = 0, rf = 0, rr = 0;
      for (let i = 1; i < results.length; i++) {
        const t = results[i]!, s = slot(base + i, t);
        if (t === I32) emit(`${s}=$RI[${ri++}];`);
        else if (t === I64) { emit(`${s}=$RI[${ri++}];${hiSlot(base + i)}=$RI[${ri++}];`); }
        else if (t === F32 || t === F64) emit(`${s}=$RF[${rf++}];`);
        else emit(`${s}=$RR[${rr++}];`);
      }
    }
    for (const t of results) push(t);
  };

  const argList = (params: ValType[], base: number): string => {
    const a: string[] = [];
    params.forEach((t, i) => {
      a.push(slot(base + i, t));
      if (t === I64) a.push(hiSlot(base + i));
    });
    return a.join(',');
  };

  // ---- skipping unreachable code ----
  /** Skips instructions until the `end` (or `else`) closing the current frame. Returns that opcode. */
  const skipDead = (): number => {
    let depth = 0;
    for (;;) {
      const op = r.u8();
      switch (op) {
        case 0x02: case 0x03: case 0x04:
          r.s33(); depth++; break;
        case 0x05:
          if (depth === 0) return op;
          break;
        case 0x0b:
          if (depth === 0) return op;
          depth--; break;
        default:
          skipImmediates(op);
      }
    }
  };

  const skipImmediates = (op: number): void => {
    switch (op) {
      case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
      case 0x25: case 0x26: case 0xd2:
        r.u32(); return;
      case 0x0e: {
        const n = r.u32();
        for (let i = 0; i <= n; i++) r.u32();
        return;
      }
      case 0x11: r.u32(); r.u32(); return;
      case 0x1c: { const n = r.u32(); for (let i = 0; i < n; i++) r.u8(); return; }
      case 0x3f: case 0x40: r.u8(); return;
      case 0x41: r.s32(); return;
      case 0x42: r.s64(); return;
      case 0x43: r.i32le(); return;
      case 0x44: r.i32le(); r.i32le(); return;
      case 0xd0: r.u8(); return;
      case 0xfc: {
        const sub = r.u32();
        switch (sub) {
          case 8: r.u32(); r.u8(); return;
          case 9: case 13: case 15: case 16: case 17: r.u32(); return;
          case 10: r.u8(); r.u8(); return;
          case 11: r.u8(); return;
          case 12: case 14: r.u32(); r.u32(); return;
          default: return;
        }
      }
      default:
        if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); }
    }
  };

  // ---- memory ----
  const addr = (a: number, offset: number, width: number): string => {
    usesMemory = true;
    const e = constOf(a);
    const ai = slot(a, I32);
    if (e.c !== undefined) {
      const ea = (e.c >>> 0) + offset;
      emit(`if(${ea}>ML-${width})${MEM_TRAP};`);
      return String(ea);
    }
    emit(offset === 0 ? `A=${ai}>>>0;` : `A=(${ai}>>>0)+${offset};`);
    emit(`if(A>ML-${width})${MEM_TRAP};`);
    return 'A';
  };

  const load = (op: number, offset: number): void => {
    const a = pop();
    const info = OPS[op]!;
    const A = addr(a, offset, info.width);
    const rt = info.results[0]!;
    const d = slot(a, rt);
    switch (op) {
      case 0x28: emit(`${d}=dv.getInt32(${A},true);`); break;
      case 0x29: emit(`${d}=dv.getInt32(${A},true);${hiSlot(a)}=dv.getInt32(${A}+4,true);`); break;
      case 0x2a: emit(`${d}=dv.getFloat32(${A},true);if(${d}!==${d})${d}=$f32v(dv.getInt32(${A},true));`); break;
      case 0x2b: emit(`${d}=dv.getFloat64(${A},true);`); break;
      case 0x2c: emit(`${d}=dv.getInt8(${A});`); break;
      case 0x2d: emit(`${d}=u8[${A}];`); break;
      case 0x2e: emit(`${d}=dv.getInt16(${A},true);`); break;
      case 0x2f: emit(`${d}=dv.getUint16(${A},true);`); break;
      case 0x30: emit(`${d}=dv.getInt8(${A});${hiSlot(a)}=${d}>>31;`); break;
      case 0x31: emit(`${d}=u8[${A}];${hiSlot(a)}=0;`); break;
      case 0x32: emit(`${d}=dv.getInt16(${A},true);${hiSlot(a)}=${d}>>31;`); break;
      case 0x33: emit(`${d}=dv.getUint16(${A},true);${hiSlot(a)}=0;`); break;
      case 0x34: emit(`${d}=dv.getInt32(${A},true);${hiSlot(a)}=${d}>>31;`); break;
      case 0x35: emit(`${d}=dv.getInt32(${A},true);${hiSlot(a)}=0;`); break;
    }
    push(rt);
  };

  const store = (op: number, offset: number): void => {
    const v = pop();
    const a = pop();
    const info = OPS[op]!;
    const vt = info.params[1]!;
    const s = slot(v, vt);
    const A = addr(a, offset, info.width);
    switch (op) {
      case 0x36: emit(`dv.setInt32(${A},${s},true);`); break;
      case 0x37: emit(`dv.setInt32(${A},${s},true);dv.setInt32(${A}+4,${hiSlot(v)},true);`); break;
      case 0x38: emit(`if(${s}===${s})dv.setFloat32(${A},${s},true);else dv.setInt32(${A},$f32b(${s}),true);`); break;
      case 0x39: emit(`dv.setFloat64(${A},${s},true);`); break;
      case 0x3a: case 0x3c: emit(`u8[${A}]=${s};`); break;
      case 0x3b: case 0x3d: emit(`dv.setInt16(${A},${s},true);`); break;
      case 0x3e: emit(`dv.setInt32(${A},${s},true);`); break;
    }
  };

  // ---- numeric ----
  const numeric = (op: number): void => {
    const info = OPS[op]!;
    const np = info.params.length;
    if (np === 2) {
      const b = pop();
      const a = pop();
      binary(op, a, b);
    } else {
      const a = pop();
      unary(op, a);
    }
  };

  const i32cmp = (a: number, expr: string): void => {
    emit(`${slot(a, I32)}=(${expr})?1:0;`);
    push(I32);
  };

  const binary = (op: number, a: number, b: number): void => {
    const eb = constOf(b);
    const info = OPS[op]!;
    const pt = info.params[0]!;
    if (pt === I32) {
      const x = slot(a, I32), y = slot(b, I32);
      let e: string;
      switch (op) {
        case 0x46: return i32cmp(a, `${x}===${y}`);
        case 0x47: return i32cmp(a, `${x}!==${y}`);
        case 0x48: return i32cmp(a, `${x}<${y}`);
        case 0x49: return i32cmp(a, `(${x}>>>0)<(${y}>>>0)`);
        case 0x4a: return i32cmp(a, `${x}>${y}`);
        case 0x4b: return i32cmp(a, `(${x}>>>0)>(${y}>>>0)`);
        case 0x4c: return i32cmp(a, `${x}<=${y}`);
        case 0x4d: return i32cmp(a, `(${x}>>>0)<=(${y}>>>0)`);
        case 0x4e: return i32cmp(a, `${x}>=${y}`);
        case 0x4f: return i32cmp(a, `(${x}>>>0)>=(${y}>>>0)`);
        case 0x6a: e = `(${x}+${y})|0`; break;
        case 0x6b: e = `(${x}-${y})|0`; break;
        case 0x6c: e = `Math.imul(${x},${y})`; break;
        case 0x6d:
          emit(`if(${y}===0)$T(${TRAP.div0});if(${x}===-2147483648&&${y}===-1)$T(${TRAP.ovf});`);
          e = `(${x}/${y})|0`; break;
        case 0x6e: emit(`if(${y}===0)$T(${TRAP.div0});`); e = `((${x}>>>0)/(${y}>>>0))|0`; break;
        case 0x6f: emit(`if(${y}===0)$T(${TRAP.div0});`); e = `(${x}%${y})|0`; break;
        case 0x70: emit(`if(${y}===0)$T(${TRAP.div0});`); e = `((${x}>>>0)%(${y}>>>0))|0`; break;
        case 0x71: e = `${x}&${y}`; break;
        case 0x72: e = `${x}|${y}`; break;
        case 0x73: e = `${x}^${y}`; break;
        case 0x74: e = `${x}<<${y}`; break;
        case 0x75: e = `${x}>>${y}`; break;
        case 0x76: e = `(${x}>>>${y})|0`; break;
        case 0x77: e = eb.c !== undefined ? rotlConst(x, eb.c) : `(${x}<<${y})|(${x}>>>(32-${y}))`; break;
        case 0x78: e = eb.c !== undefined ? rotlConst(x, 32 - (eb.c & 31)) : `(${x}>>>${y})|(${x}<<(32-${y}))`; break;
        default: throw new Error(`jit: unhandled i32 op ${op}`);
      }
      emit(`${x}=${e};`);
      push(I32);
      return;
    }
    if (pt === I64) {
      const xl = slot(a, I64), xh = hiSlot(a), yl = slot(b, I64), yh = hiSlot(b);
      const ltU = (p: string, q: string, ph: string, qh: string): string =>
        `(${ph}>>>0)<(${qh}>>>0)||(${ph}===${qh}&&(${p}>>>0)<(${q}>>>0))`;
      const ltS = (p: string, q: string, ph: string, qh: string): string =>
        `${ph}<${qh}||(${ph}===${qh}&&(${p}>>>0)<(${q}>>>0))`;
      switch (op) {
        case 0x51: return i32cmp(a, `${xl}===${yl}&&${xh}===${yh}`);
        case 0x52: return i32cmp(a, `${xl}!==${yl}||${xh}!==${yh}`);
        case 0x53: return i32cmp(a, ltS(xl, yl, xh, yh));
        case 0x54: return i32cmp(a, ltU(xl, yl, xh, yh));
        case 0x55: return i32cmp(a, ltS(yl, xl, yh, xh));
        case 0x56: return i32cmp(a, ltU(yl, xl, yh, xh));
        case 0x57: return i32cmp(a, `!(${ltS(yl, xl, yh, xh)})`);
        case 0x58: return i32cmp(a, `!(${ltU(yl, xl, yh, xh)})`);
        case 0x59: return i32cmp(a, `!(${ltS(xl, yl, xh, yh)})`);
        case 0x5a: return i32cmp(a, `!(${ltU(xl, yl, xh, yh)})`);
        case 0x7c:
          declare('T', '0');
          emit(`T=${xl}>>>0;${xl}=(${xl}+${yl})|0;${xh}=(${xh}+${yh}+((${xl}>>>0)<T?1:0))|0;`);
          break;
        case 0x7d:
          declare('T', '0');
          emit(`T=(${xl}>>>0)<(${yl}>>>0)?1:0;${xl}=(${xl}-${yl})|0;${xh}=(${xh}-${yh}-T)|0;`);
          break;
        case 0x7e:
          // 64-bit multiply inline: 16-bit partial products for the high
          // word of lo×lo (exact in doubles), Math.imul for the rest.
          declare('T', '0'); declare('U', '0'); declare('V', '0'); declare('X', '0');
          emit(`T=(${xl}&65535)*(${yl}&65535);U=(${xl}>>>16)*(${yl}&65535);V=(${xl}&65535)*(${yl}>>>16);`
            + `X=(T>>>16)+(U&65535)+(V&65535);`
            + `${xh}=((${xl}>>>16)*(${yl}>>>16)+(U>>>16)+(V>>>16)+(X>>>16)+Math.imul(${xl},${yh})+Math.imul(${xh},${yl}))|0;`
            + `${xl}=Math.imul(${xl},${yl});`);
          break;
        case 0x7f: emit(`${xl}=$divS(${xl},${xh},${yl},${yh});${xh}=$W[0];`); break;
        case 0x80: emit(`${xl}=$divU(${xl},${xh},${yl},${yh});${xh}=$W[0];`); break;
        case 0x81: emit(`${xl}=$remS(${xl},${xh},${yl},${yh});${xh}=$W[0];`); break;
        case 0x82: emit(`${xl}=$remU(${xl},${xh},${yl},${yh});${xh}=$W[0];`); break;
        case 0x83: emit(`${xl}&=${yl};${xh}&=${yh};`); break;
        case 0x84: emit(`${xl}|=${yl};${xh}|=${yh};`); break;
        case 0x85: emit(`${xl}^=${yl};${xh}^=${yh};`); break;
        case 0x86: case 0x87: case 0x88: case 0x89: case 0x8a: {
          const c = eb.c;
          if (c !== undefined) emit(shift64Const(op, xl, xh, c & 63));
          else {
            const fn = ['$shl', '$shrS', '$shrU', '$rotl', '$rotr'][op - 0x86]!;
            emit(`${xl}=${fn}(${xl},${xh},${yl});${xh}=$W[0];`);
          }
          break;
        }
        default: throw new Error(`jit: unhandled i64 op ${op}`);
      }
      push(I64);
      return;
    }
    // floats
    const f = pt === F32;
    const x = slot(a, pt), y = slot(b, pt);
    const fr = (e: string): string => (f ? `Math.fround(${e})` : e);
    let e: string;
    switch (op) {
      case 0x5b: case 0x61: return i32cmp(a, `${x}===${y}`);
      case 0x5c: case 0x62: return i32cmp(a, `${x}!==${y}`);
      case 0x5d: case 0x63: return i32cmp(a, `${x}<${y}`);
      case 0x5e: case 0x64: return i32cmp(a, `${x}>${y}`);
      case 0x5f: case 0x65: return i32cmp(a, `${x}<=${y}`);
      case 0x60: case 0x66: return i32cmp(a, `${x}>=${y}`);
      case 0x92: case 0xa0: e = fr(`${x}+${y}`); break;
      case 0x93: case 0xa1: e = fr(`${x}-${y}`); break;
      case 0x94: case 0xa2: e = fr(`${x}*${y}`); break;
      case 0x95: case 0xa3: e = fr(`${x}/${y}`); break;
      case 0x96: case 0xa4: e = f ? `Math.fround(Math.min(${x},${y}))` : `$fmin(${x},${y})`; break;
      case 0x97: case 0xa5: e = f ? `Math.fround(Math.max(${x},${y}))` : `$fmax(${x},${y})`; break;
      case 0x98: case 0xa6: e = `$copysign(${x},${y})`; break;
      default: throw new Error(`jit: unhandled float op ${op}`);
    }
    emit(`${x}=${e};`);
    push(pt);
  };

  const rotlConst = (x: string, c: number): string => {
    c &= 31;
    if (c === 0) return x;
    return `(${x}<<${c})|(${x}>>>${32 - c})`;
  };

  const shift64Const = (op: number, l: string, h: string, c: number): string => {
    if (c === 0) return '';
    declare('T', '0');
    switch (op) {
      case 0x86: // shl
        if (c < 32) return `${h}=(${h}<<${c})|(${l}>>>${32 - c});${l}=${l}<<${c};`;
        return `${h}=${l}<<${c - 32};${l}=0;`;
      case 0x87: // shr_s
        if (c < 32) return `${l}=(${l}>>>${c})|(${h}<<${32 - c});${h}=${h}>>${c};`;
        return `${l}=${h}>>${c - 32};${h}=${h}>>31;`;
      case 0x88: // shr_u
        if (c < 32) return `${l}=(${l}>>>${c})|(${h}<<${32 - c});${h}=(${h}>>>${c})|0;`;
        return `${l}=(${h}>>>${c - 32})|0;${h}=0;`;
      case 0x89: case 0x8a: { // rotl / rotr
        let n = op === 0x89 ? c : (64 - c) & 63;
        let pre = '';
        if (n >= 32) { pre = `T=${l};${l}=${h};${h}=T;`; n -= 32; }
        if (n === 0) return pre;
        return `${pre}T=${l};${l}=(${l}<<${n})|(${h}>>>${32 - n});${h}=(${h}<<${n})|(T>>>${32 - n});`;
      }
    }
    return '';
  };

  const unary = (op: number, a: number): void => {
    const info = OPS[op]!;
    const pt = info.params[0]!, rt = info.results[0]!;
    const x = slot(a, pt);
    const xh = pt === I64 ? hiSlot(a) : '';
    const set = (e: string): void => { emit(`${slot(a, rt)}=${e};`); };
    const setPair = (lo: string): void => { emit(`${slot(a, I64)}=${lo};${hiSlot(a)}=$W[0];`); };
    switch (op) {
      case 0x45: set(`${x}===0?1:0`); break;
      case 0x50: set(`(${x}|${xh})===0?1:0`); break;
      case 0x67: set(`Math.clz32(${x})`); break;
      case 0x68: set(`$ctz32(${x})`); break;
      case 0x69: set(`$popcnt32(${x})`); break;
      case 0x79: emit(`${x}=$clz64(${x},${xh});${xh}=0;`); break;
      case 0x7a: emit(`${x}=$ctz64(${x},${xh});${xh}=0;`); break;
      case 0x7b: emit(`${x}=$popcnt64(${x},${xh});${xh}=0;`); break;
      case 0x8b: case 0x99: set(`Math.abs(${x})`); break;
      case 0x8c: case 0x9a: set(`-${x}`); break;
      case 0x8d: set(`Math.fround(Math.ceil(${x}))`); break;
      case 0x8e: set(`Math.fround(Math.floor(${x}))`); break;
      case 0x8f: set(`Math.fround(Math.trunc(${x}))`); break;
      case 0x90: set(`Math.fround($nearest(${x}))`); break;
      case 0x91: set(`Math.fround(Math.sqrt(${x}))`); break;
      case 0x9b: set(`$q(Math.ceil(${x}))`); break;
      case 0x9c: set(`$q(Math.floor(${x}))`); break;
      case 0x9d: set(`$q(Math.trunc(${x}))`); break;
      case 0x9e: set(`$q($nearest(${x}))`); break;
      case 0x9f: set(`Math.sqrt(${x})`); break;
      case 0xa7: set(x); break; // i32.wrap_i64: the low word
      case 0xa8: case 0xaa: set(`$i32TruncS(${x})`); break;
      case 0xa9: case 0xab: set(`$i32TruncU(${x})`); break;
      case 0xac: emit(`${slot(a, I64)}=${x};${hiSlot(a)}=${x}>>31;`); break;
      case 0xad: emit(`${slot(a, I64)}=${x};${hiSlot(a)}=0;`); break;
      case 0xae: case 0xb0: setPair(`$truncS(${x})`); break;
      case 0xaf: case 0xb1: setPair(`$truncU(${x})`); break;
      case 0xb2: set(`Math.fround(${x})`); break;
      case 0xb3: set(`Math.fround(${x}>>>0)`); break;
      case 0xb4: set(`$f32FromS(${x},${xh})`); break;
      case 0xb5: set(`$f32FromU(${x},${xh})`); break;
      case 0xb6: set(`Math.fround(${x})`); break;
      case 0xb7: set(x); break;
      case 0xb8: set(`${x}>>>0`); break;
      case 0xb9: set(`$f64FromS(${x},${xh})`); break;
      case 0xba: set(`$f64FromU(${x},${xh})`); break;
      case 0xbb: set(`$promote(${x})`); break;
      case 0xbc: set(`$f32b(${x})`); break;
      case 0xbd: setPair(`$f64lo(${x})`); break;
      case 0xbe: set(`$f32v(${x})`); break;
      case 0xbf: set(`$f64v(${x},${xh})`); break;
      case 0xc0: set(`${x}<<24>>24`); break;
      case 0xc1: set(`${x}<<16>>16`); break;
      case 0xc2: emit(`${x}=${x}<<24>>24;${xh}=${x}>>31;`); break;
      case 0xc3: emit(`${x}=${x}<<16>>16;${xh}=${x}>>31;`); break;
      case 0xc4: emit(`${xh}=${x}>>31;`); break;
      case FC_BASE + 0: case FC_BASE + 2: set(`$i32SatS(${x})`); break;
      case FC_BASE + 1: case FC_BASE + 3: set(`$i32SatU(${x})`); break;
      case FC_BASE + 4: case FC_BASE + 6: setPair(`$truncSatS(${x})`); break;
      case FC_BASE + 5: case FC_BASE + 7: setPair(`$truncSatU(${x})`); break;
      default: throw new Error(`jit: unhandled unary op ${op}`);
    }
    push(rt);
  };

  // ---- main loop ----
  frames.push({ kind: 'func', label: -1, base: 0, params: [], results: type.results, reachable: true, hasElse: false });
  interruptCheck();

  const endFrame = (f: Frame): void => {
    // Close the JS construct.
    if (f.kind === 'loop') emit('break;}');
    else if (f.kind === 'if' && !f.hasElse) emit('}');
    else if (f.kind !== 'func') emit('}');
    stack.length = f.base;
    for (const t of f.results) push(t);
    reachable = f.reachable;
  };

  while (frames.length > 0) {
    if (!reachable) {
      const op = skipDead();
      const f = frames[frames.length - 1]!;
      if (op === 0x05) {
        // else of an if whose then-branch ended unreachable
        emit('}else{');
        f.hasElse = true;
        stack.length = f.base;
        for (const t of f.params) push(t);
        reachable = f.reachable;
        continue;
      }
      frames.pop();
      if (f.kind === 'func') {
        break;
      }
      endFrame(f);
      continue;
    }
    const op = r.u8();
    switch (op) {
      case 0x00: emit(`$T(${TRAP.unreachable});`); reachable = false; break;
      case 0x01: break;
      case 0x02: case 0x03: case 0x04: {
        const bt = blockTypeOf(ir, r.s33());
        let cond = '';
        if (op === 0x04) cond = slot(pop(), I32);
        const label = labelCount++;
        const base = stack.length - bt.params.length;
        frames.push({
          kind: op === 0x02 ? 'block' : op === 0x03 ? 'loop' : 'if',
          label, base, params: bt.params, results: bt.results, reachable: true, hasElse: false,
        });
        // Constants known before a block are not known inside a loop.
        for (let i = base; i < stack.length; i++) delete stack[i]!.c;
        if (op === 0x02) emit(`L${label}:{`);
        else if (op === 0x03) { emit(`L${label}:for(;;){`); interruptCheck(); }
        else emit(`L${label}:if(${cond}){`);
        break;
      }
      case 0x05: {
        const f = frames[frames.length - 1]!;
        emit('}else{');
        f.hasElse = true;
        stack.length = f.base;
        for (const t of f.params) push(t);
        break;
      }
      case 0x0b: {
        const f = frames.pop()!;
        if (f.kind === 'func') {
          emitReturn();
          break;
        }
        if (f.kind === 'if' && !f.hasElse && f.params.length > 0) {
          // if without else: the implicit else passes the params through
          // (params === results here), already in place.
        }
        endFrame(f);
        break;
      }
      case 0x0c: branchTo(r.u32()); reachable = false; break;
      case 0x0d: {
        const depth = r.u32();
        const c = slot(pop(), I32);
        emit(`if(${c}){`);
        branchTo(depth);
        emit('}');
        break;
      }
      case 0x0e: {
        const n = r.u32();
        const targets: number[] = [];
        for (let i = 0; i < n; i++) targets.push(r.u32());
        const dflt = r.u32();
        const c = slot(pop(), I32);
        emit(`switch(${c}){`);
        // Group cases by target.
        const byTarget = new Map<number, number[]>();
        targets.forEach((t, i) => {
          if (t === dflt) return;
          const l = byTarget.get(t);
          if (l) l.push(i); else byTarget.set(t, [i]);
        });
        for (const [t, cases] of byTarget) {
          emit(cases.map((i) => `case ${i}:`).join(''));
          branchTo(t);
        }
        emit('default:');
        branchTo(dflt);
        emit('}');
        reachable = false;
        break;
      }
      case 0x0f: emitReturn(); reachable = false; break;
      case 0x10: {
        const fi = r.u32();
        const ft = ir.types[ir.funcs[fi]!]!;
        const base = stack.length - ft.params.length;
        const args = argList(ft.params, base);
        stack.length = base;
        callInto(`f${fi}(${args})`, ft.results, base);
        afterCall();
        break;
      }
      case 0x11: {
        const ti = r.u32();
        const table = r.u32();
        const ft = ir.types[ti]!;
        const idx = slot(pop(), I32);
        const base = stack.length - ft.params.length;
        const args = argList(ft.params, base);
        stack.length = base;
        callInto(`$ci($tb${table},${idx},$TY[${ti}])(${args})`, ft.results, base);
        afterCall();
        break;
      }
      case 0x1a: pop(); break;
      case 0x1b: case 0x1c: {
        if (op === 0x1c) { const n = r.u32(); for (let i = 0; i < n; i++) r.u8(); }
        const c = slot(pop(), I32);
        const b = pop();
        const ty = poppedType;
        const a = pop();
        const x = slot(a, ty), y = slot(b, ty);
        if (ty === I64) emit(`if(!${c}){${x}=${y};${hiSlot(a)}=${hiSlot(b)};}`);
        else emit(`if(!${c})${x}=${y};`);
        push(ty);
        break;
      }
      case 0x20: {
        const i = r.u32();
        const t = localTypes[i]!;
        const k = push(t);
        emit(`${slot(k, t)}=${local(i)};`);
        if (t === I64) emit(`${hiSlot(k)}=${hiLocal(i)};`);
        break;
      }
      case 0x21: case 0x22: {
        const i = r.u32();
        const t = localTypes[i]!;
        const k = pop();
        emit(`${local(i)}=${slot(k, t)};`);
        if (t === I64) emit(`${hiLocal(i)}=${hiSlot(k)};`);
        if (op === 0x22) push(t);
        break;
      }
      case 0x23: {
        const g = r.u32();
        const t = ir.globals[g]!.type;
        const k = push(t);
        const d = slot(k, t);
        if (t === I32) emit(`${d}=$g${g}[0];`);
        else if (t === I64) emit(`${d}=$g${g}[0];${hiSlot(k)}=$g${g}[1];`);
        else if (t === F32) emit(`${d}=$f32v($g${g}[0]);`);
        else if (t === F64) emit(`${d}=$g${g}[0];`);
        else emit(`${d}=$g${g}.ref;`);
        break;
      }
      case 0x24: {
        const g = r.u32();
        const t = ir.globals[g]!.type;
        const k = pop();
        const v = slot(k, t);
        if (t === I32 || t === F64) emit(`$g${g}[0]=${v};`);
        else if (t === I64) emit(`$g${g}[0]=${v};$g${g}[1]=${hiSlot(k)};`);
        else if (t === F32) emit(`$g${g}[0]=$f32b(${v});`);
        else emit(`$g${g}.ref=${v};`);
        break;
      }
      case 0x25: {
        const ti = r.u32();
        const k = pop();
        const i = slot(k, I32);
        const t = ir.tables[ti]!.elem;
        emit(`${slot(k, t)}=$tget($tb${ti},${i});`);
        push(t);
        break;
      }
      case 0x26: {
        const ti = r.u32();
        const t = ir.tables[ti]!.elem;
        const v = slot(pop(), t);
        const i = slot(pop(), I32);
        emit(`$tset($tb${ti},${i},${v});`);
        break;
      }
      case 0x3f: {
        r.u8();
        usesMemory = true;
        const k = push(I32);
        emit(`${slot(k, I32)}=$M.size/65536;`);
        break;
      }
      case 0x40: {
        r.u8();
        usesMemory = true;
        const k = top();
        emit(`${slot(k, I32)}=$grow($M,${slot(k, I32)});`);
        memRefresh();
        break;
      }
      case 0x41: {
        const v = r.s32();
        const k = push(I32, v);
        emit(`${slot(k, I32)}=${v};`);
        break;
      }
      case 0x42: {
        const [lo, hi] = r.s64();
        const k = push(I64, lo);
        emit(`${slot(k, I64)}=${lo};${hiSlot(k)}=${hi};`);
        break;
      }
      case 0x43: {
        const bits = r.i32le();
        const k = push(F32);
        const v = f32BitsToValue(bits);
        emit(`${slot(k, F32)}=${v === v ? numLiteral(v) : poolRef(v)};`);
        break;
      }
      case 0x44: {
        const lo = r.i32le(), hi = r.i32le();
        f64words[0] = lo; f64words[1] = hi;
        const v = f64buf[0]!;
        const k = push(F64);
        emit(`${slot(k, F64)}=${v === v ? numLiteral(v) : `$C[${pool.add(lo, hi)}]`};`);
        break;
      }
      case 0xd0: {
        const t = r.u8();
        const k = push(t);
        emit(`${slot(k, t)}=null;`);
        break;
      }
      case 0xd1: {
        const k = pop();
        const t = poppedType;
        emit(`${slot(k, I32)}=${slot(k, t)}===null?1:0;`);
        push(I32);
        break;
      }
      case 0xd2: {
        const fi = r.u32();
        const k = push(FUNCREF_T);
        emit(`${slot(k, FUNCREF_T)}=$ref(${fi});`);
        break;
      }
      case 0xfc: {
        const sub = r.u32();
        fcOp(sub);
        break;
      }
      default: {
        if (op >= 0x28 && op <= 0x35) {
          r.u32();
          load(op, r.u32());
        } else if (op >= 0x36 && op <= 0x3e) {
          r.u32();
          store(op, r.u32());
        } else if (OPS[op]?.imm === 'none') {
          numeric(op);
        } else {
          throw new Error(`jit: unsupported opcode 0x${op.toString(16)}`);
        }
      }
    }
  }

  function poolRef(v: number): string {
    f64buf[0] = v;
    return `$C[${pool.add(f64words[0]!, f64words[1]!)}]`;
  }

  function fcOp(sub: number): void {
    if (sub <= 7) {
      numeric(FC_BASE + sub);
      return;
    }
    switch (sub) {
      case 8: { // memory.init
        const seg = r.u32(); r.u8();
        usesMemory = true;
        const n = slot(pop(), I32), s = slot(pop(), I32), d = slot(pop(), I32);
        emit(`$minit($M,${seg},${d},${s},${n});`);
        break;
      }
      case 9: emit(`$ddrop(${r.u32()});`); break;
      case 10: {
        r.u8(); r.u8();
        usesMemory = true;
        const n = slot(pop(), I32), s = slot(pop(), I32), d = slot(pop(), I32);
        emit(`$mcopy($M,${d},${s},${n});`);
        break;
      }
      case 11: {
        r.u8();
        usesMemory = true;
        const n = slot(pop(), I32), v = slot(pop(), I32), d = slot(pop(), I32);
        emit(`$mfill($M,${d},${v},${n});`);
        break;
      }
      case 12: { // table.init seg table
        const seg = r.u32(), ti = r.u32();
        const n = slot(pop(), I32), s = slot(pop(), I32), d = slot(pop(), I32);
        emit(`$tinit($tb${ti},${seg},${d},${s},${n});`);
        break;
      }
      case 13: emit(`$edrop(${r.u32()});`); break;
      case 14: {
        const dt = r.u32(), st = r.u32();
        const n = slot(pop(), I32), s = slot(pop(), I32), d = slot(pop(), I32);
        emit(`$tcopy($tb${dt},$tb${st},${d},${s},${n});`);
        break;
      }
      case 15: { // table.grow: init n -> old size
        const ti = r.u32();
        const t = ir.tables[ti]!.elem;
        const n = slot(pop(), I32);
        const k = pop();
        const v = slot(k, t);
        emit(`${slot(k, I32)}=$tgrow($tb${ti},${v},${n});`);
        push(I32);
        break;
      }
      case 16: {
        const ti = r.u32();
        const k = push(I32);
        emit(`${slot(k, I32)}=$tsize($tb${ti});`);
        break;
      }
      case 17: { // table.fill i v n
        const ti = r.u32();
        const t = ir.tables[ti]!.elem;
        const n = slot(pop(), I32), v = slot(pop(), t), i = slot(pop(), I32);
        emit(`$tfill($tb${ti},${i},${v},${n});`);
        break;
      }
      default: throw new Error(`jit: unsupported 0xfc ${sub}`);
    }
  }

  // ---- assemble ----
  const params = paramNames(type.params);
  const decls: string[] = [];
  for (let i = type.params.length; i < localTypes.length; i++) {
    const t = localTypes[i]!;
    decls.push(`${local(i)}=${isRef(t) ? 'null' : '0'}`);
    if (t === I64) decls.push(`${hiLocal(i)}=0`);
  }
  for (const d of declared) if (d.includes('=')) decls.push(d);
  if (usesMemory) decls.push('A=0', 'dv=$M.dv', 'u8=$M.u8', 'ML=$M.size');
  let text = out.join('');
  text = text.split('\u0000').join(usesMemory ? 'dv=$M.dv;u8=$M.u8;ML=$M.size;' : '');
  void hasCalls;
  return `function f${funcIndex}(${params.join(',')}){${decls.length ? `let ${decls.join(',')};` : ''}${text}}\n`;

  // (declared after use; hoisted)
}

const FUNCREF_T = 0x70;
