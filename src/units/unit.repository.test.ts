import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonText } from '../core/json-column.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp, type TestApp } from '../server/testing.js';
import { createStation } from '../stations/index.js';
import { insertUnit, listUnitRows, saveLatestPositions } from './unit.repository.js';

describe(`saving the latest positions (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(async () => t.close());

  it('writes 1,201 units in statements of 500, each to its own row', async () => {
    const ids = Array.from({ length: 1_201 }, (_, i) => `u-${String(i).padStart(4, '0')}`);
    await createStation(t.core, 'system:test', { code: 'ST-X', name: 'X', location: { lat: 33.5, lon: -7.6 } });
    await t.core.db.transaction().execute(async (trx) => {
      for (const id of ids) {
        await insertUnit(trx, {
          id,
          call_sign: `CASA-${id.toUpperCase()}`,
          kind: 'patrol_car',
          station_code: 'ST-X',
          capabilities: toJsonText([]),
          crew: toJsonText([]),
          device_name: null,
          status: 'available',
          status_since: '2026-11-29T10:00:00.000Z',
          incident_number: null,
          lat: null,
          lon: null,
          speed_kmh: null,
          heading: null,
          accuracy_m: null,
          position_at: null,
        });
      }
    });
    // Every unit but the last moves; the last keeps no position.
    const moved = ids.slice(0, -1).map((id, i) => ({ id, lat: 33.5 + i * 1e-5, lon: -7.6 - i * 1e-5, speed_kmh: i % 2 === 0 ? null : 30.5, heading: 90, accuracy_m: 4, at: `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}.000Z` }));
    await t.core.db.transaction().execute((trx) => saveLatestPositions(trx, moved));
    const rows = new Map((await listUnitRows(t.core.db)).map((row) => [row.id, row]));
    for (const fix of moved) {
      expect(rows.get(fix.id), fix.id).toMatchObject({ lat: fix.lat, lon: fix.lon, speed_kmh: fix.speed_kmh, heading: 90, accuracy_m: 4, position_at: fix.at });
    }
    expect([...rows.values()].filter((row) => row.position_at !== null)).toHaveLength(1_200);
    const last = moved[moved.length - 1]!;
    expect(rows.get(last.id)).toMatchObject({ lat: last.lat, lon: last.lon, speed_kmh: last.speed_kmh });
    expect(rows.get(ids[ids.length - 1]!)).toMatchObject({ lat: null, position_at: null });
  });
});
