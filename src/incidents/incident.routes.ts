import { CloseBody, Disposition, dispositions, type DispositionCode } from './disposition.js';
import { Type } from 'typebox';
import type { RouteAccess } from '../core/auth/permission.js';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed, Line, ReasonBody } from '../core/schema.js';
import { Flags, Incident, IncidentNumber, NearbyIncident, NewIncident, Note, NoteText, type IncidentAction } from './incident.js';
import { IncidentType, IncidentTypeCatalogue } from './incident-type.js';
import { getCatalogue, replaceCatalogue } from './incident-catalogue.service.js';
import {
  addNote,
  applyAction,
  changePriority,
  createIncident,
  findDuplicates,
  getIncident,
  getNotes,
  getTimeline,
  listIncidents,
  premiseHistory,
  setFlags,
} from './incident.service.js';

const NumberParams = Closed({ number: IncidentNumber });
const ListQuery = Closed({
  open: Type.Optional(Type.Boolean({ description: 'only incidents not closed or cancelled (default true)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, 'x-expected': 'a whole number from 1 to 500' })),
});
const ActionBody = Closed({ reason: Type.Optional(Line({ maxLength: 500 })) });
const PriorityChange = Closed({
  priority: Type.Enum(['P1', 'P2', 'P3', 'P4'], { 'x-expected': 'P1, P2, P3 or P4' }),
  reason: Line({ maxLength: 500 }),
});
const Timeline = Type.Object({
  events: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), actor: Type.String(), type: Type.String(), data: Type.Record(Type.String(), Type.Unknown()) })),
  intervals: Type.Object({
    callAnsweredToCreatedS: Type.Optional(Type.Number()),
    createdToDispatchedS: Type.Optional(Type.Number()),
    dispatchedToOnSceneS: Type.Optional(Type.Number()),
    onSceneToClearedS: Type.Optional(Type.Number()),
  }),
});

/** Each lifecycle action has its route and its permission. */
const actionRoutes: readonly { path: string; action: IncidentAction; permission: RouteAccess; summary: string; reasonRequired: boolean }[] = [
  { path: 'dispatch', action: 'dispatch', permission: 'incident.dispatch', summary: 'Mark dispatched (a unit is assigned)', reasonRequired: false },
  { path: 'en-route', action: 'en_route', permission: 'incident.dispatch', summary: 'Mark en route', reasonRequired: false },
  { path: 'on-scene', action: 'arrive', permission: 'incident.dispatch', summary: 'Mark on scene', reasonRequired: false },
  { path: 'clear', action: 'clear', permission: 'incident.dispatch', summary: 'Mark cleared (units done on scene)', reasonRequired: false },
  { path: 'close', action: 'close', permission: 'incident.close', summary: 'Close, saying how it ended (disposition; journaled)', reasonRequired: false },
  { path: 'cancel', action: 'cancel', permission: 'incident.close', summary: 'Cancel, with a reason', reasonRequired: true },
  { path: 'reopen', action: 'reopen', permission: 'incident.reopen', summary: 'Reopen a closed or cancelled incident, with a reason', reasonRequired: true },
];

