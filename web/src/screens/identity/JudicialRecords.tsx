import { useState, type FormEvent } from 'react';
import { api, get, post, query } from '../../api';
import { problemText } from '../../components/common';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { codeLabel, refusedFields, sentence, Token, When, type Message } from './parts';
import { JudicialRecordStatus } from '@contract';
import type { JudicialRecord } from '@contract/shapes';

const fields = ['court', 'caseReference', 'offence', 'sentence'] as const;
const recordStatuses = Object.values(JudicialRecordStatus);

/**
 * The built-in judicial records (`identity.records.manage`): a person's entries, read with a reason
 * (journaled); a judgment entered for a person of the register; an entry's status changed (rehabilitated,
 * annulled) with the reference of the decision. Police record certificates are checked against them.
 */
export function JudicialRecords({ say, fail }: { say: (message: Message) => void; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const [shown, setShown] = useState<{ nin: string; reason: string; records: JudicialRecord[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // A new form after each entry: the date field keeps its own state, which a form reset does not clear.
  const [entries, setEntries] = useState(0);

  const read = async (nin: string, reason: string) => {
    try {
      setShown({ nin, reason, records: await get<JudicialRecord[]>(`/identity/judicial-records${query({ nin, reason })}`) });
      setError(null);
      setInvalid([]);
    } catch (failure) {
      setInvalid(refusedFields(failure));
      setError(problemText(failure));
    }
  };

  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void read(String(form.get('nin') ?? '').trim().toUpperCase(), String(form.get('reason') ?? '').trim());
  };

  const enter = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      nin: String(form.get('nin') ?? '').trim().toUpperCase(),
      judgmentDate: String(form.get('judgmentDate') ?? ''),
      ...Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? '').trim()])),
    };
    setBusy(true);
    try {
      const entered = await post<JudicialRecord>('/identity/judicial-records', body);
      setInvalid([]);
      setEntries((n) => n + 1);
      say((w) => sentence(w, 'records.entered', { nin: entered.nin }));
      if (shown?.nin === entered.nin) setShown({ ...shown, records: [...shown.records, entered] });
    } catch (failure) {
      setInvalid(refusedFields(failure));
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const bad = (field: string) => invalid.includes(field);
  return (
    <div className="cert-panels" data-testid="judicial-records">
      <section className="id-panel" aria-labelledby="records-title">
        <h2 id="records-title">{i18n.t('records.title')}</h2>
        <form className="form" onSubmit={find} data-testid="records-find">
          <strong>{i18n.t('records.find')}</strong>
          <label>
            {i18n.t('identity.nin')}
            <input name="nin" dir="ltr" required autoComplete="off" aria-invalid={bad('nin')} data-testid="records-find-nin" />
          </label>
          <label>
            {i18n.t('records.readReason')}
            <input name="reason" required minLength={3} maxLength={200} aria-invalid={bad('reason')} data-testid="records-find-reason" />
          </label>
          <button type="submit">{i18n.t('records.show')}</button>
        </form>
        {error !== null && <p className="field-error">{error}</p>}
        {shown !== null && (
          <div data-testid="records-list" data-nin={shown.nin}>
            <p>
              <Token>{shown.nin}</Token>
            </p>
            {shown.records.length === 0 ? (
              <p className="empty">{i18n.t('records.none')}</p>
            ) : (
              <ul className="cert-list">
                {shown.records.map((record) => (
                  <RecordEntry key={record.id} record={record} onCorrected={(after) => setShown({ ...shown, records: shown.records.map((r) => (r.id === after.id ? after : r)) })} say={say} fail={fail} />
                ))}
              </ul>
            )}
          </div>
        )}

      </section>
      <section className="id-panel" aria-labelledby="records-enter-title">
        <h2 id="records-enter-title">{i18n.t('records.enter')}</h2>
        <form key={entries} className="form" onSubmit={(e) => void enter(e)} data-testid="records-enter">
          <label>
            {i18n.t('identity.nin')}
            <input name="nin" dir="ltr" required autoComplete="off" defaultValue={shown?.nin ?? ''} key={shown?.nin ?? ''} aria-invalid={bad('nin')} data-testid="records-nin" />
          </label>
          <label>
            {i18n.t('records.court')}
            <input name="court" required minLength={3} maxLength={200} aria-invalid={bad('court')} data-testid="records-court" />
          </label>
          <label>
            {i18n.t('records.judgmentDate')}
            <DateInput name="judgmentDate" required invalid={bad('judgmentDate')} data-testid="records-judgmentDate" />
          </label>
          <label>
            {i18n.t('records.caseReference')}
            <input name="caseReference" dir="ltr" required pattern="[A-Za-z0-9][A-Za-z0-9\/_\-]{2,39}" maxLength={40} aria-invalid={bad('caseReference')} data-testid="records-caseReference" />
          </label>
          <label>
            {i18n.t('records.offence')}
            <input name="offence" required minLength={3} maxLength={300} aria-invalid={bad('offence')} data-testid="records-offence" />
          </label>
          <label>
            {i18n.t('records.sentence')}
            <input name="sentence" required minLength={3} maxLength={300} aria-invalid={bad('sentence')} data-testid="records-sentence" />
          </label>
          <button type="submit" disabled={busy} data-testid="records-submit">
            {i18n.t('records.save')}
          </button>
        </form>
      </section>
    </div>
  );
}

/** An entry: what the judgment says, its status, and the change of status with its reason. */
function RecordEntry({ record, onCorrected, say, fail }: { record: JudicialRecord; onCorrected: (after: JudicialRecord) => void; say: (message: Message) => void; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const [invalid, setInvalid] = useState(false);
  const correct = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      onCorrected(await api<JudicialRecord>('PATCH', `/identity/judicial-records/${record.id}`, { status: String(form.get('status')), reason: String(form.get('reason') ?? '').trim() }));
      setInvalid(false);
      say((w) => w.t('records.corrected'));
    } catch (failure) {
      setInvalid(refusedFields(failure).includes('reason'));
      fail(failure);
    }
  };
  return (
    <li data-testid="records-entry" data-status={record.status}>
      <p className="row">
        <Token>{i18n.date(record.judgmentDate)}</Token> <bdi>{record.court}</bdi> <Token>{record.caseReference}</Token>
        <span className={`badge rec-status ${record.status}`}>{codeLabel(i18n, 'recstatus', record.status)}</span>
      </p>
      <p>
        <bdi>{record.offence}</bdi> — <bdi>{record.sentence}</bdi>
      </p>
      <p className="muted">
        <When at={record.updatedAt} />
      </p>
      <form className="row" onSubmit={(e) => void correct(e)}>
        <select name="status" defaultValue={record.status} aria-label={i18n.t('records.newStatus')}>
          {recordStatuses.map((status) => (
            <option key={status} value={status}>
              {codeLabel(i18n, 'recstatus', status)}
            </option>
          ))}
        </select>
        <input name="reason" className="grow" required minLength={3} maxLength={500} placeholder={i18n.t('records.correctReason')} aria-label={i18n.t('records.correctReason')} aria-invalid={invalid} />
        <button type="submit">{i18n.t('records.correct')}</button>
      </form>
    </li>
  );
}
