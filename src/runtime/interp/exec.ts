// The interpreter: executes slot code (module.ts, CompiledFunc). One loop runs
// all wasm-to-wasm calls without JS recursion, saving caller frames in the
// frame stack (stack.ts); host functions and other engines' functions are
// called through callSlots (values.ts). Traps are RuntimeErrors with the
// testsuite's trap texts.
import type { FuncInst, InstanceState, MemoryInst } from '../store.ts';
import { FuncKind, SMALL_BULK_BYTES, copySmall, fillSmall, funcAt, growWorkDue } from '../store.ts';
import * as stack from './stack.ts';
import * as values from '../values.ts';
import { buildWarmup } from './warmup.ts';
import * as num from './num.ts';
import { install, store } from './codestore.ts';
import { INTERP_BULK_MIN_BYTES, INTERP_ELEMENT_RUN_MAX } from '../loop-idiom.ts';
import { SIMD_BASE } from '../opcodes.ts';
import { simdStep } from './simd.ts';
import { COLD_LEN } from './pack.ts';
import { BULK_ASK_UNITS, bulkDue, bulkPieces } from '../limits.ts';

// Module-local copies of the imported bindings: when the modules are run
// without bundling (tsx, vitest), every use of an imported binding can be a
// getter call that V8 does not inline into a function as large as loop()
// (it was half of the run time). The bindings are constants, so a copy is
// the same value.
const { F, F32, FUEL_INTERVAL, I, MAX_FRAMES, R, fFp, fFunc, fPc, reserveSlots, segments, state, trap } = stack;
// (loop() reads these through local constants: see there)
const I_ = I, F_ = F, F32_ = F32, R_ = R, fPc_ = fPc, fFp_ = fFp, fFunc_ = fFunc, state_ = state, store_ = store;
const { i64DivRem, i64Mul, i64MulV, i64ToF32, i64TruncSet, nearest, popcnt32 } = num;
// values.ts imports this module: read callHostAt when it is called, not at load
const callHostAt = (f: FuncInst, fp: number): void => values.callHostAt(f, fp);

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_DV = new DataView(new ArrayBuffer(0));

/**
 * Taken branches, calls and returns between two shouldInterrupt() polls
 * (every loop iteration and every call takes at least one).
 */
const OP_FUEL = FUEL_INTERVAL * 2;

function checkInterrupt(f: FuncInst): void {
  const cb = f.inst?.shouldInterrupt;
  if (cb && cb()) throw trap('interrupted', f);
}

/** memory.grow, asking shouldInterrupt once it has grown or copied GROW_ASK_BYTES (store.ts). */
function growMemory(m: MemoryInst, delta: number, f: FuncInst): number {
  const r = m.grow(delta);
  if (growWorkDue(m)) checkInterrupt(f);
  return r;
}

let warmedUp = false;

/**
 * Runs of the warm-up function: V8 gives a function its feedback vector only
 * after it has run a while (~1 KB of bytecode), so a small helper the warm-up
 * calls once per run (growMemory) recorded nothing in 12 runs, and the
 * optimised loop() deoptimised at the game's first memory.grow.
 */
const WARM_RUNS = 32;

/**
 * Runs the warm-up function (warmup.ts) WARM_RUNS times so that every case of
 * the loop has type feedback before V8 first optimises it. Uses 64 slots above
 * R's length, which is above every live frame (reserveSlots).
 */
function warmUp(): void {
  warmedUp = true;
  const w = buildWarmup();
  const fp = Math.min(R.length, stack.SLOTS - 64);
  reserveSlots(fp + 64);
  const baseFsp = state.fsp;
  const savedTop = state.top;
  const savedFuel = state.fuel;
  const savedDeep = state.deep;
  try {
    for (let i = 0; i < WARM_RUNS; i++) {
      w.setup(fp, i & 1);
      state.fuel = i & 1;
      // calls of a function with an interpreted twin, run as itself and as the twin
      state.deep = (i >> 1) & 1;
      drive(w.main, fp, baseFsp);
    }
    // unlike a trap, a wrong result here means the loop has a bug
    if (I[fp << 1] !== (-0x7ffffff0 | 0)) throw new Error('interpreter warm-up: wrong result');
  } finally {
    state.fsp = baseFsp;
    state.top = savedTop;
    state.fuel = savedFuel;
    state.deep = savedDeep;
    for (let s = fp; s < fp + 64; s++) R[s] = null;
  }
}

/** Runs interpreted function `entry` with its arguments in slots fp..; results end up in fp... */
export function run(entry: FuncInst, entryFp: number): void {
  // (under lazy tiering the warm-up waits until the interpreter has run for a
  // while, tieredDrive: in a fresh process it cost more than a game's whole
  // start, and most of what starts interpreted soon runs as JIT code)
  if (!warmedUp && !entry.inst?.osr) warmUp();
  const baseFsp = state.fsp;
  // entry depth baseFsp + 1 (other engines' frames below count: stack.ts)
  if (baseFsp >= MAX_FRAMES && (baseFsp > MAX_FRAMES || !entry.compiled!.leaf)) throw trap('call stack exhausted', entry);
  const savedTop = state.top;
  // a call into the interpreter from outside (the API, a host, JIT code) counts towards tiering up
  const hot = entry.inst?.hot;
  if (hot) hot(entry, 1);
  segments.push(baseFsp);
  try {
    drive(entry, entryFp, baseFsp);
  } finally {
    // After a throw: forget the frames it unwound, so a JIT frame (which
    // leaves its fFunc entry alone) never shows a stale caller in a trace.
    for (let i = state.fsp; i > baseFsp;) fFunc[--i] = null;
    segments.pop();
    state.fsp = baseFsp;
    state.top = savedTop;
  }
}

/** Where loop() stopped when its countdown ran out. */
let resumeFunc: FuncInst | null = null;
let resumePc = 0;
let resumeFp = 0;

/**
 * Runs loop() until the entry function returns. Every OP_FUEL control
 * transfers loop() returns here to poll shouldInterrupt and is called again;
 * a long-running call also picks up loop()'s optimised code at its next
 * re-entry (V8 still compiles an on-stack-replacement version as well).
 */
function drive(entry: FuncInst, entryFp: number, baseFsp: number): void {
  if (entry.inst?.osr) {
    tieredDrive(entry, entryFp, baseFsp);
    return;
  }
  if (loop(entry, entryFp, -1, baseFsp)) return;
  for (;;) {
    const f = resumeFunc!;
    resumeFunc = null;
    state.fuel = OP_FUEL;
    checkInterrupt(f);
    // the countdown doubles as a sampling profiler: the function running when
    // it ran out gets a tick towards tiering up (lazy JIT, jit/tiering.ts)
    const hot = f.inst?.hot;
    if (hot) hot(f, 1);
    if (loop(f, resumeFp, resumePc, baseFsp)) return;
  }
}

/**
 * Control transfers between two samples of lazy tiering's profiler: while V8
 * has not optimised loop() yet (the first calls of a process), OP_FUEL
 * transfers take seconds, and a program whose work is one call would wait
 * that long for its first tick.
 */
const SAMPLE_FUEL = OP_FUEL >> 6;

/**
 * drive() for an instance with lazy tiering's on-stack replacement
 * (jit/tiering.ts): the countdown runs out every SAMPLE_FUEL transfers, each
 * a tick for the function running then; shouldInterrupt is polled every
 * OP_FUEL of them as in drive(). When the function that was running is hot
 * and loop() stopped at one of its loop heads, the instance's `osr` runs the
 * rest of that call in JIT code. loop() stops at a loop head only when its
 * countdown runs out on a branch back to it, so after a countdown that found
 * a translated function elsewhere (or from the start, when the tiering asks:
 * its test mode), loop() runs one control transfer at a time (`probes` of
 * them) until it stops at a loop head.
 */
function tieredDrive(entry: FuncInst, entryFp: number, baseFsp: number): void {
  let probes = entry.inst!.osr!(entry, entryFp, -1);
  // transfers since shouldInterrupt was last polled, and the countdown loop() was given
  let spent = 0;
  let given = state.fuel = probes > 0 ? 0 : Math.min(state.fuel, SAMPLE_FUEL);
  if (loop(entry, entryFp, -1, baseFsp)) return;
  for (;;) {
    let f = resumeFunc!, pc = resumePc, fp = resumeFp;
    resumeFunc = null;
    spent += given + 1;
    if (spent >= OP_FUEL) {
      spent = 0;
      probes = 0;
      checkInterrupt(f);
      // (it runs loop() itself: where to resume was read above)
      if (!warmedUp) warmUp();
    }
    if (probes > 0) probes--;
    else {
      const hot = f.inst?.hot;
      if (hot) hot(f, 1);
    }
    const osr = f.inst?.osr;
    const want = osr ? osr(f, fp, pc) : 0;
    if (want < 0) {
      // the call ran to its end in JIT code, its results at fp: return from it
      // (the countdown goes on from what the JIT code left, as after any call out)
      probes = 0;
      if (state.fsp === baseFsp) return;
      const s = --state.fsp;
      f = fFunc[s]!;
      fFunc[s] = null;
      pc = fPc[s]!;
      fp = fFp[s]!;
      given = state.fuel = Math.min(state.fuel, SAMPLE_FUEL);
    } else {
      if (probes === 0 && want > 0) probes = want;
      given = state.fuel = probes > 0 ? 0 : SAMPLE_FUEL;
    }
    if (loop(f, fp, pc, baseFsp)) return;
  }
}

/**
 * Runs from `entryPc` of `entry` (-1: enter it, zeroing its locals) until the
 * frame at `baseFsp` returns (true) or the countdown runs out (false, with
 * the place to resume in resumeFunc/resumePc/resumeFp).
 */
