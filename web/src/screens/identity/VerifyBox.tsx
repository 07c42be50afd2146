import { useState, type FormEvent } from 'react';
import { ApiError, get, query } from '../../api';
import { problemText } from '../../components/common';
import { useI18n } from '../../i18n';
import { codeLabel, Token } from './parts';
import type { Verification } from '@contract/shapes';

/**
 * Verification of a card by its document number (`GET /identity/verify`, public). Anyone learns whether
 * it is valid; an officer holding `identity.verify` also sees the holder, and that read is journaled.
 */
export function VerifyBox() {
  const i18n = useI18n();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const documentNumber = String(new FormData(event.currentTarget).get('documentNumber') ?? '').trim().toUpperCase();
    try {
      setResult(await get<Verification>(`/identity/verify${query({ documentNumber })}`));
      setError(null);
    } catch (failure) {
      setResult(null);
      setError(
        failure instanceof ApiError && failure.code === 'rate_limited'
          ? i18n.t('identity.verifyLimited', { seconds: i18n.number(failure.retryAfterS ?? 60) })
          : problemText(failure),
      );
    }
  };
  const holder = result?.holder;
  return (
    <section className="id-panel" aria-labelledby="id-verify-title" data-testid="id-verify">
      <h2 id="id-verify-title">{i18n.t('identity.verify')}</h2>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <input name="documentNumber" dir="ltr" className="grow" required placeholder="R00000001" aria-label={i18n.t('identity.documentNumber')} autoComplete="off" />
        <button type="submit">{i18n.t('identity.verifyButton')}</button>
      </form>
      {error !== null && <p className="field-error">{error}</p>}
      {result !== null && (
        <div className={`id-verdict ${result.valid ? 'valid' : 'invalid'}`} data-testid="id-verdict" data-valid={result.valid}>
          <strong>{i18n.t(result.valid ? 'identity.valid' : 'identity.invalid')}</strong> · {codeLabel(i18n, 'idcard', result.status)}
          {holder !== undefined && (
            <dl className="facts">
              <dt>{i18n.t('identity.holder')}</dt>
              <dd>
                <bdi>{i18n.language === 'ar' ? `${holder.givenNamesAr} ${holder.surnameAr}` : `${holder.givenNames} ${holder.surname}`}</bdi>
              </dd>
              <dt>{i18n.t('identity.nin')}</dt>
              <dd>
                <Token>{holder.nin}</Token>
              </dd>
              <dt>{i18n.t('identity.birthDate')}</dt>
              <dd>
                <Token testId="id-verdict-birth-date">{i18n.date(holder.dateOfBirth)}</Token>
              </dd>
              {result.dateOfExpiry !== undefined && (
                <>
                  <dt>{i18n.t('identity.expiry')}</dt>
                  <dd>
                    <Token>{i18n.date(result.dateOfExpiry)}</Token>
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
