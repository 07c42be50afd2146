import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenAPI } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceKind } from '../core/auth/device.js';
import { devicePermissions, personRoles, rolePermissions, type Permission, type RouteAccess } from '../core/auth/permission.js';
import { createTestUser, testDatabaseKind } from '../core/testing.js';
import { createValidator } from '../core/validate.js';
import { routesOf } from './app.js';
import { requestExamples } from './openapi-examples.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

interface Media {
  readonly schema?: { readonly $ref?: string };
  readonly example?: unknown;
}
interface Operation {
  readonly requestBody?: { readonly content: Record<string, Media> };
  readonly responses: Record<string, { readonly content?: Record<string, Media> }>;
}
interface Document {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Record<string, unknown>> };
}

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Every operation of the description, with its route as Fastify spells it (`/incidents/:number`). */
function operationsOf(document: Document): { method: string; url: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1'), path, operation })),
  );
}

/** An OpenAPI 3.0 schema as JSON Schema reads it: an exclusive bound is the number, not a flag beside `minimum`. */
function asJsonSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(asJsonSchema);
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, asJsonSchema(value)]));
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (copy[exclusive] === true) {
      copy[exclusive] = copy[bound];
      delete copy[bound];
    }
  }
  return copy;
}

describe(`the OpenAPI description (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    // With MQTT, as a centre runs: a camera is pointed over it.
    t = await setupTestApp({ mqtt: 'embedded' });
    // Just after the examples' reports (a device's clock ahead of the centre's is refused).
    t.clock.set('2026-11-29T10:30:00.000Z');
    document = t.app.swagger() as unknown as Document;
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI document', async () => {
    // The parser dereferences in place: it gets a copy.
    // EIDO's own members are named `$ref` (its example holds some): they are data, not references to follow.
    const api = await SwaggerParser.validate(structuredClone(document) as unknown as OpenAPI.Document, { resolve: { external: false } });
    expect(Object.keys(api.paths ?? {}).length).toBeGreaterThan(100);
  });

  it('names the shared shapes under components.schemas and refers to them', () => {
    const names = Object.keys(document.components.schemas);
    for (const name of ['Problem', 'Incident', 'Call', 'Unit', 'Station', 'Camera', 'CameraAlarm', 'Squad', 'Deployment', 'Person', 'Application', 'Card', 'User', 'Device']) {
      expect(names, name).toContain(name);
    }
    const created = document.paths['/incidents']?.post;
    expect(created?.responses['201']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Incident' });
    expect(created?.requestBody?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/NewIncident' });
  });

  it('declares problem+json refusals on every operation: 400 always, 401 and 403 where a permission is needed, 404 where a path names a thing, 409 where a request changes state', () => {
    const permissions = new Map(routesOf(t.app).map((route) => [`${route.method} ${route.url}`, route.permission]));
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(150);
    for (const { method, url, operation } of operations) {
      const name = `${method} ${url}`;
      const refusals = Object.keys(operation.responses).filter((status) => status.startsWith('4'));
      for (const status of refusals) {
        expect(operation.responses[status]?.content?.['application/problem+json']?.schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
      }
      const expected = ['400'];
      if (permissions.get(name) !== 'public') expected.push('401', '403');
      if (url.includes(':')) expected.push('404');
      if (method !== 'GET') expected.push('409');
      for (const status of expected) expect(refusals, `${name} declares ${status}`).toContain(status);
    }
  });

  it('answers a real refusal with every member of its problem, as the description says', async () => {
    const { token } = await t.login(['dispatcher']);
    const response = await t.app.inject({ method: 'POST', url: '/incidents', headers: bearer(token), payload: { type: 'theft', location: { lat: 91, lon: 0 }, summary: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'urn:amane:problem:validation',
      title: 'A field of the request is not valid',
      status: 400,
      code: 'validation',
      instance: '/incidents',
      requestId: response.headers['x-request-id'],
    });
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'location.lat' }), expect.objectContaining({ field: 'summary' })]));
    const problemSchema = createValidator({ coerce: false }).compile(document.components.schemas.Problem!);
    expect(problemSchema(problem), JSON.stringify(problemSchema.errors)).toBe(true);

    const missing = await t.app.inject({ method: 'GET', url: '/incidents/CASA-2026-999999', headers: bearer(token) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', status: 404 });
    expect(problemSchema(missing.json())).toBe(true);
  });

  it('publishes an example of every request body, and each one passes the body schema the server validates with', () => {
    const validator = createValidator({ coerce: false });
    // OpenAPI 3.0 schemas: `nullable`, `example` and `x-` members beside JSON Schema's.
    const published = new Ajv({ strict: false, allErrors: true });
    addFormats(published);
    const bodies = new Map(routesOf(t.app).map((route) => [`${route.method} ${route.url}`, route.bodySchema]));
    const withBody = operationsOf(document).filter(({ operation }) => operation.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(80);
    for (const { method, url, operation } of withBody) {
      const name = `${method} ${url}`;
      const example = operation.requestBody?.content['application/json']?.example;
      expect(example, `${name} has an example`).toBeDefined();
      expect(example).toEqual(requestExamples[name]);
      const check = validator.compile(bodies.get(name) as object);
      expect(check(structuredClone(example)), `${name}: ${JSON.stringify(check.errors)}`).toBe(true);
      // And the published schema, either/or rules included, says the same.
      const schema = operation.requestBody?.content['application/json']?.schema;
      const asPublished = published.compile(asJsonSchema({ ...schema, components: document.components }) as object);
      expect(asPublished(structuredClone(example)), `${name} as published: ${JSON.stringify(asPublished.errors)}`).toBe(true);
    }
    // No example for an operation that is gone.
    const names = new Set(withBody.map(({ method, url }) => `${method} ${url}`));
    expect(Object.keys(requestExamples).filter((name) => !names.has(name))).toEqual([]);
  });

  it('says what every field of a request body is (a description, or what it accepts)', () => {
    const schemas = document.components.schemas;
    const resolve = (schema: Record<string, unknown>): Record<string, unknown> =>
      typeof schema.$ref === 'string' ? resolve(schemas[schema.$ref.slice('#/components/schemas/'.length)]!) : schema;
    const undescribed = new Set<string>();
    const visited = new Set<unknown>();
    const walk = (raw: Record<string, unknown>, path: string): void => {
      const schema = resolve(raw);
      if (visited.has(schema)) return;
      visited.add(schema);
      for (const [field, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const target = resolve(child);
        if ([child, target].every((s) => s.description === undefined && s['x-expected'] === undefined)) undescribed.add(`${path}.${field}`);
        walk(child, `${path}.${field}`);
      }
      if (typeof schema.items === 'object' && schema.items !== null) walk(schema.items as Record<string, unknown>, `${path}[]`);
    };
    for (const { method, url, operation } of operationsOf(document)) {
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body !== undefined) walk(body as Record<string, unknown>, `${method} ${url}`);
    }
    expect([...undescribed]).toEqual([]);
  });

  it('accepts the example of every request body when posted by someone allowed to, on things that exist', async () => {
    const admin = (await t.login(['administrator'])).token;
    const tokens = new Map<RouteAccess, string | undefined>([['public', undefined]]);
    async function tokenFor(access: RouteAccess): Promise<string | undefined> {
      if (tokens.has(access)) return tokens.get(access);
      let token: string;
      const role = access === 'authenticated' ? 'dispatcher' : personRoles.find((r) => rolePermissions[r].includes(access as Permission));
      if (role !== undefined) token = (await t.login([role])).token;
      else {
        const kind = Object.values(DeviceKind).find((k) => devicePermissions[k].includes(access as Permission));
        if (kind === undefined) throw new Error(`nobody holds ${access}`);
        const device = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: `examples-${kind}`, kind } });
        token = (device.json() as { token: string }).token;
      }
      tokens.set(access, token);
      return token;
    }
    // Where the permission is not all: the device class is set by an EOD officer (or the crew of a unit sent).
    const byRole: Record<string, string> = { 'POST /incidents/:number/eod/device-class': (await t.login(['eod-officer'])).token };

    // The examples' login and password change need a real account's secret; the citizen account exists.
    const person = await createTestUser(t.core, ['dispatcher']);
    await createTestUser(t.core, ['citizen'], 'youssef.benali');
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: person.password } });
    const personToken = (login.json() as { token: string }).token;
    const live: Record<string, { body: Record<string, unknown>; token: string | undefined }> = {
      'POST /auth/login': { body: { username: person.username, password: person.password }, token: undefined },
      'POST /auth/password': { body: { ...(requestExamples['POST /auth/password'] as object), currentPassword: person.password }, token: personToken },
    };

    // Path values: those of the things the examples create, taken from the answers, else well-formed values of things that do not exist.
    const created = new Map<string, string>();
    const remember = (url: string, answer: unknown): void => {
      if (typeof answer !== 'object' || answer === null) return;
      for (const [field, value] of Object.entries(answer)) {
        if (typeof value === 'string' && !created.has(`${url}:${field}`)) created.set(`${url}:${field}`, value);
        else if (typeof value === 'object' && value !== null && !Array.isArray(value)) remember(url, value);
      }
    };
    const sources: Record<string, string> = { '/calls:callId': '/telephony/calls:callId' };
    const absent: Record<string, string> = {
      '/incidents:number': 'CASA-2026-999999',
      '/identity/applications:number': 'CNIE-2026-9999999',
      '/identity/cards:documentNumber': 'ZZ0000000',
      '/identity/certificates:number': 'CERT-2026-9999999',
      '/identity/seals:documentNumber': 'ZZ0000001',
      '/identity/persons:nin': 'ZZ99999',
      '/identity/permits/checklists:kind': 'renewal',
      '/identity/permit-applications:number': 'RP-2026-9999999',
      '/video-walls:name': 'control-room',
      '/traffic/closures:id': '999999',
      '/traffic/corridors:id': '999999',
    };
    const concrete = (url: string): string =>
      url.replace(/:(\w+)/g, (_, param: string, offset: number) => {
        const key = `${url.slice(0, offset - 1)}:${param}`;
        return created.get(key) ?? created.get(sources[key] ?? '') ?? absent[key] ?? crypto.randomUUID();
      });

    const operations = operationsOf(document).filter(({ operation }) => operation.requestBody !== undefined);
    // In the examples' order: things are created before they are acted on.
    const order = Object.keys(requestExamples);
    operations.sort((a, b) => order.indexOf(`${a.method} ${a.url}`) - order.indexOf(`${b.method} ${b.url}`));
    const permissions = new Map(routesOf(t.app).map((route) => [`${route.method} ${route.url}`, route.permission]));
    const refused: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const { method, url, operation } of operations) {
      const name = `${method} ${url}`;
      const example = operation.requestBody?.content['application/json']?.example;
      const payload = live[name]?.body ?? example;
      const token = live[name] !== undefined ? live[name].token : (byRole[name] ?? (await tokenFor(permissions.get(name)!)));
      const response = await t.app.inject({
        method: method as 'POST',
        url: concrete(url),
        headers: token === undefined ? {} : bearer(token),
        payload: payload as Record<string, unknown>,
      });
      outcomes[response.statusCode] = (outcomes[response.statusCode] ?? 0) + 1;
      if (response.statusCode < 300 && response.body !== '') remember(url, response.json());
      // A missing thing (404) or a state that forbids the action (409) is answered after the body passed validation.
      if (![200, 201, 204, 404, 409].includes(response.statusCode)) refused.push(`${name} ${response.statusCode} ${response.body}`);
    }
    expect(refused).toEqual([]);
    // Most examples act on things the earlier examples created.
    expect(outcomes[200]! + outcomes[201]! + (outcomes[204] ?? 0)).toBeGreaterThan(operations.length / 2);
  });
});
