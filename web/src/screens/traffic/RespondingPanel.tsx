import type { RespondingRoute } from '@contract/traffic-responding.schema';
import type { LatLon } from '@contract/shapes';
import { UnitStatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import type { Resource } from '../../useResource';
import { useResource } from '../../useResource';

/**
 * The roads of the units on their way to an incident, asked again when a unit, an incident or a closure
 * changes (and every 20 s, as the units move and live speeds are republished).
 */
export function useRespondingRoutes(): Resource<RespondingRoute[]> {
  return useResource<RespondingRoute[]>('/traffic/responding', ['unit/', 'incident/', 'road-closure/', 'cordon/'], REFRESH_MS);
}

const REFRESH_MS = 20_000;

/** Each responding unit: its incident, its time by road now against a usual day, and why it differs. */
export function RespondingPanel({ routes, onShow }: { routes: Resource<RespondingRoute[]>; onShow: (at: LatLon) => void }) {
  const i18n = useI18n();
  if (routes.data === undefined) return <p className="traffic-muted">{routes.error ?? '…'}</p>;
  if (routes.data.length === 0) return <p className="traffic-muted">{i18n.t('traffic.noResponding')}</p>;
  return (
    <ul className="traffic-responding">
      {routes.data.map((route) => {
        const [lon, lat] = route.coordinates[0]!;
        return (
          <li key={route.callSign} data-responding={route.callSign} data-cause={route.cause}>
            <button type="button" className="traffic-unit" onClick={() => onShow({ lat, lon })}>
              <bdi className="num">
                <strong>{route.callSign}</strong>
              </bdi>
              <UnitStatusBadge status={route.status} />
              <bdi className="num traffic-muted">{route.incident}</bdi>
              <span className="num" data-testid="responding-eta">
                {i18n.duration(route.etaS)}
              </span>
              {route.cause !== 'none' && (
                <span className={`traffic-cause ${route.cause}`}>
                  {i18n.t(route.cause === 'closure' ? 'traffic.cause.closure' : 'traffic.cause.traffic', {
                    usual: route.usualEtaS === null ? '—' : i18n.duration(route.usualEtaS),
                  })}
                </span>
              )}
              {route.fromStation && <span className="traffic-muted">{i18n.t('traffic.fromStation')}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
