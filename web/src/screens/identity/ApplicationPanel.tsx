import { useState, type FormEvent } from 'react';
import { post, query } from '../../api';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { demoEnrolment } from './biometrics';
import { ApplicationStatusBadge, CountWords, StatusHistory, Token, codeLabel, sentence, type Message } from './parts';
import { applicationKinds } from '@contract';
import type { ApplicationKind } from '@contract';
import type { Application, ApplicationSummary, IdentityRules } from '@contract/shapes';
import { useResource } from '../../useResource';

type Say = (message: Message) => void;

const decidedStatus = { approve: 'approved', reject: 'rejected', refer: 'referred' } as const;

/** Opening an application at the desk: the person, the kind, the fee paid and its receipt. */
export function OpenApplication({ desk, nin, appointment, onOpened, say, fail }: { desk: string; nin: string; appointment: string | null; onOpened: (number: string) => void; say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const rules = useResource<IdentityRules>('/identity/rules');
  const [kind, setKind] = useState<ApplicationKind>('first_card');
  const [busy, setBusy] = useState(false);
  const adultFee = rules.data?.fees.at(-1)?.mad;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const body = {
      nin: text('nin').toUpperCase(),
      kind,
      desk,
      ...(appointment === null ? {} : { appointment }),
      payment: { amountMad: Number(text('fee')), reference: text('reference') },
      ...(kind === 'replacement' ? { declaration: { kind: text('declarationKind'), reference: text('declarationReference') } } : {}),
      ...(kind === 'change_of_data' ? { changes: { address: text('address') } } : {}),
    };
    setBusy(true);
    try {
      const opened = await post<Application>('/identity/applications', body);
      say((words) => sentence(words, 'identity.opened', { number: opened.number }));
      onOpened(opened.number);
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form id-open" onSubmit={(e) => void submit(e)} key={`${nin}/${appointment ?? ''}`} data-testid="id-open-form">
      <strong>{i18n.t('identity.newApplication')}</strong>
      {appointment !== null && <span className="muted">{i18n.t('identity.withAppointment')}</span>}
      <label>
        {i18n.t('identity.nin')}
        <input name="nin" dir="ltr" required defaultValue={nin} pattern="[A-Za-z]{1,2}[0-9]{3,7}" autoComplete="off" data-testid="id-open-nin" />
      </label>
      <label>
        {i18n.t('identity.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as ApplicationKind)} data-testid="id-open-kind">
          {applicationKinds.map((k) => (
            <option key={k} value={k}>
              {codeLabel(i18n, 'idkind', k)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'replacement' && (
        <fieldset className="row">
          <legend>{i18n.t('identity.declaration')}</legend>
          <select name="declarationKind" aria-label={i18n.t('identity.declaration')}>
            <option value="lost">{i18n.t('identity.lost')}</option>
            <option value="stolen">{i18n.t('identity.stolen')}</option>
          </select>
          <input name="declarationReference" dir="auto" required className="grow" placeholder={i18n.t('identity.declarationReference')} aria-label={i18n.t('identity.declarationReference')} />
        </fieldset>
      )}
      {kind === 'change_of_data' && (
        <label>
          {i18n.t('identity.newAddress')}
          <input name="address" dir="auto" required maxLength={300} />
        </label>
      )}
      <div className="row">
        <label className="grow">
          {i18n.t('identity.feePaid')}
          <input name="fee" type="number" min={0} required defaultValue={adultFee} key={adultFee} data-testid="id-open-fee" />
        </label>
        <label className="grow">
          {i18n.t('identity.receipt')}
          <input name="reference" dir="ltr" required minLength={3} maxLength={40} placeholder="PAY-2026-0001" data-testid="id-open-reference" />
        </label>
      </div>
      {rules.data !== undefined && (
        <span className="muted">
          {i18n.t('identity.feeRule', {
            fees: rules.data.fees
              .map((band) => (band.underAge === null ? i18n.count('identity.amount', band.mad) : i18n.t('identity.feeUnder', { fee: i18n.count('identity.amount', band.mad), age: i18n.count('identity.years', band.underAge) })))
              .join(' · '),
          })}
        </span>
      )}
      <button type="submit" disabled={busy || desk === ''} data-testid="id-open-submit">
        {i18n.t('identity.openApplication')}
      </button>
    </form>
  );
}

/** The applications of a desk, most recent status change first: one click opens the detail. */
export function DeskApplications({ desk, selected, onSelect }: { desk: string; selected: string | null; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  const list = useResource<ApplicationSummary[]>(desk === '' ? null : `/identity/applications${query({ desk, limit: 50 })}`, ['identity-application/']);
  const rows = [...(list.data ?? [])].sort((a, b) => b.statusAt.localeCompare(a.statusAt));
  return (
    <div data-testid="id-desk-applications">
      <strong>{i18n.t('identity.deskApplications')}</strong>
      {list.error !== null && <p className="field-error">{list.error}</p>}
      {rows.length === 0 ? (
        <p className="empty">{i18n.t('identity.noApplication')}</p>
      ) : (
        <ApplicationTable rows={rows} selected={selected} onSelect={onSelect} />
      )}
    </div>
  );
}

export function ApplicationTable({ rows, selected, onSelect }: { rows: readonly ApplicationSummary[]; selected: string | null; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  return (
    <table className="list">
      <tbody>
        {rows.map((a) => (
          <tr
            key={a.number}
            tabIndex={0}
            className={a.number === selected ? 'selected' : ''}
            onClick={() => onSelect(a.number)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(a.number)}
            data-application={a.number}
            data-nin={a.nin}
            data-status={a.status}
          >
            <td className="num">
              <bdi>{a.number}</bdi>
            </td>
            <td className="num">
              <bdi>{a.nin}</bdi>
            </td>
            <td>{codeLabel(i18n, 'idkind', a.kind)}</td>
            <td>
              <ApplicationStatusBadge status={a.status} />
              {a.flags.length > 0 && <span className="stale"> ⚑ {i18n.number(a.flags.length)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One application: its facts, its status history, and what the clerk may do next (enrol, run the checks, decide). */
export function ApplicationDetail({ number, say, fail }: { number: string; say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const detail = useResource<Application>(`/identity/applications/${encodeURIComponent(number)}`, [`identity-application/${number}`]);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [photo, setPhoto] = useState<File | undefined>(undefined);
  const a = detail.data;
  const canReview = store.can('identity.review');

  const act = async (work: () => Promise<unknown>, done: Message) => {
    setBusy(true);
    try {
      await work();
      say(done);
      setReason('');
      detail.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  if (detail.error !== null) return <p className="field-error">{detail.error}</p>;
  if (a === undefined) return <p className="empty">…</p>;

  const enrol = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const photoQuality = Number(data.get('photoQuality'));
    const fingerQuality = Number(data.get('fingerQuality'));
    void act(
      async () => post(`/identity/applications/${a.number}/enrolment`, await demoEnrolment(a.nin, { photoQuality, fingerQuality, ...(photo === undefined ? {} : { photo }) })),
      (words) => sentence(words, 'identity.enrolled', { number: a.number }),
    );
  };
  const decide = (decision: 'approve' | 'reject' | 'refer') =>
    void act(
      () => post(`/identity/applications/${a.number}/decision`, { decision, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }),
      (words) => sentence(words, 'identity.decided', { number: a.number }, { decision: codeLabel(words, 'idstatus', decidedStatus[decision]) }),
    );
  const allowed = (action: string) => a.allowedActions.includes(action);

  return (
    <div className="id-detail" data-testid="id-detail" data-application={a.number} data-status={a.status}>
      <h3>
        <Token testId="id-detail-number">{a.number}</Token> <ApplicationStatusBadge status={a.status} />
      </h3>
      <dl className="facts">
        <dt>{i18n.t('identity.nin')}</dt>
        <dd>
          <Token>{a.nin}</Token>
        </dd>
        <dt>{i18n.t('identity.kind')}</dt>
        <dd>{codeLabel(i18n, 'idkind', a.kind)}</dd>
        <dt>{i18n.t('identity.fee')}</dt>
        <dd>
          <CountWords name="identity.amount" n={a.feeMad} testId="id-fee-amount" /> · <Token>{a.paymentReference}</Token>
        </dd>
        <dt>{i18n.t('identity.validity')}</dt>
        <dd>{i18n.count('identity.years', a.validityYears)}</dd>
        {a.declaration !== null && (
          <>
            <dt>{i18n.t('identity.declaration')}</dt>
            <dd>
              {codeLabel(i18n, 'identity', a.declaration.kind)} · <bdi>{a.declaration.reference}</bdi>
            </dd>
          </>
        )}
        {a.centre !== null && (
          <>
            <dt>{i18n.t('identity.centre')}</dt>
            <dd>
              <Token>{a.centre}</Token>
              {a.batch !== null && (
                <>
                  {' · '}
                  <Token>{a.batch}</Token>
                </>
              )}
            </dd>
          </>
        )}
        {a.documentNumber !== null && (
          <>
            <dt>{i18n.t('identity.documentNumber')}</dt>
            <dd>
              <Token testId="id-document-number">{a.documentNumber}</Token>
            </dd>
          </>
        )}
        {a.decisionReason !== null && (
          <>
            <dt>{i18n.t('identity.reason')}</dt>
            <dd>
              <bdi>{a.decisionReason}</bdi>
            </dd>
          </>
        )}
      </dl>
      {a.flags.length > 0 && (
        <ul className="id-flags" data-testid="id-flags">
          {a.flags.map((flag, index) => (
            <li key={index}>
              ⚑ {codeLabel(i18n, 'idcheck', flag.check)}: <Token>{flag.nin}</Token>
              {flag.application !== null && (
                <>
                  {' ('}
                  <Token>{flag.application}</Token>)
                </>
              )}
              {/* The matcher's detail is in English: the other languages have it on hover. */}
              {i18n.language === 'en' ? ` — ${flag.detail}` : <span title={flag.detail}> ⓘ</span>}
            </li>
          ))}
        </ul>
      )}

      {allowed('enrol') && (
        <form className="form id-enrol" onSubmit={enrol} data-testid="id-enrol-form">
          <strong>{i18n.t('identity.enrolment')}</strong>
          {/* The browser's own file button speaks the browser's language: the console's words replace it. */}
          <div className="id-file">
            <span>{i18n.t('identity.photo')}</span>
            <label className="id-file-button">
              {i18n.t('identity.choosePhoto')}
              <input type="file" accept="image/jpeg,image/jp2" className="sr-only" onChange={(e) => setPhoto(e.target.files?.[0] ?? undefined)} data-testid="id-photo" />
            </label>
            {photo !== undefined && <bdi className="muted">{photo.name}</bdi>}
          </div>
          <span className="muted">{i18n.t('identity.placeholderHint')}</span>
          <div className="row">
            <label className="grow">
              {i18n.t('identity.photoQuality')}
              <input name="photoQuality" type="number" min={0} max={100} defaultValue={82} required />
            </label>
            <label className="grow">
              {i18n.t('identity.fingerQuality')}
              <input name="fingerQuality" type="number" min={0} max={100} defaultValue={76} required />
            </label>
          </div>
          <button type="submit" disabled={busy} data-testid="id-enrol">
            {i18n.t('identity.enrol')}
          </button>
        </form>
      )}
      {allowed('check') && canReview && (
        <button type="button" disabled={busy} onClick={() => void act(() => post(`/identity/applications/${a.number}/checks`), (w) => w.t('identity.checksRun', { number: a.number }))} data-testid="id-checks">
          {i18n.t('identity.runChecks')}
        </button>
      )}
      {canReview && (allowed('approve') || allowed('reject') || allowed('refer')) && <Decision reason={reason} onReason={setReason} busy={busy} allowed={allowed} onDecide={decide} />}

      <strong>{i18n.t('identity.history')}</strong>
      <StatusHistory steps={a.history} />
    </div>
  );
}

function Decision({ reason, onReason, busy, allowed, onDecide }: { reason: string; onReason: (text: string) => void; busy: boolean; allowed: (action: string) => boolean; onDecide: (decision: 'approve' | 'reject' | 'refer') => void }) {
  const i18n = useI18n();
  const noReason = reason.trim() === '';
  return (
    <div className="form id-decision" data-testid="id-decision">
      <strong>{i18n.t('identity.decision')}</strong>
      <label>
        {i18n.t('identity.reasonNeeded')}
        <input value={reason} dir="auto" onChange={(e) => onReason(e.target.value)} maxLength={500} data-testid="id-reason" />
      </label>
      <div className="row">
        {allowed('approve') && (
          <button type="button" disabled={busy} onClick={() => onDecide('approve')} data-testid="id-approve">
            {i18n.t('iddecision.approve')}
          </button>
        )}
        {allowed('refer') && (
          <button type="button" className="secondary" disabled={busy || noReason} onClick={() => onDecide('refer')} data-testid="id-refer">
            {i18n.t('iddecision.refer')}
          </button>
        )}
        {allowed('reject') && (
          <button type="button" className="danger" disabled={busy || noReason} onClick={() => onDecide('reject')} data-testid="id-reject">
            {i18n.t('iddecision.reject')}
          </button>
        )}
      </div>
    </div>
  );
}
