import { Type, type Static } from 'typebox';
import { DomainError, type FieldProblem } from '../core/errors.js';
import { Closed, Line, Timestamp, Uuid } from '../core/schema.js';
import { BASE64_PATTERN, IsoDate, NationalIdNumber, PlaceCode } from './identity.js';
import { PersonChange } from './person.js';

/**
 * Card applications: their kinds, their lifecycle in one table, and the rules (fees, validity, quality
 * thresholds) that are data, edited by `identity.manage`, not code. Pure.
 */

export const ApplicationKind = {
  firstCard: 'first_card',
  renewal: 'renewal',
  /** After a loss or a theft: needs the reference of the declaration made to the police. */
  replacement: 'replacement',
  changeOfData: 'change_of_data',
} as const;
export type ApplicationKind = (typeof ApplicationKind)[keyof typeof ApplicationKind];

export const ApplicationStatus = {
  submitted: 'submitted',
  enrolled: 'enrolled',
  checked: 'checked',
  /** Sent to an officer: a check flagged it, or a clerk asked. */
  referred: 'referred',
  approved: 'approved',
  rejected: 'rejected',
  inProduction: 'in_production',
  produced: 'produced',
  sentToStation: 'sent_to_station',
  ready: 'ready',
  delivered: 'delivered',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

export const ApplicationAction = {
  enrol: 'enrol',
  check: 'check',
  refer: 'refer',
  approve: 'approve',
  reject: 'reject',
  schedule: 'schedule',
  /** Its centre went offline before producing it: back to the queue. */
  requeue: 'requeue',
  produce: 'produce',
  ship: 'ship',
  receive: 'receive',
  deliver: 'deliver',
} as const;
export type ApplicationAction = (typeof ApplicationAction)[keyof typeof ApplicationAction];

const S = ApplicationStatus;

/**
 * The lifecycle, in one table: submitted -> enrolled -> checked -> approved (or rejected with a reason,
 * or referred to an officer who approves or rejects) -> in production -> produced -> sent to the station
 * -> ready -> delivered. An application scheduled at a centre that goes offline returns to approved.
 */
export const applicationTransitions: Readonly<Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>>> = {
  submitted: { enrol: S.enrolled, reject: S.rejected },
  enrolled: { check: S.checked },
  checked: { approve: S.approved, reject: S.rejected, refer: S.referred },
  referred: { approve: S.approved, reject: S.rejected },
  approved: { schedule: S.inProduction },
  in_production: { produce: S.produced, requeue: S.approved },
  produced: { ship: S.sentToStation },
  sent_to_station: { receive: S.ready },
  ready: { deliver: S.delivered },
  delivered: {},
  rejected: {},
};

/** Actions that must say why (journaled with the reason). */
export const actionsNeedingReason: ReadonlySet<ApplicationAction> = new Set([ApplicationAction.reject, ApplicationAction.refer]);

/** The journal's word for each action: `identity_application.enrolled`. */
export const applicationEventType: Readonly<Record<ApplicationAction, string>> = {
  enrol: 'identity_application.enrolled',
  check: 'identity_application.checked',
  refer: 'identity_application.referred',
  approve: 'identity_application.approved',
  reject: 'identity_application.rejected',
  schedule: 'identity_application.scheduled',
  requeue: 'identity_application.requeued',
  produce: 'identity_application.produced',
  ship: 'identity_application.shipped',
  receive: 'identity_application.received',
  deliver: 'identity_application.delivered',
};

export function allowedApplicationActions(status: ApplicationStatus): ApplicationAction[] {
  return Object.keys(applicationTransitions[status]) as ApplicationAction[];
}

/**
 * The status after `action`, or a refusal naming what is allowed:
 * "application CNIE-2026-0000001 is `submitted`; approve is not allowed; allowed actions: enrol, reject".
 */
export function nextApplicationStatus(number: string, status: ApplicationStatus, action: ApplicationAction): ApplicationStatus {
  const next = applicationTransitions[status][action];
  if (next === undefined) {
    const allowed = allowedApplicationActions(status);
    throw new DomainError('invalid_transition', `application ${number} is \`${status}\`; ${action} is not allowed; allowed actions: ${allowed.join(', ') || 'none'}`, {
      allowed,
    });
  }
  return next;
}

/** Statuses of an application still in progress (a person holds at most one). */
export const finishedStatuses: readonly ApplicationStatus[] = [S.delivered, S.rejected];

/** `CNIE-2026-0000123`: the year, then a number counted per year (4.3 million a year fit in seven digits). */
export function formatApplicationNumber(year: number, sequence: number): string {
  return `CNIE-${year}-${String(sequence).padStart(7, '0')}`;
}

export const ApplicationNumber = Type.String({ pattern: '^CNIE-[0-9]{4}-[0-9]{7,}$', 'x-expected': 'an application number such as CNIE-2026-0000123' });

// --- Rules as data -------------------------------------------------------------------------------

const UnderAge = Type.Union([Type.Integer({ minimum: 1, maximum: 150 }), Type.Null()], { 'x-expected': 'an age in whole years from 1 to 150, or null for everyone older' });

const RulesSchema = Closed({
  /** Years of validity by the holder's age on the day of the application: the first band whose `underAge` exceeds it. */
  validity: Type.Array(Closed({ underAge: UnderAge, years: Type.Integer({ minimum: 1, maximum: 20, 'x-expected': 'years, from 1 to 20' }) }), {
    minItems: 1,
    maxItems: 10,
    'x-expected': 'age bands, youngest first, the last one with underAge null',
  }),
  /** The fee in dirhams, by the same kind of age bands. */
  fees: Type.Array(Closed({ underAge: UnderAge, mad: Type.Integer({ minimum: 0, maximum: 10_000, 'x-expected': 'dirhams, from 0 to 10000' }) }), {
    minItems: 1,
    maxItems: 10,
    'x-expected': 'age bands, youngest first, the last one with underAge null',
  }),
  /** Enrolment is refused below these quality scores (0-100). */
  minimumQuality: Closed({
    photo: Type.Integer({ minimum: 0, maximum: 100, 'x-expected': 'a score from 0 to 100' }),
    fingerprint: Type.Integer({ minimum: 0, maximum: 100, 'x-expected': 'a score from 0 to 100' }),
  }),
  /** Fingerprints an enrolment must hold (fewer only when the person has fewer fingers: not modelled). */
  minimumFingerprints: Type.Integer({ minimum: 1, maximum: 10, 'x-expected': 'a number of fingers from 1 to 10' }),
  /** Applications the checks did not flag are approved at once; flagged ones always go to review. */
  autoApprove: Type.Boolean(),
  /** Where the figures come from, for whoever reads or changes them. */
  source: Line({ maxLength: 500 }),
});
export const IdentityRules = RulesSchema;
export type IdentityRules = Static<typeof RulesSchema>;

/**
 * Amane's default rules. The fees are the service's published ones (75 MAD, 50 MAD under 12). The
 * validity bands are a configuration choice (10 years; 5 years under 12, as many countries do for
 * children whose faces change quickly), to be checked against the texts in force and changed here as
 * data (`PUT /identity/rules`), not read as a statement of the law.
 */
export const defaultIdentityRules: IdentityRules = {
  validity: [
    { underAge: 12, years: 5 },
    { underAge: null, years: 10 },
  ],
  fees: [
    { underAge: 12, mad: 50 },
    { underAge: null, mad: 75 },
  ],
  minimumQuality: { photo: 40, fingerprint: 40 },
  minimumFingerprints: 2,
  autoApprove: true,
  source: 'Amane defaults: fee 75 MAD, 50 MAD under 12; validity 10 years, 5 years under 12 (a configuration choice, to be checked against the texts in force).',
};

/** What is wrong with a set of age bands: youngest first, strictly increasing, ending with one for everyone older. */
export function rulesProblems(rules: IdentityRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['validity', 'fees'] as const) {
    const bands = rules[field];
    bands.forEach((band, index) => {
      const last = index === bands.length - 1;
      if (last && band.underAge !== null) problems.push({ field: `${field}.${index}.underAge`, message: 'must be null: the last band is for everyone older' });
      if (!last && band.underAge === null) problems.push({ field: `${field}.${index}.underAge`, message: 'may be null only in the last band' });
      const previous = bands[index - 1]?.underAge;
      if (index > 0 && band.underAge !== null && previous !== null && previous !== undefined && band.underAge <= previous) {
        problems.push({ field: `${field}.${index}.underAge`, message: `must be greater than the band before (${previous})` });
      }
    });
  }
  return problems;
}

