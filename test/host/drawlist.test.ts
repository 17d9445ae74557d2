import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHECKSUM_ALGORITHM,
  DRAWLIST_HEADER_BYTES,
  DrawListBuilder,
  DrawListError,
  firstInvalidUtf8,
  hashBytes,
  hashDrawList,
  visitDrawList,
} from '../../src/host/drawlist';
import { drawCommands as record, type Cmd } from './helpers';

function sample(): DrawListBuilder {
  const b = new DrawListBuilder(16, 16);
  b.clear(0x102030ff);
  b.rect(1.5, 2, 30, 40, 0xff0000ff);
  b.circle(100, 50.25, 8, 0x00ff0080);
  b.line(0, 0, 320, 240, 2, 0xffffffff);
  b.textString('Score: 42', 4, 4, 16, 0xffff00ff);
  b.textString('héllo ✓ 🎮', 10, 20, 8, 0x000000ff);
  return b;
}

const SAMPLE: Cmd[] = [
  ['clear', 0x102030ff],
  ['rect', 1.5, 2, 30, 40, 0xff0000ff],
  ['circle', 100, 50.25, 8, 0x00ff0080],
  ['line', 0, 0, 320, 240, 2, 0xffffffff],
  ['text', 'Score: 42', 4, 4, 16, 0xffff00ff],
  ['text', 'héllo ✓ 🎮', 10, 20, 8, 0x000000ff],
];

describe('draw list encoding', () => {
  it('round-trips every command through finish() and visitDrawList()', () => {
    const buffer = sample().finish();
    expect(record(buffer)).toEqual(SAMPLE);
  });

  it('has the documented layout', () => {
    const buffer = sample().finish();
    const words = new Uint32Array(buffer);
    expect(new TextDecoder().decode(new Uint8Array(buffer, 0, 4))).toBe('ADL1');
    expect(words[1]).toBe(6); // commands
    expect(words[2]).toBe(2 + 6 + 5 + 7 + 7 + 7); // command words
    const strings = 'Score: 42'.length + new TextEncoder().encode('héllo ✓ 🎮').length;
    expect(words[3]).toBe(strings);
    expect(buffer.byteLength).toBe(DRAWLIST_HEADER_BYTES + 34 * 4 + ((strings + 3) & ~3));
    // the first text command points at offset 0 of the string table, the second right after it
    const textAt = 4 + 2 + 6 + 5 + 7;
    expect(words[textAt]).toBe(5);
    expect([words[textAt + 1], words[textAt + 2]]).toEqual([0, 9]);
    expect(words[textAt + 8]).toBe(9);
  });

  it('stores colours unsigned and values as f32', () => {
    const b = new DrawListBuilder();
    b.rect(0.1, -3, 1e10, 2, -1);
    const [cmd] = record(b.finish());
    expect(cmd).toEqual(['rect', Math.fround(0.1), -3, Math.fround(1e10), 2, 0xffffffff]);
  });

  it('writes every NaN as the canonical NaN so hashes do not depend on NaN bits', () => {
    const b = new DrawListBuilder();
    b.rect(NaN, 0, 1, 1, 0);
    const words = new Uint32Array(b.finish());
    expect(words[4 + 1]).toBe(0x7fc00000);
  });

  it('drops everything drawn before a clear', () => {
    const b = new DrawListBuilder();
    b.rect(1, 1, 1, 1, 1);
    b.textString('gone', 0, 0, 8, 1);
    b.clear(7);
    b.circle(1, 2, 3, 4);
    expect(record(b.finish())).toEqual([
      ['clear', 7],
      ['circle', 1, 2, 3, 4],
    ]);
  });

  it('encodes an empty frame', () => {
    const b = new DrawListBuilder();
    const buffer = b.finish();
    expect(buffer.byteLength).toBe(DRAWLIST_HEADER_BYTES);
    expect(record(buffer)).toEqual([]);
  });

  it('grows past its initial capacity and is reusable across frames', () => {
    const b = new DrawListBuilder(16, 16);
    for (let frame = 0; frame < 3; frame++) {
      b.reset();
      for (let i = 0; i < 1000; i++) b.rect(i, frame, 1, 1, i);
      b.textString('x'.repeat(5000), 0, 0, 8, 0);
      const cmds = record(b.finish());
      expect(cmds).toHaveLength(1001);
      expect(cmds[999]).toEqual(['rect', 999, frame, 1, 1, 999]);
      expect((cmds[1000][1] as string).length).toBe(5000);
    }
  });

  it('copies text bytes out of the source memory', () => {
    const memory = new TextEncoder().encode('xxHELLOxx');
    const b = new DrawListBuilder();
    b.text(memory, 2, 5, 0, 0, 8, 0);
    memory.fill(0);
    expect(record(b.finish())).toEqual([['text', 'HELLO', 0, 0, 8, 0]]);
  });

  it("gives each frame its own buffer, the receiver's to keep", () => {
    const b = sample();
    const first = b.finish();
    const second = b.finish();
    expect(first).not.toBe(second);
    expect(hashDrawList(first)).toBe(hashDrawList(second));
  });
});

