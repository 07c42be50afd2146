import { DomainError } from './errors.js';

/**
 * One way to read a lifecycle's table: for each status, the actions it allows and the status each leads
 * to. The tables stay in their own files (`incident.ts`, `call.ts`...); this gives them the same three
 * questions and the same refusal, worded as the error catalogue asks: what IS allowed.
 */

/** A lifecycle's table: for each status, the actions allowed and where each leads. */
export type TransitionTable<S extends string, A extends string> = Readonly<Record<S, Partial<Record<A, S>>>>;

export interface LifecycleOptions<A extends string> {
  /**
   * Which of the table's actions a person is offered, and a refusal names (default: all of them). An
   * action left out still applies: the system's own moves (an alarm cleared when its camera comes back)
   * are not offered to anyone.
   */
  readonly offered?: (action: A) => boolean;
  /** The word before the list in a refusal: `allowed actions` (default), or `allowed` where the actions are statuses. */
  readonly allowedWord?: string;
}

export interface Lifecycle<S extends string, A extends string> {
  readonly transitions: TransitionTable<S, A>;
  /** The actions offered in `status`, in the table's order. */
  allowed(status: S): A[];
  /** The status after `action`, or `undefined` when the table has no such move. */
  next(status: S, action: A): S | undefined;
  /**
   * The status after `action`, or a refusal naming what is allowed:
   * `check('incident CASA-2026-000123', 'closed', 'close')` throws `invalid_transition` with the message
   * "incident CASA-2026-000123 is `closed`; close is not allowed; allowed actions: reopen" and `allowed: ['reopen']`.
   */
  check(subject: string, status: S, action: A): S;
}

/** A lifecycle read from its table. */
export function lifecycle<S extends string, A extends string>(transitions: TransitionTable<S, A>, options: LifecycleOptions<A> = {}): Lifecycle<S, A> {
  const offered = options.offered ?? (() => true);
  const allowedWord = options.allowedWord ?? 'allowed actions';
  const allowed = (status: S): A[] => (Object.keys(transitions[status]) as A[]).filter(offered);
  const next = (status: S, action: A): S | undefined => transitions[status][action];
  return {
    transitions,
    allowed,
    next,
    check(subject, status, action) {
      const to = next(status, action);
      if (to !== undefined) return to;
      const actions = allowed(status);
      throw new DomainError('invalid_transition', `${subject} is \`${status}\`; ${action} is not allowed; ${allowedWord}: ${actions.join(', ') || 'none'}`, {
        allowed: actions,
      });
    },
  };
}

/**
 * The table of a lifecycle whose actions are the statuses it moves to (a unit is set `en_route`, not sent
 * an action): `{ available: ['busy'] }` becomes `{ available: { busy: 'busy' } }`.
 */
export function movesTable<S extends string>(moves: Readonly<Record<S, readonly S[]>>): TransitionTable<S, S> {
  return Object.fromEntries(Object.entries<readonly S[]>(moves).map(([from, tos]) => [from, Object.fromEntries(tos.map((to) => [to, to]))])) as TransitionTable<S, S>;
}
