import { useId, useState, type FormEvent } from 'react';
import { ApiError, get, query } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { Token, When, Words, refusalText } from './parts';
import type { PersonRead, PersonReads as Reads } from '@contract/shapes';

const NIN_EXAMPLE = 'BE123456';

function viaWords(i18n: I18n, read: PersonRead) {
  const key = `audit.via.${read.via}`;
  const words = i18n.has(key) ? i18n.t(key) : <Token>{read.via}</Token>;
  if (read.application === null) return words;
  return (
    <>
      {words} · <Words text={i18n.t('audit.reads.application')} vars={{ application: <Token inline>{read.application}</Token> }} />
    </>
  );
}

/**
 * Who read a person's record: the auditor gives the national ID number and why they look (the lookup
 * is journaled on the person's stream too); every read comes back with the reader, the time, the reason
 * they gave and the screen it came through, oldest first, a page at a time.
 */
export function PersonReads() {
  const i18n = useI18n();
  const heading = useId();
  const [result, setResult] = useState<Reads | null>(null);
  const [asked, setAsked] = useState<{ nin: string; reason: string } | null>(null);
  const [error, setError] = useState<{ text: string; field: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (nin: string, reason: string, after?: number) => {
    setBusy(true);
    try {
      const page = await get<Reads>(`/identity/persons/${encodeURIComponent(nin)}/reads${query({ reason, after })}`);
      setResult((previous) => (after === undefined || previous === null ? page : { ...page, reads: [...previous.reads, ...page.reads] }));
      setAsked({ nin, reason });
      setError(null);
    } catch (failure) {
      if (after === undefined) setResult(null);
      const field = failure instanceof ApiError ? failure.errors[0]?.field : undefined;
      setError({
        field,
        text: refusalText(i18n, failure, { nin: 'audit.reads.nin', reason: 'audit.reads.reason' } satisfies Record<string, MessageKey>, {
          nin: i18n.t('audit.error.nin', { example: NIN_EXAMPLE }),
          reason: i18n.t('audit.error.reason'),
        }),
      });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void load(String(form.get('nin') ?? '').trim().toUpperCase(), String(form.get('reason') ?? '').trim());
  };

  return (
    <section className="audit-panel" aria-labelledby={heading} data-testid="audit-reads">
      <h2 id={heading}>{i18n.t('audit.reads.title')}</h2>
      <form className="audit-form audit-reads-form" onSubmit={submit}>
        <label>
          {i18n.t('audit.reads.nin')}
          <input
            name="nin"
            required
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            maxLength={9}
            className="audit-nin"
            placeholder={NIN_EXAMPLE}
            aria-invalid={error?.field === 'nin' ? true : undefined}
            data-testid="audit-reads-nin"
          />
        </label>
        <label className="audit-grow">
          {i18n.t('audit.reads.reason')}
          <input name="reason" required minLength={3} maxLength={200} autoComplete="off" dir="auto" aria-invalid={error?.field === 'reason' ? true : undefined} data-testid="audit-reads-reason" />
        </label>
        <button type="submit" disabled={busy} data-testid="audit-reads-submit">
          {i18n.t('audit.reads.submit')}
        </button>
      </form>
      <p className="audit-hint">{i18n.t('audit.reads.journaled')}</p>
      {error !== null && (
        <p className="error" role="alert" data-testid="audit-reads-error">
          {error.text}
        </p>
      )}
      {result !== null && (
        <div role="status" className="audit-result" data-testid="audit-reads-result" data-nin={result.nin} data-count={result.reads.length}>
          <p className="audit-summary">
            {result.reads.length === 0 ? (
              <Words text={i18n.t('audit.reads.none')} vars={{ nin: <Token inline>{result.nin}</Token> }} />
            ) : (
              <Words text={i18n.t('audit.reads.count')} vars={{ nin: <Token inline>{result.nin}</Token>, n: <bdi>{i18n.number(result.reads.length)}</bdi> }} />
            )}
          </p>
          {result.reads.length > 0 && (
            <div className="audit-scroll">
              <table className="list audit-table">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('audit.reads.when')}</th>
                    <th scope="col">{i18n.t('audit.reads.who')}</th>
                    <th scope="col">{i18n.t('audit.reads.reasonGiven')}</th>
                    <th scope="col">{i18n.t('audit.reads.via')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.reads.map((read) => {
                    const name = i18n.language === 'ar' && read.nameAr !== null ? read.nameAr : read.name;
                    return (
                      <tr key={read.seq} data-seq={read.seq} data-actor={read.actor} data-via={read.via}>
                        <td className="audit-nowrap">
                          <When at={read.at} />
                        </td>
                        <td>
                          {name !== null && <bdi className="audit-name">{name}</bdi>} <Token className="audit-muted">{read.actor}</Token>
                        </td>
                        <td data-testid="audit-read-reason">{read.reason === '' ? <span className="audit-muted">{i18n.t('audit.reads.noReason')}</span> : <bdi>{read.reason}</bdi>}</td>
                        <td>{viaWords(i18n, read)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {result.next !== null && asked !== null && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void load(asked.nin, asked.reason, result.next ?? undefined)}>
              {i18n.t('audit.reads.more')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