function expectCorrupt(buffer: ArrayBuffer, offset: number, message: RegExp): void {
  let error: unknown;
  try {
    record(buffer);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DrawListError);
  expect((error as DrawListError).offset).toBe(offset);
  expect((error as Error).message).toMatch(`corrupt draw list at byte ${offset}: `);
  expect((error as Error).message).toMatch(message);
}

describe('draw list validation', () => {
  const valid = () => sample().finish();

  it('rejects a buffer shorter than the header', () => {
    expectCorrupt(new ArrayBuffer(8), 8, /shorter than the 16-byte header/);
  });

  it('rejects a bad magic number', () => {
    const buffer = valid();
    new Uint8Array(buffer)[0] = 0x58;
    expectCorrupt(buffer, 0, /bad magic/);
  });

  it('rejects a truncated buffer, naming where it ends', () => {
    const buffer = valid().slice(0, 64);
    expectCorrupt(buffer, 64, /truncated: header describes \d+ bytes but the buffer has 64/);
  });

  it('rejects trailing bytes', () => {
    const full = valid();
    const longer = new Uint8Array(full.byteLength + 4);
    longer.set(new Uint8Array(full));
    expectCorrupt(longer.buffer, full.byteLength, /4 unexpected bytes/);
  });

  it('rejects an unknown opcode with its offset', () => {
    const buffer = valid();
    new Uint32Array(buffer)[4 + 2] = 99; // second command
    expectCorrupt(buffer, 16 + 8, /unknown opcode 99 \(command #1\)/);
  });

  it('rejects a command that runs past the command area', () => {
    const b = new DrawListBuilder();
    b.clear(0);
    b.rect(0, 0, 1, 1, 0);
    const buffer = b.finish();
    const words = new Uint32Array(buffer);
    words[4 + 2] = 4; // rect (6 words) becomes line (7 words)
    expectCorrupt(buffer, 24, /line command #1 runs past the end/);
  });

  it('rejects a text command pointing outside the string table', () => {
    const b = new DrawListBuilder();
    b.textString('abc', 0, 0, 8, 0);
    const buffer = b.finish();
    new Uint32Array(buffer)[4 + 2] = 10;
    expectCorrupt(buffer, 20, /string bytes 0\.\.10 outside the 3-byte string table/);
  });

  it('rejects invalid UTF-8 in the string table', () => {
    const b = new DrawListBuilder();
    b.textString('abc', 0, 0, 8, 0);
    const buffer = b.finish();
    const stringsAt = 16 + 7 * 4;
    new Uint8Array(buffer)[stringsAt + 1] = 0xff;
    expectCorrupt(buffer, stringsAt + 1, /not valid UTF-8/);
  });

  it('rejects a wrong command count', () => {
    const buffer = valid();
    new Uint32Array(buffer)[1] = 7;
    expectCorrupt(buffer, 4, /header says 7 commands but the command area holds 6/);
  });

  it('validates before visiting anything', () => {
    const buffer = valid();
    new Uint32Array(buffer)[1] = 7;
    const seen: string[] = [];
    const v = { clear: () => seen.push('clear'), rect: () => {}, circle: () => {}, line: () => {}, text: () => {}, framebuffer: () => {}, tone: () => {}, triangle: () => {} };
    expect(() => visitDrawList(buffer, v)).toThrow(DrawListError);
    expect(seen).toEqual([]);
  });
});

describe('UTF-8 check', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('accepts valid text of every length class', () => {
    const bytes = enc('aé✓🎮');
    expect(firstInvalidUtf8(bytes, 0, bytes.length)).toBe(-1);
  });
  it.each([
    ['lone continuation', [0x61, 0x80], 1],
    ['overlong', [0xc0, 0xaf], 0],
    ['overlong 3-byte', [0xe0, 0x80, 0xaf], 0],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated sequence', [0x61, 0xe2, 0x9c], 1],
    ['bad continuation', [0xe2, 0x41, 0x93], 0],
  ])('rejects %s', (_name, bytes, at) => {
    const data = new Uint8Array(bytes);
    expect(firstInvalidUtf8(data, 0, data.length)).toBe(at);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow();
  });
  it('only looks at the given range', () => {
    const bytes = new Uint8Array([0xff, 0x61, 0x62, 0xff]);
    expect(firstInvalidUtf8(bytes, 1, 2)).toBe(-1);
  });
});

describe('checksums', () => {
  // An independent reference of xx4x32 (docs/drawlist.md), written the slow
  // and obvious way: BigInt arithmetic mod 2^32, words assembled byte by byte
  // from a zero-padded copy, one lane array.
  const M = 0xffffffffn;
  const P1 = 0x9e3779b1n;
  const P2 = 0x85ebca77n;
  const P3 = 0xc2b2ae3dn;
  const P4 = 0x27d4eb2fn;
  const P5 = 0x165667b1n;
  const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (32n - r))) & M;
  const fmix = (h: bigint): bigint => {
    h ^= h >> 16n;
    h = (h * P2) & M;
    h ^= h >> 13n;
    h = (h * P3) & M;
    return h ^ (h >> 16n);
  };
  function reference(bytes: Uint8Array): string {
    const padded = [...bytes, 0, 0, 0].slice(0, Math.ceil(bytes.length / 4) * 4);
    const lanes = [(P1 + P2) & M, P2, 0n, (0x100000000n - P1) & M];
    for (let i = 0; i * 4 < padded.length; i++) {
      const p = i * 4;
      const word = BigInt(padded[p]) + (BigInt(padded[p + 1]) << 8n) + (BigInt(padded[p + 2]) << 16n) + (BigInt(padded[p + 3]) << 24n);
      lanes[i % 4] = (rotl((lanes[i % 4] + word * P2) & M, 13n) * P1) & M;
    }
    const n = BigInt(bytes.length);
    const [v1, v2, v3, v4] = lanes;
    const h1 = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n) + (n & M)) & M;
    const h2 = (v1 * P3 + v2 * P4 + v3 * P5 + v4 * P2 + (n >> 32n)) & M;
    const a = fmix(h1);
    const b = fmix(h2 ^ a);
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }

  it('matches the test vectors in docs/drawlist.md, and the reference computes them', () => {
    const vectors: [string, string][] = [
      ['', VECTORS.empty],
      ['a', VECTORS.a],
      ['abcd', VECTORS.abcd],
      ['Wasm Arcade', VECTORS.wasmArcade],
      ['0123456789abcdef0123456789abcdef!', VECTORS.long],
    ];
    for (const [text, hash] of vectors) {
      const bytes = new TextEncoder().encode(text);
      expect(reference(bytes), `reference of '${text}'`).toBe(hash);
      expect(hashBytes(bytes), `hashBytes of '${text}'`).toBe(hash);
    }
    const docs = readFileSync('docs/drawlist.md', 'utf8');
    for (const hash of Object.values(VECTORS)) expect(docs).toContain(hash);
  });

  it('matches the reference on random data of every length mod 16, and at any alignment', () => {
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    for (const size of [1, 2, 3, 4, 5, 7, 8, 12, 13, 15, 16, 17, 18, 19, 31, 100, 4096, 4099]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = next();
      const expected = reference(bytes);
      expect(hashBytes(bytes), `${size} bytes`).toBe(expected);
      // an unaligned view takes the byte-wise path: same result
      for (const offset of [1, 2, 3]) {
        const shifted = new Uint8Array(size + offset);
        shifted.set(bytes, offset);
        expect(hashBytes(shifted.subarray(offset)), `${size} bytes at offset ${offset}`).toBe(expected);
      }
    }
  });

  it('changes when any single byte or the length changes', () => {
    const base = new Uint8Array(64).map((_, i) => i * 7);
    const h = hashBytes(base);
    const seen = new Set([h]);
    for (let i = 0; i < base.length; i++) {
      const copy = base.slice();
      copy[i] ^= 1;
      seen.add(hashBytes(copy));
    }
    expect(seen.size).toBe(65);
    // zero padding is not the same as trailing zero bytes: the length is mixed in
    expect(hashBytes(new Uint8Array([1, 2, 3]))).not.toBe(hashBytes(new Uint8Array([1, 2, 3, 0])));
    expect(hashBytes(new Uint8Array(0))).not.toBe(hashBytes(new Uint8Array(4)));
  });

  it('hashes a draw list over all of its bytes', () => {
    const buffer = sample().finish();
    expect(hashDrawList(buffer)).toBe(reference(new Uint8Array(buffer)));
    expect(hashDrawList(buffer)).toMatch(/^[0-9a-f]{16}$/);
    const b = sample();
    b.rect(0, 0, 1, 1, 0);
    expect(hashDrawList(b.finish())).not.toBe(hashDrawList(buffer));
  });

  it('prints its throughput (a benchmark printout, not an assertion)', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
    for (let r = 0; r < 3; r++) hashBytes(big);
    const t0 = performance.now();
    for (let r = 0; r < 20; r++) hashBytes(big);
    const ms = performance.now() - t0;
    console.log(`hashBytes (${CHECKSUM_ALGORITHM}): ${(20 / (ms / 1000)).toFixed(0)} MiB/s on 1 MiB (npx tsx bench/hash.ts compares it with FNV-1a 64)`);
  });
});

