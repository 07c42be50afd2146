import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { post, query } from '../../api';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { CertificateKindFields, CertificateStatusBadge, declaredResidence, RecordsCheckView, ResidenceView } from './certificateParts';
import { JudicialRecords } from './JudicialRecords';
import { codeLabel, refusedFields, sentence, Toast, Token, useToast, When, type Message } from './parts';
import type { CertificateKind } from '@contract';
import type { Certificate, CertificateSummary, Desk } from '@contract/shapes';
import './identity.css';
import './certificates.css';

const DESK_KEY = 'amane.identity.desk';
/** The officer sees no certificate stream on the live feed (it is the desks'): the queue is asked again every half minute. */
const POLL_MS = 30_000;

type Say = (message: Message) => void;
type Fail = (failure: unknown) => void;

/**
 * Administrative certificates, by permission: the desk (`identity.certificates`) requests one for the
 * person in front of the clerk and lists the desk's requests; the officer (`identity.certificates.approve`)
 * decides on the pending ones, each with its records check, and revokes an issued one with a reason; the
 * administration (`identity.records.manage`) keeps the judicial records they are checked against.
 */
export function CertificateScreen() {
  const { toast, say, fail } = useToast();
  return (
    <div className="id-page cert-page" data-testid="certificates">
      {store.can('identity.certificates') && <CertificateDesk say={say} fail={fail} />}
      {store.can('identity.certificates.approve') && <ApprovalQueue say={say} fail={fail} />}
      {store.can('identity.records.manage') && <JudicialRecords say={say} fail={fail} />}
      <Toast toast={toast} />
    </div>
  );
}

// --- The desk ------------------------------------------------------------------------------------

