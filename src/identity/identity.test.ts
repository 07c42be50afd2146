import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { localDay, localTime } from '../core/time-zone.js';
import { ApplicationStatus, applicationTransitions, bandFor, defaultIdentityRules, nextApplicationStatus, rulesProblems } from './application.js';
import { slotProblem, slotTimes } from './appointment.js';
import { biometricPlace, openBiometric, readImageHeader, sealBiometric, templateLink, templateLinkOfDigest } from './biometric-vault.js';
import { effectiveCardStatus, nextCardStatus } from './card.js';
import { MissingIdentitySecretError, resolveIdentitySecrets } from './identity-secrets.js';
import { addYears, ageOn, isoWeekday } from './identity.js';
import { openFromJournal, openPersonRecord, sealForJournal, sealPersonRecord, type PersonFields } from './person-vault.js';
import { INDEX_KEY_FILE, PERSON_KEK_FILE, blindIndex, mrzDigest, newPersonKey, resolveRegisterKeys, unwrapPersonKey, wrapPersonKey } from './register-keys.js';
import { tinyJpeg } from './identity.testing.js';

// Folders made by the key-folder tests, removed at the end.
const scratchFolders: string[] = [];
const scratch = () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-keys-'));
  scratchFolders.push(folder);
  return folder;
};
afterAll(() => {
  for (const folder of scratchFolders) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the local calendar', () => {
  it('counts ages in whole years, a 29 February birthday on 1 March', () => {
    expect(ageOn('1990-05-14', '2026-05-13')).toBe(35);
    expect(ageOn('1990-05-14', '2026-05-14')).toBe(36);
    expect(ageOn('2016-02-29', '2027-02-28')).toBe(10);
    expect(ageOn('2016-02-29', '2027-03-01')).toBe(11);
  });

  it('adds years to an expiry, 29 February becoming 28 February', () => {
    expect(addYears('2026-03-03', 10)).toBe('2036-03-03');
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
  });

  it('reads days and times on Casablanca’s clocks (UTC+1, UTC+0 in Ramadan)', () => {
    expect(localDay(new Date('2026-07-14T23:30:00Z'))).toBe('2026-07-15');
    expect(localTime(new Date('2026-07-14T23:30:00Z'))).toBe('00:30');
    expect(localTime(new Date('2026-03-02T08:00:00Z'))).toBe('08:00');
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});

describe('the application lifecycle', () => {
  it('goes from submitted to delivered, and says what is allowed when refused', () => {
    const path = ['enrol', 'check', 'approve', 'schedule', 'produce', 'ship', 'receive', 'deliver'] as const;
    let status: ApplicationStatus = ApplicationStatus.submitted;
    for (const action of path) status = nextApplicationStatus('CNIE-2026-0000001', status, action);
    expect(status).toBe('delivered');
    expect(() => nextApplicationStatus('CNIE-2026-0000001', 'submitted', 'approve')).toThrow('application CNIE-2026-0000001 is `submitted`; approve is not allowed; allowed actions: enrol, reject');
    expect(nextApplicationStatus('N', 'referred', 'reject')).toBe('rejected');
    expect(Object.keys(applicationTransitions.delivered)).toEqual([]);
  });

  it('reads fees and validity from the rules by age band', () => {
    expect(bandFor(defaultIdentityRules.fees, 11).mad).toBe(50);
    expect(bandFor(defaultIdentityRules.fees, 12).mad).toBe(75);
    expect(bandFor(defaultIdentityRules.validity, 3).years).toBe(5);
    expect(bandFor(defaultIdentityRules.validity, 70).years).toBe(10);
  });

  it('refuses age bands out of order or without a last open band', () => {
    expect(rulesProblems(defaultIdentityRules)).toEqual([]);
    const bad = { ...defaultIdentityRules, fees: [{ underAge: 18, mad: 50 }, { underAge: 12, mad: 60 }, { underAge: 30, mad: 75 }] };
    expect(rulesProblems(bad).map((p) => p.field)).toEqual(['fees.1.underAge', 'fees.2.underAge']);
  });
});

describe('cards', () => {
  it('keeps a stolen card stolen, and an active one past its expiry reads expired', () => {
    expect(nextCardStatus('R00000001', 'active', 'declare_stolen')).toBe('stolen');
    expect(() => nextCardStatus('R00000001', 'stolen', 'reinstate')).toThrow(DomainError);
    expect(effectiveCardStatus('active', '2026-03-02', '2026-03-03')).toBe('expired');
    expect(effectiveCardStatus('active', '2026-03-03', '2026-03-03')).toBe('active');
    expect(effectiveCardStatus('stolen', '2020-01-01', '2026-03-03')).toBe('stolen');
  });
});

describe('appointment slots', () => {
  const desk = { opens: '08:30', closes: '10:00', slotMinutes: 30, weekdays: [1, 2, 3, 4, 5] };
  const now = { day: '2026-03-02', time: '09:10', horizon: '2026-05-31' };

  it('start every slot length from opening, the last ending by closing', () => {
    expect(slotTimes(desk)).toEqual(['08:30', '09:00', '09:30']);
  });

  it('refuses a past slot, a closed day, an off-grid time, or a day beyond the horizon', () => {
    expect(slotProblem(desk, '2026-03-02', '09:30', now)).toBeUndefined();
    expect(slotProblem(desk, '2026-03-02', '09:00', now)?.field).toBe('time');
    expect(slotProblem(desk, '2026-03-01', '09:30', now)?.field).toBe('day');
    expect(slotProblem(desk, '2026-03-07', '09:30', now)?.message).toContain('closed that day');
    expect(slotProblem(desk, '2026-03-03', '09:15', now)?.message).toContain('not a slot');
    expect(slotProblem(desk, '2026-06-01', '09:30', now)?.message).toContain('more than 90 days');
  });
});

describe('biometric data at rest', () => {
  const key = randomBytes(32);

  it('seals each value under AES-256-GCM, bound to its place', () => {
    const template = randomBytes(512);
    const sealed = sealBiometric(key, template, biometricPlace.finger('CNIE-2026-0000001', 2));
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(template.toString('base64'));
    expect(sealBiometric(key, template, 'x')).not.toBe(sealBiometric(key, template, 'x'));
    expect(openBiometric(key, sealed, biometricPlace.finger('CNIE-2026-0000001', 2))).toEqual(template);
    expect(() => openBiometric(key, sealed, biometricPlace.finger('CNIE-2026-0000002', 2))).toThrow();
    expect(() => openBiometric(randomBytes(32), sealed, biometricPlace.finger('CNIE-2026-0000001', 2))).toThrow();
  });

  it('links identical templates by a keyed hash that a bare SHA-256 does not give, and converts an earlier SHA-256 to it', () => {
    const template = randomBytes(512);
    const link = templateLink(key, template);
    expect(link).toMatch(/^[0-9a-f]{64}$/);
    expect(templateLink(key, Buffer.from(template))).toBe(link);
    expect(templateLink(randomBytes(32), template)).not.toBe(link);
    expect(link).not.toBe(createHash('sha256').update(template).digest('hex'));
    expect(templateLinkOfDigest(key, createHash('sha256').update(template).digest())).toBe(link);
  });

  it('reads the size of a JPEG or JPEG 2000 portrait, and nothing else', () => {
    expect(readImageHeader(tinyJpeg(64, 80))).toEqual({ format: 'jpeg', width: 64, height: 80 });
    const jp2 = Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, 0, 0, 0, 0x2d, 0x6a, 0x70, 0x32, 0x68, 0, 0, 0, 0x16, 0x69, 0x68, 0x64, 0x72, 0, 0, 1, 0x2c, 0, 0, 0, 0xf0]);
    expect(readImageHeader(jp2)).toEqual({ format: 'jp2', width: 240, height: 300 });
    expect(readImageHeader(Buffer.from('GIF89a......'))).toBeUndefined();
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
  });

  it('uses the configured secrets as given', () => {
    const hex = 'ab'.repeat(32);
    const secrets = resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: path.join(scratch(), 'a.db'), AMANE_IDENTITY_DATA_KEY: hex, AMANE_IDENTITY_KEYSTORE_PASSPHRASE: 'a long passphrase' }));
    expect([secrets.dataKey.toString('hex'), secrets.keystorePassphrase, secrets.sources]).toEqual([hex, 'a long passphrase', { dataKey: 'setting', keystorePassphrase: 'setting' }]);
  });

  it('generates random secrets into a private key folder at first start, and reads them back after', () => {
    const folder = scratch();
    const config = loadConfig({ AMANE_DATABASE_URL: path.join(folder, 'a.db') });
    const first = resolveIdentitySecrets(config);
    expect(first.sources).toEqual({ dataKey: 'generated', keystorePassphrase: 'generated' });
    expect(first.dataKey).toHaveLength(32);
    expect(fs.statSync(path.join(folder, 'keys')).mode & 0o777).toBe(0o700);
    for (const file of ['identity-data.key', 'identity-keystore.passphrase']) expect(fs.statSync(path.join(folder, 'keys', file)).mode & 0o777).toBe(0o600);
    const again = resolveIdentitySecrets(config);
    expect([again.dataKey, again.keystorePassphrase, again.sources]).toEqual([first.dataKey, first.keystorePassphrase, { dataKey: 'key file', keystorePassphrase: 'key file' }]);
    // Not derived from where the database is: the same path elsewhere gets other keys.
    const elsewhere = resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: path.join(folder, 'a.db'), AMANE_KEY_DIR: path.join(scratch(), 'keys') }));
    expect(elsewhere.dataKey).not.toEqual(first.dataKey);
    expect(elsewhere.keystorePassphrase).not.toEqual(first.keystorePassphrase);
  });

  it('keeps the derived secrets of a database made before key files, and refuses them in production', () => {
    const folder = scratch();
    const database = path.join(folder, 'old.db');
    fs.writeFileSync(path.join(folder, 'identity.keystore'), 'made by an earlier version');
    const derivedKey = Buffer.from(hkdfSync('sha256', `amane development identity secret: ${database}`, 'amane', 'biometric data key', 32));
    const kept = resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: database }));
    expect(kept.sources).toEqual({ dataKey: 'kept from development', keystorePassphrase: 'kept from development' });
    expect(kept.dataKey).toEqual(derivedKey);
    expect(() => resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: database, AMANE_ENV: 'production' }))).toThrow(/identity-data.key holds the development value derived from the database's location/);
    expect(() =>
      resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: database, AMANE_ENV: 'production', AMANE_IDENTITY_DATA_KEY: derivedKey.toString('hex'), AMANE_KEY_DIR: scratch() })),
    ).toThrow(/AMANE_IDENTITY_DATA_KEY holds the development value/);
  });

  it('refuses production without its secrets, and a key file others may read', () => {
    const folder = scratch();
    const production = { AMANE_DATABASE_URL: path.join(folder, 'a.db'), AMANE_ENV: 'production' };
    expect(() => resolveIdentitySecrets(loadConfig(production))).toThrow(MissingIdentitySecretError);
    expect(() => resolveIdentitySecrets(loadConfig({ ...production, AMANE_IDENTITY_DATA_KEY: 'ab'.repeat(32) }))).toThrow(/AMANE_IDENTITY_KEYSTORE_PASSPHRASE or the key file/);
    expect(fs.existsSync(path.join(folder, 'keys'))).toBe(false);
    const generated = resolveIdentitySecrets(loadConfig({ AMANE_DATABASE_URL: path.join(folder, 'a.db') }));
    expect(resolveIdentitySecrets(loadConfig(production)).dataKey).toEqual(generated.dataKey);
    fs.chmodSync(path.join(folder, 'keys', 'identity-data.key'), 0o644);
    expect(() => resolveIdentitySecrets(loadConfig(production))).toThrow(/identity-data.key may be read by others \(mode 644\): chmod 600 it/);
  });
});

