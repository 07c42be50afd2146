import { buildRoadGraph, type RoadGraph } from './road-graph.js';
import type { OneWay, RoadClassName, RoadWay } from './road.js';

/** Casablanca's centre, which the demo city is laid over. */
export const DEMO_CITY_CENTRE = { lat: 33.5731, lon: -7.5898 } as const;
export const DEMO_CITY_ATTRIBUTION = 'Amane demo city: generated streets over Casablanca, not map data';
/** The `source` of the generated city's graph (an imported network's is its file's name). */
export const DEMO_CITY_SOURCE = 'demo';

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;
export const CITY_RADIUS_M = 9_000;
const BLOCK_M = 250;
/** The Atlantic: beyond a line passing 3.6 km north-north-west of the centre, heading east-north-east. */
export const COAST_POINT = { x: -1_900, y: 3_300 };
export const COAST_HEADING_RAD = (12 * Math.PI) / 180;
export const RING_ROAD_M = 2_600;
export const MOTORWAY_RING_M = 6_200;

/**
 * A city to run without map data, deterministic for a seed: streets on a 250 m grid (every fourth
 * a tertiary road, every eighth a secondary boulevard; the odd residential rows and some columns
 * one-way, alternating), a primary ring road at 2.6 km, a motorway ring at 6.2 km with interchanges,
 * twelve radial boulevards, and a corniche along an Atlantic coastline to the north-west beyond
 * which nothing is drivable. About 4,000 nodes; only the largest strongly connected part is kept,
 * so every place can reach every other.
 */
export function generateDemoCity(seed = 1): RoadGraph {
  return buildRoadGraph(demoCityWays(seed), { attribution: DEMO_CITY_ATTRIBUTION, source: DEMO_CITY_SOURCE }).graph;
}

interface Vertex {
  readonly key: string;
  readonly x: number;
  readonly y: number;
}

