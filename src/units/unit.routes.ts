import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed, Timestamp } from '../core/schema.js';
import { fixResults } from './avl.js';
import { avlTracker, type FixSource } from './avl.service.js';
import { CallSign, NewUnit, StationCode, StatusChange, Unit, UnitChange, UnitKind, UnitStatus } from './unit.js';
import { changeUnit, changeUnitStatus, createUnit, getTrack, getUnit, listUnits } from './unit.service.js';

const CallSignParams = Closed({ callSign: CallSign });

const UnitQuery = Closed({
  station: Type.Optional(StationCode),
  kind: Type.Optional(Type.Enum(Object.values(UnitKind), { 'x-expected': `one of ${Object.values(UnitKind).join(', ')}` })),
  status: Type.Optional(Type.Enum(Object.values(UnitStatus), { 'x-expected': `one of ${Object.values(UnitStatus).join(', ')}` })),
  area: Type.Optional(Type.String({ maxLength: 40, description: "the district a unit's station answers for" })),
  stale: Type.Optional(Type.Boolean({ description: 'only units flagged stale (true) or only those not (false)' })),
});

/** One fix in an HTTP batch: the MQTT payload plus the unit's call sign. Speed km/h, heading degrees. */
const BatchFix = Closed({
  callSign: CallSign,
  lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }),
  lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }),
  speed: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 400 }), Type.Null()], { 'x-expected': 'km/h from 0 to 400' })),
  heading: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 360 }), Type.Null()], { 'x-expected': 'degrees from 0 to 360' })),
  accuracy: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100_000 }), Type.Null()], { 'x-expected': 'metres from 0 to 100000' })),
  at: Type.Union([Timestamp, Type.Integer({ minimum: 1 })], { 'x-expected': 'an ISO 8601 date-time with its offset, or epoch milliseconds' }),
});

const BatchResult = Closed({
  accepted: Type.Integer(),
  dropped: Type.Array(Closed({ index: Type.Integer(), callSign: Type.String(), reason: Type.Enum(fixResults.filter((r) => r !== 'accepted')) })),
});

const TrackQuery = Closed({ from: Timestamp, to: Timestamp, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, 'x-expected': 'a whole number from 1 to 10000' })) });
const TrackPoint = Closed({ at: Type.String(), lat: Type.Number(), lon: Type.Number(), speedKmh: Type.Union([Type.Number(), Type.Null()]), heading: Type.Union([Type.Number(), Type.Null()]) });

/** Units, statuses and positions. */
export function registerUnitRoutes(app: App, core: Core): void {
  app.get(
    '/units',
    {
      config: { permission: 'unit.read' },
      schema: { tags: ['units'], summary: 'The unit board: status, assignment, latest position, stale flags', querystring: UnitQuery, response: { 200: Type.Array(Unit) } },
    },
    async (request) => listUnits(core, request.query),
  );

  app.post(
    '/units',
    { config: { permission: 'unit.manage' }, schema: { tags: ['units'], summary: 'Add a unit (off duty until its shift starts)', body: NewUnit, response: { 201: Unit } } },
    async (request, reply) => reply.code(201).send(await createUnit(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/units/:callSign',
    { config: { permission: 'unit.read' }, schema: { tags: ['units'], summary: 'One unit', params: CallSignParams, response: { 200: Unit } } },
    async (request) => getUnit(core, request.params.callSign),
  );

  app.patch(
    '/units/:callSign',
    {
      config: { permission: 'unit.manage' },
      schema: { tags: ['units'], summary: "Change a unit's kind, station, capabilities, crew or tracker", params: CallSignParams, body: UnitChange, response: { 200: Unit } },
    },
    async (request) => changeUnit(core, actorOf(principalOf(request)), request.params.callSign, request.body),
  );

  app.post(
    '/units/:callSign/status',
    {
      config: { permission: 'unit.status' },
      schema: {
        tags: ['units'],
        summary: "Change a unit's status (one's own unit, or any for dispatchers); the allowed moves are in one table",
        params: CallSignParams,
        body: StatusChange,
        response: { 200: Unit },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return changeUnitStatus(core, principal, actorOf(principal), request.params.callSign, request.body.status, request.body.reason);
    },
  );

  app.get(
    '/units/:callSign/track',
    {
      config: { permission: 'unit.read' },
      schema: { tags: ['units'], summary: 'Where a unit went: its position history (one fix per 10 s)', params: CallSignParams, querystring: TrackQuery, response: { 200: Type.Array(TrackPoint) } },
    },
    async (request) => getTrack(core.db, request.params.callSign, request.query.from, request.query.to, request.query.limit ?? 5_000),
  );

  app.post(
    '/avl/positions',
    {
      config: { permission: 'avl.report' },
      schema: {
        tags: ['units'],
        summary: 'Report position fixes in a batch (the same checks as over MQTT); answered once they are stored',
        body: Closed({ fixes: Type.Array(BatchFix, { minItems: 1, maxItems: 1_000, 'x-expected': 'a list of 1 to 1000 fixes' }) }),
        response: { 200: BatchResult },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const source: FixSource =
        principal.kind === 'device' ? { kind: 'device', name: principal.name } : { kind: 'user', username: principal.username, anyUnit: principal.permissions.has('unit.dispatch') };
      const tracker = avlTracker(core);
      await tracker.ready();
      const dropped: { index: number; callSign: string; reason: Exclude<(typeof fixResults)[number], 'accepted'> }[] = [];
      let accepted = 0;
      // A batch is one report per unit against its allowance a minute (AMANE_DEVICE_FIXES_PER_MINUTE): once
      // a unit's fix got past it, the batch's other fixes of that unit are not counted again.
      const admitted = new Set<string>();
      request.body.fixes.forEach(({ callSign, ...fix }, index) => {
        const result = tracker.accept(source, callSign, fix, { admitted: admitted.has(callSign) });
        if (result !== 'rate_limited' && result !== 'unknown_unit' && result !== 'not_allowed') admitted.add(callSign);
        if (result === 'accepted') accepted += 1;
        else dropped.push({ index, callSign, reason: result });
      });
      if (accepted > 0) await tracker.save();
      return { accepted, dropped };
    },
  );
}
