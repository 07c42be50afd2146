import fs from 'node:fs';
import path from 'node:path';
import type { PersonRole } from '../core/auth/permission.js';
import type { Actor } from '../core/auth/principal.js';
import { oneTimePassword } from '../core/auth/secret.js';
import { findUserByUsername } from '../core/auth/user.repository.js';
import { createUser, listUsers } from '../core/auth/user.service.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { createCamera, createHotlist, listCameras, listHotlists } from '../cameras/index.js';
import { createSquad, listSquads, type NewEquipment } from '../eod/index.js';
import { getAreaIndex, importAreas } from '../geo/area.service.js';
import { createPerson, linkAccount, seedIdentityDemo } from '../identity/index.js';
import { demoDistricts } from '../geo/demo-districts.js';
import { getRoadGraph, importRoads } from '../geo/roads/road.service.js';
import type { Capability } from '../incidents/index.js';
import { createUnit, listUnits, type NewUnit } from '../units/index.js';
import { createStation, listStations, seedStationsFromAreas, type Station } from '../stations/index.js';
import { DEMO_TRANSIT_FEED, demoTransitZip, importGtfs, listFeeds } from '../transit/index.js';
import { localYear } from '../core/time-zone.js';
import { demoCameras, demoHotlist } from './demo-cameras.js';
import { createCorridor, listCorridors } from '../traffic/index.js';
import { DEMO_CITY_CENTRE } from '../geo/roads/demo-city.js';

/** The journal's name for the demo's seeding. */
export const DEMO_ACTOR: Actor = 'system:demo';

/** A person of the demo, one per role, to sign in to the console with. */
export interface DemoPerson {
  readonly username: string;
  readonly fullName: string;
  /** The name in Arabic script, as the Arabic console shows it. */
  readonly fullNameAr: string;
  readonly roles: readonly PersonRole[];
  readonly note?: string;
}

/** The demo's field officer crews the first patrol car. */
const OFFICER_UNIT_NUMBER = 1;

export const demoPeople: readonly DemoPerson[] = [
  { username: 'calltaker', fullName: 'Nadia Bennani', fullNameAr: 'نادية بناني', roles: ['call-taker'] },
  { username: 'dispatcher', fullName: 'Youssef El Amrani', fullNameAr: 'يوسف العمراني', roles: ['dispatcher'] },
  { username: 'supervisor', fullName: 'Khadija Tazi', fullNameAr: 'خديجة التازي', roles: ['supervisor'] },
  { username: 'officer', fullName: 'Hicham Berrada', fullNameAr: 'هشام برادة', roles: ['field-officer'], note: 'crew of the first patrol car' },
  { username: 'cctv', fullName: 'Samira Alaoui', fullNameAr: 'سميرة العلوي', roles: ['cctv-operator'] },
  { username: 'eod', fullName: 'Driss Ouali', fullNameAr: 'إدريس الوالي', roles: ['eod-officer'] },
  { username: 'traffic', fullName: 'Fatima Zahra Lahrichi', fullNameAr: 'فاطمة الزهراء الحريشي', roles: ['traffic-operator'] },
  { username: 'clerk', fullName: 'Asmae Kabbaj', fullNameAr: 'أسماء القباج', roles: ['identity-clerk'] },
  { username: 'issuance', fullName: 'Mustapha Raji', fullNameAr: 'مصطفى الراجي', roles: ['issuance-operator'] },
  { username: 'certificates', fullName: 'Rachid Naciri', fullNameAr: 'رشيد الناصري', roles: ['certificate-officer'] },
  { username: 'citizen', fullName: 'Meryem Kabbaj', fullNameAr: 'مريم القباج', roles: ['citizen'], note: 'linked to the national ID number DM123456' },
  { username: 'auditor', fullName: 'Omar Benjelloun', fullNameAr: 'عمر بنجلون', roles: ['auditor'] },
  { username: 'admin', fullName: 'Administrateur du système', fullNameAr: 'مسؤول النظام', roles: ['administrator'] },
];

/** The simulator's own accounts: the dispatcher it plays, and the supervisor whose figures it reads. */
export const SIM_DISPATCHER = 'sim-dispatcher';
export const SIM_SUPERVISOR = 'sim-supervisor';
export const SIM_TRAFFIC = 'sim-traffic';
/** The identity desk's clerk and the issuance-centre operator the simulator plays. */
export const SIM_CLERK = 'sim-clerk';
export const SIM_ISSUANCE = 'sim-issuance';
/** The demo citizen's record in the national register. */
const DEMO_CITIZEN_NIN = 'DM123456';

