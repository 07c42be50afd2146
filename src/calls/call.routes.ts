import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, userOf, type App } from '../core/http.js';
import { Closed, Timestamp, Username } from '../core/schema.js';
import { DomainError } from '../core/errors.js';
import { IncidentNumber, NewIncident } from '../incidents/index.js';
import { CallTakerOnBoard } from '../contract/call.schema.js';
import { CallKpis } from './call-kpi.js';
import { Call, CallLocationInput, RingReport, TelephonyCallId, TransferReport } from './call.js';
import {
  addLocation,
  answer,
  callTakers,
  callbacks,
  createIncidentFromCall,
  endCall,
  getCall,
  hangup,
  kpis,
  linkIncident,
  markCallbackDone,
  queue,
  ring,
  setCallTakerState,
  takeNext,
  transfer,
} from './call.service.js';

const CallParams = Closed({ callId: TelephonyCallId });
const FromCall = Type.Object({ ...NewIncident.properties, location: Type.Optional(NewIncident.properties.location) }, { additionalProperties: false });
const KpiQuery = Closed({ from: Timestamp, to: Timestamp });
const KpiGroup = Type.Array(Type.Object({ group: Type.String(), ...CallKpis.properties }));

/** Line 19: the telephony adapter, the queue, the call-takers, calls to incidents, and the KPIs. */
export function registerCallRoutes(app: App, core: Core): void {
  // The telephony (a device) reports what the phone system sees.
  app.post(
    '/telephony/calls',
    { config: { permission: 'call.report' }, schema: { tags: ['telephony'], summary: 'A call rings (with its network location, lat/lon or PIDF-LO)', body: RingReport, response: { 201: Call } } },
    async (request, reply) => reply.code(201).send(await ring(core, actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/telephony/calls/:callId/answer',
    { config: { permission: 'call.report' }, schema: { tags: ['telephony'], summary: 'A call-taker answered', params: CallParams, body: Closed({ callTaker: Username }), response: { 200: Call } } },
    async (request) => answer(core, actorOf(principalOf(request)), request.params.callId, request.body.callTaker),
  );
  app.post(
    '/telephony/calls/:callId/transfer',
    { config: { permission: 'call.report' }, schema: { tags: ['telephony'], summary: 'The call was transferred', params: CallParams, body: TransferReport, response: { 200: Call } } },
    async (request) => transfer(core, actorOf(principalOf(request)), request.params.callId, request.body.to),
  );
  app.post(
    '/telephony/calls/:callId/hangup',
    { config: { permission: 'call.report' }, schema: { tags: ['telephony'], summary: 'The line went down (abandoned if unanswered)', params: CallParams, response: { 200: Call } } },
    async (request) => hangup(core, actorOf(principalOf(request)), request.params.callId),
  );

  // Call-takers.
  app.post(
    '/call-takers/me/state',
    {
      config: { permission: 'call.take' },
      schema: { tags: ['calls'], summary: 'Log in or out of the queue, go ready or not ready', body: Closed({ state: Type.Enum(['ready', 'not_ready', 'logged_out'], { 'x-expected': 'ready, not_ready or logged_out' }) }) },
    },
    async (request, reply) => {
      await setCallTakerState(core, userOf(request).username, request.body.state);
      return reply.code(204).send();
    },
  );
  app.get(
    '/call-takers',
    { config: { permission: 'call.read' }, schema: { tags: ['calls'], summary: "Call-takers' states", response: { 200: Type.Array(CallTakerOnBoard) } } },
    async () => callTakers(core.db),
  );
  app.post(
    '/calls/next',
    { config: { permission: 'call.take' }, schema: { tags: ['calls'], summary: 'Take the call that waited longest (urgent callbacks first)', response: { 200: Call } } },
    async (request) => takeNext(core, userOf(request).username),
  );
  app.get(
    '/calls/queue',
    { config: { permission: 'call.read' }, schema: { tags: ['calls'], summary: 'Calls waiting, in the order they will be offered, with waiting times', response: { 200: Type.Array(Call) } } },
    async () => queue(core),
  );
  app.get(
    '/calls/callbacks',
    { config: { permission: 'call.read' }, schema: { tags: ['calls'], summary: 'Abandoned calls to call back, with their numbers', response: { 200: Type.Array(Call) } } },
    async () => callbacks(core.db),
  );
  app.get(
    '/calls/kpis',
    {
      config: { permission: 'call.kpi' },
      schema: {
        tags: ['calls'],
        summary: 'Answer-time KPIs (NENA-STA-020.1: 90% in 15 s, 95% in 20 s; NFPA 1225: 10 s) for calls that rang in [from, to)',
        querystring: KpiQuery,
        response: { 200: Type.Object({ overall: CallKpis, byHour: KpiGroup, byCallTaker: KpiGroup, byDay: KpiGroup }) },
      },
    },
    async (request) => {
      if (request.query.from >= request.query.to) throw new DomainError('validation', 'to: must be after from', { errors: [{ field: 'to', message: 'must be after from' }] });
      return kpis(core.db, new Date(request.query.from).toISOString(), new Date(request.query.to).toISOString());
    },
  );
  app.get(
    '/calls/:callId',
    { config: { permission: 'call.read' }, schema: { tags: ['calls'], summary: 'One call', params: CallParams, response: { 200: Call } } },
    async (request) => getCall(core.db, request.params.callId),
  );
  app.post(
    '/calls/:callId/location',
    {
      config: { permission: 'call.take' },
      schema: { tags: ['calls'], summary: "Place the caller (kept beside the network's location, never over it)", params: CallParams, body: CallLocationInput, response: { 200: Call } },
    },
    async (request) => addLocation(core, actorOf(principalOf(request)), request.params.callId, request.body, 'call-taker'),
  );
  app.post(
    '/calls/:callId/end',
    {
      config: { permission: 'call.take' },
      schema: {
        tags: ['calls'],
        summary: 'End the call in hand: the call has ended and the call-taker goes to wrap-up, offered no call until ready again',
        params: CallParams,
        response: { 200: Call },
      },
    },
    async (request) => endCall(core, userOf(request).username, request.params.callId),
  );
  app.post(
    '/calls/:callId/transfer',
    { config: { permission: 'call.take' }, schema: { tags: ['calls'], summary: 'Transfer the call (fire: civil protection 15; medical: 15/150)', params: CallParams, body: TransferReport, response: { 200: Call } } },
    async (request) => transfer(core, actorOf(principalOf(request)), request.params.callId, request.body.to),
  );
  app.post(
    '/calls/:callId/incident',
    {
      config: { permission: 'call.take' },
      schema: {
        tags: ['calls'],
        summary: "Create an incident from the call (located where the call-taker placed it, else the network's location) and link them",
        params: CallParams,
        body: FromCall,
        response: { 201: Type.Object({ call: Call, incidentNumber: IncidentNumber }) },
      },
    },
    async (request, reply) => reply.code(201).send(await createIncidentFromCall(core, actorOf(principalOf(request)), request.params.callId, request.body)),
  );
  app.post(
    '/calls/:callId/link',
    { config: { permission: 'call.take' }, schema: { tags: ['calls'], summary: 'Link the call to an existing incident (a duplicate)', params: CallParams, body: Closed({ incident: IncidentNumber }), response: { 200: Call } } },
    async (request) => linkIncident(core, actorOf(principalOf(request)), request.params.callId, request.body.incident),
  );
  app.post(
    '/calls/:callId/callback-done',
    { config: { permission: 'call.take' }, schema: { tags: ['calls'], summary: 'The abandoned caller was called back', params: CallParams, response: { 200: Call } } },
    async (request) => markCallbackDone(core, actorOf(principalOf(request)), request.params.callId),
  );
}
