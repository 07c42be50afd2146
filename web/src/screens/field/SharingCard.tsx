import { useI18n } from '../../i18n';
import { GEO_TIMEOUT_S, MAX_SPEED_KMH, type Sharing } from './positionSharing';

/** The "share my position" switch, what was last sent, and why nothing is (the browser, or the centre). */
export function SharingCard({ sharing, onToggle }: { sharing: Sharing; onToggle: (on: boolean) => void }) {
  const i18n = useI18n();
  const { on, lastSent, lastFix, geoProblem, refusal } = sharing;
  return (
    <section className="field-card" aria-labelledby="field-share-title">
      <h2 id="field-share-title">{i18n.t('field.share.title')}</h2>
      <button
        type="button"
        className={`field-button field-toggle${on ? ' on' : ''}`}
        aria-pressed={on}
        onClick={() => onToggle(!on)}
        data-testid="field-share-position"
        data-state={on ? 'on' : 'off'}
      >
        <span>{i18n.t('field.share.toggle')}</span>
        <span className="field-switch" aria-hidden="true">
          {i18n.t(on ? 'field.share.on' : 'field.share.off')}
        </span>
      </button>
      <p className="field-muted num" data-testid="field-share-state">
        {!on
          ? i18n.t('field.share.offText')
          : lastSent !== null
            ? i18n.t('field.share.lastSent', { time: i18n.time(lastSent.at), accuracy: i18n.number(lastSent.accuracyM) })
            : lastFix !== null && refusal === null
              ? i18n.t('field.share.sending')
              : lastFix !== null
                ? i18n.t('field.share.notSent')
              : i18n.t('field.share.waiting')}
      </p>
      {geoProblem !== null && (
        <p className="error" role="alert" data-testid="field-geo-error" data-problem={geoProblem}>
          {i18n.t(`field.geo.${geoProblem}`, { n: i18n.number(GEO_TIMEOUT_S) })}
        </p>
      )}
      {on && refusal !== null && (
        <p className="error" role="alert" data-testid="field-share-refused">
          {'reason' in refusal
            ? i18n.t('field.share.refused', { reason: i18n.t(`field.drop.${refusal.reason}`, { n: i18n.number(MAX_SPEED_KMH) }), time: i18n.time(refusal.at) })
            : i18n.t('field.share.failed', { message: refusal.message, time: i18n.time(refusal.at) })}
        </p>
      )}
      {on && <p className="field-hint">{i18n.t('field.share.keepOpen')}</p>}
    </section>
  );
}
