import fs from 'node:fs';
import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line } from '../core/schema.js';
import { assertValid } from '../core/validate.js';

/**
 * Call-taker protocols: the catalogue of incident types, each with its default priority, the unit
 * capabilities it needs, and a short questionnaire whose answers can raise or lower the priority and
 * add capabilities. The catalogue is data (incident-types.json), validated whenever it is loaded.
 */

/** P1: a life is threatened now; P2: urgent; P3: needs a unit, not urgently; P4: no unit needed soon. */
export const Priority = { p1: 'P1', p2: 'P2', p3: 'P3', p4: 'P4' } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];
const priorityOrder: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** What a unit can do, matched against what an incident needs. */
export const Capability = {
  armed: 'armed',
  traffic: 'traffic',
  canine: 'canine',
  eod: 'eod',
  robot: 'robot',
  intervention: 'intervention',
  womenAndChildren: 'women-and-children',
  investigation: 'investigation',
} as const;
export type Capability = (typeof Capability)[keyof typeof Capability];

const PrioritySchema = Type.Enum([...priorityOrder], { 'x-expected': 'P1, P2, P3 or P4' });
const CapabilitySchema = Type.Enum(Object.values(Capability), { 'x-expected': `one of ${Object.values(Capability).join(', ')}` });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'lower-case letters, digits and underscores, 2 to 40 characters' });
const Labels = Closed({
  ar: Line({ maxLength: 120 }),
  fr: Line({ maxLength: 120 }),
  en: Line({ maxLength: 120 }),
});

/** What one answer does to the incident. */
const Effect = Closed({
  raisePriorityTo: Type.Optional(PrioritySchema),
  lowerPriorityTo: Type.Optional(PrioritySchema),
  addCapabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8 })),
  /** Flags the answer sets on the incident (a weapon seen sets `weapons`): the call-taker need not tick them too. */
  setFlags: Type.Optional(Type.Array(Type.Enum(['weapons', 'hazards', 'children']), { uniqueItems: true, maxItems: 3 })),
});
export type Effect = Static<typeof Effect>;

const Question = Closed({
  id: Code,
  labels: Labels,
  /** `yes-no`: the effect applies on "yes"; `choice`: each option carries its own effect. */
  kind: Type.Enum(['yes-no', 'choice']),
  ifYes: Type.Optional(Effect),
  options: Type.Optional(
    Type.Array(Closed({ id: Code, labels: Labels, effect: Type.Optional(Effect) }), { minItems: 2, maxItems: 12 }),
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
  capabilities: Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8 }),
  /** Calls handed to another service (civil protection for fire, 15/150 for medical). */
  transferTo: Type.Optional(Closed({ service: Line({ maxLength: 60 }), numbers: Type.Array(Type.String({ pattern: '^[0-9]{2,4}$' }), { minItems: 1, maxItems: 4 }) })),
  questions: Type.Array(Question, { maxItems: 10 }),
});
export type IncidentType = Static<typeof IncidentType>;

export const IncidentTypeCatalogue = Type.Array(IncidentType, { minItems: 1, maxItems: 200 });
export type IncidentTypeCatalogue = Static<typeof IncidentTypeCatalogue>;

/** The types every catalogue must hold: the protocols the centre is required to cover. */
export const requiredTypes: readonly string[] = [
  'assault', 'robbery', 'theft', 'burglary', 'domestic_violence', 'missing_person', 'traffic_accident_injuries',
  'traffic_accident', 'dangerous_driving', 'public_disorder', 'suspicious_person', 'suspicious_object', 'shots_fired',
  'fire', 'medical', 'noise', 'lost_property', 'other',
];

/**
 * Checks a catalogue beyond its schema: unique codes, unique question and option ids, choice questions
 * with options and yes-no questions without, every required type present. Throws a validation error.
 */
