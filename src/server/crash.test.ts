import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { crashDrill } from './crash-drill.js';

// One drill per suite run; `npm run crash-test` runs twenty on each database.
describe(`a server killed with SIGKILL while writing (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.drop());

  it('keeps every acknowledged write, and its journal verifies after the restart', async () => {
    const result = await crashDrill({ databaseUrl: database.url, settings: database.settings, killAfterMs: Math.floor(Math.random() * 800), warmUp: 20, label: 'suite' });
    expect(result.acknowledged).toBeGreaterThanOrEqual(20);
    expect(result.lost).toBe(0);
    expect(result.present).toBeGreaterThanOrEqual(result.acknowledged);
    expect(result.journalVerified, result.journalOutput).toBe(true);
  }, 60_000);
});