const callTakerNames: readonly (readonly [string, string])[] = [
  ['Amina Idrissi', 'أمينة الإدريسي'],
  ['Karim Lahlou', 'كريم لحلو'],
  ['Salma Chraibi', 'سلمى الشرايبي'],
  ['Mehdi Naciri', 'المهدي الناصري'],
  ['Imane Fassi', 'إيمان الفاسي'],
  ['Reda Benkirane', 'رضا بنكيران'],
  ['Laila Squalli', 'ليلى الصقلي'],
  ['Anas Berrada', 'أنس برادة'],
  ['Hajar Kettani', 'هاجر الكتاني'],
  ['Soufiane Ouazzani', 'سفيان الوزاني'],
  ['Meryem Sebti', 'مريم السبتي'],
  ['Yassine Alami', 'ياسين العلمي'],
  ['Zineb Lamrani', 'زينب العمراني'],
  ['Hamza Tahiri', 'حمزة الطاهري'],
  ['Sanaa Bennis', 'سناء بنيس'],
  ['Adil Cherkaoui', 'عادل الشرقاوي'],
  ['Ghita Benslimane', 'غيثة بنسليمان'],
  ['Nabil Zniber', 'نبيل زنيبر'],
  ['Houda Mernissi', 'هدى المرنيسي'],
  ['Rachid Belkhayat', 'رشيد بلخياط'],
];

/** The usernames of the demo's call-takers: `calltaker01`, ... (at least 20). */
export function callTakerUsernames(count: number): string[] {
  return Array.from({ length: Math.max(20, count) }, (_, i) => `calltaker${String(i + 1).padStart(2, '0')}`);
}

/**
 * Stations for the national EOD squads outside Casablanca, at the cities' real coordinates (the
 * prefectures of police of Rabat and Fez).
 */
const otherCityStations = [
  { code: 'ST-RABAT', name: 'Rabat', nameAr: 'الرباط', location: { lat: 34.0209, lon: -6.8416 }, eodSign: 'RABAT-EOD-1' },
  { code: 'ST-FES', name: 'Fes', nameAr: 'فاس', location: { lat: 34.0331, lon: -5.0003 }, eodSign: 'FES-EOD-1' },
] as const;

const FLEET = { patrolCars: 120, motorcycles: 20, brigades: 4, eodSquads: 2 } as const;
/** Cameras on the demo city's main roads. */
export const DEMO_CAMERAS = 210;

/**
 * The demo fleet: 120 patrol cars and 20 motorcycles shared among the district stations by
 * population (largest remainder, at least three cars and one motorcycle each), four intervention
 * brigades at the four most populous districts' stations, two EOD squads at the most populous one,
 * and one EOD squad each in Rabat and Fez. Capabilities are mixed so that every incident type of the
 * catalogue has units able to go: every car can take traffic and investigations, one in three is
 * armed, one in five has officers trained for women and children, one in twelve a dog; brigades can
 * do all but EOD work; EOD squads have the robot.
 */
