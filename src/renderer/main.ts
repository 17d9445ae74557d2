// Renderer entry, shared by the Electron window and the web build: picks the
// channel to the game worker for the environment it finds itself in, creates
// the Pixi view and hands both to the app.
import type { EngineName } from '../host/protocol';
import { ArcadeApp, type BundledGame } from './app';
import { electronBridge } from './bridge';
import { ElectronChannel, WorkerChannel, type GameChannel } from './channel';
import { GameView } from './game-view';
import { ReplayPanel } from './replay-panel';
import { createGameWorker } from './web/worker-factory';
import { GameLibrary } from './library';

/** The single-file player (vite.player.config.ts, arcade bundle): one game, everything inline. */
const PLAYER = import.meta.env.MODE === 'player';

/** Bundled games: games/<id>/<id>.wasm, found at build time (none is fine; none in the player). */
const bundled: Record<string, string> = PLAYER ? {} : import.meta.glob<string>('../../games/*/*.wasm', { query: '?url', import: 'default', eager: true });

function bundledGames(): BundledGame[] {
  const games: BundledGame[] = [];
  for (const [path, url] of Object.entries(bundled)) {
    const match = /games\/([^/]+)\/([^/]+)\.wasm$/.exec(path);
    if (!match || match[1] !== match[2]) continue;
    const id = match[1];
    games.push({ id, name: id.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()), url });
  }
  return games.sort((a, b) => a.name.localeCompare(b.name));
}

function createChannel(): GameChannel {
  const bridge = electronBridge();
  if (bridge) return new ElectronChannel(bridge);
  return new WorkerChannel(createGameWorker);
}

/** The game a bundle carries: inline (base64, arcade bundle --html) or a file beside the page (--dir). */
async function bundledGame(): Promise<{ bytes: ArrayBuffer; name: string } | undefined> {
  const inline = document.getElementById('arcade-game');
  const name = inline?.dataset['name'] ?? 'game';
  if (inline?.textContent) {
    const binary = atob(inline.textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { bytes: bytes.buffer, name };
  }
  const file = document.querySelector<HTMLMetaElement>('meta[name="arcade-game"]')?.content;
  if (!file) return undefined;
  const response = await fetch(file);
  if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
  return { bytes: await response.arrayBuffer(), name: file.replace(/\.wasm$/, '') };
}

/**
 * Pixi's WebGL renderer on a software GL (SwiftShader, llvmpipe: no GPU, or
 * a headless browser) manages a few frames per second; its Canvas 2D
 * renderer keeps 60. Choose by what the GL reports.
 */
function rendererPreference(): 'webgl' | 'canvas' {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return 'canvas';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name) ? 'canvas' : 'webgl';
}

async function main(): Promise<void> {
  // The game worker (on the desktop, the game host) starts first: it loads and
  // warms the engine (src/runtime/warm.ts) while the page sets up its
  // renderer and opens the library, not after.
  const channel = createChannel();
  const params = new URLSearchParams(location.search);
  const seedParam = params.get('seed');
  const engineParam = params.get('engine');
  const stage = document.getElementById('stage');
  if (!stage) throw new Error('missing #stage');
  const rendererParam = params.get('renderer');
  const view = await GameView.create(stage, rendererParam === 'canvas' || rendererParam === 'webgl' || rendererParam === 'webgpu' ? rendererParam : rendererPreference());
  const replay = new ReplayPanel(channel);
  const library = PLAYER ? undefined : await GameLibrary.open();
  const app = new ArcadeApp(replay.channel, view, bundledGames(), {
    ...(library ? { library } : {}),
    ...(seedParam !== null && /^\d+$/.test(seedParam) ? { seed: Number(seedParam) >>> 0 } : {}),
    ...(engineParam === 'interp' || engineParam === 'jit' ? { engine: engineParam as EngineName } : {}),
  });
  replay.attach({ state: () => (window as unknown as { __arcade: { state: string } }).__arcade.state, togglePause: () => app.togglePause() });
  (window as unknown as { __arcadeReplay: ReplayPanel }).__arcadeReplay = replay;
  if (PLAYER) {
    const game = await bundledGame();
    if (game) {
      app.loadBytes(game.bytes, game.name);
      return;
    }
  }
  if (params.has('dev')) {
    // Served by `arcade dev`: its game, reloaded on every rebuild.
    const { startDevClient } = await import('./dev-client');
    await startDevClient(app);
    return;
  }
  const src = params.get('src');
  if (src !== null) {
    // `arcade play`: a game file served beside the app (read from disk on every request, so Restart picks up a rebuild).
    await app.loadUrl({ id: '', name: (params.get('name') ?? src.split('/').pop() ?? 'game').replace(/\.wasm$/i, ''), url: src });
    return;
  }
  await app.start(params.get('game') ?? undefined);
}

main().catch((error: unknown) => {
  console.error(error);
  const pre = document.createElement('pre');
  pre.className = 'fatal';
  pre.textContent = `Wasm Arcade could not start:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  document.body.append(pre);
});