/** The band of an age: the first whose `underAge` exceeds it (the last band has none). */
export function bandFor<T extends { underAge: number | null }>(bands: readonly T[], age: number): T {
  return bands.find((band) => band.underAge === null || age < band.underAge) ?? bands[bands.length - 1]!;
}

// --- API contracts -------------------------------------------------------------------------------

const Reference = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9/_-]{2,39}$', 'x-expected': 'a reference: letters, digits, / _ -, 3 to 40 characters' });
const Quality = Type.Integer({ minimum: 0, maximum: 100, 'x-expected': 'a quality score, a whole number from 0 to 100' });
const KindSchema = Type.Enum(Object.values(ApplicationKind), { 'x-expected': `one of ${Object.values(ApplicationKind).join(', ')}` });
const StatusSchema = Type.Enum(Object.values(ApplicationStatus), { 'x-expected': `one of ${Object.values(ApplicationStatus).join(', ')}` });

export const DeclarationKind = { lost: 'lost', stolen: 'stolen' } as const;
export type DeclarationKind = (typeof DeclarationKind)[keyof typeof DeclarationKind];

export const NewApplication = Closed({
  nin: NationalIdNumber,
  kind: KindSchema,
  /** The desk where the person enrols and will collect the card. */
  desk: PlaceCode,
  /** The appointment the person came to (marked attended). */
  appointment: Type.Optional(Uuid),
  payment: Closed({
    amountMad: Type.Integer({ minimum: 0, maximum: 10_000, 'x-expected': 'the fee paid, in whole dirhams' }),
    reference: Reference,
  }),
  /** Replacement after a loss or a theft: the declaration made to the police. */
  declaration: Type.Optional(Closed({ kind: Type.Enum(Object.values(DeclarationKind), { 'x-expected': 'lost or stolen' }), reference: Reference })),
  /** Change of data: what changes in the register once the application is approved. */
  changes: Type.Optional(PersonChange),
});
export type NewApplication = Static<typeof NewApplication>;

