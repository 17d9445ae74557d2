// `arcade dev`: build the game, serve the web app with it on 127.0.0.1,
// watch the sources, rebuild on every change and tell the page (server-sent
// events) to reload the new build — or to show the build's errors over the
// last good build, which keeps running.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import type { ServerResponse } from 'node:http';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { sameBytes } from '../host/hot';
import { FileError, readGame } from './files';
import { serveStatic, type StaticServer } from './static-server';

export interface DevProject {
  /** The project folder (builds run here). */
  readonly dir: string;
  /** The built game, absolute. */
  readonly game: string;
  /** Shell command that builds it; none when serving a .wasm file directly. */
  readonly build?: string;
  /** Files and folders whose changes trigger a rebuild (absolute). */
  readonly watch: readonly string[];
}

/**
 * What to run: a folder with a package.json `arcade` field ({ game, build,
 * watch }, as `arcade new` writes), or a .wasm file (rebuilt by something
 * else; reloaded whenever it changes).
 */
export function findDevProject(target: string): DevProject {
  const abs = resolve(target);
  if (!existsSync(abs)) throw new FileError(`${target}: no such file or folder`);
  if (statSync(abs).isFile()) {
    if (!abs.endsWith('.wasm')) throw new FileError(`${target}: expected a project folder or a .wasm file`);
    return { dir: dirname(abs), game: abs, watch: [abs] };
  }
  const pkgFile = join(abs, 'package.json');
  const hint = `give it a package.json with "arcade": { "game": "<path to .wasm>", "build": "<command>", "watch": ["src"] } (arcade new writes one), or run arcade dev <game.wasm>`;
  if (!existsSync(pkgFile)) throw new FileError(`${target}: no package.json here; ${hint}`);
  let arcade: { game?: unknown; build?: unknown; watch?: unknown } | undefined;
  try {
    arcade = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { arcade?: typeof arcade }).arcade;
  } catch (err) {
    throw new FileError(`${pkgFile}: not valid JSON (${(err as Error).message})`);
  }
  if (!arcade || typeof arcade.game !== 'string') throw new FileError(`${pkgFile}: no "arcade.game" field; ${hint}`);
  if (arcade.build !== undefined && typeof arcade.build !== 'string') throw new FileError(`${pkgFile}: "arcade.build" must be a command (a string)`);
  const watchList = Array.isArray(arcade.watch) ? arcade.watch.filter((w): w is string => typeof w === 'string') : ['src'];
  return { dir: abs, game: resolve(abs, arcade.game), build: arcade.build as string | undefined, watch: watchList.map((w) => resolve(abs, w)) };
}

export interface DevOptions {
  readonly project: DevProject;
  /** The built web app to serve. */
  readonly webApp: string;
  readonly port?: number;
  /** Swap code keeping memory where the layout allows (the page decides and says so). */
  readonly hot?: boolean;
  readonly log?: (line: string) => void;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly seconds: number;
  readonly output: string;
}

/** Paths whose changes never trigger a rebuild: build outputs and tools' folders. */
const IGNORED = /(^|[\\/])(target|node_modules|\.git|dist|out)([\\/]|$)|\.(o|partial|wasm|rec|rec\.gz|png)$|~$/;

export class DevLoop {
  private server: StaticServer | undefined;
  private watcher: FSWatcher | undefined;
  private ready: Promise<void> = Promise.resolve();
  private clients = new Set<ServerResponse>();
  private bytes: Uint8Array | undefined;
  private buildError: string | undefined;
  private version = 0;
  private building: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly log: (line: string) => void;
  /** Builds run so far (for tests). */
  builds = 0;

  constructor(private readonly options: DevOptions) {
    this.log = options.log ?? ((l) => console.log(l));
  }

  get url(): string {
    if (!this.server) throw new Error('not started');
    return `${this.server.url}/?dev=1`;
  }

