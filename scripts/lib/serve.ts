// Builds a vite app into a directory and serves that build on 127.0.0.1 (a
// free port) with vite's preview server: the web app for the e2e tests, the
// benchmark page for `npm run bench -- --browser`.
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';

export interface Served {
  server: PreviewServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

export interface ServeOptions {
  /** Runs between the build and the server's start (to add files to `outDir`). */
  afterBuild?: () => void;
  /** Response headers (COOP/COEP for a cross-origin isolated page). */
  headers?: Record<string, string>;
}

export async function buildAndServe(config: InlineConfig, outDir: string, opts: ServeOptions = {}): Promise<Served> {
  await build({ logLevel: 'warn', ...config, build: { ...config.build, outDir, emptyOutDir: true } });
  opts.afterBuild?.();
  const server = await preview({
    logLevel: 'warn',
    ...config,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, headers: opts.headers },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error(`vite's preview server for ${outDir} is not listening on a port`);
  }
  return { server, url: `http://127.0.0.1:${address.port}` };
}
