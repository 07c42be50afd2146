import { useMemo, useState } from 'react';
import type { Arrival, TransitRoute, TransitStop, TransitVehicle, TransitWarning } from '@contract/transit.schema';
import type { LatLon } from '@contract/shapes';
import { post } from '../../api';
import { problemText } from '../../components/common';
import { useI18n } from '../../i18n';
import { LATE_S, delayColour, delayColours, type TransitPicture } from '../../map/transit';
import { store } from '../../store';
import { useResource, type Resource } from '../../useResource';

/** Vehicles move between journal events: read again this often. */
const VEHICLES_REFRESH_MS = 10_000;
const ARRIVALS_REFRESH_MS = 30_000;

export interface Transit {
  readonly picture: TransitPicture;
  readonly warnings: Resource<TransitWarning[]>;
  readonly vehicles: readonly TransitVehicle[];
  readonly routes: readonly TransitRoute[];
}

/** The lines, stops and vehicles for the map, and the warnings near the lines. */
export function useTransit(): Transit {
  const routes = useResource<TransitRoute[]>('/transit/routes', ['transit-feed/']);
  const stops = useResource<TransitStop[]>('/transit/stops', ['transit-feed/']);
  const vehicles = useResource<TransitVehicle[]>('/transit/vehicles', [], VEHICLES_REFRESH_MS);
  const warnings = useResource<TransitWarning[]>('/transit/warnings', ['incident/', 'cordon/', 'transit-feed/']);
  const picture = useMemo<TransitPicture>(() => {
    const colourOf = new Map((routes.data ?? []).map((route) => [`${route.feedId}:${route.id}`, route.color ?? '#546e7a']));
    return {
      lines: (routes.data ?? []).flatMap((route) =>
        (route.shape?.coordinates ?? []).map((coordinates, i) => ({ id: `${route.feedId}:${route.id}:${i}`, color: route.color ?? '#546e7a', coordinates: coordinates as [number, number][] })),
      ),
      stops: (stops.data ?? []).map((stop) => ({ id: stop.id, lat: stop.lat, lon: stop.lon, name: stop.name })),
      vehicles: (vehicles.data ?? []).map((vehicle) => ({
        id: `${vehicle.feedId}:${vehicle.id}`,
        lat: vehicle.lat,
        lon: vehicle.lon,
        color: colourOf.get(`${vehicle.feedId}:${vehicle.routeId ?? ''}`) ?? '#546e7a',
        delayS: vehicle.delayS,
        label: vehicle.label ?? vehicle.id,
      })),
    };
  }, [routes.data, stops.data, vehicles.data]);
  return { picture, warnings, vehicles: vehicles.data ?? [], routes: routes.data ?? [] };
}

/** A delay in words: on time, or late by m:ss (early: shown as such). */
function DelayText({ delayS }: { delayS: number | null }) {
  const i18n = useI18n();
  if (delayS === null) return <span className="traffic-muted">{i18n.t('transit.delayUnknown')}</span>;
  const text = Math.abs(delayS) < 60 ? i18n.t('transit.onTime') : delayS > 0 ? i18n.t('transit.late', { delay: i18n.duration(delayS) }) : i18n.t('transit.early', { delay: i18n.duration(-delayS) });
  return (
    <span className="transit-delay" style={{ color: delayColour(delayS) }} data-delay-s={delayS}>
      {text}
    </span>
  );
}

