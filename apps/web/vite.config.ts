import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** where `pnpm dev` (and `vite preview`) send API calls: the Hono server */
const api = process.env.PARCOURS_API ?? 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: api, changeOrigin: true },
  '/healthz': { target: api, changeOrigin: true },
};

/** React, the router, the query cache and zod: every view needs them, and they change less often than the app */
const VENDOR =
  /node_modules[\\/]\.pnpm[\\/](react|react-dom|scheduler|@tanstack\+[a-z-]+|zod|use-sync-external-store)@/;

/** recharts and its d3/redux helpers: loaded only by the chart views, never by the overview */
const CHART_LIBS =
  /node_modules[\\/]\.pnpm[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs\+toolkit|react-redux|redux|redux-thunk|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|clsx)@/;

/**
 * The entry loads the app with import() once it has sent the overview's first requests; this
 * lets the browser fetch the app's chunks from the start, in parallel, instead of after it.
 */
function preloadApp(): Plugin {
  return {
    name: 'parcours-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {});
        const app = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/app.tsx'));
        if (app?.type !== 'chunk') return html;
        const files = [app.fileName, ...app.imports];
        return {
          html,
          tags: files.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        };
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadApp()],
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // without includeDependenciesRecursively: false, recharts' group would swallow React too
          groups: [
            { name: 'recharts', test: CHART_LIBS, priority: 10, includeDependenciesRecursively: false },
            { name: 'vendor', test: VENDOR, priority: 5, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
});
