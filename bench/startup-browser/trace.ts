// `npm run bench:startup -- --browser --trace FILE`: what each slow step of a
// cold game was made of, read from Chromium's trace. The worker marks its
// create and every step longer than a 60 Hz frame with performance.measure
// (worker.ts); the trace has, on the same thread, V8's own work as complete
// events (collections and the wait for their safepoint, parsing and compiling,
// finishing optimised code, deoptimising) and the CPU profiler's samples of
// the JavaScript that ran. For each measured span this sums V8's events by
// name, counting only the time not inside another event of the same thread
// (self time), and the samples by function, and names the largest of each.
// The file it writes is Chrome's trace format: load it in Perfetto or
// DevTools to see the rest.

/** The trace event fields read here (Chrome's trace event format). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string; global?: string };
  args?: Record<string, unknown>;
}

/** Events that only wrap other work (the task that runs a timer, the call into JS): their self time is JavaScript's, which the samples name better. */
const WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'TimerFire', 'v8.callFunction', 'RunMicrotasks', 'FunctionCall', 'v8.run', 'EvaluateScript', 'v8.evaluateModule', 'HandlePostMessage', 'EventDispatch']);

export interface SpanSummary {
  /** Where it ran: "pid:tid". */
  thread: string;
  /** The measure's name (create, step N). */
  name: string;
  ms: number;
  /** V8's work in it, self ms by event name, largest first. */
  v8: [string, number][];
  /** JavaScript that ran in it, self ms by function (the profiler's samples), largest first. */
  js: [string, number][];
  /** ms with neither an event of V8's nor a sample: the thread was not running (a loaded machine), or the profiler missed it. */
  rest: number;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName?: string; url?: string; lineNumber?: number; codeType?: string };
}

/** Samples per thread: [time µs, label][], in time order. */
function samplesByThread(events: readonly TraceEvent[]): Map<string, [number, string][]> {
  const profiles = new Map<string, { thread: string; time: number; nodes: Map<number, ProfileNode>; out: [number, string][] }>();
  const byThread = new Map<string, [number, string][]>();
  for (const e of events) {
    if (e.ph !== 'P' || (e.name !== 'Profile' && e.name !== 'ProfileChunk')) continue;
    const key = `${e.pid}:${e.id ?? ''}`;
    const data = (e.args?.data ?? {}) as { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
    if (e.name === 'Profile') {
      const thread = `${e.pid}:${e.tid}`;
      const out = byThread.get(thread) ?? [];
      byThread.set(thread, out);
      profiles.set(key, { thread, time: data.startTime ?? e.ts, nodes: new Map(), out });
      continue;
    }
    const p = profiles.get(key);
    if (!p) continue;
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      p.time += deltas[i] ?? 0;
      const n = p.nodes.get(samples[i]!);
      p.out.push([p.time, n ? label(n) : '(unknown)']);
    }
  }
  for (const out of byThread.values()) out.sort((a, b) => a[0] - b[0]);
  return byThread;
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const file = f.url.split('/').pop()!.split('?')[0];
  return `${name} (${file}:${(f.lineNumber ?? 0) + 1})`;
}

/** Self time of each complete event on a thread, by nesting: [start, end, name, self µs][]. */
function selfTimes(events: readonly TraceEvent[]): Map<string, [number, number, string, number][]> {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !(e.dur! > 0)) continue;
    const k = `${e.pid}:${e.tid}`;
    let list = byThread.get(k);
    if (!list) byThread.set(k, (list = []));
    list.push(e);
  }
  const out = new Map<string, [number, number, string, number][]>();
  for (const [k, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const rows: [number, number, string, number][] = [];
    const stack: [number, number, string, number][] = [];
    for (const e of list) {
      const row: [number, number, string, number] = [e.ts, e.ts + e.dur!, e.name, e.dur!];
      while (stack.length && stack[stack.length - 1]![1] <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      // (a child's time is not its parent's; a child that outlives its parent is cut at the parent's end)
      if (parent) parent[3] -= Math.min(row[1], parent[1]) - row[0];
      stack.push(row);
      rows.push(row);
    }
    out.set(k, rows);
  }
  return out;
}

/** The spans the worker measured (create, step N: async begin/end pairs of blink.user_timing), with what ran in each. */
export function summarizeTrace(events: readonly TraceEvent[]): SpanSummary[] {
  const begins = new Map<string, TraceEvent>();
  const spans: { thread: string; name: string; start: number; end: number }[] = [];
  for (const e of events) {
    if (!e.cat?.includes('blink.user_timing') || (e.ph !== 'b' && e.ph !== 'e')) continue;
    const key = `${e.pid}:${e.tid}:${e.id2?.local ?? e.id2?.global ?? e.id ?? ''}:${e.name}`;
    if (e.ph === 'b') begins.set(key, e);
    else {
      const b = begins.get(key);
      if (b) spans.push({ thread: `${e.pid}:${e.tid}`, name: e.name, start: b.ts, end: e.ts });
      begins.delete(key);
    }
  }
  const self = selfTimes(events);
  const samples = samplesByThread(events);
  return spans.map((s) => {
    const v8 = new Map<string, number>();
    for (const [start, end, name, us] of self.get(s.thread) ?? []) {
      if (end <= s.start || start >= s.end || WRAPPERS.has(name) || us <= 0) continue;
      // the part of its self time inside the span, taken as spread evenly over the event
      const inside = (Math.min(end, s.end) - Math.max(start, s.start)) / (end - start);
      v8.set(name, (v8.get(name) ?? 0) + (us * inside) / 1000);
    }
    const js = new Map<string, number>();
    const list = samples.get(s.thread) ?? [];
    for (let i = 0; i < list.length; i++) {
      const [t, name] = list[i]!;
      if (t < s.start || t >= s.end) continue;
      // a sample stands for the time to the next one (at most 10 ms: a gap is not this function's)
      const next = list[i + 1]?.[0] ?? t;
      js.set(name, (js.get(name) ?? 0) + Math.min(next - t, 10_000) / 1000);
    }
    const largest = (m: Map<string, number>): [string, number][] => [...m].filter(([, ms]) => ms >= 0.05).sort((a, b) => b[1] - a[1]);
    const ms = (s.end - s.start) / 1000;
    let seen = 0;
    for (const m of [v8, js]) for (const x of m.values()) seen += x;
    return { thread: s.thread, name: s.name, ms, v8: largest(v8), js: largest(js), rest: Math.max(0, ms - seen) };
  });
}

/** One line per span: its time, then the largest of V8's work and of the JavaScript in it. */
export function formatSpan(s: SpanSummary, top = 5): string {
  const list = (xs: [string, number][]): string => xs.slice(0, top).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ') || '—';
  return `${s.name}: ${s.ms.toFixed(1)} ms. V8: ${list(s.v8)}. JS: ${list(s.js)}. Neither: ${s.rest.toFixed(1)}`;
}
