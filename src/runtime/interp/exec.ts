// The interpreter: executes slot code (module.ts, CompiledFunc). One loop runs
// all wasm-to-wasm calls without JS recursion, saving caller frames in the
// frame stack (stack.ts); host functions and other engines' functions are
// called through callSlots (values.ts). Traps are RuntimeErrors with the
// testsuite's trap texts.
import type { FuncInst, InstanceState, MemoryInst } from '../store.ts';
import { FuncKind } from '../store.ts';
import { F, F32, FUEL_INTERVAL, I, MAX_FRAMES, R, SLOTS, fFp, fFunc, fPc, state, trap } from './stack.ts';
import { callHostAt } from '../values.ts';
import { i64DivRem, i64Mul, i64ToF32, i64TruncSet, nearest, popcnt32 } from './num.ts';

const EMPTY_CODE = new Int32Array(0);

function checkInterrupt(f: FuncInst): void {
  state.fuel = FUEL_INTERVAL;
  const cb = f.inst?.shouldInterrupt;
  if (cb && cb()) throw trap('interrupted', f);
}

/** Runs interpreted function `entry` with its arguments in slots fp..; results end up in fp... */
export function run(entry: FuncInst, entryFp: number): void {
  const baseFsp = state.fsp;
  const savedTop = state.top;
  try {
    loop(entry, entryFp, baseFsp);
  } finally {
    state.fsp = baseFsp;
    state.top = savedTop;
  }
}

