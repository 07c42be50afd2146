import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { OpenAPIV3 } from 'openapi-types';
import type { FastifySchema } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { RouteAccess } from '../core/auth/permission.js';
import { ErrorCodes, type ErrorCode } from '../core/errors.js';
import * as applications from '../identity/application.js';
import * as appointments from '../identity/appointment.js';
import * as cards from '../identity/card.js';
import * as persons from '../identity/person.js';
import * as production from '../identity/production.js';
import * as identityStatistics from '../identity/statistics.js';
import * as alarms from '../cameras/alarm.js';
import * as cameraHealth from '../cameras/camera-health.js';
import * as cameras from '../cameras/camera.js';
import * as hotlists from '../cameras/hotlist.js';
import * as callKpis from '../calls/call-kpi.js';
import * as calls from '../calls/call.js';
import * as dispatch from '../dispatch/dispatch.js';
import * as eido from '../eido/eido.js';
import * as cordons from '../eod/cordon.js';
import * as eodRecommendations from '../eod/eod-recommend.service.js';
import * as eod from '../eod/eod.js';
import * as standoff from '../eod/standoff.js';
import * as dispositions from '../incidents/disposition.js';
import * as incidentTypes from '../incidents/incident-type.js';
import * as incidents from '../incidents/incident.js';
import * as liveKpis from '../reports/live-kpi.js';
import * as units from '../units/unit.js';
import * as devices from '../core/auth/device.js';
import * as roleGrants from '../core/auth/role-grant.js';
import * as sessions from '../core/auth/session.service.js';
import * as totp from '../core/auth/totp.js';
import * as users from '../core/auth/user.js';
import { ReasonBody } from '../core/schema.js';
import * as contractAccounts from '../contract/account.schema.js';
import * as contractApplications from '../contract/application.schema.js';
import * as contractAppointments from '../contract/appointment.schema.js';
import * as contractCalls from '../contract/call.schema.js';
import * as contractCameras from '../contract/camera.schema.js';
import * as contractCards from '../contract/card.schema.js';
import * as contractDispatch from '../contract/dispatch.schema.js';
import * as contractEod from '../contract/eod.schema.js';
import * as contractIncidentTypes from '../contract/incident-type.schema.js';
import * as contractIncidents from '../contract/incident.schema.js';
import * as contractJournal from '../contract/journal.schema.js';
import * as contractPersons from '../contract/person.schema.js';
import * as contractProduction from '../contract/production.schema.js';
import * as contractRoads from '../contract/road.schema.js';
import * as contractShared from '../contract/schema.js';
import * as contractStatistics from '../contract/statistics.schema.js';
import * as contractUnits from '../contract/unit.schema.js';
import * as stations from '../stations/station.js';
import { requestExamples } from './openapi-examples.js';

/**
 * The OpenAPI description as integrators need it to generate clients: the shared shapes under
 * `components.schemas` by name, every operation's refusals as RFC 9457 problem details, and an example
 * of every request body. Only the published description changes: the routes' own schemas, which
 * validate requests and serialise answers, are left as they are.
 */

const SCHEMAS = '#/components/schemas/';
const PROBLEM = 'Problem';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error as the server sends it (`application/problem+json`, RFC 9457), with Amane's own members. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the kind of problem: `urn:amane:problem:<code>`' }),
    title: Type.String({ description: 'A short summary of the kind of problem, the same for every occurrence of its code' }),
    status: Type.Integer({ description: 'The HTTP status code' }),
    detail: Type.String({ description: 'What went wrong this time, in English, for logs and developers (a screen words a refusal from `code`)' }),
    instance: Type.Optional(Type.String({ description: 'The path of the request refused' })),
    code: Type.Enum(Object.keys(ErrorCodes) as ErrorCode[], { description: 'The closed list of error codes: what a client branches on' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'A dotted path into the request (`roles.1`), or `body`, `querystring`, `params`, `url`' }),
          message: Type.String({ description: 'What the field must be' }),
        }),
        { description: 'For `validation`, `conflict` and `outside_road_network`: one entry per field refused' },
      ),
    ),
    allowed: Type.Optional(Type.Array(Type.String(), { description: 'For `invalid_transition`: the actions allowed in the present state' })),
    retryAfterS: Type.Optional(Type.Integer({ description: 'For `rate_limited`: whole seconds to wait (also the `Retry-After` header)' })),
    requestId: Type.Optional(Type.String({ description: 'Quote it when reporting a problem (also the `x-request-id` header)' })),
  },
  { description: 'RFC 9457 problem details' },
);

