import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, type MutableRefObject } from 'react';
import { get } from '../api';
import { FirstPaint, markMapRendered, markMapStep, markRoadsRendered, storeLoaded } from '../firstPaint';
import { useI18n } from '../i18n';
import { isOpen } from '@contract';
import type { LatLon, Unit } from '@contract/shapes';
import { store, useStore } from '../store';
import { roadsAttribution, type RoadsCredit } from './attribution';
import { addClosureLayers, addCordonLayers, watchCordons } from './cordons';
import { addCongestionLayers, congestionFeatures, type CongestionLine } from './congestion';
import { addTransitLayers, transitFeatures, type TransitPicture } from './transit';
import type { CameraFeature, MapSettings, OpsMapProps } from './OpsMap';
import { cameraStatusColours, kindIcons, priorityColours, statusColours } from './symbols';
import { syncUnitLabels } from './unitLabels';

maplibregl.setWorkerUrl(workerUrl);
// The worker (half a megabyte of script of its own) starts loading now, while React renders the screen,
// rather than when the first map is made: the map's data waits for it.
maplibregl.prewarm();

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The operational map drawn by MapLibre (`OpsMap` loads it): the server's roads and districts as vector
 * layers (no tile server needed), an optional background from the deployment's own tile server, and
 * live incidents and units. Positions go straight from the store to the map's source, without
 * re-rendering React.
 */
export function MapCanvas(props: OpsMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const ready = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  const i18n = useI18n();
  const words = useRef(i18n);
  words.current = i18n;
  useStore('incidents');

  useEffect(() => {
    if (container.current === null) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: baseStyle(props.settings),
      center: [-7.59, 33.57],
      zoom: 11.5,
      attributionControl: { compact: false },
      fadeDuration: 0,
      // MapLibre's own words (titles and labels for assistive technologies), in the operator's language when the map is made.
      locale: {
        'Map.Title': i18n.t('map.legend'),
        'NavigationControl.ZoomIn': i18n.t('map.zoomIn'),
        'NavigationControl.ZoomOut': i18n.t('map.zoomOut'),
        'AttributionControl.ToggleAttribution': i18n.t('map.toggleAttribution'),
      },
    });
    mapRef.current = map;
    markMapStep(FirstPaint.mapCreated);
    // Asked for now, while MapLibre starts its worker and reads its style, not once it is done.
    const areas = get<GeoJSON.FeatureCollection>('/areas').catch(() => EMPTY);
    const roads = fetchRoads();
    let stopCordons = () => {};
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('load', () => {
      markMapStep(FirstPaint.mapLoaded);
      for (const [name, image] of kindIcons()) map.addImage(name, image, { sdf: true, pixelRatio: 2 });
      addOperationalLayers(map);
      addCameraLayers(map);
      addCordonLayers(map);
      addCongestionLayers(map);
      addTransitLayers(map);
      addClosureLayers(map);
      stopCordons = watchCordons(map);
      ready.current = true;
      void drawBackground(map, areas, roads, () => (latest.current.focus ?? null) === null, () => words.current);
      drawAll(map, latest);
      reportFirstRender(map);
    });
    // Zoomed in on a street, every map names the units in view (zoomed out, the names would cover the city).
    map.on('moveend', () => {
      if (ready.current) drawUnits(map);
    });
    const select = (event: maplibregl.MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
      const feature = event.features?.[0];
      if (feature === undefined) return;
      const id = String(feature.properties.id);
      latest.current.onSelect?.(feature.layer.id.startsWith('unit') ? { kind: 'unit', id } : { kind: 'incident', id });
    };
    for (const layer of ['incidents', 'units']) {
      map.on('click', layer, select);
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    for (const layer of ['cameras', 'cameras-fov']) {
      map.on('mouseenter', layer, () => latest.current.onSelectCamera !== undefined && (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    map.on('mouseenter', 'transit-stops', () => latest.current.onSelectStop !== undefined && (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'transit-stops', () => (map.getCanvas().style.cursor = ''));
    map.on('click', (event) => {
      const hits = map.queryRenderedFeatures(event.point, { layers: ['incidents', 'units'] });
      if (hits.length > 0) return;
      const stop = latest.current.onSelectStop === undefined ? undefined : map.queryRenderedFeatures(event.point, { layers: ['transit-stops'] })[0];
      if (stop !== undefined) {
        latest.current.onSelectStop?.(String(stop.properties.id));
        return;
      }
      // One camera per click, the topmost: a camera's position lies inside its own field of view.
      const camera = latest.current.onSelectCamera === undefined ? undefined : map.queryRenderedFeatures(event.point, { layers: ['cameras', 'cameras-fov'] })[0];
      if (camera !== undefined) latest.current.onSelectCamera?.(String(camera.properties.id));
      else latest.current.onPick?.({ lat: event.lngLat.lat, lon: event.lngLat.lng });
    });
    const offPositions = store.subscribe('positions', () => ready.current && drawUnits(map));
    const offUnits = store.subscribe('units', () => ready.current && drawUnits(map));
    (window as unknown as { amaneMap?: maplibregl.Map }).amaneMap = map;
    return () => {
      offPositions();
      offUnits();
      stopCordons();
      ready.current = false;
      map.remove();
      mapRef.current = null;
    };
    // The map is made once; later props reach it through `latest` and the effects below.
  }, []);

  useEffect(() => {
    if (mapRef.current === null || !ready.current) return;
    drawAll(mapRef.current, latest);
    reportFirstRender(mapRef.current);
  });

  // The roads' credit follows the operator's language.
  useEffect(() => {
    if (mapRef.current !== null && ready.current) creditRoads(mapRef.current, i18n);
  }, [i18n.language]);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null || props.focus === undefined || props.focus === null) return;
    map.flyTo({ center: [props.focus.lon, props.focus.lat], zoom: Math.max(map.getZoom(), 14.5), duration: 600 });
  }, [props.focus?.lat, props.focus?.lon, props.focusKey]);

  return <div ref={container} className="ops-map" role="region" aria-label={i18n.t('map.legend')} data-testid="ops-map" />;
}

