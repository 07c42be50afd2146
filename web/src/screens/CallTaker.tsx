import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ScreenProps } from '../App';
import { ApiError, get, post, query } from '../api';
import { Elapsed, PriorityBadge, Words, problemText, typeLabel, useNow } from '../components/common';
import { useI18n } from '../i18n';
import { OpsMap } from '../map/OpsMap';
import { IncidentFlag, classify, type Answers, type Priority } from '@contract';
import type { Call, IncidentType, LatLon, NearbyIncident as NearIncident } from '@contract/shapes';
import { store, useStore } from '../store';

/** Where the call is: the call-taker's own placing first, else the network's. */
function callerPlace(call: Call): (LatLon & { radiusM?: number }) | null {
  const placed = [...call.supplementalLocations].reverse().find((l) => l.lat !== undefined && l.lon !== undefined);
  const best = placed ?? call.networkLocation;
  if (best?.lat === undefined || best.lon === undefined) return null;
  return { lat: best.lat, lon: best.lon, ...(best.radiusM === undefined ? {} : { radiusM: best.radiusM }) };
}

/**
 * What the answers given so far make of the type, as the server will (the contract's `classify`): the
 * priority shown while the call-taker types, and the flags the answers set (a weapon seen sets `weapons`).
 * Only the type's own questions, answered, count: a question left blank is no answer yet.
 */
function classified(type: IncidentType | undefined, answers: Answers): { priority: Priority; flags: ReadonlySet<IncidentFlag> } | null {
  if (type === undefined) return null;
  const given = Object.fromEntries(
    type.questions.flatMap((q) => {
      const answer = answers[q.id];
      if (q.kind === 'yes-no') return typeof answer === 'boolean' ? [[q.id, answer]] : [];
      return q.options?.some((o) => o.id === answer) === true ? [[q.id, answer]] : [];
    }),
  ) as Answers;
  const { priority, flags } = classify(type, given);
  return { priority, flags: new Set(Object.values(IncidentFlag).filter((flag) => flags[flag])) };
}

/** The priority the answers give, as the server will compute it (shown while the call-taker types). */
function expectedPriority(type: IncidentType | undefined, answers: Answers): Priority | null {
  return classified(type, answers)?.priority ?? null;
}

type Flag = IncidentFlag;

/** The flags the answers set (a weapon seen sets `weapons`), as the server will set them. */
function impliedFlags(type: IncidentType | undefined, answers: Answers): ReadonlySet<Flag> {
  return classified(type, answers)?.flags ?? new Set();
}

/**
 * The call-taker's screen: the queue with waiting times, the call in hand with the caller on the map,
 * the type and its questions, duplicate suggestions, and create-or-link. Every action has a key.
 */
