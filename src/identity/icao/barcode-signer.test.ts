import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromPem, isIssuedBy, readCertificate } from './certificate.js';
import { OPENSSL, setupTestCase } from './icao.testing.js';

const opensslMissing = !fs.existsSync(OPENSSL) && process.env.CI !== 'true';

describe('the Barcode Signer of visible digital seals', () => {
  it('is issued by the CSCA on first use, for digital signature only, and named in seals by its serial in hexadecimal', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    expect(keystore.barcodeSignerCertificatesPem()).toEqual([]);
    const signer = keystore.barcodeSigner();
    const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
    const certificate = readCertificate(signer.certificateDer);
    expect(isIssuedBy(certificate, csca)).toBe(true);
    expect(certificate.isCa).toBe(false);
    expect(certificate.keyUsage).toEqual([0]);
    expect(certificate.subjectCommonName).toBe('Barcode Signer');
    expect(signer.signerIdentifier).toBe('MABS');
    expect(signer.certificateReference).toBe(certificate.serialHex.toUpperCase());
    expect(signer.certificateReference).toMatch(/^[0-9A-F]{32}$/);
    expect(keystore.barcodeSignerCertificatesPem()).toHaveLength(1);
    expect(readCertificate(fromPem(keystore.barcodeSignerCertificatesPem()[0]!)).serialHex).toBe(certificate.serialHex);
  });

  it('signs r || s that its certificate verifies, and a changed byte fails', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).barcodeSigner();
    const data = Uint8Array.from(Buffer.from('header and message zone'));
    const signature = signer.sign(data);
    expect(signature).toHaveLength(64);
    const { publicKey } = readCertificate(signer.certificateDer);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    data[0] = data[0]! ^ 1;
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
  });

  it('is kept in the encrypted keystore: the same signer after reopening, and no key in clear', async () => {
    const t = setupTestCase();
    const reference = (await t.openTestKeystore()).barcodeSigner().certificateReference;
    const text = fs.readFileSync(path.join(t.dir, 'keystore.json'), 'utf8');
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN|Barcode/);
    expect((await t.openTestKeystore()).barcodeSigner().certificateReference).toBe(reference);
  });

  it('is added to a keystore written before barcode signers existed, which keeps its CSCA and Document Signers', async () => {
    const t = setupTestCase();
    const before = await t.openTestKeystore();
    before.signerFor('RABAT');
    const csca = before.cscaCertificatePem();
    const rabat = before.signerCertificatesPem('RABAT');
    // That keystore holds no barcode signer: its contents are those of an earlier version.
    const after = await t.openTestKeystore();
    expect(after.barcodeSignerCertificatesPem()).toEqual([]);
    const signer = after.barcodeSigner();
    const reopened = await t.openTestKeystore();
    expect(reopened.cscaCertificatePem()).toBe(csca);
    expect(reopened.signerCertificatesPem('RABAT')).toEqual(rabat);
    expect(reopened.barcodeSigner().certificateReference).toBe(signer.certificateReference);
  });

  it.skipIf(opensslMissing)(`has a certificate openssl verifies against the CSCA${opensslMissing ? ' (skipped: openssl missing)' : ''}`, async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    keystore.barcodeSigner();
    const attime = String(Math.floor(t.clock.now().getTime() / 1000));
    const result = spawnSync(OPENSSL, ['verify', '-attime', attime, '-CAfile', t.write('csca.pem', keystore.cscaCertificatePem()), t.write('bs.pem', keystore.barcodeSignerCertificatesPem()[0]!)], { encoding: 'utf8' });
    expect(result.stdout.trim()).toMatch(/bs\.pem: OK$/);
    expect(result.status).toBe(0);
  });
});
