import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from 'typebox';
import { DomainError, type FieldProblem } from './errors.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * A JSON-schema validator as Amane uses them: every problem reported, unknown fields refused
 * (never dropped), `x-expected` texts allowed. `coerce` is for text inputs (query strings, paths).
 */
export function createValidator(options: { coerce: boolean }): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: 'log',
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: options.coerce ? 'array' : false,
  });
  addFormats(ajv);
  ajv.addVocabulary(['x-expected']);
  return ajv;
}

/** Turns validator errors into one problem per field, with the clearest message for each. */
export function fieldProblems(errors: readonly ErrorObject[], rootName: string): FieldProblem[] {
  const byField = new Map<string, { message: string; explained: boolean }>();
  for (const error of errors) {
    let path = error.instancePath.split('/').slice(1).map(unescapePointer);
    let message: string;
    let explained = false;
    if (error.keyword === 'required') {
      path = [...path, String(error.params.missingProperty)];
      message = 'is required';
      explained = true;
    } else if (error.keyword === 'additionalProperties') {
      path = [...path, String(error.params.additionalProperty)];
      message = 'is not a known field';
      explained = true;
    } else {
      const expected = (error.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
      explained = typeof expected === 'string';
      message = explained ? `must be ${expected as string}` : (error.message ?? 'is not valid');
    }
    const field = path.length === 0 ? rootName : path.join('.');
    const known = byField.get(field);
    // One that says what is expected beats the validator's generic messages.
    if (known === undefined || (!known.explained && explained)) byField.set(field, { message, explained });
  }
  return [...byField].map(([field, { message }]) => ({ field, message }));
}

/** The domain error for a set of validator errors. */
export function validationError(errors: readonly ErrorObject[], rootName: string): DomainError {
  const problems = fieldProblems(errors, rootName);
  return new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
}

const checkers = new WeakMap<TSchema, ValidateFunction>();
let shared: Ajv | undefined;

/** Checks a value against a contract outside HTTP (the CLI, imports); throws a validation error. */
export function assertValid<T>(schema: TSchema, value: unknown, rootName = 'input'): T {
  shared ??= createValidator({ coerce: false });
  let check = checkers.get(schema);
  if (check === undefined) {
    check = shared.compile(schema);
    checkers.set(schema, check);
  }
  if (!check(value)) throw validationError(check.errors ?? [], rootName);
  return value as T;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
