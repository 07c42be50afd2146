import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The web console: built into web/dist, which the Amane server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is about 1 MB; the console is one application, loaded once per shift.
    chunkSizeWarningLimit: 2_000,
    sourcemap: true,
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
});
