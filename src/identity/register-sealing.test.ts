import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import type { Core } from '../core/context.js';
import { tableExists } from '../core/database.js';
import { LiveBus } from '../core/live.js';
import { createLogger } from '../core/logger.js';
import { Metrics } from '../core/metrics.js';
import { migrateToLatest } from '../core/migrate.js';
import { ModuleState } from '../core/module-state.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { allMigrations } from '../server/modules.js';
import { findFingerprintsByLink } from './application.repository.js';
import { getApplication } from './application.service.js';
import { biometricPlace, sealBiometric, templateLink } from './biometric-vault.js';
import { verifyMrz } from './card.service.js';
import { identitySecrets } from './identity-secrets.js';
import { foundIn, personBody, storedBytes } from './identity.testing.js';
import { readPerson, searchPersons } from './person.service.js';
import { registerKeys } from './register-keys.js';
import { sealEarlierRegister } from './register-sealing.js';
import { fingerprintTemplate } from './specimen.js';

/** The migration that sets the plain register aside; everything before it is what an earlier version ran. */
const SEALING_MIGRATION = '2026-12-02-400-identity-register-sealed';

describe(`a register written by an earlier version, in clear (${testDatabaseKind()})`, () => {
  let database: TestDatabase | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.db.destroy();
    await database?.drop();
  });

  it('is sealed at start: the same records, cards, changes and duplicate links read back, and nothing of them stays in clear', async () => {
    database = await createTestDatabase();
    const db = database.open();
    const config = loadConfig({ ...database.settings, AMANE_LOG_LEVEL: 'silent' });
    core = { config, db, clock: new ManualClock('2026-03-02T08:00:00.000Z'), bus: new LiveBus(), metrics: new Metrics({ collectDefault: false }), log: createLogger(config), state: new ModuleState() };
    const earlier = Object.fromEntries(Object.entries(allMigrations).filter(([name]) => name < SEALING_MIGRATION));
    await migrateToLatest(db, earlier);

    // What an earlier version wrote: a person, their delivered card, a change of data, a fingerprint and its bare SHA-256.
    type Field = 'nin' | 'surname' | 'givenNames' | 'surnameAr' | 'givenNamesAr' | 'sex' | 'birthDate' | 'birthPlace' | 'fatherName' | 'motherName' | 'address' | 'phone';
    const p = personBody('BE123456') as Record<Field, string>;
    const at = '2026-01-10T09:00:00.000Z';
    await sql`insert into identity_person (nin, surname, given_names, surname_ar, given_names_ar, sex, birth_date, birth_place, father_name, mother_name, address, phone, account,
      name_key_ar, name_key_latin, father_key, mother_key, created_at, updated_at)
      values (${p.nin}, ${p.surname}, ${p.givenNames}, ${p.surnameAr}, ${p.givenNamesAr}, ${p.sex}, ${p.birthDate}, ${p.birthPlace}, ${p.fatherName}, ${p.motherName}, ${p.address}, ${p.phone}, null,
      'محمدامينالادريسي', 'mahamadaminidrisi', 'la:abdalkadar', 'la:fatimazahra', ${at}, ${at})`.execute(db);
    const changes = { address: '4 derb Omar, Casablanca' };
    for (const [number, kind, personChanges] of [
      ['CNIE-2026-0000001', 'first_card', null],
      ['CNIE-2026-0000002', 'change_of_data', JSON.stringify(changes)],
    ] as const) {
      await sql`insert into identity_application (number, nin, kind, desk_code, appointment_id, status, status_at, step, fee_mad, payment_reference, declaration_reference, declaration_kind,
        person_changes, age, validity_years, flags, decision_reason, approved_at, centre_code, batch_id, document_number, created_at, created_by)
        values (${number}, 'BE123456', ${kind}, 'CASA-ANFA', null, 'delivered', ${at}, 9, 75, 'PAY-1', null, null, ${personChanges}, 35, 10, null, null, ${at}, 'RABAT', null, null, ${at}, 'user:clerk')`.execute(db);
    }
    const mrz = ['IDMARR000000010BE123456<<<<<<<', '9005145M3603033MAR<<<<<<<<<<<8', 'EL<IDRISSI<<MOHAMMED<AMINE<<<<'];
    await sql`insert into identity_card (document_number, nin, application_number, status, status_at, mrz, date_of_issue, date_of_expiry, centre_code, signer_serial, sod, replaced_by, created_at)
      values ('R00000001', 'BE123456', 'CNIE-2026-0000001', 'active', ${at}, ${mrz.join('\n')}, '2026-03-03', '2036-03-03', 'RABAT', '01', ${Buffer.from('an EF.SOD').toString('base64')}, null, ${at})`.execute(db);
    const template = Buffer.from(fingerprintTemplate('BE123456/right-index'), 'base64');
    const sha256 = createHash('sha256').update(template).digest('hex');
    const sealedTemplate = sealBiometric(identitySecrets(core).dataKey, template, biometricPlace.finger('CNIE-2026-0000001', 2));
    await sql`insert into identity_fingerprint (application_number, position, template, template_sha256, quality) values ('CNIE-2026-0000001', 2, ${sealedTemplate}, ${sha256}, 80)`.execute(db);

    const plain = [p.surname, 'الإدريسي', 'محمد أمين', p.birthDate, p.address, p.phone, 'Abdelkader', 'derb Omar', mrz[1]!, mrz[2]!, sha256];
    // The search sees them before: what it does not find after is gone, not missed.
    await migrateToLatest(db, allMigrations);
    expect(foundIn(await storedBytes(core, database), plain)).toEqual(plain);

    expect(await sealEarlierRegister(core)).toEqual({ people: 1, cards: 1, changes: 1, templates: 1 });
    expect(await tableExists(db, 'identity_person_plain')).toBe(false);
    expect(await tableExists(db, 'identity_fingerprint_sha256')).toBe(false);
    expect(foundIn(await storedBytes(core, database), plain)).toEqual([]);

    // The same record, the same card verifying, the same change, the same template link; the demographic search finds them.
    expect(await readPerson(core, 'system:test', 'BE123456', 'after the upgrade')).toMatchObject({
      nin: 'BE123456',
      surname: 'El Idrissi',
      givenNamesAr: 'محمد أمين',
      birthDate: '1990-05-14',
      address: p.address,
      phone: p.phone,
      cards: [{ documentNumber: 'R00000001', status: 'active' }],
    });
    expect(await verifyMrz(core, undefined, mrz)).toEqual({ valid: true, status: 'active' });
    expect(await verifyMrz(core, undefined, [mrz[0]!, mrz[1]!, 'IDRISSI<<MOHAMMED<AMINE<<<<<<<'])).toEqual({ valid: false, status: 'mismatch' });
    expect((await getApplication(core, 'CNIE-2026-0000002')).changes).toEqual(changes);
    const link = templateLink(registerKeys(core).templateKey, template);
    expect(await findFingerprintsByLink(db, [link], 'BE999999')).toMatchObject([{ application_number: 'CNIE-2026-0000001', position: 2, nin: 'BE123456' }]);
    expect((await searchPersons(core, 'system:test', { birthDate: '1990-05-14', name: 'Mohamed Amine Idrissi', reason: 'identity check' })).map((x) => x.nin)).toEqual(['BE123456']);

    // Once is enough: the next start finds nothing left in clear.
    expect(await sealEarlierRegister(core)).toEqual({ people: 0, cards: 0, changes: 0, templates: 0 });
  });
});