describe('the register at rest', () => {
  const fields: PersonFields = {
    surname: 'Zerhouni',
    given_names: 'Yasmina',
    surname_ar: 'الزرهوني',
    given_names_ar: 'ياسمينة',
    sex: 'F',
    birth_date: '1987-11-23',
    birth_place: 'Ouarzazate',
    father_name: 'Lahcen',
    mother_name: null,
    address: '7 derb Sidi Bouloukat, Marrakech',
    phone: '+212600112233',
  };

  it('seals a person’s fields under their own key, bound to their number, and opens them back', () => {
    const dataKey = newPersonKey();
    const sealed = sealPersonRecord(dataKey, 'BE777001', { ...fields, nin: 'BE777001' } as PersonFields);
    for (const value of ['Zerhouni', 'Yasmina', '1987-11-23', 'Ouarzazate', '+212600112233']) expect(sealed).not.toContain(value);
    expect(openPersonRecord(dataKey, 'BE777001', sealed)).toEqual(fields);
    expect(() => openPersonRecord(dataKey, 'BE777002', sealed)).toThrow();
    expect(() => openPersonRecord(newPersonKey(), 'BE777001', sealed)).toThrow();
    // The journal's copy opens at its own place only, not as the row's record.
    const journaled = sealForJournal(dataKey, 'BE777001', 'registered', fields);
    expect(openFromJournal(dataKey, 'BE777001', 'registered', journaled)).toEqual(fields);
    expect(() => openPersonRecord(dataKey, 'BE777001', journaled)).toThrow();
  });

  it('keeps the register keys in the key folder: the wrapped person key opens with its key-encryption key and number only', () => {
    const folder = scratch();
    const config = loadConfig({ AMANE_DATABASE_URL: path.join(folder, 'a.db') });
    const keys = resolveRegisterKeys(config);
    expect(keys.sources).toEqual({ kek: 'generated', indexKey: 'generated' });
    for (const file of [PERSON_KEK_FILE, INDEX_KEY_FILE]) expect(fs.statSync(path.join(folder, 'keys', file)).mode & 0o777).toBe(0o600);
    const again = resolveRegisterKeys(config);
    expect([again.kek, again.kekId, again.sources]).toEqual([keys.kek, keys.kekId, { kek: 'key file', indexKey: 'key file' }]);
    const dataKey = newPersonKey();
    const wrapped = wrapPersonKey(keys, 'BE777001', dataKey);
    expect(unwrapPersonKey(keys, 'BE777001', wrapped)).toEqual(dataKey);
    expect(() => unwrapPersonKey(keys, 'BE777002', wrapped)).toThrow();
    expect(() => unwrapPersonKey(resolveRegisterKeys(loadConfig({ AMANE_DATABASE_URL: path.join(folder, 'a.db'), AMANE_KEY_DIR: scratch() })), 'BE777001', wrapped)).toThrow();
    expect(() => resolveRegisterKeys(loadConfig({ AMANE_DATABASE_URL: path.join(scratch(), 'a.db'), AMANE_ENV: 'production' }))).toThrow(/identity register needs the key file .*identity-person.kek/);
  });

  it('gives equal blind indexes and MRZ digests for equal inputs only, each under its own key', () => {
    const keys = resolveRegisterKeys(loadConfig({ AMANE_DATABASE_URL: path.join(scratch(), 'a.db') }));
    const index = blindIndex(keys, 'latin', '1987-11-23', 'yasminazarhuni');
    expect(index).toMatch(/^[0-9a-f]{32}$/);
    expect(blindIndex(keys, 'latin', '1987-11-23', 'yasminazarhuni')).toBe(index);
    expect(blindIndex(keys, 'latin', '1987-11-24', 'yasminazarhuni')).not.toBe(index);
    expect(blindIndex(keys, 'ar', '1987-11-23', 'yasminazarhuni')).not.toBe(index);
    const other = resolveRegisterKeys(loadConfig({ AMANE_DATABASE_URL: path.join(scratch(), 'a.db') }));
    expect(blindIndex(other, 'latin', '1987-11-23', 'yasminazarhuni')).not.toBe(index);
    expect(mrzDigest(keys, 'IDMAR...')).not.toBe(mrzDigest(other, 'IDMAR...'));
    expect(new Set([keys.blindIndexKey, keys.mrzKey, keys.templateKey].map((k) => k.toString('hex'))).size).toBe(3);
  });
});
