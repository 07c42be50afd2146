import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
// The build's own tooling (Node), not the console's code: the same compression the server reads back.
import { precompressConsole } from '../src/server/console-build';

/**
 * Every build leaves `NAME.br` and `NAME.gz` beside its scripts and style sheets (`npm run build:web` as
 * well as the server's own rebuild): the server sends them as they are, and compresses nothing per request.
 */
const precompressed: Plugin = {
  name: 'amane-precompress',
  apply: 'build',
  async writeBundle(options) {
    if (options.dir !== undefined) await precompressConsole(path.join(options.dir, 'assets'));
  },
};

/** The web console: built into web/dist, which the Amane server serves at `/`. */
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [precompressed],
  // The contract the server and the console share (src/contract/): its rules and tables, and the API's shapes as types.
  resolve: { alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) } },
  // A build is what the centre serves, whichever process makes it: under a test runner's NODE_ENV=test,
  // Vite would otherwise build React's development version and JSX with its source locations (the console
  // twice as large and slower, with checks meant for `vite` serve).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: command === 'serve' } },
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is about 1 MB (its own chunk, fetched by the screens with a map only).
    chunkSizeWarningLimit: 1_200,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Each screen is a chunk of its own (App.tsx loads it on first use). Two libraries get named chunks:
        // MapLibre, which only the screens with a map fetch, and React, which every role needs and which,
        // unlike the console's own code, rarely changes between two builds (browsers keep it cached).
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /[\\/]node_modules[\\/]maplibre-gl[\\/]/ },
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` while `npm start` runs: the API and /live are the server's.
    proxy: {
      '^/(auth|live|incidents|incident-types|calls|call-takers|telephony|units|stations|avl|roads|areas|kpis|console|journal|users|devices)': {
        target: 'http://127.0.0.1:8080',
        ws: true,
      },
    },
  },
}));
