import { Fragment, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { priorityColours, statusColours } from '../map/symbols';
import type { IncidentStatus, Priority, UnitStatus } from '@contract';
import type { Incident, Note, Timeline, Unit } from '@contract/shapes';
import { problemText } from '../problemText';
import { store, useStore } from '../store';
import { useResource, type Resource } from '../useResource';

export { problemText };

/**
 * A sentence of the bundle with React nodes in its `{placeholders}`: a number, a date or a code goes in
 * as its own isolated element (`<bdi>`), so right-to-left text never reorders it.
 */
export function Words({ text, vars }: { text: string; vars: Record<string, ReactNode> }) {
  const pieces = text.split(/\{(\w+)\}/);
  return (
    <>
      {pieces.map((piece, index) => (
        <Fragment key={index}>{index % 2 === 0 ? piece : (vars[piece] ?? `{${piece}}`)}</Fragment>
      ))}
    </>
  );
}

/** The current time, re-read every `periodMs` (running timers). */
export function useNow(periodMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const i18n = useI18n();
  return (
    <span className="badge" style={{ background: priorityColours[priority] }} title={i18n.t(`priority.${priority}` as MessageKey)} data-priority={priority} dir="ltr">
      {priority}
    </span>
  );
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const i18n = useI18n();
  return (
    <span className="badge muted" data-status={status}>
      {i18n.t(`istatus.${status}` as MessageKey)}
    </span>
  );
}

export function UnitStatusBadge({ status }: { status: UnitStatus }) {
  const i18n = useI18n();
  return (
    <span className="badge" style={{ background: statusColours[status] }} data-status={status}>
      {i18n.t(`ustatus.${status}` as MessageKey)}
    </span>
  );
}

export function StaleFlags({ unit }: { unit: Unit }) {
  const i18n = useI18n();
  if (!unit.positionStale && !unit.statusStale) return null;
  return (
    <span className="stale" data-testid={`stale-${unit.callSign}`}>
      {[unit.positionStale ? i18n.t('unit.positionStale') : null, unit.statusStale ? i18n.t('unit.statusStale') : null].filter(Boolean).join(', ')}
    </span>
  );
}

/** Seconds since `since`, ticking; late (red) past `lateAfterS`. */
export function Elapsed({ since, lateAfterS }: { since: string; lateAfterS?: number }) {
  const i18n = useI18n();
  const now = useNow();
  const seconds = (now - new Date(since).getTime()) / 1_000;
  return <span className={`timer num${lateAfterS !== undefined && seconds > lateAfterS ? ' late' : ''}`}>{i18n.duration(seconds)}</span>;
}

export function typeLabel(code: string, language: 'ar' | 'fr' | 'en'): string {
  return store.types.find((type) => type.code === code)?.labels[language] ?? code;
}

export function IncidentFacts({ incident }: { incident: Incident }) {
  const i18n = useI18n();
  useStore('catalogue');
  const flags = (['weapons', 'hazards', 'children'] as const).filter((flag) => incident.flags[flag]);
  return (
    <dl className="facts">
      <dt>{i18n.t('field.type')}</dt>
      <dd data-testid="incident-type">{typeLabel(incident.type, i18n.language)}</dd>
      <dt>{i18n.t('field.priority')}</dt>
      <dd>
        <PriorityBadge priority={incident.priority} /> {i18n.t(`priority.${incident.priority}` as MessageKey)}
      </dd>
      <dt>{i18n.t('field.status')}</dt>
      <dd data-testid="incident-status">
        <IncidentStatusBadge status={incident.status} />
      </dd>
      <dt>{i18n.t('field.address')}</dt>
      <dd>{incident.address === null ? '—' : <bdi>{incident.address}</bdi>}</dd>
      <dt>{i18n.t('field.district')}</dt>
      <dd>{incident.district ?? '—'}</dd>
      <dt>{i18n.t('field.created')}</dt>
      <dd>
        {i18n.time(incident.createdAt)} (<Elapsed since={incident.createdAt} />)
      </dd>
      <dt>{i18n.t('field.summary')}</dt>
      <dd>
        <bdi>{incident.summary}</bdi>
      </dd>
      {flags.length > 0 && (
        <>
          <dt>⚠</dt>
          <dd className="stale">{flags.map((flag) => i18n.t(`flag.${flag}`)).join(' · ')}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * One of an incident's sub-resources (`notes`, `timeline`), loaded and loaded again whenever the live
 * feed reports a change to the incident (only events of `types`, when given).
 */
export function useIncidentResource<T>(number: string, resource: string, types?: readonly string[]): Resource<T> {
  const stream = `incident/${number}`;
  return useResource<T>(`/incidents/${encodeURIComponent(number)}/${resource}`, [types === undefined ? stream : { stream, types }]);
}

/** Notes of an incident, append-only, refreshed when the incident changes. */
export function Notes({ number, canWrite }: { number: string; canWrite: boolean }) {
  const i18n = useI18n();
  const resource = useIncidentResource<readonly Note[]>(number, 'notes', ['incident.note_added']);
  const [refused, setRefused] = useState<string | null>(null);
  const notes = resource.data ?? [];
  const error = refused ?? resource.error;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (text === '') return;
    try {
      await post(`/incidents/${number}/notes`, { text });
      form.reset();
      setRefused(null);
      resource.reload();
    } catch (failure) {
      setRefused(problemText(failure));
    }
  };
  return (
    <section className="section" aria-labelledby={`notes-${number}`} data-testid="notes">
      <strong id={`notes-${number}`}>{i18n.t('notes.title')}</strong>
      {notes.length === 0 ? (
        <span className="muted">{i18n.t('notes.none')}</span>
      ) : (
        <ul className="notes">
          {notes.map((note) => (
            <li key={note.n}>
              <div className="meta">
                {i18n.time(note.at)} · {note.author}
              </div>
              {note.text}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form onSubmit={submit} className="row">
          <input name="text" className="grow" placeholder={i18n.t('notes.placeholder')} aria-label={i18n.t('notes.add')} maxLength={2000} />
          <button type="submit">{i18n.t('notes.add')}</button>
        </form>
      )}
      {error !== null && <span className="field-error">{error}</span>}
    </section>
  );
}

/** The one fact worth showing beside an event's name: the unit, the new priority, the reason. */
/** An event's unit, priority and reason, in brackets; the unit and priority are codes, isolated as tokens. */
function EventDetail({ data }: { data: Record<string, unknown> }) {
  const i18n = useI18n();
  const priority = typeof data.to === 'string' && /^P[1-4]$/.test(data.to) ? data.to : undefined;
  const codes = [data.unit, priority].filter((value): value is string => typeof value === 'string' && value !== '');
  // A reason the system gives as a code (`undo`) has words; a person's reason is shown as written.
  const given = typeof data.reason === 'string' && data.reason !== '' ? data.reason : undefined;
  const reason = given !== undefined && i18n.has(`event.reason.${given}`) ? i18n.t(`event.reason.${given}` as MessageKey) : given;
  if (codes.length === 0 && reason === undefined) return null;
  const parts: ReactNode[] = [...codes, ...(reason === undefined ? [] : [reason])].map((text, i) => (
    <Fragment key={i}>
      {i === 0 ? '' : ' · '}
      <bdi>{text}</bdi>
    </Fragment>
  ));
  return <>({parts})</>;
}

export function TimelineList({ number }: { number: string }) {
  const i18n = useI18n();
  const { data: timeline } = useIncidentResource<Timeline>(number, 'timeline');
  if (timeline === undefined) return null;
  const eventLabel = (type: string) => {
    const key = `event.${type}`;
    return i18n.has(key) ? i18n.t(key) : type;
  };
  return (
    <section className="section" data-testid="timeline">
      <strong>{i18n.t('timeline.title')}</strong>
      <ol className="timeline">
        {timeline.events.map((event) => (
          <li key={event.seq}>
            <span className="num">{i18n.time(event.at)}</span> {eventLabel(event.type)} <EventDetail data={event.data} />{' '}
            <bdi className="muted">{event.actor.replace(/^user:/, '')}</bdi>
          </li>
        ))}
      </ol>
    </section>
  );
}

