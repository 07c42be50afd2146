import { describe, expect, it } from 'vitest';
import type { ProductionBoard } from '@contract/shapes';
import { batchStep, capacityUsed, centreShown, nothingScheduled, shareDigits } from './issuance';

function board(change: Partial<ProductionBoard> = {}, centre: Partial<ProductionBoard['centre']> = {}): ProductionBoard {
  return {
    centre: { code: 'CP-CASA', name: 'Casablanca', prefix: 'CA', location: { lat: 33.57, lon: -7.59 }, dailyCapacity: 12_000, stock: 500, online: true, updatedAt: '2026-12-07T08:00:00.000Z', ...centre },
    day: '2026-12-07',
    scheduled: 0,
    capacityLeft: 12_000,
    stockReserved: 0,
    stockFree: 500,
    queue: 40,
    batches: [],
    ...change,
  };
}

describe('the issuance board', () => {
  it('says why nothing is scheduled in the order the operator can act on it', () => {
    expect(nothingScheduled(board({ stockFree: 0, queue: 0 }, { online: false }))).toBe('offline');
    expect(nothingScheduled(board({ stockFree: 0, capacityLeft: 0 }))).toBe('noStock');
    expect(nothingScheduled(board({ capacityLeft: 0, queue: 0 }))).toBe('noCapacity');
    expect(nothingScheduled(board({ queue: 0 }))).toBe('noQueue');
    expect(nothingScheduled(board())).toBe('notScheduled');
  });

  it('shares the capacity used up to the whole, with two decimals under one percent', () => {
    expect(capacityUsed(undefined)).toBe(0);
    expect(capacityUsed(board({ scheduled: 5 }, { dailyCapacity: 0 }))).toBe(0);
    expect(capacityUsed(board({ scheduled: 3_000 }))).toBe(0.25);
    expect(capacityUsed(board({ scheduled: 13_000 }))).toBe(1);
    expect(shareDigits(capacityUsed(board({ scheduled: 1 })))).toBe(2);
    expect(shareDigits(0)).toBe(0);
    expect(shareDigits(0.25)).toBe(0);
  });

  it('keeps the centre chosen while it exists, else shows the first', () => {
    expect(centreShown(['CP-CASA', 'CP-RABAT'], 'CP-RABAT')).toBe('CP-RABAT');
    expect(centreShown(['CP-CASA', 'CP-RABAT'], 'CP-GONE')).toBe('CP-CASA');
    expect(centreShown(['CP-CASA'], '')).toBe('CP-CASA');
    expect(centreShown([], 'CP-CASA')).toBe('CP-CASA');
  });

  it('offers a batch its next step at the centre: produce a scheduled one, ship a produced one, nothing after', () => {
    expect(batchStep('scheduled')).toBe('produce');
    expect(batchStep('produced')).toBe('ship');
    expect(batchStep('shipped')).toBeNull();
    expect(batchStep('received')).toBeNull();
    expect(batchStep('cancelled')).toBeNull();
  });
});