/** Incidents: creation, lifecycle, priority, flags, notes, timeline. */
export function registerIncidentRoutes(app: App, core: Core): void {
  app.get(
    '/incident-types',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: 'The incident type catalogue with its questionnaires', response: { 200: Type.Array(IncidentType) } } },
    async () => getCatalogue(core),
  );

  app.put(
    '/incident-types',
    {
      config: { permission: 'incident.catalogue' },
      schema: {
        tags: ['incidents'],
        summary: 'Replace the catalogue (validated first; the journal records which types changed)',
        body: IncidentTypeCatalogue,
        response: { 200: IncidentTypeCatalogue },
      },
    },
    async (request) => replaceCatalogue(core, actorOf(principalOf(request)), request.body),
  );

  app.get(
    '/incident-dispositions',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: 'How an incident may end, in three languages', response: { 200: Type.Array(Disposition) } } },
    async () => dispositions.map((d) => ({ code: d.code, labels: { ...d.labels } })),
  );

  app.post(
    '/incidents',
    {
      config: { permission: 'incident.create' },
      schema: { tags: ['incidents'], summary: 'Create an incident; type and answers set its priority', body: NewIncident, response: { 201: Incident } },
    },
    async (request, reply) => reply.code(201).send(await createIncident(core, actorOf(principalOf(request)), await getCatalogue(core), request.body)),
  );

  app.get(
    '/incidents',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: 'Incidents by priority, then age', querystring: ListQuery, response: { 200: Type.Array(Incident) } } },
    async (request) => listIncidents(core.db, { open: request.query.open ?? true, limit: request.query.limit ?? 200 }),
  );

  app.get(
    '/incidents/near',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: 'Open incidents a new call may be about: near and recent, of a compatible type, nearest first',
        querystring: Closed({
          lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }),
          lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }),
          type: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'an incident type code' })),
        }),
        response: { 200: Type.Array(NearbyIncident) },
      },
    },
    async (request) =>
      findDuplicates(core, await getCatalogue(core), {
        location: { lat: request.query.lat, lon: request.query.lon },
        ...(request.query.type === undefined ? {} : { type: request.query.type }),
      }),
  );

  app.get(
    '/incidents/:number/premise-history',
    {
      config: { permission: 'incident.read' },
      schema: { tags: ['incidents'], summary: 'Incidents at the same place in the days before this one', params: NumberParams, response: { 200: Type.Array(NearbyIncident) } },
    },
    async (request) => premiseHistory(core, request.params.number),
  );

  app.get(
    '/incidents/:number',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: 'One incident', params: NumberParams, response: { 200: Incident } } },
    async (request) => getIncident(core.db, request.params.number),
  );

  for (const route of actionRoutes) {
    app.post(
      `/incidents/:number/${route.path}`,
      {
        config: { permission: route.permission },
        schema: {
          tags: ['incidents'],
          summary: route.summary,
          params: NumberParams,
          body: route.action === 'close' ? CloseBody : route.reasonRequired ? ReasonBody : ActionBody,
          response: { 200: Incident },
        },
      },
      async (request) => {
        const body = request.body as { reason?: string; disposition?: DispositionCode };
        return applyAction(core, actorOf(principalOf(request)), request.params.number, route.action, body.reason, body.disposition);
      },
    );
  }

  app.post(
    '/incidents/:number/priority',
    { config: { permission: 'incident.update' }, schema: { tags: ['incidents'], summary: 'Change the priority, with a reason', params: NumberParams, body: PriorityChange, response: { 200: Incident } } },
    async (request) => changePriority(core, actorOf(principalOf(request)), request.params.number, request.body.priority, request.body.reason),
  );

  app.post(
    '/incidents/:number/flags',
    { config: { permission: 'incident.update' }, schema: { tags: ['incidents'], summary: 'Set or clear flags', params: NumberParams, body: Type.Partial(Flags), response: { 200: Incident } } },
    async (request) => setFlags(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.get(
    '/incidents/:number/notes',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: 'Narrative notes, in order', params: NumberParams, response: { 200: Type.Array(Note) } } },
    async (request) => getNotes(core.db, request.params.number),
  );

  app.post(
    '/incidents/:number/notes',
    {
      config: { permission: 'incident.update' },
      schema: { tags: ['incidents'], summary: 'Add a note (notes are never edited)', params: NumberParams, body: Closed({ text: NoteText }), response: { 201: Note } },
    },
    async (request, reply) => reply.code(201).send(await addNote(core, actorOf(principalOf(request)), request.params.number, request.body.text)),
  );

  app.get(
    '/incidents/:number/timeline',
    { config: { permission: 'incident.read' }, schema: { tags: ['incidents'], summary: "The incident's journal events and derived intervals", params: NumberParams, response: { 200: Timeline } } },
    async (request) => getTimeline(core, request.params.number),
  );
}
