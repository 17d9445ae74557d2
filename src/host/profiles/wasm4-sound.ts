// What a WASM-4 tone sounds like, as numbers an audio back end can play
// (the renderer's SoundPlayer schedules Web Audio from it). Environment-free,
// from WASM-4's documentation ("Playing Audio", "tone") and what its runtimes
// do where the documentation is silent:
// - four channels: two pulse waves (duty 12.5/25/50/75 %), a triangle, noise;
// - full scale is 0x1333/0x8000 (~15 %) of the output for pulse and noise and
//   0x2000/0x8000 (25 %) for the triangle, so four channels never clip;
// - the envelope is linear: 0 → peak over the attack, peak → sustain volume
//   over the decay, held for the sustain, sustain volume → 0 over the release;
//   volumes above 100 count as 100, a peak of 0 as 100;
// - a frequency slide is linear in Hz from the start to the end of the release;
// - pan: centre plays at full level on both sides, left or right on one side only;
// - noise is a 16-bit xorshift register (seed 1, kept across tones) clocked
//   44100·f²/10⁶ times per second, each output sample ±1 from its low bit.
import { TONE_WAVES, type Tone } from '../drawlist';

/** Full-scale amplitude of the pulse and noise channels, and of the triangle. */
export const W4_PULSE_LEVEL = 0x1333 / 0x8000;
export const W4_TRIANGLE_LEVEL = 0x2000 / 0x8000;
/** The rate WASM-4's sound runs at; the noise clock is defined against it. */
export const W4_SAMPLE_RATE = 44100;

export interface W4Voice {
  readonly kind: 'pulse' | 'triangle' | 'noise';
  /** Pulse width (fraction of the period the wave is high). */
  readonly duty: number;
  /** Amplitude breakpoints (seconds from the start, amplitude 0–1 of the output), linear between. */
  readonly envelope: readonly (readonly [number, number])[];
  /** Seconds from the start until the tone is over. */
  readonly end: number;
  /** Hz at the start and at the end (linear slide over the whole tone; equal when it does not slide). */
  readonly freqStart: number;
  readonly freqEnd: number;
  /** Level on the left and right output. */
  readonly left: number;
  readonly right: number;
}

const DUTY: Readonly<Record<string, number>> = { 'pulse12.5': 0.125, pulse25: 0.25, pulse50: 0.5, pulse75: 0.75 };

/** The voice a tone command plays. */
export function w4Voice(t: Tone): W4Voice {
  const wave = TONE_WAVES[t.wave] ?? 'pulse12.5';
  const kind = wave === 'triangle' ? 'triangle' : wave === 'noise' ? 'noise' : 'pulse';
  const full = kind === 'triangle' ? W4_TRIANGLE_LEVEL : W4_PULSE_LEVEL;
  const peak = full * Math.min(1, t.peak > 0 ? t.peak : 1);
  const sustain = full * Math.min(1, Math.max(0, t.volume));
  const [a, d, s, r] = [t.attack, t.decay, t.sustain, t.release].map((frames) => frames / 60);
  const envelope: [number, number][] = [];
  if (a > 0) envelope.push([0, 0], [a, peak]);
  else envelope.push([0, d > 0 ? peak : sustain]);
  if (d > 0) envelope.push([a + d, sustain]);
  envelope.push([a + d + s, sustain]);
  if (r > 0) envelope.push([a + d + s + r, 0]);
  return {
    kind,
    duty: DUTY[wave] ?? 0.5,
    envelope,
    end: a + d + s + r,
    freqStart: t.freqStart,
    freqEnd: t.freqEnd,
    left: t.pan === 2 ? 0 : 1,
    right: t.pan === 1 ? 0 : 1,
  };
}

/** The register's states from seed 1, in order (its period is 65535). */
let sequence: Uint16Array | undefined;
function lfsr(): Uint16Array {
  if (!sequence) {
    const states: number[] = [];
    let x = 1;
    do {
      states.push(x);
      x ^= x >> 7;
      x = (x ^ (x << 9)) & 0xffff;
      x ^= x >> 13;
    } while (x !== 1 && states.length < 0x10000);
    sequence = Uint16Array.from(states);
  }
  return sequence;
}

/**
 * The noise channel's samples (±1) for `seconds` at `sampleRate`, its clock
 * following the voice's frequency slide, starting `position` steps into the
 * register's sequence. Returns the samples and the position to continue from.
 */
export function w4Noise(voice: Pick<W4Voice, 'freqStart' | 'freqEnd' | 'end'>, seconds: number, sampleRate: number, position: number): { samples: Float32Array<ArrayBuffer>; position: number } {
  const seq = lfsr();
  const n = Math.max(0, Math.ceil(seconds * sampleRate));
  const samples = new Float32Array(n);
  let pos = position % seq.length;
  let phase = 0;
  let value = (seq[pos] & 1) * 2 - 1;
  const span = voice.end > 0 ? voice.end : 1;
  for (let i = 0; i < n; i++) {
    const at = Math.min(1, i / sampleRate / span);
    const f = voice.freqStart + (voice.freqEnd - voice.freqStart) * at;
    phase += ((f * f) / 1e6) * (W4_SAMPLE_RATE / sampleRate);
    if (phase > 0) {
      const steps = Math.ceil(phase);
      phase -= steps;
      pos = (pos + steps) % seq.length;
      value = (seq[pos] & 1) * 2 - 1;
    }
    samples[i] = value;
  }
  return { samples, position: pos };
}
