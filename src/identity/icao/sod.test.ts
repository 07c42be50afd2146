import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertificateProfile, fromPem, issueCertificate, keyIdentifier, readCertificate } from './certificate.js';
import { child, decode, explicit, integer, octetString, oid, readOctetString, readOid, sequence, set, Tag, time, tlv } from './der.js';
import { encodeDg2 } from './lds.js';
import { parseTd1 } from './mrz.js';
import { Oid } from './oid.js';
import { specimenFaceJpeg } from './sample.js';
import { createSodSigner, readLdsSecurityObject, sha256, sodContentInfo, verifyDataGroups, verifySod, type DataGroupHash } from './sod.js';
import { setupTestCase, testCard } from './icao.testing.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const face = specimenFaceJpeg();

/** A copy of `bytes` with the last occurrence of `needle` changed by `change`. */
function tamper(bytes: Uint8Array, needle: Uint8Array, change: (found: Uint8Array) => void): Uint8Array {
  const copy = bytes.slice();
  const at = Buffer.from(copy).lastIndexOf(Buffer.from(needle));
  expect(at).toBeGreaterThan(0);
  change(copy.subarray(at, at + needle.length));
  return copy;
}

describe('EF.SOD', () => {
  it('verifies with openssl cms -verify against the CSCA, and its LDSSecurityObject holds the SHA-256 of DG1 and DG2', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const card = keystore.signerFor('RABAT').personalise(testCard(), face);

    const result = t.opensslVerify(card.efSod, keystore.cscaCertificatePem());
    expect(result.stderr).toContain('Verification successful');
    expect(result.status).toBe(0);
    const lso = readLdsSecurityObject(result.content!);
    expect(lso).toMatchObject({ version: 0, hashAlgorithm: Oid.sha256 });
    expect(lso.hashes.map((h) => [h.number, hex(h.hash)])).toEqual([
      [1, hex(sha256(card.dg1))],
      [2, hex(sha256(card.dg2))],
    ]);
  });

  it('is a SignedData v3 with the ICAO content type, the DS certificate, and one SignerInfo by issuer and serial number', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const card = keystore.signerFor('RABAT').personalise(testCard(), face);
    expect(card.efSod[0]).toBe(0x77);
    const contentInfo = decode(sodContentInfo(card.efSod));
    expect(readOid(child(contentInfo, 0, 'ContentInfo'))).toBe(Oid.signedData);
    const signedData = child(child(contentInfo, 1, 'ContentInfo'), 0, 'SignedData');
    expect(hex(child(signedData, 0, 'version').bytes)).toBe('020103');
    expect(readOid(child(child(signedData, 2, 'encap'), 0, 'eContentType'))).toBe(Oid.ldsSecurityObject);
    const certificate = readCertificate(child(child(signedData, 3, 'certificates'), 0, 'certificate').bytes);
    expect(certificate.serialHex).toBe(card.signerSerial);
    expect(hex(certificate.der)).toBe(hex(fromPem(keystore.signerCertificatesPem('RABAT')[0]!)));
    const signerInfo = child(child(signedData, 4, 'signerInfos'), 0, 'SignerInfo');
    expect(hex(child(signerInfo, 0, 'version').bytes)).toBe('020101');
    const attributes = child(signerInfo, 3, 'signedAttrs').children.map((a) => readOid(child(a, 0, 'type')));
    expect(attributes.sort()).toEqual([Oid.contentType, Oid.messageDigest, Oid.signingTime].sort());
    const verified = verifySod(card.efSod, [fromPem(keystore.cscaCertificatePem())]);
    expect(verified.signingTime?.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(parseTd1(card.mrz)).toMatchObject({ documentNumber: 'AB1234567', primaryIdentifier: 'EL ALAOUI', secondaryIdentifier: 'FATIMA ZAHRA', optionalData1: 'BE123456' });
  });

  it('no longer matches a changed data group: the hash it signs differs, and passive authentication names the group', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const card = keystore.signerFor('RABAT').personalise(testCard(), face);
    const otherDg2 = encodeDg2(specimenFaceJpeg(96, 128), 'F');
    const csca = [fromPem(keystore.cscaCertificatePem())];

    const signed = readLdsSecurityObject(t.opensslVerify(card.efSod, keystore.cscaCertificatePem()).content!).hashes.find((h) => h.number === 2)!;
    expect(hex(signed.hash)).not.toBe(hex(sha256(otherDg2)));
    expect(() => verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, otherDg2]]), csca)).toThrow('DG2 does not match its hash in EF.SOD');
    const otherDg1 = keystore.signerFor('RABAT').personalise(testCard({ documentNumber: 'AB1234568' }), face).dg1;
    expect(() => verifyDataGroups(card.efSod, new Map([[1, otherDg1], [2, card.dg2]]), csca)).toThrow('DG1 does not match its hash in EF.SOD');
    expect(verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, card.dg2]]), csca).signer.serialHex).toBe(card.signerSerial);
  });

  it('is rejected by openssl when the signed content is tampered with: the security object, a signed attribute or the signature', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const cscaPem = keystore.cscaCertificatePem();
    const card = keystore.signerFor('RABAT').personalise(testCard(), face);
    const tampered = {
      // One bit of DG1's hash inside the LDSSecurityObject (the eContent): messageDigest no longer matches.
      content: tamper(card.efSod, sha256(card.dg1), (found) => (found[0]! ^= 0x01)),
      // The signing time, a signed attribute (its last occurrence: the DS certificate starts at the same second).
      attribute: tamper(card.efSod, Buffer.from('261129100000Z'), (found) => (found[11] = '1'.charCodeAt(0))),
      // The last octet of the ECDSA signature.
      signature: card.efSod.map((byte, i) => (i === card.efSod.length - 1 ? byte ^ 0x01 : byte)),
    };
    // openssl's reasons: the content's digest differs from messageDigest; the signature over the attributes fails.
    const reasons = { content: /content verify error/, attribute: /CMS_SignerInfo_verify:verification failure/, signature: /CMS_SignerInfo_verify:verification failure/ };
    for (const [what, efSod] of Object.entries(tampered)) {
      const result = t.opensslVerify(efSod, cscaPem);
      expect(result.status, `${what}: ${result.stderr}`).not.toBe(0);
      expect(result.stderr, what).toMatch(/Verification failure/);
      expect(result.stderr, what).toMatch(reasons[what as keyof typeof reasons]);
      expect(() => verifySod(efSod, [fromPem(cscaPem)]), what).toThrow(/does not match|does not verify/);
    }
    expect(t.opensslVerify(card.efSod, cscaPem).status).toBe(0);
  });

  it('is rejected by openssl under another country’s CSCA', async () => {
    const t = setupTestCase();
    const ours = await t.openTestKeystore('ours.json');
    const theirs = await t.openTestKeystore('theirs.json');
    const card = ours.signerFor('RABAT').personalise(testCard(), face);
    const result = t.opensslVerify(card.efSod, theirs.cscaCertificatePem());
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unable to get local issuer certificate/);
    expect(() => verifySod(card.efSod, [fromPem(theirs.cscaCertificatePem())])).toThrow(/no trusted CSCA issued the Document Signer/);
  });

  it('of a rotated signer verifies under the same CSCA, with the new Document Signer, while earlier cards still verify', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const before = keystore.signerFor('MARRAKECH').personalise(testCard(), face);
    t.clock.advance(90 * 86_400_000);
    await keystore.rotate('MARRAKECH');
    const after = keystore.signerFor('MARRAKECH').personalise(testCard({ documentNumber: 'AB7654321' }), face);

    expect(after.signerSerial).not.toBe(before.signerSerial);
    const certificates = keystore.signerCertificatesPem('MARRAKECH').map((pem) => readCertificate(fromPem(pem)).serialHex);
    expect(certificates).toEqual([after.signerSerial, before.signerSerial]);
    for (const card of [before, after]) {
      const result = t.opensslVerify(card.efSod, keystore.cscaCertificatePem());
      expect(result.status, result.stderr).toBe(0);
      expect(readLdsSecurityObject(result.content!).hashes.map((h) => hex(h.hash))).toEqual([hex(sha256(card.dg1)), hex(sha256(card.dg2))]);
    }
  });
});