/**
 * The shapes published by name, named as in the code: first the contract's (the answers the console
 * reads too), then the request bodies the domain modules declare.
 */
function collectNamedSchemas(): Map<object, string> {
  const sources: readonly Record<string, unknown>[] = [
    contractShared, contractJournal, contractIncidents, contractIncidentTypes, contractCalls, contractCameras, contractUnits, contractDispatch, contractEod, contractAccounts, contractApplications,
    contractAppointments, contractCards, contractPersons, contractProduction, contractRoads, contractStatistics,
    stations,
    calls, callKpis, incidents, incidentTypes, dispositions, units, dispatch, cameras, alarms, hotlists, cameraHealth,
    eod, standoff, cordons, eodRecommendations, eido, applications, appointments, cards, persons, production,
    identityStatistics, liveKpis, users, roleGrants, devices, sessions, totp, { ReasonBody },
  ];
  const names = new Map<object, string>([[Problem, PROBLEM]]);
  const taken = new Set<string>([PROBLEM]);
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      // A shape with a field named `$id` (EIDO's) stays inline: the description's reference resolver reads that name as a schema id.
      if (!isObjectSchema(value) || names.has(value) || taken.has(name) || JSON.stringify(value).includes('"$id"')) continue;
      names.set(value, name);
      taken.add(name);
    }
  }
  return names;
}

function isObjectSchema(value: unknown): value is TSchema & { type: 'object' } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'object' && 'properties' in value;
}

/** A copy of `schema` where every named shape below the root is a reference to its component. */
function withReferences(schema: unknown, names: ReadonlyMap<object, string>, root = true): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (!root) {
    const name = names.get(schema);
    if (name !== undefined) return { $ref: SCHEMAS + name };
  }
  if (Array.isArray(schema)) return schema.map((item) => withReferences(item, names, false));
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withReferences(value, names, false)]));
  const items = copy.items as unknown;
  if (Array.isArray(items)) {
    // A tuple (a coordinate pair): OpenAPI 3.0 has no positional items, only one schema for all of them.
    const distinct = [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
    copy.items = distinct.length === 1 ? distinct[0] : { oneOf: distinct };
    delete copy.additionalItems;
  }
  // OpenAPI 3.0 spells an exclusive bound as a flag beside the bound.
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof copy[exclusive] === 'number') {
      copy[bound] = copy[exclusive];
      copy[exclusive] = true;
    }
  }
  return copy;
}

/** The refusals an operation may answer, by status: what a generated client should expect. */
export function errorStatuses(route: { method: string; url: string; permission: RouteAccess; hasBody: boolean }): number[] {
  const statuses = [400];
  if (route.permission !== 'public') statuses.push(401, 403);
  if (route.url.includes(':')) statuses.push(404);
  if (WRITE_METHODS.has(route.method)) statuses.push(409);
  if (route.hasBody) statuses.push(413, 415);
  if (ROAD_NETWORK_ROUTES.has(`${route.method} ${route.url}`)) statuses.push(422);
  if (RATE_LIMITED_ROUTES.has(`${route.method} ${route.url}`)) statuses.push(429);
  return statuses;
}

/**
 * Bodies that take one of several forms, as the description says it. The server checks these in the
 * domain, which words the refusal (`nin: give the national ID number, or the desk that allocates one`);
 * the validating schemas stay as they are so that refusals read the same.
 */
