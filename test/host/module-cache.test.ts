// Compiled games kept between sessions (src/host/module-cache.ts): found by
// content, bounded, and a session on a kept module plays exactly as a session
// on a fresh one; the app's worker keeps them across restarts and loads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModuleCache, sameBytes } from '../../src/host/module-cache';
import { GameSession } from '../../src/host/session';
import type { ModuleInfo } from '../../src/host/game';
import { runGameWorker } from '../../src/host/runner';
import type { FromWorker, Port, ToWorker } from '../../src/host/protocol';
import { Module, moduleIRof } from '../../src/runtime/index';
import { lazyModules } from '../../src/runtime/jit/tiering';
import { fixture } from '../fixtures/compile';
import { FakeTime } from '../support/fake-time';
import { TEST_OPTIONS } from './engines';

const game = (id: string) => new Uint8Array(readFileSync(new URL(`../../games/${id}/${id}.wasm`, import.meta.url)));
const tiny = (n: number) => new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 2, 1, n]); // a custom section makes each distinct
const entry = () => ({ module: new Module(tiny(0)), info: {}, route: undefined });

describe('ModuleCache', () => {
  it('compares bytes exactly at every length and start: a difference in any byte, the words or the tail, is found', () => {
    const buf = new Uint8Array(64);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 37 + 11) & 0xff;
    for (let offA = 0; offA < 4; offA++)
      for (let offB = 0; offB < 4; offB++)
        for (let n = 0; n <= 21; n++) {
          const a = new Uint8Array(buf.buffer.slice(0), offA, n);
          const b = new Uint8Array(new ArrayBuffer(n + 8), offB, n);
          b.set(a);
          expect(sameBytes(a, b), `n ${n}, offsets ${offA}/${offB}`).toBe(true);
          for (let k = 0; k < n; k++) {
            b[k] ^= 0x80;
            expect(sameBytes(a, b), `n ${n}, offsets ${offA}/${offB}, byte ${k}`).toBe(false);
            b[k] ^= 0x80;
          }
        }
    expect(sameBytes(new Uint8Array(8), new Uint8Array(9))).toBe(false);
  });

  it('finds a game by its bytes (another copy of them), for the same key only', () => {
    const c = new ModuleCache();
    const e = entry();
    c.put(tiny(1), 'jit', e);
    expect(c.get(tiny(1).slice(), 'jit')?.module).toBe(e.module);
    expect(c.get(tiny(1), 'interp')).toBeUndefined();
    expect(c.get(tiny(2), 'jit')).toBeUndefined();
  });

  it('keeps its own copy: the bytes put may change afterwards', () => {
    const c = new ModuleCache();
    const bytes = tiny(1);
    const e = entry();
    c.put(bytes, 'jit', e);
    bytes[11] = 9;
    expect(c.get(bytes, 'jit')).toBeUndefined();
    expect(c.get(tiny(1), 'jit')?.module).toBe(e.module);
  });

  it('forgets the least recently used beyond its entries or its bytes, and never keeps one larger than itself', () => {
    const c = new ModuleCache(2, 30);
    const [a, b, d] = [entry(), entry(), entry()];
    c.put(tiny(1), 'k', a);
    c.put(tiny(2), 'k', b);
    expect(c.get(tiny(1), 'k')?.module).toBe(a.module); // 1 is now the most recent
    c.put(tiny(3), 'k', d);
    expect(c.size).toBe(2);
    expect(c.get(tiny(2), 'k')).toBeUndefined();
    expect(c.get(tiny(1), 'k')?.module).toBe(a.module);
    expect(c.get(tiny(3), 'k')?.module).toBe(d.module);
    // 12 + 12 bytes fit in 30, a third does not: the oldest goes
    c.put(new Uint8Array([...tiny(4), 0, 0]), 'other', entry());
    expect(c.size).toBe(2);
    expect(c.get(tiny(1), 'k')).toBeUndefined();
    c.put(new Uint8Array(31), 'k', entry());
    expect(c.size).toBe(2);
    c.clear();
    expect(c.size).toBe(0);
  });
});

