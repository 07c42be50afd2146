import { typeLabel } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import { store, useStore } from '../../store';
import type { RoadClosure, StandoffClass } from '@contract/shapes';

/** "120 m", or "1,2 km" past a kilometre, with the unit in the reader's language. */
export function useDistance(): (metres: number) => string {
  const i18n = useI18n();
  return (metres) => (metres < 1_000 ? i18n.t('eod.m', { n: i18n.number(Math.round(metres)) }) : i18n.t('eod.km', { n: i18n.number(metres / 1_000, 1) }));
}

/** A road's class in words (`primary_link` reads as `primary`). */
export function roadClassWords(i18n: ReturnType<typeof useI18n>, roadClass: string): string {
  const key = `road.${roadClass.replace(/_link$/, '')}`;
  return i18n.t(i18n.has(key) ? key : ('road.road' satisfies MessageKey));
}

interface Props {
  readonly closure: RoadClosure;
  readonly classes: readonly StandoffClass[];
  /** Shows the points where traffic units hold the roads (the traffic room's view). */
  readonly withPerimeter?: boolean;
  readonly onShow?: () => void;
}

/**
 * A cordon in force as a road closure: its incident, since when, its two circles, and the roads it
 * closes by name. Road names are data (Latin script in Casablanca): isolated inside Arabic text.
 */
export function ClosureCard({ closure, classes, withPerimeter = false, onShow }: Props) {
  const i18n = useI18n();
  useStore('incidents', 'catalogue');
  const distance = useDistance();
  const incident = store.incidents.get(closure.incident);
  const found = classes.find((c) => c.code === closure.deviceClass);
  return (
    <li className="closure-card" data-closure={closure.incident} data-roads={closure.roads.length} data-segments={closure.segments.length}>
      <div className="closure-head">
        <strong className="num">
          <bdi>{closure.incident}</bdi>
        </strong>
        <span className="badge closure-badge mandatory">{distance(closure.mandatoryM)}</span>
        <span className="badge closure-badge preferred">{distance(closure.preferredM)}</span>
      </div>
      <p className="closure-what">
        {incident !== undefined && <span>{typeLabel(incident.type, i18n.language)} · </span>}
        <span>{found === undefined ? closure.deviceClass : i18n.label(found.labels)}</span>
      </p>
      {incident?.address !== undefined && incident.address !== null && (
        <p className="closure-place">
          <bdi>{incident.address}</bdi>
        </p>
      )}
      <p className="closure-muted">
        <span className="num">{i18n.t('traffic.since', { time: i18n.time(closure.setAt) })}</span>
        {closure.version > 1 && <span className="num"> · {i18n.t('traffic.redrawn', { time: i18n.time(closure.updatedAt) })}</span>}
      </p>
      <p className="closure-muted">{i18n.t('traffic.zones', { mandatory: distance(closure.mandatoryM), preferred: distance(closure.preferredM) })}</p>
      <div>
        <strong className="closure-label">{i18n.t('traffic.closedRoads')}</strong>
        {closure.roads.length === 0 ? (
          <p className="closure-muted">{i18n.t('eod.board.noRoadClosed')}</p>
        ) : (
          <ul className="closure-roads">
            {closure.roads.map((road) => (
              <li key={`${road.road}|${road.roadClass}`} data-road={road.road}>
                {road.road === '' ? i18n.t('traffic.unnamed', { roadClass: roadClassWords(i18n, road.roadClass) }) : <bdi>{road.road}</bdi>}{' '}
                <span className="closure-muted">({i18n.t('traffic.segments', { n: i18n.number(road.segments) })})</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {withPerimeter && closure.perimeter.length > 0 && (
        <details className="closure-perimeter">
          <summary>{i18n.t('traffic.holdPoints', { n: i18n.number(closure.perimeter.length) })}</summary>
          <ul className="closure-roads">
            {closure.perimeter.map((point) => (
              <li key={`${point.lat},${point.lon}`}>
                {point.road === '' ? i18n.t('traffic.unnamed', { roadClass: roadClassWords(i18n, point.roadClass) }) : <bdi>{point.road}</bdi>}{' '}
                <span className="closure-muted num">
                  (<bdi dir="ltr">{i18n.number(point.bearingDeg)}°</bdi>)
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {onShow !== undefined && (
        <button type="button" className="secondary closure-show" onClick={onShow} data-testid={`closure-show-${closure.incident}`}>
          {i18n.t('traffic.show')}
        </button>
      )}
    </li>
  );
}