function baseStyle(settings: MapSettings): StyleSpecification | string {
  if (settings.styleUrl !== null) return settings.styleUrl;
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
  };
  if (settings.rasterTiles !== null) {
    style.sources.tiles = { type: 'raster', tiles: [settings.rasterTiles], tileSize: 256, attribution: settings.attribution ?? '' };
    style.layers.push({ id: 'tiles', type: 'raster', source: 'tiles' });
  }
  return style;
}

function addOperationalLayers(map: maplibregl.Map): void {
  const sources = ['areas', 'roads', 'caller', 'routes', 'incidents', 'units'];
  for (const id of sources) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': '#7aa6c2', 'fill-opacity': 0.06 } });
  map.addLayer({ id: 'areas-line', type: 'line', source: 'areas', paint: { 'line-color': '#4d7a99', 'line-width': 1.2, 'line-dasharray': [3, 2] } });
  map.addLayer({
    id: 'roads',
    type: 'line',
    source: 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ['match', ['get', 'class'], ['motorway', 'trunk'], '#e7a13c', ['primary', 'secondary'], '#f4d58d', '#ffffff'],
      'line-width': ['interpolate', ['linear'], ['zoom'], 10, ['match', ['get', 'class'], ['motorway', 'trunk'], 2, ['primary', 'secondary'], 1.2, 0.4], 16, ['match', ['get', 'class'], ['motorway', 'trunk'], 9, ['primary', 'secondary'], 7, 4]],
    },
  });
  map.addLayer({ id: 'roads-casing', type: 'line', source: 'roads', paint: { 'line-color': '#c3cbd3', 'line-width': 0.5, 'line-gap-width': 0 } }, 'roads');
  map.addLayer({ id: 'caller-area', type: 'fill', source: 'caller', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#7b3fe4', 'fill-opacity': ['case', ['==', ['get', 'source'], 'network'], 0.07, 0.15] } });
  map.addLayer({ id: 'caller-edge', type: 'line', source: 'caller', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': '#7b3fe4', 'line-width': 1.5, 'line-opacity': ['case', ['==', ['get', 'source'], 'network'], 0.45, 1] } });
  map.addLayer({ id: 'caller-point', type: 'circle', source: 'caller', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': ['case', ['==', ['get', 'source'], 'network'], '#b39ddb', '#7b3fe4'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  map.addLayer({ id: 'routes', type: 'line', source: 'routes', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#1565c0', 'line-width': 4, 'line-opacity': 0.8 } });
  map.addLayer({
    id: 'incidents',
    type: 'circle',
    source: 'incidents',
    paint: {
      'circle-radius': ['match', ['get', 'priority'], 'P1', 11, 'P2', 9, 8],
      'circle-color': ['match', ['get', 'priority'], 'P1', priorityColours.P1, 'P2', priorityColours.P2, 'P3', priorityColours.P3, priorityColours.P4],
      'circle-stroke-color': ['case', ['get', 'selected'], '#111', '#fff'],
      'circle-stroke-width': ['case', ['get', 'selected'], 3, 2],
    },
  });
  map.addLayer({
    id: 'units',
    type: 'circle',
    source: 'units',
    paint: {
      'circle-radius': 9,
      'circle-color': ['match', ['get', 'status'], ...Object.entries(statusColours).flat(), '#777'] as unknown as string,
      'circle-opacity': ['case', ['get', 'stale'], 0.4, 1],
      'circle-stroke-color': ['case', ['get', 'stale'], '#5f6b76', '#ffffff'],
      'circle-stroke-width': ['case', ['get', 'stale'], 2.5, 1.5],
    },
  });
  map.addLayer({
    id: 'units-icon',
    type: 'symbol',
    source: 'units',
    layout: { 'icon-image': ['get', 'icon'], 'icon-size': 0.75, 'icon-allow-overlap': true, 'icon-ignore-placement': true },
    paint: { 'icon-color': '#ffffff', 'icon-opacity': ['case', ['get', 'stale'], 0.6, 1] },
  });
}

/** Whether a map's first frame with the store's data was reported (once per map at most). */
const reported = new WeakSet<maplibregl.Map>();

/**
 * Once the store's first incidents and units are given to the map, the first frame drawn with them in
 * it (their sources loaded: a GeoJSON source is not while its worker is still cutting the data) is the
 * map's first meaningful one; the roads, a background of several megabytes, may come after.
 */
function reportFirstRender(map: maplibregl.Map): void {
  if (reported.has(map) || !storeLoaded(store)) return;
  reported.add(map);
  const drawn = () => {
    if (!map.isSourceLoaded('incidents') || !map.isSourceLoaded('units')) return;
    map.off('render', drawn);
    markMapRendered();
    firstFrame(map).reached();
  };
  map.on('render', drawn);
  map.triggerRepaint();
}

/** What `GET /roads` said of where its streets come from, per map. */
const roadCredits = new WeakMap<maplibregl.Map, RoadsCredit>();

/** Writes the roads' credit in the operator's language where MapLibre's attribution control reads it. */
function creditRoads(map: maplibregl.Map, i18n: Parameters<typeof roadsAttribution>[1]): void {
  const credit = roadCredits.get(map);
  const source = map.getSource('roads') as (GeoJSONSource & { attribution?: string }) | undefined;
  if (credit === undefined || source === undefined) return;
  source.attribution = roadsAttribution(credit, i18n);
  // The attribution control reads sources' attributions when the style changes.
  map.fire('styledata', { dataType: 'style' });
}

/** Per map, its first frame with the store's data (see `reportFirstRender`), as a promise. */
const firstFrames = new WeakMap<maplibregl.Map, { readonly drawn: Promise<void>; readonly reached: () => void }>();

function firstFrame(map: maplibregl.Map): { readonly drawn: Promise<void>; readonly reached: () => void } {
  let known = firstFrames.get(map);
  if (known === undefined) {
    let reached = () => {};
    const drawn = new Promise<void>((resolve) => (reached = resolve));
    firstFrames.set(map, (known = { drawn, reached }));
  }
  return known;
}

/** How long the roads wait at most for the map's first frame with the store's data. */
const ROADS_WAIT_MS = 1_000;

/**
 * The road network's answer, its body not yet read: several megabytes of JSON to parse on this thread,
 * which wait for the map's first frame (`drawBackground`). A failure leaves the map without roads.
 */
function fetchRoads(): Promise<Response | undefined> {
  return fetch('/roads', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(
    (response) => (response.ok ? response : undefined),
    () => undefined,
  );
}

/**
 * The districts at once (a few kilobytes), and the whole city framed by them unless the screen already
 * looks at something. The roads, fetched meanwhile (the browser revalidates them with their ETag), are
 * read and drawn once the incidents and units are on the map, or after `ROADS_WAIT_MS`: parsed on this
 * thread, then cut in MapLibre's worker, they held the incidents back by half a second. Without
 * districts, the roads frame the city.
 */
async function drawBackground(
  map: maplibregl.Map,
  areasLoading: Promise<GeoJSON.FeatureCollection>,
  roadsLoading: Promise<Response | undefined>,
  fitCity: () => boolean,
  i18n: () => Parameters<typeof roadsAttribution>[1],
): Promise<void> {
  const frame = (collection: GeoJSON.FeatureCollection) => {
    const bounds = boundsOf(collection);
    if (bounds !== undefined && fitCity()) map.fitBounds(bounds, { padding: 20, duration: 0 });
  };
  const areas = await areasLoading;
  if (map.getSource('areas') === undefined) return;
  (map.getSource('areas') as GeoJSONSource).setData(areas);
  if (areas.features.length > 0) frame(areas);
  await Promise.race([firstFrame(map).drawn, new Promise((resolve) => setTimeout(resolve, ROADS_WAIT_MS))]);
  const roads = await roadsLoading.then((response) => response?.json() as Promise<(GeoJSON.FeatureCollection & RoadsCredit) | undefined>).catch(() => undefined);
  if (roads === undefined || map.getSource('roads') === undefined) return;
  (map.getSource('roads') as GeoJSONSource).setData(roads);
  roadCredits.set(map, { ...(roads.origin === undefined ? {} : { origin: roads.origin }), ...(roads.attribution === undefined ? {} : { attribution: roads.attribution }) });
  creditRoads(map, i18n());
  map.once('idle', markRoadsRendered);
  if (areas.features.length === 0) frame(roads);
}

function boundsOf(collection: GeoJSON.FeatureCollection): maplibregl.LngLatBounds | undefined {
  const bounds = new maplibregl.LngLatBounds();
  let any = false;
  const visit = (coordinates: unknown): void => {
    if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
      bounds.extend(coordinates as [number, number]);
      any = true;
    } else if (Array.isArray(coordinates)) for (const inner of coordinates) visit(inner);
  };
  for (const feature of collection.features) if ('coordinates' in feature.geometry) visit(feature.geometry.coordinates);
  return any ? bounds : undefined;
}

function drawAll(map: maplibregl.Map, latest: MutableRefObject<OpsMapProps>): void {
  const props = latest.current;
  const selectedIncident = props.selectedIncident ?? null;
  const incidents = [...store.incidents.values()].filter((incident) => isOpen(incident.status) && (props.incidentFilter?.(incident) ?? true));
  setData(map, 'incidents', {
    type: 'FeatureCollection',
    features: incidents.map((incident) => ({
      type: 'Feature',
      properties: { id: incident.number, priority: incident.priority, status: incident.status, selected: incident.number === selectedIncident },
      geometry: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
    })),
  });
  setData(map, 'caller', {
    type: 'FeatureCollection',
    features: [...(props.caller ? callerFeatures(props.caller, 'placed') : []), ...(props.callerNetwork ? callerFeatures(props.callerNetwork, 'network') : [])],
  });
  setData(map, 'routes', {
    type: 'FeatureCollection',
    features: (props.routes ?? []).map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coordinates as [number, number][] } })),
  });
  drawCameras(map, props.cameras ?? NO_CAMERAS);
  drawClosures(map, props.closedRoads ?? NO_CLOSURES);
  drawCongestion(map, props.congestion ?? NO_CONGESTION);
  drawTransit(map, props.transit ?? NO_TRANSIT);
  labelled.set(map, props.unitLabels === true);
  drawUnits(map);
}

const NO_CLOSURES: readonly (readonly [number, number][])[] = [];
const drawnClosures = new WeakMap<maplibregl.Map, readonly (readonly [number, number][])[]>();
/** Whether a map writes call signs beside its units (the screen's `unitLabels`). */
const labelled = new WeakMap<maplibregl.Map, boolean>();

function drawClosures(map: maplibregl.Map, lines: readonly (readonly [number, number][])[]): void {
  if (drawnClosures.get(map) === lines) return;
  drawnClosures.set(map, lines);
  setData(map, 'closures', { type: 'FeatureCollection', features: lines.map((line) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line as [number, number][] } })) });
}

