import { createHash } from 'node:crypto';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { toJsonText } from '../core/json-column.js';
import type { FeedImported } from '../contract/transit.schema.js';
import { GtfsError, readGtfsZip, type GtfsFeed } from './gtfs.js';
import { deleteTimetable, findFeedRow, insertTimetable, upsertFeedRow, type FeedCounts, type TimetableRows } from './transit.repository.js';
import { forgetNetwork } from './transit-network.js';

/** The journal stream of a feed. */
export function feedStream(id: string): string {
  return `transit-feed/${id}`;
}

/**
 * Imports a GTFS zip under `feedId`, replacing that feed's timetable in one command: a malformed feed
 * is refused (422-free: a 400 naming the file, line and field) and nothing changes.
 * @example await importGtfs(core, 'cli:admin', 'oncf', fs.readFileSync('oncf.zip'), 'oncf.zip') // { counts: { stops: 33, ... } }
 */
export async function importGtfs(core: Core, actor: string, feedId: string, zip: Uint8Array, source: string): Promise<FeedImported> {
  const feed = readFeedOrRefuse(zip);
  const rows = timetableRows(feedId, feed);
  const counts: FeedCounts = {
    agencies: feed.agencies.length,
    stops: feed.stops.length,
    routes: feed.routes.length,
    trips: feed.trips.length,
    stopTimes: feed.stopTimes.length,
    shapes: feed.shapes.length,
    calendars: feed.calendars.length,
    calendarDates: feed.calendarDates.length,
    frequencies: feed.frequencies,
  };
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const result = await runCommand(core, actor, async ({ trx, at, record }) => {
    const before = await findFeedRow(trx, feedId, { lock: true });
    await deleteTimetable(trx, feedId);
    await insertTimetable(trx, rows);
    await upsertFeedRow(trx, {
      id: feedId,
      source,
      sha256,
      counts: toJsonText(counts),
      imported_at: at,
      imported_by: actor,
      realtime_url: before?.realtime_url ?? null,
      realtime_poll_s: before?.realtime_poll_s ?? null,
      realtime_updated_at: before?.realtime_updated_at ?? null,
    });
    record(feedStream(feedId), 'transit_feed.imported', { source, sha256, counts, replaced: before !== undefined });
    return { feed: feedId, counts, replaced: before !== undefined };
  });
  forgetNetwork(core);
  return result;
}

/** Reads the zip, turning a fault into a refusal that names the file, the line and the field. */
function readFeedOrRefuse(zip: Uint8Array): GtfsFeed {
  try {
    return readGtfsZip(zip);
  } catch (error) {
    if (!(error instanceof GtfsError)) throw error;
    const field = [error.file, error.line > 0 ? `line ${error.line}` : '', error.field].filter((part) => part !== '').join(':');
    throw new DomainError('validation', `GTFS feed refused: ${error.message}`, { errors: [{ field, message: error.reason }] });
  }
}

/** The rows of the feed's tables; calendar.txt and calendar_dates.txt joined by service. */
function timetableRows(feedId: string, feed: GtfsFeed): TimetableRows {
  const services = new Map<string, { days: string | null; start: string | null; end: string | null; exceptions: Record<string, 1 | 2> }>();
  for (const calendar of feed.calendars) services.set(calendar.serviceId, { days: calendar.days, start: calendar.startDate, end: calendar.endDate, exceptions: {} });
  for (const date of feed.calendarDates) {
    const service = services.get(date.serviceId) ?? { days: null, start: null, end: null, exceptions: {} };
    service.exceptions[date.date] = date.exceptionType;
    services.set(date.serviceId, service);
  }
  return {
    agencies: feed.agencies.map((a) => ({ feed_id: feedId, agency_id: a.id, name: a.name, url: a.url, timezone: a.timezone })),
    routes: feed.routes.map((r) => ({
      feed_id: feedId,
      route_id: r.id,
      agency_id: r.agencyId,
      short_name: r.shortName,
      long_name: r.longName,
      route_type: r.type,
      color: r.color,
      text_color: r.textColor,
    })),
    stops: feed.stops.map((s) => ({ feed_id: feedId, stop_id: s.id, name: s.name, lat: s.lat, lon: s.lon, location_type: s.locationType, parent_station: s.parentStation })),
    trips: feed.trips.map((t) => ({ feed_id: feedId, trip_id: t.id, route_id: t.routeId, service_id: t.serviceId, headsign: t.headsign, direction_id: t.directionId, shape_id: t.shapeId })),
    stopTimes: feed.stopTimes.map((st) => ({ feed_id: feedId, trip_id: st.tripId, stop_sequence: st.stopSequence, stop_id: st.stopId, arrival_s: st.arrivalS, departure_s: st.departureS })),
    calendars: [...services].map(([serviceId, s]) => ({ feed_id: feedId, service_id: serviceId, days: s.days, start_date: s.start, end_date: s.end, exceptions: toJsonText(s.exceptions) })),
    shapes: feed.shapes.map((shape) => ({ feed_id: feedId, shape_id: shape.id, points: toJsonText(shape.points.map(([lon, lat]) => [lon, lat] as [number, number])) })),
  };
}
