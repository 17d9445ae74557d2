// The cold-start page: for each module, `runs` times, a new worker (worker.ts)
// that loads the runtime, then starts the module; the times go to Node
// (bench/startup-browser/launch.ts). Nothing is measured on this thread but
// the moment each worker is created.
import type { ColdTimes, FromColdWorker, StartupBindings, StartupItem } from './protocol';

const bindings = window as unknown as Window & StartupBindings;

function coldStart(bytes: Uint8Array, game: boolean, warm: boolean, frames: number): Promise<ColdTimes> {
  return new Promise((resolve, reject) => {
    const created = performance.timeOrigin + performance.now();
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: warm ? 'warm' : 'cold' });
    let spawn = 0, load = 0, warmed = -1;
    const end = (): void => worker.terminate();
    worker.onerror = (event) => {
      event.preventDefault();
      end();
      reject(new Error(`worker: ${event.message || 'failed to load (see the console)'}`));
    };
    worker.onmessage = (event: MessageEvent<FromColdWorker>) => {
      const m = event.data;
      if (m.type === 'ready') {
        spawn = m.at - created;
        load = m.load;
        warmed = m.warm;
        const copy = bytes.slice();
        worker.postMessage({ bytes: copy, game, frames }, [copy.buffer]);
      } else {
        end();
        if (m.type === 'done') resolve({ spawn, load, warm: warmed, inst: m.inst, first: m.first, worst: m.worst, dropped: m.dropped });
        else reject(new Error(m.message));
      }
    };
  });
}

async function startItem(item: StartupItem, runs: number, warm: boolean, frames: number): Promise<ColdTimes[]> {
  const response = await fetch(item.url);
  if (!response.ok) throw new Error(`${item.url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const times: ColdTimes[] = [];
  for (let r = 0; r < runs; r++) times.push(await coldStart(bytes, item.game, warm, frames));
  return times;
}

try {
  const plan = await bindings.startupPlan();
  for (const item of plan.items) {
    try {
      await bindings.startupReport({ type: 'row', name: item.name, runs: await startItem(item, plan.runs, plan.warm, plan.frames) });
    } catch (e) {
      await bindings.startupReport({ type: 'failed', name: item.name, message: e instanceof Error ? e.message : String(e) });
    }
  }
  await bindings.startupReport({ type: 'done' });
} catch (e) {
  await bindings.startupReport({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