const NO_CONGESTION: readonly CongestionLine[] = [];
const drawnCongestion = new WeakMap<maplibregl.Map, readonly CongestionLine[]>();

function drawCongestion(map: maplibregl.Map, lines: readonly CongestionLine[]): void {
  if (drawnCongestion.get(map) === lines) return;
  drawnCongestion.set(map, lines);
  setData(map, 'congestion', congestionFeatures(lines));
}

const NO_TRANSIT: TransitPicture = { lines: [], stops: [], vehicles: [] };
const drawnTransit = new WeakMap<maplibregl.Map, TransitPicture>();

function drawTransit(map: maplibregl.Map, picture: TransitPicture): void {
  if (drawnTransit.get(map) === picture) return;
  drawnTransit.set(map, picture);
  for (const [source, data] of Object.entries(transitFeatures(picture))) setData(map, source, data);
}

function drawUnits(map: maplibregl.Map): void {
  const features: GeoJSON.Feature[] = [];
  for (const unit of store.units.values()) {
    if (unit.position === null || unit.status === 'off_duty') continue;
    features.push(unitFeature(unit));
  }
  setData(map, 'units', { type: 'FeatureCollection', features });
  syncUnitLabels(map, labelled.get(map) === true ? store.units.values() : map.getZoom() >= LABEL_ZOOM ? unitsInView(map) : null);
}

