import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from 'typebox';
import { personRoles, rolePermissions } from '../core/auth/permission.js';
import { testDatabaseKind } from '../core/testing.js';
import { createValidator } from '../core/validate.js';
import { routesOf } from './app.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Bodies a careless or hostile client might send: any JSON, or an object with the route's own keys. */
function bodies(schema: TSchema | undefined) {
  const keys = Object.keys((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
  const nasty = fc.constantFrom(
    "'; DROP TABLE app_user;--",
    '<script>alert(1)</script>',
    'مرحبا hello',
    '\u0000\u0007\u001b',
    'A'.repeat(5_000),
    -1,
    1e308,
    '__proto__',
    { constructor: { prototype: { admin: true } } },
  );
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), value, { maxKeys: keys.length + 2 }),
  );
}

describe(`random bodies on every write route (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let operations: string;
  let administrator: string;
  beforeAll(async () => {
    t = await setupTestApp();
    // Every role but one on one account, and an administrator (who holds no other role) on another:
    // the bodies reach validation on every route instead of stopping at 403.
    operations = (await t.login(personRoles.filter((role) => role !== 'administrator'))).token;
    administrator = (await t.login(['administrator'])).token;
  });
  const tokenFor = (permission: string) => (operationsPermissions.has(permission) ? operations : administrator);
  const operationsPermissions = new Set<string>(personRoles.filter((role) => role !== 'administrator').flatMap((role) => rolePermissions[role]));
  afterAll(async () => t.close());

  it('never get a 5xx and never write to the journal, unless valid', async () => {
    const validator = createValidator({ coerce: false });
    const routes = routesOf(t.app).filter((route) => WRITES.has(route.method));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    let tried = 0;
    for (const route of routes) {
      const schema = jsonBodySchema(route.bodySchema);
      const isValid = schema === undefined ? (body: unknown) => isEmptyBody(body) : validator.compile(schema);
      await fc.assert(
        fc.asyncProperty(bodies(schema), async (body) => {
          fc.pre(!isValid(body));
          const before = await t.journalHead();
          const response = await t.app.inject({
            method: route.method as 'POST',
            url: route.url.replace(/:number/g, 'CASA-2026-000001').replace(/:[a-zA-Z]+/g, randomUUID()),
            headers: { ...bearer(tokenFor(route.permission)), 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          tried += 1;
          expect(response.statusCode, `${route.method} ${route.url} ${JSON.stringify(body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(await t.journalHead()).toBe(before);
        }),
        { numRuns: 60, seed: 20261129 },
      );
    }
    expect(tried).toBeGreaterThan(routes.length * 40);
    // Sixty bodies on each of a hundred write routes: a minute alone, more beside the rest of the suite.
  }, 240_000);
});

/** A route's JSON body schema; a route that also takes other media types names it under `content` (Fastify's form). */
function jsonBodySchema(schema: unknown): TSchema | undefined {
  if (schema === undefined || schema === null || typeof schema !== 'object') return undefined;
  const content = (schema as { content?: Record<string, { schema?: TSchema }> }).content;
  return content === undefined ? (schema as TSchema) : content['application/json']?.schema;
}

function isEmptyBody(body: unknown): boolean {
  return body === null || body === '' || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body as object).length === 0);
}
