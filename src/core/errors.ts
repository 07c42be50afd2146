import { ErrorCodes, type DomainError, type Problem } from '../contract/errors.js';

// The error vocabulary is part of the contract the console shares (src/contract/errors.ts).
export { DomainError, ErrorCodes, errorCodes, invalidField, isErrorCode } from '../contract/errors.js';
export type { ErrorCode, FieldProblem, Problem, ProblemParam } from '../contract/errors.js';

/** Renders a domain error as problem details; the message is meant for the client. */
export function toProblem(error: DomainError, instance?: string, requestId?: string): Problem {
  const problem: Problem = {
    type: `urn:amane:problem:${error.code}`,
    title: ErrorCodes[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (error.errors.length > 0) problem.errors = [...error.errors];
  if (error.allowed !== undefined) problem.allowed = [...error.allowed];
  if (error.retryAfterS !== undefined) problem.retryAfterS = error.retryAfterS;
  if (requestId !== undefined) problem.requestId = requestId;
  return problem;
}
