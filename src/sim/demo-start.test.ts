import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { startServerProcess, type ServerProcess } from '../server/tied-process.js';

describe(`amane start on an empty database (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.drop());

  const started: ServerProcess[] = [];
  // Whatever the test does or fails to do, no server it started outlives it.
  afterEach(async () => {
    for (const server of started.splice(0)) await server.stop();
  });

  /** Starts the centre as `npm start` does, and waits until it says the simulator runs. */
  async function start(): Promise<{ output: () => string; url: string; stop: () => Promise<number | null> }> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...database.settings, AMANE_PORT: '0', AMANE_MQTT: 'embedded', AMANE_MQTT_PORT: '0', AMANE_LOG_LEVEL: 'warn' };
    delete env.AMANE_DEMO;
    const server = await startServerProcess(env, { ready: (output) => output.includes('The simulator is running'), timeoutMs: 40_000 });
    started.push(server);
    return { output: server.output, url: server.url, stop: () => server.stop() };
  }

  /** The sum of a Prometheus counter's series. */
  async function counter(url: string, name: string, labels = ''): Promise<number> {
    const text = await (await fetch(`${url}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  it('lays out the demo city, prints one user per role, and calls, incidents, positions, camera events and identity applications come within a minute', async () => {
    const first = await start();
    const started = Date.now();
    try {
      expect(first.output()).toMatch(/16 districts, 18 stations, 148 units, 210 cameras, 20 call-takers/);
      for (const username of ['calltaker', 'dispatcher', 'supervisor', 'officer', 'cctv', 'eod', 'traffic', 'clerk', 'issuance', 'citizen', 'auditor', 'admin']) {
        expect(first.output()).toMatch(new RegExp(`\\n    ${username} +[a-z,-]+ +[A-Za-z0-9]{16}`));
      }
      expect(first.output()).not.toContain('One-time password');
      let figures = { calls: 0, incidents: 0, fixes: 0, cameraEvents: 0, applications: 0 };
      while (Date.now() - started < 60_000) {
        figures = {
          calls: await counter(first.url, 'amane_calls_total', 'event="rang"'),
          incidents: await counter(first.url, 'amane_incidents_total'),
          fixes: await counter(first.url, 'amane_avl_fixes_total', 'result="accepted"'),
          cameraEvents: await counter(first.url, 'amane_camera_events_total', 'result="accepted"'),
          applications: await counter(first.url, 'amane_identity_applications_total', 'result="opened"'),
        };
        if (figures.calls > 0 && figures.incidents > 0 && figures.fixes > 148 && figures.cameraEvents > 210 && figures.applications > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(figures.calls).toBeGreaterThan(0);
      expect(figures.incidents).toBeGreaterThan(0);
      expect(figures.fixes).toBeGreaterThan(148);
      // Every working camera's heartbeat, and the Frigate detections of the first minute.
      expect(figures.cameraEvents).toBeGreaterThan(210);
      expect(figures.applications).toBeGreaterThan(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    // The next start finds the demo as it was: nothing added, no password shown again.
    const second = await start();
    try {
      expect(second.output()).toMatch(/16 districts, 18 stations, 148 units, 210 cameras, 20 call-takers/);
      expect(second.output()).toMatch(/\n {4}dispatcher +dispatcher +\(as printed at the first start\)/);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 150_000);
});