// Computed by the reference above; docs/drawlist.md lists the same values.
const VECTORS = {
  empty: '55557d76f32a82c6',
  a: '4333434fcd629aee',
  abcd: '64f058fe82d3ead3',
  wasmArcade: 'a80758df8425db98',
  long: '83605604186942a5',
};

describe('framebuffer and tone commands', () => {
  const TONE = { channel: 2, wave: 4, pan: 1, freqStart: 440, freqEnd: 220.5, attack: 1, decay: 2, sustain: 30, release: 4, peak: 1, volume: 0.5 };

  function withBoth(): DrawListBuilder {
    const b = new DrawListBuilder(4, 4);
    const pixels = new Uint8Array(72);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) & 0xff;
    b.rect(0, 0, 1, 1, 0xffffffff);
    b.tone(TONE);
    b.framebuffer(pixels, 8, 16, 16, 0, 0, 160, 160, [0x000000ff, 0x555555ff, 0xaaaaaaff, 0xffffffff]);
    return b;
  }

  it('round-trips both, the pixels copied into the byte table', () => {
    const cmds = record(withBoth().finish());
    const pixels = new Uint8Array(64);
    for (let i = 0; i < pixels.length; i++) pixels[i] = ((i + 8) * 37) & 0xff;
    expect(cmds).toEqual([
      ['rect', 0, 0, 1, 1, 0xffffffff],
      ['tone', 2, 4, 1, 440, 220.5, 1, 2, 30, 4, 1, 0.5],
      ['framebuffer', 16, 16, 0, 0, 160, 160, 0x000000ff, 0x555555ff, 0xaaaaaaff, 0xffffffff, hashBytes(pixels.subarray(0, 64))],
    ]);
  });

  it('round-trips a triangle', () => {
    const b = new DrawListBuilder();
    b.triangle(1, 2.5, 30, 4, -5, 60, 0xff0000ff);
    expect(record(b.finish())).toEqual([['triangle', 1, 2.5, 30, 4, -5, 60, 0xff0000ff]]);
  });

  it('keeps sound commands, and only them, across a clear', () => {
    const b = withBoth();
    b.clear(0x123456ff);
    b.circle(1, 2, 3, 0xff);
    expect(record(b.finish())).toEqual([
      ['tone', 2, 4, 1, 440, 220.5, 1, 2, 30, 4, 1, 0.5],
      ['clear', 0x123456ff],
      ['circle', 1, 2, 3, 0xff],
    ]);
  });

  it('rejects a framebuffer whose byte count does not match its size', () => {
    const buffer = withBoth().finish();
    const words = new Uint32Array(buffer);
    const at = 4 + 6 + 12; // word index of the framebuffer command: after the header, rect and tone
    words[at + 3] = 17; // width 17: 68 bytes needed, 64 given
    expectCorrupt(buffer, at * 4 + 8, /framebuffer command #2 is 17×16 at 2 bits per pixel, which takes 68 bytes, but it has 64/);
  });

  it('rejects a tone on a channel that does not exist or with an unknown wave', () => {
    const buffer = withBoth().finish();
    const words = new Uint32Array(buffer);
    words[4 + 6 + 1] = 4;
    expectCorrupt(buffer, 16 + (6 + 1) * 4, /tone command #1 is on channel 4/);
    words[4 + 6 + 1] = 0;
    words[4 + 6 + 2] = 9;
    expectCorrupt(buffer, 16 + (6 + 2) * 4, /tone command #1 has wave 9/);
  });
});
