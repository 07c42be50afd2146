import { useEffect, useState } from 'react';
import { ApiError, get, query } from '../../api';
import { problemText } from '../../components/common';
import type { LatLon, RoadRoute } from '@contract/shapes';
import { store } from '../../store';

/** The route is asked again once the unit has moved this far from where it was computed… */
const REROUTE_AFTER_M = 150;
/** …and not more often than this (also the wait after a failure worth trying again). */
const REROUTE_EVERY_MS = 15_000;

export type RouteState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'noPosition' }
  | { readonly kind: 'loading' }
  /** `route.kind` says whether it is a road route or a straight-line estimate (an end off the road network). */
  | { readonly kind: 'ready'; readonly route: RoadRoute; readonly at: Date }
  /** `final`: the centre's answer will not change by asking again (a refused request); it is not asked again. */
  | { readonly kind: 'error'; readonly message: string; readonly final: boolean };

/**
 * Follows one unit's route to a target: asks `GET /roads/route` (with a straight-line estimate when
 * the unit or the target is off the road network), again only once the unit has gone some way and
 * some time has passed, after a failure worth retrying (network, server busy) only after a while, and
 * never again after a definitive refusal (a 4xx): the answer would be the same, and each refused
 * request is an error in the browser's console.
 */
export class RouteWatch {
  private origin: LatLon | undefined;
  private nextAskAt = 0;
  private inFlight = false;
  /** Nothing more to ask: a definitive refusal. */
  private done = false;
  private stopped = false;

  constructor(
    private readonly callSign: string,
    private readonly target: LatLon,
    private readonly incident: string | undefined,
    private readonly onState: (state: RouteState) => void,
  ) {}

  /** Asks when due: call it as positions arrive, and now and then. */
  check(): void {
    if (this.done || this.stopped || this.inFlight) return;
    const position = store.units.get(this.callSign)?.position ?? null;
    if (position === null) {
      if (this.origin === undefined) this.onState({ kind: 'noPosition' });
      return;
    }
    if (Date.now() < this.nextAskAt) return;
    if (this.origin !== undefined && metresBetween(this.origin, position) < REROUTE_AFTER_M) return;
    const from = { lat: position.lat, lon: position.lon };
    this.inFlight = true;
    if (this.origin === undefined) this.onState({ kind: 'loading' });
    const path = `/roads/route${query({ fromLat: from.lat, fromLon: from.lon, toLat: this.target.lat, toLon: this.target.lon, incident: this.incident, offNetwork: 'estimate' })}`;
    get<RoadRoute>(path)
      .then(
        (route) => {
          this.origin = from;
          if (!this.stopped) this.onState({ kind: 'ready', route, at: new Date() });
        },
        (failure: unknown) => {
          const final = isDefinitive(failure);
          if (final) this.done = true;
          if (!this.stopped) this.onState({ kind: 'error', message: problemText(failure), final });
        },
      )
      .finally(() => {
        this.nextAskAt = Date.now() + REROUTE_EVERY_MS;
        this.inFlight = false;
      });
  }

  stop(): void {
    this.stopped = true;
  }
}

/** A refusal the same request would get again: a 4xx other than the session's end or a rate limit. */
function isDefinitive(failure: unknown): boolean {
  return failure instanceof ApiError && failure.status >= 400 && failure.status < 500 && failure.status !== 401 && failure.status !== 408 && failure.status !== 429;
}

/**
 * The road route from the unit's latest position to `target`, while `active`; to `incident`, through its
 * own cordon's closed roads (the scene is inside). Positions arrive twice a second; the route is asked
 * again only when the unit has gone some way, so the screen does not redraw on every fix.
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
    const watch = new RouteWatch(callSign, { lat, lon }, incident, setState);
    watch.check();
    const off = store.subscribe('positions', () => watch.check());
    // A failure worth retrying is retried even while no position arrives.
    const timer = setInterval(() => watch.check(), REROUTE_EVERY_MS);
    return () => {
      watch.stop();
      off();
      clearInterval(timer);
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
