import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Core } from '../context.js';
import { SESSION_COOKIE, principalOf, userOf, type App } from '../http.js';
import { Closed, IdParams, Password, ReasonBody, Username } from '../schema.js';
import { findCaller } from './access.js';
import { LoginThrottle } from './login-throttle.js';
import { Me, Session, describeCaller, listSessions, login, logout, revokeSession } from './session.service.js';
import { TotpCode } from './totp.js';
import { LanguageChoice, User } from './user.js';
import { changeOwnPassword, getUser, setOwnLanguage } from './user.service.js';

const LoginRequest = Closed({
  username: Username,
  // Any existing password may be typed here; the length rule applies when one is chosen.
  password: Type.String({ minLength: 1, maxLength: 256, 'x-expected': '1 to 256 characters' }),
  /** For an account with a second factor: the code its app shows now (without it: 401 second_factor_required). */
  code: Type.Optional(TotpCode),
});
const LoginResponse = Type.Object({ token: Type.String(), session: Session, user: User });
const SessionState = Type.Object({
  authenticated: Type.Boolean(),
  /** Present when authenticated: the same answer as `GET /auth/me`. */
  user: Type.Optional(Me),
});
const PasswordChange = Closed({ currentPassword: Type.String({ minLength: 1, maxLength: 256, description: 'The password in use now; a wrong one counts as a refused login' }), newPassword: Password });

/** Login, logout, the caller's own identity and password, and sessions. */
export function registerSessionRoutes(app: App, core: Core): void {
  const throttle = new LoginThrottle(core.config.loginAttemptsPerMinute, core.clock);
  app.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Log in: returns a session token (also set as an HttpOnly cookie for the console). An account with a second factor sends its code too; without it the answer is 401 `second_factor_required`',
        body: LoginRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const result = await login(core, throttle, { ...request.body, clientAddress: request.ip });
      setSessionCookie(reply, core, result.token);
      return result;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'authenticated', allowWithTemporaryPassword: true, allowWithoutSecondFactor: true },
      schema: { tags: ['auth'], summary: 'Close the current session' },
    },
    async (request, reply) => {
      await logout(core, userOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { permission: 'authenticated', allowWithTemporaryPassword: true, allowWithoutSecondFactor: true },
      schema: { tags: ['auth'], summary: 'Who the caller is and what they may do', response: { 200: Me } },
    },
    async (request) => describeCaller(core, principalOf(request)),
  );

  // The console asks this on load: a visitor who is not logged in gets an answer, not a 401.
  app.get(
    '/auth/session',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether the caller is logged in (never 401): {authenticated: false}, or {authenticated: true, user: what GET /auth/me answers}',
        response: { 200: SessionState },
      },
    },
    async (request) => {
      const principal = await findCaller(core, request);
      return principal === undefined ? { authenticated: false } : { authenticated: true, user: await describeCaller(core, principal) };
    },
  );

  app.put(
    '/auth/me/language',
    {
      config: { permission: 'authenticated', allowWithTemporaryPassword: true, allowWithoutSecondFactor: true },
      schema: { tags: ['auth'], summary: 'Choose the language of your console (ar, fr or en); remembered for your next logins', body: LanguageChoice, response: { 200: LanguageChoice } },
    },
    async (request) => ({ language: await setOwnLanguage(core, userOf(request), request.body.language) }),
  );

  app.post(
    '/auth/password',
    {
      config: { permission: 'authenticated', allowWithTemporaryPassword: true, allowWithoutSecondFactor: true },
      schema: { tags: ['auth'], summary: 'Change your own password (closes your other sessions)', body: PasswordChange },
    },
    async (request, reply) => {
      const user = userOf(request);
      await changeOwnPassword(core, user.userId, user.sessionId, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send();
    },
  );

  app.get(
    '/users/:id/sessions',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['users'], summary: "A user's open sessions", params: IdParams, response: { 200: Type.Array(Session) } },
    },
    async (request) => {
      await getUser(core.db, request.params.id);
      return listSessions(core, request.params.id);
    },
  );

  app.post(
    '/sessions/:id/revoke',
    {
      config: { permission: 'session.revoke' },
      schema: { tags: ['users'], summary: 'Revoke a session now', params: IdParams, body: ReasonBody },
    },
    async (request, reply) => {
      await revokeSession(core, `user:${userOf(request).username}`, request.params.id, request.body.reason);
      return reply.code(204).send();
    },
  );
}

function setSessionCookie(reply: FastifyReply, core: Core, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: core.config.cookieSecure,
    path: '/',
    maxAge: core.config.sessionTtlSeconds,
  });
}