export function demoFleet(stations: readonly (Station & { population: number })[], cityCode: string): NewUnit[] {
  const districts = [...stations].filter((s) => s.area !== null).sort((a, b) => a.code.localeCompare(b.code));
  const units: NewUnit[] = [];
  if (districts.length === 0) return units;
  const byPopulation = [...districts].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  const cars = share(districts.map((d) => d.population), FLEET.patrolCars, 3);
  const bikes = share(districts.map((d) => d.population), FLEET.motorcycles, 1);
  let car = 0;
  let bike = 0;
  districts.forEach((station, i) => {
    for (let k = 0; k < cars[i]!; k += 1) {
      car += 1;
      const capabilities: Capability[] = ['traffic', 'investigation'];
      if (car % 3 === 0) capabilities.push('armed');
      if (car % 5 === 0) capabilities.push('women-and-children');
      if (car % 12 === 0) capabilities.push('canine');
      units.push({
        callSign: `${cityCode}-PC-${String(car).padStart(3, '0')}`,
        kind: 'patrol_car',
        station: station.code,
        capabilities,
        ...(car === OFFICER_UNIT_NUMBER ? { crew: ['officer'] } : {}),
      });
    }
    for (let k = 0; k < bikes[i]!; k += 1) {
      bike += 1;
      units.push({ callSign: `${cityCode}-MC-${String(bike).padStart(2, '0')}`, kind: 'motorcycle', station: station.code, capabilities: ['traffic'] });
    }
  });
  byPopulation.slice(0, FLEET.brigades).forEach((station, i) => {
    units.push({
      callSign: `${cityCode}-BI-${i + 1}`,
      kind: 'intervention_brigade',
      station: station.code,
      capabilities: ['armed', 'intervention', 'investigation', 'canine', 'traffic', 'women-and-children'],
    });
  });
  for (let i = 1; i <= FLEET.eodSquads; i += 1) {
    units.push({ callSign: `${cityCode}-EOD-${i}`, kind: 'eod_squad', station: byPopulation[0]!.code, capabilities: ['eod', 'robot', 'intervention'] });
  }
  for (const other of otherCityStations) {
    if (stations.some((s) => s.code === other.code)) units.push({ callSign: other.eodSign, kind: 'eod_squad', station: other.code, capabilities: ['eod', 'robot', 'intervention'] });
  }
  return units;
}

/** `total` shared in proportion to `weights` (largest remainder), each getting at least `minimum`. */
function share(weights: readonly number[], total: number, minimum: number): number[] {
  const left = total - minimum * weights.length;
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const exact = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * Math.max(0, left) : Math.max(0, left) / weights.length));
  const counts = exact.map((x) => Math.floor(x));
  let rest = Math.max(0, left) - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, fraction: x - Math.floor(x) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    counts[i]! += 1;
    rest -= 1;
  }
  return counts.map((c) => c + minimum);
}

export interface DemoSeed {
  /** Whether this start laid the demo out (the first), or found it there. */
  readonly firstTime: boolean;
  /** The demo's people, with the password given at creation (undefined when they existed already). */
  readonly people: readonly (DemoPerson & { readonly password: string | undefined })[];
  /** Passwords of every account created now, the simulator's included. */
  readonly passwords: ReadonlyMap<string, string>;
  readonly counts: { readonly districts: number; readonly stations: number; readonly units: number; readonly cameras: number; readonly callTakers: number };
  /** Where the roads come from: `demo` (generated) or the imported file's name. */
  readonly roads: string;
}

/**
 * Lays out the demo city through the services, each step journaled as `system:demo` like any other
 * action, and only what is missing: a second start finds everything and creates nothing. Roads (the
 * file `roadsFile` when given, imported once; else the generated city, which needs no import), the
 * demo districts, a station in each and in Rabat and Fez, the fleet, the people of the demo (one per
 * role, no password change asked), the call-takers and the simulator's accounts.
 */
