import { useId, useState, type FormEvent } from 'react';
import { ApiError, get, query } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { centreDayStart } from './centreDay';
import { eventsCsv, eventsJson } from './exportEvents';
import { Token, When, Words, download, eventWords, refusalText } from './parts';
import type { JournalEventView as JournalEvent } from '@contract/shapes';

const PAGE_SIZE = 50;
const DATE_EXAMPLE = '31/12/2026';

/** Event types offered as the field is typed (any other may be typed in full). */
const COMMON_TYPES = [
  'identity_person.read',
  'identity_person.reads_listed',
  'identity_person.registered',
  'incident.created',
  'incident.dispatched',
  'incident.closed',
  'session.opened',
  'session.closed',
  'user.created',
  'user.login_failed',
  'user.role_granted',
  'camera.viewed',
] as const;

/** The search fields, with the words of each (the server names a refused field by these names). */
const FIELD_LABELS = {
  actor: 'audit.search.actor',
  type: 'audit.search.type',
  stream: 'audit.search.stream',
  from: 'audit.search.from',
  to: 'audit.search.to',
} as const satisfies Record<string, MessageKey>;

interface Criteria {
  readonly actor?: string;
  readonly type?: string;
  readonly stream?: string;
  readonly from?: string;
  readonly to?: string;
}

/** What the auditor typed as the server's query: a bare user name is a person (`user:` before it). */
function criteriaOf(form: FormData): Criteria | { badDate: 'from' | 'to' } {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const actor = text('actor');
  const from = centreDayStart(text('from'));
  const to = centreDayStart(text('to'), true);
  if (from === undefined) return { badDate: 'from' };
  if (to === undefined) return { badDate: 'to' };
  return {
    ...(actor === '' ? {} : { actor: actor.includes(':') ? actor : `user:${actor}` }),
    ...(text('type') === '' ? {} : { type: text('type') }),
    ...(text('stream') === '' ? {} : { stream: text('stream') }),
    ...(from === null ? {} : { from: from.toISOString() }),
    ...(to === null ? {} : { to: to.toISOString() }),
  };
}

function DataCell({ data }: { data: Record<string, unknown> }) {
  const i18n = useI18n();
  const fields = Object.keys(data).length;
  if (fields === 0) return <span className="audit-muted">{i18n.t('audit.search.noData')}</span>;
  return (
    <details className="audit-data">
      <summary>{i18n.t('audit.search.showData', { n: i18n.number(fields) })}</summary>
      <pre dir="ltr">{JSON.stringify(data, null, 2)}</pre>
    </details>
  );
}

/**
 * The journal, searched: by actor, event type, subject (stream) and days on the centre's calendar, in
 * sequence order a page at a time; the page shown can be saved as CSV or JSON for an inquiry.
 */
