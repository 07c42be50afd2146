import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp, type TestApp } from '../server/testing.js';

describe(`an identity keystore that cannot be opened (${testDatabaseKind()})`, () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-keystore-'));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  const withKeystore = (passphrase: string) => setupTestApp({ env: { AMANE_IDENTITY_KEYSTORE: path.join(folder, 'identity.keystore'), AMANE_IDENTITY_KEYSTORE_PASSPHRASE: passphrase } });
  const ready = async (t: TestApp) => (await t.app.inject({ url: '/ready' })).json<{ status: string; parts?: Record<string, string> }>();

  it('is reported by /ready and answered 503 with what to do, while the rest of the centre serves', async () => {
    const first = await withKeystore('the keystore passphrase');
    try {
      expect((await first.app.inject({ url: '/identity/csca.pem' })).statusCode).toBe(200);
      expect(await ready(first)).toMatchObject({ status: 'ready', parts: { identityKeystore: 'available' } });
    } finally {
      await first.close();
    }
    // The same keystore under a passphrase that is not its own (a restored or moved installation).
    const second = await withKeystore('another passphrase altogether');
    try {
      await expect.poll(async () => (await ready(second)).parts?.identityKeystore).toBe('unavailable');
      expect((await ready(second)).status).toBe('ready');
      const csca = await second.app.inject({ url: '/identity/csca.pem' });
      expect(csca.statusCode).toBe(503);
      expect(csca.json()).toMatchObject({ code: 'unavailable', detail: expect.stringContaining('the identity keystore cannot be opened') as string });
      expect((await second.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});
