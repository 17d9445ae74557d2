// The generated heap-growth module (bench/lib/heap-growth.ts) that `npm run
// bench:startup` measures: valid, of the text form its comment gives, and run
// alike by V8 and by our engines — the same sum, the same memory size, each
// new page written where a growing allocator would.
import { describe, expect, it } from 'vitest';
import { HEAP_GROWTH_PAGES, heapGrowthModule } from '../bench/lib/heap-growth';
import { Instance, Module, memoryBytes } from '../src/runtime/index';

const bytes = heapGrowthModule();
const PAGE = 65536;
/** run(1) writes i into the first word of page 17 + i, and sums them. */
const SUM = (HEAP_GROWTH_PAGES * (HEAP_GROWTH_PAGES - 1)) / 2;

describe('bench/lib/heap-growth.ts', () => {
  it('V8 takes it and grows the memory by 1,024 pages, one at a time, summing what it wrote', () => {
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports;
    expect((e.run as (n: number) => bigint)(1)).toBe(BigInt(SUM));
    expect((e.memory as WebAssembly.Memory).buffer.byteLength).toBe((17 + HEAP_GROWTH_PAGES) * PAGE);
  });

  it.each(['interp', 'jit'] as const)('the %s engine runs it alike', (engine) => {
    const e = new Instance(new Module(bytes, { engine })).exports;
    expect((e.run as (n: number) => bigint)(1)).toBe(BigInt(SUM));
    const mem = memoryBytes(e.memory as { buffer: ArrayBuffer });
    expect(mem.length).toBe((17 + HEAP_GROWTH_PAGES) * PAGE);
    const words = new Int32Array(mem.buffer, 0, mem.length / 4);
    for (const i of [0, 1, 500, HEAP_GROWTH_PAGES - 1]) expect(words[((17 + i) * PAGE) / 4]).toBe(i);
  });
});
