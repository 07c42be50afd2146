import { Parser } from '@asyncapi/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`the AsyncAPI description (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(async () => t.close());

  it('is served beside the OpenAPI description, to whoever may read it', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/docs/asyncapi.json' });
    expect(anonymous.statusCode).toBe((await t.app.inject({ method: 'GET', url: '/docs/json' })).statusCode);
    const closed = await setupTestApp({ env: { AMANE_DOCS_PUBLIC: 'false' } });
    try {
      expect((await closed.app.inject({ method: 'GET', url: '/docs/asyncapi.json' })).statusCode).toBe(401);
    } finally {
      await closed.close();
    }
    const { token } = await t.login(['call-taker']);
    const response = await t.app.inject({ method: 'GET', url: '/docs/asyncapi.json', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toMatchObject({ asyncapi: '3.0.0' });
  });

  it('is a valid AsyncAPI 3 document describing the units’ and cameras’ topics and the live feed', async () => {
    const { token } = await t.login(['call-taker']);
    const text = (await t.app.inject({ method: 'GET', url: '/docs/asyncapi.json', headers: bearer(token) })).body;
    const { document, diagnostics } = await new Parser().parse(text);
    // Severity 0 is an error; warnings (1) and hints are advice.
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document!.channels().all().map((channel) => channel.address());
    expect(addresses.sort()).toEqual(
      [
        '/live',
        'amane/cameras/{cameraId}/heartbeat',
        'amane/cameras/{cameraId}/ptz',
        'amane/units/{callSign}/ack',
        'amane/units/{callSign}/dispatch',
        'amane/units/{callSign}/position',
        'amane/units/{callSign}/status',
        'frigate/events',
      ].sort(),
    );
    const dispatch = document!.operations().all().find((operation) => operation.id() === 'sendDispatchOrder');
    expect(dispatch?.action()).toBe('send');
  });
});