function CertificateDesk({ say, fail }: { say: Say; fail: Fail }) {
  const i18n = useI18n();
  const desks = useResource<Desk[]>('/identity/desks');
  const active = useMemo(() => (desks.data ?? []).filter((d) => d.active), [desks.data]);
  const [desk, setDesk] = useState(() => localStorage.getItem(DESK_KEY) ?? '');
  const [kind, setKind] = useState<CertificateKind>('police-record');
  const [declared, setDeclared] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const list = useResource<CertificateSummary[]>(desk === '' ? null : `/identity/certificates${query({ desk, limit: 50 })}`, ['identity-certificate/']);
  const rows = list.data ?? [];

  useEffect(() => {
    if (active.length > 0 && !active.some((d) => d.code === desk)) setDesk(active[0]!.code);
  }, [active, desk]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const nin = String(form.get('nin') ?? '').trim().toUpperCase();
    const residence = kind === 'residence' ? declaredResidence(form) : undefined;
    setBusy(true);
    try {
      const created = await post<Certificate>('/identity/certificates', { nin, kind, desk, ...(residence === undefined ? {} : { residence }) });
      setInvalid([]);
      setDeclared(false);
      (event.target as HTMLFormElement).reset();
      setSelected(created.number);
      list.reload();
      say((w) => sentence(w, 'cert.desk.sent', { number: created.number }));
    } catch (failure) {
      setInvalid(refusedFields(failure));
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cert-panels" data-testid="cert-desk">
      <section className="id-panel" aria-labelledby="cert-desk-title">
        <h2 id="cert-desk-title">{i18n.t('cert.desk.title')}</h2>
        {desks.data !== undefined && active.length === 0 && <p className="empty">{i18n.t('cert.desk.noDesk')}</p>}
        <form className="form" onSubmit={(e) => void submit(e)} data-testid="cert-desk-form">
          <strong>{i18n.t('cert.desk.request')}</strong>
          <label>
            {i18n.t('identity.desk')}
            <select
              value={desk}
              onChange={(e) => {
                localStorage.setItem(DESK_KEY, e.target.value);
                setDesk(e.target.value);
              }}
              aria-invalid={invalid.includes('desk')}
              data-testid="cert-desk-desk"
            >
              {active.map((d) => (
                // A desk's name is data, as the administrator typed it.
                <option key={d.code} value={d.code} data-token="desk">
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {i18n.t('identity.nin')}
            <input name="nin" dir="ltr" required pattern="[A-Za-z]{1,2}[0-9]{3,7}" maxLength={9} autoComplete="off" aria-invalid={invalid.includes('nin')} data-testid="cert-desk-nin" />
          </label>
          <CertificateKindFields prefix="cert-desk" kind={kind} onKind={setKind} declared={declared} onDeclared={setDeclared} invalid={invalid} />
          <button type="submit" disabled={busy || desk === ''} data-testid="cert-desk-submit">
            {i18n.t('cert.submit')}
          </button>
        </form>

        {selected !== null && <DeskDetail key={selected} number={selected} />}
      </section>
      <section className="id-panel" aria-labelledby="cert-desk-list-title">
        <h2 id="cert-desk-list-title">{i18n.t('cert.desk.list')}</h2>
        {list.error !== null && <p className="field-error">{list.error}</p>}
        {list.data !== undefined && rows.length === 0 ? (
          <p className="empty">{i18n.t('cert.desk.none')}</p>
        ) : (
          <table className="list" data-testid="cert-desk-list">
            <thead>
              <tr>
                <th>{i18n.t('cert.number')}</th>
                <th>{i18n.t('identity.nin')}</th>
                <th>{i18n.t('cert.kind')}</th>
                <th>{i18n.t('identity.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.number}
                  tabIndex={0}
                  className={row.number === selected ? 'selected' : ''}
                  onClick={() => setSelected(row.number)}
                  onKeyDown={(e) => e.key === 'Enter' && setSelected(row.number)}
                  data-testid="cert-desk-row"
                  data-number={row.number}
                  data-status={row.status}
                >
                  <td>
                    <Token>{row.number}</Token>
                  </td>
                  <td>
                    <Token>{row.nin}</Token>
                  </td>
                  <td>{codeLabel(i18n, 'certkind', row.kind)}</td>
                  <td>
                    <CertificateStatusBadge status={row.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** A request of the desk, read whole (the holder, the records check, the decision), printed once issued. */
function DeskDetail({ number }: { number: string }) {
  const i18n = useI18n();
  const detail = useResource<Certificate>(`/identity/certificates/${number}`, [`identity-certificate/${number}`]);
  if (detail.error !== null) return <p className="field-error">{detail.error}</p>;
  if (detail.data === undefined) return null;
  const certificate = detail.data;
  return (
    <div className="cert-card" data-testid="cert-desk-detail" data-number={number} data-status={certificate.status}>
      <CertificateFacts certificate={certificate} />
      {certificate.status === 'issued' && (
        <a className="button" href={`/identity/certificates/${number}/pdf`} target="_blank" rel="noreferrer" data-testid="cert-desk-pdf">
          {i18n.t('cert.print')}
        </a>
      )}
    </div>
  );
}

/** What staff read of a request: who, what, where, the records check, the decision and the document. */
function CertificateFacts({ certificate }: { certificate: Certificate }) {
  const i18n = useI18n();
  const holder = certificate.holder;
  return (
    <>
      <p className="row">
        <strong>{codeLabel(i18n, 'certkind', certificate.kind)}</strong> <Token>{certificate.number}</Token> <CertificateStatusBadge status={certificate.status} />
      </p>
      <dl className="facts">
        <dt>{i18n.t('identity.holder')}</dt>
        <dd>{holder === null ? '—' : <bdi>{i18n.language === 'ar' ? `${holder.givenNamesAr} ${holder.surnameAr}` : `${holder.givenNames} ${holder.surname}`}</bdi>}</dd>
        <dt>{i18n.t('identity.nin')}</dt>
        <dd>
          <Token>{certificate.nin}</Token>
        </dd>
        {holder !== null && (
          <>
            <dt>{i18n.t('identity.birthDate')}</dt>
            <dd>
              <Token>{i18n.date(holder.birthDate)}</Token> · <bdi>{holder.birthPlace}</bdi>
            </dd>
          </>
        )}
        <dt>{i18n.t('cert.channel')}</dt>
        <dd>
          {codeLabel(i18n, 'certchannel', certificate.channel)}
          {certificate.desk !== null && (
            <>
              {' '}
              · <Token>{certificate.desk}</Token>
            </>
          )}{' '}
          · <When at={certificate.createdAt} />
        </dd>
        {certificate.residence !== null && (
          <>
            <dt>{i18n.t('cert.residence')}</dt>
            <dd>
              <ResidenceView residence={certificate.residence} />
            </dd>
          </>
        )}
        {certificate.documentNumber !== null && (
          <>
            <dt>{i18n.t('identity.documentNumber')}</dt>
            <dd>
              <Token>{certificate.documentNumber}</Token>
              {certificate.expiresOn !== null && (
                <>
                  {' '}
                  · {i18n.t('cert.validUntil')} <Token>{i18n.date(certificate.expiresOn)}</Token>
                </>
              )}
            </dd>
          </>
        )}
        {(certificate.decisionReason ?? certificate.revocationReason) !== null && (
          <>
            <dt>{i18n.t('cert.reason')}</dt>
            <dd>
              <bdi>{certificate.revocationReason ?? certificate.decisionReason}</bdi>
            </dd>
          </>
        )}
      </dl>
      {certificate.recordsCheck !== null && <RecordsCheckView check={certificate.recordsCheck} />}
    </>
  );
}

// --- The officer's queue -------------------------------------------------------------------------

function ApprovalQueue({ say, fail }: { say: Say; fail: Fail }) {
  const i18n = useI18n();
  const queue = useResource<Certificate[]>('/identity/certificate-queue', ['identity-certificate/'], POLL_MS);
  // What this officer decided or revoked since the screen opened: an issued one can be revoked from here.
  const [decided, setDecided] = useState<Certificate[]>([]);
  const rows = queue.data ?? [];
  const remember = (certificate: Certificate) => setDecided((current) => [certificate, ...current.filter((c) => c.number !== certificate.number)]);

  return (
    <>
      <section className="id-panel" aria-labelledby="cert-queue-title" data-testid="cert-queue">
        <h2 id="cert-queue-title">
          {i18n.t('cert.queue.title')} <span className="count">({i18n.number(rows.length)})</span>
          <button type="button" className="link" onClick={queue.reload} data-testid="cert-queue-refresh">
            {i18n.t('cert.refresh')}
          </button>
        </h2>
        {queue.error !== null && <p className="field-error">{queue.error}</p>}
        {queue.data !== undefined && rows.length === 0 && <p className="empty">{i18n.t('cert.queue.empty')}</p>}
        {rows.map((certificate) => (
          <QueueItem
            key={certificate.number}
            certificate={certificate}
            onDecided={(after) => {
              queue.setData((current) => (current ?? []).filter((c) => c.number !== after.number));
              remember(after);
              say((w) => (after.status === 'issued' ? sentence(w, 'cert.approved', { number: after.number, document: after.documentNumber ?? '' }) : sentence(w, 'cert.rejected', { number: after.number })));
            }}
            fail={fail}
          />
        ))}
      </section>
      <section className="id-panel" aria-labelledby="cert-revoke-title" data-testid="cert-revocation">
        <h2 id="cert-revoke-title">{i18n.t('cert.revoke.title')}</h2>
        <RevokeByNumber
          onRevoked={(after) => {
            remember(after);
            say((w) => sentence(w, 'cert.revoked', { number: after.number }));
          }}
          fail={fail}
        />
        {decided.length > 0 && <h3>{i18n.t('cert.decided.title')}</h3>}
        {decided.map((certificate) => (
          <div key={certificate.number} className="cert-card" data-testid="cert-decided" data-number={certificate.number} data-status={certificate.status}>
            <CertificateFacts certificate={certificate} />
            {certificate.allowedActions.includes('revoke') && (
              <RevokeForm
                number={certificate.number}
                onRevoked={(after) => {
                  remember(after);
                  say((w) => sentence(w, 'cert.revoked', { number: after.number }));
                }}
                fail={fail}
              />
            )}
          </div>
        ))}
      </section>
    </>
  );
}

/** A pending request, its records check, and the decision: approve, or reject with a reason. */
function QueueItem({ certificate, onDecided, fail }: { certificate: Certificate; onDecided: (after: Certificate) => void; fail: Fail }) {
  const i18n = useI18n();
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && reason.trim() === '') {
      setMissingReason(true);
      return;
    }
    setBusy(true);
    try {
      onDecided(await post<Certificate>(`/identity/certificates/${certificate.number}/decision`, { decision, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }));
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="cert-card" data-testid="cert-queue-item" data-number={certificate.number}>
      <CertificateFacts certificate={certificate} />
      <label className="form">
        {i18n.t('cert.rejectReason')}
        <input
          value={reason}
          maxLength={500}
          onChange={(e) => {
            setReason(e.target.value);
            setMissingReason(false);
          }}
          aria-invalid={missingReason}
          data-testid="cert-reason"
        />
      </label>
      {missingReason && <p className="field-error">{i18n.t('cert.reasonNeeded')}</p>}
      <div className="id-actions">
        <button type="button" disabled={busy} onClick={() => void decide('approve')} data-testid="cert-approve">
          {i18n.t('cert.approve')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')} data-testid="cert-reject">
          {i18n.t('cert.reject')}
        </button>
      </div>
    </div>
  );
}

/** The reason of a revocation and its button. */
function RevokeForm({ number, onRevoked, fail }: { number: string; onRevoked: (after: Certificate) => void; fail: Fail }) {
  const i18n = useI18n();
  const [invalid, setInvalid] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (reason.length < 3) {
      setInvalid(true);
      return;
    }
    try {
      onRevoked(await post<Certificate>(`/identity/certificates/${number}/revocation`, { reason }));
    } catch (failure) {
      setInvalid(refusedFields(failure).includes('reason'));
      fail(failure);
    }
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)}>
      <input name="reason" className="grow" maxLength={500} aria-label={i18n.t('cert.revokeReason')} placeholder={i18n.t('cert.revokeReason')} aria-invalid={invalid} onChange={() => setInvalid(false)} data-testid="cert-revoke-reason" />
      <button type="submit" className="danger" data-testid="cert-revoke">
        {i18n.t('cert.revoke')}
      </button>
      {invalid && <p className="field-error">{i18n.t('cert.revokeNeeded')}</p>}
    </form>
  );
}

/** Revocation of an issued certificate by its request number (the officer reads no list of issued ones). */
function RevokeByNumber({ onRevoked, fail }: { onRevoked: (after: Certificate) => void; fail: Fail }) {
  const i18n = useI18n();
  const [number, setNumber] = useState('');
  const valid = /^CERT-[0-9]{4}-[0-9]{7,}$/.test(number);
  return (
    <div className="form">
      <label>
        {i18n.t('cert.revoke.number')}
        <input value={number} dir="ltr" placeholder="CERT-2026-0000001" autoComplete="off" onChange={(e) => setNumber(e.target.value.trim().toUpperCase())} data-testid="cert-revoke-number" />
      </label>
      {valid && <RevokeForm key={number} number={number} onRevoked={onRevoked} fail={fail} />}
    </div>
  );
}
