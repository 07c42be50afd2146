import { useState, type FormEvent } from 'react';
import { get, post, query } from '../../api';
import { problemText } from '../../components/common';
import { DateInput } from '../../components/DateInput';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { PermitStatusBadge } from './PermitPanel';
import { codeLabel, refusedFields, sentence, Token, type Message } from './parts';
import { ACTIVITIES, residentBody, RESIDENT_FIELDS as FIELDS } from './residentForm';
import type { PermitApplication, Resident } from '@contract/permit.schema';

type Say = (message: Message) => void;

/**
 * The foreign resident in front of the clerk: found by their registration number (the read journaled with
 * its reason), or registered, the desk allocating the number (`E`, the desk's letters, 8 digits). The
 * server checks every field (ISO country codes, passport, dates) and names those it refuses. From the
 * record, the clerk opens an application or follows one of the resident's.
 */
export function ResidentPanel({ desk, onOpen, onSelect, say }: { desk: string; onOpen: (resident: string) => void; onSelect: (application: string) => void; say: Say }) {
  const i18n = useI18n();
  const [mode, setMode] = useState<'find' | 'register'>('find');
  const [resident, setResident] = useState<Resident | null>(null);
  const [error, setError] = useState<{ failure: unknown; fields: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const failed = (failure: unknown) => setError({ failure, fields: refusedFields(failure) });

  const find = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const number = String(data.get('number') ?? '').trim().toUpperCase();
    setBusy(true);
    try {
      setResident(await get<Resident>(`/identity/residents/${number}${query({ reason: String(data.get('reason') ?? '').trim() })}`));
      setError(null);
    } catch (failure) {
      setResident(null);
      failed(failure);
    } finally {
      setBusy(false);
    }
  };

  const register = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await post<Resident>('/identity/residents', residentBody(new FormData(event.currentTarget), desk));
      setResident(created);
      setError(null);
      setMode('find');
      say((words) => sentence(words, 'permit.registered', { number: created.number }));
    } catch (failure) {
      failed(failure);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (name: string) => error?.fields.includes(name) === true;
  return (
    <section className="id-panel" aria-labelledby="permit-resident-title" data-testid="permit-resident">
      <h2 id="permit-resident-title">
        {i18n.t('permit.resident')}
        {store.can('identity.enrol') && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setMode(mode === 'find' ? 'register' : 'find');
              setError(null);
            }}
            data-testid="permit-resident-mode"
          >
            {i18n.t(mode === 'find' ? 'permit.registerResident' : 'permit.findResident')}
          </button>
        )}
      </h2>
      {mode === 'find' ? (
        <form className="form id-inline" onSubmit={(e) => void find(e)} data-testid="permit-resident-find">
          <label>
            {i18n.t('permit.number')}
            <input name="number" dir="ltr" required pattern="[Ee][A-Za-z]{1,2}[0-9]{8}" autoComplete="off" data-testid="permit-resident-number" />
          </label>
          <label>
            {i18n.t('identity.readReason')}
            <input name="reason" dir="auto" required minLength={3} maxLength={200} defaultValue={i18n.t('identity.readReasonDefault')} key={i18n.language} />
          </label>
          <button type="submit" disabled={busy} data-testid="permit-resident-find-submit">
            {i18n.t('permit.findResident')}
          </button>
        </form>
      ) : (
        <form className="form" onSubmit={(e) => void register(e)} data-testid="permit-resident-register">
          <span className="muted">{i18n.t('permit.numberAllocated')}</span>
          {FIELDS.map((field) => (
            <label key={field.name}>
              {i18n.t(field.label)}
              {field.date === true ? (
                <DateInput name={field.name} required={field.required} invalid={invalid(field.name)} data-testid={`permit-resident-${field.name}`} />
              ) : (
                <input
                  name={field.name}
                  required={field.required}
                  type={field.name === 'phone' ? 'tel' : 'text'}
                  pattern={field.pattern}
                  dir={field.dir}
                  autoComplete="off"
                  aria-invalid={invalid(field.name)}
                  data-testid={`permit-resident-${field.name}`}
                />
              )}
            </label>
          ))}
          <fieldset className="row">
            <legend>{i18n.t('identity.sex')}</legend>
            <label>
              <input type="radio" name="sex" value="F" required data-testid="permit-resident-sex-f" /> {i18n.t('identity.female')}
            </label>
            <label>
              <input type="radio" name="sex" value="M" required data-testid="permit-resident-sex-m" /> {i18n.t('identity.male')}
            </label>
          </fieldset>
          <div className="row">
            <label>
              {i18n.t('permit.activity')}
              <select name="activity.kind" defaultValue="employer" data-testid="permit-resident-activity">
                {ACTIVITIES.map((kind) => (
                  <option key={kind} value={kind}>
                    {i18n.t(`permit.activity.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow">
              {i18n.t('permit.activityName')}
              <input name="activity.name" dir="auto" maxLength={200} aria-invalid={invalid('activity.name')} data-testid="permit-resident-activity-name" />
            </label>
          </div>
          <button type="submit" disabled={busy || desk === ''} data-testid="permit-resident-register-submit">
            {i18n.t('permit.registerResident')}
          </button>
        </form>
      )}
      {error !== null && (
        <p className="field-error" role="alert" data-testid="permit-resident-error">
          {problemText(error.failure)}
        </p>
      )}
      {resident !== null && mode === 'find' && <ResidentRecord resident={resident} onOpen={onOpen} onSelect={onSelect} />}
    </section>
  );
}

/** A resident's record: names in their scripts, birth, nationality, passport, entry, address, activity, phone; their applications. */
function ResidentRecord({ resident, onOpen, onSelect }: { resident: Resident; onOpen: (resident: string) => void; onSelect: (application: string) => void }) {
  const i18n = useI18n();
  const applications = useResource<PermitApplication[]>(`/identity/permit-applications${query({ resident: resident.number })}`, [`identity-permit/`]);
  const arabicName = [resident.givenNamesAr, resident.surnameAr].filter((n) => n !== null).join(' ');
  return (
    <div className="id-detail" data-testid="permit-resident-record" data-number={resident.number}>
      <h3>
        <span>
          <bdi dir="ltr">{`${resident.givenNames} ${resident.surname}`}</bdi>
          {arabicName !== '' && (
            <>
              {' · '}
              <bdi dir="rtl">{arabicName}</bdi>
            </>
          )}
        </span>
      </h3>
      <dl className="facts">
        <dt>{i18n.t('permit.number')}</dt>
        <dd>
          <Token testId="permit-resident-record-number">{resident.number}</Token>
        </dd>
        <dt>{i18n.t('identity.birthDate')}</dt>
        <dd>
          <Token testId="permit-resident-birth-date">{i18n.date(resident.birthDate)}</Token> · <bdi>{resident.birthPlace}</bdi> · {i18n.t(resident.sex === 'F' ? 'identity.female' : 'identity.male')}
        </dd>
        <dt>{i18n.t('permit.nationality')}</dt>
        <dd>
          <Token>{resident.nationality}</Token>
        </dd>
        <dt>{i18n.t('permit.passport')}</dt>
        <dd>
          <Token>{resident.passport.number}</Token> · <Token>{resident.passport.issuingState}</Token> · {i18n.t('identity.expiry')} <Token>{i18n.date(resident.passport.expiry)}</Token>
        </dd>
        <dt>{i18n.t('permit.entryDate')}</dt>
        <dd>
          <Token>{i18n.date(resident.entryDate)}</Token>
        </dd>
        <dt>{i18n.t('identity.address')}</dt>
        <dd>
          <bdi>{resident.address}</bdi>
        </dd>
        <dt>{i18n.t('permit.activity')}</dt>
        <dd>
          {codeLabel(i18n, 'permit.activity', resident.activity.kind)}
          {resident.activity.name !== undefined && (
            <>
              {' · '}
              <bdi>{resident.activity.name}</bdi>
            </>
          )}
        </dd>
        <dt>{i18n.t('permit.phone')}</dt>
        <dd>{resident.phone === null ? i18n.t('permit.noPhone') : <Token>{resident.phone}</Token>}</dd>
        <dt>{i18n.t('permit.residentApplications')}</dt>
        <dd data-testid="permit-resident-applications">
          {(applications.data ?? []).length === 0
            ? i18n.t('permit.noResidentApplication')
            : (applications.data ?? []).map((a) => (
                <button key={a.number} type="button" className="link" onClick={() => onSelect(a.number)} data-application={a.number}>
                  <Token>{a.number}</Token> <PermitStatusBadge status={a.status} />
                </button>
              ))}
        </dd>
      </dl>
      {store.can('identity.enrol') && (
        <div className="id-actions">
          <button type="button" onClick={() => onOpen(resident.number)} data-testid="permit-resident-open">
            {i18n.t('permit.newApplication')}
          </button>
        </div>
      )}
    </div>
  );
}
