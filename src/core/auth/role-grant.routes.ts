import { Type } from 'typebox';
import type { Core } from '../context.js';
import { principalOf, type App } from '../http.js';
import { IdParams } from '../schema.js';
import { actorOf } from './principal.js';
import { GrantQuery, RefuseBody, RoleGrant } from './role-grant.js';
import { approveRoleGrant, listGrants, refuseRoleGrant } from './role-grant.service.js';

/** Roles waiting for a second administrator: read them, approve or refuse them. */
export function registerRoleGrantRoutes(app: App, core: Core): void {
  app.get(
    '/role-grants',
    {
      config: { permission: 'user.read' },
      schema: { tags: ['users'], summary: 'Role grants, oldest first: those waiting for a second administrator with ?status=pending', querystring: GrantQuery, response: { 200: Type.Array(RoleGrant) } },
    },
    async (request) => listGrants(core.db, request.query.status),
  );

  app.post(
    '/role-grants/:id/approve',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['users'], summary: 'Approve a grant asked for by another administrator (two-person rule); the role is held at once', params: IdParams, response: { 200: RoleGrant } },
    },
    async (request) => approveRoleGrant(core, actorOf(principalOf(request)), request.params.id),
  );

  app.post(
    '/role-grants/:id/refuse',
    {
      config: { permission: 'user.manage' },
      schema: { tags: ['users'], summary: 'Refuse a pending grant, or withdraw one you asked for, with the reason', params: IdParams, body: RefuseBody, response: { 200: RoleGrant } },
    },
    async (request) => refuseRoleGrant(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );
}
