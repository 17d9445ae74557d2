// Batched solid quads for GameView: a run of consecutive filled rectangles
// and lines in a draw list becomes ONE Pixi object drawn in one go, instead
// of one tinted Sprite each.
//
// - WebGL: one Mesh whose geometry (positions + a colour per vertex) is
//   rewritten in place every frame, drawn with a shader that samples no
//   texture: one draw call, no per-object scene-graph work, and far less
//   work per pixel than Pixi's sprite batch shader (which picks among up to
//   16 textures for every pixel).
// - Canvas: one RenderContainer that fills the quads with fillRect (or a
//   path when rotated) in a solid colour, where Pixi's Canvas renderer would
//   draw a tinted copy of Texture.WHITE per sprite (a cached canvas per colour).
//
// Pixels are the sprite path's: the same corners (the current transform
// composed on the CPU, as Pixi does for sprites), the colour and alpha
// quantised as Pixi packs a sprite's tint and alpha, premultiplied the same
// way in the shader. WebGPU has no batch here (null): the view keeps sprites.
import { Buffer, BufferUsage, Container, Geometry, Mesh, RenderContainer, Shader } from 'pixi.js';
import type { MeshGeometry, Renderer } from 'pixi.js';

/** A run of solid quads drawn as one object (in the layer's coordinates). */
export interface QuadBatch {
  readonly view: Container;
  /** Starts an empty run. */
  begin(): void;
  /** Adds the quad (x0,y0) (x1,y1) (x2,y2) (x3,y3) (in order around it) in straight-alpha `rgba`. */
  quad(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void;
  /** Hands the run to the renderer (after the last quad of the run). */
  end(): void;
  /** How many quads the run holds. */
  readonly count: number;
  destroy(): void;
}

/** Makes the batches for `renderer`, or null where there is no batched path (WebGPU). */
export function quadBatchFactory(renderer: Renderer): (() => QuadBatch) | null {
  if (renderer.name === 'webgl') return () => new MeshQuadBatch();
  if (renderer.name === 'canvas') return () => new CanvasQuadBatch();
  return null;
}

/** Writes a quad's 8 corner coordinates at `o`. */
export function storeQuad(to: Float32Array | Float64Array, o: number, x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void {
  to[o] = x0;
  to[o + 1] = y0;
  to[o + 2] = x1;
  to[o + 3] = y1;
  to[o + 4] = x2;
  to[o + 5] = y2;
  to[o + 6] = x3;
  to[o + 7] = y3;
}

/**
 * The alpha byte Pixi's sprite path ends up with for `alpha = byte / 255`
 * (it packs `alpha * 255 | 0`, which can land one below).
 */
export function spriteAlphaByte(byte: number): number {
  return ((byte / 255) * 255) | 0;
}

const VERTEX = /* glsl */ `
in vec2 aPosition;
in vec4 aColor;
out vec4 vColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform vec4 uWorldColorAlpha;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
void main(void) {
  mat3 mvp = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((mvp * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vColor = vec4(aColor.rgb * aColor.a, aColor.a) * uColor * uWorldColorAlpha;
}
`;

const FRAGMENT = /* glsl */ `
in vec4 vColor;
out vec4 finalColor;
void main(void) {
  finalColor = vColor;
}
`;

let sharedShader: Shader | undefined;
const solidShader = () => (sharedShader ??= Shader.from({ gl: { vertex: VERTEX, fragment: FRAGMENT, name: 'arcade-solid-quads' }, resources: {} }));

/** Two triangles per quad: 0 1 2, 0 2 3. */
function quadIndices(capacity: number): Uint32Array {
  const indices = new Uint32Array(capacity * 6);
  for (let q = 0, v = 0, i = 0; q < capacity; q++, v += 4, i += 6) {
    indices[i] = v;
    indices[i + 1] = v + 1;
    indices[i + 2] = v + 2;
    indices[i + 3] = v;
    indices[i + 4] = v + 2;
    indices[i + 5] = v + 3;
  }
  return indices;
}

class MeshQuadBatch implements QuadBatch {
  readonly view: Mesh<MeshGeometry, Shader>;
  count = 0;
  private capacity = 0;
  private positions = new Float32Array(0);
  private colors = new Uint32Array(0);
  private readonly positionBuffer: Buffer;
  private readonly colorBuffer: Buffer;
  private readonly indexBuffer: Buffer;
  private readonly geometry: Geometry;

  constructor() {
    const usage = BufferUsage.VERTEX | BufferUsage.COPY_DST;
    this.positionBuffer = new Buffer({ data: this.positions, usage, shrinkToFit: false });
    this.colorBuffer = new Buffer({ data: this.colors, usage, shrinkToFit: false });
    this.indexBuffer = new Buffer({ data: new Uint32Array(0), usage: BufferUsage.INDEX | BufferUsage.COPY_DST });
    this.geometry = new Geometry({
      attributes: {
        aPosition: { buffer: this.positionBuffer, format: 'float32x2' },
        aColor: { buffer: this.colorBuffer, format: 'unorm8x4' },
      },
      indexBuffer: this.indexBuffer,
    });
    this.grow(256);
    // A Mesh with its own shader is drawn as it is (never merged into Pixi's sprite batches).
    this.view = new Mesh({ geometry: this.geometry as unknown as MeshGeometry, shader: solidShader() });
  }

  private grow(capacity: number): void {
    const positions = new Float32Array(capacity * 8);
    positions.set(this.positions.subarray(0, this.count * 8));
    const colors = new Uint32Array(capacity * 4);
    colors.set(this.colors.subarray(0, this.count * 4));
    this.positions = positions;
    this.colors = colors;
    this.capacity = capacity;
    this.positionBuffer.data = positions;
    this.colorBuffer.data = colors;
    this.indexBuffer.data = quadIndices(capacity);
  }

  begin(): void {
    this.count = 0;
  }

  quad(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    storeQuad(this.positions, this.count * 8, x0, y0, x1, y1, x2, y2, x3, y3);
    // unorm8x4 reads the bytes R, G, B, A: little-endian, that is A<<24 | B<<16 | G<<8 | R
    const abgr = ((spriteAlphaByte(rgba & 0xff) << 24) | (((rgba >>> 8) & 0xff) << 16) | (((rgba >>> 16) & 0xff) << 8) | (rgba >>> 24)) >>> 0;
    const c = this.count * 4;
    this.colors.fill(abgr, c, c + 4);
    this.count++;
  }

  end(): void {
    this.positionBuffer.update(this.count * 8 * 4);
    this.colorBuffer.update(this.count * 4 * 4);
    this.geometry.indexCount = this.count * 6;
  }

  destroy(): void {
    this.view.destroy();
    this.geometry.destroy(true);
  }
}

/** CSS colours of the last colours used (a bounded cache: a frame may use thousands). */
const CSS_CACHE_LIMIT = 4096;
const cssColors = new Map<number, string>();
function cssColor(rgb: number): string {
  let css = cssColors.get(rgb);
  if (css === undefined) {
    if (cssColors.size >= CSS_CACHE_LIMIT) cssColors.clear();
    css = `#${rgb.toString(16).padStart(6, '0')}`;
    cssColors.set(rgb, css);
  }
  return css;
}

class CanvasQuadBatch implements QuadBatch {
  readonly view: RenderContainer;
  count = 0;
  private points = new Float64Array(8 * 256);
  private colors = new Uint32Array(256);

  constructor() {
    this.view = new RenderContainer({ render: (renderer) => this.draw(renderer) });
  }

  begin(): void {
    this.count = 0;
  }

  quad(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, rgba: number): void {
    if (this.count === this.colors.length) {
      const points = new Float64Array(this.points.length * 2);
      points.set(this.points);
      const colors = new Uint32Array(this.colors.length * 2);
      colors.set(this.colors);
      this.points = points;
      this.colors = colors;
    }
    storeQuad(this.points, this.count * 8, x0, y0, x1, y1, x2, y2, x3, y3);
    this.colors[this.count] = ((rgba & 0xffffff00) | spriteAlphaByte(rgba & 0xff)) >>> 0;
    this.count++;
  }

  end(): void {}

  private draw(renderer: Renderer): void {
    const system = (renderer as unknown as { canvasContext: CanvasContextLike }).canvasContext;
    const ctx = system.activeContext;
    system.setContextTransform(this.view.groupTransform, false);
    system.setBlendMode('normal');
    // Pixi's Canvas renderer draws text glyphs with whatever image smoothing
    // the last sprite left on; a sprite of Texture.WHITE (what a rect was)
    // leaves it on, so the batch does too and text after it looks the same.
    (ctx as unknown as Record<string, boolean>)[system.smoothProperty] = true;
    const groupAlpha = (this.view.groupColorAlpha >>> 24) / 255;
    const p = this.points;
    let fill = -1;
    let alpha = -1;
    for (let q = 0, o = 0; q < this.count; q++, o += 8) {
      const rgba = this.colors[q];
      const rgb = rgba >>> 8;
      if (rgb !== fill) {
        ctx.fillStyle = cssColor(rgb);
        fill = rgb;
      }
      const a = rgba & 0xff;
      if (a !== alpha) {
        ctx.globalAlpha = (a / 255) * groupAlpha;
        alpha = a;
      }
      // axis-aligned (corners in order around it): a rectangle
      if (p[o + 1] === p[o + 3] && p[o + 2] === p[o + 4] && p[o + 5] === p[o + 7] && p[o + 6] === p[o]) {
        ctx.fillRect(p[o], p[o + 1], p[o + 2] - p[o], p[o + 5] - p[o + 1]);
      } else {
        ctx.beginPath();
        ctx.moveTo(p[o], p[o + 1]);
        ctx.lineTo(p[o + 2], p[o + 3]);
        ctx.lineTo(p[o + 4], p[o + 5]);
        ctx.lineTo(p[o + 6], p[o + 7]);
        ctx.closePath();
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }

  destroy(): void {
    this.view.destroy();
  }
}

/** The parts of Pixi's CanvasContextSystem used here. */
interface CanvasContextLike {
  readonly activeContext: CanvasRenderingContext2D;
  setContextTransform(transform: unknown, roundPixels: boolean): void;
  setBlendMode(mode: string): void;
  readonly smoothProperty: string;
}
