// Stop reports as a developer reads them: the panic's own message first, a
// stack overflow named as such, recursion collapsed (src/host/stop-text.ts).
import { describe, expect, it } from 'vitest';
import { GameSession } from '../../src/host/session';
import { collapseRepeats, parsePanic, panicText, stackOverflow } from '../../src/host/stop-text';
import { fixture } from '../fixtures/compile';
import { TEST_OPTIONS } from './engines';
import { stepUntilStopped } from './helpers';

describe('stop-text', () => {
  it('parses both Rust panic formats', () => {
    expect(parsePanic("panicked at 'ship exploded', src/lib.rs:11:9")).toEqual({ message: 'ship exploded', location: 'src/lib.rs:11:9' });
    expect(parsePanic('panicked at src/lib.rs:11:9:\nship exploded')).toEqual({ message: 'ship exploded', location: 'src/lib.rs:11:9' });
    expect(parsePanic('score 10')).toBeUndefined();
    expect(panicText({ message: 'a\nb', location: 'x.rs:1:2' })).toBe("'a …' at x.rs:1:2");
  });

  it('collapses runs of one frame and leaves short runs alone', () => {
    expect(collapseRepeats(['a', 'b', 'b', 'b', 'b', 'c', 'c'])).toEqual(['a', 'b', '… b repeated 3 more times (recursion)', 'c', 'c']);
  });

  it('calls an out-of-bounds access deep in recursion a stack overflow, and a shallow one not', () => {
    expect(stackOverflow('out of bounds memory access', Array(20).fill('f'))).toBe('f');
    expect(stackOverflow('out of bounds memory access', ['f', 'g', 'update'])).toBeUndefined();
    expect(stackOverflow('call stack exhausted', ['f', 'f'])).toBe('f');
  });
});

describe.each(['interp', 'jit'] as const)('stop reports on %s', (engine) => {
  it('puts a Rust panic message first, with the game frames before the panic machinery', async () => {
    const logs: string[] = [];
    const session = await GameSession.create(fixture('panic'), { seed: 1, engine, onLog: (_f, m) => logs.push(m), ...TEST_OPTIONS });
    const info = stepUntilStopped(session);
    expect(info.kind).toBe('trap');
    expect(info.message).toBe("the game panicked in frame 3: 'ship exploded' at src/lib.rs:11:9");
    const stack = info.wasmStack!.map((f) => f.replace(/ \(func \d+\)$/, ''));
    expect(stack[0]).toBe('game::Ship::update');
    expect(stack.at(-1)).toMatch(/^\(2 frames of Rust's panic handling above these: rust_panic, std::panicking::rust_panic_with_hook\)$/);
    expect(logs).toContain("panicked at 'ship exploded', src/lib.rs:11:9");
  });

  it('names a stack overflow as such and collapses the recursion', async () => {
    const session = await GameSession.create(fixture('overflow'), { seed: 1, engine, ...TEST_OPTIONS });
    const info = stepUntilStopped(session);
    expect(info.message).toBe('the game overflowed its stack in frame 1 (deep recursion in game::flood_fill): out of bounds memory access');
    expect(info.wasmStack!.length).toBeLessThan(6);
    expect(info.wasmStack!.join('\n')).toMatch(/… game::flood_fill \(func \d+\) repeated \d+ more times \(recursion\)/);
  });
});
