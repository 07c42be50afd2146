import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo/geometry.js';
import { addDays } from './identity.js';
import { scheduleDay, type DaySchedule, type QueuedApplication, type SchedulingCentre } from './production.js';

const RABAT = { lat: 34.0209, lon: -6.8416 };
const MARRAKECH = { lat: 31.6295, lon: -7.9811 };
const CASABLANCA = { lat: 33.5883, lon: -7.6318 };
const AGADIR = { lat: 30.4202, lon: -9.5982 };

const centre = (code: string, location: { lat: number; lon: number }, capacityLeft: number, stockLeft: number, online = true): SchedulingCentre => ({ code, location, online, capacityLeft, stockLeft });
const queued = (number: string, desk: string, destination: { lat: number; lon: number }): QueuedApplication => ({ number, desk, destination });

describe('scheduling a day of production', () => {
  it('sends each card to the nearest centre with room: Casablanca to Rabat, Agadir to Marrakech', () => {
    const plan = scheduleDay([centre('RABAT', RABAT, 10, 10), centre('MARRAKECH', MARRAKECH, 10, 10)], [queued('A1', 'CASA', CASABLANCA), queued('A2', 'AGADIR', AGADIR), queued('A3', 'CASA', CASABLANCA)], '2026-03-03');
    expect(plan.assignments).toEqual([
      { number: 'A1', centre: 'RABAT' },
      { number: 'A2', centre: 'MARRAKECH' },
      { number: 'A3', centre: 'RABAT' },
    ]);
    expect(plan.batches).toEqual([
      { centre: 'RABAT', desk: 'CASA', applications: ['A1', 'A3'] },
      { centre: 'MARRAKECH', desk: 'AGADIR', applications: ['A2'] },
    ]);
  });

  it('overflows to the next nearest centre when the nearest is full, out of blank cards or offline, and keeps the rest waiting', () => {
    const queue = ['A1', 'A2', 'A3', 'A4'].map((n) => queued(n, 'CASA', CASABLANCA));
    expect(scheduleDay([centre('RABAT', RABAT, 1, 10), centre('MARRAKECH', MARRAKECH, 2, 10)], queue, 'd')).toMatchObject({
      assignments: [{ centre: 'RABAT' }, { centre: 'MARRAKECH' }, { centre: 'MARRAKECH' }],
      unscheduled: ['A4'],
    });
    expect(scheduleDay([centre('RABAT', RABAT, 10, 0), centre('MARRAKECH', MARRAKECH, 10, 1)], queue, 'd')).toMatchObject({ assignments: [{ number: 'A1', centre: 'MARRAKECH' }], unscheduled: ['A2', 'A3', 'A4'] });
    expect(scheduleDay([centre('RABAT', RABAT, 10, 10, false), centre('MARRAKECH', MARRAKECH, 10, 10)], queue, 'd').assignments.every((a) => a.centre === 'MARRAKECH')).toBe(true);
    expect(scheduleDay([], queue, 'd').unscheduled).toEqual(['A1', 'A2', 'A3', 'A4']);
  });
});

// Random centres and desks over Morocco, queues with repeated desks (and the odd repeated number).
const place = fc.record({ lat: fc.double({ min: 21, max: 36, noNaN: true }), lon: fc.double({ min: -17, max: -1, noNaN: true }) });
const centres = fc.uniqueArray(
  fc.record({ code: fc.constantFrom('RABAT', 'MARRAKECH', 'FES', 'LAAYOUNE', 'OUJDA', 'TANGER'), location: place, online: fc.nat(4).map((n) => n > 0), capacity: fc.nat(60), stock: fc.nat(80) }),
  { selector: (c) => c.code, maxLength: 6 },
);
const queue = fc.tuple(fc.array(place, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.nat(11), fc.nat(400)), { maxLength: 300 })).map(([desks, picks]) =>
  picks.map(([desk, n]) => queued(`CNIE-2026-${String(n).padStart(7, '0')}`, `DESK-${desk % desks.length}`, desks[desk % desks.length]!)),
);

