import { describe, expect, it } from 'vitest';
import type { Assignment } from '@contract/shapes';
import { openAssignment } from './openAssignment';

function assignment(callSign: string, assignedAt: string, releasedAt: string | null = null): Assignment {
  return { callSign, assignedAt, assignedBy: 'user:dispatcher', etaS: 240, acknowledgedAt: null, releasedAt, releaseReason: releasedAt === null ? null : 'cleared', undoableUntil: null };
}

describe('a unit’s open assignment', () => {
  it('is the unit’s latest assignment not released, never another unit’s', () => {
    const first = assignment('P-1', '2026-12-07T10:00:00.000Z', '2026-12-07T10:20:00.000Z');
    const again = assignment('P-1', '2026-12-07T10:30:00.000Z');
    const other = assignment('P-10', '2026-12-07T10:31:00.000Z');
    expect(openAssignment([first, again, other], 'P-1')).toBe(again);
    expect(openAssignment([first, other], 'P-1')).toBeNull();
    expect(openAssignment([], 'P-1')).toBeNull();
  });
});