function loop(entry: FuncInst, entryFp: number, baseFsp: number): void {
  let cur = entry;
  let inst = cur.inst as InstanceState;
  let cf = cur.compiled!;
  let code = cf.code;
  let fp = entryFp;
  let pc = 0;
  let mem: MemoryInst | null = inst.memory;
  let dv = mem ? mem.dv : new DataView(new ArrayBuffer(0));
  let u8 = mem ? mem.u8 : new Uint8Array(0);
  let memSize = mem ? mem.size : 0;
  let funcs = inst.funcs;
  void EMPTY_CODE;

  // entering a function: stack check, zero the declared locals
  if (fp + cf.maxSlots > SLOTS) throw trap('call stack exhausted', cur);
  for (let i = cur.type.params.length; i < cf.numLocals; i++) {
    I[(fp + i) << 1] = 0;
    I[((fp + i) << 1) + 1] = 0;
  }
  for (const r of cf.refLocals) R[fp + r] = null;
  if (--state.fuel < 0) checkInterrupt(cur);

  for (;;) {
    const op = code[pc]!;
    switch (op) {
      // ---- control ----
      case 0x00:
        throw trap('unreachable', cur);
      case 0x03: // LOOP_HEAD
        if (--state.fuel < 0) checkInterrupt(cur);
        pc += 1;
        break;
      case 0x04: // IF cond else
        pc = I[(fp + code[pc + 1]!) << 1] === 0 ? code[pc + 2]! : pc + 3;
        break;
      case 0x05: // JUMP
        pc = code[pc + 1]!;
        break;
      case 0x0c: { // BR_MOVE target n from to
        const n = code[pc + 2]!;
        const from = fp + code[pc + 3]!;
        const to = fp + code[pc + 4]!;
        for (let i = 0; i < n; i++) {
          I[(to + i) << 1] = I[(from + i) << 1];
          I[((to + i) << 1) + 1] = I[((from + i) << 1) + 1];
          R[to + i] = R[from + i];
        }
        pc = code[pc + 1]!;
        break;
      }
      case 0x0d: // BR_IF cond target
        pc = I[(fp + code[pc + 1]!) << 1] !== 0 ? code[pc + 2]! : pc + 3;
        break;
      case 0x06: // BR_IF_MOVE cond target n from to
        if (I[(fp + code[pc + 1]!) << 1] !== 0) {
          const n = code[pc + 3]!;
          const from = fp + code[pc + 4]!;
          const to = fp + code[pc + 5]!;
          for (let i = 0; i < n; i++) {
            I[(to + i) << 1] = I[(from + i) << 1];
            I[((to + i) << 1) + 1] = I[((from + i) << 1) + 1];
            R[to + i] = R[from + i];
          }
          pc = code[pc + 2]!;
        } else pc += 6;
        break;
      case 0x0e: { // BR_TABLE idx n from count (target to)*(count+1)
        let k = I[(fp + code[pc + 1]!) << 1]! >>> 0;
        const count = code[pc + 4]!;
        if (k > count) k = count;
        const n = code[pc + 2]!;
        const from = fp + code[pc + 3]!;
        const to = fp + code[pc + 6 + 2 * k]!;
        if (n !== 0 && from !== to) {
          for (let i = 0; i < n; i++) {
            I[(to + i) << 1] = I[(from + i) << 1];
            I[((to + i) << 1) + 1] = I[((from + i) << 1) + 1];
            R[to + i] = R[from + i];
          }
        }
        pc = code[pc + 5 + 2 * k]!;
        break;
      }
      case 0x0f: { // RETURN from n
        const n = code[pc + 2]!;
        const from = fp + code[pc + 1]!;
        if (from !== fp) {
          for (let i = 0; i < n; i++) {
            I[(fp + i) << 1] = I[(from + i) << 1];
            I[((fp + i) << 1) + 1] = I[((from + i) << 1) + 1];
            R[fp + i] = R[from + i];
          }
        }
        if (state.fsp === baseFsp) return;
        const s = --state.fsp;
        const caller = fFunc[s]!;
        fFunc[s] = null;
        pc = fPc[s]!;
        fp = fFp[s]!;
        cur = caller;
        cf = cur.compiled!;
        code = cf.code;
        if (cur.inst !== inst) {
          inst = cur.inst!;
          funcs = inst.funcs;
        }
        mem = inst.memory;
        if (mem) {
          dv = mem.dv;
          u8 = mem.u8;
          memSize = mem.size;
        }
        break;
      }
      case 0x10: // CALL f base
      case 0x11: { // CALL_INDIRECT type table base
        let callee: FuncInst;
        let base: number;
        if (op === 0x10) {
          callee = funcs[code[pc + 1]!]!;
          base = fp + code[pc + 2]!;
          pc += 3;
        } else {
          const want = inst.typeSigs[code[pc + 1]!]!;
          const table = inst.tables[code[pc + 2]!]!;
          base = fp + code[pc + 3]!;
          const nparams = inst.module.types[code[pc + 1]!]!.params.length;
          const k = I[(base + nparams) << 1]! >>> 0;
          if (k >= table.elements.length) throw trap('undefined element', cur, `undefined element ${k}`);
          const f = table.elements[k] as FuncInst | null;
          if (f === null) throw trap('uninitialized element', cur, `uninitialized element ${k}`);
          if (f.sig !== want) throw trap('indirect call type mismatch', cur);
          callee = f;
          pc += 4;
        }
        if (callee.kind === FuncKind.Interp) {
          const s = state.fsp;
          if (s >= MAX_FRAMES) throw trap('call stack exhausted', cur);
          fFunc[s] = cur;
          fPc[s] = pc;
          fFp[s] = fp;
          state.fsp = s + 1;
          cur = callee;
          cf = cur.compiled!;
          code = cf.code;
          fp = base;
          pc = 0;
          if (fp + cf.maxSlots > SLOTS) throw trap('call stack exhausted', cur);
          for (let i = cur.type.params.length; i < cf.numLocals; i++) {
            I[(fp + i) << 1] = 0;
            I[((fp + i) << 1) + 1] = 0;
          }
          const rl = cf.refLocals;
          for (let i = 0; i < rl.length; i++) R[fp + rl[i]!] = null;
          if (cur.inst !== inst) {
            inst = cur.inst!;
            funcs = inst.funcs;
            mem = inst.memory;
            if (mem) {
              dv = mem.dv;
              u8 = mem.u8;
              memSize = mem.size;
            }
          }
          if (--state.fuel < 0) checkInterrupt(cur);
        } else {
          // host or other-engine function: protect this frame, then call out
          const s = state.fsp;
          if (s >= MAX_FRAMES) throw trap('call stack exhausted', cur);
          fFunc[s] = cur;
          fPc[s] = pc;
          fFp[s] = fp;
          state.fsp = s + 1;
          const savedTop = state.top;
          state.top = fp + cf.maxSlots;
          callHostAt(callee, base);
          state.top = savedTop;
          state.fsp = s;
          fFunc[s] = null;
          mem = inst.memory;
          if (mem) {
            dv = mem.dv;
            u8 = mem.u8;
            memSize = mem.size;
          }
        }
        break;
      }

      // ---- slots, globals, select ----
      case 0x20: { // MOVE_NUM dst src
        const d = (fp + code[pc + 1]!) << 1;
        const s = (fp + code[pc + 2]!) << 1;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        pc += 3;
        break;
      }
      case 0x21: // MOVE_REF dst src
        R[fp + code[pc + 1]!] = R[fp + code[pc + 2]!];
        pc += 3;
        break;
      case 0x1b: { // SELECT_NUM a
        const x = (fp + code[pc + 1]!) << 1;
        if (I[x + 4] === 0) {
          I[x] = I[x + 2]!;
          I[x + 1] = I[x + 3]!;
        }
        pc += 2;
        break;
      }
      case 0x1c: { // SELECT_REF a
        const a = fp + code[pc + 1]!;
        if (I[(a + 2) << 1] === 0) R[a] = R[a + 1];
        pc += 2;
        break;
      }
      case 0x23: { // GLOBAL_GET_NUM dst g
        const g = inst.globals[code[pc + 2]!]!.i;
        const x = (fp + code[pc + 1]!) << 1;
        I[x] = g[0]!;
        I[x + 1] = g[1]!;
        pc += 3;
        break;
      }
      case 0x24: { // GLOBAL_SET_NUM src g
        const g = inst.globals[code[pc + 2]!]!.i;
        const x = (fp + code[pc + 1]!) << 1;
        g[0] = I[x]!;
        g[1] = I[x + 1]!;
        pc += 3;
        break;
      }
      case 0x07: // GLOBAL_GET_REF
        R[fp + code[pc + 1]!] = inst.globals[code[pc + 2]!]!.ref;
        pc += 3;
        break;
      case 0x08: // GLOBAL_SET_REF
        inst.globals[code[pc + 2]!]!.ref = R[fp + code[pc + 1]!];
        pc += 3;
        break;

      // ---- tables and references ----
      case 0x25: { // table.get a t
        const a = fp + code[pc + 1]!;
        const t = inst.tables[code[pc + 2]!]!;
        const k = I[a << 1]! >>> 0;
        if (k >= t.elements.length) throw trap('out of bounds table access', cur);
        R[a] = t.elements[k];
        pc += 3;
        break;
      }
      case 0x26: { // table.set a t
        const a = fp + code[pc + 1]!;
        const t = inst.tables[code[pc + 2]!]!;
        const k = I[a << 1]! >>> 0;
        if (k >= t.elements.length) throw trap('out of bounds table access', cur);
        t.elements[k] = R[a + 1];
        pc += 3;
        break;
      }
      case 0xd0: // ref.null
        R[fp + code[pc + 1]!] = null;
        pc += 2;
        break;
      case 0xd1: { // ref.is_null
        const a = fp + code[pc + 1]!;
        I[a << 1] = R[a] === null ? 1 : 0;
        pc += 2;
        break;
      }
      case 0xd2: // ref.func a x
        R[fp + code[pc + 1]!] = funcs[code[pc + 2]!];
        pc += 3;
        break;
      case 0xef: { // table.grow a t
        const a = fp + code[pc + 1]!;
        const t = inst.tables[code[pc + 2]!]!;
        I[a << 1] = t.grow(I[(a + 1) << 1]! >>> 0, R[a]);
        pc += 3;
        break;
      }
      case 0xf0: // table.size a t
        I[(fp + code[pc + 1]!) << 1] = inst.tables[code[pc + 2]!]!.elements.length;
        pc += 3;
        break;
      case 0xf1: { // table.fill a t
        const a = fp + code[pc + 1]!;
        const t = inst.tables[code[pc + 2]!]!;
        const i0 = I[a << 1]! >>> 0;
        const v = R[a + 1];
        const n = I[(a + 2) << 1]! >>> 0;
        if (i0 + n > t.elements.length) throw trap('out of bounds table access', cur);
        for (let i = 0; i < n; i++) t.elements[i0 + i] = v;
        pc += 3;
        break;
      }
      case 0xee: { // table.copy a dst src
        const a = fp + code[pc + 1]!;
        const td = inst.tables[code[pc + 2]!]!;
        const ts = inst.tables[code[pc + 3]!]!;
        const d = I[a << 1]! >>> 0;
        const s = I[(a + 1) << 1]! >>> 0;
        const n = I[(a + 2) << 1]! >>> 0;
        if (s + n > ts.elements.length || d + n > td.elements.length) throw trap('out of bounds table access', cur);
        if (td === ts && d > s) for (let i = n - 1; i >= 0; i--) td.elements[d + i] = ts.elements[s + i];
        else for (let i = 0; i < n; i++) td.elements[d + i] = ts.elements[s + i];
        pc += 4;
        break;
      }
      case 0xec: { // table.init a table elem
        const a = fp + code[pc + 1]!;
        const t = inst.tables[code[pc + 2]!]!;
        const seg = inst.elems[code[pc + 3]!]!;
        const d = I[a << 1]! >>> 0;
        const s = I[(a + 1) << 1]! >>> 0;
        const n = I[(a + 2) << 1]! >>> 0;
        if (s + n > seg.length || d + n > t.elements.length) throw trap('out of bounds table access', cur);
        for (let i = 0; i < n; i++) t.elements[d + i] = seg[s + i];
        pc += 4;
        break;
      }
      case 0xed: // elem.drop
        inst.elems[code[pc + 1]!] = [];
        pc += 2;
        break;

      // ---- memory ----
      case 0x3f: // memory.size
        I[(fp + code[pc + 1]!) << 1] = memSize / 65536;
        pc += 2;
        break;
      case 0x40: { // memory.grow
        const x = (fp + code[pc + 1]!) << 1;
        I[x] = mem!.grow(I[x]! >>> 0);
        dv = mem!.dv;
        u8 = mem!.u8;
        memSize = mem!.size;
        pc += 2;
        break;
      }
      case 0xe8: { // memory.init a seg
        const x = (fp + code[pc + 1]!) << 1;
        const seg = inst.datas[code[pc + 2]!]!;
        const d = I[x]! >>> 0;
        const s = I[x + 2]! >>> 0;
        const n = I[x + 4]! >>> 0;
        if (s + n > seg.length || d + n > memSize) throw trap('out of bounds memory access', cur);
        u8.set(seg.subarray(s, s + n), d);
        pc += 3;
        break;
      }
      case 0xe9: // data.drop
        inst.datas[code[pc + 1]!] = new Uint8Array(0);
        pc += 2;
        break;
      case 0xea: { // memory.copy a
        const x = (fp + code[pc + 1]!) << 1;
        const d = I[x]! >>> 0;
        const s = I[x + 2]! >>> 0;
        const n = I[x + 4]! >>> 0;
        if (s + n > memSize || d + n > memSize) throw trap('out of bounds memory access', cur);
        u8.copyWithin(d, s, s + n);
        pc += 2;
        break;
      }
      case 0xeb: { // memory.fill a
        const x = (fp + code[pc + 1]!) << 1;
        const d = I[x]! >>> 0;
        const v = I[x + 2]! & 255;
        const n = I[x + 4]! >>> 0;
        if (d + n > memSize) throw trap('out of bounds memory access', cur);
        u8.fill(v, d, d + n);
        pc += 2;
        break;
      }
      // loads: [op, a, offset]
      case 0x28: case 0x2a: { // i32.load, f32.load
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        I[x] = dv.getInt32(ea, true);
        pc += 3;
        break;
      }
      case 0x29: case 0x2b: { // i64.load, f64.load
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 8 > memSize) throw trap('out of bounds memory access', cur);
        I[x] = dv.getInt32(ea, true);
        I[x + 1] = dv.getInt32(ea + 4, true);
        pc += 3;
        break;
      }
      case 0x2c: case 0x2d: case 0x30: case 0x31: { // load8
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 1 > memSize) throw trap('out of bounds memory access', cur);
        const v = op === 0x2c || op === 0x30 ? (u8[ea]! << 24) >> 24 : u8[ea]!;
        I[x] = v;
        if (op >= 0x30) I[x + 1] = v >> 31;
        pc += 3;
        break;
      }
      case 0x2e: case 0x2f: case 0x32: case 0x33: { // load16
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 2 > memSize) throw trap('out of bounds memory access', cur);
        const v = op === 0x2e || op === 0x32 ? dv.getInt16(ea, true) : dv.getUint16(ea, true);
        I[x] = v;
        if (op >= 0x32) I[x + 1] = v >> 31;
        pc += 3;
        break;
      }
      case 0x34: case 0x35: { // i64.load32_s/u
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        const v = dv.getInt32(ea, true);
        I[x] = v;
        I[x + 1] = op === 0x34 ? v >> 31 : 0;
        pc += 3;
        break;
      }
      case 0x36: case 0x38: case 0x3e: { // i32.store, f32.store, i64.store32
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        dv.setInt32(ea, I[x + 2]!, true);
        pc += 3;
        break;
      }
      case 0x37: case 0x39: { // i64.store, f64.store
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 8 > memSize) throw trap('out of bounds memory access', cur);
        dv.setInt32(ea, I[x + 2]!, true);
        dv.setInt32(ea + 4, I[x + 3]!, true);
        pc += 3;
        break;
      }
      case 0x3a: case 0x3c: { // store8
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 1 > memSize) throw trap('out of bounds memory access', cur);
        u8[ea] = I[x + 2]!;
        pc += 3;
        break;
      }
      case 0x3b: case 0x3d: { // store16
        const x = (fp + code[pc + 1]!) << 1;
        const ea = (I[x]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ea + 2 > memSize) throw trap('out of bounds memory access', cur);
        dv.setInt16(ea, I[x + 2]!, true);
        pc += 3;
        break;
      }

      // ---- constants ----
      case 0x41: case 0x43: // i32.const, f32.const
        I[(fp + code[pc + 1]!) << 1] = code[pc + 2]!;
        pc += 3;
        break;
      case 0x42: case 0x44: { // i64.const, f64.const
        const x = (fp + code[pc + 1]!) << 1;
        I[x] = code[pc + 2]!;
        I[x + 1] = code[pc + 3]!;
        pc += 4;
        break;
      }

      // ---- i32 ----
      case 0x45: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x] === 0 ? 1 : 0; pc += 2; break; }
      case 0x46: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x] === I[x + 2] ? 1 : 0; pc += 2; break; }
      case 0x47: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x] !== I[x + 2] ? 1 : 0; pc += 2; break; }
      case 0x48: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! < I[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x49: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >>> 0 < I[x + 2]! >>> 0 ? 1 : 0; pc += 2; break; }
      case 0x4a: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! > I[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x4b: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >>> 0 > I[x + 2]! >>> 0 ? 1 : 0; pc += 2; break; }
      case 0x4c: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! <= I[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x4d: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >>> 0 <= I[x + 2]! >>> 0 ? 1 : 0; pc += 2; break; }
      case 0x4e: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >= I[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x4f: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >>> 0 >= I[x + 2]! >>> 0 ? 1 : 0; pc += 2; break; }
      case 0x67: { const x = (fp + code[pc + 1]!) << 1; I[x] = Math.clz32(I[x]!); pc += 2; break; }
      case 0x68: { const x = (fp + code[pc + 1]!) << 1; const v = I[x]!; I[x] = v === 0 ? 32 : 31 - Math.clz32(v & -v); pc += 2; break; }
      case 0x69: { const x = (fp + code[pc + 1]!) << 1; I[x] = popcnt32(I[x]!); pc += 2; break; }
      case 0x6a: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! + I[x + 2]!; pc += 2; break; }
      case 0x6b: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! - I[x + 2]!; pc += 2; break; }
      case 0x6c: { const x = (fp + code[pc + 1]!) << 1; I[x] = Math.imul(I[x]!, I[x + 2]!); pc += 2; break; }
      case 0x6d: {
        const x = (fp + code[pc + 1]!) << 1;
        const a = I[x]!, b = I[x + 2]!;
        if (b === 0) throw trap('integer divide by zero', cur);
        if (a === -2147483648 && b === -1) throw trap('integer overflow', cur);
        I[x] = a / b;
        pc += 2;
        break;
      }
      case 0x6e: {
        const x = (fp + code[pc + 1]!) << 1;
        const b = I[x + 2]! >>> 0;
        if (b === 0) throw trap('integer divide by zero', cur);
        I[x] = Math.trunc((I[x]! >>> 0) / b);
        pc += 2;
        break;
      }
      case 0x6f: {
        const x = (fp + code[pc + 1]!) << 1;
        const b = I[x + 2]!;
        if (b === 0) throw trap('integer divide by zero', cur);
        I[x] = I[x]! % b;
        pc += 2;
        break;
      }
      case 0x70: {
        const x = (fp + code[pc + 1]!) << 1;
        const b = I[x + 2]! >>> 0;
        if (b === 0) throw trap('integer divide by zero', cur);
        I[x] = (I[x]! >>> 0) % b;
        pc += 2;
        break;
      }
      case 0x71: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! & I[x + 2]!; pc += 2; break; }
      case 0x72: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! | I[x + 2]!; pc += 2; break; }
      case 0x73: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! ^ I[x + 2]!; pc += 2; break; }
      case 0x74: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! << I[x + 2]!; pc += 2; break; }
      case 0x75: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >> I[x + 2]!; pc += 2; break; }
      case 0x76: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! >>> I[x + 2]!; pc += 2; break; }
      case 0x77: { const x = (fp + code[pc + 1]!) << 1; const v = I[x]!, k = I[x + 2]! & 31; I[x] = (v << k) | (v >>> (32 - k)); pc += 2; break; }
      case 0x78: { const x = (fp + code[pc + 1]!) << 1; const v = I[x]!, k = I[x + 2]! & 31; I[x] = (v >>> k) | (v << (32 - k)); pc += 2; break; }

      // ---- i64 (lo word at x, hi at x+1) ----
      case 0x50: { const x = (fp + code[pc + 1]!) << 1; I[x] = (I[x]! | I[x + 1]!) === 0 ? 1 : 0; pc += 2; break; }
      case 0x51: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x] === I[x + 2] && I[x + 1] === I[x + 3] ? 1 : 0; pc += 2; break; }
      case 0x52: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x] !== I[x + 2] || I[x + 1] !== I[x + 3] ? 1 : 0; pc += 2; break; }
      case 0x53: case 0x54: case 0x55: case 0x56: case 0x57: case 0x58: case 0x59: case 0x5a: {
        const x = (fp + code[pc + 1]!) << 1;
        const signed = (op - 0x53) % 2 === 0;
        let ah = I[x + 1]!, bh = I[x + 3]!;
        if (!signed) {
          ah >>>= 0;
          bh >>>= 0;
        }
        const al = I[x]! >>> 0, bl = I[x + 2]! >>> 0;
        // c = -1, 0, 1 comparing a to b
        const c = ah < bh ? -1 : ah > bh ? 1 : al < bl ? -1 : al > bl ? 1 : 0;
        let res: boolean;
        switch (op) {
          case 0x53: case 0x54: res = c < 0; break;
          case 0x55: case 0x56: res = c > 0; break;
          case 0x57: case 0x58: res = c <= 0; break;
          default: res = c >= 0;
        }
        I[x] = res ? 1 : 0;
        pc += 2;
        break;
      }
      case 0x79: { // i64.clz
        const x = (fp + code[pc + 1]!) << 1;
        const h = I[x + 1]!;
        I[x] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(I[x]!);
        I[x + 1] = 0;
        pc += 2;
        break;
      }
      case 0x7a: { // i64.ctz
        const x = (fp + code[pc + 1]!) << 1;
        const l = I[x]!, h = I[x + 1]!;
        I[x] = l !== 0 ? 31 - Math.clz32(l & -l) : h !== 0 ? 63 - Math.clz32(h & -h) : 64;
        I[x + 1] = 0;
        pc += 2;
        break;
      }
      case 0x7b: { // i64.popcnt
        const x = (fp + code[pc + 1]!) << 1;
        I[x] = popcnt32(I[x]!) + popcnt32(I[x + 1]!);
        I[x + 1] = 0;
        pc += 2;
        break;
      }
      case 0x7c: { // i64.add
        const x = (fp + code[pc + 1]!) << 1;
        const lo = (I[x]! >>> 0) + (I[x + 2]! >>> 0);
        I[x] = lo;
        I[x + 1] = I[x + 1]! + I[x + 3]! + (lo > 0xffffffff ? 1 : 0);
        pc += 2;
        break;
      }
      case 0x7d: { // i64.sub
        const x = (fp + code[pc + 1]!) << 1;
        const lo = (I[x]! >>> 0) - (I[x + 2]! >>> 0);
        I[x] = lo;
        I[x + 1] = I[x + 1]! - I[x + 3]! - (lo < 0 ? 1 : 0);
        pc += 2;
        break;
      }
      case 0x7e: // i64.mul
        i64Mul((fp + code[pc + 1]!) << 1);
        pc += 2;
        break;
      case 0x7f: case 0x80: case 0x81: case 0x82: { // div_s div_u rem_s rem_u
        const k = i64DivRem((fp + code[pc + 1]!) << 1, op);
        if (k !== null) throw trap(k, cur);
        pc += 2;
        break;
      }
      case 0x83: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! & I[x + 2]!; I[x + 1] = I[x + 1]! & I[x + 3]!; pc += 2; break; }
      case 0x84: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! | I[x + 2]!; I[x + 1] = I[x + 1]! | I[x + 3]!; pc += 2; break; }
      case 0x85: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! ^ I[x + 2]!; I[x + 1] = I[x + 1]! ^ I[x + 3]!; pc += 2; break; }
      case 0x86: { // shl
        const x = (fp + code[pc + 1]!) << 1;
        const k = I[x + 2]! & 63;
        const l = I[x]!, h = I[x + 1]!;
        if (k === 0) { /* unchanged */ } else if (k < 32) {
          I[x + 1] = (h << k) | (l >>> (32 - k));
          I[x] = l << k;
        } else {
          I[x + 1] = l << (k - 32);
          I[x] = 0;
        }
        pc += 2;
        break;
      }
      case 0x87: { // shr_s
        const x = (fp + code[pc + 1]!) << 1;
        const k = I[x + 2]! & 63;
        const l = I[x]!, h = I[x + 1]!;
        if (k === 0) { /* unchanged */ } else if (k < 32) {
          I[x] = (l >>> k) | (h << (32 - k));
          I[x + 1] = h >> k;
        } else {
          I[x] = h >> (k - 32);
          I[x + 1] = h >> 31;
        }
        pc += 2;
        break;
      }
      case 0x88: { // shr_u
        const x = (fp + code[pc + 1]!) << 1;
        const k = I[x + 2]! & 63;
        const l = I[x]!, h = I[x + 1]!;
        if (k === 0) { /* unchanged */ } else if (k < 32) {
          I[x] = (l >>> k) | (h << (32 - k));
          I[x + 1] = h >>> k;
        } else {
          I[x] = h >>> (k - 32);
          I[x + 1] = 0;
        }
        pc += 2;
        break;
      }
      case 0x89: case 0x8a: { // rotl, rotr
        const x = (fp + code[pc + 1]!) << 1;
        let k = I[x + 2]! & 63;
        if (op === 0x8a) k = (64 - k) & 63;
        let l = I[x]!, h = I[x + 1]!;
        if (k >= 32) {
          const t = l;
          l = h;
          h = t;
          k -= 32;
        }
        if (k !== 0) {
          const nh = (h << k) | (l >>> (32 - k));
          const nl = (l << k) | (h >>> (32 - k));
          h = nh;
          l = nl;
        }
        I[x] = l;
        I[x + 1] = h;
        pc += 2;
        break;
      }

      // ---- f32 (bits in I[x]; values through F32[x]) ----
      case 0x5b: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x] === F32[x + 2] ? 1 : 0; pc += 2; break; }
      case 0x5c: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x] !== F32[x + 2] ? 1 : 0; pc += 2; break; }
      case 0x5d: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x]! < F32[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x5e: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x]! > F32[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x5f: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x]! <= F32[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x60: { const x = (fp + code[pc + 1]!) << 1; I[x] = F32[x]! >= F32[x + 2]! ? 1 : 0; pc += 2; break; }
      case 0x8b: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! & 0x7fffffff; pc += 2; break; }
      case 0x8c: { const x = (fp + code[pc + 1]!) << 1; I[x] = I[x]! ^ -0x80000000; pc += 2; break; }
      case 0x8d: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.ceil(F32[x]!); pc += 2; break; }
      case 0x8e: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.floor(F32[x]!); pc += 2; break; }
      case 0x8f: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.trunc(F32[x]!); pc += 2; break; }
      case 0x90: { const x = (fp + code[pc + 1]!) << 1; F32[x] = nearest(F32[x]!); pc += 2; break; }
      case 0x91: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.sqrt(F32[x]!); pc += 2; break; }
      case 0x92: { const x = (fp + code[pc + 1]!) << 1; F32[x] = F32[x]! + F32[x + 2]!; pc += 2; break; }
      case 0x93: { const x = (fp + code[pc + 1]!) << 1; F32[x] = F32[x]! - F32[x + 2]!; pc += 2; break; }
      case 0x94: { const x = (fp + code[pc + 1]!) << 1; F32[x] = F32[x]! * F32[x + 2]!; pc += 2; break; }
      case 0x95: { const x = (fp + code[pc + 1]!) << 1; F32[x] = F32[x]! / F32[x + 2]!; pc += 2; break; }
      case 0x96: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.min(F32[x]!, F32[x + 2]!); pc += 2; break; }
      case 0x97: { const x = (fp + code[pc + 1]!) << 1; F32[x] = Math.max(F32[x]!, F32[x + 2]!); pc += 2; break; }
      case 0x98: { const x = (fp + code[pc + 1]!) << 1; I[x] = (I[x]! & 0x7fffffff) | (I[x + 2]! & -0x80000000); pc += 2; break; }

      // ---- f64 (F[a]; sign bit in I[2a+1]) ----
      case 0x61: { const a = fp + code[pc + 1]!; I[a << 1] = F[a] === F[a + 1] ? 1 : 0; pc += 2; break; }
      case 0x62: { const a = fp + code[pc + 1]!; I[a << 1] = F[a] !== F[a + 1] ? 1 : 0; pc += 2; break; }
      case 0x63: { const a = fp + code[pc + 1]!; I[a << 1] = F[a]! < F[a + 1]! ? 1 : 0; pc += 2; break; }
      case 0x64: { const a = fp + code[pc + 1]!; I[a << 1] = F[a]! > F[a + 1]! ? 1 : 0; pc += 2; break; }
      case 0x65: { const a = fp + code[pc + 1]!; I[a << 1] = F[a]! <= F[a + 1]! ? 1 : 0; pc += 2; break; }
      case 0x66: { const a = fp + code[pc + 1]!; I[a << 1] = F[a]! >= F[a + 1]! ? 1 : 0; pc += 2; break; }
      case 0x99: { const x = ((fp + code[pc + 1]!) << 1) + 1; I[x] = I[x]! & 0x7fffffff; pc += 2; break; }
      case 0x9a: { const x = ((fp + code[pc + 1]!) << 1) + 1; I[x] = I[x]! ^ -0x80000000; pc += 2; break; }
      case 0x9b: { const a = fp + code[pc + 1]!; const v = F[a]!; F[a] = v !== v ? NaN : Math.ceil(v); pc += 2; break; }
      case 0x9c: { const a = fp + code[pc + 1]!; const v = F[a]!; F[a] = v !== v ? NaN : Math.floor(v); pc += 2; break; }
      case 0x9d: { const a = fp + code[pc + 1]!; const v = F[a]!; F[a] = v !== v ? NaN : Math.trunc(v); pc += 2; break; }
      case 0x9e: { const a = fp + code[pc + 1]!; const v = F[a]!; F[a] = v !== v ? NaN : nearest(v); pc += 2; break; }
      case 0x9f: { const a = fp + code[pc + 1]!; F[a] = Math.sqrt(F[a]!); pc += 2; break; }
      case 0xa0: { const a = fp + code[pc + 1]!; F[a] = F[a]! + F[a + 1]!; pc += 2; break; }
      case 0xa1: { const a = fp + code[pc + 1]!; F[a] = F[a]! - F[a + 1]!; pc += 2; break; }
      case 0xa2: { const a = fp + code[pc + 1]!; F[a] = F[a]! * F[a + 1]!; pc += 2; break; }
      case 0xa3: { const a = fp + code[pc + 1]!; F[a] = F[a]! / F[a + 1]!; pc += 2; break; }
      case 0xa4: { const a = fp + code[pc + 1]!; F[a] = Math.min(F[a]!, F[a + 1]!); pc += 2; break; }
      case 0xa5: { const a = fp + code[pc + 1]!; F[a] = Math.max(F[a]!, F[a + 1]!); pc += 2; break; }
      case 0xa6: { const x = ((fp + code[pc + 1]!) << 1) + 1; I[x] = (I[x]! & 0x7fffffff) | (I[x + 2]! & -0x80000000); pc += 2; break; }

      // ---- conversions ----
      case 0xa7: case 0xbc: case 0xbd: case 0xbe: case 0xbf: // wrap, reinterprets: same bits
        pc += 2;
        break;
      case 0xa8: case 0xa9: case 0xaa: case 0xab: { // i32.trunc_f*
        const x = (fp + code[pc + 1]!) << 1;
        const v = op <= 0xa9 ? F32[x]! : F[x >> 1]!;
        if (v !== v) throw trap('invalid conversion to integer', cur);
        if (op === 0xa8 || op === 0xaa) {
          if (v >= 2147483648 || v <= -2147483649) throw trap('integer overflow', cur);
        } else if (v >= 4294967296 || v <= -1) throw trap('integer overflow', cur);
        I[x] = Math.trunc(v);
        pc += 2;
        break;
      }
      case 0xac: { const x = (fp + code[pc + 1]!) << 1; I[x + 1] = I[x]! >> 31; pc += 2; break; }
      case 0xad: { const x = (fp + code[pc + 1]!) << 1; I[x + 1] = 0; pc += 2; break; }
      case 0xae: case 0xaf: case 0xb0: case 0xb1: { // i64.trunc_f*
        const x = (fp + code[pc + 1]!) << 1;
        const v = op <= 0xaf ? F32[x]! : F[x >> 1]!;
        if (v !== v) throw trap('invalid conversion to integer', cur);
        if (op === 0xae || op === 0xb0) {
          if (v >= 9223372036854775808 || v < -9223372036854775808) throw trap('integer overflow', cur);
        } else if (v >= 18446744073709551616 || v <= -1) throw trap('integer overflow', cur);
        i64TruncSet(x, Math.trunc(v));
        pc += 2;
        break;
      }
      case 0xb2: { const x = (fp + code[pc + 1]!) << 1; F32[x] = I[x]!; pc += 2; break; }
      case 0xb3: { const x = (fp + code[pc + 1]!) << 1; F32[x] = I[x]! >>> 0; pc += 2; break; }
      case 0xb4: case 0xb5: { const x = (fp + code[pc + 1]!) << 1; F32[x] = i64ToF32(I[x]!, I[x + 1]!, op === 0xb4); pc += 2; break; }
      case 0xb6: { const a = fp + code[pc + 1]!; F32[a << 1] = F[a]!; pc += 2; break; }
      case 0xb7: { const a = fp + code[pc + 1]!; F[a] = I[a << 1]!; pc += 2; break; }
      case 0xb8: { const a = fp + code[pc + 1]!; F[a] = I[a << 1]! >>> 0; pc += 2; break; }
      case 0xb9: { const a = fp + code[pc + 1]!; F[a] = I[(a << 1) + 1]! * 4294967296 + (I[a << 1]! >>> 0); pc += 2; break; }
      case 0xba: { const a = fp + code[pc + 1]!; F[a] = (I[(a << 1) + 1]! >>> 0) * 4294967296 + (I[a << 1]! >>> 0); pc += 2; break; }
      case 0xbb: { const a = fp + code[pc + 1]!; F[a] = F32[a << 1]!; pc += 2; break; }
      case 0xc0: { const x = (fp + code[pc + 1]!) << 1; I[x] = (I[x]! << 24) >> 24; pc += 2; break; }
      case 0xc1: { const x = (fp + code[pc + 1]!) << 1; I[x] = (I[x]! << 16) >> 16; pc += 2; break; }
      case 0xc2: { const x = (fp + code[pc + 1]!) << 1; const v = (I[x]! << 24) >> 24; I[x] = v; I[x + 1] = v >> 31; pc += 2; break; }
      case 0xc3: { const x = (fp + code[pc + 1]!) << 1; const v = (I[x]! << 16) >> 16; I[x] = v; I[x + 1] = v >> 31; pc += 2; break; }
      case 0xc4: { const x = (fp + code[pc + 1]!) << 1; I[x + 1] = I[x]! >> 31; pc += 2; break; }
      case 0xe0: case 0xe1: case 0xe2: case 0xe3: { // i32.trunc_sat
        const x = (fp + code[pc + 1]!) << 1;
        const v = op <= 0xe1 ? F32[x]! : F[x >> 1]!;
        let r: number;
        if (v !== v) r = 0;
        else if (op === 0xe0 || op === 0xe2) r = v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v);
        else r = v >= 4294967295 ? -1 : v <= 0 ? 0 : Math.trunc(v);
        I[x] = r;
        pc += 2;
        break;
      }
      case 0xe4: case 0xe5: case 0xe6: case 0xe7: { // i64.trunc_sat
        const x = (fp + code[pc + 1]!) << 1;
        const v = op <= 0xe5 ? F32[x]! : F[x >> 1]!;
        if (v !== v) {
          I[x] = 0;
          I[x + 1] = 0;
        } else if (op === 0xe4 || op === 0xe6) {
          if (v >= 9223372036854775808) {
            I[x] = -1;
            I[x + 1] = 0x7fffffff;
          } else if (v < -9223372036854775808) {
            I[x] = 0;
            I[x + 1] = -0x80000000;
          } else i64TruncSet(x, Math.trunc(v));
        } else if (v >= 18446744073709551616) {
          I[x] = -1;
          I[x + 1] = -1;
        } else if (v <= -1) {
          I[x] = 0;
          I[x + 1] = 0;
        } else i64TruncSet(x, Math.trunc(v));
        pc += 2;
        break;
      }
      default:
        throw new Error(`interpreter: bad slot-code opcode 0x${op.toString(16)} at ${pc}`);
    }
  }
}
