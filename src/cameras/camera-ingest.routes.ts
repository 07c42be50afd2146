import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { principalOf, type App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { CameraId, Latitude, Longitude } from './camera.js';
import { EventResult, EventSource, onvifTopics } from './camera-events.js';
import { HeartbeatBatch } from './camera-health.js';
import { cameraIngest, type Reporter } from './camera-ingest.js';

const SimpleItems = Type.Record(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_.:-]*$' }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), {
  maxProperties: 20,
  'x-expected': 'ONVIF simple items: up to 20 names with a text, number or boolean value',
});

/** An ONVIF notification as a forwarder posts it (the SOAP message's topic, time, source and data). */
const OnvifEventSchema = Closed({
  camera: CameraId,
  topic: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_]+:[^\\s]+$', 'x-expected': `an ONVIF topic such as ${onvifTopics[0]}` }),
  utcTime: Type.String({ format: 'date-time', 'x-expected': 'the message UtcTime, an ISO 8601 date-time' }),
  propertyOperation: Type.Optional(Type.Enum(['Initialized', 'Changed', 'Deleted'], { 'x-expected': 'Initialized, Changed or Deleted' })),
  source: Type.Optional(SimpleItems),
  data: Type.Optional(SimpleItems),
  position: Type.Optional(Closed({ lat: Latitude, lon: Longitude }, { description: 'Where the object was seen, when the analytics know' })),
  snapshotUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$', 'x-expected': 'an http(s) URL without spaces' })),
});

const Outcome = Closed({
  accepted: Type.Integer(),
  ignored: Type.Array(Closed({ index: Type.Integer(), reason: Type.String() })),
  dropped: Type.Array(Closed({ index: Type.Integer(), camera: Type.String(), reason: Type.Enum([EventResult.unknownCamera, EventResult.notAllowed, EventResult.rateLimited]) })),
});

/** A refused batch (its schema or its content) is counted as one invalid report, and logged with why. */
function countRefusal(core: Core, source: EventSource) {
  return async (request: FastifyRequest, _reply: FastifyReply, error: Error): Promise<void> => {
    const validation = (error as { validation?: unknown }).validation !== undefined || (error instanceof DomainError && error.code === 'validation');
    if (validation) cameraIngest(core).count(source, EventResult.invalid, error.message, { route: request.routeOptions.url });
  };
}

function reporterOf(request: Parameters<typeof principalOf>[0]): Reporter {
  const principal = principalOf(request);
  return principal.kind === 'device' ? { kind: 'device', name: principal.name } : { kind: 'trusted' };
}

/** Heartbeats and ONVIF events over HTTP, for devices and forwarders that do not speak MQTT. */
export function registerCameraIngestRoutes(app: App, core: Core): void {
  app.post(
    '/cameras/heartbeats',
    {
      config: { permission: 'camera.report' },
      schema: {
        tags: ['cameras'],
        summary: 'Report heartbeats of cameras (a controller for its camera, a recorder for any); a camera silent past AMANE_CAMERA_OFFLINE_SECONDS goes offline',
        body: HeartbeatBatch,
        response: { 200: Outcome },
      },
      onError: countRefusal(core, EventSource.heartbeat),
    },
    async (request) => {
      const ingest = cameraIngest(core);
      await ingest.ready();
      return ingest.heartbeats(reporterOf(request), request.body);
    },
  );

  app.post(
    '/cameras/events',
    {
      config: { permission: 'camera.report' },
      schema: {
        tags: ['cameras'],
        summary: `Report ONVIF events (${onvifTopics.join(', ')}); answered once the alarms they raise are stored`,
        body: Closed({ events: Type.Array(OnvifEventSchema, { minItems: 1, maxItems: 500, 'x-expected': 'a list of 1 to 500 ONVIF events' }) }),
        response: { 200: Outcome },
      },
      onError: countRefusal(core, EventSource.onvif),
    },
    async (request) => {
      const ingest = cameraIngest(core);
      await ingest.ready();
      return ingest.onvifEvents(reporterOf(request), request.body.events);
    },
  );
}
