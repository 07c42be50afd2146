import type { NearbyIncident } from '@contract/shapes';
import { PriorityBadge, typeLabel } from '../../components/common';
import { useI18n } from '../../i18n';

/** Open incidents near the caller, nearest first, each with a button that links the call to it (F8: the first). */
export function Duplicates({ near, onLink }: { near: readonly NearbyIncident[]; onLink: (number: string) => void }) {
  const i18n = useI18n();
  return (
    <div className="section" data-testid="duplicates">
      <strong>{i18n.t('calltaker.duplicates')}</strong>
      {near.map((incident, index) => (
        <div key={incident.number} className="suggestion">
          <div className="row">
            <PriorityBadge priority={incident.priority} />
            <strong>{incident.number}</strong>
            <span>{typeLabel(incident.type, i18n.language)}</span>
            <span className="num">{i18n.number(Math.round(incident.distanceM))} m</span>
          </div>
          <span>{incident.summary}</span>
          <button type="button" className="secondary" onClick={() => onLink(incident.number)} data-testid={`link-${incident.number}`}>
            {i18n.t('calltaker.link')} {index === 0 && <kbd>F8</kbd>}
          </button>
        </div>
      ))}
    </div>
  );
}
