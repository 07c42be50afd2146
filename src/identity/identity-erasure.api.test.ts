import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Application } from './application.js';
import type { Appointment } from './appointment.js';
import type { Card } from './card.js';
import { CASA_DESK, RABAT, approvedApplication, deliverCard, foundIn, personBody, setupIdentityTest, storedBytes, type IdentityTest } from './identity.testing.js';
import type { ErasedPerson, Person } from './person.js';
import { openFromJournal } from './person-vault.js';
import { findPersonKey } from './person.repository.js';
import { registerKeys } from './register-keys.js';

/** The person erased: every value distinctive, so that finding it anywhere in the database means it leaked. */
const YASMINA = personBody('BE777001', {
  surname: 'Zerhouni',
  givenNames: 'Yasmina',
  surnameAr: 'الزرهوني',
  givenNamesAr: 'ياسمينة',
  sex: 'F',
  birthDate: '1987-11-23',
  birthPlace: 'Ouarzazate',
  fatherName: 'Lahcen',
  motherName: 'Itto',
  address: '7 derb Sidi Bouloukat, Marrakech',
  phone: '+212600112233',
});
/** What she asked to change (an application rejected later): sealed too. */
const CHANGES = { address: '9 riad Zitoun el Kedim, Marrakech', phone: '+212600445566' };
/** Someone else, whose record must read the same before and after. */
const OMAR = personBody('BE777002', { surname: 'Benslimane', givenNames: 'Omar', surnameAr: 'بنسليمان', givenNamesAr: 'عمر', birthDate: '1979-02-11', birthPlace: 'Fès', address: '3 rue Talaa Kebira, Fès' });
const REASON = 'CNDP deliberation 2026-0142 on a request of rectification';
const BASIS = 'loi 09-08, article 8';

const plainValues = (mrz: readonly string[]) => [
  'Zerhouni',
  'ZERHOUNI',
  'Yasmina',
  'YASMINA',
  'الزرهوني',
  'ياسمينة',
  '1987-11-23',
  'Ouarzazate',
  'Lahcen',
  'Itto',
  'derb Sidi Bouloukat',
  '+212600112233',
  'riad Zitoun',
  '+212600445566',
  mrz[1]!,
  mrz[2]!,
];

