import type { UnitStatus } from '../../model';

/**
 * The moves a unit may make, as the server's `unitTransitions` (src/units/unit.ts) has them. Copied
 * because web/ does not import server code; the server stays the judge (a refused move comes back as
 * 409 with `allowed`), this table only decides which buttons to show.
 */
const unitTransitions: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: ['dispatched', 'busy', 'out_of_service', 'off_duty'],
  dispatched: ['en_route', 'on_scene', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['available', 'busy'],
  busy: ['available', 'dispatched', 'out_of_service', 'off_duty'],
  out_of_service: ['available', 'off_duty'],
  off_duty: ['available'],
};

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
  for (const to of unitTransitions[status]) {
    switch (to) {
      case 'dispatched':
        break;
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
