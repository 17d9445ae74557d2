// Plays a frame's sound commands with Web Audio, as each frame arrives (so
// in step with the game's 60 Hz clock, whatever the display shows): ABI v2's
// notes and PCM samples, and the WASM-4 profile's tones. Every channel is one
// voice; a new sound on a channel cuts what it played (with a 5 ms fade, no
// click). A master gain carries the app's volume and mute, kept in
// localStorage. The AudioContext is made on first use and resumed on the
// first user gesture (browsers start it suspended).
import type { Tone } from '../host/drawlist';
import { SOUND_CHANNELS } from '../host/abi';
import { w4Noise, w4Voice } from '../host/profiles/wasm4-sound';

const FADE = 0.005;
/** WASM-4 tones have 4 channels; they get their own voices after ABI v2's. */
const VOICES = SOUND_CHANNELS + 4;
const SETTINGS_KEY = 'wasm-arcade:audio';

interface Voice {
  readonly stop: (at: number) => void;
}

export interface AudioSettings {
  volume: number;
  muted: boolean;
}

export class SoundPlayer {
  private ctx: AudioContext | undefined;
  private master: GainNode | undefined;
  private readonly voices: (Voice | undefined)[] = new Array(VOICES);
  private readonly samples = new Map<number, AudioBuffer | { pcm: Uint8Array; rate: number }>();
  private noise: AudioBuffer | undefined;
  /** Where WASM-4's noise register is in its sequence (kept across tones, as WASM-4 keeps its seed). */
  private noisePosition = 0;
  private readonly squares = new Map<number, PeriodicWave>();
  readonly settings: AudioSettings;
  /** Sound commands played so far (tests and the status line read it). */
  played = 0;

  constructor(private readonly makeContext: () => AudioContext = () => new AudioContext()) {
    this.settings = loadSettings();
    const resume = () => void this.ctx?.resume();
    window.addEventListener('pointerdown', resume);
    window.addEventListener('keydown', resume);
  }

  /** The context (made on first use). */
  get context(): AudioContext {
    if (!this.ctx) {
      this.ctx = this.makeContext();
      this.master = this.ctx.createGain();
      this.master.connect(this.ctx.destination);
      this.applySettings();
    }
    return this.ctx;
  }

  setVolume(volume: number): void {
    this.settings.volume = Math.max(0, Math.min(1, volume));
    this.applySettings();
  }

  setMuted(muted: boolean): void {
    this.settings.muted = muted;
    this.applySettings();
  }