export async function seedDemo(core: Core, options: { password?: string; roadsFile?: string; callTakers?: number } = {}): Promise<DemoSeed> {
  const created = { areas: 0, stations: 0, units: 0, users: 0, roads: 0, cameras: 0, hotlists: 0, centres: 0, desks: 0, squads: 0, corridors: 0 };
  if (options.roadsFile !== undefined) {
    const source = path.basename(options.roadsFile);
    if ((await getRoadGraph(core)).source !== source) {
      await importRoads(core, DEMO_ACTOR, fs.readFileSync(options.roadsFile, 'utf8'), source);
      created.roads = 1;
    }
  }
  if ((await getAreaIndex(core)).areas.length === 0) {
    created.areas = (await importAreas(core, DEMO_ACTOR, JSON.stringify(demoDistricts()), 'demo-districts')).length;
  }
  created.stations += (await seedStationsFromAreas(core, DEMO_ACTOR)).length;
  const stationCodes = new Set((await listStations(core.db)).map((s) => s.code));
  for (const other of otherCityStations) {
    if (stationCodes.has(other.code)) continue;
    await createStation(core, DEMO_ACTOR, { code: other.code, name: other.name, nameAr: other.nameAr, location: other.location });
    created.stations += 1;
  }

  // People before units: the first car's crew is the demo's field officer.
  const passwords = new Map<string, string>();
  const addUser = async (username: string, [fullName, fullNameAr]: readonly [string, string], roles: readonly PersonRole[]): Promise<string | undefined> => {
    if ((await findUserByUsername(core.db, username)) !== undefined) return undefined;
    // The administrator's own setting, when given, wins for the administrator.
    const password = (roles.includes('administrator') ? core.config.adminPassword : undefined) ?? options.password ?? oneTimePassword();
    await createUser(core, DEMO_ACTOR, { username, fullName, fullNameAr, roles: [...roles], password }, { temporaryPassword: false });
    passwords.set(username, password);
    created.users += 1;
    return password;
  };
  const people: (DemoPerson & { password: string | undefined })[] = [];
  for (const person of demoPeople) people.push({ ...person, password: await addUser(person.username, [person.fullName, person.fullNameAr], person.roles) });
  const callTakers = callTakerUsernames(options.callTakers ?? 20);
  for (const [i, username] of callTakers.entries()) await addUser(username, callTakerNames[i % callTakerNames.length]!, ['call-taker']);
  await addUser(SIM_DISPATCHER, ['Régulateur simulé', 'موزع التدخلات المحاكي'], ['dispatcher']);
  await addUser(SIM_SUPERVISOR, ['Superviseur simulé', 'المشرف المحاكي'], ['supervisor']);
  await addUser(SIM_TRAFFIC, ['Opérateur de circulation simulé', 'مشغل حركة السير المحاكي'], ['traffic-operator']);
  await addUser(SIM_CLERK, ['Agent de guichet simulé', 'موظف الشباك المحاكي'], ['identity-clerk']);
  await addUser(SIM_ISSUANCE, ['Opérateur de production simulé', 'مشغل الإنتاج المحاكي'], ['issuance-operator']);

  const areas = (await getAreaIndex(core)).areas;
  const population = new Map(areas.map((a) => [a.code, a.population ?? 0]));
  const stations = (await listStations(core.db)).map((s) => ({ ...s, population: s.area === null ? 0 : (population.get(s.area) ?? 0) }));
  const existing = new Set((await listUnits(core)).map((u) => u.callSign));
  for (const unit of demoFleet(stations, core.config.cityCode)) {
    if (existing.has(unit.callSign)) continue;
    await createUnit(core, DEMO_ACTOR, unit);
    created.units += 1;
  }

  // Cameras on the main roads, and a hotlist of stolen vehicles for the plate reads.
  const cameraIds = new Set((await listCameras(core.db)).map((c) => c.id));
  if (cameraIds.size === 0) {
    for (const camera of demoCameras(await getRoadGraph(core), DEMO_CAMERAS, core.config.cityCode)) {
      await createCamera(core, DEMO_ACTOR, camera);
      created.cameras += 1;
    }
  }
  if ((await listHotlists(core.db)).length === 0) {
    await createHotlist(core, DEMO_ACTOR, demoHotlist());
    created.hotlists += 1;
  }

  // Three corridors for the traffic room: out of the centre east and south, and across it west to north.
  if ((await listCorridors(core)).length === 0) {
    for (const corridor of demoCorridors()) await createCorridor(core, DEMO_ACTOR, corridor);
    created.corridors = 3;
  }

  // The EOD squads' records: their city and equipment. The second Casablanca squad's robot is in
  // maintenance, so the recommendation shows a degraded squad.
  const squads = new Set((await listSquads(core)).map((squad) => squad.callSign));
  const cityOf: Readonly<Record<string, string>> = { 'ST-RABAT': 'Rabat', 'ST-FES': 'Fes' };
  for (const unit of await listUnits(core)) {
    if (unit.kind !== 'eod_squad' || squads.has(unit.callSign)) continue;
    const robotDown = unit.callSign.endsWith('-EOD-2');
    await createSquad(core, DEMO_ACTOR, { callSign: unit.callSign, city: cityOf[unit.station] ?? 'Casablanca', equipment: demoEquipment(core.clock.now(), robotDown) });
    created.squads += 1;
  }

  // The identity service: the issuance centres of Rabat and Marrakech, a desk at every station, and
  // the demo citizen's record, linked to their account.
  const identity = await seedIdentityDemo(core, DEMO_ACTOR);
  created.centres = identity.centres;
  created.desks = identity.desks;
  if (people.some((p) => p.username === 'citizen' && p.password !== undefined)) {
    await createPerson(core, DEMO_ACTOR, {
      nin: DEMO_CITIZEN_NIN,
      surname: 'KABBAJ',
      givenNames: 'MERYEM',
      surnameAr: 'القباج',
      givenNamesAr: 'مريم',
      sex: 'F',
      birthDate: '1994-03-17',
      birthPlace: 'Casablanca',
      fatherName: 'AHMED',
      motherName: 'NAIMA',
      address: '12 rue de Fès, Casablanca',
    });
    await linkAccount(core, DEMO_ACTOR, DEMO_CITIZEN_NIN, 'citizen');
  }

  // The demo city's trams and busway: a GTFS feed generated from its roads, imported once like any feed.
  if (!(await listFeeds(core)).some((feed) => feed.id === DEMO_TRANSIT_FEED)) {
    await importGtfs(core, DEMO_ACTOR, DEMO_TRANSIT_FEED, demoTransitZip(await getRoadGraph(core), localYear(core.clock.now())), 'demo city lines');
  }

  const counts = {
    districts: areas.length,
    stations: stations.length,
    units: (await listUnits(core)).length,
    cameras: (await listCameras(core.db)).length,
    callTakers: callTakers.length,
  };
  // The demo's people are created at its first start only.
  const firstTime = people.some((person) => person.password !== undefined);
  if (Object.values(created).some((n) => n > 0)) {
    await runCommand(core, DEMO_ACTOR, async ({ record }) => {
      record('demo/city', 'demo.seeded', { created, ...counts });
    });
  }
  return { firstTime, people, passwords, counts, roads: (await getRoadGraph(core)).source };
}