/** The zoom from which every map writes call signs beside the units in view (a few streets across). */
const LABEL_ZOOM = 14;

function unitsInView(map: maplibregl.Map): Unit[] {
  const bounds = map.getBounds();
  return [...store.units.values()].filter((unit) => unit.position !== null && bounds.contains([unit.position.lon, unit.position.lat]));
}

function unitFeature(unit: Unit): GeoJSON.Feature {
  return {
    type: 'Feature',
    properties: { id: unit.callSign, status: unit.status, icon: `kind-${unit.kind}`, stale: unit.positionStale || unit.statusStale },
    geometry: { type: 'Point', coordinates: [unit.position!.lon, unit.position!.lat] },
  };
}

function setData(map: maplibregl.Map, id: string, data: GeoJSON.FeatureCollection): void {
  (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
}

/** The caller's position and, when the network gave one, its uncertainty as a 48-sided polygon. */
function callerFeatures(caller: LatLon & { radiusM?: number }, source: 'placed' | 'network'): GeoJSON.Feature[] {
  const properties = { source };
  const features: GeoJSON.Feature[] = [{ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [caller.lon, caller.lat] } }];
  if (caller.radiusM !== undefined && caller.radiusM > 0) {
    const ring: [number, number][] = [];
    for (let i = 0; i <= 48; i += 1) ring.push(pointAt(caller, (i / 48) * 360, caller.radiusM));
    features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return features;
}

/** Below the routes, incidents and units: what cameras see is the background of the scene. */
function addCameraLayers(map: maplibregl.Map): void {
  map.addSource('cameras', { type: 'geojson', data: EMPTY });
  const colour = ['match', ['get', 'status'], ...Object.entries(cameraStatusColours).flat(), cameraStatusColours.unknown] as unknown as string;
  const isArea = ['==', ['geometry-type'], 'Polygon'] as maplibregl.FilterSpecification;
  map.addLayer(
    {
      id: 'cameras-fov',
      type: 'fill',
      source: 'cameras',
      filter: isArea,
      paint: { 'fill-color': colour, 'fill-opacity': ['case', ['get', 'selected'], 0.4, ['get', 'ptz'], 0.08, 0.22] },
    },
    'routes',
  );
  map.addLayer(
    {
      id: 'cameras-edge',
      type: 'line',
      source: 'cameras',
      filter: isArea,
      paint: {
        'line-color': ['case', ['get', 'alarm'], '#d50000', colour] as unknown as string,
        'line-width': ['case', ['get', 'alarm'], 2.5, ['get', 'selected'], 2, 0.8],
        'line-opacity': ['case', ['get', 'ptz'], 0.5, 0.9],
      },
    },
    'routes',
  );
  map.addLayer(
    {
      id: 'cameras',
      type: 'circle',
      source: 'cameras',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['case', ['get', 'selected'], 6, 4],
        'circle-color': colour,
        'circle-stroke-color': ['case', ['get', 'alarm'], '#d50000', ['get', 'selected'], '#111', '#ffffff'] as unknown as string,
        'circle-stroke-width': ['case', ['get', 'alarm'], 2.5, 1.5],
      },
    },
    'routes',
  );
}

