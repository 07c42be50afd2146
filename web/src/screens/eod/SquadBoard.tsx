import { useEffect, useState, type ReactNode } from 'react';
import type { ScreenProps } from '../../App';
import { api, post } from '../../api';
import { IncidentStatusBadge, PriorityBadge, UnitStatusBadge, Words, problemText, typeLabel } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import type { UnitStatus } from '@contract';
import type { Incident } from '@contract/shapes';
import { store, useStore } from '../../store';
import { OtherStatuses, StatusBar } from '../field/StatusButtons';
import type { StatusMove } from '../field/statusMoves';
import { useAssignment } from '../field/useAssignment';
import { travelTime } from '../field/RouteCard';
import { useRoute } from '../field/useRoute';
import { useResource } from '../../useResource';
import { ClosureCard, useDistance } from './ClosureCard';
import { deploymentSteps } from './deployments';
import type { Deployment, EodPicture, RoadClosure, Squad, StandoffClass, StandoffTableInForce } from '@contract/shapes';
import './board.css';

/** How a deployment may end, as the server's `DeploymentOutcome` lists them. */
const outcomes = ['neutralised', 'controlled_detonation', 'not_explosive', 'nothing_found', 'other'] as const;

/**
 * The EOD officer's board, made for a phone: their own squad's assignment first (the incident, the
 * place, the device class and its stand-off distances, the cordon, the road there), with the moves their
 * permissions allow; then every squad (status, readiness, kit and robots, crew), the deployments under
 * way and the cordons in force with the roads they close. Everything follows `/live`.
 */
export function SquadBoard(_props: ScreenProps) {
  const i18n = useI18n();
  const s = useStore('units');
  const username = s.me.user?.username ?? '';
  const squads = useResource<Squad[]>('/eod/squads', ['eod-squad/', 'unit/']);
  const closures = useResource<RoadClosure[]>('/eod/closures', ['cordon/']);
  const table = useResource<StandoffTableInForce>('/eod/standoff-table', ['standoff-table/']);
  const classes = table.data?.table.classes ?? [];

  if (squads.data === undefined) {
    return (
      <div className="eod-board message" data-testid="eod-board" data-state="loading">
        <p className="board-muted">{squads.error ?? i18n.t('eod.board.loading')}</p>
      </div>
    );
  }
  const mine = ownSquad(squads.data, username);
  const live = (squad: Squad) => store.units.get(squad.callSign);
  const deployed = squads.data.filter((squad) => (live(squad)?.incident ?? squad.incident) !== null);

  return (
    <div className="eod-board" data-testid="eod-board" data-squad={mine?.callSign ?? ''}>
      <div className="board-scroll">
        {mine === undefined ? (
          <p className="board-note" data-testid="eod-not-crew">
            {i18n.t('eod.board.notCrew', { username })}
          </p>
        ) : (
          <MySquad key={mine.callSign} squad={mine} classes={classes} />
        )}

        <section className="board-card" aria-labelledby="board-deployments">
          <h2 id="board-deployments">
            {i18n.t('eod.board.deployments')} <span className="count num">{i18n.number(deployed.length)}</span>
          </h2>
          {deployed.length === 0 ? (
            <p className="board-muted">{i18n.t('eod.board.noDeployment')}</p>
          ) : (
            <ul className="board-list">
              {deployed.map((squad) => (
                <DeploymentItem key={squad.callSign} squad={squad} number={(live(squad)?.incident ?? squad.incident)!} />
              ))}
            </ul>
          )}
        </section>

        <section className="board-card" aria-labelledby="board-cordons" data-testid="eod-cordons">
          <h2 id="board-cordons">
            {i18n.t('eod.board.cordons')} <span className="count num">{i18n.number(closures.data?.length ?? 0)}</span>
          </h2>
          {closures.data === undefined || closures.data.length === 0 ? (
            <p className="board-muted">{i18n.t('eod.board.noCordonInForce')}</p>
          ) : (
            <ul className="board-list">
              {closures.data.map((closure) => (
                <ClosureCard key={closure.incident} closure={closure} classes={classes} />
              ))}
            </ul>
          )}
        </section>

        <section className="board-card" aria-labelledby="board-squads" data-testid="eod-squads-board">
          <h2 id="board-squads">
            {i18n.t('eod.board.squads')} <span className="count num">{i18n.number(squads.data.length)}</span>
          </h2>
          <ul className="board-list">
            {squads.data.map((squad) => (
              <SquadItem key={squad.callSign} squad={squad} mine={squad.callSign === mine?.callSign} />
            ))}
          </ul>
        </section>
      </div>
      {mine !== undefined && <SquadMoves squad={mine} />}
    </div>
  );
}