const EITHER_OR: Readonly<Record<string, Record<string, unknown>>> = {
  // The network location once: as coordinates or as a PIDF-LO document, not both.
  RingReport: { not: { required: ['location', 'pidfLo'] } },
  // The national ID number, or the desk that allocates one.
  NewPerson: { anyOf: [{ required: ['nin'] }, { required: ['desk'] }] },
  // Where to point: an incident's location, a point, or a preset; one of them.
  PointBody: { oneOf: [{ required: ['incident'] }, { required: ['lat', 'lon'] }, { required: ['preset'] }] },
};

/** Routes that put a point on the road network (`outside_road_network`). */
const ROAD_NETWORK_ROUTES = new Set(['GET /roads/route']);
/** Routes that count attempts by address or account (`rate_limited`). */
const RATE_LIMITED_ROUTES = new Set(['POST /auth/login', 'POST /auth/password', 'GET /identity/verify', 'POST /identity/verify']);

function codesOf(status: number): string {
  return Object.entries(ErrorCodes)
    .filter(([, entry]) => entry.status === status)
    .map(([code]) => `\`${code}\``)
    .join(', ');
}

function problemResponse(status: number): unknown {
  return {
    description: `${ErrorCodes[firstCodeOf(status)].title} (${codesOf(status)})`,
    content: { 'application/problem+json': { schema: { $ref: SCHEMAS + PROBLEM } } },
  };
}

function firstCodeOf(status: number): ErrorCode {
  const code = (Object.keys(ErrorCodes) as ErrorCode[]).find((c) => ErrorCodes[c].status === status);
  if (code === undefined) throw new Error(`no error code has status ${status}`);
  return code;
}

/** The options of @fastify/swagger that shape the published description. */
export function openApiTransforms(isDocsRoute: (url: string) => boolean): {
  components: Record<string, OpenAPIV3.SchemaObject>;
  transform: SwaggerTransform;
  transformObject: SwaggerTransformObject;
} {
  const names = collectNamedSchemas();
  const components = Object.fromEntries(
    [...names].map(([schema, name]) => [name, { ...(withReferences(schema, names) as object), ...EITHER_OR[name] } as OpenAPIV3.SchemaObject]),
  );
  return {
    components,
    transform({ schema, url, route }) {
      if ((schema as FastifySchema | undefined) === undefined || isDocsRoute(url)) return { schema, url };
      const method = (Array.isArray(route.method) ? route.method[0] : route.method) as string;
      const permission = (route.config as { permission?: RouteAccess } | undefined)?.permission ?? 'public';
      const described: Record<string, unknown> = { ...schema };
      if (schema.body !== undefined) described.body = withReferences(schema.body, names, false);
      const responses: Record<string, unknown> = {};
      for (const [status, response] of Object.entries((schema.response as Record<string, unknown> | undefined) ?? {})) {
        responses[status] = withReferences(response, names, false);
      }
      for (const status of errorStatuses({ method, url, permission, hasBody: schema.body !== undefined })) {
        responses[status] ??= problemResponse(status);
      }
      described.response = responses;
      return { schema: described, url };
    },
    transformObject(documentObject) {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      addBodyExamples(documentObject.openapiObject as OpenApiObject);
      pruneUnusedComponents(documentObject.openapiObject as OpenApiObject);
      return documentObject.openapiObject;
    },
  };
}

interface OpenApiObject {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { example?: unknown }> } }>>;
  components?: { schemas?: Record<string, unknown> };
}

/** A body's example goes beside its schema (a media example), where a reference could not carry it. */
function addBodyExamples(document: OpenApiObject): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const url = path.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(item)) {
      const example = requestExamples[`${method.toUpperCase()} ${url}`];
      if (example === undefined) continue;
      for (const media of Object.values(operation.requestBody?.content ?? {})) media.example = example;
    }
  }
}

/** Only the shapes some operation uses, directly or through another shape, are published. */
function pruneUnusedComponents(document: OpenApiObject): void {
  const schemas = document.components?.schemas;
  if (schemas === undefined) return;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith(SCHEMAS)) {
      const name = ref.slice(SCHEMAS.length);
      if (!used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(document.paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}
