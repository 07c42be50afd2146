import { useMemo } from 'react';
import type { SlowRoad, SpeedMap } from '@contract/traffic-speed.schema';
import { useI18n, type MessageKey } from '../../i18n';
import { congestionColours, type CongestionLine } from '../../map/congestion';
import type { Resource } from '../../useResource';
import { useResource } from '../../useResource';

/** Live speeds are republished every 20 s: read again as often (they come as telemetry, not journal events). */
const REFRESH_MS = 20_000;

/** The road segments slower than free flow, for the map's congestion layer. */
export function useCongestion(): { speeds: Resource<SpeedMap>; lines: readonly CongestionLine[] } {
  const speeds = useResource<SpeedMap>('/traffic/speeds', [], REFRESH_MS);
  const lines = useMemo(
    () => (speeds.data?.features ?? []).map((feature) => ({ coordinates: feature.geometry.coordinates as [number, number][], level: feature.properties.level })),
    [speeds.data],
  );
  return { speeds, lines };
}

/** The named roads slowest against their usual speed, as the fleet's positions show them. */
export function SlowestRoadsPanel() {
  const i18n = useI18n();
  const roads = useResource<SlowRoad[]>('/traffic/roads/slowest?limit=8', [], REFRESH_MS);
  if (roads.data === undefined) return <p className="traffic-muted">{roads.error ?? '…'}</p>;
  if (roads.data.length === 0) return <p className="traffic-muted">{i18n.t('traffic.noSlowRoad')}</p>;
  return (
    <ul className="traffic-slowest">
      {roads.data.map((road) => (
        <li key={road.road} data-slow-road={road.road} data-level={road.level}>
          <span className="traffic-level" style={{ background: road.level === 'free_flow' ? 'transparent' : congestionColours[road.level] }} />
          <bdi>
            <strong>{road.road}</strong>
          </bdi>
          <span className="traffic-muted">{i18n.t(`traffic.level.${road.level}` as MessageKey)}</span>
          <bdi className="num">
            {i18n.t('traffic.speedAgainstUsual', { speed: i18n.number(Math.round(road.speedKmh)), usual: i18n.number(Math.round(road.usualKmh)) })}
          </bdi>
          <bdi className="num traffic-muted">{i18n.t('traffic.km', { n: i18n.number(road.lengthM / 1_000, 1) })}</bdi>
        </li>
      ))}
    </ul>
  );
}

/** The congestion layer's entries of the map legend. */
export function CongestionLegend() {
  const i18n = useI18n();
  return (
    <>
      {(['heavy', 'congested', 'impossible'] as const).map((level) => (
        <li key={level}>
          <span className="swatch line" style={{ background: congestionColours[level] }} /> {i18n.t(`traffic.level.${level}`)}
        </li>
      ))}
    </>
  );
}
