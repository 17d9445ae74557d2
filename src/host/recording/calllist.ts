// A list of draw-call lines edited by index (the `set`/`ins`/`del` edits of a
// recording), in O(log n) per edit whatever the order of the edits: an
// implicit treap (a randomised balanced tree keyed by position). With a plain
// array, N edits at the front of an N-call list cost O(N²): 300k `ins 0`
// lines kept the parser busy for minutes. Positions are 0-based.

import type { DrawOp } from './format';

export class CallList {
  // Nodes in parallel typed arrays (grown by doubling); index 0 is "no node".
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private size = new Int32Array(64);
  private prio = new Int32Array(64);
  private value: string[] = [''];
  private nodes = 1;
  private root = 0;
  private seed = 0x2545f491;
  private splitA = 0;
  private splitB = 0;

  static from(calls: readonly string[]): CallList {
    const list = new CallList();
    for (const c of calls) list.insert(list.length, c);
    return list;
  }

  get length(): number {
    return this.size[this.root];
  }

  get(index: number): string | undefined {
    if (index < 0 || index >= this.length) return undefined;
    let t = this.root;
    for (;;) {
      const l = this.size[this.left[t]];
      if (index < l) t = this.left[t];
      else if (index === l) return this.value[t];
      else {
        index -= l + 1;
        t = this.right[t];
      }
    }
  }

  set(index: number, call: string): void {
    if (index < 0 || index >= this.length) throw new RangeError(`set ${index}: the list has ${this.length} calls`);
    let t = this.root;
    for (;;) {
      const l = this.size[this.left[t]];
      if (index < l) t = this.left[t];
      else if (index === l) {
        this.value[t] = call;
        return;
      } else {
        index -= l + 1;
        t = this.right[t];
      }
    }
  }

  insert(index: number, call: string): void {
    if (index < 0 || index > this.length) throw new RangeError(`ins ${index}: the list has ${this.length} calls`);
    const node = this.nodes++;
    if (node === this.left.length) this.grow();
    this.size[node] = 1;
    this.prio[node] = this.random();
    this.value[node] = call;
    this.split(this.root, index);
    this.root = this.merge(this.merge(this.splitA, node), this.splitB);
  }

  remove(index: number, count: number): void {
    if (index < 0 || count < 0 || index + count > this.length) throw new RangeError(`del ${index} ${count}: the list has ${this.length} calls`);
    this.split(this.root, index);
    const a = this.splitA;
    this.split(this.splitB, count);
    this.root = this.merge(a, this.splitB);
  }

  apply(ops: readonly DrawOp[]): void {
    for (const o of ops) {
      if (o.op === 'set') this.set(o.index, o.call);
      else if (o.op === 'ins') this.insert(o.index, o.call);
      else this.remove(o.index, o.count);
    }
  }

  toArray(): string[] {
    const out: string[] = [];
    const stack: number[] = [];
    let t = this.root;
    while (t !== 0 || stack.length > 0) {
      while (t !== 0) {
        stack.push(t);
        t = this.left[t];
      }
      t = stack.pop()!;
      out.push(this.value[t]);
      t = this.right[t];
    }
    return out;
  }

  private grow(): void {
    const n = this.left.length * 2;
    const more = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.left = more(this.left);
    this.right = more(this.right);
    this.size = more(this.size);
    this.prio = more(this.prio);
  }

  private random(): number {
    // xorshift32: deterministic, so the tree's shape (and time) is the same on every run
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x;
    return x;
  }

  private update(t: number): void {
    this.size[t] = this.size[this.left[t]] + this.size[this.right[t]] + 1;
  }

  /** Splits tree t into its first k elements (splitA) and the rest (splitB); no allocation. */
  private split(t: number, k: number): void {
    if (t === 0) {
      this.splitA = 0;
      this.splitB = 0;
      return;
    }
    const l = this.size[this.left[t]];
    if (k <= l) {
      this.split(this.left[t], k);
      this.left[t] = this.splitB;
      this.update(t);
      this.splitB = t;
      return;
    }
    this.split(this.right[t], k - l - 1);
    this.right[t] = this.splitA;
    this.update(t);
    this.splitA = t;
  }

  private merge(a: number, b: number): number {
    if (a === 0) return b;
    if (b === 0) return a;
    if (this.prio[a] > this.prio[b]) {
      this.right[a] = this.merge(this.right[a], b);
      this.update(a);
      return a;
    }
    this.left[b] = this.merge(a, this.left[b]);
    this.update(b);
    return b;
  }
}

/** Few edits are applied to the array in place; many go through a CallList, so a frame's edits cost O((n + edits) log n) at worst. */
const IN_PLACE_EDITS = 16;

/** `calls` with `ops` applied in order (may be `calls` itself, edited in place). */
export function applyOpsFast(calls: string[], ops: readonly DrawOp[]): string[] {
  if (ops.length === 0) return calls;
  if (ops.length <= IN_PLACE_EDITS) {
    for (const o of ops) {
      if (o.op === 'set') calls[o.index] = o.call;
      else if (o.op === 'ins') calls.splice(o.index, 0, o.call);
      else calls.splice(o.index, o.count);
    }
    return calls;
  }
  const list = CallList.from(calls);
  list.apply(ops);
  return list.toArray();
}
