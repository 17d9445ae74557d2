// Scripted input for `arcade record`: CI-made recordings without a person
// at the keyboard. One command per line (docs/recording.md):
//
//   # comment
//   wait 120              run 120 frames
//   press Space           key down at the start of the next frame
//   release Space         key up at the start of the next frame
//   tap Space             press, run 1 frame, release
//   hold ArrowLeft 30     press, run 30 frames, release
//   until 600             run until frame 600 has been played
//   repeat 4 {            repeat the enclosed lines
//   }
//
// ABI v2 devices (events at the start of the next frame, like press):
//   pointer 120 80        the pointer moves to (120, 80), logical pixels
//   click 0               pointer button 0 down, run 1 frame, up (pointer-down / pointer-up: one of them)
//   wheel 0 3             the wheel turns (dx, dy) lines
//   pad 0 on              gamepad 0 connects (pad 0 off: disconnects)
//   pad-button 0 1 1      gamepad 0's button 1 to value 1 (0 releases)
//   pad-axis 0 0 -0.5     gamepad 0's axis 0 to -0.5
//
// Events that are pending when the script ends get one more frame.

import { parseKeyName } from './format';
import type { InputEvent } from './format';
import { formatDeviceInput, parseDeviceInput, quantize, type DeviceInput } from '../input';

