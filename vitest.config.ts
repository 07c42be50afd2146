import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Some tests start the server or the CLI as child processes; a loaded CI machine is slow at that.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // One database per test case: files may run in parallel without sharing state.
    fileParallelism: true,
  },
});