/** The squad whose crew has this person: the one on an incident first (a person is normally in one crew). */
function ownSquad(squads: readonly Squad[], username: string): Squad | undefined {
  const mine = squads.filter((squad) => squad.crew.includes(username));
  const incidentOf = (squad: Squad) => store.units.get(squad.callSign)?.incident ?? squad.incident;
  return mine.sort((a, b) => Number(incidentOf(a) === null) - Number(incidentOf(b) === null) || (a.callSign < b.callSign ? -1 : 1))[0];
}

/** The squad's unit as the live store has it (status moves arrive there first), else as the board loaded it. */
function useSquadUnit(squad: Squad): { status: UnitStatus; incident: string | null; statusSince: string | null } {
  useStore('units');
  const unit = store.units.get(squad.callSign);
  return { status: unit?.status ?? (squad.status as UnitStatus), incident: unit?.incident ?? squad.incident, statusSince: unit?.statusSince ?? null };
}

/** The officer's own squad: its assignment first, with the cordon, the route and the deployment's steps. */
function MySquad({ squad, classes }: { squad: Squad; classes: readonly StandoffClass[] }) {
  const i18n = useI18n();
  const unit = useSquadUnit(squad);
  const number = unit.incident;
  return (
    <section className="board-card board-mine" aria-labelledby="board-mine" data-testid="eod-my-squad" data-status={unit.status}>
      <h2 id="board-mine">
        {i18n.t('eod.board.mine')} · <bdi className="num">{squad.callSign}</bdi> <UnitStatusBadge status={unit.status} />
      </h2>
      {number === null ? (
        <p className="board-muted" data-testid="eod-my-assignment" data-incident="">
          {i18n.t('eod.board.noAssignment')}
        </p>
      ) : (
        <Assignment key={number} squad={squad} number={number} status={unit.status} classes={classes} />
      )}
    </section>
  );
}

