import { manualUnitMoves, type UnitStatus } from '@contract';

/** What a button does, which decides its words: `cleared` is `available` after reaching an incident. */
export type MoveLabel = 'en_route' | 'on_scene' | 'cleared' | 'available' | 'start_shift' | 'stand_down' | 'busy' | 'out_of_service' | 'off_duty';

export interface StatusMove {
  readonly to: UnitStatus;
  readonly label: MoveLabel;
  /** Asked twice (a second tap): leaving an incident not reached, ending the shift. */
  readonly confirm: boolean;
}

/**
 * The buttons for a unit's status: `primary` are the big ones of the incident's course (en route, on
 * scene, cleared, or available when free), `other` the rest the crew may choose. `dispatched` is never
 * offered: it comes with an assignment.
 */
export function statusMoves(status: UnitStatus, hasIncident: boolean): { primary: StatusMove[]; other: StatusMove[] } {
  const primary: StatusMove[] = [];
  const other: StatusMove[] = [];
  // The contract's moves by hand: `dispatched` comes only with an assignment. The server stays the judge.
  for (const to of manualUnitMoves(status)) {
    switch (to) {
      case 'en_route':
      case 'on_scene':
        primary.push({ to, label: to, confirm: false });
        break;
      case 'available':
        if (status === 'dispatched' || status === 'en_route') other.push({ to, label: 'stand_down', confirm: true });
        else if (hasIncident) primary.push({ to, label: 'cleared', confirm: false });
        else primary.push({ to, label: status === 'off_duty' ? 'start_shift' : 'available', confirm: false });
        break;
      case 'off_duty':
        other.push({ to, label: to, confirm: true });
        break;
      default:
        other.push({ to, label: to, confirm: false });
    }
  }
  return { primary, other };
}
