import { useI18n, type I18n } from '../../i18n';
import type { RouteState } from './useRoute';

/** Minutes for a road route; for an estimate, rounded (five minutes, or a quarter hour past an hour) and said to be one. */
export function travelTime(i18n: I18n, etaS: number, estimate: boolean): string {
  if (!estimate) return i18n.t('common.minutes', { n: i18n.number(Math.max(1, Math.round(etaS / 60))) });
  const minutes = etaS < 3_600 ? Math.max(5, Math.round(etaS / 300) * 5) : Math.round(etaS / 900) * 15;
  const time =
    minutes < 60
      ? i18n.t('common.minutes', { n: i18n.number(minutes) })
      : i18n.t('field.route.hoursMinutes', { h: i18n.number(Math.floor(minutes / 60)), m: i18n.number(minutes % 60) });
  return i18n.t('field.route.about', { value: time });
}

export type MapFocus = 'incident' | 'unit';

interface Props {
  readonly route: RouteState;
  readonly onScene: boolean;
  readonly focus: MapFocus;
  readonly canFocusUnit: boolean;
  readonly onFocus: (focus: MapFocus) => void;
}

/** The road to the incident: distance and travel time, and where the map looks. */
export function RouteCard({ route, onScene, focus, canFocusUnit, onFocus }: Props) {
  const i18n = useI18n();
  return (
    <section className="field-card field-route" aria-labelledby="field-route-title" data-testid="field-route" data-state={onScene ? 'on_scene' : route.kind}>
      <h2 id="field-route-title">{i18n.t('field.route.title')}</h2>
      {onScene ? (
        <p className="field-muted">{i18n.t('field.route.onScene')}</p>
      ) : route.kind === 'ready' ? (
        <>
          {route.route.kind === 'straight_line' && (
            <p className="field-muted" data-testid="field-route-estimate">
              {i18n.t(route.route.outside.includes('from') ? 'field.route.straightLineFrom' : 'field.route.straightLineTo')}
            </p>
          )}
          <dl className="field-route-figures">
            <div>
              <dt>{i18n.t(route.route.kind === 'straight_line' ? 'field.route.estimatedEta' : 'field.route.eta')}</dt>
              <dd className="num" data-testid="field-route-eta">
                {travelTime(i18n, route.route.etaS, route.route.kind === 'straight_line')}
              </dd>
            </div>
            <div>
              <dt>{i18n.t(route.route.kind === 'straight_line' ? 'field.route.straightDistance' : 'field.route.distance')}</dt>
              <dd className="num" data-testid="field-route-distance">
                {route.route.distanceM < 1_000
                  ? i18n.t('field.route.m', { n: i18n.number(Math.round(route.route.distanceM / 10) * 10) })
                  : i18n.t('field.route.km', { n: i18n.number(route.route.distanceM / 1_000, route.route.distanceM < 100_000 ? 1 : 0) })}
              </dd>
            </div>
          </dl>
          <p className="field-muted num">{i18n.t('field.route.computedAt', { time: i18n.time(route.at) })}</p>
        </>
      ) : route.kind === 'loading' ? (
        <p className="field-muted">{i18n.t('field.route.loading')}</p>
      ) : route.kind === 'noPosition' ? (
        <p className="field-muted">{i18n.t('field.route.noPosition')}</p>
      ) : route.kind === 'error' ? (
        <p className="error" role="alert">
          {i18n.t('field.route.error', { message: route.message })}
        </p>
      ) : null}
      <div className="field-focus" role="group" aria-label={i18n.t('field.route.show')}>
        <button type="button" className={`field-button secondary${focus === 'incident' ? ' active' : ''}`} aria-pressed={focus === 'incident'} onClick={() => onFocus('incident')}>
          {i18n.t('field.route.showIncident')}
        </button>
        <button
          type="button"
          className={`field-button secondary${focus === 'unit' ? ' active' : ''}`}
          aria-pressed={focus === 'unit'}
          disabled={!canFocusUnit}
          onClick={() => onFocus('unit')}
        >
          {i18n.t('field.route.showUnit')}
        </button>
      </div>
    </section>
  );
}
