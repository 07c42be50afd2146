import { useEffect, useState, type FormEvent } from 'react';
import { get, post, query } from '../../api';
import { problemText } from '../../components/common';
import { DateInput } from '../../components/DateInput';
import { useI18n, type I18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { fileToBase64, placeholderPortrait } from './biometrics';
import { codeLabel, CountWords, refusedFields, sentence, Token, When, type Message } from './parts';
import { permitKinds, type ChecklistDocument, type PermitKind, type PermitStatus } from '@contract/permit';
import type { Checklist, PermitApplication, ReceiptDocument } from '@contract/permit.schema';

type Say = (message: Message) => void;

/** The live streams of residence-permit applications: a change anywhere reloads the lists. */
export const PERMIT_TOPICS = ['identity-permit/'] as const;

export function PermitStatusBadge({ status }: { status: PermitStatus }) {
  const i18n = useI18n();
  return (
    <span className={`badge id-status ${status}`} data-status={status}>
      {codeLabel(i18n, 'permit.status', status)}
    </span>
  );
}

/** A document of the checklist in the console's language: the Arabic label in Arabic when there is one, else the French one (isolated). */
function DocumentLabel({ document }: { document: ChecklistDocument }) {
  const i18n = useI18n();
  if (i18n.language === 'ar' && document.labelAr !== null) return <span>{document.labelAr}</span>;
  return (
    <bdi lang="fr" dir="ltr">
      {document.label}
    </bdi>
  );
}

/** The checklist of a kind, ticked where `presented`; ticks of `locked` documents cannot be undone. */
function ChecklistTicks({ documents, presented, locked, onToggle, disabled }: { documents: readonly ChecklistDocument[]; presented: ReadonlySet<string>; locked: ReadonlySet<string>; onToggle: (code: string) => void; disabled: boolean }) {
  const i18n = useI18n();
  return (
    <ul className="permit-checklist" data-testid="permit-checklist">
      {documents.map((document) => (
        <li key={document.code} data-document={document.code} data-presented={presented.has(document.code)}>
          <label>
            <input type="checkbox" checked={presented.has(document.code)} disabled={disabled || locked.has(document.code)} onChange={() => onToggle(document.code)} data-testid={`permit-doc-${document.code}`} />{' '}
            <DocumentLabel document={document} /> <span className="muted">({i18n.t(document.required ? 'permit.required' : 'permit.optional')})</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * Filing an application at the desk: the resident's registration number, the kind (first registration
 * card, its renewal, the residence card), the documents presented ticked on the kind's checklist, and the
 * portrait for the card (a chosen JPEG, else the console's placeholder). The receipt is issued at once.
 */
export function OpenPermitApplication({ desk, resident, onOpened, say, fail }: { desk: string; resident: string; onOpened: (number: string) => void; say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const [kind, setKind] = useState<PermitKind>('first_registration');
  const checklist = useResource<Checklist>(`/identity/permits/checklists/${kind}`);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [photo, setPhoto] = useState<File | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const documents = checklist.data?.kind === kind ? checklist.data.documents : [];
  const missing = documents.filter((d) => d.required && !ticked.has(d.code)).length;

  const toggle = (code: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (!next.delete(code)) next.add(code);
      return next;
    });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const number = String(new FormData(event.currentTarget).get('resident') ?? '').trim().toUpperCase();
    setBusy(true);
    try {
      const data = photo === undefined ? placeholderPortrait(number) : await fileToBase64(photo);
      const filed = await post<PermitApplication>('/identity/permit-applications', { resident: number, kind, desk, documents: documents.filter((d) => ticked.has(d.code)).map((d) => d.code), photo: { data } });
      say((words) => sentence(words, 'permit.filed', { number: filed.number, receipt: filed.receipt.number }));
      onOpened(filed.number);
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form id-open" onSubmit={(e) => void submit(e)} data-testid="permit-open-form">
      <strong>{i18n.t('permit.newApplication')}</strong>
      <label>
        {i18n.t('permit.number')}
        <input name="resident" dir="ltr" required defaultValue={resident} key={resident} pattern="[Ee][A-Za-z]{1,2}[0-9]{8}" autoComplete="off" data-testid="permit-open-resident" />
      </label>
      <label>
        {i18n.t('permit.kind')}
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as PermitKind);
            setTicked(new Set());
          }}
          data-testid="permit-open-kind"
        >
          {permitKinds.map((k) => (
            <option key={k} value={k}>
              {codeLabel(i18n, 'permit.kind', k)}
            </option>
          ))}
        </select>
      </label>
      <strong>{i18n.t('permit.checklist')}</strong>
      <ChecklistTicks documents={documents} presented={ticked} locked={new Set()} onToggle={toggle} disabled={busy} />
      {documents.length > 0 && <MissingCount missing={missing} />}
      <div className="id-file">
        <span>{i18n.t('identity.photo')}</span>
        <label className="id-file-button">
          {i18n.t('identity.choosePhoto')}
          <input type="file" accept="image/jpeg" className="sr-only" onChange={(e) => setPhoto(e.target.files?.[0] ?? undefined)} data-testid="permit-photo" />
        </label>
        {photo !== undefined && <bdi className="muted">{photo.name}</bdi>}
      </div>
      <span className="muted">{i18n.t('identity.placeholderHint')}</span>
      <button type="submit" disabled={busy || desk === ''} data-testid="permit-open-submit">
        {i18n.t('permit.file')}
      </button>
    </form>
  );
}

function MissingCount({ missing }: { missing: number }) {
  const i18n = useI18n();
  return (
    <span className={missing === 0 ? 'muted' : 'stale'} data-testid="permit-missing" data-missing={missing}>
      {missing === 0 ? i18n.t('permit.complete') : <CountWords name="permit.missing" n={missing} />}
    </span>
  );
}

/** The applications of a desk, latest status change first: one click opens the detail. */
export function DeskPermits({ desk, selected, onSelect }: { desk: string; selected: string | null; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  const list = useResource<PermitApplication[]>(desk === '' ? null : `/identity/permit-applications${query({ desk, limit: 50 })}`, PERMIT_TOPICS);
  const rows = list.data ?? [];
  return (
    <div data-testid="permit-desk-applications">
      <strong>{i18n.t('permit.deskApplications')}</strong>
      {list.error !== null && <p className="field-error">{list.error}</p>}
      {rows.length === 0 ? (
        <p className="empty">{i18n.t('permit.noApplication')}</p>
      ) : (
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
                data-status={a.status}
              >
                <td className="num">
                  <bdi>{a.number}</bdi>
                </td>
                <td className="num">
                  <bdi>{a.resident}</bdi>
                </td>
                <td>{codeLabel(i18n, 'permit.kind', a.kind)}</td>
                <td>
                  <PermitStatusBadge status={a.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The words of a hand-over field the server found not matching. */
function handOverField(i18n: I18n, field: string): string {
  if (field === 'resident') return i18n.t('permit.number');
  if (field === 'birthDate') return i18n.t('identity.birthDate');
  return field;
}

/**
 * One application: its facts, its checklist (more documents recorded while it is filed), its receipt
 * (renewed while the file is open, shown to print), the decision with its reason, the card's number once
 * produced and, at the desk, the hand-over against a check of the holder.
 */
export function PermitDetail({ number, say, fail }: { number: string; say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const detail = useResource<PermitApplication>(`/identity/permit-applications/${encodeURIComponent(number)}`, [`identity-permit/${number}`]);
  const a = detail.data;
  const checklist = useResource<Checklist>(a === undefined ? null : `/identity/permits/checklists/${a.kind}`, ['identity-permit-checklist/']);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [refusal, setRefusal] = useState<{ failure: unknown; fields: string[] } | null>(null);

  useEffect(() => setTicked(new Set(a?.documents ?? [])), [a?.documents]);

  const act = async (work: () => Promise<PermitApplication>, done: (result: PermitApplication) => Message) => {
    setBusy(true);
    try {
      const result = await work();
      detail.setData(result);
      say(done(result));
      setReason('');
      return true;
    } catch (failure) {
      fail(failure);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (detail.error !== null) return <p className="field-error">{detail.error}</p>;
  if (a === undefined) return <p className="empty">…</p>;

  const filed = a.status === 'filed';
  const documents = checklist.data?.kind === a.kind ? checklist.data.documents : [];
  const added = [...ticked].filter((code) => !a.documents.includes(code));
  const canReview = store.can('identity.review');
  const allowed = (action: string) => a.allowedActions.includes(action);
  const decide = (decision: 'approve' | 'reject') =>
    void act(
      () => post<PermitApplication>(`/identity/permit-applications/${a.number}/decision`, { decision, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }),
      (result) => (words) => sentence(words, 'permit.decided', { number: a.number }, { decision: codeLabel(words, 'permit.status', result.status) }),
    );

  const handOver = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body = { resident: String(data.get('resident') ?? '').trim().toUpperCase(), birthDate: String(data.get('birthDate') ?? '') };
    setBusy(true);
    try {
      const delivered = await post<PermitApplication>(`/identity/permit-applications/${a.number}/handover`, body);
      detail.setData(delivered);
      setRefusal(null);
      say((words) => sentence(words, 'permit.handedOver', { document: delivered.documentNumber ?? a.number }));
    } catch (failure) {
      setRefusal({ failure, fields: refusedFields(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="id-detail" data-testid="permit-detail" data-application={a.number} data-status={a.status}>
      <h3>
        <Token testId="permit-detail-number">{a.number}</Token> <PermitStatusBadge status={a.status} />
      </h3>
      <dl className="facts">
        <dt>{i18n.t('permit.number')}</dt>
        <dd>
          <Token testId="permit-detail-resident">{a.resident}</Token>
        </dd>
        <dt>{i18n.t('permit.kind')}</dt>
        <dd>{codeLabel(i18n, 'permit.kind', a.kind)}</dd>
        <dt>{i18n.t('permit.validity')}</dt>
        <dd data-testid="permit-validity">{i18n.count('identity.years', a.validityYears)}</dd>
        {a.decisionReason !== null && (
          <>
            <dt>{i18n.t('identity.reason')}</dt>
            <dd>
              <bdi>{a.decisionReason}</bdi>
            </dd>
          </>
        )}
        {a.documentNumber !== null && (
          <>
            <dt>{i18n.t('identity.documentNumber')}</dt>
            <dd>
              <Token testId="permit-document-number">{a.documentNumber}</Token>
              {a.centre !== null && (
                <>
                  {' · '}
                  <Token>{a.centre}</Token>
                </>
              )}
            </dd>
          </>
        )}
      </dl>

      <strong>{i18n.t('permit.checklist')}</strong>
      <ChecklistTicks
        documents={documents}
        presented={ticked}
        locked={new Set(a.documents)}
        disabled={busy || !filed || !store.can('identity.enrol')}
        onToggle={(code) =>
          setTicked((current) => {
            const next = new Set(current);
            if (!next.delete(code)) next.add(code);
            return next;
          })
        }
      />
      {filed && <MissingCount missing={a.missingDocuments.length} />}
      {filed && added.length > 0 && (
        <div className="id-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => post<PermitApplication>(`/identity/permit-applications/${a.number}/documents`, { documents: added }), () => (words) => sentence(words, 'permit.documentsRecorded', { number: a.number }))}
            data-testid="permit-record-documents"
          >
            {i18n.t('permit.recordDocuments')}
          </button>
        </div>
      )}

      <ReceiptFacts application={a} busy={busy} printing={printing} onPrint={() => setPrinting(!printing)} onRenew={() => void act(() => post<PermitApplication>(`/identity/permit-applications/${a.number}/receipt/renew`), (result) => (words) => sentence(words, 'permit.receiptRenewed', { number: a.number, date: words.date(result.receipt.validUntil) }))} />
      {printing && <ReceiptView number={a.number} />}

      {canReview && (allowed('approve') || allowed('reject')) && (
        <div className="form id-decision" data-testid="permit-decision">
          <strong>{i18n.t('permit.decision')}</strong>
          <label>
            {i18n.t('permit.reasonNeeded')}
            <input value={reason} dir="auto" onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="permit-reason" />
          </label>
          {allowed('approve') && a.missingDocuments.length > 0 && <span className="muted">{i18n.t('permit.cannotApprove')}</span>}
          <div className="row">
            {allowed('approve') && (
              <button type="button" disabled={busy || a.missingDocuments.length > 0} onClick={() => decide('approve')} data-testid="permit-approve">
                {i18n.t('permit.approve')}
              </button>
            )}
            {allowed('reject') && (
              <button type="button" className="danger" disabled={busy || reason.trim().length < 3} onClick={() => decide('reject')} data-testid="permit-reject">
                {i18n.t('permit.reject')}
              </button>
            )}
          </div>
        </div>
      )}

      {allowed('deliver') && store.can('identity.deliver') && (
        <form className="form id-handover" onSubmit={(e) => void handOver(e)} data-testid="permit-handover-form">
          <strong>{i18n.t('permit.handOver')}</strong>
          <span className="muted">{i18n.t('permit.handOverCheck')}</span>
          <label>
            {i18n.t('permit.number')}
            <input name="resident" dir="ltr" required autoComplete="off" pattern="[Ee][A-Za-z]{1,2}[0-9]{8}" aria-invalid={refusal?.fields.includes('resident') === true} data-testid="permit-handover-resident" />
          </label>
          <label>
            {i18n.t('identity.birthDate')}
            <DateInput name="birthDate" required invalid={refusal?.fields.includes('birthDate') === true} data-testid="permit-handover-birth" />
          </label>
          {refusal !== null && (
            <p className="field-error" role="alert" data-testid="permit-handover-refusal">
              {refusal.fields.length > 0 ? i18n.t('permit.handOverRefused', { fields: refusal.fields.map((field) => handOverField(i18n, field)).join('، ') }) : problemText(refusal.failure)}
            </p>
          )}
          <button type="submit" disabled={busy} data-testid="permit-handover-submit">
            {i18n.t('permit.handOver')}
          </button>
        </form>
      )}
      <span className="muted">
        {i18n.t('identity.since')} <When at={a.statusAt} />
      </span>
    </div>
  );
}

/** The receipt's facts on the application, with its renewal (while the file is open) and the printable view. */
function ReceiptFacts({ application, busy, printing, onPrint, onRenew }: { application: PermitApplication; busy: boolean; printing: boolean; onPrint: () => void; onRenew: () => void }) {
  const i18n = useI18n();
  const r = application.receipt;
  return (
    <div className="form permit-receipt-facts" data-testid="permit-receipt" data-receipt={r.number} data-status={r.status} data-renewals={r.renewals}>
      <strong>
        {i18n.t('permit.receipt')} <Token testId="permit-receipt-number">{r.number}</Token>{' '}
        <span className={`badge id-status ${r.status === 'open' ? 'delivered' : 'rejected'}`}>{codeLabel(i18n, 'permit.receipt', r.status)}</span>
      </strong>
      <dl className="facts">
        <dt>{i18n.t('permit.issuedOn')}</dt>
        <dd>
          <Token>{i18n.date(r.issuedOn)}</Token>
        </dd>
        <dt>{i18n.t('permit.validUntil')}</dt>
        <dd>
          <Token testId="permit-receipt-valid-until">{i18n.date(r.validUntil)}</Token>
        </dd>
        <dt>{i18n.t('permit.renewals')}</dt>
        <dd data-testid="permit-receipt-renewals">{i18n.number(r.renewals)}</dd>
      </dl>
      <div className="id-actions">
        {r.status === 'open' && store.can('identity.enrol') && (
          <button type="button" className="secondary" disabled={busy} onClick={onRenew} data-testid="permit-receipt-renew">
            {i18n.t('permit.renewReceipt')}
          </button>
        )}
        <button type="button" className="link" onClick={onPrint} aria-expanded={printing} data-testid="permit-receipt-show">
          {i18n.t('permit.showReceipt')}
        </button>
      </div>
    </div>
  );
}

/**
 * The words of the printed receipt, whatever the console's language: the récépissé is bilingual, Arabic
 * and French, as the desks print their documents.
 */
const PRINTED = {
  ar: {
    authority: 'المملكة المغربية — المديرية العامة للأمن الوطني',
    title: 'وصل إيداع طلب سند الإقامة',
    receipt: 'رقم الوصل',
    application: 'رقم الطلب',
    kind: 'نوع الطلب',
    holder: 'الاسم',
    number: 'رقم التسجيل',
    birthDate: 'تاريخ الازدياد',
    nationality: 'الجنسية',
    passport: 'جواز السفر',
    desk: 'الشباك',
    issuedOn: 'سُلّم بتاريخ',
    validUntil: 'صالح إلى غاية',
    renewals: 'عدد التجديدات',
    note: 'يقوم هذا الوصل مقام سند الإقامة طيلة دراسة الطلب، إلى غاية التاريخ أعلاه.',
    kinds: { first_registration: 'بطاقة التسجيل الأولى', renewal: 'تجديد بطاقة التسجيل', residence_card: 'بطاقة الإقامة' } as Record<string, string>,
  },
  fr: {
    authority: 'Royaume du Maroc — Direction Générale de la Sûreté Nationale',
    title: 'Récépissé de demande de titre de séjour',
    receipt: 'Numéro du récépissé',
    application: 'Numéro de la demande',
    kind: 'Nature',
    holder: 'Nom',
    number: 'Numéro d’immatriculation',
    birthDate: 'Date de naissance',
    nationality: 'Nationalité',
    passport: 'Passeport',
    desk: 'Guichet',
    issuedOn: 'Délivré le',
    validUntil: 'Valable jusqu’au',
    renewals: 'Renouvellements',
    note: 'Ce récépissé tient lieu de titre de séjour pendant l’instruction de la demande, jusqu’à la date ci-dessus.',
    kinds: { first_registration: 'Première carte d’immatriculation', renewal: 'Renouvellement de la carte d’immatriculation', residence_card: 'Carte de résidence' } as Record<string, string>,
  },
};

/**
 * The receipt as it prints (the browser's printing, this block alone on the page): bilingual, Arabic on
 * the right and French on the left, day-first dates; and the server's PDF of it, which carries its
 * visible digital seal. Reading it journals a read of the holder's record.
 */
function ReceiptView({ number }: { number: string }) {
  const i18n = useI18n();
  const [doc, setDoc] = useState<ReceiptDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    get<ReceiptDocument>(`/identity/permit-applications/${encodeURIComponent(number)}/receipt`).then(
      (loaded) => live && setDoc(loaded),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [number]);
  if (error !== null) return <p className="field-error">{problemText(error)}</p>;
  if (doc === null) return <p className="empty">…</p>;
  const { ar, fr } = PRINTED;
  const day = (iso: string) => i18n.date(iso);
  const latinName = `${doc.holder.givenNames} ${doc.holder.surname}`;
  const arabicName = [doc.holder.givenNamesAr, doc.holder.surnameAr].filter((n) => n !== null).join(' ');
  const rows: { key: 'receipt' | 'application' | 'number' | 'birthDate' | 'nationality' | 'passport' | 'issuedOn' | 'validUntil' | 'renewals'; value: string; testId?: string }[] = [
    { key: 'receipt', value: doc.receipt.number, testId: 'permit-print-receipt' },
    { key: 'application', value: doc.receipt.application },
    { key: 'number', value: doc.holder.number },
    { key: 'birthDate', value: day(doc.holder.birthDate) },
    { key: 'nationality', value: doc.holder.nationality },
    { key: 'passport', value: doc.holder.passportNumber },
    { key: 'issuedOn', value: day(doc.receipt.issuedOn) },
    { key: 'validUntil', value: day(doc.receipt.validUntil), testId: 'permit-print-valid-until' },
    { key: 'renewals', value: String(doc.receipt.renewals) },
  ];
  return (
    <div className="permit-print" data-testid="permit-receipt-print">
      {/* Laid out left to right whatever the console's language: French on the left, Arabic on the right, as printed. */}
      <article className="permit-receipt-doc" dir="ltr">
        <header>
          <div dir="ltr" lang="fr">
            <div>{fr.authority}</div>
            <h4>{fr.title}</h4>
          </div>
          <div className="permit-logo" aria-hidden="true" />
          <div dir="rtl" lang="ar">
            <div>{ar.authority}</div>
            <h4>{ar.title}</h4>
          </div>
        </header>
        <table>
          <tbody>
            <tr>
              <th dir="ltr" lang="fr">
                {fr.kind}
              </th>
              <td dir="ltr" lang="fr">
                {fr.kinds[doc.kind] ?? doc.kind}
              </td>
              <td dir="rtl" lang="ar">
                {ar.kinds[doc.kind] ?? doc.kind}
              </td>
              <th dir="rtl" lang="ar">
                {ar.kind}
              </th>
            </tr>
            <tr>
              <th dir="ltr" lang="fr">
                {fr.holder}
              </th>
              <td dir="ltr" lang="fr">
                {latinName}
              </td>
              <td dir="rtl" lang="ar">
                <bdi>{arabicName === '' ? latinName : arabicName}</bdi>
              </td>
              <th dir="rtl" lang="ar">
                {ar.holder}
              </th>
            </tr>
            {rows.map((row) => (
              <tr key={row.key}>
                <th dir="ltr" lang="fr">
                  {fr[row.key]}
                </th>
                <td colSpan={2} className="permit-value">
                  <Token testId={row.testId}>{row.value}</Token>
                </td>
                <th dir="rtl" lang="ar">
                  {ar[row.key]}
                </th>
              </tr>
            ))}
            <tr>
              <th dir="ltr" lang="fr">
                {fr.desk}
              </th>
              <td colSpan={2} className="permit-value">
                <bdi>{doc.desk.name}</bdi>
              </td>
              <th dir="rtl" lang="ar">
                {ar.desk}
              </th>
            </tr>
          </tbody>
        </table>
        <footer>
          <p dir="ltr" lang="fr">
            {fr.note}
          </p>
          <p dir="rtl" lang="ar">
            {ar.note}
          </p>
        </footer>
      </article>
      <div className="id-actions">
        {/* The server's PDF carries the receipt's visible digital seal (a DataMatrix any verifier reads). */}
        <a className="permit-pdf" href={`/identity/permit-applications/${encodeURIComponent(number)}/receipt.pdf`} target="_blank" rel="noreferrer" data-testid="permit-receipt-pdf">
          {i18n.t('permit.receiptPdf')}
        </a>
        <button type="button" onClick={() => window.print()} data-testid="permit-receipt-print-button">
          {i18n.t('permit.print')}
        </button>
      </div>
    </div>
  );
}