/** What must hold of any plan: capacity, stock and the online rule; each application once, none lost; nearest first. */
function checkPlan(input: readonly SchedulingCentre[], items: readonly QueuedApplication[], plan: DaySchedule): void {
  const used = new Map<string, number>();
  for (const a of plan.assignments) used.set(a.centre, (used.get(a.centre) ?? 0) + 1);
  for (const c of input) {
    const n = used.get(c.code) ?? 0;
    expect(n).toBeLessThanOrEqual(c.capacityLeft);
    expect(n).toBeLessThanOrEqual(c.stockLeft);
    if (!c.online) expect(n).toBe(0);
  }
  const distinct = [...new Set(items.map((i) => i.number))];
  const placed = [...plan.assignments.map((a) => a.number), ...plan.unscheduled];
  expect(placed.length).toBe(distinct.length);
  expect(new Set(placed)).toEqual(new Set(distinct));
  expect(plan.batches.flatMap((b) => b.applications).sort()).toEqual(plan.assignments.map((a) => a.number).sort());
  // Room only shrinks: a nearer online centre passed over must have been full by the end.
  const left = new Map(input.map((c) => [c.code, Math.min(c.capacityLeft, c.stockLeft) - (used.get(c.code) ?? 0)]));
  // The first time a number is queued is the one scheduled (a repeat is skipped).
  const where = new Map<string, { lat: number; lon: number }>();
  for (const i of items) if (!where.has(i.number)) where.set(i.number, i.destination);
  for (const a of plan.assignments) {
    const chosen = input.find((c) => c.code === a.centre)!;
    for (const other of input) {
      if (other.online && distanceM(other.location, where.get(a.number)!) < distanceM(chosen.location, where.get(a.number)!)) expect(left.get(other.code)).toBe(0);
    }
  }
  if (plan.unscheduled.length > 0) for (const c of input) if (c.online) expect(left.get(c.code)).toBe(0);
}

describe('the scheduler, over random days', () => {
  it('never exceeds a centre’s capacity or stock, never uses an offline centre, schedules nothing twice and loses nothing', () => {
    fc.assert(
      fc.property(centres, queue, (cs, items) => {
        const input = cs.map((c) => centre(c.code, c.location, c.capacity, c.stock, c.online));
        checkPlan(input, items, scheduleDay(input, items, '2026-03-03'));
      }),
      { numRuns: 500, seed: 20260303 },
    );
  });

  it('over successive days with stock carried over, produces every card once and never more than capacity or stock', () => {
    fc.assert(
      fc.property(centres, queue, fc.integer({ min: 1, max: 8 }), (cs, items, days) => {
        const stock = new Map<string, number>(cs.map((c) => [c.code, c.stock]));
        let waiting: readonly QueuedApplication[] = items;
        const produced = new Map<string, string>();
        for (let d = 0; d < days; d += 1) {
          const day = addDays('2026-03-02', d);
          // A centre goes offline on some days: its work goes elsewhere or waits.
          const input = cs.map((c, i) => centre(c.code, c.location, c.capacity, stock.get(c.code)!, c.online && (d + i) % 3 !== 0));
          const plan = scheduleDay(input, waiting, day);
          checkPlan(input, waiting, plan);
          for (const a of plan.assignments) {
            expect(produced.has(a.number)).toBe(false);
            produced.set(a.number, day);
            stock.set(a.centre, stock.get(a.centre)! - 1);
          }
          const left = new Set(plan.unscheduled);
          waiting = waiting.filter((w) => left.has(w.number));
        }
        for (const value of stock.values()) expect(value).toBeGreaterThanOrEqual(0);
        expect(produced.size + new Set(waiting.map((w) => w.number)).size).toBe(new Set(items.map((i) => i.number)).size);
      }),
      { numRuns: 300, seed: 20260304 },
    );
  });
});
