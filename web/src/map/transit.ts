import type * as maplibregl from 'maplibre-gl';

/** What the transit layer draws: lines in their colours, stops, vehicles coloured by delay. */
export interface TransitPicture {
  readonly lines: readonly { readonly id: string; readonly color: string; readonly coordinates: readonly (readonly [number, number])[] }[];
  readonly stops: readonly { readonly id: string; readonly lat: number; readonly lon: number; readonly name: string }[];
  readonly vehicles: readonly { readonly id: string; readonly lat: number; readonly lon: number; readonly color: string; readonly delayS: number | null; readonly label: string }[];
}

/** Late by this much or more: amber; by `VERY_LATE_S`: red. */
export const LATE_S = 120;
export const VERY_LATE_S = 300;

/** On time green, late amber, very late red, unknown grey: the vehicles' rings and the legend. */
export const delayColours = { onTime: '#2e7d32', late: '#f57c00', veryLate: '#c62828', unknown: '#78909c' } as const;

/** The colour of a delay. */
export function delayColour(delayS: number | null): string {
  if (delayS === null) return delayColours.unknown;
  return delayS >= VERY_LATE_S ? delayColours.veryLate : delayS >= LATE_S ? delayColours.late : delayColours.onTime;
}

/** The transit layers: lines under the routes, stops and vehicles above the roads. */
export function addTransitLayers(map: maplibregl.Map): void {
  for (const id of ['transit-lines', 'transit-stops', 'transit-vehicles']) map.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'transit-lines', type: 'line', source: 'transit-lines', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ['get', 'color'], 'line-width': 3, 'line-opacity': 0.75 } }, 'routes');
  map.addLayer({ id: 'transit-stops', type: 'circle', source: 'transit-stops', minzoom: 13, paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#37474f', 'circle-stroke-width': 1.5 } }, 'routes');
  map.addLayer({
    id: 'transit-vehicles',
    type: 'circle',
    source: 'transit-vehicles',
    paint: { 'circle-radius': 6, 'circle-color': ['get', 'color'], 'circle-stroke-color': ['get', 'delayColour'], 'circle-stroke-width': 3 },
  });
}

/** The transit layers' data. */
export function transitFeatures(picture: TransitPicture): Record<'transit-lines' | 'transit-stops' | 'transit-vehicles', GeoJSON.FeatureCollection> {
  return {
    'transit-lines': {
      type: 'FeatureCollection',
      features: picture.lines.map((line) => ({ type: 'Feature', properties: { id: line.id, color: line.color }, geometry: { type: 'LineString', coordinates: line.coordinates as [number, number][] } })),
    },
    'transit-stops': {
      type: 'FeatureCollection',
      features: picture.stops.map((stop) => ({ type: 'Feature', properties: { id: stop.id, name: stop.name }, geometry: { type: 'Point', coordinates: [stop.lon, stop.lat] } })),
    },
    'transit-vehicles': {
      type: 'FeatureCollection',
      features: picture.vehicles.map((vehicle) => ({
        type: 'Feature',
        properties: { id: vehicle.id, color: vehicle.color, delayColour: delayColour(vehicle.delayS), label: vehicle.label },
        geometry: { type: 'Point', coordinates: [vehicle.lon, vehicle.lat] },
      })),
    },
  };
}
