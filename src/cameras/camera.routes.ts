import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, userOf, type App } from '../core/http.js';
import { Closed, NoBody } from '../core/schema.js';
import { IncidentNumber } from '../incidents/index.js';
import { writeCameraCsv, writeCameraGeoJson } from './camera-file.js';
import {
  Camera,
  CameraChange,
  CameraId,
  CameraImport,
  CameraQuery,
  CameraView,
  ImportResult,
  IncidentCamera,
  NewCamera,
  PointBody,
  PtzCommand,
  VideoWall,
  ViewBody,
  WallName,
  WallQuery,
  WallSave,
  WallSummary,
} from './camera.js';
import { camerasOnIncident, changeCamera, createCamera, getCamera, importCameras, exportCameras, listCameras, pointCamera, viewCamera } from './camera.service.js';
import { getWall, listWalls, saveWall, viewWall } from './video-wall.service.js';

const IdParams = Closed({ id: CameraId });
const NumberParams = Closed({ number: IncidentNumber });
const WallParams = Closed({ name: WallName });

const PointResult = Closed({ camera: CameraId, topic: Type.String(), command: PtzCommand, distanceM: Type.Union([Type.Number(), Type.Null()]) });

// A registry of 10,000 cameras is about 3 MB of CSV.
const IMPORT_BODY_LIMIT = 24 * 1_048_576;

/** The camera registry, its files, the cameras on an incident, PTZ commands, journaled views, video walls. */
const ExportQuery = Closed({ credentials: Type.Optional(Type.Enum(['true', 'false'], { 'x-expected': 'true to keep the stream URLs\' user and password (camera.credentials), false or absent to leave them out' })) });

export function registerCameraRoutes(app: App, core: Core): void {
  app.get(
    '/cameras',
    {
      config: { permission: 'camera.read' },
      schema: { tags: ['cameras'], summary: 'The camera registry (without stream URLs), filtered', querystring: CameraQuery, response: { 200: Type.Array(Camera) } },
    },
    async (request) => listCameras(core.db, request.query),
  );

  app.get(
    '/cameras.csv',
    {
      config: { permission: 'camera.manage' },
      schema: { tags: ['cameras'], summary: 'The registry as CSV, stream URLs included without their credentials unless asked for (camera.credentials); journaled', querystring: ExportQuery, response: { 200: Type.String() } },
    },
    async (request, reply) => {
      const csv = writeCameraCsv(await exportCameras(core, principalOf(request), 'csv', request.query.credentials === 'true'));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cameras.csv"').send(csv);
    },
  );

  app.get(
    '/cameras.geojson',
    {
      config: { permission: 'camera.manage' },
      schema: { tags: ['cameras'], summary: 'The registry as GeoJSON points, stream URLs included without their credentials unless asked for (camera.credentials); journaled', querystring: ExportQuery },
    },
    async (request, reply) => {
      const document = writeCameraGeoJson(await exportCameras(core, principalOf(request), 'geojson', request.query.credentials === 'true'));
      return reply.type('application/geo+json; charset=utf-8').header('content-disposition', 'attachment; filename="cameras.geojson"').send(JSON.stringify(document));
    },
  );

  app.post(
    '/cameras/import',
    {
      config: { permission: 'camera.manage' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['cameras'],
        summary: 'Import cameras from CSV or GeoJSON: every row checked, nothing imported when one is bad; upsert by id',
        body: CameraImport,
        response: { 200: ImportResult },
      },
    },
    async (request) => importCameras(core, actorOf(principalOf(request)), request.body),
  );

  app.post(
    '/cameras',
    { config: { permission: 'camera.manage' }, schema: { tags: ['cameras'], summary: 'Register a camera', body: NewCamera, response: { 201: Camera } } },
    async (request, reply) => reply.code(201).send(await createCamera(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/cameras/:id',
    { config: { permission: 'camera.read' }, schema: { tags: ['cameras'], summary: 'One camera (without stream URLs)', params: IdParams, response: { 200: Camera } } },
    async (request) => getCamera(core.db, request.params.id),
  );

  app.patch(
    '/cameras/:id',
    {
      config: { permission: 'camera.manage' },
      schema: { tags: ['cameras'], summary: 'Change a camera; null clears a field', params: IdParams, body: CameraChange, response: { 200: Camera } },
    },
    async (request) => changeCamera(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.get(
    '/incidents/:number/cameras',
    {
      config: { permission: 'camera.read' },
      schema: {
        tags: ['cameras'],
        summary: "The cameras that see an incident's place, nearest first (offline ones marked)",
        params: NumberParams,
        response: { 200: Type.Array(IncidentCamera) },
      },
    },
    async (request) => camerasOnIncident(core, request.params.number),
  );

  app.post(
    '/cameras/:id/point',
    {
      config: { permission: 'camera.operate' },
      schema: {
        tags: ['cameras'],
        summary: 'Point a PTZ camera at an incident, a position or a preset (journaled, sent to its controller over MQTT)',
        params: IdParams,
        body: PointBody,
        response: { 200: PointResult },
      },
    },
    async (request) => pointCamera(core, principalOf(request), request.params.id, request.body),
  );

  app.post(
    '/cameras/:id/views',
    {
      config: { permission: 'camera.operate' },
      schema: {
        tags: ['cameras'],
        summary: 'Watch a camera: the URLs to play; who watched what, when and for which incident is journaled',
        params: IdParams,
        body: ViewBody,
        response: { 200: CameraView },
      },
    },
    async (request) => viewCamera(core, actorOf(principalOf(request)), request.params.id, request.body.incident === undefined ? {} : { incident: request.body.incident }),
  );

  app.get(
    '/video-walls',
    { config: { permission: 'camera.read' }, schema: { tags: ['cameras'], summary: 'The shared video walls and your own', response: { 200: Type.Array(WallSummary) } } },
    async (request) => listWalls(core.db, userOf(request).username),
  );

  app.get(
    '/video-walls/:name',
    {
      config: { permission: 'camera.read' },
      schema: { tags: ['cameras'], summary: 'A video wall (your own of that name, else the shared one), what each tile plays', params: WallParams, querystring: WallQuery, response: { 200: VideoWall } },
    },
    async (request) => getWall(core.db, userOf(request).username, request.params.name, request.query.shared),
  );

  app.put(
    '/video-walls/:name',
    {
      config: { permission: 'camera.operate' },
      schema: { tags: ['cameras'], summary: 'Save a video wall: your own, or a shared one', params: WallParams, body: WallSave, response: { 200: VideoWall } },
    },
    async (request) => {
      const user = userOf(request);
      return saveWall(core, actorOf(user), user.username, request.params.name, request.body);
    },
  );

  app.post(
    '/video-walls/:name/views',
    {
      config: { permission: 'camera.operate' },
      schema: { tags: ['cameras'], summary: 'Open a video wall to play it: each tile with its URL, each camera’s view journaled', params: WallParams, querystring: WallQuery, body: NoBody, response: { 200: VideoWall } },
    },
    async (request) => {
      const user = userOf(request);
      return viewWall(core, actorOf(user), user.username, request.params.name, request.query.shared === undefined ? {} : { shared: request.query.shared });
    },
  );
}
