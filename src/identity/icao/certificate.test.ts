import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificateProfile, fromPem, isIssuedBy, issueCertificate, keyIdentifier, readCertificate, toPem } from './certificate.js';
import { Oid } from './oid.js';
import { OPENSSL, setupTestCase } from './icao.testing.js';

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

describe('the CSCA and Document Signer certificates (Doc 9303 Part 12 profiles)', () => {
  it('makes the CSCA a self-signed CA: basicConstraints and keyUsage keyCertSign + cRLSign, both critical', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
    expect(csca.isCa).toBe(true);
    expect(csca.keyUsage).toEqual([5, 6]);
    expect([...csca.criticalExtensions].sort()).toEqual([Oid.basicConstraints, Oid.keyUsage].sort());
    expect(csca.subjectCommonName).toBe('CSCA Morocco');
    expect(hex(csca.issuerName)).toBe(hex(csca.subjectName));
    expect(hex(csca.subjectKeyIdentifier)).toBe(hex(keyIdentifier(csca.publicKey)));
    expect(isIssuedBy(csca, csca)).toBe(true);
    expect(csca.notBefore.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(csca.notAfter.toISOString()).toBe('2041-11-29T10:00:00.000Z');
    const text = spawnSync(OPENSSL, ['x509', '-noout', '-text', '-in', t.write('csca.pem', keystore.cscaCertificatePem())], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Subject: C = MA, O = Kingdom of Morocco, OU = DGSN, CN = CSCA Morocco');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
  });

  it('makes a Document Signer for digital signature only, issued by the CSCA with its key identifier, and openssl verifies the chain', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    keystore.signerFor('RABAT');
    const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
    const ds = readCertificate(fromPem(keystore.signerCertificatesPem('RABAT')[0]!));
    expect(ds.isCa).toBe(false);
    expect(ds.keyUsage).toEqual([0]);
    expect(ds.criticalExtensions).toEqual([Oid.keyUsage]);
    expect(hex(ds.authorityKeyIdentifier)).toBe(hex(csca.subjectKeyIdentifier));
    expect(hex(ds.subjectKeyIdentifier)).toBe(hex(keyIdentifier(ds.publicKey)));
    expect(isIssuedBy(ds, csca)).toBe(true);
    expect(isIssuedBy(csca, ds)).toBe(false);
    const attime = String(Math.floor(t.clock.now().getTime() / 1000));
    const result = spawnSync(OPENSSL, ['verify', '-attime', attime, '-CAfile', t.write('csca.pem', keystore.cscaCertificatePem()), t.write('ds.pem', keystore.signerCertificatesPem('RABAT')[0]!)], { encoding: 'utf8' });
    expect(result.stdout.trim()).toMatch(/ds\.pem: OK$/);
    expect(result.status).toBe(0);
  });

  it('writes UTF8String for names a PrintableString cannot carry, and GeneralizedTime from 2050', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const name = { country: 'MA', organization: 'Royaume du Maroc', organizationalUnit: 'Sûreté nationale', commonName: 'CSCA Maroc' };
    const der = issueCertificate(
      { profile: CertificateProfile.csca, serial: Uint8Array.of(0x01, 0x02), issuer: name, subject: name, notBefore: new Date('2049-06-01T00:00:00Z'), notAfter: new Date('2064-06-01T00:00:00Z'), subjectPublicKey: publicKey, authorityKeyIdentifier: keyIdentifier(publicKey) },
      privateKey,
    );
    const certificate = readCertificate(der);
    expect(certificate.serialHex).toBe('0102');
    expect(certificate.notAfter.toISOString()).toBe('2064-06-01T00:00:00.000Z');
    expect(Buffer.from(certificate.subjectName).includes(Buffer.from('Sûreté nationale', 'utf8'))).toBe(true);
    expect(hex(fromPem(toPem(der)))).toBe(hex(der));
    expect(() => issueCertificate({ profile: CertificateProfile.csca, serial: Uint8Array.of(0x80), issuer: name, subject: name, notBefore: new Date(), notAfter: new Date(), subjectPublicKey: publicKey, authorityKeyIdentifier: new Uint8Array(20) }, privateKey)).toThrow(/positive/);
  });
});