const NO_CAMERAS: readonly CameraFeature[] = [];
const drawnCameras = new WeakMap<maplibregl.Map, readonly CameraFeature[]>();

/** Hundreds of wedges: drawn again only when the screen gives another list, not at each render. */
function drawCameras(map: maplibregl.Map, cameras: readonly CameraFeature[]): void {
  if (drawnCameras.get(map) === cameras) return;
  drawnCameras.set(map, cameras);
  setData(map, 'cameras', cameraFeatures(cameras));
}

function cameraFeatures(cameras: readonly CameraFeature[]): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (const camera of cameras) {
    const properties = { id: camera.id, status: camera.status, ptz: camera.ptz, selected: camera.selected === true, alarm: camera.alarm === true };
    features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [cameraWedge(camera)] } });
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [camera.lon, camera.lat] } });
  }
  return { type: 'FeatureCollection', features };
}

/** The ring of a camera's field of view: its position, then an arc every 5° at `rangeM` (a circle for PTZ). */
function cameraWedge(camera: CameraFeature): [number, number][] {
  const full = camera.ptz || camera.fovDeg >= 360;
  const span = full ? 360 : Math.max(1, camera.fovDeg);
  const from = full ? 0 : camera.headingDeg - span / 2;
  const steps = Math.max(2, Math.ceil(span / 5));
  const arc: [number, number][] = [];
  for (let i = 0; i <= steps; i += 1) arc.push(pointAt(camera, from + (span * i) / steps, camera.rangeM));
  return full ? arc : [[camera.lon, camera.lat], ...arc, [camera.lon, camera.lat]];
}

/** `[lon, lat]` some metres from a place along a bearing (degrees clockwise from north); flat-earth, for drawing only. */
function pointAt(from: LatLon, bearingDeg: number, metres: number): [number, number] {
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLon = metresPerDegreeLat * Math.cos((from.lat * Math.PI) / 180);
  const bearing = (bearingDeg * Math.PI) / 180;
  return [from.lon + (metres * Math.sin(bearing)) / metresPerDegreeLon, from.lat + (metres * Math.cos(bearing)) / metresPerDegreeLat];
}
