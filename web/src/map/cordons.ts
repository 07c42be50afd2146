import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import { get } from '../api';
import { store } from '../store';

/** Red for the mandatory evacuation zone, amber for the shelter-in-place zone out to the preferred distance. */
export const cordonColours = { mandatory: '#c62828', preferred: '#f9a825' } as const;

/** The EOD cordons in force: two circles each, below routes, incidents and units. */
export function addCordonLayers(map: maplibregl.Map): void {
  map.addSource('cordons', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const zone of ['preferred', 'mandatory'] as const) {
    const filter: maplibregl.FilterSpecification = ['==', ['get', 'zone'], zone];
    map.addLayer({ id: `cordons-${zone}`, type: 'fill', source: 'cordons', filter, paint: { 'fill-color': cordonColours[zone], 'fill-opacity': zone === 'mandatory' ? 0.28 : 0.12 } }, 'routes');
    map.addLayer(
      { id: `cordons-${zone}-edge`, type: 'line', source: 'cordons', filter, paint: { 'line-color': cordonColours[zone], 'line-width': zone === 'mandatory' ? 2.5 : 2, ...(zone === 'preferred' ? { 'line-dasharray': [3, 2] } : {}) } },
      'routes',
    );
  }
}

/** Road segments closed by cordons, drawn over the roads and under the routes: a thick dark red line. */
export function addClosureLayers(map: maplibregl.Map): void {
  map.addSource('closures', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'closures-casing', type: 'line', source: 'closures', layout: { 'line-cap': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 9 } }, 'routes');
  map.addLayer(
    { id: 'closures', type: 'line', source: 'closures', layout: { 'line-cap': 'round' }, paint: { 'line-color': closedRoadColour, 'line-width': 5, 'line-dasharray': [1.5, 1] } },
    'routes',
  );
}

/** The colour of a road closed by a cordon, on the map and in its legend. */
export const closedRoadColour = '#7f0000';

/**
 * Draws the cordons in force (`GET /eod/cordons`) for those who may see them, and again whenever `/live`
 * says a cordon was set, changed or lifted. Returns the function that stops.
 */
export function watchCordons(map: maplibregl.Map): () => void {
  if (!store.can('eod.read')) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = () =>
    void get<GeoJSON.FeatureCollection>('/eod/cordons').then(
      (cordons) => (map.getSource('cordons') as GeoJSONSource | undefined)?.setData(cordons),
      () => undefined,
    );
  load();
  const off = store.onEvent((event) => {
    if (!event.stream.startsWith('cordon/')) return;
    clearTimeout(timer);
    timer = setTimeout(load, 200);
  });
  return () => {
    clearTimeout(timer);
    off();
  };
}
