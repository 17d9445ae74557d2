// The demo-2018 profile: the ABI of the 2018 talk's Rust "rocket" game
// (docs/profiles.md). The game imports drawing callbacks and three maths
// functions from `env`, and the host drives it through exported toggles:
//
//   imports  clear_screen(), draw_player(x, y, angle), draw_enemy(x, y),
//            draw_bullet(x, y), draw_particle(x, y, radius), draw_score(score),
//            sin(x), cos(x), Math_atan(x)                     (all f64)
//   exports  memory, resize(width, height), update(dt), draw(),
//            toggle_shoot/toggle_boost/toggle_turn_left/toggle_turn_right(on: i32)
//
// Drawn as the talk's host drew them: a black field, the player a red
// triangle (20 long, 16 wide, its tip `angle` radians from +x), enemies
// yellow circles of radius 10, bullets blue circles of radius 3, particles
// dark violet circles of the given radius, and the score as orange text at
// the top left, with the best score so far kept beside it.

import { FIXED_DT, KEY_CODES } from '../abi';
import type { GameContract, ModuleInfo } from '../game';
import { checkSpec, fn, specProvides, type ProfileSpec } from './contract';
import type { HostContext, HostProfile, InputEvent, ProfileBinding } from './profile';

/** The field size passed to resize(), as the talk's host used it. */
export const DEMO_WIDTH = 1024;
export const DEMO_HEIGHT = 600;

const BLACK = 0x000000ff;
const PLAYER = 0xff0000ff; // red
const ENEMY = 0xffff00ff; // yellow
const BULLET = 0x0000ffff; // blue
const PARTICLE = 0x9400d3ff; // dark violet
const SCORE = 0xffa500ff; // orange
const ENEMY_RADIUS = 10;
const BULLET_RADIUS = 3;
/** The player's triangle, before rotation: the tip ahead of (x, y), the base 16 wide through it. */
const SHIP_LENGTH = 20;
const SHIP_HALF_WIDTH = 8;
const SCORE_X = 10;
const SCORE_Y = 10;
const SCORE_SIZE = 20;

const F64 = 'f64';
const DRAW = ['clear_screen', 'draw_player', 'draw_enemy', 'draw_bullet', 'draw_particle', 'draw_score'];
const TOGGLES = ['toggle_shoot', 'toggle_boost', 'toggle_turn_left', 'toggle_turn_right'] as const;

/** The keys that drive the toggles (docs/profiles.md). */
export const DEMO_KEYS: Readonly<Record<number, (typeof TOGGLES)[number]>> = {
  [KEY_CODES.Space]: 'toggle_shoot',
  [KEY_CODES.ArrowUp]: 'toggle_boost',
  [KEY_CODES.ArrowLeft]: 'toggle_turn_left',
  [KEY_CODES.ArrowRight]: 'toggle_turn_right',
};

const SPEC: ProfileSpec = {
  name: 'demo-2018',
  abiName: "the 2018 demo's ABI",
  imports: [
    { module: 'env', name: 'clear_screen', kind: 'function', type: fn([]) },
    { module: 'env', name: 'draw_player', kind: 'function', type: fn([F64, F64, F64]) },
    { module: 'env', name: 'draw_enemy', kind: 'function', type: fn([F64, F64]) },
    { module: 'env', name: 'draw_bullet', kind: 'function', type: fn([F64, F64]) },
    { module: 'env', name: 'draw_particle', kind: 'function', type: fn([F64, F64, F64]) },
    { module: 'env', name: 'draw_score', kind: 'function', type: fn([F64]) },
    { module: 'env', name: 'sin', kind: 'function', type: fn([F64], [F64]) },
    { module: 'env', name: 'cos', kind: 'function', type: fn([F64], [F64]) },
    { module: 'env', name: 'Math_atan', kind: 'function', type: fn([F64], [F64]) },
  ],
  exports: [
    { name: 'memory', kind: 'memory', required: true },
    { name: 'resize', kind: 'function', type: fn([F64, F64]), required: true },
    { name: 'update', kind: 'function', type: fn([F64]), required: true },
    { name: 'draw', kind: 'function', type: fn([]), required: true },
    ...TOGGLES.map((name) => ({ name, kind: 'function' as const, type: fn(['i32']), required: true })),
  ],
  meta: { abi: 0, title: 'Rocket (2018 demo ABI)', width: DEMO_WIDTH, height: DEMO_HEIGHT, description: 'A game written for the 2018 talk\'s host: ←/→ turn, ↑ boosts, Space shoots' },
};

