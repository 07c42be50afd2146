import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`the server's own routes (${testDatabaseKind()})`, () => {
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await setupTestApp({
      env: { AMANE_METRICS_TOKEN: 'metrics-token-for-the-test-0001', AMANE_REQUEST_LOG: 'all' },
      log: createLogger({ logLevel: 'info' }, sink),
    });
  });
  afterAll(async () => t.close());

  it('answers /health and /ready without a session', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/ready' })).json()).toEqual({ status: 'ready', parts: { identityKeystore: 'available' } });
  });

  it('serves the OpenAPI description, with each route naming its permission', async () => {
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json() as { openapi: string; paths: Record<string, Record<string, { description?: string; security?: unknown[] }>> };
    expect(spec.openapi).toBe('3.0.3');
    expect(spec.paths['/users']?.post?.description).toContain('Permission: `user.manage`');
    expect(spec.paths['/auth/login']?.post?.security).toEqual([]);
    expect(spec.paths['/users/{id}']?.get?.description).toContain('Permission: `user.read`');
    const viewer = await t.app.inject({ url: '/docs/' });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain('swagger-ui');
    expect(viewer.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it('serves Prometheus metrics to loopback and to the metrics token, not to others', async () => {
    await t.app.inject({ url: '/health' });
    const local = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('amane_http_request_duration_seconds_bucket{');
    expect(local.body).toContain('route="/health"');
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '10.0.0.8' })).statusCode).toBe(401);
    const withToken = await t.app.inject({ url: '/metrics', remoteAddress: '10.0.0.8', headers: bearer('metrics-token-for-the-test-0001') });
    expect(withToken.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '10.0.0.8', headers: bearer('wrong-token') })).statusCode).toBe(401);
  });

  it('sends security headers and a request id on every response, errors included', async () => {
    for (const url of ['/health', '/users', '/no-such-route']) {
      const response = await t.app.inject({ url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(response.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(response.headers['origin-agent-cluster'], url).toBe('?1');
      expect(response.headers['x-dns-prefetch-control'], url).toBe('off');
      expect(response.headers['x-download-options'], url).toBe('noopen');
      expect(response.headers['x-permitted-cross-domain-policies'], url).toBe('none');
      expect(response.headers['x-xss-protection'], url).toBe('0');
      expect(response.headers['x-powered-by'], url).toBeUndefined();
      expect(response.headers['x-request-id'], url).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.app.inject({ url: '/no-such-route?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      type: 'urn:amane:problem:not_found',
      status: 404,
      code: 'not_found',
      detail: 'no route GET /no-such-route',
      instance: '/no-such-route',
    });
  });

  it('logs each request with its id, and never a password, token or cookie (AMANE_REQUEST_LOG=all)', async () => {
    const admin = await t.login(['administrator']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/users?note=private',
      headers: bearer(admin.token),
      payload: { username: 'hamid', fullName: 'Hamid Alaoui', roles: ['dispatcher'], password: 'hamid-secret-phrase' },
    });
    expect(created.statusCode).toBe(201);
    await t.app.inject({ url: '/auth/me', cookies: { amane_session: admin.token } });
    const text = logLines.join('\n');
    const requestLines = logLines.map((line) => JSON.parse(line) as { reqId?: string; msg: string; req?: { path: string } }).filter((l) => l.msg === 'request completed');
    // The login, the user's creation and the session probe, each logged once.
    expect(requestLines.map((l) => l.req?.path)).toEqual(expect.arrayContaining(['/auth/login', '/users', '/auth/me']));
    for (const line of requestLines) expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).not.toContain(admin.password);
    expect(text).not.toContain('hamid-secret-phrase');
    expect(text).not.toContain(admin.token);
    expect(text).not.toContain('note=private');
  });

  it('stores passwords only as argon2id hashes', async () => {
    const { username, password } = await t.login(['dispatcher']);
    const row = await t.core.db.selectFrom('app_user').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(password);
  });
});

/** A log destination that keeps its lines. */
function logSink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe(`request logging by default (${testDatabaseKind()})`, () => {
  let t: TestApp;
  const sink = logSink();
  // A login takes tens of milliseconds (argon2), always over a 1 ms threshold.
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_SLOW_REQUEST_MS: '1' }, log: createLogger({ logLevel: 'info' }, sink.stream) });
  });
  afterAll(async () => t.close());

  it('logs slow requests only, as warnings naming the route and the time taken, never one line per request', async () => {
    const admin = await t.login(['administrator']);
    for (let i = 0; i < 5; i += 1) await t.app.inject({ url: '/health' });
    const lines = sink.lines.map((line) => JSON.parse(line) as { level: number; msg: string; req?: { path: string }; responseTime?: number });
    expect(lines.filter((line) => line.msg === 'request completed' || line.msg === 'incoming request')).toEqual([]);
    const slow = lines.filter((line) => line.msg === 'slow request');
    const login = slow.find((line) => line.req?.path === '/auth/login');
    expect(login?.level).toBe(40);
    expect(login?.responseTime).toBeGreaterThanOrEqual(1);
    expect(sink.lines.join('\n')).not.toContain(admin.password);
  });
});

describe('log lines for a person', () => {
  it('writes time, level and message on one readable line when the format is pretty, JSON otherwise', async () => {
    const pretty = logSink();
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, pretty.stream).warn({ callSign: 'CASA-PC-7' }, 'unit lost its tracker');
    const json = logSink();
    createLogger({ logLevel: 'info', logFormat: 'json' }, json.stream).warn({ callSign: 'CASA-PC-7' }, 'unit lost its tracker');
    await expect.poll(() => pretty.lines.length).toBe(1);
    expect(pretty.lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: unit lost its tracker \{"callSign":"CASA-PC-7"\}$/);
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: 40, msg: 'unit lost its tracker', callSign: 'CASA-PC-7' });
  });
});
