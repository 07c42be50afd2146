import { useId, useState } from 'react';
import { get } from '../../api';
import { useI18n } from '../../i18n';
import { Token, When, Words, refusalText } from './parts';
import { JournalFault } from '@contract';
import type { JournalVerdict } from '@contract/shapes';

/**
 * The journal's integrity on demand (`GET /journal/verify`): intact up to which event, how many signed
 * anchors were checked and when the last was signed; or where it is broken and what is wrong, in the
 * operator's words (the server's codes, never its English sentence).
 */
export function ChainCheck() {
  const i18n = useI18n();
  const heading = useId();
  const [verdict, setVerdict] = useState<{ verdict: JournalVerdict; checkedAt: Date } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      setVerdict({ verdict: await get<JournalVerdict>('/journal/verify'), checkedAt: new Date() });
      setError(null);
    } catch (failure) {
      setError(refusalText(i18n, failure, {}));
    } finally {
      setBusy(false);
    }
  };

  const n = (value: number) => <bdi>{i18n.number(value)}</bdi>;
  const seq = (value: number) => <Token inline>{value}</Token>;
  const time = (iso: string | Date) => <When at={iso} />;
  const v = verdict?.verdict;
  const attestation = v?.attestation;
  return (
    <section className="audit-panel" aria-labelledby={heading} data-testid="audit-chain">
      <h2 id={heading}>{i18n.t('audit.chain.title')}</h2>
      <p className="audit-hint">{i18n.t('audit.chain.explain')}</p>
      <div>
        <button type="button" onClick={() => void run()} disabled={busy} data-testid="audit-verify">
          {busy ? i18n.t('audit.chain.running') : i18n.t('audit.chain.run')}
        </button>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div role="status" aria-live="polite">
        {v !== undefined && verdict !== null && (
          <div className={`audit-verdict ${v.ok ? 'ok' : 'broken'}`} data-testid="audit-verdict" data-ok={String(v.ok)} data-head={v.headSeq ?? ''} data-broken-at={v.brokenAt ?? ''} data-fault={v.fault ?? ''}>
            {v.ok ? (
              <>
                <strong>
                  <Words text={i18n.t('audit.chain.intact')} vars={{ seq: seq(v.headSeq ?? v.count), n: n(v.count) }} />
                </strong>
                {!v.attested && <p>{i18n.t('audit.chain.unattested')}</p>}
                {attestation !== undefined && attestation.anchors > 0 && (
                  <p data-testid="audit-anchors" data-anchors={attestation.anchors}>
                    <Words
                      text={i18n.t('audit.chain.anchors')}
                      vars={{ n: n(attestation.anchors), time: attestation.lastAnchoredAt === undefined ? '—' : time(attestation.lastAnchoredAt), seq: seq(attestation.anchoredSeq) }}
                    />
                  </p>
                )}
                {attestation !== undefined && attestation.pending > 0 && (
                  <p>
                    <Words text={i18n.t('audit.chain.pending')} vars={{ n: n(attestation.pending) }} />
                  </p>
                )}
                {attestation?.signedAtStart.map((run) => (
                  <p key={`${run.from}-${run.to}`} className="audit-note">
                    <Words text={i18n.t('audit.chain.signedAtStart')} vars={{ from: seq(run.from), to: seq(run.to), time: time(run.at) }} />
                  </p>
                ))}
              </>
            ) : (
              <>
                <strong>{v.brokenAt === undefined ? i18n.t('audit.chain.brokenNoSeq') : <Words text={i18n.t('audit.chain.broken')} vars={{ seq: seq(v.brokenAt) }} />}</strong>
                {v.fault !== undefined && (Object.values(JournalFault) as readonly string[]).includes(v.fault) && <p>{i18n.t(`audit.fault.${v.fault}`)}</p>}
                <p>
                  <Words text={i18n.t('audit.chain.verifiedBefore')} vars={{ n: n(v.count) }} />
                </p>
              </>
            )}
            <p className="audit-hint">
              <Words text={i18n.t('audit.chain.checkedAt')} vars={{ time: time(verdict.checkedAt) }} />
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
