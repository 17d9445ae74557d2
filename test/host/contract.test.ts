import { describe, expect, it } from 'vitest';
import { parseMeta, ContractError } from '../../src/host/game';
import { bestScore } from '../../src/host/abi';
import { GameSession, SessionStopped } from '../../src/host/session';
import { compileWat, fixture } from '../fixtures/compile';
import { TEST_OPTIONS } from './engines';
import { stepUntilStopped } from './helpers';

const META = 'abi=1\ntitle=Test\nwidth=320\nheight=240\n';

/** A minimal valid game; pieces can be replaced to break the contract one way at a time. */
function game(parts: { imports?: string; exports?: string; memory?: string } = {}): string {
  return `(module
    ${parts.imports ?? '(import "env" "clear" (func (param i32)))'}
    ${parts.memory ?? '(memory (export "memory") 1)'}
    ${
      parts.exports ??
      `(func (export "update") (param f32))
       (func (export "draw"))
       (func (export "key_down") (param i32))
       (func (export "key_up") (param i32))`
    }
  )`;
}

async function stopOf(wasm: Uint8Array): Promise<SessionStopped> {
  try {
    await GameSession.create(wasm, { seed: 1, ...TEST_OPTIONS });
  } catch (error) {
    expect(error).toBeInstanceOf(SessionStopped);
    return error as SessionStopped;
  }
  throw new Error('expected the session to refuse this game');
}

async function contractMessage(wat: string, meta: string | null = META): Promise<string> {
  const stop = await stopOf(compileWat(wat, meta));
  expect(stop.info.kind).toBe('contract');
  return stop.info.message;
}

/** The first problem parseMeta reports (it reports them all: see metaProblems). */
function metaError(text: string): string {
  return metaProblems(text)[0];
}

function metaProblems(text: string): readonly string[] {
  try {
    parseMeta(new TextEncoder().encode(text));
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as ContractError).problems;
  }
  throw new Error('expected a metadata error');
}

