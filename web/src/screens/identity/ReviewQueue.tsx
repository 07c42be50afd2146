import { useI18n } from '../../i18n';
import { ApplicationTable } from './ApplicationPanel';
import type { ApplicationSummary } from '@contract/shapes';
import { useResource } from '../../useResource';

/** Referred applications, and checked ones awaiting a decision, live: one click opens the detail to decide. */
export function ReviewQueue({ selected, onSelect }: { selected: string | null; onSelect: (number: string) => void }) {
  const i18n = useI18n();
  const queue = useResource<ApplicationSummary[]>('/identity/review-queue', ['identity-application/']);
  const rows = queue.data ?? [];
  return (
    <section className="id-panel" aria-labelledby="id-review-title" data-testid="id-review">
      <h2 id="id-review-title">
        {i18n.t('identity.reviewQueue')} <span className="count">({i18n.number(rows.length)})</span>
      </h2>
      {queue.error !== null && <p className="field-error">{queue.error}</p>}
      {rows.length === 0 ? <p className="empty">{i18n.t('identity.reviewEmpty')}</p> : <ApplicationTable rows={rows} selected={selected} onSelect={onSelect} />}
    </section>
  );
}
