import type * as maplibregl from 'maplibre-gl';
import type { TrafficLevel } from '@contract/traffic-speed';

/** A road segment slower than free flow, as the congestion layer draws it. */
export interface CongestionLine {
  readonly coordinates: readonly [number, number][];
  readonly level: TrafficLevel;
}

/** Amber for heavy traffic, red for congested, dark red for stop and go: the colours of the map and its legend. */
export const congestionColours: Readonly<Record<Exclude<TrafficLevel, 'free_flow'>, string>> = {
  heavy: '#f57c00',
  congested: '#d32f2f',
  impossible: '#6a1b1a',
};

/** The congestion layer: segments coloured by level, over the roads and under closures and routes. */
export function addCongestionLayers(map: maplibregl.Map): void {
  map.addSource('congestion', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer(
    {
      id: 'congestion',
      type: 'line',
      source: 'congestion',
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': ['match', ['get', 'level'], 'heavy', congestionColours.heavy, 'congested', congestionColours.congested, congestionColours.impossible],
        'line-width': 4,
        // The two directions of a street are two lines: each drawn on its own side of the road.
        'line-offset': 3,
      },
    },
    'routes',
  );
}

/** The congestion layer's data. */
export function congestionFeatures(lines: readonly CongestionLine[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: lines.map((line) => ({ type: 'Feature', properties: { level: line.level }, geometry: { type: 'LineString', coordinates: line.coordinates as [number, number][] } })),
  };
}
