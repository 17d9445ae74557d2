// Resource limits of one session: the defaults of abi.ts RESOURCE_LIMITS, the
// ones the game sets in its `arcade.game` section, and the user's overrides
// (which win). docs/abi.md, "Resource limits".

import { RESOURCE_LIMITS, type GameMeta, type ResourceLimit } from './abi';

/** A user's limits for one run, by RESOURCE_LIMITS key (`max-draw-commands`). */
export type LimitOverrides = Readonly<Record<string, number>>;

export interface EffectiveLimit extends ResourceLimit {
  readonly value: number;
  /** Where the value came from, for messages: `the default`, `set by the game`, `set by the user`. */
  readonly source: string;
}

export type ResolvedLimits = Readonly<Record<'max-draw-commands' | 'max-text-bytes', EffectiveLimit>>;

/** The limits in force for a game; throws RangeError for an unknown key or a value out of range in `user`. */
export function resolveLimits(meta: GameMeta, user: LimitOverrides = {}): ResolvedLimits {
  for (const [key, value] of Object.entries(user)) {
    const l = RESOURCE_LIMITS.find((r) => r.key === key);
    if (!l) throw new RangeError(`unknown limit '${key}' (known: ${RESOURCE_LIMITS.map((r) => r.key).join(', ')})`);
    if (!Number.isInteger(value) || value < 1 || value > l.max) throw new RangeError(`limit ${key} must be a whole number from 1 to ${l.max}, got ${value}`);
  }
  const out: Record<string, EffectiveLimit> = {};
  for (const l of RESOURCE_LIMITS) {
    const fromUser = user[l.key];
    const fromGame = meta.limits?.[l.key];
    if (fromUser !== undefined) out[l.key] = { ...l, value: fromUser, source: 'set by the user' };
    else if (fromGame !== undefined) out[l.key] = { ...l, value: fromGame, source: `set by the game` };
    else out[l.key] = { ...l, value: l.default, source: 'the default' };
  }
  return out as ResolvedLimits;
}

/** Parses `key=N` (a CLI --limit value); throws RangeError naming what is wrong. */
export function parseLimitOverride(text: string): [string, number] {
  const m = /^([a-z-]+)=([0-9]{1,10})$/.exec(text.trim());
  if (!m) throw new RangeError(`--limit wants KEY=N (e.g. max-draw-commands=500000), got '${text}'`);
  const l = RESOURCE_LIMITS.find((r) => r.key === m[1]);
  if (!l) throw new RangeError(`unknown limit '${m[1]}' (known: ${RESOURCE_LIMITS.map((r) => r.key).join(', ')})`);
  const value = Number(m[2]);
  if (value < 1 || value > l.max) throw new RangeError(`limit ${l.key} must be a whole number from 1 to ${l.max}, got ${value}`);
  return [l.key, value];
}
