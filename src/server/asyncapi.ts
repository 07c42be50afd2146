import { PtzCommand } from '../cameras/camera.js';
import { StatusChange } from '../units/unit.js';

/**
 * The AsyncAPI 3.0 description of what flows outside HTTP requests: the MQTT topics of units' devices,
 * cameras and recorders, and the `/live` WebSocket feed. Served at `/docs/asyncapi.json` beside the
 * OpenAPI description; `asyncapi.test.ts` validates it with the AsyncAPI parser.
 */

/** A JSON copy of a schema: what a document holds (no TypeBox internals). */
const plain = (schema: object): object => JSON.parse(JSON.stringify(schema)) as object;

const CALL_SIGN = { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{1,23}$', description: 'The unit’s call sign (CASA-PC-12)' };
const CAMERA_ID = { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$', description: 'The camera’s id (CAM-ANFA-01)' };
const TIME = {
  description: 'When it happened: an ISO 8601 date-time with its offset, or epoch milliseconds; never in the future',
  oneOf: [
    { type: 'string', format: 'date-time' },
    { type: 'integer', minimum: 1 },
  ],
};
const POINT = {
  type: 'object',
  required: ['lat', 'lon'],
  properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lon: { type: 'number', minimum: -180, maximum: 180 } },
};
const INCIDENT = { type: 'string', description: 'The incident’s number (CASA-2026-000123)' };
const AT = { type: 'string', format: 'date-time', description: 'When the server sent it' };

const schemas = {
  UnitPosition: {
    type: 'object',
    required: ['lat', 'lon', 'at'],
    additionalProperties: false,
    description:
      'A position fix of the unit’s tracker. Out of order, duplicate, faster than 200 km/h, outside the service area, from the future, or from a device that is not the unit’s tracker: dropped and counted in `amane_avl_fixes_total{result}`.',
    properties: {
      lat: POINT.properties.lat,
      lon: POINT.properties.lon,
      speed: { type: ['number', 'null'], minimum: 0, maximum: 400, description: 'km/h' },
      heading: { type: ['number', 'null'], minimum: 0, maximum: 360, description: 'Degrees from north, clockwise' },
      accuracy: { type: ['number', 'null'], minimum: 0, maximum: 100_000, description: 'Metres' },
      at: TIME,
    },
    examples: [{ lat: 33.5891, lon: -7.6102, speed: 32, heading: 270, accuracy: 8, at: '2026-11-29T10:00:00Z' }],
  },
  UnitStatus: { ...plain(StatusChange), examples: [{ status: 'en_route' }] },
  DispatchOrder: {
    description: 'An order for the unit’s crew, by `type`',
    oneOf: [
      {
        type: 'object',
        title: 'Assigned',
        required: ['type', 'incident', 'at'],
        properties: {
          type: { const: 'assigned' },
          incident: INCIDENT,
          at: AT,
          priority: { enum: ['P1', 'P2', 'P3', 'P4'] },
          incidentType: { type: 'string' },
          location: POINT,
          address: { type: ['string', 'null'] },
          summary: { type: 'string' },
          reason: { type: 'string', description: 'Why this unit rather than the first recommended one' },
        },
      },
      {
        type: 'object',
        title: 'Released',
        required: ['type', 'incident', 'at'],
        properties: { type: { const: 'released' }, incident: INCIDENT, at: AT, reason: { type: 'string', description: '`undo` when the assignment was taken back' } },
      },
      {
        type: 'object',
        title: 'Withdraw',
        description: 'The unit is inside a mandatory-evacuation cordon: leave it',
        required: ['type', 'incident', 'at', 'centre', 'mandatoryM', 'preferredM', 'distanceM', 'bearingOutDeg'],
        properties: {
          type: { const: 'withdraw' },
          incident: INCIDENT,
          at: AT,
          centre: POINT,
          mandatoryM: { type: 'number', description: 'The mandatory evacuation radius, metres' },
          preferredM: { type: 'number', description: 'The preferred evacuation radius, metres' },
          distanceM: { type: 'number', description: 'How far the unit is from the device, metres' },
          bearingOutDeg: { type: 'number', description: 'Which way is out: the bearing from the device to the unit' },
        },
      },
    ],
    examples: [{ type: 'assigned', incident: 'CASA-2026-000123', at: '2026-11-29T10:01:00Z', priority: 'P2', incidentType: 'theft', location: { lat: 33.5883, lon: -7.6114 }, address: 'Boulevard d’Anfa', summary: 'Bag snatched' }],
  },
  CameraHeartbeat: {
    description: 'Empty, or `{"at": ...}`; without `at`, the time it arrived. A camera silent for AMANE_CAMERA_OFFLINE_S is marked offline.',
    oneOf: [
      { type: 'null', description: 'An empty payload' },
      { type: 'object', additionalProperties: false, properties: { at: TIME } },
    ],
  },
  PtzCommand: { ...plain(PtzCommand), description: 'Point the camera (a bearing from north, a preset, a zoom), for the camera’s controller' },
  FrigateEvent: {
    type: 'object',
    description: 'Frigate’s own event (`type`: new, update, end; `before` and `after` with `camera`, `label`, `sub_label`, `score`…); a licence plate read is matched against the plate hotlists',
  },
  LiveHello: { type: 'object', required: ['type', 'head'], properties: { type: { const: 'hello' }, head: { type: 'integer', description: 'The journal’s last sequence number' } } },
  LiveEvent: {
    type: 'object',
    required: ['type', 'event'],
    properties: {
      type: { const: 'event' },
      event: {
        type: 'object',
        required: ['seq', 'at', 'actor', 'stream', 'type', 'data'],
        properties: {
          seq: { type: 'integer', description: 'The event’s sequence number: reconnect with `?since=` the last one seen' },
          at: { type: 'string', format: 'date-time' },
          actor: { type: 'string', description: '`user:alice`, `device:pbx-casa-1`, `system:…`' },
          stream: { type: 'string', description: 'What it is about: `incident/CASA-2026-000123`, `unit/CASA-PC-12`…' },
          type: { type: 'string', description: 'What happened: `incident.created`, `unit.status_changed`…' },
          data: { type: 'object' },
        },
      },
    },
  },
  LiveResync: {
    type: 'object',
    required: ['type', 'head'],
    description: 'Too far behind to catch up from the journal: reload the state from the API, then follow',
    properties: { type: { const: 'resync' }, head: { type: 'integer' } },
  },
  LiveTelemetry: {
    type: 'object',
    required: ['type', 'stream', 'kind', 'items'],
    description: 'Latest values, never replayed: `positions` of the units that moved (`unit/*`, twice a second), `alarm-updates` of camera alarms (`camera-alarm/*`), `transit-vehicles` of a public-transport feed (`transit-feed/{id}`, each realtime message), `transit-warnings` near tram and bus lines (`transit-feed/*`), `speed-summary` of the live road speeds at each republication (`road-speeds/*`, every 20 s)',
    properties: { type: { const: 'telemetry' }, stream: { type: 'string' }, kind: { enum: ['positions', 'alarm-updates', 'transit-vehicles', 'transit-warnings', 'speed-summary'] }, items: { type: 'array', items: { type: 'object' } } },
  },
} as const;

type SchemaName = keyof typeof schemas;

function message(name: SchemaName, summary: string): object {
  return { name, summary, contentType: 'application/json', payload: { $ref: `#/components/schemas/${name}` } };
}

const byCallSign = { callSign: { description: 'The unit’s call sign, as CASA-PC-12', examples: ['CASA-PC-12'] } };
const byCamera = { cameraId: { description: 'The camera’s id, as CAM-ANFA-01', examples: ['CAM-ANFA-01'] } };

/** The AsyncAPI document, as served. */
export function asyncApiDocument(version: string): object {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Amane messages',
      version,
      description:
        'What Amane exchanges outside HTTP requests. MQTT: a device connects with its name as the user name and its device token ' +
        'as the password (POST /devices); it may use its own topics only (a vehicle its unit’s, a camera controller its camera’s). ' +
        'QoS 1 everywhere. `/live`: a WebSocket for any signed-in user or device, the journal’s events each may see, in order. ' +
        `Identifiers: call signs ${CALL_SIGN.pattern}, camera ids ${CAMERA_ID.pattern}.`,
    },
    defaultContentType: 'application/json',
    servers: {
      broker: {
        host: 'amane.example:1883',
        protocol: 'mqtt',
        description: 'The embedded broker (AMANE_MQTT_PORT), or the broker AMANE_MQTT_URL names',
        security: [{ $ref: '#/components/securitySchemes/deviceToken' }],
      },
      live: {
        host: 'amane.example',
        protocol: 'wss',
        description: 'The HTTP server itself',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
      },
    },
    channels: {
      unitPosition: {
        address: 'amane/units/{callSign}/position',
        parameters: byCallSign,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { position: { $ref: '#/components/messages/unitPosition' } },
      },
      unitStatus: {
        address: 'amane/units/{callSign}/status',
        parameters: byCallSign,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { status: { $ref: '#/components/messages/unitStatus' } },
      },
      unitAck: {
        address: 'amane/units/{callSign}/ack',
        parameters: byCallSign,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { ack: { $ref: '#/components/messages/unitAck' } },
      },
      unitDispatch: {
        address: 'amane/units/{callSign}/dispatch',
        parameters: byCallSign,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { order: { $ref: '#/components/messages/dispatchOrder' } },
      },
      cameraHeartbeat: {
        address: 'amane/cameras/{cameraId}/heartbeat',
        parameters: byCamera,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { heartbeat: { $ref: '#/components/messages/cameraHeartbeat' } },
      },
      cameraPtz: {
        address: 'amane/cameras/{cameraId}/ptz',
        parameters: byCamera,
        servers: [{ $ref: '#/servers/broker' }],
        messages: { command: { $ref: '#/components/messages/ptzCommand' } },
      },
      frigateEvents: {
        address: 'frigate/events',
        description: 'A Frigate recorder’s events, under the topic prefix AMANE_FRIGATE_INSTANCES gives it (`frigate` by default); published by a recorder device',
        servers: [{ $ref: '#/servers/broker' }],
        messages: { event: { $ref: '#/components/messages/frigateEvent' } },
      },
      live: {
        address: '/live',
        description:
          'Opened with a session or device token. `?since=SEQ`: the events after SEQ are sent first, in order (after `hello`). Closed with 4001 when the session ends, 4002 when the idle lock ends it, 4008 when the client is too slow (reconnect with `since`).',
        servers: [{ $ref: '#/servers/live' }],
        messages: {
          hello: { $ref: '#/components/messages/liveHello' },
          event: { $ref: '#/components/messages/liveEvent' },
          resync: { $ref: '#/components/messages/liveResync' },
          telemetry: { $ref: '#/components/messages/liveTelemetry' },
        },
        bindings: {
          ws: {
            method: 'GET',
            query: { type: 'object', properties: { since: { type: 'integer', minimum: 0, description: 'The last sequence number the client has seen' } } },
          },
        },
      },
    },
    operations: {
      receiveUnitPosition: {
        action: 'receive',
        summary: 'A unit’s tracker reports where it is',
        channel: { $ref: '#/channels/unitPosition' },
        messages: [{ $ref: '#/channels/unitPosition/messages/position' }],
      },
      receiveUnitStatus: {
        action: 'receive',
        summary: 'A unit’s tracker reports its status (the moves `POST /units/{callSign}/status` allows)',
        channel: { $ref: '#/channels/unitStatus' },
        messages: [{ $ref: '#/channels/unitStatus/messages/status' }],
      },
      receiveUnitAck: {
        action: 'receive',
        summary: 'A unit’s device acknowledges its latest order',
        channel: { $ref: '#/channels/unitAck' },
        messages: [{ $ref: '#/channels/unitAck/messages/ack' }],
      },
      sendDispatchOrder: {
        action: 'send',
        summary: 'An order for a unit: assigned to an incident, released, or told to withdraw from a cordon',
        channel: { $ref: '#/channels/unitDispatch' },
        messages: [{ $ref: '#/channels/unitDispatch/messages/order' }],
      },
      receiveCameraHeartbeat: {
        action: 'receive',
        summary: 'A camera’s controller or a recorder says the camera is alive',
        channel: { $ref: '#/channels/cameraHeartbeat' },
        messages: [{ $ref: '#/channels/cameraHeartbeat/messages/heartbeat' }],
      },
      sendPtzCommand: {
        action: 'send',
        summary: 'Point a camera (POST /cameras/{id}/point)',
        channel: { $ref: '#/channels/cameraPtz' },
        messages: [{ $ref: '#/channels/cameraPtz/messages/command' }],
      },
      receiveFrigateEvent: {
        action: 'receive',
        summary: 'A recorder’s detection, or a licence plate read',
        channel: { $ref: '#/channels/frigateEvents' },
        messages: [{ $ref: '#/channels/frigateEvents/messages/event' }],
      },
      sendLive: {
        action: 'send',
        summary: 'The journal’s events as they are committed, and telemetry, to a signed-in client',
        channel: { $ref: '#/channels/live' },
        messages: [
          { $ref: '#/channels/live/messages/hello' },
          { $ref: '#/channels/live/messages/event' },
          { $ref: '#/channels/live/messages/resync' },
          { $ref: '#/channels/live/messages/telemetry' },
        ],
      },
    },
    components: {
      schemas,
      messages: {
        unitPosition: message('UnitPosition', 'A position fix'),
        unitStatus: message('UnitStatus', 'A status change'),
        unitAck: { name: 'UnitAck', summary: 'Any payload: the order was received', payload: {} },
        dispatchOrder: message('DispatchOrder', 'An order'),
        cameraHeartbeat: message('CameraHeartbeat', 'A heartbeat'),
        ptzCommand: message('PtzCommand', 'A PTZ command'),
        frigateEvent: message('FrigateEvent', 'A Frigate event'),
        liveHello: message('LiveHello', 'First message: the journal’s head'),
        liveEvent: message('LiveEvent', 'A committed journal event the client may see'),
        liveResync: message('LiveResync', 'Too far behind: reload'),
        liveTelemetry: message('LiveTelemetry', 'Latest positions or alarm updates'),
      },
      securitySchemes: {
        deviceToken: { type: 'userPassword', description: 'MQTT user name: the device’s name; password: its device token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token (POST /auth/login) or a device token' },
      },
    },
  };
}
