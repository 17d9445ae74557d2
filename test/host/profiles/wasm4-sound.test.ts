// What a WASM-4 tone sounds like (src/host/profiles/wasm4-sound.ts), checked
// against WASM-4's documented tone() semantics: channels, duty, levels, the
// linear ADSR envelope, pan and slides, and the noise register's clock.
import { describe, expect, it } from 'vitest';
import { toneOf } from '../../../src/host/profiles/wasm4';
import { W4_PULSE_LEVEL, W4_TRIANGLE_LEVEL, w4Noise, w4Voice } from '../../../src/host/profiles/wasm4-sound';

const voice = (frequency: number, duration: number, volume: number, flags: number) => w4Voice(toneOf(frequency, duration, volume, flags));

describe('WASM-4 tones as voices', () => {
  it('plays a plain tone at its sustain volume for its duration, centred at full level on both sides', () => {
    const v = voice(262, 60, 100, 0); // TONE_PULSE1, mode 1: 12.5 %
    expect(v).toMatchObject({ kind: 'pulse', duty: 0.125, end: 1, freqStart: 262, freqEnd: 262, left: 1, right: 1 });
    expect(v.envelope).toEqual([[0, W4_PULSE_LEVEL], [1, W4_PULSE_LEVEL]]);
  });

  it('picks the channel and duty from the flags, and pans left or right to one side only', () => {
    expect(voice(440, 10, 50, 1 | (2 << 2))).toMatchObject({ kind: 'pulse', duty: 0.5 }); // PULSE2, MODE3
    expect(voice(440, 10, 50, (1 << 2))).toMatchObject({ duty: 0.25 });
    expect(voice(440, 10, 50, (3 << 2))).toMatchObject({ duty: 0.75 });
    expect(voice(440, 10, 50, 2)).toMatchObject({ kind: 'triangle', envelope: [[0, W4_TRIANGLE_LEVEL / 2], [10 / 60, W4_TRIANGLE_LEVEL / 2]] });
    expect(voice(440, 10, 50, 3)).toMatchObject({ kind: 'noise' });
    expect(voice(440, 10, 50, 1 << 4)).toMatchObject({ left: 1, right: 0 });
    expect(voice(440, 10, 50, 2 << 4)).toMatchObject({ left: 0, right: 1 });
  });

  it('follows the ADSR envelope linearly: 0 → peak, → sustain, hold, → 0; a peak of 0 is 100, volumes over 100 are 100', () => {
    const duration = (3 << 24) | (6 << 16) | 30 | (12 << 8); // attack 3, decay 6, sustain 30, release 12 frames
    const v = voice(440, duration, (80 << 8) | 40, 0);
    const L = W4_PULSE_LEVEL;
    expect(v.end).toBeCloseTo(51 / 60);
    const expected = [[0, 0], [3 / 60, 0.8 * L], [9 / 60, 0.4 * L], [39 / 60, 0.4 * L], [51 / 60, 0]];
    v.envelope.forEach(([t, a], i) => {
      expect(t).toBeCloseTo(expected[i][0]);
      expect(a).toBeCloseTo(expected[i][1]);
    });
    expect(v.envelope).toHaveLength(5);
    // decay without attack starts at the peak (0 = 100); a volume of 200 counts as 100
    const d = voice(440, (6 << 16) | 6, 50, 0);
    expect(d.envelope.map(([, a]) => a / L)).toEqual([1, 0.5, 0.5]);
    expect(voice(440, 6, 200, 0).envelope[0][1]).toBeCloseTo(L);
  });

  it('slides linearly to the second frequency over the whole tone, release included, in Hz or in note mode', () => {
    const v = voice(262 | (523 << 16), 60 | (30 << 8), 100, 0);
    expect([v.freqStart, v.freqEnd, v.end]).toEqual([262, 523, 1.5]);
    const n = voice(60 | (72 << 16), 10, 100, 64);
    expect(n.freqStart).toBeCloseTo(261.63, 1);
    expect(n.freqEnd).toBeCloseTo(523.25, 1);
  });
});

describe('WASM-4 noise', () => {
  it('is ±1 from a 16-bit xorshift register clocked 44100·f²/10⁶ times a second', () => {
    // f = 1000 Hz at 44100 Hz: one step per sample, so every sample is a new register state
    const fast = w4Noise({ freqStart: 1000, freqEnd: 1000, end: 1 }, 0.01, 44100, 0);
    expect(new Set(fast.samples)).toEqual(new Set([1, -1]));
    expect(fast.position).toBe(Math.ceil(0.01 * 44100));
    // the register's first states from seed 1: 1 → 0x0201 → …: low bits 1, 1, …
    let x = 1;
    const lows: number[] = [];
    for (let i = 0; i < 8; i++) {
      x ^= x >> 7;
      x = (x ^ (x << 9)) & 0xffff;
      x ^= x >> 13;
      lows.push((x & 1) * 2 - 1);
    }
    expect(Array.from(fast.samples.subarray(0, 8))).toEqual(lows);
    // f = 100 Hz: one step every 100 samples (441 Hz), so the value holds for 100 samples
    const slow = w4Noise({ freqStart: 100, freqEnd: 100, end: 1 }, 0.05, 44100, 0);
    let changes = 0;
    for (let i = 1; i < slow.samples.length; i++) if (slow.samples[i] !== slow.samples[i - 1]) changes++;
    expect(slow.position).toBe(Math.ceil((0.05 * 44100) / 100));
    expect(changes).toBeLessThanOrEqual(slow.position);
    // the sequence goes on where the last tone left it
    const next = w4Noise({ freqStart: 1000, freqEnd: 1000, end: 1 }, 0.001, 44100, fast.position);
    expect(next.position).toBe(fast.position + Math.ceil(0.001 * 44100));
  });

  it('steps thousands of times a sample at the highest frequencies, through the register\'s whole period', () => {
    const r = w4Noise({ freqStart: 65535, freqEnd: 65535, end: 1 }, 0.01, 44100, 0);
    const perSample = (65535 * 65535) / 1e6;
    // after n samples the register has stepped ceil(n × steps per sample) times (mod its period)
    expect(Math.abs(r.position - (Math.ceil(441 * perSample) % 65535))).toBeLessThanOrEqual(1);
    expect(new Set(r.samples).size).toBe(2);
  });
});
