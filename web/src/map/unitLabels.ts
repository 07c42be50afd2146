import * as maplibregl from 'maplibre-gl';
import type { Unit } from '@contract/shapes';
import './unitLabels.css';

/**
 * Call signs beside the unit markers, as HTML markers: the console's own map style carries no glyphs
 * (no tile server is needed), so a MapLibre text layer could not draw them. One marker per unit, moved
 * in place as positions arrive.
 */
const labelsOf = new WeakMap<maplibregl.Map, Map<string, maplibregl.Marker>>();

/** Shows the call signs of `units` (those with a position), or none when `units` is null. */
export function syncUnitLabels(map: maplibregl.Map, units: Iterable<Unit> | null): void {
  let labels = labelsOf.get(map);
  if (labels === undefined) labelsOf.set(map, (labels = new Map()));
  const seen = new Set<string>();
  if (units !== null) {
    for (const unit of units) {
      if (unit.position === null || unit.status === 'off_duty') continue;
      seen.add(unit.callSign);
      const at: [number, number] = [unit.position.lon, unit.position.lat];
      const known = labels.get(unit.callSign);
      if (known !== undefined) {
        known.setLngLat(at);
        continue;
      }
      const element = document.createElement('div');
      element.className = 'unit-label';
      element.dir = 'ltr';
      element.textContent = unit.callSign;
      element.dataset.unitLabel = unit.callSign;
      // Below the marker's circle (9 px radius), centred: the same on either side in Arabic.
      labels.set(unit.callSign, new maplibregl.Marker({ element, anchor: 'top', offset: [0, 11] }).setLngLat(at).addTo(map));
    }
  }
  for (const [callSign, marker] of labels) {
    if (seen.has(callSign)) continue;
    marker.remove();
    labels.delete(callSign);
  }
}
