// A synthetic function that executes every instruction form of the
// interpreter loop (exec.ts) once, on a private instance, before the first
// real call. Why: V8 optimises the loop with the type feedback gathered so
// far, and a case that has never run has none — reaching it later deoptimises
// the whole loop ("Insufficient type feedback"), and a re-optimisation of that
// large function takes 0.3–0.5 s on a loaded machine, during which the loop
// runs unoptimised. Programs reach new cases for a long time (a rarely taken
// branch, an i64 op in a formatting routine), so without this the loop spent
// most of its time deoptimised. Values alternate between small and large
// (int32 overflow, uint32 above 2^31, NaN bits) so the feedback is the
// general one from the start.
import { FUNCREF, I32, type CompiledFunc, type FuncType, type ModuleIR, type ValType } from '../module.ts';
import { FuncInst, FuncKind, GlobalInst, MemoryInst, NOT_MADE, TableInst, sigId, type InstanceState } from '../store.ts';
import {
  ADDJI_BASE, ADDJ_BASE, ADDJ_RUN, I64_ADD_EXTU, LD8_OR_RUN, ADD_SHL, F32_ADD_MUL_LD, XOR_MULI64, LD8_XOR_MULI64, LOAD_SCALED, LD8_OR_SHL64, F32_ADD_MUL, F64_ADD_MUL, FIMM_BASE, FLOAT_IMM_OPS, OR_SHL64, FUSED_LOADS, FUSED_STORES, I32_IMM_OPS, I64_IMM_OPS, IMM64_BASE, IMM_BASE, JCMPI_BASE, JCMP_BASE,
  LOAD_ADD, LOAD_ADDI, STORE_ADD, STORE_ADDI, OPS, MULI_ADD64, ROTL_MULI64, BULK_LOOP, SIMD_BASE, SHRU_ANDI, SHRS_ANDI, MUL_ADD, MOVE2, MOVE_BR_IF,
} from '../opcodes.ts';
import { I, R } from './stack.ts';
import { packSlotCode } from './pack.ts';

/** Frame slots of the warm-up function. */
const A = 0; // first operand
const B = 1; // second operand (never 0 or -1)
const ADDR = 2; // an in-bounds address (16)
const FLT = 3; // a float that converts to an integer without trapping (1.5)
const BULK = 4; // 4, 5, 6: zeros for the bulk/table ops that read three consecutive slots
const ZERO = 7;
const DST = 8;
const DST2 = 10;
const REF = 11;
const BASE = 12; // call arguments (12, 13)
const VEC = 14; // a v128 (in R)
const NSLOTS = 16;

export interface Warmup {
  main: FuncInst;
  /** Writes the operand values of variant v (0: small, 1: large) into slots fp... */
  setup(fp: number, v: number): void;
}

