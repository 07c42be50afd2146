import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { fromJsonText } from '../core/json-column.js';
import { boxAround, distanceM } from '../geo/geometry.js';
import type { Arrival, TransitFeed, TransitStop } from '../contract/transit.schema.js';
import { delayAt, realtimeStatus, tripDelaysOf } from './realtime.service.js';
import { addDays, runsOn, serviceDate, serviceDayOrigin, type ServiceCalendar } from './timetable.js';
import { findStopRow, listCalendarRows, listCallsAt, listChildStopIds, listFeedRows, listStopRows } from './transit.repository.js';

/** Every imported feed, with its counts and its realtime status. */
export async function listFeeds(core: Core): Promise<TransitFeed[]> {
  return (await listFeedRows(core.db)).map((row) => ({
    id: row.id,
    source: row.source,
    importedAt: row.imported_at,
    counts: fromJsonText(row.counts),
    realtime: realtimeStatus(core, row),
  }));
}

/** Stops and stations; with `near`, those within `radiusM` (default 500 m), nearest first. */
export async function listStops(core: Core, near: { lat: number; lon: number } | undefined, radiusM = 500): Promise<TransitStop[]> {
  if (near === undefined) {
    return (await listStopRows(core.db)).map((row) => ({ feedId: row.feed_id, id: `${row.feed_id}:${row.stop_id}`, name: row.name, lat: row.lat, lon: row.lon, distanceM: null }));
  }
  const box = boxAround(near, radiusM);
  return (await listStopRows(core.db, box))
    .map((row) => ({ feedId: row.feed_id, id: `${row.feed_id}:${row.stop_id}`, name: row.name, lat: row.lat, lon: row.lon, distanceM: Math.round(distanceM(near, row)) }))
    .filter((stop) => stop.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** `FEED:STOP` split in two. */
function splitStopKey(key: string): { feedId: string; stopId: string } {
  const colon = key.indexOf(':');
  return { feedId: key.slice(0, colon), stopId: key.slice(colon + 1) };
}

/**
 * The next arrivals at a stop (a station: at its platforms too) from now to the end of the centre's
 * service day: trips whose service runs that day (calendar and calendar_dates), yesterday's trips
 * still running past midnight included, each moved by its trip update's delay at that stop.
 */
export async function stopArrivals(core: Core, key: string, limit = 20): Promise<Arrival[]> {
  const { feedId, stopId } = splitStopKey(key);
  const stop = await findStopRow(core.db, feedId, stopId);
  if (stop === undefined) throw new DomainError('not_found', `no stop "${stopId}" in feed "${feedId}"`);
  const stopIds = [stopId, ...(await listChildStopIds(core.db, feedId, stopId))];
  const [calls, calendars] = await Promise.all([listCallsAt(core.db, feedId, stopIds), listCalendarRows(core.db, feedId)]);
  const services = new Map<string, ServiceCalendar>(
    calendars.map((row) => [row.service_id, { days: row.days, startDate: row.start_date, endDate: row.end_date, exceptions: fromJsonText(row.exceptions) }]),
  );
  const now = core.clock.now().getTime();
  const today = serviceDate(core.clock.now());
  const delays = tripDelaysOf(core, feedId);
  const arrivals: Arrival[] = [];
  for (const date of [addDays(today, -1), today]) {
    const origin = serviceDayOrigin(date);
    const running = new Set([...services].filter(([, service]) => runsOn(service, date)).map(([id]) => id));
    for (const call of calls) {
      if (!running.has(call.service_id)) continue;
      const trip = delays.get(call.trip_id);
      // A trip update describes today's run of its trip; yesterday's runs keep their timetable.
      if (trip?.canceled === true && date === today) continue;
      const delayS = trip === undefined || date !== today ? null : delayAt(trip, call.stop_sequence);
      const scheduled = origin + call.arrival_s * 1_000;
      const expected = scheduled + (delayS ?? 0) * 1_000;
      if (expected < now) continue;
      arrivals.push({
        feedId,
        tripId: call.trip_id,
        routeId: call.route_id,
        headsign: call.headsign,
        stopId: call.stop_id,
        scheduledAt: new Date(scheduled).toISOString(),
        expectedAt: new Date(expected).toISOString(),
        delayS,
      });
    }
  }
  // "Today": up to the end of the centre's service day (GTFS times may pass 24:00 for late trips).
  const endOfDay = serviceDayOrigin(addDays(today, 1));
  return arrivals
    .filter((arrival) => Date.parse(arrival.scheduledAt) < endOfDay + 4 * 3600_000)
    .sort((a, b) => a.expectedAt.localeCompare(b.expectedAt) || a.tripId.localeCompare(b.tripId))
    .slice(0, limit);
}
