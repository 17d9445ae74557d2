// A hand-driven clock and timer queue for tests of the game worker loop
// (runGameWorker's env: now, setTimeout, clearTimeout).

export class FakeTime {
  t = 0;
  /** Added to the clock on every now() call (simulates frames that take time). */
  tickPerCall = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  readonly env = {
    now: () => (this.t += this.tickPerCall),
    setTimeout: (fn: () => void, ms: number) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.t + ms, fn });
      return id;
    },
    clearTimeout: (id: number) => {
      this.timers.delete(id);
    },
  };
  get pending(): number {
    return this.timers.size;
  }
  /** Advances to `until`, firing due timers in order (the clock jumps to each timer's time). */
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= until && (!first || entry[1].at < first[1].at)) first = entry;
      if (!first) break;
      this.timers.delete(first[0]);
      this.t = Math.max(this.t, first[1].at);
      first[1].fn();
    }
    this.t = until;
  }
}
