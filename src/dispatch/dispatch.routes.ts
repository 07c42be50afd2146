import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { IncidentNumber } from '../incidents/index.js';
import { CallSign } from '../units/index.js';
import { AssignBody, Assignment, Recommendation, RecommendationQuery, ReleaseBody, UNDO_WINDOW_S, UndoBody } from './dispatch.js';
import { recommendUnits } from './recommend.service.js';
import { acknowledge, dispatchUnits, getAssignments, releaseUnit, undoAssignment } from './dispatch.service.js';

const NumberParams = Closed({ number: IncidentNumber });

/** Sending units: assignments, releases, acknowledgements; incidents follow their units. */
export function registerDispatchRoutes(app: App, core: Core): void {
  app.get(
    '/incidents/:number/units',
    { config: { permission: 'incident.read' }, schema: { tags: ['dispatch'], summary: 'The units sent to an incident, current and past', params: NumberParams, response: { 200: Type.Array(Assignment) } } },
    async (request) => getAssignments(core.db, request.params.number),
  );

  app.post(
    '/incidents/:number/assign',
    {
      config: { permission: 'incident.dispatch' },
      schema: {
        tags: ['dispatch'],
        summary: 'Send units; with divert, units on lower-priority incidents are taken off them',
        params: NumberParams,
        body: AssignBody,
        response: { 200: Type.Array(Assignment) },
      },
    },
    async (request) =>
      dispatchUnits(core, actorOf(principalOf(request)), request.params.number, request.body.units, {
        ...(request.body.divert === undefined ? {} : { divert: request.body.divert }),
        ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
      }),
  );

  app.get(
    '/incidents/:number/recommendation',
    {
      config: { permission: 'incident.dispatch' },
      schema: {
        tags: ['dispatch'],
        summary: 'The units to send, fastest by road first, among those free and able (capabilities); with the reason for each',
        params: NumberParams,
        querystring: RecommendationQuery,
        response: { 200: Type.Array(Recommendation) },
      },
    },
    async (request) => recommendUnits(core, request.params.number, { ...request.query }),
  );

  app.post(
    '/incidents/:number/release',
    {
      config: { permission: 'incident.dispatch' },
      schema: { tags: ['dispatch'], summary: 'Take a unit off the incident, with a reason', params: NumberParams, body: ReleaseBody, response: { 200: Type.Array(Assignment) } },
    },
    async (request) => releaseUnit(core, actorOf(principalOf(request)), request.params.number, request.body.unit, request.body.reason),
  );

  app.post(
    '/incidents/:number/undo-assignment',
    {
      config: { permission: 'incident.dispatch' },
      schema: {
        tags: ['dispatch'],
        summary: `Take back an assignment one made less than ${UNDO_WINDOW_S} s ago, before its unit sets off: the unit and the incident go back to what they were (journaled with reason undo)`,
        params: NumberParams,
        body: UndoBody,
        response: { 200: Type.Array(Assignment) },
      },
    },
    async (request) => undoAssignment(core, actorOf(principalOf(request)), request.params.number, request.body.unit),
  );

  app.post(
    '/units/:callSign/acknowledge',
    {
      config: { permission: 'unit.status' },
      schema: { tags: ['dispatch'], summary: 'The unit confirms it received its assignment', params: Closed({ callSign: CallSign }), response: { 200: Assignment } },
    },
    async (request) => {
      const principal = principalOf(request);
      return acknowledge(core, principal, actorOf(principal), request.params.callSign);
    },
  );
}