describe('sessions on a kept module', () => {
  const clock = () => performance.now();

  it('a second session of the same bytes and engine instantiates the same module; another engine or no cache compiles anew', async () => {
    const modules = new ModuleCache<ModuleInfo>();
    const wasm = fixture('probe');
    const a = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 1, now: clock, modules });
    const b = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 2, now: clock, modules });
    expect(b.module).toBe(a.module);
    const c = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 1, now: clock, modules, engine: 'interp' });
    expect(c.module).not.toBe(a.module);
    const d = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 1, now: clock });
    expect(d.module).not.toBe(a.module);
    // a session without a clock gets a module compiled without a compile budget
    const e = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 1, modules });
    expect(e.module).not.toBe(a.module);
  });

  it('a restarted game starts on code already translated and plays the same frames as on a fresh module', async () => {
    const wasm = game('rocket');
    /** `count` frames, or (no count) at least 240 and on until the module has translated something. */
    const frames = async (modules?: ModuleCache<ModuleInfo>, count?: number) => {
      const s = await GameSession.create(wasm.slice(), { ...TEST_OPTIONS, seed: 7, now: clock, modules });
      const translated = () => lazyModules.get(moduleIRof(s.module))!.compiled;
      const hashes: string[] = [];
      // (tier-up takes a share of real time per frame: frames run back to back here, and on a
      // loaded machine rocket's first translation came after 240 of them)
      for (let f = 0; count === undefined ? f < 240 || (translated() === 0 && f < 5000) : f < count; f++) {
        if (f === 30) s.queueKey(32, true);
        if (f === 90) s.queueKey(32, false);
        hashes.push(s.step().hash);
      }
      return { s, hashes, translated: translated() };
    };
    const modules = new ModuleCache<ModuleInfo>();
    const first = await frames(modules);
    expect(first.translated, `rocket tiered up in ${first.hashes.length} frames`).toBeGreaterThan(0);
    const fresh = await frames(undefined, first.hashes.length);
    const again = await frames(modules, first.hashes.length);
    expect(again.s.module).toBe(first.s.module);
    expect(first.hashes).toEqual(fresh.hashes);
    expect(again.hashes).toEqual(fresh.hashes);
  });
});

describe('the game worker keeps what it compiled', () => {
  it('a restart, and a game loaded again after another, run on the module compiled the first time', async () => {
    const time = new FakeTime();
    const posted: FromWorker[] = [];
    let handler: (m: ToWorker) => void = () => {};
    const port: Port<ToWorker, FromWorker> = { post: (m) => posted.push(m), onMessage: (h) => (handler = h) };
    const runner = runGameWorker(port, time.env, TEST_OPTIONS);
    const loaded = async (n: number) => {
      for (let i = 0; i < 200 && posted.filter((m) => m.type === 'loaded').length < n; i++) await new Promise((r) => setTimeout(r, 5));
      expect(posted.filter((m) => m.type === 'loaded')).toHaveLength(n);
    };
    const probe = fixture('probe');
    handler({ type: 'load', wasm: probe.slice().buffer, seed: 1 });
    await loaded(1);
    const first = runner.current!.module;
    handler({ type: 'restart', seed: 2 });
    await loaded(2);
    expect(runner.current!.module).toBe(first);
    // the page hears which starts were on a kept module
    expect(posted.filter((m) => m.type === 'loaded').map((m) => (m as { kept?: boolean }).kept)).toEqual([false, true]);
    handler({ type: 'load', wasm: fixture('keytrap').slice().buffer, seed: 1 });
    await loaded(3);
    expect(runner.current!.module).not.toBe(first);
    handler({ type: 'load', wasm: probe.slice().buffer, seed: 1 });
    await loaded(4);
    expect(runner.current!.module).toBe(first);
    expect(runner.modules.size).toBe(2);
  });
});