export function buildWarmup(): Warmup {
  const type: FuncType = { params: [I32], results: [I32] };
  const voidType: FuncType = { params: [], results: [] };
  const module = { types: [type, voidType], funcNames: new Map<number, string>() } as unknown as ModuleIR;
  const memory = new MemoryInst(1, undefined);
  const table = new TableInst(FUNCREF, 4, undefined, null);
  const gNum = new GlobalInst({ type: I32, mutable: true } as GlobalInst['type']);
  const gRef = new GlobalInst({ type: FUNCREF, mutable: true } as GlobalInst['type']);
  const inst: InstanceState = {
    module,
    funcs: [],
    tables: [table],
    memory,
    globals: [gNum, gRef],
    elems: [[null, null]],
    datas: [new Uint8Array(4)],
    typeSigs: module.types.map(sigId),
    shouldInterrupt: undefined,
    makeFunc: null,
    // (set by lazy tiering; here from the start, so that every instance's state has one
    // shape: the interpreter's optimised loop deoptimised on a game's first call when
    // tiering had added them to its state after the warm-up's instances, "wrong map")
    hot: undefined,
    osr: undefined,
    lazyEntry: undefined,
  };

  // callees: an interpreted function that copies a value to its result slot
  // (return with a move) and one that returns in place, plus a host function
  const calleeCode: CompiledFunc = { code: packSlotCode(Int32Array.from([0x41, 1, 5, 0x0f, 1, 1])), maxSlots: 3, numLocals: 2, refLocals: [1], base: -1, leaf: false, loopHeads: new Int32Array(0), lower: null, module: null, defIndex: -1 };
  const callee = new FuncInst(FuncKind.Interp, type, inst, 1, calleeCode, null);
  const callee2Code: CompiledFunc = { code: packSlotCode(Int32Array.from([0x0f, 0, 1])), maxSlots: 1, numLocals: 1, refLocals: [], base: -1, leaf: false, loopHeads: new Int32Array(0), lower: null, module: null, defIndex: -1 };
  const callee2 = new FuncInst(FuncKind.Interp, type, inst, 2, callee2Code, null);
  const host = new FuncInst(FuncKind.Host, type, null, 3, null, (x: unknown) => x);
  // (as a JIT function's interpreted twin: callee2 returns its argument too)
  host.deep = callee2;
  // returns a reference with a move (RETURN's count + 0x10000: R is copied too)
  const refType: FuncType = { params: [], results: [FUNCREF] };
  const callee3Code: CompiledFunc = { code: packSlotCode(Int32Array.from([0x21, 1, 0, 0x0f, 1, 0x10001])), maxSlots: 2, numLocals: 1, refLocals: [0], base: -1, leaf: false, loopHeads: new Int32Array(0), lower: null, module: null, defIndex: -1 };
  const callee3 = new FuncInst(FuncKind.Interp, refType, inst, 4, callee3Code, null);
  table.elements[0] = callee;
  // function 5 is made at its first call (store.ts NOT_MADE), as a lazily made
  // module's are: every run calls it not made (setup), so loop() has the
  // feedback of that path before a program's first call of a function not made
  const made = new FuncInst(FuncKind.Interp, type, inst, 5, callee2Code, null);
  inst.makeFunc = () => made;

  const c: number[] = [];
  const next = (len: number): number => c.length + len;
  const isDiv = (op: number): boolean => (op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82);
  const isTrunc = (op: number): boolean => op >= 0xa8 && op <= 0xb1;
  const num = (op: number): void => {
    const info = OPS[op]!;
    if (info.params.length === 2) {
      c.push(op, DST, A, B, op, DST, B, A, op, DST, A, A);
      if (!isDiv(op)) c.push(op, DST, A, ZERO, op, DST, ZERO, B);
    } else if (isTrunc(op)) c.push(op, DST, FLT);
    else c.push(op, DST, A, op, DST, ZERO, op, DST, B, op, DST, FLT);
  };
  // numeric instructions (hot and cold alike)
  for (let op = 0x45; op <= 0xc4; op++) {
    const info = OPS[op];
    if (info && info.imm === 'none') num(op);
  }
  for (let op = 0xe0; op <= 0xe7; op++) num(op);
  // constants
  c.push(0x41, DST, -5, 0x43, DST, 0x3fc00000, 0x42, DST, 7, -9, 0x44, DST, 0, 0x3ff80000);
  // loads and stores, plain and fused
  for (let op = 0x28; op <= 0x35; op++) c.push(op, DST, ADDR, 8);
  for (let op = 0x36; op <= 0x3e; op++) c.push(op, ADDR, A, 8);
  for (let j = 0; j < FUSED_LOADS.length; j++) c.push(LOAD_ADD + j, DST, ADDR, ADDR, 4, LOAD_ADDI + j, DST, ADDR, 12, 4);
  for (let j = 0; j < FUSED_STORES.length; j++) c.push(STORE_ADD + j, ADDR, ADDR, A, 4, STORE_ADDI + j, ADDR, 12, A, 4);
  // fused constant operands
  for (let k = 0; k < I32_IMM_OPS.length; k++) c.push(IMM_BASE + k, DST, A, k === 10 ? 0x7ffffff0 : 3, IMM_BASE + k, DST, B, -1);
  for (let k = 0; k < I64_IMM_OPS.length; k++) {
    for (const [lo, hi] of [[-3, 5], [0, 0], [3, 0], [40, 0]]) c.push(IMM64_BASE + k, DST, A, lo!, hi!);
  }
  for (let k = 0; k < FLOAT_IMM_OPS.length; k++) {
    for (const [lo, hi] of [[0x3fc00000, 0x3ff80000], [-1, -1]]) c.push(FIMM_BASE + k, DST, A, lo!, hi!);
  }
  for (const k of [0, 3, 40]) c.push(OR_SHL64, DST, A, B, k, OR_SHL64, DST2, DST2, A, k, LD8_OR_SHL64, DST, A, ADDR, 3, k);
  // compare-and-branch, both outcomes (the target is the next instruction)
  for (let k = 0; k < 10; k++) {
    for (const [x, y] of [[A, B], [B, A], [A, A]]) c.push(JCMP_BASE + k, x!, y!, next(4));
    for (const imm of [3, -3]) c.push(JCMPI_BASE + k, A, imm, next(4));
  }
  // FNV-1a steps
  for (const [lo, hi] of [[-3, 5], [0x1b3, 0x100]]) c.push(XOR_MULI64, DST, A, B, lo!, hi!, LD8_XOR_MULI64, DST, A, ADDR, 3, lo!, hi!);
  // bit fields, multiply-adds
  for (const k of [0, 3, 31]) c.push(SHRU_ANDI, DST, A, k, 0x7f, SHRS_ANDI, DST, B, k, -1);
  c.push(MUL_ADD, DST, A, B, A, MUL_ADD, DST, B, A, B);
  // scaled indices
  for (const k of [0, 2, 31]) c.push(ADD_SHL, DST, A, B, k);
  c.push(0x41, DST, 2, LOAD_SCALED, DST, ADDR, DST, 1, 4, LOAD_SCALED, DST, ADDR, ZERO, 2, 0);
  for (const k of [0, 3, 40]) c.push(LD8_OR_RUN, DST, A, ADDR, 2, 1, k, 2, 8);
  c.push(I64_ADD_EXTU, DST, A, B, I64_ADD_EXTU, DST, B, A);
  for (const [k, lo, hi] of [[0, 3, 0], [31, -3, 5], [32, 0x1b3, 0x100], [47, -1, -1]]) {
    c.push(ROTL_MULI64, DST, A, k!, lo!, hi!, ROTL_MULI64, DST, B, k!, lo!, hi!, MULI_ADD64, DST, A, B, lo!, hi!, MULI_ADD64, DST, B, A, lo!, hi!);
  }
  // copy/fill loops in bulk (d = 100): copy by bytes and words, overlapping
  // (left to the loop), too short, fill by bytes, fill by words of one byte
  // and of several
  for (const [x, e, kind] of [[200, 132, 1], [200, 132, 4], [90, 132, 1], [200, 101, 1], [7, 132, 9], [0x07070707, 132, 12], [200, 132, 12]]) {
    c.push(0x41, DST, 100, 0x41, DST2, x!, 0x41, BULK, e!, BULK_LOOP, DST, DST2, BULK, kind!);
  }
  // runs of bounds checks: none, the first and the last one taken
  for (const lim of [B, ZERO, DST2]) {
    c.push(0x41, DST2, 2);
    c.push(ADDJ_RUN, DST, ZERO, 0, lim, next(11), 2, 1, next(11), 2, next(11));
  }
  // float pairs
  for (let f = F64_ADD_MUL; f <= F32_ADD_MUL; f++) c.push(f, DST, DST2, B, FLT, f, DST, DST2, A, A); // F64_SQ_SUB writes DST2
  c.push(F32_ADD_MUL_LD, DST, A, B, ADDR, 4, F32_ADD_MUL_LD, DST, DST, DST, ADDR, 0);
  // i32.add of a constant + compare-and-branch (dst == b: equal operands)
  for (let k = 0; k < 10; k++) {
    for (const [imm, y] of [[1, B], [-9, A], [0x7ffffff0, B], [2, DST]]) c.push(ADDJ_BASE + k, DST, A, imm!, y!, next(6));
    for (const [imm, y] of [[1, 3], [-9, -3], [0x7ffffff0, 2], [0, 3]]) c.push(ADDJI_BASE + k, DST, A, imm!, y!, next(6));
  }
  // control flow: both outcomes of every conditional
  for (const cond of [A, ZERO]) {
    c.push(0x04, cond, next(3));
    c.push(0x0d, cond, next(3));
    c.push(0x06, cond, next(6), 1, A, DST2);
    c.push(MOVE_BR_IF, DST2, B, cond, next(5), MOVE2, DST, A, DST2, B);
    c.push(0x1b, DST, A, B, cond, 0x1c, REF, REF, REF, cond);
  }
  c.push(0x05, next(2));
  c.push(0x0c, next(5), 1, A, DST2);
  for (const idx of [ZERO, ADDR]) {
    const at = c.length;
    c.push(0x0e, idx, 1, A, 1, at + 9, DST2, at + 9, DST2);
  }
  // slots, globals, memory size/grow
  c.push(0x20, DST, A, 0x21, DST2, REF, 0x23, DST, 0, 0x24, A, 0, 0x07, DST2, 1, 0x08, REF, 1);
  // (a grow of one page in the small variant, none in the large: grow's early return and
  // its growing path both get feedback)
  c.push(0x3f, DST, IMM_BASE + I32_IMM_OPS.indexOf(0x71), DST, A, 1, 0x40, DST, DST);
  // calls: interpreted (with and without a result move), host, reference result, not made, indirect
  c.push(0x10, 1, BASE, 0x10, 2, BASE, 0x10, 3, BASE, 0x10, 4, BASE, 0x10, 5, BASE);
  c.push(0x41, BASE + 1, 0, 0x11, 0, 0, BASE);
  // references, tables, bulk memory (three zero slots at BULK before each)
  const zero3 = (): void => {
    c.push(0x41, BULK, 0, 0x41, BULK + 1, 0, 0x41, BULK + 2, 0);
  };
  c.push(0xd0, DST2, 0xd1, DST, REF, 0xd2, REF, 1);
  c.push(0x25, DST2, ZERO, 0, 0x26, ZERO, REF, 0, 0xf0, DST, 0);
  for (const tail of [[0xef, BULK, 0], [0xf1, BULK, 0], [0xee, BULK, 0, 0], [0xec, BULK, 0, 0], [0xe8, BULK, 0], [0xea, BULK], [0xeb, BULK]]) {
    zero3();
    c.push(...tail);
  }
  c.push(0xed, 0, 0xe9, 0);
  // SIMD (interp/simd.ts; slot VEC holds the vector): the call from loop()'s cold path,
  // through hand-written ops only (no generated one: warming up must not need eval)
  c.push(SIMD_BASE + 0x0c, VEC, 1, -2, 3, -4, SIMD_BASE + 0xae, VEC, VEC, VEC, SIMD_BASE + 0x1b, DST, VEC, 1);
  c.push(0x0f, A, 1);

  // the last slot is a declared (reference) local, so that entry zeroes one
  const mainType: FuncType = { params: new Array<ValType>(NSLOTS - 1).fill(I32), results: [I32] };
  const code: CompiledFunc = { code: packSlotCode(Int32Array.from(c)), maxSlots: NSLOTS, numLocals: NSLOTS, refLocals: [NSLOTS - 1], base: -1, leaf: false, loopHeads: new Int32Array(0), lower: null, module: null, defIndex: -1 };
  const main = new FuncInst(FuncKind.Interp, mainType, inst, 0, code, null);
  inst.funcs.push(main, callee, callee2, host, callee3, NOT_MADE);

  return {
    main,
    setup(fp: number, v: number): void {
      for (let s = 0; s < NSLOTS; s++) {
        I[(fp + s) << 1] = 0;
        I[((fp + s) << 1) + 1] = 0;
        R[fp + s] = null;
      }
      const set = (s: number, lo: number, hi: number): void => {
        I[(fp + s) << 1] = lo;
        I[((fp + s) << 1) + 1] = hi;
      };
      if (v === 0) {
        set(A, 3, 5);
        set(B, 7, 2);
      } else {
        set(A, -0x7ffffff0, -0x7fffffff);
        set(B, 0x7ffffff1, 0x7ff00001);
      }
      set(ADDR, 16, 0);
      set(FLT, 0x3fc00000, 0x3ff80000);
      R[fp + REF] = callee;
      // the datas/elems may have been dropped by the previous run
      inst.datas[0] = new Uint8Array(4);
      inst.elems[0] = [null, null];
      table.elements.length = 4;
      table.elements[0] = callee;
      // a callee not yet in the code store, so that every run calls install()
      // from loop()'s call path: the first runs may execute before V8 gives
      // loop() a feedback vector, and a call without feedback deoptimises the
      // optimised loop() the first time a program calls a new function
      callee2Code.base = -1;
      inst.funcs[5] = NOT_MADE;
    },
  };
}
