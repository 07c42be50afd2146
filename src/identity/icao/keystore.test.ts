import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPem, readCertificate } from './certificate.js';
import { KeystoreError, openKeystore } from './keystore.js';
import { specimenFaceJpeg } from './sample.js';
import { setupTestCase, testCard } from './icao.testing.js';

const face = specimenFaceJpeg();

describe('the keystore', () => {
  it('creates an encrypted file, readable by its owner only, holding no key in clear', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    keystore.signerFor('RABAT');
    const file = path.join(t.dir, 'keystore.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ format: 'amane-icao-keystore', version: 1, kdf: { name: 'scrypt', r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN|RABAT|Morocco/);
    expect(fs.readdirSync(t.dir)).toEqual(['keystore.json']);
  });

  it('creates the directory it is to live in, readable by its owner only', async () => {
    const t = setupTestCase();
    await t.openTestKeystore(path.join('pki', 'icao', 'keystore.json'));
    expect(fs.statSync(path.join(t.dir, 'pki', 'icao')).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.join(t.dir, 'pki', 'icao'))).toEqual(['keystore.json']);
  });

  it('opens again with the same CSCA and the same Document Signers', async () => {
    const t = setupTestCase();
    const first = await t.openTestKeystore();
    const serial = first.signerFor('RABAT').personalise(testCard(), face).signerSerial;
    const again = await t.openTestKeystore();
    expect(again.cscaCertificatePem()).toBe(first.cscaCertificatePem());
    expect(again.signerFor('RABAT').personalise(testCard(), face).signerSerial).toBe(serial);
    expect(again.signerCertificatesPem('RABAT')).toHaveLength(1);
  });

  it('refuses a wrong passphrase, saying so', async () => {
    const t = setupTestCase();
    await t.openTestKeystore('keystore.json', 'the right one');
    await expect(t.openTestKeystore('keystore.json', 'the wrong one')).rejects.toThrow(KeystoreError);
    await expect(t.openTestKeystore('keystore.json', 'the wrong one')).rejects.toThrow(/keystore .*keystore\.json: wrong passphrase, or the file has been altered/);
    await expect(openKeystore(path.join(t.dir, 'keystore.json'), '')).rejects.toThrow(/the passphrase is empty/);
  });

  it('refuses a file whose header or contents were altered, as it refuses a wrong passphrase', async () => {
    const t = setupTestCase();
    await t.openTestKeystore();
    const file = path.join(t.dir, 'keystore.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { kdf: { salt: string }; ciphertext: string };
    const salt = Buffer.from(stored.kdf.salt, 'base64');
    salt[0]! ^= 1;
    fs.writeFileSync(file, JSON.stringify({ ...stored, kdf: { ...stored.kdf, salt: salt.toString('base64') } }));
    await expect(t.openTestKeystore()).rejects.toThrow(/wrong passphrase, or the file has been altered/);
    fs.writeFileSync(file, JSON.stringify({ ...stored, format: 'something-else' }));
    await expect(t.openTestKeystore()).rejects.toThrow(/is not an Amane ICAO keystore/);
    fs.writeFileSync(file, JSON.stringify({ ...stored, kdf: { ...stored.kdf, N: 2 ** 30 } }));
    await expect(t.openTestKeystore()).rejects.toThrow(/scrypt parameters out of bounds/);
    fs.writeFileSync(file, 'not json');
    await expect(t.openTestKeystore()).rejects.toThrow(/is not JSON/);
  });

  it('issues a Document Signer on first use, and on rotation a new one while the old ones stay listed, newest first', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    expect(keystore.signerCertificatesPem('RABAT')).toEqual([]);
    const first = keystore.signerFor('RABAT').personalise(testCard(), face).signerSerial;
    await keystore.rotate('RABAT');
    await keystore.rotate('RABAT');
    const third = keystore.signerFor('RABAT').personalise(testCard(), face).signerSerial;
    const serials = (ks: typeof keystore) => ks.signerCertificatesPem('RABAT').map((pem) => readCertificate(fromPem(pem)).serialHex);
    expect(serials(keystore)).toHaveLength(3);
    expect(serials(keystore)[0]).toBe(third);
    expect(serials(keystore)[2]).toBe(first);
    const reopened = await t.openTestKeystore();
    expect(serials(reopened)).toEqual(serials(keystore));
    expect(reopened.signerFor('RABAT').personalise(testCard(), face).signerSerial).toBe(third);
    expect(reopened.signerCertificatesPem('MARRAKECH')).toEqual([]);
    expect(fs.readdirSync(t.dir)).toEqual(['keystore.json']);
  });

  it('keeps each centre’s Document Signer apart, named after the centre', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    keystore.signerFor('RABAT');
    keystore.signerFor('MARRAKECH');
    const rabat = readCertificate(fromPem(keystore.signerCertificatesPem('RABAT')[0]!));
    const marrakech = readCertificate(fromPem(keystore.signerCertificatesPem('MARRAKECH')[0]!));
    expect(rabat.subjectCommonName).toBe('Document Signer RABAT');
    expect(marrakech.subjectCommonName).toBe('Document Signer MARRAKECH');
    expect(rabat.serialHex).not.toBe(marrakech.serialHex);
    expect(keystore.signerFor('RABAT').centreCode).toBe('RABAT');
    expect(() => keystore.signerFor('../etc')).toThrow(/is not a centre code/);
  });

  it('refuses to sign outside the Document Signer’s validity', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const signer = keystore.signerFor('RABAT');
    t.clock.advance(12 * 365 * 86_400_000);
    expect(() => signer.personalise(testCard(), face)).toThrow(/is valid from 2026-11-29T10:00:00.000Z to 2037-0.*; rotate it/);
  });
});
