import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { fromPem } from './certificate.js';
import { encodeDg1, encodeDg2, encodeEfCom, readDg1 } from './lds.js';
import { parseTd1 } from './mrz.js';
import { specimenFaceJpeg } from './sample.js';
import { verifyDataGroups } from './sod.js';
import { setupTestCase, testCard } from './icao.testing.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const face = specimenFaceJpeg();

describe('personalising a card', () => {
  it('returns the MRZ and the four files, each the encoding of its own, and a SOD that holds their hashes', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const card = keystore.signerFor('RABAT').personalise(testCard(), face);
    expect(card.documentNumber).toBe('AB1234567');
    expect(card.mrz).toEqual(['IDMARAB12345671BE123456<<<<<<<', '9005178F3611281MAR<<<<<<<<<<<4', 'EL<ALAOUI<<FATIMA<ZAHRA<<<<<<<']);
    expect(parseTd1(card.mrz, { today: t.clock.now() })).toMatchObject({ documentCode: 'ID', dateOfBirth: '1990-05-17', dateOfExpiry: '2036-11-28', sex: 'F' });
    expect(hex(card.efCom)).toBe(hex(encodeEfCom()));
    expect(hex(card.dg1)).toBe(hex(encodeDg1(card.mrz)));
    expect(readDg1(card.dg1)).toEqual(card.mrz);
    expect(hex(card.dg2)).toBe(hex(encodeDg2(face, 'F')));
    const verified = verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, card.dg2]]), [fromPem(keystore.cscaCertificatePem())]);
    expect(verified.signer.serialHex).toBe(card.signerSerial);
  });

  it('gives each card its own buffer: a later card does not change an earlier one', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const signer = keystore.signerFor('RABAT');
    const first = signer.personalise(testCard(), face);
    const before = [first.efCom, first.dg1, first.dg2, first.efSod].map(hex);
    const second = signer.personalise(testCard({ documentNumber: 'ZZ9999999', sex: 'M' }), specimenFaceJpeg(96, 128));
    expect([first.efCom, first.dg1, first.dg2, first.efSod].map(hex)).toEqual(before);
    expect(second.dg1.buffer).not.toBe(first.dg1.buffer);
    expect(first.dg1.buffer).toBe(first.efSod.buffer);
  });

  it('refuses a face the LDS cannot carry, and card data the MRZ cannot, naming the field', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).signerFor('RABAT');
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return { code: (error as DomainError).code, fields: (error as DomainError).errors.map((e) => e.field) };
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(() => signer.personalise(testCard(), { data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0), width: 1, height: 1 }))).toEqual({ code: 'validation', fields: ['face'] });
    expect(refusal(() => signer.personalise(testCard(), { ...face, height: 161 }))).toEqual({ code: 'validation', fields: ['face'] });
    expect(refusal(() => signer.personalise(testCard({ dateOfExpiry: '2036-13-01' }), face))).toEqual({ code: 'validation', fields: ['dateOfExpiry'] });
    expect(refusal(() => signer.personalise(testCard({ issuingState: 'Morocco' }), face))).toEqual({ code: 'validation', fields: ['issuingState'] });
  });

  it('writes the Arabic names through Table C when no Latin name is on record', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).signerFor('RABAT');
    const card = signer.personalise(testCard({ surname: '', givenNames: '', surnameArabic: 'بنكيران', givenNamesArabic: 'عبد الإله' }), face);
    expect(card.mrz[2]).toBe('BNKYRAN<<EBD<ALILH<<<<<<<<<<<<');
  });
});
