// Crate Mate's levels, read from its Rust source: each is well formed, and its
// par (the move count that earns three stars) is the fewest moves that solve it,
// found here by a breadth-first search over (player, crates) states. Editing a
// level without re-deriving its par, or making it unsolvable, fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SOURCE = 'games/cratemate/src/lib.rs';

interface Level {
  name: string;
  par: number;
  rows: string[];
}

function levels(): Level[] {
  const text = readFileSync(SOURCE, 'utf8');
  const found: Level[] = [];
  for (const m of text.matchAll(/Level\s*\{\s*name:\s*"([^"]+)",\s*par:\s*(\d+),\s*rows:\s*&\[([^\]]*)\]/g)) {
    const rows = [...m[3].matchAll(/"([^"]*)"/g)].map((r) => r[1]);
    found.push({ name: m[1], par: Number(m[2]), rows });
  }
  return found;
}

/** Fewest moves (steps and pushes alike) that put every crate on a goal, or undefined if none do. */
function fewestMoves(rows: string[]): number | undefined {
  const w = Math.max(...rows.map((r) => r.length));
  const cell = (i: number) => rows[Math.floor(i / w)]?.[i % w] ?? ' ';
  const n = w * rows.length;
  const wall = (i: number) => i < 0 || i >= n || cell(i) === '#';
  const goals = new Set<number>();
  let crates: number[] = [];
  let player = -1;
  for (let i = 0; i < n; i++) {
    const c = cell(i);
    if ('.*+'.includes(c)) goals.add(i);
    if ('$*'.includes(c)) crates.push(i);
    if ('@+'.includes(c)) player = i;
  }
  crates = crates.sort((a, b) => a - b);
  // A crate off a goal in a corner can never move again: prune those states (it keeps every solution).
  const dead = (i: number) => !goals.has(i) && (wall(i - w) || wall(i + w)) && (wall(i - 1) || wall(i + 1));
  const key = (p: number, cs: number[]) => `${p}:${cs.join(',')}`;
  const seen = new Set([key(player, crates)]);
  let frontier = [{ p: player, cs: crates }];
  for (let moves = 0; frontier.length > 0; moves++) {
    const next: typeof frontier = [];
    for (const { p, cs } of frontier) {
      if (cs.every((c) => goals.has(c))) return moves;
      for (const d of [-1, 1, -w, w]) {
        const to = p + d;
        if (wall(to) || (Math.abs(d) === 1 && Math.floor(to / w) !== Math.floor(p / w))) continue;
        let ncs = cs;
        const k = cs.indexOf(to);
        if (k >= 0) {
          const beyond = to + d;
          if (wall(beyond) || (Math.abs(d) === 1 && Math.floor(beyond / w) !== Math.floor(to / w)) || cs.includes(beyond) || dead(beyond)) continue;
          ncs = cs.slice();
          ncs[k] = beyond;
          ncs.sort((a, b) => a - b);
        }
        const s = key(to, ncs);
        if (!seen.has(s)) {
          seen.add(s);
          next.push({ p: to, cs: ncs });
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

describe('Crate Mate levels', () => {
  const all = levels();

  it('finds the twelve levels in the source', () => {
    expect(all.map((l) => l.name)).toHaveLength(12);
  });

  it.each(all.map((l, i) => [i + 1, l] as const))('level %i is well formed, fits the screen and is solvable in exactly its par', (_n, level) => {
    const text = level.rows.join('\n');
    expect(text.match(/[@+]/g), `${level.name}: one player`).toHaveLength(1);
    expect((text.match(/[$*]/g) ?? []).length, `${level.name}: as many crates as goals`).toBe((text.match(/[.*+]/g) ?? []).length);
    expect(text, `${level.name}: only # . $ * @ + and spaces`).toMatch(/^[#.$*@+ \n]+$/);
    // 16-px tiles at the least, in the 320×204 play area between the bars
    expect(Math.max(...level.rows.map((r) => r.length)) * 16).toBeLessThanOrEqual(320);
    expect(level.rows.length * 16).toBeLessThanOrEqual(204);
    expect(fewestMoves(level.rows), `${level.name}: fewest moves`).toBe(level.par);
  });
});