export function JournalSearch() {
  const i18n = useI18n();
  const heading = useId();
  const typesList = useId();
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const [page, setPage] = useState<{ after: number; events: readonly JournalEvent[] } | null>(null);
  // `text` null: a date that is not one, said with its example isolated.
  const [error, setError] = useState<{ text: string | null; field: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (next: Criteria, after: number) => {
    setBusy(true);
    try {
      const events = await get<JournalEvent[]>(`/journal${query({ ...next, after: after === 0 ? undefined : after, limit: PAGE_SIZE })}`);
      setCriteria(next);
      setPage({ after, events });
      setError(null);
    } catch (failure) {
      setError({ text: refusalText(i18n, failure, FIELD_LABELS), field: failure instanceof ApiError ? failure.errors[0]?.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = criteriaOf(new FormData(event.currentTarget));
    if ('badDate' in next) {
      setError({ text: null, field: next.badDate });
      return;
    }
    void load(next, 0);
  };

  const events = page?.events ?? [];
  const range = events.length === 0 ? '' : `${events[0]!.seq}-${events.at(-1)!.seq}`;
  const invalid = (field: string) => (error?.field === field ? true : undefined);
  return (
    <section className="audit-panel audit-wide" aria-labelledby={heading} data-testid="audit-search">
      <h2 id={heading}>{i18n.t('audit.search.title')}</h2>
      <form className="audit-form audit-search-form" onSubmit={submit} onReset={() => setError(null)}>
        <label>
          {i18n.t('audit.search.actor')}
          <input name="actor" dir="ltr" autoComplete="off" spellCheck={false} maxLength={200} aria-invalid={invalid('actor')} data-testid="audit-search-actor" />
        </label>
        <label>
          {i18n.t('audit.search.type')}
          <input name="type" dir="ltr" autoComplete="off" spellCheck={false} maxLength={100} list={typesList} aria-invalid={invalid('type')} data-testid="audit-search-type" />
          <datalist id={typesList}>
            {COMMON_TYPES.map((type) => (
              <option key={type} value={type}>
                {eventWords(i18n, type) ?? type}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {i18n.t('audit.search.stream')}
          <input name="stream" dir="ltr" autoComplete="off" spellCheck={false} maxLength={200} aria-invalid={invalid('stream')} data-testid="audit-search-stream" />
        </label>
        <label>
          {i18n.t('audit.search.from')}
          <input name="from" dir="ltr" inputMode="numeric" autoComplete="off" placeholder={i18n.t('audit.search.datePlaceholder')} aria-invalid={invalid('from')} data-testid="audit-search-from" />
        </label>
        <label>
          {i18n.t('audit.search.to')}
          <input name="to" dir="ltr" inputMode="numeric" autoComplete="off" placeholder={i18n.t('audit.search.datePlaceholder')} aria-invalid={invalid('to')} data-testid="audit-search-to" />
        </label>
        <div className="audit-buttons">
          <button type="submit" disabled={busy} data-testid="audit-search-submit">
            {i18n.t('audit.search.submit')}
          </button>
          <button type="reset" className="secondary">
            {i18n.t('audit.search.clear')}
          </button>
        </div>
      </form>
      {error !== null && (
        <p className="error" role="alert" data-testid="audit-search-error">
          {error.text ?? <Words text={i18n.t('audit.search.badDate')} vars={{ example: <Token inline>{DATE_EXAMPLE}</Token> }} />}
        </p>
      )}
      {page !== null && criteria !== null && (
        <div className="audit-result" data-testid="audit-search-result" data-count={events.length}>
          <div className="audit-toolbar">
            <p className="audit-summary" role="status">
              {events.length === 0 ? (
                i18n.t('audit.search.none')
              ) : (
                <Words
                  text={i18n.t('audit.search.results')}
                  vars={{ n: <bdi>{i18n.number(events.length)}</bdi>, first: <Token inline>{events[0]!.seq}</Token>, last: <Token inline>{events.at(-1)!.seq}</Token> }}
                />
              )}
            </p>
            <button type="button" className="secondary" disabled={busy || page.after === 0} onClick={() => void load(criteria, 0)}>
              {i18n.t('audit.search.first')}
            </button>
            <button type="button" className="secondary" disabled={busy || events.length < PAGE_SIZE} onClick={() => void load(criteria, events.at(-1)!.seq)} data-testid="audit-search-next">
              {i18n.t('audit.search.next')}
            </button>
            <button type="button" className="secondary" disabled={events.length === 0} onClick={() => download(`amane-journal-${range}.csv`, 'text/csv;charset=utf-8', eventsCsv(events))} data-testid="audit-export-csv">
              <Words text={i18n.t('audit.search.export')} vars={{ format: <Token inline>CSV</Token> }} />
            </button>
            <button type="button" className="secondary" disabled={events.length === 0} onClick={() => download(`amane-journal-${range}.json`, 'application/json', eventsJson(events))} data-testid="audit-export-json">
              <Words text={i18n.t('audit.search.export')} vars={{ format: <Token inline>JSON</Token> }} />
            </button>
          </div>
          {events.length > 0 && (
            <div className="audit-scroll">
              <table className="list audit-table">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('audit.search.seq')}</th>
                    <th scope="col">{i18n.t('audit.search.time')}</th>
                    <th scope="col">{i18n.t('audit.search.actorColumn')}</th>
                    <th scope="col">{i18n.t('audit.search.event')}</th>
                    <th scope="col">{i18n.t('audit.search.streamColumn')}</th>
                    <th scope="col">{i18n.t('audit.search.data')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((event) => {
                    const words = eventWords(i18n, event.type);
                    return (
                      <tr key={event.seq} data-seq={event.seq} data-type={event.type} data-actor={event.actor}>
                        <td>
                          <Token>{event.seq}</Token>
                        </td>
                        <td className="audit-nowrap">
                          <When at={event.at} />
                        </td>
                        <td>
                          <Token>{event.actor}</Token>
                        </td>
                        <td>
                          {words !== undefined && <span className="audit-event">{words}</span>} <Token className="audit-code">{event.type}</Token>
                        </td>
                        <td>
                          <Token>{event.stream}</Token>
                        </td>
                        <td>
                          <DataCell data={event.data} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
