import bindings from 'gtfs-realtime-bindings';

const { transit_realtime: rt } = bindings;

/**
 * A GTFS-realtime FeedMessage (https://gtfs.org/documentation/realtime/reference/) decoded with the
 * reference bindings and checked: the header's `gtfs_realtime_version` must be one this reader knows
 * ("1.0" or "2.0"), and only FULL_DATASET messages are taken (a DIFFERENTIAL one would need the state
 * of every earlier message; the reference leaves its rules unspecified). Pure: no time, no database.
 */

/** Why a message was refused, in words an administrator can act on. */
export class RealtimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealtimeError';
  }
}

export interface RealtimeVehicle {
  /** The entity's vehicle id, or its label, or the entity id (the reference makes each optional). */
  readonly id: string;
  readonly label: string | null;
  readonly tripId: string | null;
  readonly routeId: string | null;
  readonly startDate: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly bearing: number | null;
  readonly currentStopSequence: number | null;
  readonly stopId: string | null;
  /** INCOMING_AT, STOPPED_AT or IN_TRANSIT_TO. */
  readonly status: string | null;
  /** POSIX seconds of the fix, or null. */
  readonly timestamp: number | null;
}

export interface RealtimeStopUpdate {
  readonly stopSequence: number | null;
  readonly stopId: string | null;
  /** Seconds late at this stop (arrival's, else departure's); null when it gives an absolute time only. */
  readonly delayS: number | null;
  readonly skipped: boolean;
}

export interface RealtimeTripUpdate {
  readonly tripId: string;
  readonly routeId: string | null;
  readonly startDate: string | null;
  readonly canceled: boolean;
  /** TripUpdate.delay (the whole trip), when given. */
  readonly delayS: number | null;
  readonly stopUpdates: readonly RealtimeStopUpdate[];
}

export interface RealtimeAlert {
  readonly id: string;
  readonly header: string;
  readonly description: string;
  readonly cause: string;
  readonly effect: string;
  readonly routes: readonly string[];
  readonly stops: readonly string[];
  readonly trips: readonly string[];
  readonly activeFrom: number | null;
  readonly activeUntil: number | null;
}

export interface RealtimeMessage {
  readonly timestamp: number | null;
  readonly vehicles: readonly RealtimeVehicle[];
  readonly tripUpdates: readonly RealtimeTripUpdate[];
  readonly alerts: readonly RealtimeAlert[];
}

const KNOWN_VERSIONS = ['1.0', '2.0'];

/** Decodes and checks a FeedMessage; throws `RealtimeError` saying what is wrong. */
export function decodeRealtime(bytes: Uint8Array): RealtimeMessage {
  if (bytes.length === 0) throw new RealtimeError('the body is empty; a GTFS-realtime FeedMessage (protocol buffer) is expected');
  let decoded;
  try {
    decoded = rt.FeedMessage.decode(bytes);
  } catch (error) {
    throw new RealtimeError(`not a GTFS-realtime FeedMessage: the protocol buffer does not decode (${(error as Error).message})`);
  }
  const message = rt.FeedMessage.toObject(decoded, { longs: Number, enums: String }) as FeedMessageObject;
  const version = message.header?.gtfsRealtimeVersion;
  if (typeof version !== 'string' || !KNOWN_VERSIONS.includes(version)) {
    throw new RealtimeError(`header.gtfs_realtime_version is "${String(version ?? '')}"; this reader takes ${KNOWN_VERSIONS.join(' or ')}`);
  }
  if (message.header?.incrementality === 'DIFFERENTIAL') throw new RealtimeError('header.incrementality is DIFFERENTIAL; only FULL_DATASET messages are read');
  const vehicles: RealtimeVehicle[] = [];
  const tripUpdates: RealtimeTripUpdate[] = [];
  const alerts: RealtimeAlert[] = [];
  for (const entity of message.entity ?? []) {
    if (entity.isDeleted === true) continue;
    const vehicle = entity.vehicle;
    if (vehicle?.position !== undefined) {
      const { latitude, longitude } = vehicle.position;
      if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) throw new RealtimeError(`entity ${entity.id}: the vehicle's position ${latitude},${longitude} is not a latitude and longitude`);
      vehicles.push({
        id: vehicle.vehicle?.id ?? vehicle.vehicle?.label ?? entity.id,
        label: vehicle.vehicle?.label ?? null,
        tripId: vehicle.trip?.tripId ?? null,
        routeId: vehicle.trip?.routeId ?? null,
        startDate: vehicle.trip?.startDate ?? null,
        // Positions travel as 32-bit floats: six decimals (about 10 cm) is all they hold.
        lat: Math.round(latitude * 1e6) / 1e6,
        lon: Math.round(longitude * 1e6) / 1e6,
        bearing: vehicle.position.bearing ?? null,
        currentStopSequence: vehicle.currentStopSequence ?? null,
        stopId: vehicle.stopId ?? null,
        status: vehicle.currentStatus ?? null,
        timestamp: vehicle.timestamp ?? null,
      });
    }
    const update = entity.tripUpdate;
    if (update !== undefined) {
      const tripId = update.trip?.tripId;
      if (tripId === undefined) continue;
      tripUpdates.push({
        tripId,
        routeId: update.trip?.routeId ?? null,
        startDate: update.trip?.startDate ?? null,
        canceled: update.trip?.scheduleRelationship === 'CANCELED',
        delayS: update.delay ?? null,
        stopUpdates: (update.stopTimeUpdate ?? []).map((stu) => ({
          stopSequence: stu.stopSequence ?? null,
          stopId: stu.stopId ?? null,
          delayS: stu.arrival?.delay ?? stu.departure?.delay ?? null,
          skipped: stu.scheduleRelationship === 'SKIPPED',
        })),
      });
    }
    const alert = entity.alert;
    if (alert !== undefined) {
      const selectors = alert.informedEntity ?? [];
      alerts.push({
        id: entity.id,
        header: textOf(alert.headerText),
        description: textOf(alert.descriptionText),
        cause: alert.cause ?? 'UNKNOWN_CAUSE',
        effect: alert.effect ?? 'UNKNOWN_EFFECT',
        routes: selectors.flatMap((s) => (s.routeId === undefined ? [] : [s.routeId])),
        stops: selectors.flatMap((s) => (s.stopId === undefined ? [] : [s.stopId])),
        trips: selectors.flatMap((s) => (s.trip?.tripId === undefined ? [] : [s.trip.tripId])),
        activeFrom: alert.activePeriod?.[0]?.start ?? null,
        activeUntil: alert.activePeriod?.[0]?.end ?? null,
      });
    }
  }
  return { timestamp: message.header?.timestamp ?? null, vehicles, tripUpdates, alerts };
}