/** The largest photo accepted: 512 KiB of JPEG or JPEG 2000 (ICAO portraits are far smaller). */
export const PHOTO_MAX_BYTES = 512 * 1_024;
const base64Of = (bytes: number) => 4 * Math.ceil(bytes / 3);

export const EnrolmentBody = Closed({
  photo: Closed({
    data: Type.String({ minLength: 16, maxLength: base64Of(PHOTO_MAX_BYTES), pattern: BASE64_PATTERN, 'x-expected': 'a JPEG or JPEG 2000 portrait in base64, at most 512 KiB' }),
    quality: Quality,
  }),
  fingerprints: Type.Array(
    Closed({
      /** ISO/IEC 19794-2 finger position: 1 right thumb ... 10 left little finger. */
      position: Type.Integer({ minimum: 1, maximum: 10, 'x-expected': 'a finger position from 1 (right thumb) to 10 (left little finger)' }),
      template: Type.String({ minLength: 8, maxLength: base64Of(12_288), pattern: BASE64_PATTERN, 'x-expected': 'a fingerprint template in base64, at most 12 KiB' }),
      quality: Quality,
    }),
    { minItems: 1, maxItems: 10, 'x-expected': 'one to ten fingerprints' },
  ),
  signature: Closed({
    data: Type.String({ minLength: 16, maxLength: base64Of(64 * 1_024), pattern: BASE64_PATTERN, 'x-expected': 'an image of the signature in base64, at most 64 KiB' }),
  }),
});
export type EnrolmentBody = Static<typeof EnrolmentBody>;

