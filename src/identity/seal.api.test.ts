import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Permission, personRoles, rolePermissions } from '../core/auth/permission.js';
import { runCommand } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from '../server/testing.js';
import { fromPem, readCertificate } from './icao/certificate.js';
import { decodeVds, encodeVds } from './icao/vds.js';
import { identityKeystore } from './identity-keystore.js';
import { foundIn, storedBytes } from './identity.testing.js';
import { sealPng } from './seal-image.js';
import { encodeSealFeatures } from './seal.js';
import { registerKeys } from './register-keys.js';
import { issueSeal, registeredSeal, resealSealedDocuments, type IssueSealInput } from './seal.service.js';

const clerkRole = personRoles.find((role) => rolePermissions[role].includes(Permission.identitySealRevoke))!;
const otherRole = personRoles.find((role) => !rolePermissions[role].includes(Permission.identitySealRevoke))!;

/**
 * A printed A4 page at 150 dpi as a third party photographs or scans it: white paper, a frame, a bold
 * title, lines of text, and the seal's symbol (RGBA, as pngjs reads it) in the lower right part, when given.
 */
function printedPage(symbol?: { width: number; height: number; data: Buffer }): PNG {
  const page = new PNG({ width: 1240, height: 1754 });
  page.data.fill(255);
  const ink = (x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) page.data.fill(0, (y * page.width + x) * 4, (y * page.width + x) * 4 + 3);
  };
  // The frame, 3 px, 50 px from the edges.
  ink(50, 50, page.width - 100, 3);
  ink(50, page.height - 53, page.width - 100, 3);
  ink(50, 50, 3, page.height - 100);
  ink(page.width - 53, 50, 3, page.height - 100);
  // A bold title, then lines of text: strokes 2 px wide every 7 px, 18 px high, a line every 40 px.
  for (let x = 380; x < 860; x += 12) ink(x, 120, 7, 45);
  for (let line = 0; line < 22; line++) for (let x = 110; x < 1130; x += 7) ink(x, 240 + line * 40, 2, 18);
  if (symbol !== undefined) {
    const [left, top] = [820, 1280];
    for (let y = 0; y < symbol.height; y++) symbol.data.copy(page.data, ((top + y) * page.width + left) * 4, y * symbol.width * 4, (y + 1) * symbol.width * 4);
  }
  return page;
}

