import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The console's tests import the contract it shares with the server as web/vite.config.ts names it.
  resolve: { alias: { '@contract': fileURLToPath(new URL('./src/contract', import.meta.url)) } },
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts'],
          maxWorkers: 2,
          // Some tests start the server or the CLI as child processes; a loaded CI machine is slow at that.
          testTimeout: 60_000,
          hookTimeout: 30_000,
          // One database per test case: files may run in parallel without sharing state.
          fileParallelism: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // Each file runs the server and Chromium (software WebGL), and one measures frame times: one
          // file at a time, after the unit tests, so they neither starve each other nor skew the figures.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // What one browser did reaches another through the server and /live: on a loaded machine (two
          // database runs, software WebGL) that can take seconds, not the one second vitest waits by default.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