function loop(entry: FuncInst, entryFp: number, entryPc: number, baseFsp: number): boolean {
  // The stack views and frame arrays as constants local to loop(), read once
  // on entry. Read from the module scope inside the loop, V8 saw them as
  // loaded values (a map check and the length and data pointer loaded at
  // every access); as locals, TurboFan folds each typed array's length and
  // data pointer into the code.
  const I = I_, F = F_, F32 = F32_, R = R_, fPc = fPc_, fFp = fFp_, fFunc = fFunc_, state = state_;
  let cur = entry;
  let inst = cur.inst as InstanceState;
  const cf0 = cur.compiled!;
  // where the running function's code starts in the code store (jump targets
  // in slot code are relative to it; pc is absolute)
  let cbase = install(cf0) | 0;
  // the code store, a constant of this call (codestore.ts): when it grows,
  // loop() returns to drive(), which calls it again with the new array
  const code = store_.code, cdv = store_.dv;
  // `| 0`: keep pc/fp/fuel untagged int32 in the optimised loop (a tagged
  // parameter flowing into their loop phis made V8 keep them as tagged
  // values, untagged and Smi-checked on every use)
  let fp = entryFp | 0;
  let pc = entryPc < 0 ? cbase : entryPc | 0;
  let mem: MemoryInst | null = inst.memory;
  let dv = mem ? mem.dv : EMPTY_DV;
  let u8 = mem ? mem.u8 : EMPTY_BYTES;
  let memSize = mem ? mem.size : 0;
  let funcs = inst.funcs;

  if (entryPc < 0) {
    // entering a function: stack check, zero the declared locals
    const end = fp + cf0.maxSlots;
    if (end >= R.length && !reserveSlots(end)) throw trap('call stack exhausted', cur);
    for (let i = cur.type.params.length; i < cf0.numLocals; i++) {
      I[(fp + i) << 1] = 0;
      I[((fp + i) << 1) + 1] = 0;
    }
    const rl0 = cf0.refLocals;
    for (let i = 0; i < rl0.length; i++) R[fp + rl0[i]!] = null;
  }
  // interrupt polling: one unit per taken branch, call and return, not per
  // instruction: straight-line cases `continue`, control transfers `break` out
  // of the switch to the countdown after it. (Not two nested loops with the
  // countdown in the outer one: V8 15's Maglev compiled the inner loop for
  // on-stack replacement and deoptimised at every exit from it, hundreds of
  // times slower, in Chromium.)
  let fuel = state.fuel | 0;

  for (;;) {
    // the op word (pack.ts): the opcode in its low OP_BITS = 10 bits and, for
    // the ops pack.ts packs, word 1 above them (w >>> 10, read instead of code[pc + 1])
    const w = code[pc]!;
    const op = w & 0x3ff;
    switch (op) {
      // ---- control ----
      case 0x00:
        throw trap('unreachable', cur);
      case 0x04: // IF cond else (also br_if of an i32.eqz: jump if zero)
        if (I[(fp + (w >>> 10)) << 1] === 0) {
          const t = code[pc + 2]!;
          pc = cbase + t; break;
        } else pc += 3;
        continue;
      case 0x05: { // JUMP
        const t = code[pc + 1]!;
        pc = cbase + t; break;
      }
      case 0x0c: { // BR_MOVE target n from to
        const n = code[pc + 2]!;
        const from = fp + code[pc + 3]!;
        const to = fp + code[pc + 4]!;
        for (let i = 0; i < n; i++) {
          I[(to + i) << 1] = I[(from + i) << 1];
          I[((to + i) << 1) + 1] = I[((from + i) << 1) + 1];
          R[to + i] = R[from + i];
        }
        const t = code[pc + 1]!;
        pc = cbase + t; break;
      }
      case 0x0d: // BR_IF cond target
        if (I[(fp + (w >>> 10)) << 1] !== 0) {
          const t = code[pc + 2]!;
          pc = cbase + t; break;
        } else pc += 3;
        continue;
      case 0x06: // BR_IF_MOVE cond target n from to
        if (I[(fp + (w >>> 10)) << 1] !== 0) {
          const n = code[pc + 3]!;
          const from = fp + code[pc + 4]!;
          const to = fp + code[pc + 5]!;
          for (let i = 0; i < n; i++) {
            I[(to + i) << 1] = I[(from + i) << 1];
            I[((to + i) << 1) + 1] = I[((from + i) << 1) + 1];
            R[to + i] = R[from + i];
          }
          const t = code[pc + 2]!;
          pc = cbase + t; break;
        } else pc += 6;
        continue;
      case 0x0e: { // BR_TABLE idx n from count (target to)*(count+1)
        // (the index is unsigned: a negative one takes the default. Compared as an int32,
        // not made unsigned with >>> 0: an index of 2^31 or more, as LLVM's `x - k` switch
        // lowering gives for every x below k, was a value beyond int32 that deoptimised
        // loop() at a game's first such br_table after the warm-up had optimised it)
        let k = I[(fp + (w >>> 10)) << 1]!;
        const count = code[pc + 4]!;
        if (k < 0 || k > count) k = count;
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
        const t = code[pc + 5 + 2 * k]!;
        pc = cbase + t; break;
      }
      case 0x0f: { // RETURN from n (+ 0x10000 if a result is a reference)
        const from = fp + code[pc + 1]!;
        if (from !== fp) {
          const nr = code[pc + 2]!, n = nr & 0xffff;
          for (let i = 0; i < n; i++) {
            I[(fp + i) << 1] = I[(from + i) << 1];
            I[((fp + i) << 1) + 1] = I[((from + i) << 1) + 1];
          }
          if (nr > 0xffff) for (let i = 0; i < n; i++) R[fp + i] = R[from + i];
        }
        if (state.fsp === baseFsp) {
          state.fuel = fuel;
          return true;
        }
        const s = --state.fsp;
        const caller = fFunc[s]!;
        fFunc[s] = null;
        pc = fPc[s]!;
        fp = fFp[s]!;
        cur = caller;
        cbase = cur.compiled!.base | 0;
        if (cur.inst !== inst) {
          // (within one instance the views are current: a callee's
          // memory.grow updated them, and host calls reload them)
          inst = cur.inst!;
          funcs = inst.funcs;
          mem = inst.memory;
          if (mem) {
            dv = mem.dv;
            u8 = mem.u8;
            memSize = mem.size;
          }
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
          if (k >= table.elements.length) throw elementTrap('undefined element', cur, k);
          const f = table.elements[k] as FuncInst | null;
          if (f === null) throw elementTrap('uninitialized element', cur, k);
          if (f.sig !== want) throw trap('indirect call type mismatch', cur);
          callee = f;
          pc += 4;
        }
        // JIT functions too, as their twins, while the JIT has handed deep calls over
        if (callee.deep !== null && state.deep > 0) callee = callee.deep;
        if (callee.kind === FuncKind.Interp) {
          const s = state.fsp;
          // callee depth s + 2: at most MAX_FRAMES, one more for a leaf (limits.ts)
          if (s >= MAX_FRAMES - 1 && (s >= MAX_FRAMES || !callee.compiled!.leaf)) throw trap('call stack exhausted', cur);
          fFunc[s] = cur;
          fPc[s] = pc;
          fFp[s] = fp;
          state.fsp = s + 1;
          cur = callee;
          const cf = cur.compiled!;
          cbase = (cf.base >= 0 ? cf.base : install(cf)) | 0;
          fp = base;
          pc = cbase;
          const end = fp + cf.maxSlots;
          if (end >= R.length && !reserveSlots(end)) throw trap('call stack exhausted', cur);
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
        } else {
          if (callee.kind === FuncKind.Lazy) {
            // (a CALL of a function not made yet, store.ts NOT_MADE: make it, then run the CALL again)
            funcAt(inst, code[pc - 2]!);
            pc -= 3;
            continue;
          }
          // host or other-engine function: protect this frame, then call out
          const s = state.fsp;
          if (s >= MAX_FRAMES) throw trap('call stack exhausted', cur);
          fFunc[s] = cur;
          fPc[s] = pc;
          fFp[s] = fp;
          state.fsp = s + 1;
          const savedTop = state.top;
          state.top = fp + cur.compiled!.maxSlots;
          state.fuel = fuel;
          callHostAt(callee, base);
          fuel = state.fuel;
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
        if (store_.code !== code) {
          // installing the callee, or code the host compiled and ran, grew the
          // store: continue in a new loop()
          resumeFunc = cur;
          resumePc = pc;
          resumeFp = fp;
          return false; // (drive() resets the fuel)
        }
        break;
      }

      // ---- slots, globals, select ----
      case 0x20: { // MOVE_NUM dst src
        const d = (fp + (w >>> 10)) << 1;
        const s = (fp + code[pc + 2]!) << 1;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        pc += 3;
        continue;
      }
      case 0x1ce: { // MOVE2 d1 s1 d2 s2 (opcodes.ts)
        const d = (fp + (w >>> 10)) << 1, s = (fp + code[pc + 2]!) << 1;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        const d2 = (fp + code[pc + 3]!) << 1, s2 = (fp + code[pc + 4]!) << 1;
        I[d2] = I[s2]!;
        I[d2 + 1] = I[s2 + 1]!;
        pc += 5;
        continue;
      }
      case 0x1cf: { // MOVE_BR_IF d s cond target
        const d = (fp + (w >>> 10)) << 1, s = (fp + code[pc + 2]!) << 1;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        if (I[(fp + code[pc + 3]!) << 1] !== 0) {
          const t = code[pc + 4]!;
          pc = cbase + t; break;
        } else pc += 5;
        continue;
      }
      case 0x21: // MOVE_REF dst src
        R[fp + (w >>> 10)] = R[fp + code[pc + 2]!];
        pc += 3;
        continue;
      case 0x1b: { // SELECT_NUM dst a b cond
        const d = (fp + (w >>> 10)) << 1;
        const s = (fp + (I[(fp + code[pc + 4]!) << 1] !== 0 ? code[pc + 2]! : code[pc + 3]!)) << 1;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        pc += 5;
        continue;
      }
      case 0x1c: // SELECT_REF dst a b cond
        R[fp + (w >>> 10)] = R[fp + (I[(fp + code[pc + 4]!) << 1] !== 0 ? code[pc + 2]! : code[pc + 3]!)];
        pc += 5;
        continue;
      case 0x23: { // GLOBAL_GET_NUM dst g
        const g = inst.globals[code[pc + 2]!]!.i;
        const x = (fp + (w >>> 10)) << 1;
        I[x] = g[0]!;
        I[x + 1] = g[1]!;
        pc += 3;
        continue;
      }
      case 0x24: { // GLOBAL_SET_NUM src g
        const g = inst.globals[code[pc + 2]!]!.i;
        const x = (fp + (w >>> 10)) << 1;
        g[0] = I[x]!;
        g[1] = I[x + 1]!;
        pc += 3;
        continue;
      }
      case 0x07: // GLOBAL_GET_REF dst g
        R[fp + (w >>> 10)] = inst.globals[code[pc + 2]!]!.ref;
        pc += 3;
        continue;
      case 0x08: // GLOBAL_SET_REF src g
        inst.globals[code[pc + 2]!]!.ref = R[fp + (w >>> 10)];
        pc += 3;
        continue;

      // ---- memory ----
      case 0x3f: // memory.size dst
        I[(fp + (w >>> 10)) << 1] = memSize / 65536;
        pc += 2;
        continue;
      case 0x40: { // memory.grow dst delta
        const r = growMemory(mem!, I[(fp + code[pc + 2]!) << 1]! >>> 0, cur);
        I[(fp + (w >>> 10)) << 1] = r;
        dv = mem!.dv;
        u8 = mem!.u8;
        memSize = mem!.size;
        pc += 3;
        continue;
      }
      // loads: [op, dst, addr, offset]
      case 0x28: case 0x2a: { // i32.load, f32.load
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        I[(fp + (w >>> 10)) << 1] = dv.getInt32(ea, true);
        pc += 4;
        continue;
      }
      case 0x29: { // i64.load
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 8 > memSize) throw trap('out of bounds memory access', cur);
        const d = (fp + (w >>> 10)) << 1;
        I[d] = dv.getInt32(ea, true);
        I[d + 1] = dv.getInt32(ea + 4, true);
        pc += 4;
        continue;
      }
      case 0x2b: { // f64.load (one 8-byte store: see f64.const)
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 8 > memSize) throw trap('out of bounds memory access', cur);
        F[fp + (w >>> 10)] = dv.getFloat64(ea, true);
        pc += 4;
        continue;
      }
      case 0x2c: { // i32.load8_s
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        I[(fp + (w >>> 10)) << 1] = (u8[ea]! << 24) >> 24;
        pc += 4;
        continue;
      }
      case 0x2d: { // i32.load8_u
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        I[(fp + (w >>> 10)) << 1] = u8[ea]!;
        pc += 4;
        continue;
      }
      case 0x30: { // i64.load8_s
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        const v = (u8[ea]! << 24) >> 24;
        const d = (fp + (w >>> 10)) << 1;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 4;
        continue;
      }
      case 0x31: { // i64.load8_u (hash64: 16% of executed instructions)
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        const d = (fp + (w >>> 10)) << 1;
        I[d] = u8[ea]!;
        I[d + 1] = 0;
        pc += 4;
        continue;
      }
      case 0x2e: case 0x2f: case 0x32: case 0x33: { // load16
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memSize) throw trap('out of bounds memory access', cur);
        const v = op === 0x2e || op === 0x32 ? dv.getInt16(ea, true) : dv.getUint16(ea, true);
        const d = (fp + (w >>> 10)) << 1;
        I[d] = v;
        if (op >= 0x32) I[d + 1] = v >> 31;
        pc += 4;
        continue;
      }
      case 0x34: case 0x35: { // i64.load32_s/u
        const ea = (I[(fp + code[pc + 2]!) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        const v = dv.getInt32(ea, true);
        const d = (fp + (w >>> 10)) << 1;
        I[d] = v;
        I[d + 1] = op === 0x34 ? v >> 31 : 0;
        pc += 4;
        continue;
      }
      // stores: [op, addr, value, offset]
      case 0x36: case 0x38: case 0x3e: { // i32.store, f32.store, i64.store32
        const ea = (I[(fp + (w >>> 10)) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        dv.setInt32(ea, I[(fp + code[pc + 2]!) << 1]!, true);
        pc += 4;
        continue;
      }
      case 0x37: case 0x39: { // i64.store, f64.store
        const ea = (I[(fp + (w >>> 10)) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 8 > memSize) throw trap('out of bounds memory access', cur);
        const v = (fp + code[pc + 2]!) << 1;
        dv.setInt32(ea, I[v]!, true);
        dv.setInt32(ea + 4, I[v + 1]!, true);
        pc += 4;
        continue;
      }
      case 0x3a: case 0x3c: { // store8
        const ea = (I[(fp + (w >>> 10)) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        u8[ea] = I[(fp + code[pc + 2]!) << 1]!;
        pc += 4;
        continue;
      }
      case 0x3b: case 0x3d: { // store16
        const ea = (I[(fp + (w >>> 10)) << 1]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memSize) throw trap('out of bounds memory access', cur);
        dv.setInt16(ea, I[(fp + code[pc + 2]!) << 1]!, true);
        pc += 4;
        continue;
      }

      // ---- constants [op, dst, bits...] ----
      case 0x41: case 0x43: // i32.const, f32.const
        I[(fp + (w >>> 10)) << 1] = code[pc + 2]!;
        pc += 3;
        continue;
      case 0x42: { // i64.const
        const x = (fp + (w >>> 10)) << 1;
        I[x] = code[pc + 2]!;
        I[x + 1] = code[pc + 3]!;
        pc += 4;
        continue;
      }
      // f64 values are written with one 8-byte store (F), not two halves (I):
      // they are read back as one 8-byte value, which cannot be forwarded
      // from two 4-byte stores (a stall). NaN bits survive F and DataView.
      case 0x44: // f64.const
        F[fp + (w >>> 10)] = cdv.getFloat64((pc + 2) << 2, true);
        pc += 4;
        continue;

      // ---- hot numeric ops: [op, dst, a] / [op, dst, a, b] (the rest: cold() below) ----
      case 0x46: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a] === I[b] ? 1 : 0; pc += 4; continue; }
      case 0x47: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a] !== I[b] ? 1 : 0; pc += 4; continue; }
      case 0x49: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >>> 0 < I[b]! >>> 0 ? 1 : 0; pc += 4; continue; }
      case 0x4b: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >>> 0 > I[b]! >>> 0 ? 1 : 0; pc += 4; continue; }
      case 0x4f: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >>> 0 >= I[b]! >>> 0 ? 1 : 0; pc += 4; continue; }
      case 0x50: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = (I[a]! | I[a + 1]!) === 0 ? 1 : 0; pc += 3; continue; }
      case 0x51: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a] === I[b] && I[a + 1] === I[b + 1] ? 1 : 0; pc += 4; continue; }
      case 0x5d: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! < F32[b]! ? 1 : 0; pc += 4; continue; }
      case 0x5e: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! > F32[b]! ? 1 : 0; pc += 4; continue; }
      case 0x6a: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! + I[b]!; pc += 4; continue; }
      case 0x6b: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! - I[b]!; pc += 4; continue; }
      case 0x6c: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = Math.imul(I[a]!, I[b]!); pc += 4; continue; }
      case 0x6e: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = I[b]! >>> 0; if (y === 0) throw trap('integer divide by zero', cur); I[d] = (I[a]! >>> 0) / y; pc += 4; continue; }
      case 0x70: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = I[b]! >>> 0; if (y === 0) throw trap('integer divide by zero', cur); I[d] = (I[a]! >>> 0) % y; pc += 4; continue; }
      case 0x71: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! & I[b]!; pc += 4; continue; }
      case 0x72: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! | I[b]!; pc += 4; continue; }
      case 0x73: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! ^ I[b]!; pc += 4; continue; }
      case 0x74: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! << I[b]!; pc += 4; continue; }
      case 0x76: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >>> I[b]!; pc += 4; continue; }
      // (| 0 on the high words: V8 kept the sum as a speculative int32 add
      // that deoptimised loop() on overflow)
      case 0x7c: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const lo = (I[a]! >>> 0) + (I[b]! >>> 0); const hi = (I[a + 1]! + I[b + 1]! + (lo > 0xffffffff ? 1 : 0)) | 0; I[d] = lo; I[d + 1] = hi; pc += 4; continue; }
      case 0x7d: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const lo = (I[a]! >>> 0) - (I[b]! >>> 0); const hi = (I[a + 1]! - I[b + 1]! - (lo < 0 ? 1 : 0)) | 0; I[d] = lo; I[d + 1] = hi; pc += 4; continue; }
      case 0x7e: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; i64Mul(d, a, b); pc += 4; continue; }
      case 0x83: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! & I[b]!; I[d + 1] = I[a + 1]! & I[b + 1]!; pc += 4; continue; }
      case 0x84: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! | I[b]!; I[d + 1] = I[a + 1]! | I[b + 1]!; pc += 4; continue; }
      case 0x85: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! ^ I[b]!; I[d + 1] = I[a + 1]! ^ I[b + 1]!; pc += 4; continue; }
      // NaN operands: when both operands of an add or mul are NaN, x86 returns
      // the first one's payload, and V8 may swap the operands of a commutative
      // op (it did, depending on register allocation, so loop()'s NaN bits
      // changed with unrelated edits). `r === r || y === y ? r : y + 0` makes
      // the result the second operand's NaN (quieted), what the JIT's code gives.
      case 0x92: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = F32[b]!, r = F32[a]! + y; F32[d] = r === r || y === y ? r : y + 0; pc += 4; continue; }
      case 0x93: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F32[d] = F32[a]! - F32[b]!; pc += 4; continue; }
      case 0x94: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = F32[b]!, r = F32[a]! * y; F32[d] = r === r || y === y ? r : y + 0; pc += 4; continue; }
      case 0x95: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F32[d] = F32[a]! / F32[b]!; pc += 4; continue; }
      case 0x58: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]! >>> 0, bh = I[b + 1]! >>> 0; I[d] = ah < bh || (ah === bh && (I[a]! >>> 0) <= (I[b]! >>> 0)) ? 1 : 0; pc += 4; continue; }
      case 0x91: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = Math.sqrt(F32[a]!); pc += 3; continue; }
      case 0x9f: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = Math.sqrt(F[a >> 1]!); pc += 3; continue; }
      case 0xa0: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = F[b >> 1]!, r = F[a >> 1]! + y; F[d >> 1] = r === r || y === y ? r : y + 0; pc += 4; continue; }
      case 0xa1: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F[d >> 1] = F[a >> 1]! - F[b >> 1]!; pc += 4; continue; }
      case 0xa2: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = F[b >> 1]!, r = F[a >> 1]! * y; F[d >> 1] = r === r || y === y ? r : y + 0; pc += 4; continue; }
      case 0xa3: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F[d >> 1] = F[a >> 1]! / F[b >> 1]!; pc += 4; continue; }
      case 0xa7: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; pc += 3; continue; }
      case 0xad: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; I[d + 1] = 0; pc += 3; continue; }
      case 0xb3: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = I[a]! >>> 0; pc += 3; continue; }
      // ---- fused forms (opcodes.ts: IMM_BASE, JCMP_BASE, JCMPI_BASE) ----
      case 0x101: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! !== code[pc + 3]! ? 1 : 0; pc += 4; continue; // i32 op 0x47 with immediate
      case 0x103: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! >>> 0 < code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; continue; // i32 op 0x49 with immediate
      case 0x104: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! > code[pc + 3]! ? 1 : 0; pc += 4; continue; // i32 op 0x4a with immediate
      case 0x105: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! >>> 0 > code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; continue; // i32 op 0x4b with immediate
      case 0x10a: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!; pc += 4; continue; // i32 op 0x6a with immediate
      case 0x10b: I[(fp + (w >>> 10)) << 1] = Math.imul(I[(fp + code[pc + 2]!) << 1]!, code[pc + 3]!); pc += 4; continue; // i32 op 0x6c with immediate
      case 0x10c: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! & code[pc + 3]!; pc += 4; continue; // i32 op 0x71 with immediate
      case 0x10d: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! | code[pc + 3]!; pc += 4; continue; // i32 op 0x72 with immediate
      case 0x10e: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! ^ code[pc + 3]!; pc += 4; continue; // i32 op 0x73 with immediate
      case 0x10f: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! << code[pc + 3]!; pc += 4; continue; // i32 op 0x74 with immediate
      case 0x110: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! >> code[pc + 3]!; pc += 4; continue; // i32 op 0x75 with immediate
      case 0x111: I[(fp + (w >>> 10)) << 1] = I[(fp + code[pc + 2]!) << 1]! >>> code[pc + 3]!; pc += 4; continue; // i32 op 0x76 with immediate
      case 0x1cb: I[(fp + (w >>> 10)) << 1] = (I[(fp + code[pc + 2]!) << 1]! >>> code[pc + 3]!) & code[pc + 4]!; pc += 5; continue; // SHRU_ANDI dst a k mask
      case 0x1cc: I[(fp + (w >>> 10)) << 1] = (I[(fp + code[pc + 2]!) << 1]! >> code[pc + 3]!) & code[pc + 4]!; pc += 5; continue; // SHRS_ANDI dst a k mask
      case 0x1cd: I[(fp + (w >>> 10)) << 1] = (I[(fp + code[pc + 2]!) << 1]! + Math.imul(I[(fp + code[pc + 3]!) << 1]!, I[(fp + code[pc + 4]!) << 1]!)) | 0; pc += 5; continue; // MUL_ADD dst c a b
      case 0x120: if (I[(fp + (w >>> 10)) << 1]! === I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x46
      case 0x130: if (I[(fp + (w >>> 10)) << 1]! === code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x46 immediate
      case 0x121: if (I[(fp + (w >>> 10)) << 1]! !== I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x47
      case 0x131: if (I[(fp + (w >>> 10)) << 1]! !== code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x47 immediate
      case 0x122: if (I[(fp + (w >>> 10)) << 1]! < I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x48
      case 0x132: if (I[(fp + (w >>> 10)) << 1]! < code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x48 immediate
      case 0x123: if (I[(fp + (w >>> 10)) << 1]! >>> 0 < I[(fp + code[pc + 2]!) << 1]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x49
      case 0x133: if (I[(fp + (w >>> 10)) << 1]! >>> 0 < code[pc + 2]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x49 immediate
      case 0x124: if (I[(fp + (w >>> 10)) << 1]! > I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4a
      case 0x134: if (I[(fp + (w >>> 10)) << 1]! > code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4a immediate
      case 0x125: if (I[(fp + (w >>> 10)) << 1]! >>> 0 > I[(fp + code[pc + 2]!) << 1]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4b
      case 0x135: if (I[(fp + (w >>> 10)) << 1]! >>> 0 > code[pc + 2]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4b immediate
      case 0x126: if (I[(fp + (w >>> 10)) << 1]! <= I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4c
      case 0x136: if (I[(fp + (w >>> 10)) << 1]! <= code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4c immediate
      case 0x127: if (I[(fp + (w >>> 10)) << 1]! >>> 0 <= I[(fp + code[pc + 2]!) << 1]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4d
      case 0x137: if (I[(fp + (w >>> 10)) << 1]! >>> 0 <= code[pc + 2]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4d immediate
      case 0x128: if (I[(fp + (w >>> 10)) << 1]! >= I[(fp + code[pc + 2]!) << 1]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4e
      case 0x138: if (I[(fp + (w >>> 10)) << 1]! >= code[pc + 2]!) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4e immediate
      case 0x129: if (I[(fp + (w >>> 10)) << 1]! >>> 0 >= I[(fp + code[pc + 2]!) << 1]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4f
      case 0x139: if (I[(fp + (w >>> 10)) << 1]! >>> 0 >= code[pc + 2]! >>> 0) { const t = code[pc + 3]!; pc = cbase + t; break; } else pc += 4; continue; // jump if i32 cmp 0x4f immediate
      case 0x140: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; const bl = code[pc + 3]!, bh = code[pc + 4]!; const lo = (I[a]! >>> 0) + (bl >>> 0); const hi = (I[a + 1]! + bh + (lo > 0xffffffff ? 1 : 0)) | 0; I[d] = lo; I[d + 1] = hi; pc += 5; continue; } // i64 op 0x7c with immediate
      case 0x141: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; i64MulV(d, I[a]!, I[a + 1]!, code[pc + 3]!, code[pc + 4]!); pc += 5; continue; } // i64 op 0x7e with immediate
      case 0x142: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]! & code[pc + 3]!; I[d + 1] = I[a + 1]! & code[pc + 4]!; pc += 5; continue; } // i64 op 0x83 with immediate
      case 0x143: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]! | code[pc + 3]!; I[d + 1] = I[a + 1]! | code[pc + 4]!; pc += 5; continue; } // i64 op 0x84 with immediate
      case 0x144: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]! ^ code[pc + 3]!; I[d + 1] = I[a + 1]! ^ code[pc + 4]!; pc += 5; continue; } // i64 op 0x85 with immediate
      case 0x145: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; const k = code[pc + 3]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d + 1] = (h << k) | (l >>> (32 - k)); I[d] = l << k; } else { I[d + 1] = l << (k - 32); I[d] = 0; } pc += 5; continue; } // i64 op 0x86 with immediate
      case 0x147: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; const k = code[pc + 3]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d] = (l >>> k) | (h << (32 - k)); I[d + 1] = h >>> k; } else { I[d] = h >>> (k - 32); I[d + 1] = 0; } pc += 5; continue; } // i64 op 0x88 with immediate
      case 0x148: { const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1; let k = code[pc + 3]! & 63; let l = I[a]!, h = I[a + 1]!; if (k >= 32) { const t = l; l = h; h = t; k -= 32; } if (k !== 0) { const nh = (h << k) | (l >>> (32 - k)); const nl = (l << k) | (h >>> (32 - k)); h = nh; l = nl; } I[d] = l; I[d + 1] = h; pc += 5; continue; } // i64 op 0x89 with immediate
      case 0x150: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = dv.getInt32(ea, true); pc += 5; continue; } // load 0x28, address = add
      case 0x160: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = dv.getInt32(ea, true); pc += 5; continue; } // load 0x28, address = add
      case 0x161: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = dv.getInt32(ea, true); I[d + 1] = dv.getInt32(ea + 4, true); pc += 5; continue; } // load 0x29, address = add
      case 0x164: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = u8[ea]!; pc += 5; continue; } // load 0x2d, address = add
      case 0x158: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = u8[ea]!; I[d + 1] = 0; pc += 5; continue; } // load 0x31, address = add
      case 0x168: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + (w >>> 10)) << 1; I[d] = u8[ea]!; I[d + 1] = 0; pc += 5; continue; } // load 0x31, address = add
      // f32/f64 op with a constant (FIMM_BASE): the constant read from the code (cdv) as a float
      case 0x190: { const d = (fp + (w >>> 10)) << 1; const x = F32[(fp + code[pc + 2]!) << 1]!; const y = cdv.getFloat32((pc + 3) << 2, true), r = x + y; F32[d] = r === r || y === y ? r : y + 0; pc += 5; continue; }
      case 0x192: { const d = (fp + (w >>> 10)) << 1; const x = F32[(fp + code[pc + 2]!) << 1]!; const y = cdv.getFloat32((pc + 3) << 2, true), r = x * y; F32[d] = r === r || y === y ? r : y + 0; pc += 5; continue; }
      case 0x194: { const x = F[fp + code[pc + 2]!]!; const y = cdv.getFloat64((pc + 3) << 2, true), r = x + y; F[fp + (w >>> 10)] = r === r || y === y ? r : y + 0; pc += 5; continue; }
      case 0x196: { const x = F[fp + code[pc + 2]!]!; const y = cdv.getFloat64((pc + 3) << 2, true), r = x * y; F[fp + (w >>> 10)] = r === r || y === y ? r : y + 0; pc += 5; continue; }
      // ---- i32.add of a constant + compare-and-branch (ADDJ_BASE, ADDJI_BASE): dst = a + imm; jump if dst OP b ----
      case 0x1a0: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v === I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x46
      case 0x1a1: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v !== I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x47
      case 0x1a2: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v < I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x48
      case 0x1a3: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) < (I[(fp + code[pc + 4]!) << 1]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x49
      case 0x1a4: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v > I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4a
      case 0x1a5: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) > (I[(fp + code[pc + 4]!) << 1]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4b
      case 0x1a6: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v <= I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4c
      case 0x1a7: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) <= (I[(fp + code[pc + 4]!) << 1]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4d
      case 0x1a8: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v >= I[(fp + code[pc + 4]!) << 1]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4e
      case 0x1a9: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) >= (I[(fp + code[pc + 4]!) << 1]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4f
      case 0x1b0: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v === code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x46 immediate
      case 0x1b1: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v !== code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x47 immediate
      case 0x1b2: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v < code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x48 immediate
      case 0x1b3: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) < (code[pc + 4]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x49 immediate
      case 0x1b4: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v > code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4a immediate
      case 0x1b5: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) > (code[pc + 4]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4b immediate
      case 0x1b6: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v <= code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4c immediate
      case 0x1b7: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) <= (code[pc + 4]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4d immediate
      case 0x1b8: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if (v >= code[pc + 4]!) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4e immediate
      case 0x1b9: { const v = (I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) | 0; I[(fp + (w >>> 10)) << 1] = v; if ((v >>> 0) >= (code[pc + 4]! >>> 0)) { const t = code[pc + 5]!; pc = cbase + t; break; } else pc += 6; continue; } // i32 cmp 0x4f immediate
      case 0x199: { // LD8_OR_SHL64 dst acc a imm k: dst = acc | (u8[a + imm] << k), i64
        const ea = (I[(fp + code[pc + 3]!) << 1]! + code[pc + 4]!) >>> 0;
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1;
        const k = code[pc + 5]!, v = u8[ea]!;
        let nl = 0, nh = 0;
        if (k >= 32) nh = v << (k - 32); else if (k !== 0) { nl = v << k; nh = v >>> (32 - k); } else nl = v;
        I[d] = I[a]! | nl;
        I[d + 1] = I[a + 1]! | nh;
        pc += 6;
        continue;
      }
      // float pairs (opcodes.ts: F64_ADD_MUL ...): [op, dst, c (or t), a, b]
      // (add and mul: see 'NaN operands' at case 0x92)
      case 0x1c0: { const d = fp + (w >>> 10), c = fp + code[pc + 2]!, a = fp + code[pc + 3]!, b = fp + code[pc + 4]!; const y = F[b]!; let m = F[a]! * y; if (m !== m && y !== y) m = y + 0; const r = F[c]! + m; F[d] = r === r || m === m ? r : m + 0; pc += 5; continue; }
      case 0x1c1: { const d = fp + (w >>> 10), c = fp + code[pc + 2]!, a = fp + code[pc + 3]!, b = fp + code[pc + 4]!; const y = F[b]!; let m = F[a]! * y; if (m !== m && y !== y) m = y + 0; F[d] = F[c]! - m; pc += 5; continue; }
      case 0x1c2: { const d = fp + (w >>> 10), c = fp + code[pc + 2]!, a = fp + code[pc + 3]!, b = fp + code[pc + 4]!; const y = F[b]!; let m = F[a]! * y; if (m !== m && y !== y) m = y + 0; const z = F[c]!, r = m + z; F[d] = r === r || z === z ? r : z + 0; pc += 5; continue; }
      case 0x1c3: { const d = fp + (w >>> 10), c = fp + code[pc + 2]!, a = fp + code[pc + 3]!, b = fp + code[pc + 4]!; const y = F[b]!; let m = F[a]! + y; if (m !== m && y !== y) m = y + 0; const r = F[c]! + m; F[d] = r === r || m === m ? r : m + 0; pc += 5; continue; }
      case 0x1c4: { const d = fp + (w >>> 10), t = fp + code[pc + 2]!, a = fp + code[pc + 3]!, b = fp + code[pc + 4]!; const x = F[a]! - F[b]!; F[t] = x; F[d] = x * x; pc += 5; continue; }
      case 0x1c5: { const d = (fp + (w >>> 10)) << 1, z = F32[(fp + code[pc + 2]!) << 1]!; const y = F32[(fp + code[pc + 4]!) << 1]!, m = F32[(fp + code[pc + 3]!) << 1]! * y; const q = Math.fround(m === m || y === y ? m : y + 0), r = z + q; F32[d] = r === r || q === q ? r : q + 0; pc += 5; continue; }
      case 0x19a: { const d = (fp + (w >>> 10)) << 1; I[d] = I[(fp + code[pc + 2]!) << 1]! + (I[(fp + code[pc + 3]!) << 1]! << code[pc + 4]!); pc += 5; continue; } // ADD_SHL dst a b k
      case 0x19b: { // LOAD_SCALED dst a b k offset: i32.load
        const ea = ((I[(fp + code[pc + 2]!) << 1]! + (I[(fp + code[pc + 3]!) << 1]! << code[pc + 4]!)) >>> 0) + (code[pc + 5]! >>> 0);
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        I[(fp + (w >>> 10)) << 1] = dv.getInt32(ea, true);
        pc += 6;
        continue;
      }
      case 0x19c: { // XOR_MULI64 dst x y lo hi
        const x = (fp + code[pc + 2]!) << 1, y = (fp + code[pc + 3]!) << 1;
        i64MulV((fp + (w >>> 10)) << 1, I[x]! ^ I[y]!, I[x + 1]! ^ I[y + 1]!, code[pc + 4]!, code[pc + 5]!);
        pc += 6;
        continue;
      }
      case 0x19d: { // LD8_XOR_MULI64 dst h a imm lo hi
        const ea = (I[(fp + code[pc + 3]!) << 1]! + code[pc + 4]!) >>> 0;
        if (ea >= memSize) throw trap('out of bounds memory access', cur);
        const h = (fp + code[pc + 2]!) << 1;
        i64MulV((fp + (w >>> 10)) << 1, I[h]! ^ u8[ea]!, I[h + 1]!, code[pc + 5]!, code[pc + 6]!);
        pc += 7;
        continue;
      }
      case 0x1c6: { // F32_ADD_MUL_LD dst c x a imm: dst = c + x * f32[a + imm]
        const ea = (I[(fp + code[pc + 4]!) << 1]! + code[pc + 5]!) >>> 0;
        if (ea + 4 > memSize) throw trap('out of bounds memory access', cur);
        const d = (fp + (w >>> 10)) << 1, z = F32[(fp + code[pc + 2]!) << 1]!, x = F32[(fp + code[pc + 3]!) << 1]!;
        // the loaded f32 and the rounded product as doubles (as F32 would give them back)
        const y = dv.getFloat32(ea, true), m = x * y;
        const q = Math.fround(m === m || y === y ? m : y + 0), r = z + q;
        F32[d] = r === r || q === q ? r : q + 0;
        pc += 6;
        continue;
      }
      case 0x1ba: { // ADDJ_RUN dst a imm1 b target1 m (imm target)*m: bounds checks v = a + imm; jump if v >=u b
        const av = I[(fp + code[pc + 2]!) << 1]!, bv = I[(fp + code[pc + 4]!) << 1]! >>> 0;
        let v = (av + code[pc + 3]!) | 0;
        let t = -1, q = pc + 7;
        if (v >>> 0 >= bv) t = code[pc + 5]!;
        else {
          const m = code[pc + 6]!;
          for (let i = 0; i < m; i++) {
            v = (av + code[q]!) | 0;
            if (v >>> 0 >= bv) {
              t = code[q + 1]!;
              break;
            }
            q += 2;
          }
        }
        I[(fp + (w >>> 10)) << 1] = v;
        if (t < 0) {
          pc = q; // every check passed: fall through, like a not-taken ADDJ (no fuel)
          continue;
        }
        pc = cbase + t; break;
      }
      case 0x19f: { // LD8_OR_RUN dst acc a m (imm k)*m
        const base = I[(fp + code[pc + 3]!) << 1]!, a = (fp + code[pc + 2]!) << 1;
        const m = code[pc + 4]!;
        let lo = I[a]!, hi = I[a + 1]!;
        let q = pc + 5;
        for (let i = 0; i < m; i++) {
          const ea = (base + code[q]!) >>> 0;
          if (ea >= memSize) throw trap('out of bounds memory access', cur);
          const k = code[q + 1]!, v = u8[ea]!;
          if (k >= 32) hi |= v << (k - 32); else if (k !== 0) { lo |= v << k; hi |= v >>> (32 - k); } else lo |= v;
          q += 2;
        }
        const d = (fp + (w >>> 10)) << 1;
        I[d] = lo;
        I[d + 1] = hi;
        pc = q;
        continue;
      }
      case 0x1c7: { // ROTL_MULI64 dst src k lo hi: dst = rotl(src, k) * (hi:lo) (opcodes.ts)
        const a = (fp + code[pc + 2]!) << 1;
        let k = code[pc + 3]!, l = I[a]!, h = I[a + 1]!;
        if (k >= 32) { const t = l; l = h; h = t; k -= 32; }
        if (k !== 0) { const nh = (h << k) | (l >>> (32 - k)); const nl = (l << k) | (h >>> (32 - k)); h = nh; l = nl; }
        i64MulV((fp + (w >>> 10)) << 1, l, h, code[pc + 4]!, code[pc + 5]!);
        pc += 6;
        continue;
      }
      case 0x1c8: { // MULI_ADD64 dst other src lo hi: dst = other + src * (hi:lo) (opcodes.ts)
        const o = (fp + code[pc + 2]!) << 1, s = (fp + code[pc + 3]!) << 1, d = (fp + (w >>> 10)) << 1;
        const ol = I[o]!, oh = I[o + 1]!;
        i64MulV(d, I[s]!, I[s + 1]!, code[pc + 4]!, code[pc + 5]!);
        const lo = (I[d]! >>> 0) + (ol >>> 0);
        I[d + 1] = (I[d + 1]! + oh + (lo > 0xffffffff ? 1 : 0)) | 0; // | 0: see the i64.add case
        I[d] = lo;
        pc += 6;
        continue;
      }
      case 0x1c9: { // I64_ADD_EXTU dst a b: dst = a + u64(b)
        const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1;
        const lo = (I[a]! >>> 0) + (I[(fp + code[pc + 3]!) << 1]! >>> 0);
        I[d] = lo;
        I[d + 1] = (I[a + 1]! + (lo > 0xffffffff ? 1 : 0)) | 0; // | 0: see the i64.add case
        pc += 4;
        continue;
      }
      case 0x198: { // OR_SHL64 dst a b k: dst = a | (b << k), i64
        const d = (fp + (w >>> 10)) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1;
        const k = code[pc + 4]!, l = I[b]!, h = I[b + 1]!;
        let nl = l, nh = h;
        if (k >= 32) { nh = l << (k - 32); nl = 0; } else if (k !== 0) { nh = (h << k) | (l >>> (32 - k)); nl = l << k; }
        I[d] = I[a]! | nl;
        I[d + 1] = I[a + 1]! | nh;
        pc += 5;
        continue;
      }
      case 0x170: { const ea = ((I[(fp + (w >>> 10)) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); pc += 5; continue; } // store 0x36, address = add
      case 0x180: { const ea = ((I[(fp + (w >>> 10)) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); pc += 5; continue; } // store 0x36, address = add
      case 0x174: { const ea = ((I[(fp + (w >>> 10)) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; u8[ea] = I[v]!; pc += 5; continue; } // store 0x3a, address = add
      default: {
        const len = COLD_LEN[op]!;
        if (len === 0) throw badOpcode(op, pc);
        // (the instance passed as loop() tracks it: cur is a FuncInst or a lazily tiered
        // JitFunc, and reading cur.inst there made cold() deoptimise on "wrong map" at a
        // game's first cold op when the warm-ups had shown it only one of the two)
        if (op >= SIMD_BASE) simdStep(op, code, pc, fp, cur, inst);
        else cold(op, code, pc, fp, cur, inst);
        pc += len;
        continue;
      }
    }
    // only taken branches, calls and returns get here (every other case
    // `continue`s): the interrupt countdown
    if (--fuel < 0) {
      resumeFunc = cur;
      resumePc = pc;
      resumeFp = fp;
      return false;
    }
  }
}

/**
 * The messages of loop()'s throws are built here, outside loop(): written
 * there, the two table traps' `${k}` was one common value that TurboFan
 * computed (a NumberToString call) before the checks, on every call_indirect.
 */
function elementTrap(kind: string, cur: FuncInst, k: number): Error {
  return trap(kind, cur, `${kind} ${k}`);
}

function badOpcode(op: number, pc: number): Error {
  return new Error(`interpreter: bad slot-code opcode 0x${op.toString(16)} at ${pc}`);
}


/**
 * The less frequent instructions, out of the main loop so that it stays small
 * enough for V8 to optimise quickly. They only read and write slots, tables
 * and memory contents (never the loop's own state).
 */
function cold(op: number, code: Int32Array, pc: number, fp: number, cur: FuncInst, inst: InstanceState): void {
  const mem = inst.memory;
  const u8 = mem ? mem.u8 : EMPTY_BYTES;
  const dv = mem ? mem.dv : EMPTY_DV;
  const memSize = mem ? mem.size : 0;
  switch (op) {
    case 0x1ca: { // BULK_LOOP d x e kind (opcodes.ts): all but the last element of a copy/fill loop at once
      const d = (fp + code[pc + 1]!) << 1, x = (fp + code[pc + 2]!) << 1, kind = code[pc + 4]!;
      const k = kind & 7, D = I[d]! >>> 0, E = I[(fp + code[pc + 3]!) << 1]! >>> 0;
      const n = E - D; // bytes the loop writes, if it ends exactly at E
      const len = n - k; // the loop itself writes the last element
      if (len <= 0 || E > memSize || n % k !== 0) return;
      // In bounds and ending exactly at E, the loop's elements are done here,
      // in the loop's own order where a bulk call would differ (a copy onto
      // its own source, a word fill of unequal bytes) or cost more (short
      // runs) — up to INTERP_ELEMENT_RUN_MAX bytes: a longer run of those stays
      // the interpreted loop, which polls for interrupts.
      const bulk = len >= INTERP_BULK_MIN_BYTES;
      if (kind & 8) {
        const v = I[x]!;
        if (bulk && (k === 1 || (v & 255) * 0x01010101 === v >>> 0)) u8.fill(v, D, D + len);
        else if (len > INTERP_ELEMENT_RUN_MAX) return;
        else if (k === 1) for (let i = D; i < D + len; i++) u8[i] = v;
        else for (let i = D; i < D + len; i += 4) dv.setInt32(i, v, true);
      } else {
        const S = I[x]! >>> 0;
        if (S + n > memSize) return;
        if (bulk && !(D > S && D < S + n)) u8.copyWithin(D, S, S + len);
        else if (len > INTERP_ELEMENT_RUN_MAX) return;
        else if (k === 1) for (let i = 0; i < len; i++) u8[D + i] = u8[S + i]!;
        else for (let i = 0; i < len; i += 4) dv.setInt32(D + i, dv.getInt32(S + i, true), true);
        I[x] = S + len;
      }
      I[d] = D + len;
      if (bulkDue(len)) checkInterrupt(cur);
      return;
    }
    case 0x53: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]!, bh = I[b + 1]!; I[d] = ah < bh || (ah === bh && (I[a]! >>> 0) < (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x54: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]! >>> 0, bh = I[b + 1]! >>> 0; I[d] = ah < bh || (ah === bh && (I[a]! >>> 0) < (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x55: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]!, bh = I[b + 1]!; I[d] = ah > bh || (ah === bh && (I[a]! >>> 0) > (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x56: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]! >>> 0, bh = I[b + 1]! >>> 0; I[d] = ah > bh || (ah === bh && (I[a]! >>> 0) > (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x57: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]!, bh = I[b + 1]!; I[d] = ah < bh || (ah === bh && (I[a]! >>> 0) <= (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x59: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]!, bh = I[b + 1]!; I[d] = ah > bh || (ah === bh && (I[a]! >>> 0) >= (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x5a: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const ah = I[a + 1]! >>> 0, bh = I[b + 1]! >>> 0; I[d] = ah > bh || (ah === bh && (I[a]! >>> 0) >= (I[b]! >>> 0)) ? 1 : 0; return; }
    case 0x5b: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! === F32[b]! ? 1 : 0; return; }
    case 0x5c: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! !== F32[b]! ? 1 : 0; return; }
    case 0x5f: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! <= F32[b]! ? 1 : 0; return; }
    case 0x60: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F32[a]! >= F32[b]! ? 1 : 0; return; }
    case 0x61: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! === F[b >> 1]! ? 1 : 0; return; }
    case 0x62: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! !== F[b >> 1]! ? 1 : 0; return; }
    case 0x65: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! <= F[b >> 1]! ? 1 : 0; return; }
    case 0x66: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! >= F[b >> 1]! ? 1 : 0; return; }
    case 0x6d: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const x = I[a]!, y = I[b]!; if (y === 0) throw trap('integer divide by zero', cur); if (x === -2147483648 && y === -1) throw trap('integer overflow', cur); I[d] = x / y; return; }
    case 0x6f: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const y = I[b]!; if (y === 0) throw trap('integer divide by zero', cur); I[d] = I[a]! % y; return; }
    case 0x77: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const v = I[a]!, k = I[b]! & 31; I[d] = (v << k) | (v >>> (32 - k)); return; }
    case 0x78: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const v = I[a]!, k = I[b]! & 31; I[d] = (v >>> k) | (v << (32 - k)); return; }
    case 0x86: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = I[b]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d + 1] = (h << k) | (l >>> (32 - k)); I[d] = l << k; } else { I[d + 1] = l << (k - 32); I[d] = 0; } return; }
    case 0x87: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = I[b]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d] = (l >>> k) | (h << (32 - k)); I[d + 1] = h >> k; } else { I[d] = h >> (k - 32); I[d + 1] = h >> 31; } return; }
    case 0x88: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = I[b]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d] = (l >>> k) | (h << (32 - k)); I[d + 1] = h >>> k; } else { I[d] = h >>> (k - 32); I[d + 1] = 0; } return; }
    case 0xb6: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = F[a >> 1]!; return; }
    case 0xbb: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = F32[a]!; return; }
    case 0xbc: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; return; }
    case 0xbd: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; I[d + 1] = I[a + 1]!; return; }
    case 0xbe: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; return; }
    case 0xbf: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; I[d + 1] = I[a + 1]!; return; }
    case 0x146: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const k = code[pc + 3]! & 63, l = I[a]!, h = I[a + 1]!; if (k === 0) { I[d] = l; I[d + 1] = h; } else if (k < 32) { I[d] = (l >>> k) | (h << (32 - k)); I[d + 1] = h >> k; } else { I[d] = h >> (k - 32); I[d + 1] = h >> 31; } return; } // i64 op 0x87 with immediate
    case 0x149: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; let k = (64 - (code[pc + 3]! & 63)) & 63; let l = I[a]!, h = I[a + 1]!; if (k >= 32) { const t = l; l = h; h = t; k -= 32; } if (k !== 0) { const nh = (h << k) | (l >>> (32 - k)); const nl = (l << k) | (h >>> (32 - k)); h = nh; l = nl; } I[d] = l; I[d + 1] = h; return; } // i64 op 0x8a with immediate
    case 0x154: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = u8[ea]!; return; } // load 0x2d, address = add
    case 0x155: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = (u8[ea]! << 24) >> 24; return; } // load 0x2c, address = add
    case 0x165: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = (u8[ea]! << 24) >> 24; return; } // load 0x2c, address = add
    case 0x156: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getUint16(ea, true); return; } // load 0x2f, address = add
    case 0x166: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getUint16(ea, true); return; } // load 0x2f, address = add
    case 0x157: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getInt16(ea, true); return; } // load 0x2e, address = add
    case 0x167: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getInt16(ea, true); return; } // load 0x2e, address = add
    case 0x175: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt16(ea, I[v]!, true); return; } // store 0x3b, address = add
    case 0x185: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 2 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt16(ea, I[v]!, true); return; } // store 0x3b, address = add
    case 0x67: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = Math.clz32(I[a]!); return; }
    case 0x68: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = I[a]!; I[d] = v === 0 ? 32 : 31 - Math.clz32(v & -v); return; }
    case 0x69: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = popcnt32(I[a]!); return; }
    case 0x79: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const h = I[a + 1]!, l = I[a]!; I[d] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(l); I[d + 1] = 0; return; }
    case 0x7a: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const l = I[a]!, h = I[a + 1]!; I[d] = l !== 0 ? 31 - Math.clz32(l & -l) : h !== 0 ? 63 - Math.clz32(h & -h) : 64; I[d + 1] = 0; return; }
    case 0x7b: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const c = popcnt32(I[a]!) + popcnt32(I[a + 1]!); I[d] = c; I[d + 1] = 0; return; }
    case 0x7f: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = i64DivRem(d, a, b, 127); if (k !== null) throw trap(k, cur); return; }
    case 0x80: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = i64DivRem(d, a, b, 128); if (k !== null) throw trap(k, cur); return; }
    case 0x81: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = i64DivRem(d, a, b, 129); if (k !== null) throw trap(k, cur); return; }
    case 0x82: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const k = i64DivRem(d, a, b, 130); if (k !== null) throw trap(k, cur); return; }
    case 0x89: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; let k = I[b]! & 63; let l = I[a]!, h = I[a + 1]!; if (k >= 32) { const t = l; l = h; h = t; k -= 32; } if (k !== 0) { const nh = (h << k) | (l >>> (32 - k)); const nl = (l << k) | (h >>> (32 - k)); h = nh; l = nl; } I[d] = l; I[d + 1] = h; return; }
    case 0x8a: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; let k = (64 - (I[b]! & 63)) & 63; let l = I[a]!, h = I[a + 1]!; if (k >= 32) { const t = l; l = h; h = t; k -= 32; } if (k !== 0) { const nh = (h << k) | (l >>> (32 - k)); const nl = (l << k) | (h >>> (32 - k)); h = nh; l = nl; } I[d] = l; I[d + 1] = h; return; }
    case 0x8b: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]! & 0x7fffffff; return; }
    case 0x8c: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]! ^ -0x80000000; return; }
    case 0x8d: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = Math.ceil(F32[a]!); return; }
    case 0x8e: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = Math.floor(F32[a]!); return; }
    case 0x8f: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = Math.trunc(F32[a]!); return; }
    case 0x90: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = nearest(F32[a]!); return; }
    case 0x96: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F32[d] = Math.min(F32[a]!, F32[b]!); return; }
    case 0x97: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F32[d] = Math.max(F32[a]!, F32[b]!); return; }
    case 0x98: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = (I[a]! & 0x7fffffff) | (I[b]! & -0x80000000); return; }
    case 0x99: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; I[d + 1] = I[a + 1]! & 0x7fffffff; return; }
    case 0x9a: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a]!; I[d + 1] = I[a + 1]! ^ -0x80000000; return; }
    case 0x9b: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; F[d >> 1] = v !== v ? NaN : Math.ceil(v); return; }
    case 0x9c: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; F[d >> 1] = v !== v ? NaN : Math.floor(v); return; }
    case 0x9d: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; F[d >> 1] = v !== v ? NaN : Math.trunc(v); return; }
    case 0x9e: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; F[d >> 1] = v !== v ? NaN : nearest(v); return; }
    case 0xa4: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F[d >> 1] = Math.min(F[a >> 1]!, F[b >> 1]!); return; }
    case 0xa5: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; F[d >> 1] = Math.max(F[a >> 1]!, F[b >> 1]!); return; }
    case 0xa6: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; const s = I[b + 1]! & -0x80000000; I[d] = I[a]!; I[d + 1] = (I[a + 1]! & 0x7fffffff) | s; return; }
    case 0xa8: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 2147483648 || v <= -2147483649) throw trap('integer overflow', cur); I[d] = Math.trunc(v); return; }
    case 0xa9: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 4294967296 || v <= -1) throw trap('integer overflow', cur); I[d] = Math.trunc(v); return; }
    case 0xaa: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 2147483648 || v <= -2147483649) throw trap('integer overflow', cur); I[d] = Math.trunc(v); return; }
    case 0xab: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 4294967296 || v <= -1) throw trap('integer overflow', cur); I[d] = Math.trunc(v); return; }
    case 0xae: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 9223372036854775808 || v < -9223372036854775808) throw trap('integer overflow', cur); i64TruncSet(d, Math.trunc(v)); return; }
    case 0xaf: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 18446744073709551616 || v <= -1) throw trap('integer overflow', cur); i64TruncSet(d, Math.trunc(v)); return; }
    case 0xb0: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 9223372036854775808 || v < -9223372036854775808) throw trap('integer overflow', cur); i64TruncSet(d, Math.trunc(v)); return; }
    case 0xb1: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v) throw trap('invalid conversion to integer', cur); if (v >= 18446744073709551616 || v <= -1) throw trap('integer overflow', cur); i64TruncSet(d, Math.trunc(v)); return; }
    case 0xb4: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = i64ToF32(I[a]!, I[a + 1]!, true); return; }
    case 0xb5: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = i64ToF32(I[a]!, I[a + 1]!, false); return; }
    case 0xb9: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = I[a + 1]! * 4294967296 + (I[a]! >>> 0); return; }
    case 0xba: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = (I[a + 1]! >>> 0) * 4294967296 + (I[a]! >>> 0); return; }
    case 0xc0: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = (I[a]! << 24) >> 24; return; }
    case 0xc1: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = (I[a]! << 16) >> 16; return; }
    case 0xc2: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = (I[a]! << 24) >> 24; I[d] = v; I[d + 1] = v >> 31; return; }
    case 0xc3: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = (I[a]! << 16) >> 16; I[d] = v; I[d + 1] = v >> 31; return; }
    case 0xc4: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = I[a]!; I[d] = v; I[d + 1] = v >> 31; return; }
    case 0xe0: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; I[d] = v !== v ? 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v); return; }
    case 0xe1: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; I[d] = v !== v ? 0 : v >= 4294967295 ? -1 : v <= 0 ? 0 : Math.trunc(v); return; }
    case 0xe2: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; I[d] = v !== v ? 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v); return; }
    case 0xe3: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; I[d] = v !== v ? 0 : v >= 4294967295 ? -1 : v <= 0 ? 0 : Math.trunc(v); return; }
    case 0xe4: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v) { I[d] = 0; I[d + 1] = 0; } else if (v >= 9223372036854775808) { I[d] = -1; I[d + 1] = 0x7fffffff; } else if (v < -9223372036854775808) { I[d] = 0; I[d + 1] = -0x80000000; } else i64TruncSet(d, Math.trunc(v)); return; }
    case 0xe5: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F32[a]!; if (v !== v || v <= -1) { I[d] = 0; I[d + 1] = 0; } else if (v >= 18446744073709551616) { I[d] = -1; I[d + 1] = -1; } else i64TruncSet(d, Math.trunc(v)); return; }
    case 0xe6: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v) { I[d] = 0; I[d + 1] = 0; } else if (v >= 9223372036854775808) { I[d] = -1; I[d + 1] = 0x7fffffff; } else if (v < -9223372036854775808) { I[d] = 0; I[d + 1] = -0x80000000; } else i64TruncSet(d, Math.trunc(v)); return; }
    case 0xe7: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = F[a >> 1]!; if (v !== v || v <= -1) { I[d] = 0; I[d + 1] = 0; } else if (v >= 18446744073709551616) { I[d] = -1; I[d + 1] = -1; } else i64TruncSet(d, Math.trunc(v)); return; }
    // moved out of loop() to keep it under V8 15's size limit (rare in every workload)
    case 0x45: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; I[d] = I[a] === 0 ? 1 : 0; return; }
    case 0x48: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! < I[b]! ? 1 : 0; return; }
    case 0x4a: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! > I[b]! ? 1 : 0; return; }
    case 0x4c: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! <= I[b]! ? 1 : 0; return; }
    case 0x4d: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >>> 0 <= I[b]! >>> 0 ? 1 : 0; return; }
    case 0x4e: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >= I[b]! ? 1 : 0; return; }
    case 0x52: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a] !== I[b] || I[a + 1] !== I[b + 1] ? 1 : 0; return; }
    case 0x63: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! < F[b >> 1]! ? 1 : 0; return; }
    case 0x64: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = F[a >> 1]! > F[b >> 1]! ? 1 : 0; return; }
    case 0x75: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1, b = (fp + code[pc + 3]!) << 1; I[d] = I[a]! >> I[b]!; return; }
    case 0xac: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; const v = I[a]!; I[d] = v; I[d + 1] = v >> 31; return; }
    case 0xb2: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F32[d] = I[a]!; return; }
    case 0xb7: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = I[a]!; return; }
    case 0xb8: { const d = (fp + code[pc + 1]!) << 1, a = (fp + code[pc + 2]!) << 1; F[d >> 1] = I[a]! >>> 0; return; }
    case 0x100: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! === code[pc + 3]! ? 1 : 0; return; // i32 op 0x46 with immediate
    case 0x102: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! < code[pc + 3]! ? 1 : 0; return; // i32 op 0x48 with immediate
    case 0x106: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! <= code[pc + 3]! ? 1 : 0; return; // i32 op 0x4c with immediate
    case 0x107: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! >>> 0 <= code[pc + 3]! >>> 0 ? 1 : 0; return; // i32 op 0x4d with immediate
    case 0x108: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! >= code[pc + 3]! ? 1 : 0; return; // i32 op 0x4e with immediate
    case 0x109: I[(fp + code[pc + 1]!) << 1] = I[(fp + code[pc + 2]!) << 1]! >>> 0 >= code[pc + 3]! >>> 0 ? 1 : 0; return; // i32 op 0x4f with immediate
    case 0x151: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getInt32(ea, true); I[d + 1] = dv.getInt32(ea + 4, true); return; } // load 0x29, address = add
    case 0x152: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getInt32(ea, true); return; } // load 0x2a, address = add
    case 0x153: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + I[(fp + code[pc + 3]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); F[fp + code[pc + 1]!] = dv.getFloat64(ea, true); return; } // load 0x2b, address = add
    case 0x162: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const d = (fp + code[pc + 1]!) << 1; I[d] = dv.getInt32(ea, true); return; } // load 0x2a, address = add
    case 0x163: { const ea = ((I[(fp + code[pc + 2]!) << 1]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); F[fp + code[pc + 1]!] = dv.getFloat64(ea, true); return; } // load 0x2b, address = add
    case 0x171: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true); return; } // store 0x37, address = add
    case 0x172: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); return; } // store 0x38, address = add
    case 0x173: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + I[(fp + code[pc + 2]!) << 1]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true); return; } // store 0x39, address = add
    case 0x181: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true); return; } // store 0x37, address = add
    case 0x182: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 4 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); return; } // store 0x38, address = add
    case 0x183: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 8 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true); return; } // store 0x39, address = add
    case 0x184: { const ea = ((I[(fp + code[pc + 1]!) << 1]! + code[pc + 2]!) >>> 0) + (code[pc + 4]! >>> 0); if (ea + 1 > memSize) throw trap('out of bounds memory access', cur); const v = (fp + code[pc + 3]!) << 1; u8[ea] = I[v]!; return; } // store 0x3a, address = add
    case 0x191: { const d = (fp + code[pc + 1]!) << 1; F32[d] = F32[(fp + code[pc + 2]!) << 1]! - store_.dv.getFloat32((pc + 3) << 2, true); return; }
    case 0x193: { const d = (fp + code[pc + 1]!) << 1; F32[d] = F32[(fp + code[pc + 2]!) << 1]! / store_.dv.getFloat32((pc + 3) << 2, true); return; }
    case 0x195: { F[fp + code[pc + 1]!] = F[fp + code[pc + 2]!]! - store_.dv.getFloat64((pc + 3) << 2, true); return; }
    case 0x197: { F[fp + code[pc + 1]!] = F[fp + code[pc + 2]!]! / store_.dv.getFloat64((pc + 3) << 2, true); return; }
    case 0x25: { // table.get dst idx t
      const t = inst.tables[code[pc + 3]!]!;
      const k = I[(fp + code[pc + 2]!) << 1]! >>> 0;
      if (k >= t.elements.length) throw trap('out of bounds table access', cur);
      R[fp + code[pc + 1]!] = t.elements[k];
      return;
    }
    case 0x26: { // table.set idx value t
      const t = inst.tables[code[pc + 3]!]!;
      const k = I[(fp + code[pc + 1]!) << 1]! >>> 0;
      if (k >= t.elements.length) throw trap('out of bounds table access', cur);
      t.elements[k] = R[fp + code[pc + 2]!];
      return;
    }
    case 0xd0: // ref.null dst
      R[fp + code[pc + 1]!] = null;
      return;
    case 0xd1: // ref.is_null dst src
      I[(fp + code[pc + 1]!) << 1] = R[fp + code[pc + 2]!] === null ? 1 : 0;
      return;
    case 0xd2: // ref.func dst x
      R[fp + code[pc + 1]!] = funcAt(inst, code[pc + 2]!);
      return;
    case 0xef: { // table.grow a t (init ref at a, delta at a+1)
      const a = fp + code[pc + 1]!;
      const t = inst.tables[code[pc + 2]!]!;
      const n = I[(a + 1) << 1]! >>> 0;
      I[a << 1] = t.grow(n, R[a]);
      if (bulkDue(n)) checkInterrupt(cur);
      return;
    }
    case 0xf0: // table.size dst t
      I[(fp + code[pc + 1]!) << 1] = inst.tables[code[pc + 2]!]!.elements.length;
      return;
    case 0xf1: { // table.fill a t
      const a = fp + code[pc + 1]!;
      const t = inst.tables[code[pc + 2]!]!;
      const i0 = I[a << 1]! >>> 0;
      const v = R[a + 1];
      const n = I[(a + 2) << 1]! >>> 0;
      if (i0 + n > t.elements.length) throw trap('out of bounds table access', cur);
      bulkPieces(n, false, (at, len) => t.elements.fill(v, i0 + at, i0 + at + len), () => checkInterrupt(cur));
      return;
    }
    case 0xee: { // table.copy a dst src
      const a = fp + code[pc + 1]!;
      const td = inst.tables[code[pc + 2]!]!;
      const ts = inst.tables[code[pc + 3]!]!;
      const d = I[a << 1]! >>> 0;
      const s = I[(a + 1) << 1]! >>> 0;
      const n = I[(a + 2) << 1]! >>> 0;
      if (s + n > ts.elements.length || d + n > td.elements.length) throw trap('out of bounds table access', cur);
      const back = td === ts && d > s;
      bulkPieces(n, back, (at, len) => {
        if (back) for (let i = at + len - 1; i >= at; i--) td.elements[d + i] = ts.elements[s + i];
        else for (let i = at; i < at + len; i++) td.elements[d + i] = ts.elements[s + i];
      }, () => checkInterrupt(cur));
      return;
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
      if (bulkDue(n)) checkInterrupt(cur); // (a segment is at most as long as the module)
      return;
    }
    case 0xed: // elem.drop
      inst.elems[code[pc + 1]!] = [];
      return;

    case 0xe8: { // memory.init a seg
      const x = (fp + code[pc + 1]!) << 1;
      const seg = inst.datas[code[pc + 2]!]!;
      const d = I[x]! >>> 0;
      const s = I[x + 2]! >>> 0;
      const n = I[x + 4]! >>> 0;
      if (s + n > seg.length || d + n > memSize) throw trap('out of bounds memory access', cur);
      u8.set(seg.subarray(s, s + n), d);
      if (bulkDue(n)) checkInterrupt(cur); // (a segment is at most as long as the module)
      return;
    }
    case 0xe9: // data.drop
      inst.datas[code[pc + 1]!] = new Uint8Array(0);
      return;
    case 0xea: { // memory.copy a
      const x = (fp + code[pc + 1]!) << 1;
      const d = I[x]! >>> 0;
      const s = I[x + 2]! >>> 0;
      const n = I[x + 4]! >>> 0;
      if (s + n > memSize || d + n > memSize) throw trap('out of bounds memory access', cur);
      if (n <= SMALL_BULK_BYTES) {
        copySmall(dv, d, s, n);
        if (bulkDue(n)) checkInterrupt(cur);
      } else if (n <= BULK_ASK_UNITS) {
        u8.copyWithin(d, s, s + n);
        if (bulkDue(n)) checkInterrupt(cur);
      } else {
        bulkPieces(n, d > s, (at, len) => u8.copyWithin(d + at, s + at, s + at + len), () => checkInterrupt(cur));
      }
      return;
    }
    case 0xeb: { // memory.fill a
      const x = (fp + code[pc + 1]!) << 1;
      const d = I[x]! >>> 0;
      const v = I[x + 2]! & 255;
      const n = I[x + 4]! >>> 0;
      if (d + n > memSize) throw trap('out of bounds memory access', cur);
      if (n <= SMALL_BULK_BYTES) {
        fillSmall(dv, d, v, n);
        if (bulkDue(n)) checkInterrupt(cur);
      } else if (n <= BULK_ASK_UNITS) {
        u8.fill(v, d, d + n);
        if (bulkDue(n)) checkInterrupt(cur);
      } else {
        bulkPieces(n, false, (at, len) => u8.fill(v, d + at, d + at + len), () => checkInterrupt(cur));
      }
      return;
    }
  }
}
