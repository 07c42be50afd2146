import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, userOf, type App } from '../core/http.js';
import { ReasonBody } from '../core/schema.js';
import {
  Certificate,
  CertificateDecision,
  CertificateParams,
  CertificateQuery,
  CertificateSummary,
  NewCertificateRequest,
  OwnCertificate,
  OwnCertificateRequest,
} from './certificate.js';
import { certificatePdf } from './certificate-pdf.js';
import { certificateQueue, decideCertificate, getCertificate, listCertificates, ownCertificates, requestAtDesk, requestOwnCertificate, revokeCertificate } from './certificate.service.js';

const PdfResponse = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the certificate as a PDF (A4, Arabic and French, with its seal)' });

/**
 * Administrative certificates: requests at a desk (`identity.certificates`) or online by the citizen
 * (`identity.self`), the officer's queue and decisions, revocation (`identity.certificates.approve`),
 * the PDF for staff and for the holder.
 */
export function registerCertificateRoutes(app: App, core: Core): void {
  app.post(
    '/identity/certificates',
    {
      config: { permission: 'identity.certificates' },
      schema: {
        tags: ['identity'],
        summary: 'Request a certificate at a desk for a person holding a valid card (police record: checked against the judicial records); queued for an officer',
        body: NewCertificateRequest,
        response: { 201: Certificate },
      },
    },
    async (request, reply) => reply.code(201).send(await requestAtDesk(core, actorOf(principalOf(request)), request.body)),
  );

  app.get(
    '/identity/certificates',
    {
      config: { permission: 'identity.certificates' },
      schema: { tags: ['identity'], summary: 'Certificate requests by status, kind, desk or person, newest first (nothing personal opened)', querystring: CertificateQuery, response: { 200: Type.Array(CertificateSummary) } },
    },
    async (request) => listCertificates(core.db, request.query),
  );

  app.get(
    '/identity/certificates/:number',
    { config: { permission: 'identity.certificates' }, schema: { tags: ['identity'], summary: 'A certificate request: the holder, the address, the records check, the decision (the read is journaled)', params: CertificateParams, response: { 200: Certificate } } },
    async (request) => getCertificate(core, actorOf(principalOf(request)), request.params.number),
  );

  app.get(
    '/identity/certificates/:number/pdf',
    {
      config: { permission: 'identity.certificates' },
      schema: { tags: ['identity'], summary: 'An issued certificate as a PDF, to print at the desk (the read is journaled)', params: CertificateParams, response: { 200: PdfResponse } },
    },
    async (request, reply) => {
      const { fileName, pdf } = await certificatePdf(core, actorOf(principalOf(request)), request.params.number);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  app.get(
    '/identity/certificate-queue',
    { config: { permission: 'identity.certificates.approve' }, schema: { tags: ['identity'], summary: 'Pending certificate requests, oldest first, each with its records check, for an officer to decide (the reads are journaled)', response: { 200: Type.Array(Certificate) } } },
    async (request) => certificateQueue(core, actorOf(principalOf(request))),
  );

  app.post(
    '/identity/certificates/:number/decision',
    {
      config: { permission: 'identity.certificates.approve' },
      schema: {
        tags: ['identity'],
        summary: 'Approve (issued: numbered, sealed) or reject with a reason a pending request; not by the one who made it',
        params: CertificateParams,
        body: CertificateDecision,
        response: { 200: Certificate },
      },
    },
    async (request) => decideCertificate(core, actorOf(principalOf(request)), request.params.number, request.body),
  );

  app.post(
    '/identity/certificates/:number/revocation',
    {
      config: { permission: 'identity.certificates.approve' },
      schema: { tags: ['identity'], summary: 'Revoke an issued certificate with a reason: its seal reads revoked from then on', params: CertificateParams, body: ReasonBody, response: { 200: Certificate } },
    },
    async (request) => revokeCertificate(core, actorOf(principalOf(request)), request.params.number, request.body.reason),
  );

  app.post(
    '/identity/me/certificates',
    {
      config: { permission: 'identity.self' },
      schema: { tags: ['identity'], summary: 'Request a certificate for yourself (your national ID number, your valid card); an officer decides', body: OwnCertificateRequest, response: { 201: OwnCertificate } },
    },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(await requestOwnCertificate(core, actorOf(user), user.username, request.body));
    },
  );

  app.get(
    '/identity/me/certificates',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Your certificate requests, newest first; empty when you have none', response: { 200: Type.Array(OwnCertificate) } } },
    async (request) => ownCertificates(core, userOf(request).username),
  );

  app.get(
    '/identity/me/certificates/:number/pdf',
    { config: { permission: 'identity.self' }, schema: { tags: ['identity'], summary: 'Your issued certificate as a PDF (the read is journaled)', params: CertificateParams, response: { 200: PdfResponse } } },
    async (request, reply) => {
      const user = userOf(request);
      const { fileName, pdf } = await certificatePdf(core, actorOf(user), request.params.number, user.username);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );
}
