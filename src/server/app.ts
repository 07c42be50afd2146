import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import helmet from 'helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ErrorObject } from 'ajv';
import { checkAccess } from '../core/auth/access.js';
import type { Core } from '../core/context.js';
import { DomainError, toProblem } from '../core/errors.js';
import type { RouteAccess } from '../core/auth/permission.js';
import type { App } from '../core/http.js';
import type { AmaneModule } from '../core/module.js';
import { mapOrigins, registerConsoleRoutes } from './console.routes.js';
import { asyncApiDocument } from './asyncapi.js';
import { openApiTransforms } from './openapi.js';
import { createValidator, validationError } from '../core/validate.js';
import { assertWellFormedText } from '../core/well-formed-text.js';

const DOCS_PREFIX = '/docs';
const API_VERSION = '0.1.0';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds the HTTP application: kernel plugins, the access hook, and every module's routes. */
export async function buildApp(core: Core, modules: readonly AmaneModule[]): Promise<App> {
  const app = Fastify({
    loggerInstance: core.log as FastifyBaseLogger,
    bodyLimit: core.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // The router refuses a malformed URL before any hook runs: answered as a problem naming the url.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, toDomainError(error)),
    // Requests are logged by the onResponse hook below, as config.requestLog says: two lines for each of
    // the thousands of requests a busy centre serves would bury what matters.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  useStrictValidation(app);
  // JSON only: a text/plain body is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith(DOCS_PREFIX) && route.config?.permission === undefined) {
      // The viewer's own routes: the API description is published with the code.
      route.config = { ...route.config, permission: core.config.docsPublic ? 'public' : 'authenticated' };
    }
    const permission = route.config?.permission;
    if (permission === undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no permission (config.permission)`);
    }
    for (const method of methods) routes.push({ method, url: route.url, permission, bodySchema: route.schema?.body });
    if (route.schema !== undefined && !route.url.startsWith(DOCS_PREFIX)) {
      route.schema = {
        ...route.schema,
        description: [route.schema.description, `Permission: \`${permission}\`.`].filter(Boolean).join('\n\n'),
        security: permission === 'public' ? [] : permission === 'metrics' ? [{ metricsToken: [] }] : [{ bearer: [] }, { sessionCookie: [] }],
      };
    }
  });

  // The security headers, computed once: helmet builds every header's value when it is configured, and
  // running its eleven middlewares once at start-up records what they set; each request then gets the
  // recorded headers in one loop (building them per request cost about 40 µs and 8 KB of garbage each).
  const securityHeaders = recordedHeaders(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapOrigins(core), ...core.config.mediaOrigins],
        connectSrc: ["'self'", ...mapOrigins(core), ...core.config.mediaOrigins],
        mediaSrc: ["'self'", 'blob:', ...core.config.mediaOrigins],
        workerSrc: ["'self'", 'blob:'],
        // Upgrading requests to HTTPS would break a centre served over plain HTTP on its own network.
        upgradeInsecureRequests: core.config.cookieSecure ? [] : null,
      },
    },
    // HSTS only where the centre is served over HTTPS (the same setting marks cookies Secure).
    strictTransportSecurity: core.config.cookieSecure,
    crossOriginEmbedderPolicy: false,
  }));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1_024 } });
  const described = openApiTransforms((url) => url.startsWith(DOCS_PREFIX));
  await app.register(swagger, {
    transform: described.transform,
    transformObject: described.transformObject,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Amane API',
        version: API_VERSION,
        description:
          'Command-and-coordination centre and identity-document service. Errors are RFC 9457 problem details ' +
          '(`application/problem+json`). Every route names the permission it needs.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /auth/login, or a device token' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'amane_session' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'AMANE_METRICS_TOKEN' },
        },
        schemas: described.components,
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    // Offline: no call to the public schema validator; no HTTPS upgrade where the centre serves plain HTTP.
    // No top bar: its Swagger logo is an SVG holding an inline <style>, which the page's CSP (rightly) blocks,
    // and its box for loading another API description has no use here.
    uiConfig: { validatorUrl: null, layout: 'BaseLayout' },
    transformStaticCSP: (header) =>
      (core.config.cookieSecure ? header : header.replace(/upgrade-insecure-requests;?/, '')).replace(' validator.swagger.io', ''),
  });
  // The MQTT topics and the /live feed (AsyncAPI 3), beside the OpenAPI description and with its access.
  const asyncApi = JSON.stringify(asyncApiDocument(API_VERSION));
  app.get(`${DOCS_PREFIX}/asyncapi.json`, { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(asyncApi));

  app.addHook('onRequest', async (request) => checkAccess(core, request));
  app.addHook('preValidation', async (request) => refuseUnexpectedBody(request));
  app.addHook('preValidation', async (request) => refuseMalformedText(request));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    core.metrics.httpRequests.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1_000,
    );
    const { requestLog, slowRequestMs } = core.config;
    const responseTime = Math.round(reply.elapsedTime * 10) / 10;
    if (requestLog === 'all') request.log.info({ req: request, res: reply, responseTime }, 'request completed');
    else if (requestLog === 'slow' && reply.elapsedTime >= slowRequestMs) request.log.warn({ req: request, res: reply, responseTime }, 'slow request');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domain = toDomainError(error);
    if (domain.status >= 500) request.log.error({ err: error }, 'request failed');
    sendProblem(request, reply, domain);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(
      new DomainError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
      request.url.split('?')[0],
      request.id,
    );
    void reply.code(404).type('application/problem+json').send(JSON.stringify(problem));
  });

  for (const module of modules) module.registerRoutes(app, core);
  registerConsoleRoutes(app, core);
  await app.ready();
  return app;
}