describe(`visible digital seals: issue, verify, revoke (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let clerk: string;
  let counter = 0;
  // One app for the file: each test issues the seals it reads, and a test that moves the clock has an app of its own.
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_PUBLIC_VERIFY_PER_MINUTE: '1000' } });
    clerk = (await t.login([clerkRole])).token;
  });
  afterAll(async () => t.close());

  // The clock stands at 2026-03-01.
  const input = (overrides: Partial<IssueSealInput> = {}): IssueSealInput => {
    counter += 1;
    return {
      kind: 'police-record-certificate',
      documentNumber: `PRC2026${String(counter).padStart(6, '0')}`,
      issuedOn: '2026-03-01',
      expiresOn: '2026-06-01',
      features: { holderName: 'EL ALAMI AMINA', personNumber: 'BE123456', birthDate: '1990-02-28', outcome: 'no-record' },
      ...overrides,
    };
  };
  const issue = async (overrides: Partial<IssueSealInput> = {}, app = t) => {
    const given = input(overrides);
    const { seal } = await runCommand(app.core, 'user:desk', (scope) => issueSeal(app.core, scope, given));
    return { seal, documentNumber: given.documentNumber };
  };
  const verifyJson = (seal: Uint8Array | string, address = '10.30.0.1', app = t) =>
    app.app.inject({ method: 'POST', url: '/identity/seals/verify', remoteAddress: address, payload: { seal: typeof seal === 'string' ? seal : Buffer.from(seal).toString('base64') } });
  const verifyImage = (image: Uint8Array, type: string) => t.app.inject({ method: 'POST', url: '/identity/seals/verify', headers: { 'content-type': type }, payload: Buffer.from(image) });

  it('reads a seal it issued as valid, with what the seal says', async () => {
    const { seal, documentNumber } = await issue();
    const response = await verifyJson(seal);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      verdict: 'valid',
      document: { kind: 'police-record-certificate', documentNumber, issuedOn: '2026-03-01', expiresOn: '2026-06-01', holderName: 'EL ALAMI AMINA', personNumber: 'BE123456', birthDate: '1990-02-28', validUntil: '2026-06-01', outcome: 'no-record' },
    });
    const events = await findEvents(t.core.db, { stream: `sealed-document/${documentNumber}`, limit: 10 });
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([['identity_seal.issued', 'user:desk', { kind: 'police-record-certificate', issuedOn: '2026-03-01', expiresOn: '2026-06-01', signerReference: decodeVds(seal).header.certificateReference }]]);
    expect(Buffer.from((await registeredSeal(t.core, documentNumber))!).equals(Buffer.from(seal))).toBe(true);
  });

  it('reads a seal with one byte of its message changed as changed, and the raw signature check fails too', async () => {
    const { seal } = await issue();
    const vds = decodeVds(seal);
    const changed = Uint8Array.from(seal);
    // A byte of the holder's name, in the message zone.
    const at = Buffer.from(changed).indexOf(Buffer.from('ALAMI'));
    expect(at).toBeGreaterThan(vds.signedBytes.length - 60);
    changed[at] = 'O'.charCodeAt(0);
    const keystore = await identityKeystore(t.core);
    const certificate = readCertificate(fromPem(keystore.barcodeSignerCertificatesPem().find((pem) => readCertificate(fromPem(pem)).serialHex.toUpperCase() === vds.header.certificateReference)!));
    const read = decodeVds(changed);
    expect(verify('sha256', read.signedBytes, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, read.signature)).toBe(false);
    expect(verify('sha256', vds.signedBytes, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, vds.signature)).toBe(true);
    const response = await verifyJson(changed);
    expect(response.json()).toMatchObject({ verdict: 'changed', document: { holderName: 'EL OLAMI AMINA' } });
  });

  it("reads a seal signed by the Barcode Signer yet not the register's copy as changed", async () => {
    const { seal, documentNumber } = await issue();
    const vds = decodeVds(seal);
    const signer = (await identityKeystore(t.core)).barcodeSigner();
    const forged = encodeVds(vds.header, encodeSealFeatures('police-record-certificate', { documentNumber, validUntil: '2026-06-01', holderName: 'SOMEONE ELSE', outcome: 'no-record' }), (data) => signer.sign(data));
    expect((await verifyJson(forged)).json()).toMatchObject({ verdict: 'changed', document: { documentNumber, holderName: 'SOMEONE ELSE' } });
  });

  it('reads a seal whose certificate reference names no Barcode Signer of the CSCA as unknown-signer', async () => {
    const { seal } = await issue();
    const vds = decodeVds(seal);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = encodeVds({ ...vds.header, certificateReference: '0ABC' }, decodeVds(seal).features, (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })));
    expect((await verifyJson(other)).json()).toMatchObject({ verdict: 'unknown-signer' });
  });

  it('revokes a document (journaled with its reason): its seal reads revoked; a second revocation is refused', async () => {
    const { seal, documentNumber } = await issue();
    const url = `/identity/seals/${documentNumber}/revocation`;
    expect((await t.app.inject({ method: 'POST', url, payload: { reason: 'issued on a forged request' } })).statusCode).toBe(401);
    const outsider = await t.login([otherRole]);
    expect((await t.app.inject({ method: 'POST', url, headers: bearer(outsider.token), payload: { reason: 'issued on a forged request' } })).statusCode).toBe(403);
    const head = await t.journalHead();
    const bad = await t.app.inject({ method: 'POST', url, headers: bearer(clerk), payload: { reason: '' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('reason');
    expect(await t.journalHead()).toBe(head);
    const revoked = await t.app.inject({ method: 'POST', url, headers: bearer(clerk), payload: { reason: 'issued on a forged request' } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ documentNumber, status: 'revoked', revokedReason: 'issued on a forged request', revokedAt: '2026-03-01T08:00:00.000Z' });
    expect((await verifyJson(seal)).json()).toMatchObject({ verdict: 'revoked', document: { documentNumber } });
    const again = await t.app.inject({ method: 'POST', url, headers: bearer(clerk), payload: { reason: 'twice' } });
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/identity/seals/NOSUCH1/revocation', headers: bearer(clerk), payload: { reason: 'no such document' } })).statusCode).toBe(404);
    const events = await findEvents(t.core.db, { stream: `sealed-document/${documentNumber}`, limit: 10 });
    expect(events.map((e) => e.type)).toEqual(['identity_seal.issued', 'identity_seal.revoked']);
    expect(events[1]!.data).toEqual({ reason: 'issued on a forged request' });
    const read = await t.app.inject({ url: `/identity/seals/${documentNumber}`, headers: bearer(clerk) });
    expect(read.json()).toMatchObject({ status: 'revoked', kind: 'police-record-certificate' });
  });

  it('reads a seal from a PNG or JPEG image of its DataMatrix, decoded on the server', async () => {
    const { seal, documentNumber } = await issue({ kind: 'residence-certificate', features: { holderName: 'BENNANI OMAR', personNumber: 'AB987654', outcome: 'resident' } });
    const png = sealPng(seal, { scale: 4 });
    const fromPng = await verifyImage(png, 'image/png');
    expect(fromPng.statusCode).toBe(200);
    expect(fromPng.json()).toMatchObject({ verdict: 'valid', document: { documentNumber, kind: 'residence-certificate', outcome: 'resident' } });
    const pixels = PNG.sync.read(png);
    const photo = jpeg.encode({ data: pixels.data, width: pixels.width, height: pixels.height }, 90).data;
    expect((await verifyImage(photo, 'image/jpeg')).json()).toMatchObject({ verdict: 'valid', document: { documentNumber } });
  });

  it('reads a seal from a picture of the whole page it is printed on, among a frame and lines of text, as PNG or JPEG; the page without it reads unreadable', async () => {
    const { seal, documentNumber } = await issue({ kind: 'residence-certificate', features: { holderName: 'BENNANI OMAR', personNumber: 'AB987654', outcome: 'resident' } });
    const withSeal = printedPage(PNG.sync.read(sealPng(seal, { scale: 4 })));
    const expected = { verdict: 'valid', document: { documentNumber, kind: 'residence-certificate', holderName: 'BENNANI OMAR', outcome: 'resident' } };
    const fromPage = await verifyImage(PNG.sync.write(withSeal), 'image/png');
    expect(fromPage.statusCode, fromPage.body).toBe(200);
    expect(fromPage.json()).toMatchObject(expected);
    const photo = jpeg.encode({ data: withSeal.data, width: withSeal.width, height: withSeal.height }, 90).data;
    expect((await verifyImage(photo, 'image/jpeg')).json()).toMatchObject(expected);
    // The seal alone still reads, and the same page without it holds nothing that reads.
    expect((await verifyImage(sealPng(seal, { scale: 4 }), 'image/png')).json()).toMatchObject(expected);
    expect((await verifyImage(PNG.sync.write(printedPage()), 'image/png')).json()).toEqual({ verdict: 'unreadable' });
  });

  it('answers unreadable for bytes or images that hold no seal, and 400 naming the field for what is not base64', async () => {
    expect((await verifyJson(Uint8Array.from(randomBytes(80)))).json()).toEqual({ verdict: 'unreadable' });
    const { seal } = await issue();
    expect((await verifyJson(seal.subarray(0, seal.length - 5))).json()).toEqual({ verdict: 'unreadable' });
    expect((await verifyImage(Uint8Array.from(randomBytes(400)), 'image/png')).json()).toEqual({ verdict: 'unreadable' });
    const notBase64 = await verifyJson('not base64 at all!');
    expect(notBase64.statusCode).toBe(400);
    expect(JSON.stringify(notBase64.json())).toContain('seal');
    const empty = await t.app.inject({ method: 'POST', url: '/identity/seals/verify', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('seal');
    expect((await verifyImage(new Uint8Array(), 'image/png')).statusCode).toBe(400);
  });

  it('limits public verifications per address; an officer holding identity.verify is not counted', async () => {
    const limited = await setupTestApp({ env: { AMANE_PUBLIC_VERIFY_PER_MINUTE: '2' } });
    try {
      const ask = (headers: Record<string, string> = {}) => limited.app.inject({ method: 'POST', url: '/identity/seals/verify', remoteAddress: '10.30.9.9', headers, payload: { seal: 'AAAA' } });
      expect([(await ask()).statusCode, (await ask()).statusCode, (await ask()).statusCode]).toEqual([200, 200, 429]);
      const officer = await limited.login([personRoles.find((role) => rolePermissions[role].includes(Permission.identityVerify))!]);
      expect((await ask(bearer(officer.token))).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('refuses to seal a value its feature cannot hold, or a number already sealed, and writes nothing', async () => {
    const head = await t.journalHead();
    const refused = async (overrides: Partial<IssueSealInput>) => {
      const error = await runCommand(t.core, 'user:desk', (scope) => issueSeal(t.core, scope, input(overrides))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return { code: (error as DomainError).code, fields: (error as DomainError).errors.map((e) => e.field) };
    };
    expect(await refused({ documentNumber: 'prc-1' })).toEqual({ code: 'validation', fields: ['documentNumber'] });
    expect(await refused({ expiresOn: '2026-02-30' })).toEqual({ code: 'validation', fields: ['expiresOn'] });
    expect(await refused({ features: { personNumber: 'be-123', outcome: 'no-record' } })).toEqual({ code: 'validation', fields: ['features.personNumber'] });
    expect(await refused({ features: { outcome: 'acquitted' } })).toEqual({ code: 'validation', fields: ['features.outcome'] });
    expect(await t.journalHead()).toBe(head);
    const { documentNumber } = await issue();
    expect(await refused({ documentNumber })).toEqual({ code: 'conflict', fields: ['documentNumber'] });
  });

  it('keeps the seals of the register sealed: no name or number of a holder in clear', async () => {
    await issue({ features: { holderName: 'ZZQUASIMODO YYY', personNumber: 'QQ918273', outcome: 'record' } });
    expect(foundIn(await storedBytes(t.core, t.database), ['ZZQUASIMODO', 'QQ918273'])).toEqual([]);
  });

  it('seals the register again under a new key-encryption key, resumably (amane keys rotate)', async () => {
    const { seal, documentNumber } = await issue();
    const kek = registerKeys(t.core).kek;
    const next = randomBytes(32);
    const rows = Number((await t.core.db.selectFrom('identity_sealed_document').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await resealSealedDocuments(t.core.db, kek, next)).toBe(rows);
    expect(await resealSealedDocuments(t.core.db, kek, next)).toBe(0);
    // Under the new key the process (still holding the previous one) cannot open the register's copy.
    await expect(registeredSeal(t.core, documentNumber)).rejects.toThrow();
    expect(await resealSealedDocuments(t.core.db, next, kek)).toBe(rows);
    expect((await verifyJson(seal)).json()).toMatchObject({ verdict: 'valid' });
  });

  it('reads a seal past its validity end as expired, on the centre clock', async () => {
    // The clock only moves forward: an app of its own, so that the other tests keep theirs.
    const own = await setupTestApp({ env: { AMANE_PUBLIC_VERIFY_PER_MINUTE: '1000' } });
    try {
      const { seal } = await issue({ kind: 'residence-permit-receipt', expiresOn: '2026-03-10', features: { holderName: 'JOHN SMITH', personNumber: 'E1234567', outcome: 'first-permit' } }, own);
      expect((await verifyJson(seal, undefined, own)).json()).toMatchObject({ verdict: 'valid', document: { kind: 'residence-permit-receipt' } });
      own.clock.advance(9 * 86_400_000);
      expect((await verifyJson(seal, undefined, own)).json()).toMatchObject({ verdict: 'valid' });
      own.clock.advance(86_400_000);
      expect((await verifyJson(seal, undefined, own)).json()).toMatchObject({ verdict: 'expired', document: { expiresOn: '2026-03-10' } });
    } finally {
      await own.close();
    }
  });
});
