import type { IncomingMessage } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { findCaller } from '../core/auth/access.js';
import { Permission } from '../core/auth/permission.js';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { principalOf, type App } from '../core/http.js';
import { RateLimit } from '../core/rate-limit.js';
import { Closed } from '../core/schema.js';
import { SealedDocument, SealedDocumentNumber, SealRevocation, SealVerification, SealVerifyBody } from '../contract/seal.schema.js';
import { readSealImage } from './seal-image.js';
import { SealVerdict } from './seal.js';
import { getSealedDocument, revokeSeal, verifySeal } from './seal.service.js';

const SealParams = Closed({ documentNumber: SealedDocumentNumber });
/** A photograph of a printed page is a few megabytes; more is not a seal. */
const IMAGE_BODY_LIMIT = 12 * 1024 * 1024;
const imageTypes = ['image/png', 'image/jpeg'] as const;
type ImageType = (typeof imageTypes)[number];

const imageBodies = new WeakMap<IncomingMessage, { type: ImageType; bytes: Buffer }>();

/**
 * The register of sealed documents: revocation, and the public verification of a seal given as its
 * bytes (base64, JSON) or as an image of the DataMatrix (PNG or JPEG), read on the server.
 */
export function registerSealRoutes(app: App, core: Core): void {
  // Anyone may check a seal, not probe the register: per client address, unless the caller holds identity.verify.
  const publicVerifications = new RateLimit(core.config.publicVerifyPerMinute, core.clock, 'seal verifications from this address');

  app.get(
    '/identity/seals/:documentNumber',
    {
      config: { permission: 'identity.seal.revoke' },
      schema: { tags: ['identity'], summary: 'A document of the register of sealed documents (kind, dates, status; not the personal content of its seal)', params: SealParams, response: { 200: SealedDocument } },
    },
    async (request) => getSealedDocument(core, request.params.documentNumber),
  );

  app.post(
    '/identity/seals/:documentNumber/revocation',
    {
      config: { permission: 'identity.seal.revoke' },
      schema: { tags: ['identity'], summary: 'Revoke a sealed document (reason journaled): its seal reads "revoked" from then on', params: SealParams, body: SealRevocation, response: { 200: SealedDocument } },
    },
    async (request) => revokeSeal(core, actorOf(principalOf(request)), request.params.documentNumber, request.body.reason),
  );

  // The image bodies, in a context of their own so that only this route takes them.
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scoped.addContentTypeParser([...imageTypes], { parseAs: 'buffer', bodyLimit: IMAGE_BODY_LIMIT }, (request, body, done) => {
      const type = imageTypes.find((t) => request.headers['content-type']?.toLowerCase().startsWith(t))!;
      imageBodies.set(request.raw, { type, bytes: body as Buffer });
      done(null, undefined);
    });

    scoped.post(
      '/identity/seals/verify',
      {
        config: { permission: 'public' },
        bodyLimit: IMAGE_BODY_LIMIT,
        schema: {
          tags: ['identity'],
          summary:
            'Verify a visible digital seal, given as JSON {seal: base64} or as a PNG or JPEG image of its DataMatrix: valid, changed (signature or register copy differs), revoked, expired, unknown-signer or unreadable, with what the seal says',
          body: { content: { 'application/json': { schema: SealVerifyBody } } },
          response: { 200: SealVerification },
        },
      },
      async (request) => {
        const caller = await findCaller(core, request);
        if (caller?.permissions.has(Permission.identityVerify) !== true) publicVerifications.take(request.ip);
        const image = imageBodies.get(request.raw);
        if (image !== undefined) {
          if (image.bytes.length === 0) throw new DomainError('validation', 'body: send a PNG or JPEG image of the seal', { errors: [{ field: 'body', message: 'must be a PNG or JPEG image' }] });
          const seal = readSealImage(image.bytes, image.type);
          return seal === undefined ? { verdict: SealVerdict.unreadable } : verifySeal(core, seal);
        }
        const body = request.body as SealVerifyBody | undefined;
        if (body?.seal === undefined) throw new DomainError('validation', 'seal: send {"seal": base64} or an image', { errors: [{ field: 'seal', message: 'is required' }] });
        const bytes = Buffer.from(body.seal, 'base64');
        if (bytes.toString('base64').replace(/=+$/, '') !== body.seal.replace(/=+$/, '')) throw new DomainError('validation', 'seal: not base64', { errors: [{ field: 'seal', message: 'must be base64 (standard alphabet)' }] });
        return verifySeal(core, bytes);
      },
    );
  });
}
