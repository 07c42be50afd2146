import { findCaller } from '../core/auth/access.js';
import { Permission } from '../core/auth/permission.js';
import { actorOf, type Principal } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Type } from 'typebox';
import { RateLimit } from '../core/rate-limit.js';
import { Closed } from '../core/schema.js';
import { Card, CardStatusChange, DocumentNumber, Verification, VerifyMrzBody, VerifyQuery } from './card.js';
import { changeCardStatus, cscaCertificate, expireCards, getCard, verifyCard, verifyMrz } from './card.service.js';
import { IsoDate } from './identity.js';

const CardParams = Closed({ documentNumber: DocumentNumber });

/**
 * The card register: a card, its status changes, and verification. Verification and the CSCA are
 * public; a caller holding `identity.verify` gets the holder's details too.
 */
export function registerCardRoutes(app: App, core: Core): void {
  // Anyone may check a card, not walk the register: per client address, unless the caller holds
  // identity.verify (an officer at a checkpoint checks many cards, each journaled).
  const publicVerifications = new RateLimit(core.config.publicVerifyPerMinute, core.clock, 'card verifications from this address');
  const limitPublicUse = (caller: Principal | undefined, address: string) => {
    if (caller?.permissions.has(Permission.identityVerify) !== true) publicVerifications.take(address);
  };
  app.post(
    '/identity/cards/expire',
    {
      config: { permission: 'identity.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Run the expiry sweep now (the server runs it every hour): cards in use past their expiry date become expired, each journaled',
        response: { 200: Closed({ day: IsoDate, expired: Type.Integer() }) },
      },
    },
    async (request) => expireCards(core, actorOf(principalOf(request))),
  );

  app.get(
    '/identity/cards/:documentNumber',
    { config: { permission: 'identity.card.status' }, schema: { tags: ['identity'], summary: 'A card of the register (no chip data)', params: CardParams, response: { 200: Card } } },
    async (request) => getCard(core, request.params.documentNumber),
  );

  app.post(
    '/identity/cards/:documentNumber/status',
    {
      config: { permission: 'identity.card.status' },
      schema: { tags: ['identity'], summary: 'Suspend, reinstate, declare lost or stolen, or revoke a card (reason journaled)', params: CardParams, body: CardStatusChange, response: { 200: Card } },
    },
    async (request) => changeCardStatus(core, actorOf(principalOf(request)), request.params.documentNumber, request.body),
  );

  app.get(
    '/identity/verify',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['identity'],
        summary: "Verify a card by its document number: anyone gets {valid, status}; with identity.verify, also the holder's names, birth date and expiry",
        querystring: VerifyQuery,
        response: { 200: Verification },
      },
    },
    async (request) => {
      const caller = await findCaller(core, request);
      limitPublicUse(caller, request.ip);
      return verifyCard(core, caller, request.query.documentNumber);
    },
  );

  app.post(
    '/identity/verify',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['identity'],
        summary: "Verify a card by its full MRZ (check digits verified, then compared with the register's); same answers as GET",
        body: VerifyMrzBody,
        response: { 200: Verification },
      },
    },
    async (request) => {
      const caller = await findCaller(core, request);
      limitPublicUse(caller, request.ip);
      return verifyMrz(core, caller, request.body.mrz);
    },
  );

  app.get(
    '/identity/csca.pem',
    { config: { permission: 'public' }, schema: { tags: ['identity'], summary: 'The country signing CA certificate (PEM), for passive authentication of the chips' } },
    async (_request, reply) => reply.type('application/x-pem-file').send(await cscaCertificate(core)),
  );
}