/** A route as registered, with what it asks of its caller. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly permission: RouteAccess;
  readonly bodySchema: unknown;
}

const registeredRoutes = new WeakMap<object, RegisteredRoute[]>();

/** Every route of an app with its declared access (the tests walk them all). */
export function routesOf(app: App): readonly RegisteredRoute[] {
  return registeredRoutes.get(app) ?? [];
}

/**
 * Two validators: bodies are taken exactly as sent (no type coercion, unknown fields refused, every
 * problem reported), while query strings and path parameters, which are text, are coerced.
 */
function useStrictValidation(app: App): void {
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? compiledBodies : compiledParameters).compile(schema));
  app.setSerializerCompiler(({ schema }) => compiledSerializers.compile(schema));
}

/**
 * Compiled code for a schema, kept for the process: the same schema (by content, since routes build
 * theirs when they are registered) compiles once whichever app uses it. A server builds one app, the test
 * suite hundreds, where compiling every validator and serializer again was most of an app's start.
 */
class CompiledOnce<F> {
  private readonly compiled = new Map<string, F>();
  constructor(private readonly build: (schema: object) => F) {}
  compile(schema: object): F {
    const key = JSON.stringify(schema);
    let found = this.compiled.get(key);
    if (found === undefined) {
      found = this.build(schema);
      this.compiled.set(key, found);
    }
    return found;
  }
}

const compiledBodies = new CompiledOnce(((ajv) => (schema: object) => ajv.compile(schema))(createValidator({ coerce: false })));
const compiledParameters = new CompiledOnce(((ajv) => (schema: object) => ajv.compile(schema))(createValidator({ coerce: true })));
// Fastify's own serializer compiler, without the external schemas Amane does not use.
const compiledSerializers = new CompiledOnce((schema) => fastJsonStringify(schema));

function refuseUnexpectedBody(request: FastifyRequest): void {
  if (!WRITE_METHODS.has(request.method) || request.routeOptions.schema?.body !== undefined) return;
  const body = request.body;
  const empty =
    body === undefined ||
    body === null ||
    body === '' ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body as object).length === 0);
  if (!empty) throw new DomainError('validation', 'body: this route takes no body', { errors: [{ field: 'body', message: 'this route takes no body' }] });
}

/** Every route's text, in one place: a lone UTF-16 surrogate is refused before any handler sees it. */
function refuseMalformedText(request: FastifyRequest): void {
  assertWellFormedText(request.params, 'params');
  assertWellFormedText(request.query, 'querystring');
  assertWellFormedText(request.body, 'body');
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: DomainError): void {
  const problem = toProblem(error, request.url.split('?')[0], request.id);
  if (error.retryAfterS !== undefined) void reply.header('retry-after', String(error.retryAfterS));
  void reply.code(error.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** Maps whatever was thrown to the closed list of errors; nothing internal reaches the client. */
function toDomainError(error: FastifyError): DomainError {
  if (error instanceof DomainError) return error;
  if (error.validation !== undefined) {
    return validationError(error.validation as ErrorObject[], error.validationContext ?? 'body');
  }
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      // Percent-escapes that decode to no UTF-8 text (`%ED%A0%80`, a surrogate's bytes); the URL is not echoed.
      return new DomainError('bad_request', 'url: must be percent-encoded UTF-8', { errors: [{ field: 'url', message: 'must be percent-encoded UTF-8' }] });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'body: larger than this server accepts', {
        errors: [{ field: 'body', message: 'is larger than this server accepts' }],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'body: send application/json', {
        errors: [{ field: 'body', message: 'must be application/json' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('validation', 'body: is empty although the content type says JSON', {
        errors: [{ field: 'body', message: 'is empty although the content type says JSON' }],
      });
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return new DomainError('rate_limited', 'too many requests; slow down');
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx: malformed JSON, prototype poisoning, bad content length. Its messages hold no internals.
    const message = error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP') ? 'is not valid JSON' : error.message;
    return new DomainError('bad_request', `body: ${message}`, { errors: [{ field: 'body', message }] });
  }
  return new DomainError('internal', 'an internal error occurred; quote the requestId when reporting it', { cause: error });
}

/**
 * The headers a helmet middleware sets, recorded by running it once on a response that only records.
 * Helmet's middlewares set headers that depend on its options alone, never on the request (no directive
 * here is a function), and remove `X-Powered-By`, which Fastify never sets.
 */
function recordedHeaders(middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void): readonly [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
    },
    removeHeader() {},
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('the security headers middleware did not finish at once');
  return headers;
}
