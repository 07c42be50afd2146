import { useI18n } from '../../i18n';
import { codeLabel, sentence, Token } from './parts';
import { certificateKinds, type CertificateKind, type CertificateStatus } from '@contract';
import type { CertificateResidence, RecordsCheck } from '@contract/shapes';

/** A certificate request's status, coloured as the lifecycle reads it. */
export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  const i18n = useI18n();
  return (
    <span className={`badge cert-status ${status}`} data-status={status}>
      {codeLabel(i18n, 'certstatus', status)}
    </span>
  );
}

/** What the judicial records answered for a police record certificate: clean, or the convictions in force. */
export function RecordsCheckView({ check }: { check: RecordsCheck }) {
  const i18n = useI18n();
  return (
    <div className={`cert-records ${check.clean ? 'clean' : 'found'}`} data-testid="cert-records" data-clean={check.clean}>
      <strong>{i18n.t('cert.records')}</strong>
      {check.clean ? (
        <p>{i18n.t('cert.records.clean')}</p>
      ) : (
        <>
          <p>{i18n.t('cert.records.found')}</p>
          <ul>
            {check.entries.map((entry) => (
              <li key={`${entry.caseReference}/${entry.judgmentDate}`}>
                <Token>{i18n.date(entry.judgmentDate)}</Token> · <bdi>{entry.court}</bdi> · <Token>{entry.caseReference}</Token> · <bdi>{entry.offence}</bdi> — <bdi>{entry.sentence}</bdi>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{sentence(i18n, 'cert.records.checked', { source: check.source, at: `${i18n.date(check.checkedAt)} ${i18n.time(check.checkedAt)}` })}</p>
    </div>
  );
}

/** The address a certificate of residence certifies: the register's, or one declared with its document. */
export function ResidenceView({ residence }: { residence: CertificateResidence }) {
  const i18n = useI18n();
  return (
    <span>
      <bdi>{residence.address}</bdi> ({residence.source === 'declared' && residence.documentReference !== null ? sentence(i18n, 'cert.declaredWith', { reference: residence.documentReference }) : i18n.t('cert.fromRegister')})
    </span>
  );
}

/**
 * The fields of a certificate of residence at a declared address (shown when asked): the address and
 * the reference of its supporting document. Read back with `declaredResidence`.
 */
/**
 * What a request asks for, at the desk and online alike: the kind, and for a certificate of residence
 * whether the address is a declared one (then its fields). Test ids start with `prefix`.
 */
export function CertificateKindFields(props: {
  prefix: string;
  kind: CertificateKind;
  onKind: (kind: CertificateKind) => void;
  declared: boolean;
  onDeclared: (declared: boolean) => void;
  invalid: readonly string[];
}) {
  const i18n = useI18n();
  const { prefix, kind, declared, invalid } = props;
  return (
    <>
      <label>
        {i18n.t('cert.kind')}
        <select value={kind} onChange={(e) => props.onKind(e.target.value as CertificateKind)} aria-invalid={invalid.includes('kind')} data-testid={`${prefix}-kind`}>
          {certificateKinds.map((k) => (
            <option key={k} value={k}>
              {codeLabel(i18n, 'certkind', k)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'residence' && (
        <label className="row">
          <input type="checkbox" checked={declared} onChange={(e) => props.onDeclared(e.target.checked)} data-testid={`${prefix}-declared`} /> {i18n.t('cert.declared')}
        </label>
      )}
      {kind === 'residence' && declared && <DeclaredResidenceFields prefix={prefix} invalid={invalid} />}
    </>
  );
}

export function DeclaredResidenceFields({ prefix, invalid }: { prefix: string; invalid: readonly string[] }) {
  const i18n = useI18n();
  return (
    <>
      <label>
        {i18n.t('cert.address')}
        <input name="address" required minLength={5} maxLength={300} aria-invalid={invalid.some((f) => f.startsWith('residence'))} data-testid={`${prefix}-address`} />
      </label>
      <label>
        {i18n.t('cert.documentReference')}
        <input name="documentReference" dir="ltr" required pattern="[A-Za-z0-9][A-Za-z0-9\/_\-]{2,39}" maxLength={40} aria-invalid={invalid.some((f) => f.startsWith('residence'))} data-testid={`${prefix}-reference`} />
      </label>
    </>
  );
}

/** The declared residence of a form, when its fields are there. */
export function declaredResidence(form: FormData): { address: string; documentReference: string } | undefined {
  const address = form.get('address');
  if (address === null) return undefined;
  return { address: String(address).trim(), documentReference: String(form.get('documentReference') ?? '').trim() };
}
