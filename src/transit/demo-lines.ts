import { strToU8, zipSync } from 'fflate';
import { distanceM, localPlane, type LatLon } from '../geo/geometry.js';
import { DEMO_CITY_CENTRE } from '../geo/roads/demo-city.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { route } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { csvText } from './gtfs-csv.js';

/**
 * The demo city's public transport, as a GTFS feed generated from its roads: two tram lines and a
 * busway, each the fastest road route through its waypoints, a stop about every 500 m, a departure
 * every 8 minutes (trams) or 10 (busway) each way from 06:00 to 23:00, every day.
 */

export const DEMO_TRANSIT_FEED = 'demo-transit';

interface DemoLine {
  readonly id: string;
  readonly name: string;
  /** GTFS route_type: 0 tram, 3 bus. */
  readonly type: 0 | 3;
  readonly color: string;
  readonly headwayMin: number;
  /** Average speed between stops, km/h. */
  readonly speedKmh: number;
  /** Waypoints, metres east and north of the city centre. */
  readonly through: readonly (readonly [number, number])[];
}

const LINES: readonly DemoLine[] = [
  { id: 'T1', name: 'Tram T1', type: 0, color: 'F38230', headwayMin: 8, speedKmh: 20, through: [[-3_000, -600], [0, 0], [3_000, 500]] },
  { id: 'T2', name: 'Tram T2', type: 0, color: '7AB648', headwayMin: 8, speedKmh: 20, through: [[400, -3_000], [0, 0], [-500, 2_600]] },
  { id: 'BW', name: 'Busway BW', type: 3, color: '0072BC', headwayMin: 10, speedKmh: 18, through: [[-2_600, -2_400], [-300, -200], [2_200, 2_000]] },
];

const STOP_SPACING_M = 500;
const DWELL_S = 20;
const FIRST_S = 6 * 3600;
const LAST_S = 23 * 3600;

/** The demo feed's files (CSV text by name), for the road graph of the demo city; valid all of `year` and the next. */
export function demoTransitFiles(graph: RoadGraph, year: number): Record<string, string> {
  const plane = localPlane(DEMO_CITY_CENTRE);
  const routes: (string | number)[][] = [];
  const stops: (string | number)[][] = [];
  const trips: (string | number)[][] = [];
  const stopTimes: (string | number)[][] = [];
  const shapes: (string | number)[][] = [];
  for (const line of LINES) {
    const path = roadPath(graph, line.through.map(([x, y]) => plane.at(x, y)));
    if (path.length < 2) continue;
    const placed = stopsAlong(path);
    routes.push([line.id, 'DEMO', line.id, line.name, line.type, line.color, 'FFFFFF']);
    placed.forEach((stop, i) => stops.push([`${line.id}-${String(i + 1).padStart(2, '0')}`, `${line.name} ${i + 1}`, round(stop.at.lat), round(stop.at.lon)]));
    for (const direction of [0, 1] as const) {
      const shapeId = `${line.id}-${direction}`;
      const points = direction === 0 ? path : [...path].reverse();
      points.forEach((point, i) => shapes.push([shapeId, round(point.lat), round(point.lon), i + 1]));
      const order = direction === 0 ? placed.map((_, i) => i) : placed.map((_, i) => placed.length - 1 - i);
      const headsign = `${line.name} ${direction === 0 ? placed.length : 1}`;
      for (let start = FIRST_S; start <= LAST_S; start += line.headwayMin * 60) {
        const tripId = `${line.id}-${direction}-${String(Math.floor(start / 3600)).padStart(2, '0')}${String((start % 3600) / 60).padStart(2, '0')}`;
        trips.push([line.id, 'DAILY', tripId, headsign, direction, shapeId]);
        let time = start;
        order.forEach((index, sequence) => {
          if (sequence > 0) {
            const gapM = Math.abs(placed[index]!.alongM - placed[order[sequence - 1]!]!.alongM);
            time += Math.round(gapM / (line.speedKmh / 3.6)) + DWELL_S;
          }
          stopTimes.push([tripId, hms(time), hms(time), `${line.id}-${String(index + 1).padStart(2, '0')}`, sequence + 1]);
        });
      }
    }
  }
  return {
    'agency.txt': csvText(['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'], [['DEMO', 'Demo city transit', 'https://example.org/amane-demo', 'Africa/Casablanca', 'fr']]),
    'routes.txt': csvText(['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color'], routes),
    'stops.txt': csvText(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], stops),
    'trips.txt': csvText(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id'], trips),
    'stop_times.txt': csvText(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], stopTimes),
    'calendar.txt': csvText(['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], [['DAILY', 1, 1, 1, 1, 1, 1, 1, `${year}0101`, `${year + 1}1231`]]),
    'shapes.txt': csvText(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], shapes),
  };
}

/** The demo feed as a GTFS zip. */
export function demoTransitZip(graph: RoadGraph, year: number): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(demoTransitFiles(graph, year)).map(([name, text]) => [name, strToU8(text)])));
}

/** The fastest road route through the waypoints, as one line of points. */
function roadPath(graph: RoadGraph, waypoints: readonly LatLon[]): LatLon[] {
  const path: LatLon[] = [];
  for (let i = 1; i < waypoints.length; i += 1) {
    const from = snapToRoad(graph, waypoints[i - 1]!, { maxDistanceM: 1_000 });
    const to = snapToRoad(graph, waypoints[i]!, { maxDistanceM: 1_000 });
    if (from === undefined || to === undefined) return [];
    const leg = route(graph, from, to);
    if (leg === undefined) return [];
    const points = leg.coordinates.map(([lon, lat]) => ({ lat, lon }));
    path.push(...(path.length === 0 ? points : points.slice(1)));
  }
  return path;
}

/** A stop every `STOP_SPACING_M` along the path, at both ends too (the last moved to the end). */
function stopsAlong(path: readonly LatLon[]): { at: LatLon; alongM: number }[] {
  const placed = [{ at: path[0]!, alongM: 0 }];
  let along = 0;
  let next = STOP_SPACING_M;
  for (let i = 1; i < path.length; i += 1) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const length = distanceM(a, b);
    while (length > 0 && along + length >= next) {
      const t = (next - along) / length;
      placed.push({ at: { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t }, alongM: next });
      next += STOP_SPACING_M;
    }
    along += length;
  }
  const end = { at: path[path.length - 1]!, alongM: along };
  // A last stop closer than half the spacing to the one before takes the end's place.
  if (along - placed[placed.length - 1]!.alongM < STOP_SPACING_M / 2) placed[placed.length - 1] = end;
  else placed.push(end);
  return placed;
}

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}

function hms(seconds: number): string {
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${two(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
}