/** The vehicles on the lines, latest first by delay: the late ones show first. */
export function TransitVehiclesPanel({ transit, onShow }: { transit: Transit; onShow: (at: LatLon) => void }) {
  const i18n = useI18n();
  const names = new Map(transit.routes.map((route) => [`${route.feedId}:${route.id}`, route.shortName || route.longName]));
  const vehicles = [...transit.vehicles].sort((a, b) => (b.delayS ?? -Infinity) - (a.delayS ?? -Infinity));
  if (vehicles.length === 0) return <p className="traffic-muted">{i18n.t('transit.noVehicle')}</p>;
  const late = vehicles.filter((vehicle) => (vehicle.delayS ?? 0) >= LATE_S).length;
  return (
    <>
      <p className="traffic-muted">{i18n.t('transit.lateCount', { n: i18n.number(late), total: i18n.number(vehicles.length) })}</p>
      <ul className="traffic-units" data-testid="transit-vehicles">
        {vehicles.slice(0, 30).map((vehicle) => (
          <li key={`${vehicle.feedId}:${vehicle.id}`} data-transit-vehicle={vehicle.id}>
            <button type="button" className="traffic-unit" onClick={() => onShow({ lat: vehicle.lat, lon: vehicle.lon })}>
              <bdi className="num">
                <strong>{names.get(`${vehicle.feedId}:${vehicle.routeId ?? ''}`) ?? '—'}</strong> {vehicle.label ?? vehicle.id}
              </bdi>
              <DelayText delayS={vehicle.delayS} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A stop's next arrivals, with their delays; nothing until a stop is clicked on the map. */
export function StopArrivalsPanel({ stop, transit }: { stop: string | null; transit: Transit }) {
  const i18n = useI18n();
  const arrivals = useResource<Arrival[]>(stop === null ? null : `/transit/stops/${encodeURIComponent(stop)}/arrivals`, [], ARRIVALS_REFRESH_MS);
  if (stop === null) return <p className="traffic-muted">{i18n.t('transit.pickStop')}</p>;
  const name = transit.picture.stops.find((each) => each.id === stop)?.name ?? stop;
  const routeNames = new Map(transit.routes.map((route) => [`${route.feedId}:${route.id}`, route.shortName || route.longName]));
  return (
    <div data-testid="transit-arrivals">
      <h3>
        <bdi>{name}</bdi>
      </h3>
      {arrivals.data === undefined ? (
        <p className="traffic-muted">{arrivals.error ?? '…'}</p>
      ) : arrivals.data.length === 0 ? (
        <p className="traffic-muted">{i18n.t('transit.noArrival')}</p>
      ) : (
        <ul className="transit-arrivals">
          {arrivals.data.map((arrival) => (
            <li key={`${arrival.tripId}:${arrival.stopId}`}>
              <bdi className="num">{i18n.time(arrival.expectedAt)}</bdi> <bdi>{routeNames.get(`${arrival.feedId}:${arrival.routeId}`) ?? arrival.routeId}</bdi>{' '}
              <bdi className="traffic-muted">{arrival.headsign}</bdi> <DelayText delayS={arrival.delayS} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Incidents and cordons near a tram or bus line; the operator may emit an alert for the network's operator. */
export function TransitWarningsPanel({ transit, onShow }: { transit: Transit; onShow: (at: LatLon) => void }) {
  const i18n = useI18n();
  const warnings = transit.warnings;
  if (warnings.data === undefined) return <p className="traffic-muted">{warnings.error ?? '…'}</p>;
  if (warnings.data.length === 0) return <p className="traffic-muted">{i18n.t('transit.noWarning')}</p>;
  return (
    <ul className="transit-warnings" data-testid="transit-warnings">
      {warnings.data.map((warning) => (
        <WarningItem key={warning.id} warning={warning} onShow={onShow} onEmitted={warnings.reload} />
      ))}
    </ul>
  );
}

function WarningItem({ warning, onShow, onEmitted }: { warning: TransitWarning; onShow: (at: LatLon) => void; onEmitted: () => void }) {
  const i18n = useI18n();
  const [header, setHeader] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const canOperate = store.can('traffic.operate');
  const emit = async () => {
    try {
      await post('/transit/alerts', { warning: warning.id, header, effect: 'DETOUR' });
      setRefused(null);
      onEmitted();
    } catch (failure) {
      setRefused(problemText(failure));
    }
  };
  return (
    <li data-transit-warning={warning.id}>
      <button type="button" className="traffic-unit" onClick={() => onShow({ lat: warning.lat, lon: warning.lon })}>
        <span>{i18n.t(warning.source === 'cordon' ? 'transit.nearCordon' : 'transit.nearIncident')}</span> <bdi className="num">{warning.reference}</bdi>
      </button>
      <ul className="traffic-muted">
        {warning.routes.map((route) => (
          <li key={`${route.feedId}:${route.routeId}`}>
            {i18n.t('transit.lineAt', { line: route.name, distance: i18n.t('traffic.m', { n: i18n.number(route.distanceM) }) })}
          </li>
        ))}
      </ul>
      {warning.emitted !== null ? (
        <p className="traffic-muted">{i18n.t('transit.alertEmitted')}</p>
      ) : (
        canOperate && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void emit();
            }}
          >
            <label>
              {i18n.t('transit.alertHeader')}
              <input value={header} onChange={(event) => setHeader(event.target.value)} maxLength={200} required dir="auto" />
            </label>
            <button type="submit">{i18n.t('transit.emitAlert')}</button>
            {refused !== null && <p role="alert">{refused}</p>}
          </form>
        )
      )}
    </li>
  );
}

/** The delay colours, for the map's legend. */
export function TransitLegend() {
  const i18n = useI18n();
  return (
    <>
      <li>
        <span className="swatch" style={{ background: delayColours.onTime }} /> {i18n.t('transit.legend.onTime')}
      </li>
      <li>
        <span className="swatch" style={{ background: delayColours.late }} /> {i18n.t('transit.legend.late')}
      </li>
      <li>
        <span className="swatch" style={{ background: delayColours.veryLate }} /> {i18n.t('transit.legend.veryLate')}
      </li>
    </>
  );
}
