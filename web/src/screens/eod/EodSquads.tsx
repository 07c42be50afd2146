import { Fragment } from 'react';
import type { EodRecommendation } from '@contract/shapes';
import { Words } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import type { EodPanelState } from './useEodPanel';

/** The squads ranked across cities with their ETA and degraded flag, those skipped, and the patrols to hold the cordon. */
export function EodSquads({ panel, recommendation, number }: { panel: EodPanelState; recommendation: EodRecommendation; number: string }) {
  const i18n = useI18n();
  return (
    <div data-testid="eod-squads">
      <strong>{i18n.t('eod.squads')}</strong>
      {recommendation.squads.length === 0 ? (
        <div className="muted">{i18n.t('eod.noSquad')}</div>
      ) : (
        <table className="list">
          <tbody>
            {recommendation.squads.map((squad) => (
              <tr key={squad.callSign} data-squad={squad.callSign} data-degraded={String(squad.degraded)}>
                <td>
                  <strong>
                    <bdi>{squad.callSign}</bdi>
                  </strong>
                  <div className="muted">
                    <bdi>{squad.city}</bdi>
                  </div>
                </td>
                <td className="num">
                  {i18n.duration(squad.etaS)}
                  <div className="muted">
                    {i18n.t('eod.km', { n: i18n.number(squad.distanceM / 1_000, 1) })} · {i18n.t(`eod.method.${squad.method}` as MessageKey)}
                  </div>
                </td>
                <td>{squad.degraded && <span className="stale">{i18n.t('eod.board.degraded')}</span>}</td>
                <td>
                  {panel.canDispatch && (
                    <button type="button" disabled={panel.busy} onClick={() => void panel.run(() => panel.commands.assignSquad(squad.callSign), <Words text={i18n.t('eod.sent')} vars={{ squad: <bdi>{squad.callSign}</bdi>, number: <bdi>{number}</bdi> }} />)} data-testid={`eod-send-${squad.callSign}`}>
                      {i18n.t('eod.send')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {recommendation.skipped.length > 0 && (
        <div className="muted">
          <Words
            text={i18n.t('eod.skipped')}
            vars={{
              list: recommendation.skipped.map((s, i) => (
                <Fragment key={s.callSign}>
                  {i === 0 ? '' : i18n.separator}
                  <bdi>{s.callSign}</bdi> ({i18n.t(`ustatus.${s.status}` as MessageKey)})
                </Fragment>
              )),
            }}
          />
        </div>
      )}
      <div data-testid="eod-patrols">
        <strong>{i18n.t('eod.patrols')}</strong>{' '}
        {recommendation.patrols.length === 0 ? (
          <span className="muted">{i18n.t('eod.noPatrol')}</span>
        ) : (
          recommendation.patrols.map((p) => (
            <span key={p.callSign} className="badge muted" data-eod-patrol={p.callSign}>
              <bdi>{p.callSign}</bdi> · <bdi dir="ltr">{i18n.duration(p.etaS)}</bdi>
            </span>
          ))
        )}
      </div>
    </div>
  );
}
