import { useState, type FormEvent } from 'react';
import { post } from '../../api';
import { useI18n } from '../../i18n';
import { useResource } from '../../useResource';
import { CertificateKindFields, CertificateStatusBadge, declaredResidence, ResidenceView } from './certificateParts';
import { codeLabel, refusedFields, sentence, Token, type Message } from './parts';
import type { CertificateKind } from '@contract';
import type { OwnCertificate } from '@contract/shapes';
import './certificates.css';

/** A citizen sees no live stream: their requests are asked again every half minute, and on demand. */
const POLL_MS = 30_000;

/**
 * The citizen's administrative certificates (`identity.self`): request a police record certificate or a
 * certificate of residence (at the register's address, or one declared with its supporting document),
 * follow each request, download the PDF once issued. `nin`: the citizen's own national ID number, from
 * their record; null when their account is linked to none (nothing can be requested), undefined while read.
 */
export function CitizenCertificates({ nin, say, fail }: { nin: string | null | undefined; say: (message: Message) => void; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const requests = useResource<OwnCertificate[]>('/identity/me/certificates', [], POLL_MS);
  const [kind, setKind] = useState<CertificateKind>('police-record');
  const [declared, setDeclared] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const rows = requests.data ?? [];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (nin === undefined || nin === null) return;
    const residence = kind === 'residence' ? declaredResidence(new FormData(event.currentTarget)) : undefined;
    setBusy(true);
    try {
      const created = await post<OwnCertificate>('/identity/me/certificates', { nin, kind, ...(residence === undefined ? {} : { residence }) });
      setInvalid([]);
      setDeclared(false);
      requests.setData((current) => [created, ...(current ?? []).filter((r) => r.number !== created.number)]);
      say((w) => sentence(w, 'cert.own.sent', { number: created.number }));
    } catch (failure) {
      setInvalid(refusedFields(failure));
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="id-panel" aria-labelledby="citizen-certificates-title" data-testid="citizen-certificates">
      <h2 id="citizen-certificates-title">
        {i18n.t('cert.own.title')}
        <button type="button" className="link" onClick={requests.reload} data-testid="cert-own-refresh">
          {i18n.t('cert.refresh')}
        </button>
      </h2>
      {nin === null && <p className="empty">{i18n.t('cert.own.notLinked')}</p>}
      {typeof nin === 'string' && (
        <form className="form" onSubmit={(e) => void submit(e)} data-testid="cert-own-form">
          <strong>{i18n.t('cert.own.request')}</strong>
          <CertificateKindFields prefix="cert-own" kind={kind} onKind={setKind} declared={declared} onDeclared={setDeclared} invalid={invalid} />
          <button type="submit" disabled={busy} data-testid="cert-own-submit">
            {i18n.t('cert.submit')}
          </button>
        </form>
      )}
      {requests.error !== null && <p className="field-error">{requests.error}</p>}
      {requests.data !== undefined && rows.length === 0 && <p className="empty">{i18n.t('cert.own.none')}</p>}
      {rows.length > 0 && (
        <ul className="cert-list">
          {rows.map((request) => (
            <OwnRequest key={request.number} request={request} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OwnRequest({ request }: { request: OwnCertificate }) {
  const i18n = useI18n();
  return (
    <li data-testid="cert-own-row" data-number={request.number} data-status={request.status}>
      <p className="row">
        <strong>{codeLabel(i18n, 'certkind', request.kind)}</strong> <Token>{request.number}</Token> <CertificateStatusBadge status={request.status} />
      </p>
      <p className="muted cert-when">
        <span>
          {i18n.t('cert.requested')} <Token>{i18n.date(request.createdAt)}</Token>
        </span>
        {request.issuedOn !== null && (
          <span>
            {i18n.t('cert.issuedOn')} <Token>{i18n.date(request.issuedOn)}</Token>
          </span>
        )}
        {request.expiresOn !== null && request.status === 'issued' && (
          <span>
            {i18n.t('cert.validUntil')} <Token>{i18n.date(request.expiresOn)}</Token>
          </span>
        )}
      </p>
      {request.residence !== null && (
        <p>
          {i18n.t('cert.residence')}: <ResidenceView residence={request.residence} />
        </p>
      )}
      <p>{i18n.t(`cert.explain.${request.status}`)}</p>
      {request.decisionReason !== null && request.status === 'rejected' && (
        <p>
          {i18n.t('cert.reason')}: <bdi>{request.decisionReason}</bdi>
        </p>
      )}
      {request.status === 'issued' && (
        <a className="button" href={`/identity/me/certificates/${request.number}/pdf`} download={`${request.documentNumber ?? request.number}.pdf`} data-testid="cert-own-pdf">
          {i18n.t('cert.download')}
        </a>
      )}
    </li>
  );
}
