// The web build's game channel (src/renderer/channel.ts): it starts its
// worker before the app listens (src/renderer/main.ts), so a crash reported
// before then reaches the first listener; a replaced worker's late events do
// not count.
import { describe, expect, it } from 'vitest';
import { WorkerChannel } from '../../src/renderer/channel';

/** Just what WorkerChannel uses of a Worker. */
class FakeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} });
  }
}

function channel() {
  const workers: FakeWorker[] = [];
  const c = new WorkerChannel(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { c, workers };
}

describe('WorkerChannel', () => {
  it('keeps a crash that came before anyone listened for the first listener, once', () => {
    const { c, workers } = channel();
    workers[0]!.fail('script error at load');
    workers[0]!.fail('a second one');
    const seen: string[] = [];
    c.onCrash((m) => seen.push(m));
    expect(seen).toEqual(['The game worker failed: script error at load']);
    c.onCrash((m) => seen.push(`again: ${m}`));
    expect(seen).toHaveLength(1);
    workers[0]!.fail('later');
    expect(seen).toEqual(['The game worker failed: script error at load', 'again: The game worker failed: later']);
  });

  it('reports nothing from a worker it has replaced, and talks to the new one', () => {
    const { c, workers } = channel();
    const seen: string[] = [];
    const messages: unknown[] = [];
    c.onCrash((m) => seen.push(m));
    c.onMessage((m) => messages.push(m));
    c.reset();
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    workers[0]!.fail('too late');
    workers[0]!.onmessage?.({ data: { type: 'log', frame: 1, message: 'old' } });
    expect(seen).toEqual([]);
    expect(messages).toEqual([]);
    workers[1]!.onmessage?.({ data: { type: 'log', frame: 1, message: 'new' } });
    expect(messages).toEqual([{ type: 'log', frame: 1, message: 'new' }]);
    c.post({ type: 'pause' });
    expect(workers[1]!.posted).toEqual([{ type: 'pause' }]);
  });
});