describe('reading certificates made elsewhere', () => {
  it('reads the subject, validity, key usage, CA flag and key of a CSCA and a Document Signer made by openssl, and checks the chain', (ctx) => {
    if (!fs.existsSync(OPENSSL)) ctx.skip(`${OPENSSL} is not installed: no certificate made by openssl to read`);
    const t = setupTestCase();
    const file = (name: string) => path.join(t.dir, name);
    const openssl = (...args: string[]) => {
      const result = spawnSync(OPENSSL, args, { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('csca.key'), '-out', file('csca.pem'), '-days', '5479', '-set_serial', '0x0a1b2c',
      '-subj', '/C=MA/O=Kingdom of Morocco/OU=DGSN/CN=CSCA Openssl', '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('ds.key'), '-out', file('ds.csr'), '-subj', '/C=MA/O=Kingdom of Morocco/CN=Document Signer Openssl');
    fs.writeFileSync(file('ds.ext'), 'keyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    openssl('x509', '-req', '-in', file('ds.csr'), '-CA', file('csca.pem'), '-CAkey', file('csca.key'), '-set_serial', '0x42', '-days', '365', '-extfile', file('ds.ext'), '-out', file('ds.pem'));

    const csca = readCertificate(fromPem(fs.readFileSync(file('csca.pem'), 'utf8')));
    const ds = readCertificate(fromPem(fs.readFileSync(file('ds.pem'), 'utf8')));
    // What openssl says of its own certificates, to compare with the reading.
    const dates = (pem: string) => Object.fromEntries(openssl('x509', '-noout', '-startdate', '-enddate', '-in', file(pem)).trim().split('\n').map((line) => line.split('=') as [string, string]));
    expect(csca.subjectCommonName).toBe('CSCA Openssl');
    expect(csca.serialHex).toBe('0a1b2c');
    expect(csca.notBefore.getTime()).toBe(new Date(dates('csca.pem').notBefore!).getTime());
    expect(csca.notAfter.getTime()).toBe(new Date(dates('csca.pem').notAfter!).getTime());
    expect(csca.notAfter.getTime() - csca.notBefore.getTime()).toBe(5479 * 86_400_000);
    expect(csca.isCa).toBe(true);
    expect(csca.keyUsage).toEqual([5, 6]);
    expect([...csca.criticalExtensions].sort()).toEqual([Oid.basicConstraints, Oid.keyUsage].sort());
    expect(hex(csca.subjectKeyIdentifier)).toBe(hex(keyIdentifier(csca.publicKey)));
    expect(csca.publicKey.equals(createPublicKey(createPrivateKey(fs.readFileSync(file('csca.key'), 'utf8'))))).toBe(true);
    expect(hex(csca.issuerName)).toBe(hex(csca.subjectName));

    expect(ds.subjectCommonName).toBe('Document Signer Openssl');
    expect(ds.serialHex).toBe('42');
    expect(ds.notAfter.getTime()).toBe(new Date(dates('ds.pem').notAfter!).getTime());
    expect(ds.isCa).toBe(false);
    expect(ds.keyUsage).toEqual([0]);
    expect(ds.criticalExtensions).toEqual([Oid.keyUsage]);
    expect(hex(ds.authorityKeyIdentifier)).toBe(hex(csca.subjectKeyIdentifier));
    expect(hex(ds.issuerName)).toBe(hex(csca.subjectName));
    expect(isIssuedBy(ds, csca)).toBe(true);
    expect(isIssuedBy(csca, csca)).toBe(true);
    expect(isIssuedBy(csca, ds)).toBe(false);
    expect(isIssuedBy(ds, ds)).toBe(false);
  });

  it('refuses bytes that are not a certificate, saying so', () => {
    expect(() => readCertificate(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).toThrow(/not an X.509 certificate/);
  });
});