/** EF.SOD encoded the plain way, one nested TLV at a time (RFC 5652 §5), from its variable parts. */
function nestedSod(certificateDer: Uint8Array, hashes: readonly DataGroupHash[], signingTime: Date, signature: Uint8Array): Uint8Array {
  const certificate = readCertificate(certificateDer);
  const sha256Id = sequence(oid(Oid.sha256));
  const lso = sequence(integer(0), sha256Id, sequence(...[...hashes].sort((a, b) => a.number - b.number).map((h) => sequence(integer(h.number), octetString(h.hash)))));
  const attributes = set(
    sequence(oid(Oid.contentType), set(oid(Oid.ldsSecurityObject))),
    sequence(oid(Oid.messageDigest), set(octetString(sha256(lso)))),
    sequence(oid(Oid.signingTime), set(time(signingTime))),
  );
  const signedAttrs = tlv(0xa0, ...decode(attributes).children.map((c) => c.bytes));
  const signerInfo = sequence(integer(1), sequence(certificate.issuerName, tlv(Tag.INTEGER, certificate.serial)), sha256Id, signedAttrs, sequence(oid(Oid.ecdsaWithSha256)), octetString(signature));
  const signedData = sequence(integer(3), set(sha256Id), sequence(oid(Oid.ldsSecurityObject), explicit(0, octetString(lso))), tlv(0xa0, certificateDer), set(signerInfo));
  return tlv(0x77, sequence(oid(Oid.signedData), explicit(0, signedData)));
}

