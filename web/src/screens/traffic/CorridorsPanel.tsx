import type { CorridorTime, TrafficEvent } from '@contract/traffic-feed.schema';
import type { LatLon } from '@contract/shapes';
import { useI18n, type MessageKey } from '../../i18n';
import type { Resource } from '../../useResource';
import { useResource } from '../../useResource';

/** The corridors' times, asked again when a corridor, a closure or a feed changes, and every 20 s (live speeds). */
export function useCorridorTimes(): Resource<CorridorTime[]> {
  return useResource<CorridorTime[]>('/traffic/corridors/times', ['corridor/', 'road-closure/', 'feed-closure/', 'cordon/'], REFRESH_MS);
}

/** The traffic centre's events not over, asked again when a feed's closure starts or ends, and every 20 s. */
export function useTrafficEvents(): Resource<TrafficEvent[]> {
  return useResource<TrafficEvent[]>('/traffic/events', ['feed-closure/', 'traffic-feed/'], REFRESH_MS);
}

const REFRESH_MS = 20_000;
/** A bar is full at three times the usual time. */
const FULL_RATIO = 3;

function nameOf(time: CorridorTime, language: string): string {
  return language === 'ar' ? time.corridor.nameAr : language === 'fr' ? time.corridor.nameFr : time.corridor.nameEn;
}

/**
 * Each corridor: its name, its time now against usual, and a bar (its length the ratio, its colour the
 * level); a tap shows it on the map and lists the cameras along it.
 */
export function CorridorsPanel({ times, selected, onSelect }: { times: Resource<CorridorTime[]>; selected: number | null; onSelect: (id: number | null, at: LatLon | null) => void }) {
  const i18n = useI18n();
  if (times.data === undefined) return <p className="traffic-muted">{times.error ?? '…'}</p>;
  if (times.data.length === 0) return <p className="traffic-muted">{i18n.t('corridor.none')}</p>;
  return (
    <ul className="traffic-corridors">
      {times.data.map((time) => {
        const ratio = time.ratio;
        const level = ratio === null ? 'blocked' : ratio >= 2 ? 'heavy' : ratio >= 1.3 ? 'slow' : 'free';
        const open = selected === time.corridor.id;
        const [lon, lat] = time.line.coordinates[0] ?? [time.corridor.waypoints[0]!.lon, time.corridor.waypoints[0]!.lat];
        return (
          <li key={time.corridor.id} data-corridor={time.corridor.id} data-level={level}>
            <button type="button" className="traffic-unit" aria-expanded={open} onClick={() => onSelect(open ? null : time.corridor.id, open ? null : { lat, lon })}>
              <strong>{nameOf(time, i18n.language)}</strong>
              <span className="num" data-testid="corridor-now">
                {time.offRoad.length > 0 ? i18n.t('corridor.offRoad') : time.nowS === null ? i18n.t('corridor.blocked') : i18n.t('corridor.nowVsUsual', { now: i18n.duration(time.nowS), usual: time.usualS === null ? '—' : i18n.duration(time.usualS) })}
              </span>
              <span className={`traffic-corridor-bar ${level}`} role="img" aria-label={ratio === null ? i18n.t('corridor.blocked') : i18n.t('corridor.ratio', { ratio: i18n.number(ratio, 2) })}>
                <span style={{ inlineSize: `${Math.min(100, ((ratio ?? FULL_RATIO) / FULL_RATIO) * 100)}%` }} />
              </span>
            </button>
            {open && (
              <div className="traffic-corridor-cameras">
                <h3>{i18n.t('corridor.cameras')}</h3>
                {time.cameras.length === 0 ? (
                  <p className="traffic-muted">{i18n.t('corridor.noCamera')}</p>
                ) : (
                  <ul>
                    {time.cameras.map((camera) => (
                      <li key={camera.id} data-corridor-camera={camera.id}>
                        <bdi className="num">{camera.name}</bdi> <span className="traffic-muted num">{i18n.t('corridor.metres', { m: i18n.number(camera.distanceM) })}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const eventKinds: Readonly<Record<TrafficEvent['kind'], MessageKey>> = {
  accident: 'trafficEvent.kind.accident',
  roadworks: 'trafficEvent.kind.roadworks',
  road_closed: 'trafficEvent.kind.road_closed',
  abnormal_traffic: 'trafficEvent.kind.abnormal_traffic',
  other: 'trafficEvent.kind.other',
};

/** The traffic centre's events that do not close a road (those that do are with the closures); a tap shows one on the map. */
export function TrafficEventsPanel({ events, onShow }: { events: Resource<TrafficEvent[]>; onShow: (at: LatLon) => void }) {
  const i18n = useI18n();
  if (events.data === undefined) return <p className="traffic-muted">{events.error ?? '…'}</p>;
  const shown = events.data.filter((event) => !event.closesRoad);
  if (shown.length === 0) return <p className="traffic-muted">{i18n.t('trafficEvent.none')}</p>;
  return (
    <ul className="traffic-events">
      {shown.map((event) => {
        const [lon, lat] = event.geometry.type === 'Point' ? event.geometry.coordinates : event.geometry.coordinates[0]!;
        return (
          <li key={`${event.feed}:${event.id}`} data-traffic-event={event.id} data-kind={event.kind}>
            <button type="button" className="traffic-unit" onClick={() => onShow({ lat, lon })}>
              <strong>{i18n.t(eventKinds[event.kind])}</strong>
              {event.roads.length > 0 && <bdi>{event.roads.join(', ')}</bdi>}
              {event.description !== null && <bdi className="traffic-muted">{event.description}</bdi>}
              <span className="traffic-muted num">
                {event.inForce ? i18n.t('trafficEvent.until', { end: event.endsAt === null ? '—' : i18n.dateTime(event.endsAt) }) : i18n.t('trafficEvent.from', { start: i18n.dateTime(event.startsAt) })}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
