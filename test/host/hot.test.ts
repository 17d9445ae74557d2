// `arcade dev --hot`: a rebuilt game takes over the running one's memory only
// when the layout allows it (src/host/hot.ts), and then goes on from there.
import { describe, expect, it } from 'vitest';
import { hotSwapBlocker } from '../../src/host/hot';
import { GameSession } from '../../src/host/session';
import { compileWat } from '../fixtures/compile';
import { drawCommands } from './helpers';
import { TEST_OPTIONS } from './engines';

const META = 'abi=1\ntitle=Hot\nwidth=64\nheight=64\n';
/** x lives in memory at 1024 (as a Rust or C game's state would); the stack pointer is a global. */
const game = (colour: string, data = 'hello', extraGlobal = '') =>
  compileWat(
    `(module
      (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
      (memory (export "memory") 1)
      (global $__stack_pointer (mut i32) (i32.const 4096))
      ${extraGlobal}
      (data (i32.const 16) "${data}")
      (func (export "update") (param f32)
        (i32.store (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 1))))
      (func (export "draw") (call $rect (f32.convert_i32_s (i32.load (i32.const 1024))) (f32.const 0) (f32.const 1) (f32.const 1) (i32.const ${colour})))
      (func (export "key_down") (param i32))
      (func (export "key_up") (param i32)))`,
    META,
  );

describe('hotSwapBlocker', () => {
  it('allows a build whose static data and globals are the same', () => {
    expect(hotSwapBlocker(game('0xff0000ff'), game('0x00ff00ff'))).toBeUndefined();
  });

  it('refuses changed static data and state in globals, saying which', () => {
    expect(hotSwapBlocker(game('0xff0000ff'), game('0xff0000ff', 'HELLO'))).toMatch(/static data changed \(data segment 0, 5 bytes at 16/);
    expect(hotSwapBlocker(game('0xff0000ff'), game('0xff0000ff', 'hello!'))).toMatch(/static data moved/);
    expect(hotSwapBlocker(game('0xff0000ff'), game('0xff0000ff', 'hello', '(global $score (mut i32) (i32.const 0))'))).toMatch(/state in mutable wasm globals \(score\)/);
  });
});

describe('GameSession takeOver', () => {
  it('goes on from the old session: memory, frame count and held keys', async () => {
    const old = await GameSession.create(game('0xff0000ff'), { seed: 7, ...TEST_OPTIONS });
    old.queueKey(37, true);
    for (let i = 0; i < 10; i++) old.step();
    const swapped = await GameSession.create(game('0x00ff00ff'), { seed: 7, ...TEST_OPTIONS, takeOver: old });
    expect(swapped.frame).toBe(10);
    const r = swapped.step();
    expect(r.frame).toBe(11);
    expect(drawCommands(r.drawList)).toEqual([['rect', 11, 0, 1, 1, 0x00ff00ff]]);
    swapped.queueKey(37, true); // already held: dropped, as in the old session
    expect(swapped.step().frame).toBe(12);
  });
});