/** The demo city's ways, before they are joined into a graph. */
export function demoCityWays(seed = 1): RoadWay[] {
  const random = mulberry32(seed);
  const ways: RoadWay[] = [];
  const cosLat = Math.cos((DEMO_CITY_CENTRE.lat * Math.PI) / 180);
  const toLonLat = (v: Vertex) => [DEMO_CITY_CENTRE.lon + v.x / (METRES_PER_DEGREE * cosLat), DEMO_CITY_CENTRE.lat + v.y / METRES_PER_DEGREE] as const;
  const addWay = (vertices: readonly Vertex[], roadClass: RoadClassName, name: string, oneWay: OneWay = 'both') => {
    if (vertices.length < 2) return;
    ways.push({ coordinates: vertices.map(toLonLat), nodeKeys: vertices.map((v) => v.key), roadClass, oneWay, maxSpeedKmh: 0, name });
  };
  const land = (x: number, y: number, marginM: number) => Math.hypot(x, y) <= CITY_RADIUS_M && inlandM(x, y) >= marginM;

  // The street grid; corners jitter a little so the map does not look ruled.
  const span = Math.ceil(CITY_RADIUS_M / BLOCK_M);
  const grid = new Map<string, Vertex>();
  for (let i = -span; i <= span; i += 1) {
    for (let j = -span; j <= span; j += 1) {
      const x = i * BLOCK_M + (random() - 0.5) * 40;
      const y = j * BLOCK_M + (random() - 0.5) * 40;
      if (land(x, y, 180)) grid.set(`${i},${j}`, { key: `g${i},${j}`, x, y });
    }
  }
  const streetClass = (n: number): RoadClassName => (n % 8 === 0 ? 'secondary' : n % 4 === 0 ? 'tertiary' : 'residential');
  for (let j = -span; j <= span; j += 1) {
    const oneWay: OneWay = streetClass(j) === 'residential' && Math.abs(j) % 2 === 1 ? (Math.abs(j) % 4 === 1 ? 'forward' : 'backward') : 'both';
    forEachRun(span, (i) => grid.get(`${i},${j}`), (run) => addWay(run, streetClass(j), streetName('Rue', j), oneWay));
  }
  for (let i = -span; i <= span; i += 1) {
    const oneWay: OneWay = streetClass(i) === 'residential' && Math.abs(i) % 4 === 2 ? (Math.abs(i) % 8 === 2 ? 'forward' : 'backward') : 'both';
    forEachRun(span, (j) => grid.get(`${i},${j}`), (run) => addWay(run, streetClass(i), streetName('Avenue', i), oneWay));
  }

  // Joins a vertex of a boulevard to the street corner nearest to it (looked up among the grid's nearby corners).
  const nearestCorner = (v: Vertex, withinM: number) => {
    let best: Vertex | undefined;
    let bestDistance = withinM;
    const ci = Math.round(v.x / BLOCK_M);
    const cj = Math.round(v.y / BLOCK_M);
    const reach = Math.ceil(withinM / BLOCK_M) + 1;
    for (let i = ci - reach; i <= ci + reach; i += 1) {
      for (let j = cj - reach; j <= cj + reach; j += 1) {
        const corner = grid.get(`${i},${j}`);
        if (corner === undefined) continue;
        const d = Math.hypot(corner.x - v.x, corner.y - v.y);
        if (d < bestDistance) {
          bestDistance = d;
          best = corner;
        }
      }
    }
    return best;
  };
  const connect = (vertices: readonly Vertex[], every: number, roadClass: RoadClassName, withinM: number) => {
    vertices.forEach((v, n) => {
      if (n % every !== 0) return;
      const corner = nearestCorner(v, withinM);
      if (corner !== undefined) addWay([v, corner], roadClass, '');
    });
  };

  // Ring roads: arcs of land between the two points where each circle meets the sea.
  const ring = (radius: number, stepDeg: number, prefix: string) => {
    const count = Math.round(360 / stepDeg);
    const vertices: (Vertex | undefined)[] = [];
    for (let n = 0; n < count; n += 1) {
      const angle = ((n * stepDeg - 90) * Math.PI) / 180;
      const x = radius * Math.cos(angle);
      const y = radius * Math.sin(angle);
      vertices.push(land(x, y, 150) ? { key: `${prefix}${n}`, x, y } : undefined);
    }
    const firstSea = vertices.indexOf(undefined);
    // Closed where the circle never meets the sea; otherwise arcs, read from the first water onwards.
    if (firstSea < 0) return [[...(vertices as Vertex[]), vertices[0]!]];
    const arcs: Vertex[][] = [[]];
    for (let n = 1; n <= count; n += 1) {
      const vertex = vertices[(firstSea + n) % count];
      if (vertex !== undefined) arcs[arcs.length - 1]!.push(vertex);
      else if (arcs[arcs.length - 1]!.length > 0) arcs.push([]);
    }
    return arcs.filter((arc) => arc.length > 1);
  };
  for (const arc of ring(RING_ROAD_M, 5, 'r')) {
    addWay(arc, 'primary', 'Boulevard circulaire');
    connect(arc, 1, 'primary_link', 180);
  }
  const motorwayArcs = ring(MOTORWAY_RING_M, 3, 'm');
  for (const arc of motorwayArcs) {
    addWay(arc, 'motorway', 'Rocade');
    connect(arc, 5, 'motorway_link', 200);
  }

  // Radial boulevards from a central square, each as far as the coast or the city's edge.
  const ringVertices = [...ring(RING_ROAD_M, 5, 'r').flat(), ...motorwayArcs.flat()];
  for (let n = 0; n < 12; n += 1) {
    const angle = ((15 + 30 * n) * Math.PI) / 180;
    const radial: Vertex[] = [{ key: 'centre', x: 0, y: 0 }];
    for (let r = BLOCK_M; r <= CITY_RADIUS_M; r += BLOCK_M) {
      const x = r * Math.cos(angle);
      const y = r * Math.sin(angle);
      if (!land(x, y, 150)) break;
      radial.push({ key: `b${n}:${r}`, x, y });
    }
    if (radial.length < 3) continue;
    addWay(radial, 'primary', `Boulevard ${n + 1}`);
    connect(radial.slice(1), 1, 'primary_link', 180);
    // Where a radial crosses a ring, a junction with it.
    for (const v of radial.slice(1)) {
      const crossing = ringVertices.find((w) => Math.hypot(w.x - v.x, w.y - v.y) < 170);
      if (crossing !== undefined) addWay([v, crossing], crossing.key.startsWith('m') ? 'motorway_link' : 'primary_link', '');
    }
  }

  // The corniche, a little inland of the coast, from one end of the city to the other.
  const corniche: Vertex[][] = [[]];
  for (let s = -CITY_RADIUS_M * 1.5; s <= CITY_RADIUS_M * 1.5; s += BLOCK_M) {
    const along = { x: COAST_POINT.x + s * Math.cos(COAST_HEADING_RAD), y: COAST_POINT.y + s * Math.sin(COAST_HEADING_RAD) };
    // Step inland (south-south-east) until 100 m from the water.
    const normal = { x: Math.sin(COAST_HEADING_RAD), y: -Math.cos(COAST_HEADING_RAD) };
    const back = 100 - inlandM(along.x, along.y);
    const x = along.x + normal.x * back;
    const y = along.y + normal.y * back;
    if (Math.hypot(x, y) <= CITY_RADIUS_M) corniche[corniche.length - 1]!.push({ key: `c${s}`, x, y });
    else if (corniche[corniche.length - 1]!.length > 0) corniche.push([]);
  }
  for (const piece of corniche) {
    addWay(piece, 'primary', 'Boulevard de la Corniche');
    connect(piece, 1, 'tertiary', 260);
  }
  return ways;
}

/** Metres from the coastline to the point, positive inland (the coast wiggles gently). */
function inlandM(x: number, y: number): number {
  const dx = x - COAST_POINT.x;
  const dy = y - COAST_POINT.y;
  const along = dx * Math.cos(COAST_HEADING_RAD) + dy * Math.sin(COAST_HEADING_RAD);
  const seaward = -dx * Math.sin(COAST_HEADING_RAD) + dy * Math.cos(COAST_HEADING_RAD);
  return -seaward + 150 * Math.sin(along / 1_300);
}

/** Calls `visit` with each run of consecutive present vertices along a grid line. */
function forEachRun(span: number, at: (n: number) => Vertex | undefined, visit: (run: Vertex[]) => void): void {
  let run: Vertex[] = [];
  for (let n = -span; n <= span + 1; n += 1) {
    const vertex = n <= span ? at(n) : undefined;
    if (vertex !== undefined) run.push(vertex);
    else {
      if (run.length >= 2) visit(run);
      run = [];
    }
  }
}

function streetName(kind: string, n: number): string {
  return `${kind} ${n + 40}`;
}

/** A small seeded generator (mulberry32): the same seed draws the same city, or the same random places. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
