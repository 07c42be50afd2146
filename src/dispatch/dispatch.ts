import { Type } from 'typebox';
import type { Actor } from '../core/auth/principal.js';
import { DomainError } from '../core/errors.js';
import { Closed, Line } from '../core/schema.js';
import { CallSign, type UnitStatus } from '../units/index.js';

// The shapes answered are the contract's, shared with the console.
export { RecommendationReason } from '../contract/dispatch.js';
export { Assignment, Recommendation } from '../contract/dispatch.schema.js';

export const RecommendationQuery = Closed({
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, 'x-expected': 'a whole number from 1 to 20' })),
  divertible: Type.Optional(Type.Boolean({ description: 'also units en route to a lower-priority incident' })),
});

export const AssignBody = Closed({
  units: Type.Array(CallSign, { minItems: 1, maxItems: 10, uniqueItems: true, 'x-expected': 'a list of 1 to 10 distinct call signs' }),
  /** Take units off the lower-priority incidents they are on. */
  divert: Type.Optional(Type.Boolean({ description: 'Take units from a lower-priority incident they are on' })),
  /** Why these units and not the first recommended (journaled with each assignment). */
  reason: Type.Optional(Line({ maxLength: 300, description: 'why another unit than the first recommended is sent' })),
});

export const ReleaseBody = Closed({ unit: CallSign, reason: Line({ maxLength: 300 }) });

export const UndoBody = Closed({ unit: CallSign });

/**
 * How long an assignment may be taken back by its author as a slip (a key pressed twice, the wrong
 * line), seconds. Later, or once the unit has set off, it is released with a reason like any other.
 */
export const UNDO_WINDOW_S = 10;
/** An undo asked for at the end of the window still counts if it arrives this much later (the request's travel). */
export const UNDO_GRACE_S = 5;
/** The reason journaled when an assignment is undone. */
export const UNDO_REASON = 'undo';

/** What an undo needs to know of the assignment and of its unit now. */
export interface UndoCandidate {
  readonly callSign: string;
  readonly incident: string;
  readonly assignedAt: string;
  readonly assignedBy: string;
  /** The unit's status before this assignment; null when it cannot be put back (a unit diverted from another incident). */
  readonly unitStatusBefore: UnitStatus | null;
  readonly unitStatus: UnitStatus;
}

/** When the undo window of an assignment made at `assignedAt` ends. */
export function undoWindowEnd(assignedAt: string): string {
  return new Date(Date.parse(assignedAt) + UNDO_WINDOW_S * 1_000).toISOString();
}

/**
 * Why this undo is refused, or undefined when it may go ahead: only its author, only while the unit is
 * still `dispatched` (not yet en route or further), only for a unit that can go back to what it was
 * doing, and only within the window (grace included). Each refusal says what to do instead.
 */
export function undoRefusal(candidate: UndoCandidate, actor: Actor, nowMs: number): DomainError | undefined {
  const { callSign, incident } = candidate;
  const instead = `release it from ${incident} with a reason instead`;
  if (candidate.assignedBy !== actor) {
    return new DomainError('forbidden', `only ${candidate.assignedBy.replace(/^user:/, '')}, who sent ${callSign} to ${incident}, may undo it; ${instead}`, {
      errors: [{ field: 'unit', message: 'was sent by another dispatcher' }],
    });
  }
  if (candidate.unitStatus !== 'dispatched') {
    return new DomainError('conflict', `${callSign} is already \`${candidate.unitStatus}\`: an assignment is undone only before its unit sets off; ${instead}`, {
      errors: [{ field: 'unit', message: `is already ${candidate.unitStatus}` }],
    });
  }
  if (candidate.unitStatusBefore === null) {
    return new DomainError('conflict', `${callSign} was taken off another incident for ${incident}; undo cannot put it back there; ${instead}`, {
      errors: [{ field: 'unit', message: 'was diverted from another incident' }],
    });
  }
  if (nowMs > Date.parse(candidate.assignedAt) + (UNDO_WINDOW_S + UNDO_GRACE_S) * 1_000) {
    return new DomainError('conflict', `${callSign} was sent to ${incident} at ${candidate.assignedAt}, more than ${UNDO_WINDOW_S} s ago; ${instead}`, {
      errors: [{ field: 'unit', message: `was sent more than ${UNDO_WINDOW_S} s ago` }],
    });
  }
  return undefined;
}

/** What a unit's device receives on `amane/units/{callSign}/dispatch`. */
export interface DispatchOrder {
  readonly type: 'assigned' | 'released';
  readonly incident: string;
  readonly at: string;
  readonly priority?: string;
  readonly incidentType?: string;
  readonly location?: { readonly lat: number; readonly lon: number };
  readonly address?: string | null;
  readonly summary?: string;
  readonly reason?: string;
}

