import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';
import { QrCode } from '../components/QrCode';
import { useI18n } from '../i18n';
import type { Me, TotpEnrolment } from '@contract/shapes';

/** The key in groups of four, as authenticator apps show and take it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Two-step sign-in: a new key as a QR code and as text, confirmed with the app's current code. Forced on
 * a person whose roles require it (their session can do nothing else), reachable from the top bar by
 * anyone else. Once active it says so: replacing it (a new phone) is an administrator's reset.
 */
export function SecondFactorScreen({ me, onEnrolled, onBack }: { me: Me; onEnrolled: () => Promise<void>; onBack?: () => void }) {
  const i18n = useI18n();
  const active = me.secondFactor?.state === 'active';
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  // One key per visit: React runs effects twice in development, and a second key would replace the first.
  const started = useRef(false);

  useEffect(() => {
    if (active || started.current) return;
    started.current = true;
    post<TotpEnrolment>('/auth/totp/enrolment')
      .then(setEnrolment)
      .catch((failure: unknown) => setError(i18n.t('totp.failed', { reason: failure instanceof ApiError ? failure.code : String(failure) })));
  }, [active, i18n]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    setBusy(true);
    setError(null);
    try {
      await post('/auth/totp/enrolment/confirm', { code });
      setDone(true);
      await onEnrolled();
    } catch (failure) {
      const wrong = failure instanceof ApiError && (failure.code === 'validation' || failure.errors.some((problem) => problem.field === 'code'));
      setError(wrong ? i18n.t('totp.wrongCode') : i18n.t('totp.failed', { reason: failure instanceof ApiError ? failure.code : String(failure) }));
    } finally {
      setBusy(false);
    }
  };

  if (active || done) {
    return (
      <section className="totp" data-testid="totp-active">
        <h2>{i18n.t('totp.title')}</h2>
        <p role="status">{done ? i18n.t('totp.done') : i18n.t('totp.active', { date: i18n.dateTime(me.secondFactor!.enrolledAt!) })}</p>
        {!done && <p className="muted">{i18n.t('totp.replace')}</p>}
        {onBack !== undefined && (
          <button type="button" className="secondary" onClick={onBack}>
            {i18n.t('totp.back')}
          </button>
        )}
      </section>
    );
  }

  return (
    <section className="totp" data-testid="totp-enrolment" aria-labelledby="totp-title">
      <h2 id="totp-title">{i18n.t('totp.title')}</h2>
      {me.secondFactor?.mustEnrol === true && (
        <p className="totp-required" role="alert">
          {i18n.t('totp.required')}
        </p>
      )}
      <p>{i18n.t('totp.intro')}</p>
      {enrolment === null ? (
        error === null && <p className="muted">{i18n.t('totp.starting')}</p>
      ) : (
        <>
          <p className="totp-step">{i18n.t('totp.scan')}</p>
          <QrCode text={enrolment.uri} label={i18n.t('totp.qr')} />
          <p>{i18n.t('totp.orType')}</p>
          <p className="totp-secret">
            <span className="sr-only">{i18n.t('totp.secretLabel')}: </span>
            <bdi dir="ltr" data-testid="totp-secret">
              {grouped(enrolment.secret)}
            </bdi>
          </p>
          <form onSubmit={submit} className="totp-confirm">
            <label>
              {i18n.t('totp.confirm')}
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                dir="ltr"
                data-testid="totp-code"
              />
            </label>
            <button type="submit" disabled={busy}>
              {i18n.t('totp.submit')}
            </button>
          </form>
        </>
      )}
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
