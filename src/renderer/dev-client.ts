// The page's half of `arcade dev` (src/node/dev-loop.ts): loads the game the
// dev server built, listens to its server-sent events, reloads every new
// build with the same seed, and shows a failed build's errors over the game —
// which keeps running the last good build.
import type { ArcadeApp } from './app';

export interface DevStatus {
  /** Build the page runs (the server's counter). */
  version: number;
  /** Reloads done since the page opened. */
  reloads: number;
  buildError: string | null;
  /** What the last reload did, for people and tests. */
  last: string;
  /** Hot swaps that kept the game's memory. */
  hotSwaps: number;
}

const STYLE = `
.dev-badge { position: absolute; right: 8px; top: 8px; z-index: 30; font: 12px/1.4 ui-monospace, monospace; color: #9fe0b0; background: #0d1a12cc; border: 1px solid #2d5a3a; border-radius: 4px; padding: 2px 8px; pointer-events: none; }
.dev-badge.error { color: #ffb4b4; background: #2a0d0dcc; border-color: #803030; }
.dev-error { position: absolute; left: 8px; right: 8px; bottom: 8px; max-height: 60%; overflow: auto; z-index: 31; margin: 0; padding: 10px 12px; font: 12px/1.45 ui-monospace, monospace; color: #ffd8d8; background: #1c0a0ae8; border: 1px solid #a04040; border-radius: 6px; white-space: pre-wrap; }
.dev-error[hidden] { display: none; }
.dev-error strong { color: #ff8080; display: block; margin-bottom: 6px; }
.dev-note { position: absolute; left: 50%; top: 8px; transform: translateX(-50%); max-width: 80%; z-index: 30; font: 12px/1.4 ui-monospace, monospace; color: #e8e0b0; background: #1c1a0ce8; border: 1px solid #6a6030; border-radius: 4px; padding: 4px 10px; }
.dev-note[hidden] { display: none; }
`;

async function fetchGame(): Promise<ArrayBuffer> {
  const response = await fetch('/__arcade/game.wasm', { cache: 'no-store' });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.arrayBuffer();
}

export async function startDevClient(app: ArcadeApp): Promise<void> {
  const stage = document.getElementById('stage') ?? document.body;
  document.head.append(Object.assign(document.createElement('style'), { textContent: STYLE }));
  const badge = Object.assign(document.createElement('div'), { className: 'dev-badge', textContent: 'dev' });
  const error = Object.assign(document.createElement('pre'), { className: 'dev-error', hidden: true });
  stage.append(badge, error);
  const status: DevStatus = { version: 0, reloads: 0, buildError: null, last: '', hotSwaps: 0 };
  const note = Object.assign(document.createElement('div'), { className: 'dev-note', hidden: true });
  stage.append(note);
  let noteTimer: ReturnType<typeof setTimeout> | undefined;
  const say = (text: string) => {
    note.textContent = text;
    note.hidden = false;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => (note.hidden = true), 8000);
  };
  let hot = false;
  (window as unknown as { __arcadeDev: DevStatus }).__arcadeDev = status;
  let name = 'game';

  const showError = (message: string | null) => {
    status.buildError = message;
    error.hidden = message === null;
    badge.classList.toggle('error', message !== null);
    if (message !== null) {
      error.replaceChildren(Object.assign(document.createElement('strong'), { textContent: 'Build failed — still running the last good build' }), message);
      badge.textContent = `dev · build ${status.version} · build failed`;
    } else badge.textContent = `dev · build ${status.version}`;
  };

  const load = async (version: number, reload: boolean) => {
    const bytes = await fetchGame();
    status.version = version;
    if (reload) status.reloads++;
    showError(null);
    if (reload && hot) {
      const r = await app.hotSwap(bytes);
      if (r.swapped) {
        status.hotSwaps++;
        status.last = `build ${version}: ${r.message}`;
        say(`build ${version}: ${r.message}`);
        return;
      }
      // Say why, then do what a plain reload does.
      status.last = `build ${version}: ${r.message}; restarted with the same seed`;
      say(status.last);
    }
    app.loadBytes(bytes, name.replace(/\.wasm$/, ''), { keepSeed: reload });
    if (!(reload && hot)) status.last = reload ? `reloaded build ${version} with seed ${app.seed}` : `loaded build ${version}`;
  };

  const events = new EventSource('/__arcade/events');
  events.addEventListener('hello', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as { version: number; name: string; hot: boolean; error?: string };
    name = data.name;
    hot = data.hot;
    // A reconnect after the server restarted: load whatever it has now.
    if (data.version > 0 && data.version !== status.version) void load(data.version, status.version > 0);
    if (data.error) showError(data.error);
  });
  events.addEventListener('reload', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as { version: number };
    void load(data.version, true).catch((err: unknown) => showError(`could not fetch the new build: ${String(err)}`));
  });
  events.addEventListener('build-error', (e) => showError((JSON.parse((e as MessageEvent<string>).data) as { message: string }).message));
  events.addEventListener('build-ok', () => showError(null));
  events.addEventListener('error', () => {
    badge.textContent = 'dev · server gone (stopped?)';
    badge.classList.add('error');
  });
}
