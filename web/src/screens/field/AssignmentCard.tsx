import { IncidentStatusBadge, PriorityBadge, typeLabel } from '../../components/common';
import { useI18n, type MessageKey } from '../../i18n';
import type { Assignment, Incident, Unit } from '@contract/shapes';
import { useStore } from '../../store';

interface Props {
  readonly unit: Unit;
  readonly incident: Incident | undefined;
  readonly assignment: Assignment | null | undefined;
  /** Just arrived: drawn to catch the eye. */
  readonly fresh: boolean;
  readonly acknowledging: boolean;
  readonly onAcknowledge: () => void;
}

/** What the unit is sent to: the incident's type, priority, address, warnings and summary, and the acknowledgement. */
export function AssignmentCard({ unit, incident, assignment, fresh, acknowledging, onAcknowledge }: Props) {
  const i18n = useI18n();
  useStore('catalogue');

  if (unit.incident === null) {
    return (
      <section className="field-card field-assignment none" data-testid="field-assignment" data-incident="">
        <h2>{i18n.t('field.assignment.title')}</h2>
        <p className="field-muted">{i18n.t(unit.status === 'off_duty' ? 'field.assignment.offDuty' : 'field.assignment.none')}</p>
      </section>
    );
  }

  const flags = incident === undefined ? [] : (['weapons', 'hazards', 'children'] as const).filter((flag) => incident.flags[flag]);
  return (
    <section
      className={`field-card field-assignment${fresh ? ' fresh' : ''}${incident !== undefined ? ` priority-${incident.priority}` : ''}`}
      aria-labelledby="field-assignment-title"
      data-testid="field-assignment"
      data-incident={unit.incident}
    >
      <h2 id="field-assignment-title">
        {fresh && <span className="field-new">{i18n.t('field.assignment.new')}</span>}
        {incident !== undefined && <PriorityBadge priority={incident.priority} />}
        <bdi className="num">{unit.incident}</bdi>
        {incident !== undefined && <IncidentStatusBadge status={incident.status} />}
      </h2>
      {incident === undefined ? (
        <p className="field-muted">{i18n.t('field.loading')}</p>
      ) : (
        <>
          <p className="field-type">
            {typeLabel(incident.type, i18n.language)} · <span className="field-priority-words">{i18n.t(`priority.${incident.priority}` as MessageKey)}</span>
          </p>
          {flags.length > 0 && (
            <ul className="field-flags" aria-label={i18n.t('field.assignment.warnings')}>
              {flags.map((flag) => (
                <li key={flag} data-flag={flag}>
                  ⚠ {i18n.t(`flag.${flag}`)}
                </li>
              ))}
            </ul>
          )}
          <p className="field-address">
            <bdi>{incident.address ?? `${i18n.number(incident.location.lat, 5)}, ${i18n.number(incident.location.lon, 5)}`}</bdi>
            {incident.district !== null && (
              <span className="field-muted">
                {' · '}
                <bdi className="field-district">{incident.district}</bdi>
              </span>
            )}
          </p>
          {incident.summary !== '' && (
            <p className="field-summary">
              <bdi>{incident.summary}</bdi>
            </p>
          )}
        </>
      )}
      {assignment === null && <p className="field-muted">{i18n.t('field.assignment.notFound')}</p>}
      {assignment !== null && assignment !== undefined && (
        <p className="field-muted num">
          {i18n.t('field.assignment.assignedAt', { time: i18n.time(assignment.assignedAt) })}
          {assignment.acknowledgedAt !== null && <> · {i18n.t('field.assignment.acknowledgedAt', { time: i18n.time(assignment.acknowledgedAt) })}</>}
        </p>
      )}
      {assignment !== null && assignment !== undefined && assignment.acknowledgedAt === null && (
        <button type="button" className="field-button field-ack" onClick={onAcknowledge} disabled={acknowledging} data-testid="field-ack">
          {i18n.t('field.ack')}
        </button>
      )}
    </section>
  );
}
