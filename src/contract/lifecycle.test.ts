import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { lifecycle, movesTable } from './lifecycle.js';

type DoorStatus = 'open' | 'closed' | 'locked' | 'bricked';
type DoorAction = 'close' | 'open' | 'lock' | 'unlock' | 'brick';

const doors = {
  open: { close: 'closed', brick: 'bricked' },
  closed: { open: 'open', lock: 'locked', brick: 'bricked' },
  locked: { unlock: 'closed' },
  bricked: {},
} as const satisfies Record<DoorStatus, Partial<Record<DoorAction, DoorStatus>>>;

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a lifecycle read from its table', () => {
  const door = lifecycle<DoorStatus, DoorAction>(doors);

  it('lists the actions of a status in the order of the table', () => {
    expect(door.allowed('closed')).toEqual(['open', 'lock', 'brick']);
    expect(door.allowed('bricked')).toEqual([]);
  });

  it('gives the status an action leads to, and nothing for a move the table lacks', () => {
    expect(door.next('closed', 'lock')).toBe('locked');
    expect(door.next('locked', 'open')).toBeUndefined();
  });

  it('returns the next status when the action is allowed', () => {
    expect(door.check('door 7', 'locked', 'unlock')).toBe('closed');
  });

  it('refuses an action the status does not allow, naming the allowed ones', () => {
    const error = refusal(() => door.check('door 7', 'locked', 'open'));
    expect(error.code).toBe('invalid_transition');
    expect(error.message).toBe('door 7 is `locked`; open is not allowed; allowed actions: unlock');
    expect(error.allowed).toEqual(['unlock']);
  });

  it('says none when a final status allows nothing', () => {
    const error = refusal(() => door.check('door 7', 'bricked', 'open'));
    expect(error.message).toBe('door 7 is `bricked`; open is not allowed; allowed actions: none');
    expect(error.allowed).toEqual([]);
  });

  it('leaves out of the offered and refused lists what only the system does, yet applies it', () => {
    const offered = lifecycle<DoorStatus, DoorAction>(doors, { offered: (action) => action !== 'brick' });
    expect(offered.allowed('open')).toEqual(['close']);
    expect(offered.check('door 7', 'open', 'brick')).toBe('bricked');
    const error = refusal(() => offered.check('door 7', 'open', 'lock'));
    expect(error.message).toBe('door 7 is `open`; lock is not allowed; allowed actions: close');
    expect(error.allowed).toEqual(['close']);
  });

  it('words the list with the word it is given', () => {
    const error = refusal(() => lifecycle<DoorStatus, DoorAction>(doors, { allowedWord: 'allowed' }).check('door 7', 'locked', 'lock'));
    expect(error.message).toBe('door 7 is `locked`; lock is not allowed; allowed: unlock');
  });
});

describe('a table of moves between statuses', () => {
  it('becomes a table whose actions are the statuses moved to, in the same order', () => {
    const table = movesTable<DoorStatus>({ open: ['closed'], closed: ['open', 'locked'], locked: ['closed'], bricked: [] });
    expect(table).toEqual({ open: { closed: 'closed' }, closed: { open: 'open', locked: 'locked' }, locked: { closed: 'closed' }, bricked: {} });
    expect(lifecycle(table).allowed('closed')).toEqual(['open', 'locked']);
  });
});
