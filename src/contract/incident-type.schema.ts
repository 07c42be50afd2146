import { Type, type Static } from 'typebox';
import { Capability, IncidentFlag, priorities } from './incident.js';
import { Closed, Line } from './schema.js';

/**
 * Call-taker protocols as the API answers them: the catalogue of incident types, each with its default
 * priority, the unit capabilities it needs, and a short questionnaire whose answers can raise or lower
 * the priority and add capabilities (`classify` in ./incident.ts applies them).
 */

const PrioritySchema = Type.Enum([...priorities], { 'x-expected': 'P1, P2, P3 or P4' });
const CapabilitySchema = Type.Enum(Object.values(Capability), { 'x-expected': `one of ${Object.values(Capability).join(', ')}` });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'lower-case letters, digits and underscores, 2 to 40 characters' });
const Labels = Closed({
  ar: Line({ maxLength: 120 }),
  fr: Line({ maxLength: 120 }),
  en: Line({ maxLength: 120 }),
}, { description: 'The text shown, in each language of the console' });

export type Labels = Static<typeof Labels>;

/** What one answer does to the incident. */
const Effect = Closed({
  raisePriorityTo: Type.Optional(PrioritySchema),
  lowerPriorityTo: Type.Optional(PrioritySchema),
  addCapabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8, description: 'Capabilities the units sent must then have' })),
  /** Flags the answer sets on the incident (a weapon seen sets `weapons`): the call-taker need not tick them too. */
  setFlags: Type.Optional(Type.Array(Type.Enum(Object.values(IncidentFlag)), { uniqueItems: true, maxItems: 3, description: 'Flags the answer sets on the incident' })),
}, { description: 'What an answer (a "yes", or an option chosen) does to the incident' });
export type Effect = Static<typeof Effect>;

const Question = Closed({
  id: Code,
  labels: Labels,
  /** `yes-no`: the effect applies on "yes"; `choice`: each option carries its own effect. */
  kind: Type.Enum(['yes-no', 'choice'], { description: '`yes-no`: `ifYes` applies on "yes"; `choice`: each option carries its own effect' }),
  ifYes: Type.Optional(Effect),
  options: Type.Optional(
    Type.Array(Closed({ id: Code, labels: Labels, effect: Type.Optional(Effect) }), {
      minItems: 2,
      maxItems: 12,
      description: 'The choices of a `choice` question',
    }),
  ),
});
export type Question = Static<typeof Question>;

export const IncidentType = Closed({
  code: Code,
  labels: Labels,
  /** Types of one family may be one event reported differently (duplicate detection matches on it). */
  family: Code,
  /**
   * The type's code in APCO ANS 2.103.1 "Common Incident Types for Data Exchange", used as the EIDO
   * incident type when the incident is shared with another centre.
   */
  commonType: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{2,12}$', 'x-expected': 'an APCO common incident type code such as ASSAULT' })),
  defaultPriority: PrioritySchema,
  capabilities: Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8, description: 'Capabilities a unit sent to it must have' }),
  /** Calls handed to another service (civil protection for fire, 15/150 for medical). */
  transferTo: Type.Optional(
    Closed(
      {
        service: Line({ maxLength: 60 }),
        numbers: Type.Array(Type.String({ pattern: '^[0-9]{2,4}$' }), { minItems: 1, maxItems: 4, description: 'The short numbers the call may be transferred to' }),
      },
      { description: 'Calls of this type are handed to another service (civil protection for fire, 15/150 for medical)' },
    ),
  ),
  questions: Type.Array(Question, { maxItems: 10, description: 'What the call-taker asks; the answers adjust priority, capabilities and flags' }),
});
export type IncidentType = Static<typeof IncidentType>;

export const IncidentTypeCatalogue = Type.Array(IncidentType, { minItems: 1, maxItems: 200 });
export type IncidentTypeCatalogue = Static<typeof IncidentTypeCatalogue>;