export const demo2018Profile: HostProfile = {
  name: 'demo-2018',
  summary: 'the 2018 talk\'s Rust rocket game (draw_* callbacks, toggle_* exports)',
  describe: () => "a game for the 2018 demo's ABI",
  provides: specProvides(SPEC),
  claims: (info: ModuleInfo) =>
    info.metaSections.length === 0 &&
    (info.exports.some((e) => (TOGGLES as readonly string[]).includes(e.name)) || info.imports.some((i) => i.module === 'env' && DRAW.includes(i.name))),
  check: (info: ModuleInfo) => checkSpec(SPEC, info),
  bind: (_contract: GameContract, host: HostContext) => new DemoBinding(host),
};

type GameFn = (...args: number[]) => unknown;

/** JavaScript's own number formatting, as the talk's host printed the score. */
const formatScore = (score: number): string => String(score);

class DemoBinding implements ProfileBinding {
  readonly imports: Record<string, Record<string, unknown>>;
  memory!: { buffer: ArrayBuffer };
  private fns!: Record<'resize' | 'update' | 'draw' | (typeof TOGGLES)[number], GameFn>;
  /** Best score so far: kept in the save data, so it survives restarts in the app. */
  private best: number;

  constructor(private readonly host: HostContext) {
    this.best = readBest(host.loadSave());
    const b = host.draw;
    this.imports = {
      env: {
        clear_screen: () => b.clear(BLACK),
        draw_player: (x: number, y: number, angle: number) => {
          const c = Math.cos(angle);
          const s = Math.sin(angle);
          // tip ahead along the angle; the base corners half the width to either side of (x, y)
          b.triangle(x + c * SHIP_LENGTH, y + s * SHIP_LENGTH, x + s * SHIP_HALF_WIDTH, y - c * SHIP_HALF_WIDTH, x - s * SHIP_HALF_WIDTH, y + c * SHIP_HALF_WIDTH, PLAYER);
        },
        draw_enemy: (x: number, y: number) => b.circle(x, y, ENEMY_RADIUS, ENEMY),
        draw_bullet: (x: number, y: number) => b.circle(x, y, BULLET_RADIUS, BULLET),
        draw_particle: (x: number, y: number, radius: number) => b.circle(x, y, Math.abs(radius), PARTICLE),
        draw_score: (score: number) => {
          if (score > this.best) {
            this.best = score;
            host.storeSave(writeBest(score));
          }
          b.textString(`Score: ${formatScore(score)}    Best: ${formatScore(this.best)}`, SCORE_X, SCORE_Y, SCORE_SIZE, SCORE);
        },
        sin: Math.sin,
        cos: Math.cos,
        Math_atan: Math.atan,
      },
    };
  }

  attach(ex: Record<string, unknown>): void {
    this.memory = ex.memory as { buffer: ArrayBuffer };
    this.fns = Object.fromEntries(['resize', 'update', 'draw', ...TOGGLES].map((n) => [n, ex[n] as GameFn])) as DemoBinding['fns'];
  }

  init(): void {
    this.fns.resize(DEMO_WIDTH, DEMO_HEIGHT);
  }

  frame(input: readonly InputEvent[]): void {
    for (const e of input) {
      if (!('code' in e)) continue; // the 2018 demo has no pointer or gamepad (the session never queues them for it)
      const toggle = DEMO_KEYS[e.code];
      if (toggle) this.fns[toggle](e.down ? 1 : 0);
    }
    this.fns.update(FIXED_DT);
    this.fns.draw();
  }
}

/** The best score in the save data: one little-endian f64 (no save yet: 0). */
function readBest(save: Uint8Array): number {
  if (save.length !== 8) return 0;
  const best = new DataView(save.buffer, save.byteOffset, 8).getFloat64(0, true);
  return Number.isFinite(best) ? best : 0;
}

function writeBest(best: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, best, true);
  return out;
}