/** A TranslatedString's text: French first (the centre's riders' common language), then any. */
function textOf(value: { translation?: { text: string; language?: string }[] } | undefined): string {
  const translations = value?.translation ?? [];
  return (translations.find((t) => t.language === 'fr') ?? translations.find((t) => t.language === undefined) ?? translations[0])?.text ?? '';
}

/** An Alert to publish. */
export interface AlertToEncode {
  readonly id: string;
  readonly header: string;
  readonly description: string;
  readonly cause: string;
  readonly effect: string;
  readonly routes: readonly { feedId: string; routeId: string }[];
  readonly activeFrom: number;
}

/** Encodes Alerts as a FULL_DATASET FeedMessage (gtfs_realtime_version 2.0). */
export function encodeAlerts(alerts: readonly AlertToEncode[], timestamp: number): Uint8Array {
  const message = rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp },
    entity: alerts.map((alert) => ({
      id: alert.id,
      alert: {
        activePeriod: [{ start: alert.activeFrom }],
        informedEntity: alert.routes.map((route) => ({ routeId: route.routeId })),
        cause: alert.cause,
        effect: alert.effect,
        headerText: { translation: [{ text: alert.header, language: 'fr' }] },
        ...(alert.description === '' ? {} : { descriptionText: { translation: [{ text: alert.description, language: 'fr' }] } }),
      },
    })),
  });
  return rt.FeedMessage.encode(message).finish();
}

// The plain object `toObject` gives (longs as numbers, enums as their names): only what is read here.
interface FeedMessageObject {
  header?: { gtfsRealtimeVersion?: string; incrementality?: string; timestamp?: number };
  entity?: {
    id: string;
    isDeleted?: boolean;
    vehicle?: {
      trip?: { tripId?: string; routeId?: string; startDate?: string };
      vehicle?: { id?: string; label?: string };
      position?: { latitude: number; longitude: number; bearing?: number };
      currentStopSequence?: number;
      stopId?: string;
      currentStatus?: string;
      timestamp?: number;
    };
    tripUpdate?: {
      trip?: { tripId?: string; routeId?: string; startDate?: string; scheduleRelationship?: string };
      delay?: number;
      stopTimeUpdate?: { stopSequence?: number; stopId?: string; arrival?: { delay?: number }; departure?: { delay?: number }; scheduleRelationship?: string }[];
    };
    alert?: {
      activePeriod?: { start?: number; end?: number }[];
      informedEntity?: { routeId?: string; stopId?: string; trip?: { tripId?: string } }[];
      cause?: string;
      effect?: string;
      headerText?: { translation?: { text: string; language?: string }[] };
      descriptionText?: { translation?: { text: string; language?: string }[] };
    };
  }[];
}