describe('EF.SOD from templates', () => {
  const csca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cscaName = { country: 'MA', organization: 'Kingdom of Morocco', commonName: 'CSCA TEST' };
  const validity = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') };
  const cscaDer = issueCertificate({ profile: CertificateProfile.csca, serial: Uint8Array.of(0x01), issuer: cscaName, subject: cscaName, ...validity, subjectPublicKey: csca.publicKey, authorityKeyIdentifier: keyIdentifier(csca.publicKey) }, csca.privateKey);
  const certificateDer = issueCertificate(
    { profile: CertificateProfile.documentSigner, serial: Uint8Array.of(0x42), issuer: cscaName, subject: { ...cscaName, commonName: 'Document Signer TEST' }, ...validity, subjectPublicKey: publicKey, authorityKeyIdentifier: keyIdentifier(csca.publicKey) },
    csca.privateKey,
  );
  const signer = createSodSigner(certificateDer, privateKey);

  it('is byte for byte the nested DER encoding, for any data groups and signing time (UTCTime or GeneralizedTime)', () => {
    const hashes = fc.uniqueArray(fc.integer({ min: 1, max: 16 }), { minLength: 2, maxLength: 16 }).chain((numbers) =>
      fc.tuple(...numbers.map((number) => fc.uint8Array({ minLength: 32, maxLength: 32 }).map((hash) => ({ number, hash })))),
    );
    const when = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2120-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(hashes, when, (groups, signingTime) => {
        const sod = signer.sign(groups, signingTime);
        const signerInfo = child(child(child(child(decode(sodContentInfo(sod)), 1, 'content'), 0, 'SignedData'), 4, 'signerInfos'), 0, 'SignerInfo');
        const signature = readOctetString(child(signerInfo, 5, 'signature'));
        expect(hex(sod)).toBe(hex(nestedSod(certificateDer, groups, signingTime, signature)));
        expect(verifySod(sod, [cscaDer]).hashes.map((h) => h.number)).toEqual(groups.map((g) => g.number).sort((a, b) => a - b));
      }),
      { numRuns: 60 },
    );
  });
});