export function validateCatalogue(input: unknown): IncidentTypeCatalogue {
  const catalogue = assertValid<IncidentTypeCatalogue>(IncidentTypeCatalogue, input, 'catalogue');
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  catalogue.forEach((type, t) => {
    if (seen.has(type.code)) problems.push({ field: `${t}.code`, message: `"${type.code}" appears twice` });
    seen.add(type.code);
    const questionIds = new Set<string>();
    type.questions.forEach((question, q) => {
      const at = `${t}.questions.${q}`;
      if (questionIds.has(question.id)) problems.push({ field: `${at}.id`, message: `"${question.id}" appears twice in ${type.code}` });
      questionIds.add(question.id);
      if (question.kind === 'choice' && question.options === undefined) problems.push({ field: `${at}.options`, message: 'a choice question needs options' });
      if (question.kind === 'yes-no' && question.options !== undefined) problems.push({ field: `${at}.options`, message: 'a yes-no question has no options' });
      const optionIds = new Set((question.options ?? []).map((o) => o.id));
      if (optionIds.size !== (question.options ?? []).length) problems.push({ field: `${at}.options`, message: 'option ids must be unique' });
    });
  });
  for (const code of requiredTypes) {
    if (!seen.has(code)) problems.push({ field: 'catalogue', message: `the required type "${code}" is missing` });
  }
  if (problems.length > 0) {
    throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  }
  return catalogue;
}

/** Loads and validates the catalogue shipped with Amane. */
export function loadSeedCatalogue(): IncidentTypeCatalogue {
  return validateCatalogue(JSON.parse(fs.readFileSync(new URL('./incident-types.json', import.meta.url), 'utf8')));
}

let seed: IncidentTypeCatalogue | undefined;

/** The shipped catalogue, loaded once per process (modules share it). */
export function seedCatalogue(): IncidentTypeCatalogue {
  seed ??= loadSeedCatalogue();
  return seed;
}

/** Whether two types may describe the same event: the same type, or the same family. */
export function compatibleTypes(catalogue: IncidentTypeCatalogue, a: string, b: string): boolean {
  if (a === b) return true;
  const family = (code: string) => catalogue.find((t) => t.code === code)?.family;
  return family(a) !== undefined && family(a) === family(b);
}

/** Answers to a type's questionnaire: `true`/`false` for yes-no questions, an option id for choices. */
export type Answers = Readonly<Record<string, boolean | string>>;

/**
 * The priority and capabilities an incident of `type` needs given the call-taker's answers. A raise
 * wins over a lowering (the safe side); unknown questions or options are refused.
 */
export function classify(type: IncidentType, answers: Answers): { priority: Priority; capabilities: Capability[]; flags: { weapons: boolean; hazards: boolean; children: boolean } } {
  const effects: Effect[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = type.questions.find((q) => q.id === id);
    if (question === undefined) {
      const known = type.questions.map((q) => q.id).join(', ') || 'none';
      throw new DomainError('validation', `answers.${id}: ${type.code} asks no such question; its questions: ${known}`, {
        errors: [{ field: `answers.${id}`, message: `is not a question of ${type.code}` }],
      });
    }
    if (question.kind === 'yes-no') {
      if (typeof answer !== 'boolean') throw answerError(id, 'must be true or false');
      if (answer && question.ifYes !== undefined) effects.push(question.ifYes);
    } else {
      const option = question.options?.find((o) => o.id === answer);
      if (option === undefined) throw answerError(id, `must be one of ${(question.options ?? []).map((o) => o.id).join(', ')}`);
      if (option.effect !== undefined) effects.push(option.effect);
    }
  }
  let priority = type.defaultPriority;
  const lowered = effects.map((e) => e.lowerPriorityTo).filter((p): p is Priority => p !== undefined);
  const raised = effects.map((e) => e.raisePriorityTo).filter((p): p is Priority => p !== undefined);
  for (const p of lowered) if (rank(p) > rank(priority)) priority = p;
  // Raises apply last: whatever an answer lowers, another that raises wins (the safe side).
  for (const p of raised) if (rank(p) < rank(priority)) priority = p;
  const capabilities = new Set<Capability>(type.capabilities);
  for (const effect of effects) for (const capability of effect.addCapabilities ?? []) capabilities.add(capability);
  const set = new Set(effects.flatMap((effect) => effect.setFlags ?? []));
  return { priority, capabilities: [...capabilities].sort(), flags: { weapons: set.has('weapons'), hazards: set.has('hazards'), children: set.has('children') } };
}

function rank(priority: Priority): number {
  return priorityOrder.indexOf(priority);
}

function answerError(id: string, message: string): DomainError {
  return new DomainError('validation', `answers.${id}: ${message}`, { errors: [{ field: `answers.${id}`, message }] });
}
