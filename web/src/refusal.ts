import { ErrorCodes, isErrorCode, type ErrorCode, type FieldProblem, type ProblemParam } from '@contract';
import type { MessageKey } from './i18n';

/** What the console needs of its words to say why the centre refused. */
export interface RefusalWords {
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  readonly separator: string;
  number(value: number, digits?: number): string;
  /** Whether the console has words for `key`: a field or an action is named only when it has. */
  has(key: string): boolean;
}

/** A problem as the server answered it: its code and the parameters the contract gives that code. */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldProblem[];
  readonly allowed: readonly string[];
  readonly retryAfterS?: number | undefined;
}

/** The sentence for each code of the contract's catalogue, in every language of the console. */
export const problemKeys: Readonly<Record<ErrorCode, MessageKey>> = {
  bad_request: 'problem.bad_request',
  validation: 'problem.validation',
  unauthenticated: 'problem.unauthenticated',
  session_idle: 'problem.session_idle',
  second_factor_required: 'problem.second_factor_required',
  password_change_required: 'problem.password_change_required',
  second_factor_enrolment_required: 'problem.second_factor_enrolment_required',
  forbidden: 'problem.forbidden',
  not_found: 'problem.not_found',
  method_not_allowed: 'problem.method_not_allowed',
  conflict: 'problem.conflict',
  invalid_transition: 'problem.invalid_transition',
  outside_road_network: 'problem.outside_road_network',
  payload_too_large: 'problem.payload_too_large',
  unsupported_media_type: 'problem.unsupported_media_type',
  rate_limited: 'problem.rate_limited',
  internal: 'problem.internal',
  unavailable: 'problem.unavailable',
};

/** The sentence for a parameter a code carries, when the problem has it. */
export const problemParamKeys: Readonly<Record<ProblemParam, MessageKey>> = {
  errors: 'problem.validation.fields',
  allowed: 'problem.invalid_transition.allowed',
  retryAfterS: 'problem.rate_limited.wait',
};

/** A validation that refused one field, named: "Check the field “Closes”." */
export const oneFieldKey = 'problem.validation.field' satisfies MessageKey;

/**
 * A form's own words for a field the server refused, by the server's path (`opens`, `location.lat`,
 * `3.labels.ar`); undefined for a field the form does not show or has no words for.
 */
export type FieldNamer = (field: string) => string | undefined;

/**
 * Why the centre refused, in the operator's language: from the problem's code and its parameters (the
 * fields refused, the actions allowed now, the seconds to wait), never from the server's English `detail`.
 * Fields and actions are the API's names: they are listed only when the console has words for every one
 * of them (the form's own labels through `nameField`, else `field.<name>`; `action.<name>`), otherwise
 * the code's own sentence says it (a form marks its refused fields itself): the API's name of a field is
 * never shown. A code the console does not know gets the generic sentence with the HTTP status.
 *
 *   refusalText(i18n, failure, (field) => (field === 'closes' ? i18n.t('admin.desk.closes') : undefined))
 *   // ar: 'تحقق من الحقل «ساعة الإغلاق».'
 */
export function refusalText(words: RefusalWords, refusal: Refusal, nameField?: FieldNamer): string {
  if (!isErrorCode(refusal.code)) return words.t('problem.other', { status: words.number(refusal.status) });
  const params: readonly ProblemParam[] = ErrorCodes[refusal.code].params;
  if (params.includes('allowed') && refusal.allowed.length > 0) {
    const allowed = namedAll(words, refusal.allowed, (action) => wordsFor(words, `action.${action}`));
    if (allowed !== undefined) return words.t(problemParamKeys.allowed, { allowed });
  }
  if (params.includes('retryAfterS') && refusal.retryAfterS !== undefined) return words.t(problemParamKeys.retryAfterS, { seconds: words.number(refusal.retryAfterS) });
  if (refusal.code === 'validation' && refusal.errors.length > 0) {
    const refused = [...new Set(refusal.errors.map((problem) => problem.field))];
    const fields = namedAll(words, refused, (field) => nameField?.(field) ?? wordsFor(words, `field.${field}`));
    if (fields !== undefined) return refused.length === 1 ? words.t(oneFieldKey, { field: fields }) : words.t(problemParamKeys.errors, { fields });
  }
  return words.t(problemKeys[refusal.code]);
}

/** The console's words for `key`, if it has them. */
function wordsFor(words: RefusalWords, key: string): string | undefined {
  return words.has(key) ? words.t(key as MessageKey) : undefined;
}

/** `names` in the operator's words, joined; undefined when one of them has no words in the console. */
function namedAll(words: RefusalWords, names: readonly string[], name: (apiName: string) => string | undefined): string | undefined {
  const named = names.map(name);
  if (named.some((text) => text === undefined)) return undefined;
  return named.join(words.separator);
}
