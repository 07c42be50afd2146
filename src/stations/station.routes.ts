import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { NewStation, Station } from './station.js';
import { createStation, listStations, seedStationsFromAreas } from './station.service.js';

/** Police stations; read and managed with the units' permissions, as before they had a module of their own. */
export function registerStationRoutes(app: App, core: Core): void {
  app.get(
    '/stations',
    { config: { permission: 'unit.read' }, schema: { tags: ['units'], summary: 'Police stations, with the district each answers for', response: { 200: Type.Array(Station) } } },
    async () => listStations(core.db),
  );

  app.post(
    '/stations',
    { config: { permission: 'unit.manage' }, schema: { tags: ['units'], summary: 'Add a station', body: NewStation, response: { 201: Station } } },
    async (request, reply) => reply.code(201).send(await createStation(core, actorOf(principalOf(request)), request.body)),
  );

  app.post(
    '/stations/from-districts',
    {
      config: { permission: 'unit.manage' },
      schema: { tags: ['units'], summary: 'Add one station inside each imported district that has none', response: { 200: Type.Array(Station) } },
    },
    async (request) => seedStationsFromAreas(core, actorOf(principalOf(request))),
  );
}