function Assignment({ squad, number, status, classes }: { squad: Squad; number: string; status: UnitStatus; classes: readonly StandoffClass[] }) {
  const i18n = useI18n();
  useStore('incidents', 'catalogue');
  const distance = useDistance();
  const incident: Incident | undefined = store.incidents.get(number);
  const picture = useResource<EodPicture>(`/incidents/${encodeURIComponent(number)}/eod`, [`cordon/${number}`, `incident/${number}`, `eod-squad/${squad.callSign}`]);
  const { assignment } = useAssignment(squad.callSign, number);
  const heading = status === 'dispatched' || status === 'en_route';
  const route = useRoute(squad.callSign, incident?.location ?? null, heading, number);
  const [chosen, setChosen] = useState('');
  const [liftReason, setLiftReason] = useState('');
  const [outcome, setOutcome] = useState<string>('not_explosive');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: ReactNode } | null>(null);
  const canOperate = store.can('eod.operate');

  // An incident no longer in the open list (cleared) is asked for on its own.
  useEffect(() => {
    if (!store.incidents.has(number)) void store.refreshIncident(number).catch(() => undefined);
  }, [number]);

  const eod = picture.data;
  const current = eod?.deviceClass ?? null;
  useEffect(() => {
    if (current !== null) setChosen((was) => (was === '' ? current.code : was));
  }, [current?.code]);
  const cordon = eod?.cordon ?? null;
  const active = cordon?.status === 'active';
  const deployment: Deployment | undefined = eod?.deployments.filter((d) => d.squad === squad.callSign).at(-1);
  const lastStep = deployment === undefined ? null : [...deploymentSteps].reverse().find(([, field]) => deployment[field] !== null)?.[0];
  const path = (rest: string) => `/incidents/${encodeURIComponent(number)}${rest}`;
  const classLabel = (code: string) => {
    const found = classes.find((c) => c.code === code);
    return found === undefined ? code : i18n.label(found.labels);
  };

  // The incident number is a token: isolated, it keeps its order in the Arabic sentence.
  const done = (what: string) => <Words text={i18n.t('eod.done', { what })} vars={{ number: <bdi>{number}</bdi> }} />;
  const run = async (work: () => Promise<unknown>, doneMessage: ReactNode) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      setMessage({ kind: 'ok', text: doneMessage });
      picture.reload();
    } catch (failure) {
      setMessage({ kind: 'error', text: problemText(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`board-assignment${incident !== undefined ? ` priority-${incident.priority}` : ''}`} data-testid="eod-my-assignment" data-incident={number}>
      <h3>
        {incident !== undefined && <PriorityBadge priority={incident.priority} />}
        <bdi className="num">{number}</bdi>
        {incident !== undefined && <IncidentStatusBadge status={incident.status} />}
      </h3>
      {incident !== undefined && (
        <>
          <p className="board-type">{typeLabel(incident.type, i18n.language)}</p>
          <dl className="board-facts">
            <dt>{i18n.t('eod.board.place')}</dt>
            <dd className="board-place">
              <bdi>{incident.address ?? `${i18n.number(incident.location.lat, 5)}, ${i18n.number(incident.location.lon, 5)}`}</bdi>
              {incident.district !== null && (
                <span className="board-muted">
                  {' · '}
                  <bdi>{incident.district}</bdi>
                </span>
              )}
            </dd>
          </dl>
          {incident.summary !== '' && (
            <p className="board-summary">
              <bdi>{incident.summary}</bdi>
            </p>
          )}
        </>
      )}

      <div className="board-block" data-testid="eod-my-class" data-class={current?.code ?? ''} data-confirmed={String(current?.confirmed ?? false)}>
        <strong>{i18n.t('eod.deviceClass')}</strong>
        {current === null ? (
          <p className="board-muted">{i18n.t('eod.noClass')}</p>
        ) : (
          <>
            <p>
              <strong>{i18n.label(current.labels)}</strong>{' '}
              <span className="board-muted">
                · {current.source === 'call' ? i18n.t('eod.source.call') : current.source === 'scene' ? i18n.t('eod.source.scene', { unit: current.unit ?? '' }) : i18n.t('eod.source.eod', { who: current.setBy ?? '' })}
              </span>
            </p>
            <p className="board-distances" data-testid="eod-my-distances">
              <span className="badge closure-badge mandatory">{distance(current.mandatoryM)}</span>{' '}
              <span className="badge closure-badge preferred">{distance(current.preferredM)}</span>{' '}
              {i18n.t('eod.distances', { mandatory: i18n.number(current.mandatoryM), preferred: i18n.number(current.preferredM) })}
            </p>
          </>
        )}
        {canOperate && (
          <div className="board-row">
            <select className="board-select" value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label={i18n.t('eod.deviceClass')} disabled={busy} data-testid="eod-my-class-choice">
              <option value="">—</option>
              {classes.map((c) => (
                <option key={c.code} value={c.code}>
                  {i18n.label(c.labels)} ({distance(c.mandatoryM)} / {distance(c.preferredM)})
                </option>
              ))}
            </select>
            <button
              type="button"
              className="board-button secondary"
              disabled={busy || chosen === '' || chosen === current?.code}
              onClick={() => void run(() => post(path('/eod/device-class'), { deviceClass: chosen }), done(classLabel(chosen)))}
              data-testid="eod-my-set-class"
            >
              {i18n.t('eod.setClass')}
            </button>
          </div>
        )}
      </div>

      <div className="board-block" data-testid="eod-my-cordon" data-state={cordon?.status ?? 'none'}>
        <strong>{i18n.t('eod.cordon')}</strong>
        {cordon === null ? (
          <p className="board-muted">{i18n.t('eod.noCordon')}</p>
        ) : active ? (
          <>
            <p>
              <span className="badge closure-badge mandatory">{distance(cordon.mandatoryM)}</span> <span className="badge closure-badge preferred">{distance(cordon.preferredM)}</span>{' '}
              <span className="num">{i18n.t('eod.board.since', { time: i18n.time(cordon.setAt) })}</span>
            </p>
            <p className="board-muted">{i18n.t('eod.closedRoads', { n: i18n.number(cordon.closedSegments) })}</p>
            {cordon.withdrawn.length > 0 && (
              <p className="board-muted">
                {i18n.t('eod.withdrawn')}:{' '}
                {cordon.withdrawn.map((w) => (
                  <bdi key={w.callSign} className="badge muted num">
                    {w.callSign}
                  </bdi>
                ))}
              </p>
            )}
          </>
        ) : (
          <p className="board-muted">{i18n.t('eod.cordonLifted', { time: i18n.time(cordon.liftedAt ?? cordon.updatedAt), reason: cordon.liftReason ?? '' })}</p>
        )}
        {canOperate && (
          <div className="board-row">
            <button
              type="button"
              className="board-button danger"
              disabled={busy || (chosen === '' && current === null)}
              onClick={() => void run(() => post(path('/cordon'), chosen === '' ? {} : { deviceClass: chosen }), done(i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon')))}
              data-testid="eod-my-set-cordon"
            >
              {i18n.t(active ? 'eod.redrawCordon' : 'eod.setCordon')}
            </button>
          </div>
        )}
        {canOperate && active && (
          <div className="board-row">
            <input className="board-input" value={liftReason} onChange={(e) => setLiftReason(e.target.value)} placeholder={i18n.t('eod.liftReason')} aria-label={i18n.t('eod.liftReason')} data-testid="eod-my-lift-reason" />
            <button
              type="button"
              className="board-button secondary"
              disabled={busy || liftReason.trim() === ''}
              onClick={() => void run(() => post(path('/cordon/lift'), { reason: liftReason.trim() }).then(() => setLiftReason('')), done(i18n.t('eod.liftCordon')))}
              data-testid="eod-my-lift-cordon"
            >
              {i18n.t('eod.liftCordon')}
            </button>
          </div>
        )}
      </div>

      <div className="board-block" data-testid="eod-my-route" data-state={heading ? route.kind : 'on_scene'}>
        <strong>{i18n.t('field.route.title')}</strong>
        {!heading ? (
          <p className="board-muted">{status === 'on_scene' ? i18n.t('eod.board.onScene') : '—'}</p>
        ) : route.kind === 'ready' ? (
          <>
            {route.route.kind === 'straight_line' && (
              <p className="board-muted" data-testid="eod-my-route-estimate">
                {i18n.t(route.route.outside.includes('from') ? 'eod.board.straightLineFrom' : 'field.route.straightLineTo')}
              </p>
            )}
            <dl className="board-figures">
              <div>
                <dt>{i18n.t(route.route.kind === 'straight_line' ? 'field.route.estimatedEta' : 'eod.board.eta')}</dt>
                <dd className="num">{travelTime(i18n, route.route.etaS, route.route.kind === 'straight_line')}</dd>
              </div>
              <div>
                <dt>{i18n.t(route.route.kind === 'straight_line' ? 'field.route.straightDistance' : 'eod.board.distance')}</dt>
                <dd className="num">{distance(route.route.distanceM)}</dd>
              </div>
            </dl>
            <p className="board-muted num">{i18n.t('eod.board.routeAt', { time: i18n.time(route.at) })}</p>
          </>
        ) : (
          <p className="board-muted">{route.kind === 'noPosition' ? i18n.t('eod.board.routeNoPosition') : route.kind === 'error' ? i18n.t('eod.board.routeError') : i18n.t('field.route.loading')}</p>
        )}
        {heading && assignment !== null && assignment !== undefined && assignment.etaS !== null && (
          <p className="board-muted num" data-testid="eod-my-eta">
            {i18n.t('eod.board.etaAtDispatch', { eta: i18n.t('common.minutes', { n: i18n.number(Math.max(1, Math.round(assignment.etaS / 60))) }) })}
          </p>
        )}
      </div>

      {deployment !== undefined && (
        <div className="board-block" data-testid="eod-my-steps" data-step={lastStep ?? ''} data-outcome={deployment.outcome ?? ''}>
          <strong>{i18n.t('eod.board.steps')}</strong>
          <ol className="board-steps">
            {deploymentSteps.map(([step, field]) => {
              const at = deployment[field];
              return (
                <li key={step} className={at === null ? 'todo' : 'done'} data-step={step}>
                  <span>{i18n.t(`eod.step.${step}` as MessageKey)}</span> <span className="num">{at === null ? '—' : i18n.time(at)}</span>
                </li>
              );
            })}
          </ol>
          {deployment.outcome !== null && <span className="badge muted">{i18n.t(`eod.outcome.${deployment.outcome}` as MessageKey)}</span>}
          {canOperate && deployment.onSceneAt !== null && deployment.clearedAt === null && deployment.outcome === null && (
            <div className="board-outcome">
              <button
                type="button"
                className="board-button big"
                disabled={busy}
                onClick={() => void run(() => api('PATCH', `/eod/deployments/${deployment.id}`, { neutralisedAt: new Date().toISOString(), outcome: 'neutralised' }), done(i18n.t('eod.markNeutralised')))}
                data-testid="eod-my-neutralised"
              >
                {i18n.t('eod.markNeutralised')}
              </button>
              <div className="board-row">
                <select className="board-select" value={outcome} onChange={(e) => setOutcome(e.target.value)} aria-label={i18n.t('eod.board.outcome')} disabled={busy}>
                  {outcomes
                    .filter((o) => o !== 'neutralised')
                    .map((o) => (
                      <option key={o} value={o}>
                        {i18n.t(`eod.outcome.${o}` as MessageKey)}
                      </option>
                    ))}
                </select>
                <button
                  type="button"
                  className="board-button secondary"
                  disabled={busy}
                  onClick={() => void run(() => api('PATCH', `/eod/deployments/${deployment.id}`, { outcome }), done(i18n.t(`eod.outcome.${outcome}` as MessageKey)))}
                  data-testid="eod-my-outcome"
                >
                  {i18n.t('eod.board.logOutcome')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {message !== null && (
        <p className={`board-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="eod-my-message">
          {message.kind === 'error' ? <Words text={i18n.t('common.error')} vars={{ message: message.text }} /> : message.text}
        </p>
      )}
      {picture.error !== null && (
        <p className="board-message error" role="alert">
          {i18n.t('common.error', { message: picture.error })}
        </p>
      )}
    </div>
  );
}

/** The squad's status moves, as a field unit's (the deployment's departed, on scene and cleared times follow them). */
function SquadMoves({ squad }: { squad: Squad }) {
  const i18n = useI18n();
  useStore('units');
  const unit = store.units.get(squad.callSign);
  const [moving, setMoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (unit === undefined) return null;
  const move = async (next: StatusMove) => {
    setMoving(true);
    setError(null);
    try {
      // Going en route or arriving says the order was received: acknowledged on the way (already done: refused, ignored).
      if ((next.to === 'en_route' || next.to === 'on_scene') && unit.incident !== null) await post(`/units/${encodeURIComponent(unit.callSign)}/acknowledge`).catch(() => undefined);
      await post(`/units/${encodeURIComponent(unit.callSign)}/status`, { status: next.to });
      await store.refreshUnit(unit.callSign).catch(() => undefined);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setMoving(false);
    }
  };
  return (
    <div className="board-moves">
      {error !== null && (
        <p className="board-message error" role="alert">
          {i18n.t('common.error', { message: error })}
        </p>
      )}
      <details className="board-other">
        <summary>{i18n.t('field.move.other')}</summary>
        <OtherStatuses unit={unit} busy={moving} onMove={(m) => void move(m)} />
      </details>
      <StatusBar unit={unit} busy={moving} onMove={(m) => void move(m)} />
    </div>
  );
}

/** A squad deployed: its incident and the steps reached so far. */
function DeploymentItem({ squad, number }: { squad: Squad; number: string }) {
  const i18n = useI18n();
  const unit = useSquadUnit(squad);
  const picture = useResource<EodPicture>(`/incidents/${encodeURIComponent(number)}/eod`, [`cordon/${number}`, `eod-squad/${squad.callSign}`]);
  const deployment = picture.data?.deployments.filter((d) => d.squad === squad.callSign).at(-1);
  return (
    <li className="board-item" data-deployment={squad.callSign} data-incident={number}>
      <div className="board-item-head">
        <bdi className="num">
          <strong>{squad.callSign}</strong>
        </bdi>
        <UnitStatusBadge status={unit.status} />
        <span>{i18n.t('eod.board.on')}</span>
        <bdi className="num">{number}</bdi>
      </div>
      {deployment !== undefined && (
        <p className="board-muted">
          {deploymentSteps
            .filter(([, field]) => deployment[field] !== null)
            .map(([step, field]) => (
              <span key={step} className="board-step">
                {i18n.t(`eod.step.${step}` as MessageKey)} <span className="num">{i18n.time(deployment[field]!)}</span>
              </span>
            ))}
        </p>
      )}
    </li>
  );
}

/** A squad: status, readiness, kit and robots with their state, crew. */
function SquadItem({ squad, mine }: { squad: Squad; mine: boolean }) {
  const i18n = useI18n();
  const unit = useSquadUnit(squad);
  return (
    <li className={`board-item${mine ? ' mine' : ''}`} data-squad-card={squad.callSign} data-status={unit.status} data-degraded={String(squad.degraded)}>
      <div className="board-item-head">
        <bdi className="num">
          <strong>{squad.callSign}</strong>
        </bdi>
        <UnitStatusBadge status={unit.status} />
        {squad.degraded ? <span className="board-degraded">{i18n.t('eod.board.degraded')}</span> : <span className="board-ready">{i18n.t('eod.board.ready')}</span>}
      </div>
      <p className="board-muted">
        <bdi>{squad.station}</bdi> · <bdi>{squad.city}</bdi>
        {unit.incident !== null && (
          <>
            {' · '}
            {i18n.t('eod.board.on')} <bdi className="num">{unit.incident}</bdi>
          </>
        )}
      </p>
      <div>
        <span className="board-label">{i18n.t('eod.board.kit')}</span>
        {squad.equipment.length === 0 ? (
          <span className="board-muted"> {i18n.t('eod.board.noKit')}</span>
        ) : (
          <ul className="board-kit">
            {squad.equipment.map((item) => (
              <li key={item.id} className={`kit-${item.readiness}`} data-equipment={item.kind} data-readiness={item.readiness}>
                <span>{i18n.has(`eod.kind.${item.kind}`) ? i18n.t(`eod.kind.${item.kind}` as MessageKey) : item.kind}</span> <bdi className="board-muted">{item.label}</bdi>{' '}
                <span className="kit-state">{i18n.has(`eod.readiness.${item.readiness}`) ? i18n.t(`eod.readiness.${item.readiness}` as MessageKey) : item.readiness}</span>
                {item.maintenanceDue && <span className="board-degraded"> · {i18n.t('eod.board.maintenanceDue')}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p>
        <span className="board-label">{i18n.t('eod.board.crew')}</span>{' '}
        {squad.crew.length === 0
          ? '—'
          : squad.crew.map((member) => (
              <bdi key={member} className="badge muted board-crew">
                {member}
              </bdi>
            ))}
      </p>
    </li>
  );
}
