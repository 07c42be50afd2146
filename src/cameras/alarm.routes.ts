import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { IdParams, ReasonBody } from '../core/schema.js';
import { AlarmIncidentBody, AlarmIncidentResult, AlarmQuery, CameraAlarm } from './alarm.js';
import { acknowledgeAlarm, dismissAlarm, getAlarm, listAlarms, openIncidentFromAlarm } from './alarm.service.js';
import { registerCameraHealthRoutes } from './camera-health.routes.js';
import { registerCameraIngestRoutes } from './camera-ingest.routes.js';
import { registerHotlistRoutes } from './hotlist.routes.js';

/**
 * The alarm queue and what operators do with it, and the routes of what feeds it: heartbeats and ONVIF
 * events over HTTP, health and uptime, plate hotlists.
 */
export function registerAlarmRoutes(app: App, core: Core): void {
  registerCameraIngestRoutes(app, core);
  registerCameraHealthRoutes(app, core);
  registerHotlistRoutes(app, core);

  app.get(
    '/camera-alarms',
    {
      config: { permission: 'camera.read' },
      schema: {
        tags: ['cameras'],
        summary: 'The alarm queue, most severe first then newest: status (or active), lowest severity, camera, kind, since',
        querystring: AlarmQuery,
        response: { 200: Type.Array(CameraAlarm) },
      },
    },
    async (request) => listAlarms(core, request.query),
  );

  app.get(
    '/camera-alarms/:id',
    { config: { permission: 'camera.read' }, schema: { tags: ['cameras'], summary: 'One camera alarm', params: IdParams, response: { 200: CameraAlarm } } },
    async (request) => getAlarm(core, request.params.id),
  );

  app.post(
    '/camera-alarms/:id/acknowledge',
    { config: { permission: 'camera.alarm' }, schema: { tags: ['cameras'], summary: 'Take an alarm in hand', params: IdParams, response: { 200: CameraAlarm } } },
    async (request) => acknowledgeAlarm(core, actorOf(principalOf(request)), request.params.id),
  );

  app.post(
    '/camera-alarms/:id/dismiss',
    {
      config: { permission: 'camera.alarm' },
      schema: { tags: ['cameras'], summary: 'Close an alarm that needs nothing, saying why', params: IdParams, body: ReasonBody, response: { 200: CameraAlarm } },
    },
    async (request) => dismissAlarm(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );

  app.post(
    '/camera-alarms/:id/incident',
    {
      config: { permission: 'camera.alarm' },
      schema: {
        tags: ['cameras'],
        summary: "Turn an alarm into an incident, at the camera or at the object's estimated position; both are journaled with the link",
        params: IdParams,
        body: AlarmIncidentBody,
        response: { 201: AlarmIncidentResult },
      },
    },
    async (request, reply) => reply.code(201).send(await openIncidentFromAlarm(core, actorOf(principalOf(request)), request.params.id, request.body)),
  );
}