  async start(): Promise<string> {
    const { project } = this.options;
    await this.rebuild('start');
    this.server = await serveStatic(
      this.options.webApp,
      [
        (req, res) => {
          const path = new URL(req.url ?? '/', 'http://x').pathname;
          if (path === '/__arcade/game.wasm') {
            if (!this.bytes) res.writeHead(503, { 'content-type': 'text/plain' }).end(this.buildError ?? 'no build yet');
            else res.writeHead(200, { 'content-type': 'application/wasm', 'cache-control': 'no-store', 'x-arcade-version': String(this.version) }).end(this.bytes);
            return true;
          }
          if (path === '/__arcade/events') {
            res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
            this.clients.add(res);
            req.on('close', () => this.clients.delete(res));
            this.send(res, 'hello', { version: this.version, name: basename(project.game), hot: this.options.hot === true, ...(this.buildError ? { error: this.buildError } : {}) });
            return true;
          }
          return false;
        },
      ],
      this.options.port ?? 0,
    );
    this.watchSources();
    await this.ready;
    return this.url;
  }

  /** chokidar, not fs.watch: Node 20's recursive fs.watch on Linux loses files that editors and tools replace (write a temp file, rename it over). */
  private watchSources(): void {
    const { project } = this.options;
    for (const target of project.watch) if (!existsSync(target)) this.log(`[dev] not watching ${relative(project.dir, target) || target}: it does not exist`);
    const watcher = chokidarWatch(
      project.watch.filter((t) => existsSync(t)),
      {
        ignoreInitial: true,
        // The game file itself is watched only when it is the target (arcade dev game.wasm).
        ignored: (path: string) => path !== project.game && IGNORED.test(relative(project.dir, path)),
      },
    );
    watcher.on('all', (_event, path) => this.schedule(relative(project.dir, path) || path));
    this.watcher = watcher;
    this.ready = new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  private schedule(what: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(what), 120);
  }

  /** Builds (if there is a build command) and, when the game's bytes changed, tells the page to reload. */
  rebuild(reason: string): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      do {
        this.again = false;
        await this.buildOnce(reason);
        reason = 'changes during the last build';
      } while (this.again);
    })().finally(() => (this.building = undefined));
    return this.building;
  }

  private async buildOnce(reason: string): Promise<void> {
    const { project } = this.options;
    this.builds++;
    const name = relative(project.dir, project.game);
    if (project.build) {
      this.log(`[dev] ${reason === 'start' ? 'building' : `${reason} changed: rebuilding`} (${project.build})`);
      const r = await runBuild(project.build, project.dir);
      if (!r.ok) {
        this.buildError = r.output.trim() || `${project.build} failed`;
        this.log(`[dev] build FAILED in ${r.seconds.toFixed(2)} s; the last good build keeps running:\n${indent(this.buildError)}`);
        this.broadcast('build-error', { message: this.buildError, seconds: r.seconds });
        return;
      }
      this.log(`[dev] built ${name} in ${r.seconds.toFixed(2)} s`);
    } else if (reason !== 'start') this.log(`[dev] ${name} changed`);
    let bytes: Uint8Array;
    try {
      bytes = readGame(project.game);
    } catch (err) {
      this.buildError = `${(err as Error).message}${project.build ? ` (after ${project.build})` : ''}`;
      this.log(`[dev] ${this.buildError}`);
      this.broadcast('build-error', { message: this.buildError });
      return;
    }
    this.buildError = undefined;
    if (this.bytes && sameBytes(this.bytes, bytes)) {
      this.log('[dev] the game is unchanged (same bytes): not reloading');
      this.broadcast('build-ok', { version: this.version });
      return;
    }
    this.bytes = bytes;
    this.version++;
    if (reason !== 'start') this.log(`[dev] reloading the page's game (build ${this.version}, ${(bytes.length / 1024).toFixed(1)} KiB)${this.options.hot ? ', hot' : ''}`);
    this.broadcast('reload', { version: this.version, hot: this.options.hot === true });
  }

  private send(res: ServerResponse, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private broadcast(event: string, data: unknown): void {
    for (const c of this.clients) this.send(c, event, data);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
    for (const c of this.clients) c.end();
    await this.building;
    await this.server?.close();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Runs a build command in a shell; its output is kept for the page's overlay and echoed only on failure. */
export function runBuild(command: string, cwd: string): Promise<BuildResult> {
  const t0 = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', CARGO_TERM_COLOR: 'never' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolvePromise({ ok: false, seconds: (performance.now() - t0) / 1000, output: `${output}${err.message}` }));
    child.on('close', (code) => resolvePromise({ ok: code === 0, seconds: (performance.now() - t0) / 1000, output }));
  });
}