export class ScriptError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${source}:${line}:${column}: ${detail}`);
    this.name = 'ScriptError';
  }
}

export interface InputScript {
  /** Frames to run. */
  readonly frames: number;
  /** Events applied at the start of each frame: index 0 is frame 1. Sparse: missing = none. */
  readonly input: ReadonlyMap<number, readonly InputEvent[]>;
}

interface Line {
  readonly no: number;
  readonly words: readonly { text: string; column: number }[];
}

const MAX_FRAMES = 10_000_000;
/** Commands executed, repeats included: a runaway `repeat` nest fails instead of hanging. */
const MAX_STEPS = 10_000_000;

export function parseInputScript(text: string, source = 'script'): InputScript {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    const hash = l.indexOf('#');
    const body = hash >= 0 ? l.slice(0, hash) : l;
    const words: { text: string; column: number }[] = [];
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body))) words.push({ text: m[0], column: m.index + 1 });
    if (words.length > 0) lines.push({ no: i + 1, words });
  });

  const input = new Map<number, InputEvent[]>();
  let frame = 0; // frames run so far
  let pending: InputEvent[] = [];
  const fail = (line: Line, w: number, detail: string): never => {
    throw new ScriptError(source, line.no, line.words[w]?.column ?? 1, detail);
  };
  const run = (line: Line, n: number): void => {
    if (frame + n > MAX_FRAMES) fail(line, 0, `the script runs past ${MAX_FRAMES} frames`);
    if (n > 0 && pending.length > 0) {
      input.set(frame + 1, [...(input.get(frame + 1) ?? []), ...pending]);
      pending = [];
    }
    frame += n;
  };
  const key = (line: Line, w: number): number => {
    const t = line.words[w];
    if (!t) fail(line, w - 1, `'${line.words[0].text}' needs a key name (ArrowLeft, Space, A, Digit5, ...)`);
    const code = parseKeyName(t.text);
    if (code === undefined) fail(line, w, `unknown key '${t.text}' (use names like ArrowLeft, ArrowRight, Space, Enter, A, Digit5, or a decimal code)`);
    return code!;
  };
  const count = (line: Line, w: number, what: string): number => {
    const t = line.words[w];
    if (!t || !/^[0-9]{1,8}$/.test(t.text)) fail(line, t ? w : w - 1, `'${line.words[0].text}' needs ${what} (a whole number)${t ? `, found '${t.text}'` : ''}`);
    return Number(t.text);
  };
  const arity = (line: Line, n: number): void => {
    if (line.words.length > n) fail(line, n, `unexpected '${line.words[n].text}' after '${line.words.slice(0, n).map((w) => w.text).join(' ')}'`);
  };

  const number = (line: Line, w: number, what: string): number => {
    const t = line.words[w];
    if (!t || !/^-?[0-9]+(\.[0-9]+)?$/.test(t.text)) fail(line, t ? w : w - 1, `'${line.words[0].text}' needs ${what} (a number)${t ? `, found '${t.text}'` : ''}`);
    return Number(t.text);
  };
  const device = (line: Line, e: DeviceInput): DeviceInput => {
    const checked = parseDeviceInput(formatDeviceInput(e));
    if (typeof checked === 'string') fail(line, 0, checked);
    return checked as DeviceInput;
  };

  let steps = 0;
  const exec = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      if (++steps > MAX_STEPS) fail(line, 0, `the script runs more than ${MAX_STEPS} commands (nested repeats?)`);
      const cmd = line.words[0].text;
      switch (cmd) {
        case 'wait':
          arity(line, 2);
          run(line, count(line, 1, 'a frame count'));
          break;
        case 'press':
        case 'release':
          arity(line, 2);
          pending.push({ code: key(line, 1), down: cmd === 'press' });
          break;
        case 'tap': {
          arity(line, 2);
          const code = key(line, 1);
          pending.push({ code, down: true });
          run(line, 1);
          pending.push({ code, down: false });
          break;
        }
        case 'hold': {
          arity(line, 3);
          const code = key(line, 1);
          const n = count(line, 2, 'a frame count');
          if (n === 0) fail(line, 2, "'hold' needs at least 1 frame");
          pending.push({ code, down: true });
          run(line, n);
          pending.push({ code, down: false });
          break;
        }
        case 'until': {
          arity(line, 2);
          const target = count(line, 1, 'a frame number');
          if (target < frame) fail(line, 1, `'until ${target}' is in the past: the script is already at frame ${frame}`);
          run(line, target - frame);
          break;
        }
        case 'repeat': {
          const n = count(line, 1, 'a repeat count');
          if (line.words[2]?.text !== '{') fail(line, 2, "'repeat N' must be followed by '{' on the same line");
          arity(line, 3);
          let depth = 1;
          let j = i + 1;
          for (; j < to; j++) {
            const w = lines[j].words;
            if (w[0].text === 'repeat') depth++;
            if (w[0].text === '}') depth--;
            if (depth === 0) break;
          }
          if (j >= to) fail(line, 0, "'repeat' block has no closing '}'");
          for (let r = 0; r < n; r++) {
            if (++steps > MAX_STEPS) fail(line, 0, `the script runs more than ${MAX_STEPS} commands (nested repeats?)`);
            exec(i + 1, j);
          }
          i = j;
          break;
        }
        case 'pointer':
          arity(line, 3);
          pending.push(device(line, { kind: 'pointer-move', x: number(line, 1, 'x'), y: number(line, 2, 'y') }));
          break;
        case 'pointer-down':
        case 'pointer-up':
          arity(line, 2);
          pending.push(device(line, { kind: cmd, button: count(line, 1, 'a button number') }));
          break;
        case 'click': {
          arity(line, 2);
          const button = count(line, 1, 'a button number');
          pending.push(device(line, { kind: 'pointer-down', button }));
          run(line, 1);
          pending.push({ kind: 'pointer-up', button });
          break;
        }
        case 'wheel':
          arity(line, 3);
          pending.push(device(line, { kind: 'pointer-wheel', dx: number(line, 1, 'dx'), dy: number(line, 2, 'dy') }));
          break;
        case 'pad': {
          arity(line, 3);
          const pad = count(line, 1, 'a gamepad number');
          const state = line.words[2]?.text;
          if (state !== 'on' && state !== 'off') fail(line, 2, "'pad N' needs 'on' or 'off'");
          pending.push(device(line, { kind: 'gamepad-connected', pad, connected: state === 'on' }));
          break;
        }
        case 'pad-button':
        case 'pad-axis': {
          arity(line, 4);
          const pad = count(line, 1, 'a gamepad number');
          const at = count(line, 2, cmd === 'pad-button' ? 'a button number' : 'an axis number');
          const value = quantize(number(line, 3, 'a value'));
          pending.push(device(line, cmd === 'pad-button' ? { kind: 'gamepad-button', pad, button: at, value } : { kind: 'gamepad-axis', pad, axis: at, value }));
          break;
        }
        case '}':
          fail(line, 0, "'}' without a matching 'repeat N {'");
          break;
        default:
          fail(line, 0, `unknown command '${cmd}' (expected wait, press, release, tap, hold, until, repeat, pointer, pointer-down, pointer-up, click, wheel, pad, pad-button or pad-axis)`);
      }
    }
  };
  exec(0, lines.length);
  if (pending.length > 0) run(lines[lines.length - 1], 1);
  return { frames: frame, input };
}

