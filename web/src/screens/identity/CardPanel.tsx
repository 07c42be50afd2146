import { useState, type FormEvent } from 'react';
import { post } from '../../api';
import { useI18n } from '../../i18n';
import { codeLabel, sentence, Token, type Message } from './parts';
import { manualCardActions } from '@contract';
import type { ManualCardAction } from '@contract';
import type { Card } from '@contract/shapes';
import { useResource } from '../../useResource';

type Say = (message: Message) => void;

/**
 * A card of the register, found by its document number, and the status changes an officer makes to it:
 * suspend and reinstate, declare lost or stolen, revoke, each with its reason (journaled). Only the
 * changes the card's status allows are offered; the card follows `/live`.
 */
export function CardPanel({ say, fail }: { say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const [documentNumber, setDocumentNumber] = useState<string | null>(null);
  const card = useResource<Card>(documentNumber === null ? null : `/identity/cards/${documentNumber}`, [`identity-card/${documentNumber ?? ''}`]);
  const [action, setAction] = useState<ManualCardAction | null>(null);
  const [busy, setBusy] = useState(false);
  const c = card.data;
  const offered = manualCardActions.filter((a) => c?.allowedActions.includes(a) === true);

  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get('documentNumber') ?? '').trim().toUpperCase();
    setDocumentNumber(typed === '' ? null : typed);
    setAction(null);
  };

  const change = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (c === undefined || action === null) return;
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setBusy(true);
    try {
      const changed = await post<Card>(`/identity/cards/${c.documentNumber}/status`, { action, reason });
      say((words) => sentence(words, 'identity.cardChanged', { document: changed.documentNumber }, { status: codeLabel(words, 'idcard', changed.effectiveStatus) }));
      setAction(null);
      card.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="id-panel" aria-labelledby="id-card-title" data-testid="id-card">
      <h2 id="id-card-title">{i18n.t('identity.card')}</h2>
      <form className="row" onSubmit={find}>
        <input name="documentNumber" dir="ltr" className="grow" required placeholder="R00000001" pattern="[A-Za-z0-9]{9}" aria-label={i18n.t('identity.documentNumber')} autoComplete="off" data-testid="id-card-number" />
        <button type="submit" data-testid="id-card-find">
          {i18n.t('identity.findCard')}
        </button>
      </form>
      {card.missing && <p className="field-error">{i18n.t('idcard.unknown')}</p>}
      {card.error !== null && <p className="field-error">{card.error}</p>}
      {c !== undefined && (
        <div className="id-detail" data-testid="id-card-detail" data-status={c.effectiveStatus}>
          <h3>
            <Token>{c.documentNumber}</Token>
            <span className={`badge id-card-status ${c.effectiveStatus}`}>{codeLabel(i18n, 'idcard', c.effectiveStatus)}</span>
          </h3>
          <dl className="facts">
            <dt>{i18n.t('identity.nin')}</dt>
            <dd>
              <Token>{c.nin}</Token>
            </dd>
            <dt>{i18n.t('identity.application')}</dt>
            <dd>
              <Token>{c.application}</Token>
            </dd>
            <dt>{i18n.t('identity.issued')}</dt>
            <dd>
              <Token testId="id-card-issued">{i18n.date(c.dateOfIssue)}</Token> · <Token>{c.centre}</Token>
            </dd>
            <dt>{i18n.t('identity.expiry')}</dt>
            <dd>
              <Token testId="id-card-expiry">{i18n.date(c.dateOfExpiry)}</Token>
            </dd>
            {c.replacedBy !== null && (
              <>
                <dt>{i18n.t('identity.replacedBy')}</dt>
                <dd>
                  <Token>{c.replacedBy}</Token>
                </dd>
              </>
            )}
          </dl>
          {c.holderErased ? (
            <p className="muted" data-testid="id-card-holder-erased">
              {i18n.t('identity.holderErased')}
            </p>
          ) : (
            <pre className="id-mrz num" dir="ltr" aria-label={i18n.t('identity.mrz')}>
              {c.mrz.join('\n')}
            </pre>
          )}
          {offered.length > 0 && (
            <div className="id-actions">
              {offered.map((a) => (
                <button key={a} type="button" className={a === 'revoke' || a === 'declare_stolen' ? 'danger' : undefined} aria-pressed={action === a} onClick={() => setAction(a)} data-testid={`card-${a}`}>
                  {codeLabel(i18n, 'idcardaction', a)}
                </button>
              ))}
            </div>
          )}
          {action !== null && (
            <form className="form id-decision" onSubmit={(e) => void change(e)} data-testid="id-card-change">
              <strong>{codeLabel(i18n, 'idcardaction', action)}</strong>
              <label>
                {i18n.t('identity.reason')}
                <input name="reason" dir="auto" required maxLength={500} data-testid="id-card-reason" />
              </label>
              <div className="id-actions">
                <button type="button" className="link" onClick={() => setAction(null)}>
                  {i18n.t('panel.close')}
                </button>
                <button type="submit" disabled={busy} data-testid="id-card-submit">
                  {i18n.t('identity.confirm')}
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