export const Decision = { approve: 'approve', reject: 'reject', refer: 'refer' } as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

export const DecisionBody = Closed({
  decision: Type.Enum(Object.values(Decision), { 'x-expected': 'approve, reject or refer' }),
  reason: Type.Optional(Line({ maxLength: 500, description: 'required to reject or refer; journaled' })),
});
export type DecisionBody = Static<typeof DecisionBody>;

export const HandoverBody = Closed({ nin: NationalIdNumber, birthDate: IsoDate });
export type HandoverBody = Static<typeof HandoverBody>;

/** The deduplication checks run on every enrolment. */
export const CheckKind = { biometric: 'biometric', demographic: 'demographic' } as const;
export type CheckKind = (typeof CheckKind)[keyof typeof CheckKind];

/** Why the checks held an application for review. */
export const CheckFlag = Closed({
  check: Type.Enum(Object.values(CheckKind)),
  /** The other person the application resembles. */
  nin: NationalIdNumber,
  application: Type.Union([Type.String(), Type.Null()]),
  detail: Type.String(),
});
export type CheckFlag = Static<typeof CheckFlag>;

export const ApplicationStep = Closed({
  step: Type.Integer(),
  from: Type.Union([StatusSchema, Type.Null()]),
  to: StatusSchema,
  action: Type.String(),
  at: Timestamp,
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicationStep = Static<typeof ApplicationStep>;

export const Application = Closed({
  number: ApplicationNumber,
  nin: NationalIdNumber,
  kind: KindSchema,
  desk: PlaceCode,
  appointment: Type.Union([Uuid, Type.Null()]),
  status: StatusSchema,
  statusAt: Timestamp,
  feeMad: Type.Integer(),
  paymentReference: Type.String(),
  declaration: Type.Union([Closed({ kind: Type.String(), reference: Type.String() }), Type.Null()]),
  changes: Type.Union([PersonChange, Type.Null()]),
  age: Type.Integer(),
  validityYears: Type.Integer(),
  enrolled: Type.Boolean(),
  flags: Type.Array(CheckFlag),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  centre: Type.Union([PlaceCode, Type.Null()]),
  batch: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  allowedActions: Type.Array(Type.String()),
  history: Type.Array(ApplicationStep),
});
export type Application = Static<typeof Application>;

/** What a citizen sees of their own application: where it stands, not who handled it or what was flagged. */
export const OwnApplication = Closed({
  number: ApplicationNumber,
  kind: KindSchema,
  desk: PlaceCode,
  status: StatusSchema,
  statusAt: Timestamp,
  feeMad: Type.Integer(),
  createdAt: Timestamp,
  history: Type.Array(Closed({ to: StatusSchema, at: Timestamp })),
});
export type OwnApplication = Static<typeof OwnApplication>;

/** An application as lists show it (no history). */
export const ApplicationSummary = Closed({
  number: ApplicationNumber,
  nin: NationalIdNumber,
  kind: KindSchema,
  desk: PlaceCode,
  status: StatusSchema,
  statusAt: Timestamp,
  flags: Type.Array(CheckFlag),
  centre: Type.Union([PlaceCode, Type.Null()]),
  batch: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const ApplicationQuery = Closed({
  status: Type.Optional(StatusSchema),
  desk: Type.Optional(PlaceCode),
  nin: Type.Optional(NationalIdNumber),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, 'x-expected': 'a whole number from 1 to 500' })),
});
export type ApplicationQuery = Static<typeof ApplicationQuery>;

/** The enrolled portrait, for the card and the clerk who checks the person against it (journaled). */
export const EnrolledPhoto = Closed({
  application: ApplicationNumber,
  format: Type.Enum(['jpeg', 'jp2']),
  width: Type.Integer(),
  height: Type.Integer(),
  quality: Type.Integer(),
  data: Type.String({ description: 'base64' }),
});
export type EnrolledPhoto = Static<typeof EnrolledPhoto>;

export const ApplicationParams = Closed({ number: ApplicationNumber });
