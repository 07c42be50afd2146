import { COAST_HEADING_RAD, COAST_POINT, CITY_RADIUS_M, DEMO_CITY_CENTRE, MOTORWAY_RING_M, RING_ROAD_M } from './roads/demo-city.js';

/**
 * Sixteen districts for the generated demo city, so a centre without map data still sorts its work by
 * district: four quarters inside the ring road, six sectors between it and the motorway ring, six
 * beyond on the landward side, each cut at the city's edge and at the coast. Names and populations are invented (the
 * populations add up to about Casablanca's 3.2 million, denser towards the centre).
 */
export function demoDistricts(): { type: 'FeatureCollection'; features: object[] } {
  const cosLat = Math.cos((DEMO_CITY_CENTRE.lat * Math.PI) / 180);
  const metresPerDegree = (6_371_008.8 * Math.PI) / 180;
  const toLonLat = ([x, y]: Point): [number, number] => [
    round(DEMO_CITY_CENTRE.lon + x / (metresPerDegree * cosLat)),
    round(DEMO_CITY_CENTRE.lat + y / metresPerDegree),
  ];
  // The city's land: its disk (a 96-gon) and the inland side of the coast, kept 200 m generous so that
  // every street falls in a district.
  const disk: Point[] = Array.from({ length: 360 / STEP_DEG }, (_, i) => polar(CITY_RADIUS_M + 100, i * STEP_DEG));
  const inland = (p: Point) => -(-(p[0] - COAST_POINT.x) * Math.sin(COAST_HEADING_RAD) + (p[1] - COAST_POINT.y) * Math.cos(COAST_HEADING_RAD)) + 200;

  const rings = [
    { inner: 0, outer: RING_ROAD_M, sectors: 4, startDeg: 0, widthDeg: 90, names: ['Centre Nord', 'Centre Ouest', 'Centre Sud', 'Centre Est'], density: 30_000 },
    { inner: RING_ROAD_M, outer: MOTORWAY_RING_M, sectors: 6, startDeg: MIDDLE_START, widthDeg: MIDDLE_WIDTH, names: ['Anassi', 'Oulfa', 'Hay Salam', 'Bouskoura', 'Sidi Maarouf', 'Ain Sebaa'], density: 22_000 },
    { inner: MOTORWAY_RING_M, outer: CITY_RADIUS_M + 100, sectors: 6, startDeg: OUTER_START, widthDeg: OUTER_WIDTH, names: ['Lissasfa', 'Dar Bouazza', 'Nouaceur', 'Ouled Saleh', 'Tit Mellil', 'Zenata'], density: 9_000 },
  ];
  const arabic: Readonly<Record<string, string>> = {
    'Centre Nord': 'الوسط الشمالي', 'Centre Ouest': 'الوسط الغربي', 'Centre Sud': 'الوسط الجنوبي', 'Centre Est': 'الوسط الشرقي',
    Anassi: 'أناسي', Oulfa: 'الألفة', 'Hay Salam': 'حي السلام', Bouskoura: 'بوسكورة', 'Sidi Maarouf': 'سيدي معروف', 'Ain Sebaa': 'عين السبع',
    Lissasfa: 'ليساسفة', 'Dar Bouazza': 'دار بوعزة', Nouaceur: 'النواصر', 'Ouled Saleh': 'أولاد صالح', 'Tit Mellil': 'تيط مليل', Zenata: 'زناتة',
  };
  const features: object[] = [];
  let n = 0;
  for (const ring of rings) {
    for (let s = 0; s < ring.sectors; s += 1) {
      n += 1;
      const from = ring.startDeg + s * ring.widthDeg;
      const to = from + ring.widthDeg;
      // Arcs are drawn through every multiple of 5 degrees, so neighbouring rings share their vertices
      // and districts meet without gaps or overlaps.
      const outline: Point[] = [];
      for (let a = from; a <= to; a += STEP_DEG) outline.push(polar(ring.outer, a));
      if (ring.inner === 0) outline.push([0, 0]);
      else for (let a = to; a >= from; a -= STEP_DEG) outline.push(polar(ring.inner, a));
      let land = clipConvex(outline, disk);
      land = clipHalfPlane(land, inland);
      if (land.length < 3) continue;
      const name = ring.names[s]!;
      const areaKm2 = Math.abs(shoelace(land)) / 1e6;
      const ringCoordinates = [...land, land[0]!].map(toLonLat);
      features.push({
        type: 'Feature',
        properties: { code: `DEMO-${String(n).padStart(2, '0')}`, name, name_ar: arabic[name] ?? null, population: Math.round((areaKm2 * ring.density) / 100) * 100 },
        geometry: { type: 'Polygon', coordinates: [ringCoordinates] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

type Point = readonly [number, number];

const STEP_DEG = 5;
/** Six sectors of 60 degrees between the rings. */
const MIDDLE_START = 15;
const MIDDLE_WIDTH = 60;
/** Beyond the motorway, the land lies from west-north-west round to east-north-east: six of 45 degrees. */
const OUTER_START = 150;
const OUTER_WIDTH = 45;

function polar(radius: number, degrees: number): Point {
  const angle = (degrees * Math.PI) / 180;
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}

function shoelace(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i += 1) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[(i + 1) % points.length]!;
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Keeps the part of a polygon where `side` is not negative (Sutherland–Hodgman against one line). */
function clipHalfPlane(polygon: readonly Point[], side: (p: Point) => number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < polygon.length; i += 1) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const sa = side(a);
    const sb = side(b);
    if (sa >= 0) out.push(a);
    if (sa >= 0 !== sb >= 0) {
      const t = sa / (sa - sb);
      out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
    }
  }
  return out;
}

/** Keeps the part of a polygon inside a convex polygon given counter-clockwise. */
function clipConvex(polygon: readonly Point[], convex: readonly Point[]): Point[] {
  let out: Point[] = [...polygon];
  for (let i = 0; i < convex.length && out.length > 0; i += 1) {
    const [ax, ay] = convex[i]!;
    const [bx, by] = convex[(i + 1) % convex.length]!;
    out = clipHalfPlane(out, ([x, y]) => (bx - ax) * (y - ay) - (by - ay) * (x - ax));
  }
  return out;
}
