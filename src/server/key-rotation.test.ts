import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cameraCredentialKey, openCredentials, resealCameraCredentials } from '../cameras/camera-credentials.js';
import { createCamera } from '../cameras/camera.service.js';
import { openTotpSecret, resealTotpSecrets } from '../core/auth/totp-key.js';
import { findEvents } from '../core/journal.repository.js';
import { readKeyFile } from '../core/key-folder.js';
import { testDatabaseKind } from '../core/testing.js';
import { biometricPlace, openBiometric, resealBiometrics, templateLink } from '../identity/biometric-vault.js';
import { openKeystore } from '../identity/icao/keystore.js';
import { identityKeystore } from '../identity/identity-keystore.js';
import { approvedApplication, CASA_DESK, personBody, setupIdentityTest, type IdentityTest } from '../identity/identity.testing.js';
import { findOtherWrappingKeyId, findPersonRows, indexesOf } from '../identity/person.repository.js';
import { kekIdOf, PERSON_KEK_FILE, resolveRegisterKeys, unwrapPersonKey, type RegisterKeys } from '../identity/register-keys.js';
import { rotateKey } from './key-rotation.js';
import { bearer, setupTestApp } from './testing.js';

describe(`rotating the keys of the key folder (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  const keyFile = (name: string) => path.join(c.t.core.config.keyDirectory, name);
  const keyOf = (name: string) => Buffer.from(readKeyFile(keyFile(name))!.value, 'base64');

  // A centre of its own for each test: a rotation is made with the centre stopped, and a running one keeps
  // the keys it read at its start.
  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
  });
  afterEach(async () => c.close());

  it('wraps every person key again under a new key-encryption key: the same data keys, the old key retired', async () => {
    for (const nin of ['BK100001', 'BK100002', 'BK100003']) await c.ok('/identity/persons', c.clerk.token, personBody(nin), 201);
    const before = resolveRegisterKeys(c.t.core.config);
    const rows = () => c.t.core.db.selectFrom('identity_person_key').select(['nin', 'wrapped_key', 'kek_id']).orderBy('nin').execute();
    const dataKeys = (await rows()).map((row) => unwrapPersonKey(before, row.nin, row.wrapped_key).toString('hex'));

    const rotation = await rotateKey(c.t.core, 'cli:root', PERSON_KEK_FILE);
    expect(rotation.resealed).toBe(3);
    expect(fs.existsSync(rotation.retired)).toBe(true);
    expect(fs.statSync(rotation.retired).mode & 0o077).toBe(0);
    expect(fs.existsSync(`${keyFile(PERSON_KEK_FILE)}.next`)).toBe(false);

    const after = resolveRegisterKeys(c.t.core.config);
    expect(after.kekId).not.toBe(before.kekId);
    expect((await rows()).map((row) => row.kek_id)).toEqual([after.kekId, after.kekId, after.kekId]);
    expect((await rows()).map((row) => unwrapPersonKey(after, row.nin, row.wrapped_key).toString('hex'))).toEqual(dataKeys);
    const first = (await rows())[0]!;
    expect(() => unwrapPersonKey(before, first.nin, first.wrapped_key)).toThrow();
    // The start's check finds one key-encryption key, the folder's.
    expect(await findOtherWrappingKeyId(c.t.core.db, after.kekId)).toBeUndefined();
    expect(await findOtherWrappingKeyId(c.t.core.db, kekIdOf(keyOf(PERSON_KEK_FILE)))).toBeUndefined();
    const [event] = await findEvents(c.t.core.db, { stream: `key/${PERSON_KEK_FILE}`, limit: 5 });
    expect(event).toMatchObject({ type: 'key.rotated', actor: 'cli:root', data: { key: PERSON_KEK_FILE, resealed: 3 } });
    expect(JSON.stringify(event!.data)).not.toContain(keyOf(PERSON_KEK_FILE).toString('base64'));
  });

  it('seals second-factor secrets and camera credentials again under new keys, and a second pass has nothing to do', async () => {
    const person = await c.t.login(['dispatcher']);
    expect((await c.t.app.inject({ method: 'POST', url: '/auth/totp/enrolment', headers: bearer(person.token) })).statusCode).toBe(201);
    await createCamera(c.t.core, 'system:test', {
      id: 'CAM-0901',
      name: 'gate-901',
      location: { lat: 33.58, lon: -7.63 },
      headingDeg: 0,
      fovDeg: 60,
      rangeM: 80,
      streamMain: 'rtsp://viewer:s3cret@10.0.9.1:554/main',
    });
    const totpRow = async () => c.t.core.db.selectFrom('user_totp').select(['user_id', 'secret']).executeTakeFirstOrThrow();
    const secret = openTotpSecret(keyOf('totp.key'), (await totpRow()).user_id, (await totpRow()).secret);

    expect((await rotateKey(c.t.core, 'cli:root', 'totp.key')).resealed).toBe(1);
    const rotatedTotp = await totpRow();
    expect(openTotpSecret(keyOf('totp.key'), rotatedTotp.user_id, rotatedTotp.secret)).toBe(secret);
    expect(await resealTotpSecrets(c.t.core.db, keyOf('totp.key'), keyOf('totp.key'))).toBe(0);

    const camera = async () => c.t.core.db.selectFrom('camera').selectAll().where('id', '=', 'CAM-0901').executeTakeFirstOrThrow();
    const previous = cameraCredentialKey(c.t.core.config);
    expect((await rotateKey(c.t.core, 'cli:root', 'camera-credentials.key')).resealed).toBe(1);
    expect(openCredentials(keyOf('camera-credentials.key'), await camera()).stream_main).toBe('rtsp://viewer:s3cret@10.0.9.1:554/main');
    const rotatedCamera = await camera();
    expect(() => openCredentials(previous, rotatedCamera)).toThrow();
    expect(await resealCameraCredentials(c.t.core.db, previous, keyOf('camera-credentials.key'))).toBe(0);
  });

  it('seals every portrait, signature and template again under a new data key, and the keystore under a new passphrase', async () => {
    await c.post('/identity/desks', c.admin, CASA_DESK);
    const { number } = await approvedApplication(c, 'BK200001', CASA_DESK.code);
    const enrolment = async () => c.t.core.db.selectFrom('identity_enrolment').select(['photo', 'signature']).where('application_number', '=', number).executeTakeFirstOrThrow();
    const templates = async () => c.t.core.db.selectFrom('identity_fingerprint').select(['position', 'template']).where('application_number', '=', number).orderBy('position').execute();
    const before = keyOf('identity-data.key');
    const photo = openBiometric(before, (await enrolment()).photo, biometricPlace.photo(number));
    const fingers = (await templates()).map((f) => openBiometric(before, f.template, biometricPlace.finger(number, f.position)).toString('hex'));

    const rotation = await rotateKey(c.t.core, 'cli:root', 'identity-data.key');
    expect(rotation.resealed).toBe(2 + fingers.length);
    const after = keyOf('identity-data.key');
    expect(openBiometric(after, (await enrolment()).photo, biometricPlace.photo(number))).toEqual(photo);
    const { signature } = await enrolment();
    expect(() => openBiometric(before, signature, biometricPlace.signature(number))).toThrow();
    expect((await templates()).map((f) => openBiometric(after, f.template, biometricPlace.finger(number, f.position)).toString('hex'))).toEqual(fingers);
    expect(await resealBiometrics(c.t.core.db, before, after)).toBe(0);

    const csca = (await identityKeystore(c.t.core)).cscaCertificatePem();
    const passphrase = readKeyFile(keyFile('identity-keystore.passphrase'))!.value;
    expect((await rotateKey(c.t.core, 'cli:root', 'identity-keystore.passphrase')).resealed).toBe(1);
    const renewed = readKeyFile(keyFile('identity-keystore.passphrase'))!.value;
    expect(renewed).not.toBe(passphrase);
    await expect(openKeystore(c.t.core.config.identityKeystorePath, passphrase)).rejects.toThrow(/wrong passphrase/);
    expect((await openKeystore(c.t.core.config.identityKeystorePath, renewed)).cscaCertificatePem()).toBe(csca);
  });

  it('computes every blind index and template link again under a new index key', async () => {
    await c.post('/identity/desks', c.admin, CASA_DESK);
    await c.ok('/identity/persons', c.clerk.token, personBody('BK300001'), 201);
    await approvedApplication(c, 'BK300002', CASA_DESK.code);
    const before = resolveRegisterKeys(c.t.core.config);
    const stored = async () => c.t.core.db.selectFrom('identity_person').select(['nin', 'index_latin', 'index_ar']).orderBy('nin').execute();
    const links = async () => c.t.core.db.selectFrom('identity_fingerprint').select(['application_number', 'position', 'template', 'template_hmac']).orderBy('application_number').orderBy('position').execute();
    const expected = async (keys: RegisterKeys) => {
      const people = await findPersonRows(c.t.core.db, keys, (await stored()).map((row) => row.nin));
      return people.map((person) => ({ nin: person.nin, ...indexesOf(keys, person) }));
    };
    const dataKey = keyOf('identity-data.key');
    const expectedLinks = async (keys: RegisterKeys) =>
      (await links()).map((row) => templateLink(keys.templateKey, openBiometric(dataKey, row.template, biometricPlace.finger(row.application_number, row.position))));
    expect(await stored()).toEqual(await expected(before));
    expect((await links()).map((row) => row.template_hmac)).toEqual(await expectedLinks(before));

    const rotation = await rotateKey(c.t.core, 'cli:root', 'identity-index.key');
    const after = resolveRegisterKeys(c.t.core.config);
    expect(after.blindIndexKey.equals(before.blindIndexKey)).toBe(false);
    expect(rotation.resealed).toBeGreaterThan(0);
    expect(await stored()).toEqual(await expected(after));
    expect(await stored()).not.toEqual(await expected(before));
    expect((await links()).map((row) => row.template_hmac)).toEqual(await expectedLinks(after));
  });

  it('names the keys that rotate when asked for another, and leaves a key given as a setting to where it is kept', async () => {
    await expect(rotateKey(c.t.core, 'cli:root', 'journal-signing.key')).rejects.toThrow(
      /journal-signing.key is not a key that rotates here; those that do: identity-person.kek, identity-index.key, identity-data.key, identity-keystore.passphrase, totp.key, camera-credentials.key/,
    );
    const withSetting = { ...c.t.core, config: { ...c.t.core.config, identityDataKey: 'x' } };
    await expect(rotateKey(withSetting, 'cli:root', 'identity-data.key')).rejects.toThrow(/given by the setting AMANE_IDENTITY_DATA_KEY/);
  });
});
