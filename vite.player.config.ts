// The single-file player (`npm run build:player` → dist-player/player.html,
// run by prepack): the same page as the web build with the engine, the
// renderer, the styles and the game worker inlined into one HTML file, so
// that `arcade bundle` only has to add a game to it. It plays from file://
// and from any static host: no other file is loaded.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/** Every script and stylesheet of the page goes inline; the CSP is the one a file with no server can have. */
function inlineEverything(): Plugin {
  return {
    name: 'arcade-inline-everything',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (!html || html.type !== 'asset') throw new Error('player build: no HTML page');
      let text = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        if (file === html) continue;
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (file.type === 'chunk') {
          // Dynamic imports are inlined (one chunk), so there is nothing to preload: Vite leaves its deps placeholder behind.
          const code = file.code.replace(/__VITE_PRELOAD__/g, 'void 0').replace(/<\/script/gi, '<\\/script');
          text = text.replace(new RegExp(`<script[^>]*src="\\.?/?${escaped}"[^>]*></script>`), () => `<script type="module">${code}</script>`);
        } else if (name.endsWith('.css')) {
          text = text.replace(new RegExp(`<link[^>]*href="\\.?/?${escaped}"[^>]*>`), () => `<style>${String(file.source)}</style>`);
        } else continue;
        delete bundle[name];
      }
      const left = Object.keys(bundle).filter((n) => bundle[n] !== html);
      if (left.length) throw new Error(`player build: files not inlined: ${left.join(', ')}`);
      text = text.replace(
        /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/,
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob: data:; worker-src blob: data:; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'self' data: blob:; font-src data:" />`,
      );
      html.source = text;
      html.fileName = 'player.html';
    },
  };
}

export default defineConfig({
  root: resolve(root, 'src/renderer'),
  base: './',
  mode: 'player',
  publicDir: false,
  build: {
    outDir: resolve(root, 'dist-player'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    chunkSizeWarningLimit: 4000,
    modulePreload: false,
    rolldownOptions: { output: { codeSplitting: false } },
  },
  // A classic worker: Chromium refuses module workers from blob: URLs made by a file:// page (opaque origin).
  worker: { format: 'iife', rolldownOptions: { output: { codeSplitting: false } } },
  resolve: { alias: [{ find: /^\.\/web\/worker-factory$/, replacement: resolve(root, 'src/renderer/web/worker-factory-inline.ts') }] },
  plugins: [inlineEverything()],
});
