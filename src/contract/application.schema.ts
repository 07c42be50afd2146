import { Type, type Static } from 'typebox';
import { ApplicationKind, ApplicationStatus, CheckKind } from './application.js';
import { NationalIdNumber, PlaceCode } from './identity.schema.js';
import { PersonChange } from './person.schema.js';
import { Closed, Line, Timestamp, Uuid } from './schema.js';

/** The shapes of identity-card applications as the API answers them. */

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
  minimumQuality: Closed(
    {
      photo: Type.Integer({ minimum: 0, maximum: 100, 'x-expected': 'a score from 0 to 100' }),
      fingerprint: Type.Integer({ minimum: 0, maximum: 100, 'x-expected': 'a score from 0 to 100' }),
    },
    { description: 'Enrolment is refused below these quality scores (0-100)' },
  ),
  /** Fingerprints an enrolment must hold (fewer only when the person has fewer fingers: not modelled). */
  minimumFingerprints: Type.Integer({ minimum: 1, maximum: 10, 'x-expected': 'a number of fingers from 1 to 10' }),
  autoApprove: Type.Boolean({ description: 'Applications the checks did not flag are approved at once; flagged ones always go to review' }),
  /** Where the figures come from, for whoever reads or changes them. */
  source: Line({ maxLength: 500 }),
});

export const IdentityRules = RulesSchema;

export type IdentityRules = Static<typeof RulesSchema>;

export const ApplicationKindSchema = Type.Enum(Object.values(ApplicationKind), { 'x-expected': `one of ${Object.values(ApplicationKind).join(', ')}` });

export const ApplicationStatusSchema = Type.Enum(Object.values(ApplicationStatus), { 'x-expected': `one of ${Object.values(ApplicationStatus).join(', ')}` });

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
  from: Type.Union([ApplicationStatusSchema, Type.Null()]),
  to: ApplicationStatusSchema,
  action: Type.String(),
  at: Timestamp,
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});

export type ApplicationStep = Static<typeof ApplicationStep>;

export const Application = Closed({
  number: ApplicationNumber,
  nin: NationalIdNumber,
  kind: ApplicationKindSchema,
  desk: PlaceCode,
  appointment: Type.Union([Uuid, Type.Null()]),
  status: ApplicationStatusSchema,
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
  kind: ApplicationKindSchema,
  desk: PlaceCode,
  status: ApplicationStatusSchema,
  statusAt: Timestamp,
  feeMad: Type.Integer(),
  createdAt: Timestamp,
  history: Type.Array(Closed({ to: ApplicationStatusSchema, at: Timestamp })),
});

export type OwnApplication = Static<typeof OwnApplication>;

/** An application as lists show it (no history). */
export const ApplicationSummary = Closed({
  number: ApplicationNumber,
  nin: NationalIdNumber,
  kind: ApplicationKindSchema,
  desk: PlaceCode,
  status: ApplicationStatusSchema,
  statusAt: Timestamp,
  flags: Type.Array(CheckFlag),
  centre: Type.Union([PlaceCode, Type.Null()]),
  batch: Type.Union([Type.String(), Type.Null()]),
});

export type ApplicationSummary = Static<typeof ApplicationSummary>;
