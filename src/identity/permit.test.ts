import { describe, expect, it } from 'vitest';
import { isIsoAlpha3, icaoStateCode } from '../contract/countries.js';
import { addMonths, DEFAULT_PERMIT_RULES, isForeignerNumber, permitFileOpen, permitLifecycle, permitValidityYears, reminderDue } from '../contract/permit.js';
import { NATIONAL_ID_PATTERN } from '../contract/identity.schema.js';

describe('the residence-permit rules', () => {
  it('grows a registration card’s validity with its renewals, 1, 2, 5 then 10 years, and gives a carte de résidence 10', () => {
    expect(permitValidityYears(DEFAULT_PERMIT_RULES, 'first_registration', 0)).toBe(1);
    expect([1, 2, 3, 4, 9].map((before) => permitValidityYears(DEFAULT_PERMIT_RULES, 'renewal', before))).toEqual([2, 5, 10, 10, 10]);
    // A renewal for a holder whose earlier cards predate the register counts as the first renewal.
    expect(permitValidityYears(DEFAULT_PERMIT_RULES, 'renewal', 0)).toBe(2);
    expect(permitValidityYears(DEFAULT_PERMIT_RULES, 'residence_card', 0)).toBe(10);
  });

  it('sends the 60-day reminder from 60 to 31 days before, the 30-day one from 30 to the expiry day, none after', () => {
    expect([61, 60, 45, 31, 30, 1, 0, -1].map((days) => reminderDue([60, 30], days))).toEqual([undefined, 60, 60, 60, 30, 30, 30, undefined]);
  });

  it('adds calendar months, the month’s last day standing for a day it lacks', () => {
    expect(addMonths('2026-03-02', 3)).toBe('2026-06-02');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
  });

  it('keeps a receipt renewable while the file is open, and the production moves out of a clerk’s offer', () => {
    expect(['filed', 'approved', 'in_production', 'produced', 'shipped', 'received'].every((s) => permitFileOpen(s as never))).toBe(true);
    expect(permitFileOpen('delivered')).toBe(false);
    expect(permitFileOpen('rejected')).toBe(false);
    expect(permitLifecycle.allowed('approved')).toEqual(['reject']);
    expect(() => permitLifecycle.check('application RP-2026-0000001', 'filed', 'deliver')).toThrow('allowed actions: approve, reject');
  });

  it('never gives a foreigner registration number that reads as a national ID number', () => {
    for (const number of ['EB00000001', 'EBK00000001', 'EZZ99999999']) {
      expect(isForeignerNumber(number)).toBe(true);
      expect(NATIONAL_ID_PATTERN.test(number)).toBe(false);
    }
    expect(isForeignerNumber('BE123456')).toBe(false);
  });

  it('knows the assigned ISO 3166-1 alpha-3 codes, and writes Germany D in an MRZ', () => {
    expect(['SEN', 'FRA', 'MAR', 'CIV', 'ESH', 'PSE'].every(isIsoAlpha3)).toBe(true);
    expect(['XXX', 'UK', 'EUR', 'sen'].some(isIsoAlpha3)).toBe(false);
    expect(icaoStateCode('DEU')).toBe('D');
    expect(icaoStateCode('SEN')).toBe('SEN');
  });
});
