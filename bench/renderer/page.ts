// The renderer benchmark's page (bench/renderer/run.ts drives it). `ours`: the scene game runs in a GameSession on this page
// (the worker's cost: engine + draw list) and GameView draws each frame
// (the renderer's cost: apply + render). `plain`: a plain pixi.js page draws
// the same objects (2,000 sprites from one sheet, `rects` rects, 200 texts)
// with the same motion, as plain Sprites and BitmapTexts. Both time a frame
// until its pixels exist (a one-pixel read-back: WebGL and 2D canvases both
// defer drawing). `both` (what run.ts uses) holds the two side by side and
// alternates them frame by frame (ours first on even frames, plain first on
// odd ones), so both see the same load on a shared machine; it reports the
// median of the per-frame ratios too. Results go to window.__result.
import { Application, BitmapFontManager, BitmapText, Rectangle, Sprite, Texture, TextureSource } from 'pixi.js';
import { visitDrawList } from '../../src/host/drawlist';
import { GameSession } from '../../src/host/session';
import { GameView } from '../../src/renderer/game-view';

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'ours';
const frames = Number(params.get('frames') ?? 20);
const preference = (params.get('renderer') ?? 'canvas') as 'canvas' | 'webgl';
const rectCount = Number(params.get('rects') ?? 10000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Waits until the frame's pixels exist (WebGL and canvas both defer the drawing): reads one pixel back. */
function sync(canvas: HTMLCanvasElement): void {
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  else canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
}

/** What draws the pixels: Pixi's renderer and, for WebGL, the GL implementation (SwiftShader here). */
function rendererName(pixi: string, canvas: HTMLCanvasElement): string {
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return info ? `${pixi} (${String(gl!.getParameter(info.UNMASKED_RENDERER_WEBGL))})` : pixi;
}

/** One side of the benchmark: draws frame `f` (1, 2, …) and says what it spent. */
interface Side {
  renderer: string;
  frame(f: number): { renderMs: number; applyMs?: number; workerMs?: number };
}

async function ours(stage: HTMLElement): Promise<Side> {
  const view = await GameView.create(stage, preference);
  const wasm = await (await fetch('./scene.wasm')).arrayBuffer();
  const session = await GameSession.create(wasm, { seed: rectCount, engine: 'jit' }); // the scene draws `seed` rects
  view.setScreen(320, 240);
  view.startGame({ abi: 2 });
  const noop = () => {};
  const events = { clear: noop, rect: noop, circle: noop, line: noop, text: noop, triangle: noop, framebuffer: noop, tone: noop, imageCreate: (id: number, w: number, h: number, px: Uint8Array) => view.createImage(id, w, h, px) };
  return {
    renderer: rendererName(view.rendererName, view.canvas),
    frame() {
      const t0 = performance.now();
      const { drawList } = session.step();
      const t1 = performance.now();
      visitDrawList(drawList, events);
      view.apply(drawList);
      const ta = performance.now();
      view.renderNow();
      sync(view.canvas);
      const t2 = performance.now();
      return { workerMs: t1 - t0, renderMs: t2 - t1, applyMs: ta - t1 };
    },
  };
}

async function plain(stage: HTMLElement): Promise<Side> {
  const app = new Application();
  await app.init({ resizeTo: stage, background: 0x101018, antialias: true, preference });
  stage.appendChild(app.canvas);
  app.ticker.stop();
  const canvas = document.createElement('canvas');
  canvas.width = 128;
  canvas.height = 8;
  const ctx = canvas.getContext('2d')!;
  for (let i = 0; i < 16; i++) {
    ctx.fillStyle = `hsl(${i * 22}, 80%, 60%)`;
    ctx.fillRect(i * 8 + 1, 1, 6, 6);
  }
  const source = TextureSource.from(canvas);
  source.scaleMode = 'nearest';
  const cells = Array.from({ length: 16 }, (_, i) => new Texture({ source, frame: new Rectangle(i * 8, 0, 8, 8) }));
  const scale = 3;
  app.stage.scale.set(scale);
  const rects = Array.from({ length: rectCount }, (_, i) => {
    const s = new Sprite(Texture.WHITE);
    s.setSize(4, 4);
    s.tint = i & 0xffffff;
    app.stage.addChild(s);
    return s;
  });
  const sprites = Array.from({ length: 2000 }, (_, i) => {
    const s = new Sprite(cells[i & 15]);
    app.stage.addChild(s);
    return s;
  });
  BitmapFontManager.install({ name: 'PlainMono', style: { fontFamily: 'monospace', fontSize: 48, fill: 0xffffff }, chars: [[' ', '~']] });
  const texts = Array.from({ length: 200 }, () => {
    const t = new BitmapText({ text: 'SCORE 0123', style: { fontFamily: 'PlainMono', fontSize: 48 } });
    t.scale.set(8 / 48);
    app.stage.addChild(t);
    return t;
  });
  return {
    renderer: rendererName(app.renderer.name, app.canvas),
    frame(f) {
      const t0 = performance.now();
      rects.forEach((s, i) => s.position.set((i * 13 + f) % 316, (i * 7) % 236));
      sprites.forEach((s, i) => s.position.set((i * 37 + f) % 312, (i * 11) % 232));
      texts.forEach((t, i) => t.position.set((i * 29) % 280, (i * 17 + f) % 230));
      app.renderer.render(app.stage);
      sync(app.canvas);
      return { renderMs: performance.now() - t0 };
    },
  };
}

/** Runs the sides for `frames` frames (alternating when there are two); the first two are warm-up. */
async function run(): Promise<Record<string, unknown>> {
  const sides: Record<string, Side> = {};
  if (mode !== 'plain') sides.ours = await ours(document.getElementById('stage')!);
  if (mode !== 'ours') sides.plain = await plain(document.getElementById(mode === 'both' ? 'stage2' : 'stage')!);
  const names = Object.keys(sides);
  const times: Record<string, number[]> = { ours: [], plain: [], apply: [], worker: [], ratio: [] };
  for (let f = 1; f <= frames; f++) {
    const order = f % 2 === 0 ? names : [...names].reverse();
    const got: Record<string, number> = {};
    for (const name of order) {
      const t = sides[name].frame(f);
      if (f <= 2) continue;
      got[name] = t.renderMs;
      times[name].push(t.renderMs);
      if (t.applyMs !== undefined) times.apply.push(t.applyMs);
      if (t.workerMs !== undefined) times.worker.push(t.workerMs);
    }
    if (got.ours !== undefined && got.plain !== undefined) times.ratio.push(got.ours / got.plain);
  }
  const result: Record<string, unknown> = { mode, renderer: (sides.ours ?? sides.plain).renderer };
  for (const [key, xs] of Object.entries(times)) if (xs.length) result[key === 'ratio' ? 'ratio' : `${key}Ms`] = median(xs);
  return result;
}

run().then(
  (result) => ((window as unknown as { __result: unknown }).__result = result),
  (error: unknown) => ((window as unknown as { __result: unknown }).__result = { mode, error: String(error) }),
);
