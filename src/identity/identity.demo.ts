import type { Actor } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { listStations, type Station } from '../stations/index.js';
import type { NewDesk } from './appointment.js';
import { createDesk, listDesks } from './appointment.service.js';
import type { NewCentre } from './production.js';
import { createCentre, listCentres } from './production.service.js';

/**
 * The two issuance centres of the demo, at the cities' coordinates: Rabat, the main centre (3.16 million
 * cards a year, about 12,000 a day), and Marrakech, closer to the south (1.15 million, about 4,500).
 */
export const demoCentres: readonly NewCentre[] = [
  { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 250_000 },
  { code: 'MARRAKECH', name: 'Centre de production de Marrakech', prefix: 'M', location: { lat: 31.6295, lon: -7.9811 }, dailyCapacity: 4_500, stock: 100_000 },
];

/** A desk at a station: open Monday to Friday, 08:30 to 16:30, four people every 15 minutes. */
/** The letters of the national ID numbers the demo desks allocate to people registered without one. */
const DEMO_NIN_PREFIX = 'BK';

export function demoDesk(station: Station): NewDesk {
  return { code: station.code, name: station.name, station: station.code, location: station.location, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 4, weekdays: [1, 2, 3, 4, 5], ninPrefix: DEMO_NIN_PREFIX };
}

/**
 * Lays out the identity service of a demo: the issuance centres, and an enrolment desk at each station
 * (the given ones, else every station of the units module). What exists already is left as it is, so it
 * can run at every start. Each creation is an ordinary journaled command.
 */
export async function seedIdentityDemo(core: Core, actor: Actor, options: { stations?: readonly Station[]; centres?: readonly NewCentre[] } = {}): Promise<{ centres: number; desks: number }> {
  const centres = new Set((await listCentres(core.db)).map((c) => c.code));
  let createdCentres = 0;
  for (const centre of options.centres ?? demoCentres) {
    if (centres.has(centre.code)) continue;
    await createCentre(core, actor, centre);
    createdCentres += 1;
  }
  const desks = new Set((await listDesks(core.db)).map((d) => d.code));
  let createdDesks = 0;
  for (const station of options.stations ?? (await listStations(core.db))) {
    if (desks.has(station.code)) continue;
    await createDesk(core, actor, demoDesk(station));
    createdDesks += 1;
  }
  return { centres: createdCentres, desks: createdDesks };
}