describe(`erasing a person from the register (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let documentNumber: string;
  let card: Card;
  let change: Application;
  let appointment: Appointment;

  beforeAll(async () => {
    c = await setupIdentityTest(setupTestApp);
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    // Yasmina gets a card, then asks for a change of data, and books an appointment.
    const first = await approvedApplication(c, 'BE777001', 'CASA-ANFA', { person: YASMINA });
    expect(first.status).toBe('approved');
    documentNumber = await deliverCard(c, first.number, { nin: 'BE777001', birthDate: '1987-11-23' });
    card = (await c.get(`/identity/cards/${documentNumber}`, c.clerk.token)).json() as Card;
    change = await c.ok<Application>(
      '/identity/applications',
      c.clerk.token,
      { nin: 'BE777001', kind: 'change_of_data', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-CHANGE-1' }, changes: CHANGES },
      201,
    );
    appointment = await c.ok<Appointment>('/identity/appointments', c.clerk.token, { nin: 'BE777001', desk: 'CASA-ANFA', day: '2026-03-05', time: '10:00' }, 201);
    await c.ok('/identity/persons', c.clerk.token, OMAR, 201);
  });
  afterAll(async () => c.close());

  it('keeps every personal field sealed at rest and in the journal, and gives it back decrypted to those who may read it', async () => {
    expect(card.mrz).toHaveLength(3);
    expect(card.mrz[2]).toContain('ZERHOUNI<<YASMINA');
    const read = (await c.get('/identity/persons/BE777001?reason=checking+the+record', c.clerk.token)).json() as Person;
    expect(read).toMatchObject({ nin: 'BE777001', surname: 'Zerhouni', givenNamesAr: 'ياسمينة', birthDate: '1987-11-23', motherName: 'Itto', phone: '+212600112233', cards: [{ documentNumber, status: 'active' }] });
    expect(((await c.get(`/identity/applications/${change.number}`, c.clerk.token)).json() as Application).changes).toEqual(CHANGES);
    // The database holds none of it in clear, for anyone; the journal's copies are sealed under her key.
    expect(foundIn(await storedBytes(c.t.core, c.t.database), [...plainValues(card.mrz), 'Benslimane', 'بنسليمان', 'Talaa Kebira'])).toEqual([]);
    const registered = (await c.stream('identity-person/BE777001')).find((e) => e.type === 'identity_person.registered')!;
    expect(Object.keys(registered.data)).toEqual(['record']);
    const dataKey = (await findPersonKey(c.t.core.db, registerKeys(c.t.core), 'BE777001'))!;
    expect(openFromJournal(dataKey, 'BE777001', 'registered', registered.data.record as string)).toMatchObject({ surname: 'Zerhouni', birth_date: '1987-11-23' });
    const opened = (await c.stream('identity-person/BE777001')).find((e) => e.type === 'identity_person.application_opened' && e.data.application === change.number)!;
    expect(opened.data).toMatchObject({ application: change.number, kind: 'change_of_data', fields: ['address', 'phone'] });
    expect(openFromJournal(dataKey, 'BE777001', `application_opened/${change.number}`, opened.data.changes as string)).toEqual(CHANGES);
  });

  it('is refused to roles without identity.erase (403), without a reason or legal basis (naming the field), and while an application is in progress (409), writing nothing', async () => {
    const supervisor = (await c.t.login(['supervisor'])).token;
    const head = await c.t.journalHead();
    const body = { reason: REASON, legalBasis: BASIS };
    for (const token of [c.admin, c.operator, c.auditor, supervisor]) {
      const refused = await c.post('/identity/persons/BE777001/erasure', token, body);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden' });
    }
    const noReason = await c.post('/identity/persons/BE777001/erasure', c.clerk.token, { legalBasis: BASIS });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ errors: [{ field: 'reason', message: 'is required' }] });
    const noBasis = await c.post('/identity/persons/BE777001/erasure', c.clerk.token, { reason: REASON, legalBasis: '' });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.json()).toMatchObject({ errors: [{ field: 'legalBasis' }] });
    expect((await c.post('/identity/persons/BE999999/erasure', c.clerk.token, body)).statusCode).toBe(404);
    const busy = await c.post('/identity/persons/BE777001/erasure', c.clerk.token, body);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ detail: expect.stringContaining(`application ${change.number} in progress`) as string });
    expect(await c.t.journalHead()).toBe(head);
  });

  it('destroys her key: her record reads as erased, her cards as an erased holder’s, nothing of hers opens or is found, and the journal still verifies', async () => {
    await c.ok(`/identity/applications/${change.number}/decision`, c.clerk.token, { decision: 'reject', reason: 'the person asked for erasure instead' });
    const { wrapped_key: wrappedKey } = await c.t.core.db.selectFrom('identity_person_key').select('wrapped_key').where('nin', '=', 'BE777001').executeTakeFirstOrThrow();
    expect(foundIn(await storedBytes(c.t.core, c.t.database), [wrappedKey])).toEqual([wrappedKey]);
    const erased = await c.ok<ErasedPerson>('/identity/persons/BE777001/erasure', c.clerk.token, { reason: REASON, legalBasis: BASIS });
    expect(erased).toEqual({ nin: 'BE777001', erased: true, erasedAt: '2026-03-02T08:00:00.000Z', legalBasis: BASIS, cards: [{ documentNumber, status: 'revoked', dateOfIssue: card.dateOfIssue, dateOfExpiry: card.dateOfExpiry }] });
    const event = (await c.stream('identity-person/BE777001')).at(-1)!;
    expect(event).toMatchObject({
      type: 'identity_person.erased',
      actor: `user:${c.clerk.username}`,
      data: { reason: REASON, legalBasis: BASIS, cardsRevoked: [documentNumber], enrolmentsDeleted: 1, appointmentCancelled: appointment.id },
    });

    // The register answers that the record was erased, and its reads are journaled still.
    const read = await c.get('/identity/persons/BE777001?reason=a+later+check', c.clerk.token);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(erased);
    expect((await c.stream('identity-person/BE777001')).at(-1)).toMatchObject({ type: 'identity_person.read', data: { reason: 'a later check' } });
    expect((await c.get(`/identity/cards/${documentNumber}`, c.clerk.token)).json()).toMatchObject({ status: 'revoked', holderErased: true, mrz: [] });
    expect((await c.get(`/identity/verify?documentNumber=${documentNumber}`)).json()).toEqual({ valid: false, status: 'erased' });
    expect((await c.post('/identity/verify', undefined, { mrz: card.mrz })).json()).toEqual({ valid: false, status: 'erased' });
    expect((await c.get(`/identity/applications/${change.number}`, c.clerk.token)).json()).toMatchObject({ status: 'rejected', changes: null });
    expect((await c.get('/identity/appointments?desk=CASA-ANFA&day=2026-03-05', c.clerk.token)).json()).toMatchObject([{ id: appointment.id, status: 'cancelled' }]);
    const search = await c.get(`/identity/persons?birthDate=1987-11-23&name=${encodeURIComponent('Yasmina Zerhouni')}&reason=identity+check`, c.clerk.token);
    expect(search.json()).toEqual([]);
    expect(await c.count('identity_enrolment')).toBe(0);
    expect(await c.count('identity_fingerprint')).toBe(0);

    // Her key is gone: nothing sealed under it can be opened, the journal's copies included.
    expect(await findPersonKey(c.t.core.db, registerKeys(c.t.core), 'BE777001')).toBeUndefined();
    expect(await verifyChain(c.t.core.db)).toMatchObject({ ok: true });

    // Nothing of hers in the database: the file itself (free pages and log included) or every row of every table.
    const stored = await storedBytes(c.t.core, c.t.database);
    expect(foundIn(stored, plainValues(card.mrz))).toEqual([]);
    // Nor her wrapped key, which with the key-encryption key would open all the rest: not even in a free page.
    expect(foundIn(stored, [wrappedKey])).toEqual([]);
    // The search does find what is kept in clear: the erasure's reason, and the numbers.
    expect(foundIn(stored, [REASON, 'BE777001', 'BE777002', documentNumber])).toEqual([REASON, 'BE777001', 'BE777002', documentNumber]);

    // Her number is not given again; nothing can be opened or booked for her.
    expect((await c.post('/identity/persons', c.clerk.token, YASMINA)).json()).toMatchObject({ status: 409, errors: [{ field: 'nin', message: expect.stringContaining('was erased') as string }] });
    const application = await c.post('/identity/applications', c.clerk.token, { nin: 'BE777001', kind: 'renewal', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-X' } });
    expect(application.json()).toMatchObject({ status: 409, errors: [{ field: 'nin', message: expect.stringContaining('was erased from the register on 2026-03-02') as string }] });
    const booking = await c.post('/identity/appointments', c.clerk.token, { nin: 'BE777001', desk: 'CASA-ANFA', day: '2026-03-05', time: '10:30' });
    expect(booking.json()).toMatchObject({ status: 409, errors: [{ field: 'nin' }] });
    const again = await c.post('/identity/persons/BE777001/erasure', c.clerk.token, { reason: REASON, legalBasis: BASIS });
    expect(again.statusCode).toBe(409);
  });

  it('leaves everyone else’s record as it was, decrypted for those who may read it, and the duplicate check finding a real duplicate', async () => {
    const omar = (await c.get('/identity/persons/BE777002?reason=checking+the+record', c.clerk.token)).json() as Person;
    expect(omar).toMatchObject({ nin: 'BE777002', surname: 'Benslimane', givenNamesAr: 'عمر', birthDate: '1979-02-11', birthPlace: 'Fès', address: '3 rue Talaa Kebira, Fès', phone: '+212612345678' });
    // The same Omar registered again under another spelling is found by the demographic check.
    const twin = await approvedApplication(c, 'BE777003', 'CASA-ANFA', { person: { ...OMAR, nin: 'BE777003', surname: 'Ben Slimane', givenNamesAr: 'عُمَر' } });
    expect(twin.status).toBe('referred');
    expect(((await c.get(`/identity/applications/${twin.number}`, c.clerk.token)).json() as Application).flags).toEqual([
      { check: 'demographic', nin: 'BE777002', application: null, detail: 'same names, birth date and parents' },
    ]);
  });
});
