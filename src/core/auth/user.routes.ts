import { Type } from 'typebox';
import type { Core } from '../context.js';
import { actorOf } from './principal.js';
import { principalOf, type App } from '../http.js';
import { Closed, IdParams, ReasonBody } from '../schema.js';
import { CreatedUser, NewUser, User, UserAccount, UserChange, UserWithOneTimePassword } from './user.js';
import { registerRoleGrantRoutes } from './role-grant.routes.js';
import { createUser, disableUser, enableUser, getUser, listAccounts, resetPassword, updateUser } from './user.service.js';

const ListQuery = Closed({ includeDisabled: Type.Optional(Type.Boolean()) });

/** User accounts: administrators manage them, supervisors and auditors read them. */
export function registerUserRoutes(app: App, core: Core): void {
  app.get(
    '/users',
    {
      config: { permission: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'List users (the disabled ones too with ?includeDisabled=true), each with its sign-in lock and second factor',
        querystring: ListQuery,
        response: { 200: Type.Array(UserAccount) },
      },
    },
    async (request) => listAccounts(core, { includeDisabled: request.query.includeDisabled ?? false }),
  );

  app.post(
    '/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user (without a password, a one-time password is returned once)',
        body: NewUser,
        response: { 201: CreatedUser },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: User } },
    },
    async (request) => getUser(core.db, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['users'], summary: "Change a user's names, roles or language", params: IdParams, body: UserChange, response: { 200: User } },
    },
    async (request) => updateUser(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.post(
    '/users/:id/disable',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['users'], summary: 'Disable a user and close their sessions', params: IdParams, body: ReasonBody, response: { 200: User } },
    },
    async (request) => disableUser(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );

  app.post(
    '/users/:id/enable',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['users'], summary: 'Enable a disabled user, with the reason', params: IdParams, body: ReasonBody, response: { 200: User } },
    },
    async (request) => enableUser(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Give a user a new one-time password (closes their sessions)',
        params: IdParams,
        response: { 200: UserWithOneTimePassword },
      },
    },
    async (request) => resetPassword(core, actorOf(principalOf(request)), request.params.id),
  );

  registerRoleGrantRoutes(app, core);
}
