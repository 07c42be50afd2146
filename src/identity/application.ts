import { Type, type Static } from 'typebox';
import { ApplicationKindSchema as KindSchema, ApplicationNumber, ApplicationStatusSchema as StatusSchema, type IdentityRules } from '../contract/application.schema.js';
import { DeclarationKind, type ApplicationAction } from '../contract/application.js';
import type { EventType } from '../contract/events.js';
import type { FieldProblem } from '../core/errors.js';
import { Closed, Line, Uuid } from '../core/schema.js';
import { BASE64_PATTERN, IsoDate, NationalIdNumber, PlaceCode } from './identity.js';
import { PersonChange } from './person.js';

/**
 * Card applications: their kinds, their lifecycle in one table, and the rules (fees, validity, quality
 * thresholds) that are data, edited by `identity.manage`, not code. The kinds, statuses and table, and the
 * shapes answered, are the contract's (src/contract/application.ts), shared with the console.
 */
export {
  ApplicationAction,
  ApplicationKind,
  ApplicationStatus,
  CheckKind,
  DeclarationKind,
  applicationActionsNeedingReason as actionsNeedingReason,
  allowedApplicationActions,
  applicationTransitions,
  finishedStatuses,
  nextApplicationStatus,
} from '../contract/application.js';
export { Application, ApplicationNumber, ApplicationStep, ApplicationSummary, CheckFlag, IdentityRules, OwnApplication } from '../contract/application.schema.js';

/** The journal's word for each action: `identity_application.enrolled`. */
export const applicationEventType = {
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
} as const satisfies Record<ApplicationAction, EventType>;

/** `CNIE-2026-0000123`: the year, then a number counted per year (4.3 million a year fit in seven digits). */
export function formatApplicationNumber(year: number, sequence: number): string {
  return `CNIE-${year}-${String(sequence).padStart(7, '0')}`;
}

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

export const NewApplication = Closed({
  nin: NationalIdNumber,
  kind: KindSchema,
  /** The desk where the person enrols and will collect the card. */
  desk: PlaceCode,
  /** The appointment the person came to (marked attended). */
  appointment: Type.Optional(Uuid),
  payment: Closed(
    {
      amountMad: Type.Integer({ minimum: 0, maximum: 10_000, 'x-expected': 'the fee paid, in whole dirhams' }),
      reference: Reference,
    },
    { description: 'The fee paid (the rules say how much) and the receipt’s reference' },
  ),
  declaration: Type.Optional(
    Closed(
      { kind: Type.Enum(Object.values(DeclarationKind), { 'x-expected': 'lost or stolen' }), reference: Reference },
      { description: 'For a replacement after a loss or a theft: the declaration made to the police' },
    ),
  ),
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
  }, { description: 'The portrait taken at the desk, with its quality score' }),
  fingerprints: Type.Array(
    Closed({
      /** ISO/IEC 19794-2 finger position: 1 right thumb ... 10 left little finger. */
      position: Type.Integer({ minimum: 1, maximum: 10, 'x-expected': 'a finger position from 1 (right thumb) to 10 (left little finger)' }),
      template: Type.String({ minLength: 8, maxLength: base64Of(12_288), pattern: BASE64_PATTERN, 'x-expected': 'a fingerprint template in base64, at most 12 KiB' }),
      quality: Quality,
    }),
    { minItems: 1, maxItems: 10, 'x-expected': 'one to ten fingerprints' },
  ),
  signature: Closed(
    { data: Type.String({ minLength: 16, maxLength: base64Of(64 * 1_024), pattern: BASE64_PATTERN, 'x-expected': 'an image of the signature in base64, at most 64 KiB' }) },
    { description: 'The signature captured on the pad' },
  ),
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
