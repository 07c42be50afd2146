import { useEffect, useState, type CSSProperties } from 'react';
import { UnitStatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { statusColours } from '../../map/symbols';
import type { Unit } from '@contract/shapes';
import { statusMoves, type StatusMove } from './statusMoves';

/** How long a button asking to be tapped again stays armed. */
const CONFIRM_MS = 4_000;

interface Props {
  readonly unit: Unit;
  readonly busy: boolean;
  readonly onMove: (move: StatusMove) => void;
}

/** The unit's status and the big buttons of the incident's course, kept at the bottom, under the thumb. */
export function StatusBar({ unit, busy, onMove }: Props) {
  const i18n = useI18n();
  const { primary } = statusMoves(unit.status, unit.incident !== null);
  return (
    <div className="field-actions" role="group" aria-label={i18n.t('field.move.title')}>
      <p className="field-status-line" data-testid="field-status" data-status={unit.status}>
        <strong className="num">
          <bdi data-testid="field-call-sign">{unit.callSign}</bdi>
        </strong> <UnitStatusBadge status={unit.status} />{' '}
        <span className="field-muted num">{i18n.t('field.unit.since', { time: i18n.time(unit.statusSince) })}</span>
      </p>
      {primary.length === 0 ? (
        <p className="field-muted field-waiting">{i18n.t('field.move.waiting')}</p>
      ) : (
        <div className="field-moves">
          {primary.map((move) => (
            <MoveButton key={move.to} move={move} busy={busy} onMove={onMove} big />
          ))}
        </div>
      )}
    </div>
  );
}

/** The other statuses the crew may choose (busy, out of service, end of shift, leaving an incident not reached). */
export function OtherStatuses({ unit, busy, onMove }: Props) {
  const i18n = useI18n();
  const { other } = statusMoves(unit.status, unit.incident !== null);
  if (other.length === 0) return null;
  return (
    <section className="field-card" aria-labelledby="field-other-title">
      <h2 id="field-other-title">{i18n.t('field.move.other')}</h2>
      <div className="field-moves other">
        {other.map((move) => (
          <MoveButton key={move.to} move={move} busy={busy} onMove={onMove} />
        ))}
      </div>
    </section>
  );
}

function MoveButton({ move, busy, onMove, big = false }: { move: StatusMove; busy: boolean; onMove: (move: StatusMove) => void; big?: boolean }) {
  const i18n = useI18n();
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  const words = i18n.t(`field.move.${move.label}`);
  const tone = move.label === 'stand_down' ? undefined : statusColours[move.to];
  return (
    <button
      type="button"
      className={`field-button field-move${big ? ' big' : ''}${armed ? ' armed' : ''}${tone === undefined ? ' plain' : ''}`}
      style={tone === undefined ? undefined : ({ '--tone': tone } as CSSProperties)}
      disabled={busy}
      onClick={() => {
        if (move.confirm && !armed) {
          setArmed(true);
          return;
        }
        setArmed(false);
        onMove(move);
      }}
      data-testid={`field-status-${move.to}`}
      data-label={move.label}
    >
      {armed ? i18n.t('field.move.confirm', { action: words }) : words}
    </button>
  );
}
