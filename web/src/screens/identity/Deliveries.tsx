import { useState, type FormEvent } from 'react';
import { post } from '../../api';
import { problemText } from '../../components/common';
import { DateInput } from '../../components/DateInput';
import { useI18n, type I18n } from '../../i18n';
import { BatchStatusBadge, refusedFields, sentence, Token, When, type Message } from './parts';
import type { Application, BatchWithApplications, DeskDeliveries } from '@contract/shapes';
import { useResource } from '../../useResource';

type Say = (message: Message) => void;

/** The words of a hand-over field the server found not matching. */
function fieldLabel(i18n: I18n, field: string): string {
  if (field === 'nin') return i18n.t('identity.nin');
  if (field === 'birthDate') return i18n.t('identity.birthDate');
  return field;
}

/**
 * The desk's deliveries: batches shipped to it (marked received when the parcel is in the clerk's hands:
 * their cards become ready) and the cards waiting for their holders. A card is handed over against a
 * check of the person in front of the clerk: the national ID number and birth date they give must be the
 * holder's, else the server refuses, names what did not match and journals the refusal.
 */
export function Deliveries({ desk, say, fail }: { desk: string; say: Say; fail: (failure: unknown) => void }) {
  const i18n = useI18n();
  const deliveries = useResource<DeskDeliveries>(desk === '' ? null : `/identity/desks/${desk}/deliveries`, ['identity-batch/', 'identity-application/']);
  const [handing, setHanding] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The failure itself: its words are found when shown, in the language then in force.
  const [refusal, setRefusal] = useState<{ failure: unknown; fields: string[] } | null>(null);
  const batches = deliveries.data?.batches ?? [];
  const ready = deliveries.data?.ready ?? [];

  const receive = async (id: string) => {
    setBusy(true);
    try {
      const batch = await post<BatchWithApplications>(`/identity/batches/${id}/receive`);
      say((words) => sentence(words, 'identity.batchReceived', { batch: id }, { cards: words.count('identity.readyCount', batch.applications.length) }));
      deliveries.reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const handOver = async (event: FormEvent<HTMLFormElement>, application: string) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body = { nin: String(data.get('nin') ?? '').trim().toUpperCase(), birthDate: String(data.get('birthDate') ?? '') };
    setBusy(true);
    try {
      const delivered = await post<Application>(`/identity/applications/${application}/handover`, body);
      say((words) => sentence(words, 'identity.handedOver', { document: delivered.documentNumber ?? application }));
      setHanding(null);
      setRefusal(null);
      deliveries.reload();
    } catch (failure) {
      setRefusal({ failure, fields: refusedFields(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="id-panel" aria-labelledby="id-deliveries-title" data-testid="id-deliveries">
      <h2 id="id-deliveries-title">{i18n.t('identity.deliveries')}</h2>
      {deliveries.error !== null && <p className="field-error">{deliveries.error}</p>}
      <h3>{i18n.t('identity.batchesComing')}</h3>
      {batches.length === 0 ? (
        <p className="empty">{i18n.t('identity.noBatchComing')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{i18n.t('issuance.batch')}</th>
              <th>{i18n.t('issuance.cards')}</th>
              <th>{i18n.t('identity.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.id} data-batch={batch.id} data-status={batch.status}>
                <td>
                  <Token>{batch.id}</Token>
                </td>
                <td className="num">{i18n.number(batch.size)}</td>
                <td>
                  <BatchStatusBadge status={batch.status} />
                </td>
                <td className="id-actions">
                  {batch.status === 'shipped' && (
                    <button type="button" disabled={busy} onClick={() => void receive(batch.id)} data-testid={`receive-${batch.id}`}>
                      {i18n.t('identity.receiveBatch')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>
        {i18n.t('identity.readyCards')} <span className="count">({i18n.number(ready.length)})</span>
      </h3>
      {ready.length === 0 ? (
        <p className="empty">{i18n.t('identity.noReadyCard')}</p>
      ) : (
        <ul className="id-ready">
          {ready.map((card) => (
            <li key={card.application} data-ready={card.application} data-document={card.documentNumber ?? ''}>
              <Token>{card.documentNumber ?? '—'}</Token>{' '}
              <span className="muted">
                <Token>{card.application}</Token>
              </span>{' '}
              <span className="muted">
                {i18n.t('identity.since')} <When at={card.since} />
              </span>
              {handing === card.application ? (
                <form className="form id-handover" onSubmit={(e) => void handOver(e, card.application)} data-testid="id-handover-form">
                  <span className="muted">{i18n.t('identity.handOverCheck')}</span>
                  <label>
                    {i18n.t('identity.nin')}
                    <input name="nin" dir="ltr" required autoComplete="off" pattern="[A-Za-z]{1,2}[0-9]{3,7}" aria-invalid={refusal?.fields.includes('nin') === true} data-testid="id-handover-nin" />
                  </label>
                  <label>
                    {i18n.t('identity.birthDate')}
                    <DateInput name="birthDate" required invalid={refusal?.fields.includes('birthDate') === true} data-testid="id-handover-birth" />
                  </label>
                  {refusal !== null && (
                    <p className="field-error" role="alert" data-testid="id-handover-refusal">
                      {refusal.fields.length > 0 ? i18n.t('identity.handOverRefused', { fields: refusal.fields.map((field) => fieldLabel(i18n, field)).join(', ') }) : problemText(refusal.failure)}
                    </p>
                  )}
                  <div className="id-actions">
                    <button type="button" className="link" onClick={() => setHanding(null)}>
                      {i18n.t('panel.close')}
                    </button>
                    <button type="submit" disabled={busy} data-testid="id-handover-submit">
                      {i18n.t('identity.handOver')}
                    </button>
                  </div>
                </form>
              ) : (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setHanding(card.application);
                    setRefusal(null);
                  }}
                  data-testid={`handover-${card.application}`}
                >
                  {i18n.t('identity.handOver')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
