import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { localYear } from '../core/time-zone.js';
import { IncidentStatus, allowedActions, formatIncidentNumber, incidentTransitions, nextStatus } from './incident.js';

describe('the incident lifecycle', () => {
  it('walks new -> dispatched -> en route -> on scene -> cleared -> closed', () => {
    let status: IncidentStatus = 'new';
    for (const action of ['dispatch', 'en_route', 'arrive', 'clear', 'close'] as const) status = nextStatus('CASA-2026-000001', status, action);
    expect(status).toBe('closed');
  });

  it('refuses an action the status does not allow, naming the allowed ones', () => {
    let error: unknown;
    try {
      nextStatus('CASA-2026-000123', 'closed', 'dispatch');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_transition');
    expect((error as DomainError).message).toBe('incident CASA-2026-000123 is `closed`; dispatch is not allowed; allowed actions: reopen');
    expect((error as DomainError).allowed).toEqual(['reopen']);
  });

  it('lets every open incident be cancelled, and only closed or cancelled ones be reopened', () => {
    for (const status of Object.values(IncidentStatus)) {
      const open = status !== 'closed' && status !== 'cancelled';
      expect(allowedActions(status).includes('reopen'), status).toBe(!open);
      expect(allowedActions(status).includes('cancel'), status).toBe(open && status !== 'cleared');
    }
  });

  it('leads every action to a status the table knows', () => {
    for (const moves of Object.values(incidentTransitions)) {
      for (const next of Object.values(moves)) expect(Object.values(IncidentStatus)).toContain(next);
    }
  });
});

describe('incident numbers', () => {
  it('pads the sequence to six digits', () => {
    expect(formatIncidentNumber('CASA', 2026, 123)).toBe('CASA-2026-000123');
    expect(formatIncidentNumber('CASA', 2026, 1_234_567)).toBe('CASA-2026-1234567');
  });

  it("turns the year at Casablanca's midnight, not UTC's", () => {
    expect(localYear(new Date('2026-12-31T22:59:00Z'))).toBe(2026);
    expect(localYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });
});
