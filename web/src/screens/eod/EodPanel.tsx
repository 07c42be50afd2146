import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { api, get, post } from '../../api';
import { Words, problemText } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import { isOpen } from '@contract';
import type { Incident } from '@contract/shapes';
import { store } from '../../store';
import type { Deployment, EodPicture, EodRecommendation, StandoffClass, StandoffTableInForce } from './types';

/** A deployment's steps, in order, with the field holding each one's time. */
export const deploymentSteps = [
  ['alerted', 'alertedAt'],
  ['departed', 'departedAt'],
  ['on_scene', 'onSceneAt'],
  ['neutralised', 'neutralisedAt'],
  ['cleared', 'clearedAt'],
] as const;

/**
 * The EOD part of the dispatcher's incident panel, for an incident that needs a squad: the device class
 * (from the call, confirmed on scene), the stand-off cordon (set, redraw, lift) with its closed roads,
 * withdrawn units, traffic perimeter and the cameras that see the zone, the public CAP alert, the squads
 * ranked across cities with their ETA and degraded flag, the patrols to hold the cordon, and the squads'
 * deployments. Everything is asked again when `/live` says the incident, its cordon or a squad moved.
 */
export function EodPanel({ incident, onDone }: { incident: Incident; onDone: (text: ReactNode) => void }) {
  const i18n = useI18n();
  const { number } = incident;
  const [picture, setPicture] = useState<EodPicture | null>(null);
  const [classes, setClasses] = useState<readonly StandoffClass[]>([]);
  const [recommendation, setRecommendation] = useState<EodRecommendation | null>(null);
  const [chosen, setChosen] = useState('');
  const [liftReason, setLiftReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canRead = store.can('eod.read');
  const canOperate = store.can('eod.operate');
  const canDispatch = store.can('incident.dispatch');
  const shown = canRead && incident.capabilities.includes('eod');

  useEffect(() => {
    if (!shown) return;
    void get<StandoffTableInForce>('/eod/standoff-table').then((found) => setClasses(found.table.classes), () => undefined);
  }, [shown]);

  useEffect(() => {
    if (!shown) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      void get<EodPicture>(`/incidents/${encodeURIComponent(number)}/eod`).then(
        (found) => {
          if (!live) return;
          setPicture(found);
          setChosen((current) => (current === '' ? (found.deviceClass?.code ?? '') : current));
        },
        (failure: unknown) => live && setError(problemText(failure)),
      );
      const current = store.incidents.get(number);
      if (current === undefined || !isOpen(current.status)) return;
      void get<EodRecommendation>(`/incidents/${encodeURIComponent(number)}/eod/recommendation`).then((found) => live && setRecommendation(found), () => undefined);
    };
    load();
    const off = store.onEvent((event) => {
      const ours = event.stream === `cordon/${number}` || event.stream === `incident/${number}` || event.stream.startsWith('eod-squad/') || event.stream.startsWith('unit/');
      if (!ours) return;
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [number, shown]);

  if (!shown) return null;

  const run = async (work: () => Promise<unknown>, done: ReactNode) => {
    setBusy(true);
    try {
      await work();
      setError(null);
      onDone(done);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  const path = (rest: string) => `/incidents/${encodeURIComponent(number)}${rest}`;
  const classLabel = (code: string) => {
    const found = classes.find((c) => c.code === code);
    return found === undefined ? code : i18n.label(found.labels);
  };
  const current = picture?.deviceClass ?? null;
  const cordon = picture?.cordon ?? null;
  const active = cordon?.status === 'active';
  const lastCap = picture?.cap[picture.cap.length - 1];

  return (
    <section className="section eod-panel" data-testid="eod-panel" aria-labelledby={`eod-${number}`}>
      <strong id={`eod-${number}`}>{i18n.t('eod.panel')}</strong>

      <div className="row">
        <label className="row grow">
          {i18n.t('eod.deviceClass')}
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="eod-class" disabled={busy}>
            <option value="">—</option>
            {classes.map((c) => (
              <option key={c.code} value={c.code}>
                {i18n.label(c.labels)} ({i18n.t('eod.m', { n: `${i18n.number(c.mandatoryM)} / ${i18n.number(c.preferredM)}` })})
              </option>
            ))}
          </select>
        </label>
        {canOperate && (
          <button type="button" className="secondary" disabled={busy || chosen === ''} onClick={() => void run(() => post(path('/eod/device-class'), { deviceClass: chosen }), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: classLabel(chosen) }} />)} data-testid="eod-set-class">
            {i18n.t('eod.setClass')}
          </button>
        )}
      </div>
      <div className="muted" data-testid="eod-class-state" data-class={current?.code ?? ''} data-confirmed={String(current?.confirmed ?? false)}>
        {current === null ? (
          i18n.t('eod.noClass')
        ) : (
          <>
            <strong>{i18n.label(current.labels)}</strong> ·{' '}
            {current.source === 'call' ? i18n.t('eod.source.call') : current.source === 'scene' ? i18n.t('eod.source.scene', { unit: current.unit ?? '' }) : i18n.t('eod.source.eod', { who: current.setBy ?? '' })}
            <div>{i18n.t('eod.distances', { mandatory: i18n.number(current.mandatoryM), preferred: i18n.number(current.preferredM) })}</div>
          </>
        )}
      </div>

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
      {canOperate && (
        <div className="row">
          <button type="button" className="danger" disabled={busy || (chosen === '' && current === null)} onClick={() => void run(() => post(path('/cordon'), chosen === '' ? {} : { deviceClass: chosen }), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon') }} />)} data-testid="eod-set-cordon">
            {i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon')}
          </button>
          {active && (
            <>
              <input className="grow" value={liftReason} onChange={(e) => setLiftReason(e.target.value)} placeholder={i18n.t('eod.liftReason')} aria-label={i18n.t('eod.liftReason')} data-testid="eod-lift-reason" />
              <button
                type="button"
                className="secondary"
                disabled={busy || liftReason.trim() === ''}
                onClick={() => void run(() => post(path('/cordon/lift'), { reason: liftReason.trim() }).then(() => setLiftReason('')), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t('eod.liftCordon') }} />)}
                data-testid="eod-lift-cordon"
              >
                {i18n.t('eod.liftCordon')}
              </button>
            </>
          )}
        </div>
      )}

      {active && cordon !== null && (
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
      )}
      {lastCap !== undefined && (
        <div className="row" data-testid="eod-cap" data-msg-type={lastCap.msgType}>
          <a href={path('/cap')} target="_blank" rel="noreferrer">
            <Words text={i18n.t('eod.cap')} vars={{ standard: <bdi dir="ltr">CAP 1.2</bdi> }} />
          </a>
          <span className="muted">{i18n.t('eod.capLast', { type: i18n.has(`eod.capType.${lastCap.msgType}`) ? i18n.t(`eod.capType.${lastCap.msgType}` as MessageKey) : lastCap.msgType, sent: i18n.time(lastCap.sent) })}</span>
        </div>
      )}

      {recommendation !== null && (
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
                      {canDispatch && (
                        <button type="button" disabled={busy} onClick={() => void run(() => post(path('/eod/assign'), { squad: squad.callSign }), <Words text={i18n.t('eod.sent')} vars={{ squad: <bdi>{squad.callSign}</bdi>, number: <bdi>{number}</bdi> }} />)} data-testid={`eod-send-${squad.callSign}`}>
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
      )}

      {picture !== null && picture.deployments.length > 0 && (
        <div data-testid="eod-deployments">
          <strong>{i18n.t('eod.deployments')}</strong>
          <ul className="notes">
            {picture.deployments.map((d) => (
              <DeploymentLine key={d.id} deployment={d} canOperate={canOperate} busy={busy} onNeutralised={() => void run(() => api('PATCH', `/eod/deployments/${d.id}`, { neutralisedAt: new Date().toISOString(), outcome: 'neutralised' }), <Words text={i18n.t('eod.done')} vars={{ number: <bdi>{number}</bdi>, what: i18n.t('eod.markNeutralised') }} />)} />
            ))}
          </ul>
        </div>
      )}
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function DeploymentLine({ deployment, canOperate, busy, onNeutralised }: { deployment: Deployment; canOperate: boolean; busy: boolean; onNeutralised: () => void }) {
  const i18n = useI18n();
  return (
    <li data-deployment={deployment.squad} data-outcome={deployment.outcome ?? ''} data-cleared={String(deployment.clearedAt !== null)}>
      <strong>
        <bdi>{deployment.squad}</bdi>
      </strong>{' '}
      {deploymentSteps.map(([step, field]) => {
        const at = deployment[field];
        return at === null ? null : (
          <span key={step} className="muted">
            {i18n.t(`eod.step.${step}` as MessageKey)} {i18n.time(at)} ·{' '}
          </span>
        );
      })}
      {deployment.outcome !== null && <span className="badge muted">{i18n.t(`eod.outcome.${deployment.outcome}` as MessageKey)}</span>}
      {canOperate && deployment.onSceneAt !== null && deployment.neutralisedAt === null && deployment.clearedAt === null && (
        <button type="button" className="secondary" disabled={busy} onClick={onNeutralised} data-testid={`eod-neutralised-${deployment.squad}`}>
          {i18n.t('eod.markNeutralised')}
        </button>
      )}
    </li>
  );
}
