import { createHash } from 'node:crypto';
import { CENTRE_TIME_ZONE, offsetMs } from '../core/time-zone.js';
import { specimenFaceJpeg } from '../identity/icao/sample.js';
import { fingerprintTemplate } from '../identity/specimen.js';
import { SimHttpError, type SimClient } from './sim-http.js';
import { chance, exponential, logNormal, randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';

/**
 * The demo city's share of the national production (4.3 million cards a year for about 37 million
 * people): Casablanca's 3.4 million people bring some 1,100 applicants a working day; the demo plays a
 * quarter of them, enough to keep a clerk's screen and a production board moving.
 */
const APPLICANTS_PER_WORKING_HOUR = 35;
const OPENS_HOUR = 8.5;
const CLOSES_HOUR = 16.5;
/** The issuance operator schedules and produces once an hour, 06:00 to 22:00. */
const PRODUCTION_EVERY_MS = 3_600_000;

const SURNAMES: readonly (readonly [string, string])[] = [
  ['BENNANI', 'بناني'], ['EL IDRISSI', 'الإدريسي'], ['TAZI', 'التازي'], ['ALAOUI', 'العلوي'], ['BERRADA', 'برادة'], ['CHRAIBI', 'الشرايبي'],
  ['LAHLOU', 'لحلو'], ['FASSI', 'الفاسي'], ['KETTANI', 'الكتاني'], ['OUAZZANI', 'الوزاني'], ['SEBTI', 'السبتي'], ['AMRANI', 'العمراني'],
  ['NACIRI', 'الناصري'], ['BENJELLOUN', 'بنجلون'], ['SQUALLI', 'السقلي'], ['MERNISSI', 'المرنيسي'],
];
const GIVEN: readonly (readonly [string, string, 'F' | 'M'])[] = [
  ['AMINA', 'أمينة', 'F'], ['KARIM', 'كريم', 'M'], ['SALMA', 'سلمى', 'F'], ['MEHDI', 'المهدي', 'M'], ['IMANE', 'إيمان', 'F'], ['REDA', 'رضى', 'M'],
  ['LAILA', 'ليلى', 'F'], ['ANAS', 'أنس', 'M'], ['HAJAR', 'هاجر', 'F'], ['YASSINE', 'ياسين', 'M'], ['ZINEB', 'زينب', 'F'], ['HAMZA', 'حمزة', 'M'],
  ['GHITA', 'غيثة', 'F'], ['NABIL', 'نبيل', 'M'], ['HOUDA', 'هدى', 'F'], ['OMAR', 'عمر', 'M'],
];
const FATHERS = ['MOHAMED', 'AHMED', 'ABDELLAH', 'HASSAN', 'MUSTAPHA', 'DRISS', 'ABDELKADER', 'BRAHIM'];
const MOTHERS = ['FATIMA', 'KHADIJA', 'AICHA', 'MALIKA', 'NAIMA', 'RACHIDA', 'SAADIA', 'ZOHRA'];

interface Applicant {
  readonly nin: string;
  readonly birthDate: string;
  readonly desk: string;
  readonly random: Random;
  number: string | undefined;
}

/**
 * The identity service's day: citizens come to the enrolment desks in office hours (a clerk the
 * simulator plays registers them when new, opens the application with the fee paid, enrols photo,
 * two fingers and signature, and decides on what the checks refer), the issuance-centre operator
 * schedules the approved queue every hour, produces and ships the batches, the desks receive them hours
 * later and hand the cards over when their holders come. All through the identity API, as the clerk and
 * the operator (`sim-clerk`, `sim-issuance`).
 */
export class IdentityDesks implements SimulatedActor {
  readonly name = 'identity';
  private world!: SimWorld;
  private desks: readonly string[] = [];
  private readonly waiting = new Map<string, Applicant>();
  private arrivals = 0;

  constructor(
    private readonly clerk: SimClient,
    private readonly operator: SimClient,
    private readonly options: { readonly burst: boolean },
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    this.desks = (await this.clerk.get<{ code: string }[]>('/identity/desks')).map((d) => d.code);
    if (this.desks.length === 0) return;
    const now = world.scheduler.now();
    if (this.options.burst) for (const delayMs of [4_000, 15_000, 40_000]) world.scheduler.at(now + delayMs, 'applicant arrives', () => this.arrive());
    this.scheduleArrival(now);
    world.scheduler.at(now + 60_000, 'production round', () => this.produce());
  }

  async stop(): Promise<void> {}

  /** The next applicant: a Poisson process while the desks are open, none at night or on Sundays. */
  private scheduleArrival(after: number): void {
    const random = randomStream(this.world.seed, 'applicants', this.arrivals);
    let at = after + exponential(random, 3_600_000 / APPLICANTS_PER_WORKING_HOUR);
    const local = new Date(at + centreOffsetMs(at));
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    if (local.getUTCDay() === 0 || hour < OPENS_HOUR || hour >= CLOSES_HOUR) at = nextOpening(at);
    this.world.scheduler.at(at, 'applicant arrives', async () => {
      this.scheduleArrival(at);
      await this.arrive();
    });
  }

  private async arrive(): Promise<void> {
    const index = (this.arrivals += 1);
    const random = randomStream(this.world.seed, 'applicant', index);
    const [surname, surnameAr] = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
    const [given, givenAr, sex] = GIVEN[Math.floor(random() * GIVEN.length)]!;
    const child = chance(random, 0.12);
    const now = this.world.scheduler.now();
    const age = child ? uniform(random, 1, 11.5) : uniform(random, 18, 75);
    const birthDate = new Date(now - age * 365.25 * 86_400_000).toISOString().slice(0, 10);
    const tag = createHash('sha256').update(`${this.world.runTag}/${index}`).digest();
    const nin = `${String.fromCharCode(65 + (tag[0]! % 26))}${String.fromCharCode(65 + (tag[1]! % 26))}${String(tag.readUInt32BE(2) % 1_000_000).padStart(6, '0')}`;
    const applicant: Applicant = { nin, birthDate, desk: this.desks[Math.floor(random() * this.desks.length)]!, random, number: undefined };
    try {
      await this.clerk.post('/identity/persons', {
        nin,
        surname,
        givenNames: given,
        surnameAr,
        givenNamesAr: givenAr,
        sex,
        birthDate,
        birthPlace: 'Casablanca',
        fatherName: FATHERS[Math.floor(random() * FATHERS.length)],
        motherName: MOTHERS[Math.floor(random() * MOTHERS.length)],
        address: `${Math.floor(uniform(random, 1, 300))} rue ${Math.floor(uniform(random, 1, 120))}, Casablanca`,
      });
      const application = await this.clerk.post<{ number: string }>('/identity/applications', {
        nin,
        kind: 'first_card',
        desk: applicant.desk,
        payment: { amountMad: child ? 50 : 75, reference: `PAY-${this.world.runTag}-${index}` },
      });
      applicant.number = application.number;
    } catch (error) {
      // Two runs drew the same national ID number: that person is someone else's now.
      if (error instanceof SimHttpError && error.status === 409) return;
      throw error;
    }
    this.world.scheduler.after(logNormal(random, 6 * 60_000, 0.4), 'clerk enrols', () => this.enrol(applicant));
  }

  private async enrol(applicant: Applicant): Promise<void> {
    const { random, number } = applicant;
    if (number === undefined) return;
    const face = specimenFaceJpeg();
    const finger = (position: number) => ({ position, template: fingerprintTemplate(`${applicant.nin}/${position}`), quality: Math.round(uniform(random, 55, 95)) });
    const enrolled = await this.clerk.post<{ status: string }>(`/identity/applications/${number}/enrolment`, {
      photo: { data: Buffer.from(face.data).toString('base64'), quality: Math.round(uniform(random, 60, 95)) },
      fingerprints: [finger(2), finger(7)],
      signature: { data: Buffer.from(`signature ${applicant.nin} ................`).toString('base64') },
    });
    if (enrolled.status === 'referred' || enrolled.status === 'checked') {
      // An officer looks at what the checks found: these are different people who read alike.
      this.world.scheduler.after(logNormal(random, 30 * 60_000, 0.5), 'officer decides', async () => {
        await this.clerk.post(`/identity/applications/${number}/decision`, { decision: 'approve', reason: 'Personne différente : vérifiée au registre' });
      });
    }
    this.waiting.set(number, applicant);
  }

  /** The issuance operator's round: schedule today's queue, produce and ship every batch scheduled. */
  private async produce(): Promise<void> {
    this.world.scheduler.after(PRODUCTION_EVERY_MS, 'production round', () => this.produce());
    const local = new Date(this.world.scheduler.now() + centreOffsetMs(this.world.scheduler.now()));
    if (local.getUTCHours() < 6 || local.getUTCHours() >= 22) return;
    await this.operator.post('/identity/production/schedule');
    for (const batch of await this.operator.get<{ id: string }[]>('/identity/batches?status=scheduled')) {
      await this.operator.post(`/identity/batches/${encodeURIComponent(batch.id)}/produce`);
      const shipped = await this.operator.post<{ id: string; applications: string[] }>(`/identity/batches/${encodeURIComponent(batch.id)}/ship`);
      const random = randomStream(this.world.seed, 'batch', batch.id);
      this.world.scheduler.after(uniform(random, 2, 6) * 3_600_000, 'desk receives', () => this.receive(shipped.id, shipped.applications));
    }
  }

  /** The desk receives the batch; each holder comes for the card within days (a few hours for some). */
  private async receive(batch: string, applications: readonly string[]): Promise<void> {
    await this.clerk.post(`/identity/batches/${encodeURIComponent(batch)}/receive`);
    for (const number of applications) {
      const applicant = this.waiting.get(number);
      if (applicant === undefined) continue;
      this.world.scheduler.after(logNormal(applicant.random, 8 * 3_600_000, 1), 'holder collects', async () => {
        this.waiting.delete(number);
        await this.clerk.post(`/identity/applications/${number}/handover`, { nin: applicant.nin, birthDate: applicant.birthDate });
      });
    }
  }
}

function centreOffsetMs(ms: number): number {
  return offsetMs(new Date(ms), CENTRE_TIME_ZONE);
}

/** The next time the desks open (08:30 local, Monday to Saturday) after `ms`. */
function nextOpening(ms: number): number {
  let day = Math.floor((ms + centreOffsetMs(ms)) / 86_400_000);
  for (;;) {
    const opening = day * 86_400_000 + OPENS_HOUR * 3_600_000;
    const at = opening - centreOffsetMs(opening);
    if (at > ms && new Date(opening).getUTCDay() !== 0) return at;
    day += 1;
  }
}
