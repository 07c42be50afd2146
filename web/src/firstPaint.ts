import type { Store } from './store';

/**
 * The console's first meaningful paint, as performance marks that a browser test (or an operator's
 * developer tools) reads with `performance.getEntriesByName(FirstPaint.screen)`, in milliseconds from
 * the navigation's start: the first screen of a page showing the store's first incidents and units,
 * and, on a screen with a map, the map's first frame with them. One of each per page load.
 */
export const FirstPaint = {
  /** The screen rendered with the store's first data, after the browser painted it. */
  data: 'amane:screen-data-rendered',
  /** The map's first frame with the store's first data drawn. */
  map: 'amane:map-rendered',
  /** MapLibre's code has run and the map is made (its worker and style then load). */
  mapCreated: 'amane:map-created',
  /** The map's style is loaded: the console adds its layers and data. */
  mapLoaded: 'amane:map-loaded',
  /** The map's first frame with the road network drawn (a background of several megabytes, drawn after). */
  roads: 'amane:map-roads-rendered',
  /** The later of `data` and `map` (`data` alone on a screen without a map); its `detail` names the screen. */
  screen: 'amane:first-paint',
} as const;

let mapExpected = false;
let dataAt: { readonly screen: string; readonly time: number } | undefined;
let mapAt: number | undefined;
let done = false;

/** Whether the store holds its first load of what the signed-in person may read (incidents, units). */
export function storeLoaded(store: Store): boolean {
  return (!store.can('incident.read') || store.version('incidents') > 0) && (!store.can('unit.read') || store.version('units') > 0);
}

/** A map is on the first screen: its first paint waits for the map's first frame. */
export function expectMap(): void {
  mapExpected = true;
}

/** The map drew its first frame with the store's data. */
export function markMapRendered(): void {
  if (mapAt !== undefined) return;
  mapAt = performance.mark(FirstPaint.map).startTime;
  settle();
}

/** One of the map's steps towards its first frame (`mapCreated`, `mapLoaded`), the first time in this page. */
export function markMapStep(step: typeof FirstPaint.mapCreated | typeof FirstPaint.mapLoaded): void {
  if (performance.getEntriesByName(step).length === 0) performance.mark(step);
}

/** The map drew the road network for the first time in this page. */
export function markRoadsRendered(): void {
  if (performance.getEntriesByName(FirstPaint.roads).length === 0) performance.mark(FirstPaint.roads);
}

/** The screen rendered the store's data: marked once the browser has painted that frame. */
export function markDataRendered(screen: string): void {
  if (dataAt !== undefined || done) return;
  dataAt = { screen, time: -1 };
  // The frame is painted after the next animation frame's callbacks: a task queued there runs after the paint.
  requestAnimationFrame(() =>
    setTimeout(() => {
      dataAt = { screen, time: performance.mark(FirstPaint.data, { detail: { screen } }).startTime };
      settle();
    }, 0),
  );
}

function settle(): void {
  if (done || dataAt === undefined || dataAt.time < 0 || (mapExpected && mapAt === undefined)) return;
  done = true;
  performance.mark(FirstPaint.screen, { startTime: Math.max(dataAt.time, mapAt ?? 0), detail: { screen: dataAt.screen } });
}
