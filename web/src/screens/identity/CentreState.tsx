import type { FormEvent } from 'react';
import type { Centre } from '@contract/shapes';
import { useI18n } from '../../i18n';

interface CentreStateProps {
  readonly centre: Centre;
  readonly busy: boolean;
  readonly onOffline: (reason: string) => void;
  readonly onOnline: () => void;
  /** Blank cards received; `received` empties the form once they are counted. */
  readonly onStock: (cards: number, reference: string, received: () => void) => void;
}

/** The centre taken offline (with a reason) or back online, and blank cards received. */
export function CentreState({ centre, busy, onOffline, onOnline, onStock }: CentreStateProps) {
  const i18n = useI18n();
  const goOffline = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onOffline(String(new FormData(event.currentTarget).get('reason') ?? '').trim());
  };
  const receiveStock = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    onStock(Number(data.get('cards')), String(data.get('reference') ?? '').trim(), () => form.reset());
  };
  return (
    <section className="id-panel" aria-labelledby="centre-title">
      <h2 id="centre-title">{i18n.t('issuance.centreState')}</h2>
      {centre.online ? (
        <form className="form" onSubmit={goOffline}>
          <label>
            {i18n.t('issuance.offlineReason')}
            <input name="reason" dir="auto" required maxLength={500} />
          </label>
          <button type="submit" className="danger" disabled={busy}>
            {i18n.t('issuance.goOffline')}
          </button>
        </form>
      ) : (
        <button type="button" disabled={busy} onClick={onOnline}>
          {i18n.t('issuance.goOnline')}
        </button>
      )}
      <form className="form" onSubmit={receiveStock}>
        <strong>{i18n.t('issuance.receiveStock')}</strong>
        <label>
          {i18n.t('issuance.cards')}
          <input name="cards" type="number" min={1} required />
        </label>
        <label>
          {i18n.t('issuance.stockReference')}
          <input name="reference" dir="auto" maxLength={100} />
        </label>
        <button type="submit" className="secondary" disabled={busy}>
          {i18n.t('issuance.receive')}
        </button>
      </form>
    </section>
  );
}
