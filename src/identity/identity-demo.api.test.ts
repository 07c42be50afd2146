import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import type { Core } from '../core/context.js';
import { ModuleState } from '../core/module-state.js';
import { testDatabaseKind } from '../core/testing.js';
import { createStation } from '../stations/index.js';
import { setupTestApp } from '../server/testing.js';
import { identityModule } from './identity.module.js';
import { seedIdentityDemo } from './identity.demo.js';
import { personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import type { Desk } from './appointment.js';
import type { Centre } from './production.js';

describe(`the identity service of a demo (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  beforeAll(async () => {
    c = await setupIdentityTest(setupTestApp);
  });
  afterAll(async () => c.close());

  it('creates Rabat and Marrakech and a desk at each station, once', async () => {
    await createStation(c.t.core, 'system:test', { code: 'ST-ANFA', name: 'Anfa', location: { lat: 33.5883, lon: -7.6318 } });
    await createStation(c.t.core, 'system:test', { code: 'ST-MAARIF', name: 'Maârif', location: { lat: 33.5731, lon: -7.6298 } });
    expect(await seedIdentityDemo(c.t.core, 'system:demo')).toEqual({ centres: 2, desks: 2 });
    expect(await seedIdentityDemo(c.t.core, 'system:demo')).toEqual({ centres: 0, desks: 0 });
    const centres = (await c.get('/identity/centres', c.auditor)).json() as Centre[];
    expect(centres.map((x) => [x.code, x.dailyCapacity, x.online])).toEqual([
      ['MARRAKECH', 4_500, true],
      ['RABAT', 12_000, true],
    ]);
    const desks = (await c.get('/identity/desks', c.clerk.token)).json() as Desk[];
    expect(desks.map((d) => [d.code, d.station, d.slotCapacity])).toEqual([
      ['ST-ANFA', 'ST-ANFA', 4],
      ['ST-MAARIF', 'ST-MAARIF', 4],
    ]);
  });

  it('refuses to start in production without the data key, the keystore passphrase and the register keys, and with another register key', async () => {
    const log = c.t.core.log;
    // A key folder with no keys in it (the test database's own holds the keys generated for the demo).
    const noKeys = path.join(os.tmpdir(), `amane-no-keys-${randomUUID()}`);
    const production = (env: Record<string, string>) =>
      ({ config: loadConfig({ AMANE_ENV: 'production', AMANE_KEY_DIR: noKeys, ...env }), db: c.t.core.db, log, metrics: c.t.core.metrics, state: new ModuleState() }) as unknown as Core;
    const secrets = { AMANE_IDENTITY_DATA_KEY: 'ab'.repeat(32), AMANE_IDENTITY_KEYSTORE_PASSPHRASE: 'a long passphrase' };
    expect(() => identityModule.start!(production({}))).toThrow(/needs AMANE_IDENTITY_DATA_KEY or the key file .*identity-data.key/);
    expect(() => identityModule.start!(production(secrets))).toThrow(/identity register needs the key file .*identity-person.kek/);
    // Register keys other than those that wrapped this database's person keys: refused, nothing served.
    await c.ok('/identity/persons', c.clerk.token, personBody('BE900900'), 201);
    fs.mkdirSync(noKeys, { mode: 0o700 });
    for (const file of ['identity-person.kek', 'identity-index.key']) fs.writeFileSync(path.join(noKeys, file), randomBytes(32).toString('base64'), { mode: 0o600 });
    try {
      await expect(identityModule.start!(production(secrets))).rejects.toThrow(/identity-person.kek is not the key that wrapped this register's person keys/);
    } finally {
      fs.rmSync(noKeys, { recursive: true, force: true });
    }
  });
});