describe('arcade.game metadata', () => {
  it('parses the required and optional keys', () => {
    expect(parseMeta(new TextEncoder().encode('abi=1\ntitle=Breakout\nwidth=320\nheight=240\nauthor=Ada\ndescription=Break the bricks\n'))).toEqual({
      abi: 1,
      title: 'Breakout',
      width: 320,
      height: 240,
      author: 'Ada',
      description: 'Break the bricks',
    });
  });

  it('tolerates CRLF, blank lines, comments, spaces around = and zero padding', () => {
    expect(parseMeta(new TextEncoder().encode('# my game\r\nabi = 1\r\n\r\ntitle= Space  Game \nwidth=16\nheight=4096\0\0\0'))).toEqual({
      abi: 1,
      title: 'Space  Game',
      width: 16,
      height: 4096,
    });
  });

  it('rejects unknown keys, naming the key and line', () => {
    expect(metaError('abi=1\ntitel=X\nwidth=320\nheight=240\n')).toBe(
      'arcade.game line 2: unknown key `titel` (known keys: abi, title, width, height, author, description, id, scaling, score, memory_mib, max-draw-commands, max-text-bytes, max-image-bytes, max-audio-bytes)',
    );
  });

  it('reports every problem, not only the first, in one message', () => {
    const text = 'abi=1\ntitel=X\nwidth=wide\nheight=8\nid=Bad Id\n';
    expect(metaProblems(text)).toEqual([
      'arcade.game line 2: unknown key `titel` (known keys: abi, title, width, height, author, description, id, scaling, score, memory_mib, max-draw-commands, max-text-bytes, max-image-bytes, max-audio-bytes)',
      'arcade.game line 3: `width` must be a whole number from 16 to 4096, got `wide`',
      'arcade.game line 4: `height` must be a whole number from 16 to 4096, got `8`',
      "arcade.game line 5: `id` must be 1 to 64 characters from a-z, 0-9, '.', '_', '-', got `Bad Id`",
      'arcade.game: missing required key `title` (Title shown in the window and the game list (1–64 characters).)',
      'arcade.game: missing required key `width` (Logical screen width in pixels (16–4096).)',
      'arcade.game: missing required key `height` (Logical screen height in pixels (16–4096).)',
    ]);
    expect(() => parseMeta(new TextEncoder().encode(text))).toThrow(/^the game breaks the ABI in 7 ways:\n {2}- arcade.game line 2: unknown key/);
  });

  it('accepts the v2 keys id and scaling only from abi=2 on', () => {
    expect(parseMeta(new TextEncoder().encode('abi=2\ntitle=Rocks\nwidth=320\nheight=240\nid=com.example.rocks\nscaling=smooth\n'))).toEqual({
      abi: 2,
      title: 'Rocks',
      width: 320,
      height: 240,
      id: 'com.example.rocks',
      scaling: 'smooth',
    });
    expect(metaError('abi=1\ntitle=X\nwidth=320\nheight=240\nscaling=smooth\n')).toBe('arcade.game line 5: key `scaling` needs abi=2 or later, but the game declares abi=1');
    expect(metaError('abi=2\ntitle=X\nwidth=320\nheight=240\nscaling=blurry\n')).toBe('arcade.game line 5: `scaling` must be `pixel` or `smooth`, got `blurry`');
  });

  it('reads the v2 score key and finds the best score in save data with it', () => {
    const meta = parseMeta(new TextEncoder().encode('abi=2\ntitle=X\nwidth=320\nheight=240\nscore=u16be@2\n'));
    expect(meta.score).toEqual({ type: 'u16be', offset: 2 });
    const save = new Uint8Array([9, 9, 0x01, 0x02, 7]);
    expect(bestScore(meta.score, save)).toBe(0x0102);
    expect(bestScore({ type: 'u32le', offset: 2 }, save)).toBeUndefined(); // too short: no score, not garbage
    expect(bestScore({ type: 'i32le', offset: 0 }, new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBe(-1);
    expect(bestScore({ type: 'f64le', offset: 0 }, new Uint8Array(new Float64Array([NaN]).buffer))).toBeUndefined();
    expect(bestScore(undefined, save)).toBeUndefined();
    expect(bestScore(meta.score, undefined)).toBeUndefined();
    for (const bad of ['u32', 'u32le', 'u32le@', 'u32le@65536', 'u64le@0', 'U32LE@0', 'u32le@-1']) {
      expect(metaError(`abi=2\ntitle=X\nwidth=320\nheight=240\nscore=${bad}\n`)).toBe(
        `arcade.game line 5: \`score\` must be TYPE@OFFSET with TYPE one of u8, u16le, u16be, u32le, u32be, i32le, i32be, f64le and OFFSET 0 to 65535 (e.g. \`u32le@0\`), got \`${bad}\``,
      );
    }
    expect(metaError('abi=1\ntitle=X\nwidth=320\nheight=240\nscore=u8@0\n')).toBe('arcade.game line 5: key `score` needs abi=2 or later, but the game declares abi=1');
  });

  it('rejects missing required keys', () => {
    expect(metaError('abi=1\ntitle=X\nheight=240\n')).toBe('arcade.game: missing required key `width` (Logical screen width in pixels (16–4096).)');
  });

  it('rejects bad numbers', () => {
    expect(metaError('abi=1\ntitle=X\nwidth=wide\nheight=240\n')).toBe('arcade.game line 3: `width` must be a whole number from 16 to 4096, got `wide`');
    expect(metaError('abi=1\ntitle=X\nwidth=320\nheight=8\n')).toBe('arcade.game line 4: `height` must be a whole number from 16 to 4096, got `8`');
    expect(metaError('abi=1.5\ntitle=X\nwidth=320\nheight=240\n')).toBe('arcade.game line 1: `abi` must be a whole number, got `1.5`');
  });

  it('rejects lines without =, duplicates and bad titles', () => {
    expect(metaError('abi=1\ntitle X\n')).toBe('arcade.game line 2: expected key=value, got `title X`');
    expect(metaError('abi=1\nabi=1\n')).toBe('arcade.game line 2: key `abi` given twice');
    expect(metaError(`abi=1\ntitle=${'x'.repeat(65)}\nwidth=320\nheight=240`)).toBe('arcade.game line 2: `title` must be 1 to 64 characters, got 65');
  });

  it('rejects another ABI version', () => {
    expect(metaError('abi=3\ntitle=X\nwidth=320\nheight=240\n')).toBe('game declares abi=3, but this host implements ABI v1 and v2 (update Wasm Arcade)');
    expect(metaError('abi=0\ntitle=X\nwidth=320\nheight=240\n')).toBe('game declares abi=0, but this host implements ABI v1 and v2 (rebuild the game with the current SDK)');
  });

  it('rejects invalid UTF-8', () => {
    expect(() => parseMeta(new Uint8Array([0x61, 0xff]))).toThrow('arcade.game section is not valid UTF-8');
  });
});

describe('game contract', () => {
  it('accepts a minimal game', async () => {
    const session = await GameSession.create(compileWat(game(), META), { seed: 1, ...TEST_OPTIONS });
    expect(session.meta).toEqual({ abi: 1, title: 'Test', width: 320, height: 240 });
    expect(session.contract.importsUsed).toEqual(['clear']);
    expect(session.contract.exports).toEqual(['memory', 'update', 'draw', 'key_down', 'key_up']);
  });

  it('rejects a game without the arcade.game section', async () => {
    expect(await contractMessage(game(), null)).toBe('game has no `arcade.game` custom section; declare at least abi, title, width, height (see docs/abi.md)');
  });

  it('reports metadata errors as contract stops', async () => {
    expect(await contractMessage(game(), 'abi=1\ntitle=X\nwidth=320\n')).toMatch(/^arcade.game: missing required key `height`/);
  });

  it('rejects a missing export', async () => {
    const wat = game({ exports: '(func (export "update") (param f32)) (func (export "key_down") (param i32)) (func (export "key_up") (param i32))' });
    expect(await contractMessage(wat)).toBe(
      'game does not export `draw`; ABI v1 requires a function (func) named `draw` (Draws the current state using the draw_* imports. Called once per frame, after update.)',
    );
  });

  it('rejects a missing memory export', async () => {
    expect(await contractMessage(game({ memory: '(memory 1)' }))).toMatch(/^game does not export `memory`; ABI v1 requires a memory named `memory`/);
  });

  it('rejects an export of the wrong signature, showing expected and actual', async () => {
    const wat = game({
      exports: `(func (export "update") (param i32) (result i32) (local.get 0))
                (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32))`,
    });
    expect(await contractMessage(wat)).toBe('game export `update` must be (func (param f32)), but it is (func (param i32) (result i32))');
  });

  it('rejects an optional export of the wrong signature', async () => {
    const wat = game({
      exports: `(func (export "init") (param i32 i32)) (func (export "update") (param f32))
                (func (export "draw")) (func (export "key_down") (param i32)) (func (export "key_up") (param i32))`,
    });
    expect(await contractMessage(wat)).toBe('game export `init` must be (func (param i32 i32 i32)), but it is (func (param i32 i32))');
  });

  it('rejects an export of the wrong kind', async () => {
    const wat = game({
      exports: `(global (export "draw") i32 (i32.const 0)) (func (export "update") (param f32))
                (func (export "key_down") (param i32)) (func (export "key_up") (param i32))`,
    });
    expect(await contractMessage(wat)).toBe('game export `draw` must be a function, but it is a global');
  });

  it('rejects an import the ABI does not provide, listing what it does', async () => {
    const msg = await contractMessage(game({ imports: '(import "env" "draw_sprite" (func (param i32)))' }));
    expect(msg).toBe(
      'game imports `env.draw_sprite`, which ABI v1 does not provide; it provides env.clear (func (param i32)), ' +
        'env.draw_rect (func (param f32 f32 f32 f32 i32)), env.draw_circle (func (param f32 f32 f32 i32)), ' +
        'env.draw_line (func (param f32 f32 f32 f32 f32 i32)), env.draw_text (func (param i32 i32 f32 f32 f32 i32)), ' +
        'env.log (func (param i32 i32))',
    );
  });

  it('rejects an import from another module', async () => {
    const msg = await contractMessage(game({ imports: '(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))' }));
    expect(msg).toMatch(/^game imports `wasi_snapshot_preview1.fd_write` from module `wasi_snapshot_preview1`, but the host provides only module `env`; ABI v1 provides env.clear/);
  });

  it('rejects an import with the wrong signature', async () => {
    const msg = await contractMessage(game({ imports: '(import "env" "draw_rect" (func (param i32 i32 i32 i32 i32)))' }));
    expect(msg).toBe('game import `env.draw_rect` must be (func (param f32 f32 f32 f32 i32)), but the game declares it as (func (param i32 i32 i32 i32 i32))');
  });

  it('rejects a non-function import', async () => {
    const msg = await contractMessage(game({ imports: '(import "env" "log" (global i32))' }));
    expect(msg).toBe('game imports `env.log` as a global, but it is a function (func (param i32 i32))');
  });

  it('reports a file that is not WebAssembly as a load stop', async () => {
    const stop = await stopOf(new TextEncoder().encode('not wasm at all'));
    expect(stop.info.kind).toBe('load');
    expect(stop.info.message).toMatch(/^not a valid WebAssembly module: /);
  });
});

describe('text pointers', () => {
  async function stopAfterKey(code: number) {
    const session = await GameSession.create(fixture('badtext'), { seed: 1, ...TEST_OPTIONS });
    session.step();
    session.queueKey(code, true);
    const info = stepUntilStopped(session, 1);
    expect(info.kind).toBe('contract');
    expect(info.frame).toBe(2);
    return info.message;
  }

  it('stops on draw_text outside memory, naming ptr, len and memory size', async () => {
    expect(await stopAfterKey(65)).toBe("contract breach in frame 2: draw_text(ptr=65530, len=10) reads bytes 65530..65540, outside the game's 65536-byte memory");
  });

  it('stops on draw_text with invalid UTF-8', async () => {
    expect(await stopAfterKey(66)).toBe(
      'contract breach in frame 2: draw_text(ptr=8, len=3): the text is not valid UTF-8 (bad byte 255 at address 9; memory is 65536 bytes)',
    );
  });

  it('stops on log outside memory (pointers are unsigned)', async () => {
    expect(await stopAfterKey(67)).toBe("contract breach in frame 2: log(ptr=4294967280, len=32) reads bytes 4294967280..4294967312, outside the game's 65536-byte memory");
  });
});
