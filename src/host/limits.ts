// A game's resource limits (docs/abi.md, "Resource limits"): what a session
// allows by default, what a game raises or lowers in its `arcade.game` section
// and what the user overrides for one run (`arcade run --limit KEY=N`,
// SessionOptions.limits). The engine enforces memory and tables
// (src/runtime/limits.ts); the session enforces the rest as the game's host
// calls append to the frame's output — for every host profile alike.

import { LIMIT_KEYS, type GameLimits, type LimitKey } from './abi';

export { GAME_LIMITS, LIMIT_KEYS, type GameLimits, type LimitKey } from './abi';

/** A game's or a user's limit values by LIMIT_KEYS key, in the key's unit (memory_mib in MiB). */
export type LimitValues = Readonly<Record<string, number>>;

/** The LIMIT_KEYS entry for `field`. */
export function limitKey(field: keyof GameLimits): LimitKey | undefined {
  return LIMIT_KEYS.find((k) => k.field === field);
}

/** Turns `{ 'max-draw-commands': 5 }` into `{ drawCommands: 5 }` (memory_mib into bytes); throws RangeError naming a bad key or value. */
export function limitsFromKeys(values: LimitValues): Partial<GameLimits> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    const k = LIMIT_KEYS.find((l) => l.key === key);
    if (!k) throw new RangeError(`unknown limit '${key}' (known: ${LIMIT_KEYS.map((l) => l.key).join(', ')})`);
    if (!Number.isInteger(value) || value < k.min || value > k.max) throw new RangeError(`limit ${key} must be a whole number from ${k.min} to ${k.max}, got ${value}`);
    out[k.field] = value * k.scale;
  }
  return out as Partial<GameLimits>;
}

/** Parses `KEY=N` (a CLI --limit value); throws RangeError naming what is wrong. */
export function parseLimitOverride(text: string): [string, number] {
  const m = /^([a-z_-]+)=([0-9]{1,10})$/.exec(text.trim());
  if (!m) throw new RangeError(`--limit wants KEY=N (e.g. max-draw-commands=500000), got '${text}'`);
  limitsFromKeys({ [m[1]]: Number(m[2]) });
  return [m[1], Number(m[2])];
}

/**
 * The message of a `limit` stop: what went over, by how much, where, and how
 * to raise it. `value` and the limit are in the resource's own unit.
 */
export function limitMessage(field: keyof GameLimits, value: number, limit: number, where: string, what?: string): string {
  const k = limitKey(field);
  const resource = k?.resource ?? field;
  const unit = k?.unit ?? '';
  const raise = k ? `; a game raises it with ${k.key}=N in its arcade.game section, up to ${k.max}` : '';
  return `limit: ${resource} ${value} ${unit} exceeds ${limit} (${what ? `${what} ` : ''}in ${where}${raise})`;
}

/**
 * The inverse of limitsFromKeys for the limits that have a key (`{
 * drawCommands: 5 }` → `{ 'max-draw-commands': 5 }`, memory in MiB), in
 * LIMIT_KEYS order: what a recording stores of a session's user limits.
 * Limits without a key (tableEntries) have no place there and are left out.
 */
export function limitKeysFrom(limits: Partial<GameLimits>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of LIMIT_KEYS) {
    const v = limits[k.field];
    if (v !== undefined) out[k.key] = Math.ceil(v / k.scale);
  }
  return out;
}

/** `KEY=N KEY=N` in LIMIT_KEYS order (a recording's `limits:` header; --limit flags' notes). */
export function formatLimitValues(values: LimitValues): string {
  return LIMIT_KEYS.filter((k) => values[k.key] !== undefined)
    .map((k) => `${k.key}=${values[k.key]}`)
    .join(' ');
}

/**
 * Reads `KEY=N KEY=N` (formatLimitValues' output); throws RangeError naming
 * the bad token and what is wrong, with its 0-based offset in `offset`.
 */
export function parseLimitValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const token = m[0];
    const fail = (why: string): never => {
      throw Object.assign(new RangeError(`'${token}': ${why}`), { offset: m!.index });
    };
    const kv = /^([a-z_-]+)=([0-9]{1,10})$/.exec(token);
    if (!kv) fail('should be KEY=N (e.g. max-draw-commands=500000)');
    const [, key, n] = kv!;
    if (Object.hasOwn(out, key)) fail(`${key} is given twice`);
    try {
      limitsFromKeys({ [key]: Number(n) });
    } catch (error) {
      fail((error as Error).message);
    }
    out[key] = Number(n);
  }
  if (Object.keys(out).length === 0) throw Object.assign(new RangeError('no KEY=N given'), { offset: 0 });
  return out;
}
