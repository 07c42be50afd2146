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

describe('personalising cards one after another (the production path)', () => {
  /** Cards AB0000001..: every third with only Arabic names, every fifth with a smaller face. */
  const run = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      card: testCard({ documentNumber: `AB${String(i + 1).padStart(7, '0')}`, sex: i % 2 === 0 ? 'F' : 'M', ...(i % 3 === 2 ? { surname: '', givenNames: '', surnameArabic: 'العلوي', givenNamesArabic: 'فاطمة' } : {}) }),
      face: i % 5 === 4 ? specimenFaceJpeg(96, 128) : face,
    }));

  it('hands over each card in order with its own files, the same as personalising it alone; every SOD verifies', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const signer = keystore.signerFor('RABAT');
    const csca = [fromPem(keystore.cscaCertificatePem())];
    // More than one run of cards, and a last run that is not full.
    const items = run(37);
    const seen: { number: string; mrz: string[]; files: string[] }[] = [];
    const count = signer.personaliseEach(items, (card, index) => {
      expect(index).toBe(seen.length);
      verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, card.dg2]]), csca);
      seen.push({ number: card.documentNumber, mrz: [...card.mrz], files: [card.efCom, card.dg1, card.dg2].map(hex) });
    });
    expect(count).toBe(37);
    expect(seen.map((s) => s.number)).toEqual(items.map((i) => i.card.documentNumber));
    items.forEach((item, i) => {
      const alone = signer.personalise(item.card, item.face);
      expect(seen[i]!.mrz).toEqual(alone.mrz);
      expect(seen[i]!.files).toEqual([alone.efCom, alone.dg1, alone.dg2].map(hex));
    });
    expect(seen[2]!.mrz[2]).toBe('ALELWY<<FAXTTMXAH<<<<<<<<<<<<<');
  });

  it('reuses its workspace: what is kept must be copied before the callback returns', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).signerFor('RABAT');
    const views: Uint8Array[] = [];
    const copies: string[] = [];
    signer.personaliseEach(run(40), (card) => {
      views.push(card.dg1);
      copies.push(hex(card.dg1));
    });
    // The first card's DG1 view now shows a later card: the copies, not the views, are the cards.
    expect(hex(views[0]!)).not.toBe(copies[0]);
    expect(new Set(copies).size).toBe(40);
  });

  it('gives a call made from inside a callback a workspace of its own', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).signerFor('RABAT');
    const outer: string[] = [];
    signer.personaliseEach(run(3), (card) => {
      const before = hex(card.dg1);
      const inner = signer.personalise(testCard({ documentNumber: 'ZZ9999999' }), face);
      expect(inner.documentNumber).toBe('ZZ9999999');
      expect(hex(card.dg1)).toBe(before);
      outer.push(card.mrz[0]);
    });
    expect(outer.map((line) => line.slice(5, 14))).toEqual(['AB0000001', 'AB0000002', 'AB0000003']);
  });

  it('hands over the cards before a refused one, then refuses it naming the field', async () => {
    const t = setupTestCase();
    const signer = (await t.openTestKeystore()).signerFor('RABAT');
    const items = run(20);
    items[18] = { ...items[18]!, card: { ...items[18]!.card, dateOfBirth: '1990-02-31' } };
    const handed: string[] = [];
    let refusal: unknown;
    try {
      signer.personaliseEach(items, (card) => handed.push(card.documentNumber));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).errors.map((e) => e.field)).toEqual(['dateOfBirth']);
    expect(handed).toEqual(items.slice(0, 18).map((i) => i.card.documentNumber));
  });

  it('makes room for a face larger than its workspace', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const signer = keystore.signerFor('RABAT');
    const large = specimenFaceJpeg(120, 160, 40_000);
    // The first card makes the workspace, for faces of up to 24 kB; the run after it has a 40 kB one.
    signer.personalise(testCard(), face);
    const sizes: number[] = [];
    signer.personaliseEach([{ card: testCard(), face }, { card: testCard(), face: large }], (card) => {
      verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, card.dg2]]), [fromPem(keystore.cscaCertificatePem())]);
      sizes.push(card.dg2.length);
    });
    expect(sizes[1]! - sizes[0]!).toBe(large.data.length - face.data.length);
  });
});
