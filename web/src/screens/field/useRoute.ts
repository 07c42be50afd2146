import { useEffect, useState } from 'react';
import { get, query } from '../../api';
import { problemText } from '../../components/common';
import type { LatLon, RoadRoute } from '../../model';
import { store } from '../../store';

/** The route is asked again once the unit has moved this far from where it was computed… */
const REROUTE_AFTER_M = 150;
/** …and not more often than this. */
const REROUTE_EVERY_MS = 15_000;

export type RouteState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'noPosition' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly route: RoadRoute; readonly at: Date }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The road route from the unit's latest position to `target`, while `active`; to `incident`, through its
 * own cordon's closed roads (the scene is inside). Positions arrive twice a
 * second; the route is asked again only when the unit has gone some way, so the screen does not
 * redraw on every fix.
 */
export function useRoute(callSign: string, target: LatLon | null, active: boolean, incident?: string): RouteState {
  const [state, setState] = useState<RouteState>({ kind: 'idle' });
  const lat = target?.lat;
  const lon = target?.lon;

  useEffect(() => {
    if (!active || lat === undefined || lon === undefined) {
      setState({ kind: 'idle' });
      return;
    }
    let origin: LatLon | undefined;
    let askedAt = 0;
    let inFlight = false;
    let cancelled = false;
    const check = () => {
      const position = store.units.get(callSign)?.position ?? null;
      if (position === null) {
        if (origin === undefined) setState({ kind: 'noPosition' });
        return;
      }
      if (inFlight) return;
      if (origin !== undefined && (metresBetween(origin, position) < REROUTE_AFTER_M || Date.now() - askedAt < REROUTE_EVERY_MS)) return;
      const from = { lat: position.lat, lon: position.lon };
      inFlight = true;
      askedAt = Date.now();
      if (origin === undefined) setState({ kind: 'loading' });
      get<RoadRoute>(`/roads/route${query({ fromLat: from.lat, fromLon: from.lon, toLat: lat, toLon: lon, incident })}`)
        .then(
          (route) => !cancelled && setState({ kind: 'ready', route, at: new Date() }),
          (failure: unknown) => !cancelled && setState({ kind: 'error', message: problemText(failure) }),
        )
        .finally(() => {
          origin = from;
          inFlight = false;
        });
    };
    check();
    const off = store.subscribe('positions', check);
    return () => {
      cancelled = true;
      off();
    };
  }, [callSign, active, lat, lon, incident]);

  return state;
}

/** Straight-line distance, metres (equirectangular: plenty at a city's scale). */
function metresBetween(a: LatLon, b: LatLon): number {
  const x = ((b.lon - a.lon) * Math.PI * Math.cos(((a.lat + b.lat) * Math.PI) / 360)) / 180;
  const y = ((b.lat - a.lat) * Math.PI) / 180;
  return Math.hypot(x, y) * 6_371_000;
}
