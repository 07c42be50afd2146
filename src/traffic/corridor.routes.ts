import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Corridor, CorridorChange, CorridorParams, CorridorTime, NewCorridor } from '../contract/traffic-feed.schema.js';
import { changeCorridor, corridorTimes, createCorridor, getCorridor, listCorridors, removeCorridor } from './corridor.service.js';

const tags = ['traffic'];

/** Named corridors (`traffic.operate` to edit, journaled) and their travel times now against usual. */
export function registerCorridorRoutes(app: App, core: Core): void {
  app.get('/traffic/corridors', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'The named corridors, with their waypoints', response: { 200: Type.Array(Corridor) } } }, async () => listCorridors(core));

  app.get(
    '/traffic/corridors/times',
    {
      config: { permission: 'traffic.read' },
      schema: { tags, summary: "Each corridor's travel time now (live speeds and closures) against its usual time, the ratio, its line and the cameras along it", response: { 200: Type.Array(CorridorTime) } },
    },
    async () => corridorTimes(core),
  );

  app.post(
    '/traffic/corridors',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: 'Name a corridor (Arabic, French, English) and its waypoints in the order travelled; journaled', body: NewCorridor, response: { 201: Corridor } } },
    async (request, reply) => reply.code(201).send(await createCorridor(core, actorOf(principalOf(request)), request.body)),
  );

  app.get('/traffic/corridors/:id', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'One corridor', params: CorridorParams, response: { 200: Corridor } } }, async (request) =>
    getCorridor(core, request.params.id),
  );

  app.patch(
    '/traffic/corridors/:id',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: "Rename a corridor or move its waypoints; journaled", params: CorridorParams, body: CorridorChange, response: { 200: Corridor } } },
    async (request) => changeCorridor(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.delete(
    '/traffic/corridors/:id',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: 'Remove a corridor; journaled', params: CorridorParams } },
    async (request, reply) => {
      await removeCorridor(core, actorOf(principalOf(request)), request.params.id);
      return reply.code(204).send();
    },
  );
}
