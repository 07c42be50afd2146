import { boxAround, type LatLon } from '../geo/geometry.js';
import { sight, type CameraGeometry, type Sighting } from './camera-geometry.js';

/** A camera as the index holds it: its geometry, its id, and the device that controls it. */
export interface IndexedCamera extends CameraGeometry {
  readonly id: string;
  readonly device: string | null;
}

/** A camera that sees a point, and how. */
export interface CameraSighting extends Sighting {
  readonly camera: IndexedCamera;
}

const METRES_PER_DEGREE = 111_320;
const OFFSET = 2 ** 21;
const ROW = 2 ** 22;

/**
 * Which cameras see a point, without looking at every camera: a uniform grid over latitude and
 * longitude (cells `cellM` metres wide, longitude scaled by cos(latitude) of the cameras' middle), each
 * camera filed in every cell its range circle touches. A point's own cell holds every camera that may
 * see it; the exact check (`sight`) and a sort by distance do the rest. Filing a camera in several cells
 * instead of looking at the 3x3 cells around the point keeps one cell per query whatever the ranges,
 * and cameras with a long range cost memory, not time.
 */
export class CameraIndex {
  private readonly cells = new Map<number, IndexedCamera[]>();
  private readonly byId = new Map<string, IndexedCamera>();
  private readonly lonScale: number;

  constructor(
    cameras: readonly IndexedCamera[],
    readonly cellM = 250,
  ) {
    let [south, north] = [Infinity, -Infinity];
    for (const camera of cameras) [south, north] = [Math.min(south, camera.lat), Math.max(north, camera.lat)];
    const middle = cameras.length === 0 ? 0 : (south + north) / 2;
    this.lonScale = Math.max(Math.cos(middle * (Math.PI / 180)), 0.01);
    for (const camera of cameras) this.add(camera);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexedCamera | undefined {
    return this.byId.get(id);
  }

  /** The device that controls a camera (for MQTT rules, which must not touch the database). */
  deviceOf(id: string): string | null | undefined {
    return this.byId.get(id)?.device;
  }

  /** The cameras that see `point`, nearest first (ties by id). */
  seeing(point: LatLon): CameraSighting[] {
    const found: CameraSighting[] = [];
    for (const camera of this.cells.get(this.key(this.column(point.lon), this.row(point.lat))) ?? []) {
      const seen = sight(camera, point);
      if (seen !== undefined) found.push({ camera, ...seen });
    }
    return found.sort(nearestFirst);
  }

  private add(camera: IndexedCamera): void {
    this.byId.set(camera.id, camera);
    const box = boxAround(camera, camera.rangeM);
    // The box is taken at the camera's own latitude; one cell of margin covers rounding at the edges.
    const [x0, x1] = [this.column(box.minLon) - 1, this.column(box.maxLon) + 1];
    const [y0, y1] = [this.row(box.minLat) - 1, this.row(box.maxLat) + 1];
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const key = this.key(x, y);
        const cell = this.cells.get(key);
        if (cell === undefined) this.cells.set(key, [camera]);
        else cell.push(camera);
      }
    }
  }

  private column(lon: number): number {
    return Math.floor((lon * METRES_PER_DEGREE * this.lonScale) / this.cellM);
  }

  private row(lat: number): number {
    return Math.floor((lat * METRES_PER_DEGREE) / this.cellM);
  }

  private key(x: number, y: number): number {
    return (x + OFFSET) * ROW + (y + OFFSET);
  }
}

/** The same answer as `CameraIndex.seeing`, by looking at every camera: the baseline and the reference. */
export function scanSeeing(cameras: readonly IndexedCamera[], point: LatLon): CameraSighting[] {
  const found: CameraSighting[] = [];
  for (const camera of cameras) {
    const seen = sight(camera, point);
    if (seen !== undefined) found.push({ camera, ...seen });
  }
  return found.sort(nearestFirst);
}

function nearestFirst(a: CameraSighting, b: CameraSighting): number {
  return a.distanceM - b.distanceM || (a.camera.id < b.camera.id ? -1 : a.camera.id > b.camera.id ? 1 : 0);
}
