import { useState } from 'react';
import type { Cordon } from '@contract/shapes';
import { Words } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import { lastCapMessage } from './deployments';
import type { EodPanelState } from './useEodPanel';

/** The stand-off cordon of an incident: its state, the commands to set, redraw or lift it, what it closes and the last CAP alert. */
export function EodCordon({ panel, number }: { panel: EodPanelState; number: string }) {
  const i18n = useI18n();
  const [liftReason, setLiftReason] = useState('');
  const { chosen, busy } = panel;
  const current = panel.picture?.deviceClass ?? null;
  const cordon = panel.picture?.cordon ?? null;
  const active = cordon?.status === 'active';
  const lastCap = lastCapMessage(panel.picture);
  return (
    <>
      <div data-testid="eod-cordon" data-state={cordon?.status ?? 'none'}>
        <strong>{i18n.t('eod.cordon')}</strong>{' '}
        {cordon === null ? (
          <span className="muted">{i18n.t('eod.noCordon')}</span>
        ) : active ? (
          <span>
            <span className="badge" style={{ background: '#c62828' }}>
              {i18n.t('eod.m', { n: i18n.number(cordon.mandatoryM) })}
            </span>{' '}
            <span className="badge" style={{ background: '#f9a825' }}>
              {i18n.t('eod.m', { n: i18n.number(cordon.preferredM) })}
            </span>{' '}
            <span className="muted">
              {i18n.t('eod.cordonActive', { time: i18n.time(cordon.setAt), version: i18n.number(cordon.version), mandatory: i18n.number(cordon.mandatoryM), preferred: i18n.number(cordon.preferredM) })}
            </span>
          </span>
        ) : (
          <span className="muted">{i18n.t('eod.cordonLifted', { time: i18n.time(cordon.liftedAt ?? cordon.updatedAt), reason: cordon.liftReason ?? '' })}</span>
        )}
      </div>
      {panel.canOperate && (
        <div className="row">
          <button type="button" className="danger" disabled={busy || (chosen === '' && current === null)} onClick={() => void panel.run(() => panel.commands.setCordon(chosen), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon') }} />)} data-testid="eod-set-cordon">
            {i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon')}
          </button>
          {active && (
            <>
              <input className="grow" value={liftReason} onChange={(e) => setLiftReason(e.target.value)} placeholder={i18n.t('eod.liftReason')} aria-label={i18n.t('eod.liftReason')} data-testid="eod-lift-reason" />
              <button
                type="button"
                className="secondary"
                disabled={busy || liftReason.trim() === ''}
                onClick={() => void panel.run(() => panel.commands.liftCordon(liftReason.trim()).then(() => setLiftReason('')), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t('eod.liftCordon') }} />)}
                data-testid="eod-lift-cordon"
              >
                {i18n.t('eod.liftCordon')}
              </button>
            </>
          )}
        </div>
      )}

      {active && cordon !== null && <CordonZone cordon={cordon} />}
      {lastCap !== undefined && (
        <div className="row" data-testid="eod-cap" data-msg-type={lastCap.msgType}>
          <a href={panel.path('/cap')} target="_blank" rel="noreferrer">
            <Words text={i18n.t('eod.cap')} vars={{ standard: <bdi dir="ltr">CAP 1.2</bdi> }} />
          </a>
          <span className="muted">{i18n.t('eod.capLast', { type: i18n.has(`eod.capType.${lastCap.msgType}`) ? i18n.t(`eod.capType.${lastCap.msgType}` as MessageKey) : lastCap.msgType, sent: i18n.time(lastCap.sent) })}</span>
        </div>
      )}
    </>
  );
}

/** What a cordon in force closes and reaches: roads, withdrawn units, the traffic perimeter, the cameras that see the zone. */
function CordonZone({ cordon }: { cordon: Cordon }) {
  const i18n = useI18n();
  return (
    <>
      <div className="muted" data-testid="eod-closed" data-count={cordon.closedSegments}>
        {i18n.t('eod.closedRoads', { n: i18n.number(cordon.closedSegments) })}
      </div>
      {cordon.withdrawn.length > 0 && (
        <div data-testid="eod-withdrawn">
          <strong>{i18n.t('eod.withdrawn')}</strong>{' '}
          {cordon.withdrawn.map((w) => (
            <span key={w.callSign} className="badge muted" data-withdrawn={w.callSign}>
              <bdi>{w.callSign}</bdi> · {i18n.t('eod.m', { n: i18n.number(w.distanceM) })}
            </span>
          ))}
        </div>
      )}
      <details data-testid="eod-perimeter" open={cordon.perimeter.length <= 8}>
        <summary>{i18n.t('eod.perimeter', { n: i18n.number(cordon.perimeter.length) })}</summary>
        <ul className="notes">
          {cordon.perimeter.map((p) => (
            <li key={`${p.lat},${p.lon}`} data-perimeter={`${p.lat},${p.lon}`}>
              {p.road === '' ? i18n.t('eod.unnamedRoad') : <bdi>{p.road}</bdi>} <span className="muted">({i18n.has(`road.${p.roadClass}`) ? i18n.t(`road.${p.roadClass}` as MessageKey) : <bdi>{p.roadClass}</bdi>}
                {i18n.separator}
                <bdi dir="ltr">{i18n.number(p.bearingDeg)}°</bdi>)</span>
            </li>
          ))}
        </ul>
      </details>
      <div data-testid="eod-cameras">
        <strong>{i18n.t('eod.cameras')}</strong>{' '}
        {cordon.cameras.length === 0 ? (
          <span className="muted">{i18n.t('eod.noCamera')}</span>
        ) : (
          <ul className="notes">
            {cordon.cameras.map((c) => (
              <li key={c.id} data-camera={c.id} className={c.unavailable ? 'unavailable' : ''}>
                <strong>
                  <bdi>{c.name}</bdi>
                </strong>{' '}
                <span className="muted">
                  <bdi dir="ltr">{c.id}</bdi> · {i18n.t('eod.m', { n: i18n.number(c.distanceM) })}
                </span> {c.seesDevice && <span className="badge muted">{i18n.t('eod.seesDevice')}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
