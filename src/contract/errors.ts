/**
 * The closed list of error codes a client can receive, with their HTTP status, title and parameters.
 * Domain code throws `DomainError` with one of these codes; only the server maps them to HTTP. The
 * console words a refusal from its code and parameters in the operator's language, never from `detail`.
 */
export const ErrorCodes = {
  bad_request: { status: 400, title: 'The request is malformed', params: [] },
  validation: { status: 400, title: 'A field of the request is not valid', params: ['errors'] },
  unauthenticated: { status: 401, title: 'Authentication is required', params: [] },
  session_idle: { status: 401, title: 'The session ended after going unused; log in again', params: [] },
  second_factor_required: { status: 401, title: 'The code of a second factor is required', params: [] },
  password_change_required: { status: 403, title: 'The password must be changed before anything else', params: [] },
  second_factor_enrolment_required: { status: 403, title: 'A second factor must be enrolled before anything else', params: [] },
  forbidden: { status: 403, title: 'Not allowed for your role', params: [] },
  not_found: { status: 404, title: 'No such resource', params: [] },
  method_not_allowed: { status: 405, title: 'Method not allowed on this resource', params: [] },
  conflict: { status: 409, title: 'The request conflicts with the current state', params: ['errors'] },
  invalid_transition: { status: 409, title: 'This action is not allowed in the current state', params: ['allowed'] },
  outside_road_network: { status: 422, title: 'A point lies too far from every road of the network', params: ['errors'] },
  payload_too_large: { status: 413, title: 'The request body is too large', params: [] },
  unsupported_media_type: { status: 415, title: 'Unsupported content type', params: [] },
  rate_limited: { status: 429, title: 'Too many requests', params: ['retryAfterS'] },
  internal: { status: 500, title: 'Internal error', params: [] },
  unavailable: { status: 503, title: 'The service is not available right now', params: [] },
} as const satisfies Record<string, { status: number; title: string; params: readonly ProblemParam[] }>;
export type ErrorCode = keyof typeof ErrorCodes;

/** Every error code, in the catalogue's order. */
export const errorCodes = Object.keys(ErrorCodes) as ErrorCode[];

/** Whether a code read from an answer is one of the catalogue's. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ErrorCodes, code);
}

/**
 * The parameters a problem may carry beside its code: the fields refused (`errors`), the actions allowed
 * in the present state (`allowed`), the seconds to wait before trying again (`retryAfterS`).
 */
export type ProblemParam = 'errors' | 'allowed' | 'retryAfterS';

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
  /** The server's sentence, in English, for logs and integrators; the console words the code instead. */
  detail: string;
  instance?: string;
  code: ErrorCode;
  errors?: FieldProblem[];
  allowed?: string[];
  retryAfterS?: number;
  requestId?: string;
}
