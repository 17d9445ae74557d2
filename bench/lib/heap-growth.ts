// A generated module that grows its memory a page at a time, as a program's
// allocator does while its heap fills (Rust's dlmalloc and Go's, C's sbrk,
// AssemblyScript's): `run(n)` grows the memory by n × 1,024 pages (64 MiB),
// one `memory.grow 1` per page, writes a word into each new page and reads it
// back, and returns the sum. `npm run bench:startup` lists it as "heap growth"
// beside the programs: the time of its first run(1) is the cost of growing a
// memory from 17 pages to 1,041 (native V8 grows in place; an engine whose
// memory.grow copies the whole memory each time copies ~34 GB).
//
// Deterministic; written directly as bytes (no wat2wasm): made at bench time,
// never committed. Its text form:
//   (module (memory (export "memory") 17)
//     (func (export "run") (param $n i32) (result i64) (local $i i32) (local $p i32) (local $s i64)
//       (local.set $n (i32.mul (local.get $n) (i32.const 1024)))
//       (block $done (loop $l
//         (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
//         (local.set $p (i32.shl (memory.grow (i32.const 1)) (i32.const 16)))
//         (i32.store (local.get $p) (local.get $i))
//         (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.load (local.get $p)))))
//         (local.set $i (i32.add (local.get $i) (i32.const 1)))
//         (br $l)))
//       (local.get $s)))
import { name, uleb } from './gen-modules.ts';

/** The pages run(n) adds per unit of n. */
export const HEAP_GROWTH_PAGES = 1024;

export function heapGrowthModule(): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const I32 = 0x7f, I64 = 0x7e;
  const code: number[] = [];
  code.push(0x20, 0, 0x41, 0x80, 0x08, 0x6c, 0x21, 0); // n = n * 1024
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(0x20, 1, 0x20, 0, 0x4f, 0x0d, 1); // br_if $done (i >= n)
  code.push(0x41, 1, 0x40, 0, 0x41, 16, 0x74, 0x21, 2); // p = memory.grow(1) << 16
  code.push(0x20, 2, 0x20, 1, 0x36, 2, 0); // i32.store p, i
  code.push(0x20, 3, 0x20, 2, 0x28, 2, 0, 0xad, 0x7c, 0x21, 3); // s += u64(load p)
  code.push(0x20, 1, 0x41, 1, 0x6a, 0x21, 1); // i++
  code.push(0x0c, 0, 0x0b, 0x0b); // br $l, end loop, end block
  code.push(0x20, 3, 0x0b); // s, end
  const body = [0x02, 2, I32, 1, I64, ...code]; // locals: 2 × i32, 1 × i64
  return new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 1, I32, 1, I64]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 17]),
    ...section(7, [2, ...name('run'), 0, 0, ...name('memory'), 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}