  private applySettings(): void {
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(this.settings));
    } catch {
      // storage may be unavailable (private mode): the settings still apply now
    }
    if (this.master) this.master.gain.value = this.settings.muted ? 0 : this.settings.volume;
  }

  /** A new game: silence everything and forget its samples. */
  reset(): void {
    for (let ch = 0; ch < VOICES; ch++) this.cut(ch);
    this.samples.clear();
  }

  /** Silence (pause, stop); samples are kept. */
  silence(): void {
    for (let ch = 0; ch < VOICES; ch++) this.cut(ch);
  }

  private cut(ch: number, at = this.ctx?.currentTime ?? 0): void {
    this.voices[ch]?.stop(at);
    this.voices[ch] = undefined;
  }

  /** ABI v2 `tone`. */
  note(channel: number, wave: number, freq: number, freqEnd: number, duration: number, volume: number, pan: number, attack: number, decay: number, sustain: number, release: number, duty: number): void {
    this.played++;
    const ctx = this.context;
    const t = ctx.currentTime;
    this.cut(channel, t);
    let src: AudioScheduledSourceNode;
    let freqParam: AudioParam;
    if (wave === 3) {
      const noise = ctx.createBufferSource();
      noise.buffer = this.noiseBuffer();
      noise.loop = true;
      // white noise made at 44.1 kHz; its "pitch" scales the playback rate (1 at 440 Hz)
      noise.playbackRate.value = freq / 440;
      freqParam = noise.playbackRate;
      src = noise;
      freq /= 440;
      freqEnd /= 440;
    } else {
      const osc = ctx.createOscillator();
      if (wave === 0) osc.setPeriodicWave(this.square(duty));
      else osc.type = wave === 1 ? 'triangle' : wave === 2 ? 'sawtooth' : 'sine';
      osc.frequency.value = freq;
      freqParam = osc.frequency;
      src = osc;
    }
    if (freqEnd !== freq && duration > 0) {
      freqParam.setValueAtTime(freq, t);
      freqParam.exponentialRampToValueAtTime(freqEnd, t + duration);
    }
    const gain = ctx.createGain();
    const g = gain.gain;
    g.setValueAtTime(0, t);
    g.linearRampToValueAtTime(volume, t + Math.max(attack, FADE));
    g.linearRampToValueAtTime(volume * sustain, t + Math.max(attack, FADE) + decay);
    const end = t + Math.max(duration, attack + decay);
    g.setValueAtTime(volume * sustain, end);
    g.linearRampToValueAtTime(0, end + Math.max(release, FADE));
    this.start(channel, src, gain, pan, t, end + Math.max(release, FADE));
  }

  /**
   * The WASM-4 profile's tone, as WASM-4 plays it (src/host/profiles/wasm4-sound.ts):
   * its pulse, triangle and noise channels at their levels, the linear ADSR
   * envelope and frequency slide, centre pan at full level on both sides.
   */
  tone(t: Tone): void {
    this.played++;
    const v = w4Voice(t);
    const ctx = this.context;
    const at = ctx.currentTime;
    const channel = SOUND_CHANNELS + t.channel;
    this.cut(channel, at);
    // a tone without a release stops short: a few ms of fade keep that from clicking
    const hardStop = v.envelope[v.envelope.length - 1][1] > 0;
    const stop = at + v.end + (hardStop ? FADE : 0);
    let src: AudioScheduledSourceNode;
    if (v.kind === 'noise') {
      const { samples, position } = w4Noise(v, stop - at, ctx.sampleRate, this.noisePosition);
      this.noisePosition = position;
      const buffer = ctx.createBuffer(1, Math.max(1, samples.length), ctx.sampleRate);
      buffer.copyToChannel(samples, 0);
      const node = ctx.createBufferSource();
      node.buffer = buffer;
      src = node;
    } else {
      const osc = ctx.createOscillator();
      if (v.kind === 'pulse') osc.setPeriodicWave(this.square(v.duty));
      else osc.type = 'triangle';
      osc.frequency.setValueAtTime(v.freqStart, at);
      if (v.freqEnd !== v.freqStart && v.end > 0) osc.frequency.linearRampToValueAtTime(v.freqEnd, at + v.end);
      src = osc;
    }
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(v.envelope[0][1], at);
    for (const [time, level] of v.envelope.slice(1)) gain.gain.linearRampToValueAtTime(level, at + time);
    if (hardStop) gain.gain.linearRampToValueAtTime(0, stop);
    this.start(channel, src, gain, v.left === v.right ? undefined : v.left > 0 ? -1 : 1, at, stop);
  }

  soundCreate(id: number, samples: number, sampleRate: number, pcm: Uint8Array): void {
    // decoded on first play (the context may not exist yet)
    this.samples.set(id, { pcm: pcm.slice(0, samples * 2), rate: sampleRate });
  }

  soundPlay(id: number, channel: number, volume: number, pan: number, rate: number): void {
    this.played++;
    const ctx = this.context;
    const t = ctx.currentTime;
    this.cut(channel, t);
    const buffer = this.sample(id);
    if (!buffer) return;
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    src.playbackRate.value = rate;
    const gain = ctx.createGain();
    gain.gain.value = volume;
    this.start(channel, src, gain, pan, t, t + buffer.duration / rate);
  }

  soundStop(channel: number): void {
    this.played++;
    this.cut(channel);
  }

  private sample(id: number): AudioBuffer | undefined {
    const s = this.samples.get(id);
    if (!s || s instanceof AudioBuffer) return s;
    const count = s.pcm.length >> 1;
    const buffer = this.context.createBuffer(1, count, s.rate);
    const out = buffer.getChannelData(0);
    const view = new DataView(s.pcm.buffer, s.pcm.byteOffset, s.pcm.byteLength);
    for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true) / 32768;
    this.samples.set(id, buffer);
    return buffer;
  }

  /** Plays `src` through `gain` on a voice; `pan` undefined: straight to both sides at full level. */
  private start(channel: number, src: AudioScheduledSourceNode, gain: GainNode, pan: number | undefined, at: number, end: number): void {
    const ctx = this.context;
    const panner = pan === undefined ? undefined : ctx.createStereoPanner();
    if (panner) {
      panner.pan.value = pan!;
      src.connect(gain).connect(panner).connect(this.master!);
    } else src.connect(gain).connect(this.master!);
    src.start(at);
    src.stop(end + 0.05);
    this.voices[channel] = {
      stop: (when) => {
        gain.gain.cancelScheduledValues(when);
        gain.gain.setValueAtTime(gain.gain.value, when);
        gain.gain.linearRampToValueAtTime(0, when + FADE);
        try {
          src.stop(when + FADE);
        } catch {
          // already stopped
        }
      },
    };
    src.onended = () => {
      src.disconnect();
      panner?.disconnect();
    };
  }

  private noiseBuffer(): AudioBuffer {
    if (!this.noise) {
      const ctx = this.context;
      this.noise = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
      const data = this.noise.getChannelData(0);
      // a fixed LFSR, not Math.random: the same noise every time
      let x = 0x1234;
      for (let i = 0; i < data.length; i++) {
        x ^= x << 7;
        x ^= x >> 9;
        x &= 0xffff;
        data[i] = (x / 0x8000) - 1;
      }
    }
    return this.noise;
  }

  /** A pulse wave of this duty cycle, as a Fourier series (cached per duty to 1/100). */
  private square(duty: number): PeriodicWave {
    const key = Math.round(duty * 100);
    let wave = this.squares.get(key);
    if (!wave) {
      const n = 64;
      const real = new Float32Array(n);
      const imag = new Float32Array(n);
      const d = key / 100;
      for (let k = 1; k < n; k++) {
        real[k] = (2 / (k * Math.PI)) * Math.sin(2 * Math.PI * k * d);
        imag[k] = (2 / (k * Math.PI)) * (1 - Math.cos(2 * Math.PI * k * d));
      }
      wave = this.context.createPeriodicWave(real, imag);
      this.squares.set(key, wave);
    }
    return wave;
  }
}

function loadSettings(): AudioSettings {
  try {
    const v = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as Partial<AudioSettings> | null;
    if (v && typeof v.volume === 'number' && typeof v.muted === 'boolean') return { volume: Math.max(0, Math.min(1, v.volume)), muted: v.muted };
  } catch {
    // unreadable settings: the defaults
  }
  return { volume: 0.6, muted: false };
}
