import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPem, readCertificate } from './certificate.js';
import { readDg1, readDg2, readEfCom } from './lds.js';
import { parseTd1 } from './mrz.js';
import { writeSampleCards } from './sample.js';
import { verifyDataGroups } from './sod.js';
import { setupTestCase } from './icao.testing.js';

describe('specimen cards', () => {
  it('writes each card’s MRZ and chip files, and the certificates that verify them', async () => {
    const t = setupTestCase();
    const outDir = path.join(t.dir, 'out');
    const result = await writeSampleCards({ count: 4, outDir, clock: t.clock });
    expect(result.cards).toBe(4);
    expect(fs.readdirSync(outDir).sort()).toEqual(['card-001', 'card-002', 'card-003', 'card-004', 'csca.pem', 'document-signer.pem']);
    const csca = fromPem(fs.readFileSync(path.join(outDir, 'csca.pem'), 'utf8'));
    expect(readCertificate(fromPem(fs.readFileSync(path.join(outDir, 'document-signer.pem'), 'utf8'))).serialHex).toBe(result.signerSerial);

    const names: string[] = [];
    for (const card of ['card-001', 'card-002', 'card-003', 'card-004']) {
      const read = (file: string) => new Uint8Array(fs.readFileSync(path.join(outDir, card, file)));
      expect(fs.readdirSync(path.join(outDir, card)).sort()).toEqual(['DG1', 'DG2', 'EF.COM', 'EF.SOD', 'mrz.txt']);
      const mrz = fs.readFileSync(path.join(outDir, card, 'mrz.txt'), 'utf8').trimEnd().split('\n');
      expect(readDg1(read('DG1'))).toEqual(mrz);
      const fields = parseTd1(mrz, { today: t.clock.now() });
      expect(fields).toMatchObject({ documentCode: 'ID', issuingState: 'MAR', nationality: 'MAR' });
      expect(fields.documentNumber).toMatch(/^SP\d{7}$/);
      names.push(mrz[2]!);
      expect(readEfCom(read('EF.COM')).tags).toEqual([0x61, 0x75]);
      expect(readDg2(read('DG2')).instances[0]!.face.width).toBe(120);
      const verified = verifyDataGroups(read('EF.SOD'), new Map([[1, read('DG1')], [2, read('DG2')]]), [csca]);
      expect(verified.signer.serialHex).toBe(result.signerSerial);
      const opensslResult = t.opensslVerify(read('EF.SOD'), fs.readFileSync(path.join(outDir, 'csca.pem'), 'utf8'));
      expect(opensslResult.status, opensslResult.stderr).toBe(0);
    }
    expect(names).toEqual(['SPECIMEN<<AMINA<<<<<<<<<<<<<<<', 'SPECIMEN<<YOUSSEF<<<<<<<<<<<<<', 'EYYNXAH<<FAXTTMXAH<ALZHRAXE<<<', 'SPECIMEN<<MOHAMED<AMINE<<<<<<<']);
  });

  it('signs with a given keystore, and leaves no throwaway keystore behind otherwise', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const outDir = path.join(t.dir, 'out');
    const result = await writeSampleCards({ count: 1, outDir, keystorePath: path.join(t.dir, 'keystore.json'), passphrase: 'correct horse battery staple', centreCode: 'MARRAKECH', clock: t.clock });
    expect(fs.readFileSync(path.join(outDir, 'csca.pem'), 'utf8')).toBe(keystore.cscaCertificatePem());
    expect(readCertificate(fromPem(fs.readFileSync(path.join(outDir, 'document-signer.pem'), 'utf8'))).subjectCommonName).toBe('Document Signer MARRAKECH');
    expect(result.signerSerial).toMatch(/^[0-9a-f]{32}$/);
    await expect(writeSampleCards({ count: 1, outDir, keystorePath: path.join(t.dir, 'keystore.json') })).rejects.toThrow(/needs its passphrase/);
    await expect(writeSampleCards({ count: 0, outDir })).rejects.toThrow(/count must be a whole number/);
  });
});
