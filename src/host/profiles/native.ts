// The native profile: Wasm Arcade's own ABI, v1 and v2 (src/host/abi.ts,
// docs/abi.md). The game declares itself in an `arcade.game` section, imports
// the draw_* functions and log from `env` (and, with abi=2, images, sound,
// save data: src/host/abi2-imports.ts), and exports init/update/draw/key_down/
// key_up (and, with abi=2, optional pointer and gamepad handlers).

import { FIXED_DT, HOST_IMPORTS, IMPORT_MODULE, META_SECTION } from '../abi';
import { abiFuncType, checkContract, type GameContract, type ModuleInfo } from '../game';
import { formatFuncType } from '../signatures';
import { AbiV2State } from '../abi2-imports';
import { INPUT_EXPORTS, isKeyEvent, type DeviceInput } from '../input';
import type { HostContext, HostProfile, InputEvent, ProfileBinding } from './profile';

type GameFn = (...args: number[]) => unknown;

/** update()'s dt: 1/60 as the f32 the ABI passes. */
const DT = Math.fround(FIXED_DT);

export const nativeProfile: HostProfile = {
  name: 'native',
  summary: `Wasm Arcade's own ABI (an \`${META_SECTION}\` section; docs/abi.md)`,
  describe: (contract) => `a valid ABI v${contract.meta.abi} game`,
  provides: HOST_IMPORTS.map((f) => ({ module: IMPORT_MODULE, name: f.name, signature: formatFuncType(abiFuncType(f)) })),
  claims: (info: ModuleInfo) => info.metaSections.length > 0,
  check: (info: ModuleInfo) => checkContract(info),
  bind: (contract: GameContract, host: HostContext) => new NativeBinding(contract, host),
};

class NativeBinding implements ProfileBinding {
  readonly imports: Record<string, Record<string, unknown>>;
  memory!: { buffer: ArrayBuffer };
  private fns!: { update: GameFn; draw: GameFn; key_down: GameFn; key_up: GameFn; init?: GameFn };
  /** ABI v2 input handlers the game exports, by export name (the session queues events only for these). */
  private readonly handlers: Record<string, GameFn> = {};

  constructor(
    private readonly contract: GameContract,
    private readonly host: HostContext,
  ) {
    this.imports = { [IMPORT_MODULE]: hostImports(host) };
  }

  attach(ex: Record<string, unknown>): void {
    this.memory = ex.memory as { buffer: ArrayBuffer };
    this.fns = {
      update: ex.update as GameFn,
      draw: ex.draw as GameFn,
      key_down: ex.key_down as GameFn,
      key_up: ex.key_up as GameFn,
      init: ex.init as GameFn | undefined,
    };
    for (const name of Object.values(INPUT_EXPORTS)) if (this.contract.exports.includes(name)) this.handlers[name] = ex[name] as GameFn;
  }

  init(): void {
    const { meta } = this.contract;
    this.fns.init?.(meta.width, meta.height, this.host.seed | 0);
  }

  frame(input: readonly InputEvent[]): void {
    const { key_down, key_up, update, draw } = this.fns;
    for (const e of input) {
      if (isKeyEvent(e)) (e.down ? key_down : key_up)(e.code);
      else this.deliver(e);
    }
    update(DT);
    draw();
  }

  private deliver(e: DeviceInput): void {
    const fn = this.handlers[INPUT_EXPORTS[e.kind]];
    if (!fn) return; // the session queues only events the game has a handler for
    switch (e.kind) {
      case 'pointer-move':
        return void fn(e.x, e.y);
      case 'pointer-down':
      case 'pointer-up':
        return void fn(e.button);
      case 'pointer-wheel':
        return void fn(e.dx, e.dy);
      case 'gamepad-connected':
        return void fn(e.pad, e.connected ? 1 : 0);
      case 'gamepad-button':
        return void fn(e.pad, e.button, e.value);
      case 'gamepad-axis':
        return void fn(e.pad, e.axis, e.value);
    }
  }
}

function hostImports(host: HostContext): Record<string, unknown> {
  const b = host.draw;
  const impl: Record<string, (...args: number[]) => number | void> = {
    // ABI v2 (a v1 game cannot import them: the contract check refuses it)
    ...new AbiV2State().imports(host),
    clear: (rgba) => b.clear(rgba),
    draw_rect: (x, y, w, h, rgba) => b.rect(x, y, w, h, rgba),
    draw_circle: (cx, cy, r, rgba) => b.circle(cx, cy, r, rgba),
    draw_line: (x1, y1, x2, y2, t, rgba) => b.line(x1, y1, x2, y2, t, rgba),
    draw_text: (ptr, len, x, y, size, rgba) => {
      b.admitText(len >>> 0, 'draw_text'); // the frame's text budget, before a byte is checked or copied
      const bytes = host.utf8('draw_text', ptr, len);
      b.text(bytes, ptr >>> 0, len >>> 0, x, y, size, rgba);
    },
    log: (ptr, len) => host.logUtf8('log', ptr, len),
  };
  // Exactly the ABI's functions, so the table and the implementation cannot drift apart.
  for (const f of HOST_IMPORTS) if (!impl[f.name]) throw new Error(`host import ${f.name} is not implemented`);
  for (const name of Object.keys(impl)) if (!HOST_IMPORTS.some((f) => f.name === name)) throw new Error(`host import ${name} is not in HOST_IMPORTS`);
  return impl;
}
