// Decoders for the small shared productions: value types, limits, table,
// memory and global types, constant expressions.
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64, V128,
  type ConstExpr, type GlobalType, type Limits, type MemoryType, type TableType, type ValType,
} from '../module.ts';
import type { Reader } from './reader.ts';

export function readValType(r: Reader): ValType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case I32: case I64: case F32: case F64: case V128: case FUNCREF: case EXTERNREF:
      return b;
    default:
      r.fail(`malformed value type 0x${b.toString(16)}`, at);
  }
}

export function readRefType(r: Reader): ValType {
  const at = r.pos;
  const b = r.u8();
  if (b !== FUNCREF && b !== EXTERNREF) r.fail(`malformed reference type 0x${b.toString(16)}`, at);
  return b;
}

export function readLimits(r: Reader, what: 'memory' | 'table'): Limits {
  const at = r.pos;
  const flag = r.u8();
  if (flag === 0) return { min: r.u32(), max: undefined };
  if (flag === 1) {
    const min = r.u32();
    return { min, max: r.u32() };
  }
  if (what === 'memory' && (flag === 2 || flag === 3)) r.fail('shared memories are not supported (threads proposal)', at);
  return r.fail(`integer too large: malformed limits flag 0x${flag.toString(16)}`, at);
}

export function readTableType(r: Reader): TableType {
  const elem = readRefType(r);
  return { elem, limits: readLimits(r, 'table') };
}

export function readMemoryType(r: Reader): MemoryType {
  return { limits: readLimits(r, 'memory') };
}

export function readGlobalType(r: Reader): GlobalType {
  const type = readValType(r);
  const at = r.pos;
  const m = r.u8();
  if (m > 1) r.fail(`malformed mutability 0x${m.toString(16)}`, at);
  return { type, mutable: m === 1 };
}

/**
 * A constant expression. Only the single-instruction forms of 2.0 are
 * accepted; other instructions give 'constant expression required' and
 * sequences 'type mismatch' (both validation errors, reported while decoding).
 */
export function readConstExpr(r: Reader): ConstExpr {
  const at = r.pos;
  const exprs: ConstExpr[] = [];
  for (;;) {
    const opAt = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x0b:
        if (exprs.length !== 1) r.fail(`type mismatch: constant expression must produce exactly one value, got ${exprs.length}`, at);
        return exprs[0]!;
      case 0x41: exprs.push({ op: 'i32.const', value: r.s32() }); break;
      case 0x42: {
        const [lo, hi] = r.s64();
        exprs.push({ op: 'i64.const', lo, hi });
        break;
      }
      case 0x43: exprs.push({ op: 'f32.const', bits: r.i32le() }); break;
      case 0x44: {
        const lo = r.i32le();
        exprs.push({ op: 'f64.const', lo, hi: r.i32le() });
        break;
      }
      case 0xfd: {
        const sub = r.u32();
        if (sub !== 0x0c) r.fail(`constant expression required, got opcode 0xfd ${sub}`, opAt);
        exprs.push({ op: 'v128.const', words: [r.i32le(), r.i32le(), r.i32le(), r.i32le()] });
        break;
      }
      case 0xd0: exprs.push({ op: 'ref.null', type: readRefType(r) }); break;
      case 0xd2: exprs.push({ op: 'ref.func', index: r.u32() }); break;
      case 0x23: exprs.push({ op: 'global.get', index: r.u32() }); break;
      default:
        r.fail(`constant expression required, got opcode 0x${op.toString(16)}`, opAt);
    }
  }
}