/** A point `east` and `north` metres from the demo city's centre. */
function fromCentre(east: number, north: number): { lat: number; lon: number } {
  const metresPerDegree = 111_195;
  const lat = DEMO_CITY_CENTRE.lat + north / metresPerDegree;
  const lon = DEMO_CITY_CENTRE.lon + east / (metresPerDegree * Math.cos((DEMO_CITY_CENTRE.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

/** The demo's corridors: waypoints a few kilometres apart, each put on its nearest road when timed. */
export function demoCorridors(): { nameAr: string; nameFr: string; nameEn: string; waypoints: { lat: number; lon: number }[] }[] {
  return [
    { nameAr: 'محور الوسط - الشرق', nameFr: 'Axe centre – est', nameEn: 'Centre – east axis', waypoints: [fromCentre(0, 0), fromCentre(1_200, 100), fromCentre(2_400, 0)] },
    { nameAr: 'محور الوسط - الجنوب', nameFr: 'Axe centre – sud', nameEn: 'Centre – south axis', waypoints: [fromCentre(0, 0), fromCentre(-100, -1_200), fromCentre(0, -2_400)] },
    { nameAr: 'محور الغرب - الشمال', nameFr: 'Traversée ouest – nord', nameEn: 'West – north crossing', waypoints: [fromCentre(-2_000, 0), fromCentre(0, 0), fromCentre(0, 2_000)] },
  ];
}

/** A squad's kit: a robot, an X-ray set, a jammer, a bomb suit and its vehicle, serviced within months. */
function demoEquipment(now: Date, robotInMaintenance: boolean): NewEquipment[] {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return [
    { kind: 'robot', label: 'tEODor robot', readiness: robotInMaintenance ? 'maintenance' : 'ready', nextMaintenance: inDays(robotInMaintenance ? 3 : 60) },
    { kind: 'x_ray', label: 'Portable X-ray set', readiness: 'ready', nextMaintenance: inDays(90) },
    { kind: 'jammer', label: 'RF jammer', readiness: 'ready', nextMaintenance: inDays(120) },
    { kind: 'bomb_suit', label: 'EOD 10 bomb suit', readiness: 'ready', nextMaintenance: inDays(180) },
    { kind: 'vehicle', label: 'EOD response van', readiness: 'ready', nextMaintenance: inDays(30) },
  ];
}

/**
 * Whether `amane start` runs the demo: `on` and `off` say so; `auto` (the default) runs it outside
 * production when the database is empty (no user yet) or holds the demo already (its accounts).
 */
export async function demoWanted(core: Core): Promise<boolean> {
  const setting = core.config.demo;
  if (setting !== 'auto') return setting === 'on';
  if (core.config.production) return false;
  if ((await findUserByUsername(core.db, SIM_DISPATCHER)) !== undefined) return true;
  return (await listUsers(core.db, { includeDisabled: true })).length === 0;
}
