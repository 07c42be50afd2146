import type { Batch, BatchWithApplications } from '@contract/shapes';
import { useI18n } from '../../i18n';
import { batchStep } from './issuance';
import { BatchStatusBadge, Token } from './parts';

interface BatchListProps {
  /** The day's batches; undefined while the board is not read yet. */
  readonly batches: readonly Batch[] | undefined;
  readonly opened: BatchWithApplications | null;
  readonly online: boolean;
  readonly busy: boolean;
  readonly onOpen: (batch: string) => void;
  readonly onClose: () => void;
  readonly onProduce: (batch: string) => void;
  readonly onShip: (batch: string, desk: string) => void;
}

/** The day's batches with their desk, size and status, each with its next step here (produce, ship); one opened shows its applications. */
export function BatchList({ batches, opened, online, busy, onOpen, onClose, onProduce, onShip }: BatchListProps) {
  const i18n = useI18n();
  return (
    <section className="id-panel id-wide" aria-labelledby="batches-title" data-testid="batches">
      <h2 id="batches-title">
        {i18n.t('issuance.batches')} <span className="count">({i18n.number(batches?.length ?? 0)})</span>
      </h2>
      {batches !== undefined && batches.length === 0 ? (
        <p className="empty">{i18n.t('issuance.noBatch')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{i18n.t('issuance.batch')}</th>
              <th>{i18n.t('identity.desk')}</th>
              <th>{i18n.t('issuance.cards')}</th>
              <th>{i18n.t('identity.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(batches ?? []).map((batch) => {
              const step = batchStep(batch.status);
              return (
                <tr key={batch.id} data-batch={batch.id} data-status={batch.status}>
                  <td>
                    <button type="button" className="link" onClick={() => onOpen(batch.id)}>
                      <Token>{batch.id}</Token>
                    </button>
                  </td>
                  <td>
                    <Token>{batch.desk}</Token>
                  </td>
                  <td className="num">{i18n.number(batch.size)}</td>
                  <td>
                    <BatchStatusBadge status={batch.status} />
                  </td>
                  <td className="id-actions">
                    {step === 'produce' && (
                      <button type="button" disabled={busy || !online} onClick={() => onProduce(batch.id)} data-testid={`produce-${batch.id}`}>
                        {i18n.t('issuance.produce')}
                      </button>
                    )}
                    {step === 'ship' && (
                      <button type="button" disabled={busy} onClick={() => onShip(batch.id, batch.desk)} data-testid={`ship-${batch.id}`}>
                        {i18n.t('issuance.ship')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {opened !== null && (
        <div className="section" data-testid="batch-applications">
          <strong>
            <Token>{opened.id}</Token> · {i18n.count('issuance.applications', opened.applications.length)}
          </strong>
          <span>
            {opened.applications.map((number, index) => (
              <span key={number}>
                {index > 0 && ' · '}
                <Token>{number}</Token>
              </span>
            ))}
          </span>
          <button type="button" className="link" onClick={onClose}>
            {i18n.t('panel.close')}
          </button>
        </div>
      )}
    </section>
  );
}
