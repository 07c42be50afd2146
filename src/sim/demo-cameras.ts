import type { NewCamera } from '../cameras/camera.js';
import type { NewHotlist } from '../cameras/hotlist.js';
import { distanceM } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { RoadClass } from '../geo/roads/road.js';

/** Cameras of the demo: on the main roads, at least this far apart. */
const MIN_SPACING_M = 250;
/** Roads a city puts cameras on first: motorways to secondary roads, then tertiary ones. */
const MAIN_ROADS: readonly number[] = [RoadClass.motorway, RoadClass.trunk, RoadClass.primary, RoadClass.secondary, RoadClass.tertiary];

/**
 * The demo's cameras: `count` poles on the city's main roads, spread out (a greedy pick by road class,
 * at least 250 m apart, then as far apart as the count allows), each looking along its road. One in five
 * is a PTZ dome. Names are what the video analytics (Frigate) know them by: `cam_001`, ...
 */
export function demoCameras(graph: RoadGraph, count: number, cityCode: string): NewCamera[] {
  const picked: { lat: number; lon: number; heading: number }[] = [];
  const cell = new Map<string, { lat: number; lon: number }[]>();
  const key = (lat: number, lon: number) => `${Math.floor(lat / 0.005)}:${Math.floor(lon / 0.005)}`;
  const tooClose = (lat: number, lon: number, spacing: number) => {
    const la = Math.floor(lat / 0.005);
    const lo = Math.floor(lon / 0.005);
    for (let i = -1; i <= 1; i += 1) {
      for (let j = -1; j <= 1; j += 1) {
        for (const p of cell.get(`${la + i}:${lo + j}`) ?? []) if (distanceM(p, { lat, lon }) < spacing) return true;
      }
    }
    return false;
  };
  // Edges by class, main roads first; within a class in a fixed stride so the picks spread over the city.
  for (const spacing of [MIN_SPACING_M * 4, MIN_SPACING_M * 2, MIN_SPACING_M]) {
    for (const roadClass of MAIN_ROADS) {
      for (let step = 0; step < graph.edgeCount && picked.length < count; step += 1) {
        const edge = (step * 7_919) % graph.edgeCount;
        if (graph.roadClass[edge] !== roadClass) continue;
        const from = graph.sources[edge]!;
        const to = graph.targets[edge]!;
        const lat = (graph.lat[from]! + graph.lat[to]!) / 2;
        const lon = (graph.lon[from]! + graph.lon[to]!) / 2;
        if (tooClose(lat, lon, Math.min(spacing, 1_000))) continue;
        const heading = bearing(graph.lat[from]!, graph.lon[from]!, graph.lat[to]!, graph.lon[to]!);
        picked.push({ lat, lon, heading });
        const k = key(lat, lon);
        cell.set(k, [...(cell.get(k) ?? []), { lat, lon }]);
      }
      if (picked.length >= count) break;
    }
    if (picked.length >= count) break;
  }
  return picked.map((p, i) => {
    const n = String(i + 1).padStart(3, '0');
    const ptz = i % 5 === 0;
    return {
      id: `${cityCode}-CAM-${n}`,
      name: `cam_${n}`,
      location: { lat: round6(p.lat), lon: round6(p.lon) },
      heightM: ptz ? 8 : 6,
      headingDeg: Math.round(p.heading) % 360,
      fovDeg: ptz ? 60 : 90,
      rangeM: ptz ? 200 : 120,
      ptz,
      owner: 'DGSN (démo)',
    };
  });
}

/** A hotlist of the demo: stolen vehicles, some of which the simulated cameras will read. */
export function demoHotlist(): NewHotlist {
  return {
    name: 'Véhicules volés (démo)',
    reason: 'stolen_vehicle',
    priority: 'P2',
    description: 'Plaques que le simulateur fait passer de temps en temps devant les caméras.',
    entries: demoHotPlates.map((plate) => ({ plate })),
  };
}

/** Plates on the demo hotlist, in the Latin transcription of Moroccan plates (number, series letter, prefecture). */
export const demoHotPlates: readonly string[] = Array.from({ length: 24 }, (_, i) => `${String(10_000 + i * 3_571).slice(0, 5)}-${'ABDHW'[i % 5]}-${(i % 60) + 1}`);

function bearing(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const φ1 = (lat1 * Math.PI) / 180;
  const φ2 = (lat2 * Math.PI) / 180;
  const Δλ = ((lon2 - lon1) * Math.PI) / 180;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
