import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed, ReasonBody, Uuid } from '../core/schema.js';
import { IncidentNumber } from '../incidents/index.js';
import { CallSign } from '../units/index.js';
import { CordonFeatures, EodPicture, RoadClosure, SetCordon } from './cordon.js';
import { getEodPicture, cordonFeatures, latestCap, liftCordon, listRoadClosures, setCordon, setDeviceClass } from './cordon.service.js';
import { getDeployment, listDeployments, logDeployment, squadFigures } from './deployment.service.js';
import {
  Deployment,
  DeploymentLog,
  EquipmentChange,
  EquipmentParams,
  NewEquipment,
  NewSquad,
  Squad,
  SquadChange,
  SquadFigures,
  SquadParams,
  YearQuery,
} from './eod.js';
import { EodRecommendation, SquadAssignment, assignSquad, recommendSquads } from './eod-recommend.service.js';
import { addEquipment, changeEquipment, changeSquad, createSquad, getSquad, listSquads } from './squad.service.js';
import { DeviceClassCode, StandoffTable, StandoffTableInForce } from './standoff.js';
import { getStandoffTable, replaceStandoffTable } from './standoff.service.js';

const NumberParams = Closed({ number: IncidentNumber });
const tags = ['eod'];


/** Squads and equipment, deployments and figures, the stand-off table, and each incident's scene: class, cordon, CAP, squads. */
export function registerEodRoutes(app: App, core: Core): void {
  // --- Squads ------------------------------------------------------------------------------------
  app.get('/eod/squads', { config: { permission: 'eod.read' }, schema: { tags, summary: 'EOD squads in every city, with equipment readiness and the degraded flag', response: { 200: Type.Array(Squad) } } }, async () =>
    listSquads(core),
  );

  app.post(
    '/eod/squads',
    {
      config: { permission: 'eod.manage' },
      schema: { tags, summary: 'Register a squad: an existing eod_squad unit, or a new one at `station`, with its city and equipment', body: NewSquad, response: { 201: Squad } },
    },
    async (request, reply) => reply.code(201).send(await createSquad(core, actorOf(principalOf(request)), request.body)),
  );

  app.get('/eod/squads/:callSign', { config: { permission: 'eod.read' }, schema: { tags, summary: 'One squad', params: SquadParams, response: { 200: Squad } } }, async (request) =>
    getSquad(core, request.params.callSign),
  );

  app.patch(
    '/eod/squads/:callSign',
    { config: { permission: 'eod.manage' }, schema: { tags, summary: "Change a squad's city", params: SquadParams, body: SquadChange, response: { 200: Squad } } },
    async (request) => changeSquad(core, actorOf(principalOf(request)), request.params.callSign, request.body),
  );

  app.post(
    '/eod/squads/:callSign/equipment',
    { config: { permission: 'eod.manage' }, schema: { tags, summary: 'Add an item of equipment (robot, x-ray, jammer, bomb suit, vehicle)', params: SquadParams, body: NewEquipment, response: { 200: Squad } } },
    async (request) => addEquipment(core, actorOf(principalOf(request)), request.params.callSign, request.body),
  );

  app.patch(
    '/eod/squads/:callSign/equipment/:id',
    {
      config: { permission: 'eod.manage' },
      schema: { tags, summary: "Change an item's readiness (ready, maintenance, deployed), next maintenance date or label", params: EquipmentParams, body: EquipmentChange, response: { 200: Squad } },
    },
    async (request) => changeEquipment(core, actorOf(principalOf(request)), request.params.callSign, request.params.id, request.body),
  );

  app.get(
    '/eod/squads/:callSign/deployments',
    {
      config: { permission: 'eod.read' },
      schema: { tags, summary: "A squad's deployment log, oldest first; with `year`, that year's", params: SquadParams, querystring: Type.Partial(YearQuery), response: { 200: Type.Array(Deployment) } },
    },
    async (request) => {
      await getSquad(core, request.params.callSign);
      return listDeployments(core.db, { callSign: request.params.callSign, ...(request.query.year === undefined ? {} : { year: request.query.year }) });
    },
  );

  app.get(
    '/eod/squads/:callSign/figures',
    {
      config: { permission: 'eod.read' },
      schema: { tags, summary: "A squad's figures for a year (Casablanca time), for the annual report", params: SquadParams, querystring: YearQuery, response: { 200: SquadFigures } },
    },
    async (request) => squadFigures(core.db, request.params.callSign, request.query.year),
  );

  app.get('/eod/deployments/:id', { config: { permission: 'eod.read' }, schema: { tags, summary: 'One deployment', params: Closed({ id: Uuid }), response: { 200: Deployment } } }, async (request) =>
    getDeployment(core.db, request.params.id),
  );

  app.patch(
    '/eod/deployments/:id',
    {
      config: { permission: 'eod.operate' },
      schema: { tags, summary: 'Log a deployment: times (in order), equipment used, outcome, notes', params: Closed({ id: Uuid }), body: DeploymentLog, response: { 200: Deployment } },
    },
    async (request) => logDeployment(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  // --- The stand-off table -----------------------------------------------------------------------
  app.get(
    '/eod/standoff-table',
    { config: { permission: 'eod.read' }, schema: { tags, summary: 'The bomb threat stand-off table in force (NCTC/DHS chart), with its source', response: { 200: StandoffTableInForce } } },
    async () => getStandoffTable(core),
  );

  app.put(
    '/eod/standoff-table',
    {
      config: { permission: 'eod.manage' },
      schema: { tags, summary: 'Replace the stand-off table (validated, journaled); cordons already set keep their distances until changed', body: StandoffTable, response: { 200: StandoffTableInForce } },
    },
    async (request) => replaceStandoffTable(core, actorOf(principalOf(request)), request.body),
  );

  app.get(
    '/eod/cordons',
    { config: { permission: 'eod.read' }, schema: { tags, summary: 'The cordons in force as GeoJSON circles (mandatory and preferred), for the map', response: { 200: CordonFeatures } } },
    async () => cordonFeatures(core.db),
  );

  app.get(
    '/eod/closures',
    {
      config: { permission: 'eod.read' },
      schema: {
        tags,
        summary: 'The cordons in force with the roads they close (names, segments end to end) and the perimeter points, oldest first: for the traffic room',
        response: { 200: Type.Array(RoadClosure) },
      },
    },
    async () => listRoadClosures(core),
  );

  // --- An incident's scene -----------------------------------------------------------------------
  app.get(
    '/incidents/:number/eod',
    {
      config: { permission: 'eod.read' },
      schema: { tags, summary: "An incident's device class, cordon (perimeter points, cameras, withdrawn units), CAP messages and squad deployments", params: NumberParams, response: { 200: EodPicture } },
    },
    async (request) => getEodPicture(core, request.params.number),
  );

  app.post(
    '/incidents/:number/eod/device-class',
    {
      config: { permission: 'incident.update' },
      schema: {
        tags,
        summary: 'Confirm or refine the device class: the crew of a unit sent to the incident (the first patrol on scene), or an EOD officer',
        params: NumberParams,
        body: Closed({ deviceClass: DeviceClassCode }),
        response: { 200: EodPicture },
      },
    },
    async (request) => setDeviceClass(core, principalOf(request), request.params.number, request.body.deviceClass),
  );

  app.post(
    '/incidents/:number/cordon',
    {
      config: { permission: 'eod.operate' },
      schema: { tags, summary: 'Set the stand-off cordon, or change the one in force (CAP Alert, then Update)', params: NumberParams, body: SetCordon, response: { 200: EodPicture } },
    },
    async (request) => setCordon(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.post(
    '/incidents/:number/cordon/lift',
    { config: { permission: 'eod.operate' }, schema: { tags, summary: 'Lift the cordon in force (CAP Cancel)', params: NumberParams, body: ReasonBody, response: { 200: EodPicture } } },
    async (request) => liftCordon(core, actorOf(principalOf(request)), request.params.number, request.body.reason),
  );

  app.get(
    '/incidents/:number/cap',
    {
      config: { permission: 'eod.read' },
      schema: {
        tags,
        summary: "The incident's public warning as an OASIS CAP 1.2 alert (XML, Arabic and French): the latest of Alert, Update, Cancel",
        params: NumberParams,
        response: { 200: Type.String({ description: 'application/cap+xml' }) },
      },
    },
    async (request, reply) => reply.type('application/cap+xml; charset=utf-8').send(await latestCap(core.db, request.params.number)),
  );

  app.get(
    '/incidents/:number/eod/recommendation',
    {
      config: { permission: 'eod.read' },
      schema: {
        tags,
        summary: 'The squads to send, across cities (ready before degraded, fastest first), and the local patrols to hold the cordon meanwhile',
        params: NumberParams,
        response: { 200: EodRecommendation },
      },
    },
    async (request) => recommendSquads(core, request.params.number),
  );

  app.post(
    '/incidents/:number/eod/assign',
    {
      config: { permission: 'incident.dispatch' },
      schema: { tags, summary: 'Send a squad: assigned with its travel time, its deployment opened', params: NumberParams, body: Closed({ squad: CallSign }), response: { 200: SquadAssignment } },
    },
    async (request) => assignSquad(core, actorOf(principalOf(request)), request.params.number, request.body.squad),
  );
}