export function CallTakerScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const s = useStore('queue', 'callTakers', 'catalogue');
  const username = s.me.user?.username ?? '';
  const myState = s.callTakers.find((taker) => taker.username === username);
  const [call, setCall] = useState<Call | null>(null);
  const [message, setMessage] = useState<{ text: ReactNode; error: boolean } | null>(null);
  const [typeCode, setTypeCode] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [ticked, setTicked] = useState<ReadonlySet<Flag>>(new Set());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [near, setNear] = useState<readonly NearIncident[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const typeRef = useRef<HTMLSelectElement>(null);
  const transferRef = useRef<HTMLInputElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  /** The address written from the caller's location, until the call-taker types their own. */
  const autoAddress = useRef(true);
  const now = useNow();

  const type = s.types.find((t) => t.code === typeCode);
  const place = call === null ? null : callerPlace(call);
  // Once the caller is placed elsewhere, the network's location stays on the map beside it, lighter.
  const network = call?.networkLocation;
  const networkBeside =
    place !== null && network?.lat !== undefined && network.lon !== undefined && (network.lat !== place.lat || network.lon !== place.lon)
      ? { lat: network.lat, lon: network.lon, ...(network.radiusM === undefined ? {} : { radiusM: network.radiusM }) }
      : null;
  const sortedTypes = useMemo(() => [...s.types].sort((a, b) => a.labels[i18n.language].localeCompare(b.labels[i18n.language], i18n.language)), [s.types, i18n.language]);

  const say = (text: ReactNode, error = false) => setMessage({ text, error });

  // A call already in hand (after a reload) comes back.
  const myCallId = myState?.callId ?? null;
  useEffect(() => {
    if (myCallId !== null && call === null) void get<Call>(`/calls/${encodeURIComponent(myCallId)}`).then(setCall, () => undefined);
  }, [myCallId, call]);

  // The call in hand is followed live (hang-up, locations added).
  useEffect(() => {
    if (call === null) return;
    return store.onEvent((event) => {
      if (event.stream === `call/${call.callId}`) void get<Call>(`/calls/${encodeURIComponent(call.callId)}`).then(setCall, () => undefined);
    });
  }, [call?.callId]);

  // The address from the location (nearest named road, district), unless the call-taker wrote one.
  useEffect(() => {
    if (place === null || created !== null || !autoAddress.current) return;
    let live = true;
    void get<{ street: string | null; district: { name: string; nameAr: string | null } | null }>(`/places/describe${query({ lat: place.lat, lon: place.lon })}`).then(
      (found) => {
        if (!live || !autoAddress.current || addressRef.current === null) return;
        const district = found.district === null ? null : i18n.language === 'ar' ? (found.district.nameAr ?? found.district.name) : found.district.name;
        addressRef.current.value = [found.street, district].filter((part) => part !== null).join(i18n.separator);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [place?.lat, place?.lon, call?.callId, created, i18n.language]);

  // Open incidents near the caller: the same event, already reported?
  useEffect(() => {
    if (place === null) {
      setNear([]);
      return;
    }
    let live = true;
    void get<NearIncident[]>(`/incidents/near${query({ lat: place.lat, lon: place.lon, type: typeCode || undefined })}`).then((found) => live && setNear(found), () => undefined);
    return () => {
      live = false;
    };
  }, [place?.lat, place?.lon, typeCode, s.version('incidents')]);

  const setReady = useCallback(async (state: 'ready' | 'not_ready') => {
    try {
      await post('/call-takers/me/state', { state });
    } catch (failure) {
      say(problemText(failure), true);
    }
  }, []);

  const answerNext = useCallback(async () => {
    try {
      const taken = await post<Call>('/calls/next');
      setCall(taken);
      setTypeCode('');
      setAnswers({});
      setTicked(new Set());
      autoAddress.current = true;
      if (addressRef.current !== null) addressRef.current.value = '';
      setFieldErrors({});
      setCreated(null);
      say(<Words text={i18n.t('calltaker.answered')} vars={{ number: <bdi>{taken.callerNumber}</bdi> }} />);
      setTimeout(() => typeRef.current?.focus(), 0);
    } catch (failure) {
      say(problemText(failure), true);
    }
  }, [i18n]);

  const placeCaller = async (position: LatLon) => {
    if (call === null || created !== null) return;
    try {
      setCall(await post<Call>(`/calls/${encodeURIComponent(call.callId)}/location`, { lat: round6(position.lat), lon: round6(position.lon) }));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const createIncident = async (event?: FormEvent) => {
    event?.preventDefault();
    if (call === null || formRef.current === null) return;
    const form = new FormData(formRef.current);
    const flagged = new Set([...ticked, ...impliedFlags(type, answers)]);
    const body = {
      type: typeCode,
      answers,
      summary: String(form.get('summary') ?? '').trim(),
      ...(String(form.get('address') ?? '').trim() === '' ? {} : { address: String(form.get('address')).trim() }),
      flags: { weapons: flagged.has('weapons'), hazards: flagged.has('hazards'), children: flagged.has('children') },
    };
    try {
      const result = await post<{ incidentNumber: string; call: Call }>(`/calls/${encodeURIComponent(call.callId)}/incident`, body);
      setCall(result.call);
      setCreated(result.incidentNumber);
      setFieldErrors({});
      say(<Words text={i18n.t('calltaker.created')} vars={{ number: <bdi>{result.incidentNumber}</bdi> }} />);
    } catch (failure) {
      if (failure instanceof ApiError && failure.errors.length > 0) setFieldErrors(Object.fromEntries(failure.errors.map((e) => [e.field, i18n.t('problem.field')])));
      say(problemText(failure), true);
    }
  };

  /** Ends the call in hand: the call-taker goes to wrap-up, and is offered no call until ready again. */
  const endCall = async () => {
    if (call === null || (call.status !== 'answered' && call.status !== 'transferred')) return;
    try {
      setCall(await post<Call>(`/calls/${encodeURIComponent(call.callId)}/end`));
      say(i18n.t('calltaker.ended'));
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const transferCall = async (to: string) => {
    if (call === null || call.status !== 'answered' || to === '') return;
    try {
      setCall(await post<Call>(`/calls/${encodeURIComponent(call.callId)}/transfer`, { to }));
      say(<Words text={i18n.t('calltaker.transferred')} vars={{ to: <bdi>{to}</bdi> }} />);
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  const link = async (number: string) => {
    if (call === null) return;
    try {
      setCall(await post<Call>(`/calls/${encodeURIComponent(call.callId)}/link`, { incident: number }));
      setCreated(number);
      say(<Words text={i18n.t('calltaker.linked')} vars={{ number: <bdi>{number}</bdi> }} />);
    } catch (failure) {
      say(problemText(failure), true);
    }
  };

  // Keys: F2 answer the next call, F4 create the incident, F6 end the call, F7 transfer it, F8 link to
  // the first suggestion, F9 ready / not ready (from wrap-up: ready).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        if (myState?.state === 'wrap_up') say(i18n.t('calltaker.inWrapUp'), true);
        else void answerNext();
      } else if (event.key === 'F6') {
        event.preventDefault();
        void endCall();
      } else if (event.key === 'F7') {
        event.preventDefault();
        transferRef.current?.focus();
      } else if (event.key === 'F4') {
        event.preventDefault();
        void createIncident();
      } else if (event.key === 'F8' && near[0] !== undefined) {
        event.preventDefault();
        void link(near[0].number);
      } else if (event.key === 'F9') {
        event.preventDefault();
        if (myState?.state !== 'on_call') void setReady(myState?.state === 'ready' ? 'not_ready' : 'ready');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const expected = expectedPriority(type, answers);
  const implied = impliedFlags(type, answers);
  const done = created !== null;
  return (
    <div className="layout">
      <section className="column" aria-labelledby="queue-title">
        <div className="shortcuts" data-testid="shortcuts">
          <strong>{i18n.t('shell.shortcuts')}</strong>
          <span><kbd>F2</kbd> {i18n.t('calltaker.keyAnswer')}</span>
          <span><kbd>F4</kbd> {i18n.t('calltaker.keyCreate')}</span>
          <span><kbd>F6</kbd> {i18n.t('calltaker.keyEnd')}</span>
          <span><kbd>F7</kbd> {i18n.t('calltaker.keyTransfer')}</span>
          <span><kbd>F8</kbd> {i18n.t('calltaker.keyLink')}</span>
          <span><kbd>F9</kbd> {i18n.t('calltaker.keyReady')}</span>
        </div>
        <div className="section row">
          <span>{i18n.t('calltaker.myState')}:</span>
          <strong data-testid="my-state" data-state={myState?.state ?? 'logged_out'}>{i18n.t(`calltaker.state.${myState?.state ?? 'logged_out'}` as 'calltaker.state.ready')}</strong>
          <span className="grow" />
          {myState?.state === 'ready' ? (
            <button type="button" className="secondary" onClick={() => void setReady('not_ready')}>
              {i18n.t('calltaker.goNotReady')}
            </button>
          ) : (
            <button type="button" onClick={() => void setReady('ready')} data-testid="go-ready" disabled={myState?.state === 'on_call'}>
              {i18n.t('calltaker.goReady')}
            </button>
          )}
        </div>
        {myState?.state === 'wrap_up' && myState.since !== undefined && (
          <p className="section notice" role="status" data-testid="wrap-up">
            {i18n.t('calltaker.wrapUp', { time: i18n.time(myState.since) })}
          </p>
        )}
        <h2 id="queue-title">
          {i18n.t('calltaker.queue')} <span className="count">({i18n.number(s.queue.length)})</span>
        </h2>
        {s.queue.length === 0 ? (
          <p className="empty">{i18n.t('calltaker.queueEmpty')}</p>
        ) : (
          <table className="list" data-testid="queue">
            <thead>
              <tr>
                <th>{i18n.t('calltaker.caller')}</th>
                <th>{i18n.t('calltaker.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {s.queue.map((waiting) => (
                <tr key={waiting.callId} data-call={waiting.callId}>
                  <td dir="ltr">
                    {waiting.urgent && <span className="badge" style={{ background: '#c62828' }}>{i18n.t('calltaker.callback')}</span>} {waiting.callerNumber}
                  </td>
                  <td className={`num timer${(now - new Date(waiting.rangAt).getTime()) / 1000 > 15 ? ' late' : ''}`}>{i18n.duration((now - new Date(waiting.rangAt).getTime()) / 1_000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="section">
          <button type="button" onClick={() => void answerNext()} disabled={myState?.state !== 'ready' || s.queue.length === 0} data-testid="answer-next">
            {i18n.t('calltaker.answerNext')} <kbd>F2</kbd>
          </button>
        </div>
        {message !== null && (
          <p className={message.error ? 'section field-error' : 'section'} role="status" data-testid="calltaker-message">
            {message.text}
          </p>
        )}
      </section>

      <section className="map-cell" aria-label={i18n.t('map.legend')}>
        <OpsMap settings={settings.map} caller={place} callerNetwork={networkBeside} focus={place} onPick={placeCaller} />
      </section>

      <section className="column" aria-labelledby="call-title">
        <h2 id="call-title">{i18n.t('calltaker.currentCall')}</h2>
        {call === null ? (
          <p className="empty">{i18n.t('calltaker.noCall')}</p>
        ) : (
          <>
            <div className="section" data-testid="current-call">
              <dl className="facts">
                <dt>{i18n.t('calltaker.caller')}</dt>
                <dd dir="ltr">{call.callerNumber}</dd>
                <dt>{i18n.t('calltaker.answeredAt')}</dt>
                <dd>{call.answeredAt === null ? '—' : <>{i18n.time(call.answeredAt)} (<Elapsed since={call.answeredAt} />)</>}</dd>
                <dt>{i18n.t('calltaker.location')}</dt>
                <dd data-testid="caller-location">
                  {place === null ? (
                    i18n.t('calltaker.noLocation')
                  ) : (
                    <bdi dir="ltr" data-testid="caller-coordinates">{`${place.lat.toFixed(5)}, ${place.lon.toFixed(5)}`}</bdi>
                  )}
                  {place?.radiusM !== undefined && (
                    <>
                      {' ± '}
                      <bdi>{`${i18n.number(place.radiusM)} ${i18n.t('calltaker.metres')}`}</bdi>
                    </>
                  )}
                </dd>
                <dt>{i18n.t('field.status')}</dt>
                <dd data-testid="call-status" data-status={call.status}>
                  {i18n.t(`calltaker.callStatus.${call.status}` as 'calltaker.callStatus.answered')}
                </dd>
              </dl>
              {(call.status === 'answered' || call.status === 'transferred') && call.callTaker === username && (
                <div className="row call-actions">
                  <button type="button" className="danger" onClick={() => void endCall()} data-testid="end-call">
                    {i18n.t('calltaker.endCall')} <kbd>F6</kbd>
                  </button>
                  {call.status === 'answered' && (
                    <form
                      className="row"
                      onSubmit={(event) => {
                        event.preventDefault();
                        void transferCall(transferRef.current?.value.trim() ?? '');
                      }}
                    >
                      <label className="row">
                        {i18n.t('calltaker.transferTo')} <kbd>F7</kbd>
                        <input ref={transferRef} name="transfer" list="transfer-numbers" dir="ltr" maxLength={60} size={6} data-testid="transfer-to" />
                      </label>
                      <datalist id="transfer-numbers">
                        {(type?.transferTo?.numbers ?? ['15', '150', '177']).map((number) => (
                          <option key={number} value={number} />
                        ))}
                      </datalist>
                      <button type="submit" className="secondary">
                        {i18n.t('calltaker.transfer')}
                      </button>
                    </form>
                  )}
                </div>
              )}
              {!done && <span className="muted">{i18n.t('calltaker.clickToPlace')}</span>}
            </div>
            {near.length > 0 && !done && (
              <div className="section" data-testid="duplicates">
                <strong>{i18n.t('calltaker.duplicates')}</strong>
                {near.map((incident, index) => (
                  <div key={incident.number} className="suggestion">
                    <div className="row">
                      <PriorityBadge priority={incident.priority} />
                      <strong>{incident.number}</strong>
                      <span>{typeLabel(incident.type, i18n.language)}</span>
                      <span className="num">{i18n.number(Math.round(incident.distanceM))} m</span>
                    </div>
                    <span>{incident.summary}</span>
                    <button type="button" className="secondary" onClick={() => void link(incident.number)} data-testid={`link-${incident.number}`}>
                      {i18n.t('calltaker.link')} {index === 0 && <kbd>F8</kbd>}
                    </button>
                  </div>
                ))}
              </div>
            )}
            {done ? (
              <p className="section" data-testid="call-done">
                <Words text={i18n.t('calltaker.callLinked')} vars={{ number: <bdi>{created}</bdi> }} />
              </p>
            ) : (
              <form ref={formRef} className="section form" onSubmit={createIncident} data-testid="incident-form">
                <label>
                  {i18n.t('field.type')}
                  <select
                    ref={typeRef}
                    name="type"
                    value={typeCode}
                    onChange={(event) => {
                      setTypeCode(event.target.value);
                      setAnswers({});
                    }}
                    required
                    data-testid="type"
                  >
                    <option value="">{i18n.t('calltaker.chooseType')}</option>
                    {sortedTypes.map((t) => (
                      <option key={t.code} value={t.code}>
                        {t.labels[i18n.language]} ({t.defaultPriority})
                      </option>
                    ))}
                  </select>
                  {fieldErrors.type !== undefined && <span className="field-error">{fieldErrors.type}</span>}
                </label>
                {type?.transferTo !== undefined && (
                  <p className="suggestion">{i18n.t('calltaker.transferHint', { service: type.transferTo.service, numbers: type.transferTo.numbers.join(', ') })}</p>
                )}
                {type !== undefined && type.questions.length > 0 && (
                  <fieldset data-testid="questions">
                    <legend>{i18n.t('calltaker.questions')}</legend>
                    {type.questions.map((question) => (
                      <label key={question.id}>
                        {i18n.label(question.labels)}
                        {question.kind === 'yes-no' ? (
                          <select
                            name={`q-${question.id}`}
                            value={answers[question.id] === undefined ? '' : String(answers[question.id])}
                            onChange={(event) => setAnswers(withAnswer(answers, question.id, event.target.value === '' ? undefined : event.target.value === 'true'))}
                          >
                            <option value="">—</option>
                            <option value="true">{i18n.t('common.yes')}</option>
                            <option value="false">{i18n.t('common.no')}</option>
                          </select>
                        ) : (
                          <select name={`q-${question.id}`} value={String(answers[question.id] ?? '')} onChange={(event) => setAnswers(withAnswer(answers, question.id, event.target.value || undefined))}>
                            <option value="">—</option>
                            {question.options?.map((option) => (
                              <option key={option.id} value={option.id}>
                                {i18n.label(option.labels)}
                              </option>
                            ))}
                          </select>
                        )}
                        {fieldErrors[`answers.${question.id}`] !== undefined && <span className="field-error">{fieldErrors[`answers.${question.id}`]}</span>}
                      </label>
                    ))}
                  </fieldset>
                )}
                {expected !== null && (
                  <div className="row" data-testid="expected-priority">
                    {i18n.t('field.priority')}: <PriorityBadge priority={expected} /> {i18n.t(`priority.${expected}` as 'priority.P1')}
                  </div>
                )}
                <label>
                  {i18n.t('field.address')}
                  <input
                    ref={addressRef}
                    name="address"
                    maxLength={300}
                    onInput={() => {
                      autoAddress.current = false;
                    }}
                    data-testid="address"
                  />
                </label>
                <label>
                  {i18n.t('field.summary')}
                  <textarea name="summary" rows={3} required maxLength={2000} data-testid="summary" />
                  {fieldErrors.summary !== undefined && <span className="field-error">{fieldErrors.summary}</span>}
                </label>
                {fieldErrors.location !== undefined && <span className="field-error">{fieldErrors.location}</span>}
                <fieldset className="row">
                  <legend>⚠</legend>
                  {(['weapons', 'hazards', 'children'] as const).map((flag) => (
                    <label key={flag} className="row">
                      <input
                        type="checkbox"
                        name={flag}
                        style={{ width: 'auto' }}
                        checked={ticked.has(flag) || implied.has(flag)}
                        disabled={implied.has(flag)}
                        onChange={(event) => {
                          const next = new Set(ticked);
                          if (event.target.checked) next.add(flag);
                          else next.delete(flag);
                          setTicked(next);
                        }}
                        data-testid={`flag-${flag}`}
                      />{' '}
                      {i18n.t(`flag.${flag}`)}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" data-testid="create-incident">
                  {i18n.t('calltaker.create')} <kbd>F4</kbd>
                </button>
              </form>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function withAnswer(answers: Answers, id: string, value: boolean | string | undefined): Answers {
  const next = { ...answers };
  if (value === undefined) delete next[id];
  else next[id] = value;
  return next;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
