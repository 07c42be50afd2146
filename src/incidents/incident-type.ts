import fs from 'node:fs';
import { IncidentTypeCatalogue } from '../contract/incident-type.schema.js';
import { DomainError } from '../core/errors.js';
import { assertValid } from '../core/validate.js';

/**
 * Call-taker protocols: the catalogue of incident types, each with its default priority, the unit
 * capabilities it needs, and a short questionnaire whose answers can raise or lower the priority and
 * add capabilities. The catalogue is data (incident-types.json), validated whenever it is loaded.
 */

// The priorities, the protocols' shapes and the classification are the contract's, shared with the console.
export { classify } from '../contract/classify.js';
export type { Answers } from '../contract/classify.js';
export { Capability, Priority, priorityRank } from '../contract/incident.js';
export { IncidentType, IncidentTypeCatalogue } from '../contract/incident-type.schema.js';
export type { Effect, Question } from '../contract/incident-type.schema.js';

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
