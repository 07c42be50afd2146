/**
 * The closed list of error codes a client can receive, with their HTTP status and title.
 * Domain code throws `DomainError` with one of these codes; only the server maps them to HTTP.
 */
export const ErrorCodes = {
  bad_request: { status: 400, title: 'The request is malformed' },
  validation: { status: 400, title: 'A field of the request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  session_idle: { status: 401, title: 'The session ended after going unused; log in again' },
  second_factor_required: { status: 401, title: 'The code of a second factor is required' },
  password_change_required: { status: 403, title: 'The password must be changed before anything else' },
  second_factor_enrolment_required: { status: 403, title: 'A second factor must be enrolled before anything else' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  not_found: { status: 404, title: 'No such resource' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this resource' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  invalid_transition: { status: 409, title: 'This action is not allowed in the current state' },
  outside_road_network: { status: 422, title: 'A point lies too far from every road of the network' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'The service is not available right now' },
} as const satisfies Record<string, { status: number; title: string }>;
export type ErrorCode = keyof typeof ErrorCodes;

/** One problem with one field of the input; `field` is a dotted path (`roles.1`, `body`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A refusal or failure the domain can explain to its caller. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldProblem[];
  /** Actions allowed in the current state, for `invalid_transition`. */
  readonly allowed: readonly string[] | undefined;
  /** For `rate_limited`: whole seconds until trying again is worth it (also the `Retry-After` header). */
  readonly retryAfterS: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { errors?: readonly FieldProblem[]; allowed?: readonly string[]; retryAfterS?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.allowed = options.allowed;
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return ErrorCodes[this.code].status;
  }
}

/** A refusal of one field: `invalidField('username', 'is already taken')`. */
export function invalidField(field: string, message: string, code: ErrorCode = 'validation'): DomainError {
  return new DomainError(code, `${field}: ${message}`, { errors: [{ field, message }] });
}

/** RFC 9457 problem details, as sent to clients (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  errors?: FieldProblem[];
  allowed?: string[];
  retryAfterS?: number;
  requestId?: string;
}

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
